"""Faster paths through moto for the local runtime, which calls moto in-process for every AWS call a request makes
(an API request makes two to ten). Each gives the answer moto's own code gives (tests/local/test_moto_speedups.py
compares them), and each is left out when moto's internals are not what it expects.

Measured on GET /contacts/{id} (three DynamoDB GetItem calls), in-process: 8.9 ms -> 5.4 ms a request."""

from __future__ import annotations

import functools
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


def attribute_value_fast_path(original: Callable[..., None]) -> Callable[..., None]:
    """DynamoDB's AttributeValue, serialized without asking moto's attribute picker for each of its ten members
    under every alias it knows (half the time of a GetItem). Only for a plain dict whose keys are all member names,
    and no response transformers: the picker then answers exactly `value.get(member)`."""

    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if (
            type(value) is dict
            and shape.name == "AttributeValue"
            and not shape.is_document_type
            and not getattr(self._value_picker, "response_transformers", None)
            and value.keys() <= shape.members.keys()
        ):
            wrapper: Any = self.MAP_TYPE() if key else serialized
            for member_key, member_shape in shape.members.items():
                member_value = value.get(member_key)
                if member_value is not None:
                    member_shape.parent = shape  # as moto's own loop sets it
                    self._serialize(wrapper, member_value, member_shape, member_key)
            if key:
                self._default_serialize(serialized, wrapper, shape, key)
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


def apply() -> list[str]:
    """Install every speed-up that fits the installed moto (once); answer the names of those in place."""
    if not _applied:
        for name, install in (("method names", _cache_method_names), ("attribute values", _fast_attribute_values)):
            try:
                if install():
                    _applied.append(name)
            except (ImportError, AttributeError):
                continue
    return list(_applied)
