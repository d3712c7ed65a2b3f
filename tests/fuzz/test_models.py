"""Every function's request models (bodies, query parameters and the constrained types they are built of)
under arbitrary JSON: each input either validates or raises pydantic's ValidationError (which the resolver
turns into a 400), and what validates comes back equal through its own JSON."""

from __future__ import annotations

import json
import typing
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from tests.conftest import TEMPLATE
from tests.fuzz.profiles import fuzz
from tests.fuzz.strategies import SCALARS, from_schema, json_values

HTTP_FUNCTIONS = sorted(f.logical_id for f in TEMPLATE.functions.values() if f.routes)


def _targets(loaded) -> dict[str, Any]:
    """The pydantic models and Annotated types (Email, AuthenticateRequest...) of the function's app.py and of
    its modules beside it (models.py), the shared ones they import included."""
    found = {}
    for module in (loaded.module, *loaded.siblings.values()):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
                if value.__pydantic_generic_metadata__["parameters"]:
                    continue  # a generic (Page) is fuzzed as its subclasses (CommunicationsPage)
                if value.__module__ == module.__name__ or value.__module__.startswith("crm."):
                    found[name] = value
            elif typing.get_origin(value) is typing.Annotated:
                found[name] = value
    return found


def _vocabulary(schema: Any, words: set[str]) -> None:
    """Field names, enum and const values and examples of a JSON schema: the words a useful input is made of."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                words.update(value)
            elif key in ("enum", "examples") and isinstance(value, list):
                words.update(v for v in value if isinstance(v, str))
            elif key == "const" and isinstance(value, str):
                words.add(value)
            _vocabulary(value, words)
    elif isinstance(schema, list):
        for item in schema:
            _vocabulary(item, words)


_adapters: dict[str, list[tuple[str, TypeAdapter, st.SearchStrategy]]] = {}


def adapters(stack, function_id: str) -> list[tuple[str, TypeAdapter, st.SearchStrategy]]:
    """(name, adapter, inputs) of each target of one function, built once per session."""
    if function_id in _adapters:
        return _adapters[function_id]
    result = []
    for name, target in _targets(stack.function(function_id)).items():
        adapter = TypeAdapter(target)
        words: set[str] = set()
        try:
            schema = adapter.json_schema()
        except Exception:  # noqa: BLE001 - a type without a JSON schema is still fuzzed, with random JSON
            schema = {}
        _vocabulary(schema, words)
        result.append((f"{function_id}.{name}", adapter, from_schema(schema, junk=inputs(sorted(words)))))
    _adapters[function_id] = result
    return result


# Values a field might want: e-mail addresses, phone numbers, MACs, dates, big and odd numbers.
SHAPED = st.sampled_from(
    [
        "a@b.co",
        " Ann@Example.COM ",
        "+35799123456",
        "99123456",
        "CYP",
        "357",
        "ENG",
        "01-23-45-67-89-AB",
        "0123.4567.89ab",
        "2024-02-29",
        "1e400",
        "NaN",
        "",
        " ",
        "x" * 300,
        "EMAIL",
        "PHONE",
        "MAC_ADDRESS",
        "GOOGLE",
        "ACCEPTED",
        "true",
    ]
)


def inputs(words: list[str]) -> st.SearchStrategy:
    """Any JSON, made of the words of the target's schema and values fields often want."""
    word = st.sampled_from(words) if words else st.text(max_size=10)
    scalars = SCALARS | word | SHAPED | st.sampled_from([float("nan"), float("inf"), 2**64, -1, 0, 1e308])
    return json_values(keys=word | st.text(max_size=8), scalars=scalars)


def round_trips(adapter: TypeAdapter, value: Any) -> None:
    try:
        model = adapter.validate_python(value)
    except ValidationError:
        return
    # The resolver validates json.loads(body); what passed must survive its own JSON unchanged.
    dumped = adapter.dump_json(model)
    assert adapter.validate_json(dumped) == model, dumped
    assert adapter.validate_python(json.loads(dumped)) == model, dumped


def test_the_functions_with_request_bodies_have_models_to_fuzz(stack):
    names = {name for function_id in HTTP_FUNCTIONS for name, _, _ in adapters(stack, function_id)}
    assert {
        "AuthenticationFunction.RegisterRequest",
        "AuthenticationFunction.AuthenticateRequest",
        "AuthenticationFunction.Email",
        "ContactsFunction.ContactUpdate",
        "WifiFunction.WifiAuthorizationRequest",
        "CommunicationsFunction.CommunicationActions",
        "PrintoutsFunction.PrintoutRequest",
    } <= names


# One test over every function's targets: each test's stack costs a second or more to set up.
@fuzz(300)
@given(data=st.data())
def test_request_models_validate_or_raise_validation_error_and_round_trip(stack, data):
    targets = {
        name: (adapter, values)
        for function_id in HTTP_FUNCTIONS
        for name, adapter, values in adapters(stack, function_id)
    }
    name = data.draw(st.sampled_from(sorted(targets)), label="target")
    adapter, values = targets[name]
    round_trips(adapter, data.draw(values, label=name))
