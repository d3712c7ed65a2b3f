"""POST /printout: a PDF of one of the caller's back-office entities, to download (PDF) or by e-mail (EMAIL)."""

from typing import Any, Literal

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

from crm.context import RequestContext
from crm.http import json_response, make_resolver
from crm.services.printouts import request_printout

logger = Logger()
tracer = Tracer()
app = make_resolver()

EntityType = Literal["INVOICE", "ORDERS", "PAYMENT", "CREDIT_NOTE", "REFUND", "SERVICE_REQUEST", "SUBSCRIPTIONS",
                     "TOP_UP"]


class PrintoutEntity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: EntityType
    id: str = Field(min_length=1, max_length=64, pattern=r"^[^#]+$")


class PrintoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["PDF", "EMAIL"]
    entity: PrintoutEntity


@app.post("/printout", summary="Request a printout of an invoice, order, ... (PDF: 201 {id}; EMAIL: 202)",
          tags=["Printouts"])
def printout(request: PrintoutRequest):
    ctx = RequestContext.from_event(app.current_event.raw_event)
    answer = request_printout(ctx, request.format, request.entity.type, request.entity.id)
    # PDF: the id is the file's, fetched with GET /files/{id} once READY; EMAIL: accepted, mailed shortly.
    return json_response(201 if request.format == "PDF" else 202, answer)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
