"""Changing the sign-in e-mail over HTTP through the local runtime: a stolen access token alone never moves
the EMAIL identity (issue 14, "Changing the sign-in e-mail"). The change needs the current password, or a
fresh one-time code for a contact without one; without that proof nothing of the request is written."""

import requests

from tests.e2e.test_identity import get_contact, last_code, post, register_phone
from tests.e2e.test_slice import PASSWORD, crm_error, new_email, register

TIMEOUT = 30


def sign_in(api, email, password=PASSWORD):
    return post(api, "/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": password})


def put(api, answer, body):
    return requests.put(f"{api.base_url}/contacts/{answer['contact']['id']}", json=body, timeout=TIMEOUT,
                        headers={"Authorization": f"Bearer {answer['access_token']}"})


def test_a_bearer_token_alone_does_not_move_the_sign_in_email(local_api):
    """The attack: a stolen access token PUTs the attacker's address, then resets the password through it.
    Today's code moved the identity at once; now 403 and nothing changes, the owner still signs in."""
    owner = new_email()
    answer = register(local_api, local_api.test_key, owner).json()
    attacker = new_email()
    for proof in ({}, {"current_password": "not the password"}, {"otp": {"auth_otp": "x", "code": "123456"}}):
        response = put(local_api, answer, {"title": "Dr", "email_address": attacker, **proof})
        body = crm_error(response, 403)
        assert body["parameters"] == ["current_password"]
        profile = get_contact(local_api, answer).json()
        assert profile["email_address"] == owner and profile["title"] is None  # no partial write
        assert sign_in(local_api, owner).status_code == 200
        crm_error(sign_in(local_api, attacker), 401)
    # With the current password the change goes through.
    assert put(local_api, answer, {"email_address": attacker, "current_password": PASSWORD}).status_code == 200


def test_a_contact_without_a_password_proves_the_change_with_a_fresh_code(local_api):
    phone, registered = register_phone(local_api)
    e164 = "+357" + phone
    tokens = post(local_api, "/contacts/validate-otp", {"auth_otp": registered.json()["auth_otp"],
                                                        "code": last_code(local_api, e164)})
    answer = tokens.json()
    new = new_email()
    assert crm_error(put(local_api, answer, {"email_address": new}), 403)["parameters"] == ["otp"]
    spent = {"auth_otp": registered.json()["auth_otp"], "code": last_code(local_api, e164)}
    assert crm_error(put(local_api, answer, {"email_address": new, "otp": spent}), 403)["parameters"] == ["otp"]
    assert get_contact(local_api, answer).json()["email_address"] is None
    sent = post(local_api, "/contacts/otp", {"send_method": "SMS", "credentials": [{"name": "PHONE", "value": e164}]})
    assert sent.status_code == 200, sent.text
    fresh = {"auth_otp": sent.json()["auth_otp"], "code": last_code(local_api, e164)}
    assert put(local_api, answer, {"email_address": new, "otp": fresh}).status_code == 200
    assert get_contact(local_api, answer).json()["email_address"] == new
    # The code is spent by the change: it proves nothing a second time.
    assert crm_error(put(local_api, answer, {"email_address": new_email(), "otp": fresh}), 403)["parameters"] == ["otp"]
