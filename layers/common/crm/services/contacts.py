"""A contact's own profile."""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools import Logger
from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute

from crm.context import RequestContext
from crm.data.base import now_epoch, plain
from crm.data.contacts import (
    Contact,
    Identity,
    IdentityTaken,
    VersionConflict,
    find_contact,
    find_identity,
    identities_of,
    mark_verified,
    save_contact,
    save_contact_moving_identity,
    save_contact_with_lookups,
    unregister_contact,
)
from crm.data.onetime import OneTimeToken, clear_login_failures
from crm.data.tenancy import Organisation, find_organisation
from crm.errors import AlreadyExists, Conflict, Forbidden, InvalidInput, NotFound
from crm.passwords import verify_password
from crm.phones import obfuscate_email
from crm.schemas import ContactAnswer
from crm.services import otp as otp_codes
from crm.services.credentials import lookup_changes, profile_lookup_keys
from crm.services.identity import (
    VERIFICATION_TOKEN_SECONDS,
    InvalidLinkToken,
    email_identity_key,
    email_link,
    new_link_token,
    reserve_attempt,
    spend_link_token,
)
from crm.services.messaging import UpstreamFailed, email_message
from crm.services.sessions import end_all_sessions
from crm.versions import Versioned, if_match_allows

logger = Logger(child=True)


def _organisations(contact: Contact) -> list[dict[str, Any]]:
    organisations = []
    for organisation_id in contact.organisation_ids or []:
        organisation = find_organisation(organisation_id)
        if organisation is not None:
            organisations.append({"id": organisation.id, "name": organisation.name, "org_type": organisation.org_type})
    return organisations


# Members of the answer that are not a stored attribute of the same name, or not as stored.
_ANSWER_BUILT = {
    "custom_fields": lambda contact: plain(contact.custom_fields) or [],
    "organisations": _organisations,
}


def contact_view(contact: Contact) -> dict[str, Any]:
    """The contact as GET /contacts/{id} answers it: each member of ContactAnswer, in its order, from the
    stored attribute of that name; never a hash, token or internal key (ContactAnswer names none)."""
    return {
        name: _ANSWER_BUILT[name](contact) if name in _ANSWER_BUILT else plain(getattr(contact, name))
        for name in ContactAnswer.model_fields
    }


# ---------------------------------------------------------------- versions and ETags


def contact_etag(contact: Contact) -> str:
    """The contact's entity tag: its version, which every write moves on."""
    return f'"{contact.version}"'


def _check_if_match(contact: Contact, if_match: str | None) -> None:
    """If-Match names the version the caller read; any other means it would overwrite a change it has not
    seen, answered as the lost-update conflict (409). `*` matches any version; weak tags never match."""
    if if_match_allows(if_match, contact_etag(contact)):
        return
    raise Conflict(
        "The contact was changed since it was read (If-Match does not match its ETag); read it again and retry.",
        ["If-Match"],
    )


def _own_active_contact(ctx: RequestContext, contact_id: str, if_match: str | None = None) -> Contact:
    ctx.require_own_contact(contact_id)
    contact = find_contact(ctx.tenant, contact_id)
    if contact is None:
        raise NotFound("contact", contact_id)
    _check_if_match(contact, if_match)
    return contact


def _written(contact: Contact) -> Versioned:
    return Versioned({"id": contact.id}, contact_etag(contact))


def _save(contact: Contact, lookups: tuple[list[Identity], list[Identity]] = ([], [])) -> None:
    """Writes the contact, and in the same transaction the lookup items to add and remove, if any."""
    contact.updated_on = now_epoch()
    try:
        if lookups[0] or lookups[1]:
            save_contact_with_lookups(contact, *lookups)
        else:
            save_contact(contact)
    except VersionConflict:
        raise Conflict(parameters=["contact", contact.id]) from None


def read_own_contact(ctx: RequestContext, contact_id: str) -> Versioned:
    """The contact and its ETag."""
    contact = _own_active_contact(ctx, contact_id)
    return Versioned(contact_view(contact), contact_etag(contact))


# ---------------------------------------------------------------- update


