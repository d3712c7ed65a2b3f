from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otp_credential import OtpCredential


T = TypeVar("T", bound="ValidateOtpRequest")


@_attrs_define
class ValidateOtpRequest:
    """Either the seed's `{credentials, code}` or the v1 app's `{auth_otp, code, remember_me}`.

    Attributes:
        code (str):
        credentials (list[OtpCredential] | None | Unset):
        auth_otp (None | str | Unset):
        remember_me (bool | None | Unset):
    """

    code: str
    credentials: list[OtpCredential] | None | Unset = UNSET
    auth_otp: None | str | Unset = UNSET
    remember_me: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        credentials: list[dict[str, Any]] | None | Unset
        if isinstance(self.credentials, Unset):
            credentials = UNSET
        elif isinstance(self.credentials, list):
            credentials = []
            for credentials_type_0_item_data in self.credentials:
                credentials_type_0_item = credentials_type_0_item_data.to_dict()
                credentials.append(credentials_type_0_item)

        else:
            credentials = self.credentials

        auth_otp: None | str | Unset
        if isinstance(self.auth_otp, Unset):
            auth_otp = UNSET
        else:
            auth_otp = self.auth_otp

        remember_me: bool | None | Unset
        if isinstance(self.remember_me, Unset):
            remember_me = UNSET
        else:
            remember_me = self.remember_me

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
            }
        )
        if credentials is not UNSET:
            field_dict["credentials"] = credentials
        if auth_otp is not UNSET:
            field_dict["auth_otp"] = auth_otp
        if remember_me is not UNSET:
            field_dict["remember_me"] = remember_me

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otp_credential import OtpCredential  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        def _parse_credentials(data: object) -> list[OtpCredential] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                credentials_type_0 = []
                _credentials_type_0 = data
                for credentials_type_0_item_data in _credentials_type_0:
                    credentials_type_0_item = OtpCredential.from_dict(credentials_type_0_item_data)

                    credentials_type_0.append(credentials_type_0_item)

                return credentials_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[OtpCredential] | None | Unset, data)

        credentials = _parse_credentials(d.pop("credentials", UNSET))

        def _parse_auth_otp(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_otp = _parse_auth_otp(d.pop("auth_otp", UNSET))

        def _parse_remember_me(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        remember_me = _parse_remember_me(d.pop("remember_me", UNSET))

        validate_otp_request = cls(
            code=code,
            credentials=credentials,
            auth_otp=auth_otp,
            remember_me=remember_me,
        )

        return validate_otp_request
