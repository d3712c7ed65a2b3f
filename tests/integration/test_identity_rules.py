"""Identity rules that depend on time or on a failing upstream, on moto in-process: time moves by writing
the stored timestamps, never by sleeping."""

import time

import boto3
import pytest
from moto.backends import get_backend

from crm.data.contacts import Identity, find_identity
from crm.data.onetime import LoginThrottle, OneTimeCode, OneTimeToken, find_login_throttle
from crm.errors import CrmError
from crm.services import identity as identities
from crm.services import otp
from crm.services.identity import Registration, email_identity_key
from tests.helpers import tenant_context
from tests.mail import link_token, mail_text

PASSWORD = "password1234"


@pytest.fixture
def ctx(stack):
    return tenant_context("Rules Org")


def sign_in(ctx, email, password):
    return identities.authenticate_with_email_password(ctx, email=email, password=password)


def refused(call, *args, **kwargs) -> CrmError:
    with pytest.raises(CrmError) as raised:
        call(*args, **kwargs)
    return raised.value


def stored(ctx, email) -> Identity:
    return find_identity(ctx.tenant, email_identity_key(email))


def throttle(ctx, email) -> LoginThrottle:
    return find_login_throttle(identities.throttle_digest(ctx.tenant, email_identity_key(email)))


def test_lockout_follows_cognitos_curve_and_a_success_resets_it(ctx):
    identities.register_with_email_password(ctx, email="ann@example.com", password=PASSWORD, profile={})
    for attempt in range(1, 5):
        assert refused(sign_in, ctx, "ann@example.com", "wrong password").status == 401
        assert throttle(ctx, "ann@example.com").locked_until is None, attempt
    before = int(time.time())
    assert refused(sign_in, ctx, "ann@example.com", "wrong password").status == 401  # the 5th: 2^0 s
    record = throttle(ctx, "ann@example.com")
    assert record.failed_logins == 5 and before + 2 <= record.locked_until <= int(time.time()) + 2

    # While locked, even the right password is refused with 429 and Retry-After.
    record.update(actions=[LoginThrottle.locked_until.set(int(time.time()) + 100)])
    locked = refused(sign_in, ctx, "ann@example.com", PASSWORD)
    assert locked.status == 429 and 99 <= int(locked.headers["Retry-After"]) <= 100
    assert locked.body()["error"] == "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION"

    # The lock doubles with each further failure: the 10th locks for 2^5 s ...
    record.update(actions=[LoginThrottle.locked_until.set(int(time.time()) - 1), LoginThrottle.failed_logins.set(9)])
    refused(sign_in, ctx, "ann@example.com", "wrong password")
    assert throttle(ctx, "ann@example.com").locked_until - int(time.time()) in (32, 33)
    # ... and never for more than 15 minutes.
    record.update(actions=[LoginThrottle.locked_until.set(int(time.time()) - 1), LoginThrottle.failed_logins.set(40)])
    refused(sign_in, ctx, "ann@example.com", "wrong password")
    assert throttle(ctx, "ann@example.com").locked_until - int(time.time()) in (900, 901)

    record.update(actions=[LoginThrottle.locked_until.set(int(time.time()) - 1)])
    assert sign_in(ctx, "ann@example.com", PASSWORD)["access_token"]
    after = throttle(ctx, "ann@example.com")
    assert after.failed_logins == 0 and after.locked_until is None


