"""The authorizer function on REQUEST events: each credential form, each failure, and its status."""

import json
import time

import boto3
import jwt
import pytest

from crm.context import RequestContext
from crm.services import tenancy
from crm.services.identity import register_with_email_password
from tests.helpers import authorizer_event

PREFIX = "/self-service/v1"
KEY_ROUTE = ("POST", "/contacts/register")
CONTACT_ROUTE = ("GET", "/contacts/{id}")


def request_event(route, headers, path=None):
    return authorizer_event(*route, path, headers)


class Answer:
    def __init__(self, stack, route, headers):
        try:
            self.result = stack.invoke("AuthorizerFunction", request_event(route, headers))
            statement = self.result["policyDocument"]["Statement"][0]
            self.status = 200 if statement["Effect"] == "Allow" else 403
            assert statement["Resource"].endswith(f"/v1/{route[0]}{PREFIX}{route[1]}")
        except Exception as exc:  # what API Gateway turns into a 401
            assert str(exc) == "Unauthorized"
            self.result, self.status = None, 401

    @property
    def context(self):
        return self.result["context"]


@pytest.fixture
def tenant(stack):
    organisation = tenancy.create_organisation("Authorizer Org")
    ctx = RequestContext(organisation_id=organisation.organisation_id, mode="test")
    answer = register_with_email_password(
        ctx, email="ann@example.com", password="password1234", profile={"first_name": "Ann"}
    )
    return {
        "org": organisation,
        "keys": organisation.keys,
        "token": answer["access_token"],
        "contact_id": answer["contact"]["id"],
        "stack": stack,
    }


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


def secret_keys(stack):
    arn = stack.resolver.resolve({"Ref": "TokenSigningSecret"})
    return json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])


def resign(stack, token, changes=None, key=None, alg="HS256", kid="k1"):
    claims = {**claims_of(token), **(changes or {})}
    return jwt.encode(claims, key or secret_keys(stack)["k1"], algorithm=alg, headers={"kid": kid})


def contact_route(tenant):
    return ("GET", "/contacts/{id}")


@pytest.mark.parametrize("form", ["bearer", "bare", "auth_token", "lowercase bearer"])
def test_each_token_form_is_accepted_on_a_contact_route(tenant, form):
    token = tenant["token"]
    headers = {
        "bearer": {"Authorization": f"Bearer {token}"},
        "bare": {"Authorization": token},
        "auth_token": {"auth_token": token},
        "lowercase bearer": {"authorization": f"bearer {token}"},
    }[form]
    answer = Answer(tenant["stack"], CONTACT_ROUTE, headers)
    assert answer.status == 200
    assert answer.context["contact_id"] == tenant["contact_id"]
    assert answer.context["organisation_id"] == tenant["org"].organisation_id
    assert answer.context["mode"] == "test" and answer.context["session_id"]
    assert all(isinstance(v, (str, int, bool)) for v in answer.context.values())


def test_an_api_key_is_accepted_on_a_key_route_with_its_tenant(tenant):
    answer = Answer(tenant["stack"], KEY_ROUTE, {"api_key": tenant["keys"]["live"]})
    assert answer.status == 200
    assert answer.context["mode"] == "live" and answer.context["contact_id"] == ""
    assert answer.context["application_id"]


def test_key_and_token_of_the_same_tenant_together_are_accepted(tenant):
    answer = Answer(
        tenant["stack"],
        CONTACT_ROUTE,
        {"api_key": tenant["keys"]["test"], "Authorization": f"Bearer {tenant['token']}"},
    )
    assert answer.status == 200 and answer.context["application_id"]


def test_missing_credentials_answer_401(tenant):
    assert Answer(tenant["stack"], KEY_ROUTE, {}).status == 401
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Accept": "application/json"}).status == 401


@pytest.mark.parametrize(
    "header",
    [
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"auth_token": "a.b.c"},
        {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"},
    ],
)
def test_malformed_tokens_answer_401(tenant, header):
    assert Answer(tenant["stack"], CONTACT_ROUTE, header).status == 401


