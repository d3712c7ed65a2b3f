"""The back-office ingestion function in-process: what a good, a bad and a repeated event leave behind."""

import json

import boto3
import pytest
from moto.backends import get_backend

from crm.data.approvals import ApprovalRequest, ApprovalToken
from crm.data.communications import Communication
from crm.data.contacts import Contact
from crm.data.tenancy import change_test_recipients
from crm.services.tenancy import create_organisation
from tests.mail import mail_text, mail_to


@pytest.fixture
def person(stack):
    organisation = create_organisation("Back Office Ltd")
    change_test_recipients(organisation.organisation_id, "*", allow=True)  # test mode delivers to all
    tenant = f"{organisation.organisation_id}#test"
    Contact(tenant, "c-1", code="C1", first_name="Ann", last_name="Lee", email_address="ann@example.com").save()
    return {"organisation_id": organisation.organisation_id, "mode": "test", "contact_id": "c-1", "tenant": tenant}


def event(detail_type, detail, event_id="e-1"):
    return {
        "version": "0",
        "id": event_id,
        "detail-type": detail_type,
        "source": "crm.backoffice",
        "account": "123456789012",
        "time": "2026-11-27T10:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": detail,
    }


def dead_letters(stack):
    sqs = boto3.client("sqs", region_name="eu-west-1")
    url = stack.resolver.resolve({"Ref": "BackOfficeDeadLetterQueue"})
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def stored(person):
    owner = f"{person['tenant']}#{person['contact_id']}"
    return list(Communication.query(owner)), list(ApprovalRequest.query(owner)), list(ApprovalToken.scan())


def sent_mail():
    return get_backend("ses")["123456789012"]["eu-west-1"].sent_messages


@pytest.mark.parametrize(
    "detail_type, change, reason",
    [
        ("communication.created", {"channel": "PIGEON"}, "channel"),
        ("communication.created", {"contact_id": "nobody"}, "unknown contact nobody"),
        ("communication.created", {"organisation_id": "no-such-org"}, "unknown organisation"),
        ("communication.created", {"title": None, "content": None}, "subject, a content or a title"),
        ("communication.created", {"in_app_image_url": "javascript:alert(1)"}, "in_app_image_url"),
        ("communication.created", {"surprise": 1}, "surprise"),
        ("approval_request.created", {"entity": {"id": "o-1", "type": "CARS"}}, "entity.type"),
        ("approval_request.withdrawn", {"request_id": "never-made"}, "unknown approval request never-made"),
        ("something.else", {}, "detail-type"),
    ],
)
def test_a_bad_event_writes_nothing_and_is_dead_lettered_with_the_reason(stack, person, detail_type, change, reason):
    detail = {k: v for k, v in person.items() if k != "tenant"} | {
        "channel": "INAPP",
        "title": "Hi",
        "content": "x",
        "request_id": "BO-1",
        "entity": {"id": "o-1", "type": "ORDERS"},
    }
    if detail_type == "communication.created":
        detail.pop("request_id"), detail.pop("entity")
    else:
        for key in ("channel", "title", "content"):
            detail.pop(key)
        if detail_type == "approval_request.withdrawn":
            detail.pop("entity")
    detail = {k: v for k, v in (detail | change).items() if v is not None}
    answer = stack.invoke("BackOfficeFunction", event(detail_type, detail))
    assert answer["status"] == "REJECTED" and reason in answer["reason"], answer
    (letter,) = dead_letters(stack)
    assert letter["reason"] == answer["reason"] and letter["event"]["detail"] == detail
    assert stored(person) == ([], [], [])
    assert sent_mail() == [] or all("ann@example.com" not in mail_to(m) for m in sent_mail())


def test_a_repeated_approval_request_sends_one_mail_and_stores_one_request(stack, person):
    detail = {k: v for k, v in person.items() if k != "tenant"} | {
        "request_id": "BO-7",
        "entity": {"id": "o-7", "type": "ORDERS", "reference": "CO7"},
    }
    first = stack.invoke("BackOfficeFunction", event("approval_request.created", detail, "e-1"))
    again = stack.invoke("BackOfficeFunction", event("approval_request.created", detail, "e-2"))
    assert first["status"] == again["status"] == "ACCEPTED" and first["id"] == again["id"]
    communications, requests, tokens = stored(person)
    assert [r.state for r in requests] == ["PENDING"] and requests[0].notified is True
    assert sorted(t.response for t in tokens) == ["APPROVE", "REJECT"]
    mails = [m for m in sent_mail() if mail_to(m) == ["ann@example.com"]]
    assert len(mails) == 1 and mail_text(mails[0]).count("token=") == 2
    # the tokens are stored only as hashes: no stored value appears in the mail
    assert all(t.token_hash not in mails[0].raw_data for t in tokens)
    assert [c.subject for c in communications] == ["Your approval is requested"]
    assert "token=" not in communications[0].content
    assert dead_letters(stack) == []


def test_a_failure_of_aws_raises_so_that_lambda_retries(stack, person, monkeypatch):
    from crm.data import communications

    def broken(*args, **kwargs):
        raise RuntimeError("DynamoDB unreachable")

    monkeypatch.setattr(communications.TransactWrite, "__exit__", broken)
    detail = {k: v for k, v in person.items() if k != "tenant"} | {"channel": "SMS", "content": "x"}
    with pytest.raises(RuntimeError):
        stack.invoke("BackOfficeFunction", event("communication.created", detail))
    assert dead_letters(stack) == []
