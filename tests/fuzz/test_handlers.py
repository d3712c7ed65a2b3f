"""Every route of every function, through its Powertools resolver, on arbitrary bodies (text, bytes, JSON),
query strings, path parameters and headers: the answer is never a 5xx and never an exception, and every
error is in the CRM format. And the authorizer, on arbitrary credentials: 401 or a policy, and Allow only for
a key or token that was really issued."""

from __future__ import annotations

import json
import typing
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from crm.access import Access, access_for
from crm.context import RequestContext
from crm.services import tenancy
from crm.services.authorization import NotAuthenticated, read_credentials, route_resource
from crm.services.identity import register_with_email_password
from crm.settings import API_PREFIX
from crm.tokens import verify_access_token
from tests.conftest import TEMPLATE
from tests.fuzz.profiles import fuzz
from tests.fuzz.strategies import TEXT, bodies, form_text, from_schema, json_text, json_values
from tests.helpers import contact_authorizer, key_authorizer
from tests.integration.test_authorizer import request_event

ROUTES = sorted((r.function_id, r.method, r.path) for f in TEMPLATE.functions.values() for r in f.routes)
# Routes a browser opens from an e-mail: they answer an HTML page, errors included.
HTML_ROUTES = {
    ("GET", "/self-service/v1/contacts/verify_email/{token}"),
    ("POST", "/self-service/v1/contacts/verify_email/{token}"),
    ("POST", "/self-service/v1/approval_requests/{id}/actions"),
}
CRM_ERROR_KEYS = {"status", "message", "error", "parameters"}
ENDS_THE_CONTACT = {("POST", "/self-service/v1/contacts/{id}/sign_out"), ("DELETE", "/self-service/v1/contacts/{id}")}


def sign_up(tenant: dict, email: str = "ann@example.com") -> dict:
    answer = register_with_email_password(
        tenant["ctx"], email=email, password="password1234", profile={"first_name": "Ann"}
    )
    claims = verify_access_token(answer["access_token"])
    tenant.update(token=answer["access_token"], contact_id=claims.contact_id, session_id=claims.session_id)
    return tenant


@pytest.fixture
def tenant(stack):
    organisation = tenancy.create_organisation("Fuzz Org")
    ctx = RequestContext(organisation_id=organisation.organisation_id, mode="test")
    return sign_up({"ctx": ctx, "keys": organisation.keys, "signups": 0})


WORDS = st.sampled_from(
    [
        "type",
        "archived",
        "viewed",
        "sort",
        "order",
        "page",
        "size",
        "next",
        "state",
        "entity_types",
        "id",
        "provider",
        "identity",
        "username",
        "password",
        "credentials",
        "refresh_token",
        "token",
        "mac_address",
        "integration_id",
        "consent_state",
        "email_address",
        "phone_number",
        "country_code",
        "code",
        "auth_otp",
        "action",
        "response",
        "entity",
        "first_name",
        "demographics",
        "custom_fields",
        "send_method",
        "name",
        "value",
    ]
)
QUERY_VALUES = TEXT | st.sampled_from(
    [
        "1",
        "0",
        "-1",
        "100",
        "101",
        "true",
        "false",
        "ASC",
        "DESC",
        "EMAIL",
        "CREATED_DATE",
        "99999999999999999999999",
        "NaN",
        "1e3",
        "",
    ]
)
HEADER_NAMES = st.sampled_from(
    [
        "Content-Type",
        "Idempotency-Key",
        "If-Match",
        "refresh_token",
        "Authorization",
        "auth_token",
        "Host",
        "X-Forwarded-Proto",
        "Accept",
    ]
)
HEADER_VALUES = st.text(max_size=40) | st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=b",
        "text/plain",
        "multipart/form-data",
        "image/png",
        '"1"',
        "*",
        "Bearer x",
    ]
)
BODY_VALUES = json_values(keys=WORDS | st.text(max_size=8))


_shaped_bodies: dict[tuple[str, str, str], st.SearchStrategy | None] = {}


def shaped_bodies(stack, route) -> st.SearchStrategy | None:
    """Values shaped like the route's body model (mostly valid), so that requests reach the services and the
    tables behind them, sent as JSON or as a form (below); None for a route without a body model."""
    if route not in _shaped_bodies:
        function_id, method, path = route
        app = stack.function(function_id).module.app
        found = None
        for candidate in app._static_routes + app._dynamic_routes:  # Powertools keeps no public list
            if candidate.method == method and API_PREFIX + candidate.openapi_path == path:
                body = typing.get_type_hints(candidate.func, include_extras=True).get("body")
                if body is not None:
                    found = from_schema(TypeAdapter(body).json_schema(), junk=BODY_VALUES)
        _shaped_bodies[route] = found
    return _shaped_bodies[route]


