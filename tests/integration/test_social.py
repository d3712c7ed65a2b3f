"""Social sign-in: each provider's token checks (against the local fake provider over HTTP), the JWT attacks,
the JWKS cache, and registration and sign-in through the authentication function."""

import base64
import hashlib
import hmac
import json
import time

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from crm.context import RequestContext
from crm.data import providers
from crm.errors import InvalidLogin
from crm.services import social, tenancy
from crm.services.social import ProviderNotEnabled, ProviderUnreachable, verify_provider_token
from local.fake_idp import APPLE_CLIENT_ID, GOOGLE_CLIENT_ID, FakeIdentityProvider
from tests.integration.test_wifi import api_event


@pytest.fixture(scope="module")
def idp():
    provider = FakeIdentityProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def attacker():
    provider = FakeIdentityProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def configured(stack, idp, monkeypatch):
    """The stack's functions pointed at the fake provider, with our credentials in the stack's secret."""
    for name, value in idp.environment().items():
        monkeypatch.setenv(name, value)
    boto3.client("secretsmanager").put_secret_value(
        SecretId=stack.resolver.resolve({"Ref": "SocialProvidersSecret"}), SecretString=idp.secret_string()
    )
    providers.JWKS.clear()
    providers._secret_cache.clear()
    yield stack
    providers.JWKS.clear()
    providers._secret_cache.clear()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header, payload):
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"


def claims(provider="google", **overrides):
    now = int(time.time())
    base = {"iss": "https://accounts.google.com", "aud": GOOGLE_CLIENT_ID, "sub": "g-1", "iat": now, "exp": now + 600}
    if provider == "apple":
        base.update(iss="https://appleid.apple.com", aud=APPLE_CLIENT_ID)
    return {**base, **overrides}


def refused(provider, token):
    with pytest.raises(InvalidLogin) as caught:
        verify_provider_token(provider, token)
    assert caught.value.status == 401 and caught.value.parameters == ["token"]


# ---------------------------------------------------------------- ID tokens


def test_google_rs256_and_apple_es256_tokens_verify(configured, idp):
    google = verify_provider_token(
        "GOOGLE", idp.id_token("google", "g-1", email="Ann@Example.com", email_verified=True, given_name="Ann")
    )
    assert (google.key, google.email, google.first_name) == ("GOOGLE#g-1", "Ann@Example.com", "Ann")
    apple = verify_provider_token(
        "APPLE", idp.id_token("apple", "a-1", algorithm="ES256", email="x@example.com", email_verified="false")
    )
    assert (apple.key, apple.email) == ("APPLE#a-1", None)  # an unverified e-mail is not taken


@pytest.mark.parametrize(
    "overrides",
    [
        {"exp": int(time.time()) - 3600},  # expired
        {"aud": "someone-elses-client"},  # wrong audience
        {"aud": APPLE_CLIENT_ID},  # our Apple client is not a Google audience
        {"iss": "https://accounts.evil.example"},  # wrong issuer
        {"iat": int(time.time()) + 3600},  # issued in the future
        {"sub": None},  # no subject
        {"exp": None},  # no expiry
        {"sub": "x" * 300},  # absurd subject
    ],
    ids=["expired", "wrong-aud", "other-provider-aud", "wrong-iss", "iat-future", "no-sub", "no-exp", "long-sub"],
)
def test_bad_claims_are_refused(configured, idp, overrides):
    refused("GOOGLE", idp.id_token("google", "g-1", **overrides))


def test_a_google_token_is_not_an_apple_token(configured, idp):
    refused("APPLE", idp.id_token("google", "g-1"))


def test_a_forged_signature_is_refused(configured, idp):
    header, payload, signature = idp.id_token("google", "g-1").split(".")
    forged_payload = b64(json.dumps(claims(sub="admin")).encode())
    refused("GOOGLE", f"{header}.{forged_payload}.{signature}")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    refused("GOOGLE", f"{header}.{payload}.{flipped}")


def test_alg_none_is_refused(configured, idp):
    refused("GOOGLE", unsigned({"alg": "none", "kid": idp.kids["RS256"]}, claims()) + ".")
    refused("GOOGLE", unsigned({"alg": "None", "kid": idp.kids["RS256"]}, claims()) + ".")


def test_hs256_signed_with_the_public_key_is_refused(configured, idp):
    public_pem = idp.rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = unsigned({"alg": "HS256", "kid": idp.kids["RS256"], "typ": "JWT"}, claims())
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    refused("GOOGLE", f"{signing_input}.{b64(mac)}")


def test_an_unknown_kid_is_refused(configured, idp):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused("GOOGLE", jwt.encode(claims(), other, algorithm="RS256", headers={"kid": "not-published"}))
    refused("GOOGLE", jwt.encode(claims(), other, algorithm="RS256"))  # no kid at all


