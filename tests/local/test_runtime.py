"""The local runtime end to end without sockets: the tiny template's stub functions behind API Gateway, its queue
feeding its worker, and the outbox."""

import json
import re
import threading

import boto3
import pytest

from local.gateway import MAX_BODY_BYTES
from local.http_messages import HttpRequest
from local.sqs_consumer import handled_message_ids
from tests.local.conftest import REGION


def call(runtime, method, target, headers=(), body=b""):
    response = runtime.respond(HttpRequest(method, target, [("Host", "127.0.0.1:3000"), *headers], body))
    return response, (json.loads(response.body) if response.body.startswith((b"{", b"[")) else response.body)


def gate_events(runtime):
    return runtime.functions["GateFunction"].module.EVENTS


def test_an_allowed_request_reaches_the_function_with_the_authorizer_context(runtime):
    response, answer = call(runtime, "GET", "/self-service/v1/items/i-1?x=1", [("x-verdict", "allow")])
    assert response.status == 200, answer
    event = answer["event"]
    assert event["pathParameters"] == {"id": "i-1"} and event["resource"] == "/self-service/v1/items/{id}"
    authorizer = event["requestContext"]["authorizer"]
    # Numbers and booleans arrive as strings, as API Gateway passes them on.
    assert {key: authorizer[key] for key in ("principalId", "tenant", "count", "flag", "nothing")} == {
        "principalId": "contact-1",
        "tenant": "org-1#test",
        "count": "3",
        "flag": "true",
        "nothing": None,
    }
    authorizer_event = gate_events(runtime)[-1]
    assert authorizer_event["type"] == "REQUEST" and authorizer_event["resource"] == "/self-service/v1/items/{id}"
    assert authorizer_event["methodArn"].endswith(":crmlocal00/v1/GET/self-service/v1/items/i-1")
    assert response.header("x-amzn-RequestId") == event["requestContext"]["requestId"]
    assert [value for name, value in response.headers if name == "Set-Cookie"] == ["a=1", "b=2"]


def test_each_function_gets_its_own_environment_and_context(runtime):
    _, answer = call(runtime, "GET", "/self-service/v1/items/i-1", [("x-verdict", "allow")])
    assert answer["service"] == "echo"  # the function's own variable, set while its module loaded
    assert answer["table"] == "crm-local-ItemsTable" and answer["greeting"] == "from the layer"
    assert answer["function_name"] == "crm-local-EchoFunction" and answer["memory"] == 256
    assert 0 < answer["remaining_ms"] <= 5000


def test_a_wildcard_allow_allows(runtime):
    response, _ = call(runtime, "POST", "/self-service/v1/items/register", [("x-verdict", "allow-wildcard")])
    assert response.status == 200


@pytest.mark.parametrize(
    ("verdict", "status", "message"),
    [
        ("unauthorized", 401, "Unauthorized"),
        ("deny", 403, "User is not authorized to access this resource with an explicit deny"),
        ("crash", 500, None),
        ("malformed", 500, None),
        ("object-context", 500, None),
    ],
)
def test_the_authorizers_refusals_are_gateway_responses(runtime, verdict, status, message):
    response, answer = call(runtime, "GET", "/self-service/v1/items/i-1", [("x-verdict", verdict)])
    assert response.status == status
    if status == 401:
        assert answer == {"status": 401, "message": message}
        assert response.header("WWW-Authenticate") == "Bearer"
        assert response.header("Access-Control-Allow-Origin") == "https://app.example"
    elif status == 403:
        assert answer == {"status": 403, "message": message}
    else:  # AUTHORIZER_CONFIGURATION_ERROR is not configured in the tiny template: DEFAULT_5XX's body, its own status
        assert answer == {"status": "5XX", "message": None}


def test_a_route_with_auth_none_skips_the_authorizer(runtime):
    before = len(gate_events(runtime))
    response, answer = call(runtime, "DELETE", "/self-service/v1/public/a/b")
    assert response.status == 200 and answer["event"]["pathParameters"] == {"proxy": "a/b"}
    assert "authorizer" not in answer["event"]["requestContext"]
    assert len(gate_events(runtime)) == before


def test_unknown_paths_and_methods_answer_the_templates_404(runtime):
    for method, target in (("GET", "/self-service/v1/nothing"), ("DELETE", "/self-service/v1/items/register")):
        response, answer = call(runtime, method, target, [("x-verdict", "allow")])
        assert (response.status, answer) == (404, {"status": 404, "message": "Resource not found."})


