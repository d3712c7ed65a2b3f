"""Registration and sign-in."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from crm.context import RequestContext
from crm.data.contacts import Contact, Identity, IdentityTaken, create_contact, find_contact, find_identity, update_password_hash
from crm.errors import AlreadyExists, InvalidLogin
from crm.passwords import hash_password, needs_rehash, verify_password
from crm.services.sessions import new_session, tokens_answer


def email_identity_key(email: str) -> str:
    return f"EMAIL#{email.strip().lower()}"


def new_contact_code() -> str:
    return "C" + "".join(secrets.choice("0123456789") for _ in range(10))


def register_with_email_password(ctx: RequestContext, *, email: str, password: str,
                                 profile: dict[str, Any]) -> dict[str, Any]:
    """Creates the contact, its EMAIL identity and a session in one transaction; answers tokens."""
    email = email.strip().lower()
    contact = Contact(tenant=ctx.tenant, id=str(uuid.uuid4()), code=new_contact_code(), type="PERSON",
                      email_address=email, organisation_ids=[ctx.organisation_id], **profile)
    identity = Identity(tenant=ctx.tenant, identity_key=email_identity_key(email), provider="EMAIL",
                        contact_id=contact.id, password_hash=hash_password(password), is_verified=False)
    session, refresh_token = new_session(ctx, contact.id, "EMAIL")
    try:
        create_contact(contact, identity, session)
    except IdentityTaken:
        raise AlreadyExists("A contact with this e-mail address already exists.", ["username"]) from None
    return tokens_answer(ctx, contact, session, refresh_token, identity.is_verified)


def authenticate_with_email_password(ctx: RequestContext, *, email: str, password: str) -> dict[str, Any]:
    identity = find_identity(ctx.tenant, email_identity_key(email))
    # verify_password checks a dummy hash when there is no identity, so both failures take as long.
    if not verify_password(identity.password_hash if identity else None, password):
        raise InvalidLogin()
    assert identity is not None and identity.password_hash is not None
    contact = find_contact(ctx.tenant, identity.contact_id)
    if contact is None:
        raise InvalidLogin()
    if needs_rehash(identity.password_hash):
        update_password_hash(identity, hash_password(password))
    session, refresh_token = new_session(ctx, contact.id, "EMAIL")
    session.save(condition=type(session).id.does_not_exist())
    return tokens_answer(ctx, contact, session, refresh_token, identity.is_verified)
