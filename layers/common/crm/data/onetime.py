"""One-time secrets: sign-in codes (OTPs), their per-contact send state, and one-time link tokens
(password reset, e-mail verification). One table, keyed by `id`; DynamoDB's TTL removes expired items
some time after `expires_at`, and every reader checks the expiry itself. Only hashes of codes and tokens
are stored."""

from __future__ import annotations

from collections.abc import Callable

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

    def is_active(self, now: int) -> bool:
        """Not used and not expired (spend_token checks the same in its write)."""
        return self.used_on is None and self.expires_at > now


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


def reserve_try(code: OneTimeCode, max_attempts: int) -> bool:
    """Counts one try before the code is compared, atomically: False (nothing counted) when the code is spent
    or its tries ran out, so that parallel guesses never compare more than `max_attempts` codes."""
    try:
        code.update(
            actions=[OneTimeCode.attempts.add(1)],
            condition=OneTimeCode.used_on.does_not_exist() & (OneTimeCode.attempts < max_attempts),
        )
    except UpdateError:
        return False
    return True


def spend_code(code: OneTimeCode, max_attempts: int, now: int) -> bool:
    """Marks the code used; False when another request used it first or it ran out of tries."""
    try:
        code.update(
            actions=[OneTimeCode.used_on.set(now)],
            condition=OneTimeCode.used_on.does_not_exist() & (OneTimeCode.attempts <= max_attempts),
        )
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
        token.update(
            actions=[OneTimeToken.used_on.set(now)],
            condition=OneTimeToken.used_on.does_not_exist() & (OneTimeToken.expires_at > now),
        )
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


RESERVE_ROUNDS = 50  # optimistic rounds before a contended reservation gives up (and is refused)


def reserve_guess(
    digest: str, now: int, lock_for: Callable[[int], int | None], forget_after: int
) -> LoginThrottle | None:
    """Counts one guess of the secret under `digest` BEFORE it is verified, in one conditional UpdateItem: the
    count moves from the value read to the next only while the item is not locked, and `lock_for(count)` (None:
    no lock) locks it in the same write. None when it is locked (then nothing was counted); otherwise the record
    with the guess counted, so that no number of parallel requests verifies more guesses than the lock allows."""
    for _ in range(RESERVE_ROUNDS):
        throttle = find_login_throttle(digest)
        if throttle.locked_until and throttle.locked_until > now:
            return None
        seen = int(throttle.failed_logins or 0)
        until = lock_for(seen + 1)
        actions = [
            LoginThrottle.failed_logins.set(seen + 1),
            LoginThrottle.kind.set("LOGIN"),
            LoginThrottle.expires_at.set((until or now) + forget_after),
        ]
        if until is not None:
            actions.append(LoginThrottle.locked_until.set(until))
        unchanged = (LoginThrottle.failed_logins == seen) if seen else LoginThrottle.failed_logins.does_not_exist()
        not_locked = LoginThrottle.locked_until.does_not_exist() | (LoginThrottle.locked_until <= now)
        try:
            throttle.update(actions=actions, condition=unchanged & not_locked)
        except UpdateError:
            continue  # another request counted first: read again
        return throttle
    return None


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


class LookupThrottle(Model):
    """Failed credential look-ups (/contacts/validate, /contacts/otp) under one keyed hash: of a value asked
    (an e-mail address, a phone, an id number, ...) or of a source address, in a window that starts at its first
    failure. Only the HMAC of the value is stored."""

    Meta = table_meta("ONE_TIME_TABLE")

    id = UnicodeAttribute(hash_key=True)  # LOOKUP#<HMAC of tenant#value>
    kind = UnicodeAttribute(default="LOOKUP")
    failures = NumberAttribute(default=0)
    window_ends = NumberAttribute()
    expires_at = NumberAttribute()


def lookup_throttle_id(digest: str) -> str:
    return f"LOOKUP#{digest}"


def _conditional(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def reserve_lookup(digest: str, limit: int, window: int, now: int) -> int | None:
    """Counts one look-up under `digest` BEFORE it is made, in one conditional UpdateItem (a second one when the
    last window ended), while fewer than `limit` are counted in the current window (a new window starts when
    none is running). None when it was counted; otherwise nothing is counted and the answer is when the window
    ends (when to retry), so that no number of parallel look-ups makes more than `limit` in a window."""
    item = LookupThrottle(id=lookup_throttle_id(digest))
    for _ in range(RESERVE_ROUNDS):
        try:  # one call when a window runs, or when none was ever started (ADD starts at 0)
            item.update(
                actions=[
                    LookupThrottle.failures.add(1),
                    LookupThrottle.kind.set("LOOKUP"),
                    LookupThrottle.window_ends.set(LookupThrottle.window_ends | now + window),
                    LookupThrottle.expires_at.set(LookupThrottle.expires_at | now + window),
                ],
                condition=LookupThrottle.window_ends.does_not_exist()
                | ((LookupThrottle.window_ends > now) & (LookupThrottle.failures < limit)),
            )
            return None
        except UpdateError as exc:
            if not _conditional(exc):
                raise
        try:  # the window ended: this look-up starts another
            item.update(
                actions=[
                    LookupThrottle.failures.set(1),
                    LookupThrottle.window_ends.set(now + window),
                    LookupThrottle.expires_at.set(now + window),
                ],
                condition=LookupThrottle.window_ends <= now,
            )
            return None
        except UpdateError as exc:
            if not _conditional(exc):
                raise
        try:
            current = LookupThrottle.get(item.id, consistent_read=True)
        except LookupThrottle.DoesNotExist:
            continue
        if current.window_ends > now and int(current.failures or 0) >= limit:
            return int(current.window_ends)
    return now + window  # contended beyond reason: refused


def release_lookup(digest: str) -> None:
    """Gives back a reserved look-up that did not fail (it named exactly one contact)."""
    try:
        LookupThrottle(id=lookup_throttle_id(digest)).update(
            actions=[LookupThrottle.failures.add(-1)], condition=LookupThrottle.failures > 0
        )
    except UpdateError as exc:
        if not _conditional(exc):
            raise


def lookup_failures(digest: str, now: int) -> int:
    """Failures counted under `digest` in its running window (0 when none runs)."""
    try:
        item = LookupThrottle.get(lookup_throttle_id(digest), consistent_read=True)
    except LookupThrottle.DoesNotExist:
        return 0
    return int(item.failures or 0) if item.window_ends > now else 0