def test_a_function_error_answers_502_with_the_default_5xx_body(runtime, capsys):
    for failure in ("raise", "malformed"):
        response, answer = call(runtime, "GET", f"/self-service/v1/items/i-1?fail={failure}", [("x-verdict", "allow")])
        assert (response.status, answer) == (502, {"status": "5XX", "message": "Internal server error"})
    assert "echo broke" in capsys.readouterr().err


def test_a_binary_answer_is_decoded(runtime):
    response, body = call(runtime, "GET", "/self-service/v1/items/i-1?fail=binary", [("x-verdict", "allow")])
    assert response.status == 200 and body == b"\x89PNG" and response.header("Content-Type") == "image/png"


def test_a_body_over_10_mib_answers_413(runtime):
    response, answer = call(runtime, "POST", "/self-service/v1/items/register", body=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status == 413 and answer == {"message": "Request Too Long"}


def test_a_preflight_is_answered_from_the_apis_cors(runtime):
    response, _ = call(runtime, "OPTIONS", "/self-service/v1/items/i-1")
    assert response.status == 200
    assert response.header("Access-Control-Allow-Origin") == "https://app.example"
    assert response.header("Access-Control-Allow-Headers") == "Content-Type,api_key"
    assert response.header("Access-Control-Allow-Methods") == "GET,OPTIONS"
    assert response.header("Access-Control-Max-Age") == "600"
    assert call(runtime, "OPTIONS", "/self-service/v1/nothing")[0].status == 404


def test_local_endpoints(runtime):
    assert call(runtime, "GET", "/_local/health")[0].status == 200
    response, page = call(runtime, "GET", "/docs")
    assert response.status == 200 and b"swagger-ui" in page and b"/openapi.json" in page
    _, document = call(runtime, "GET", "/openapi.json")
    assert list(document["paths"]) == ["/self-service/v1/things/{thing_id}"]  # the resolver's path, prefixed
    assert "get" in document["paths"]["/self-service/v1/things/{thing_id}"]


def test_docs_load_every_file_from_the_runtime_itself(runtime):
    """/docs works offline: every script and stylesheet it names is served here, none from another host."""
    _, page = call(runtime, "GET", "/docs")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.decode())
    assert sources and all(source.startswith("/") and not source.startswith("//") for source in sources), sources
    for source in sources:
        response, body = call(runtime, "GET", source)
        assert response.status == 200 and len(body) > 500, source
    script = call(runtime, "GET", "/docs/assets/swagger-ui-bundle.js")
    assert script[0].header("Content-Type").startswith("text/javascript") and b"SwaggerUIBundle" in script[1]
    assert call(runtime, "GET", "/docs/assets/../../openapi.json")[0].status == 404


def test_the_outbox_lists_mail_and_sms(runtime, capsys):
    ses = boto3.client("ses", region_name=REGION)
    ses.send_email(
        Source="noreply@example.com",
        Destination={"ToAddresses": ["ann@example.com"]},
        Message={"Subject": {"Data": "Your code"}, "Body": {"Text": {"Data": "123456"}}},
    )
    raw = (
        "From: noreply@example.com\r\nTo: bob@example.com\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain\r\n\r\nSee attached.\r\n"
    )
    ses.send_raw_email(Source="noreply@example.com", Destinations=["bob@example.com"], RawMessage={"Data": raw})
    boto3.client("sns", region_name=REGION).publish(PhoneNumber="+35799000000", Message="Code 654321")
    _, answer = call(runtime, "GET", "/_local/outbox")
    summary = [(m["channel"], m["to"], m["subject"], m["body"].strip()) for m in answer["messages"]]
    assert summary == [
        ("EMAIL", "ann@example.com", "Your code", "123456"),
        ("EMAIL", "bob@example.com", "Invoice", "See attached."),
        ("SMS", "+35799000000", None, "Code 654321"),
    ]
    printed = capsys.readouterr().out
    assert "EMAIL to ann@example.com | Your code" in printed and "SMS to +35799000000" in printed


