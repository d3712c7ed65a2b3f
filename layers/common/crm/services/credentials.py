"""Credentials that identify a contact: /contacts/otp, /contacts/validate and /contacts/validate-otp, the lookup
items the profile keeps for them, and the identifiers operators attach.

What each credential name matches, always in the caller's own tenant (organisation and mode):
- EMAIL, PHONE: the sign-in identity with that address or number.
- ID_NUMBER, PASSPORT, STATUTORY_ID: demographics.id_details.id_number, demographics.passport.passport_number
  and statutory_number of the profile (PUT /contacts/{id} keeps their lookup items, crm.data.identifiers).
- CARD, LOYALTY_IDENTIFIER, GIFT_PASS: identifiers an operator attached (`python -m crmctl.admin
  attach-identifier`). A GIFT_PASS matches only when its pin, and the e-mail address or phone number it is
  bound to, agree (and `last_spend_amount`, when given); wrong pins lock it like wrong passwords.
- BIRTHDATE, as YYYY-MM-DD: many people share one, so it never identifies anyone alone; it only narrows the
  contacts the other credentials match.
Values compare normalised: letters and digits, upper case ("ab 12-34" is "AB1234").

The contact is the one that every credential matches. A credential that matches nobody (or a birthdate that
no matched contact has): 404. Credentials that name different contacts, or that leave several contacts: 400
CONTACTUNIQUELYIDENTIFYEXCEPTION. Neither answer says which credential it was. Both are failed look-ups: after
10 in an hour for one value asked (or from one source address) every look-up with it answers 429, the right
one included (crm.services.lookups). A value held by more than
MAX_CANDIDATES contacts is read only that far, so it identifies nobody, whatever else narrows it."""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass
from typing import Any

from crm.context import RequestContext
from crm.data.base import plain
from crm.data.contacts import Contact, Identity, find_contact, find_identity
from crm.data.identifiers import (
    ATTACHED_KINDS,
    LOOKUP_KINDS,
    PROFILE_KINDS,
    delete_lookup,
    find_lookups,
    lookup_item,
    normalise,
    save_lookup,
)
from crm.data.onetime import clear_login_failures, find_otp_state
from crm.errors import CrmError, ErrorCode, InvalidInput, NotFound
from crm.passwords import hash_password, verify_password
from crm.phones import obfuscate_email, obfuscate_phone
from crm.services import lookups as lookups_limit
from crm.services import otp
from crm.services.identity import email_identity_key, otp_answer, phone_identity_key, phone_of, reserve_attempt

# More contacts than this behind the credentials is "not unique" whatever else they say: no request reads
# an unbounded number of contacts.
MAX_CANDIDATES = 10
CREDENTIAL_NAMES = ("EMAIL", "PHONE", "BIRTHDATE") + LOOKUP_KINDS


@dataclass(frozen=True)
class GiftPassProof:
    email_address: str | None = None
    phone_number: str | None = None
    country_code: str | None = None
    pin: str | None = None
    last_spend_amount: float | None = None


@dataclass(frozen=True)
class Credential:
    name: str
    value: str
    country_code: str | None = None
    gift_pass: GiftPassProof | None = None


class ContactNotUnique(CrmError):
    status = 400
    error = ErrorCode.CONTACT_NOT_UNIQUE
    message = "The credentials do not identify exactly one contact."


class NoMatchingContact(NotFound):
    message = "No contact matches the credentials."

    def __init__(self) -> None:
        super().__init__("credentials")


# ---------------------------------------------------------------- reading the credentials (all 400s come first)

BIRTHDATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_birthdate(value: str) -> tuple[int, int, int]:
    match = BIRTHDATE.match(value.strip())
    try:
        if not match:
            raise ValueError
        born = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InvalidInput(
            "Invalid request: a BIRTHDATE is a calendar date written YYYY-MM-DD.", ["credentials.value"]
        ) from None
    return born.year, born.month, born.day


@dataclass(frozen=True)
class _Lookup:
    kind: str  # IDENTITY (EMAIL, PHONE) or a lookup kind
    key: str  # the identity key, or the normalised value
    proof: GiftPassProof | None = None
    bound_to: frozenset[str] = frozenset()


def _lookup_of(credential: Credential) -> _Lookup:
    name, value = credential.name, credential.value
    if credential.gift_pass is not None and name != "GIFT_PASS":
        raise InvalidInput(
            f"Invalid request: gift_pass goes with a GIFT_PASS credential, not {name}.", ["credentials.gift_pass"]
        )
    if name == "EMAIL":
        return _Lookup("IDENTITY", email_identity_key(value))
    if name == "PHONE":
        return _Lookup("IDENTITY", phone_identity_key(phone_of(value, credential.country_code, "credentials.value")))
    if name not in LOOKUP_KINDS:
        raise InvalidInput(
            f"Invalid request: credentials.name {name} is not one of {', '.join(CREDENTIAL_NAMES)}.",
            ["credentials.name"],
        )
    normalised = normalise(value)
    if not normalised:
        raise InvalidInput(f"Invalid request: a {name} needs letters or digits.", ["credentials.value"])
    if name != "GIFT_PASS":
        return _Lookup(name, normalised)
    proof = credential.gift_pass
    if proof is None or not proof.pin:
        raise InvalidInput("Invalid request: a GIFT_PASS needs gift_pass.pin.", ["credentials.gift_pass.pin"])
    bound = set()
    if proof.email_address:
        bound.add(email_identity_key(proof.email_address))
    if proof.phone_number:
        bound.add(
            phone_identity_key(phone_of(proof.phone_number, proof.country_code, "credentials.gift_pass.phone_number"))
        )
    if not bound:
        raise InvalidInput(
            "Invalid request: a GIFT_PASS needs the gift_pass.email_address or gift_pass.phone_number it is bound to.",
            ["credentials.gift_pass"],
        )
    return _Lookup(name, normalised, proof, frozenset(bound))


