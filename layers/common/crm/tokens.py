"""Contact access tokens (HS256 JWTs with key rotation by `kid`) and opaque refresh tokens.

Signing keys live in one Secrets Manager secret: {"current_kid": "k1", "k1": "<secret>", ...}.
New tokens are signed with the current key; any key still in the secret verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from functools import cache

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


def reset_key_cache() -> None:
    global _keys_cache
    _keys_cache = None


def issue_access_token(
    *, contact_id: str, organisation_id: str, mode: str, session_id: str, now: int | None = None, kind: str = "contact"
) -> tuple[str, int]:
    """A signed access token and its expiry (epoch seconds)."""
    import jwt  # on first use: PyJWT imports `cryptography` (~100 ms of a cold start), which API-key calls never need

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
    token = jwt.encode(
        claims, keys.keys[keys.current_kid], algorithm=ALGORITHM, headers={"kid": keys.current_kid, "typ": "JWT"}
    )
    return token, expires


def _unverified_kid(token: str) -> str:
    """The `kid` of the token's header, read only to choose the key; PyJWT then parses and checks the whole
    token (its strict decoding refuses a header this lenient read would accept). Asking PyJWT for the header
    first would parse the token twice: about a fifth of a decision's time."""
    try:
        segment = token[: token.index(".")]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(header, dict):
        raise InvalidToken("malformed token")
    return str(header.get("kid"))


def verify_access_token(token: str) -> AccessClaims:
    import jwt  # on first use, as above

    settings = token_settings()
    if not isinstance(token, str) or not token.isascii():
        # A JWT is base64url and dots; anything else (a lone surrogate made PyJWT's encode() raise) is malformed.
        raise InvalidToken("malformed token")
    kid = _unverified_kid(token)
    key = signing_keys(settings).keys.get(kid)
    if key is None:
        raise InvalidToken("unknown key id")
    try:
        decoded = jwt.decode_complete(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=settings.audience,
            issuer=settings.issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    header, claims = decoded["header"], decoded["payload"]
    if header.get("alg") != ALGORITHM or str(header.get("kid")) != kid:
        raise InvalidToken("unexpected algorithm or key id")
    if any(name in header for name in FORBIDDEN_HEADERS):
        raise InvalidToken("key-naming header refused")
    if (
        claims.get("typ") != ACCESS_TOKEN_TYPE
        or claims.get("token_use") != "access"
        or claims["mode"] not in ("test", "live")
    ):
        raise InvalidToken("not an access token")
    if not isinstance(claims["iat"], int | float) or claims["iat"] > time.time() + CLOCK_SKEW_SECONDS:
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
