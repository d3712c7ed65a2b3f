from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommunicationActions")


@_attrs_define
class CommunicationActions:
    """
    Attributes:
        viewed (bool | None | Unset):
        archived (bool | None | Unset):
    """

    viewed: bool | None | Unset = UNSET
    archived: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        viewed: bool | None | Unset
        if isinstance(self.viewed, Unset):
            viewed = UNSET
        else:
            viewed = self.viewed

        archived: bool | None | Unset
        if isinstance(self.archived, Unset):
            archived = UNSET
        else:
            archived = self.archived

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if viewed is not UNSET:
            field_dict["viewed"] = viewed
        if archived is not UNSET:
            field_dict["archived"] = archived

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_viewed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        viewed = _parse_viewed(d.pop("viewed", UNSET))

        def _parse_archived(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        archived = _parse_archived(d.pop("archived", UNSET))

        communication_actions = cls(
            viewed=viewed,
            archived=archived,
        )

        return communication_actions
