from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChangeOtp")


@_attrs_define
class ChangeOtp:
    """
    Attributes:
        auth_otp (str):
        code (str):
    """

    auth_otp: str
    code: str

    def to_dict(self) -> dict[str, Any]:
        auth_otp = self.auth_otp

        code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "auth_otp": auth_otp,
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auth_otp = d.pop("auth_otp")

        code = d.pop("code")

        change_otp = cls(
            auth_otp=auth_otp,
            code=code,
        )

        return change_otp
