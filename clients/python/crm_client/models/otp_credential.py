from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.otp_credential_name import OtpCredentialName
from ..types import UNSET, Unset

T = TypeVar("T", bound="OtpCredential")


@_attrs_define
class OtpCredential:
    """
    Attributes:
        name (OtpCredentialName):
        value (str):
        country_code (None | str | Unset):
    """

    name: OtpCredentialName
    value: str
    country_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name.value

        value = self.value

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "value": value,
            }
        )
        if country_code is not UNSET:
            field_dict["country_code"] = country_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = OtpCredentialName(d.pop("name"))

        value = d.pop("value")

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        otp_credential = cls(
            name=name,
            value=value,
            country_code=country_code,
        )

        return otp_credential
