"""Social registration and sign-in over HTTP, with tokens from the fake provider that the runtime started."""

import base64
import json
import uuid

import pytest
import requests

from tests.e2e.test_slice import crm_error
from tests.helpers import http_call


def provider_token(api, provider, **claims):
    """A token as the app would get it from the provider's SDK (here: from the local fake)."""
    path = {"GOOGLE": "google/id_token", "APPLE": "apple/id_token", "FACEBOOK": "facebook/tokens", "MW4": "mw4/tokens"}[
        provider
    ]
    response = requests.post(f"{api.idp_url}/{path}", json=claims, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    return body.get("id_token") or body["access_token"]


def post(api, path, body, key=None):
    return http_call(api, "POST", path, body, key=key or api.test_key)


@pytest.mark.parametrize("provider", ["GOOGLE", "APPLE", "FACEBOOK", "MW4"])
def test_register_and_sign_in_with_a_provider(local_api, provider):
    assert local_api.idp_url, "the local runtime started no fake identity provider"
    subject = f"{provider.lower()}-{uuid.uuid4().hex[:10]}"
    claims = {"sub": subject}
    if provider == "APPLE":
        claims["alg"] = "ES256"

    unknown = crm_error(
        post(
            local_api,
            "/contacts/authenticate",
            {"provider": provider, "token": provider_token(local_api, provider, **claims)},
        ),
        404,
    )
    assert unknown["error"] == "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION"

    registered = post(
        local_api,
        "/contacts/register",
        {
            "first_name": "Sam",
            "last_name": "Social",
            "consent_state": "ACCEPTED",
            "identity": {"provider": provider, "token": provider_token(local_api, provider, **claims)},
        },
    )
    assert registered.status_code == 200, registered.text
    contact = registered.json()["contact"]
    assert contact["first_name"] == "Sam" and contact["is_verified"] is True

    again = crm_error(
        post(
            local_api,
            "/contacts/register",
            {"identity": {"provider": provider, "token": provider_token(local_api, provider, **claims)}},
        ),
        409,
    )
    assert again["parameters"] == ["token"]

    signed_in = post(
        local_api,
        "/contacts/authenticate",
        {"provider": provider, "token": provider_token(local_api, provider, **claims)},
    )
    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()
    assert tokens["contact"]["id"] == contact["id"] and tokens["refresh_token"]
    own = http_call(local_api, "GET", f"/contacts/{contact['id']}", token=tokens["access_token"])
    assert own.status_code == 200 and own.json()["consent_state"] == "ACCEPTED"

    # The same provider account is nobody in live mode.
    crm_error(
        post(
            local_api,
            "/contacts/authenticate",
            {"provider": provider, "token": provider_token(local_api, provider, **claims)},
            key=local_api.live_key,
        ),
        404,
    )


@pytest.mark.parametrize("provider", ["GOOGLE", "APPLE", "FACEBOOK", "MW4"])
def test_a_made_up_token_is_refused(local_api, provider):
    body = crm_error(post(local_api, "/contacts/authenticate", {"provider": provider, "token": "made-up"}), 401)
    assert body["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION" and body["parameters"] == ["token"]
    crm_error(post(local_api, "/contacts/register", {"identity": {"provider": provider, "token": "made-up"}}), 401)


def test_a_google_token_signed_by_someone_else_is_refused(local_api):
    token = provider_token(local_api, "GOOGLE", sub="victim")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged_token = f"{header}.{forged}.{signature}"
    crm_error(post(local_api, "/contacts/authenticate", {"provider": "GOOGLE", "token": forged_token}), 401)
