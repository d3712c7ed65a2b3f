"""The vertical slice over HTTP through the local runtime: real authorizer, real handlers, moto's AWS."""

import uuid

import pytest
import requests

PASSWORD = "correct horse 42"


def crm_error(response, status):
    """Asserts the CRM error body of API.md and answers it."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "message", "error", "parameters"}, body
    assert body["status"] == status and isinstance(body["parameters"], list) and body["message"]
    return body


def new_email():
    return f"e2e-{uuid.uuid4().hex[:12]}@example.com"


def register(api, key, email=None, password=PASSWORD, **extra):
    body = {
        "first_name": "John",
        "last_name": "Doe",
        "identity": {"provider": "EMAIL", "username": email or new_email(), "password": password},
        **extra,
    }
    return requests.post(f"{api.base_url}/contacts/register", json=body, headers={"api_key": key}, timeout=30)


@pytest.fixture(scope="module")
def contact(local_api):
    email = new_email()
    response = register(
        local_api,
        local_api.test_key,
        email,
        custom_fields=[{"key": "store", "value": "Nicosia"}],
        sms_opt_out=True,
        consent_state="ACCEPTED",
    )
    assert response.status_code == 200, response.text
    return {"email": email, **response.json()}


def test_register_answers_tokens_and_the_contact(contact):
    assert contact["access_token"].count(".") == 2
    assert contact["refresh_token"] and contact["exp"] > 0
    assert contact["contact"]["first_name"] == "John" and contact["contact"]["is_verified"] is False
    assert contact["organisations"][0]["name"] == "Demo Organisation"
    assert "password" not in str(contact) and PASSWORD not in str(contact)


def test_authenticate_then_get_own_contact_with_each_header_form(local_api, contact):
    response = requests.post(
        f"{local_api.base_url}/contacts/authenticate",
        headers={"api_key": local_api.test_key},
        json={"provider": "EMAIL", "username": contact["email"].upper(), "password": PASSWORD},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    token, contact_id = response.json()["access_token"], response.json()["contact"]["id"]
    assert contact_id == contact["contact"]["id"]
    for headers in (
        {"Authorization": f"Bearer {token}"},
        {"Authorization": token},
        {"auth_token": token},
        {"Authorization": f"Bearer {token}", "api_key": local_api.test_key},
    ):
        got = requests.get(f"{local_api.base_url}/contacts/{contact_id}", headers=headers, timeout=30)
        assert got.status_code == 200, (headers.keys(), got.text)
        body = got.json()
        assert body["id"] == contact_id and body["email_address"] == contact["email"]
        assert body["sms_opt_out"] is True and body["consent_state"] == "ACCEPTED"
        assert body["custom_fields"] == [{"key": "store", "value": "Nicosia"}]
        assert body["organisations"][0]["name"] == "Demo Organisation"
        assert not {"password", "password_hash", "tenant", "version", "refresh_token_hash"} & set(body)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(local_api, contact):
    url = f"{local_api.base_url}/contacts/authenticate"
    wrong = requests.post(
        url,
        headers={"api_key": local_api.test_key},
        timeout=30,
        json={"provider": "EMAIL", "username": contact["email"], "password": "not the password"},
    )
    unknown = requests.post(
        url,
        headers={"api_key": local_api.test_key},
        timeout=30,
        json={"provider": "EMAIL", "username": new_email(), "password": "not the password"},
    )
    assert crm_error(wrong, 401) == crm_error(unknown, 401)
    assert wrong.json()["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"


def test_registering_the_same_email_twice_conflicts(local_api, contact):
    body = crm_error(register(local_api, local_api.test_key, contact["email"].upper()), 409)
    assert body["parameters"] == ["username"]


def test_another_contacts_id_answers_404(local_api, contact):
    other = register(local_api, local_api.test_key).json()
    response = requests.get(
        f"{local_api.base_url}/contacts/{other['contact']['id']}",
        timeout=30,
        headers={"Authorization": f"Bearer {contact['access_token']}"},
    )
    body = crm_error(response, 404)
    assert body["error"] == "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION"
    assert body["parameters"] == ["contact", other["contact"]["id"]]


def test_test_mode_contacts_are_invisible_in_live_mode(local_api, contact):
    # The same e-mail is free in live mode: the modes are separate worlds.
    live = register(local_api, local_api.live_key, contact["email"])
    assert live.status_code == 200, live.text
    assert live.json()["contact"]["id"] != contact["contact"]["id"]
    test_id = contact["contact"]["id"]
    # A live token cannot read the test contact, and a live key cannot vouch for a test token.
    crm_error(
        requests.get(
            f"{local_api.base_url}/contacts/{test_id}",
            timeout=30,
            headers={"Authorization": f"Bearer {live.json()['access_token']}"},
        ),
        404,
    )
    crm_error(
        requests.get(
            f"{local_api.base_url}/contacts/{test_id}",
            timeout=30,
            headers={"Authorization": f"Bearer {contact['access_token']}", "api_key": local_api.live_key},
        ),
        401,
    )
    signin = requests.post(
        f"{local_api.base_url}/contacts/authenticate",
        headers={"api_key": local_api.live_key},
        json={"provider": "EMAIL", "username": contact["email"], "password": "wrong password"},
        timeout=30,
    )
    crm_error(signin, 401)


def test_malformed_json_answers_400(local_api):
    response = requests.post(
        f"{local_api.base_url}/contacts/register",
        data="{not json",
        timeout=30,
        headers={"api_key": local_api.test_key, "Content-Type": "application/json"},
    )
    assert crm_error(response, 400)["parameters"] == ["body"]


def test_a_missing_field_answers_400_naming_it(local_api):
    response = requests.post(
        f"{local_api.base_url}/contacts/register",
        headers={"api_key": local_api.test_key},
        json={"identity": {"provider": "EMAIL", "password": PASSWORD}},
        timeout=30,
    )
    assert crm_error(response, 400)["parameters"] == ["identity.username"]


def test_wrong_types_unknown_enums_and_unknown_fields_answer_400(local_api):
    cases = [
        ({"identity": {"provider": "EMAIL", "username": new_email(), "password": 12345678}}, "identity.password"),
        (
            {"identity": {"provider": "CARRIER_PIGEON", "username": new_email(), "password": PASSWORD}},
            "identity.provider",
        ),
        (
            {"identity": {"provider": "EMAIL", "username": new_email(), "password": PASSWORD}, "is_verified": True},
            "is_verified",
        ),
        ({"identity": {"provider": "EMAIL", "username": "not-an-email", "password": PASSWORD}}, "identity.username"),
        ({"identity": {"provider": "EMAIL", "username": new_email(), "password": "short"}}, "identity.password"),
    ]
    for body, field in cases:
        response = requests.post(
            f"{local_api.base_url}/contacts/register", headers={"api_key": local_api.test_key}, json=body, timeout=30
        )
        assert field in crm_error(response, 400)["parameters"], (body, response.text)


def test_an_oversize_body_answers_413(local_api):
    response = requests.post(
        f"{local_api.base_url}/contacts/register",
        headers={"api_key": local_api.test_key},
        json={"first_name": "x" * 70_000},
        timeout=30,
    )
    crm_error(response, 413)


def test_an_unknown_route_answers_404_in_the_crm_format(local_api):
    crm_error(
        requests.get(f"{local_api.base_url}/no/such/route", headers={"api_key": local_api.test_key}, timeout=30), 404
    )
    crm_error(requests.delete(f"{local_api.base_url}/contacts/register", timeout=30), 404)


def test_missing_and_unknown_credentials_answer_401(local_api, contact):
    url = f"{local_api.base_url}/contacts/{contact['contact']['id']}"
    crm_error(requests.get(url, timeout=30), 401)
    crm_error(requests.get(url, headers={"Authorization": "Bearer not.a.jwt"}, timeout=30), 401)
    crm_error(
        requests.post(
            f"{local_api.base_url}/contacts/register", headers={"api_key": "pk_test_nope"}, json={}, timeout=30
        ),
        401,
    )


def test_a_key_alone_on_a_contact_route_answers_403(local_api, contact):
    response = requests.get(
        f"{local_api.base_url}/contacts/{contact['contact']['id']}", timeout=30, headers={"api_key": local_api.test_key}
    )
    assert crm_error(response, 403)["error"] == "CRM.EXCEPTIONS.FORBIDDENEXCEPTION"
