"""The request and answer models of POST /printout, with the seed's example."""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from crm.http import answers
from crm.services.entity_types import printout_type

EntityType = Literal[
    "INVOICE", "ORDERS", "PAYMENT", "CREDIT_NOTE", "REFUND", "SERVICE_REQUEST", "SUBSCRIPTIONS", "TOP_UP"
]


class PrintoutEntity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Annotated[EntityType, BeforeValidator(printout_type)] = Field(
        description="The seed's singular ORDER and SUBSCRIPTION are accepted for ORDERS and SUBSCRIPTIONS."
    )
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
