"""The pure rules of a contact's profile: the merge of PUT /contacts/{id}, If-Match, the names a contact
cannot lose, and the lockout curve of wrong guesses. No table: a Contact is only built, never saved."""

import pytest

from crm.data.base import plain
from crm.data.contacts import Contact
from crm.errors import Conflict, InvalidInput
from crm.services import contacts
from crm.services.identity import LOCKOUT_AFTER, LOCKOUT_MAX_SECONDS, lock_seconds
from crm.versions import Versioned, if_match_allows, if_match_tags


def _contact(**values):
    return Contact(tenant="org#test", id="c1", code="C1", type="PERSON", first_name="Ann", last_name="Lee", **values)


# ---------------------------------------------------------------- the merge


def test_a_member_left_out_stays_and_a_null_clears_it():
    stored = {"gender": "FEMALE", "passport": {"passport_number": "P1", "issue_country_code": "CYP"}}
    assert contacts._merge(stored, {"passport": {"passport_number": None}}) == {
        "gender": "FEMALE",
        "passport": {"issue_country_code": "CYP"},
    }
    assert contacts._merge(stored, {"gender": None}) == {"passport": stored["passport"]}


def test_nested_members_merge_one_by_one_and_an_emptied_map_goes():
    stored = {"passport": {"passport_number": "P1"}, "name_day": {"month": 1, "day": 2}}
    merged = contacts._merge(
        stored, {"passport": {"issue_country_code": "GRC"}, "name_day": {"month": None, "day": None}}
    )
    assert merged == {"passport": {"passport_number": "P1", "issue_country_code": "GRC"}}
    assert contacts._merge({"gender": "MALE"}, {"gender": None}) is None
    assert stored == {"passport": {"passport_number": "P1"}, "name_day": {"month": 1, "day": 2}}  # not mutated


def test_a_map_sent_over_a_scalar_replaces_it():
    assert contacts._merge({"passport": "P1"}, {"passport": {"passport_number": "P2"}}) == {
        "passport": {"passport_number": "P2"}
    }


def test_apply_follows_each_stored_attribute():
    contact = _contact(
        title="Dr",
        sms_opt_out=True,
        custom_fields=[{"key": "a", "value": "1"}],
        demographics={"gender": "FEMALE", "name_day": {"month": 3, "day": 4}},
    )
    contacts._apply(
        contact,
        {
            "title": None,
            "middle_name": "M",
            "sms_opt_out": None,
            "email_opt_out": True,
            "custom_fields": [],
            "demographics": {"name_day": {"day": 5}},
            "company_profile": None,
        },
    )
    assert contact.title is None and contact.middle_name == "M" and contact.last_name == "Lee"
    assert contact.sms_opt_out is False and contact.email_opt_out is True  # a null flag is its default
    assert contact.custom_fields is None  # an empty list is no list
    assert plain(contact.demographics) == {"gender": "FEMALE", "name_day": {"month": 3, "day": 5}}
    assert contact.company_profile is None


def test_a_null_map_clears_it_whole():
    contact = _contact(demographics={"gender": "FEMALE"})
    contacts._apply(contact, {"demographics": None})
    assert contact.demographics is None


def test_the_answer_has_every_member_of_contact_answer_in_order():
    contact = _contact(phone={"type": "MOBILE", "number": "99"}, custom_fields=None, created_on=7)
    view = contacts.contact_view(contact)
    assert list(view) == list(contacts.ContactAnswer.model_fields)
    assert view["phone"] == {"type": "MOBILE", "number": "99"} and view["custom_fields"] == []
    assert view["organisations"] == [] and view["sms_opt_out"] is False and view["created_on"] == 7
    assert not {"tenant", "version", "state", "organisation_ids", "is_verified"} & set(view)


# ---------------------------------------------------------------- If-Match


def test_if_match_lists_tags_and_drops_blanks():
    assert if_match_tags(' "3" , ,W/"4",*') == ['"3"', 'W/"4"', "*"]


@pytest.mark.parametrize(
    ("header", "allowed"),
    [(None, True), ('"3"', True), ('"1", "3"', True), ("*", True), ('"2"', False), ('W/"3"', False), ("", False)],
)
def test_if_match_allows_only_the_current_version(header, allowed):
    assert if_match_allows(header, '"3"') is allowed


def test_a_stale_if_match_is_the_lost_update_conflict():
    contact = _contact(version=3)
    contacts._check_if_match(contact, '"3"')
    with pytest.raises(Conflict) as raised:
        contacts._check_if_match(contact, '"2"')
    assert raised.value.status == 409 and raised.value.parameters == ["If-Match"]


def test_a_versioned_answer_names_its_parts():
    answer = Versioned({"id": "c1"}, '"3"')
    assert answer.body == {"id": "c1"} and answer.etag == '"3"'


# ---------------------------------------------------------------- required names


@pytest.mark.parametrize(
    ("kind", "changes", "cleared"),
    [
        ("PERSON", {"first_name": None}, ["first_name"]),
        ("PERSON", {"first_name": None, "last_name": None, "company_name": None}, ["first_name", "last_name"]),
        ("COMPANY", {"company_name": None, "first_name": None}, ["company_name"]),
    ],
)
def test_a_required_name_cannot_be_cleared(kind, changes, cleared):
    contact = _contact()
    contact.type = kind
    with pytest.raises(InvalidInput) as raised:
        contacts._required_names(contact, changes)
    assert raised.value.parameters == cleared


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        ("PERSON", {"first_name": "Bo"}),
        ("PERSON", {"company_name": None}),
        ("COMPANY", {"last_name": None}),
        ("PERSON", {}),
    ],
)
def test_other_names_and_new_values_pass(kind, changes):
    contact = _contact()
    contact.type = kind
    contacts._required_names(contact, changes)


# ---------------------------------------------------------------- lockout


def test_no_lock_before_the_lockout_threshold():
    assert [lock_seconds(n) for n in range(LOCKOUT_AFTER)] == [None] * LOCKOUT_AFTER


def test_the_lock_doubles_from_the_threshold_up_to_its_cap():
    assert [lock_seconds(LOCKOUT_AFTER + n) for n in range(5)] == [1, 2, 4, 8, 16]
    assert lock_seconds(LOCKOUT_AFTER + 9) == 512
    assert lock_seconds(LOCKOUT_AFTER + 10) == LOCKOUT_MAX_SECONDS == 900  # 1024 capped
    assert lock_seconds(1000) == LOCKOUT_MAX_SECONDS
