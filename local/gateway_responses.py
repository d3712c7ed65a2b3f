"""The answers API Gateway makes by itself (no route, bad key, authorizer failure, Lambda error, ...), rendered from
the API's GatewayResponses as API Gateway renders them."""

from __future__ import annotations

import json
import re
from typing import Any, Mapping

from local.http_messages import HttpRequest, HttpResponse

LAMBDA_ERROR = "LAMBDA_ERROR"  # not a configurable type: a function error answers with DEFAULT_5XX

# Response type -> (default status code, API Gateway's $context.error.message), for the types this runtime makes.
DEFAULTS: Mapping[str, tuple[int, str | None]] = {
    "ACCESS_DENIED": (403, "User is not authorized to access this resource with an explicit deny"),
    "AUTHORIZER_CONFIGURATION_ERROR": (500, None),  # the authorizer raised, timed out or answered badly
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long"),
    "UNAUTHORIZED": (401, "Unauthorized"),
    "THROTTLED": (429, "Too Many Requests"),
    "QUOTA_EXCEEDED": (429, "Limit Exceeded"),
    "INVALID_API_KEY": (403, "Forbidden"),
    LAMBDA_ERROR: (502, "Internal server error"),
}

_CONTEXT_VARIABLE = re.compile(r"\$context\.([A-Za-z]+(?:\.[A-Za-z]+)*)")


class GatewayResponses:
    def __init__(self, configured: Mapping[str, Any]):
        """`configured`: the API's resolved GatewayResponses (type -> StatusCode, ResponseTemplates,
        ResponseParameters)."""
        self._configured = configured

    def render(
        self, response_type: str, request: HttpRequest, request_id: str, message: str | None = None
    ) -> HttpResponse:
        """`message`: $context.error.message; API Gateway's own for the type when None."""
        default_status, default_message = DEFAULTS[response_type]
        message = default_message if message is None else message
        family = "DEFAULT_5XX" if default_status >= 500 else "DEFAULT_4XX"
        # A type left out inherits its family's response; a family StatusCode then changes its status too.
        config = self._configured.get(response_type) or self._configured.get(family) or {}
        status = int(config.get("StatusCode") or default_status)
        variables = {
            "error.messageString": json.dumps(message),  # the message JSON-quoted, or null
            "error.message": "" if message is None else str(message),
            "error.responseType": response_type if response_type in self._configured else family,
            "requestId": request_id,
        }
        templates = config.get("ResponseTemplates") or {}
        if templates:
            content_type = "application/json" if "application/json" in templates else next(iter(templates))
            body = _render_template(templates[content_type], variables)
        else:
            content_type, body = "application/json", json.dumps({"message": message})
        headers = [("Content-Type", content_type)]
        for name, value in (config.get("ResponseParameters") or {}).get("Headers", {}).items():
            header_value = _parameter_value(str(value), request)
            if header_value is not None:
                headers.append((name, header_value))
        return HttpResponse(status, headers, body.encode())


def _render_template(template: str, variables: Mapping[str, str]) -> str:
    """Substitute the $context variables a gateway response template may use; others render empty."""
    return _CONTEXT_VARIABLE.sub(lambda match: variables.get(match.group(1), ""), template)


def _parameter_value(expression: str, request: HttpRequest) -> str | None:
    """A response parameter: a quoted literal ('*') or method.request.header.<name>."""
    if len(expression) >= 2 and expression.startswith("'") and expression.endswith("'"):
        return expression[1:-1]
    prefix = "method.request.header."
    if expression.startswith(prefix):
        return request.header(expression[len(prefix) :])
    return None