def test_the_outbox_keeps_both_parts_and_shows_the_html_as_a_page(runtime):
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("alternative")
    message["Subject"], message["From"], message["To"] = "Reset", "noreply@example.com", "cy@example.com"
    message.attach(MIMEText("Open https://x.test/reset?token=t", "plain", "utf-8"))
    message.attach(MIMEText('<p>Open <a href="https://x.test/reset?token=t">the page</a></p>', "html", "utf-8"))
    boto3.client("ses", region_name=REGION).send_raw_email(
        Source="noreply@example.com", Destinations=["cy@example.com"], RawMessage={"Data": message.as_bytes()}
    )
    _, answer = call(runtime, "GET", "/_local/outbox")
    (sent,) = [m for m in answer["messages"] if m["to"] == "cy@example.com"]
    assert sent["body"].strip() == "Open https://x.test/reset?token=t" and sent["html"].startswith("<p>Open <a")
    response, page = call(runtime, "GET", f"/_local/outbox/{sent['id']}")
    assert response.status == 200 and response.header("Content-Type").startswith("text/html")
    assert page == sent["html"].encode()
    assert call(runtime, "GET", "/_local/outbox/no-such-id")[0].status == 404


def test_the_demo_reset_page_asks_for_the_links_token(runtime):
    response, page = call(runtime, "GET", "/_local/reset-password?token=abc")
    assert response.status == 200 and b'name="token" value="abc"' in page and b'type="password"' in page
    assert call(runtime, "GET", "/_local/reset-password")[0].status == 400


class TestTheQueueConsumer:
    @pytest.fixture
    def queue(self, runtime):
        (consumer,) = runtime.queue_consumers(threading.Event())
        sqs = boto3.client("sqs", region_name=REGION)
        url = runtime.physical["JobsQueue"].ref
        while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
            for message in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        runtime.functions["WorkerFunction"].module.BATCHES.clear()
        return consumer, sqs, url

    def waiting(self, sqs, url):
        return int(
            sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"][
                "ApproximateNumberOfMessages"
            ]
        )

    def test_a_batch_is_delivered_as_lambdas_sqs_event_and_deleted(self, runtime, queue):
        consumer, sqs, url = queue
        sqs.send_message(
            QueueUrl=url, MessageBody="job-1", MessageAttributes={"kind": {"DataType": "String", "StringValue": "pdf"}}
        )
        consumer.poll_once(sqs)
        (batch,) = runtime.functions["WorkerFunction"].module.BATCHES
        (record,) = batch["Records"]
        assert record["body"] == "job-1" and record["eventSource"] == "aws:sqs"
        assert record["eventSourceARN"] == runtime.physical["JobsQueue"].attributes["Arn"]
        assert record["messageAttributes"]["kind"]["stringValue"] == "pdf"
        assert record["attributes"]["ApproximateReceiveCount"] == "1"
        assert self.waiting(sqs, url) == 0

    def test_reported_failures_stay_and_the_rest_go(self, runtime, queue):
        consumer, sqs, url = queue
        for body in ("good", "bad"):
            sqs.send_message(QueueUrl=url, MessageBody=body)
        consumer.poll_once(sqs)
        assert [r["body"] for b in runtime.functions["WorkerFunction"].module.BATCHES for r in b["Records"]] == [
            "good",
            "bad",
        ]
        left = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        assert [m["Body"] for m in left] == ["bad"]

    def test_a_failed_batch_stays_for_redelivery_then_goes_to_the_dead_letter_queue(self, runtime, queue, capsys):
        consumer, sqs, url = queue
        sqs.send_message(QueueUrl=url, MessageBody="explode")
        for _ in range(3):  # maxReceiveCount is 2; the visibility timeout is 0
            consumer.poll_once(sqs)
        assert len(runtime.functions["WorkerFunction"].module.BATCHES) == 2
        assert "the worker broke" in capsys.readouterr().err
        dead_letters = runtime.physical["JobsDeadLetterQueue"].ref
        dead = sqs.receive_message(QueueUrl=dead_letters, MaxNumberOfMessages=10)["Messages"]
        assert "explode" in [m["Body"] for m in dead]
        assert self.waiting(sqs, url) == 0


@pytest.mark.parametrize(
    ("answer", "deleted"),
    [
        (None, {"m1", "m2"}),
        ({"batchItemFailures": []}, {"m1", "m2"}),
        ({"batchItemFailures": [{"itemIdentifier": "m2"}]}, {"m1"}),
        ({"batchItemFailures": [{"itemIdentifier": "elsewhere"}]}, set()),
        ({"batchItemFailures": [{"id": "m2"}]}, set()),
        ({"batchItemFailures": "m2"}, set()),
    ],
)
def test_which_messages_a_batch_answer_deletes(answer, deleted):
    messages = [{"MessageId": "m1"}, {"MessageId": "m2"}]
    assert handled_message_ids(messages, answer, report_failures=True) == deleted
    assert handled_message_ids(messages, answer, report_failures=False) == {"m1", "m2"}
