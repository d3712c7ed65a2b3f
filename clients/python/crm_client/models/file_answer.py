from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_answer_state import FileAnswerState

if TYPE_CHECKING:
    from ..models.file_entity import FileEntity
    from ..models.variant import Variant


T = TypeVar("T", bound="FileAnswer")


@_attrs_define
class FileAnswer:
    """
    Attributes:
        id (str):
        mime (str):
        name (None | str):
        size (int | None):
        state (FileAnswerState):
        reason (None | str): Why it was REJECTED or FAILED.
        url (None | str): A download link, once READY.
        url_expires_in (int | None):
        width (int | None):
        height (int | None):
        variants (list[Variant]): Images: 256, 512 and 1024 px wide, never wider than the original.
        srcset (None | str):
        service_request_id (None | str):
        entity (FileEntity | None): A printout's entity.
        created_on (int):
    """

    id: str
    mime: str
    name: None | str
    size: int | None
    state: FileAnswerState
    reason: None | str
    url: None | str
    url_expires_in: int | None
    width: int | None
    height: int | None
    variants: list[Variant]
    srcset: None | str
    service_request_id: None | str
    entity: FileEntity | None
    created_on: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_entity import FileEntity  # noqa: PLC0415

        id = self.id

        mime = self.mime

        name: None | str
        name = self.name

        size: int | None
        size = self.size

        state = self.state.value

        reason: None | str
        reason = self.reason

        url: None | str
        url = self.url

        url_expires_in: int | None
        url_expires_in = self.url_expires_in

        width: int | None
        width = self.width

        height: int | None
        height = self.height

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        srcset: None | str
        srcset = self.srcset

        service_request_id: None | str
        service_request_id = self.service_request_id

        entity: dict[str, Any] | None
        if isinstance(self.entity, FileEntity):
            entity = self.entity.to_dict()
        else:
            entity = self.entity

        created_on = self.created_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "mime": mime,
                "name": name,
                "size": size,
                "state": state,
                "reason": reason,
                "url": url,
                "url_expires_in": url_expires_in,
                "width": width,
                "height": height,
                "variants": variants,
                "srcset": srcset,
                "service_request_id": service_request_id,
                "entity": entity,
                "created_on": created_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_entity import FileEntity  # noqa: PLC0415
        from ..models.variant import Variant  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        mime = d.pop("mime")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size = _parse_size(d.pop("size"))

        state = FileAnswerState(d.pop("state"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        def _parse_url_expires_in(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        url_expires_in = _parse_url_expires_in(d.pop("url_expires_in"))

        def _parse_width(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        width = _parse_width(d.pop("width"))

        def _parse_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        height = _parse_height(d.pop("height"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = Variant.from_dict(variants_item_data)

            variants.append(variants_item)

        def _parse_srcset(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        srcset = _parse_srcset(d.pop("srcset"))

        def _parse_service_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service_request_id = _parse_service_request_id(d.pop("service_request_id"))

        def _parse_entity(data: object) -> FileEntity | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                entity_type_0 = FileEntity.from_dict(data)

                return entity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileEntity | None, data)

        entity = _parse_entity(d.pop("entity"))

        created_on = d.pop("created_on")

        file_answer = cls(
            id=id,
            mime=mime,
            name=name,
            size=size,
            state=state,
            reason=reason,
            url=url,
            url_expires_in=url_expires_in,
            width=width,
            height=height,
            variants=variants,
            srcset=srcset,
            service_request_id=service_request_id,
            entity=entity,
            created_on=created_on,
        )

        file_answer.additional_properties = d
        return file_answer

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
