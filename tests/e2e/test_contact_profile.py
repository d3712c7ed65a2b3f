"""A contact's own profile over HTTP through the local runtime: read, update, consents, demographics,
preferences and unregister (API.md endpoints 2 to 8)."""

import datetime
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.e2e.conftest import run_admin
from tests.e2e.test_slice import PASSWORD, crm_error, new_email, register

TIMEOUT = 30

# The body of the seed's "Update contact" example, as the seed writes it (strings for booleans and a day,
# `company_profle` misspelt), with only the e-mail address made unique per run.
SEED_UPDATE = {
    "company_name": "Alpha Bravo",
    "title": "Sir",
    "first_name": "John",
    "middle_name": "Alias",
    "last_name": "Doe",
    "preferred_language_code": "ENG",
    "category_id": "4AD9C84FA60F9FE407140E20F707726A",
    "statutory_number": "EF-12345",
    "demographics": {
        "gender": "MALE",
        "passport": {"passport_number": "123456", "issue_country_code": "CYP", "expiration_date": 129876567},
        "id_details": {"id_number": "K123456", "issue_country_code": "CYP", "expiration_date": 129876567},
        "name_day": {"month": 10, "day": 4},
        "date_of_birth": {"year": 2018, "month": 10, "day": "16"},
    },
    "company_profle": {
        "profile_year": 129876567,
        "annual_turnover": 1568.14,
        "established_on": 129876567,
        "number_of_employees": 1,
        "registration_number": "123456",
        "registration_country": "CYP",
        "tax_reference_number": "123456",
        "vat_registration_number": "123456",
        "industry_id": "4AD9C84FA60F9FE407140E20F707726A",
        "industry_sectors": ["4AD9C84FA60F9FE407140E20F707726A"],
    },
    "sms_opt_out": "false",
    "email_opt_out": "false",
    "is_tax_exempt": "false",
    "consent_state": "ACCEPTED",
}
# What GET answers for that body: the same values, in their JSON types.
SEED_DEMOGRAPHICS = {**SEED_UPDATE["demographics"], "date_of_birth": {"year": 2018, "month": 10, "day": 16}}

GET_FIELDS = {
    "id",
    "code",
    "type",
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "company_name",
    "preferred_language_code",
    "avatar_url",
    "email_address",
    "pending_email_address",
    "phone",
    "demographics",
    "company_profile",
    "statutory_number",
    "category_id",
    "referral_code",
    "country_agreement",
    "sms_opt_out",
    "email_opt_out",
    "is_tax_exempt",
    "consent_state",
    "custom_fields",
    "organisations",
    "created_on",
}


# ---------------------------------------------------------------- helpers


class Caller:
    """A registered contact and its token."""

    def __init__(self, api, key, email=None):
        self.api, self.key, self.email = api, key, email or new_email()
        response = register(api, key, self.email)
        assert response.status_code == 200, response.text
        answer = response.json()
        self.id, self.token = answer["contact"]["id"], answer["access_token"]
        self.organisation_id = answer["organisations"][0]["external_id"]

    def url(self, suffix="", contact_id=None):
        return f"{self.api.base_url}/contacts/{contact_id or self.id}{suffix}"

    def headers(self, **extra):
        return {"Authorization": f"Bearer {self.token}", **extra}

    def get(self, suffix="", contact_id=None, **headers):
        return requests.get(self.url(suffix, contact_id), headers=self.headers(**headers), timeout=TIMEOUT)

    def put(self, body, suffix="", contact_id=None, **headers):
        return requests.put(self.url(suffix, contact_id), json=body, headers=self.headers(**headers), timeout=TIMEOUT)

    def delete(self, contact_id=None, **headers):
        return requests.delete(self.url("", contact_id), headers=self.headers(**headers), timeout=TIMEOUT)

    def profile(self):
        response = self.get()
        assert response.status_code == 200, response.text
        return response.json()


def sign_in(api, key, email, password=PASSWORD):
    return requests.post(
        f"{api.base_url}/contacts/authenticate",
        headers={"api_key": key},
        timeout=TIMEOUT,
        json={"provider": "EMAIL", "username": email, "password": password},
    )


def operator(api, *args):
    """`python -m crmctl.admin …` against the local runtime's AWS, as an operator runs it against a stack."""
    printed = run_admin(api, *args)
    lines = dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
    return lines["organisation"].split(" ")[0], lines["test api_key"]


