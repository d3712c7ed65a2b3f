"""Access tokens: what verifies and what each forgery or mistake gets."""

import json
import time

import boto3
import jwt
import pytest
from moto import mock_aws

from crm import settings, tokens

SECRET_NAME = "token-keys"
K1 = "k1-" + "a" * 61
K2 = "k2-" + "b" * 61


@pytest.fixture
def keys(monkeypatch):
    monkeypatch.setenv("TOKEN_SECRET_ARN", SECRET_NAME)
    monkeypatch.setenv("TOKEN_ISSUER", "https://issuer.test")
    monkeypatch.setenv("ACCESS_TOKEN_SECONDS", "900")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    settings.token_settings.cache_clear()
    tokens.reset_key_cache()
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="eu-west-1")
        client.create_secret(Name=SECRET_NAME, SecretString=json.dumps({"current_kid": "k1", "k1": K1}))

        def rotate(value: dict) -> None:
            client.put_secret_value(SecretId=SECRET_NAME, SecretString=json.dumps(value))
            tokens.reset_key_cache()

        yield rotate
    settings.token_settings.cache_clear()
    tokens.reset_key_cache()


def issue(**overrides):
    token, _ = tokens.issue_access_token(
        contact_id="c1", organisation_id="o1", mode="test", session_id="s1", **overrides
    )
    return token


def access_claims(**changes):
    """The claims of an access token we would issue (a minute long), with `changes` (None drops a claim)."""
    now = int(time.time())
    claims = {
        "iss": "https://issuer.test",
        "aud": "crm-self-service",
        "sub": "c1",
        "iat": now,
        "exp": now + 60,
        "jti": "j",
        "org": "o1",
        "mode": "test",
        "sid": "s1",
        "token_use": "access",
        "typ": "access",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def forged(claims_change=None, key=K1, alg="HS256", kid="k1"):
    return jwt.encode(access_claims(**(claims_change or {})), key, algorithm=alg, headers={"kid": kid})


def test_a_token_we_issue_verifies_with_its_claims(keys):
    claims = tokens.verify_access_token(issue())
    assert (claims.contact_id, claims.organisation_id, claims.mode, claims.session_id) == ("c1", "o1", "test", "s1")
    assert jwt.get_unverified_header(issue())["kid"] == "k1"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-jwt",
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.e30.",
    ],
)
def test_malformed_tokens_are_refused(keys, token):
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(token)


@pytest.mark.parametrize(
    "change",
    [
        {"exp": int(time.time()) - 60},  # expired beyond the clock skew allowance
        {"aud": "someone-else"},
        {"iss": "https://evil.test"},
        {"token_use": "refresh"},
        {"mode": "staging"},
        {"sid": None},  # a required claim missing
        {"jti": None},
    ],
)
def test_wrong_claims_are_refused(keys, change):
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(forged(change))


def test_a_bad_signature_is_refused(keys):
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(forged(key="x" * 64))


def test_alg_none_is_refused(keys):
    unsigned = jwt.encode({"sub": "c1"}, None, algorithm="none", headers={"kid": "k1"})
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(unsigned)


def test_another_algorithm_is_refused_even_with_the_right_key(keys):
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(forged(alg="HS512"))


def test_an_unknown_kid_is_refused(keys):
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(forged(kid="k9"))


def test_rotation_keeps_old_tokens_valid_until_their_key_is_removed(keys):
    old = issue()
    keys({"current_kid": "k2", "k1": K1, "k2": K2})
    new = issue()
    assert jwt.get_unverified_header(new)["kid"] == "k2"
    assert tokens.verify_access_token(old).contact_id == "c1"
    assert tokens.verify_access_token(new).contact_id == "c1"
    keys({"current_kid": "k2", "k2": K2})
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(old)
    assert tokens.verify_access_token(new).session_id == "s1"


def test_signing_keys_must_be_long_and_named(keys):
    with pytest.raises(RuntimeError):
        tokens.parse_signing_keys(json.dumps({"current_kid": "k1", "k1": "short"}))
    with pytest.raises(RuntimeError):
        tokens.parse_signing_keys(json.dumps({"current_kid": "k3", "k1": K1}))


def test_refresh_tokens_name_their_session_and_are_stored_hashed():
    token = tokens.new_refresh_token("sess")
    assert tokens.session_of_refresh_token(token) == "sess"
    assert tokens.session_of_refresh_token("garbage") is None
    digest = tokens.hash_secret_token(token)
    assert token not in digest and len(digest) == 43
    assert tokens.same_hash(digest, tokens.hash_secret_token(token))


@pytest.mark.parametrize(
    "change",
    [
        {"typ": "refresh"},  # another kind of token can never stand in for an access token
        {"typ": None},  # `typ` is required
        {"iat": int(time.time()) + 3600},  # issued in the future
        {"iat": None},
    ],
)
def test_token_type_and_issue_time_are_checked(keys, change):
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(forged(change))


@pytest.mark.parametrize("header", ["jku", "jwk", "x5u", "x5c"])
def test_a_header_naming_its_own_key_is_refused(keys, header):
    token = jwt.encode(access_claims(), K1, algorithm="HS256", headers={"kid": "k1", header: "https://evil.test/keys"})
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(token)


def test_hs256_signed_with_a_public_key_is_refused(keys):
    # The classic RS256->HS256 confusion: the attacker signs with a public key as the HMAC secret.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    public_pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    claims = access_claims()
    import base64
    import hashlib
    import hmac as _hmac

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    signing_input = (
        b64(json.dumps({"alg": "HS256", "kid": "k1", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    )
    signature = _hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(signing_input + "." + b64(signature))
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(
            forged(alg="RS256", key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
        )


def test_issued_tokens_carry_every_required_claim(keys):
    claims = jwt.decode(issue(), options={"verify_signature": False})
    assert set(tokens.REQUIRED_CLAIMS) <= set(claims) and claims["typ"] == "access"


def test_the_session_kind_travels_in_the_token(keys):
    assert tokens.verify_access_token(issue()).kind == "contact"
    assert tokens.verify_access_token(issue(kind="device")).kind == "device"
    assert tokens.verify_access_token(forged()).kind is None  # issued before the claim: the session decides
    with pytest.raises(tokens.InvalidToken):
        tokens.verify_access_token(forged({"kind": "admin"}))
    with pytest.raises(ValueError):
        issue(kind="admin")
