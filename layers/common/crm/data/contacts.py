"""Contacts and their sign-in identities, both partitioned by tenant (organisation#mode)."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.data.base import now_epoch, table_meta, transaction_connection
from crm.data.sessions import Session


class CountryCodeAttribute(UnicodeAttribute):
    """An ISO 3166 alpha-3 code. `country_agreement` was a boolean before it became the seed's country code: a
    stored boolean says no country, so it reads as None (answered null) and is gone at the contact's next write."""

    def get_value(self, value: dict[str, Any]) -> Any:
        if "BOOL" in value:
            return None
        return super().get_value(value)


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
    # A new address asked for by PUT /contacts/{id}, until its link is confirmed; it never signs in.
    pending_email_address = UnicodeAttribute(null=True)
    phone = MapAttribute(null=True)
    demographics = MapAttribute(null=True)
    company_profile = MapAttribute(null=True)
    statutory_number = UnicodeAttribute(null=True)
    category_id = UnicodeAttribute(null=True)
    referral_code = UnicodeAttribute(null=True)
    country_agreement = CountryCodeAttribute(null=True)  # alpha-3 (CYP); a boolean of old reads as None
    service_acceptance = BooleanAttribute(null=True)
    sms_opt_out = BooleanAttribute(default=False)
    email_opt_out = BooleanAttribute(default=False)
    is_tax_exempt = BooleanAttribute(default=False)
    consent_state = UnicodeAttribute(null=True)
    custom_fields = ListAttribute(of=MapAttribute, null=True)
    organisation_ids = ListAttribute(default=list)
    # The contact's preferred organisation per type: {"ORDERS": <organisation id>, "REWARDS": <organisation id>}.
    preferred_organisations = MapAttribute(null=True)
    is_verified = BooleanAttribute(default=False)
    state = UnicodeAttribute(default="ACTIVE")  # ACTIVE | UNREGISTERED
    unregistered_on = NumberAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)
    updated_on = NumberAttribute(default_for_new=now_epoch)
    version = VersionAttribute()


class IdentitiesByContact(GlobalSecondaryIndex):
    """Every identity of a contact, whatever its provider: unregistering removes them all."""

    class Meta:
        index_name = "by_contact"
        projection = KeysOnlyProjection()

    contact_id = UnicodeAttribute(hash_key=True)


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
    # Registered with `validation_required`: no password sign-in until the e-mail link is followed.
    verification_required = BooleanAttribute(default=False)
    # A GIFT_PASS lookup item (crm.data.identifiers): its pin's hash, the identity key of the e-mail address or
    # phone number it is bound to, and the amount last spent with it.
    pin_hash = UnicodeAttribute(null=True)
    bound_to = UnicodeAttribute(null=True)
    last_spend_amount = NumberAttribute(null=True)

    by_contact = IdentitiesByContact()


class IdentityTaken(Exception):
    """Another contact of the tenant already signs in with this identity."""


class PassCodeSpent(Exception):
    """The pass code was redeemed by another registration in the meantime."""


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


def create_contact(
    contact: Contact,
    identity: Identity,
    session: Session | None,
    *,
    also_save: tuple[Model, ...] = (),
    pass_code: Model | None = None,
) -> None:
    """Writes the contact, its identity and its first session (and `also_save`, e.g. the first OTP)
    together, or nothing at all. The identity's condition is what keeps one e-mail to one contact when
    registrations race; a pass code is redeemed in the same transaction, so it is spent only by a
    registration that happened."""
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(identity, condition=Identity.identity_key.does_not_exist())
            tx.save(contact, condition=Contact.id.does_not_exist())
            if pass_code is not None:
                code_type = type(pass_code)
                tx.update(
                    pass_code,
                    actions=[
                        code_type.state.set("USED"),
                        code_type.used_by.set(contact.id),
                        code_type.used_on.set(now_epoch()),
                    ],
                    condition=code_type.state == "ACTIVE",
                )
            if session is not None:
                tx.save(session, condition=Session.id.does_not_exist())
            for item in also_save:
                tx.save(item)
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
            raise IdentityTaken() from exc
        if (
            pass_code is not None
            and len(reasons) > 2
            and reasons[2] is not None
            and reasons[2].code == "ConditionalCheckFailed"
        ):
            raise PassCodeSpent() from exc
        raise


