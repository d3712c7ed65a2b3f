"""SMS pumping and test-mode delivery over HTTP through the local runtime: a daily SMS budget per organisation
and mode, a country allow-list, and test mode delivering only to the recipients the organisation allow-listed
(the rest are recorded in the inbox as sent, with delivery SUPPRESSED, and never leave)."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
import requests

from local.cfn import Template, local_name
from tests.e2e.conftest import run_admin
from tests.e2e.test_identity import new_phone
from tests.e2e.test_slice import crm_error, new_email, register

TEST_BUDGET = int(Template.load().parameters.get("SmsDailyBudgetTest", 100))


operator = run_admin


def new_organisation(api, name):
    printed = operator(api, "create-organisation", "--name", name)
    lines = dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
    return lines["organisation"].split(" ")[0], lines["test api_key"], lines["live api_key"]


def sent_to(api, recipient):
    return [m for m in api.outbox() if recipient in (m.get("to") or "")]


def register_phone(api, key, phone, country_code="CYP"):
    return requests.post(
        f"{api.base_url}/contacts/register",
        headers={"api_key": key},
        timeout=30,
        json={
            "first_name": "Pat",
            "last_name": "Phone",
            "identity": {"provider": "PHONE", "phone_number": phone, "country_code": country_code},
        },
    )


def ask_otp(api, key, email):
    return requests.post(
        f"{api.base_url}/contacts/otp",
        headers={"api_key": key},
        timeout=30,
        json={"send_method": "EMAIL", "credentials": [{"name": "EMAIL", "value": email}]},
    )


def inbox_items(api, contact_id):
    """The contact's communications as stored (behind the API: the delivery attribute is not shown)."""
    endpoint = re.search(r"moto serving AWS at (\S+)", api.log()).group(1)
    table = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="eu-west-1").Table(
        local_name("CommunicationsTable")
    )
    items = table.scan()["Items"]
    return [i for i in items if i.get("contact_id") == contact_id and "channel" in i]


def settle():
    time.sleep(1.0)  # the outbox watcher reads moto twice a second


@pytest.fixture(scope="module")
def strict(local_api):
    """An organisation whose test mode has allow-listed nobody."""
    return new_organisation(local_api, "Strict Test Org")


def test_test_mode_delivers_only_to_allow_listed_recipients(local_api, strict):
    organisation_id, test_key, _ = strict
    email = new_email()
    answer = register(local_api, test_key, email)
    assert answer.status_code == 200, answer.text
    contact_id = answer.json()["contact"]["id"]

    asked = ask_otp(local_api, test_key, email)
    assert asked.status_code == 200, asked.text  # answered as if sent
    settle()
    assert sent_to(local_api, email) == []  # never delivered
    (recorded,) = [i for i in inbox_items(local_api, contact_id) if i["channel"] == "EMAIL"]
    assert recorded["delivery"] == "SUPPRESSED" and recorded["recipient"] == email
    log = local_api.log()
    assert "test mode: message recorded, not delivered" in log
    assert not re.search(r"not delivered[^\n]*\b\d{6}\b", log)  # the line holds no code

    phone = new_phone()
    assert register_phone(local_api, test_key, phone).status_code == 200
    settle()
    assert sent_to(local_api, "+357" + phone) == []

    operator(local_api, "allow-test-recipient", "--organisation", organisation_id, "--address", email)
    operator(
        local_api, "allow-test-recipient", "--organisation", organisation_id, "--phone", phone, "--country-code", "CYP"
    )
    assert ask_otp(local_api, test_key, email).status_code == 200
    other_phone = new_phone()
    assert register_phone(local_api, test_key, other_phone).status_code == 200
    settle()
    assert len(sent_to(local_api, email)) == 1
    assert sent_to(local_api, "+357" + other_phone) == []  # only the allow-listed number


def test_the_demo_organisation_allow_lists_everyone(local_api):
    phone = new_phone()
    assert register_phone(local_api, local_api.test_key, phone).status_code == 200
    settle()
    assert len(sent_to(local_api, "+357" + phone)) == 1


def test_a_number_outside_the_allowed_countries_answers_400_and_nothing_is_sent(local_api, strict):
    _, _, live_key = strict
    refused = register_phone(local_api, live_key, "7700900123", country_code="GBR")
    error = crm_error(refused, 400)
    assert error["parameters"] == ["phone_number"]
    settle()
    assert sent_to(local_api, "+447700900123") == []
    # nothing half-written: the number is not taken (the same request again is refused the same way, not 409)
    assert crm_error(register_phone(local_api, live_key, "7700900123", country_code="GBR"), 400)


def test_the_daily_sms_budget_holds_under_parallel_requests_per_organisation_and_mode(local_api):
    """The attack: many PHONE registrations with fresh numbers, each one SMS (the per-contact limit does not
    bite). The organisation's test mode stops after its daily budget; its live mode is counted apart."""
    organisation_id, test_key, live_key = new_organisation(local_api, "Pumped Org")
    operator(local_api, "allow-test-recipient", "--organisation", organisation_id, "--all")
    phones = [new_phone() for _ in range(TEST_BUDGET + 10)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda p: register_phone(local_api, test_key, p), phones))
    sent = [a for a in answers if a.status_code == 200]
    refused = [a for a in answers if a.status_code == 429]
    assert len(sent) == TEST_BUDGET and len(refused) == 10, [a.status_code for a in answers]
    error = crm_error(refused[0], 429)
    assert error["parameters"][0] == "SMS"
    retry_after = int(refused[0].headers["Retry-After"])
    assert abs(retry_after - (86400 - int(time.time()) % 86400)) <= 60
    settle()
    delivered = {m["to"] for m in local_api.outbox() if m["channel"] == "SMS"}
    refused_phones = [p for p, a in zip(phones, answers, strict=False) if a.status_code == 429]
    assert not any("+357" + p in delivered for p in refused_phones)
    # nothing half-written: a refused number is not registered (the live mode, counted apart, takes it)
    assert register_phone(local_api, live_key, refused_phones[0]).status_code == 200
