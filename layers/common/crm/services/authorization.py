"""The authorizer's decision: who is calling, and may they call this route?

Outcomes: NotAuthenticated (API Gateway answers 401) when credentials are missing, unknown, revoked,
expired, forged or disagree with each other; a Deny decision (403) when valid credentials are of a kind
the route does not take, or are a device session's on a route devices may not call; otherwise Allow, with
the caller's context for the function.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from crm.access import Access, access_for, device_may_call
from crm.data.sessions import find_session
from crm.lifecycle import on_restore
from crm.services.tenancy import Caller, identify_application, wifi_secret_matches
from crm.services.usageplan import usage_key_value
from crm.settings import API_PREFIX, check_environment
from crm.tokens import AccessClaims, InvalidToken, hash_secret_token, verify_access_token

# A warm authorizer remembers valid API keys this long, saving a read per request; a revoked key
# therefore stops working within this many seconds.
API_KEY_CACHE_SECONDS = 30


class NotAuthenticated(Exception):
    pass


class NotPermitted(Exception):
    """Valid credentials that may not call this route (a device session's): 403."""


@dataclass(frozen=True)
class Decision:
    allow: bool
    principal_id: str
    context: dict[str, str | int | bool] = field(default_factory=dict)
    usage_key: str = ""  # the application's key in the API's usage plan (crm/usageplan.py)


@dataclass(frozen=True)
class Credentials:
    api_key: str | None
    token: str | None
    # X-Integration-Secret: the WiFi integration's secret, server-to-server beside the api_key (device binding).
    integration_secret: str | None = None


_api_key_cache: dict[str, tuple[float, Caller]] = {}
on_restore(_api_key_cache.clear)  # a restored copy asks again whether each key is still valid


def read_credentials(headers: Mapping[str, str] | None) -> Credentials:
    """api_key, and the contact token from `Authorization: Bearer`, bare `Authorization` or `auth_token`."""
    lowered = {k.lower(): v for k, v in (headers or {}).items() if isinstance(v, str)}
    api_key = (lowered.get("api_key") or lowered.get("api-key") or "").strip() or None
    token = None
    authorization = (lowered.get("authorization") or "").strip()
    if authorization:
        scheme, _, rest = authorization.partition(" ")
        if scheme.lower() == "bearer":
            token = rest.strip()
        elif not rest:
            token = authorization  # the seed's bare `Authorization: <jwt>`
        else:
            raise NotAuthenticated("unsupported authorization scheme")
        if not token:
            raise NotAuthenticated("empty bearer token")
    auth_token = (lowered.get("auth_token") or lowered.get("auth-token") or "").strip()
    if auth_token:
        if token and token != auth_token:
            raise NotAuthenticated("two different tokens")
        token = auth_token
    integration_secret = (lowered.get("x-integration-secret") or "").strip() or None
    if not (api_key or "").isascii() or not (token or "").isascii() or not (integration_secret or "").isascii():
        # Keys and tokens are ASCII; hashing a lone surrogate (UnicodeEncodeError) failed the authorizer.
        raise NotAuthenticated("malformed credentials")
    return Credentials(api_key=api_key, token=token, integration_secret=integration_secret)


def _caller_for_key(api_key: str) -> Caller:
    digest = hash_secret_token(api_key)
    cached = _api_key_cache.get(digest)
    now = time.monotonic()
    if cached and cached[0] > now:
        return cached[1]
    caller = identify_application(api_key)
    if caller is None:
        _api_key_cache.pop(digest, None)
        raise NotAuthenticated("unknown or revoked api key")
    _api_key_cache[digest] = (now + API_KEY_CACHE_SECONDS, caller)
    return caller


def _contact_for_token(token: str) -> AccessClaims:
    try:
        claims = verify_access_token(token)
    except InvalidToken as exc:
        raise NotAuthenticated(str(exc)) from exc
    session = find_session(claims.session_id)
    if (
        session is None
        or not session.is_active(int(time.time()))
        or session.contact_id != claims.contact_id
        or session.tenant != f"{claims.organisation_id}#{claims.mode}"
    ):
        raise NotAuthenticated("session ended")
    # The session's kind is the truth (a token issued before the claim existed has none); a token whose claim
    # says otherwise was not issued for this session.
    kind = session.session_kind
    if claims.kind is not None and claims.kind != kind:
        raise NotAuthenticated("token and session disagree on the session's kind")
    return dataclasses.replace(claims, kind=kind)


def _checked_credentials(credentials: Credentials) -> tuple[Caller | None, AccessClaims | None]:
    """The application and the contact that the credentials prove; NotAuthenticated when any credential sent
    is bad, or when they disagree: a bad key spoils a good token, as a bad token spoils a good key."""
    if not credentials.api_key and not credentials.token:
        raise NotAuthenticated("no credentials")
    application = _caller_for_key(credentials.api_key) if credentials.api_key else None
    contact = _contact_for_token(credentials.token) if credentials.token else None
    if (
        application
        and contact
        and (application.organisation_id, application.mode) != (contact.organisation_id, contact.mode)
    ):
        # A token of one tenant or mode presented with another's key: neither is trusted.
        raise NotAuthenticated("api key and token belong to different tenants")
    return application, contact


def contact_from_headers(headers: Mapping[str, str] | None, method: str, resource: str) -> AccessClaims:
    """The contact whose token a request carries, checked exactly as the authorizer checks it (signature,
    expiry, live session, any api_key beside it, and a device session's routes): for a route open at the
    gateway that takes a contact token in some requests. NotPermitted for a device session's token."""
    _, contact = _checked_credentials(read_credentials(headers))
    if contact is None:
        raise NotAuthenticated("no contact token")
    if contact.kind == "device" and not device_may_call(method, route_resource(resource)):
        raise NotPermitted("a device session may not call this route")
    return contact


def route_resource(resource: str) -> str:
    return resource[len(API_PREFIX) :] if resource.startswith(API_PREFIX) else resource


def authorize(method: str, resource: str, headers: Mapping[str, str] | None) -> Decision:
    check_environment()  # the first call fails, naming them, while a variable the authorizer needs is unset
    credentials = read_credentials(headers)
    application, contact = _checked_credentials(credentials)
    required = access_for(method, route_resource(resource))
    # The WiFi integration's secret proves a device binding instead of the contact's token: only beside a key of
    # the same organisation and mode, on the key+jwt route. Elsewhere the header is not read (it grants nothing).
    by_integration = False
    if required is Access.KEY_AND_JWT and credentials.integration_secret is not None:
        if application is None or not wifi_secret_matches(
            application.organisation_id, application.mode, credentials.integration_secret
        ):
            raise NotAuthenticated("unknown integration secret")
        by_integration = True
    organisation_id = contact.organisation_id if contact else application.organisation_id  # type: ignore[union-attr]
    mode = contact.mode if contact else application.mode  # type: ignore[union-attr]
    context: dict[str, str | int | bool] = {
        "organisation_id": organisation_id,
        "mode": mode,
        "application_id": application.application_id if application else "",
        "contact_id": contact.contact_id if contact else "",
        "session_id": contact.session_id if contact else "",
        "integration": "wifi" if by_integration else "",
    }
    principal_id = f"contact:{contact.contact_id}" if contact else f"application:{application.application_id}"  # type: ignore[union-attr]

    if required is Access.KEY_AND_JWT and (application is None or (contact is None and not by_integration)):
        # Both prove the caller here: one alone is not a kind of credential the route refuses, it is too few.
        raise NotAuthenticated("the api_key and the contact's access token (or integration secret) are required")
    allowed = (
        (required is Access.KEY and application is not None)
        or (required is Access.JWT and contact is not None)
        or (required is Access.KEY_AND_JWT and application is not None and (contact is not None or by_integration))
    )
    if contact is not None and contact.kind == "device" and not device_may_call(method, route_resource(resource)):
        allowed = False  # a MAC_ADDRESS sign-in reads what the WiFi platform needs, nothing more (crm/access.py)
    return Decision(
        allow=allowed,
        principal_id=principal_id,
        context=context if allowed else {},
        usage_key=usage_key_value(organisation_id, mode) if allowed else "",
    )