# ---------------------------------------------------------------- matching


def _same_amount(stored: Any, given: float | None) -> bool:
    return given is None or (stored is not None and round(float(stored), 2) == round(float(given), 2))


def _gift_pass_holders(ctx: RequestContext, lookup: _Lookup, items: list[Identity]) -> list[Identity]:
    """The items whose binding, last spend and pin agree. Wrong pins are counted per pass (known or not, so
    the lockout tells nothing) and lock it like wrong passwords; the pin is hashed either way."""
    now = int(time.time())
    throttle = reserve_attempt(ctx.tenant, f"GIFT_PASS#{lookup.key}", now, "credentials")
    assert lookup.proof is not None and lookup.proof.pin
    agreeing = [
        item
        for item in items
        if item.bound_to in lookup.bound_to and _same_amount(item.last_spend_amount, lookup.proof.last_spend_amount)
    ]
    holders = [item for item in agreeing if verify_password(item.pin_hash, lookup.proof.pin)]
    if not agreeing:
        verify_password(None, lookup.proof.pin)  # the same work as a wrong pin
    if holders:
        clear_login_failures(throttle)
    return holders


def _matches(ctx: RequestContext, lookup: _Lookup) -> set[str]:
    """The ids of the contacts one credential names (at most MAX_CANDIDATES + 1)."""
    if lookup.kind == "IDENTITY":
        identity = find_identity(ctx.tenant, lookup.key)
        return {identity.contact_id} if identity else set()
    items = find_lookups(ctx.tenant, lookup.kind, lookup.key, MAX_CANDIDATES + 1)
    if lookup.kind == "GIFT_PASS":
        items = _gift_pass_holders(ctx, lookup, items)
    return {item.contact_id for item in items}


def _born_on(contact: Contact, birthdate: tuple[int, int, int]) -> bool:
    born = (plain(contact.demographics) or {}).get("date_of_birth") or {}
    try:
        return (int(born["year"]), int(born["month"]), int(born["day"])) == birthdate
    except (KeyError, TypeError, ValueError):
        return False


def contact_by_credentials(ctx: RequestContext, credentials: list[Credential]) -> Contact:
    """The one active contact of the caller's tenant that every credential matches (see the module's rules)."""
    birthdates = {parse_birthdate(c.value) for c in credentials if c.name == "BIRTHDATE"}
    lookups = [_lookup_of(c) for c in credentials if c.name != "BIRTHDATE"]
    if not lookups:
        raise InvalidInput(
            "Invalid request: a BIRTHDATE alone identifies nobody; give it with another credential.", ["credentials"]
        )
    # Failed look-ups are counted per identifying value asked and per source address (crm.services.lookups).
    return lookups_limit.limited(
        ctx,
        (f"{lookup.kind}#{lookup.key}" for lookup in lookups),
        lambda: _the_one_contact(ctx, lookups, birthdates),
        failed=(NoMatchingContact, ContactNotUnique),
    )


def _the_one_contact(ctx: RequestContext, lookups: list[_Lookup], birthdates: set[tuple[int, int, int]]) -> Contact:
    if len(birthdates) > 1:
        raise NoMatchingContact()  # nobody has two birthdates
    matched = [_matches(ctx, lookup) for lookup in lookups]
    if not all(matched):
        raise NoMatchingContact()
    common = set.intersection(*matched)
    if not common:
        raise ContactNotUnique(parameters=["credentials"])  # they name different contacts
    if len(common) > MAX_CANDIDATES:
        raise ContactNotUnique(parameters=["credentials"])
    contacts = [
        contact
        for contact in (find_contact(ctx.tenant, contact_id) for contact_id in sorted(common))
        if contact is not None and all(_born_on(contact, born) for born in birthdates)
    ]
    if not contacts:
        raise NoMatchingContact()
    if len(contacts) > 1:
        raise ContactNotUnique(parameters=["credentials"])
    return contacts[0]


# ---------------------------------------------------------------- the routes' work