def test_a_key_of_the_other_type_is_refused(configured, idp):
    # An RS256 header naming the EC key's kid: the key does not fit the algorithm.
    token = jwt.encode(claims(), idp.rsa_key, algorithm="RS256", headers={"kid": idp.kids["ES256"]})
    refused("GOOGLE", token)


def test_a_jku_header_pointing_at_the_attackers_keys_is_refused(configured, idp, attacker):
    token = jwt.encode(
        claims(),
        attacker.rsa_key,
        algorithm="RS256",
        headers={"kid": attacker.kids["RS256"], "jku": f"{attacker.url}/google/jwks"},
    )
    refused("GOOGLE", token)
    assert attacker.jwks_requests == 0
    # Even with our provider's own kid and key, a token that names a key source of its own is refused.
    token = jwt.encode(
        claims(), idp.rsa_key, algorithm="RS256", headers={"kid": idp.kids["RS256"], "x5u": f"{attacker.url}/cert"}
    )
    refused("GOOGLE", token)


def test_other_algorithms_are_refused_even_when_correctly_signed(configured, idp):
    token = jwt.encode(claims(), idp.rsa_key, algorithm="RS512", headers={"kid": idp.kids["RS256"]})
    refused("GOOGLE", token)
    token = jwt.encode(claims(), idp.rsa_key, algorithm="PS256", headers={"kid": idp.kids["RS256"]})
    refused("GOOGLE", token)


def test_garbage_is_refused(configured):
    for token in ("not a jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9..", "x" * 8000):
        refused("GOOGLE", token)


def test_the_jwks_is_cached_and_refetched_for_a_new_kid_at_most_once_a_minute(configured, idp, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(providers, "JWKS", providers.JwksCache(clock=lambda: clock[0]))
    monkeypatch.setattr(social, "JWKS", providers.JWKS)
    before = idp.jwks_requests
    for _ in range(3):
        verify_provider_token("GOOGLE", idp.id_token("google", "g-1"))
    assert idp.jwks_requests == before + 1
    old_kids = dict(idp.kids)
    idp.rotate_keys()
    try:
        refused("GOOGLE", idp.id_token("google", "g-1"))  # fetched less than a minute ago: no refetch
        assert idp.jwks_requests == before + 1
        clock[0] += 61
        assert verify_provider_token("GOOGLE", idp.id_token("google", "g-1")).subject == "g-1"
        assert idp.jwks_requests == before + 2
    finally:
        assert old_kids != idp.kids


def test_an_unreachable_provider_answers_502(configured, monkeypatch):
    monkeypatch.setenv("GOOGLE_JWKS_URL", "http://127.0.0.1:9/jwks")
    refused("GOOGLE", jwt.encode(claims(), "k" * 32, algorithm="HS256"))  # refused before any fetch
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ProviderUnreachable):
        verify_provider_token("GOOGLE", jwt.encode(claims(), other, algorithm="RS256", headers={"kid": "k"}))


def test_a_provider_without_settings_is_not_enabled(configured, idp, monkeypatch):
    monkeypatch.setenv("GOOGLE_CLIENT_IDS", "")
    monkeypatch.setenv("MW4_CLIENT_ID", "")
    for provider in ("GOOGLE", "MW4"):
        with pytest.raises(ProviderNotEnabled) as caught:
            verify_provider_token(provider, "anything")
        assert caught.value.status == 400 and caught.value.parameters == ["provider", provider]


# ---------------------------------------------------------------- Facebook and MW4


def test_facebook_tokens_are_inspected(configured, idp):
    assert verify_provider_token("FACEBOOK", idp.facebook_token("fb-1")).key == "FACEBOOK#fb-1"
    refused("FACEBOOK", "EAAnot-a-token")
    refused("FACEBOOK", idp.facebook_token("fb-1", app_id="999"))  # a token of another app
    refused("FACEBOOK", idp.facebook_token("fb-1", expires_in=-10))


def test_facebook_with_a_wrong_app_secret_refuses(configured, idp, stack):
    boto3.client("secretsmanager").put_secret_value(
        SecretId=stack.resolver.resolve({"Ref": "SocialProvidersSecret"}),
        SecretString=json.dumps({"facebook_app_secret": "wrong", "mw4_api_key": idp.mw4_api_key}),
    )
    providers._secret_cache.clear()
    refused("FACEBOOK", idp.facebook_token("fb-1"))


def test_mw4_tokens_are_introspected(configured, idp, stack):
    identity = verify_provider_token("MW4", idp.mw4_token("m-1", email="m@example.com", email_verified=True))
    assert (identity.key, identity.email) == ("MW4#m-1", "m@example.com")
    refused("MW4", "mw4_unknown")
    refused("MW4", idp.mw4_token("m-1", client_id="another-client"))
    refused("MW4", idp.mw4_token("m-1", expires_in=-10))
    boto3.client("secretsmanager").put_secret_value(
        SecretId=stack.resolver.resolve({"Ref": "SocialProvidersSecret"}),
        SecretString=json.dumps({"facebook_app_secret": idp.facebook_app_secret, "mw4_api_key": "wrong"}),
    )
    providers._secret_cache.clear()
    with pytest.raises(ProviderUnreachable):  # our credentials are refused: not the caller's fault
        verify_provider_token("MW4", idp.mw4_token("m-1"))


