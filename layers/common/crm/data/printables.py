"""Printable entities (invoices, orders, payments, ...) as the back office sent them: one item per entity, in
the partition `<organisation>#<mode>#<contact id>` of the contact it belongs to, sort key `<TYPE>#<id>`."""

from __future__ import annotations

import json
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta


def owner_key(tenant: str, contact_id: str) -> str:
    return f"{tenant}#{contact_id}"


def entity_key(entity_type: str, entity_id: str) -> str:
    return f"{entity_type}#{entity_id}"


class PrintableEntity(Model):
    Meta = table_meta("PRINTABLE_ENTITIES_TABLE")

    owner = UnicodeAttribute(hash_key=True)
    entity_key = UnicodeAttribute(range_key=True)
    type = UnicodeAttribute()
    id = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    document = UnicodeAttribute()  # the JSON document the printout renders
    updated_on = NumberAttribute(default=now_epoch)

    def document_data(self) -> Any:
        return json.loads(self.document)


def find_entity(tenant: str, contact_id: str, entity_type: str, entity_id: str) -> PrintableEntity | None:
    try:
        return PrintableEntity.get(
            owner_key(tenant, contact_id), entity_key(entity_type, entity_id), consistent_read=True
        )
    except PrintableEntity.DoesNotExist:
        return None


def save_entity(tenant: str, contact_id: str, entity_type: str, entity_id: str, document: dict[str, Any]) -> None:
    """Creates or replaces the entity (the back office's latest word wins)."""
    PrintableEntity(
        owner=owner_key(tenant, contact_id),
        entity_key=entity_key(entity_type, entity_id),
        type=entity_type,
        id=entity_id,
        contact_id=contact_id,
        document=json.dumps(document, separators=(",", ":")),
        updated_on=now_epoch(),
    ).save()
