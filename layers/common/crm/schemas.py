"""The request and answer shapes several functions share: the strict request base, names, e-mail addresses,
the {id} answer and a list page."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from crm.codes import COUNTRY_CODES
from crm.emails import EMAIL_PATTERN
from crm.paging import Paging

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_PATTERN)]
ConsentState = Literal["PENDING", "ACCEPTED", "REJECTED"]


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRY_CODES:
        raise ValueError("must be an ISO 3166 alpha-3 country code, such as CYP")
    return code


# An ISO 3166 alpha-3 country code, in any case, answered in upper case.
Country = Annotated[str, StringConstraints(max_length=3), AfterValidator(_country)]


class Strict(BaseModel):
    # A request body: unknown fields, and those a caller may not set (id, code, type, is_verified,
    # organisations), are refused with 400 naming them, never silently dropped. (A comment, not a docstring:
    # a docstring would become every subclass's schema description.)

    model_config = ConfigDict(extra="forbid")


class IdAnswer(BaseModel):
    id: str


Item = TypeVar("Item", bound=BaseModel)


class Page(BaseModel, Generic[Item]):
    # A list answer, as documented (the services build it as a dict): subclass it as `XPage(Page[X])`.

    content: list[Item]
    paging: Paging


# ---------------------------------------------------------------- a contact, as GET /contacts/{id} answers it


class PhoneAnswer(BaseModel):
    type: str | None = None
    country_code: str | None = None
    number: str | None = None


class ContactOrganisation(BaseModel):
    id: str
    name: str
    org_type: str | None


class ContactAnswer(BaseModel):
    """Never a password, hash or token."""

    id: str
    code: str
    type: Literal["PERSON", "COMPANY"]
    title: str | None
    first_name: str | None
    middle_name: str | None
    last_name: str | None
    company_name: str | None
    preferred_language_code: str | None
    avatar_url: str | None
    email_address: str | None = Field(description="The sign-in address.")
    pending_email_address: str | None = Field(
        default=None,
        description="A new address asked for by PUT /contacts/{id} whose confirmation link was "
        "not opened yet; it never signs in.",
    )
    phone: PhoneAnswer | None
    demographics: dict[str, Any] | None = Field(description="As PUT /contacts/{id} sets it.")
    company_profile: dict[str, Any] | None = Field(description="As PUT /contacts/{id} sets it.")
    statutory_number: str | None
    category_id: str | None
    referral_code: str | None
    country_agreement: str | None = Field(
        description="ISO 3166 alpha-3: the country the contact agreed to register to."
    )
    sms_opt_out: bool
    email_opt_out: bool
    is_tax_exempt: bool
    consent_state: ConsentState | None
    custom_fields: list[dict[str, Any]]
    organisations: list[ContactOrganisation]
    created_on: int = Field(description="Epoch seconds.")
