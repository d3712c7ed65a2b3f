"""Credentials that identify a contact (/contacts/otp, /validate, /validate-otp), on moto in-process: every
credential name matches, misses (404), is ambiguous or disagrees with another (400 CONTACTUNIQUELY); the
lookup items follow the profile and unregistering; operators attach cards, loyalty ids and gift passes."""

import time
import types

import pytest

from crm.context import RequestContext
from crm.data.contacts import Identity
from crm.data.identifiers import find_lookups
from crm.data.onetime import LoginThrottle, OneTimeCode
from crm.errors import CrmError
from crm.services import contacts as profiles
from crm.services import credentials as rules
from crm.services import identity as identities
from crm.services import tenancy
from crm.services.credentials import Credential, GiftPassProof
from crm.services.identity import Registration

NOT_UNIQUE = "COM.CRM.EXCEPTIONS.CONTACTUNIQUELYIDENTIFYEXCEPTION"
NOT_FOUND = "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION"


@pytest.fixture
def ctx(stack):
    organisation = tenancy.create_organisation("Credentials Org")
    return RequestContext(organisation_id=organisation.organisation_id, mode="test")


def new_contact(ctx, email, **profile) -> str:
    answer = identities.register(
        ctx,
        Registration(provider="EMAIL", email=email, profile={"first_name": "A", "last_name": "B"}),
        link_base="https://api.test",
    )
    contact_id = OneTimeCode.get(answer["auth_otp"]).contact_id
    if profile:
        update(ctx, contact_id, **profile)
    return contact_id


def update(ctx, contact_id, **changes):
    own = RequestContext(organisation_id=ctx.organisation_id, mode=ctx.mode, contact_id=contact_id)
    profiles.update_own_contact(own, contact_id, changes)


def who(ctx, *credentials) -> str:
    return rules.contact_by_credentials(ctx, [Credential(*c) if isinstance(c, tuple) else c for c in credentials]).id


def refused(ctx, *credentials) -> dict:
    with pytest.raises(CrmError) as raised:
        who(ctx, *credentials)
    return raised.value.body()


def not_found(ctx, *credentials):
    body = refused(ctx, *credentials)
    assert (body["status"], body["error"], body["parameters"]) == (404, NOT_FOUND, ["credentials"]), body


def not_unique(ctx, *credentials):
    body = refused(ctx, *credentials)
    assert (body["status"], body["error"], body["parameters"]) == (400, NOT_UNIQUE, ["credentials"]), body


PROFILE = {
    "ID_NUMBER": lambda v: {"demographics": {"id_details": {"id_number": v}}},
    "PASSPORT": lambda v: {"demographics": {"passport": {"passport_number": v, "issue_country_code": "CYP"}}},
    "STATUTORY_ID": lambda v: {"statutory_number": v},
}


@pytest.mark.parametrize("name", sorted(PROFILE))
def test_a_profile_number_identifies_its_contact_and_follows_every_change(ctx, name):
    ann = new_contact(ctx, "ann@example.com", **PROFILE[name]("ab-123 456"))
    bob = new_contact(ctx, "bob@example.com")
    assert who(ctx, (name, "AB123456")) == ann  # letters and digits compare, case-insensitively
    assert who(ctx, (name, "ab123456"), ("EMAIL", "ann@example.com")) == ann
    not_found(ctx, (name, "AB123457"))
    not_found(ctx, (name, "AB123456"), ("EMAIL", "nobody@example.com"))
    not_unique(ctx, (name, "AB123456"), ("EMAIL", "bob@example.com"))  # they disagree

    update(ctx, bob, **PROFILE[name]("AB 123456"))  # the same number on two contacts: ambiguous alone
    not_unique(ctx, (name, "AB123456"))
    assert who(ctx, (name, "AB123456"), ("EMAIL", "bob@example.com")) == bob  # another credential narrows

    update(ctx, ann, **PROFILE[name]("ZZ-1"))  # a new number: the old one no longer finds ann
    assert who(ctx, (name, "AB123456")) == bob and who(ctx, (name, "zz1")) == ann
    update(ctx, ann, first_name="Ann")  # other changes keep the number
    assert who(ctx, (name, "zz1")) == ann
    cleared = {"statutory_number": None} if name == "STATUTORY_ID" else {"demographics": None}
    update(ctx, ann, **cleared)
    not_found(ctx, (name, "zz1"))
    assert [item.contact_id for item in Identity.query(ctx.tenant) if item.provider == name] == [bob]


