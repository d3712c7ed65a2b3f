"""Printouts: a contact asks for the PDF of one of its back-office entities (an invoice, an order, ...); the job
is stored as a file record (PENDING) and queued; the worker renders the PDF with fpdf2, stores it, mails it when
asked, and marks it READY. A job fails FAILED, with the reason, once the queue's retries are spent."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from crm import metrics
from crm.context import RequestContext
from crm.data import files as store
from crm.data import printables, queues
from crm.data.base import now_epoch
from crm.data.contacts import find_contact
from crm.data.delivery import Attachment
from crm.data.tenancy import find_organisation
from crm.errors import CrmError, ErrorCode, InvalidInput, NotFound
from crm.services.printables import PrintableDocument, totals
from crm.settings import printout_max_receives, required_env

logger = Logger(child=True)

FORMATS = ("PDF", "EMAIL")
TITLES = {
    "INVOICE": "Invoice",
    "ORDERS": "Order",
    "PAYMENT": "Payment receipt",
    "CREDIT_NOTE": "Credit note",
    "REFUND": "Refund",
    "SERVICE_REQUEST": "Service request",
    "SUBSCRIPTIONS": "Subscription",
    "TOP_UP": "Top-up receipt",
}


class QueueUnavailable(CrmError):
    status = 502
    error = ErrorCode.UPSTREAM
    message = "The printout could not be queued; try again."


class PrintoutFailed(Exception):
    """Why a job could not be done (kept as the printout's reason once retries are spent)."""


# ---------------------------------------------------------------- the request


def _queue_url() -> str:
    return required_env("PRINTOUTS_QUEUE_URL")


def request_printout(ctx: RequestContext, printout_format: str, entity_type: str, entity_id: str) -> dict[str, Any]:
    """Checks that the entity is the caller's, stores the job and queues it. Answers {id}: the file id."""
    contact_id = ctx.require_contact()
    entity = printables.find_entity(ctx.tenant, contact_id, entity_type, entity_id)
    if entity is None:
        raise NotFound(entity_type.lower(), entity_id)
    if printout_format == "EMAIL":
        contact = find_contact(ctx.tenant, contact_id)
        if contact is None or not contact.email_address:
            raise InvalidInput("The contact has no e-mail address to send the printout to.", ["email_address"])
    number = str(entity.document_data().get("number") or entity_id)
    file_id = str(uuid.uuid4())
    record = store.FileRecord(
        owner=store.owner_key(ctx.tenant, contact_id),
        id=file_id,
        contact_id=contact_id,
        kind="PRINTOUT",
        name=f"{entity_type}-{number}.pdf"[:255],
        mime="application/pdf",
        object_key=store.printout_key(ctx.tenant, contact_id, file_id),
        entity_type=entity_type,
        entity_id=entity_id,
        delivery=printout_format,
    )
    store.create_file(record)
    try:
        queues.send_job(_queue_url(), {"tenant": ctx.tenant, "contact_id": contact_id, "file_id": file_id})
    except queues.QueueFailed as exc:
        store.delete_file_record(record)  # nothing half-written
        raise QueueUnavailable(parameters=["printout"]) from exc
    return {"id": file_id}


# ---------------------------------------------------------------- the worker


def _latin1(text: Any) -> str:
    """The PDF core fonts cover Latin-1; anything else prints as '?' rather than failing the printout."""
    return str(text).encode("latin-1", "replace").decode("latin-1")


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def render_pdf(
    organisation_name: str, entity_type: str, document: PrintableDocument, contact_name: str, contact_email: str | None
) -> bytes:
    from fpdf import FPDF  # only the worker needs fpdf2
    from fpdf.enums import XPos, YPos

    figures = totals(document)
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"{TITLES[entity_type]} {document.number}"))
    pdf.set_author(_latin1(organisation_name))
    pdf.add_page()
    next_line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, _latin1(organisation_name), **next_line)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, _latin1(f"{TITLES[entity_type]} {document.number}"), **next_line)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, f"Date: {document.issued_on.isoformat()}", **next_line)
    if document.status:
        pdf.cell(0, 6, _latin1(f"Status: {document.status}"), **next_line)
    pdf.cell(0, 6, f"Currency: {document.currency}", **next_line)
    pdf.ln(3)
    pdf.cell(0, 6, _latin1(f"Bill to: {contact_name}"), **next_line)
    if contact_email:
        pdf.cell(0, 6, _latin1(contact_email), **next_line)
    pdf.ln(4)

    widths = (78, 18, 28, 18, 22, 26)
    pdf.set_font("Helvetica", "B", 9)
    for width, heading in zip(widths, ("Description", "Qty", "Unit price", "Tax %", "Tax", "Amount"), strict=False):
        pdf.cell(width, 7, heading, border="B", align="L" if heading == "Description" else "R")
    pdf.ln(7)
    pdf.set_font("Helvetica", "", 9)
    for item in figures["lines"]:
        line = item["line"]
        cells = (
            _latin1(line.description)[:60],
            f"{line.quantity.normalize():f}",
            _amount(line.unit_price),
            f"{line.tax_rate.normalize():f}",
            _amount(item["tax"]),
            _amount(item["net"]),
        )
        for index, (width, text) in enumerate(zip(widths, cells, strict=False)):
            pdf.cell(width, 6, text, align="L" if index == 0 else "R")
        pdf.ln(6)
    pdf.ln(3)
    label_width, value_width = sum(widths[:-1]), widths[-1]
    for label, value, bold in (
        ("Subtotal", figures["subtotal"], False),
        ("Tax", figures["tax"], False),
        (f"Total {document.currency}", figures["total"], True),
    ):
        pdf.set_font("Helvetica", "B" if bold else "", 10)
        pdf.cell(label_width, 7, label, align="R")
        pdf.cell(value_width, 7, _amount(value), align="R", **next_line)
    if document.notes:
        pdf.ln(4)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, _latin1(document.notes))
    return bytes(pdf.output())


