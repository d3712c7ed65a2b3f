"""The back office's events, taken in: communications and approval requests appear in a contact's lists;
cards and loyalty identifiers are attached to (or detached from) a contact, so that they identify it.

Each event is validated whole before anything is written; a bad one is not retried but goes to the
dead-letter queue with the reason. Each kind is idempotent: a repeated event (same event id, or for approval
requests the same request id) changes nothing and sends nothing."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from crm.context import RequestContext
from crm.data import approvals as approval_store
from crm.data.approvals import ENTITY_TYPES, NotPending
from crm.data.communications import CHANNELS, LIFE_CYCLE_STATES, record_communication
from crm.data.contacts import find_contact
from crm.data.deadletters import dead_letter
from crm.data.tenancy import find_organisation
from crm.services.approvals import new_links
from crm.services.entity_types import approval_type
from crm.services.messaging import email_message
from crm.settings import check_environment

logger = Logger(child=True)

SOURCE = "crm.backoffice"
COMMUNICATION_CREATED = "communication.created"
APPROVAL_REQUEST_CREATED = "approval_request.created"
APPROVAL_REQUEST_WITHDRAWN = "approval_request.withdrawn"
IDENTIFIER_ATTACHED = "identifier.attached"
IDENTIFIER_DETACHED = "identifier.detached"
DETAIL_TYPES = (
    COMMUNICATION_CREATED,
    APPROVAL_REQUEST_CREATED,
    APPROVAL_REQUEST_WITHDRAWN,
    IDENTIFIER_ATTACHED,
    IDENTIFIER_DETACHED,
)

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128, pattern=r"^[^#\s]+$")]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2048, pattern=r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
]


class Detail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: Id
    mode: Literal["test", "live"]
    contact_id: Id
    event_id: Id | None = Field(
        default=None,
        description="The back office's id of this event: a repeat with "
        "the same id changes nothing (defaults to the EventBridge event id)",
    )


class CommunicationCreated(Detail):
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    life_cycle_state: Literal[LIFE_CYCLE_STATES] = "COMPLETED"  # type: ignore[valid-type]
    name: Short | None = None
    subject: Short | None = None
    content: Text | None = None
    sender: Short | None = None
    recipient: Short | None = None
    language: Short | None = None
    title: Short | None = None
    subtitle: Short | None = None
    in_app_image_url: Url | None = None
    in_app_click_link_url: Url | None = None

    @model_validator(mode="after")
    def _says_something(self) -> "CommunicationCreated":
        if not (self.subject or self.content or self.title):
            raise ValueError("a communication needs a subject, a content or a title")
        return self


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Id
    type: Annotated[Literal[ENTITY_TYPES], BeforeValidator(approval_type)]  # type: ignore[valid-type]
    reference: Short | None = None


class ApprovalRequestCreated(Detail):
    request_id: Id
    entity: Entity
    notify: bool = Field(default=True, description="e-mail the contact an approve link and a reject link")


class ApprovalRequestWithdrawn(Detail):
    request_id: Id


IdentifierValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class IdentifierAttached(Detail):
    """A gift pass is not attached by an event: its pin would travel on the bus and stay in clear in the
    dead-letter queue. Operators attach gift passes with `python -m crmctl.admin attach-identifier`."""

    kind: Literal["CARD", "LOYALTY_IDENTIFIER"]
    value: IdentifierValue
    shared: bool = Field(default=False, description="allow a value that another contact holds too")


class IdentifierDetached(Detail):
    kind: Literal["CARD", "LOYALTY_IDENTIFIER", "GIFT_PASS"]
    value: IdentifierValue


MODELS: dict[str, type[Detail]] = {
    COMMUNICATION_CREATED: CommunicationCreated,
    APPROVAL_REQUEST_CREATED: ApprovalRequestCreated,
    APPROVAL_REQUEST_WITHDRAWN: ApprovalRequestWithdrawn,
    IDENTIFIER_ATTACHED: IdentifierAttached,
    IDENTIFIER_DETACHED: IdentifierDetached,
}


class Rejected(Exception):
    """The event cannot be taken in, whatever the retries: it goes to the dead-letter queue."""


def parse(event: dict[str, Any]) -> Detail:
    if not isinstance(event, dict) or event.get("source") != SOURCE:
        raise Rejected(f"source must be {SOURCE}")
    detail_type = event.get("detail-type")
    if detail_type not in MODELS:
        raise Rejected(f"detail-type must be one of {', '.join(DETAIL_TYPES)}")
    try:
        detail = MODELS[detail_type].model_validate(event.get("detail"))
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'detail'}: {e['msg']}" for e in exc.errors())
        raise Rejected(f"invalid {detail_type}: {reasons}") from None
    if detail.event_id is None:
        if not event.get("id"):
            raise Rejected("the event has no id and its detail no event_id")
        detail.event_id = str(event["id"])
    if find_organisation(detail.organisation_id) is None:
        raise Rejected(f"unknown organisation {detail.organisation_id}")
    return detail


def _context(detail: Detail) -> RequestContext:
    return RequestContext(organisation_id=detail.organisation_id, mode=detail.mode)


def _contact(detail: Detail):
    contact = find_contact(_context(detail).tenant, detail.contact_id)
    if contact is None:
        raise Rejected(f"unknown contact {detail.contact_id} in {detail.organisation_id} ({detail.mode})")
    return contact


def take_communication(detail: CommunicationCreated) -> str:
    _contact(detail)
    fields = detail.model_dump(exclude={"organisation_id", "mode", "contact_id", "event_id"}, exclude_none=True)
    communication = record_communication(
        tenant=_context(detail).tenant,
        contact_id=detail.contact_id,
        source_id=detail.event_id,
        recipient=fields.pop("recipient", None),
        subject=fields.pop("subject", None),
        content=fields.pop("content", None),
        **fields,
    )
    return communication.id


def take_approval_request(detail: ApprovalRequestCreated) -> str:
    contact = _contact(detail)
    ctx = _context(detail)
    request, created = approval_store.create_request(
        tenant=ctx.tenant,
        contact_id=detail.contact_id,
        source_id=detail.request_id,
        entity_type=detail.entity.type,
        entity_id=detail.entity.id,
        entity_reference=detail.entity.reference,
    )
    if not created and (request.entity_type, request.entity_id) != (detail.entity.type, detail.entity.id):
        raise Rejected(f"approval request {detail.request_id} already exists for another entity")
    if detail.notify and not request.notified and request.state == "PENDING" and contact.email_address:
        links = new_links(ctx.tenant, request)
        what = f"{detail.entity.type.replace('_', ' ').lower()} {detail.entity.reference or detail.entity.id}"
        # The inbox keeps the mail without its one-time links.
        email_message(
            ctx,
            detail.contact_id,
            contact.email_address,
            "APPROVAL_REQUEST",
            {"what": what, "approve_link": links["APPROVE"], "reject_link": links["REJECT"]},
            language=contact.preferred_language_code or "",
            name="Approval request",
            record_text=f"Your approval is requested for {what}.",
        )
        approval_store.mark_notified(request)
    return request.id


def withdraw_approval_request(detail: ApprovalRequestWithdrawn) -> str:
    _contact(detail)
    request = approval_store.find_by_source(_context(detail).tenant, detail.contact_id, detail.request_id)
    if request is None:
        raise Rejected(f"unknown approval request {detail.request_id}")
    if request.state == "PENDING":
        try:
            approval_store.transition(request, "WITHDRAWN", answered_by="BACK_OFFICE", now=int(time.time()))
        except NotPending:
            pass  # answered meanwhile: the answer stands
    return request.id


def take_identifier(detail: IdentifierAttached | IdentifierDetached) -> str:
    """Attaching or detaching again changes nothing: both are idempotent without an event record."""
    from crm.services import credentials

    _contact(detail)
    tenant = _context(detail).tenant
    try:
        if isinstance(detail, IdentifierDetached):
            credentials.detach_identifier(tenant, detail.contact_id, detail.kind, detail.value)
            return detail.contact_id
        credentials.attach_identifier(tenant, detail.contact_id, detail.kind, detail.value, shared=detail.shared)
    except credentials.IdentifierShared:
        raise Rejected(
            f"{detail.kind} {detail.value} is attached to another contact; send shared: true to attach it to both"
        ) from None
    except ValueError as exc:
        raise Rejected(f"invalid {IDENTIFIER_ATTACHED}: {exc}") from None
    return detail.contact_id


def ingest(event: dict[str, Any]) -> dict[str, Any]:
    """Takes one EventBridge event in. Answers what happened; a transient failure (AWS) raises, so that the
    event is retried and, at last, dead-lettered by Lambda."""
    check_environment()  # a missing variable fails the first event, named, before any is parsed
    try:
        detail = parse(event)
        if isinstance(detail, CommunicationCreated):
            record_id = take_communication(detail)
        elif isinstance(detail, ApprovalRequestCreated):
            record_id = take_approval_request(detail)
        elif isinstance(detail, (IdentifierAttached, IdentifierDetached)):
            record_id = take_identifier(detail)
        else:
            record_id = withdraw_approval_request(detail)  # type: ignore[arg-type]
    except Rejected as exc:
        logger.warning(
            "back-office event rejected",
            extra={"reason": str(exc), "event_id": event.get("id") if isinstance(event, dict) else None},
        )
        dead_letter(event, str(exc))
        return {"status": "REJECTED", "reason": str(exc)}
    return {"status": "ACCEPTED", "id": record_id}
