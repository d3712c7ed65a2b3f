"""What a request costs besides our own code: time and calls inside botocore, and time inside argon2.

The AWS probe hooks botocore's `provide-client-params` (the first event of a client call) and `after-call` events
through botocore.handlers.BUILTIN_HANDLERS, which every new botocore session copies: boto3's default session and the
session PynamoDB makes for itself (one per thread) both get the hooks, so install() must run before either is
created. The interval is the whole botocore call: parameter validation, endpoint resolution, serialisation,
signing, the round trip (moto's reply here, the network on AWS), retries and parsing. Making a client is not in it:
that counts as our code (a function should make its clients once)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CallRecord:
    """What one measured span (a handler invocation) spent in AWS calls and in password hashing."""

    aws_seconds: float = 0.0
    aws_cpu_seconds: float = 0.0  # this thread's CPU time inside the calls (moto runs in-process)
    calls: Counter = field(default_factory=Counter)
    items_read: int = 0
    hash_seconds: float = 0.0
    hash_cpu_seconds: float = 0.0


_state = threading.local()


def current() -> CallRecord:
    record = getattr(_state, "record", None)
    if record is None:
        record = _state.record = CallRecord()
    return record


def reset() -> CallRecord:
    _state.record = CallRecord()
    return _state.record


def _items_read(operation: str, parsed: Any) -> int:
    """Items DynamoDB read to answer: what a page costs, whatever the page returns."""
    if not isinstance(parsed, dict):
        return 0
    if operation in ("Query", "Scan"):
        return int(parsed.get("ScannedCount", parsed.get("Count", 0)))
    if operation == "GetItem":
        return 1 if parsed.get("Item") else 0
    if operation == "BatchGetItem":
        return sum(len(items) for items in (parsed.get("Responses") or {}).values())
    if operation == "TransactGetItems":
        return len(parsed.get("Responses") or [])
    return 0


def _before_call(model: Any = None, context: Any = None, **_: Any) -> None:  # answers None: params unchanged
    if context is not None:
        context["bench_started"] = (time.perf_counter(), time.thread_time())


def _after_call(model: Any = None, context: Any = None, parsed: Any = None, **_: Any) -> None:
    started = (context or {}).get("bench_started")
    record = current()
    if started is not None:
        record.aws_seconds += time.perf_counter() - started[0]
        record.aws_cpu_seconds += time.thread_time() - started[1]
    operation = getattr(model, "name", "?")
    record.calls[operation] += 1
    record.items_read += _items_read(operation, parsed)


_installed = False


def install_aws_probe() -> None:
    """Hook every botocore session created from now on (idempotent)."""
    global _installed
    if _installed:
        return
    from botocore.handlers import BUILTIN_HANDLERS

    BUILTIN_HANDLERS.append(("provide-client-params", _before_call))
    BUILTIN_HANDLERS.append(("after-call", _after_call))
    _installed = True


def install_hash_probe() -> None:
    """Time argon2's hash and verify, which password routes spend most of their time in, apart from our code."""
    from argon2 import _password_hasher

    for name in ("hash_secret", "verify_secret"):
        original = getattr(_password_hasher, name)
        if getattr(original, "bench_probe", False):
            continue

        def timed(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            started, cpu_started = time.perf_counter(), time.thread_time()
            try:
                return _original(*args, **kwargs)
            finally:
                current().hash_seconds += time.perf_counter() - started
                current().hash_cpu_seconds += time.thread_time() - cpu_started

        timed.bench_probe = True  # type: ignore[attr-defined]
        setattr(_password_hasher, name, timed)
