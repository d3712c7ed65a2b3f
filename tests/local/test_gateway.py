"""ApiGateway with plain callables for functions: the TOKEN authorizer and the reading of authorizer answers."""

import pytest

from local.cfn import ApiRoute, Authorizer
from local.events import Stage
from local.gateway import ApiGateway, MalformedAuthorizerAnswer, read_authorizer_answer
from local.gateway_responses import GatewayResponses
from local.http_messages import HttpRequest
from local.policy import Decision
from local.routing import RouteTable

ARN = "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/GET/items"


def allow(principal="p", context=None):
    statement = {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}
    return {"principalId": principal, "policyDocument": {"Statement": [statement]}, "context": context}


@pytest.fixture
def calls():
    return []


@pytest.fixture
def gateway(calls):
    def invoke(function_id, event):
        calls.append((function_id, event))
        return allow() if function_id == "Auth" else {"statusCode": 204}

    return ApiGateway(
        Stage("crmlocal00", "v1", "eu-west-1"),
        RouteTable([ApiRoute("Items", "GET", "/items", "Token")]),
        {"Token": Authorizer("Token", "Auth", "TOKEN", "Authorization")},
        invoke,
        GatewayResponses({}),
    )


def test_a_token_authorizer_gets_the_token_and_the_method_arn(gateway, calls):
    response = gateway.handle(HttpRequest("GET", "/items", [("Authorization", "Bearer t")]))
    assert response.status == 204
    (_, authorizer_event), (function_id, event) = calls
    assert authorizer_event == {"type": "TOKEN", "authorizationToken": "Bearer t", "methodArn": ARN}
    assert function_id == "Items" and event["requestContext"]["authorizer"]["principalId"] == "p"


def test_without_its_token_the_authorizer_is_not_called(gateway, calls):
    response = gateway.handle(HttpRequest("GET", "/items"))
    assert response.status == 401 and calls == []


def test_an_authorizer_answer_is_read():
    decision, principal, context = read_authorizer_answer(allow("c-1", {"n": 1.5, "ok": False}), ARN)
    assert (decision, principal, context) == (Decision.ALLOW, "c-1", {"n": "1.5", "ok": "false"})


@pytest.mark.parametrize(
    "answer",
    [
        None,
        {"policyDocument": allow()["policyDocument"]},
        allow(context=["a"]),
        allow(context={"a": [1]}),
        {"principalId": "p", "policyDocument": {"Statement": [{"Effect": "Allow"}]}},
    ],
)
def test_a_malformed_authorizer_answer_is_refused(answer):
    with pytest.raises(MalformedAuthorizerAnswer):
        read_authorizer_answer(answer, ARN)