def test_a_profile_number_is_scoped_to_its_organisation_and_mode(ctx):
    new_contact(ctx, "ann@example.com", **PROFILE["ID_NUMBER"]("777"))
    live = RequestContext(organisation_id=ctx.organisation_id, mode="live")
    other = RequestContext(organisation_id=tenancy.create_organisation("Other").organisation_id, mode="test")
    for elsewhere in (live, other):
        not_found(elsewhere, ("ID_NUMBER", "777"))


def test_unregistering_removes_every_lookup_item(ctx):
    ann = new_contact(
        ctx,
        "ann@example.com",
        statutory_number="S-1",
        demographics={"id_details": {"id_number": "I1"}, "passport": {"passport_number": "P1"}},
    )
    rules.attach_identifier(ctx.tenant, ann, "CARD", "4000 0000")
    rules.attach_identifier(ctx.tenant, ann, "GIFT_PASS", "G1", pin="1234", email_address="ann@example.com")
    own = RequestContext(organisation_id=ctx.organisation_id, mode=ctx.mode, contact_id=ann)
    profiles.unregister_own_contact(own, ann)
    assert list(Identity.query(ctx.tenant)) == []
    for name, value in (("STATUTORY_ID", "S1"), ("ID_NUMBER", "I1"), ("PASSPORT", "P1"), ("CARD", "40000000")):
        not_found(ctx, (name, value))


@pytest.mark.parametrize("name", ["CARD", "LOYALTY_IDENTIFIER"])
def test_an_attached_identifier_identifies_its_contact(ctx, name):
    ann = new_contact(ctx, "ann@example.com")
    bob = new_contact(ctx, "bob@example.com")
    assert rules.attach_identifier(ctx.tenant, ann, name, "lc-0042") == "LC0042"
    assert who(ctx, (name, "LC 0042")) == ann
    not_found(ctx, (name, "LC0043"))
    not_unique(ctx, (name, "LC0042"), ("EMAIL", "bob@example.com"))
    with pytest.raises(rules.IdentifierShared):
        rules.attach_identifier(ctx.tenant, bob, name, "LC0042")  # a second holder only on purpose
    rules.attach_identifier(ctx.tenant, bob, name, "LC0042", shared=True)  # a household's card
    not_unique(ctx, (name, "LC0042"))
    assert who(ctx, (name, "LC0042"), ("EMAIL", "ann@example.com")) == ann
    assert rules.detach_identifier(ctx.tenant, ann, name, "lc0042") is True
    assert who(ctx, (name, "LC0042")) == bob
    assert rules.detach_identifier(ctx.tenant, ann, name, "lc0042") is False
    with pytest.raises(ValueError):
        rules.attach_identifier(ctx.tenant, "no-such-contact", name, "LC1")
    with pytest.raises(ValueError):
        rules.attach_identifier(ctx.tenant, ann, name, "LC1", pin="1234")


def gift(value, pin="2468", email=None, phone=None, country=None, amount=None):
    return Credential(
        "GIFT_PASS",
        value,
        gift_pass=GiftPassProof(
            email_address=email, phone_number=phone, country_code=country, pin=pin, last_spend_amount=amount
        ),
    )


