"""A replayed registration (same Idempotency-Key, same body) never starts a session: the review replayed one
after a password reset and got fresh working tokens. The replay answers 409 asking to sign in, and the stored
record holds no token (tests/integration/test_identity_rules.py)."""

import uuid

import requests

from tests.e2e.test_identity import PASSWORD, get_contact, post, reset_token
from tests.e2e.test_slice import crm_error, new_email


def _register_with_key(api):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    email = new_email()
    body = {
        "first_name": "Ida",
        "last_name": "Lee",
        "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD},
    }
    first = post(api, "/contacts/register", body, headers=key)
    assert first.status_code == 200, first.text
    return email, body, key, first.json()


def _refused_replay(api, body, key):
    again = post(api, "/contacts/register", body, headers=key)
    error = crm_error(again, 409)
    assert error["parameters"] == ["Idempotency-Key"] and "sign in" in error["message"]
    assert "access_token" not in again.json() and "refresh_token" not in again.json()


def test_a_replay_after_a_password_reset_answers_no_session(local_api):
    email, body, key, first = _register_with_key(local_api)
    assert post(local_api, "/contacts/forgot_password", {"username": email}).status_code == 200
    changed = requests.post(
        f"{local_api.base_url}/contacts/change_password",
        timeout=30,
        json={"token": reset_token(local_api, email), "password": "a brand new secret"},
    )
    assert changed.status_code == 200, changed.text
    _refused_replay(local_api, body, key)
    crm_error(get_contact(local_api, first), 401)  # the first answer's session ended with the reset


def test_a_replay_after_sign_out_answers_no_session(local_api):
    _, body, key, first = _register_with_key(local_api)
    url = f"{local_api.base_url}/contacts/{first['contact']['id']}/sign_out"
    assert requests.post(url, headers={"Authorization": first["access_token"]}, timeout=30).status_code == 200
    _refused_replay(local_api, body, key)
    crm_error(get_contact(local_api, first), 401)


def test_a_replay_right_after_the_first_answer_also_answers_no_session(local_api):
    _, body, key, first = _register_with_key(local_api)
    _refused_replay(local_api, body, key)
    assert get_contact(local_api, first).status_code == 200  # the first session goes on
