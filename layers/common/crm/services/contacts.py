"""A contact's own profile."""

from __future__ import annotations

from typing import Any

from crm.context import RequestContext
from crm.data.base import plain
from crm.data.contacts import Contact, find_contact
from crm.data.tenancy import find_organisation
from crm.errors import NotFound


def _organisations(contact: Contact) -> list[dict[str, Any]]:
    organisations = []
    for organisation_id in contact.organisation_ids or []:
        organisation = find_organisation(organisation_id)
        if organisation is not None:
            organisations.append({"id": organisation.id, "name": organisation.name,
                                  "org_type": organisation.org_type})
    return organisations


def contact_view(contact: Contact) -> dict[str, Any]:
    """Every field API.md lists for GET /contacts/{id}; never a hash, token or internal key."""
    return {
        "id": contact.id,
        "code": contact.code,
        "type": contact.type,
        "title": contact.title,
        "first_name": contact.first_name,
        "middle_name": contact.middle_name,
        "last_name": contact.last_name,
        "company_name": contact.company_name,
        "preferred_language_code": contact.preferred_language_code,
        "avatar_url": contact.avatar_url,
        "email_address": contact.email_address,
        "phone": plain(contact.phone),
        "demographics": plain(contact.demographics),
        "company_profile": plain(contact.company_profile),
        "statutory_number": contact.statutory_number,
        "category_id": contact.category_id,
        "referral_code": contact.referral_code,
        "country_agreement": contact.country_agreement,
        "sms_opt_out": contact.sms_opt_out,
        "email_opt_out": contact.email_opt_out,
        "is_tax_exempt": contact.is_tax_exempt,
        "consent_state": contact.consent_state,
        "custom_fields": plain(contact.custom_fields) or [],
        "organisations": _organisations(contact),
        "created_on": contact.created_on,
    }


def get_own_contact(ctx: RequestContext, contact_id: str) -> dict[str, Any]:
    ctx.require_own_contact(contact_id)
    contact = find_contact(ctx.tenant, contact_id)
    if contact is None:
        raise NotFound("contact", contact_id)
    return contact_view(contact)
