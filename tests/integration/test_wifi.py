"""WiFi authorization and MAC_ADDRESS sign-in, through the functions on API Gateway events (moto)."""

import json

import boto3
import jwt
import pytest

from crm.context import RequestContext
from crm.data.sessions import find_session
from crm.errors import InvalidInput
from crm.services import tenancy
from crm.services.devices import normalise_mac
from crm.services.identity import register_with_email_password
from tests import helpers
from tests.helpers import contact_authorizer, key_authorizer, queue_for_events

MAC = "01-23-45-67-89-AB"


def api_event(method, resource, path, body, ctx, path_parameters=None, caller=""):
    """Behind the api_key of application `app`, and the access token of `caller` when given."""
    authorizer = contact_authorizer(ctx, caller, "s") if caller else key_authorizer(ctx)
    return helpers.api_event(
        method,
        resource,
        path,
        body=body,
        path_parameters=path_parameters,
        authorizer=dict(authorizer, application_id="app"),
    )


def authorize(stack, ctx, contact_id, mac=MAC, caller=None, **extra):
    """As the authorizer lets it through: the api_key and the access token of `caller` (the path's contact
    unless told)."""
    body = {"integration_id": "int-1", "mac_address": mac, "estimation_id": "est-1", "site_id": "site-1", **extra}
    answer = stack.invoke(
        "WifiFunction",
        api_event(
            "POST",
            "/contacts/{id}/wifi/authorization",
            f"/contacts/{contact_id}/wifi/authorization",
            body,
            ctx,
            {"id": contact_id},
            contact_id if caller is None else caller,
        ),
    )
    return answer["statusCode"], json.loads(answer["body"])


def mac_sign_in(stack, ctx, mac=MAC):
    answer = stack.invoke(
        "AuthenticationFunction",
        api_event(
            "POST",
            "/contacts/authenticate",
            "/contacts/authenticate",
            {"provider": "MAC_ADDRESS", "mac_address": mac},
            ctx,
        ),
    )
    return answer["statusCode"], json.loads(answer["body"])


@pytest.fixture
def world(stack):
    organisation = tenancy.create_organisation("Wifi Org")
    test = RequestContext(organisation_id=organisation.organisation_id, mode="test")
    live = RequestContext(organisation_id=organisation.organisation_id, mode="live")
    other = RequestContext(organisation_id=tenancy.create_organisation("Other Org").organisation_id, mode="test")
    ann = register_with_email_password(test, email="ann@example.com", password="password1234", profile={})
    bob = register_with_email_password(test, email="bob@example.com", password="password1234", profile={})
    bus = stack.resolver.resolve({"Ref": "WifiEventBus"})
    sqs, events = boto3.client("sqs"), boto3.client("events")
    queue_url = queue_for_events(sqs, events, bus, "wifi-platform", "WifiAuthorized")
    return {
        "test": test,
        "live": live,
        "other": other,
        "ann": ann["contact"]["id"],
        "bob": bob["contact"]["id"],
        "queue_url": queue_url,
        "stack": stack,
    }


def received(queue_url):
    messages = boto3.client("sqs").receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


@pytest.mark.parametrize(
    "text", ["01-23-45-67-89-AB", "01:23:45:67:89:ab", "0123.4567.89AB", "0123456789ab", " 01:23:45:67:89:AB "]
)
def test_mac_forms_normalise_alike(text):
    assert normalise_mac(text) == "01:23:45:67:89:ab"


@pytest.mark.parametrize(
    "text",
    [
        "01-23-45-67-89",
        "01:23-45:67-89:ab",
        "zz:23:45:67:89:ab",
        "00:00:00:00:00:00",
        "ff:ff:ff:ff:ff:ff",
        "0123456789abc",
    ],
)
def test_bad_macs_are_refused(text):
    with pytest.raises(InvalidInput):
        normalise_mac(text)


def test_authorization_publishes_the_event_and_enables_mac_sign_in(world):
    stack, ctx = world["stack"], world["test"]
    assert authorize(stack, ctx, world["ann"]) == (200, {})
    (event,) = received(world["queue_url"])
    assert event["source"] == "crm.self-service" and event["detail-type"] == "WifiAuthorized"
    detail = event["detail"]
    assert {
        k: detail[k]
        for k in ("integration_id", "mac_address", "estimation_id", "site_id", "contact_id", "organisation_id", "mode")
    } == {
        "integration_id": "int-1",
        "mac_address": "01:23:45:67:89:ab",
        "estimation_id": "est-1",
        "site_id": "site-1",
        "contact_id": world["ann"],
        "organisation_id": ctx.organisation_id,
        "mode": "test",
    }
    assert detail["expires_at"] - detail["authorized_on"] == 86400
    status, body = mac_sign_in(stack, ctx, "01:23:45:67:89:ab")
    assert status == 200 and body["contact"]["id"] == world["ann"] and body["access_token"]
    # The session (and so its refresh token) ends when the authorization does.
    session_id = jwt.decode(body["access_token"], options={"verify_signature": False})["sid"]
    assert find_session(session_id).expires_at == detail["expires_at"]