def test_a_bad_signature_answers_401(tenant):
    forged = resign(tenant["stack"], tenant["token"], key="y" * 64)
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {forged}"}).status == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": int(time.time()) - 120},
        {"aud": "another-api"},
        {"iss": "https://evil.example"},
        {"org": "another-organisation"},
        {"mode": "live"},
        {"sub": "another-contact"},
        {"sid": "another-session"},
    ],
)
def test_expired_or_altered_claims_answer_401(tenant, changes):
    token = resign(tenant["stack"], tenant["token"], changes)
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {token}"}).status == 401


def test_alg_none_answers_401(tenant):
    unsigned = jwt.encode(claims_of(tenant["token"]), None, algorithm="none", headers={"kid": "k1"})
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {unsigned}"}).status == 401


def test_an_unknown_key_answers_401(tenant):
    assert Answer(tenant["stack"], KEY_ROUTE, {"api_key": "pk_test_" + "x" * 43}).status == 401


def test_a_revoked_key_answers_401(tenant):
    live_key = tenant["keys"]["live"]
    assert tenancy.revoke_api_key(live_key[:12], tenant["org"].organisation_id) == 1
    assert Answer(tenant["stack"], KEY_ROUTE, {"api_key": live_key}).status == 401
    assert Answer(tenant["stack"], KEY_ROUTE, {"api_key": tenant["keys"]["test"]}).status == 200


def test_a_wrong_mode_key_with_a_token_answers_401(tenant):
    answer = Answer(
        tenant["stack"],
        CONTACT_ROUTE,
        {"api_key": tenant["keys"]["live"], "Authorization": f"Bearer {tenant['token']}"},
    )
    assert answer.status == 401


def test_another_organisations_key_with_a_token_answers_401(tenant):
    other = tenancy.create_organisation("Other Org")
    answer = Answer(
        tenant["stack"], CONTACT_ROUTE, {"api_key": other.keys["test"], "Authorization": f"Bearer {tenant['token']}"}
    )
    assert answer.status == 401


def test_two_different_tokens_answer_401(tenant):
    other = resign(tenant["stack"], tenant["token"], {"jti": "another"})
    answer = Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {tenant['token']}", "auth_token": other})
    assert answer.status == 401


def test_a_signed_out_session_answers_401(tenant):
    from crm.data.sessions import Session

    session = Session.get(claims_of(tenant["token"])["sid"])
    session.update(actions=[Session.state.set("SIGNED_OUT")])
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {tenant['token']}"}).status == 401


def test_a_key_alone_on_a_contact_route_answers_403(tenant):
    answer = Answer(tenant["stack"], CONTACT_ROUTE, {"api_key": tenant["keys"]["test"]})
    assert answer.status == 403 and answer.result["context"] == {}


def test_a_token_alone_on_a_key_route_answers_403(tenant):
    answer = Answer(tenant["stack"], KEY_ROUTE, {"Authorization": f"Bearer {tenant['token']}"})
    assert answer.status == 403


DEVICE_BINDING = ("POST", "/contacts/{id}/wifi/authorization")


def test_binding_a_device_takes_the_key_and_the_contacts_token_together(tenant):
    key, bearer = {"api_key": tenant["keys"]["test"]}, {"Authorization": f"Bearer {tenant['token']}"}
    assert Answer(tenant["stack"], DEVICE_BINDING, key).status == 401  # the publishable key proves nobody
    assert Answer(tenant["stack"], DEVICE_BINDING, bearer).status == 401
    both = Answer(tenant["stack"], DEVICE_BINDING, {**key, **bearer})
    assert both.status == 200 and both.context["contact_id"] == tenant["contact_id"]
    assert both.context["application_id"]
    live = {"api_key": tenant["keys"]["live"], **bearer}  # the token's mode is not the key's
    assert Answer(tenant["stack"], DEVICE_BINDING, live).status == 401


def test_a_route_without_an_access_rule_is_denied(tenant):
    answer = Answer(
        tenant["stack"],
        ("PATCH", "/contacts/{id}"),
        {"api_key": tenant["keys"]["test"], "Authorization": f"Bearer {tenant['token']}"},
    )
    assert answer.status == 403


