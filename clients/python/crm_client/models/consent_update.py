from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.consent_state import ConsentState

T = TypeVar("T", bound="ConsentUpdate")


@_attrs_define
class ConsentUpdate:
    """
    Attributes:
        consent_state (ConsentState): The contact's consent to the processing of its data.
    """

    consent_state: ConsentState

    def to_dict(self) -> dict[str, Any]:
        consent_state = self.consent_state.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consent_state": consent_state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent_state = ConsentState(d.pop("consent_state"))

        consent_update = cls(
            consent_state=consent_state,
        )

        return consent_update
