from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PhoneIdentity")


@_attrs_define
class PhoneIdentity:
    """
    Attributes:
        provider (Literal['PHONE']):
        phone_number (str):
        country_code (None | str | Unset): ISO 3166 alpha-3 (CYP) or calling code (357); not needed for +<number>.
        application_id (None | str | Unset):
        token (None | str | Unset): Accepted as the seed's landing-page example sends it; PHONE does not use it.
    """

    provider: Literal["PHONE"]
    phone_number: str
    country_code: None | str | Unset = UNSET
    application_id: None | str | Unset = UNSET
    token: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        phone_number = self.phone_number

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        application_id: None | str | Unset
        if isinstance(self.application_id, Unset):
            application_id = UNSET
        else:
            application_id = self.application_id

        token: None | str | Unset
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "phone_number": phone_number,
            }
        )
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if application_id is not UNSET:
            field_dict["application_id"] = application_id
        if token is not UNSET:
            field_dict["token"] = token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = cast(Literal["PHONE"], d.pop("provider"))
        if provider != "PHONE":
            raise ValueError(f"provider must match const 'PHONE', got '{provider}'")

        phone_number = d.pop("phone_number")

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        def _parse_application_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        application_id = _parse_application_id(d.pop("application_id", UNSET))

        def _parse_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(d.pop("token", UNSET))

        phone_identity = cls(
            provider=provider,
            phone_number=phone_number,
            country_code=country_code,
            application_id=application_id,
            token=token,
        )

        return phone_identity
