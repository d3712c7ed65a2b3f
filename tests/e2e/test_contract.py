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
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from local.openapi import DOCUMENT_FILE

# Bounded for `make test` (2 cores): about this many generated requests per operation and mode.
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "12"))
STATEFUL_SCENARIOS = int(os.environ.get("CONTRACT_SCENARIOS", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
PASSWORD = "contract horse 42"


def _config(root_url: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "base-url": root_url,
            # Credentials are the test's to give (below): the authorization matrix tests them, this tests the rest.
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES,
                "deterministic": True,
                "database": "none",
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"enabled": False}},
            # Invalid input must answer 400, never 422 (nor a 404 that skipped the validation).
            "checks": {"negative_data_rejection": {"expected-statuses": [400]}},
        }
    )


def _sign_up(local_api) -> dict:
    email = f"contract-{uuid.uuid4().hex[:12]}@example.com"
    response = requests.post(
        f"{local_api.base_url}/contacts/register",
        headers={"api_key": local_api.live_key},
        json={
            "first_name": "Ann",
            "last_name": "Lee",
            "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD},
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def served_document(local_api) -> dict:
    served = requests.get(f"{local_api.root_url}/openapi.json", timeout=30).json()
    assert served == json.loads(DOCUMENT_FILE.read_text()), "the runtime serves another document: run `make openapi`"
    return served


@pytest.fixture(scope="module")
def api_schema(local_api, served_document):
    return schemathesis.openapi.from_dict(served_document, config=_config(local_api.root_url))


@pytest.fixture(scope="module")
def caller(local_api) -> dict:
    """A contact of the live mode (the other e2e tests use the test mode's key)."""
    return _sign_up(local_api)


schema = schemathesis.pytest.from_fixture("api_schema")
DESTRUCTIVE = {("DELETE", "/self-service/v1/contacts/{id}"), ("POST", "/self-service/v1/contacts/{id}/sign_out")}


def _record(lines) -> None:
    """CONTRACT_STATS=<file>: append what was called and answered, to see what a run reached."""
    if os.environ.get("CONTRACT_STATS"):
        with open(os.environ["CONTRACT_STATS"], "a") as out:
            out.writelines(f"{line}\n" for line in lines)


def _drop_undeclared_query_parameters(case) -> None:
    """The API ignores query parameters it does not know (clients add cache busters and the like), as API Gateway
    does; schemathesis would count them as invalid input that must be refused."""
    declared = {p.get("name") for p in case.operation.definition.raw.get("parameters", []) if p.get("in") == "query"}
    if case.query:
        case.query = {name: value for name, value in case.query.items() if name in declared} or None


def _headers(case, local_api, caller) -> dict[str, str]:
    security = case.operation.definition.raw.get("security") or []
    both = {"api_key": [], "bearer": []} in security  # binding a device: the key and the contact's own token
    if {"api_key": []} in security and not both:
        return {"api_key": local_api.live_key}
    if {"bearer": []} in security or both:
        if (case.method.upper(), case.path) in DESTRUCTIVE:
            caller = _sign_up(local_api)  # ends its own session: a contact of its own each time
        if "id" in (case.path_parameters or {}) and case.path.startswith("/self-service/v1/contacts/{id}"):
            case.path_parameters["id"] = caller["contact"]["id"]  # another contact's id only ever answers 404
        return {
            **({"api_key": local_api.live_key} if both else {}),
            "Authorization": f"Bearer {caller['access_token']}",
        }
    return {}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_document_says(case, local_api, caller):
    _drop_undeclared_query_parameters(case)
    response = case.call_and_validate(headers=_headers(case, local_api, caller), checks=CHECKS, timeout=30)
    mode = case.meta.generation.mode.value if case.meta else "-"
    _record([f"{case.method} {case.path} {mode} {response.status_code}"])


def test_stateful_register_then_authenticate_then_use_the_token(served_document, local_api, caller):
    """Follows the document's links: a registration's e-mail and password sign in, a sign-in's contact id and
    token call the contact's own routes, an upload's id reads and deletes the file."""
    seen: dict[str, int] = {}

    stateful = schemathesis.openapi.from_dict(served_document, config=_config(local_api.root_url))

    class Scenario(stateful.as_state_machine()):
        def setup(self) -> None:
            # Each signed-in contact's token, for the calls a link makes with its id; else the fixture's contact.
            self.tokens = {caller["contact"]["id"]: caller["access_token"]}

        def get_call_kwargs(self, case) -> dict:
            security = case.operation.definition.raw.get("security") or []
            if {"api_key": []} in security:
                return {"headers": {"api_key": local_api.live_key}, "timeout": 30}
            if {"bearer": []} in security:
                token = self.tokens.get((case.path_parameters or {}).get("id"), caller["access_token"])
                return {"headers": {"Authorization": f"Bearer {token}"}, "timeout": 30}
            return {"timeout": 30}

        def after_call(self, response, case) -> None:
            label = f"{case.method} {case.path} {response.status_code}"
            seen[label] = seen.get(label, 0) + 1
            body = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else None
            if isinstance(body, dict) and body.get("access_token"):
                self.tokens[body["contact"]["id"]] = body["access_token"]

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Scenario.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert seen, "the scenarios made no call"
    _record(f"stateful {label} x{count}" for label, count in sorted(seen.items()))


def test_the_documents_links_lead_from_register_to_authenticate_to_the_contacts_routes(served_document, local_api):
    """The same chain, walked by hand through the links as the document words them."""
    operations = {
        operation["operationId"]: (method.upper(), path, operation)
        for path, item in served_document["paths"].items()
        for method, operation in item.items()
    }
    register = served_document["paths"]["/self-service/v1/contacts/register"]["post"]
    sent = {
        "first_name": "Ann",
        "last_name": "Lee",
        "identity": {
            "provider": "EMAIL",
            "username": f"links-{uuid.uuid4().hex[:10]}@example.com",
            "password": PASSWORD,
        },
    }
    key = {"api_key": local_api.live_key}
    assert (
        requests.post(f"{local_api.base_url}/contacts/register", json=sent, headers=key, timeout=30).status_code == 200
    )
    link = register["responses"]["200"]["links"]["authenticate"]
    body = {
        name: (sent["identity"][value.rsplit("/", 1)[1]] if str(value).startswith("$request.body#") else value)
        for name, value in link["requestBody"].items()
    }
    method, path, authenticate = operations[link["operationId"]]
    signed_in = requests.request(method, local_api.root_url + path, json=body, headers=key, timeout=30)
    assert signed_in.status_code == 200, signed_in.text
    answer = signed_in.json()
    reads = [
        target
        for target in authenticate["responses"]["200"]["links"].values()
        if operations[target["operationId"]][0] == "GET"
    ]
    assert len(reads) >= 4
    for target in reads:
        assert target["parameters"] == {"path.id": "$response.body#/contact/id"}
        method, path, _ = operations[target["operationId"]]
        got = requests.get(
            local_api.root_url + path.replace("{id}", answer["contact"]["id"]),
            timeout=30,
            headers={"Authorization": f"Bearer {answer['access_token']}"},
        )
        assert got.status_code == 200, (path, got.text)


# ---------------------------------------------------------------- what schemathesis found, kept as plain tests


def test_a_json_body_that_is_not_utf8_answers_400_not_500(local_api):
    response = requests.post(
        f"{local_api.base_url}/contacts/authenticate",
        data=b"1[\xff\xfe%",
        headers={"api_key": local_api.live_key, "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert response.json()["parameters"] == ["body"]


def test_an_id_with_any_characters_reaches_its_route(local_api, caller):
    """Powertools' path parameters left out symbols and control characters: such an id answered "no such route"
    (and skipped the body's validation) instead of the route's own answer."""
    token = {"Authorization": f"Bearer {caller['access_token']}"}
    odd_id = "\u00a8x\u009d"  # a symbol and a control character, percent-encoded on the wire
    got = requests.get(f"{local_api.base_url}/communications/{odd_id}", headers=token, timeout=30)
    assert got.status_code == 404 and got.json()["parameters"] == ["communication", odd_id], got.text
    invalid = requests.put(
        f"{local_api.base_url}/communications/{odd_id}/actions",
        headers=token,
        json={"viewed": None, "archived": []},
        timeout=30,
    )
    assert invalid.status_code == 400 and invalid.json()["parameters"] == ["archived"], invalid.text


def test_an_address_ses_cannot_send_to_is_refused_with_400_not_502(local_api):
    """The old pattern took any non-blank text around an @: SES then refused the verification mail (502)."""
    for username in ['Wm\u00abe\u00c8u"@b\u00beF."', "\u00fc@example.de", "ann@example"]:
        response = requests.post(
            f"{local_api.base_url}/contacts/register",
            headers={"api_key": local_api.live_key},
            json={
                "identity": {
                    "provider": "EMAIL",
                    "username": username,
                    "password": PASSWORD,
                    "validation_required": True,
                }
            },
            timeout=30,
        )
        assert response.status_code == 400, (username, response.text)
        assert response.json()["parameters"] == ["identity.username"], response.text
