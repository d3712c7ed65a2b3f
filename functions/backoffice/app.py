"""The back-office feed: EventBridge delivers the back office's events (communications, approval requests)
from the custom bus; each is validated and taken in, or dead-lettered with the reason."""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.services.backoffice import ingest

logger = Logger()


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.append_keys(
        event_id=event.get("id") if isinstance(event, dict) else None,
        detail_type=event.get("detail-type") if isinstance(event, dict) else None,
    )
    return ingest(event)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime()