@pytest.fixture
def caller(local_api):
    return Caller(local_api, local_api.test_key)


@pytest.fixture(scope="module")
def other_organisation(local_api):
    """Another organisation (another tenant) with a contact of its own."""
    organisation_id, key = operator(local_api, "create-organisation", "--name", "Other Organisation")
    return organisation_id, key, Caller(local_api, key)


@pytest.fixture(scope="module")
def merchant(local_api):
    """A merchant of the demo organisation's network."""
    demo_id = Caller(local_api, local_api.test_key).organisation_id
    merchant_id, _ = operator(
        local_api, "create-organisation", "--name", "Demo Merchant", "--type", "MERCHANT", "--parent", demo_id
    )
    return merchant_id


# ---------------------------------------------------------------- read


def test_get_answers_every_field_and_an_etag_and_no_secret(caller):
    response = caller.get()
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == GET_FIELDS
    assert (body["id"], body["type"], body["email_address"]) == (caller.id, "PERSON", caller.email)
    assert body["code"] and body["organisations"] == [
        {"id": caller.organisation_id, "name": "Demo Organisation", "org_type": "BUSINESS"}
    ]
    assert re.fullmatch(r'"\d+"', response.headers["ETag"])
    assert PASSWORD not in response.text and "hash" not in response.text and "tenant" not in response.text


# ---------------------------------------------------------------- update


def test_the_seed_example_round_trips_field_by_field(caller):
    email = new_email().upper()
    response = caller.put(
        {
            **SEED_UPDATE,
            "email_address": email,
            "current_password": PASSWORD,
            "custom_fields": [{"key": "store", "value": "Nicosia"}, {"key": "tier", "value": "gold"}],
        }
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"id": caller.id} and response.headers["ETag"]

    got = caller.get()
    body = got.json()
    assert got.headers["ETag"] == response.headers["ETag"]
    for name in (
        "company_name",
        "title",
        "first_name",
        "middle_name",
        "last_name",
        "preferred_language_code",
        "category_id",
        "statutory_number",
        "consent_state",
    ):
        assert body[name] == SEED_UPDATE[name], name
    assert (body["sms_opt_out"], body["email_opt_out"], body["is_tax_exempt"]) == (False, False, False)
    # A new address waits for its link (tests/e2e/test_email_change.py).
    assert (body["email_address"], body["pending_email_address"]) == (caller.email, email.lower())
    assert body["demographics"] == SEED_DEMOGRAPHICS
    assert body["company_profile"] == SEED_UPDATE["company_profle"]
    assert body["custom_fields"] == [{"key": "store", "value": "Nicosia"}, {"key": "tier", "value": "gold"}]
    demographics = caller.get("/demographics")
    assert demographics.status_code == 200 and demographics.json() == SEED_DEMOGRAPHICS


def test_company_profile_is_accepted_under_its_right_name_too_but_not_under_both(caller):
    profile = {"annual_turnover": 0, "number_of_employees": 0, "registration_country": "grc"}
    assert caller.put({"company_name": "Acme", "company_profile": profile}).status_code == 200
    assert caller.profile()["company_profile"] == {**profile, "registration_country": "GRC"}
    both = caller.put({"company_profile": profile, "company_profle": profile})
    assert crm_error(both, 400)["parameters"] == ["company_profle"]


def test_flags_round_trip_as_booleans(caller):
    assert caller.put({"sms_opt_out": True, "email_opt_out": "true", "is_tax_exempt": True}).status_code == 200
    body = caller.profile()
    assert (body["sms_opt_out"], body["email_opt_out"], body["is_tax_exempt"]) == (True, True, True)


