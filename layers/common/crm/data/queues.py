"""SQS: put a job on a queue, and put a received message back for a later retry."""

from __future__ import annotations

import json
from functools import cache
from typing import Any


class QueueFailed(Exception):
    """SQS refused or could not be reached."""


@cache
def _sqs():
    from crm.data.base import aws_client

    return aws_client("sqs")


def _errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def send_job(queue_url: str, job: dict[str, Any]) -> str:
    try:
        return _sqs().send_message(QueueUrl=queue_url, MessageBody=json.dumps(job, separators=(",", ":")))["MessageId"]
    except _errors() as exc:
        raise QueueFailed(f"job not queued: {type(exc).__name__}") from exc


def retry_after(queue_url: str, receipt_handle: str, seconds: int) -> None:
    """The message comes back after `seconds` instead of the queue's whole visibility timeout."""
    _sqs().change_message_visibility(QueueUrl=queue_url, ReceiptHandle=receipt_handle, VisibilityTimeout=seconds)
