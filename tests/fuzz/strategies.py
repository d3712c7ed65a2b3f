"""Inputs shared by the fuzz tests: JSON of every shape (NaN and Infinity included, as Python's json module
reads and writes them), and bodies as API Gateway hands them over."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from hypothesis import strategies as st

# Lone surrogates too: a JSON body may spell one ("\ud800"), json.loads keeps it, and it cannot be encoded.
TEXT = st.text(max_size=40) | st.text(st.characters() | st.characters(categories=["Cs"]), max_size=8)
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | TEXT
)


def json_values(keys: st.SearchStrategy[str] | None = None, scalars: st.SearchStrategy = SCALARS) -> st.SearchStrategy:
    """Any JSON value; object keys drawn from `keys` (the field names a model knows) or any text."""
    key = keys if keys is not None else st.text(max_size=20)
    return st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(key, inner, max_size=6), max_leaves=20
    )


JSON = json_values()  # built once: building a recursive strategy per draw is most of the cost


def json_text(value) -> str:
    return json.dumps(value)  # NaN and Infinity come out as the bare words, which json.loads accepts


@st.composite
def bodies(draw, values: st.SearchStrategy | None = None) -> tuple[str | None, bool]:
    """(body, isBase64Encoded): nothing, any text, any bytes (base64, as API Gateway sends binary), or JSON."""
    kind = draw(st.sampled_from(["none", "text", "bytes", "json", "json"]))
    if kind == "none":
        return None, False
    if kind == "text":
        return draw(st.text(max_size=200)), False
    if kind == "bytes":
        return base64.b64encode(draw(st.binary(max_size=200))).decode(), True
    return json_text(draw(values if values is not None else JSON)), False


def from_schema(schema: dict, junk: st.SearchStrategy = JSON, defs: dict | None = None, depth: int = 0):
    """Values shaped by a pydantic JSON schema (mostly valid, so validation passes and what comes after is
    reached), with `junk` in place of any part now and then. A small subset of JSON Schema: what pydantic
    writes for this project's models."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if depth > 6:
        return st.none()
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[1]
        return st.deferred(lambda: from_schema(defs[ref], junk, defs, depth + 1))
    if "const" in schema:
        exact = st.just(schema["const"])
    elif "enum" in schema:
        exact = st.sampled_from(schema["enum"])
    elif "anyOf" in schema or "oneOf" in schema:
        exact = st.one_of([from_schema(s, junk, defs, depth + 1) for s in schema.get("anyOf", schema.get("oneOf"))])
    else:
        kind = schema.get("type")
        if kind == "object":
            properties = schema.get("properties", {})
            required = set(schema.get("required", []))
            exact = st.fixed_dictionaries(
                {k: from_schema(v, junk, defs, depth + 1) for k, v in properties.items() if k in required},
                optional={k: from_schema(v, junk, defs, depth + 1) for k, v in properties.items() if k not in required},
            )
        elif kind == "array":
            exact = st.lists(
                from_schema(schema.get("items", {}), junk, defs, depth + 1),
                min_size=schema.get("minItems", 0),
                max_size=min(schema.get("maxItems", 4), 4),
            )
        elif kind == "string":
            low, high = schema.get("minLength", 0), schema.get("maxLength", 40)
            text = (
                st.from_regex(schema["pattern"])
                if "pattern" in schema
                else st.text(min_size=low, max_size=max(low, min(high, 40)))
            )
            exact = text.filter(lambda t, low=low, high=high: low <= len(t) <= high)
        elif kind == "integer":
            exact = st.integers(schema.get("minimum"), schema.get("maximum")) | st.integers(
                min_value=-(2**70), max_value=2**70
            )
        elif kind == "number":
            exact = st.floats() | st.integers()
        elif kind == "boolean":
            exact = st.booleans()
        elif kind == "null":
            exact = st.none()
        else:
            exact = junk
    # Mostly the right shape: one node in ten is junk, so a whole body is often valid and sometimes almost.
    return st.one_of(*[exact] * 9, junk)


def form_text(value) -> str:
    """A JSON value as a form body in bracket notation (crm/forms.py): objects as name[key], lists as name[0];
    null and empty objects or lists are left out (a form cannot say them), booleans as true/false."""
    pairs: list[tuple[str, str]] = []

    def walk(name, item):
        if isinstance(item, dict):
            for key, member in item.items():
                walk(f"{name}[{key}]" if name else str(key), member)
        elif isinstance(item, list):
            for index, member in enumerate(item):
                walk(f"{name}[{index}]", member)
        elif item is not None:
            pairs.append((name, ("true" if item else "false") if isinstance(item, bool) else str(item)))

    walk("", value if isinstance(value, dict) else {"value": value})
    return urlencode(pairs)
