"""The request and answer models of a contact's own profile, with the seed's examples. The contact's answer
itself (ContactAnswer) is the layer's: the service builds it."""

import calendar
import datetime
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader
from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator, model_validator

from crm.codes import LANGUAGE_CODES
from crm.errors import InvalidInput
from crm.schemas import ConsentState, Country, Email, Name, Strict, Text


def _language(value: str) -> str:
    code = value.strip().upper()
    if code not in LANGUAGE_CODES:
        raise ValueError("must be an ISO 639-2 language code, such as ENG")
    return code


Language = Annotated[str, StringConstraints(max_length=3), AfterValidator(_language)]
Epoch = Annotated[int, Field(ge=0, le=253402300799, description="Epoch seconds.")]


class Passport(Strict):
    passport_number: Text | None = None
    issue_country_code: Country | None = None
    expiration_date: Epoch | None = None


class IdDetails(Strict):
    id_number: Text | None = None
    issue_country_code: Country | None = None
    expiration_date: Epoch | None = None


class NameDay(Strict):
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]

    @model_validator(mode="after")
    def _day_of_month(self) -> "NameDay":
        if self.day > calendar.monthrange(2000, self.month)[1]:  # a leap year: 29 February is a name day
            raise ValueError(f"month {self.month} has no day {self.day}")
        return self


class DateOfBirth(Strict):
    year: Annotated[int, Field(ge=1850, le=9999)]
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]

    @model_validator(mode="after")
    def _real_past_date(self) -> "DateOfBirth":
        try:
            born = datetime.date(self.year, self.month, self.day)
        except ValueError:
            raise ValueError("is not a real calendar date") from None
        if born > datetime.datetime.now(datetime.timezone.utc).date():
            raise ValueError("is in the future")
        return self


class Demographics(Strict):
    gender: Literal["MALE", "FEMALE", "OTHER"] | None = None
    passport: Passport | None = None
    id_details: IdDetails | None = None
    name_day: NameDay | None = None
    date_of_birth: DateOfBirth | None = None


# DynamoDB keeps numbers up to 38 digits and below 1E126: larger ones failed the write with a 500 (found by
# fuzzing). These bounds are far beyond any real company and well inside what DynamoDB stores.
MAX_COUNT = 10**15


class CompanyProfile(Strict):
    profile_year: Annotated[int, Field(ge=0, le=MAX_COUNT)] | None = None  # the seed sends 129876567
    annual_turnover: Annotated[float, Field(ge=0, le=1e18, allow_inf_nan=False)] | None = None
    established_on: Epoch | None = None
    number_of_employees: Annotated[int, Field(ge=0, le=MAX_COUNT)] | None = None
    registration_number: Text | None = None
    registration_country: Country | None = None
    tax_reference_number: Text | None = None
    vat_registration_number: Text | None = None
    industry_id: Text | None = None
    industry_sectors: Annotated[list[Text], Field(max_length=50)] | None = None


class CustomField(Strict):
    key: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    value: Text | None = None


class ChangeOtp(Strict):
    auth_otp: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]


class ContactUpdate(Strict):
    """Every field is optional: a field left out stays as it was, a field sent as null is cleared.
    Inside `demographics` and `company_profile` the same holds member by member."""

    company_name: Name | None = None
    title: Text | None = None
    first_name: Name | None = None
    middle_name: Text | None = None
    last_name: Name | None = None
    preferred_language_code: Language | None = None
    category_id: Text | None = None
    statutory_number: Text | None = None
    demographics: Demographics | None = None
    company_profile: CompanyProfile | None = None
    company_profle: CompanyProfile | None = Field(
        default=None,
        description="Deprecated: the seed's misspelling of company_profile, still accepted as an alias.",
        json_schema_extra={"deprecated": True},
    )
    email_address: Email | None = None
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)] | None = Field(
        default=None,
        description="Needed with a new email_address when the contact has a password: the "
        "current one. Without it (or with a wrong one) the request answers 403 and "
        "nothing of it is written.",
    )
    otp: ChangeOtp | None = Field(
        default=None,
        description="Needed with a new email_address when the contact has no password: a fresh "
        "one-time code (auth_otp and code) asked for by POST /contacts/otp to the "
        "contact's current address or phone.",
    )
    sms_opt_out: bool | None = None
    email_opt_out: bool | None = None
    is_tax_exempt: bool | None = None
    custom_fields: Annotated[list[CustomField], Field(max_length=50)] | None = None
    consent_state: ConsentState | None = None

    @field_validator("custom_fields")
    @classmethod
    def _unique_keys(cls, fields: list[CustomField] | None) -> list[CustomField] | None:
        keys = [field.key for field in fields or []]
        if len(keys) != len(set(keys)):
            raise ValueError("each key may appear once")
        return fields

    def changes(self) -> tuple[dict[str, Any], str | None, dict[str, str] | None]:
        """The fields sent (company_profle as company_profile), the current password and the one-time code."""
        changes = self.model_dump(exclude_unset=True)
        current_password = changes.pop("current_password", None)
        otp = changes.pop("otp", None)
        if "company_profle" in changes:
            if "company_profile" in changes:
                raise InvalidInput(
                    "Invalid request: send company_profile or its alias company_profle, not both.", ["company_profle"]
                )
            changes["company_profile"] = changes.pop("company_profle")
        return changes, current_password, otp


