"""openapi.json is a document client generators make first-class clients of: short operationIds, every header the
functions read as a parameter, every answer and repeated enum a named schema, one body media type per operation."""

import json
import re
from collections import Counter
from typing import Any

from crm.settings import API_PREFIX
from local.openapi import DOCUMENT_FILE, METHODS, SHARED_ENUMS
from tests.integration.test_template import ROOT

DOCUMENT = json.loads(DOCUMENT_FILE.read_text())
COMPONENTS = DOCUMENT["components"]
OPERATIONS = {
    (method.upper(), path[len(API_PREFIX) :]): operation
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
}
BY_ID = {operation["operationId"]: operation for operation in OPERATIONS.values()}


def _header_names(operation: dict[str, Any]) -> set[str]:
    names = set()
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = COMPONENTS["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "header":
            names.add(parameter["name"])
    return names


def test_operation_ids_are_short_camel_case_and_tags_name_resources():
    for key, operation in OPERATIONS.items():
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)*", operation["operationId"]), key
        assert len(operation["operationId"]) <= 24, key
        assert len(operation["tags"]) == 1, key
    assert OPERATIONS[("POST", "/contacts/register")]["operationId"] == "registerContact"
    assert OPERATIONS[("PUT", "/contacts/{id}")]["operationId"] == "updateContact"
    assert OPERATIONS[("POST", "/upload/files")]["operationId"] == "uploadFile"
    assert {tag["name"] for tag in DOCUMENT["tags"]} == {t for o in OPERATIONS.values() for t in o["tags"]}


def test_every_header_a_function_reads_is_a_parameter_of_its_operation():
    read = set()
    for source in sorted((ROOT / "functions").glob("*/app.py")):
        read |= set(re.findall(r'headers\.get\("([^"]+)"\)', source.read_text()))
    read -= {"content-type", "Content-Type"}  # the request body's media type
    documented = {parameter["name"] for parameter in COMPONENTS["parameters"].values()}
    assert read and read <= documented, read - documented
    assert {"If-Match", "Idempotency-Key", "refresh_token"} <= documented
    for key in [("PUT", "/contacts/{id}"), ("PUT", "/contacts/{id}/consents"), ("PUT", "/contacts/{id}/preferences")]:
        assert "If-Match" in _header_names(OPERATIONS[key]), key
    assert "Idempotency-Key" in _header_names(OPERATIONS[("POST", "/contacts/register")])
    assert "refresh_token" in _header_names(OPERATIONS[("POST", "/contacts/refresh")])
    # Defined once: every operation refers to the component, none repeats it inline.
    for key, operation in OPERATIONS.items():
        assert all(p.get("in") != "header" for p in operation.get("parameters", []) if "$ref" not in p), key


def test_the_contacts_version_is_documented_as_the_etag_answer_header():
    assert COMPONENTS["headers"]["ETag"]["schema"] == {"type": "string"}
    answer = OPERATIONS[("GET", "/contacts/{id}")]["responses"]["200"]
    assert answer["headers"]["ETag"] == {"$ref": "#/components/headers/ETag"}


def test_every_answer_body_is_a_named_schema():
    for key, operation in OPERATIONS.items():
        for status, answer in operation["responses"].items():
            for media_type, content in answer.get("content", {}).items():
                if media_type == "application/json":
                    assert set(content["schema"]) == {"$ref"}, (key, status, content["schema"])
    named = {
        ("POST", "/contacts/register"): "RegisterAnswer",
        ("POST", "/contacts/authenticate"): "AuthenticateAnswer",
        ("GET", "/contacts/{id}/demographics"): "Demographics",
        ("POST", "/contacts/{id}/sign_out"): "EmptyAnswer",
        ("POST", "/contacts/forgot_password"): "EmptyAnswer",
    }
    for key, name in named.items():
        schema = OPERATIONS[key]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{name}"}, key
    assert COMPONENTS["schemas"]["Error"]["properties"]["parameters"]["items"] != {}
    contact = COMPONENTS["schemas"]["ContactAnswer"]["properties"]
    assert contact["demographics"]["anyOf"][0] == {"$ref": "#/components/schemas/Demographics"}
    assert contact["custom_fields"]["items"] == {"$ref": "#/components/schemas/CustomField"}
    assert '"title": "Return"' not in json.dumps(DOCUMENT)


def test_repeated_enums_are_one_component_each():
    inline: Counter[tuple[str, ...]] = Counter()

    def walk(node: Any, top: bool) -> None:
        if isinstance(node, dict):
            if "enum" in node and not top:
                inline[tuple(node["enum"])] += 1
            for value in node.values():
                walk(value, False)
        elif isinstance(node, list):
            for value in node:
                walk(value, False)

    walk(DOCUMENT["paths"], False)
    for schema in COMPONENTS["schemas"].values():
        walk(schema, True)
    assert [values for values, count in inline.items() if count > 1] == []
    for name in ("ConsentState", "Channel", "SendMethod", "SortOrder", "PreferenceType", "SocialProvider"):
        assert COMPONENTS["schemas"][name]["enum"] == SHARED_ENUMS[name][0]
        assert tuple(SHARED_ENUMS[name][0]) not in inline, name
    consent = COMPONENTS["schemas"]["ConsentUpdate"]["properties"]["consent_state"]
    assert consent["$ref"] == "#/components/schemas/ConsentState"


def test_each_request_body_has_one_media_type_and_the_others_are_described():
    for key, operation in OPERATIONS.items():
        assert len(operation.get("requestBody", {"content": {0: 0}})["content"]) == 1, key
    upload = OPERATIONS[("POST", "/upload/files")]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]
    assert list(upload["x-crm-other-request-bodies"]) == ["application/json"]
    answer = OPERATIONS[("POST", "/approval_requests/{id}/actions")]
    assert list(answer["requestBody"]["content"]) == ["application/json"]
    assert list(answer["x-crm-other-request-bodies"]) == ["application/x-www-form-urlencoded"]


def test_the_misspelt_company_profle_is_deprecated_and_in_no_example():
    for name in ("ContactUpdate", "RegisterRequest"):
        misspelt = COMPONENTS["schemas"][name]["properties"].get("company_profle")
        assert misspelt is None or misspelt["deprecated"] is True, name
    assert COMPONENTS["schemas"]["ContactUpdate"]["properties"]["company_profle"]["deprecated"] is True
    examples = [
        media.get("examples", {})
        for operation in OPERATIONS.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
    ]
    assert examples and "company_profle" not in json.dumps(examples)


def test_servers_are_the_local_runtime_and_a_deployed_stage():
    urls = [server["url"] for server in DOCUMENT["servers"]]
    assert urls[0] == "http://127.0.0.1:3000"
    assert re.fullmatch(r"https://\{api_id\}\.execute-api\.\{region\}\.amazonaws\.com/\{stage\}", urls[1])