def test_a_gift_pass_matches_by_pin_binding_and_last_spend(ctx):
    ann = new_contact(ctx, "ann@example.com")
    bob = new_contact(ctx, "bob@example.com")
    rules.attach_identifier(
        ctx.tenant, ann, "GIFT_PASS", "GP-1", pin="2468", email_address="Ann@Example.com", last_spend_amount=12.5
    )
    rules.attach_identifier(
        ctx.tenant, bob, "GIFT_PASS", "GP-2", pin="1357", phone_number="99123456", country_code="CYP"
    )
    (item,) = find_lookups(ctx.tenant, "GIFT_PASS", "GP1", 5)
    assert "2468" not in str(item.attribute_values) and item.pin_hash.startswith("$argon2id$")

    assert who(ctx, gift("gp1", email="ann@example.com")) == ann
    assert who(ctx, gift("GP1", email="ann@example.com", amount=12.50)) == ann
    assert who(ctx, gift("GP2", pin="1357", phone="+35799123456")) == bob
    for wrong in (
        gift("GP1", pin="0000", email="ann@example.com"),  # wrong pin
        gift("GP1", email="bob@example.com"),  # bound to another address
        gift("GP1", phone="99123456", country="CYP"),  # bound to an e-mail, not a phone
        gift("GP1", email="ann@example.com", amount=3),  # another last spend
        gift("GP9", email="ann@example.com"),
    ):  # no such pass
        not_found(ctx, wrong)
    not_unique(ctx, gift("GP1", email="ann@example.com"), ("EMAIL", "bob@example.com"))

    rules.attach_identifier(
        ctx.tenant, bob, "GIFT_PASS", "GP-1", pin="2468", email_address="ann@example.com", shared=True
    )
    not_unique(ctx, gift("GP1", email="ann@example.com"))

    with pytest.raises(CrmError) as missing:
        who(ctx, gift("GP1", pin=None, email="ann@example.com"))
    assert missing.value.body()["parameters"] == ["credentials.gift_pass.pin"]
    with pytest.raises(CrmError) as unbound:
        who(ctx, gift("GP1"))
    assert unbound.value.body()["parameters"] == ["credentials.gift_pass"]


def test_wrong_gift_pass_pins_lock_the_pass(ctx, monkeypatch):
    ann = new_contact(ctx, "ann@example.com")
    rules.attach_identifier(ctx.tenant, ann, "GIFT_PASS", "GP-7", pin="2468", email_address="ann@example.com")
    # The first lock lasts one second: the clock the rules read stands still, or the lock could end mid-test.
    now = time.time()
    monkeypatch.setattr(rules, "time", types.SimpleNamespace(time=lambda: now))
    for _ in range(5):
        not_found(ctx, gift("GP7", pin="9999", email="ann@example.com"))
    locked = refused(ctx, gift("GP7", email="ann@example.com"))  # even the right pin, while locked
    assert locked["status"] == 429 and locked["parameters"] == ["credentials"]
    monkeypatch.undo()
    (throttle,) = [item for item in LoginThrottle.scan() if item.locked_until]
    throttle.update(actions=[LoginThrottle.locked_until.set(int(time.time()) - 1)])
    assert who(ctx, gift("GP7", email="ann@example.com")) == ann


def test_a_birthdate_only_narrows_other_credentials(ctx):
    ann = new_contact(
        ctx,
        "ann@example.com",
        demographics={"date_of_birth": {"year": 1990, "month": 2, "day": 3}, "id_details": {"id_number": "X1"}},
    )
    new_contact(
        ctx,
        "bob@example.com",
        demographics={"date_of_birth": {"year": 1991, "month": 2, "day": 3}, "id_details": {"id_number": "X1"}},
    )
    body = refused(ctx, ("BIRTHDATE", "1990-02-03"))
    assert body["status"] == 400 and body["parameters"] == ["credentials"] and "alone" in body["message"]
    not_unique(ctx, ("ID_NUMBER", "X1"))
    assert who(ctx, ("ID_NUMBER", "X1"), ("BIRTHDATE", "1990-02-03")) == ann
    not_found(ctx, ("ID_NUMBER", "X1"), ("BIRTHDATE", "1990-02-04"))
    not_found(ctx, ("EMAIL", "ann@example.com"), ("BIRTHDATE", "1991-02-03"))
    not_found(ctx, ("ID_NUMBER", "X1"), ("BIRTHDATE", "1990-02-03"), ("BIRTHDATE", "1991-02-03"))
    for bad in ("03/02/1990", "1990-02-30", "19900203"):
        assert refused(ctx, ("EMAIL", "ann@example.com"), ("BIRTHDATE", bad))["parameters"] == ["credentials.value"]


def test_email_and_phone_credentials(ctx):
    ann = new_contact(ctx, "ann@example.com")
    phone = identities.register(
        ctx,
        Registration(provider="PHONE", phone_number="99111222", country_code="CYP", profile={}),
        link_base="https://api.test",
    )
    pat = OneTimeCode.get(phone["auth_otp"]).contact_id
    assert who(ctx, ("EMAIL", "ANN@example.com")) == ann
    assert who(ctx, ("PHONE", "99111222", "CYP")) == who(ctx, ("PHONE", "+35799111222")) == pat
    not_found(ctx, ("EMAIL", "nobody@example.com"))
    not_found(ctx, ("PHONE", "+35799000000"))
    not_unique(ctx, ("EMAIL", "ann@example.com"), ("PHONE", "+35799111222"))


