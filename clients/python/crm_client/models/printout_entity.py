from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.printout_entity_type import PrintoutEntityType

T = TypeVar("T", bound="PrintoutEntity")


@_attrs_define
class PrintoutEntity:
    """
    Attributes:
        type_ (PrintoutEntityType): The seed's singular ORDER and SUBSCRIPTION are accepted for ORDERS and
            SUBSCRIPTIONS.
        id (str):
    """

    type_: PrintoutEntityType
    id: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = PrintoutEntityType(d.pop("type"))

        id = d.pop("id")

        printout_entity = cls(
            type_=type_,
            id=id,
        )

        return printout_entity