def test_a_field_left_out_stays_and_a_null_clears_it(caller):
    assert caller.put({**SEED_UPDATE, "custom_fields": [{"key": "a", "value": "1"}]}).status_code == 200
    assert caller.put({"title": "Dr"}).status_code == 200
    body = caller.profile()
    assert (body["title"], body["first_name"], body["middle_name"]) == ("Dr", "John", "Alias")
    assert body["demographics"] == SEED_DEMOGRAPHICS and body["custom_fields"] == [{"key": "a", "value": "1"}]

    response = caller.put(
        {
            "middle_name": None,
            "custom_fields": None,
            "sms_opt_out": None,
            "demographics": {"gender": None, "passport": {"passport_number": "P9"}},
            "company_profile": {"industry_sectors": None},
        }
    )
    assert response.status_code == 200, response.text
    body = caller.profile()
    assert body["middle_name"] is None and body["custom_fields"] == [] and body["sms_opt_out"] is False
    assert "gender" not in body["demographics"]
    assert body["demographics"]["passport"] == {**SEED_UPDATE["demographics"]["passport"], "passport_number": "P9"}
    assert body["demographics"]["date_of_birth"] == SEED_DEMOGRAPHICS["date_of_birth"]
    assert "industry_sectors" not in body["company_profile"] and body["company_profile"]["industry_id"]

    assert caller.put({"demographics": None, "company_profile": None}).status_code == 200
    body = caller.profile()
    assert body["demographics"] is None and body["company_profile"] is None
    assert caller.get("/demographics").json() == {}


TOMORROW = datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=2)
INVALID_UPDATES = [
    ({"demographics": {"passport": {"issue_country_code": "CY"}}}, "demographics.passport.issue_country_code"),
    ({"demographics": {"id_details": {"issue_country_code": "XYZ"}}}, "demographics.id_details.issue_country_code"),
    ({"company_profile": {"registration_country": "UK"}}, "company_profile.registration_country"),
    ({"company_profle": {"registration_country": "ZZZ"}}, "company_profle.registration_country"),
    ({"preferred_language_code": "EN"}, "preferred_language_code"),
    ({"preferred_language_code": "XXX"}, "preferred_language_code"),
    ({"demographics": {"date_of_birth": {"year": 2023, "month": 2, "day": 30}}}, "demographics.date_of_birth"),
    ({"demographics": {"date_of_birth": {"year": 2023, "month": 2, "day": 29}}}, "demographics.date_of_birth"),
    (
        {"demographics": {"date_of_birth": {"year": TOMORROW.year, "month": TOMORROW.month, "day": TOMORROW.day}}},
        "demographics.date_of_birth",
    ),
    ({"demographics": {"date_of_birth": {"year": 2000, "month": 13, "day": 1}}}, "demographics.date_of_birth.month"),
    ({"demographics": {"date_of_birth": {"year": 2000, "month": 1}}}, "demographics.date_of_birth.day"),
    ({"demographics": {"name_day": {"month": 13, "day": 1}}}, "demographics.name_day.month"),
    ({"demographics": {"name_day": {"month": 0, "day": 1}}}, "demographics.name_day.month"),
    ({"demographics": {"name_day": {"month": 1, "day": 32}}}, "demographics.name_day.day"),
    ({"demographics": {"name_day": {"month": 1, "day": 0}}}, "demographics.name_day.day"),
    ({"demographics": {"name_day": {"month": 4, "day": 31}}}, "demographics.name_day"),
    ({"demographics": {"gender": "UNKNOWN"}}, "demographics.gender"),
    ({"demographics": {"passport": {"expiration_date": -1}}}, "demographics.passport.expiration_date"),
    ({"company_profile": {"annual_turnover": -0.01}}, "company_profile.annual_turnover"),
    ({"company_profile": {"number_of_employees": -1}}, "company_profile.number_of_employees"),
    ({"company_profile": {"number_of_employees": 1.5}}, "company_profile.number_of_employees"),
    ({"company_profile": {"industry_sectors": ["x" * 256]}}, "company_profile.industry_sectors.0"),
    ({"first_name": "x" * 256}, "first_name"),
    ({"statutory_number": "x" * 256}, "statutory_number"),
    ({"demographics": {"passport": {"passport_number": "x" * 256}}}, "demographics.passport.passport_number"),
    ({"custom_fields": [{"key": f"k{i}", "value": "v"} for i in range(51)]}, "custom_fields"),
    ({"custom_fields": [{"key": "k", "value": "x" * 256}]}, "custom_fields.0.value"),
    ({"custom_fields": [{"key": "k", "value": "1"}, {"key": "k", "value": "2"}]}, "custom_fields"),
    ({"email_address": "not-an-email"}, "email_address"),
    ({"consent_state": "MAYBE"}, "consent_state"),
    ({"sms_opt_out": "perhaps"}, "sms_opt_out"),
    ({"first_name": None}, "first_name"),
    ({"last_name": None}, "last_name"),
    ({"email_address": None}, "email_address"),
    # Fields a contact may not set.
    ({"id": "someone-else"}, "id"),
    ({"code": "C123"}, "code"),
    ({"type": "COMPANY"}, "type"),
    ({"is_verified": True}, "is_verified"),
    ({"organisations": [{"id": "x"}]}, "organisations"),
    ({"avatar": "x"}, "avatar"),
]


