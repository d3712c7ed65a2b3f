"""The back-office feed's dead-letter queue: an event that cannot be taken in, with the reason why."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from crm.settings import aws_region, boto_config, required_env


@cache
def _sqs():
    import boto3

    return boto3.client("sqs", region_name=aws_region(), config=boto_config())


def dead_letter(event: Any, reason: str) -> None:
    _sqs().send_message(
        QueueUrl=required_env("BACKOFFICE_DLQ_URL"),
        MessageBody=json.dumps({"reason": reason, "event": event}, default=str),
        MessageAttributes={"reason": {"DataType": "String", "StringValue": reason[:1000]}},
    )
