from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WifiAuthorizationRequest")


@_attrs_define
class WifiAuthorizationRequest:
    """
    Attributes:
        integration_id (str):
        mac_address (str):
        estimation_id (None | str | Unset):
        site_id (None | str | Unset):
    """

    integration_id: str
    mac_address: str
    estimation_id: None | str | Unset = UNSET
    site_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        integration_id = self.integration_id

        mac_address = self.mac_address

        estimation_id: None | str | Unset
        if isinstance(self.estimation_id, Unset):
            estimation_id = UNSET
        else:
            estimation_id = self.estimation_id

        site_id: None | str | Unset
        if isinstance(self.site_id, Unset):
            site_id = UNSET
        else:
            site_id = self.site_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "integration_id": integration_id,
                "mac_address": mac_address,
            }
        )
        if estimation_id is not UNSET:
            field_dict["estimation_id"] = estimation_id
        if site_id is not UNSET:
            field_dict["site_id"] = site_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        integration_id = d.pop("integration_id")

        mac_address = d.pop("mac_address")

        def _parse_estimation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        estimation_id = _parse_estimation_id(d.pop("estimation_id", UNSET))

        def _parse_site_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        site_id = _parse_site_id(d.pop("site_id", UNSET))

        wifi_authorization_request = cls(
            integration_id=integration_id,
            mac_address=mac_address,
            estimation_id=estimation_id,
            site_id=site_id,
        )

        return wifi_authorization_request