class ConsentUpdate(Strict):
    consent_state: ConsentState


class PreferenceUpdate(Strict):
    organisation_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)] | None = (
        Field(description="An organisation of the caller's organisation's network; null clears the preference.")
    )
    type: Literal["ORDERS", "REWARDS"]


class PreferredOrganisation(BaseModel):
    id: str
    type: Literal["ORDERS", "REWARDS"]
    name: str


class PreferencesAnswer(BaseModel):
    organisations: list[PreferredOrganisation]


ETAG: dict[str, OpenAPIResponseHeader] = {
    "ETag": {"description": "The contact's version: send it back as If-Match.", "schema": {"type": "string"}}
}
STALE = {409: "The contact changed since it was read (If-Match), or a concurrent update won."}

# The seed's example, typed (its "false" and "16" strings as a boolean and a number; a birth date in the past)
UPDATE_EXAMPLE = {
    "value": {
        "company_name": "Alpha Bravo",
        "title": "Sir",
        "first_name": "John",
        "middle_name": "Alias",
        "last_name": "Doe",
        "preferred_language_code": "ENG",
        "category_id": "4AD9C84FA60F9FE407140E20F707726A",
        "statutory_number": "EF-12345",
        "demographics": {
            "gender": "MALE",
            "passport": {"passport_number": "123456", "issue_country_code": "CYP", "expiration_date": 129876567},
            "id_details": {"id_number": "K123456", "issue_country_code": "CYP", "expiration_date": 129876567},
            "name_day": {"month": 10, "day": 4},
            "date_of_birth": {"year": 2018, "month": 10, "day": 16},
        },
        "company_profile": {
            "profile_year": 2019,
            "annual_turnover": 1568.14,
            "established_on": 129876567,
            "number_of_employees": 1,
            "registration_number": "123456",
            "registration_country": "CYP",
            "tax_reference_number": "123456",
            "vat_registration_number": "123456",
            "industry_id": "4AD9C84FA60F9FE407140E20F707726A",
            "industry_sectors": ["4AD9C84FA60F9FE407140E20F707726A"],
        },
        "email_address": "bill@gmail.com",
        "sms_opt_out": False,
        "email_opt_out": False,
        "is_tax_exempt": False,
        "consent_state": "ACCEPTED",
    }
}
CONTACT_EXAMPLE = {
    "id": "CAD1E31269B76D7A65ACCE45B2E68DFD",
    "code": "C123",
    "type": "PERSON",
    "title": "Sir",
    "first_name": "John",
    "middle_name": "Alias",
    "last_name": "Doe",
    "company_name": None,
    "preferred_language_code": "ENG",
    "avatar_url": None,
    "email_address": "bill@gmail.com",
    "phone": None,
    "demographics": UPDATE_EXAMPLE["value"]["demographics"],
    "company_profile": None,
    "statutory_number": "EF-12345",
    "category_id": None,
    "referral_code": None,
    "country_agreement": None,
    "sms_opt_out": False,
    "email_opt_out": False,
    "is_tax_exempt": False,
    "consent_state": "ACCEPTED",
    "custom_fields": [],
    "organisations": [{"id": "b2157d75-7959-83dc-fdfa-cacba764d4d4", "name": "CRMdotCOM", "org_type": "BUSINESS"}],
    "created_on": 1583846865,
}


def with_etag_header(documented: dict[int, OpenAPIResponse]) -> dict[int, OpenAPIResponse]:
    documented[200]["headers"] = ETAG
    return documented