def test_every_validation_rule_answers_400_naming_the_field_and_stores_nothing(caller):
    before = caller.get()
    for body, field in INVALID_UPDATES:
        response = caller.put({"title": "Changed", **body})
        assert field in crm_error(response, 400)["parameters"], (body, response.text)
    after = caller.get()
    assert after.json() == before.json() and after.headers["ETag"] == before.headers["ETag"]


def test_the_seed_limits_themselves_are_accepted(caller):
    response = caller.put(
        {
            "custom_fields": [{"key": f"k{i}", "value": "v" * 255} for i in range(50)],
            "demographics": {
                "name_day": {"month": 2, "day": 29},
                "date_of_birth": {"year": 2024, "month": 2, "day": 29},
            },
            "first_name": "x" * 255,
            "preferred_language_code": "gre",
        }
    )
    assert response.status_code == 200, response.text
    body = caller.profile()
    assert len(body["custom_fields"]) == 50 and body["preferred_language_code"] == "GRE"


# ---------------------------------------------------------------- e-mail address


def test_an_email_taken_by_another_contact_answers_409_and_changes_nothing(local_api, caller):
    other = Caller(local_api, local_api.test_key)
    response = caller.put({"title": "Dr", "email_address": other.email.upper(), "current_password": PASSWORD})
    body = crm_error(response, 409)
    assert body["parameters"] == ["email_address"]
    assert caller.profile()["email_address"] == caller.email and caller.profile()["title"] is None
    assert sign_in(local_api, local_api.test_key, caller.email).status_code == 200


def confirm_new_address(api, address):
    """Presses Confirm on the page of the link mailed to a new address."""
    (mail,) = [m for m in api.outbox() if address in (m.get("to") or "") and "verify_email" in m["body"]]
    link = re.search(r"(http\S+/contacts/verify_email/\S+)", mail["body"]).group(1)
    assert requests.post(link, timeout=TIMEOUT).status_code == 200


def test_a_changed_email_moves_the_sign_in_once_confirmed_and_is_verified(local_api, caller):
    new = new_email()
    assert caller.put({"email_address": new, "current_password": PASSWORD}).status_code == 200
    assert caller.profile()["pending_email_address"] == new
    confirm_new_address(local_api, new)
    moved = sign_in(local_api, local_api.test_key, new)
    assert moved.status_code == 200, moved.text
    assert moved.json()["contact"]["id"] == caller.id and moved.json()["contact"]["is_verified"] is True
    crm_error(sign_in(local_api, local_api.test_key, caller.email), 401)
    # The old address is free again: registering it makes a new contact.
    again = register(local_api, local_api.test_key, caller.email)
    assert again.status_code == 200 and again.json()["contact"]["id"] != caller.id


def test_an_email_of_another_organisations_contact_is_free_here(local_api, caller, other_organisation):
    _, other_key, other = other_organisation
    assert caller.put({"email_address": other.email, "current_password": PASSWORD}).status_code == 200
    confirm_new_address(local_api, other.email)
    for key, email in ((other_key, other.email), (local_api.test_key, other.email)):
        assert sign_in(local_api, key, email).status_code == 200


# ---------------------------------------------------------------- optimistic locking


def test_if_match_with_the_current_etag_writes_and_a_stale_one_answers_409(caller):
    etag = caller.get().headers["ETag"]
    first = caller.put({"title": "Mr"}, **{"If-Match": etag})
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != etag and caller.get().headers["ETag"] == first.headers["ETag"]
    # A second writer who read the same version would overwrite the first one's change: refused.
    stale = caller.put({"title": "Ms"}, **{"If-Match": etag})
    assert crm_error(stale, 409)["parameters"] == ["If-Match"]
    for suffix, body in (
        ("/consents", {"consent_state": "REJECTED"}),
        ("/preferences", {"organisation_id": caller.organisation_id, "type": "ORDERS"}),
    ):
        crm_error(caller.put(body, suffix, **{"If-Match": etag}), 409)
    crm_error(caller.delete(**{"If-Match": etag}), 409)
    assert caller.profile()["title"] == "Mr"
    assert caller.put({"title": "Ms"}, **{"If-Match": "*"}).status_code == 200
    assert caller.put({"title": "Mx"}, **{"If-Match": f'"0", {first.headers["ETag"]}'}).status_code == 409
    assert caller.profile()["title"] == "Ms"


