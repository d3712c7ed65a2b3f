"""Changing the sign-in e-mail over HTTP through the local runtime (issue 14, "Changing the sign-in e-mail",
"E-mail squatting"): a stolen access token alone never moves the EMAIL identity. The change needs the current
password, or a fresh one-time code for a contact without one (without it nothing of the request is written);
then only the link mailed to the new address, confirmed by the POST of its page, moves the identity."""

import re

import requests

from tests.e2e.test_identity import get_contact, last_code, messages_to, post, register_phone
from tests.e2e.test_slice import PASSWORD, crm_error, new_email, register

TIMEOUT = 30


def sign_in(api, email, password=PASSWORD):
    return post(api, "/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": password})


def signed_in_by_phone(api):
    """A contact registered by phone, signed in with its SMS code: its national number, registration, tokens."""
    phone, registered = register_phone(api)
    e164 = "+357" + phone
    tokens = post(
        api, "/contacts/validate-otp", {"auth_otp": registered.json()["auth_otp"], "code": last_code(api, e164)}
    )
    assert tokens.status_code == 200, tokens.text
    return phone, registered, tokens.json()


def put(api, answer, body):
    return requests.put(
        f"{api.base_url}/contacts/{answer['contact']['id']}",
        json=body,
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {answer['access_token']}"},
    )


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


def confirmation_link(api, address):
    (mail,) = [m for m in messages_to(api, address) if "verify_email" in m["body"]]
    return re.search(r"(http\S+/contacts/verify_email/\S+)", mail["body"]).group(1)


def test_a_proven_change_waits_for_the_link_and_the_old_address_is_told(local_api):
    old = new_email()
    answer = register(local_api, local_api.test_key, old).json()
    new = new_email()
    response = put(local_api, answer, {"title": "Dr", "email_address": new, "current_password": PASSWORD})
    assert response.status_code == 200, response.text
    profile = get_contact(local_api, answer).json()
    assert (profile["email_address"], profile["pending_email_address"], profile["title"]) == (old, new, "Dr")
    # Until the link is confirmed the old address signs in and the new one does not.
    assert sign_in(local_api, old).status_code == 200
    crm_error(sign_in(local_api, new), 401)
    (notice,) = messages_to(local_api, old)
    assert "change" in notice["subject"] and "only if the link" in notice["body"] and "report it" in notice["body"]
    assert "verify_email" not in notice["body"] and new not in notice["body"]  # the old address gets no link
    link = confirmation_link(local_api, new)
    assert link.startswith(local_api.base_url + "/contacts/verify_email/")
    # A mail scanner opening the link changes nothing: the GET shows a page whose button POSTs.
    page = requests.get(link, timeout=TIMEOUT)
    assert page.status_code == 200 and '<form method="post">' in page.text
    assert sign_in(local_api, old).status_code == 200 and get_contact(local_api, answer).status_code == 200
    confirmed = requests.post(link, timeout=TIMEOUT)
    assert confirmed.status_code == 200 and "now sign in with this e-mail" in confirmed.text
    moved = sign_in(local_api, new)
    assert moved.status_code == 200 and moved.json()["contact"]["id"] == answer["contact"]["id"]
    assert moved.json()["contact"]["is_verified"] is True
    crm_error(sign_in(local_api, old), 401)
    crm_error(get_contact(local_api, answer), 401)  # the confirmed change ended the contact's sessions
    profile = get_contact(local_api, moved.json()).json()
    assert (profile["email_address"], profile["pending_email_address"]) == (new, None)
    assert requests.post(link, timeout=TIMEOUT).status_code == 400  # single use


