"""Renders queued printouts (PrintoutsQueue): the PDF goes to the files bucket, or by e-mail too. A failed job is
retried with a short back-off; after the queue's last attempt it is marked FAILED and the message goes to the
dead-letter queue."""

import json
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.services.printouts import PrintoutFailed, printout_attempt_failed, process_printout

logger = Logger()
tracer = Tracer()


def _reason(exc: Exception) -> str:
    if isinstance(exc, PrintoutFailed):
        return str(exc)
    return f"The printout could not be made ({type(exc).__name__}); it was retried."


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    failures = []
    for message in event.get("Records") or []:
        try:
            job = json.loads(message["body"])
        except (TypeError, ValueError):
            logger.error("not a printout job", extra={"message_id": message.get("messageId")})
            failures.append({"itemIdentifier": message["messageId"]})
            continue
        try:
            state = process_printout(job)
            logger.info("printout done", extra={"file_id": job.get("file_id"), "state": state})
        except Exception as exc:  # noqa: BLE001 - this message comes back (or is dead-lettered); others are done
            attempt = int((message.get("attributes") or {}).get("ApproximateReceiveCount", "1"))
            logger.exception("printout failed", extra={"file_id": job.get("file_id"), "attempt": attempt})
            try:
                printout_attempt_failed(job, attempt, message["receiptHandle"], _reason(exc))
            except Exception:  # noqa: BLE001 - the queue's own timeout and redrive still apply
                logger.exception("printout failure not recorded")
            failures.append({"itemIdentifier": message["messageId"]})
    return {"batchItemFailures": failures}
