"""POST /contacts/forgot_password in moto, through the template's functions: the request path makes the same
AWS calls for a registered and an unknown username (one SQS SendMessage; no DynamoDB, no SES), so its answer
time tells nobody who is registered; PasswordResetWorkerFunction then mails only the registered one."""

import json

import boto3
import pytest
from botocore.client import BaseClient
from moto.backends import get_backend

from crm.data.onetime import OneTimeToken
from crm.services import identity as identities
from tests.helpers import queued_event, sample_event, tenant_context
from tests.mail import mail_to

REGION = "eu-west-1"


@pytest.fixture
def ctx(stack):
    return tenant_context("Reset Org")


def forgot_password_event(ctx, username):
    event = sample_event("forgot_password.json", organisation_id=ctx.organisation_id, mode=ctx.mode)
    event["body"] = json.dumps({"username": username})
    return event


@pytest.fixture
def aws_calls(monkeypatch):
    """Every botocore API call made in this process, as (service, operation)."""
    calls: list[tuple[str, str]] = []
    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        calls.append((self.meta.service_model.service_name, operation_name))
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    return calls


def sent_to():
    return [mail_to(m) for m in get_backend("ses")["123456789012"][REGION].sent_messages]


def test_known_and_unknown_usernames_make_the_same_aws_calls_and_only_the_known_is_mailed(ctx, stack, aws_calls):
    identities.register_with_email_password(ctx, email="kim@example.com", password="password1234", profile={})
    answer = stack.invoke("AuthenticationFunction", forgot_password_event(ctx, "warm@example.com"))  # warm start
    assert answer["statusCode"] == 200, answer
    warm_jobs = queued_event(stack, "PasswordResetsQueue")
    if warm_jobs["Records"]:
        stack.invoke("PasswordResetWorkerFunction", warm_jobs)
    mailed_before = len(sent_to())

    made = {}
    for username in ("kim@example.com", "nobody@example.com"):
        aws_calls.clear()
        answer = stack.invoke("AuthenticationFunction", forgot_password_event(ctx, username))
        assert (answer["statusCode"], json.loads(answer["body"])) == (200, {})
        made[username] = list(aws_calls)
    assert made["kim@example.com"] == made["nobody@example.com"] == [("sqs", "SendMessage")]
    assert len(sent_to()) == mailed_before  # nothing is mailed on the request path

    jobs = queued_event(stack, "PasswordResetsQueue")
    bodies = [json.loads(record["body"]) for record in jobs["Records"]]
    assert sorted(b["username"] for b in bodies) == ["kim@example.com", "nobody@example.com"]
    assert all(set(b) == {"organisation_id", "mode", "username", "link_base"} for b in bodies)  # no token
    assert stack.invoke("PasswordResetWorkerFunction", jobs) == {"batchItemFailures": []}
    assert sent_to()[mailed_before:] == [["kim@example.com"]]
    assert len([t for t in OneTimeToken.scan() if t.kind == "RESET"]) == 1


def test_a_refused_job_answers_502_for_known_and_unknown_alike(ctx, stack):
    identities.register_with_email_password(ctx, email="kim@example.com", password="password1234", profile={})
    boto3.client("sqs", region_name=REGION).delete_queue(
        QueueUrl=stack.resolver.resolve({"Ref": "PasswordResetsQueue"})
    )
    answers = [
        stack.invoke("AuthenticationFunction", forgot_password_event(ctx, name))
        for name in ("kim@example.com", "nobody@example.com")
    ]
    assert answers[0]["statusCode"] == answers[1]["statusCode"] == 502
    assert answers[0]["body"] == answers[1]["body"]
    assert json.loads(answers[0]["body"])["error"] == "CRM.EXCEPTIONS.UPSTREAMEXCEPTION"


def test_a_job_that_is_no_reset_job_fails_alone(ctx, stack):
    url = stack.resolver.resolve({"Ref": "PasswordResetsQueue"})
    sqs = boto3.client("sqs", region_name=REGION)
    sqs.send_message(QueueUrl=url, MessageBody="not json")
    identities.register_with_email_password(ctx, email="kim@example.com", password="password1234", profile={})
    job = {"organisation_id": ctx.organisation_id, "mode": "test", "username": "kim@example.com", "link_base": ""}
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(job))
    jobs = queued_event(stack, "PasswordResetsQueue")
    answer = stack.invoke("PasswordResetWorkerFunction", jobs)
    bad = [r["messageId"] for r in jobs["Records"] if r["body"] == "not json"]
    assert answer == {"batchItemFailures": [{"itemIdentifier": bad[0]}]}
    assert ["kim@example.com"] in sent_to()
