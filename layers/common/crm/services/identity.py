"""Registration and sign-in: EMAIL (with a password, or by a one-time code), PHONE (by a one-time code),
password reset and e-mail verification. One-time codes asked for by credentials: crm.services.credentials."""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools import Logger

from crm import metrics
from crm.context import RequestContext
from crm.data import queues
from crm.data.contacts import (
    Contact,
    Identity,
    IdentityTaken,
    PassCodeSpent,
    create_contact,
    find_contact,
    find_identity,
    mark_verified,
    set_new_password,
    update_password_hash,
)
from crm.data.onetime import (
    LoginThrottle,
    OneTimeToken,
    clear_login_failures,
    count_send_within_hour,
    find_login_throttle,
    find_token,
    reserve_guess,
    spend_token,
    token_id,
)
from crm.data.passcodes import find_pass_code
from crm.errors import (
    AlreadyExists,
    Conflict,
    CrmError,
    ErrorCode,
    Forbidden,
    InvalidInput,
    InvalidLogin,
    TooManyRequests,
)
from crm.passwords import hash_password, needs_rehash, verify_password
from crm.phones import InvalidPhone, obfuscate_email, obfuscate_phone, to_e164
from crm.services import branding, otp
from crm.services.messaging import UpstreamFailed, email_message
from crm.services.passcodes import pass_code_hash
from crm.services.sessions import end_all_sessions, new_session, start_session, tokens_answer
from crm.settings import required_env
from crm.tokens import hash_secret_token

logger = Logger(child=True)

# Lockout (Cognito's curve): from the 5th wrong password in a row, 2^(n-5) seconds, at most 15 minutes.
LOCKOUT_AFTER = 5
LOCKOUT_MAX_SECONDS = 900
FORGET_FAILURES_AFTER = 24 * 3600  # failures in a row are forgotten a day after the last one
RESET_TOKEN_SECONDS = 3600
VERIFICATION_TOKEN_SECONDS = 24 * 3600
RESETS_PER_HOUR = 5


def email_identity_key(email: str) -> str:
    return f"EMAIL#{email.strip().lower()}"


def phone_identity_key(e164: str) -> str:
    return f"PHONE#{e164}"


def new_contact_code() -> str:
    return "C" + "".join(secrets.choice("0123456789") for _ in range(10))


def phone_of(phone_number: str, country_code: str | None, field_name: str = "phone_number") -> str:
    try:
        return to_e164(phone_number, country_code)
    except InvalidPhone as exc:
        raise InvalidInput(f"Invalid phone number: {exc}.", [field_name]) from None


@dataclass
class Registration:
    """What a register request asks for, provider-independent."""

    provider: str  # EMAIL | PHONE
    profile: dict[str, Any] = field(default_factory=dict)
    email: str | None = None
    password: str | None = None
    validation_required: bool = False
    phone_number: str | None = None
    country_code: str | None = None
    pass_code: str | None = None


def otp_answer(obfuscated_value: str, auth_otp: str) -> dict[str, Any]:
    return {"obfuscated_value": obfuscated_value, "auth_otp": auth_otp}


PASS_CODE_UNUSABLE = "The pass code is invalid or already used."


def usable_pass_code(ctx: RequestContext, code: str | None):
    """The tenant's active pass code record for `code`; None when no code was given. A registration that
    names a code stops here when the code is unknown or spent."""
    if code is None:
        return None
    pass_code = find_pass_code(ctx.tenant, pass_code_hash(code))
    if pass_code is None or pass_code.state != "ACTIVE":
        raise InvalidInput(PASS_CODE_UNUSABLE, ["pass_code"])
    return pass_code