# ---------------------------------------------------------------- through the function


def call(stack, ctx, path, body):
    answer = stack.invoke("AuthenticationFunction", api_event("POST", path, path, body, ctx))
    return answer["statusCode"], json.loads(answer["body"])


@pytest.fixture
def tenant(configured):
    organisation = tenancy.create_organisation("Social Org")
    return (
        RequestContext(organisation_id=organisation.organisation_id, mode="test"),
        RequestContext(organisation_id=organisation.organisation_id, mode="live"),
    )


def test_register_then_sign_in_with_each_provider(configured, idp, tenant):
    test, live = tenant
    tokens = {
        "GOOGLE": lambda: idp.id_token(
            "google", "g-7", email="g7@example.com", email_verified=True, given_name="Gina", family_name="G"
        ),
        "APPLE": lambda: idp.id_token("apple", "a-7", algorithm="ES256"),
        "FACEBOOK": lambda: idp.facebook_token("f-7"),
        "MW4": lambda: idp.mw4_token("m-7"),
    }
    for provider, token in tokens.items():
        status, body = call(configured, test, "/contacts/authenticate", {"provider": provider, "token": token()})
        assert status == 404 and body["error"] == "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION", (provider, body)
        status, registered = call(
            configured,
            test,
            "/contacts/register",
            {"first_name": "Pat", "identity": {"provider": provider, "token": token()}},
        )
        assert status == 200, (provider, registered)
        assert registered["contact"]["is_verified"] is True and registered["access_token"]
        status, body = call(
            configured, test, "/contacts/register", {"identity": {"provider": provider, "token": token()}}
        )
        assert status == 409 and body["parameters"] == ["token"], (provider, body)
        status, signed_in = call(configured, test, "/contacts/authenticate", {"provider": provider, "token": token()})
        assert status == 200 and signed_in["contact"]["id"] == registered["contact"]["id"], (provider, signed_in)
        assert call(configured, live, "/contacts/authenticate", {"provider": provider, "token": token()})[0] == 404
    assert registered["contact"]["first_name"] == "Pat"


def test_names_and_verified_email_come_from_the_token_when_the_body_has_none(configured, idp, tenant):
    test, _ = tenant
    token = idp.id_token(
        "google", "g-8", email="G8@Example.com", email_verified=True, given_name="Gus", family_name="Grey"
    )
    status, body = call(configured, test, "/contacts/register", {"identity": {"provider": "GOOGLE", "token": token}})
    assert status == 200 and (body["contact"]["first_name"], body["contact"]["last_name"]) == ("Gus", "Grey")
    from crm.data.contacts import find_contact

    assert find_contact(test.tenant, body["contact"]["id"]).email_address == "g8@example.com"


def test_bad_social_bodies(configured, idp, tenant):
    test, _ = tenant
    status, body = call(configured, test, "/contacts/authenticate", {"provider": "GOOGLE", "token": "x.y.z"})
    assert status == 401 and body["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"
    status, body = call(configured, test, "/contacts/authenticate", {"provider": "GOOGLE"})
    assert status == 400 and body["parameters"] == ["token"]
    status, body = call(
        configured,
        test,
        "/contacts/register",
        {"identity": {"provider": "GOOGLE", "token": idp.id_token("google", "g-9"), "is_verified": True}},
    )
    assert status == 400 and body["parameters"] == ["identity.is_verified"]
    status, body = call(configured, test, "/contacts/authenticate", {"provider": "TWITTER", "token": "t"})
    assert status == 400 and body["parameters"] == ["provider"] and "TWITTER" in body["message"]
    status, body = call(configured, test, "/contacts/register", {"identity": {"token": "t"}})
    assert status == 400 and body["parameters"] == ["identity.provider"]


def test_a_pass_code_is_redeemed_by_a_social_registration_and_only_once(configured, idp, tenant):
    from crm.services.passcodes import create_pass_codes

    test, _ = tenant
    _, (code,) = create_pass_codes(test.organisation_id, "test", 1)
    status, body = call(
        configured,
        test,
        "/contacts/register",
        {"identity": {"provider": "GOOGLE", "token": idp.id_token("google", "pc-1")}, "pass_code": code},
    )
    assert status == 200, body
    status, body = call(
        configured,
        test,
        "/contacts/register",
        {"identity": {"provider": "GOOGLE", "token": idp.id_token("google", "pc-2")}, "pass_code": code},
    )
    assert status == 400 and body["parameters"] == ["pass_code"], body
    # the refused registration left nothing behind: the second account is still unknown
    status, body = call(
        configured, test, "/contacts/authenticate", {"provider": "GOOGLE", "token": idp.id_token("google", "pc-2")}
    )
    assert status == 404, body
