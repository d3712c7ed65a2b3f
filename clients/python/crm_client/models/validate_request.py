from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.send_method import SendMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credential import Credential


T = TypeVar("T", bound="ValidateRequest")


@_attrs_define
class ValidateRequest:
    """
    Attributes:
        credentials (list[Credential]):
        send_method (None | SendMethod | Unset): As the vendor's v1 app sends it: also send a one-time code (as
            /contacts/otp).
    """

    credentials: list[Credential]
    send_method: None | SendMethod | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        credentials = []
        for credentials_item_data in self.credentials:
            credentials_item = credentials_item_data.to_dict()
            credentials.append(credentials_item)

        send_method: None | str | Unset
        if isinstance(self.send_method, Unset):
            send_method = UNSET
        elif isinstance(self.send_method, SendMethod):
            send_method = self.send_method.value
        else:
            send_method = self.send_method

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "credentials": credentials,
            }
        )
        if send_method is not UNSET:
            field_dict["send_method"] = send_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential import Credential  # noqa: PLC0415

        d = dict(src_dict)
        credentials = []
        _credentials = d.pop("credentials")
        for credentials_item_data in _credentials:
            credentials_item = Credential.from_dict(credentials_item_data)

            credentials.append(credentials_item)

        def _parse_send_method(data: object) -> None | SendMethod | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                send_method_type_0 = SendMethod(data)

                return send_method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SendMethod | Unset, data)

        send_method = _parse_send_method(d.pop("send_method", UNSET))

        validate_request = cls(
            credentials=credentials,
            send_method=send_method,
        )

        return validate_request
