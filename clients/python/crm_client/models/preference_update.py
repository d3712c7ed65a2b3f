from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.preference_type import PreferenceType

T = TypeVar("T", bound="PreferenceUpdate")


@_attrs_define
class PreferenceUpdate:
    """
    Attributes:
        organisation_id (None | str): An organisation of the caller's organisation's network; null clears the
            preference.
        type_ (PreferenceType): What a preferred organisation is preferred for.
    """

    organisation_id: None | str
    type_: PreferenceType

    def to_dict(self) -> dict[str, Any]:
        organisation_id: None | str
        organisation_id = self.organisation_id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organisation_id": organisation_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_organisation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id"))

        type_ = PreferenceType(d.pop("type"))

        preference_update = cls(
            organisation_id=organisation_id,
            type_=type_,
        )

        return preference_update
