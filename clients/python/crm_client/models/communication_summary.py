from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel import Channel
from ..models.life_cycle_state import LifeCycleState

T = TypeVar("T", bound="CommunicationSummary")


@_attrs_define
class CommunicationSummary:
    """
    Attributes:
        id (str):
        life_cycle_state (LifeCycleState): A communication's life cycle state.
        channel (Channel): How a communication is sent.
        is_viewed (bool):
        viewed_on (int | None): Epoch seconds.
        is_archived (bool):
        clicked_on (int | None):
        language (None | str):
        sender (None | str):
        recipient (None | str):
        content (None | str):
        subject (None | str):
        name (None | str): The communication plan's name.
        created_on (int):
        contact_id (str):
    """

    id: str
    life_cycle_state: LifeCycleState
    channel: Channel
    is_viewed: bool
    viewed_on: int | None
    is_archived: bool
    clicked_on: int | None
    language: None | str
    sender: None | str
    recipient: None | str
    content: None | str
    subject: None | str
    name: None | str
    created_on: int
    contact_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        life_cycle_state = self.life_cycle_state.value

        channel = self.channel.value

        is_viewed = self.is_viewed

        viewed_on: int | None
        viewed_on = self.viewed_on

        is_archived = self.is_archived

        clicked_on: int | None
        clicked_on = self.clicked_on

        language: None | str
        language = self.language

        sender: None | str
        sender = self.sender

        recipient: None | str
        recipient = self.recipient

        content: None | str
        content = self.content

        subject: None | str
        subject = self.subject

        name: None | str
        name = self.name

        created_on = self.created_on

        contact_id = self.contact_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "life_cycle_state": life_cycle_state,
                "channel": channel,
                "is_viewed": is_viewed,
                "viewed_on": viewed_on,
                "is_archived": is_archived,
                "clicked_on": clicked_on,
                "language": language,
                "sender": sender,
                "recipient": recipient,
                "content": content,
                "subject": subject,
                "name": name,
                "created_on": created_on,
                "contact_id": contact_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        life_cycle_state = LifeCycleState(d.pop("life_cycle_state"))

        channel = Channel(d.pop("channel"))

        is_viewed = d.pop("is_viewed")

        def _parse_viewed_on(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        viewed_on = _parse_viewed_on(d.pop("viewed_on"))

        is_archived = d.pop("is_archived")

        def _parse_clicked_on(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        clicked_on = _parse_clicked_on(d.pop("clicked_on"))

        def _parse_language(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        language = _parse_language(d.pop("language"))

        def _parse_sender(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sender = _parse_sender(d.pop("sender"))

        def _parse_recipient(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recipient = _parse_recipient(d.pop("recipient"))

        def _parse_content(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        content = _parse_content(d.pop("content"))

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        created_on = d.pop("created_on")

        contact_id = d.pop("contact_id")

        communication_summary = cls(
            id=id,
            life_cycle_state=life_cycle_state,
            channel=channel,
            is_viewed=is_viewed,
            viewed_on=viewed_on,
            is_archived=is_archived,
            clicked_on=clicked_on,
            language=language,
            sender=sender,
            recipient=recipient,
            content=content,
            subject=subject,
            name=name,
            created_on=created_on,
            contact_id=contact_id,
        )

        communication_summary.additional_properties = d
        return communication_summary

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
