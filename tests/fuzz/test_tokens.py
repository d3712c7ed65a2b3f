"""The access-token verifier and the authorizer's reading of credentials under arbitrary input: the only
failure is the verifier's own InvalidToken (the authorizer's NotAuthenticated), and nothing we did not sign
with one of our keys is ever accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import boto3
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from moto import mock_aws

from crm import settings as crm_settings
from crm import tokens
from crm.services.authorization import NotAuthenticated, read_credentials
from tests.fuzz.profiles import fuzz
from tests.fuzz.strategies import JSON, TEXT, json_text
from tests.unit.test_tokens import access_claims

SECRET_NAME = "fuzz-token-keys"
ISSUER = "https://issuer.test"
AUDIENCE = "crm-self-service"
K1 = "k1-" + "a" * 61
K2 = "k2-" + "b" * 61  # a key we never had
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(scope="module", autouse=True)
def keys():
    with pytest.MonkeyPatch.context() as patch, mock_aws():
        patch.setenv("TOKEN_SECRET_ARN", SECRET_NAME)
        patch.setenv("TOKEN_ISSUER", ISSUER)
        patch.setenv("ACCESS_TOKEN_SECONDS", "900")
        crm_settings.token_settings.cache_clear()
        tokens.reset_key_cache()
        boto3.client("secretsmanager", region_name="eu-west-1").create_secret(
            Name=SECRET_NAME, SecretString=json.dumps({"current_kid": "k1", "k1": K1})
        )
        yield
    crm_settings.token_settings.cache_clear()
    tokens.reset_key_cache()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(header_segment: str, payload_segment: str, key: str) -> str:
    signing_input = f"{header_segment}.{payload_segment}"
    return signing_input + "." + b64(hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest())


def valid_claims() -> dict:
    now = int(time.time())
    return access_claims(nbf=now, exp=now + 600, iss=ISSUER, aud=AUDIENCE)


def verdict(token: str) -> tokens.AccessClaims | None:
    """The claims when accepted, None when refused with InvalidToken; any other exception fails the test."""
    try:
        return tokens.verify_access_token(token)
    except tokens.InvalidToken:
        return None


@fuzz(200)
@given(st.text(max_size=300) | TEXT | st.from_regex(r"\A[A-Za-z0-9_\-=.+/ ]{0,200}\Z"))
def test_arbitrary_text_is_refused_with_invalid_token(token):
    assert verdict(token) is None


segment = st.text(alphabet=B64URL, max_size=60)


@fuzz(300)
@given(st.lists(segment, min_size=1, max_size=5).map(".".join))
def test_arbitrary_base64url_segments_are_refused(token):
    assert verdict(token) is None


HEADERS = st.one_of(
    JSON,
    st.fixed_dictionaries(
        {
            "alg": st.sampled_from(["HS256", "HS256", "none", "None", "HS512", "RS256", ""]) | JSON,
            "kid": st.sampled_from(["k1", "k2", "", "../k1"]) | JSON,
        },
        optional={"typ": JSON, "crit": JSON, "b64": JSON, "jku": st.just("https://evil.test/keys"), "jwk": JSON},
    ),
)
CLAIM_NAMES = sorted(valid_claims())
CLAIM_CHANGES = st.dictionaries(
    st.sampled_from(CLAIM_NAMES + ["extra"]), JSON | st.sampled_from(["access", "refresh", "live", ISSUER]), max_size=4
)


@st.composite
def headers_and_claims(draw):
    """A header and a payload of any JSON (objects most of the time, built around the right fields so that
    the checks past the signature are reached), as text, signed with our key or another."""
    header = draw(HEADERS)
    claims = valid_claims()
    if draw(st.booleans()):
        payload = draw(JSON)
    else:
        changed = draw(CLAIM_CHANGES)
        dropped = draw(st.sets(st.sampled_from(CLAIM_NAMES), max_size=2))
        payload = {k: v for k, v in {**claims, **changed}.items() if k not in dropped}
    key = draw(st.sampled_from([K1, K2, ""]))
    return header, payload, key


@fuzz(120)
@given(headers_and_claims())
def test_arbitrary_headers_and_claims_are_refused_unless_ours_and_valid(case):
    header, payload, key = case
    token = signed(b64(json_text(header).encode()), b64(json_text(payload).encode()), key)
    accepted = verdict(token)
    if accepted is not None:
        # Only a well-formed access token with our key's signature and the right claims gets through.
        assert key == K1 and header["alg"] == "HS256" and header["kid"] == "k1"
        assert payload["typ"] == "access" and payload["token_use"] == "access" and payload["mode"] in ("test", "live")
        assert payload["iss"] == ISSUER and payload["exp"] > time.time() - tokens.CLOCK_SKEW_SECONDS
        assert accepted.contact_id == str(payload["sub"]) and accepted.session_id == str(payload["sid"])


def issue() -> str:
    return tokens.issue_access_token(contact_id="c1", organisation_id="o1", mode="test", session_id="s1")[0]


def _reheadered(token: str, header: dict) -> str:
    _, payload, signature = token.split(".")
    return f"{b64(json.dumps(header).encode())}.{payload}.{signature}"


def _reclaimed(token: str, change: dict, key: str | None) -> str:
    header, payload, signature = token.split(".")
    claims = {**json.loads(base64.urlsafe_b64decode(payload + "==")), **change}
    new_payload = b64(json.dumps(claims).encode())
    return signed(header, new_payload, key) if key else f"{header}.{new_payload}.{signature}"


@st.composite
def mutations(draw) -> tuple[str, str]:
    original = token = draw(st.builds(issue))
    return original, draw(_mutated(token))


@st.composite
def _mutated(draw, token: str) -> str:
    kind = draw(st.sampled_from(["flip", "delete", "insert", "swap", "truncate", "alg", "claims", "resign"]))
    if kind == "flip":  # one bit of one character
        i, bit = draw(st.integers(0, len(token) - 1)), draw(st.integers(0, 7))
        return token[:i] + chr(ord(token[i]) ^ (1 << bit)) + token[i + 1 :]
    if kind == "delete":
        i = draw(st.integers(0, len(token) - 1))
        return token[:i] + token[i + 1 :]
    if kind == "insert":
        i = draw(st.integers(0, len(token)))
        return token[:i] + draw(st.characters()) + token[i:]
    if kind == "swap":  # segments in another order, or one repeated
        parts = token.split(".")
        order = draw(st.lists(st.integers(0, 2), min_size=2, max_size=4))
        return ".".join(parts[i] for i in order)
    if kind == "truncate":
        return token[: draw(st.integers(0, len(token) - 1))]
    if kind == "alg":  # the classic downgrades, keeping our signature or dropping it
        header = {
            "alg": draw(st.sampled_from(["none", "None", "NONE", "HS384", "HS512", "RS256", "ES256"])),
            "kid": "k1",
            "typ": draw(st.sampled_from(["JWT", "at+jwt", "refresh"])),
        }
        forged = _reheadered(token, header)
        return forged if draw(st.booleans()) else forged.rsplit(".", 1)[0] + "."
    change = draw(
        st.sampled_from(
            [
                {"typ": "refresh"},
                {"token_use": "refresh"},
                {"typ": None},
                {"mode": "staging"},
                {"sub": "someone-else"},
                {"exp": 1},
                {"iss": "x"},
                {"aud": "other"},
                {"iat": 2**40},
            ]
        )
    )
    # claims: changed under our signature (which no longer matches); resign: signed with a key we never had
    return _reclaimed(token, change, K2 if kind == "resign" else None)


@fuzz(200)
@given(mutations())
def test_a_mutated_token_is_refused(case):
    original, token = case
    assume(token != original)
    accepted = verdict(token)
    # The HMAC covers the header and payload text: whatever is accepted carries exactly what we signed.
    assert accepted is None or token.split(".")[:2] == original.split(".")[:2], token


header_names = st.sampled_from(
    ["Authorization", "authorization", "auth_token", "Auth-Token", "api_key", "API-KEY", "refresh_token", "Host"]
) | st.text(max_size=15)
header_values = (
    st.text(max_size=60)
    | TEXT
    | st.sampled_from(["Bearer", "Bearer ", "bearer x", "Basic abc", " "])
    | st.builds(lambda s, t: f"{s} {t}", st.sampled_from(["Bearer", "bearer", "Token"]), st.text(max_size=30))
    | st.none()
    | st.integers()
    | st.lists(st.text(max_size=5), max_size=2)
)


@fuzz(200)
@given(st.none() | st.dictionaries(header_names, header_values, max_size=6))
def test_reading_credentials_answers_stripped_credentials_or_not_authenticated(headers):
    try:
        credentials = read_credentials(headers)
    except NotAuthenticated:
        return
    for value in (credentials.api_key, credentials.token):
        assert value is None or (value and value == value.strip() and value.isascii())
