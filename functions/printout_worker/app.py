"""Renders queued printouts (PrintoutsQueue): the PDF goes to the files bucket, or by e-mail too. A failed job is
retried with a short back-off; after the queue's last attempt it is marked FAILED and the message goes to the
dead-letter queue."""

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.services.printouts import PrintoutFailed, printout_attempt_failed, process_printout

logger = Logger()
# A batch whose every message failed answers them all as failures, as for a partial failure, rather than
# failing the invocation: the queue then retries (and dead-letters) each message on its own count.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class NotAPrintoutJob(ValueError):
    pass


def _reason(exc: Exception) -> str:
    if isinstance(exc, PrintoutFailed):
        return str(exc)
    return f"The printout could not be made ({type(exc).__name__}); it was retried."


def record_handler(record: SQSRecord) -> None:
    """Raising marks this message failed (it comes back, or is dead-lettered); the batch's others are done."""
    try:
        job = json.loads(record.body)
    except (TypeError, ValueError):
        logger.error("not a printout job", extra={"message_id": record.message_id})
        raise NotAPrintoutJob(record.message_id) from None
    try:
        state = process_printout(job)
    except Exception as exc:
        attempt = int((record.get("attributes") or {}).get("ApproximateReceiveCount", "1"))
        logger.exception("printout failed", extra={"file_id": job.get("file_id"), "attempt": attempt})
        try:
            printout_attempt_failed(job, attempt, record.receipt_handle, _reason(exc))
        except Exception:  # noqa: BLE001 - the queue's own timeout and redrive still apply
            logger.exception("printout failure not recorded")
        raise
    logger.info("printout done", extra={"file_id": job.get("file_id"), "state": state})


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime()
