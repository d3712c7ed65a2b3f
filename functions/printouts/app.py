"""POST /printout: a PDF of one of the caller's back-office entities, to download (PDF) or by e-mail (EMAIL)."""

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import PRINTOUT_ANSWERS, SEED_REQUEST, PrintoutRequest

from crm.context import RequestContext
from crm.http import json_response, make_resolver
from crm.services.printouts import request_printout

logger = Logger()
app = make_resolver()


@app.post(
    "/printout",
    summary="Request a printout of an invoice, order, ... (PDF: 201 {id}; EMAIL: 202)",
    tags=["Printouts"],
    responses=PRINTOUT_ANSWERS,
)
def printout(request: Annotated[PrintoutRequest, Body(openapi_examples={"seed": SEED_REQUEST})]) -> Response[str]:
    ctx = RequestContext.from_event(app.current_event.raw_event)
    answer = request_printout(ctx, request.format, request.entity.type, request.entity.id)
    # PDF: the id is the file's, fetched with GET /files/{id} once READY; EMAIL: accepted, mailed shortly.
    return json_response(201 if request.format == "PDF" else 202, answer)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)
