"""The request and answer models of approval requests, with the seed's examples and the action's bodies."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponseContentSchema
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from crm.data.approvals import STATES
from crm.http import answers
from crm.schemas import IdAnswer, Page
from crm.services.entity_types import ANSWERED_APPROVAL_TYPES

Action = Literal["APPROVE", "ACCEPT", "REJECT"]


class AppAnswer(BaseModel):
    """With a contact token: the contact answers in the app."""

    model_config = ConfigDict(extra="forbid")
    action: Action


class LinkAnswer(BaseModel):
    """Without a contact token: the one-time token of an e-mail link (JSON or an HTML form's fields)."""

    model_config = ConfigDict(extra="ignore")
    token: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    response: Action | None = None


# ---------------------------------------------------------------- answers, as documented (not validated at run time)


class ApprovalEntity(BaseModel):
    id: str
    type: Literal[ANSWERED_APPROVAL_TYPES] = Field(  # type: ignore[valid-type]
        description="ORDERS is answered as the seed's ORDER; the other types as the seed's list spells them."
    )
    reference: str | None


class ApprovalRequestAnswer(BaseModel):
    id: str
    state: Literal[STATES]  # type: ignore[valid-type]
    created_on: int = Field(description="Epoch seconds.")
    entity: ApprovalEntity


class ApprovalRequestsPage(Page[ApprovalRequestAnswer]):
    pass


# The seed's example (created_on and next added)
SEED_PAGE = {
    "content": [
        {
            "id": "8dfc2223-edca-f05d-820b-dc96ba9df2c2",
            "state": "APPROVED",
            "created_on": 1583846865,
            "entity": {"id": "cf010c72-a2cb-48f8-a9fa-1ed99c8d6ec0", "type": "ORDER", "reference": "CO1234"},
        }
    ],
    "paging": {"page": 2, "size": 20, "total": 1124, "next": None},
}
HTML: OpenAPIResponseContentSchema = {"schema": {"type": "string"}}
ACTION_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {"oneOf": [AppAnswer.model_json_schema(), LinkAnswer.model_json_schema()]},
            "examples": {
                "in the app (contact token)": {"value": {"action": "REJECT"}},
                "from an e-mail link": {
                    "value": {"token": "367a4c39-d69a-a0e7-7b6f-4eccf65449a3", "response": "REJECT"}
                },
            },
        },
        "application/x-www-form-urlencoded": {"schema": LinkAnswer.model_json_schema()},
    },
}


ERROR: OpenAPIResponseContentSchema = {"schema": {"$ref": "#/components/schemas/Error"}}
ACTION_ANSWERS = answers(
    IdAnswer,
    examples={"in the app": {"id": "a6ecbc14-5622-0e30-b629-b1289963f7d2"}},
    description="In the app: {id}. From an e-mail link: an HTML landing page.",
    errors={
        401: "No e-mail link token, and no valid contact token.",
        403: "A device session's token (a MAC_ADDRESS sign-in): devices answer no approval.",
    },
)
ACTION_ANSWERS[200]["content"]["text/html"] = HTML
for _status, _why in (
    (404, "No such request of the caller's (JSON), or the link is not valid (HTML page)."),
    (409, "The request is not pending any more (JSON), or was answered already (HTML page)."),
    (410, "The e-mail link expired (HTML page)."),
):
    ACTION_ANSWERS[_status] = {
        "description": _why,
        "content": {"text/html": HTML} if _status == 410 else {"application/json": ERROR, "text/html": HTML},
    }
