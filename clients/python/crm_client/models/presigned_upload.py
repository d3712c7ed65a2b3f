from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.presigned_upload_fields import PresignedUploadFields


T = TypeVar("T", bound="PresignedUpload")


@_attrs_define
class PresignedUpload:
    """
    Attributes:
        url (str):
        fields (PresignedUploadFields): Send these form fields, then `file`, to `url`.
        expires_in (int): Seconds.
    """

    url: str
    fields: PresignedUploadFields
    expires_in: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        fields = self.fields.to_dict()

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "fields": fields,
                "expires_in": expires_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.presigned_upload_fields import PresignedUploadFields  # noqa: PLC0415

        d = dict(src_dict)
        url = d.pop("url")

        fields = PresignedUploadFields.from_dict(d.pop("fields"))

        expires_in = d.pop("expires_in")

        presigned_upload = cls(
            url=url,
            fields=fields,
            expires_in=expires_in,
        )

        presigned_upload.additional_properties = d
        return presigned_upload

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
