from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.send_method import SendMethod

if TYPE_CHECKING:
    from ..models.credential import Credential


T = TypeVar("T", bound="OtpRequest")


@_attrs_define
class OtpRequest:
    """
    Attributes:
        send_method (SendMethod): Where a one-time code goes.
        credentials (list[Credential]):
    """

    send_method: SendMethod
    credentials: list[Credential]

    def to_dict(self) -> dict[str, Any]:
        send_method = self.send_method.value

        credentials = []
        for credentials_item_data in self.credentials:
            credentials_item = credentials_item_data.to_dict()
            credentials.append(credentials_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "send_method": send_method,
                "credentials": credentials,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential import Credential  # noqa: PLC0415

        d = dict(src_dict)
        send_method = SendMethod(d.pop("send_method"))

        credentials = []
        _credentials = d.pop("credentials")
        for credentials_item_data in _credentials:
            credentials_item = Credential.from_dict(credentials_item_data)

            credentials.append(credentials_item)

        otp_request = cls(
            send_method=send_method,
            credentials=credentials,
        )

        return otp_request
