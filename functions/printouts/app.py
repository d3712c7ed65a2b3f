"""POST /printout: a PDF of one of the caller's back-office entities, to download (PDF) or by e-mail (EMAIL)."""

from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

from crm.context import RequestContext
from crm.http import answers, json_response, make_resolver
from crm.services.printouts import request_printout

logger = Logger()
app = make_resolver()

EntityType = Literal[
    "INVOICE", "ORDERS", "PAYMENT", "CREDIT_NOTE", "REFUND", "SERVICE_REQUEST", "SUBSCRIPTIONS", "TOP_UP"
]


class PrintoutEntity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: EntityType
    id: str = Field(min_length=1, max_length=64, pattern=r"^[^#]+$")


class PrintoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["PDF", "EMAIL"]
    entity: PrintoutEntity


class PrintoutAnswer(BaseModel):
    id: str = Field(description="The printout's file: GET /files/{id} once READY.")


PRINTOUT_ANSWERS = answers(
    PrintoutAnswer,
    status=201,
    description="PDF: the printout's file id.",
    examples={"seed": {"id": "e1c67e12-6bae-53c7-f1a1-0a26aa4b27a2"}},
    errors={404: "No such entity of the caller's.", 502: "The printout could not be queued."},
)
PRINTOUT_ANSWERS.update(answers(PrintoutAnswer, status=202, description="EMAIL: accepted; the PDF is mailed shortly."))
SEED_REQUEST = {"value": {"format": "PDF", "entity": {"type": "INVOICE", "id": "b97d4488-e9c1-a338-8420-b831147b648f"}}}


@app.post(
    "/printout",
    summary="Request a printout of an invoice, order, ... (PDF: 201 {id}; EMAIL: 202)",
    tags=["Printouts"],
    responses=PRINTOUT_ANSWERS,
)
def printout(request: Annotated[PrintoutRequest, Body(openapi_examples={"seed": SEED_REQUEST})]):
    ctx = RequestContext.from_event(app.current_event.raw_event)
    answer = request_printout(ctx, request.format, request.entity.type, request.entity.id)
    # PDF: the id is the file's, fetched with GET /files/{id} once READY; EMAIL: accepted, mailed shortly.
    return json_response(201 if request.format == "PDF" else 202, answer)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)
