"""What tests hand a function and read back: API Gateway's proxy and REQUEST authorizer events (built by
local/events.py, as the local runtime builds them), the authorizer's context a route behind it gets, the sample
events of events/, a queue's SQS event, and the answer read as status, JSON body and headers. The Lambda context
is the local runtime's (local.functions.FakeLambdaContext), which Stack.invoke hands every function."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, urlencode

import requests

from crm.context import RequestContext
from local.events import Stage, http_response, proxy_event, request_authorizer_event
from local.http_messages import HttpRequest
from local.routing import ResourceMatch
from local.sqs_consumer import sqs_event

PREFIX = "/self-service/v1"
REGION = "eu-west-1"
STAGE = Stage(api_id="api", name="v1", region=REGION)
EVENTS = Path(__file__).resolve().parents[1] / "events"  # the sample events `make invoke` runs


def contact_authorizer(ctx: RequestContext, contact_id: str, session_id: str = "s1") -> dict[str, str]:
    """requestContext.authorizer of a route behind a contact's access token."""
    return {
        "principalId": f"contact:{contact_id}",
        "organisation_id": ctx.organisation_id,
        "mode": ctx.mode,
        "application_id": "",
        "contact_id": contact_id,
        "session_id": session_id,
    }


def key_authorizer(ctx: RequestContext, application_id: str = "app") -> dict[str, str]:
    """requestContext.authorizer of a route behind an API key alone."""
    return {
        "principalId": f"application:{application_id}",
        "organisation_id": ctx.organisation_id,
        "mode": ctx.mode,
        "application_id": application_id,
        "contact_id": "",
        "session_id": "",
    }


def api_event(
    method: str,
    resource: str,
    path: str | None = None,
    *,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    path_parameters: Mapping[str, str] | None = None,
    authorizer: Mapping[str, Any] | None = None,
    content_type: str | None = "application/json",
    is_base64: bool | None = None,
) -> dict[str, Any]:
    """The proxy event of `method` on `path` (`resource` with its parameters filled in; both below PREFIX).
    `body`: bytes or text as sent, anything else as JSON. With `is_base64`, the event's body is `body` itself
    and isBase64Encoded that flag, whatever the Content-Type says (a body API Gateway would not make)."""
    path = path or resource
    if is_base64 is not None:
        event = api_event(
            method,
            resource,
            path,
            headers=headers,
            query=query,
            path_parameters=path_parameters,
            authorizer=authorizer,
            content_type=content_type,
        )
        event.update(body=body, isBase64Encoded=is_base64)
        return event
    if isinstance(body, bytes | str) or body is None:
        raw = body.encode("utf-8") if isinstance(body, str) else body or b""
    else:
        raw = json.dumps(body).encode("utf-8")
    target = quote(PREFIX + path) + (f"?{urlencode(dict(query))}" if query else "")
    request = HttpRequest(
        method=method,
        target=target,
        headers=list({**({"Content-Type": content_type} if content_type else {}), **(headers or {})}.items()),
        body=raw,
    )
    match = ResourceMatch(
        resource_path=PREFIX + resource, path_parameters=dict(path_parameters or {}), routes_by_method={}
    )
    return proxy_event(request, match, STAGE, "r1", authorizer)


def sample_event(name: str, **authorizer: str) -> dict[str, Any]:
    """events/<name>, its requestContext.authorizer (on a route behind the authorizer) updated with `authorizer`."""
    event: dict[str, Any] = json.loads((EVENTS / name).read_text())
    if authorizer and "authorizer" in event["requestContext"]:
        event["requestContext"]["authorizer"].update(authorizer)
    return event


def queued_event(stack: Any, logical_id: str) -> dict[str, Any]:
    """The SQS event of what the template's queue `logical_id` holds now (up to 10 messages), as Lambda would
    hand it to the queue's consumer."""
    import boto3

    url = stack.resolver.resolve({"Ref": logical_id})
    arn = stack.resolver.resolve({"Fn::GetAtt": [logical_id, "Arn"]})
    messages = (
        boto3.client("sqs", region_name=REGION)
        .receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
        .get("Messages", [])
    )
    return sqs_event(messages, arn, REGION)


def authorizer_event(
    method: str, resource: str, path: str | None = None, headers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The REQUEST authorizer's event for `method` on `path`, with the client's `headers` alone."""
    event = api_event(method, resource, path, headers=headers, content_type=None)
    return request_authorizer_event(event, STAGE.method_arn(method, event["path"]))


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # the JSON body; the text when it is not JSON
    headers: dict[str, str]  # the last value of each, by name as the function wrote it


def answer_of(result: Any) -> Answer:
    """A function's proxy answer as a client sees it (local.events.http_response reads it as API Gateway does)."""
    response = http_response(result)
    text = response.body.decode("utf-8", "replace")
    try:
        body: Any = json.loads(text)
    except ValueError:
        body = text
    return Answer(response.status, body, dict(response.headers))


def invoke(stack: Any, function_id: str, event: dict[str, Any]) -> Answer:
    """Invokes the template's function `function_id` on `event` in the test stack."""
    return answer_of(stack.invoke(function_id, event))


def http_call(
    api: Any,
    method: str,
    path: str,
    body: Any = None,
    *,
    key: str | None = None,
    token: str | None = None,
    headers: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> requests.Response:
    """One request over HTTP to the local runtime's API (tests/e2e's LocalApi): `key` as the api_key header,
    `token` as a Bearer token, `body` as JSON; `headers` last, so they may replace either."""
    sent = {**({"api_key": key} if key else {}), **({"Authorization": f"Bearer {token}"} if token else {})}
    sent.update(headers or {})
    return requests.request(method, f"{api.base_url}{path}", json=body, headers=sent, timeout=30, **kwargs)


def queue_for_events(sqs: Any, events: Any, bus: str, name: str, detail_type: str) -> str:
    """A new queue (its URL) with a rule on `bus` that sends it every crm.self-service event of `detail_type`,
    as a platform subscribed to the bus would receive them."""
    queue_url: str = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(
        Name=name,
        EventBusName=bus,
        EventPattern=json.dumps({"source": ["crm.self-service"], "detail-type": [detail_type]}),
    )
    events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    return queue_url


def tenant_context(name: str) -> RequestContext:
    """A new organisation's test-mode context (inside the integration tests' stack); its test mode delivers to
    every recipient."""
    from crm.data.tenancy import change_test_recipients
    from crm.services import tenancy

    organisation = tenancy.create_organisation(name)
    change_test_recipients(organisation.organisation_id, "*", allow=True)
    return RequestContext(organisation_id=organisation.organisation_id, mode="test")


def serialize_dynamodb_calls(monkeypatch: Any) -> None:
    """moto answers one DynamoDB call at a time (under one lock), as DynamoDB's conditions are atomic: parallel
    callers then race as they would against the real service."""
    import threading

    from moto.dynamodb.responses import DynamoHandler

    lock, call_action = threading.RLock(), DynamoHandler.call_action

    def atomic_call_action(self: Any) -> Any:
        with lock:
            return call_action(self)

    monkeypatch.setattr(DynamoHandler, "call_action", atomic_call_action)
