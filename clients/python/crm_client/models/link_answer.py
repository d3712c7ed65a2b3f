from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.approval_action import ApprovalAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkAnswer")


@_attrs_define
class LinkAnswer:
    """Without a contact token: the one-time token of an e-mail link (JSON or an HTML form's fields).

    Attributes:
        token (str):
        response (ApprovalAction | None | Unset):
    """

    token: str
    response: ApprovalAction | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        response: None | str | Unset
        if isinstance(self.response, Unset):
            response = UNSET
        elif isinstance(self.response, ApprovalAction):
            response = self.response.value
        else:
            response = self.response

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
            }
        )
        if response is not UNSET:
            field_dict["response"] = response

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        def _parse_response(data: object) -> ApprovalAction | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                response_type_0 = ApprovalAction(data)

                return response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApprovalAction | None | Unset, data)

        response = _parse_response(d.pop("response", UNSET))

        link_answer = cls(
            token=token,
            response=response,
        )

        link_answer.additional_properties = d
        return link_answer

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
