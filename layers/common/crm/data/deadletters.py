"""The back-office feed's dead-letter queue: an event that cannot be taken in, with the reason why."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from crm.settings import required_env


@cache
def _sqs():
    from crm.data.base import aws_client

    return aws_client("sqs")


def dead_letter(event: Any, reason: str) -> None:
    _sqs().send_message(
        QueueUrl=required_env("BACKOFFICE_DLQ_URL"),
        MessageBody=json.dumps({"reason": reason, "event": event}, default=str),
        MessageAttributes={"reason": {"DataType": "String", "StringValue": reason[:1000]}},
    )
