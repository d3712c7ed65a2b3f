from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consent_state import ConsentState
from ..models.contact_answer_type import ContactAnswerType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_profile import CompanyProfile
    from ..models.contact_organisation import ContactOrganisation
    from ..models.custom_field import CustomField
    from ..models.demographics import Demographics
    from ..models.phone_answer import PhoneAnswer


T = TypeVar("T", bound="ContactAnswer")


@_attrs_define
class ContactAnswer:
    """Never a password, hash or token.

    Attributes:
        id (str):
        code (str):
        type_ (ContactAnswerType):
        title (None | str):
        first_name (None | str):
        middle_name (None | str):
        last_name (None | str):
        company_name (None | str):
        preferred_language_code (None | str):
        avatar_url (None | str):
        email_address (None | str): The sign-in address.
        phone (None | PhoneAnswer):
        demographics (Demographics | None): As PUT /contacts/{id} sets it.
        company_profile (CompanyProfile | None): As PUT /contacts/{id} sets it.
        statutory_number (None | str):
        category_id (None | str):
        referral_code (None | str):
        country_agreement (None | str): ISO 3166 alpha-3: the country the contact agreed to register to.
        sms_opt_out (bool):
        email_opt_out (bool):
        is_tax_exempt (bool):
        consent_state (ConsentState | None):
        custom_fields (list[CustomField]):
        organisations (list[ContactOrganisation]):
        created_on (int): Epoch seconds.
        pending_email_address (None | str | Unset): A new address asked for by PUT /contacts/{id} whose confirmation
            link was not opened yet; it never signs in.
    """

    id: str
    code: str
    type_: ContactAnswerType
    title: None | str
    first_name: None | str
    middle_name: None | str
    last_name: None | str
    company_name: None | str
    preferred_language_code: None | str
    avatar_url: None | str
    email_address: None | str
    phone: None | PhoneAnswer
    demographics: Demographics | None
    company_profile: CompanyProfile | None
    statutory_number: None | str
    category_id: None | str
    referral_code: None | str
    country_agreement: None | str
    sms_opt_out: bool
    email_opt_out: bool
    is_tax_exempt: bool
    consent_state: ConsentState | None
    custom_fields: list[CustomField]
    organisations: list[ContactOrganisation]
    created_on: int
    pending_email_address: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.company_profile import CompanyProfile  # noqa: PLC0415
        from ..models.demographics import Demographics  # noqa: PLC0415
        from ..models.phone_answer import PhoneAnswer  # noqa: PLC0415

        id = self.id

        code = self.code

        type_ = self.type_.value

        title: None | str
        title = self.title

        first_name: None | str
        first_name = self.first_name

        middle_name: None | str
        middle_name = self.middle_name

        last_name: None | str
        last_name = self.last_name

        company_name: None | str
        company_name = self.company_name

        preferred_language_code: None | str
        preferred_language_code = self.preferred_language_code

        avatar_url: None | str
        avatar_url = self.avatar_url

        email_address: None | str
        email_address = self.email_address

        phone: dict[str, Any] | None
        if isinstance(self.phone, PhoneAnswer):
            phone = self.phone.to_dict()
        else:
            phone = self.phone

        demographics: dict[str, Any] | None
        if isinstance(self.demographics, Demographics):
            demographics = self.demographics.to_dict()
        else:
            demographics = self.demographics

        company_profile: dict[str, Any] | None
        if isinstance(self.company_profile, CompanyProfile):
            company_profile = self.company_profile.to_dict()
        else:
            company_profile = self.company_profile

        statutory_number: None | str
        statutory_number = self.statutory_number

        category_id: None | str
        category_id = self.category_id

        referral_code: None | str
        referral_code = self.referral_code

        country_agreement: None | str
        country_agreement = self.country_agreement

        sms_opt_out = self.sms_opt_out

        email_opt_out = self.email_opt_out

        is_tax_exempt = self.is_tax_exempt

        consent_state: None | str
        if isinstance(self.consent_state, ConsentState):
            consent_state = self.consent_state.value
        else:
            consent_state = self.consent_state

        custom_fields = []
        for custom_fields_item_data in self.custom_fields:
            custom_fields_item = custom_fields_item_data.to_dict()
            custom_fields.append(custom_fields_item)

        organisations = []
        for organisations_item_data in self.organisations:
            organisations_item = organisations_item_data.to_dict()
            organisations.append(organisations_item)

        created_on = self.created_on

        pending_email_address: None | str | Unset
        if isinstance(self.pending_email_address, Unset):
            pending_email_address = UNSET
        else:
            pending_email_address = self.pending_email_address

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "type": type_,
                "title": title,
                "first_name": first_name,
                "middle_name": middle_name,
                "last_name": last_name,
                "company_name": company_name,
                "preferred_language_code": preferred_language_code,
                "avatar_url": avatar_url,
                "email_address": email_address,
                "phone": phone,
                "demographics": demographics,
                "company_profile": company_profile,
                "statutory_number": statutory_number,
                "category_id": category_id,
                "referral_code": referral_code,
                "country_agreement": country_agreement,
                "sms_opt_out": sms_opt_out,
                "email_opt_out": email_opt_out,
                "is_tax_exempt": is_tax_exempt,
                "consent_state": consent_state,
                "custom_fields": custom_fields,
                "organisations": organisations,
                "created_on": created_on,
            }
        )
        if pending_email_address is not UNSET:
            field_dict["pending_email_address"] = pending_email_address

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_profile import CompanyProfile  # noqa: PLC0415
        from ..models.contact_organisation import ContactOrganisation  # noqa: PLC0415
        from ..models.custom_field import CustomField  # noqa: PLC0415
        from ..models.demographics import Demographics  # noqa: PLC0415
        from ..models.phone_answer import PhoneAnswer  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        type_ = ContactAnswerType(d.pop("type"))

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))

        def _parse_first_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        first_name = _parse_first_name(d.pop("first_name"))

        def _parse_middle_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        middle_name = _parse_middle_name(d.pop("middle_name"))

        def _parse_last_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_name = _parse_last_name(d.pop("last_name"))

        def _parse_company_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        company_name = _parse_company_name(d.pop("company_name"))

        def _parse_preferred_language_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        preferred_language_code = _parse_preferred_language_code(d.pop("preferred_language_code"))

        def _parse_avatar_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url"))

        def _parse_email_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email_address = _parse_email_address(d.pop("email_address"))

        def _parse_phone(data: object) -> None | PhoneAnswer:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                phone_type_0 = PhoneAnswer.from_dict(data)

                return phone_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PhoneAnswer, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_demographics(data: object) -> Demographics | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                demographics_type_0 = Demographics.from_dict(data)

                return demographics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Demographics | None, data)

        demographics = _parse_demographics(d.pop("demographics"))

        def _parse_company_profile(data: object) -> CompanyProfile | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_profile_type_0 = CompanyProfile.from_dict(data)

                return company_profile_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanyProfile | None, data)

        company_profile = _parse_company_profile(d.pop("company_profile"))

        def _parse_statutory_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        statutory_number = _parse_statutory_number(d.pop("statutory_number"))

        def _parse_category_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category_id = _parse_category_id(d.pop("category_id"))

        def _parse_referral_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referral_code = _parse_referral_code(d.pop("referral_code"))

        def _parse_country_agreement(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country_agreement = _parse_country_agreement(d.pop("country_agreement"))

        sms_opt_out = d.pop("sms_opt_out")

        email_opt_out = d.pop("email_opt_out")

        is_tax_exempt = d.pop("is_tax_exempt")

        def _parse_consent_state(data: object) -> ConsentState | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_state_type_0 = ConsentState(data)

                return consent_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentState | None, data)

        consent_state = _parse_consent_state(d.pop("consent_state"))

        custom_fields = []
        _custom_fields = d.pop("custom_fields")
        for custom_fields_item_data in _custom_fields:
            custom_fields_item = CustomField.from_dict(custom_fields_item_data)

            custom_fields.append(custom_fields_item)

        organisations = []
        _organisations = d.pop("organisations")
        for organisations_item_data in _organisations:
            organisations_item = ContactOrganisation.from_dict(organisations_item_data)

            organisations.append(organisations_item)

        created_on = d.pop("created_on")

        def _parse_pending_email_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pending_email_address = _parse_pending_email_address(d.pop("pending_email_address", UNSET))

        contact_answer = cls(
            id=id,
            code=code,
            type_=type_,
            title=title,
            first_name=first_name,
            middle_name=middle_name,
            last_name=last_name,
            company_name=company_name,
            preferred_language_code=preferred_language_code,
            avatar_url=avatar_url,
            email_address=email_address,
            phone=phone,
            demographics=demographics,
            company_profile=company_profile,
            statutory_number=statutory_number,
            category_id=category_id,
            referral_code=referral_code,
            country_agreement=country_agreement,
            sms_opt_out=sms_opt_out,
            email_opt_out=email_opt_out,
            is_tax_exempt=is_tax_exempt,
            consent_state=consent_state,
            custom_fields=custom_fields,
            organisations=organisations,
            created_on=created_on,
            pending_email_address=pending_email_address,
        )

        contact_answer.additional_properties = d
        return contact_answer

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
