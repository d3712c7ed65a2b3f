"""WiFi authorization and MAC_ADDRESS sign-in over HTTP, and the event the WiFi platform receives."""

import json
import uuid

import boto3
import pytest
import requests

from tests.e2e.test_identity import reset_token
from tests.e2e.test_messaging_limits import new_organisation, operator
from tests.e2e.test_slice import PASSWORD, crm_error, new_email, register
from tests.helpers import http_call, queue_for_events


@pytest.fixture(scope="module")
def platform_queue(local_api):
    """What the WiFi platform's integration would do: a rule on our bus that feeds its queue."""
    aws = dict(
        endpoint_url=local_api.aws_endpoint(),
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    sqs, events = boto3.client("sqs", **aws), boto3.client("events", **aws)
    bus = next(b["Name"] for b in events.list_event_buses()["EventBuses"] if b["Name"].endswith("-wifi"))
    queue_url = queue_for_events(sqs, events, bus, f"wifi-platform-{uuid.uuid4().hex[:8]}", "WifiAuthorized")

    def receive():
        answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        return [json.loads(m["Body"]) for m in answer.get("Messages", [])]

    return receive


def authorize(api, contact_id, mac, key=None, token=None):
    """As the WiFi portal does after the contact signed in: the api_key and the contact's access token."""
    body = {
        "integration_id": "6b6d31e9-3603-36e1-be89-76c1e538644b",
        "mac_address": mac,
        "estimation_id": "0ba7de75-8a68-c19a-3d3a-f4708723a1a4",
        "site_id": "site-7",
    }
    return http_call(
        api, "POST", f"/contacts/{contact_id}/wifi/authorization", body, key=key or api.test_key, token=token
    )


def mac_sign_in(api, mac, key=None):
    return requests.post(
        f"{api.base_url}/contacts/authenticate",
        headers={"api_key": key or api.test_key},
        json={"provider": "MAC_ADDRESS", "mac_address": mac},
        timeout=30,
    )


def random_mac():
    return "02:" + ":".join(uuid.uuid4().hex[i : i + 2] for i in range(0, 10, 2))


def test_wifi_authorization_then_mac_sign_in(local_api, platform_queue):
    registered = register(local_api, local_api.test_key).json()
    contact, token = registered["contact"], registered["access_token"]
    mac = random_mac()
    dashed = mac.upper().replace(":", "-")
    response = authorize(local_api, contact["id"], dashed, token=token)
    assert response.status_code == 200, response.text
    (event,) = platform_queue()
    assert event["detail-type"] == "WifiAuthorized"
    assert {k: event["detail"][k] for k in ("mac_address", "contact_id", "site_id", "mode")} == {
        "mac_address": mac,
        "contact_id": contact["id"],
        "site_id": "site-7",
        "mode": "test",
    }
    assert event["detail"]["integration_id"] == "6b6d31e9-3603-36e1-be89-76c1e538644b"
    assert event["detail"]["estimation_id"] == "0ba7de75-8a68-c19a-3d3a-f4708723a1a4"

    signed_in = mac_sign_in(local_api, dashed.lower())
    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()
    assert tokens["contact"]["id"] == contact["id"] and tokens["refresh_token"]
    own = http_call(local_api, "GET", f"/contacts/{contact['id']}", token=tokens["access_token"])
    assert own.status_code == 200 and own.json()["id"] == contact["id"]

    second = crm_error(authorize(local_api, contact["id"], random_mac(), token=token), 400)
    assert second["error"] == "ClientAlreadyAuthorizedException"
    assert platform_queue() == []


def test_mac_sign_in_needs_an_authorized_device_of_that_mode(local_api):
    registered = register(local_api, local_api.test_key).json()
    contact, token = registered["contact"], registered["access_token"]
    mac = random_mac()
    assert crm_error(mac_sign_in(local_api, mac), 401)["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"
    assert authorize(local_api, contact["id"], mac, token=token).status_code == 200
    assert crm_error(mac_sign_in(local_api, mac, local_api.live_key), 401)["parameters"] == ["mac_address"]
    # A test-mode contact's token beside the live key: the credentials disagree.
    crm_error(authorize(local_api, contact["id"], random_mac(), local_api.live_key, token=token), 401)


def test_the_publishable_key_alone_binds_no_device(local_api):
    """The attack: anyone has the api_key (it ships in every app); with it alone they bound their MAC to any
    contact id and signed in as that contact by MAC_ADDRESS. Now 401, and the MAC signs nobody in."""
    victim = register(local_api, local_api.test_key).json()["contact"]
    mac = random_mac()
    refused = crm_error(authorize(local_api, victim["id"], mac), 401)
    assert set(refused) == {"status", "message", "error", "parameters"}
    assert crm_error(mac_sign_in(local_api, mac), 401)["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"


def test_a_contact_token_binds_devices_to_that_contact_only(local_api):
    attacker = register(local_api, local_api.test_key).json()
    victim = register(local_api, local_api.test_key).json()["contact"]
    mac = random_mac()
    crm_error(authorize(local_api, victim["id"], mac, token=attacker["access_token"]), 404)
    assert crm_error(mac_sign_in(local_api, mac), 401)["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"


def test_wifi_authorization_needs_the_api_key(local_api):
    crm_error(requests.post(f"{local_api.base_url}/contacts/x/wifi/authorization", json={}, timeout=30), 401)


def test_a_password_reset_ends_the_device_binding(local_api):
    """A bound MAC is a standing sign-in: the reset that ends the contact's sessions ends it too."""
    email = new_email()
    registered = register(local_api, local_api.test_key, email=email).json()
    mac = random_mac()
    assert authorize(local_api, registered["contact"]["id"], mac, token=registered["access_token"]).status_code == 200
    assert mac_sign_in(local_api, mac).status_code == 200
    asked = requests.post(
        f"{local_api.base_url}/contacts/forgot_password",
        headers={"api_key": local_api.test_key},
        json={"username": email},
        timeout=30,
    )
    assert asked.status_code == 200, asked.text
    changed = requests.post(
        f"{local_api.base_url}/contacts/change_password",
        timeout=30,
        json={"token": reset_token(local_api, email), "password": "a brand new secret"},
    )
    assert changed.status_code == 200, changed.text
    assert crm_error(mac_sign_in(local_api, mac), 401)["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"


def _device_session(api):
    """A contact that bound a device (key + its own token), and the session that device's MAC sign-in answers."""
    email = new_email()
    registered = register(api, api.test_key, email=email).json()
    mac = random_mac()
    assert authorize(api, registered["contact"]["id"], mac, token=registered["access_token"]).status_code == 200
    signed_in = mac_sign_in(api, mac)
    assert signed_in.status_code == 200, signed_in.text
    return email, registered, signed_in.json()


def _call(api, method, path, token, **kwargs):
    return requests.request(
        method, f"{api.base_url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30, **kwargs
    )


def test_a_device_session_reads_but_changes_nothing_of_the_contact(local_api):
    """The attack: a MAC_ADDRESS sign-in (a device the WiFi platform knows, or anyone who spoofs its MAC) answered
    a full session, which changed the profile, the e-mail, the consents and deleted the contact. A device session
    only reads: 403 in the CRM body, nothing stored changes, and a refresh keeps the restriction."""
    email, registered, device = _device_session(local_api)
    contact_id, owner_token = registered["contact"]["id"], registered["access_token"]
    path = f"/contacts/{contact_id}"
    before = _call(local_api, "GET", path, owner_token).json()

    def refused(token):
        attacker = new_email()
        for method, suffix, body in (
            ("PUT", "", {"first_name": "Mallory"}),
            ("PUT", "", {"first_name": "Mallory", "email_address": attacker, "current_password": PASSWORD}),
            ("PUT", "/consents", {"consent_state": "REJECTED"}),
            ("PUT", "/preferences", {"type": "ORDERS"}),
            ("DELETE", "", None),
        ):
            answer = crm_error(_call(local_api, method, path + suffix, token, json=body), 403)
            assert answer["error"] == "CRM.EXCEPTIONS.FORBIDDENEXCEPTION", (method, suffix, answer)
        # Nor bind another device to the contact (nor re-bind its own) with the api_key beside it.
        crm_error(authorize(local_api, contact_id, random_mac(), token=token), 403)
        read = _call(local_api, "GET", path, token)
        assert read.status_code == 200, read.text
        assert read.json() == before  # the e-mail, the name, the consents: all as they were
        assert _call(local_api, "GET", path + "/demographics", token).status_code == 200

    refused(device["access_token"])
    refreshed = requests.post(
        f"{local_api.base_url}/contacts/refresh",
        headers={"api_key": local_api.test_key},
        json={"refresh_token": device["refresh_token"]},
        timeout=30,
    )
    assert refreshed.status_code == 200, refreshed.text
    refused(refreshed.json()["access_token"])
    # The contact's own session is untouched, and the address still signs in.
    assert _call(local_api, "GET", path, owner_token).json() == before
    signed_in = requests.post(
        f"{local_api.base_url}/contacts/authenticate",
        headers={"api_key": local_api.test_key},
        json={"provider": "EMAIL", "username": email, "password": PASSWORD},
        timeout=30,
    )
    assert signed_in.status_code == 200, signed_in.text


def test_a_device_session_signs_itself_out(local_api):
    _, registered, device = _device_session(local_api)
    contact_id = registered["contact"]["id"]
    done = _call(local_api, "POST", f"/contacts/{contact_id}/sign_out", device["access_token"])
    assert done.status_code == 200, done.text
    crm_error(_call(local_api, "GET", f"/contacts/{contact_id}", device["access_token"]), 401)
    assert _call(local_api, "GET", f"/contacts/{contact_id}", registered["access_token"]).status_code == 200


def wifi_secret(api, organisation_id, mode="test"):
    """`python -m crmctl.admin create-wifi-secret`, as the operator runs it: the secret is printed once."""
    printed = operator(api, "create-wifi-secret", "--organisation", organisation_id, "--mode", mode)
    return printed.split(f"{mode} wifi integration secret: ", 1)[1].split()[0]


def bind_by_integration(api, contact_id, mac, key, secret):
    """As the WiFi platform's server does: the api_key and the integration's secret, no contact token."""
    headers = {"api_key": key, **({"X-Integration-Secret": secret} if secret else {})}
    return requests.post(
        f"{api.base_url}/contacts/{contact_id}/wifi/authorization",
        timeout=30,
        headers=headers,
        json={"integration_id": "6b6d31e9-3603-36e1-be89-76c1e538644b", "mac_address": mac},
    )


def test_the_wifi_integration_secret_binds_a_device_beside_the_key(local_api):
    """The second proof of a binding: a secret per organisation and mode, made by the operator, never the
    publishable key. A wrong secret, another organisation's or the other mode's answers 401; the right one 200."""
    organisation_id, test_key, _ = new_organisation(local_api, "WiFi Integration Org")
    other_id, other_key, _ = new_organisation(local_api, "WiFi Other Org")
    secret, live_secret, foreign = (
        wifi_secret(local_api, organisation_id),
        wifi_secret(local_api, organisation_id, "live"),
        wifi_secret(local_api, other_id),
    )
    contact = register(local_api, test_key).json()["contact"]
    mac = random_mac()
    wrong = secret[:-6] + ("AAAAAA" if not secret.endswith("AAAAAA") else "BBBBBB")
    for attempt in (None, wrong, live_secret, foreign):
        crm_error(bind_by_integration(local_api, contact["id"], mac, test_key, attempt), 401)
    crm_error(bind_by_integration(local_api, contact["id"], mac, other_key, foreign), 404)  # not its contact
    assert crm_error(mac_sign_in(local_api, mac, test_key), 401)["parameters"] == ["mac_address"]

    bound = bind_by_integration(local_api, contact["id"], mac, test_key, secret)
    assert bound.status_code == 200, bound.text
    signed_in = mac_sign_in(local_api, mac, test_key)
    assert signed_in.status_code == 200 and signed_in.json()["contact"]["id"] == contact["id"]
    # A new secret replaces the old one at once.
    renewed = wifi_secret(local_api, organisation_id)
    later = register(local_api, test_key).json()["contact"]
    crm_error(bind_by_integration(local_api, later["id"], random_mac(), test_key, secret), 401)
    assert bind_by_integration(local_api, later["id"], random_mac(), test_key, renewed).status_code == 200
