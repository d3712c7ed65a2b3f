from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.auth_contact import AuthContact
    from ..models.auth_organisation import AuthOrganisation


T = TypeVar("T", bound="TokensAnswer")


@_attrs_define
class TokensAnswer:
    """
    Attributes:
        access_token (str):
        refresh_token (str):
        exp (int): Expiry of the access token, epoch seconds.
        contact (AuthContact):
        organisations (list[AuthOrganisation]):
    """

    access_token: str
    refresh_token: str
    exp: int
    contact: AuthContact
    organisations: list[AuthOrganisation]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        refresh_token = self.refresh_token

        exp = self.exp

        contact = self.contact.to_dict()

        organisations = []
        for organisations_item_data in self.organisations:
            organisations_item = organisations_item_data.to_dict()
            organisations.append(organisations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "refresh_token": refresh_token,
                "exp": exp,
                "contact": contact,
                "organisations": organisations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auth_contact import AuthContact  # noqa: PLC0415
        from ..models.auth_organisation import AuthOrganisation  # noqa: PLC0415

        d = dict(src_dict)
        access_token = d.pop("access_token")

        refresh_token = d.pop("refresh_token")

        exp = d.pop("exp")

        contact = AuthContact.from_dict(d.pop("contact"))

        organisations = []
        _organisations = d.pop("organisations")
        for organisations_item_data in _organisations:
            organisations_item = AuthOrganisation.from_dict(organisations_item_data)

            organisations.append(organisations_item)

        tokens_answer = cls(
            access_token=access_token,
            refresh_token=refresh_token,
            exp=exp,
            contact=contact,
            organisations=organisations,
        )

        tokens_answer.additional_properties = d
        return tokens_answer

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
