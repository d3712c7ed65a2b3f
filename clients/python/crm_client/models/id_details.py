from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="IdDetails")


@_attrs_define
class IdDetails:
    """
    Attributes:
        id_number (None | str | Unset):
        issue_country_code (None | str | Unset):
        expiration_date (int | None | Unset):
    """

    id_number: None | str | Unset = UNSET
    issue_country_code: None | str | Unset = UNSET
    expiration_date: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id_number: None | str | Unset
        if isinstance(self.id_number, Unset):
            id_number = UNSET
        else:
            id_number = self.id_number

        issue_country_code: None | str | Unset
        if isinstance(self.issue_country_code, Unset):
            issue_country_code = UNSET
        else:
            issue_country_code = self.issue_country_code

        expiration_date: int | None | Unset
        if isinstance(self.expiration_date, Unset):
            expiration_date = UNSET
        else:
            expiration_date = self.expiration_date

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id_number is not UNSET:
            field_dict["id_number"] = id_number
        if issue_country_code is not UNSET:
            field_dict["issue_country_code"] = issue_country_code
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id_number = _parse_id_number(d.pop("id_number", UNSET))

        def _parse_issue_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issue_country_code = _parse_issue_country_code(d.pop("issue_country_code", UNSET))

        def _parse_expiration_date(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expiration_date = _parse_expiration_date(d.pop("expiration_date", UNSET))

        id_details = cls(
            id_number=id_number,
            issue_country_code=issue_country_code,
            expiration_date=expiration_date,
        )

        return id_details
