"""Contact access tokens (HS256 JWTs with key rotation by `kid`) and opaque refresh tokens.

Signing keys live in one Secrets Manager secret: {"current_kid": "k1", "k1": "<secret>", ...}.
New tokens are signed with the current key; any key still in the secret verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from crm.lifecycle import on_restore
from crm.settings import TokenSettings, needs, token_settings

needs("TOKEN_SECRET_ARN", __name__)
needs("TOKEN_ISSUER", __name__)

ALGORITHM = "HS256"
KEYS_CACHE_SECONDS = 300
CLOCK_SKEW_SECONDS = 10
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "sub", "jti", "typ", "org", "mode", "sid"]
# The `typ` claim of an access token. Refresh, reset and verification tokens are opaque random strings
# of other shapes, looked up by their hash with their own purpose: none can stand in for another.
ACCESS_TOKEN_TYPE = "access"
# The `kind` claim: a contact's own sign-in, or a device's (MAC_ADDRESS) sign-in, which may call only the routes
# crm/access.py lists for devices. The authorizer trusts the session record's kind, which must agree with it.
SESSION_KINDS = ("contact", "device")
# Header parameters that would let a token name its own verification key: never honoured, always refused.
FORBIDDEN_HEADERS = ("jku", "jwk", "x5u", "x5c")


class InvalidToken(Exception):
    """The token is missing, malformed, forged, expired or not meant for us."""


@dataclass(frozen=True)
class SigningKeys:
    current_kid: str
    keys: dict[str, bytes]


@dataclass(frozen=True)
class AccessClaims:
    contact_id: str
    organisation_id: str
    mode: str
    session_id: str
    expires_at: int
    # SESSION_KINDS; None from a token issued before the claim existed. The authorizer answers the session's kind.
    kind: str | None = None


@cache
def _secrets_client():
    from crm.data.base import aws_client  # the session PynamoDB shares

    return aws_client("secretsmanager")


_keys_cache: tuple[float, SigningKeys] | None = None


def parse_signing_keys(secret_string: str) -> SigningKeys:
    data = json.loads(secret_string)
    current = data.get("current_kid")
    keys = {kid: str(value).encode() for kid, value in data.items() if kid != "current_kid" and value}
    if not current or current not in keys:
        raise RuntimeError("token signing secret has no usable current_kid")
    if any(len(k) < 32 for k in keys.values()):
        raise RuntimeError("token signing keys must be at least 32 characters")
    return SigningKeys(current_kid=current, keys=keys)


def signing_keys(settings: TokenSettings | None = None) -> SigningKeys:
    """The keys, read from Secrets Manager at most every few minutes per container."""
    global _keys_cache
    now = time.monotonic()
    if _keys_cache and now - _keys_cache[0] < KEYS_CACHE_SECONDS:
        return _keys_cache[1]
    settings = settings or token_settings()
    secret = _secrets_client().get_secret_value(SecretId=settings.secret_arn)
    keys = parse_signing_keys(secret["SecretString"])
    _keys_cache = (now, keys)
    return keys


@on_restore
def reset_key_cache() -> None:
    global _keys_cache
    _keys_cache = None


def issue_access_token(
    *, contact_id: str, organisation_id: str, mode: str, session_id: str, now: int | None = None, kind: str = "contact"
) -> tuple[str, int]:
    """A signed access token and its expiry (epoch seconds)."""
    if kind not in SESSION_KINDS:
        raise ValueError(f"unknown session kind {kind!r}")
    settings = token_settings()
    keys = signing_keys(settings)
    issued = int(now if now is not None else time.time())
    expires = issued + settings.access_token_seconds
    claims = {
        "iss": settings.issuer,
        "aud": settings.audience,
        "sub": contact_id,
        "iat": issued,
        "nbf": issued,
        "exp": expires,
        "jti": uuid.uuid4().hex,
        "org": organisation_id,
        "mode": mode,
        "sid": session_id,
        "token_use": "access",
        "typ": ACCESS_TOKEN_TYPE,
        "kind": kind,
    }
    header = {"alg": ALGORITHM, "kid": keys.current_kid, "typ": "JWT"}
    signing_input = f"{_b64_json(header)}.{_b64_json(claims)}"
    return f"{signing_input}.{_b64(_hs256(keys.keys[keys.current_kid], signing_input))}", expires


# HS256 is an HMAC over two base64url segments: done here with the standard library, not with PyJWT, whose import
# loads `cryptography` (tens of ms of every cold start) for the RSA and EC keys only social sign-in verifies.
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64_json(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _hs256(key: bytes, signing_input: str) -> bytes:
    return hmac.new(key, signing_input.encode(), hashlib.sha256).digest()


def _segment_json(segment: str) -> dict[str, Any]:
    """A header or payload segment: strict base64url (no padding, no other character) of a JSON object."""
    try:
        value = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(value, dict):
        raise InvalidToken("malformed token")
    return value


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(".")
    if len(parts) != 3 or not all(part and _SEGMENT.fullmatch(part) for part in parts):
        raise InvalidToken("malformed token")
    return parts[0], parts[1], parts[2]


def _check_registered_claims(claims: dict[str, Any], settings: TokenSettings) -> None:
    """What PyJWT's decode checked: required claims, exp, nbf, aud, iss, with CLOCK_SKEW_SECONDS of leeway."""
    missing = [name for name in REQUIRED_CLAIMS if name not in claims]
    if missing:
        raise InvalidToken(f'Token is missing the "{missing[0]}" claim')
    now = time.time()
    for name in ("exp", "nbf", "iat"):
        value = claims.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InvalidToken(f"the {name} claim must be a number")
    if claims["exp"] <= now - CLOCK_SKEW_SECONDS:
        raise InvalidToken("Signature has expired")
    if claims.get("nbf") is not None and claims["nbf"] > now + CLOCK_SKEW_SECONDS:
        raise InvalidToken("The token is not yet valid (nbf)")
    audience = claims["aud"]
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or settings.audience not in audiences:
        raise InvalidToken("Audience doesn't match")
    if claims["iss"] != settings.issuer:
        raise InvalidToken("Invalid issuer")


