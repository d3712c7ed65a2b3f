"""Messages the system sends a contact itself (OTPs, links, printouts): delivered, then recorded in the
contact's inbox as a communication of its channel."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from crm.context import RequestContext
from crm.data.communications import record_communication
from crm.data.delivery import Attachment, DeliveryFailed, send_email, send_sms
from crm.errors import CrmError, ErrorCode
from crm.settings import mail_from

logger = Logger(child=True)


class UpstreamFailed(CrmError):
    status = 502
    error = ErrorCode.UPSTREAM
    message = "The message could not be sent; try again."


def _record(ctx: RequestContext, contact_id: str, **fields) -> None:
    try:
        record_communication(tenant=ctx.tenant, contact_id=contact_id, **fields)
    except Exception:  # the message went out: a missing inbox entry must not turn it into an error
        logger.exception("sent message not recorded", extra={"channel": fields.get("channel")})


def email_contact(ctx: RequestContext, contact_id: str, to: str, subject: str, text: str, *,
                  html: str | None = None, attachments: tuple[Attachment, ...] = (), name: str | None = None,
                  record_text: str | None = None) -> None:
    """Sends an e-mail to a contact. `record_text` is what the inbox keeps when the mail holds a secret
    (an OTP or a one-time link must not be readable again from the inbox)."""
    try:
        send_email(to, subject, text, html=html, attachments=attachments)
    except DeliveryFailed as exc:
        raise UpstreamFailed(parameters=["EMAIL"]) from exc
    _record(ctx, contact_id, channel="EMAIL", recipient=to, subject=subject, sender=mail_from(), name=name,
            content=record_text if record_text is not None else text)


def sms_contact(ctx: RequestContext, contact_id: str, phone_number: str, text: str, *, name: str | None = None,
                record_text: str | None = None) -> None:
    try:
        send_sms(phone_number, text)
    except DeliveryFailed as exc:
        raise UpstreamFailed(parameters=["SMS"]) from exc
    _record(ctx, contact_id, channel="SMS", recipient=phone_number, subject=None, name=name,
            content=record_text if record_text is not None else text)
