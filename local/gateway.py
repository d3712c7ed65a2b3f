"""API Gateway in front of the functions: route, authorize, invoke, answer; and its own answers when it refuses."""

from __future__ import annotations

import copy
import sys
import time
import traceback
import uuid
from typing import Any, Callable, Mapping

from local.cfn import LOCAL_API_ID, Authorizer, Resolver, Template
from local.events import (
    MalformedProxyResponse,
    Stage,
    http_response,
    proxy_event,
    request_authorizer_event,
    token_authorizer_event,
)
from local.gateway_responses import LAMBDA_ERROR, GatewayResponses
from local.http_messages import HttpRequest, HttpResponse
from local.policy import Decision, MalformedPolicy, evaluate
from local.routing import ResourceMatch, RouteTable
from local.usage_plan import UsagePlanLimits

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit

Invoke = Callable[[str, Any], Any]  # (function logical id, event) -> the function's answer


class AuthorizerRefusal(Exception):
    """The authorizer's verdict is a gateway response, not a call to the function."""

    def __init__(self, response_type: str, message: str | None = None):
        super().__init__(response_type)
        self.response_type = response_type
        self.message = message  # None: API Gateway's default message for the type


class MalformedAuthorizerAnswer(ValueError):
    pass


def _context_value(value: Any) -> Any:
    """API Gateway passes strings, numbers and booleans on as strings (null stays null); anything else is an
    authorizer configuration error."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    raise MalformedAuthorizerAnswer(f"context values must be strings, numbers or booleans, not {value!r}")


def read_authorizer_answer(answer: Any, method_arn: str) -> tuple[Decision, str, dict[str, Any]]:
    """The decision for `method_arn`, the principal and the context of a Lambda authorizer's answer."""
    if not isinstance(answer, Mapping) or not isinstance(answer.get("principalId"), str):
        raise MalformedAuthorizerAnswer("the answer needs a principalId string")
    context = answer.get("context") or {}
    if not isinstance(context, Mapping):
        raise MalformedAuthorizerAnswer("context must be an object")
    try:
        decision = evaluate(answer.get("policyDocument"), method_arn)
    except MalformedPolicy as error:
        raise MalformedAuthorizerAnswer(str(error)) from error
    return decision, answer["principalId"], {key: _context_value(value) for key, value in context.items()}


def _unquote(value: Any) -> str:
    """SAM writes CORS and header values as quoted literals: "'*'" means *."""
    text = str(value)
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == "'" else text


def _log_error(what: str) -> None:
    sys.stderr.write(f"[ERROR] {what}\n{traceback.format_exc()}")
    sys.stderr.flush()


