"""Faults injected into the AWS calls, from outside the product code: moto's botocore hook (the handler every
botocore client in the process sends through) is wrapped so that chosen operations answer an AWS error instead.

What a caller sees: DynamoDB throttling is retried (boto3 standard mode) and answers 503 with Retry-After when it
persists; a conditional-check or transaction failure answers 409; SES, SNS or S3 failing answers 502. After every
fault the tables (and the bucket) are exactly as before the request, or as after the whole request."""

import json
from collections import Counter

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.retries import standard
from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse

from tests.helpers import sample_event

REGION = "eu-west-1"
ORG = "org-faults"
PASSWORD = "correct horse 42"


# ---------------------------------------------------------------- injecting faults


def dynamodb_error(code, reasons=None):
    body = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "injected fault"}
    if reasons is not None:
        body["CancellationReasons"] = [{"Code": reason} for reason in reasons]
    return 400, {"Content-Type": "application/x-amz-json-1.0"}, json.dumps(body).encode()


def query_error(code, status=400):
    """SES and SNS (the query protocol)."""
    body = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected fault</Message></Error>"
        "<RequestId>r-1</RequestId></ErrorResponse>"
    )
    return status, {"Content-Type": "text/xml"}, body.encode()


def s3_error(code, status):
    return (
        status,
        {"Content-Type": "application/xml"},
        (f"<Error><Code>{code}</Code><Message>injected fault</Message><RequestId>r-1</RequestId></Error>").encode(),
    )


class Faults:
    """`fail("dynamodb.TransactWriteItems", answer, times=2)`: that operation answers `answer` (status, headers,
    body) the next `times` calls (every call when None); `calls` counts every attempt of each operation."""

    def __init__(self):
        self.rules: dict[str, list] = {}
        self.calls: Counter = Counter()

    def fail(self, operation, answer, times=None):
        self.rules[operation] = [answer, times]

    def clear(self):
        self.rules.clear()

    def answer(self, event_name, request):
        operation = event_name.split(".", 1)[1]  # before-send.dynamodb.PutItem -> dynamodb.PutItem
        self.calls[operation] += 1
        rule = self.rules.get(operation)
        if rule is None or rule[1] == 0:
            return None
        if rule[1] is not None:
            rule[1] -= 1
        status, headers, body = rule[0]
        return AWSResponse(request.url, status, headers, MockRawResponse(body))


@pytest.fixture
def faults(stack, monkeypatch):
    from crm.data.tenancy import change_test_recipients
    from crm.services.tenancy import create_organisation

    create_organisation("Faults Org", organisation_id=ORG)
    change_test_recipients(ORG, "*", allow=True)  # its test mode delivers to all: SES and SNS are called
    injected = Faults()
    original = BotocoreStubber.__call__

    def call(self, event_name, request, **kwargs):
        if self.enabled:
            response = injected.answer(event_name, request)
            if response is not None:
                return response
        return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", call)
    # Retries back off for real in production; here they need not wait.
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)
    yield injected
    injected.clear()


# ---------------------------------------------------------------- what is stored