def test_each_application_is_counted_against_its_own_usage_plan_key(stack, tenant):
    """api_key and contact-token calls of one application carry the same usageIdentifierKey (ApiKeySourceType
    AUTHORIZER: the usage plan throttles by it); the other mode and other organisations carry others."""
    from crm.services.usageplan import usage_key_value

    by_key = Answer(stack, KEY_ROUTE, {"api_key": tenant["keys"]["test"]})
    by_token = Answer(stack, CONTACT_ROUTE, {"Authorization": f"Bearer {tenant['token']}"})
    live = Answer(stack, KEY_ROUTE, {"api_key": tenant["keys"]["live"]})
    other = Answer(stack, KEY_ROUTE, {"api_key": tenancy.create_organisation("Other Org").keys["test"]})
    assert (
        by_key.result["usageIdentifierKey"]
        == by_token.result["usageIdentifierKey"]
        == usage_key_value(tenant["org"].organisation_id, "test")
    )
    keys = {by_key.result["usageIdentifierKey"], live.result["usageIdentifierKey"], other.result["usageIdentifierKey"]}
    assert len(keys) == 3 and all(len(key) >= 20 for key in keys)
    denied = Answer(stack, CONTACT_ROUTE, {"api_key": tenant["keys"]["test"]})  # a key alone on a contact route
    assert denied.status == 403 and "usageIdentifierKey" not in denied.result


# ---------------------------------------------------------------- device sessions (MAC_ADDRESS sign-ins)


def device_session(tenant, kind="device", provider="MAC_ADDRESS"):
    """The tokens of a session like the MAC_ADDRESS sign-in's (crm/services/devices.py), saved."""
    from crm.data.contacts import find_contact
    from crm.services.sessions import new_session, tokens_answer

    ctx = RequestContext(organisation_id=tenant["org"].organisation_id, mode="test")
    session, refresh_token = new_session(ctx, tenant["contact_id"], provider, kind=kind)
    session.save()
    return tokens_answer(ctx, find_contact(ctx.tenant, tenant["contact_id"]), session, refresh_token, False)


def test_a_device_session_calls_only_the_device_routes(tenant):
    """Every route of the access table with a device session's token (and the api_key where the route takes
    one): 200 exactly on crm.access.DEVICE_ROUTES, 403 (a Deny) everywhere else; a contact session gets 200."""
    from crm.access import DEVICE_ROUTES, ROUTE_ACCESS, Access

    device = device_session(tenant)
    assert claims_of(device["access_token"])["kind"] == "device"
    assert claims_of(tenant["token"])["kind"] == "contact"
    key = {"api_key": tenant["keys"]["test"]}
    assert DEVICE_ROUTES <= set(ROUTE_ACCESS)
    for route, access in ROUTE_ACCESS.items():
        for token, kind in ((device["access_token"], "device"), (tenant["token"], "contact")):
            headers = {**(key if access is not Access.JWT else {}), "Authorization": f"Bearer {token}"}
            answer = Answer(tenant["stack"], route, headers)
            want = 200 if kind == "contact" or route in DEVICE_ROUTES else 403
            assert answer.status == want, (route, kind, answer.status)
            if want == 403:
                assert answer.result["context"] == {} and "usageIdentifierKey" not in answer.result
    for route in (
        ("PUT", "/contacts/{id}"),
        ("PUT", "/contacts/{id}/consents"),
        ("DELETE", "/contacts/{id}"),
        DEVICE_BINDING,
        ("POST", "/printout"),
        ("POST", "/upload/files"),
    ):
        assert route not in DEVICE_ROUTES