def _context(tenant: str, contact_id: str) -> RequestContext:
    organisation_id, _, mode = tenant.rpartition("#")
    return RequestContext(organisation_id=organisation_id, mode=mode, contact_id=contact_id)


def process_printout(job: dict[str, Any]) -> str:
    """Does one job; answers the printout's state. A repeated job (redelivered message) makes no second file
    or mail. Raises PrintoutFailed (or any error) when it could not be done: the message is then retried."""
    tenant, contact_id, file_id = job["tenant"], job["contact_id"], job["file_id"]
    record = store.find_file(tenant, contact_id, file_id)
    if record is None:
        return "DELETED"  # the contact deleted it meanwhile
    if record.state != "PENDING":
        return record.state
    entity = printables.find_entity(tenant, contact_id, record.entity_type, record.entity_id)
    if entity is None:
        raise PrintoutFailed(f"The {record.entity_type} {record.entity_id} no longer exists.")
    try:
        document = PrintableDocument.model_validate(entity.document_data())
    except (ValidationError, ValueError) as exc:
        raise PrintoutFailed(
            f"The {record.entity_type} {record.entity_id} cannot be printed: its document is incomplete or invalid."
        ) from exc
    organisation = find_organisation(_context(tenant, contact_id).organisation_id)
    contact = find_contact(tenant, contact_id)
    if contact is None:
        raise PrintoutFailed("The contact no longer exists.")
    contact_name = " ".join(p for p in (contact.first_name, contact.last_name) if p) or contact.company_name or ""
    content = render_pdf(
        organisation.name if organisation else "", record.entity_type, document, contact_name, contact.email_address
    )
    store.put_object(record.object_key, content, "application/pdf")  # the same key every time: no second file
    if record.delivery == "EMAIL" and not record.emailed_on:
        _email(tenant, contact_id, record, document, contact.email_address, content)
    if not store.update_if_pending(
        record,
        store.FileRecord.size.set(len(content)),
        store.FileRecord.state.set("READY"),
        store.FileRecord.reason.remove(),
    ):
        if store.find_file(tenant, contact_id, file_id) is None:  # deleted by its owner while it was rendered
            store.delete_objects([record.object_key])
            return "DELETED"
    metrics.printout_made()
    return "READY"


def _email(
    tenant: str, contact_id: str, record: store.FileRecord, document: PrintableDocument, to: str | None, content: bytes
) -> None:
    from crm.services.messaging import email_message

    if not to:
        raise PrintoutFailed("The contact has no e-mail address to send the printout to.")
    title = f"{TITLES[record.entity_type]} {document.number}"
    email_message(
        _context(tenant, contact_id),
        contact_id,
        to,
        "PRINTOUT",
        {"title": title, "entity_type": record.entity_type, "number": document.number},
        name="PRINTOUT",
        attachments=(Attachment(filename=record.name, content=content),),
    )
    # Marked at once: a redelivered message finds it and sends nothing more.
    store.update_if_pending(record, store.FileRecord.emailed_on.set(now_epoch()))


def max_receives() -> int:
    """The queue's maxReceiveCount (template.yaml sets both): the last attempt marks the printout FAILED."""
    return printout_max_receives()


def retry_delay_seconds(attempt: int) -> int:
    """Back-off before the next attempt: 1, 2, 4, ... seconds, at most the queue's visibility timeout."""
    return min(2 ** max(0, attempt - 1), 120)


def printout_attempt_failed(job: dict[str, Any], attempt: int, receipt_handle: str, reason: str) -> str:
    """Records a failed attempt. The last one marks the printout FAILED with the reason (the message then goes
    to the dead-letter queue); the others bring the message back after a short back-off."""
    record = store.find_file(job["tenant"], job["contact_id"], job["file_id"])
    last = attempt >= max_receives()
    if record is not None:
        actions = [store.FileRecord.attempts.set(attempt), store.FileRecord.reason.set(reason[:500])]
        if last:
            actions.append(store.FileRecord.state.set("FAILED"))
        store.update_if_pending(record, *actions)
    queues.retry_after(_queue_url(), receipt_handle, 0 if last else retry_delay_seconds(attempt))
    if last:
        metrics.printout_failed()
    return "FAILED" if last else "RETRY"
