from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.approval_request_answer import ApprovalRequestAnswer
    from ..models.paging import Paging


T = TypeVar("T", bound="ApprovalRequestsPage")


@_attrs_define
class ApprovalRequestsPage:
    """
    Attributes:
        content (list[ApprovalRequestAnswer]):
        paging (Paging): The `paging` member of every list answer (documented; the services build it as a dict).
    """

    content: list[ApprovalRequestAnswer]
    paging: Paging
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content = []
        for content_item_data in self.content:
            content_item = content_item_data.to_dict()
            content.append(content_item)

        paging = self.paging.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content": content,
                "paging": paging,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_request_answer import ApprovalRequestAnswer  # noqa: PLC0415
        from ..models.paging import Paging  # noqa: PLC0415

        d = dict(src_dict)
        content = []
        _content = d.pop("content")
        for content_item_data in _content:
            content_item = ApprovalRequestAnswer.from_dict(content_item_data)

            content.append(content_item)

        paging = Paging.from_dict(d.pop("paging"))

        approval_requests_page = cls(
            content=content,
            paging=paging,
        )

        approval_requests_page.additional_properties = d
        return approval_requests_page

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
