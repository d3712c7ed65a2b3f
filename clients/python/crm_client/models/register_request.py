from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consent_state import ConsentState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_field import CustomField
    from ..models.email_identity import EmailIdentity
    from ..models.phone_identity import PhoneIdentity
    from ..models.social_register_identity import SocialRegisterIdentity


T = TypeVar("T", bound="RegisterRequest")


@_attrs_define
class RegisterRequest:
    """
    Attributes:
        identity (EmailIdentity | PhoneIdentity | SocialRegisterIdentity):
        first_name (None | str | Unset): Required for EMAIL and PHONE; a social provider's token may give it.
        last_name (None | str | Unset): Required for EMAIL and PHONE; a social provider's token may give it.
        service_acceptance (bool | None | Unset):
        email_opt_out (bool | Unset):  Default: False.
        sms_opt_out (bool | Unset):  Default: False.
        consent_state (ConsentState | None | Unset):
        referral_code (None | str | Unset):
        country_agreement (None | str | Unset): ISO 3166 alpha-3 (CYP): the country the contact agreed to register to.
        custom_fields (list[CustomField] | Unset):
        pass_code (None | str | Unset): Redeemed once; an invalid or used code stops the registration.
    """

    identity: EmailIdentity | PhoneIdentity | SocialRegisterIdentity
    first_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    service_acceptance: bool | None | Unset = UNSET
    email_opt_out: bool | Unset = False
    sms_opt_out: bool | Unset = False
    consent_state: ConsentState | None | Unset = UNSET
    referral_code: None | str | Unset = UNSET
    country_agreement: None | str | Unset = UNSET
    custom_fields: list[CustomField] | Unset = UNSET
    pass_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.email_identity import EmailIdentity  # noqa: PLC0415
        from ..models.phone_identity import PhoneIdentity  # noqa: PLC0415

        identity: dict[str, Any]
        if isinstance(self.identity, EmailIdentity):
            identity = self.identity.to_dict()
        elif isinstance(self.identity, PhoneIdentity):
            identity = self.identity.to_dict()
        else:
            identity = self.identity.to_dict()

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        service_acceptance: bool | None | Unset
        if isinstance(self.service_acceptance, Unset):
            service_acceptance = UNSET
        else:
            service_acceptance = self.service_acceptance

        email_opt_out = self.email_opt_out

        sms_opt_out = self.sms_opt_out

        consent_state: None | str | Unset
        if isinstance(self.consent_state, Unset):
            consent_state = UNSET
        elif isinstance(self.consent_state, ConsentState):
            consent_state = self.consent_state.value
        else:
            consent_state = self.consent_state

        referral_code: None | str | Unset
        if isinstance(self.referral_code, Unset):
            referral_code = UNSET
        else:
            referral_code = self.referral_code

        country_agreement: None | str | Unset
        if isinstance(self.country_agreement, Unset):
            country_agreement = UNSET
        else:
            country_agreement = self.country_agreement

        custom_fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_fields, Unset):
            custom_fields = []
            for custom_fields_item_data in self.custom_fields:
                custom_fields_item = custom_fields_item_data.to_dict()
                custom_fields.append(custom_fields_item)

        pass_code: None | str | Unset
        if isinstance(self.pass_code, Unset):
            pass_code = UNSET
        else:
            pass_code = self.pass_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identity": identity,
            }
        )
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if service_acceptance is not UNSET:
            field_dict["service_acceptance"] = service_acceptance
        if email_opt_out is not UNSET:
            field_dict["email_opt_out"] = email_opt_out
        if sms_opt_out is not UNSET:
            field_dict["sms_opt_out"] = sms_opt_out
        if consent_state is not UNSET:
            field_dict["consent_state"] = consent_state
        if referral_code is not UNSET:
            field_dict["referral_code"] = referral_code
        if country_agreement is not UNSET:
            field_dict["country_agreement"] = country_agreement
        if custom_fields is not UNSET:
            field_dict["custom_fields"] = custom_fields
        if pass_code is not UNSET:
            field_dict["pass_code"] = pass_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_field import CustomField  # noqa: PLC0415
        from ..models.email_identity import EmailIdentity  # noqa: PLC0415
        from ..models.phone_identity import PhoneIdentity  # noqa: PLC0415
        from ..models.social_register_identity import SocialRegisterIdentity  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_identity(data: object) -> EmailIdentity | PhoneIdentity | SocialRegisterIdentity:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identity_type_0 = EmailIdentity.from_dict(data)

                return identity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identity_type_1 = PhoneIdentity.from_dict(data)

                return identity_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            identity_type_2 = SocialRegisterIdentity.from_dict(data)

            return identity_type_2

        identity = _parse_identity(d.pop("identity"))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_service_acceptance(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        service_acceptance = _parse_service_acceptance(d.pop("service_acceptance", UNSET))

        email_opt_out = d.pop("email_opt_out", UNSET)

        sms_opt_out = d.pop("sms_opt_out", UNSET)

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

        def _parse_referral_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        referral_code = _parse_referral_code(d.pop("referral_code", UNSET))

        def _parse_country_agreement(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_agreement = _parse_country_agreement(d.pop("country_agreement", UNSET))

        _custom_fields = d.pop("custom_fields", UNSET)
        custom_fields: list[CustomField] | Unset = UNSET
        if _custom_fields is not UNSET:
            custom_fields = []
            for custom_fields_item_data in _custom_fields:
                custom_fields_item = CustomField.from_dict(custom_fields_item_data)

                custom_fields.append(custom_fields_item)

        def _parse_pass_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pass_code = _parse_pass_code(d.pop("pass_code", UNSET))

        register_request = cls(
            identity=identity,
            first_name=first_name,
            last_name=last_name,
            service_acceptance=service_acceptance,
            email_opt_out=email_opt_out,
            sms_opt_out=sms_opt_out,
            consent_state=consent_state,
            referral_code=referral_code,
            country_agreement=country_agreement,
            custom_fields=custom_fields,
            pass_code=pass_code,
        )

        return register_request
