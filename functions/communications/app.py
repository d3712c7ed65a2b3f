"""A contact's communications inbox (GET /contacts/{id}/communications, GET /communications/{id},
PUT /communications/{id}/actions)."""

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import (
    SEED_COMMUNICATION,
    SEED_SUMMARY,
    Channel,
    CommunicationActions,
    CommunicationAnswer,
    CommunicationsPage,
)

from crm.context import RequestContext
from crm.http import answers, make_resolver
from crm.paging import AnyCase, PageQuery, paged
from crm.schemas import IdAnswer
from crm.services.communications import act_on_communication, get_own_communication, list_own_communications

logger = Logger()
app = make_resolver()


@app.get(
    "/contacts/<id>/communications",
    summary="List the caller's communications",
    tags=["Communications"],
    responses=answers(
        CommunicationsPage,
        examples={"seed": {"content": [SEED_SUMMARY], "paging": {"page": 2, "size": 20, "total": 1124, "next": None}}},
    ),
)
@paged
def list_communications(
    id: str,  # noqa: A002 - the path parameter is called id
    channel: Annotated[Channel | None, AnyCase, Query(alias="type", description="Only this channel")] = None,
    archived: Annotated[bool | None, Query(description="true: only archived; false: only not archived")] = None,
    viewed: Annotated[bool | None, Query(description="true: only viewed; false: only not viewed")] = None,
    *,
    paging: PageQuery,
) -> dict[str, Any]:
    return list_own_communications(
        RequestContext.from_event(app.current_event.raw_event),
        id,
        channel=channel,
        archived=archived,
        viewed=viewed,
        paging=paging,
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