@st.composite
def requests(draw, route, tenant, shaped=None):
    function_id, method, path = route
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    own = {"id": tenant["contact_id"]} if path.startswith("/self-service/v1/contacts/{id}") else {}
    segment = st.text(min_size=1, max_size=40)  # a path is URL-decoded UTF-8: no lone surrogates there
    parameters = {name: draw(st.just(own[name]) | segment) if name in own else draw(segment) for name in names}
    concrete = path
    for name, value in parameters.items():
        concrete = concrete.replace("{" + name + "}", quote(value, safe=""))
    query = draw(st.none() | st.dictionaries(WORDS | st.text(max_size=8), QUERY_VALUES, max_size=4))
    headers = draw(st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=3))
    body, is_base64 = draw(bodies(BODY_VALUES))
    if shaped is not None and draw(st.booleans()):
        value, is_base64 = draw(shaped), False
        if draw(st.booleans()):
            body = json_text(value)
            headers["Content-Type"] = draw(st.sampled_from(["application/json", "application/json; charset=utf-8"]))
        else:  # the same value in bracket notation, as a form (crm/forms.py)
            body = form_text(value)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    access = access_for(method, route_resource(path))
    ctx = tenant["ctx"]
    authorizer = None
    if access is Access.KEY:
        authorizer = key_authorizer(ctx, "app-1")
    elif access in (Access.JWT, Access.KEY_AND_JWT):
        authorizer = contact_authorizer(ctx, tenant["contact_id"], tenant["session_id"])
    request_context = {
        "resourcePath": path,
        "httpMethod": method,
        "requestId": "fuzz",
        "stage": "v1",
        "path": "/v1" + concrete,
        "domainName": "api.example.test",
    }
    if authorizer:
        request_context["authorizer"] = authorizer
    return {
        "resource": path,
        "path": concrete,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": parameters or None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": body,
        "isBase64Encoded": is_base64,
    }


def assert_answered_without_a_server_error(route, answer):
    status = answer["statusCode"]
    assert status < 500, answer
    headers = {k.lower(): v for k, v in (answer.get("headers") or {}).items()}
    headers.update({k.lower(): v[-1] for k, v in (answer.get("multiValueHeaders") or {}).items() if v})
    if status >= 400:
        if "json" in headers.get("content-type", ""):
            body = json.loads(answer["body"])
            assert set(body) == CRM_ERROR_KEYS and body["status"] == status, answer
        else:
            assert route[1:] in HTML_ROUTES and "text/html" in headers.get("content-type", ""), answer


# Powertools warns on each multipart body that came without base64 (the fuzzer sends many on purpose).
@pytest.mark.filterwarnings("ignore:Received multipart/form-data without base64")
# One test over every route: each test's stack, organisation and registration cost seconds to set up.
@fuzz(250)
@given(data=st.data())
def test_any_request_answers_without_a_server_error_in_the_crm_format(stack, tenant, data):
    route = data.draw(st.sampled_from(ROUTES), label="route")
    event = data.draw(requests(route, tenant, shaped_bodies(stack, route)), label="event")
    answer = stack.invoke(route[0], event)
    assert_answered_without_a_server_error(route, answer)
    if answer["statusCode"] < 300 and (route[1], route[2]) in ENDS_THE_CONTACT:
        # Signed out or unregistered: later examples get a new contact, or every one would answer 404.
        tenant["signups"] += 1
        sign_up(tenant, f"ann{tenant['signups']}@example.com")


KEY_ROUTES = [(m, p.removeprefix("/self-service/v1")) for _, m, p in ROUTES]


@fuzz(100)
@given(data=st.data())
def test_the_authorizer_answers_401_or_a_policy_and_allows_only_real_credentials(stack, tenant, data):
    real = [tenant["keys"]["test"], tenant["keys"]["live"], tenant["token"]]
    credential = (
        st.sampled_from(real)
        | st.sampled_from(real).map(lambda r: r[:-1])
        | TEXT
        | st.sampled_from(real).map(lambda r: r + "\ud800")
    )
    headers = data.draw(
        st.dictionaries(
            st.sampled_from(["api_key", "API-Key", "Authorization", "auth_token", "Auth-Token"]) | st.text(max_size=10),
            credential | credential.map(lambda c: f"Bearer {c}") | credential.map(lambda c: f"Basic {c}"),
            max_size=3,
        )
    )
    route = data.draw(st.sampled_from(KEY_ROUTES))
    try:
        result = stack.invoke("AuthorizerFunction", request_event(route, headers))
    except Exception as exc:  # noqa: BLE001 - what API Gateway turns into a 401
        assert str(exc) == "Unauthorized"
        return
    effect = result["policyDocument"]["Statement"][0]["Effect"]
    assert effect in ("Allow", "Deny")
    if effect == "Allow":
        credentials = read_credentials(headers)
        assert credentials.api_key in (None, *tenant["keys"].values())
        assert credentials.token in (None, tenant["token"])


def test_reading_credentials_refuses_what_cannot_be_a_key_or_token():
    for headers in ({"api_key": "k\ud800"}, {"Authorization": "Bearer é"}):
        with pytest.raises(NotAuthenticated):
            read_credentials(headers)
