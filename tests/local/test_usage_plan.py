"""The usage plan in the local runtime: a token bucket per usageIdentifierKey with the template's rate and burst,
answering the template's THROTTLED gateway response (429, Retry-After, the CRM body), and the plan's quota per
period, answering QUOTA_EXCEEDED."""

import datetime
import json

import pytest

from local.cfn import ApiRoute, Authorizer, Resolver, Template
from local.events import Stage
from local.gateway import ApiGateway
from local.gateway_responses import GatewayResponses
from local.http_messages import HttpRequest
from local.routing import RouteTable
from local.usage_plan import Quota, UsagePlanLimits


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_bucket_allows_the_burst_then_the_rate_and_each_key_has_its_own():
    clock = Clock()
    plan = UsagePlanLimits(rate=2, burst=3, clock=clock)
    assert [plan.refusal("a") for _ in range(4)] == [None, None, None, "THROTTLED"]
    assert plan.refusal("b") is None  # another application is not affected
    clock.now += 0.5  # one token back at 2 per second
    assert [plan.refusal("a"), plan.refusal("a")] == [None, "THROTTLED"]
    clock.now += 60  # never more than the burst
    assert [plan.refusal("a") for _ in range(4)] == [None, None, None, "THROTTLED"]


SATURDAY_NOON = datetime.datetime(2026, 11, 28, 12, tzinfo=datetime.timezone.utc).timestamp()
HOUR = 3600


@pytest.mark.parametrize(
    "period, still_in_it, next_one",
    [
        ("DAY", 11 * HOUR, 12 * HOUR),  # Saturday 23:00, Sunday 00:00
        ("WEEK", 11 * HOUR, 12 * HOUR),  # weeks start on Sunday (the plan's Offset 0)
        ("MONTH", 2 * 24 * HOUR + 11 * HOUR, 2 * 24 * HOUR + 12 * HOUR),  # November 30 23:00, December 1
    ],
)
def test_a_quota_counts_each_keys_requests_until_the_next_period(period, still_in_it, next_one):
    wall = Clock()
    wall.now = SATURDAY_NOON
    plan = UsagePlanLimits(rate=1000, burst=1000, quota=Quota(3, period), clock=Clock(), wall_clock=wall)
    assert [plan.refusal("a") for _ in range(4)] == [None, None, None, "QUOTA_EXCEEDED"]
    assert plan.refusal("b") is None  # each application has its own quota
    wall.now = SATURDAY_NOON + still_in_it
    assert plan.refusal("a") == "QUOTA_EXCEEDED"
    wall.now = SATURDAY_NOON + next_one
    assert [plan.refusal("a") for _ in range(4)] == [None, None, None, "QUOTA_EXCEEDED"]


def test_a_throttled_request_does_not_use_the_quota():
    clock = Clock()
    plan = UsagePlanLimits(rate=1, burst=1, quota=Quota(2, "DAY"), clock=clock, wall_clock=lambda: SATURDAY_NOON)
    assert [plan.refusal("a"), plan.refusal("a"), plan.refusal("a")] == [None, "THROTTLED", "THROTTLED"]
    clock.now += 1  # had the two throttled requests counted, the quota would be used up by now
    assert [plan.refusal("a"), plan.refusal("a")] == [None, "QUOTA_EXCEEDED"]


def test_a_quota_needs_a_known_period_and_a_limit():
    for limit, period in ((0, "DAY"), (5, "YEAR")):
        with pytest.raises(ValueError):
            Quota(limit, period)


def test_the_template_plan_is_read_with_its_parameters():
    template = Template.load()
    default = UsagePlanLimits.for_api(template, Resolver(template))
    assert (default.rate, default.burst) == (500.0, 1000)
    assert default.quota is None  # UsagePlanQuotaLimit 0: no quota
    template.parameters.update(
        UsagePlanRateLimit=7, UsagePlanBurstLimit=9, UsagePlanQuotaLimit="5000", UsagePlanQuotaPeriod="WEEK"
    )
    plan = UsagePlanLimits.for_api(template, Resolver(template))
    assert (plan.rate, plan.burst, plan.quota) == (7.0, 9, Quota(5000, "WEEK"))


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

    return ApiGateway(
        Stage("crmlocal00", "v1", "eu-west-1"),
        RouteTable([ApiRoute("Items", "GET", "/items", "Req")]),
        {"Req": Authorizer("Req", "Auth", "REQUEST", "")},
        invoke,
        responses,
        usage_plan=UsagePlanLimits(rate=0.001, burst=2),
    )


def test_an_application_over_its_plan_gets_429_with_retry_after_and_the_crm_body(gateway):
    call = lambda app: gateway.handle(HttpRequest("GET", "/items", [("app", app)]))  # noqa: E731
    assert [call("one").status, call("one").status] == [204, 204]
    throttled = call("one")
    assert throttled.status == 429
    headers = dict(throttled.headers)
    assert int(headers["Retry-After"]) >= 1
    body = json.loads(throttled.body)
    assert body == {
        "status": 429,
        "message": "Too many requests.",
        "error": "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION",
        "parameters": [],
    }
    assert call("two").status == 204


def test_an_application_over_its_quota_gets_the_templates_quota_answer():
    template = Template.load()
    responses = GatewayResponses(Resolver(template).resolve(dict(template.api.gateway_responses)))

    def invoke(function_id, event):
        if function_id == "Auth":
            statement = {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}
            return {
                "principalId": "p",
                "policyDocument": {"Statement": [statement]},
                "context": {},
                "usageIdentifierKey": event["headers"]["app"],
            }
        return {"statusCode": 204}

    plan = UsagePlanLimits(rate=1000, burst=1000, quota=Quota(2, "DAY"))
    gateway = ApiGateway(
        Stage("crmlocal00", "v1", "eu-west-1"),
        RouteTable([ApiRoute("Items", "GET", "/items", "Req")]),
        {"Req": Authorizer("Req", "Auth", "REQUEST", "")},
        invoke,
        responses,
        usage_plan=plan,
    )
    call = lambda app: gateway.handle(HttpRequest("GET", "/items", [("app", app)]))  # noqa: E731
    assert [call("one").status, call("one").status] == [204, 204]
    refused = call("one")
    assert refused.status == 429 and dict(refused.headers)["Retry-After"] == "60"
    assert json.loads(refused.body) == {
        "status": 429,
        "message": "Quota exceeded.",
        "error": "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION",
        "parameters": [],
    }
    assert call("two").status == 204


def test_an_authorizer_answer_without_a_usage_key_is_refused_with_403(gateway):
    refused = gateway.handle(HttpRequest("GET", "/items"))
    assert refused.status == 403 and json.loads(refused.body)["parameters"] == ["api_key"]
