"""The proxy event a function gets, the event an authorizer gets, and the reading of a function's answer."""

import base64

import pytest

from local.cfn import ApiRoute
from local.events import (
    MalformedProxyResponse,
    Stage,
    http_response,
    is_binary,
    proxy_event,
    request_authorizer_event,
)
from local.http_messages import HttpRequest
from local.routing import RouteTable

STAGE = Stage(api_id="crmlocal00", name="v1", region="eu-west-1")
ROUTES = RouteTable([ApiRoute("Fn", "POST", "/self-service/v1/contacts/{id}/files", "Gate")])


def event_for(target, headers=(), body=b"", method="POST"):
    request = HttpRequest(method, target, list(headers), body, source_ip="10.0.0.7")
    return proxy_event(request, ROUTES.find(request.path), STAGE, "req-1", authorizer={"principalId": "p"})


def test_headers_keep_every_value_and_the_last_wins_in_the_single_value_map():
    event = event_for(
        "/self-service/v1/contacts/c-1/files", [("Accept", "text/plain"), ("api_key", "k"), ("Accept", "image/png")]
    )
    assert event["headers"]["Accept"] == "image/png" and event["headers"]["api_key"] == "k"
    assert event["multiValueHeaders"]["Accept"] == ["text/plain", "image/png"]
    assert event["headers"]["X-Forwarded-For"] == "10.0.0.7"  # added on the way in, as API Gateway does
    assert event["headers"]["X-Forwarded-Proto"] == "http"


def test_query_strings_single_and_multi_valued_and_decoded():
    event = event_for("/self-service/v1/contacts/c-1/files?tag=a&tag=b%20c&page=2&empty")
    assert event["queryStringParameters"] == {"tag": "b c", "page": "2", "empty": ""}
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b c"], "page": ["2"], "empty": [""]}


def test_absent_parts_are_none():
    event = event_for("/self-service/v1/contacts/c-1/files")
    assert event["queryStringParameters"] is None and event["multiValueQueryStringParameters"] is None
    assert event["body"] is None and event["isBase64Encoded"] is False
    assert event["stageVariables"] is None


def test_paths_resource_and_request_context():
    event = event_for("/self-service/v1/contacts/c%201/files")
    assert event["resource"] == "/self-service/v1/contacts/{id}/files"
    assert event["path"] == "/self-service/v1/contacts/c 1/files"
    assert event["pathParameters"] == {"id": "c 1"}
    assert event["httpMethod"] == "POST"
    context = event["requestContext"]
    assert context["resourcePath"] == event["resource"] and context["httpMethod"] == "POST"
    assert context["path"] == "/v1/self-service/v1/contacts/c 1/files"
    assert context["stage"] == "v1" and context["requestId"] == "req-1"
    assert context["accountId"] == "123456789012" and context["apiId"] == "crmlocal00"
    assert context["identity"]["sourceIp"] == "10.0.0.7" and context["requestTimeEpoch"] > 0
    assert context["authorizer"] == {"principalId": "p"}


def test_text_bodies_are_text_and_binary_ones_base64():
    json_type = [("Content-Type", "application/json")]
    text = event_for("/self-service/v1/contacts/c-1/files", json_type, b'{"a": "\xc3\xa9"}')
    assert text["body"] == '{"a": "é"}' and text["isBase64Encoded"] is False
    multipart = b"--b\r\nContent-Type: image/png\r\n\r\n\x89PNG\x00\xff\r\n--b--\r\n"
    upload = event_for(
        "/self-service/v1/contacts/c-1/files", [("Content-Type", "multipart/form-data; boundary=b")], multipart
    )
    assert upload["isBase64Encoded"] is True and base64.b64decode(upload["body"]) == multipart
    undeclared = event_for("/self-service/v1/contacts/c-1/files", [], b"\xff\xfe")
    assert undeclared["isBase64Encoded"] is True


@pytest.mark.parametrize(
    ("content_type", "binary"),
    [
        ("application/json; charset=utf-8", False),
        ("text/html", False),
        ("application/problem+json", False),
        ("application/x-www-form-urlencoded", False),
        ("multipart/form-data; boundary=x", True),
        ("image/png", True),
        ("application/octet-stream", True),
        ("application/pdf", True),
        (None, False),
    ],
)
def test_which_content_types_are_binary(content_type, binary):
    assert is_binary(content_type) is binary


def test_the_apis_binary_media_types_count_too():
    assert is_binary("application/json", ("application/*",)) is True


def test_the_authorizer_sees_the_request_without_its_body():
    event = event_for("/self-service/v1/contacts/c-1/files?x=1", [("api_key", "k")], b"secret body")
    arn = STAGE.method_arn("POST", "/self-service/v1/contacts/c-1/files")
    assert arn == "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/POST/self-service/v1/contacts/c-1/files"
    authorizer_event = request_authorizer_event(event, arn)
    assert authorizer_event["type"] == "REQUEST" and authorizer_event["methodArn"] == arn
    assert authorizer_event["headers"]["api_key"] == "k" and authorizer_event["queryStringParameters"] == {"x": "1"}
    assert authorizer_event["pathParameters"] == {"id": "c-1"} and authorizer_event["resource"] == event["resource"]
    assert "body" not in authorizer_event


def test_a_proxy_answer_becomes_the_http_answer():
    response = http_response(
        {
            "statusCode": 201,
            "headers": {"X-One": "1", "Set-Cookie": "ignored=1"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": '{"id": "x"}',
        }
    )
    assert response.status == 201 and response.body == b'{"id": "x"}'
    assert [value for name, value in response.headers if name == "Set-Cookie"] == ["a=1", "b=2"]
    assert response.header("X-One") == "1"
    assert response.header("Content-Type") == "application/json"  # API Gateway's default


def test_a_base64_answer_is_decoded():
    body = base64.b64encode(b"\x89PNG").decode()
    response = http_response(
        {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": body, "isBase64Encoded": True}
    )
    assert response.body == b"\x89PNG" and response.header("Content-Type") == "image/png"


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "ok",
        {"status": 200},
        {"statusCode": "abc"},
        {"statusCode": 200, "body": {"a": 1}},
        {"statusCode": 200, "extra": 1},
        {"statusCode": 200, "body": "%%%", "isBase64Encoded": True},
    ],
)
def test_malformed_answers_are_refused(answer):
    with pytest.raises(MalformedProxyResponse):
        http_response(answer)
