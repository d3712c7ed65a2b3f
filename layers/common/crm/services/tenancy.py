"""Organisations and their API keys: created by operators (`make apikey`), read by the authorizer."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field

from crm.data import tenancy as store
from crm.tokens import hash_secret_token, same_hash

MODES = ("test", "live")
ORGANISATION_TYPES = (
    "OPERATOR",
    "SERVICE_OWNER",
    "TRANSACTION_PROCESSOR",
    "BUSINESS",
    "ORGANISATION",
    "MERCHANT",
    "VENUE",
)


@dataclass(frozen=True)
class CreatedOrganisation:
    organisation_id: str
    name: str
    keys: dict[str, str] = field(default_factory=dict)  # mode -> plaintext key, shown once


@dataclass(frozen=True)
class Caller:
    """The application an API key identifies."""

    application_id: str
    organisation_id: str
    mode: str


def new_api_key(mode: str) -> str:
    """`pk_test_…` / `pk_live_…`: the prefix tells a human the mode; the table is what decides it."""
    return f"pk_{mode}_{secrets.token_urlsafe(32)}"


def create_api_key(organisation_id: str, mode: str, name: str | None = None) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    key = new_api_key(mode)
    store.Application(
        key_hash=hash_secret_token(key),
        application_id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        mode=mode,
        key_prefix=key[:12],
        name=name,
    ).save(condition=store.Application.key_hash.does_not_exist())
    return key


def create_organisation(
    name: str, org_type: str = "BUSINESS", organisation_id: str | None = None, parent_id: str | None = None
) -> CreatedOrganisation:
    """An organisation with one test and one live API key. With `parent_id`, a merchant or venue of
    that organisation's network (contacts of the parent may prefer it)."""
    if org_type not in ORGANISATION_TYPES:
        raise ValueError(f"org_type must be one of {ORGANISATION_TYPES}")
    if parent_id is not None and store.find_organisation(parent_id) is None:
        raise ValueError(f"no organisation {parent_id}")
    organisation = store.Organisation(
        id=organisation_id or str(uuid.uuid4()), name=name, org_type=org_type, parent_id=parent_id
    )
    organisation.save(condition=store.Organisation.id.does_not_exist())
    keys = {mode: create_api_key(organisation.id, mode, name=f"{name} ({mode})") for mode in MODES}
    return CreatedOrganisation(organisation_id=organisation.id, name=name, keys=keys)


def revoke_api_key(key_prefix: str, organisation_id: str) -> int:
    """Revokes the organisation's key that starts with the given prefix (its first 12 characters, as
    stored); answers how many were revoked."""
    if len(key_prefix) < 12:
        raise ValueError("give at least the key's first 12 characters")
    revoked = 0
    for application in store.applications_of(organisation_id):
        if application.key_prefix.startswith(key_prefix[:12]) and application.state == "ACTIVE":
            application.update(actions=[store.Application.state.set("REVOKED")])
            revoked += 1
    return revoked


def identify_application(api_key: str) -> Caller | None:
    """The active application an API key belongs to, or None for an unknown or revoked key."""
    application = store.find_application(hash_secret_token(api_key))
    if application is None or application.state != "ACTIVE" or application.mode not in MODES:
        return None
    return Caller(
        application_id=application.application_id, organisation_id=application.organisation_id, mode=application.mode
    )


def create_wifi_secret(organisation_id: str, mode: str) -> str:
    """A new secret of the organisation's WiFi integration in this mode, answered once; only its hash is kept,
    and it replaces the mode's previous secret. Server-to-server: the WiFi platform sends it in the
    X-Integration-Secret header beside the api_key; it is never put in an app or a web page."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    secret = f"wsk_{mode}_{secrets.token_urlsafe(32)}"
    if not store.set_wifi_secret_hash(organisation_id, mode, hash_secret_token(secret)):
        raise ValueError(f"no organisation {organisation_id}")
    return secret


def wifi_secret_matches(organisation_id: str, mode: str, secret: str) -> bool:
    """Whether `secret` is the current WiFi integration secret of this organisation and mode."""
    stored = store.wifi_secret_hash(organisation_id, mode)
    return bool(stored) and same_hash(stored, hash_secret_token(secret))  # type: ignore[arg-type]
