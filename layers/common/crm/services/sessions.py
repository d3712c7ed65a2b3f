"""Sessions and the tokens answer that register, authenticate and refresh share."""

from __future__ import annotations

import time
import uuid
from typing import Any

from crm.context import RequestContext
from crm.data.contacts import Contact
from crm.data.sessions import Session
from crm.data.tenancy import find_organisation
from crm.settings import token_settings
from crm.tokens import hash_secret_token, issue_access_token, new_refresh_token


def new_session(ctx: RequestContext, contact_id: str, provider: str) -> tuple[Session, str]:
    """An unsaved session and its refresh token (only the token's hash goes into the session)."""
    session_id = uuid.uuid4().hex
    refresh_token = new_refresh_token(session_id)
    now = int(time.time())
    session = Session(id=session_id, tenant=ctx.tenant, contact_id=contact_id,
                      refresh_token_hash=hash_secret_token(refresh_token), provider=provider,
                      created_on=now, expires_at=now + token_settings().refresh_token_seconds)
    return session, refresh_token


def organisations_answer(ctx: RequestContext) -> list[dict[str, Any]]:
    organisation = find_organisation(ctx.organisation_id)
    if organisation is None:
        return []
    return [{"external_id": organisation.id, "org_type": organisation.org_type,
             "org_relationship": "MEMBER", "name": organisation.name}]


def tokens_answer(ctx: RequestContext, contact: Contact, session: Session, refresh_token: str,
                  is_verified: bool) -> dict[str, Any]:
    access_token, expires_at = issue_access_token(contact_id=contact.id, organisation_id=ctx.organisation_id,
                                                  mode=ctx.mode, session_id=session.id)
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
        "organisations": organisations_answer(ctx),
    }