def test_an_unknown_username_is_counted_and_locked_alike(ctx):
    # Same answers for a registered and an unknown username, attempt by attempt: the lockout tells nothing.
    identities.register_with_email_password(ctx, email="kim@example.com", password=PASSWORD, profile={})
    for _ in range(5):
        known = refused(sign_in, ctx, "kim@example.com", "wrong password")
        unknown = refused(sign_in, ctx, "nobody@example.com", "wrong password")
        assert known.body() == unknown.body() and known.body()["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"
    for email in ("kim@example.com", "nobody@example.com"):
        record = throttle(ctx, email)
        assert record.failed_logins == 5 and record.locked_until, email
        # Time moves by the stored timestamp, not by sleeping: both are locked alike.
        record.update(actions=[LoginThrottle.locked_until.set(int(time.time()) + 60)])
        assert refused(sign_in, ctx, email, "wrong password").status == 429


def test_a_password_reset_ends_a_lockout(ctx):
    identities.register_with_email_password(ctx, email="lee@example.com", password=PASSWORD, profile={})
    for _ in range(6):
        refused(sign_in, ctx, "lee@example.com", "wrong password")
    identities.forgot_password(ctx, username="lee@example.com")
    identities.change_password(token=_token_sent_to("lee@example.com"), password="the new password")
    assert sign_in(ctx, "lee@example.com", "the new password")["access_token"]


def test_a_mail_failure_answers_502_and_leaves_nothing_half_made(ctx, stack):
    ses = boto3.client("ses")
    sender = stack.resolver.resolve({"Ref": "MailFrom"})
    ses.delete_identity(Identity=sender)
    request = Registration(provider="EMAIL", email="bob@example.com", profile={"first_name": "Bob"})
    error = refused(identities.register, ctx, request, link_base="https://api.test")
    assert error.status == 502 and error.body()["error"] == "CRM.EXCEPTIONS.UPSTREAMEXCEPTION"
    assert stored(ctx, "bob@example.com") is None
    assert list(OneTimeCode.scan()) == []
    # The same request simply works once mail works again.
    ses.verify_email_identity(EmailAddress=sender)
    answer = identities.register(ctx, request, link_base="https://api.test")
    assert set(answer) == {"obfuscated_value", "auth_otp"} and stored(ctx, "bob@example.com") is not None


def test_an_sms_failure_answers_502_and_leaves_nothing_half_made(ctx):
    # SNS refuses a number that is not E.164: the earliest failure the real service also gives.
    sns = get_backend("sns")["123456789012"]["eu-west-1"]
    sent_before = len(sns.sms_messages)
    request = Registration(provider="PHONE", phone_number="+35799123456", profile={})
    original = sns.publish

    def failing_publish(*args, **kwargs):
        raise ValueError("SNS is down")

    sns.publish = failing_publish
    try:
        error = refused(identities.register, ctx, request, link_base="https://api.test")
    finally:
        sns.publish = original
    assert error.status == 502
    assert find_identity(ctx.tenant, "PHONE#+35799123456") is None and len(sns.sms_messages) == sent_before
    assert set(identities.register(ctx, request, link_base="https://api.test")) == {"obfuscated_value", "auth_otp"}


def test_a_code_expires_after_five_minutes(ctx):
    answer = identities.register(
        ctx, Registration(provider="EMAIL", email="cy@example.com", profile={}), link_base="https://api.test"
    )
    record = OneTimeCode.get(answer["auth_otp"])
    assert record.expires_at - record.created_on == 300
    assert record.code_hash and len(record.code_hash) == 43  # a hash, never the code
    code = _code_sent_to("cy@example.com")
    record.update(actions=[OneTimeCode.expires_at.set(int(time.time()) - 1)])
    assert refused(identities.sign_in_with_code, ctx, code=code, auth_otp=answer["auth_otp"]).status == 401


def test_reset_tokens_expire_in_an_hour_and_are_stored_hashed(ctx):
    identities.register_with_email_password(ctx, email="dee@example.com", password=PASSWORD, profile={})
    identities.forgot_password(ctx, username="dee@example.com")
    (record,) = [t for t in OneTimeToken.scan() if t.kind == "RESET"]
    assert record.expires_at - record.created_on == 3600
    token = _token_sent_to("dee@example.com")
    assert token not in record.id
    record.update(actions=[OneTimeToken.expires_at.set(int(time.time()) - 1)])
    assert refused(identities.change_password, token=token, password="new password 1").status == 400
    assert sign_in(ctx, "dee@example.com", PASSWORD)["access_token"]


def test_a_verification_link_lives_24_hours(ctx):
    identities.register(
        ctx,
        Registration(
            provider="EMAIL", email="eve@example.com", password=PASSWORD, validation_required=True, profile={}
        ),
        link_base="https://api.test",
    )
    (record,) = [t for t in OneTimeToken.scan() if t.kind == "VERIFY"]
    assert record.expires_at - record.created_on == 24 * 3600


def test_the_send_limit_says_when_to_come_back(ctx):
    identities.register_with_email_password(ctx, email="fay@example.com", password=PASSWORD, profile={})
    now = int(time.time())
    for sent_at in (now - 3000, now - 100, now - 50, now - 10, now):
        otp.save(otp.prepare(ctx, "contact-fay", None, now=sent_at))
    error = refused(otp.prepare, ctx, "contact-fay", None, now=now)
    assert error.status == 429 and error.headers["Retry-After"] == "600"
    # An hour after the oldest, one more is allowed.
    assert otp.prepare(ctx, "contact-fay", None, now=now - 3000 + 3601).code


def _messages():
    return get_backend("ses")["123456789012"]["eu-west-1"].sent_messages


def _code_sent_to(address):
    import re

    body = mail_text([m for m in _messages() if address in str(m.destinations)][-1])
    return re.search(r"\b(\d{6})\b", body).group(1)


def _token_sent_to(address):
    return link_token(mail_text([m for m in _messages() if address in str(m.destinations)][-1]))


def test_idempotency_records_hold_no_secret(stack):
    import json
    from pathlib import Path

    event = json.loads((Path(__file__).resolve().parents[2] / "events" / "register.json").read_text())
    event["headers"]["Idempotency-Key"] = "key-1"
    first = stack.invoke("AuthenticationFunction", event)
    second = stack.invoke("AuthenticationFunction", event)
    assert first["statusCode"] == 200 and second["statusCode"] == 409  # a replay starts no session
    answer, repeat = json.loads(first["body"]), json.loads(second["body"])
    assert repeat["parameters"] == ["Idempotency-Key"] and "access_token" not in repeat
    table = stack.resolver.resolve({"Ref": "IdempotencyTable"})
    items = boto3.client("dynamodb").scan(TableName=table)["Items"]
    assert len(items) == 1
    dumped = json.dumps(items)
    for secret in ("password1234", answer["access_token"], answer["refresh_token"]):
        assert secret not in dumped
    assert answer["contact"]["id"] in dumped


def test_messages_with_codes_reach_the_inbox_without_the_code(ctx):
    from crm.data.communications import Communication, owner_key

    answer = identities.register(
        ctx, Registration(provider="EMAIL", email="gil@example.com", profile={}), link_base="https://api.test"
    )
    code = _code_sent_to("gil@example.com")
    contact_id = OneTimeCode.get(answer["auth_otp"]).contact_id
    (record,) = Communication.query(owner_key(ctx.tenant, contact_id))
    assert record.channel == "EMAIL" and record.recipient == "gil@example.com" and code not in record.content


def test_a_password_is_rehashed_on_sign_in_when_the_parameters_change(ctx):
    from argon2 import PasswordHasher, Type

    identities.register_with_email_password(ctx, email="hal@example.com", password=PASSWORD, profile={})
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID).hash(PASSWORD)
    stored(ctx, "hal@example.com").update(actions=[Identity.password_hash.set(weak)])
    assert sign_in(ctx, "hal@example.com", PASSWORD)["access_token"]
    rehashed = stored(ctx, "hal@example.com").password_hash
    assert rehashed != weak and "m=19456,t=2,p=1" in rehashed


def test_token_lifetimes_and_an_expired_session_refuses_refresh(ctx):
    import jwt

    from crm.data.sessions import Session
    from crm.services import sessions

    answer = identities.register_with_email_password(ctx, email="max@example.com", password=PASSWORD, profile={})
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 15 * 60 and claims["typ"] == "access"
    session = Session.get(claims["sid"])
    assert session.expires_at - session.created_on == 30 * 24 * 3600
    assert session.refresh_token_hash != answer["refresh_token"] and answer["refresh_token"] not in str(
        session.attribute_values
    )
    session.update(actions=[Session.expires_at.set(int(time.time()) - 1)])
    assert refused(sessions.refresh, ctx, answer["refresh_token"]).status == 401


def test_reset_mails_are_limited_to_five_an_hour(ctx):
    identities.register_with_email_password(ctx, email="ned@example.com", password=PASSWORD, profile={})
    for _ in range(7):
        assert identities.forgot_password(ctx, username="ned@example.com") is None  # always the same 200
    mails = [m for m in _messages() if "ned@example.com" in str(m.destinations)]
    assert len(mails) == 5
    assert len([t for t in OneTimeToken.scan() if t.kind == "RESET"]) == 5