def update_password_hash(identity: Identity, password_hash: str) -> None:
    identity.update(actions=[Identity.password_hash.set(password_hash)])


def set_new_password(identity: Identity, password_hash: str) -> None:
    identity.update(actions=[Identity.password_hash.set(password_hash)])


def mark_verified(tenant: str, identity_key: str, contact_id: str) -> None:
    """The contact proved it owns the identity (a right OTP or the e-mail link)."""
    Identity(tenant=tenant, identity_key=identity_key).update(
        actions=[Identity.is_verified.set(True), Identity.verification_required.set(False)],
        condition=Identity.contact_id == contact_id,
    )


class VersionConflict(Exception):
    """The contact changed since it was read (its version moved on): nothing was written."""


def _cancelled(exc: TransactWriteError, index: int) -> bool:
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return len(reasons) > index and reasons[index] is not None and reasons[index].code == "ConditionalCheckFailed"


def save_contact(contact: Contact) -> None:
    """Writes the whole contact on condition that its version is still the one read (then bumps it)."""
    try:
        contact.save()
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise VersionConflict() from exc
        raise


def save_contact_moving_identity(
    contact: Contact, old: Identity | None, new: Identity, *, add: list[Identity] = (), remove: list[Identity] = ()
) -> None:
    """Writes the contact and moves its sign-in identity to a new key, all or nothing: the old identity
    goes, the new one is written only if no identity has that key, and the contact only if its version
    is still the one read. `add` and `remove` are lookup items that change with the contact."""
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(new, condition=Identity.identity_key.does_not_exist())
            tx.save(contact)
            if old is not None:
                tx.delete(old, condition=Identity.contact_id == contact.id)
            for item in remove:
                tx.delete(item)
            for item in add:
                tx.save(item)
    except TransactWriteError as exc:
        # PynamoDB sends deletes before puts: [old identity], removed items, new identity, contact, added items.
        first_put = (0 if old is None else 1) + len(remove)
        if _cancelled(exc, first_put):
            raise IdentityTaken() from exc
        if any(_cancelled(exc, i) for i in range(first_put + 2 + len(add))):
            raise VersionConflict() from exc
        raise


def save_contact_with_lookups(contact: Contact, add: list[Identity], remove: list[Identity]) -> None:
    """Writes the contact (on condition that its version is still the one read) and its changed lookup
    items in one transaction, so that no lookup ever names a value the contact no longer has."""
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(contact)
            for item in remove:
                tx.delete(item)
            for item in add:
                tx.save(item)
    except TransactWriteError as exc:
        if any(_cancelled(exc, i) for i in range(1 + len(add) + len(remove))):
            raise VersionConflict() from exc
        raise


def identities_of(contact: Contact, known_keys: tuple[str, ...] = ()) -> list[Identity]:
    """The contact's identities in its own tenant. The index is eventually consistent, so the keys the
    caller already knows (the e-mail identity's, from the contact itself) are also read directly."""
    keys = {item.identity_key for item in Identity.by_contact.query(contact.id) if item.tenant == contact.tenant}
    keys.update(known_keys)
    found = []
    for key in sorted(keys):
        identity = find_identity(contact.tenant, key)
        if identity is not None and identity.contact_id == contact.id:
            found.append(identity)
    return found


def unregister_contact(contact: Contact, identities: list[Identity]) -> None:
    """Marks the contact unregistered and deletes its identities, all or nothing (on condition that
    the contact's version is still the one read and each identity still belongs to it)."""
    contact.state = "UNREGISTERED"
    contact.unregistered_on = now_epoch()
    contact.updated_on = contact.unregistered_on
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(contact)
            for identity in identities:
                tx.delete(identity, condition=Identity.contact_id == contact.id)
    except TransactWriteError as exc:
        if any(_cancelled(exc, i) for i in range(len(identities) + 1)):
            raise VersionConflict() from exc
        raise
