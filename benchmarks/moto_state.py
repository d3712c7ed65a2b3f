"""A copy of moto's DynamoDB tables in this process (in-process mock_aws, or a ThreadedMotoServer this process runs),
to bring them back to it between scenarios: what one scenario leaves (fresh data per request, 10,000 seeded
records) would otherwise slow every later transaction, as moto copies each table a transaction touches, and hold
gigabytes. moto restores a failed transaction's tables the same way, by swapping Table objects."""

from __future__ import annotations

import copy
import os
from typing import Any

from local.cfn import ACCOUNT_ID


def _tables() -> dict[str, Any]:
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[ACCOUNT_ID][os.environ["AWS_REGION"]].tables


class TableSnapshot:
    def __init__(self) -> None:
        self._tables = copy.deepcopy(_tables())

    def restore(self) -> None:
        tables = _tables()
        for name in [name for name in tables if name not in self._tables]:
            del tables[name]
        for name, table in self._tables.items():
            tables[name] = copy.deepcopy(table)
