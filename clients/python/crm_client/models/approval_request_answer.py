from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.approval_state import ApprovalState

if TYPE_CHECKING:
    from ..models.approval_entity import ApprovalEntity


T = TypeVar("T", bound="ApprovalRequestAnswer")


@_attrs_define
class ApprovalRequestAnswer:
    """
    Attributes:
        id (str):
        state (ApprovalState): An approval request's state.
        created_on (int): Epoch seconds.
        entity (ApprovalEntity):
    """

    id: str
    state: ApprovalState
    created_on: int
    entity: ApprovalEntity
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        state = self.state.value

        created_on = self.created_on

        entity = self.entity.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "created_on": created_on,
                "entity": entity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_entity import ApprovalEntity  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        state = ApprovalState(d.pop("state"))

        created_on = d.pop("created_on")

        entity = ApprovalEntity.from_dict(d.pop("entity"))

        approval_request_answer = cls(
            id=id,
            state=state,
            created_on=created_on,
            entity=entity,
        )

        approval_request_answer.additional_properties = d
        return approval_request_answer

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
