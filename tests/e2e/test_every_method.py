"""Every HTTP method answers as API Gateway does: a method no route of the path declares, on a declared path or on
an undeclared one, gets the MISSING_AUTHENTICATION_TOKEN gateway response, which the template maps to the CRM
error body (404, CRM.EXCEPTIONS.NOTFOUNDEXCEPTION). Never the standard library's 501 HTML page."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

CONTACT = "/self-service/v1/contacts/8659c178-2ba5-4773-a1a0-6b88f4f6aa6e"  # GET, PUT, DELETE are declared
UNDECLARED = "/self-service/v1/no_such_resource/42"
OTHER_METHODS = ["POST", "PATCH", "HEAD", "TRACE", "CONNECT", "PROPFIND", "MKCOL", "LOCK", "BREW"]
ALL_METHODS = ["GET", "PUT", "DELETE", "OPTIONS", *OTHER_METHODS]


def _send(root_url: str, method: str, target: str) -> tuple[int, str, bytes]:
    address = urlsplit(root_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, target, body=b"" if method not in ("HEAD", "CONNECT") else None)
        answer = connection.getresponse()
        return answer.status, answer.getheader("Content-Type") or "", answer.read()
    finally:
        connection.close()


def _assert_gateway_not_found(status: int, content_type: str, body: bytes, method: str) -> None:
    assert status == 404, (method, status, body[:200])
    assert content_type == "application/json", (method, content_type)
    if method == "HEAD":
        assert body == b""
        return
    assert json.loads(body) == {
        "status": 404,
        "message": "Resource not found.",
        "error": "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION",
        "parameters": ["route"],
    }, method


@pytest.mark.parametrize("method", OTHER_METHODS)
def test_a_method_the_path_does_not_declare_gets_the_crm_not_found_body(local_api, method):
    _assert_gateway_not_found(*_send(local_api.root_url, method, CONTACT), method)


@pytest.mark.parametrize("method", ALL_METHODS)
def test_any_method_on_an_undeclared_path_gets_the_crm_not_found_body(local_api, method):
    _assert_gateway_not_found(*_send(local_api.root_url, method, UNDECLARED), method)


def test_connect_to_an_authority_gets_the_crm_not_found_body(local_api):
    _assert_gateway_not_found(*_send(local_api.root_url, "CONNECT", "127.0.0.1:443"), "CONNECT")


def test_the_declared_methods_still_reach_their_function(local_api):
    # No token: the authorizer answers, with the CRM body, not the missing-route response.
    for method in ("GET", "PUT", "DELETE"):
        status, _content_type, body = _send(local_api.root_url, method, CONTACT)
        assert status == 401, (method, status, body)
        assert json.loads(body)["error"] == "CRM.EXCEPTIONS.UNAUTHORIZEDEXCEPTION"
    status, _content_type, _body = _send(local_api.root_url, "OPTIONS", CONTACT)
    assert status == 200  # the CORS preflight SAM adds to every declared path
