from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailIdentity")


@_attrs_define
class EmailIdentity:
    """
    Attributes:
        provider (Literal['EMAIL']):
        username (str):
        password (None | str | Unset): Without it, a one-time code is e-mailed.
        validation_required (bool | Unset): With a password: e-mail a verification link first; no tokens until it is
            opened. Default: False.
        application_id (None | str | Unset):
    """

    provider: Literal["EMAIL"]
    username: str
    password: None | str | Unset = UNSET
    validation_required: bool | Unset = False
    application_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        username = self.username

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        validation_required = self.validation_required

        application_id: None | str | Unset
        if isinstance(self.application_id, Unset):
            application_id = UNSET
        else:
            application_id = self.application_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "username": username,
            }
        )
        if password is not UNSET:
            field_dict["password"] = password
        if validation_required is not UNSET:
            field_dict["validation_required"] = validation_required
        if application_id is not UNSET:
            field_dict["application_id"] = application_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = cast(Literal["EMAIL"], d.pop("provider"))
        if provider != "EMAIL":
            raise ValueError(f"provider must match const 'EMAIL', got '{provider}'")

        username = d.pop("username")

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        validation_required = d.pop("validation_required", UNSET)

        def _parse_application_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        application_id = _parse_application_id(d.pop("application_id", UNSET))

        email_identity = cls(
            provider=provider,
            username=username,
            password=password,
            validation_required=validation_required,
            application_id=application_id,
        )

        return email_identity
