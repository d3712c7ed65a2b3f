from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """Every non-2xx answer, also those API Gateway makes itself (missing key, bad token, throttling).

    Attributes:
        status (int): The HTTP status again.
        message (str): For people; may change.
        error (str): For programs, such as CRM.EXCEPTIONS.NOTFOUNDEXCEPTION.
        parameters (list[int | str]): What the error is about (entity, field, id).
    """

    status: int
    message: str
    error: str
    parameters: list[int | str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        error = self.error

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item: int | str
            parameters_item = parameters_item_data
            parameters.append(parameters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
                "error": error,
                "parameters": parameters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        message = d.pop("message")

        error = d.pop("error")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:

            def _parse_parameters_item(data: object) -> int | str:
                return cast(int | str, data)

            parameters_item = _parse_parameters_item(parameters_item_data)

            parameters.append(parameters_item)

        error = cls(
            status=status,
            message=message,
            error=error,
            parameters=parameters,
        )

        error.additional_properties = d
        return error

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
