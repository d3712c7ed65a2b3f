"""A contact's communications inbox (GET /contacts/{id}/communications, GET /communications/{id},
PUT /communications/{id}/actions)."""

from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, model_validator

from crm.context import RequestContext
from crm.data.communications import CHANNELS, LIFE_CYCLE_STATES
from crm.http import answers, make_resolver
from crm.paging import NextCursor, PageNumber, PageSize, Paging, SortOrder
from crm.services.communications import act_on_communication, get_own_communication, list_own_communications

logger = Logger()
app = make_resolver()

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
LifeCycleState = Literal[LIFE_CYCLE_STATES]  # type: ignore[valid-type]


class CommunicationActions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    viewed: bool | None = None
    archived: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> "CommunicationActions":
        if self.viewed is None and self.archived is None:
            raise ValueError("give viewed and/or archived")
        return self


# ---------------------------------------------------------------- answers, as documented (not validated at run time)


class _Communication(BaseModel):
    """What a list item and the single answer share."""

    id: str
    life_cycle_state: LifeCycleState
    channel: Channel
    is_viewed: bool
    viewed_on: int | None = Field(description="Epoch seconds.")
    is_archived: bool
    clicked_on: int | None
    language: str | None
    sender: str | None
    recipient: str | None
    content: str | None
    subject: str | None
    name: str | None = Field(description="The communication plan's name.")
    created_on: int


class CommunicationSummary(_Communication):
    contact_id: str


class CommunicationsPage(BaseModel):
    content: list[CommunicationSummary]
    paging: Paging


class CommunicationContact(BaseModel):
    id: str
    name: str | None
    code: str | None


class CommunicationAnswer(_Communication):
    contact: CommunicationContact
    title: str | None
    subtitle: str | None
    in_app_image_url: str | None
    in_app_click_link_url: str | None


class IdAnswer(BaseModel):
    id: str


# The seed's examples (its list answers no created_on, and no paging.next: added)
SEED_SUMMARY = {
    "id": "6A24D2B5E44F44B28451FE021FCAD51E",
    "life_cycle_state": "PENDING",
    "contact_id": "CAD1E31269B76D7A65ACCE45B2E68DFD",
    "channel": "EMAIL",
    "is_viewed": True,
    "viewed_on": 1583846865,
    "is_archived": True,
    "clicked_on": 1,
    "language": "ENG",
    "sender": "dev@crm.com",
    "recipient": "jon@crm.com",
    "content": "",
    "subject": "",
    "name": "Happy Birthday",
    "created_on": 1583846865,
}
SEED_COMMUNICATION = {
    "id": "6A24D2B5E44F44B28451FE021FCAD51E",
    "life_cycle_state": "PENDING",
    "contact": {"id": "CAD1E31269B76D7A65ACCE45B2E68DFD", "name": "John Johnson", "code": "C123"},
    "channel": "EMAIL",
    "is_viewed": True,
    "viewed_on": 1583846865,
    "is_archived": True,
    "clicked_on": 1,
    "language": "ENG",
    "sender": "dev@crm.com",
    "recipient": "jon@crm.com",
    "subject": "Award Provided",
    "content": "You have been awarded!",
    "name": "Happy Birthday",
    "created_on": 1583846865,
    "title": "New Festive Beverages",
    "subtitle": "20% discount for December",
    "in_app_image_url": "",
    "in_app_click_link_url": "",
}


@app.get(
    "/contacts/<id>/communications",
    summary="List the caller's communications",
    tags=["Communications"],
    responses=answers(
        CommunicationsPage,
        examples={"seed": {"content": [SEED_SUMMARY], "paging": {"page": 2, "size": 20, "total": 1124, "next": None}}},
    ),
)
def list_communications(
    id: str,  # noqa: A002 - the path parameter is called id
    channel: Annotated[Channel | None, Query(alias="type", description="Only this channel")] = None,
    archived: Annotated[bool | None, Query(description="true: only archived; false: only not archived")] = None,
    viewed: Annotated[bool | None, Query(description="true: only viewed; false: only not viewed")] = None,
    sort: Annotated[Literal["CREATED_DATE"], Query()] = "CREATED_DATE",
    order: SortOrder = "DESC",
    page: PageNumber = 1,
    size: PageSize = 10,
    cursor: NextCursor = None,
) -> dict[str, Any]:
    return list_own_communications(
        RequestContext.from_event(app.current_event.raw_event),
        id,
        channel=channel,
        archived=archived,
        viewed=viewed,
        page=page,
        size=size,
        order=order,
        cursor=cursor,
    )


@app.get(
    "/communications/<id>",
    summary="Get one of the caller's communications",
    tags=["Communications"],
    responses=answers(CommunicationAnswer, examples={"seed": SEED_COMMUNICATION}),
)
def get_communication(id: str) -> dict[str, Any]:  # noqa: A002
    return get_own_communication(RequestContext.from_event(app.current_event.raw_event), id)


@app.put(
    "/communications/<id>/actions",
    summary="Mark a communication viewed and/or archived",
    tags=["Communications"],
    responses=answers(
        IdAnswer,
        examples={"seed": {"id": "CAD1E31269B76D7A65ACCE45B2E68DFD"}},
        errors={409: "Concurrent changes kept winning; read it again and retry."},
    ),
)
def communication_actions(id: str, body: CommunicationActions) -> dict[str, str]:  # noqa: A002
    return act_on_communication(
        RequestContext.from_event(app.current_event.raw_event), id, viewed=body.viewed, archived=body.archived
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)
