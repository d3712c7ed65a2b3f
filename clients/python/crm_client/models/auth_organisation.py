from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.auth_organisation_org_relationship import AuthOrganisationOrgRelationship

T = TypeVar("T", bound="AuthOrganisation")


@_attrs_define
class AuthOrganisation:
    """
    Attributes:
        external_id (str):
        org_type (str):
        org_relationship (AuthOrganisationOrgRelationship): Its relationship to the application's organisation, from the
            organisation network: MERCHANT or SUBSIDIARY for a member of a network, SELF for the top of one.
        name (str):
    """

    external_id: str
    org_type: str
    org_relationship: AuthOrganisationOrgRelationship
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        org_type = self.org_type

        org_relationship = self.org_relationship.value

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "org_type": org_type,
                "org_relationship": org_relationship,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id")

        org_type = d.pop("org_type")

        org_relationship = AuthOrganisationOrgRelationship(d.pop("org_relationship"))

        name = d.pop("name")

        auth_organisation = cls(
            external_id=external_id,
            org_type=org_type,
            org_relationship=org_relationship,
            name=name,
        )

        auth_organisation.additional_properties = d
        return auth_organisation

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