def register(ctx: RequestContext, request: Registration, *, link_base: str) -> dict[str, Any]:
    """Creates the contact and its identity in one transaction, or nothing at all.

    EMAIL with a password answers tokens at once, or with `validation_required` sends a verification
    link first; EMAIL without a password and PHONE send a one-time code and answer where it went. Any
    message is sent before anything is written, so a failure of SES/SNS (502) leaves nothing behind and
    the request can be retried as it was."""
    pass_code = usable_pass_code(ctx, request.pass_code)

    contact = Contact(
        tenant=ctx.tenant,
        id=str(uuid.uuid4()),
        code=new_contact_code(),
        type="PERSON",
        organisation_ids=[ctx.organisation_id],
        **request.profile,
    )
    if request.provider == "PHONE":
        if not request.phone_number:
            raise InvalidInput("identity.phone_number is required for PHONE.", ["identity.phone_number"])
        e164 = phone_of(request.phone_number, request.country_code, "identity.phone_number")
        contact.phone = {"type": "MOBILE", "country_code": (request.country_code or "").upper() or None, "number": e164}
        identity = Identity(
            tenant=ctx.tenant,
            identity_key=phone_identity_key(e164),
            provider="PHONE",
            contact_id=contact.id,
            is_verified=False,
        )
        taken_field = "identity.phone_number"
    else:
        assert request.email
        email = request.email.strip().lower()
        contact.email_address = email
        identity = Identity(
            tenant=ctx.tenant,
            identity_key=email_identity_key(email),
            provider="EMAIL",
            contact_id=contact.id,
            is_verified=False,
            password_hash=hash_password(request.password) if request.password else None,
            verification_required=bool(request.password and request.validation_required),
        )
        taken_field = "username"
    if find_identity(ctx.tenant, identity.identity_key) is not None:
        raise AlreadyExists("A contact with this identity already exists.", [taken_field])

    session = refresh_token = None
    also_save: tuple = ()
    answer: dict[str, Any]
    if request.provider == "EMAIL" and request.password and not request.validation_required:
        session, refresh_token = new_session(ctx, contact.id, "EMAIL", False)
        answer = {}
    elif request.provider == "EMAIL" and request.password:
        token, record = new_link_token(ctx, contact.id, identity.identity_key, "VERIFY", VERIFICATION_TOKEN_SECONDS)
        email_message(
            ctx,
            contact.id,
            contact.email_address,
            "EMAIL_VERIFICATION",
            {"link": email_link(ctx, link_base, token), "hours": VERIFICATION_TOKEN_SECONDS // 3600},
            language=contact.preferred_language_code or "",
            name="EMAIL_VERIFICATION",
            record_text="An e-mail verification link was sent.",
        )
        also_save = (record,)
        answer = {"obfuscated_value": obfuscate_email(contact.email_address)}
    else:
        code = otp.prepare(ctx, contact.id, identity.identity_key)
        if request.provider == "PHONE":
            otp.deliver(ctx, contact.id, code, phone=contact.phone["number"], language=contact.preferred_language_code)
            answer = otp_answer(obfuscate_phone(contact.phone["number"]), code.auth_otp)
        else:
            otp.deliver(ctx, contact.id, code, email=contact.email_address, language=contact.preferred_language_code)
            answer = otp_answer(obfuscate_email(contact.email_address), code.auth_otp)
        also_save = (code.record, code.state)
    try:
        create_contact(contact, identity, session, also_save=also_save, pass_code=pass_code)
    except IdentityTaken:
        raise AlreadyExists("A contact with this identity already exists.", [taken_field]) from None
    except PassCodeSpent:
        raise InvalidInput(PASS_CODE_UNUSABLE, ["pass_code"]) from None
    metrics.registration(request.provider)
    if session is not None:
        return tokens_answer(ctx, contact, session, refresh_token, False)
    return answer


def register_with_email_password(
    ctx: RequestContext, *, email: str, password: str, profile: dict[str, Any]
) -> dict[str, Any]:
    """EMAIL with a password, no verification first: answers tokens."""
    return register(ctx, Registration(provider="EMAIL", email=email, password=password, profile=profile), link_base="")


def throttle_digest(tenant: str, identity_key: str) -> str:
    return hash_secret_token(f"{tenant}#{identity_key}")


def lock_seconds(failures: int) -> int | None:
    """From the LOCKOUT_AFTER-th guess in a row, a lock of 2^(n-5) s, at most 15 minutes (Cognito's curve)."""
    return min(2 ** (failures - LOCKOUT_AFTER), LOCKOUT_MAX_SECONDS) if failures >= LOCKOUT_AFTER else None


def reserve_attempt(tenant: str, key: str, now: int, parameter: str) -> LoginThrottle:
    """Counts one guess of a secret under `key` (a password, a gift pass pin) before it is verified, atomically
    (crm.data.onetime.reserve_guess): a right secret clears the count afterwards (clear_login_failures), a wrong
    one stays counted. 429 with Retry-After while locked, so parallel guesses never verify more than the lock
    allows."""
    digest = throttle_digest(tenant, key)
    # `now` is whole seconds, rounded down: one second more makes every lock last at least its length.
    throttle = reserve_guess(
        digest, now, lambda n: None if lock_seconds(n) is None else now + lock_seconds(n) + 1, FORGET_FAILURES_AFTER
    )
    if throttle is None:
        until = find_login_throttle(digest).locked_until
        metrics.lockout()
        raise TooManyRequests(
            "Too many failed attempts; try again later.",
            [parameter],
            headers={"Retry-After": str(max(1, int(until or now) - now))},
        )
    return throttle


def authenticate_with_email_password(ctx: RequestContext, *, email: str, password: str) -> dict[str, Any]:
    now = int(time.time())
    key = email_identity_key(email)
    identity = find_identity(ctx.tenant, key)
    throttle = reserve_attempt(ctx.tenant, key, now, "username")
    # verify_password checks a dummy hash when there is no identity, and guesses of unknown usernames are
    # counted as well: a wrong password and an unknown username cost the same work and get the same answers.
    if not verify_password(identity.password_hash if identity else None, password):
        raise InvalidLogin()
    assert identity is not None and identity.password_hash is not None
    contact = find_contact(ctx.tenant, identity.contact_id)
    if contact is None:
        raise InvalidLogin()
    clear_login_failures(throttle)
    if identity.verification_required and not identity.is_verified:
        raise Forbidden("The e-mail address is not verified yet: open the link we sent to it.", ["username"])
    if needs_rehash(identity.password_hash):
        update_password_hash(identity, hash_password(password))
    return start_session(ctx, contact, "EMAIL", bool(identity.is_verified))


def _fake_otp_answer(ctx: RequestContext, key: str, obfuscated_value: str) -> dict[str, Any]:
    """For an unknown username: the same answer shape and the same send limit (429 on the 6th in an hour), so
    that sign-in does not tell who is registered. No code is sent and the auth_otp matches nothing."""
    return otp_answer(obfuscated_value, otp.count_unsent(ctx, f"UNKNOWN#{throttle_digest(ctx.tenant, key)}"))


def authenticate_with_otp(
    ctx: RequestContext, *, email: str | None = None, phone_number: str | None = None, country_code: str | None = None
) -> dict[str, Any]:
    """EMAIL without a password or PHONE: sends a one-time code to that identity."""
    if phone_number is not None:
        e164 = phone_of(phone_number, country_code)
        key, shown = phone_identity_key(e164), obfuscate_phone(e164)
    else:
        assert email
        key, shown = email_identity_key(email), obfuscate_email(email.strip().lower())
    identity = find_identity(ctx.tenant, key)
    contact = find_contact(ctx.tenant, identity.contact_id) if identity else None
    if contact is None:
        return _fake_otp_answer(ctx, key, shown)
    if phone_number is not None:
        auth_otp = otp.send_new_code(ctx, contact.id, key, phone=e164)
    else:
        auth_otp = otp.send_new_code(ctx, contact.id, key, email=email.strip().lower())
    return otp_answer(shown, auth_otp)


# ---------------------------------------------------------------- signing in with a one-time code


def sign_in_with_code(ctx: RequestContext, *, code: str, auth_otp: str) -> dict[str, Any]:
    """A right one-time code (by its auth_otp: crm.services.credentials finds the latest one of the contact
    that credentials name) signs the contact in and verifies the identity it was sent to."""
    record = otp.check_code(ctx, auth_otp, code)
    contact = find_contact(ctx.tenant, record.contact_id)
    if contact is None:
        raise otp.InvalidCode(parameters=["code"])
    provider = "EMAIL"
    if record.identity_key:
        identity = find_identity(ctx.tenant, record.identity_key)
        if identity is not None and identity.contact_id == contact.id:
            provider = identity.provider
            if not identity.is_verified:
                # The first proof of the address or phone by whoever holds it: whoever signed up with it
                # unproven (a squatter) loses every session and device binding it held.
                mark_verified(ctx.tenant, identity.identity_key, contact.id)
                end_all_sessions(ctx.tenant, contact.id)
    return start_session(ctx, contact, provider, True)


# ---------------------------------------------------------------- one-time links: reset, verification


def email_link(ctx: RequestContext, link_base: str, token: str) -> str:
    """Where an e-mail verification (or new address) link goes: the organisation's page with ?token=, else the
    API's own page {API}/contacts/verify_email/{token}."""
    page = branding.page_url(ctx.organisation_id, ctx.mode, "email_verification")
    return branding.link(page, token=token) if page else f"{link_base}/contacts/verify_email/{token}"


def new_link_token(
    ctx: RequestContext, contact_id: str, identity_key: str, kind: str, seconds: int
) -> tuple[str, OneTimeToken]:
    token = secrets.token_urlsafe(32)
    record = OneTimeToken(
        id=token_id(hash_secret_token(token)),
        kind=kind,
        tenant=ctx.tenant,
        contact_id=contact_id,
        identity_key=identity_key,
        expires_at=int(time.time()) + seconds,
    )
    return token, record


class ResetNotQueued(UpstreamFailed):
    message = "The password reset could not be queued; try again."


def request_password_reset(ctx: RequestContext, *, username: str, link_base: str) -> None:
    """The request path of forgot_password: one SQS SendMessage whether the username is registered or not
    (the answer's time must not tell). The job holds no token; PasswordResetWorkerFunction does the rest."""
    job = {
        "organisation_id": ctx.organisation_id,
        "mode": ctx.mode,
        "username": username,
        "link_base": link_base,
    }
    try:
        queues.send_job(required_env("PASSWORD_RESETS_QUEUE_URL"), job)
    except queues.QueueFailed as exc:
        logger.error("password reset not queued", extra={"reason": str(exc)})
        raise ResetNotQueued() from None


def forgot_password(ctx: RequestContext, *, username: str) -> None:
    """The worker's part (PasswordResetWorkerFunction): sends a reset token when the username is an EMAIL
    identity; does nothing otherwise."""
    identity = find_identity(ctx.tenant, email_identity_key(username))
    contact = find_contact(ctx.tenant, identity.contact_id) if identity else None
    if contact is None:
        return
    if not _may_send_reset(ctx, contact.id):
        return  # at most RESETS_PER_HOUR mails: nobody can flood a mailbox through this route
    token, record = new_link_token(ctx, contact.id, identity.identity_key, "RESET", RESET_TOKEN_SECONDS)
    address = identity.identity_key.partition("#")[2]
    # Stored before the mail goes: whoever reads the mail at once finds the token usable (sending first lost that
    # race now and then). A mail that fails takes the token back, so nothing is left behind.
    record.save(condition=OneTimeToken.id.does_not_exist())
    try:
        email_message(
            ctx,
            contact.id,
            address,
            "PASSWORD_RESET",
            {
                "link": branding.link(branding.page_url(ctx.organisation_id, ctx.mode, "password_reset"), token=token),
                "minutes": RESET_TOKEN_SECONDS // 60,
            },
            language=contact.preferred_language_code or "",
            name="PASSWORD_RESET",
            record_text="A password reset link was sent.",
        )
    except UpstreamFailed:
        # Answering 502 only for known usernames would tell who is registered: log it, answer 200.
        logger.exception("password reset mail not sent")
        record.delete()


def _may_send_reset(ctx: RequestContext, contact_id: str) -> bool:
    """Counts a reset mail in the contact's last hour; False when RESETS_PER_HOUR were already sent."""
    return count_send_within_hour(f"RESETSTATE#{ctx.tenant}#{contact_id}", RESETS_PER_HOUR, int(time.time()))


class InvalidLinkToken(CrmError):
    status = 400
    error = ErrorCode.INVALID_VALUE
    message = "The token is invalid, used or expired."


def spend_link_token(token: str, kind: str | tuple[str, ...]) -> OneTimeToken:
    now = int(time.time())
    record = find_token(hash_secret_token(token.strip()), kind)
    if record is None or not record.is_active(now) or not spend_token(record, now):
        raise InvalidLinkToken(parameters=["token"])
    return record


def change_password(*, token: str, password: str) -> None:
    """Sets a new password with a reset token, ends every session of the contact and any lockout."""
    record = spend_link_token(token, "RESET")
    identity = find_identity(record.tenant, record.identity_key)
    if identity is None or identity.contact_id != record.contact_id:
        raise InvalidLinkToken(parameters=["token"])
    set_new_password(identity, hash_password(password))
    clear_login_failures(find_login_throttle(throttle_digest(record.tenant, record.identity_key)))  # ends a lockout
    if not identity.is_verified:
        # The reset token reached this mailbox: that proves the address as well as a verification link.
        mark_verified(record.tenant, record.identity_key, record.contact_id)
    end_all_sessions(record.tenant, record.contact_id)


# ---------------------------------------------------------------- Idempotency-Key on register

REGISTERED_SIGN_IN = (
    "This registration already succeeded with this Idempotency-Key: sign in "
    "(POST /contacts/authenticate) to get a session."
)


def storable_registration(answer: dict[str, Any], provider: str = "EMAIL") -> dict[str, Any]:
    """What an idempotency record may keep of a register answer: never tokens, only whom they were for."""
    if "access_token" in answer:
        return {
            "signed_in_contact_id": answer["contact"]["id"],
            "is_verified": bool(answer["contact"]["is_verified"]),
            "provider": provider,
        }
    return answer  # {obfuscated_value[, auth_otp]}: no secrets


def replay_registration(ctx: RequestContext, stored: dict[str, Any]) -> dict[str, Any]:
    """A repeat of a registration: a code answer ({obfuscated_value, auth_otp}) is answered again as stored; one
    that answered tokens never starts a session (a replay after a reset or sign-out must not sign anybody in,
    and no token is stored to answer again): 409 asking the client to sign in."""
    if "signed_in_contact_id" not in stored:
        return stored
    raise Conflict(REGISTERED_SIGN_IN, ["Idempotency-Key"])
