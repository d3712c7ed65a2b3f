"""The Powertools resolver every HTTP function uses, with the CRM error format wired in."""

from __future__ import annotations

import base64
import binascii
import json
import re
import traceback
from itertools import accumulate
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType, RequestValidationError
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseContentModel

from crm.errors import CrmError, ErrorCode, PayloadTooLarge, error_body
from crm.failures import answer_for
from crm.forms import FormError, parse_form
from crm.settings import API_PREFIX, MAX_JSON_BODY_BYTES, allowed_origin, check_environment, public_api_url

logger = Logger(child=True)


def link_base(event: Any) -> str:
    """The public base URL of this API, for links in e-mails: PUBLIC_API_URL when set; else the host the
    request came to, with the stage in the path on API Gateway's own domain, and at the root of a custom
    domain (mapped to the stage, as the README says). `event` is the resolver's current event."""
    configured = public_api_url()
    if configured:
        return configured
    request_context = event.raw_event.get("requestContext") or {}
    proto = event.headers.get("X-Forwarded-Proto") or "https"
    host = event.headers.get("Host") or request_context.get("domainName") or ""
    full_path = request_context.get("path") or ""
    prefix = ""
    if ".execute-api." in host and event.path and full_path.endswith(event.path):
        prefix = full_path[: -len(event.path)]
    return f"{proto}://{host}{prefix}{API_PREFIX}"


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response[str]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body, separators=(",", ":")),
        headers=headers or {},
    )


ERROR_REF = "#/components/schemas/Error"  # the CRM error body, which the merged document defines


def answers(
    model: Any = None,
    *,
    status: int = 200,
    description: str = "Success",
    media_type: str = content_types.APPLICATION_JSON,
    examples: dict[str, Any] | None = None,
    errors: dict[int, str] | None = None,
) -> dict[int, OpenAPIResponse]:
    """A route's documented answers (OpenAPI only: nothing is validated at run time). `model` describes the
    success body, `examples` name seed examples of it; `errors` are the route's own error statuses, each with
    why; the merged document gives every error the CRM error body, and adds those every route of its kind can
    answer (400, 401/403 at the authorizer, 404 for a path id, 413, 429, 5XX)."""
    ok: OpenAPIResponse = {"description": description}
    if model is not None:
        content: OpenAPIResponseContentModel = {"model": model}
        if examples:
            content["examples"] = {name: {"value": value} for name, value in examples.items()}
        ok["content"] = {media_type: content}
    documented: dict[int, OpenAPIResponse] = {status: ok}
    for code, why in (errors or {}).items():
        # Without content, Powertools would describe the error with the success model.
        documented[code] = {
            "description": why,
            "content": {content_types.APPLICATION_JSON: {"schema": {"$ref": ERROR_REF}}},
        }
    return documented


def _field_path(loc: tuple[Any, ...]) -> str:
    """('body', 'identity', 'username') -> 'identity.username'; ('query', 'page') -> 'page'."""
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in ("body", "query", "path", "header") else list(map(str, loc))
    # pydantic names the chosen branch of a discriminated union by its tag (upper case, such as GOOGLE) in the
    # path; field names are snake_case, so such a part is the tag, not a field.
    parts = [p for p in parts if not p.isupper()]
    return ".".join(parts) or str(loc[0] if loc else "body")


def validation_error_response(exc: RequestValidationError) -> Response:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return json_response(
            400, error_body(400, "The request body is not valid JSON.", ErrorCode.INVALID_VALUE, ["body"])
        )
    fields, reasons = [], []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):  # the discriminator field is at fault
            loc += (str((err.get("ctx") or {}).get("discriminator", "")).strip("'\"") or "type",)
        field = _field_path(loc)
        if field not in fields:
            fields.append(field)
            # pydantic's message says what is wrong without echoing the value back (it may be a password)
            reasons.append(f"{field}: {err.get('msg', 'invalid value')}")
    message = "Invalid request: " + "; ".join(reasons)
    return json_response(400, error_body(400, message, ErrorCode.INVALID_VALUE, fields))


# Powertools' own reading of a body: what it raises there, other than a validation error, is the body's fault.
_BODY_READERS = {"_get_body", "_parse_json_data", "_parse_form_data", "_parse_multipart_data"}