def test_a_squatted_address_does_not_block_its_owner(local_api):
    """The attack: a PHONE contact puts somebody's address on its profile; today the owner's registration
    answered 409 and the owner's reset then signed into the squatter's contact. Now the address is only
    pending on the squatter's contact: the owner registers, and the squatter's link is worthless."""
    phone, _, squatter = signed_in_by_phone(local_api)
    e164 = "+357" + phone
    sent = post(local_api, "/contacts/otp", {"send_method": "SMS", "credentials": [{"name": "PHONE", "value": e164}]})
    assert sent.status_code == 200, sent.text
    owner_email = new_email()
    bare = put(local_api, squatter, {"email_address": owner_email})  # the seed's way: today it moved at once
    proven = put(
        local_api,
        squatter,
        {
            "email_address": owner_email,
            "otp": {"auth_otp": sent.json()["auth_otp"], "code": last_code(local_api, e164)},
        },
    )

    owner = register(local_api, local_api.test_key, owner_email)
    assert owner.status_code == 200, owner.text  # today: 409, the address was the squatter's
    assert crm_error(bare, 403)["parameters"] == ["otp"]
    assert proven.status_code == 200, proven.text
    link = confirmation_link(local_api, owner_email)
    owner_id = owner.json()["contact"]["id"]
    assert owner_id != squatter["contact"]["id"]
    # The squatter's link (even if the owner's mail scanner or the owner presses it) moves nothing.
    assert requests.get(link, timeout=TIMEOUT).status_code == 200
    assert requests.post(link, timeout=TIMEOUT).status_code == 409
    signed_in = sign_in(local_api, owner_email)
    assert signed_in.status_code == 200 and signed_in.json()["contact"]["id"] == owner_id
    # The squatter's phone still opens only the squatter's contact, never the owner's.
    post(local_api, "/contacts/authenticate", {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"})
    again = post(
        local_api,
        "/contacts/validate-otp",
        {"credentials": [{"name": "PHONE", "value": e164}], "code": last_code(local_api, e164)},
    )
    assert again.status_code == 200 and again.json()["contact"]["id"] == squatter["contact"]["id"]
    assert get_contact(local_api, {**again.json(), "contact": {"id": owner_id}}).status_code in (403, 404)


def test_a_contact_without_a_password_proves_the_change_with_a_fresh_code(local_api):
    phone, registered, answer = signed_in_by_phone(local_api)
    e164 = "+357" + phone
    new = new_email()
    assert crm_error(put(local_api, answer, {"email_address": new}), 403)["parameters"] == ["otp"]
    spent = {"auth_otp": registered.json()["auth_otp"], "code": last_code(local_api, e164)}
    assert crm_error(put(local_api, answer, {"email_address": new, "otp": spent}), 403)["parameters"] == ["otp"]
    assert get_contact(local_api, answer).json()["email_address"] is None
    sent = post(local_api, "/contacts/otp", {"send_method": "SMS", "credentials": [{"name": "PHONE", "value": e164}]})
    assert sent.status_code == 200, sent.text
    fresh = {"auth_otp": sent.json()["auth_otp"], "code": last_code(local_api, e164)}
    assert put(local_api, answer, {"email_address": new, "otp": fresh}).status_code == 200
    assert get_contact(local_api, answer).json()["pending_email_address"] == new
    assert requests.post(confirmation_link(local_api, new), timeout=TIMEOUT).status_code == 200
    moved = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": new})
    assert moved.status_code == 200 and set(moved.json()) == {"obfuscated_value", "auth_otp"}  # signs in by code
    # The code was spent by the change: it proves nothing a second time (the confirmed change also ended the
    # session, so sign in again first).
    answer = post(
        local_api, "/contacts/validate-otp", {"auth_otp": moved.json()["auth_otp"], "code": last_code(local_api, new)}
    ).json()
    assert crm_error(put(local_api, answer, {"email_address": new_email(), "otp": fresh}), 403)["parameters"] == ["otp"]


def test_the_owners_first_proof_of_a_squatted_address_ends_the_squatters_sessions(local_api):
    """The attack: somebody registers the owner's address with a password (no validation_required) and keeps
    the session. The owner's first proof of the address (a one-time code mailed to it) ends that session."""
    owner_email = new_email()
    squatter = register(local_api, local_api.test_key, owner_email).json()
    assert get_contact(local_api, squatter).status_code == 200
    sent = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": owner_email})
    owner = post(
        local_api,
        "/contacts/validate-otp",
        {"auth_otp": sent.json()["auth_otp"], "code": last_code(local_api, owner_email)},
    )
    assert owner.status_code == 200 and owner.json()["contact"]["is_verified"] is True
    crm_error(get_contact(local_api, squatter), 401)
    assert post(local_api, "/contacts/refresh", {"refresh_token": squatter["refresh_token"]}).status_code == 401
    assert get_contact(local_api, owner.json()).status_code == 200
