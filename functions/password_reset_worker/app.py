"""Does the work of POST /contacts/forgot_password queued on PasswordResetsQueue: the identity look-up, the
hourly reset limit, the token and the mail. The request path only queued {organisation, mode, username,
link base}, the same for every username, so its answer time tells nobody who is registered."""

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.context import RequestContext
from crm.services.identity import forgot_password

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class NotAResetJob(ValueError):
    pass


def record_handler(record: SQSRecord) -> None:
    """Raising marks this message failed (it comes back, or is dead-lettered); the batch's others are done."""
    try:
        job = json.loads(record.body)
        ctx = RequestContext(organisation_id=str(job["organisation_id"]), mode=str(job["mode"]))
        username = str(job["username"])
    except (TypeError, ValueError, KeyError):
        logger.error("not a password reset job", extra={"message_id": record.message_id})
        raise NotAResetJob(record.message_id) from None
    if ctx.mode not in ("test", "live"):
        raise NotAResetJob(record.message_id)
    # Never log the username: the log would become the registry of who asked.
    forgot_password(ctx, username=username)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime()