def test_the_session_record_decides_the_kind_not_the_token(tenant):
    """An old token (no `kind` claim) of a device session is a device's; a token whose claim disagrees with its
    session was not issued for it (401), whichever way it lies."""
    device = device_session(tenant)
    put_contact = ("PUT", "/contacts/{id}")
    old = jwt.encode(
        {k: v for k, v in claims_of(device["access_token"]).items() if k != "kind"},
        secret_keys(tenant["stack"])["k1"],
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    assert Answer(tenant["stack"], put_contact, {"Authorization": f"Bearer {old}"}).status == 403
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {old}"}).status == 200
    lying = resign(tenant["stack"], device["access_token"], {"kind": "contact"})
    assert Answer(tenant["stack"], put_contact, {"Authorization": f"Bearer {lying}"}).status == 401
    promoted = resign(tenant["stack"], tenant["token"], {"kind": "device"})
    assert Answer(tenant["stack"], CONTACT_ROUTE, {"Authorization": f"Bearer {promoted}"}).status == 401


def test_a_mac_session_saved_before_the_kind_existed_is_a_device_session(tenant):
    from crm.data.sessions import Session

    device = device_session(tenant)
    session = Session.get(claims_of(device["access_token"])["sid"])
    session.update(actions=[Session.kind.remove()])
    assert Session.get(session.id).session_kind == "device"
    headers = {"Authorization": f"Bearer {device['access_token']}"}
    assert Answer(tenant["stack"], ("PUT", "/contacts/{id}"), headers).status == 403
    assert Answer(tenant["stack"], CONTACT_ROUTE, headers).status == 200


def test_a_refreshed_device_session_is_still_a_device_session(tenant):
    from crm.services.sessions import refresh

    device = device_session(tenant)
    ctx = RequestContext(organisation_id=tenant["org"].organisation_id, mode="test")
    refreshed = refresh(ctx, device["refresh_token"])
    assert claims_of(refreshed["access_token"])["kind"] == "device"
    headers = {"Authorization": f"Bearer {refreshed['access_token']}"}
    assert Answer(tenant["stack"], ("PUT", "/contacts/{id}"), headers).status == 403
    assert Answer(tenant["stack"], CONTACT_ROUTE, headers).status == 200


def test_the_open_approval_route_refuses_a_device_session(tenant):
    from crm.services.authorization import NotPermitted, contact_from_headers

    route = ("POST", "/approval_requests/{id}/actions")
    device = device_session(tenant)
    with pytest.raises(NotPermitted):
        contact_from_headers({"Authorization": f"Bearer {device['access_token']}"}, *route)
    own = contact_from_headers({"Authorization": f"Bearer {tenant['token']}"}, *route)
    assert (own.contact_id, own.kind) == (tenant["contact_id"], "contact")


# ---------------------------------------------------------------- the WiFi integration's secret


def test_the_wifi_integration_secret_proves_a_binding_beside_a_key_of_its_organisation_and_mode(tenant):
    organisation_id = tenant["org"].organisation_id
    secret = tenancy.create_wifi_secret(organisation_id, "test")
    key = {"api_key": tenant["keys"]["test"]}
    both = Answer(tenant["stack"], DEVICE_BINDING, {**key, "X-Integration-Secret": secret})
    assert both.status == 200
    assert (both.context["integration"], both.context["contact_id"]) == ("wifi", "")
    refused = [
        {"X-Integration-Secret": secret},  # no key
        {**key, "X-Integration-Secret": secret[:-4] + "zzzz"},
        {"api_key": tenant["keys"]["live"], "X-Integration-Secret": secret},  # the other mode's key
        {"api_key": tenancy.create_organisation("Other").keys["test"], "X-Integration-Secret": secret},
        {**key, "X-Integration-Secret": tenancy.create_wifi_secret(organisation_id, "live")},
        {**key, "Authorization": f"Bearer {tenant['token']}", "X-Integration-Secret": "wsk_test_wrong"},
    ]
    for headers in refused:
        assert Answer(tenant["stack"], DEVICE_BINDING, headers).status == 401, headers
    # Anywhere else it grants nothing: a key and the secret on a contact route are a key alone.
    assert Answer(tenant["stack"], CONTACT_ROUTE, {**key, "X-Integration-Secret": secret}).status == 403
    with_token = Answer(
        tenant["stack"],
        DEVICE_BINDING,
        {**key, "Authorization": f"Bearer {tenant['token']}", "X-Integration-Secret": secret},
    )
    assert with_token.status == 200 and with_token.context["contact_id"] == tenant["contact_id"]
