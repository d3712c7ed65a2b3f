"""The HTML pages the API itself serves to a person who opened an e-mail link (verify_email, the e-mail change,
the approval answer): crm/messages page.html, in the brand of the link's organisation and the contact's
language. A link that names nobody shows the default brand in English."""

from __future__ import annotations

import time

from crm import messages
from crm.data.contacts import find_contact
from crm.data.onetime import OneTimeToken, find_token
from crm.errors import AlreadyExists
from crm.messages import Brand
from crm.services import contacts as contact_rules
from crm.services import identity as identities
from crm.services.branding import look_of
from crm.tokens import hash_secret_token

__all__ = ["confirm_email_link_page", "open_email_link_page", "page_for"]

NOBODY = Brand(name="CRM.COM")
MAX_TOKEN = 512


def page_for(page: str, tenant: str | None, contact_id: str | None) -> str:
    if not tenant:
        return messages.render_page(page, messages.ENGLISH, NOBODY)
    organisation_id, _, mode = tenant.partition("#")
    look = look_of(organisation_id, mode)
    contact = find_contact(tenant, contact_id) if contact_id else None
    language = messages.language_for(contact.preferred_language_code if contact else None, look.default_language)
    return messages.render_page(page, language, look.brand)


def _record(token: str) -> OneTimeToken | None:
    """An e-mail link's token, used or not; None for no such token."""
    return find_token(hash_secret_token(token.strip()), contact_rules.LINK_KINDS) if len(token) <= MAX_TOKEN else None


def _whose(token: str) -> tuple[str | None, str | None, str | None]:
    """(tenant, contact id, kind) of an e-mail link's token, used or not; Nones for no such token."""
    record = _record(token)
    return (record.tenant, record.contact_id, record.kind) if record is not None else (None, None, None)


def open_email_link_page(token: str) -> tuple[int, str]:
    """GET verify_email/{token}: a Confirm button that POSTs back (opening the link, as a mail scanner does,
    changes nothing). The token is read once: for the page's brand and language, and whether it still works."""
    record = _record(token)
    if record is None:
        return 400, page_for("link_invalid", None, None)
    if not record.is_active(int(time.time())):
        return 400, page_for("link_invalid", record.tenant, record.contact_id)
    page = "email_change_open" if record.kind == "EMAIL_CHANGE" else "email_link_open"
    return 200, page_for(page, record.tenant, record.contact_id)


def confirm_email_link_page(token: str) -> tuple[int, str]:
    """POST verify_email/{token}: spends the link and says what it did."""
    tenant, contact_id, _ = _whose(token)
    try:
        if len(token) > MAX_TOKEN:
            raise identities.InvalidLinkToken()
        kind = contact_rules.confirm_email_link(token)
    except identities.InvalidLinkToken:
        return 400, page_for("link_invalid", tenant, contact_id)
    except AlreadyExists:
        return 409, page_for("address_taken", tenant, contact_id)
    return 200, page_for("email_changed" if kind == "EMAIL_CHANGE" else "email_verified", tenant, contact_id)
