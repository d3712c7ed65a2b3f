"""Messages the system sends: delivered through SES/SNS and recorded in the contact's inbox."""

import boto3
import pytest
from moto.backends import get_backend

from crm.context import RequestContext
from crm.data.communications import Communication, new_time_ordered_id, owner_key
from crm.data.tenancy import change_test_recipients
from crm.errors import CrmError
from crm.services.messaging import email_contact, sms_contact
from crm.services.tenancy import create_organisation

CTX = RequestContext(organisation_id="org-1", mode="test")


@pytest.fixture(autouse=True)
def organisation(stack):
    """org-1, whose test mode delivers to everyone (as the local runtime's demo organisation)."""
    create_organisation("Messaging Org", organisation_id="org-1")
    change_test_recipients("org-1", "*", allow=True)


def inbox(contact_id):
    return list(Communication.query(owner_key(CTX.tenant, contact_id)))


def test_an_email_is_sent_and_recorded_without_its_secret(stack):
    email_contact(CTX, "c1", "ann@example.com", "Your code", "Your code is 123456", record_text="A sign-in code")
    sent = get_backend("ses")["123456789012"]["eu-west-1"].sent_messages
    assert sent[-1].destinations["ToAddresses"] == ["ann@example.com"] and "123456" in sent[-1].body
    (record,) = inbox("c1")
    assert (record.channel, record.recipient, record.subject, record.content) == (
        "EMAIL",
        "ann@example.com",
        "Your code",
        "A sign-in code",
    )


def test_an_sms_is_sent_and_recorded(stack):
    sms_contact(CTX, "c2", "+35799123456", "Your code is 654321", record_text="A sign-in code")
    messages = get_backend("sns")["123456789012"]["eu-west-1"].sms_messages
    assert any(number == "+35799123456" and "654321" in text for number, text in messages.values())
    assert [r.channel for r in inbox("c2")] == ["SMS"]


def test_a_mail_failure_answers_502_and_records_nothing(stack, monkeypatch):
    ses = boto3.client("ses")
    ses.delete_identity(Identity=stack.resolver.resolve({"Ref": "MailFrom"}))
    with pytest.raises(CrmError) as raised:
        email_contact(CTX, "c3", "bob@example.com", "Hello", "text")
    assert raised.value.status == 502 and raised.value.body()["error"] == "CRM.EXCEPTIONS.UPSTREAMEXCEPTION"
    assert inbox("c3") == []


def test_communication_ids_sort_in_creation_order():
    ids = [new_time_ordered_id() for _ in range(50)]
    assert len(set(ids)) == 50
    assert all(a[:13] <= b[:13] for a, b in zip(ids, ids[1:], strict=False))
