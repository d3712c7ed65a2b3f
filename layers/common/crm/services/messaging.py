"""Messages the system sends a contact itself (OTPs, links, printouts): delivered, then recorded in the
contact's inbox as a communication of its channel.

Against SMS pumping and test-mode abuse:
- SMS go only to the countries of SMS_COUNTRIES (template parameter SmsCountries: calling codes or ISO 3166
  alpha-3 codes, or "*"); another number answers 400 and nothing is sent or written.
- Each organisation may send at most SMS_DAILY_BUDGET_<MODE> SMS per mode and UTC day (template parameters
  SmsDailyBudgetLive, SmsDailyBudgetTest). A send is reserved atomically before it goes out; a spent budget
  answers 429 with Retry-After until the next UTC midnight, and nothing is sent or written.
- In test mode, mail and SMS are delivered only to the organisation's allow-listed recipients
  (`python -m crmctl.admin allow-test-recipient`); any other is recorded in the inbox as sent, with
  delivery SUPPRESSED, and logged without its content, as Stripe's test mode does. It uses no budget.
"""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools import Logger

from crm.context import RequestContext
from crm.data import budgets
from crm.data.communications import record_communication
from crm.data.delivery import Attachment, DeliveryFailed, send_email, send_sms
from crm.data.tenancy import find_organisation
from crm.errors import CrmError, ErrorCode, InvalidInput, TooManyRequests
from crm.messages import Look, language_for, render_email, render_sms
from crm.phones import InvalidPhone, calling_code
from crm.settings import mail_from, sms_countries, sms_daily_budget

logger = Logger(child=True)

SUPPRESSED = "SUPPRESSED"
DAY = budgets.DAY


class UpstreamFailed(CrmError):
    status = 502
    error = ErrorCode.UPSTREAM
    message = "The message could not be sent; try again."


def _record(ctx: RequestContext, contact_id: str, **fields) -> None:
    try:
        record_communication(tenant=ctx.tenant, contact_id=contact_id, **fields)
    except Exception:  # the message went out: a missing inbox entry must not turn it into an error
        logger.exception("sent message not recorded", extra={"channel": fields.get("channel")})


# ---------------------------------------------------------------- the rules


def allowed_calling_codes() -> frozenset[str] | None:
    """None: every country."""
    entries = sms_countries()
    if "*" in entries:
        return None
    codes = set()
    for entry in entries:
        try:
            codes.add(calling_code(entry))
        except InvalidPhone:
            logger.warning("SmsCountries entry ignored", extra={"entry": entry})
    return frozenset(codes)


def check_sms_country(phone_number: str) -> None:
    """400 for a number outside the allowed countries (calling codes are prefix-free: +357... is 357's)."""
    codes = allowed_calling_codes()
    digits = phone_number.removeprefix("+")
    if codes is not None and not any(digits.startswith(code) for code in codes):
        raise InvalidInput("SMS to this country are not enabled.", ["phone_number"])


def recipient_entry(*, email: str | None = None, phone: str | None = None) -> str:
    """How an allow-list entry is written: "*", an address or "*@domain" in lower case, an E.164 number."""
    if email is not None:
        value = email.strip().lower()
        if value != "*" and (value.count("@") != 1 or not value.split("@")[1]):
            raise ValueError("give an e-mail address, *@domain or *")
        return value
    if phone is None or not phone.startswith("+") or not phone[1:].isdigit():
        raise ValueError("give an E.164 phone number (+357...)")
    return phone


def delivers_in_test_mode(ctx: RequestContext, recipient: str) -> bool:
    """Live mode delivers to anyone; test mode only to the organisation's allow-list."""
    if ctx.mode != "test":
        return True
    organisation = find_organisation(ctx.organisation_id)
    allowed = set(organisation.test_recipients or ()) if organisation is not None else set()
    value = recipient.strip().lower()
    return "*" in allowed or value in allowed or ("@" in value and "*@" + value.rsplit("@", 1)[1] in allowed)


def _next_utc_day(now: int) -> int:
    return now - now % DAY + DAY


