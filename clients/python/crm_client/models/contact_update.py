from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consent_state import ConsentState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.change_otp import ChangeOtp
    from ..models.company_profile import CompanyProfile
    from ..models.custom_field import CustomField
    from ..models.demographics import Demographics


T = TypeVar("T", bound="ContactUpdate")


@_attrs_define
class ContactUpdate:
    """Every field is optional: a field left out stays as it was, a field sent as null is cleared.
    Inside `demographics` and `company_profile` the same holds member by member.

        Attributes:
            company_name (None | str | Unset):
            title (None | str | Unset):
            first_name (None | str | Unset):
            middle_name (None | str | Unset):
            last_name (None | str | Unset):
            preferred_language_code (None | str | Unset):
            category_id (None | str | Unset):
            statutory_number (None | str | Unset):
            demographics (Demographics | None | Unset):
            company_profile (CompanyProfile | None | Unset):
            company_profle (CompanyProfile | None | Unset): Deprecated: the seed's misspelling of company_profile, still
                accepted as an alias.
            email_address (None | str | Unset):
            current_password (None | str | Unset): Needed with a new email_address when the contact has a password: the
                current one. Without it (or with a wrong one) the request answers 403 and nothing of it is written.
            otp (ChangeOtp | None | Unset): Needed with a new email_address when the contact has no password: a fresh one-
                time code (auth_otp and code) asked for by POST /contacts/otp to the contact's current address or phone.
            sms_opt_out (bool | None | Unset):
            email_opt_out (bool | None | Unset):
            is_tax_exempt (bool | None | Unset):
            custom_fields (list[CustomField] | None | Unset):
            consent_state (ConsentState | None | Unset):
    """

    company_name: None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    first_name: None | str | Unset = UNSET
    middle_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    preferred_language_code: None | str | Unset = UNSET
    category_id: None | str | Unset = UNSET
    statutory_number: None | str | Unset = UNSET
    demographics: Demographics | None | Unset = UNSET
    company_profile: CompanyProfile | None | Unset = UNSET
    company_profle: CompanyProfile | None | Unset = UNSET
    email_address: None | str | Unset = UNSET
    current_password: None | str | Unset = UNSET
    otp: ChangeOtp | None | Unset = UNSET
    sms_opt_out: bool | None | Unset = UNSET
    email_opt_out: bool | None | Unset = UNSET
    is_tax_exempt: bool | None | Unset = UNSET
    custom_fields: list[CustomField] | None | Unset = UNSET
    consent_state: ConsentState | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.change_otp import ChangeOtp  # noqa: PLC0415
        from ..models.company_profile import CompanyProfile  # noqa: PLC0415
        from ..models.demographics import Demographics  # noqa: PLC0415

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        middle_name: None | str | Unset
        if isinstance(self.middle_name, Unset):
            middle_name = UNSET
        else:
            middle_name = self.middle_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        preferred_language_code: None | str | Unset
        if isinstance(self.preferred_language_code, Unset):
            preferred_language_code = UNSET
        else:
            preferred_language_code = self.preferred_language_code

        category_id: None | str | Unset
        if isinstance(self.category_id, Unset):
            category_id = UNSET
        else:
            category_id = self.category_id

        statutory_number: None | str | Unset
        if isinstance(self.statutory_number, Unset):
            statutory_number = UNSET
        else:
            statutory_number = self.statutory_number

        demographics: dict[str, Any] | None | Unset
        if isinstance(self.demographics, Unset):
            demographics = UNSET
        elif isinstance(self.demographics, Demographics):
            demographics = self.demographics.to_dict()
        else:
            demographics = self.demographics

        company_profile: dict[str, Any] | None | Unset
        if isinstance(self.company_profile, Unset):
            company_profile = UNSET
        elif isinstance(self.company_profile, CompanyProfile):
            company_profile = self.company_profile.to_dict()
        else:
            company_profile = self.company_profile

        company_profle: dict[str, Any] | None | Unset
        if isinstance(self.company_profle, Unset):
            company_profle = UNSET
        elif isinstance(self.company_profle, CompanyProfile):
            company_profle = self.company_profle.to_dict()
        else:
            company_profle = self.company_profle

        email_address: None | str | Unset
        if isinstance(self.email_address, Unset):
            email_address = UNSET
        else:
            email_address = self.email_address

        current_password: None | str | Unset
        if isinstance(self.current_password, Unset):
            current_password = UNSET
        else:
            current_password = self.current_password

        otp: dict[str, Any] | None | Unset
        if isinstance(self.otp, Unset):
            otp = UNSET
        elif isinstance(self.otp, ChangeOtp):
            otp = self.otp.to_dict()
        else:
            otp = self.otp

        sms_opt_out: bool | None | Unset
        if isinstance(self.sms_opt_out, Unset):
            sms_opt_out = UNSET
        else:
            sms_opt_out = self.sms_opt_out

        email_opt_out: bool | None | Unset
        if isinstance(self.email_opt_out, Unset):
            email_opt_out = UNSET
        else:
            email_opt_out = self.email_opt_out

        is_tax_exempt: bool | None | Unset
        if isinstance(self.is_tax_exempt, Unset):
            is_tax_exempt = UNSET
        else:
            is_tax_exempt = self.is_tax_exempt

        custom_fields: list[dict[str, Any]] | None | Unset
        if isinstance(self.custom_fields, Unset):
            custom_fields = UNSET
        elif isinstance(self.custom_fields, list):
            custom_fields = []
            for custom_fields_type_0_item_data in self.custom_fields:
                custom_fields_type_0_item = custom_fields_type_0_item_data.to_dict()
                custom_fields.append(custom_fields_type_0_item)

        else:
            custom_fields = self.custom_fields

        consent_state: None | str | Unset
        if isinstance(self.consent_state, Unset):
            consent_state = UNSET
        elif isinstance(self.consent_state, ConsentState):
            consent_state = self.consent_state.value
        else:
            consent_state = self.consent_state

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if title is not UNSET:
            field_dict["title"] = title
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if middle_name is not UNSET:
            field_dict["middle_name"] = middle_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if preferred_language_code is not UNSET:
            field_dict["preferred_language_code"] = preferred_language_code
        if category_id is not UNSET:
            field_dict["category_id"] = category_id
        if statutory_number is not UNSET:
            field_dict["statutory_number"] = statutory_number
        if demographics is not UNSET:
            field_dict["demographics"] = demographics
        if company_profile is not UNSET:
            field_dict["company_profile"] = company_profile
        if company_profle is not UNSET:
            field_dict["company_profle"] = company_profle
        if email_address is not UNSET:
            field_dict["email_address"] = email_address
        if current_password is not UNSET:
            field_dict["current_password"] = current_password
        if otp is not UNSET:
            field_dict["otp"] = otp
        if sms_opt_out is not UNSET:
            field_dict["sms_opt_out"] = sms_opt_out
        if email_opt_out is not UNSET:
            field_dict["email_opt_out"] = email_opt_out
        if is_tax_exempt is not UNSET:
            field_dict["is_tax_exempt"] = is_tax_exempt
        if custom_fields is not UNSET:
            field_dict["custom_fields"] = custom_fields
        if consent_state is not UNSET:
            field_dict["consent_state"] = consent_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change_otp import ChangeOtp  # noqa: PLC0415
        from ..models.company_profile import CompanyProfile  # noqa: PLC0415
        from ..models.custom_field import CustomField  # noqa: PLC0415
        from ..models.demographics import Demographics  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("company_name", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_middle_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        middle_name = _parse_middle_name(d.pop("middle_name", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_preferred_language_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preferred_language_code = _parse_preferred_language_code(d.pop("preferred_language_code", UNSET))

        def _parse_category_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category_id = _parse_category_id(d.pop("category_id", UNSET))

        def _parse_statutory_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        statutory_number = _parse_statutory_number(d.pop("statutory_number", UNSET))

        def _parse_demographics(data: object) -> Demographics | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                demographics_type_0 = Demographics.from_dict(data)

                return demographics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Demographics | None | Unset, data)

        demographics = _parse_demographics(d.pop("demographics", UNSET))

        def _parse_company_profile(data: object) -> CompanyProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_profile_type_0 = CompanyProfile.from_dict(data)

                return company_profile_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanyProfile | None | Unset, data)

        company_profile = _parse_company_profile(d.pop("company_profile", UNSET))

        def _parse_company_profle(data: object) -> CompanyProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_profle_type_0 = CompanyProfile.from_dict(data)

                return company_profle_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanyProfile | None | Unset, data)

        company_profle = _parse_company_profle(d.pop("company_profle", UNSET))

        def _parse_email_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_address = _parse_email_address(d.pop("email_address", UNSET))

        def _parse_current_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_password = _parse_current_password(d.pop("current_password", UNSET))

        def _parse_otp(data: object) -> ChangeOtp | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                otp_type_0 = ChangeOtp.from_dict(data)

                return otp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChangeOtp | None | Unset, data)

        otp = _parse_otp(d.pop("otp", UNSET))

        def _parse_sms_opt_out(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        sms_opt_out = _parse_sms_opt_out(d.pop("sms_opt_out", UNSET))

        def _parse_email_opt_out(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        email_opt_out = _parse_email_opt_out(d.pop("email_opt_out", UNSET))

        def _parse_is_tax_exempt(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_tax_exempt = _parse_is_tax_exempt(d.pop("is_tax_exempt", UNSET))

        def _parse_custom_fields(data: object) -> list[CustomField] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                custom_fields_type_0 = []
                _custom_fields_type_0 = data
                for custom_fields_type_0_item_data in _custom_fields_type_0:
                    custom_fields_type_0_item = CustomField.from_dict(custom_fields_type_0_item_data)

                    custom_fields_type_0.append(custom_fields_type_0_item)

                return custom_fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CustomField] | None | Unset, data)

        custom_fields = _parse_custom_fields(d.pop("custom_fields", UNSET))

        def _parse_consent_state(data: object) -> ConsentState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_state_type_0 = ConsentState(data)

                return consent_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentState | None | Unset, data)

        consent_state = _parse_consent_state(d.pop("consent_state", UNSET))

        contact_update = cls(
            company_name=company_name,
            title=title,
            first_name=first_name,
            middle_name=middle_name,
            last_name=last_name,
            preferred_language_code=preferred_language_code,
            category_id=category_id,
            statutory_number=statutory_number,
            demographics=demographics,
            company_profile=company_profile,
            company_profle=company_profle,
            email_address=email_address,
            current_password=current_password,
            otp=otp,
            sms_opt_out=sms_opt_out,
            email_opt_out=email_opt_out,
            is_tax_exempt=is_tax_exempt,
            custom_fields=custom_fields,
            consent_state=consent_state,
        )

        return contact_update
