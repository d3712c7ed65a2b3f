"""Contacts and their sign-in identities, both partitioned by tenant (organisation#mode)."""

from __future__ import annotations

from functools import cache

from pynamodb.attributes import (BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute,
                                 UnicodeAttribute, VersionAttribute)
from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.data.base import now_epoch, table_meta
from crm.data.sessions import Session


class Contact(Model):
    Meta = table_meta("CONTACTS_TABLE")

    tenant = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)
    code = UnicodeAttribute()
    type = UnicodeAttribute(default="PERSON")  # PERSON | COMPANY
    title = UnicodeAttribute(null=True)
    first_name = UnicodeAttribute(null=True)
    middle_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute(null=True)
    company_name = UnicodeAttribute(null=True)
    preferred_language_code = UnicodeAttribute(null=True)
    avatar_url = UnicodeAttribute(null=True)
    email_address = UnicodeAttribute(null=True)
    phone = MapAttribute(null=True)
    demographics = MapAttribute(null=True)
    company_profile = MapAttribute(null=True)
    statutory_number = UnicodeAttribute(null=True)
    category_id = UnicodeAttribute(null=True)
    referral_code = UnicodeAttribute(null=True)
    country_agreement = BooleanAttribute(null=True)
    service_acceptance = BooleanAttribute(null=True)
    sms_opt_out = BooleanAttribute(default=False)
    email_opt_out = BooleanAttribute(default=False)
    is_tax_exempt = BooleanAttribute(default=False)
    consent_state = UnicodeAttribute(null=True)
    custom_fields = ListAttribute(of=MapAttribute, null=True)
    organisation_ids = ListAttribute(default=list)
    is_verified = BooleanAttribute(default=False)
    state = UnicodeAttribute(default="ACTIVE")
    created_on = NumberAttribute(default_for_new=now_epoch)
    updated_on = NumberAttribute(default_for_new=now_epoch)
    version = VersionAttribute()


class Identity(Model):
    """A way to sign in (EMAIL#<address>, PHONE#<number>, ...). Its key makes it unique per tenant."""

    Meta = table_meta("IDENTITIES_TABLE")

    tenant = UnicodeAttribute(hash_key=True)
    identity_key = UnicodeAttribute(range_key=True)
    provider = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    password_hash = UnicodeAttribute(null=True)
    is_verified = BooleanAttribute(default=False)
    created_on = NumberAttribute(default_for_new=now_epoch)


class IdentityTaken(Exception):
    """Another contact of the tenant already signs in with this identity."""


def find_contact(tenant: str, contact_id: str) -> Contact | None:
    try:
        contact = Contact.get(tenant, contact_id)
    except Contact.DoesNotExist:
        return None
    return contact if contact.state == "ACTIVE" else None


def find_identity(tenant: str, identity_key: str) -> Identity | None:
    try:
        return Identity.get(tenant, identity_key, consistent_read=True)
    except Identity.DoesNotExist:
        return None


@cache
def _transaction_connection() -> Connection:
    # One per process: each new Connection builds its own botocore session and client (tens of ms, warm).
    return Connection(region=Contact.Meta.region)


def create_contact(contact: Contact, identity: Identity, session: Session) -> None:
    """Writes the contact, its identity and its first session together, or nothing at all.
    The identity's condition is what keeps one e-mail to one contact when registrations race."""
    try:
        with TransactWrite(connection=_transaction_connection()) as tx:
            tx.save(identity, condition=Identity.identity_key.does_not_exist())
            tx.save(contact, condition=Contact.id.does_not_exist())
            tx.save(session, condition=Session.id.does_not_exist())
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
            raise IdentityTaken() from exc
        raise


def update_password_hash(identity: Identity, password_hash: str) -> None:
    identity.update(actions=[Identity.password_hash.set(password_hash)])
