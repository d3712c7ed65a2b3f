from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.social_provider import SocialProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="SocialRegisterIdentity")


@_attrs_define
class SocialRegisterIdentity:
    """Registration with a token from a social identity provider (part B of issue 3).

    Attributes:
        provider (SocialProvider): A social identity provider.
        token (str): GOOGLE/APPLE: the ID token; FACEBOOK: the user access token; MW4: the MW4 access token.
        application_id (None | str | Unset):
    """

    provider: SocialProvider
    token: str
    application_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

        token = self.token

        application_id: None | str | Unset
        if isinstance(self.application_id, Unset):
            application_id = UNSET
        else:
            application_id = self.application_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "token": token,
            }
        )
        if application_id is not UNSET:
            field_dict["application_id"] = application_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = SocialProvider(d.pop("provider"))

        token = d.pop("token")

        def _parse_application_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        application_id = _parse_application_id(d.pop("application_id", UNSET))

        social_register_identity = cls(
            provider=provider,
            token=token,
            application_id=application_id,
        )

        return social_register_identity
