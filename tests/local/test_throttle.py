"""The usage plan's throttle in the local runtime: a token bucket per usageIdentifierKey with the template's rate
and burst, answering the template's THROTTLED gateway response (429, Retry-After, the CRM body)."""

import json

import pytest

from local.cfn import ApiRoute, Authorizer, Resolver, Template
from local.events import Stage
from local.gateway import ApiGateway
from local.gateway_responses import GatewayResponses
from local.http_messages import HttpRequest
from local.routing import RouteTable
from local.throttle import UsagePlanThrottle


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_bucket_allows_the_burst_then_the_rate_and_each_key_has_its_own():
    clock = Clock()
    plan = UsagePlanThrottle(rate=2, burst=3, clock=clock)
    assert [plan.admit("a") for _ in range(4)] == [True, True, True, False]
    assert plan.admit("b")  # another application is not affected
    clock.now += 0.5  # one token back at 2 per second
    assert [plan.admit("a"), plan.admit("a")] == [True, False]
    clock.now += 60  # never more than the burst
    assert [plan.admit("a") for _ in range(4)] == [True, True, True, False]


def test_the_template_plan_is_read_with_its_parameters():
    template = Template.load()
    default = UsagePlanThrottle.for_api(template, Resolver(template))
    assert (default.rate, default.burst) == (500.0, 1000)
    template.parameters.update(UsagePlanRateLimit=7, UsagePlanBurstLimit=9)
    plan = UsagePlanThrottle.for_api(template, Resolver(template))
    assert (plan.rate, plan.burst) == (7.0, 9)


@pytest.fixture
def gateway():
    template = Template.load()
    responses = GatewayResponses(Resolver(template).resolve(dict(template.api.gateway_responses)))

    def invoke(function_id, event):
        if function_id == "Auth":  # the application's key comes in a header of this test
            key = event["headers"].get("app")
            statement = {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}
            answer = {"principalId": "p", "policyDocument": {"Statement": [statement]}, "context": {}}
            return {**answer, "usageIdentifierKey": key} if key else answer
        return {"statusCode": 204}

    return ApiGateway(Stage("crmlocal00", "v1", "eu-west-1"), RouteTable([ApiRoute("Items", "GET", "/items", "Req")]),
                      {"Req": Authorizer("Req", "Auth", "REQUEST", "")}, invoke, responses,
                      usage_plan=UsagePlanThrottle(rate=0.001, burst=2))


def test_an_application_over_its_plan_gets_429_with_retry_after_and_the_crm_body(gateway):
    call = lambda app: gateway.handle(HttpRequest("GET", "/items", [("app", app)]))  # noqa: E731
    assert [call("one").status, call("one").status] == [204, 204]
    throttled = call("one")
    assert throttled.status == 429
    headers = dict(throttled.headers)
    assert int(headers["Retry-After"]) >= 1
    body = json.loads(throttled.body)
    assert body == {"status": 429, "message": "Too many requests.", "error": "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION",
                    "parameters": []}
    assert call("two").status == 204


def test_an_authorizer_answer_without_a_usage_key_is_refused_with_403(gateway):
    refused = gateway.handle(HttpRequest("GET", "/items"))
    assert refused.status == 403 and json.loads(refused.body)["parameters"] == ["api_key"]
