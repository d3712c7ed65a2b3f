"""A contact's own profile (GET /contacts/{id})."""


from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.context import RequestContext
from crm.http import make_resolver
from crm.services.contacts import get_own_contact

logger = Logger()
tracer = Tracer()
app = make_resolver()


@app.get("/contacts/<id>", summary="Get the caller's contact", tags=["Contacts"])
def get_contact(id: str) -> dict[str, Any]:  # noqa: A002 - the path parameter is called id
    return get_own_contact(RequestContext.from_event(app.current_event.raw_event), id)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