def raised_reading_the_body(exc: BaseException) -> bool:
    """A multipart body without a usable boundary, bytes that are not UTF-8 where text is expected..."""
    return any(
        frame.name in _BODY_READERS and frame.filename.endswith("openapi_validation.py")
        for frame in traceback.extract_tb(exc.__traceback__)
    )


def _is_text_body_not_utf8(event: dict[str, Any]) -> bool:
    """A JSON or form body that is not UTF-8 reaches the function base64-encoded; Powertools' decoding of it would
    raise (a 500), so it is refused first. Multipart and binary bodies are the handlers' to read."""
    if not event.get("isBase64Encoded") or not event.get("body"):
        return False
    headers = {str(name).lower(): value for name, value in (event.get("headers") or {}).items()}
    media_type = str(headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if not (
        media_type in ("", "application/json", "application/x-www-form-urlencoded")
        or media_type.endswith("+json")
        or media_type.startswith("text/")
    ):
        return False
    try:
        base64.b64decode(event["body"], validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return True
    return False


MAX_JSON_DEPTH = 64  # arrays and objects inside each other; the deepest body of API.md nests 4
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')  # a string, or an unterminated one to the end
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether `text` opens more than `limit` arrays/objects inside each other. Python's parser recurses once per
    level and raised RecursionError (a 500 with a stack trace) at about a thousand; this check does not recurse.
    Strings are skipped (brackets in them are text); each step runs in C (regex, map, accumulate), and a body with
    fewer brackets than the limit is not scanned at all."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > limit


def _body_text(event: dict[str, Any]) -> str:
    """The body as JSON would be read from it; "" for a form or multipart body (files hold any bytes)."""
    body = event.get("body") or ""
    headers = {str(name).lower(): value for name, value in (event.get("headers") or {}).items()}
    media_type = str(headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if media_type.startswith("multipart/") or media_type == "application/x-www-form-urlencoded":
        return ""
    if event.get("isBase64Encoded") and body:
        try:
            return base64.b64decode(body).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return ""
    return body


FORM = "application/x-www-form-urlencoded"


def _media_type(event: dict[str, Any]) -> str:
    headers = {str(name).lower(): value for name, value in (event.get("headers") or {}).items()}
    return str(headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def form_as_json(event: dict[str, Any]) -> dict[str, Any]:
    """A form-encoded body (bracket notation, crm/forms.py) as the JSON body it names, so the route's model validates
    it as it validates JSON: the event with that body and Content-Type application/json. Any other event as it is.
    FormError (400) for a form that names no object."""
    if _media_type(event) != FORM:
        return event
    text = str(event.get("body") or "")
    if event.get("isBase64Encoded") and text:
        text = base64.b64decode(text).decode("utf-8")  # UTF-8 already checked (_is_text_body_not_utf8)
    body = json.dumps(parse_form(text), separators=(",", ":")) if text.strip() else ""

    def retyped(headers: dict[str, Any], value: Any) -> dict[str, Any]:
        kept = {name: v for name, v in headers.items() if str(name).lower() != "content-type"}
        return {**kept, "Content-Type": value}

    changed = {**event, "body": body, "isBase64Encoded": False}
    changed["headers"] = retyped(event.get("headers") or {}, content_types.APPLICATION_JSON)
    if event.get("multiValueHeaders") is not None:
        changed["multiValueHeaders"] = retyped(event["multiValueHeaders"], [content_types.APPLICATION_JSON])
    return changed


def _error_answer(error: CrmError) -> dict[str, Any]:
    return {
        "statusCode": error.status,
        "headers": {"Content-Type": content_types.APPLICATION_JSON},
        "body": json.dumps(error.body(), separators=(",", ":")),
        "isBase64Encoded": False,
    }


class CrmResolver(APIGatewayRestResolver):
    """Refuses an oversize body with 413 before routing, so it is never parsed or validated. `upload_routes`:
    (method, resource) -> the larger limit of a route that takes files."""

    @staticmethod
    def _compile_regex(rule: str, base_regex: str = "^{}/*$"):
        """A path parameter matches any characters but "/", as API Gateway's {id} does. Powertools' default leaves
        some out (such as control characters and symbols), and an id with one answered "no such route"."""
        return re.compile(base_regex.format(re.sub(r"(<\w+>)", r"(?P\1[^/]+)", rule)))

    def __init__(self, *, max_body_bytes: int, upload_routes: dict[tuple[str, str], int] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.max_body_bytes = max_body_bytes
        self.upload_routes = dict(upload_routes or {})

    def body_limit(self, event: dict[str, Any]) -> int:
        resource = str(event.get("resource") or "")
        resource = resource[len(API_PREFIX) :] if resource.startswith(API_PREFIX) else resource
        return self.upload_routes.get((str(event.get("httpMethod") or "").upper(), resource), self.max_body_bytes)

    def resolve(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        check_environment()  # the first call fails, naming them, while a variable the function needs is unset
        body = event.get("body") or ""
        limit = self.body_limit(event)
        if len(body) > limit:
            error = PayloadTooLarge(parameters=["body", limit])
            return {
                "statusCode": error.status,
                "headers": {"Content-Type": content_types.APPLICATION_JSON},
                "body": json.dumps(error.body(), separators=(",", ":")),
                "isBase64Encoded": False,
            }
        if _is_text_body_not_utf8(event):
            body = error_body(400, "The request body is not valid UTF-8.", ErrorCode.INVALID_VALUE, ["body"])
            return {
                "statusCode": 400,
                "headers": {"Content-Type": content_types.APPLICATION_JSON},
                "body": json.dumps(body, separators=(",", ":")),
                "isBase64Encoded": False,
            }
        if json_too_deep(_body_text(event)):  # every route, the ones that read their own body included
            body = error_body(
                400,
                f"The request body nests arrays or objects deeper than {MAX_JSON_DEPTH}.",
                ErrorCode.INVALID_VALUE,
                ["body"],
            )
            return {
                "statusCode": 400,
                "headers": {"Content-Type": content_types.APPLICATION_JSON},
                "body": json.dumps(body, separators=(",", ":")),
                "isBase64Encoded": False,
            }
        try:
            event = form_as_json(event)  # once, for every route: the models never see the form itself
        except FormError as error:
            return _error_answer(error)
        return super().resolve(event, context)


def make_resolver(
    *, max_body_bytes: int = MAX_JSON_BODY_BYTES, upload_routes: dict[tuple[str, str], int] | None = None
) -> CrmResolver:
    """A REST resolver that validates with pydantic and answers every error in the CRM format."""
    cors = CORSConfig(
        allow_origin=allowed_origin(),
        max_age=600,
        allow_headers=["api_key", "auth_token", "refresh_token", "Idempotency-Key", "If-Match"],
        expose_headers=["ETag", "Retry-After"],
    )
    app = CrmResolver(
        max_body_bytes=max_body_bytes,
        upload_routes=upload_routes,
        enable_validation=True,
        strip_prefixes=[API_PREFIX],
        cors=cors,
    )

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
        failure = answer_for(exc)
        if failure is not None:  # an AWS failure no service handled: 503, 409 or 502 (crm/failures.py)
            cause = getattr(exc, "cause", None) or exc.__cause__ or exc
            logger.warning(
                "aws failure",
                extra={"status": failure.status, "exception": type(exc).__name__, "cause": str(cause)[:500]},
            )
            return json_response(failure.status, failure.body(), failure.headers)
        logger.exception("unhandled error")
        return json_response(500, error_body(500, "The server could not complete the request.", ErrorCode.INTERNAL))

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_media_type(_: RequestUnsupportedContentType) -> Response:
        # Not a RequestValidationError: without this a JSON body sent as text/plain answered 500.
        return json_response(
            415, error_body(415, "Send the body as application/json.", ErrorCode.INVALID_VALUE, ["Content-Type"])
        )

    @app.exception_handler(ValueError)
    def _unreadable_body(exc: ValueError) -> Response:
        # Found by fuzzing (tests/fuzz): these answered 500.
        if raised_reading_the_body(exc):
            return json_response(
                400,
                error_body(
                    400,
                    "The request body could not be read as its Content-Type says.",
                    ErrorCode.INVALID_VALUE,
                    ["body"],
                ),
            )
        return _unexpected(exc)

    return app


# The headers of every page the API serves: nothing cached or referred; images (a brand's logo) over https only.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src https:; form-action 'self'",
}


def html_page(status: int, body: str) -> Response[str]:
    """A page the API serves to a person (an e-mail link's landing page), with the headers every such page has."""
    return Response(status_code=status, content_type="text/html; charset=utf-8", body=body, headers=PAGE_HEADERS)
