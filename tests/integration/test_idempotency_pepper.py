"""The idempotency HMAC has its own secret (IdempotencyPepperSecret), not the token signing key."""

import json
from pathlib import Path

import boto3
import pytest

from crm import tokens
from crm.data import providers
from crm.services import idempotency

BODY = {"identity": {"provider": "EMAIL", "username": "pep@example.com", "password": "password1234"}}


def put_secret(stack, logical_id, value):
    arn = stack.resolver.resolve({"Ref": logical_id})
    boto3.client("secretsmanager").put_secret_value(SecretId=arn, SecretString=json.dumps(value))
    providers._secret_cache.clear()
    tokens.reset_key_cache()


@pytest.fixture
def fresh(stack):
    providers._secret_cache.clear()
    yield stack
    providers._secret_cache.clear()


def test_the_digest_follows_the_idempotency_pepper_and_not_the_jwt_key(fresh):
    first = idempotency.request_digest_payload(BODY)
    assert "password1234" not in first
    put_secret(fresh, "TokenSigningSecret", {"current_kid": "k2", "k1": "a" * 64, "k2": "b" * 64})
    assert idempotency.request_digest_payload(BODY) == first  # the JWT key rotated: same digest
    put_secret(fresh, "IdempotencyPepperSecret", {"pepper": "c" * 64})
    assert idempotency.request_digest_payload(BODY) != first  # only the pepper changed: another digest


def test_the_pepper_is_not_any_token_signing_key(fresh):
    keys = tokens.signing_keys()
    assert idempotency.pepper() not in keys.keys.values()


def test_a_short_pepper_is_refused(fresh):
    put_secret(fresh, "IdempotencyPepperSecret", {"pepper": "short"})
    with pytest.raises(RuntimeError):
        idempotency.request_digest_payload(BODY)


def test_a_replay_after_a_jwt_key_rotation_is_still_the_same_request(fresh):
    """Before, the pepper was the current JWT key: rotating it turned every stored key into a 409."""
    event = json.loads((Path(__file__).resolve().parents[2] / "events" / "register.json").read_text())
    event["headers"]["Idempotency-Key"] = "key-rotate"
    first = fresh.invoke("AuthenticationFunction", event)
    assert first["statusCode"] == 200, first
    put_secret(fresh, "TokenSigningSecret", {"current_kid": "k2", "k1": "a" * 64, "k2": "b" * 64})
    # Recognised as the same registration (whose replay starts no session), not as another request.
    replay = fresh.invoke("AuthenticationFunction", event)
    assert replay["statusCode"] == 409 and "already succeeded" in json.loads(replay["body"])["message"], replay
    put_secret(fresh, "IdempotencyPepperSecret", {"pepper": "d" * 64})
    other = fresh.invoke("AuthenticationFunction", event)
    assert other["statusCode"] == 409 and "different request" in json.loads(other["body"])["message"], other
