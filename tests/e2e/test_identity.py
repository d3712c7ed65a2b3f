"""Identity over HTTP through the local runtime: every way to register and sign in (EMAIL, PHONE, one-time
codes), the token life cycle (refresh, reuse detection, sign-out), password reset and e-mail verification.
Codes and links are read from /_local/outbox, as a person would read them from their inbox or phone."""

import random
import re
import time
import uuid
from pathlib import Path

import requests

from tests.e2e.conftest import run_admin
from tests.e2e.test_slice import PASSWORD, crm_error, new_email, register
from tests.helpers import http_call

ROOT = Path(__file__).resolve().parents[2]


def post(api, path, body=None, key=None, headers=None, **kwargs):
    return http_call(api, "POST", path, body, key=key or api.test_key, headers=headers, **kwargs)


def new_phone():
    return "99" + "".join(random.choice("0123456789") for _ in range(6))


def messages_to(api, recipient):
    return [m for m in api.outbox() if recipient in (m.get("to") or "")]


def last_code(api, recipient):
    found = messages_to(api, recipient)
    assert found, f"nothing was sent to {recipient}"
    match = re.search(r"\b(\d{6})\b", found[-1]["body"])
    assert match, found[-1]
    return match.group(1)


def register_phone(api, phone=None, **extra):
    phone = phone or new_phone()
    body = {
        "first_name": "Pat",
        "last_name": "Phone",
        "identity": {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"},
        **extra,
    }
    return phone, post(api, "/contacts/register", body)


def signed_in_by_email(api):
    email = new_email()
    answer = register(api, api.test_key, email)
    assert answer.status_code == 200, answer.text
    return email, answer.json()


def get_contact(api, answer):
    return http_call(api, "GET", f"/contacts/{answer['contact']['id']}", token=answer["access_token"])


# ---------------------------------------------------------------- register and sign in with one-time codes


def test_phone_registration_sends_an_sms_code_that_signs_in(local_api):
    phone, response = register_phone(
        local_api, sms_opt_out=True, referral_code="FRIEND42", custom_fields=[{"key": "store", "value": "Limassol"}]
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == {"obfuscated_value", "auth_otp"}
    assert answer["obfuscated_value"] == f"+35799***{phone[-3:]}"
    e164 = "+357" + phone
    (sms,) = messages_to(local_api, e164)
    assert sms["channel"] == "SMS"
    code = last_code(local_api, e164)
    assert code not in response.text

    tokens = post(
        local_api, "/contacts/validate-otp", {"auth_otp": answer["auth_otp"], "code": code, "remember_me": True}
    )
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    assert body["contact"]["first_name"] == "Pat" and body["contact"]["is_verified"] is True
    contact = get_contact(local_api, body).json()
    assert contact["phone"]["number"] == e164 and contact["referral_code"] == "FRIEND42"
    assert contact["sms_opt_out"] is True and contact["custom_fields"] == [{"key": "store", "value": "Limassol"}]


def test_email_registration_without_password_mails_a_code(local_api):
    email = new_email()
    response = post(
        local_api,
        "/contacts/register",
        {"first_name": "Em", "last_name": "Ail", "identity": {"provider": "EMAIL", "username": email}},
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["obfuscated_value"] == email[:2] + "***@example.com"
    code = last_code(local_api, email)
    # The seed's shape: the auth_otp as a credential.
    tokens = post(
        local_api,
        "/contacts/validate-otp",
        {"credentials": [{"name": "AUTH_OTP", "value": answer["auth_otp"]}], "code": code},
    )
    assert tokens.status_code == 200, tokens.text
    assert tokens.json()["contact"]["is_verified"] is True
    # No password was set: a password sign-in is refused like any wrong password.
    crm_error(
        post(
            local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": "anything at all"}
        ),
        401,
    )


def test_one_phone_number_per_tenant(local_api):
    phone, first = register_phone(local_api)
    assert first.status_code == 200
    _, again = register_phone(local_api, phone)
    assert crm_error(again, 409)["parameters"] == ["identity.phone_number"]
    # The same number in international form is the same identity.
    _, international = register_phone(local_api, f"+357{phone}")
    crm_error(international, 409)


def test_phone_sign_in_sends_a_code_and_an_unknown_phone_gets_the_same_answer(local_api):
    phone, registered = register_phone(local_api)
    post(
        local_api,
        "/contacts/validate-otp",
        {"auth_otp": registered.json()["auth_otp"], "code": last_code(local_api, "+357" + phone)},
    )
    signin = post(
        local_api, "/contacts/authenticate", {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"}
    )
    assert signin.status_code == 200, signin.text
    assert set(signin.json()) == {"obfuscated_value", "auth_otp"}
    assert len(messages_to(local_api, "+357" + phone)) == 2
    tokens = post(
        local_api,
        "/contacts/validate-otp",
        {"auth_otp": signin.json()["auth_otp"], "code": last_code(local_api, "+357" + phone)},
    )
    assert tokens.status_code == 200, tokens.text

    stranger = new_phone()
    unknown = post(
        local_api, "/contacts/authenticate", {"provider": "PHONE", "phone_number": stranger, "country_code": "CYP"}
    )
    assert unknown.status_code == 200 and set(unknown.json()) == {"obfuscated_value", "auth_otp"}
    assert messages_to(local_api, "+357" + stranger) == []
    crm_error(
        post(local_api, "/contacts/validate-otp", {"auth_otp": unknown.json()["auth_otp"], "code": "000000"}), 401
    )


def test_email_username_alone_signs_in_by_code(local_api):
    email, _ = signed_in_by_email(local_api)
    answer = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email})
    assert answer.status_code == 200 and "auth_otp" in answer.json(), answer.text
    tokens = post(
        local_api,
        "/contacts/validate-otp",
        {"auth_otp": answer.json()["auth_otp"], "code": last_code(local_api, email)},
    )
    assert tokens.status_code == 200, tokens.text
    # A code proves the mailbox: the e-mail identity is now verified.
    assert tokens.json()["contact"]["is_verified"] is True


# ---------------------------------------------------------------- OTP rules


def test_a_code_is_six_digits_single_use_and_only_the_latest_is_valid(local_api):
    email, _ = signed_in_by_email(local_api)
    first = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email}).json()
    first_code = last_code(local_api, email)
    second = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email}).json()
    second_code = last_code(local_api, email)
    assert re.fullmatch(r"\d{6}", second_code)
    crm_error(post(local_api, "/contacts/validate-otp", {"auth_otp": first["auth_otp"], "code": first_code}), 401)
    ok = post(local_api, "/contacts/validate-otp", {"auth_otp": second["auth_otp"], "code": second_code})
    assert ok.status_code == 200, ok.text
    again = crm_error(
        post(local_api, "/contacts/validate-otp", {"auth_otp": second["auth_otp"], "code": second_code}), 401
    )
    assert again["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"


def test_three_wrong_tries_kill_the_code(local_api):
    email, _ = signed_in_by_email(local_api)
    answer = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email}).json()
    code = last_code(local_api, email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(3):
        crm_error(post(local_api, "/contacts/validate-otp", {"auth_otp": answer["auth_otp"], "code": wrong}), 401)
    crm_error(post(local_api, "/contacts/validate-otp", {"auth_otp": answer["auth_otp"], "code": code}), 401)


def test_at_most_five_codes_an_hour(local_api):
    email, _ = signed_in_by_email(local_api)
    for _ in range(5):
        assert post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email}).status_code == 200
    refused = post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email})
    crm_error(refused, 429)
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert len(messages_to(local_api, email)) == 5


