"""The events API Gateway sends: the REST proxy event (payload format 1.0) to a function, the REQUEST or TOKEN
event to an authorizer; and the reading of a function's proxy answer."""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
import uuid
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any, Mapping
from urllib.parse import parse_qsl

from local.cfn import ACCOUNT_ID
from local.http_messages import HttpRequest, HttpResponse
from local.routing import ResourceMatch

_TEXT_MEDIA_TYPES = (
    "application/json",
    "application/xml",
    "application/javascript",
    "application/x-www-form-urlencoded",
    "application/graphql",
)
_PROXY_RESPONSE_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}


@dataclass(frozen=True)
class Stage:
    """Where the API is deployed, as events name it."""

    api_id: str
    name: str
    region: str
    binary_media_types: tuple[str, ...] = ()

    def method_arn(self, method: str, path: str) -> str:
        """The ARN an authorizer's policy must allow: the called method on the requested path."""
        api = f"arn:aws:execute-api:{self.region}:{ACCOUNT_ID}:{self.api_id}"
        return f"{api}/{self.name}/{method}/{path.lstrip('/')}"


def is_binary(content_type: str | None, binary_media_types: tuple[str, ...] = ()) -> bool:
    """Whether API Gateway hands the body over base64-encoded: the API's binary media types, and any type that
    is not text (multipart/form-data, images, application/octet-stream, ...)."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    if any(fnmatch(media_type, pattern.lower()) for pattern in binary_media_types):
        return True
    textual = media_type.startswith("text/") or media_type.endswith(("+json", "+xml"))
    return not (textual or media_type in _TEXT_MEDIA_TYPES)


def _gateway_headers(request: HttpRequest) -> list[tuple[str, str]]:
    """The client's headers plus those API Gateway adds on the way in."""
    host = request.header("Host") or ""
    port = host.rsplit(":", 1)[1] if ":" in host else "80"
    forwarded_for = request.header("X-Forwarded-For")
    added = {
        "X-Forwarded-For": f"{forwarded_for}, {request.source_ip}" if forwarded_for else request.source_ip,
        "X-Forwarded-Port": port,
        "X-Forwarded-Proto": "http",
        "X-Amzn-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}",
    }
    kept = [(name, value) for name, value in request.headers if name.lower() not in {k.lower() for k in added}]
    return kept + list(added.items())


def _single_and_multi(pairs: list[tuple[str, str]]) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """API Gateway's pair of maps: the last value of each name, and all of them. None when there are none."""
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        multi.setdefault(name, []).append(value)
    if not multi:
        return None, None
    return {name: values[-1] for name, values in multi.items()}, multi


def _body(request: HttpRequest, stage: Stage) -> tuple[str | None, bool]:
    if not request.body:
        return None, False
    if not is_binary(request.header("Content-Type"), stage.binary_media_types):
        try:
            return request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode("ascii"), True


def request_context(request: HttpRequest, match: ResourceMatch, stage: Stage, request_id: str) -> dict[str, Any]:
    now = time.time()
    return {
        "resourceId": hashlib.sha1(match.resource_path.encode()).hexdigest()[:6],
        "resourcePath": match.resource_path,
        "httpMethod": request.method,
        "extendedRequestId": request_id,
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "path": f"/{stage.name}{request.path}",
        "accountId": ACCOUNT_ID,
        "protocol": "HTTP/1.1",
        "stage": stage.name,
        "domainPrefix": stage.api_id,
        "requestTimeEpoch": int(now * 1000),
        "requestId": request_id,
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": None,
            "cognitoIdentityId": None,
            "caller": None,
            "sourceIp": request.source_ip,
            "principalOrgId": None,
            "accessKey": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": None,
            "userAgent": request.header("User-Agent"),
            "user": None,
        },
        "domainName": request.header("Host") or f"{stage.api_id}.execute-api.{stage.region}.amazonaws.com",
        "apiId": stage.api_id,
    }


def proxy_event(
    request: HttpRequest,
    match: ResourceMatch,
    stage: Stage,
    request_id: str,
    authorizer: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The Lambda proxy integration event; `authorizer` becomes requestContext.authorizer."""
    headers, multi_value_headers = _single_and_multi(_gateway_headers(request))
    query, multi_value_query = _single_and_multi(parse_qsl(request.query_string, keep_blank_values=True))
    body, is_base64 = _body(request, stage)
    context = request_context(request, match, stage, request_id)
    if authorizer is not None:
        context["authorizer"] = dict(authorizer)
    return {
        "resource": match.resource_path,
        "path": request.path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_value_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_value_query,
        "pathParameters": dict(match.path_parameters) or None,
        "stageVariables": None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": is_base64,
    }


def request_authorizer_event(event: Mapping[str, Any], method_arn: str) -> dict[str, Any]:
    """A REQUEST authorizer sees the request as the function will, without its body."""
    keys = (
        "resource",
        "path",
        "httpMethod",
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
        "requestContext",
    )
    return {"type": "REQUEST", "methodArn": method_arn, **{key: event[key] for key in keys}}


def token_authorizer_event(token: str, method_arn: str) -> dict[str, Any]:
    return {"type": "TOKEN", "authorizationToken": token, "methodArn": method_arn}


class MalformedProxyResponse(ValueError):
    pass


def http_response(result: Any) -> HttpResponse:
    """The HTTP answer API Gateway makes of a function's proxy answer."""
    if not isinstance(result, Mapping) or "statusCode" not in result or set(result) - _PROXY_RESPONSE_KEYS:
        raise MalformedProxyResponse(f"not a proxy integration answer: {result!r:.200}")
    try:
        status = int(result["statusCode"])
    except (TypeError, ValueError) as error:
        raise MalformedProxyResponse(f"statusCode {result['statusCode']!r}") from error
    # A name in both maps keeps the values of multiValueHeaders alone, as on AWS.
    multi_value_headers = result.get("multiValueHeaders") or {}
    headers = [(name, str(value)) for name, values in multi_value_headers.items() for value in values]
    multi_names = {name.lower() for name in multi_value_headers}
    headers += [(k, str(v)) for k, v in (result.get("headers") or {}).items() if k.lower() not in multi_names]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedProxyResponse(f"body must be a string, not {type(body).__name__}")
    try:
        text = body or ""
        payload = base64.b64decode(text, validate=True) if result.get("isBase64Encoded") else text.encode()
    except binascii.Error as error:
        raise MalformedProxyResponse("isBase64Encoded, but the body is not base64") from error
    return HttpResponse(status, headers, payload)
