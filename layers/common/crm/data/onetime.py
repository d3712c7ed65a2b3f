"""One-time secrets: sign-in codes (OTPs), their per-contact send state, and one-time link tokens
(password reset, e-mail verification). One table, keyed by `id`; DynamoDB's TTL removes expired items
some time after `expires_at`, and every reader checks the expiry itself. Only hashes of codes and tokens
are stored."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta


class OneTimeCode(Model):
    """An OTP, by its public id (`auth_otp`)."""

    Meta = table_meta("ONE_TIME_TABLE")

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="OTP")
    tenant = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    # The identity the code was sent to: a right code proves the contact owns it (verifies it).
    identity_key = UnicodeAttribute(null=True)
    code_hash = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    used_on = NumberAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)
    expires_at = NumberAttribute()


class OtpState(Model):
    """Per contact: which OTP is the latest (only it is valid) and when codes were sent (rate limit)."""

    Meta = table_meta("ONE_TIME_TABLE")

    id = UnicodeAttribute(hash_key=True)  # OTPSTATE#<tenant>#<contact id>
    kind = UnicodeAttribute(default="OTPSTATE")
    latest_otp_id = UnicodeAttribute(null=True)
    sent_on = ListAttribute(of=NumberAttribute, default=list)
    expires_at = NumberAttribute()
    version = VersionAttribute()


class OneTimeToken(Model):
    """A password-reset or e-mail-verification token, by the hash of the token."""

    Meta = table_meta("ONE_TIME_TABLE")

    id = UnicodeAttribute(hash_key=True)  # TOKEN#<sha-256 of the token>
    kind = UnicodeAttribute()  # RESET | VERIFY | EMAIL_CHANGE (identity_key: the new address)
    tenant = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    identity_key = UnicodeAttribute()
    used_on = NumberAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)
    expires_at = NumberAttribute()


def otp_state_id(tenant: str, contact_id: str) -> str:
    return f"OTPSTATE#{tenant}#{contact_id}"


def token_id(token_hash: str) -> str:
    return f"TOKEN#{token_hash}"


def find_code(otp_id: str) -> OneTimeCode | None:
    try:
        code = OneTimeCode.get(otp_id, consistent_read=True)
    except OneTimeCode.DoesNotExist:
        return None
    return code if code.kind == "OTP" else None


def find_otp_state(tenant: str, contact_id: str) -> OtpState | None:
    try:
        return OtpState.get(otp_state_id(tenant, contact_id), consistent_read=True)
    except OtpState.DoesNotExist:
        return None


def count_wrong_try(code: OneTimeCode, max_attempts: int) -> None:
    """One more wrong try, unless the code is already spent."""
    try:
        code.update(actions=[OneTimeCode.attempts.add(1)], condition=OneTimeCode.attempts < max_attempts)
    except UpdateError:
        pass


def spend_code(code: OneTimeCode, max_attempts: int, now: int) -> bool:
    """Marks the code used; False when another request used it first or it ran out of tries."""
    try:
        code.update(actions=[OneTimeCode.used_on.set(now)],
                    condition=OneTimeCode.used_on.does_not_exist() & (OneTimeCode.attempts < max_attempts))
    except UpdateError:
        return False
    return True


def find_token(token_hash: str, kind: str | tuple[str, ...]) -> OneTimeToken | None:
    """The token of that hash when it is of that kind (or one of those kinds)."""
    kinds = (kind,) if isinstance(kind, str) else kind
    try:
        token = OneTimeToken.get(token_id(token_hash), consistent_read=True)
    except OneTimeToken.DoesNotExist:
        return None
    return token if token.kind in kinds else None


def spend_token(token: OneTimeToken, now: int) -> bool:
    try:
        token.update(actions=[OneTimeToken.used_on.set(now)],
                     condition=OneTimeToken.used_on.does_not_exist() & (OneTimeToken.expires_at > now))
    except UpdateError:
        return False
    return True


class LoginThrottle(Model):
    """Wrong passwords in a row for one username (registered or not: an unknown username is counted and
    locked alike, so neither the lockout nor the time taken tells who is registered)."""

    Meta = table_meta("ONE_TIME_TABLE")

    id = UnicodeAttribute(hash_key=True)  # LOGIN#<sha-256 of tenant#identity key>
    kind = UnicodeAttribute(default="LOGIN")
    failed_logins = NumberAttribute(default=0)
    locked_until = NumberAttribute(null=True)
    expires_at = NumberAttribute()


def login_throttle_id(digest: str) -> str:
    return f"LOGIN#{digest}"


def find_login_throttle(digest: str) -> LoginThrottle:
    """The throttle record, or a fresh (unsaved) one with no failures."""
    try:
        return LoginThrottle.get(login_throttle_id(digest), consistent_read=True)
    except LoginThrottle.DoesNotExist:
        return LoginThrottle(id=login_throttle_id(digest), failed_logins=0, expires_at=0)


def count_failed_login(throttle: LoginThrottle, now: int, forget_after: int) -> int:
    """One more wrong password; answers the count of failures in a row."""
    throttle.update(actions=[LoginThrottle.failed_logins.add(1), LoginThrottle.kind.set("LOGIN"),
                             LoginThrottle.expires_at.set(now + forget_after)])
    return int(throttle.failed_logins)


def lock_login(throttle: LoginThrottle, until: int, forget_after: int) -> None:
    throttle.update(actions=[LoginThrottle.locked_until.set(until), LoginThrottle.expires_at.set(until + forget_after)])


def clear_login_failures(throttle: LoginThrottle) -> None:
    if throttle.failed_logins or throttle.locked_until:
        throttle.delete()


def count_send_within_hour(state_id: str, limit: int, now: int) -> bool:
    """Counts one send in the record's last hour; False (nothing counted) when `limit` were already sent
    or a concurrent request counted first."""
    try:
        state = OtpState.get(state_id, consistent_read=True)
    except OtpState.DoesNotExist:
        state = OtpState(id=state_id)
    recent = [t for t in (state.sent_on or []) if t > now - 3600]
    if len(recent) >= limit:
        return False
    state.kind, state.sent_on, state.expires_at = "SENDSTATE", recent + [now], now + 3600
    try:
        state.save()  # the version attribute refuses a concurrent change
    except PutError:
        return False
    return True