def _merge(stored: dict[str, Any] | None, sent: dict[str, Any]) -> dict[str, Any] | None:
    merged = dict(stored or {})
    for key, value in sent.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict):
            merged[key] = _merge(merged.get(key) if isinstance(merged.get(key), dict) else None, value)
        else:
            merged[key] = value
    merged = {k: v for k, v in merged.items() if v not in (None, {})}
    return merged or None


def _apply(contact: Contact, changes: dict[str, Any]) -> None:
    """Sets the fields sent, each as its stored attribute keeps it: a null clears a field, puts back a flag's
    default (False) and drops a list; a map (demographics, company_profile) is merged member by member.
    Which fields may be sent is the function's request model; the e-mail address is _update_with_email's."""
    attributes = Contact.get_attributes()
    for name, sent in changes.items():
        if name == "email_address":
            continue
        attribute = attributes[name]
        if isinstance(attribute, BooleanAttribute):
            value: Any = bool(sent)
        elif isinstance(attribute, ListAttribute):
            value = sent or None
        elif isinstance(attribute, MapAttribute) and sent is not None:
            value = _merge(plain(getattr(contact, name)), sent)
        else:
            value = sent
        setattr(contact, name, value)


def _required_names(contact: Contact, changes: dict[str, Any]) -> None:
    required = ("first_name", "last_name") if contact.type == "PERSON" else ("company_name",)
    cleared = [name for name in required if name in changes and changes[name] is None]
    if cleared:
        raise InvalidInput(
            f"Invalid request: {', '.join(cleared)} of a {contact.type} contact cannot be cleared.", cleared
        )


def prove_email_change(
    ctx: RequestContext,
    contact: Contact,
    new_email: str | None,
    current_password: str | None,
    otp: dict[str, str] | None,
) -> None:
    """A change of the sign-in e-mail is a proven change (as Auth0 and Cognito have it): the current password
    of the contact's EMAIL identity, or, for a contact without a password, a fresh one-time code
    (POST /contacts/otp to its current address or phone). Nothing else of the request is written without it."""
    current = (contact.email_address or "").strip().lower() or None
    new = new_email.strip().lower() if new_email else None
    if new is None or new == current:
        return  # nothing moves (a sign-in address cannot be cleared: _update_with_email answers 400)
    identity = find_identity(ctx.tenant, email_identity_key(current)) if current else None
    if identity is not None and identity.contact_id != contact.id:
        identity = None
    if identity is not None and identity.password_hash:
        if not current_password:
            raise Forbidden(
                "Changing the e-mail address needs the current password (current_password).", ["current_password"]
            )
        now = int(time.time())
        throttle = reserve_attempt(ctx.tenant, identity.identity_key, now, "current_password")
        if not verify_password(identity.password_hash, current_password):
            raise Forbidden("The current password is wrong: the e-mail address was not changed.", ["current_password"])
        clear_login_failures(throttle)
        return
    if not otp or not otp.get("auth_otp") or not otp.get("code"):
        raise Forbidden(
            "Changing the e-mail address needs a fresh one-time code (otp: auth_otp and code from "
            "POST /contacts/otp to the contact's current address or phone).",
            ["otp"],
        )
    try:
        record = otp_codes.check_code(ctx, otp["auth_otp"], otp["code"])
    except otp_codes.InvalidCode:
        raise Forbidden("The one-time code is wrong or spent: the e-mail address was not changed.", ["otp"]) from None
    if record.contact_id != contact.id:
        raise Forbidden("The one-time code is wrong or spent: the e-mail address was not changed.", ["otp"])


def update_own_contact(
    ctx: RequestContext,
    contact_id: str,
    changes: dict[str, Any],
    if_match: str | None = None,
    *,
    current_password: str | None = None,
    otp: dict[str, str] | None = None,
    link_base: str = "",
) -> Versioned:
    """Applies the fields sent (a field left out stays as it was, a null clears it), on condition that
    nobody changed the contact since it was read; the lookup items of its ID number, passport number and
    statutory number change in the same transaction (crm.services.credentials). A new e-mail address,
    proven (prove_email_change), only becomes the pending address: the link mailed to it moves the EMAIL
    identity (confirm_email_link); the old address is told."""
    contact = _own_active_contact(ctx, contact_id, if_match)
    _required_names(contact, changes)
    if "email_address" in changes:
        prove_email_change(ctx, contact, changes["email_address"], current_password, otp)
    looked_up = profile_lookup_keys(contact)
    _apply(contact, changes)

    lookups = lookup_changes(contact, looked_up)
    if "email_address" in changes:
        return _update_with_email(ctx, contact, changes["email_address"], lookups, link_base)
    _save(contact, lookups)
    return _written(contact)


