"""Registration and sign-in with a social identity provider's token: GOOGLE and APPLE ID tokens (JWTs checked
against the provider's JWKS), FACEBOOK user tokens (checked with Facebook's debug_token) and MW4 tokens
(checked with MW4's OAuth 2.0 token introspection endpoint, RFC 7662).

Every check is pinned to our own client: a token minted for another application is refused. Settings come from
the environment that template.yaml's parameters set; a provider whose settings are empty is not enabled."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from aws_lambda_powertools import Logger

from crm.context import RequestContext
from crm.data.contacts import (
    Contact,
    Identity,
    IdentityTaken,
    PassCodeSpent,
    create_contact,
    find_contact,
    find_identity,
)
from crm.data.providers import JWKS, ProviderUnavailable, get_json, post_form, provider_credentials
from crm.errors import AlreadyExists, CrmError, ErrorCode, InvalidInput, InvalidLogin, NotFound
from crm.services.identity import PASS_CODE_UNUSABLE, new_contact_code, usable_pass_code
from crm.services.sessions import new_session, tokens_answer
from crm.settings import optional_env, optional_list

logger = Logger(child=True)

PROVIDERS = ("FACEBOOK", "GOOGLE", "APPLE", "MW4")
# The only signature algorithms an ID token may use, and the key each needs.
ID_TOKEN_ALGORITHMS = {"RS256": ("RSA", None), "ES256": ("EC", "P-256")}
CLOCK_SKEW_SECONDS = 30
MAX_SUBJECT_LENGTH = 255


class ProviderNotEnabled(CrmError):
    status = 400
    error = ErrorCode.INVALID_VALUE
    message = "Sign-in with this provider is not enabled."


class ProviderUnreachable(CrmError):
    status = 502
    error = ErrorCode.UPSTREAM
    message = "The identity provider could not be reached; try again."


def invalid_token(reason: str) -> InvalidLogin:
    # The reason goes to the log only: the answer says no more than "invalid" (as for a wrong password).
    logger.info("provider token refused", extra={"reason": reason})
    return InvalidLogin("The provider token is invalid or expired.", ["token"])


@dataclass(frozen=True)
class SocialIdentity:
    provider: str
    subject: str
    email: str | None = None  # only when the provider says it is verified
    first_name: str | None = None
    last_name: str | None = None

    @property
    def key(self) -> str:
        return identity_key(self.provider, self.subject)


def identity_key(provider: str, subject: str) -> str:
    return f"{provider}#{subject}"


def _env_list(name: str) -> list[str]:
    return optional_list(name)


def _env(name: str) -> str:
    return optional_env(name)


def _credential(name: str) -> str:
    arn = _env("SOCIAL_PROVIDERS_SECRET_ARN")
    return provider_credentials(arn).get(name, "") if arn else ""


def _is_true(value: Any) -> bool:
    return value is True or value == "true"


# ---------------------------------------------------------------- ID tokens (GOOGLE, APPLE)


@lru_cache(maxsize=64)
def _public_key(jwk_json: str, algorithm: str) -> Any:
    """The key object of a JWK (parsing one costs more than verifying a signature with it)."""
    import jwt  # on first use (crm.lifecycle primes it under SnapStart): PyJWT loads `cryptography`, tens of ms

    return jwt.PyJWK(json.loads(jwk_json), algorithm=algorithm).key


def verify_id_token(token: str, *, jwks_url: str, audiences: list[str], issuers: list[str]) -> dict[str, Any]:
    """The claims of an ID token that the provider signed for one of our client ids; else InvalidLogin."""
    import jwt  # on first use, as above

    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise invalid_token("not a JWT") from None
    algorithm, kid = header.get("alg"), header.get("kid")
    if {"jku", "x5u", "jwk", "x5c"} & set(header):
        raise invalid_token("key named by the token itself")  # keys come from the provider's JWKS only
    if algorithm not in ID_TOKEN_ALGORITHMS:
        raise invalid_token(f"algorithm {algorithm!r} not allowed")
    if not isinstance(kid, str) or not kid:
        raise invalid_token("no kid")
    try:
        jwk = JWKS.key(jwks_url, kid)
    except ProviderUnavailable as exc:
        logger.warning("JWKS unavailable", extra={"error": str(exc)})
        raise ProviderUnreachable() from None
    if jwk is None:
        raise invalid_token("unknown kid")
    key_type, curve = ID_TOKEN_ALGORITHMS[algorithm]
    if (
        jwk.get("kty") != key_type
        or (curve and jwk.get("crv") != curve)
        or jwk.get("alg", algorithm) != algorithm
        or jwk.get("use", "sig") != "sig"
    ):
        raise invalid_token("key does not fit the algorithm")
    try:
        key = _public_key(json.dumps(jwk, sort_keys=True), algorithm)
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audiences,
            issuer=issuers,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise invalid_token(type(exc).__name__) from None
    if not isinstance(claims.get("iat"), (int, float)) or claims["iat"] > time.time() + CLOCK_SKEW_SECONDS:
        raise invalid_token("issued in the future")
    if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and claims.get("azp") not in audiences:
        raise invalid_token("authorized party is not us")
    return claims


def _subject(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_SUBJECT_LENGTH:
        raise invalid_token("bad subject")
    return value


def _from_id_token(provider: str, claims: dict[str, Any]) -> SocialIdentity:
    email = claims.get("email") if _is_true(claims.get("email_verified")) else None
    return SocialIdentity(
        provider,
        _subject(claims.get("sub")),
        email=email if isinstance(email, str) else None,
        first_name=claims.get("given_name") if isinstance(claims.get("given_name"), str) else None,
        last_name=claims.get("family_name") if isinstance(claims.get("family_name"), str) else None,
    )


# Each OpenID provider's settings: the client ids its tokens must name, its JWKS, its issuers.
_ID_TOKEN_SETTINGS = {
    "GOOGLE": ("GOOGLE_CLIENT_IDS", "GOOGLE_JWKS_URL", "GOOGLE_ISSUERS"),
    "APPLE": ("APPLE_CLIENT_IDS", "APPLE_JWKS_URL", "APPLE_ISSUER"),
}


def _verify_openid(provider: str, token: str) -> SocialIdentity:
    audiences_env, jwks_env, issuers_env = _ID_TOKEN_SETTINGS[provider]
    audiences = _env_list(audiences_env)
    if not audiences:
        raise ProviderNotEnabled(parameters=["provider", provider])
    claims = verify_id_token(token, jwks_url=_env(jwks_env), audiences=audiences, issuers=_env_list(issuers_env))
    return _from_id_token(provider, claims)


# ---------------------------------------------------------------- FACEBOOK


def _verify_facebook(token: str) -> SocialIdentity:
    app_id, graph_url = _env("FACEBOOK_APP_ID"), _env("FACEBOOK_GRAPH_URL").rstrip("/")
    app_secret = _credential("facebook_app_secret") if app_id else ""
    if not app_id or not app_secret or not graph_url:
        raise ProviderNotEnabled(parameters=["provider", "FACEBOOK"])
    try:
        answer = get_json(f"{graph_url}/debug_token", {"input_token": token, "access_token": f"{app_id}|{app_secret}"})
    except ProviderUnavailable as exc:
        logger.warning("Facebook unavailable", extra={"error": str(exc)})
        raise ProviderUnreachable() from None
    if answer.status >= 500 or not isinstance(answer.body, dict):
        raise ProviderUnreachable()
    if answer.status != 200:
        # Facebook answers 400 both for a malformed input token and for a wrong app token: the log tells them apart.
        logger.warning(
            "Facebook refused debug_token",
            extra={"status": answer.status, "error": (answer.body.get("error") or {}).get("type")},
        )
        raise invalid_token(f"debug_token HTTP {answer.status}")
    data = answer.body.get("data")
    if not isinstance(data, dict) or data.get("is_valid") is not True:
        raise invalid_token("not valid")
    if str(data.get("app_id")) != app_id:
        raise invalid_token("token of another app")
    if data.get("type", "USER") != "USER":
        raise invalid_token("not a user token")
    expires_at = data.get("expires_at")
    if isinstance(expires_at, int) and expires_at != 0 and expires_at <= time.time():
        raise invalid_token("expired")
    return SocialIdentity("FACEBOOK", _subject(data.get("user_id")))


# ---------------------------------------------------------------- MW4


def _verify_mw4(token: str) -> SocialIdentity:
    url, client_id = _env("MW4_INTROSPECTION_URL"), _env("MW4_CLIENT_ID")
    api_key = _credential("mw4_api_key") if url else ""
    if not url or not client_id or not api_key:
        raise ProviderNotEnabled(parameters=["provider", "MW4"])
    try:
        answer = post_form(
            url, {"token": token, "token_type_hint": "access_token"}, {"Authorization": f"Bearer {api_key}"}
        )
    except ProviderUnavailable as exc:
        logger.warning("MW4 unavailable", extra={"error": str(exc)})
        raise ProviderUnreachable() from None
    if answer.status != 200 or not isinstance(answer.body, dict):
        # RFC 7662 answers 200 for every token, valid or not: anything else is MW4's trouble or our credentials'.
        logger.warning("MW4 introspection failed", extra={"status": answer.status})
        raise ProviderUnreachable()
    data = answer.body
    if data.get("active") is not True:
        raise invalid_token("not active")
    if data.get("client_id") != client_id:
        raise invalid_token("token of another client")
    if isinstance(data.get("exp"), (int, float)) and data["exp"] <= time.time():
        raise invalid_token("expired")
    email = data.get("email") if _is_true(data.get("email_verified")) else None
    return SocialIdentity(
        "MW4",
        _subject(data.get("sub")),
        email=email if isinstance(email, str) else None,
        first_name=data.get("given_name") if isinstance(data.get("given_name"), str) else None,
        last_name=data.get("family_name") if isinstance(data.get("family_name"), str) else None,
    )


_VERIFIERS = {
    "GOOGLE": partial(_verify_openid, "GOOGLE"),
    "APPLE": partial(_verify_openid, "APPLE"),
    "FACEBOOK": _verify_facebook,
    "MW4": _verify_mw4,
}


def verify_provider_token(provider: str, token: str) -> SocialIdentity:
    if provider not in _VERIFIERS:
        raise InvalidInput("Unknown provider.", ["provider"])
    return _VERIFIERS[provider](token)


# ---------------------------------------------------------------- register and sign in


def register_with_provider(
    ctx: RequestContext, *, provider: str, token: str, profile: dict[str, Any], pass_code: str | None = None
) -> dict[str, Any]:
    """Creates the contact, its provider identity (unique per tenant) and a session in one transaction,
    redeeming the pass code in the same transaction when one is given."""
    pass_code_record = usable_pass_code(ctx, pass_code)
    social = verify_provider_token(provider, token)
    profile = dict(profile)
    profile.setdefault("first_name", social.first_name)
    profile.setdefault("last_name", social.last_name)
    if social.email:
        profile.setdefault("email_address", social.email.strip().lower())
    contact = Contact(
        tenant=ctx.tenant,
        id=str(uuid.uuid4()),
        code=new_contact_code(),
        type="PERSON",
        organisation_ids=[ctx.organisation_id],
        is_verified=True,
        **{k: v for k, v in profile.items() if v is not None},
    )
    identity = Identity(
        tenant=ctx.tenant, identity_key=social.key, provider=provider, contact_id=contact.id, is_verified=True
    )
    session, refresh_token = new_session(ctx, contact.id, provider)
    try:
        create_contact(contact, identity, session, pass_code=pass_code_record)
    except IdentityTaken:
        raise AlreadyExists(f"A contact with this {provider} account already exists.", ["token"]) from None
    except PassCodeSpent:
        raise InvalidInput(PASS_CODE_UNUSABLE, ["pass_code"]) from None
    return tokens_answer(ctx, contact, session, refresh_token, identity.is_verified)


def authenticate_with_provider(ctx: RequestContext, *, provider: str, token: str) -> dict[str, Any]:
    """Tokens for the contact that registered with this provider account. A valid token of an account that no
    contact registered answers 404: the caller proved who they are, so telling them to register leaks nothing."""
    social = verify_provider_token(provider, token)
    identity = find_identity(ctx.tenant, social.key)
    contact = find_contact(ctx.tenant, identity.contact_id) if identity else None
    if identity is None or contact is None:
        raise NotFound("contact")
    session, refresh_token = new_session(ctx, contact.id, provider)
    session.save(condition=type(session).id.does_not_exist())
    return tokens_answer(ctx, contact, session, refresh_token, identity.is_verified)
