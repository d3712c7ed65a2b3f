"""Events for other systems, published on an EventBridge bus. A failure raises PublishFailed."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

EVENT_SOURCE = "crm.self-service"


class PublishFailed(Exception):
    """EventBridge refused the event or could not be reached."""


@cache
def _events():
    from crm.data.base import aws_client

    return aws_client("events")


def publish(bus_name: str, detail_type: str, detail: dict[str, Any]) -> str:
    """Puts one event on the bus; answers its id."""
    from botocore.exceptions import BotoCoreError, ClientError

    entry = {
        "EventBusName": bus_name,
        "Source": EVENT_SOURCE,
        "DetailType": detail_type,
        "Detail": json.dumps(detail, separators=(",", ":")),
    }
    try:
        answer = _events().put_events(Entries=[entry])
    except (BotoCoreError, ClientError) as exc:
        raise PublishFailed(f"event not published: {type(exc).__name__}") from exc
    result = answer["Entries"][0]
    if answer.get("FailedEntryCount") or "EventId" not in result:
        raise PublishFailed(f"event not published: {result.get('ErrorCode', 'unknown error')}")
    return result["EventId"]