def _update_with_email(
    ctx: RequestContext,
    contact: Contact,
    email: str | None,
    lookups: tuple[list[Identity], list[Identity]],
    link_base: str,
) -> Versioned:
    current = (contact.email_address or "").strip().lower() or None
    new = email.strip().lower() if email else None
    if new == current:
        contact.pending_email_address = None  # sending the current address again drops a pending change
        _save(contact, lookups)
        return _written(contact)
    if new is None:
        old_identity = find_identity(ctx.tenant, email_identity_key(current)) if current else None
        if old_identity is not None and old_identity.contact_id == contact.id:
            raise InvalidInput(
                "Invalid request: email_address cannot be cleared: the contact signs in with it.", ["email_address"]
            )
        contact.email_address = contact.pending_email_address = None
        _save(contact, lookups)
        return _written(contact)
    taken = find_identity(ctx.tenant, email_identity_key(new))
    if taken is not None and taken.contact_id != contact.id:
        raise AlreadyExists("Another contact already uses this e-mail address.", ["email_address"])
    # Nothing moves yet: the new address holds no identity (it blocks nobody's registration) until the
    # link sent to it is confirmed; the old one keeps signing in.
    contact.pending_email_address = new
    token, record = new_link_token(ctx, contact.id, email_identity_key(new), "EMAIL_CHANGE", VERIFICATION_TOKEN_SECONDS)
    _save(contact, lookups)
    record.save(condition=OneTimeToken.id.does_not_exist())
    language = contact.preferred_language_code or ""
    email_message(
        ctx,
        contact.id,
        new,
        "EMAIL_CHANGE_CONFIRMATION",
        {"link": email_link(ctx, link_base, token), "hours": VERIFICATION_TOKEN_SECONDS // 3600},
        language=language,
        name="EMAIL_CHANGE_CONFIRMATION",
        record_text="A link to confirm a new e-mail address was sent.",
    )
    if current:
        email_message(
            ctx,
            contact.id,
            current,
            "EMAIL_CHANGE_NOTICE",
            {"new_address": obfuscate_email(new)},
            language=language,
            name="EMAIL_CHANGE_NOTICE",
        )
    return _written(contact)


LINK_KINDS = ("VERIFY", "EMAIL_CHANGE")


def confirm_email_link(token: str) -> str:
    """Spends a link mailed to an address and does what it was sent for: VERIFY marks the identity verified,
    EMAIL_CHANGE moves the contact's EMAIL identity to the new address (verified: the link reached it) and
    ends every session of the contact. Answers the kind; InvalidLinkToken when the link is no good."""
    record = spend_link_token(token, LINK_KINDS)
    if record.kind == "VERIFY":
        # The first proof of the address: sessions and device bindings held before it end.
        mark_verified(record.tenant, record.identity_key, record.contact_id)
        end_all_sessions(record.tenant, record.contact_id)
        return record.kind
    new = record.identity_key.partition("#")[2]
    for _ in range(3):
        contact = find_contact(record.tenant, record.contact_id)
        if contact is None or contact.pending_email_address != new:
            raise InvalidLinkToken(parameters=["token"])  # withdrawn or replaced by a newer change
        current = (contact.email_address or "").strip().lower() or None
        old_identity = find_identity(record.tenant, email_identity_key(current)) if current else None
        if old_identity is not None and old_identity.contact_id != contact.id:
            old_identity = None
        # The identity moves whole (its password and whatever else it holds), under its new key.
        values = (
            {name: getattr(old_identity, name) for name in Identity.get_attributes()}
            if old_identity is not None
            else {"provider": "EMAIL", "contact_id": contact.id}
        )
        values.update(tenant=record.tenant, identity_key=record.identity_key, is_verified=True, created_on=now_epoch())
        contact.email_address, contact.pending_email_address = new, None
        contact.is_verified = True
        contact.updated_on = now_epoch()
        try:
            save_contact_moving_identity(contact, old_identity, Identity(**values))
        except IdentityTaken:
            raise AlreadyExists(
                "Another contact signed up with this e-mail address meanwhile.", ["email_address"]
            ) from None
        except VersionConflict:
            continue  # the contact changed between the read and the write: read it again
        end_all_sessions(record.tenant, contact.id)
        return record.kind
    raise Conflict(parameters=["contact", record.contact_id])


def set_own_consent(ctx: RequestContext, contact_id: str, consent_state: str, if_match: str | None = None) -> Versioned:
    contact = _own_active_contact(ctx, contact_id, if_match)
    contact.consent_state = consent_state
    _save(contact)
    return _written(contact)


def get_own_demographics(ctx: RequestContext, contact_id: str) -> Versioned:
    contact = _own_active_contact(ctx, contact_id)
    return Versioned(plain(contact.demographics) or {}, contact_etag(contact))


# ---------------------------------------------------------------- preferences

PREFERENCE_TYPES = ("ORDERS", "REWARDS")


def _organisation_of_tenant(ctx: RequestContext, organisation_id: str) -> Organisation:
    """The caller's organisation or one of its network (merchants, venues); any other is as if absent."""
    organisation = find_organisation(organisation_id)
    if organisation is None or ctx.organisation_id not in (organisation.id, organisation.parent_id):
        raise NotFound("organisation", organisation_id)
    return organisation


def get_own_preferences(ctx: RequestContext, contact_id: str) -> Versioned:
    contact = _own_active_contact(ctx, contact_id)
    preferred = plain(contact.preferred_organisations) or {}
    organisations = []
    for kind in PREFERENCE_TYPES:
        organisation = find_organisation(preferred[kind]) if preferred.get(kind) else None
        if organisation is not None:
            organisations.append({"id": organisation.id, "type": kind, "name": organisation.name})
    return Versioned({"organisations": organisations}, contact_etag(contact))


def set_own_preference(
    ctx: RequestContext, contact_id: str, kind: str, organisation_id: str | None, if_match: str | None = None
) -> Versioned:
    """Sets (or, with a null organisation, clears) the contact's preferred organisation of one type."""
    contact = _own_active_contact(ctx, contact_id, if_match)
    if organisation_id is not None:
        _organisation_of_tenant(ctx, organisation_id)
    preferred = plain(contact.preferred_organisations) or {}
    if organisation_id is None:
        preferred.pop(kind, None)
    else:
        preferred[kind] = organisation_id
    contact.preferred_organisations = preferred or None
    _save(contact)
    return _written(contact)


# ---------------------------------------------------------------- unregister


def unregister_own_contact(ctx: RequestContext, contact_id: str, if_match: str | None = None) -> dict[str, Any]:
    """Unregisters the contact from the caller's organisation: the contact is marked UNREGISTERED and its
    identities are deleted in one transaction (so its e-mail is free for a fresh registration and nothing
    signs in as it), then every session of it is revoked (the authorizer checks the session on every call,
    so its tokens stop working at once). The record itself stays, unregistered, for the organisation's
    history; nothing of another organisation (or mode) is touched: all of it is in the caller's tenant."""
    contact = _own_active_contact(ctx, contact_id, if_match)
    # The keys the contact itself names are read directly (the index is eventually consistent); attached
    # identifiers (cards, gift passes) are found by the index alone.
    known = ((email_identity_key(contact.email_address),) if contact.email_address else ()) + tuple(
        profile_lookup_keys(contact)
    )
    identities = identities_of(contact, known)
    try:
        unregister_contact(contact, identities)
    except VersionConflict:
        if find_contact(ctx.tenant, contact_id) is None:  # a concurrent unregister won
            raise NotFound("contact", contact_id) from None
        raise Conflict(parameters=["contact", contact_id]) from None
    end_all_sessions(ctx.tenant, contact_id, also=(ctx.session_id,), last=ctx.session_id)
    if contact.email_address:
        try:
            email_message(
                ctx,
                contact_id,
                contact.email_address,
                "UNREGISTRATION",
                {},
                language=contact.preferred_language_code or "",
                name="UNREGISTRATION",
            )
        except UpstreamFailed:  # the contact is unregistered all the same
            logger.exception("unregistration mail not sent")
    return {"id": contact_id}
