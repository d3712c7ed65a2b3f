"""SMS pumping and test-mode delivery rules (crm/services/messaging.py), on moto in-process: the country
allow-list, the daily SMS budget per organisation and mode (atomic, one UpdateItem), and test mode delivering
only to the organisation's allow-listed recipients."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from moto.backends import get_backend

from crm.context import RequestContext
from crm.data import budgets
from crm.data.communications import Communication, owner_key
from crm.data.tenancy import change_test_recipients, find_organisation
from crm.errors import CrmError
from crm.services import messaging
from crm.services.messaging import email_contact, reserve_sms, sms_contact
from crm.services.tenancy import create_organisation
from crmctl import admin
from tests.mail import mail_to


def sent_mail():
    return [mail_to(m)[0] for m in get_backend("ses")["123456789012"]["eu-west-1"].sent_messages]


def sent_sms():
    return [number for number, _ in get_backend("sns")["123456789012"]["eu-west-1"].sms_messages.values()]


def inbox(ctx, contact_id):
    return list(Communication.query(owner_key(ctx.tenant, contact_id)))


def refused(call, *args, **kwargs) -> CrmError:
    with pytest.raises(CrmError) as raised:
        call(*args, **kwargs)
    return raised.value


@pytest.fixture
def org(stack):
    organisation_id = create_organisation("Limits Org").organisation_id
    return (
        RequestContext(organisation_id=organisation_id, mode="test"),
        RequestContext(organisation_id=organisation_id, mode="live"),
    )


# ---------------------------------------------------------------- test mode allow-list


def test_test_mode_records_but_never_delivers_to_recipients_not_allow_listed(org):
    test, _ = org
    email_contact(test, "c1", "ann@example.com", "Your code", "Your code is 123456", record_text="A code")
    sms_contact(test, "c1", "+35799000001", "Your code is 123456", record_text="A code")
    assert sent_mail() == [] and sent_sms() == []
    records = inbox(test, "c1")
    assert sorted((r.channel, r.delivery, r.content) for r in records) == [
        ("EMAIL", "SUPPRESSED", "A code"),
        ("SMS", "SUPPRESSED", "A code"),
    ]
    assert (
        budgets.reserved(
            budgets.budget_id("SMS", test.organisation_id, "test", time.strftime("%Y-%m-%d", time.gmtime()))
        )
        == 0
    )  # no budget used


def test_allow_listed_addresses_domains_and_numbers_are_delivered_in_test_mode(org):
    test, _ = org
    for entry in ("ann@example.com", "*@acme.test", "+35799000002"):
        change_test_recipients(test.organisation_id, entry, allow=True)
    for to in ("Ann@Example.com", "bob@acme.test", "eve@evil.test", "eve@acme.test.evil.test"):
        email_contact(test, "c2", to, "Hi", "text")
    for number in ("+35799000002", "+35799000003"):
        sms_contact(test, "c2", number, "text")
    assert sent_mail() == ["Ann@Example.com", "bob@acme.test"] and sent_sms() == ["+35799000002"]
    assert sorted(r.delivery or "SENT" for r in inbox(test, "c2")) == ["SENT"] * 3 + ["SUPPRESSED"] * 3


def test_live_mode_delivers_to_anyone_and_a_star_allows_everyone_in_test_mode(org):
    test, live = org
    email_contact(live, "c3", "anyone@example.com", "Hi", "text")
    change_test_recipients(test.organisation_id, "*", allow=True)
    email_contact(test, "c3", "someone@example.org", "Hi", "text")
    assert sent_mail() == ["anyone@example.com", "someone@example.org"]


def test_the_operator_command_adds_and_removes_entries(org, capsys):
    test, _ = org
    assert (
        admin.main(["allow-test-recipient", "--organisation", test.organisation_id, "--address", "Ann@Example.com"])
        == 0
    )
    assert (
        admin.main(
            [
                "allow-test-recipient",
                "--organisation",
                test.organisation_id,
                "--phone",
                "99 000 004",
                "--country-code",
                "CYP",
            ]
        )
        == 0
    )
    assert find_organisation(test.organisation_id).test_recipients == {"ann@example.com", "+35799000004"}
    assert (
        admin.main(
            ["allow-test-recipient", "--organisation", test.organisation_id, "--address", "ann@example.com", "--remove"]
        )
        == 0
    )
    assert find_organisation(test.organisation_id).test_recipients == {"+35799000004"}
    with pytest.raises(SystemExit):
        admin.main(["allow-test-recipient", "--organisation", "no-such-org", "--all"])
    with pytest.raises(SystemExit):
        admin.main(["allow-test-recipient", "--organisation", test.organisation_id, "--address", "not-an-address"])


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize(
    "countries, number, allowed",
    [
        ("357", "+35799000005", True),
        ("357", "+447700900123", False),
        ("GRC,357", "+306900000000", True),
        ("CYP", "+35799000005", True),
        ("*", "+447700900123", True),
        ("USA", "+14155550100", True),
        ("30", "+35799000005", False),
    ],
)
def test_sms_go_only_to_the_allowed_countries(org, monkeypatch, countries, number, allowed):
    _, live = org
    monkeypatch.setenv("SMS_COUNTRIES", countries)
    if allowed:
        sms_contact(live, "c4", number, "text")
        assert sent_sms() == [number]
    else:
        error = refused(sms_contact, live, "c4", number, "text")
        assert (error.status, error.parameters) == (400, ["phone_number"])
        assert sent_sms() == [] and inbox(live, "c4") == []


def test_a_country_not_allowed_is_refused_in_test_mode_too_even_when_suppressed(org, monkeypatch):
    test, _ = org
    assert refused(sms_contact, test, "c5", "+447700900123", "text").status == 400
    assert inbox(test, "c5") == []


# ---------------------------------------------------------------- daily budget


def test_the_budget_is_per_organisation_and_mode_and_answers_429_until_midnight(org, monkeypatch):
    test, live = org
    monkeypatch.setenv("SMS_DAILY_BUDGET_TEST", "2")
    monkeypatch.setenv("SMS_DAILY_BUDGET_LIVE", "3")
    change_test_recipients(test.organisation_id, "*", allow=True)
    for n in range(2):
        sms_contact(test, "c6", f"+3579900010{n}", "text")
    error = refused(sms_contact, test, "c6", "+35799000199", "text")
    assert error.status == 429 and error.parameters == ["SMS", 2]
    assert error.body()["error"] == "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION"
    assert abs(int(error.headers["Retry-After"]) - (86400 - int(time.time()) % 86400)) <= 5
    assert "+35799000199" not in sent_sms() and len(inbox(test, "c6")) == 2  # nothing half-written
    for n in range(3):  # live is counted apart
        sms_contact(live, "c6", f"+3579900020{n}", "text")
    assert refused(sms_contact, live, "c6", "+35799000299", "text").status == 429
    other = RequestContext(organisation_id=create_organisation("Other Org").organisation_id, mode="live")
    sms_contact(other, "c7", "+35799000300", "text")  # another organisation has its own budget


def test_the_next_utc_day_has_a_new_budget_and_the_counter_expires(org, monkeypatch):
    _, live = org
    monkeypatch.setenv("SMS_DAILY_BUDGET_LIVE", "1")
    midnight = int(time.time()) // 86400 * 86400 + 86400
    item_id = reserve_sms(live, now=midnight - 10)
    assert refused(reserve_sms, live, now=midnight - 1).headers["Retry-After"] == "1"
    assert reserve_sms(live, now=midnight) != item_id
    assert int(budgets.SendBudget.get(item_id).expires_at) == midnight + 86400


def test_parallel_sends_never_exceed_the_budget(org, monkeypatch):
    _, live = org
    monkeypatch.setenv("SMS_DAILY_BUDGET_LIVE", "5")

    def attempt(n):
        try:
            reserve_sms(live)
            return True
        except CrmError:
            return False

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, range(24)))
    assert results.count(True) == 5


def test_a_budget_of_zero_sends_nothing(org, monkeypatch):
    _, live = org
    monkeypatch.setenv("SMS_DAILY_BUDGET_LIVE", "0")
    assert refused(sms_contact, live, "c8", "+35799000400", "text").status == 429
    assert sent_sms() == []


def test_an_sns_failure_gives_the_reservation_back(org, monkeypatch):
    _, live = org
    monkeypatch.setenv("SMS_DAILY_BUDGET_LIVE", "1")

    def fail(number, text):
        raise messaging.DeliveryFailed("SNS down")

    monkeypatch.setattr(messaging, "send_sms", fail)
    assert refused(sms_contact, live, "c9", "+35799000500", "text").status == 502
    monkeypatch.undo()
    monkeypatch.setenv("SMS_DAILY_BUDGET_LIVE", "1")
    sms_contact(live, "c9", "+35799000500", "text")  # the failed send did not use the budget
    assert sent_sms() == ["+35799000500"]
