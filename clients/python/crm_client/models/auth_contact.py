from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuthContact")


@_attrs_define
class AuthContact:
    """
    Attributes:
        id (str):
        title (None | str):
        first_name (None | str):
        last_name (None | str):
        company_name (None | str):
        avatar (None | str):
        is_verified (bool):
    """

    id: str
    title: None | str
    first_name: None | str
    last_name: None | str
    company_name: None | str
    avatar: None | str
    is_verified: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title: None | str
        title = self.title

        first_name: None | str
        first_name = self.first_name

        last_name: None | str
        last_name = self.last_name

        company_name: None | str
        company_name = self.company_name

        avatar: None | str
        avatar = self.avatar

        is_verified = self.is_verified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "first_name": first_name,
                "last_name": last_name,
                "company_name": company_name,
                "avatar": avatar,
                "is_verified": is_verified,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

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

        def _parse_avatar(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        avatar = _parse_avatar(d.pop("avatar"))

        is_verified = d.pop("is_verified")

        auth_contact = cls(
            id=id,
            title=title,
            first_name=first_name,
            last_name=last_name,
            company_name=company_name,
            avatar=avatar,
            is_verified=is_verified,
        )

        auth_contact.additional_properties = d
        return auth_contact

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
