"""Printable entities from the back office (invoices, orders, payments, ...): their document, checked, and the
amounts a printout shows. The back-office feed and `python -m crmctl.admin put-entity` store them through here."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from crm.data import printables
from crm.errors import InvalidInput
from crm.services.entity_types import printout_type

ENTITY_TYPES = ("INVOICE", "ORDERS", "PAYMENT", "CREDIT_NOTE", "REFUND", "SERVICE_REQUEST", "SUBSCRIPTIONS", "TOP_UP")
CENT = Decimal("0.01")


class DocumentLine(BaseModel):
    model_config = ConfigDict(extra="ignore")
    description: str = Field(min_length=1, max_length=200)
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=4)
    unit_price: Decimal = Field(max_digits=14, decimal_places=4)
    tax_rate: Decimal = Field(default=Decimal(0), ge=0, le=100, description="percent")


class PrintableDocument(BaseModel):
    """What the back office sends for a printable entity."""

    model_config = ConfigDict(extra="ignore")
    number: str = Field(min_length=1, max_length=64)
    issued_on: date
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    lines: list[DocumentLine] = Field(min_length=1, max_length=500)
    notes: Optional[str] = Field(default=None, max_length=2000)
    status: Optional[str] = Field(default=None, max_length=40)

    @field_validator("issued_on", mode="before")
    @classmethod
    def _epoch_or_iso(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, tz=timezone.utc).date()
        return value


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def totals(document: PrintableDocument) -> dict[str, Any]:
    """Each line's net amount and tax, and the document's subtotal, tax and total, rounded to cents."""
    lines, subtotal, tax_total = [], Decimal(0), Decimal(0)
    for line in document.lines:
        net = _money(line.quantity * line.unit_price)
        tax = _money(net * line.tax_rate / 100)
        lines.append({"line": line, "net": net, "tax": tax})
        subtotal += net
        tax_total += tax
    return {"lines": lines, "subtotal": subtotal, "tax": tax_total, "total": subtotal + tax_total}


def put_printable_entity(
    tenant: str, contact_id: str, entity_type: str, entity_id: str, document: dict[str, Any]
) -> dict[str, Any]:
    """Stores (or replaces) one entity from the back office after checking its document; answers it normalised."""
    entity_type = printout_type(entity_type)
    if entity_type not in ENTITY_TYPES:
        raise InvalidInput(f"type must be one of {', '.join(ENTITY_TYPES)}.", ["type"])
    if not entity_id or len(entity_id) > 64 or "#" in entity_id:
        raise InvalidInput("id must be 1 to 64 characters, without '#'.", ["id"])
    try:
        parsed = PrintableDocument.model_validate(document)
    except ValidationError as exc:
        raise InvalidInput(
            f"Invalid document: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}", ["document"]
        ) from exc
    normalised = parsed.model_dump(mode="json", exclude_none=True)
    printables.save_entity(tenant, contact_id, entity_type, entity_id, normalised)
    return normalised
