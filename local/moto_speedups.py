"""Changes to moto for the local runtime, which calls moto in-process for every AWS call a request makes (an API
request makes two to ten), from many threads: faster paths, each giving the answer moto's own code gives
(tests/local/test_moto_speedups.py compares them), and one lock that makes DynamoDB's calls atomic as they are on
AWS. Each is left out when moto's internals are not what it expects.

Measured on GET /contacts/{id} (three DynamoDB GetItem calls), in-process on an idle machine: 8.9 ms -> ~5 ms."""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable

_applied: list[str] = []


def _cache_method_names() -> bool:
    """moto lists the response class's methods with inspect.getmembers on every call (~0.7 ms); a class's methods
    do not change while the process runs."""
    from moto.core import responses

    original = getattr(responses, "method_names_from_class", None)
    if original is None or hasattr(original, "cache_info"):
        return False
    responses.method_names_from_class = functools.lru_cache(maxsize=None)(original)
    return True


class _NotPlain(Exception):
    """A value the fast path does not know: moto's own code serializes it."""


_STRINGS = ("S", "N")
_STRING_SETS = ("SS", "NS")


def _plain_string(value: Any) -> Any:
    # moto's _serialize_type_string
    return str(value) if value not in [None, {}, []] else value


def _attribute_value(serializer: Any, value: Any) -> dict[str, Any]:
    """What moto's JSON serializer makes of one AttributeValue in wire form ({"S": "x"}, {"M": {...}}, ...)."""
    if type(value) is not dict:
        raise _NotPlain
    serialized: dict[str, Any] = {}
    for member, member_value in value.items():
        if member_value is None:
            continue
        if member in _STRINGS:
            serialized[member] = _plain_string(member_value)
        elif member == "B":
            serialized[member] = serializer._base64(member_value)
        elif member in _STRING_SETS and type(member_value) is list:
            serialized[member] = [_plain_string(item) for item in member_value]
        elif member == "BS" and type(member_value) is list:
            serialized[member] = [serializer._base64(item) for item in member_value]
        elif member in ("NULL", "BOOL"):
            serialized[member] = member_value
        elif member == "M" and type(member_value) is dict:
            serialized[member] = {key: _attribute_value(serializer, item) for key, item in member_value.items()}
        elif member == "L" and type(member_value) is list:
            serialized[member] = [_attribute_value(serializer, item) for item in member_value]
        else:
            raise _NotPlain
    return serialized


def attribute_value_fast_path(original: Callable[..., None]) -> Callable[..., None]:
    """DynamoDB's AttributeValue, serialized by a plain recursive function instead of asking moto's attribute
    picker for each of its ten members under every alias it knows (half the time of a GetItem). Only for values
    in wire form (plain dicts, lists and strings) and no response transformers; anything else takes moto's path."""

    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if (
            shape.name == "AttributeValue"
            and not shape.is_document_type
            and not getattr(self._value_picker, "response_transformers", None)
        ):
            try:
                converted = _attribute_value(self, value)
            except _NotPlain:
                pass
            else:
                if key:
                    self._default_serialize(serialized, converted, shape, key)
                else:
                    serialized.update(converted)
                return
        original(self, serialized, value, shape, key)

    serialize_structure.__wrapped__ = original  # type: ignore[attr-defined]
    return serialize_structure


def _fast_attribute_values() -> bool:
    from moto.core import serialize

    serializer = getattr(serialize, "BaseJSONSerializer", None)
    original = getattr(serializer, "_serialize_type_structure", None)
    if original is None or hasattr(original, "__wrapped__"):
        return False
    serializer._serialize_type_structure = attribute_value_fast_path(original)
    return True


def _atomic_dynamodb_calls() -> bool:
    """moto's DynamoDB backend is not safe for threads: a transaction deep-copies its tables while another
    thread's PutItem changes them ("dictionary changed size during iteration", a 500 under load). One call at a
    time, in-process and through moto's server alike; DynamoDB calls never wait, unlike SQS's long polls."""
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.__dict__.get("call_action")
    if original is None or getattr(original, "crm_local_lock", None):
        return False
    lock = threading.RLock()

    @functools.wraps(original)
    def call_action(self: Any) -> Any:
        with lock:
            return original(self)

    call_action.crm_local_lock = lock  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action
    return True


def apply() -> list[str]:
    """Install every speed-up that fits the installed moto (once); answer the names of those in place."""
    if not _applied:
        for name, install in (("method names", _cache_method_names), ("attribute values", _fast_attribute_values),
                              ("atomic DynamoDB calls", _atomic_dynamodb_calls)):
            try:
                if install():
                    _applied.append(name)
            except (ImportError, AttributeError):
                continue
    return list(_applied)
