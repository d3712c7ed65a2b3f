"""Communications: every message a contact received (EMAIL, SMS, INAPP, DEVICE), newest first.

Items of one contact share the partition `<organisation>#<mode>#<contact id>`; the sort key is the
communication id, which starts with its creation time, so a Query walks a contact's inbox in date
order and reads only the page it needs. Filters (channel, archived, viewed) and `paging.total` use the
indexes and the counter item described in crm.data.lists."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Mapping, Sequence

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.data import lists
from crm.data.base import now_epoch, table_meta, transaction_connection

CHANNELS = ("EMAIL", "SMS", "INAPP", "DEVICE")
LIFE_CYCLE_STATES = ("PENDING", "COMPLETED", "REJECTED")
DIMENSIONS = ("channel", "archived", "viewed")
DOMAINS = {"channel": CHANNELS, "archived": ("A0", "A1"), "viewed": ("V0", "V1")}


def owner_key(tenant: str, contact_id: str) -> str:
    return f"{tenant}#{contact_id}"


def new_time_ordered_id() -> str:
    """A UUIDv7-shaped id: 48 bits of milliseconds first, so ids sort in creation order."""
    millis = int(time.time() * 1000)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis << 80) | (0x7 << 76) | ((rand >> 64) & 0xFFF) << 64 | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


class Communication(Model):
    Meta = table_meta("COMMUNICATIONS_TABLE")

    owner = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)
    contact_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    life_cycle_state = UnicodeAttribute(default="COMPLETED")
    name = UnicodeAttribute(null=True)
    subject = UnicodeAttribute(null=True)
    content = UnicodeAttribute(null=True)
    sender = UnicodeAttribute(null=True)
    recipient = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)
    title = UnicodeAttribute(null=True)
    subtitle = UnicodeAttribute(null=True)
    in_app_image_url = UnicodeAttribute(null=True)
    in_app_click_link_url = UnicodeAttribute(null=True)
    is_viewed = BooleanAttribute(default=False)
    viewed_on = NumberAttribute(null=True)
    is_archived = BooleanAttribute(default=False)
    clicked_on = NumberAttribute(null=True)
    # The id of the event or send that made it, so that a repeat makes nothing new.
    source_id = UnicodeAttribute(null=True)
    # SUPPRESSED: a test-mode message to a recipient the organisation did not allow-list, recorded as sent and
    # never delivered (crm/services/messaging.py). None: delivered.
    delivery = UnicodeAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)
    # key_channel, key_archived, ..., key_channel_archived_viewed and their indexes by_channel, ...
    vars().update(lists.index_classes(DIMENSIONS))

    def dimension_values(self) -> dict[str, str]:
        return {
            "channel": self.channel,
            "archived": "A1" if self.is_archived else "A0",
            "viewed": "V1" if self.is_viewed else "V0",
        }


class SourceMarker(Model):
    """Remembers which communication an event or send (source_id) made, so that a repeat makes nothing new."""

    Meta = table_meta("COMMUNICATIONS_TABLE")

    owner = UnicodeAttribute(hash_key=True)  # SOURCE#<owner>
    id = UnicodeAttribute(range_key=True)  # the source id
    target = UnicodeAttribute()


CommunicationCounts = lists.counter_model("COMMUNICATIONS_TABLE", DIMENSIONS, DOMAINS)


def record_communication(
    *,
    tenant: str,
    contact_id: str,
    channel: str,
    recipient: str | None,
    subject: str | None,
    content: str | None,
    sender: str | None = None,
    name: str | None = None,
    source_id: str | None = None,
    **extra,
) -> Communication:
    """Writes a communication and counts it, or nothing. With a source_id already recorded for this contact,
    writes nothing and answers the communication that source made."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}")
    owner = owner_key(tenant, contact_id)
    communication = Communication(
        owner=owner,
        id=new_time_ordered_id(),
        contact_id=contact_id,
        channel=channel,
        recipient=recipient,
        subject=subject,
        content=content,
        sender=sender,
        name=name,
        source_id=source_id,
        **extra,
    )
    values = lists.set_index_keys(communication, DIMENSIONS)
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(communication, condition=Communication.id.does_not_exist())
            lists.add_to_counts(tx, CommunicationCounts, owner, {lists.counter_attribute(DIMENSIONS, values): 1})
            if source_id is not None:
                tx.save(
                    SourceMarker(lists.marker_owner(owner), source_id, target=communication.id),
                    condition=SourceMarker.id.does_not_exist(),
                )
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        if source_id is not None and any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons):
            try:
                marker = SourceMarker.get(lists.marker_owner(owner), source_id, consistent_read=True)
            except SourceMarker.DoesNotExist:
                raise exc from None
            existing = find_communication(tenant, contact_id, marker.target)
            if existing is not None:
                return existing
        raise
    return communication


def find_communication(tenant: str, contact_id: str, communication_id: str) -> Communication | None:
    try:
        return Communication.get(owner_key(tenant, contact_id), communication_id, consistent_read=True)
    except Communication.DoesNotExist:
        return None


def list_communications(
    tenant: str, contact_id: str, filters: Mapping[str, Sequence[str]], page: lists.PageRequest
) -> tuple[list[Communication], str | None, int]:
    """One page of a contact's communications: (items, next cursor, total). `filters` maps a dimension to the
    one value asked for (channel EMAIL, archived A1, viewed V0); absent dimensions are not filtered."""
    owner = owner_key(tenant, contact_id)
    chosen = tuple(d for d in DIMENSIONS if filters.get(d))
    if chosen:
        values = {d: filters[d][0] for d in chosen}
        stream = lists.Stream(lists.index_name(chosen), lists.key_value(owner, chosen, values))
    else:
        stream = lists.Stream(None, owner)
    total = lists.total_of(CommunicationCounts, owner, DIMENSIONS, DOMAINS, filters)
    items, cursor = lists.read_page(Communication, [stream], page, total)
    return items, cursor, total


class Changed(Exception):
    """The communication changed between reading and writing it."""


def update_flags(communication: Communication, *, viewed: bool | None, archived: bool | None, now: int) -> bool:
    """Marks a communication viewed (once: viewed_on keeps the first time) and/or (un)archived, moving it
    between the filtered indexes and counters in one transaction. Answers whether anything changed."""
    before = communication.dimension_values()
    set_viewed = viewed is True and not communication.is_viewed
    set_archived = archived is not None and archived != communication.is_archived
    if not set_viewed and not set_archived:
        return False
    after = dict(before)
    actions = []
    if set_viewed:
        after["viewed"] = "V1"
        actions += [Communication.is_viewed.set(True), Communication.viewed_on.set(now)]
    if set_archived:
        after["archived"] = "A1" if archived else "A0"
        actions.append(Communication.is_archived.set(bool(archived)))
    for attribute, value in lists.index_keys(communication.owner, DIMENSIONS, after).items():
        actions.append(getattr(Communication, attribute).set(value))
    # Only from the state read: a concurrent change makes the caller read again, so counters stay exact.
    condition = (Communication.is_viewed == communication.is_viewed) & (
        Communication.is_archived == communication.is_archived
    )
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.update(communication, actions=actions, condition=condition)
            lists.add_to_counts(
                tx,
                CommunicationCounts,
                communication.owner,
                {lists.counter_attribute(DIMENSIONS, before): -1, lists.counter_attribute(DIMENSIONS, after): 1},
            )
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
            raise Changed() from exc
        raise
    return True
