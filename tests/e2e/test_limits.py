"""Request limits over HTTP through the local runtime: a body over 1 MiB is refused with 413 in the CRM format on
every route but the upload (which keeps its own limit), and a page holds at most 100 items."""

import re

import pytest

from crm.access import Access, access_for
from local.cfn import Template
from tests.e2e.test_slice import crm_error, register

ONE_MIB = 1024 * 1024
UPLOAD = ("POST", "/upload/files")


def template_routes():
    prefix = "/self-service/v1"
    return sorted(
        {
            (route.method, route.path[len(prefix) :], route.authorizer is not None)
            for function in Template.load().functions.values()
            for route in function.routes
        }
    )


@pytest.fixture(scope="module")
def signed_in(local_api):
    answer = register(local_api, local_api.test_key)
    assert answer.status_code == 200, answer.text
    return answer.json()


def credentials(local_api, signed_in, method, path, guarded):
    if not guarded:
        return {}
    if access_for(method, path) is Access.KEY:
        return {"api_key": local_api.test_key}
    if access_for(method, path) is Access.KEY_AND_JWT:
        return {"api_key": local_api.test_key, "Authorization": f"Bearer {signed_in['access_token']}"}
    return {"Authorization": f"Bearer {signed_in['access_token']}"}


def test_a_body_over_1_mib_is_refused_with_413_on_every_route_but_the_upload(local_api, signed_in, http):
    body = b'{"padding":"' + b"x" * ONE_MIB + b'"}'
    routes = [route for route in template_routes() if route[:2] != UPLOAD]
    assert len(routes) >= 25
    for method, path, guarded in routes:
        url = local_api.base_url + re.sub(r"\{[a-z]+\}", signed_in["contact"]["id"], path)
        headers = {"Content-Type": "application/json", **credentials(local_api, signed_in, method, path, guarded)}
        response = http.request(method, url, data=body, headers=headers, timeout=30)
        error = crm_error(response, 413)
        assert error["error"] == "CRM.EXCEPTIONS.PAYLOADTOOLARGEEXCEPTION", (method, path, error)


def test_an_upload_over_1_mib_is_taken_and_one_over_its_own_limit_is_not(local_api, signed_in, http):
    headers = {"Authorization": f"Bearer {signed_in['access_token']}"}
    url = f"{local_api.base_url}/upload/files"
    taken = http.post(
        url,
        headers=headers,
        timeout=30,
        files={"file": ("notes.txt", b"a line of text\n" * (ONE_MIB // 10), "text/plain")},
    )
    assert taken.status_code == 200, taken.text
    refused = http.post(
        url,
        headers=headers,
        timeout=30,
        files={"file": ("big.txt", b"a line of text\n" * (6 * ONE_MIB // 15), "text/plain")},
    )
    assert crm_error(refused, 413)["error"] == "CRM.EXCEPTIONS.PAYLOADTOOLARGEEXCEPTION"


@pytest.mark.parametrize("path", ["/contacts/{id}/communications", "/contacts/{id}/approval_requests"])
def test_a_page_holds_at_most_100(local_api, signed_in, http, path):
    url = local_api.base_url + path.format(id=signed_in["contact"]["id"])
    headers = {"Authorization": f"Bearer {signed_in['access_token']}"}
    assert http.get(url, params={"size": 100}, headers=headers, timeout=30).status_code == 200
    error = crm_error(http.get(url, params={"size": 101}, headers=headers, timeout=30), 400)
    assert error["parameters"] == ["size"], error


NESTED = 40_000


def test_deeply_nested_json_answers_400_on_every_route_with_no_stack_trace(local_api, signed_in, http):
    """40,000 nested `[` made the JSON parser recurse past Python's limit: 500, a stack trace at ERROR."""
    before = len(local_api.output)
    deep = "[" * NESTED  # unclosed, as the review sent it: the parser recurses before it finds the end
    balanced = "[" * (NESTED // 2) + "]" * (NESTED // 2)
    routes = [route for route in template_routes() if route[0] in ("POST", "PUT", "PATCH")]
    assert len(routes) >= 15
    for method, path, guarded in routes:
        url = local_api.base_url + re.sub(r"\{[a-z]+\}", signed_in["contact"]["id"], path)
        headers = {"Content-Type": "application/json", **credentials(local_api, signed_in, method, path, guarded)}
        for body in (deep, '{"a":' + balanced + "}"):
            response = http.request(method, url, data=body, headers=headers, timeout=30)
            error = crm_error(response, 400)
            assert error["parameters"] == ["body"], (method, path, error)
    # the open approval route (an e-mailed token in the body, no api_key) reads its own body
    url = f"{local_api.base_url}/approval_requests/{signed_in['contact']['id']}/actions"
    open_route = http.post(
        url, data='{"token":"t","response":' + deep + "}", timeout=30, headers={"Content-Type": "application/json"}
    )
    assert crm_error(open_route, 400)["parameters"] == ["body"]
    log = "".join(local_api.output[before:])
    assert "Traceback" not in log and "RecursionError" not in log and '"level":"ERROR"' not in log, log[-3000:]


def test_json_nested_as_deep_as_a_client_needs_is_still_read(local_api, signed_in, http):
    url = f"{local_api.base_url}/contacts/{signed_in['contact']['id']}"
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {signed_in['access_token']}"}
    body = '{"first_name":"Nested","x":' + "[" * 30 + "]" * 30 + "}"
    # read and validated: the unknown field is named, not the body's depth
    assert crm_error(http.put(url, data=body, headers=headers, timeout=30), 400)["parameters"] == ["x"]