def test_concurrent_updates_never_lose_one_silently(caller):
    fields = ["title", "middle_name", "company_name", "category_id", "statutory_number", "preferred_language_code"]
    values = {
        "title": "Dr",
        "middle_name": "M",
        "company_name": "Co",
        "category_id": "cat",
        "statutory_number": "S1",
        "preferred_language_code": "FRE",
    }
    with ThreadPoolExecutor(len(fields)) as pool:
        answers = dict(zip(fields, pool.map(lambda f: caller.put({f: values[f]}), fields), strict=False))
    assert {a.status_code for a in answers.values()} <= {200, 409}
    assert any(a.status_code == 200 for a in answers.values())
    final = caller.profile()
    for field, answer in answers.items():
        if answer.status_code == 200:
            assert final[field] == values[field], field  # every write answered 200 is in the final state
        else:
            crm_error(answer, 409)
            assert final[field] is None, field  # and a refused one wrote nothing


# ---------------------------------------------------------------- consents, demographics, preferences


def test_consents(caller):
    for state in ("PENDING", "REJECTED", "ACCEPTED"):
        response = caller.put({"consent_state": state}, "/consents")
        assert response.status_code == 200 and response.json() == {"id": caller.id}, response.text
        assert caller.profile()["consent_state"] == state
    assert crm_error(caller.put({"consent_state": "YES"}, "/consents"), 400)["parameters"] == ["consent_state"]
    assert crm_error(caller.put({}, "/consents"), 400)["parameters"] == ["consent_state"]
    assert (
        "email_opt_out"
        in crm_error(caller.put({"consent_state": "PENDING", "email_opt_out": True}, "/consents"), 400)["parameters"]
    )
    assert caller.profile()["consent_state"] == "ACCEPTED"


def test_demographics_alone(caller):
    assert caller.get("/demographics").json() == {}
    assert caller.put({"demographics": {"gender": "OTHER", "name_day": {"month": 2, "day": "29"}}}).status_code == 200
    response = caller.get("/demographics")
    assert response.status_code == 200 and response.json() == {"gender": "OTHER", "name_day": {"month": 2, "day": 29}}
    assert response.headers["ETag"] == caller.get().headers["ETag"]


def test_preferences_name_organisations_of_the_callers_network(caller, merchant):
    assert caller.get("/preferences").json() == {"organisations": []}
    for body in (
        {"organisation_id": merchant, "type": "ORDERS"},
        {"organisation_id": caller.organisation_id, "type": "REWARDS"},
    ):
        response = caller.put(body, "/preferences")
        assert response.status_code == 200 and response.json() == {"id": caller.id}, response.text
    assert caller.get("/preferences").json() == {
        "organisations": [
            {"id": merchant, "type": "ORDERS", "name": "Demo Merchant"},
            {"id": caller.organisation_id, "type": "REWARDS", "name": "Demo Organisation"},
        ]
    }
    # Setting a type again replaces it; a null organisation clears it.
    assert caller.put({"organisation_id": caller.organisation_id, "type": "ORDERS"}, "/preferences").status_code == 200
    assert caller.put({"organisation_id": None, "type": "REWARDS"}, "/preferences").status_code == 200
    assert caller.get("/preferences").json() == {
        "organisations": [{"id": caller.organisation_id, "type": "ORDERS", "name": "Demo Organisation"}]
    }


def test_a_preference_for_an_organisation_outside_the_callers_network_answers_404(caller, other_organisation):
    other_id = other_organisation[0]
    for organisation_id in (other_id, "no-such-organisation"):
        body = crm_error(caller.put({"organisation_id": organisation_id, "type": "ORDERS"}, "/preferences"), 404)
        assert body["parameters"] == ["organisation", organisation_id]
    assert crm_error(caller.put({"organisation_id": caller.organisation_id, "type": "WISHES"}, "/preferences"), 400)[
        "parameters"
    ] == ["type"]
    assert crm_error(caller.put({"type": "ORDERS"}, "/preferences"), 400)["parameters"] == ["organisation_id"]
    assert caller.get("/preferences").json() == {"organisations": []}


