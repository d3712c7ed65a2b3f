from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.approval_action import ApprovalAction

T = TypeVar("T", bound="AppAnswer")


@_attrs_define
class AppAnswer:
    """With a contact token: the contact answers in the app.

    Attributes:
        action (ApprovalAction): A contact's answer to an approval request.
    """

    action: ApprovalAction

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ApprovalAction(d.pop("action"))

        app_answer = cls(
            action=action,
        )

        return app_answer
