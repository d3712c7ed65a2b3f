"""The committed openapi.json is what the code generates, names every route of template.yaml (and no other), and
tells each route's real credentials and error answers."""

import json
import re
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from crm.access import ROUTE_ACCESS
from crm.settings import API_PREFIX
from local.openapi import DOCUMENT_FILE, METHODS
from tests.conftest import TEMPLATE
from tests.integration.test_template import ROOT

DOCUMENT = json.loads(DOCUMENT_FILE.read_text()) if DOCUMENT_FILE.exists() else {"paths": {}}
OPERATIONS = {
    (method.upper(), path): operation
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
}
ROUTES = {(route.method, route.path): route for function in TEMPLATE.functions.values() for route in function.routes}


def test_the_committed_document_is_what_the_code_generates():
    result = subprocess.run(
        [sys.executable, "-m", "local.openapi", "--output", "-"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert DOCUMENT_FILE.exists(), "openapi.json is missing: run `make openapi`"
    assert result.stdout == DOCUMENT_FILE.read_text(), (
        "openapi.json differs from what the code generates: run `make openapi` and commit openapi.json"
    )


def test_every_template_route_is_in_the_document_and_back():
    assert set(ROUTES) - set(OPERATIONS) == set(), "routes missing from openapi.json: run `make openapi`"
    assert set(OPERATIONS) - set(ROUTES) == set(), "openapi.json names routes template.yaml does not have"


def test_each_operation_takes_the_credentials_the_access_table_gives_its_route():
    schemes = DOCUMENT["components"]["securitySchemes"]
    assert schemes["api_key"] == {**schemes["api_key"], "type": "apiKey", "in": "header", "name": "api_key"}
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert schemes["integration_secret"] == {
        **schemes["integration_secret"],
        "type": "apiKey",
        "in": "header",
        "name": "X-Integration-Secret",
    }
    # Binding a device: the key with the contact's token, or the key with the WiFi integration's secret.
    expected = {
        "key": [{"api_key": []}],
        "jwt": [{"bearer": []}],
        "key+jwt": [{"api_key": [], "bearer": []}, {"api_key": [], "integration_secret": []}],
    }
    for (method, path), route in ROUTES.items():
        security = OPERATIONS[(method, path)]["security"]
        if route.authorizer is None:
            # Open at the gateway: nothing is required (a function may still take a token it checks itself).
            assert {} in security or security == [], (method, path, security)
        else:
            assert security == expected[ROUTE_ACCESS[(method, path[len(API_PREFIX) :])].value], (method, path)


def test_a_link_token_page_is_not_documented_as_a_record_lookup():
    responses = OPERATIONS[("GET", f"{API_PREFIX}/contacts/verify_email/{{token}}")]["responses"]
    assert set(responses) == {"200", "400", "429", "5XX"}, sorted(responses)


def test_every_error_answer_has_the_crm_error_body_and_none_is_422():
    error = DOCUMENT["components"]["schemas"]["Error"]
    assert error["required"] == ["status", "message", "error", "parameters"]
    for (method, path), operation in OPERATIONS.items():
        responses = operation["responses"]
        assert "422" not in responses, (method, path)
        assert {"400", "429", "5XX"} <= set(responses), (method, path)
        if re.search(r"\{\w*id\}", path):  # a record named by its id; another contact's answers the same
            assert "404" in responses, (method, path)
        if ROUTES[(method, path)].authorizer:
            assert {"401", "403"} <= set(responses), (method, path)
        assert "Retry-After" in responses["429"]["headers"], (method, path)
        for status, answer in responses.items():
            if status[0] in "45" and "application/json" in answer["content"]:
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, (
                    method,
                    path,
                    status,
                )
        assert any(status.startswith("2") and answer.get("content") for status, answer in responses.items()), (
            method,
            path,
            "no success body described",
        )


def _examples():
    for (method, path), operation in OPERATIONS.items():
        bodies = [("request", operation.get("requestBody", {}).get("content", {}))]
        bodies += [(status, answer.get("content", {})) for status, answer in operation["responses"].items()]
        for where, content in bodies:
            for _media_type, media in content.items():
                for name, example in media.get("examples", {}).items():
                    yield pytest.param(media["schema"], example["value"], id=f"{method} {path} {where} {name}")


@pytest.mark.parametrize(("schema", "example"), list(_examples()))
def test_each_example_fits_its_schema(schema, example):
    validator = Draft202012Validator({**schema, "components": DOCUMENT["components"]})
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(example)]
    assert not errors, errors


def test_the_main_routes_carry_examples_from_the_seed():
    with_examples = {key for key, operation in OPERATIONS.items() if "examples" in json.dumps(operation)}
    for method, path in [
        ("POST", "/contacts/register"),
        ("POST", "/contacts/authenticate"),
        ("GET", "/contacts/{id}"),
        ("PUT", "/contacts/{id}"),
        ("GET", "/contacts/{id}/communications"),
        ("GET", "/communications/{id}"),
        ("GET", "/contacts/{id}/approval_requests"),
        ("POST", "/approval_requests/{id}/actions"),
        ("POST", "/printout"),
        ("POST", "/upload/files"),
    ]:
        assert (method, API_PREFIX + path) in with_examples, (method, path)
