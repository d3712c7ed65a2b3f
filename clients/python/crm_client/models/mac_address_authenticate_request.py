from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MacAddressAuthenticateRequest")


@_attrs_define
class MacAddressAuthenticateRequest:
    """Sign-in with a device that wifi authorization registered to the contact (part B of issue 3).

    Attributes:
        provider (Literal['MAC_ADDRESS']):
        mac_address (str):
        application_id (None | str | Unset):
    """

    provider: Literal["MAC_ADDRESS"]
    mac_address: str
    application_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        mac_address = self.mac_address

        application_id: None | str | Unset
        if isinstance(self.application_id, Unset):
            application_id = UNSET
        else:
            application_id = self.application_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "mac_address": mac_address,
            }
        )
        if application_id is not UNSET:
            field_dict["application_id"] = application_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = cast(Literal["MAC_ADDRESS"], d.pop("provider"))
        if provider != "MAC_ADDRESS":
            raise ValueError(f"provider must match const 'MAC_ADDRESS', got '{provider}'")

        mac_address = d.pop("mac_address")

        def _parse_application_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        application_id = _parse_application_id(d.pop("application_id", UNSET))

        mac_address_authenticate_request = cls(
            provider=provider,
            mac_address=mac_address,
            application_id=application_id,
        )

        return mac_address_authenticate_request