def snapshot(stack):
    """Every item of every table and every object of every bucket (read with faults off)."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    tables = {}
    for name in dynamodb.list_tables()["TableNames"]:
        items = dynamodb.get_paginator("scan").paginate(TableName=name).build_full_result()["Items"]
        tables[name] = sorted(json.dumps(item, sort_keys=True) for item in items)
    s3 = boto3.client("s3", region_name=REGION)
    for bucket in s3.list_buckets()["Buckets"]:
        listed = s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", [])
        tables[f"s3:{bucket['Name']}"] = sorted(obj["Key"] for obj in listed)
    return tables


def unchanged(faults, stack, before):
    faults.clear()
    after = snapshot(stack)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert not changed, f"half-written: {sorted(changed)}"


def added(faults, stack, before):
    """Table -> how many items the request added (no item changed or removed)."""
    faults.clear()
    after = snapshot(stack)
    counts = {}
    for name in before.keys() | after.keys():
        old, new = set(before.get(name, [])), set(after.get(name, []))
        assert old <= new, f"{name}: items changed or removed"
        if new - old:
            counts[name.rsplit("-", 1)[-1]] = len(new - old)
    return counts


# ---------------------------------------------------------------- calling the functions


def api_event(name, **authorizer):
    event = sample_event(name, organisation_id=ORG, **authorizer)
    event["headers"] = {k: v for k, v in event["headers"].items() if k.lower() != "idempotency-key"}
    event["multiValueHeaders"] = {}
    return event


def call(stack, function_id, event):
    answer = stack.invoke(function_id, event)
    headers = {
        **(answer.get("headers") or {}),
        **{name: values[-1] for name, values in (answer.get("multiValueHeaders") or {}).items()},
    }
    return answer["statusCode"], json.loads(answer["body"]), headers


def register(stack, identity, **body):
    event = api_event("register.json")
    event["body"] = json.dumps({"first_name": "Ann", "last_name": "Lee", "identity": identity, **body})
    return call(stack, "AuthenticationFunction", event)


def email_identity(email="ann@example.com"):
    return {"provider": "EMAIL", "username": email, "password": PASSWORD}


def crm_error(status, body, expected_status, expected_error):
    assert status == expected_status, body
    assert set(body) == {"status", "message", "error", "parameters"} and body["status"] == expected_status, body
    assert body["error"] == expected_error, body


def registered_contact(stack, with_token=False):
    from crm.tokens import verify_access_token

    status, body, _ = register(stack, email_identity("bob@example.com"))
    assert status == 200, body
    claims = verify_access_token(body["access_token"])
    return (claims.contact_id, claims.session_id) + ((body["access_token"],) if with_token else ())


# ---------------------------------------------------------------- DynamoDB throttling


def test_a_transient_dynamodb_throttle_is_retried_and_the_registration_is_whole(stack, faults):
    before = snapshot(stack)
    faults.fail("dynamodb.TransactWriteItems", dynamodb_error("ProvisionedThroughputExceededException"), times=2)
    status, body, _ = register(stack, email_identity())
    assert status == 200 and body["access_token"], body
    assert faults.calls["dynamodb.TransactWriteItems"] == 3  # two throttled attempts, then the one that wrote
    assert added(faults, stack, before) == {"ContactsTable": 1, "IdentitiesTable": 1, "SessionsTable": 1}


@pytest.mark.parametrize(
    "operation, answer",
    [
        ("dynamodb.TransactWriteItems", dynamodb_error("ThrottlingException")),
        (
            "dynamodb.TransactWriteItems",
            dynamodb_error("TransactionCanceledException", ["None", "ThrottlingError", "None"]),
        ),
        ("dynamodb.GetItem", dynamodb_error("RequestLimitExceeded")),
    ],
    ids=["transaction-throttled", "transaction-cancelled-for-throttling", "read-throttled"],
)
def test_a_persistent_dynamodb_throttle_answers_503_with_retry_after_and_writes_nothing(
    stack, faults, operation, answer
):
    before = snapshot(stack)
    faults.fail(operation, answer)
    status, body, headers = register(stack, email_identity())
    crm_error(status, body, 503, "CRM.EXCEPTIONS.SERVICEUNAVAILABLEEXCEPTION")
    assert int(headers["Retry-After"]) >= 1
    if operation.endswith("GetItem") or "ThrottlingException" in answer[2].decode():
        assert faults.calls[operation] == 4  # PynamoDB's standard mode: the first attempt and 3 retries
    unchanged(faults, stack, before)
    status, body, _ = register(stack, email_identity())  # once DynamoDB keeps up again, the same request works
    assert status == 200, body


def test_a_persistent_dynamodb_throttle_in_the_authorizer_answers_503_with_retry_after(stack, faults):
    """Through the template's API: the authorizer cannot read the session, raises after its retries, and API
    Gateway answers its configured 503 (AuthorizerConfigurationException); the function is never called."""
    from crm.services import tenancy
    from local.http_messages import HttpRequest
    from local.runtime import api_gateway
    from tests.conftest import TEMPLATE

    gateway = api_gateway(TEMPLATE, stack.resolver, REGION, stack.invoke)
    api_key = tenancy.create_organisation("Faults Org").keys["test"]

    def send(method, path, body=None, token=None):
        headers = [("api_key", api_key), ("Content-Type", "application/json")]
        headers += [("Authorization", f"Bearer {token}")] if token else []
        response = gateway.handle(
            HttpRequest(
                method, f"/self-service/v1{path}", headers, json.dumps(body).encode() if body is not None else b""
            )
        )
        return response, json.loads(response.body)

    response, body = send(
        "POST", "/contacts/register", {"first_name": "Ann", "last_name": "Lee", "identity": email_identity()}
    )
    assert response.status == 200, body
    token, contact_id = body["access_token"], body["contact"]["id"]
    before, reads_before = snapshot(stack), faults.calls["dynamodb.GetItem"]
    faults.fail("dynamodb.GetItem", dynamodb_error("ThrottlingException"))
    response, body = send("GET", f"/contacts/{contact_id}", token=token)
    crm_error(response.status, body, 503, "CRM.EXCEPTIONS.SERVICEUNAVAILABLEEXCEPTION")
    assert response.header("Retry-After") == "1"
    # The session read, its first attempt and 3 retries; the function never ran (its read would be a fifth).
    assert faults.calls["dynamodb.GetItem"] - reads_before == 4
    unchanged(faults, stack, before)
    response, body = send("GET", f"/contacts/{contact_id}", token=token)  # DynamoDB keeps up again
    assert response.status == 200 and body["id"] == contact_id, body


# ---------------------------------------------------------------- SES, SNS, S3


def test_ses_failing_answers_502_and_registers_no_one(stack, faults):
    before = snapshot(stack)
    faults.fail("ses.SendEmail", query_error("MessageRejected"))
    faults.fail("ses.SendRawEmail", query_error("MessageRejected"))
    status, body, _ = register(stack, {"provider": "EMAIL", "username": "ann@example.com"})  # a code by mail
    crm_error(status, body, 502, "CRM.EXCEPTIONS.UPSTREAMEXCEPTION")
    unchanged(faults, stack, before)


def test_sns_failing_answers_502_and_registers_no_one(stack, faults):
    before = snapshot(stack)
    faults.fail("sns.Publish", query_error("InternalError", 500))
    status, body, _ = register(stack, {"provider": "PHONE", "phone_number": "99123456", "country_code": "CYP"})
    crm_error(status, body, 502, "CRM.EXCEPTIONS.UPSTREAMEXCEPTION")
    assert faults.calls["sns.Publish"] == 4  # a 500 is retried too (standard mode, 3 retries)
    unchanged(faults, stack, before)


def test_s3_failing_answers_502_and_leaves_no_file_record_or_object(stack, faults):
    contact_id, session_id = registered_contact(stack)
    before = snapshot(stack)
    faults.fail("s3.PutObject", s3_error("InternalError", 500))
    boundary = "----crmfaults"
    form = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    event = api_event("files_upload.json", contact_id=contact_id, session_id=session_id)
    event.update(body=__import__("base64").b64encode(form).decode(), isBase64Encoded=True)
    event["headers"]["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    status, body, _ = call(stack, "FilesFunction", event)
    crm_error(status, body, 502, "CRM.EXCEPTIONS.UPSTREAMEXCEPTION")
    unchanged(faults, stack, before)


# ---------------------------------------------------------------- conditional checks and transactions


def update_event(contact_id, session_id, body):
    event = api_event("contacts_update.json", contact_id=contact_id, session_id=session_id)
    event.update(
        path=f"/self-service/v1/contacts/{contact_id}", pathParameters={"id": contact_id}, body=json.dumps(body)
    )
    return event


def test_a_failed_condition_on_an_update_answers_409_and_changes_nothing(stack, faults):
    contact_id, session_id = registered_contact(stack)
    before = snapshot(stack)
    faults.fail("dynamodb.PutItem", dynamodb_error("ConditionalCheckFailedException"), times=1)
    status, body, _ = call(stack, "ContactsFunction", update_event(contact_id, session_id, {"title": "Dr"}))
    crm_error(status, body, 409, "CRM.EXCEPTIONS.CONFLICTEXCEPTION")
    unchanged(faults, stack, before)


def test_a_transaction_cancelled_by_a_conflicting_one_answers_409_and_changes_nothing(stack, faults):
    """A new statutory number writes the contact and its lookup item in a transaction; DynamoDB cancels it
    when another transaction touches the same items at once (TransactionConflict), which no service handles
    itself. (A new e-mail address writes nothing but the contact until its link is confirmed.)"""
    contact_id, session_id = registered_contact(stack)
    before = snapshot(stack)
    faults.fail(
        "dynamodb.TransactWriteItems", dynamodb_error("TransactionCanceledException", ["None", "TransactionConflict"])
    )
    event = update_event(contact_id, session_id, {"statutory_number": "ST-0042"})
    status, body, _ = call(stack, "ContactsFunction", event)
    crm_error(status, body, 409, "CRM.EXCEPTIONS.CONFLICTEXCEPTION")
    unchanged(faults, stack, before)
    status, body, _ = call(stack, "ContactsFunction", event)  # the retry the 409 asks for goes through
    assert status == 200, body


# ---------------------------------------------------------------- the back office's approval requests


def test_an_approval_answer_under_throttling_is_retried_or_answers_503_and_stays_pending(stack, faults):
    from crm.data.approvals import create_request

    contact_id, _, token = registered_contact(stack, with_token=True)
    request, _ = create_request(
        tenant=f"{ORG}#test",
        contact_id=contact_id,
        source_id="BO-1",
        entity_type="ORDERS",
        entity_id="o-1",
        entity_reference="CO1",
    )
    event = api_event("approval_requests_action.json")
    event.update(
        path=f"/self-service/v1/approval_requests/{request.id}/actions",
        pathParameters={"id": request.id},
        body=json.dumps({"action": "APPROVE"}),
    )
    event["headers"]["Authorization"] = f"Bearer {token}"
    before = snapshot(stack)
    faults.calls.clear()
    faults.fail(
        "dynamodb.TransactWriteItems", dynamodb_error("TransactionCanceledException", ["ThrottlingError", "None"])
    )
    status, body, headers = call(stack, "ApprovalRequestsFunction", event)
    crm_error(status, body, 503, "CRM.EXCEPTIONS.SERVICEUNAVAILABLEEXCEPTION")
    assert headers["Retry-After"]
    unchanged(faults, stack, before)

    faults.fail("dynamodb.TransactWriteItems", dynamodb_error("ProvisionedThroughputExceededException"), times=1)
    status, body, _ = call(stack, "ApprovalRequestsFunction", event)
    assert (status, body) == (200, {"id": request.id})
    assert faults.calls["dynamodb.TransactWriteItems"] == 3  # the refused one, then a throttled try and its retry
    faults.clear()
    status, body, _ = call(stack, "ApprovalRequestsFunction", event)  # answered once only
    crm_error(status, body, 409, "CRM.EXCEPTIONS.CONFLICTEXCEPTION")
