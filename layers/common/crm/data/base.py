"""What every model shares: its table comes from an environment variable template.yaml sets."""

from __future__ import annotations

import sys
import threading
import time
from functools import cache
from typing import Any

import botocore.session
from pynamodb.attributes import MapAttribute
from pynamodb.connection import Connection
from pynamodb.connection import base as _pynamodb_connection

from crm.settings import aws_region, boto_config, needs, required_env

_thread = threading.local()


def botocore_session() -> botocore.session.Session:
    """One botocore session per thread for every client of the container: PynamoDB would make one per table
    (and thread), and boto3 its own, each loading the endpoint and service data anew: about 65 ms of CPU per
    extra session on a cold start, against about 13 ms for another client of the same session. Per thread, as
    PynamoDB keeps them (making clients from one session is not thread-safe)."""
    session = getattr(_thread, "botocore_session", None)
    if session is None:
        session = _thread.botocore_session = botocore.session.get_session()
    return session


_pynamodb_connection.get_session = botocore_session  # what PynamoDB's Connection.session calls


def aws_client(service: str, config: Any = None) -> Any:
    """A client of the thread's shared botocore session (what boto3.client makes, without importing boto3), in
    standard retry mode (crm.settings.boto_config) merged with `config`."""
    merged = boto_config() if config is None else boto_config().merge(config)
    return botocore_session().create_client(service, region_name=aws_region(), config=merged)


class _TableFromEnvironment(type):
    """A model's table name and region are read when the model is first used, not when its module is imported:
    importing the data layer needs no environment, and a missing table variable names itself at the first call."""

    @property
    def table_name(cls) -> str:
        return required_env(cls.table_env_var)

    @property
    def region(cls) -> str:
        return aws_region()


def table_meta(table_env_var: str) -> type:
    class Meta(metaclass=_TableFromEnvironment):
        connect_timeout_seconds = 2
        read_timeout_seconds = 5
        # PynamoDB builds its botocore client in boto3's "standard" retry mode with 1 + this many attempts:
        # throttling is retried with jittered backoff before crm/failures.py answers 503.
        max_retry_attempts = 3

    by = sys._getframe(1).f_globals.get("__name__", "?")  # the data module whose model it is
    Meta.table_env_var = needs(table_env_var, by)  # type: ignore[attr-defined]
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