class ApiGateway:
    def __init__(
        self,
        stage: Stage,
        routes: RouteTable,
        authorizers: Mapping[str, Authorizer],
        invoke: Invoke,
        responses: GatewayResponses,
        cors: Any = None,
        usage_plan: UsagePlanLimits | None = None,
    ):
        """`cors`: the API's resolved Cors setting (a map or just the origin); None when CORS is off.
        `usage_plan`: the throttle and quota of authorized requests per usageIdentifierKey (the API's key source
        is AUTHORIZER)."""
        self._authorizers = authorizers
        self._stage = stage
        self._routes = routes
        self._invoke = invoke
        self._responses = responses
        self._cors = {"AllowOrigin": cors} if isinstance(cors, str) else cors
        self._usage_plan = usage_plan

    def handle(self, request: HttpRequest) -> HttpResponse:
        request_id = str(uuid.uuid4())
        response = self._handle(request, request_id)
        response.headers.append(("x-amzn-RequestId", request_id))
        return response

    def _handle(self, request: HttpRequest, request_id: str) -> HttpResponse:
        if len(request.body) > MAX_BODY_BYTES:
            return self._responses.render("REQUEST_TOO_LARGE", request, request_id)
        match = self._routes.find(request.path)
        route = match.route_for(request.method) if match else None
        if match and not route and request.method == "OPTIONS" and self._cors is not None:
            return self._preflight(match)
        if not match or not route:
            return self._responses.render("MISSING_AUTHENTICATION_TOKEN", request, request_id)
        event = proxy_event(request, match, self._stage, request_id)
        if route.authorizer:
            try:
                authorizer = self._authorizers[route.authorizer]
                event["requestContext"]["authorizer"] = self._authorize(authorizer, request, event)
            except AuthorizerRefusal as refusal:
                return self._responses.render(refusal.response_type, request, request_id, refusal.message)
        try:
            return http_response(self._invoke(route.function_id, event))
        except MalformedProxyResponse:
            _log_error(f"{route.function_id} answered something API Gateway cannot send")
        except Exception:  # noqa: BLE001 - any function error is API Gateway's 5XX
            _log_error(f"{route.function_id} failed")
        return self._responses.render(LAMBDA_ERROR, request, request_id)

    def _authorize(self, authorizer: Authorizer, request: HttpRequest, event: dict[str, Any]) -> dict[str, Any]:
        """The requestContext.authorizer of an allowed request; AuthorizerRefusal otherwise."""
        method_arn = self._stage.method_arn(request.method, request.path)
        if authorizer.payload_type == "TOKEN":
            token = request.header(authorizer.token_header)
            if not token:
                raise AuthorizerRefusal("UNAUTHORIZED")
            authorizer_event = token_authorizer_event(token, method_arn)
        else:
            # A copy: whatever the authorizer does to its event must not reach the function's.
            authorizer_event = request_authorizer_event(copy.deepcopy(event), method_arn)
        started = time.perf_counter()
        try:
            answer = self._invoke(authorizer.function_id, authorizer_event)
        except Exception as error:  # noqa: BLE001 - as on AWS, only the exact message Unauthorized means 401
            if str(error) == "Unauthorized":
                raise AuthorizerRefusal("UNAUTHORIZED") from error
            _log_error(f"authorizer {authorizer.function_id} failed")
            # API Gateway's AuthorizerConfigurationException, whatever the error (not AUTHORIZER_FAILURE)
            raise AuthorizerRefusal("AUTHORIZER_CONFIGURATION_ERROR") from error
        latency_ms = int((time.perf_counter() - started) * 1000)
        try:
            decision, principal_id, context = read_authorizer_answer(answer, method_arn)
        except MalformedAuthorizerAnswer as error:
            sys.stderr.write(f"[ERROR] authorizer {authorizer.function_id} answered badly: {error}\n")
            raise AuthorizerRefusal("AUTHORIZER_CONFIGURATION_ERROR") from error
        if decision is Decision.IMPLICIT_DENY:
            raise AuthorizerRefusal("ACCESS_DENIED", "User is not authorized to access this resource")
        if decision is Decision.EXPLICIT_DENY:
            raise AuthorizerRefusal("ACCESS_DENIED")
        if self._usage_plan is not None:
            usage_key = answer.get("usageIdentifierKey")
            if not isinstance(usage_key, str) or not usage_key:
                raise AuthorizerRefusal("INVALID_API_KEY")
            refusal = self._usage_plan.refusal(usage_key)
            if refusal:
                raise AuthorizerRefusal(refusal)
        return {**context, "principalId": principal_id, "integrationLatency": latency_ms}

    def _preflight(self, match: ResourceMatch) -> HttpResponse:
        """The mock OPTIONS method SAM adds to every path when the API has Cors."""
        cors = self._cors or {}
        methods = cors.get("AllowMethods") or ",".join(sorted({*match.routes_by_method, "OPTIONS"}))
        headers = [("Content-Type", "application/json")]
        headers.append(("Access-Control-Allow-Origin", _unquote(cors.get("AllowOrigin", "*"))))
        headers.append(("Access-Control-Allow-Methods", _unquote(methods)))
        for setting, header in (
            ("AllowHeaders", "Access-Control-Allow-Headers"),
            ("MaxAge", "Access-Control-Max-Age"),
            ("AllowCredentials", "Access-Control-Allow-Credentials"),
        ):
            if setting in cors:
                value = cors[setting]
                headers.append((header, str(value).lower() if isinstance(value, bool) else _unquote(value)))
        return HttpResponse(200, headers)


def api_gateway(
    template: Template, resolver: Resolver, region: str, invoke: Callable[[str, Any], Any], *, usage_plan: bool = True
) -> ApiGateway:
    """The template's API in front of `invoke(function_id, event)`: routes, authorizers, gateway responses, CORS
    and (unless `usage_plan` is False) the usage plan's throttle and quota."""
    api = template.api
    routes = RouteTable(route for function in template.functions.values() for route in function.routes)
    if api is None:  # SAM's implicit API: no authorizers, no gateway responses, stage Prod
        return ApiGateway(Stage(LOCAL_API_ID, "Prod", region), routes, {}, invoke, GatewayResponses({}))
    return ApiGateway(
        Stage(LOCAL_API_ID, api.stage_name, region, api.binary_media_types),
        routes,
        api.authorizers,
        invoke,
        GatewayResponses(resolver.resolve(dict(api.gateway_responses))),
        cors=resolver.resolve(api.cors),
        usage_plan=UsagePlanLimits.for_api(template, resolver) if usage_plan else None,
    )
