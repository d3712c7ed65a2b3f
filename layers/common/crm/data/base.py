"""What every model shares: its table comes from an environment variable template.yaml sets."""

from __future__ import annotations

import time
from functools import cache

from pynamodb.attributes import MapAttribute
from pynamodb.connection import Connection

from crm.settings import aws_region, required_env


def table_meta(table_env_var: str) -> type:
    class Meta:
        table_name = required_env(table_env_var)
        region = aws_region()
        connect_timeout_seconds = 2
        read_timeout_seconds = 5
        # PynamoDB builds its botocore client in boto3's "standard" retry mode with 1 + this many attempts:
        # throttling is retried with jittered backoff before crm/failures.py answers 503.
        max_retry_attempts = 3

    return Meta


@cache
def transaction_connection() -> Connection:
    """The connection every TransactWrite of this container uses: each new one builds a botocore client,
    which costs about a quarter of a second."""
    return Connection(region=aws_region())


def now_epoch() -> int:
    return int(time.time())


def plain(value):
    """A stored map or list as plain Python data (PynamoDB hands back MapAttribute objects)."""
    if isinstance(value, MapAttribute):
        return {k: plain(v) for k, v in value.as_dict().items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