def reserve_sms(ctx: RequestContext, now: int | None = None) -> str:
    """One SMS of today's budget (answers the counter's id, to give it back if the send fails); 429 when spent."""
    now = int(now if now is not None else time.time())
    day = time.strftime("%Y-%m-%d", time.gmtime(now))
    item_id = budgets.budget_id("SMS", ctx.organisation_id, ctx.mode, day)
    budget = sms_daily_budget(ctx.mode)
    if not budgets.reserve(item_id, budget, expires_at=_next_utc_day(now) + DAY):
        logger.warning(
            "SMS budget spent", extra={"organisation_id": ctx.organisation_id, "mode": ctx.mode, "budget": budget}
        )
        raise TooManyRequests(
            "The organisation's daily SMS budget is spent; try again after midnight UTC.",
            ["SMS", budget],
            headers={"Retry-After": str(_next_utc_day(now) - now)},
        )
    return item_id


def _suppressed(ctx: RequestContext, contact_id: str, channel: str, **fields) -> None:
    logger.info(
        "test mode: message recorded, not delivered",
        extra={
            "channel": channel,
            "contact_id": contact_id,
            "organisation_id": ctx.organisation_id,
            "message_name": fields.get("name"),
        },
    )
    _record(ctx, contact_id, channel=channel, delivery=SUPPRESSED, **fields)


# ---------------------------------------------------------------- sending


def email_contact(
    ctx: RequestContext,
    contact_id: str,
    to: str,
    subject: str,
    text: str,
    *,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    name: str | None = None,
    record_text: str | None = None,
    sender_name: str | None = None,
) -> None:
    """Sends an e-mail to a contact. `record_text` is what the inbox keeps when the mail holds a secret
    (an OTP or a one-time link must not be readable again from the inbox)."""
    recorded = dict(
        recipient=to,
        subject=subject,
        sender=mail_from(),
        name=name,
        content=record_text if record_text is not None else text,
    )
    if not delivers_in_test_mode(ctx, to):
        _suppressed(ctx, contact_id, "EMAIL", **recorded)
        return
    try:
        send_email(to, subject, text, html=html, attachments=attachments, sender_name=sender_name)
    except DeliveryFailed as exc:
        raise UpstreamFailed(parameters=["EMAIL"]) from exc
    _record(ctx, contact_id, channel="EMAIL", **recorded)


def sms_contact(
    ctx: RequestContext,
    contact_id: str,
    phone_number: str,
    text: str,
    *,
    name: str | None = None,
    record_text: str | None = None,
) -> None:
    check_sms_country(phone_number)
    recorded = dict(
        recipient=phone_number, subject=None, name=name, content=record_text if record_text is not None else text
    )
    if not delivers_in_test_mode(ctx, phone_number):
        _suppressed(ctx, contact_id, "SMS", **recorded)
        return
    reservation = reserve_sms(ctx)
    try:
        send_sms(phone_number, text)
    except DeliveryFailed as exc:
        budgets.release(reservation)
        raise UpstreamFailed(parameters=["SMS"]) from exc
    _record(ctx, contact_id, channel="SMS", **recorded)


# ---------------------------------------------------------------- from templates (crm/messages)


def look_and_language(ctx: RequestContext, contact_id: str, language: str | None) -> tuple[Look, str]:
    """The organisation's look, and the language: the contact's (`language`, or read from the contact when None),
    the organisation's default next, English last."""
    from crm.services.branding import look_of

    look = look_of(ctx.organisation_id, ctx.mode)
    if language is None:
        from crm.data.contacts import find_contact

        contact = find_contact(ctx.tenant, contact_id)
        language = contact.preferred_language_code if contact is not None else None
    return look, language_for(language, look.default_language)


def email_message(
    ctx: RequestContext,
    contact_id: str,
    to: str,
    kind: str,
    values: dict[str, Any],
    *,
    language: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    name: str | None = None,
    record_text: str | None = None,
) -> None:
    """Sends the message `kind` (crm/messages) by e-mail, both parts, in the organisation's look."""
    look, chosen = look_and_language(ctx, contact_id, language)
    mail = render_email(kind, chosen, values, look)
    email_contact(
        ctx,
        contact_id,
        to,
        mail.subject,
        mail.text,
        html=mail.html,
        attachments=attachments,
        name=name,
        record_text=record_text,
        sender_name=look.brand.sender_name or look.brand.name,
    )


def sms_message(
    ctx: RequestContext,
    contact_id: str,
    phone_number: str,
    kind: str,
    values: dict[str, Any],
    *,
    language: str | None = None,
    name: str | None = None,
    record_text: str | None = None,
) -> None:
    look, chosen = look_and_language(ctx, contact_id, language)
    sms_contact(
        ctx, contact_id, phone_number, render_sms(kind, chosen, values, look), name=name, record_text=record_text
    )
