"""Lookup items: what finds a contact by a value it holds (ID number, passport, statutory id, card, loyalty
identifier, gift pass). They live in the identities table beside the sign-in identities: in the tenant's
partition (so a lookup never leaves the caller's organisation and mode), and in its by_contact index (so
unregistering deletes them with the contact's identities). One item per value and contact,
`<KIND>#<normalised value>#<contact id>`: one value may belong to several contacts (a household's card), and
a Query on the key's prefix finds them all, never a Scan."""

from __future__ import annotations

from crm.data.contacts import Identity

PROFILE_KINDS = ("ID_NUMBER", "PASSPORT", "STATUTORY_ID")  # kept by the contact's profile
ATTACHED_KINDS = ("CARD", "LOYALTY_IDENTIFIER", "GIFT_PASS")  # attached by an operator
LOOKUP_KINDS = PROFILE_KINDS + ATTACHED_KINDS


def normalise(value: str) -> str:
    """Letters and digits only, upper case: "ab-12 34" and "AB1234" are the same number. Never holds '#',
    so one value's key prefix is never the prefix of another value's."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


def lookup_prefix(kind: str, normalised: str) -> str:
    return f"{kind}#{normalised}#"


def lookup_item(tenant: str, kind: str, normalised: str, contact_id: str, **extra) -> Identity:
    return Identity(
        tenant=tenant,
        identity_key=lookup_prefix(kind, normalised) + contact_id,
        provider=kind,
        contact_id=contact_id,
        **extra,
    )


def find_lookups(tenant: str, kind: str, normalised: str, limit: int) -> list[Identity]:
    """The lookup items of a value (at most `limit`), read consistently: a value just set is found."""
    return list(
        Identity.query(
            tenant, Identity.identity_key.startswith(lookup_prefix(kind, normalised)), consistent_read=True, limit=limit
        )
    )


def save_lookup(item: Identity) -> None:
    item.save()


def delete_lookup(tenant: str, kind: str, normalised: str, contact_id: str) -> bool:
    """False when the contact had no such item."""
    from pynamodb.exceptions import DeleteError

    try:
        lookup_item(tenant, kind, normalised, contact_id).delete(condition=Identity.contact_id == contact_id)
    except DeleteError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
