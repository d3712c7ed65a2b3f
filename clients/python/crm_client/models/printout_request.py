from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.printout_request_format import PrintoutRequestFormat

if TYPE_CHECKING:
    from ..models.printout_entity import PrintoutEntity


T = TypeVar("T", bound="PrintoutRequest")


@_attrs_define
class PrintoutRequest:
    """
    Attributes:
        format_ (PrintoutRequestFormat):
        entity (PrintoutEntity):
    """

    format_: PrintoutRequestFormat
    entity: PrintoutEntity

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_.value

        entity = self.entity.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "format": format_,
                "entity": entity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.printout_entity import PrintoutEntity  # noqa: PLC0415

        d = dict(src_dict)
        format_ = PrintoutRequestFormat(d.pop("format"))

        entity = PrintoutEntity.from_dict(d.pop("entity"))

        printout_request = cls(
            format_=format_,
            entity=entity,
        )

        return printout_request
