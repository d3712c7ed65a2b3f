"""A contact's communications inbox (GET /contacts/{id}/communications, GET /communications/{id},
PUT /communications/{id}/actions)."""


from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, model_validator

from crm.context import RequestContext
from crm.data.communications import CHANNELS
from crm.http import make_resolver
from crm.paging import NextCursor, PageNumber, PageSize, SortOrder
from crm.services.communications import act_on_communication, get_own_communication, list_own_communications

logger = Logger()
tracer = Tracer()
app = make_resolver()

Channel = Literal[CHANNELS]  # type: ignore[valid-type]


class CommunicationActions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    viewed: bool | None = None
    archived: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> "CommunicationActions":
        if self.viewed is None and self.archived is None:
            raise ValueError("give viewed and/or archived")
        return self


@app.get("/contacts/<id>/communications", summary="List the caller's communications", tags=["Communications"])
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
    return list_own_communications(RequestContext.from_event(app.current_event.raw_event), id, channel=channel,
                                   archived=archived, viewed=viewed, page=page, size=size, order=order, cursor=cursor)


@app.get("/communications/<id>", summary="Get one of the caller's communications", tags=["Communications"])
def get_communication(id: str) -> dict[str, Any]:  # noqa: A002
    return get_own_communication(RequestContext.from_event(app.current_event.raw_event), id)


@app.put("/communications/<id>/actions", summary="Mark a communication viewed and/or archived",
         tags=["Communications"])
def communication_actions(id: str, body: CommunicationActions) -> dict[str, str]:  # noqa: A002
    return act_on_communication(RequestContext.from_event(app.current_event.raw_event), id,
                                viewed=body.viewed, archived=body.archived)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