def test_an_id_number_asks_for_a_code_that_signs_in(ctx):
    ann = new_contact(ctx, "ann@example.com", **PROFILE["ID_NUMBER"]("ID-55"))
    credentials = [Credential("ID_NUMBER", "id55")]
    with pytest.raises(CrmError) as no_phone:
        rules.request_otp(ctx, send_method="SMS", credentials=credentials)
    assert no_phone.value.status == 400 and no_phone.value.parameters == ["send_method"]
    answer = rules.request_otp(ctx, send_method="EMAIL", credentials=credentials)
    assert answer["obfuscated_value"] == "an***@example.com"
    assert rules.latest_code_of(ctx, credentials) == answer["auth_otp"]
    record = OneTimeCode.get(answer["auth_otp"])
    assert record.contact_id == ann and record.identity_key == "EMAIL#ann@example.com"


def test_the_operators_command_attaches_and_detaches(ctx, capsys, monkeypatch):
    import io

    from crmctl import admin

    ann = new_contact(ctx, "ann@example.com")
    where = ["--organisation", ctx.organisation_id, "--mode", "test", "--contact", ann]
    assert admin.main(["attach-identifier", *where, "--kind", "LOYALTY_IDENTIFIER", "--value", "L-9"]) == 0
    assert "attached LOYALTY_IDENTIFIER L9" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n"))
    assert (
        admin.main(
            [
                "attach-identifier",
                *where,
                "--kind",
                "GIFT_PASS",
                "--value",
                "G-5",
                "--phone",
                "+35799555666",
                "--pin-stdin",
            ]
        )
        == 0
    )
    assert who(ctx, ("LOYALTY_IDENTIFIER", "l9")) == ann
    assert who(ctx, gift("G5", pin="8642", phone="+35799555666")) == ann
    bob = new_contact(ctx, "bob@example.com")
    with pytest.raises(SystemExit) as shared:
        admin.main(["attach-identifier", *where[:-1], bob, "--kind", "LOYALTY_IDENTIFIER", "--value", "L9"])
    assert "--shared" in str(shared.value)
    assert admin.main(["detach-identifier", *where, "--kind", "LOYALTY_IDENTIFIER", "--value", "L9"]) == 0
    not_found(ctx, ("LOYALTY_IDENTIFIER", "l9"))
    assert admin.main(["detach-identifier", *where, "--kind", "LOYALTY_IDENTIFIER", "--value", "L9"]) == 1


def test_back_office_events_attach_and_detach_a_card(ctx, stack):
    import json

    ann = new_contact(ctx, "ann@example.com")
    bob = new_contact(ctx, "bob@example.com")

    def event(detail_type, contact_id, **detail):
        return {
            "version": "0",
            "id": f"e-{detail_type}-{contact_id}",
            "detail-type": detail_type,
            "source": "crm.backoffice",
            "detail": {"organisation_id": ctx.organisation_id, "mode": "test", "contact_id": contact_id, **detail},
        }

    def ingest(*args, **detail):
        return stack.invoke("BackOfficeFunction", event(*args, **detail))

    card = {"kind": "CARD", "value": "5100-0001"}
    assert ingest("identifier.attached", ann, **card)["status"] == "ACCEPTED"
    assert ingest("identifier.attached", ann, **card)["status"] == "ACCEPTED"  # a repeat changes nothing
    assert who(ctx, ("CARD", "51000001")) == ann
    refused_event = ingest("identifier.attached", bob, **card)
    assert refused_event["status"] == "REJECTED" and "another contact" in refused_event["reason"]
    assert ingest("identifier.attached", bob, **card, shared=True)["status"] == "ACCEPTED"
    not_unique(ctx, ("CARD", "51000001"))
    # No gift pass by event: its pin would travel on the bus.
    pin_event = ingest("identifier.attached", ann, kind="GIFT_PASS", value="G1", pin="1234")
    assert pin_event["status"] == "REJECTED" and "1234" not in json.dumps(pin_event)
    assert ingest("identifier.detached", bob, **card)["status"] == "ACCEPTED"
    assert who(ctx, ("CARD", "51000001")) == ann
