"""Communications: every message a contact received (EMAIL, SMS, INAPP, DEVICE), newest first.

Items of one contact share the partition `<organisation>#<mode>#<contact id>`; the sort key is the
communication id, which starts with its creation time, so a Query walks a contact's inbox in date
order and reads only the page it needs."""

from __future__ import annotations

import os
import time
import uuid

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta

CHANNELS = ("EMAIL", "SMS", "INAPP", "DEVICE")
LIFE_CYCLE_STATES = ("PENDING", "COMPLETED", "REJECTED")


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
    created_on = NumberAttribute(default_for_new=now_epoch)


def record_communication(*, tenant: str, contact_id: str, channel: str, recipient: str | None,
                         subject: str | None, content: str | None, sender: str | None = None,
                         name: str | None = None, source_id: str | None = None, **extra) -> Communication:
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}")
    communication = Communication(owner=owner_key(tenant, contact_id), id=new_time_ordered_id(),
                                  contact_id=contact_id, channel=channel, recipient=recipient, subject=subject,
                                  content=content, sender=sender, name=name, source_id=source_id, **extra)
    communication.save(condition=Communication.id.does_not_exist())
    return communication
