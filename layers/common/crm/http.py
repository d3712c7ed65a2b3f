"""The Powertools resolver every HTTP function uses, with the CRM error format wired in."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from crm.errors import CrmError, ErrorCode, PayloadTooLarge, error_body
from crm.settings import API_PREFIX, MAX_JSON_BODY_BYTES

logger = Logger(child=True)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON,
                    body=json.dumps(body, separators=(",", ":")), headers=headers or {})


def _field_path(loc: tuple[Any, ...]) -> str:
    """('body', 'identity', 'username') -> 'identity.username'; ('query', 'page') -> 'page'."""
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in ("body", "query", "path", "header") else list(map(str, loc))
    return ".".join(parts) or str(loc[0] if loc else "body")


def validation_error_response(exc: RequestValidationError) -> Response:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return json_response(400, error_body(400, "The request body is not valid JSON.", ErrorCode.INVALID_VALUE, ["body"]))
    fields, reasons = [], []
    for err in errors:
        field = _field_path(tuple(err.get("loc", ())))
        if field not in fields:
            fields.append(field)
            # pydantic's message says what is wrong without echoing the value back (it may be a password)
            reasons.append(f"{field}: {err.get('msg', 'invalid value')}")
    message = "Invalid request: " + "; ".join(reasons)
    return json_response(400, error_body(400, message, ErrorCode.INVALID_VALUE, fields))


def _refuse_oversize_bodies(app: APIGatewayRestResolver, next_middleware: Callable[..., Response]) -> Response:
    body = app.current_event.body or ""
    if len(body) > MAX_JSON_BODY_BYTES:
        raise PayloadTooLarge(parameters=["body", MAX_JSON_BODY_BYTES])
    return next_middleware(app)


def make_resolver(*, max_body_bytes_check: bool = True) -> APIGatewayRestResolver:
    """A REST resolver that validates with pydantic and answers every error in the CRM format."""
    app = APIGatewayRestResolver(enable_validation=True, strip_prefixes=[API_PREFIX])
    if max_body_bytes_check:
        app.use(middlewares=[_refuse_oversize_bodies])

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response:
        return validation_error_response(exc)

    @app.exception_handler(CrmError)
    def _crm(exc: CrmError) -> Response:
        return json_response(exc.status, exc.body(), exc.headers)

    @app.not_found
    def _no_route(_: NotFoundError) -> Response:
        return json_response(404, error_body(404, "Resource not found.", ErrorCode.NOT_FOUND, ["route"]))

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error")
        return json_response(500, error_body(500, "The server could not complete the request.", ErrorCode.INTERNAL))

    return app