def verify_access_token(token: str) -> AccessClaims:
    settings = token_settings()
    if not isinstance(token, str) or not token.isascii():
        # A JWT is base64url and dots; anything else (a lone surrogate made PyJWT's encode() raise) is malformed.
        raise InvalidToken("malformed token")
    header_segment, payload_segment, signature_segment = _split(token)
    header = _segment_json(header_segment)
    if header.get("alg") != ALGORITHM:
        raise InvalidToken("unexpected algorithm or key id")
    if any(name in header for name in FORBIDDEN_HEADERS) or "crit" in header or header.get("b64", True) is not True:
        raise InvalidToken("key-naming header refused")
    kid = str(header.get("kid"))
    key = signing_keys(settings).keys.get(kid)
    if key is None:
        raise InvalidToken("unknown key id")
    try:
        signature = base64.urlsafe_b64decode(signature_segment + "=" * (-len(signature_segment) % 4))
    except ValueError as exc:
        raise InvalidToken("malformed token") from exc
    if not hmac.compare_digest(signature, _hs256(key, f"{header_segment}.{payload_segment}")):
        raise InvalidToken("Signature verification failed")
    claims = _segment_json(payload_segment)
    _check_registered_claims(claims, settings)
    if (
        claims.get("typ") != ACCESS_TOKEN_TYPE
        or claims.get("token_use") != "access"
        or claims["mode"] not in ("test", "live")
    ):
        raise InvalidToken("not an access token")
    if claims["iat"] > time.time() + CLOCK_SKEW_SECONDS:
        raise InvalidToken("issued in the future")
    kind = claims.get("kind")  # absent from tokens issued before the claim existed: the session's kind decides
    if kind is not None and kind not in SESSION_KINDS:
        raise InvalidToken("unknown session kind")
    return AccessClaims(
        contact_id=str(claims["sub"]),
        organisation_id=str(claims["org"]),
        mode=claims["mode"],
        session_id=str(claims["sid"]),
        expires_at=int(claims["exp"]),
        kind=kind,
    )


def new_refresh_token(session_id: str) -> str:
    """An opaque refresh token that names its session; only its hash is stored."""
    return f"{session_id}.{secrets.token_urlsafe(32)}"


def session_of_refresh_token(token: str) -> str | None:
    session_id, sep, rest = token.partition(".")
    return session_id if sep and session_id and rest else None


def hash_secret_token(token: str) -> str:
    """Refresh tokens and API keys carry 256 random bits, so a fast hash is enough to store them."""
    return base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).decode().rstrip("=")


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