def test_a_second_device_is_refused_while_one_is_active_and_the_same_one_renews(world):
    stack, ctx = world["stack"], world["test"]
    assert authorize(stack, ctx, world["ann"])[0] == 200
    status, body = authorize(stack, ctx, world["ann"], mac="02:00:00:00:00:02")
    assert status == 400 and body["error"] == "ClientAlreadyAuthorizedException"
    assert mac_sign_in(stack, ctx, "02:00:00:00:00:02")[0] == 401
    assert authorize(stack, ctx, world["ann"], mac="01:23:45:67:89:ab")[0] == 200
    assert len(received(world["queue_url"])) == 2


def test_a_device_of_another_contact_conflicts(world):
    stack, ctx = world["stack"], world["test"]
    assert authorize(stack, ctx, world["ann"])[0] == 200
    status, body = authorize(stack, ctx, world["bob"])
    assert status == 409 and body["parameters"] == ["mac_address"]
    assert mac_sign_in(stack, ctx)[1]["contact"]["id"] == world["ann"]


def test_mac_sign_in_is_scoped_to_organisation_and_mode(world):
    stack = world["stack"]
    assert authorize(stack, world["test"], world["ann"])[0] == 200
    for ctx in (world["live"], world["other"]):
        status, body = mac_sign_in(stack, ctx)
        assert status == 401 and body["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"


def test_an_unknown_mac_and_a_bad_one(world):
    stack, ctx = world["stack"], world["test"]
    assert mac_sign_in(stack, ctx)[0] == 401
    status, body = mac_sign_in(stack, ctx, "not-a-mac-address")
    assert status == 400 and body["parameters"] == ["mac_address"]


def test_an_expired_authorization_neither_signs_in_nor_blocks_a_new_device(world, monkeypatch):
    stack, ctx = world["stack"], world["test"]
    monkeypatch.setenv("WIFI_AUTHORIZATION_SECONDS", "-1")  # already over when written
    assert authorize(stack, ctx, world["ann"])[0] == 200
    assert mac_sign_in(stack, ctx)[0] == 401
    monkeypatch.delenv("WIFI_AUTHORIZATION_SECONDS")
    assert authorize(stack, ctx, world["ann"], mac="02:00:00:00:00:02")[0] == 200
    assert authorize(stack, ctx, world["bob"])[0] == 200  # the old device is free again


def test_unknown_contact_and_bad_bodies(world):
    stack, ctx = world["stack"], world["test"]
    status, body = authorize(stack, ctx, "nobody")
    assert status == 404 and body["parameters"] == ["contact", "nobody"]
    status, body = authorize(stack, ctx, world["ann"], state="ACTIVE")
    assert status == 400 and "state" in body["parameters"]
    status, body = authorize(stack, ctx, world["ann"], mac="01-23-45-67-89-GG")
    assert status == 400 and body["parameters"] == ["mac_address"]
    assert received(world["queue_url"]) == []


def test_a_bus_failure_answers_502_and_leaves_no_authorization(world, monkeypatch):
    stack, ctx = world["stack"], world["test"]
    monkeypatch.setenv("WIFI_EVENT_BUS", "no-such-bus")
    status, body = authorize(stack, ctx, world["ann"])
    assert status == 502 and body["error"] == "CRM.EXCEPTIONS.UPSTREAMEXCEPTION"
    assert mac_sign_in(stack, ctx)[0] == 401
    monkeypatch.undo()
    assert authorize(stack, ctx, world["ann"], mac="02:00:00:00:00:02")[0] == 200


def test_a_contact_binds_devices_only_to_itself(world):
    stack, ctx = world["stack"], world["test"]
    status, body = authorize(stack, ctx, world["bob"], caller=world["ann"])
    assert status == 404 and body["parameters"] == ["contact", world["bob"]], body
    assert mac_sign_in(stack, ctx)[0] == 401


def test_ending_all_sessions_ends_the_device_binding_and_nobody_elses(world):
    from crm.data.devices import find_device
    from crm.services.sessions import end_all_sessions

    stack, ctx = world["stack"], world["test"]
    assert authorize(stack, ctx, world["ann"]) == (200, {})
    assert authorize(stack, ctx, world["bob"], mac="02:00:00:00:00:02") == (200, {})
    end_all_sessions(ctx.tenant, world["ann"])
    assert find_device(ctx.tenant, MAC) is None
    assert mac_sign_in(stack, ctx)[0] == 401
    assert mac_sign_in(stack, ctx, "02:00:00:00:00:02")[0] == 200
    assert end_all_sessions(ctx.tenant, world["ann"]) == 0  # nothing left: no error
