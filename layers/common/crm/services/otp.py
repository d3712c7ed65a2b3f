"""One-time sign-in codes: 6 digits from a CSPRNG, valid 5 minutes, single use, only the latest one of a
contact valid, stored as a hash, dead after 3 wrong tries (Auth0's rule); at most 5 sends per contact per
hour (SMS pumping costs money), then 429."""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass

from pynamodb.exceptions import PutError

from crm import metrics
from crm.context import RequestContext
from crm.data.onetime import OneTimeCode, OtpState, find_code, find_otp_state, otp_state_id, reserve_try, spend_code
from crm.errors import Conflict, CrmError, ErrorCode, TooManyRequests
from crm.services.messaging import email_message, sms_message
from crm.tokens import hash_secret_token, same_hash

CODE_SECONDS = 300
MAX_WRONG_TRIES = 3
SENDS_PER_HOUR = 5
HOUR = 3600


class InvalidCode(CrmError):
    status = 401
    error = ErrorCode.INVALID_LOGIN
    message = "The code is wrong, used or expired; request a new one."


@dataclass
class PreparedOtp:
    """A code about to be sent, and the records that make it valid (saved once it was sent)."""

    code: str
    record: OneTimeCode
    state: OtpState

    @property
    def auth_otp(self) -> str:
        return self.record.id


def _code_hash(otp_id: str, code: str) -> str:
    return hash_secret_token(f"{otp_id}:{code}")


def prepare(ctx: RequestContext, contact_id: str, identity_key: str | None, now: int | None = None) -> PreparedOtp:
    """A new code for the contact; 429 when it already had SENDS_PER_HOUR codes in the last hour."""
    now = int(now if now is not None else time.time())
    state = find_otp_state(ctx.tenant, contact_id) or OtpState(id=otp_state_id(ctx.tenant, contact_id))
    recent = sorted(t for t in (state.sent_on or []) if t > now - HOUR)
    if len(recent) >= SENDS_PER_HOUR:
        retry_after = max(1, recent[0] + HOUR - now)
        raise TooManyRequests(
            "Too many codes requested; try again later.", ["otp"], headers={"Retry-After": str(retry_after)}
        )
    otp_id = str(uuid.uuid4())
    code = f"{secrets.randbelow(10**6):06d}"
    record = OneTimeCode(
        id=otp_id,
        tenant=ctx.tenant,
        contact_id=contact_id,
        identity_key=identity_key,
        code_hash=_code_hash(otp_id, code),
        attempts=0,
        expires_at=now + CODE_SECONDS,
    )
    state.latest_otp_id = otp_id
    state.sent_on = recent + [now]
    state.expires_at = now + HOUR
    return PreparedOtp(code=code, record=record, state=state)


def deliver(
    ctx: RequestContext,
    contact_id: str,
    otp: PreparedOtp,
    *,
    email: str | None = None,
    phone: str | None = None,
    language: str | None = None,
) -> None:
    """Sends the code by e-mail or SMS (502 when SES/SNS fail; nothing is saved then), in `language` (None: the
    contact's preferred language, read from the contact)."""
    values = {"code": otp.code, "minutes": CODE_SECONDS // 60}
    note = "A sign-in code was sent."
    if phone:
        sms_message(ctx, contact_id, phone, "OTP", values, language=language, name="OTP", record_text=note)
    elif email:
        email_message(ctx, contact_id, email, "OTP", values, language=language, name="OTP", record_text=note)
    else:
        raise ValueError("an OTP needs an e-mail address or a phone number")
    metrics.otp_sent("SMS" if phone else "EMAIL")


def save(otp: PreparedOtp) -> None:
    try:
        otp.state.save()  # the version attribute refuses a concurrent change
    except PutError as exc:
        if "ConditionalCheckFailed" not in str(exc):
            raise
        raise Conflict("Another code was requested at the same moment; ask again.", ["otp"]) from None
    otp.record.save(condition=OneTimeCode.id.does_not_exist())


def count_unsent(ctx: RequestContext, stand_in_id: str) -> str:
    """For a username that names nobody: the same send count and limit as a real contact's (429 on the
    SENDS_PER_HOUR + 1-th in an hour), kept under `stand_in_id`; nothing is sent and the auth_otp answered
    matches no code. Answers that auth_otp."""
    otp = prepare(ctx, stand_in_id, None)
    try:
        otp.state.save()
    except PutError as exc:
        if "ConditionalCheckFailed" not in str(exc):
            raise
        raise Conflict("Another code was requested at the same moment; ask again.", ["otp"]) from None
    return otp.auth_otp


def send_new_code(
    ctx: RequestContext,
    contact_id: str,
    identity_key: str | None,
    *,
    email: str | None = None,
    phone: str | None = None,
) -> str:
    """For an existing contact: prepare, send, then save. Answers the auth_otp."""
    otp = prepare(ctx, contact_id, identity_key)
    deliver(ctx, contact_id, otp, email=email, phone=phone)
    save(otp)
    return otp.auth_otp


def check_code(ctx: RequestContext, otp_id: str, code: str, now: int | None = None) -> OneTimeCode:
    """The OTP record when `code` is right; it is spent at once. InvalidCode otherwise."""
    now = int(now if now is not None else time.time())
    record = find_code(otp_id)
    if record is None or record.tenant != ctx.tenant:
        raise InvalidCode(parameters=["code"])
    if record.used_on is not None or record.expires_at <= now or record.attempts >= MAX_WRONG_TRIES:
        raise InvalidCode(parameters=["code"])
    state = find_otp_state(ctx.tenant, record.contact_id)
    if state is None or state.latest_otp_id != record.id:
        raise InvalidCode(parameters=["code"])  # a newer code was sent: only the latest is valid
    if not reserve_try(record, MAX_WRONG_TRIES):  # counted before the compare: parallel tries stay within
        raise InvalidCode(parameters=["code"])
    if not same_hash(record.code_hash, _code_hash(record.id, code.strip())):
        raise InvalidCode(parameters=["code"])
    if not spend_code(record, MAX_WRONG_TRIES, now):
        raise InvalidCode(parameters=["code"])
    return record
