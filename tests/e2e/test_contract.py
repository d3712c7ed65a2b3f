"""schemathesis against the local runtime: every operation of the served openapi.json, with generated valid and
invalid input, a bounded number of examples each. No answer is a 5xx; every status, content type, body and
header is one the document describes; invalid input is refused with 400 (never 422). Then a stateful run
follows the document's links: register -> authenticate -> use the token on the contact's routes."""

from __future__ import annotations

import json
import os
import uuid

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance)

from local.openapi import DOCUMENT_FILE

# Bounded for `make test` (2 cores): about this many generated requests per operation and mode.
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection]
PASSWORD = "contract horse 42"


def _config(root_url: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict({
        "base-url": root_url,
        # Credentials are the test's to give (below): the authorization matrix tests them, this tests the rest.
        "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none",
                       "with-security-parameters": False},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        # Invalid input must answer 400 (the gateway's own refusals of a credential answer 401/403).
        "checks": {"negative_data_rejection": {"expected-statuses": [400]}},
    })


def _sign_up(local_api) -> dict:
    email = f"contract-{uuid.uuid4().hex[:12]}@example.com"
    response = requests.post(f"{local_api.base_url}/contacts/register", headers={"api_key": local_api.live_key},
                             json={"first_name": "Ann", "last_name": "Lee",
                                   "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD}},
                             timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def api_schema(local_api):
    served = requests.get(f"{local_api.root_url}/openapi.json", timeout=30).json()
    assert served == json.loads(DOCUMENT_FILE.read_text()), "the runtime serves another document: run `make openapi`"
    return schemathesis.openapi.from_dict(served, config=_config(local_api.root_url))


@pytest.fixture(scope="module")
def caller(local_api) -> dict:
    """A contact of the live mode (the other e2e tests use the test mode's key)."""
    return _sign_up(local_api)


schema = schemathesis.pytest.from_fixture("api_schema")
DESTRUCTIVE = {("DELETE", "/self-service/v1/contacts/{id}"), ("POST", "/self-service/v1/contacts/{id}/sign_out")}


def _drop_undeclared_query_parameters(case) -> None:
    """The API ignores query parameters it does not know (clients add cache busters and the like), as API Gateway
    does; schemathesis would count them as invalid input that must be refused."""
    declared = {p.get("name") for p in case.operation.definition.raw.get("parameters", []) if p.get("in") == "query"}
    if case.query:
        case.query = {name: value for name, value in case.query.items() if name in declared} or None


def _headers(case, local_api, caller) -> dict[str, str]:
    security = case.operation.definition.raw.get("security") or []
    if {"api_key": []} in security:
        return {"api_key": local_api.live_key}
    if {"bearer": []} in security:
        if (case.method.upper(), case.path) in DESTRUCTIVE:
            caller = _sign_up(local_api)  # ends its own session: a contact of its own each time
        if "id" in (case.path_parameters or {}) and case.path.startswith("/self-service/v1/contacts/{id}"):
            case.path_parameters["id"] = caller["contact"]["id"]  # another contact's id only ever answers 404
        return {"Authorization": f"Bearer {caller['access_token']}"}
    return {}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_the_document_says(case, local_api, caller):
    _drop_undeclared_query_parameters(case)
    response = case.call_and_validate(headers=_headers(case, local_api, caller), checks=CHECKS, timeout=30)
    if os.environ.get("CONTRACT_STATS"):
        with open(os.environ["CONTRACT_STATS"], "a") as out:
            out.write(f"{case.method} {case.path} {case.meta.generation.mode.value if case.meta else '-'} {response.status_code}\n")


# ---------------------------------------------------------------- what schemathesis found, kept as plain tests


def test_a_json_body_that_is_not_utf8_answers_400_not_500(local_api):
    response = requests.post(f"{local_api.base_url}/contacts/authenticate", data=b'1[\xff\xfe%',
                             headers={"api_key": local_api.live_key, "Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400, response.text
    assert response.json()["parameters"] == ["body"]


def test_an_id_with_any_characters_reaches_its_route(local_api, caller):
    """Powertools' path parameters left out symbols and control characters: such an id answered "no such route"
    (and skipped the body's validation) instead of the route's own answer."""
    token = {"Authorization": f"Bearer {caller['access_token']}"}
    odd_id = "\u00a8x\u009d"  # a symbol and a control character, percent-encoded on the wire
    got = requests.get(f"{local_api.base_url}/communications/{odd_id}", headers=token, timeout=30)
    assert got.status_code == 404 and got.json()["parameters"] == ["communication", odd_id], got.text
    invalid = requests.put(f"{local_api.base_url}/communications/{odd_id}/actions", headers=token,
                           json={"viewed": None, "archived": []}, timeout=30)
    assert invalid.status_code == 400 and invalid.json()["parameters"] == ["archived"], invalid.text
