from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NameDay")


@_attrs_define
class NameDay:
    """
    Attributes:
        month (int):
        day (int):
    """

    month: int
    day: int

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        day = self.day

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "month": month,
                "day": day,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        month = d.pop("month")

        day = d.pop("day")

        name_day = cls(
            month=month,
            day=day,
        )

        return name_day
