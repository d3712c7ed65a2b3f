"""The check after an upload lands: S3 `ObjectCreated` notifications reach this function through an SQS queue.
A file whose real bytes do not match its declared type, or that is too large, is deleted and marked REJECTED;
images get their variants; the rest become READY. A message that fails is retried, then dead-lettered."""

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.services.files import check_upload

logger = Logger()
# Every message failing answers them all as failures rather than failing the invocation (see printout_worker).
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def _created_keys(body: str) -> list[tuple[str, int | None]]:
    """The object keys an S3 notification names (S3's own s3:TestEvent names none)."""
    notification = json.loads(body)
    keys = []
    for record in notification.get("Records") or []:
        if str(record.get("eventName", "")).startswith("ObjectCreated"):
            obj = record.get("s3", {}).get("object", {})
            keys.append((unquote_plus(obj.get("key", "")), obj.get("size")))
    return keys


def record_handler(record: SQSRecord) -> None:
    """Raising marks this message failed (it comes back, or is dead-lettered); the batch's others are done."""
    try:
        for key, size in _created_keys(record.body):
            outcome = check_upload(key, size)
            if outcome is not None:
                logger.info("upload checked", extra={"file_id": outcome.file_id, "state": outcome.state})
    except Exception:
        logger.exception("upload check failed", extra={"message_id": record.message_id})
        raise


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime()