# ---------------------------------------------------------------- whose contact


ROUTES = [
    ("GET", "", None),
    ("PUT", "", {"title": "Dr"}),
    ("PUT", "/consents", {"consent_state": "ACCEPTED"}),
    ("GET", "/demographics", None),
    ("GET", "/preferences", None),
    ("PUT", "/preferences", {"organisation_id": "x", "type": "ORDERS"}),
    ("DELETE", "", None),
]


def _call(caller, method, suffix, body, contact_id):
    return requests.request(
        method, caller.url(suffix, contact_id), json=body, headers=caller.headers(), timeout=TIMEOUT
    )


def _every_route_answers_404(stranger, owner):
    """Each route of `owner`'s id, called with `stranger`'s token, answers 404 naming it and changes nothing."""
    before = owner.profile()
    for method, suffix, body in ROUTES:
        response = _call(stranger, method, suffix, body, owner.id)
        assert crm_error(response, 404)["parameters"] == ["contact", owner.id], (method, suffix)
    assert owner.profile() == before


def test_another_contacts_id_answers_404_on_every_route(local_api, caller):
    _every_route_answers_404(caller, Caller(local_api, local_api.test_key))


def test_another_organisations_token_answers_404_on_every_route(caller, other_organisation):
    _every_route_answers_404(other_organisation[2], caller)


def test_a_key_alone_answers_403_on_every_route(local_api, caller):
    for method, suffix, body in ROUTES:
        response = requests.request(
            method, caller.url(suffix), json=body, headers={"api_key": local_api.test_key}, timeout=TIMEOUT
        )
        crm_error(response, 403)


# ---------------------------------------------------------------- unregister


def test_unregister_ends_sessions_stops_sign_in_and_frees_the_email(local_api, caller, other_organisation):
    _, other_key, _ = other_organisation
    # The same address in live mode and in another organisation: other tenants, which must stay untouched.
    live = register(local_api, local_api.live_key, caller.email)
    elsewhere = register(local_api, other_key, caller.email)
    assert live.status_code == 200 and elsewhere.status_code == 200
    second_session = sign_in(local_api, local_api.test_key, caller.email).json()["access_token"]

    response = caller.delete()
    assert response.status_code == 200 and response.json() == {"id": caller.id}, response.text

    # Every session of the contact ended at once, not only the one that asked.
    for token in (caller.token, second_session):
        crm_error(requests.get(caller.url(), headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT), 401)
    crm_error(caller.delete(), 401)
    # Its identity no longer signs in.
    assert (
        crm_error(sign_in(local_api, local_api.test_key, caller.email), 401)["error"]
        == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"
    )
    # A new registration with the same e-mail is a fresh contact, with nothing of the old one.
    fresh = Caller(local_api, local_api.test_key, caller.email)
    assert fresh.id != caller.id
    profile = fresh.profile()
    assert profile["email_address"] == caller.email and profile["custom_fields"] == []
    assert crm_error(fresh.get(contact_id=caller.id), 404)["parameters"] == ["contact", caller.id]
    # The other organisation's and the live contact are untouched.
    for key in (local_api.live_key, other_key):
        assert sign_in(local_api, key, caller.email).status_code == 200
    for answer in (live, elsewhere):
        token = answer.json()["access_token"]
        assert (
            requests.get(
                caller.url(contact_id=answer.json()["contact"]["id"]),
                timeout=TIMEOUT,
                headers={"Authorization": f"Bearer {token}"},
            ).status_code
            == 200
        )


def test_unregister_after_an_email_change_frees_the_new_address(local_api, caller):
    new = new_email()
    assert caller.put({"email_address": new, "current_password": PASSWORD}).status_code == 200
    assert caller.delete().status_code == 200
    for email in (new, caller.email):
        crm_error(sign_in(local_api, local_api.test_key, email), 401)
        assert register(local_api, local_api.test_key, email).status_code == 200


def test_concurrent_unregisters_answer_once_and_never_500(local_api, caller):
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: caller.delete(), range(4)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 1 and set(statuses) <= {200, 401, 404}, [a.text for a in answers]
    for answer in answers:
        if answer.status_code != 200:
            crm_error(answer, answer.status_code)