def test_otp_and_validate_by_credentials(local_api):
    email, registered = signed_in_by_email(local_api)
    sent = post(
        local_api, "/contacts/otp", {"send_method": "EMAIL", "credentials": [{"name": "EMAIL", "value": email}]}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["obfuscated_value"].endswith("@example.com")
    # The vendor's shape: credentials name the contact, the latest code is checked.
    tokens = post(
        local_api,
        "/contacts/validate-otp",
        {"credentials": [{"name": "EMAIL", "value": email}], "code": last_code(local_api, email)},
    )
    assert tokens.status_code == 200, tokens.text
    assert tokens.json()["contact"]["id"] == registered["contact"]["id"]

    assert post(local_api, "/contacts/validate", {"credentials": [{"name": "EMAIL", "value": email}]}).json() == {}
    nobody = post(local_api, "/contacts/validate", {"credentials": [{"name": "EMAIL", "value": new_email()}]})
    assert crm_error(nobody, 404)["error"] == "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION"
    # Two credentials of two different contacts identify nobody.
    other_email, _ = signed_in_by_email(local_api)
    both = post(
        local_api,
        "/contacts/otp",
        {
            "send_method": "EMAIL",
            "credentials": [{"name": "EMAIL", "value": email}, {"name": "EMAIL", "value": other_email}],
        },
    )
    assert crm_error(both, 400)["error"] == "COM.CRM.EXCEPTIONS.CONTACTUNIQUELYIDENTIFYEXCEPTION"
    # The v1 app's shape of /validate: with send_method it also sends a code.
    app_shape = post(
        local_api, "/contacts/validate", {"credentials": [{"name": "EMAIL", "value": email}], "send_method": "EMAIL"}
    )
    assert set(app_shape.json()) == {"obfuscated_value", "auth_otp"}
    # No phone number on this contact: no SMS.
    crm_error(
        post(local_api, "/contacts/otp", {"send_method": "SMS", "credentials": [{"name": "EMAIL", "value": email}]}),
        400,
    )


# ---------------------------------------------------------------- refresh and sign-out


def test_refresh_rotates_and_takes_the_token_in_the_body_or_a_header(local_api):
    _, first = signed_in_by_email(local_api)
    by_body = post(local_api, "/contacts/refresh", {"refresh_token": first["refresh_token"]})
    assert by_body.status_code == 200, by_body.text
    second = by_body.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["contact"]["id"] == first["contact"]["id"]
    assert get_contact(local_api, second).status_code == 200
    by_header = post(local_api, "/contacts/refresh", headers={"refresh_token": second["refresh_token"]})
    assert by_header.status_code == 200, by_header.text
    crm_error(post(local_api, "/contacts/refresh", {}), 400)
    crm_error(post(local_api, "/contacts/refresh", {"refresh_token": "not-a-token"}), 401)


def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(local_api):
    _, first = signed_in_by_email(local_api)
    second = post(local_api, "/contacts/refresh", {"refresh_token": first["refresh_token"]}).json()
    reuse = post(local_api, "/contacts/refresh", {"refresh_token": first["refresh_token"]})
    crm_error(reuse, 401)
    # The thief's replay ended the family: the legitimate newer tokens are dead too.
    crm_error(post(local_api, "/contacts/refresh", {"refresh_token": second["refresh_token"]}), 401)
    crm_error(get_contact(local_api, second), 401)


def test_sign_out_ends_the_session_at_once(local_api):
    _, answer = signed_in_by_email(local_api)
    other = post(
        local_api,
        "/contacts/authenticate",
        {"provider": "EMAIL", "username": get_contact(local_api, answer).json()["email_address"], "password": PASSWORD},
    ).json()
    url = f"{local_api.base_url}/contacts/{answer['contact']['id']}/sign_out"
    crm_error(requests.post(url, headers={"api_key": local_api.test_key}, timeout=30), 403)
    done = requests.post(url, headers={"Authorization": answer["access_token"]}, timeout=30)
    assert done.status_code == 200, done.text
    crm_error(get_contact(local_api, answer), 401)
    crm_error(post(local_api, "/contacts/refresh", {"refresh_token": answer["refresh_token"]}), 401)
    # Another sign-in of the same contact is another session: it goes on.
    assert get_contact(local_api, other).status_code == 200


def test_sign_out_of_someone_else_answers_404(local_api):
    _, mine = signed_in_by_email(local_api)
    _, theirs = signed_in_by_email(local_api)
    response = http_call(local_api, "POST", f"/contacts/{theirs['contact']['id']}/sign_out", token=mine["access_token"])
    crm_error(response, 404)
    assert get_contact(local_api, theirs).status_code == 200


def test_a_refresh_token_is_no_access_token(local_api):
    _, answer = signed_in_by_email(local_api)
    response = http_call(local_api, "GET", f"/contacts/{answer['contact']['id']}", token=answer["refresh_token"])
    crm_error(response, 401)


# ---------------------------------------------------------------- password reset, e-mail verification


_RESET_TOKENS_SEEN: set[str] = set()
RESET_MAIL_WAIT_SECONDS = 10.0


def reset_tokens_to(api, email):
    found = messages_to(api, email)
    tokens = (re.search(r"\?token=([A-Za-z0-9_\-]{40,})", m["body"]) for m in found if "password" in m["subject"])
    return [t.group(1) for t in tokens if t]


def reset_token(api, email):
    """The token of the reset mail the last forgot_password queued: PasswordResetWorkerFunction sends it off
    the request path, so wait for a token not returned before."""
    deadline = time.monotonic() + RESET_MAIL_WAIT_SECONDS
    while True:
        fresh = [t for t in reset_tokens_to(api, email) if t not in _RESET_TOKENS_SEEN]
        if fresh:
            _RESET_TOKENS_SEEN.add(fresh[-1])
            return fresh[-1]
        assert time.monotonic() < deadline, f"no reset mail reached {email}: {messages_to(api, email)}"
        time.sleep(0.1)


def test_forgot_password_answers_known_and_unknown_usernames_alike_and_mails_only_the_known(local_api):
    """The look-up oracle: the request path only queues the job, so both answers are the same 200 {}; the
    worker then mails the registered address and nobody else."""
    email, _ = signed_in_by_email(local_api)
    unknown = new_email()
    answers = [post(local_api, "/contacts/forgot_password", {"username": name}) for name in (unknown, email)]
    assert [(a.status_code, a.json()) for a in answers] == [(200, {}), (200, {})]
    assert reset_token(local_api, email)
    assert messages_to(local_api, unknown) == []


def test_forgot_password_and_change_password(local_api):
    email, first = signed_in_by_email(local_api)
    unknown = new_email()
    assert post(local_api, "/contacts/forgot_password", {"username": unknown}).status_code == 200
    response = post(local_api, "/contacts/forgot_password", {"username": email})
    assert response.status_code == 200 and response.json() == {}
    token = reset_token(local_api, email)
    assert len(reset_tokens_to(local_api, email)) == 1
    assert messages_to(local_api, unknown) == []

    changed = requests.post(
        f"{local_api.base_url}/contacts/change_password",
        timeout=30,
        json={"token": token, "password": "a brand new secret"},
    )
    assert changed.status_code == 200, changed.text
    # Every session ended; the old password is gone, the new one works.
    crm_error(get_contact(local_api, first), 401)
    crm_error(
        post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": PASSWORD}), 401
    )
    assert (
        post(
            local_api,
            "/contacts/authenticate",
            {"provider": "EMAIL", "username": email, "password": "a brand new secret"},
        ).status_code
        == 200
    )
    # Single use.
    again = requests.post(
        f"{local_api.base_url}/contacts/change_password",
        timeout=30,
        json={"token": token, "password": "yet another secret"},
    )
    crm_error(again, 400)
    crm_error(
        requests.post(
            f"{local_api.base_url}/contacts/change_password", timeout=30, json={"token": token, "password": "short"}
        ),
        400,
    )


def test_validation_required_registration_verifies_the_email_first(local_api):
    email = new_email()
    response = post(
        local_api,
        "/contacts/register",
        {
            "first_name": "Val",
            "last_name": "Lee",
            "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD, "validation_required": True},
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"obfuscated_value": email[:2] + "***@example.com"}
    signin = {"provider": "EMAIL", "username": email, "password": PASSWORD}
    crm_error(post(local_api, "/contacts/authenticate", signin), 403)

    (mail,) = messages_to(local_api, email)
    link = re.search(r"(http\S+/contacts/verify_email/\S+)", mail["body"]).group(1)
    assert link.startswith(local_api.base_url + "/contacts/verify_email/")
    # Opening the link (as a mail scanner does) only shows a page whose button POSTs to the same address.
    for _ in range(2):
        page = requests.get(link, timeout=30)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        assert '<form method="post">' in page.text and "Confirm" in page.text
    crm_error(post(local_api, "/contacts/authenticate", signin), 403)
    confirmed = requests.post(link, timeout=30)
    assert confirmed.status_code == 200 and "verified" in confirmed.text
    tokens = post(local_api, "/contacts/authenticate", signin)
    assert tokens.status_code == 200 and tokens.json()["contact"]["is_verified"] is True
    for reuse in (requests.get, requests.post):
        reused = reuse(link, timeout=30)
        assert reused.status_code == 400 and "not valid" in reused.text
    assert requests.get(f"{local_api.base_url}/contacts/verify_email/forged-token", timeout=30).status_code == 400


# ---------------------------------------------------------------- pass codes, through the operators' command


def operator(api, *args):
    return run_admin(api, *args)


def test_a_pass_code_is_redeemed_once_and_an_invalid_one_stops_registration(local_api):
    _, someone = signed_in_by_email(local_api)
    organisation = someone["organisations"][0]["external_id"]
    printed = operator(
        local_api, "create-pass-codes", "--organisation", organisation, "--mode", "test", "--count", "2"
    ).split()
    codes = [word for word in printed if re.fullmatch(r"[A-Z2-9]{10}", word)]
    assert len(codes) == 2

    email = new_email()
    refused = register(local_api, local_api.test_key, email, pass_code="NOSUCHCODE")
    assert crm_error(refused, 400)["parameters"] == ["pass_code"]
    assert register(local_api, local_api.test_key, email, pass_code=codes[0].lower()).status_code == 200
    crm_error(register(local_api, local_api.test_key, new_email(), pass_code=codes[0]), 400)
    # A live-mode key cannot redeem a test-mode code.
    crm_error(register(local_api, local_api.live_key, new_email(), pass_code=codes[1]), 400)
    phone, by_phone = register_phone(local_api, pass_code=codes[1])
    assert by_phone.status_code == 200, by_phone.text


# ---------------------------------------------------------------- input rules


def test_fields_that_would_change_who_someone_is_are_refused(local_api):
    for extra in ({"is_verified": True}, {"contact_id": "x"}, {"state": "ACTIVE"}):
        _, response = register_phone(local_api, **extra)
        assert crm_error(response, 400)["parameters"] == list(extra)
    names = {"first_name": "Pat", "last_name": "Phone"}
    bad_phone = post(
        local_api, "/contacts/register", {**names, "identity": {"provider": "PHONE", "phone_number": "12"}}
    )
    assert "identity.phone_number" in crm_error(bad_phone, 400)["parameters"]
    no_country = post(
        local_api, "/contacts/register", {**names, "identity": {"provider": "PHONE", "phone_number": "99123456"}}
    )
    assert crm_error(no_country, 400)["parameters"] == ["identity.phone_number"]
    assert crm_error(post(local_api, "/contacts/authenticate", {"provider": "FAX"}), 400)["parameters"] == ["provider"]
    assert crm_error(post(local_api, "/contacts/validate-otp", {"code": "123456"}), 400)


# ---------------------------------------------------------------- Idempotency-Key, races


def test_idempotency_key_replays_the_first_answer_and_refuses_another_body(local_api):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    phone = new_phone()
    body = {
        "first_name": "Ida",
        "last_name": "Lee",
        "identity": {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"},
    }
    first = post(local_api, "/contacts/register", body, headers=key)
    assert first.status_code == 200, first.text
    again = post(local_api, "/contacts/register", body, headers=key)
    assert again.status_code == 200 and again.json() == first.json()
    assert len(messages_to(local_api, "+357" + phone)) == 1  # one contact, one code
    other = post(local_api, "/contacts/register", {**body, "first_name": "Someone else"}, headers=key)
    assert crm_error(other, 409)["parameters"] == ["Idempotency-Key"]
    # Without the key, the same body is a second registration of a taken number.
    crm_error(post(local_api, "/contacts/register", body), 409)


def test_idempotency_key_on_a_tokens_answer_never_starts_a_second_session(local_api):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {
        "first_name": "Ida",
        "last_name": "Lee",
        "identity": {"provider": "EMAIL", "username": new_email(), "password": PASSWORD},
    }
    first = post(local_api, "/contacts/register", body, headers=key).json()
    again = post(local_api, "/contacts/register", body, headers=key)
    assert crm_error(again, 409)["parameters"] == ["Idempotency-Key"]  # sign in instead
    assert get_contact(local_api, first).status_code == 200
    # A different password is a different body.
    changed = {**body, "identity": {**body["identity"], "password": "another password"}}
    crm_error(post(local_api, "/contacts/register", changed, headers=key), 409)
    # A key is per tenant and mode: the same key in live mode is a new request.
    assert post(local_api, "/contacts/register", body, key=local_api.live_key, headers=key).status_code == 200


def test_racing_registrations_of_one_email_have_one_winner(local_api):
    from concurrent.futures import ThreadPoolExecutor

    email = new_email()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(lambda _: register(local_api, local_api.test_key, email).status_code, range(6)))
    assert statuses == [200] + [409] * 5


def test_otp_by_phone_credential_goes_by_sms(local_api):
    phone, registered = register_phone(local_api)
    e164 = "+357" + phone
    post(
        local_api,
        "/contacts/validate-otp",
        {"auth_otp": registered.json()["auth_otp"], "code": last_code(local_api, e164)},
    )
    for credential in ({"name": "PHONE", "value": e164}, {"name": "PHONE", "value": phone, "country_code": "CYP"}):
        sent = post(local_api, "/contacts/otp", {"send_method": "SMS", "credentials": [credential]})
        assert sent.status_code == 200, sent.text
        assert sent.json()["obfuscated_value"] == f"+35799***{phone[-3:]}"
    assert [m["channel"] for m in messages_to(local_api, e164)] == ["SMS"] * 3
    tokens = post(
        local_api,
        "/contacts/validate-otp",
        {"credentials": [{"name": "PHONE", "value": e164}], "code": last_code(local_api, e164)},
    )
    assert tokens.status_code == 200, tokens.text
    # A credential name the API does not know is refused by name, not guessed at.
    unknown = post(
        local_api, "/contacts/otp", {"send_method": "SMS", "credentials": [{"name": "FAX", "value": "1234567"}]}
    )
    assert crm_error(unknown, 400)["parameters"] == ["credentials.0.name"]


def test_repeated_wrong_passwords_lock_the_username_with_retry_after(local_api):
    email, _ = signed_in_by_email(local_api)
    statuses = []
    for _ in range(10):
        response = post(
            local_api,
            "/contacts/authenticate",
            {"provider": "EMAIL", "username": email, "password": "not the password"},
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[:5] == [401] * 5 and statuses[-1] == 429, statuses
    assert 1 <= int(response.headers["Retry-After"]) <= 900
    assert crm_error(response, 429)["error"] == "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION"


# ---------------------------------------------------------------- JWT attacks over HTTP


def _real_signing_key(api):
    """The runtime's own signing key, read from its in-memory Secrets Manager: forgeries below are signed
    with it, so only the claim and header checks can refuse them."""
    import json

    import boto3

    moto = re.search(r"moto serving AWS at (\S+)", api.log()).group(1)
    client = boto3.client("secretsmanager", endpoint_url=moto, region_name="eu-west-1")
    for secret in client.list_secrets()["SecretList"]:
        value = json.loads(client.get_secret_value(SecretId=secret["ARN"])["SecretString"])
        if "current_kid" in value:
            return value["current_kid"], value[value["current_kid"]]
    raise AssertionError("no signing secret")


def test_forged_and_misused_tokens_are_refused_over_http(local_api):
    import base64
    import hashlib
    import hmac
    import json
    import time

    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    _, answer = signed_in_by_email(local_api)
    kid, key = _real_signing_key(local_api)
    genuine = jwt.decode(answer["access_token"], options={"verify_signature": False})
    url = f"{local_api.base_url}/contacts/{answer['contact']['id']}"
    assert requests.get(url, headers={"Authorization": f"Bearer {answer['access_token']}"}, timeout=30).ok

    def signed(change=None, headers=None, secret=key, alg="HS256"):
        claims = {**genuine, "jti": uuid.uuid4().hex, **(change or {})}
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, secret, algorithm=alg, headers={"kid": kid, **(headers or {})})

    def b64(data):
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    public_pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    confused_input = b64(json.dumps({"alg": "HS256", "kid": kid}).encode()) + "." + b64(json.dumps(genuine).encode())
    now = int(time.time())
    attacks = {
        "alg none": jwt.encode(genuine, None, algorithm="none", headers={"kid": kid}),
        "HS256 with a public key": confused_input
        + "."
        + b64(hmac.new(public_pem, confused_input.encode(), hashlib.sha256).digest()),
        "wrong iss": signed({"iss": "https://evil.example"}),
        "wrong aud": signed({"aud": "another-api"}),
        "wrong typ": signed({"typ": "refresh"}),
        "no typ": signed({"typ": None}),
        "expired": signed({"iat": now - 3600, "nbf": now - 3600, "exp": now - 1800}),
        "iat in the future": signed({"iat": now + 3600, "nbf": now}),
        "unknown kid": signed(headers={"kid": "k9"}),
        "jku header": signed(headers={"jku": "https://evil.example/jwks.json"}),
        "forged signature": signed(secret="x" * 64),
        "refresh token as access token": answer["refresh_token"],
    }
    for name, token in attacks.items():
        response = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert response.status_code == 401, (name, response.text)
        crm_error(response, 401)
    # The genuine claims re-signed with the real key still pass: the refusals above are the checks at work.
    assert requests.get(url, headers={"Authorization": f"Bearer {signed()}"}, timeout=30).ok


def test_a_pass_code_is_refused_with_a_social_provider(local_api):
    response = post(
        local_api, "/contacts/register", {"identity": {"provider": "GOOGLE", "token": "any"}, "pass_code": "ABCDEFGHJK"}
    )
    assert crm_error(response, 400)["parameters"] == ["pass_code"]


# ---------------------------------------------------------------- credentials: profile numbers, cards, gift passes


def put_profile(api, answer, body):
    response = requests.put(
        f"{api.base_url}/contacts/{answer['contact']['id']}",
        json=body,
        timeout=30,
        headers={"Authorization": f"Bearer {answer['access_token']}"},
    )
    assert response.status_code == 200, response.text


def test_an_id_number_asks_for_a_code_that_signs_in_and_a_shared_one_is_ambiguous(local_api):
    email, ann = signed_in_by_email(local_api)
    number = f"ID-{random.randrange(10**9):09d}"
    put_profile(
        local_api,
        ann,
        {"demographics": {"id_details": {"id_number": number}, "date_of_birth": {"year": 1990, "month": 2, "day": 3}}},
    )
    by_number = [{"name": "ID_NUMBER", "value": number.replace("-", "").lower()}]
    sent = post(local_api, "/contacts/otp", {"send_method": "EMAIL", "credentials": by_number})
    assert sent.status_code == 200, sent.text
    assert sent.json()["obfuscated_value"] == email[:2] + "***@example.com"
    tokens = post(local_api, "/contacts/validate-otp", {"credentials": by_number, "code": last_code(local_api, email)})
    assert tokens.status_code == 200, tokens.text
    assert tokens.json()["contact"]["id"] == ann["contact"]["id"]
    # No phone on this contact: no SMS.
    assert crm_error(post(local_api, "/contacts/otp", {"send_method": "SMS", "credentials": by_number}), 400)[
        "parameters"
    ] == ["send_method"]

    # A second contact with the same number: the number alone is ambiguous, a birthdate narrows it.
    _, bob = signed_in_by_email(local_api)
    put_profile(local_api, bob, {"demographics": {"id_details": {"id_number": number}}})
    ambiguous = crm_error(post(local_api, "/contacts/validate", {"credentials": by_number}), 400)
    assert ambiguous["error"] == "COM.CRM.EXCEPTIONS.CONTACTUNIQUELYIDENTIFYEXCEPTION"
    narrowed = by_number + [{"name": "BIRTHDATE", "value": "1990-02-03"}]
    assert post(local_api, "/contacts/validate", {"credentials": narrowed}).json() == {}
    wrong_day = by_number + [{"name": "BIRTHDATE", "value": "1990-02-04"}]
    crm_error(post(local_api, "/contacts/validate", {"credentials": wrong_day}), 404)
    alone = crm_error(post(local_api, "/contacts/validate", {"credentials": narrowed[1:]}), 400)
    assert alone["parameters"] == ["credentials"]


def operator_with_input(api, text, *args):
    return run_admin(api, *args, stdin=text)


def test_a_card_and_a_gift_pass_attached_by_an_operator_identify_the_contact(local_api):
    email, ann = signed_in_by_email(local_api)
    where = [
        "--organisation",
        ann["organisations"][0]["external_id"],
        "--mode",
        "test",
        "--contact",
        ann["contact"]["id"],
    ]
    card = f"4000 {random.randrange(10**8):08d}"
    assert "attached CARD" in operator(local_api, "attach-identifier", *where, "--kind", "CARD", "--value", card)
    pin = f"{random.randrange(10**4):04d}"
    operator_with_input(
        local_api,
        pin + "\n",
        "attach-identifier",
        *where,
        "--kind",
        "GIFT_PASS",
        "--value",
        card,
        "--email",
        email,
        "--pin-stdin",
    )

    by_card = [{"name": "CARD", "value": card.replace(" ", "")}]
    sent = post(local_api, "/contacts/otp", {"send_method": "EMAIL", "credentials": by_card})
    assert sent.status_code == 200, sent.text
    tokens = post(local_api, "/contacts/validate-otp", {"credentials": by_card, "code": last_code(local_api, email)})
    assert tokens.status_code == 200 and tokens.json()["contact"]["id"] == ann["contact"]["id"], tokens.text
    # The live key sees another tenant: the same card is nobody there.
    crm_error(post(local_api, "/contacts/validate", {"credentials": by_card}, key=local_api.live_key), 404)

    def gift_pass(pin_given, address=email):
        return {"name": "GIFT_PASS", "value": card, "gift_pass": {"email_address": address, "pin": pin_given}}

    assert post(local_api, "/contacts/validate", {"credentials": [gift_pass(pin)]}).json() == {}
    wrong_pin = f"{(int(pin) + 1) % 10**4:04d}"
    crm_error(post(local_api, "/contacts/validate", {"credentials": [gift_pass(wrong_pin)]}), 404)
    crm_error(post(local_api, "/contacts/validate", {"credentials": [gift_pass(pin, new_email())]}), 404)
    # A gift pass and an e-mail of somebody else disagree.
    other_email, _ = signed_in_by_email(local_api)
    disagree = post(
        local_api,
        "/contacts/otp",
        {"send_method": "EMAIL", "credentials": [gift_pass(pin), {"name": "EMAIL", "value": other_email}]},
    )
    assert crm_error(disagree, 400)["error"] == "COM.CRM.EXCEPTIONS.CONTACTUNIQUELYIDENTIFYEXCEPTION"
    assert messages_to(local_api, other_email) == []