def request_otp(ctx: RequestContext, *, send_method: str, credentials: list[Credential]) -> dict[str, Any]:
    """Sends a one-time code to the e-mail address (EMAIL) or phone (SMS) of the contact the credentials name."""
    contact = contact_by_credentials(ctx, credentials)
    if send_method == "SMS":
        phone = (plain(contact.phone) or {}).get("number")
        if not phone:
            raise InvalidInput(
                "The contact has no phone number to send an SMS to; use send_method EMAIL.", ["send_method"]
            )
        auth_otp = otp.send_new_code(ctx, contact.id, phone_identity_key(phone), phone=phone)
        return otp_answer(obfuscate_phone(phone), auth_otp)
    if not contact.email_address:
        raise InvalidInput("The contact has no e-mail address to send to; use send_method SMS.", ["send_method"])
    auth_otp = otp.send_new_code(
        ctx, contact.id, email_identity_key(contact.email_address), email=contact.email_address
    )
    return otp_answer(obfuscate_email(contact.email_address), auth_otp)


def latest_code_of(ctx: RequestContext, credentials: list[Credential]) -> str:
    """The auth_otp of the latest code sent to the contact the credentials name (only it is valid)."""
    contact = contact_by_credentials(ctx, credentials)
    state = find_otp_state(ctx.tenant, contact.id)
    if state is None or not state.latest_otp_id:
        raise otp.InvalidCode(parameters=["code"])
    return state.latest_otp_id


# ---------------------------------------------------------------- lookup items kept by the profile

PROFILE_FIELDS = {
    "ID_NUMBER": ("demographics", "id_details", "id_number"),
    "PASSPORT": ("demographics", "passport", "passport_number"),
    "STATUTORY_ID": ("statutory_number",),
}
assert set(PROFILE_FIELDS) == set(PROFILE_KINDS)


def _profile_value(contact: Contact, path: tuple[str, ...]) -> str | None:
    value: Any = plain(getattr(contact, path[0]))
    for name in path[1:]:
        value = value.get(name) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def profile_lookup_keys(contact: Contact) -> dict[str, tuple[str, str]]:
    """The lookup items the contact's profile needs, by key: {key: (kind, normalised value)}."""
    wanted = {}
    for kind, path in PROFILE_FIELDS.items():
        normalised = normalise(_profile_value(contact, path) or "")
        if normalised:
            item = lookup_item(contact.tenant, kind, normalised, contact.id)
            wanted[item.identity_key] = (kind, normalised)
    return wanted


def lookup_changes(contact: Contact, before: dict[str, tuple[str, str]]) -> tuple[list[Identity], list[Identity]]:
    """(items to add, items to remove) to bring the lookups from `before` to the contact as it is now."""
    after = profile_lookup_keys(contact)
    add = [lookup_item(contact.tenant, *after[key], contact.id) for key in sorted(set(after) - set(before))]
    remove = [lookup_item(contact.tenant, *before[key], contact.id) for key in sorted(set(before) - set(after))]
    return add, remove


# ---------------------------------------------------------------- identifiers an operator attaches


class IdentifierShared(Exception):
    """The identifier is attached to another contact already (attach with shared=True to allow it)."""


def attach_identifier(
    tenant: str,
    contact_id: str,
    kind: str,
    value: str,
    *,
    shared: bool = False,
    pin: str | None = None,
    email_address: str | None = None,
    phone_number: str | None = None,
    country_code: str | None = None,
    last_spend_amount: float | None = None,
) -> str:
    """Attaches a CARD, LOYALTY_IDENTIFIER or GIFT_PASS to an active contact; answers the normalised value.
    A gift pass needs a pin (stored as an argon2id hash) and the e-mail address or phone number it is bound to;
    attaching it again replaces them. ValueError says what is wrong."""
    if kind not in ATTACHED_KINDS:
        raise ValueError(f"kind must be one of {', '.join(ATTACHED_KINDS)}")
    normalised = normalise(value)
    if not normalised:
        raise ValueError("the value needs letters or digits")
    if find_contact(tenant, contact_id) is None:
        raise ValueError(f"no active contact {contact_id} in this organisation and mode")
    extra: dict[str, Any] = {}
    if kind == "GIFT_PASS":
        if not pin or (email_address is None) == (phone_number is None):
            raise ValueError("a gift pass needs a pin and either an e-mail address or a phone number")
        if email_address:
            bound_to = email_identity_key(email_address)
        else:
            try:
                bound_to = phone_identity_key(phone_of(phone_number, country_code))
            except CrmError as exc:
                raise ValueError(exc.message) from None
        extra = {"pin_hash": hash_password(pin), "bound_to": bound_to, "last_spend_amount": last_spend_amount}
    elif pin or email_address or phone_number or last_spend_amount is not None:
        raise ValueError("a pin, e-mail, phone or last spend amount is only for a GIFT_PASS")
    others = [
        item.contact_id
        for item in find_lookups(tenant, kind, normalised, MAX_CANDIDATES + 1)
        if item.contact_id != contact_id
    ]
    if others and not shared:
        raise IdentifierShared()
    save_lookup(lookup_item(tenant, kind, normalised, contact_id, **extra))
    return normalised


def detach_identifier(tenant: str, contact_id: str, kind: str, value: str) -> bool:
    """False when the contact had no such identifier."""
    if kind not in ATTACHED_KINDS:
        raise ValueError(f"kind must be one of {', '.join(ATTACHED_KINDS)}")
    return delete_lookup(tenant, kind, normalise(value), contact_id)
