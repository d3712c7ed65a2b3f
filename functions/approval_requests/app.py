"""Approval requests (GET /contacts/{id}/approval_requests, POST /approval_requests/{id}/actions).

The action route is open at the gateway (a REQUEST authorizer never sees the body): this function checks
either the contact token in the headers, as the authorizer would, or the one-time token in the body."""

import json
from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import ACTION_ANSWERS, ACTION_BODY, SEED_PAGE, AppAnswer, ApprovalRequestsPage, LinkAnswer
from pydantic import ValidationError

from crm.context import RequestContext
from crm.data.approvals import ENTITY_TYPES, STATES
from crm.errors import Forbidden, InvalidInput, Unauthorized
from crm.http import answers, html_page, json_response, make_resolver
from crm.paging import MAX_LIST_VALUES, AnyCase, ListFilter, PageQuery, list_values, paged
from crm.services.approvals import answer_by_link, answer_in_app, list_own_requests
from crm.services.authorization import NotAuthenticated, NotPermitted, contact_from_headers
from crm.services.entity_types import APPROVAL_ALIASES, approval_type

logger = Logger()
app = make_resolver()


def _body() -> dict[str, Any]:
    event = app.current_event
    try:
        text = event.decoded_body or ""
    except UnicodeDecodeError:  # a binary media type (base64 on the way in) holding bytes that are not UTF-8
        raise InvalidInput("The request body is not valid JSON.", ["body"]) from None
    # A form body arrives here as JSON already (crm/http.py form_as_json).
    try:
        body = json.loads(text) if text.strip() else {}
    except ValueError:
        raise InvalidInput("The request body is not valid JSON.", ["body"]) from None
    if not isinstance(body, dict):
        raise InvalidInput("The request body must be a JSON object.", ["body"])
    return body


def _invalid(exc: ValidationError) -> InvalidInput:
    fields = [".".join(map(str, e["loc"])) or "body" for e in exc.errors()]
    return InvalidInput(
        "Invalid request: " + "; ".join(f"{f}: {e['msg']}" for f, e in zip(fields, exc.errors(), strict=False)), fields
    )


@app.get(
    "/contacts/<id>/approval_requests",
    summary="List the caller's approval requests",
    tags=["Approval requests"],
    responses=answers(ApprovalRequestsPage, examples={"seed": SEED_PAGE}),
)
@paged
def list_approval_requests(
    id: str,  # noqa: A002 - the path parameter is called id
    state: Annotated[Literal[STATES] | None, AnyCase, Query()] = None,  # type: ignore[valid-type]
    entity_types: Annotated[
        ListFilter,
        Query(
            max_length=MAX_LIST_VALUES,
            description="Repeated or comma-separated, any case: "
            + ", ".join(ENTITY_TYPES)
            + " (or the seed's singular "
            + ", ".join(APPROVAL_ALIASES)
            + ")",
        ),
    ] = None,
    *,
    paging: PageQuery,
) -> dict[str, Any]:
    types = sorted({approval_type(t) for t in list_values(entity_types)})
    if len(types) > MAX_LIST_VALUES or any(t not in ENTITY_TYPES for t in types):
        raise InvalidInput(f"entity_types: each must be one of {', '.join(ENTITY_TYPES)}", ["entity_types"])
    return list_own_requests(
        RequestContext.from_event(app.current_event.raw_event),
        id,
        state=state,
        entity_types=types,
        paging=paging,
    )


@app.post(
    "/approval_requests/<id>/actions",
    summary="Answer an approval request (contact token or e-mail link)",
    tags=["Approval requests"],
    description="With a contact token: body {action} answers {id}. Without: "
    "body {token, response} from an e-mail link answers an HTML landing page.",
    responses=ACTION_ANSWERS,
    # Open at the gateway: the function checks a contact token itself, or the link's token in the body.
    openapi_extensions={"security": [{"bearer": []}, {}], "requestBody": ACTION_BODY},
)
def approval_request_actions(id: str) -> Response[str]:  # noqa: A002 - answers JSON or HTML
    body = _body()
    if "token" in body:
        try:
            by_link = LinkAnswer.model_validate(body)
        except ValidationError as exc:
            raise _invalid(exc) from None
        landing = answer_by_link(id, by_link.token, by_link.response)
        return html_page(landing.status, landing.html())
    try:
        claims = contact_from_headers(app.current_event.headers, "POST", "/approval_requests/{id}/actions")
    except NotAuthenticated:
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"}) from None
    except NotPermitted:
        raise Forbidden() from None  # a device session answers no approval (crm/access.py DEVICE_ROUTES)
    try:
        answer = AppAnswer.model_validate(body)
    except ValidationError as exc:
        raise _invalid(exc) from None
    ctx = RequestContext(
        organisation_id=claims.organisation_id,
        mode=claims.mode,
        contact_id=claims.contact_id,
        session_id=claims.session_id,
    )
    return json_response(200, answer_in_app(ctx, id, answer.action))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)
