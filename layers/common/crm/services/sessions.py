"""Sessions and the tokens answer that register, authenticate and refresh share."""

from __future__ import annotations

import time
import uuid
from typing import Any

from crm import metrics
from crm.context import RequestContext
from crm.data.contacts import Contact, find_contact
from crm.data.sessions import Session, end_session, end_sessions_of_contact, find_session, rotate_refresh_token
from crm.data.tenancy import Organisation, find_organisation
from crm.errors import CrmError, ErrorCode
from crm.settings import token_settings
from crm.tokens import hash_secret_token, issue_access_token, new_refresh_token, same_hash, session_of_refresh_token


class InvalidRefreshToken(CrmError):
    status = 401
    error = ErrorCode.UNAUTHORIZED
    message = "The refresh token is invalid, expired or revoked; sign in again."


def new_session(
    ctx: RequestContext, contact_id: str, provider: str, is_verified: bool | None = None, kind: str = "contact"
) -> tuple[Session, str]:
    """An unsaved session and its refresh token (only the token's hash goes into the session). `kind`: "device"
    for a MAC_ADDRESS sign-in, whose tokens (refreshed ones too) may call only the device routes."""
    session_id = uuid.uuid4().hex
    refresh_token = new_refresh_token(session_id)
    now = int(time.time())
    session = Session(
        id=session_id,
        tenant=ctx.tenant,
        contact_id=contact_id,
        refresh_token_hash=hash_secret_token(refresh_token),
        provider=provider,
        created_on=now,
        expires_at=now + token_settings().refresh_token_seconds,
        is_verified=is_verified,
        kind=kind,
    )
    return session, refresh_token


# How a member of an organisation's network (`create-organisation --parent`) relates to it, by its type.
MEMBER_RELATIONSHIPS = {"MERCHANT": "MERCHANT", "VENUE": "MERCHANT"}  # any other type: SUBSIDIARY


def org_relationship(organisation: Organisation, application_organisation_id: str) -> str:
    """The relationship of the contact's organisation to the application's, from the organisation network:
    a member of a network (the application's own organisation under a parent, or a member of the application's
    network) is MERCHANT (a merchant or venue) or SUBSIDIARY (any other type); the organisation above the
    application's is PARENT; the application's own organisation at the top of its network is SELF."""
    if organisation.parent_id is not None and application_organisation_id in (organisation.id, organisation.parent_id):
        return MEMBER_RELATIONSHIPS.get(organisation.org_type, "SUBSIDIARY")
    if organisation.id == application_organisation_id:
        return "SELF"
    return "PARENT"  # a contact joins only its application's organisation: anything else is above it


def organisations_answer(ctx: RequestContext, contact: Contact | None = None) -> list[dict[str, Any]]:
    """The organisations the contact joined (else the application's), each with its relationship to the
    application's organisation."""
    answered = []
    for organisation_id in (contact.organisation_ids if contact else None) or [ctx.organisation_id]:
        organisation = find_organisation(organisation_id)
        if organisation is None:
            continue
        answered.append(
            {
                "external_id": organisation.id,
                "org_type": organisation.org_type,
                "org_relationship": org_relationship(organisation, ctx.organisation_id),
                "name": organisation.name,
            }
        )
    return answered


def tokens_answer(
    ctx: RequestContext, contact: Contact, session: Session, refresh_token: str, is_verified: bool
) -> dict[str, Any]:
    access_token, expires_at = issue_access_token(
        contact_id=contact.id,
        organisation_id=ctx.organisation_id,
        mode=ctx.mode,
        session_id=session.id,
        kind=session.session_kind,
    )
    return {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "exp": expires_at,
        "contact": {
            "id": contact.id,
            "title": contact.title,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "company_name": contact.company_name,
            "avatar": contact.avatar_url,
            "is_verified": is_verified,
        },
        "organisations": organisations_answer(ctx, contact),
    }


def start_session(ctx: RequestContext, contact: Contact, provider: str, is_verified: bool) -> dict[str, Any]:
    """A new session for a contact that just proved who it is; answers the tokens."""
    session, refresh_token = new_session(ctx, contact.id, provider, is_verified)
    session.save(condition=Session.id.does_not_exist())
    metrics.sign_in(provider)
    return tokens_answer(ctx, contact, session, refresh_token, is_verified)


def refresh(ctx: RequestContext, refresh_token: str) -> dict[str, Any]:
    """Rotates the refresh token. A refresh token that was already rotated away, presented again, means
    it leaked (or the client is confused): the whole session ends, including its access tokens."""
    session_id = session_of_refresh_token(refresh_token.strip())
    session = find_session(session_id) if session_id else None
    now = int(time.time())
    if session is None or session.tenant != ctx.tenant or not session.is_active(now):
        raise InvalidRefreshToken(parameters=["refresh_token"])
    presented = hash_secret_token(refresh_token.strip())
    if not same_hash(session.refresh_token_hash, presented):
        if any(same_hash(spent, presented) for spent in session.spent_refresh_hashes or []):
            end_session(session.id, "REVOKED")
        raise InvalidRefreshToken(parameters=["refresh_token"])
    contact = find_contact(ctx.tenant, session.contact_id)
    if contact is None:
        raise InvalidRefreshToken(parameters=["refresh_token"])
    new_token = new_refresh_token(session.id)
    if not rotate_refresh_token(session, hash_secret_token(new_token)):
        # Another refresh with the same token won the race: that is a reuse too.
        end_session(session.id, "REVOKED")
        raise InvalidRefreshToken(parameters=["refresh_token"])
    return tokens_answer(ctx, contact, session, new_token, bool(session.is_verified))


def sign_out(ctx: RequestContext) -> None:
    """Ends the caller's session: its access and refresh tokens stop working on the next call."""
    end_session(ctx.session_id, "SIGNED_OUT")


def end_all_sessions(tenant: str, contact_id: str, *, also: tuple[str, ...] = (), last: str = "") -> int:
    """Ends every session of the contact AND its device bindings (a bound MAC is a standing sign-in): what
    a password reset or change, unregistering and signing out everywhere must end. The sessions ended."""
    from crm.data.devices import end_devices_of_contact

    ended = end_sessions_of_contact(tenant, contact_id, also=also, last=last)
    end_devices_of_contact(tenant, contact_id)
    return ended
