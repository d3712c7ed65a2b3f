"""The vendor's own examples (its Self-Service API v1 documentation), sent in its order over HTTP through the local
runtime, as an app developer reading those docs would send them. Each answers as the seed shows, or as the
"Differences from the vendor's documentation" section of docs/contract.md says (the number in each comment).
Only what must be unique is changed: e-mail addresses, phone numbers, ids of things the seed invents."""

import base64
import json
import random
import re
import uuid

import pytest
import requests

from tests.e2e.conftest import run_admin
from tests.e2e.test_contact_profile import SEED_UPDATE
from tests.e2e.test_identity import last_code, new_phone, reset_token
from tests.e2e.test_inbox import aws as aws  # noqa: F401 - the fixture, used by name
from tests.e2e.test_inbox import eventually, links_in, put_event
from tests.e2e.test_printouts import put_entity
from tests.e2e.test_slice import PASSWORD, crm_error, new_email, register

TOKEN_FIELDS = {"access_token", "refresh_token", "exp", "contact", "organisations"}
CONTACT_FIELDS = {"id", "title", "first_name", "last_name", "company_name", "avatar", "is_verified"}
CODE_SENT = {"obfuscated_value", "auth_otp"}
INVOICE = {
    "number": "INV-1",
    "issued_on": "2026-11-20",
    "currency": "EUR",
    "lines": [{"description": "Broadband", "quantity": 1, "unit_price": "39.90", "tax_rate": 19}],
}


class Seed:
    """The seed's requests: its paths, its headers (api_key, Authorization or auth_token as each example has)."""

    def __init__(self, api):
        self.api = api

    def post(self, path, body=None, token=None, key=True, **kwargs):
        headers = {**({"api_key": self.api.test_key} if key else {}), **({"Authorization": token} if token else {})}
        return requests.post(f"{self.api.base_url}{path}", json=body, headers=headers, timeout=30, **kwargs)

    def put(self, path, body, token):
        return requests.put(f"{self.api.base_url}{path}", json=body, headers={"Authorization": token}, timeout=30)

    def get(self, path, token=None, **params):
        headers = {"auth_token": token} if token else {}
        return requests.get(f"{self.api.base_url}{path}", headers=headers, params=params, timeout=30)

    def delete(self, path, token):
        return requests.delete(f"{self.api.base_url}{path}", headers={"auth_token": token}, timeout=30)


def tokens(response, first_name="John"):
    """The seed's token answer, typed (difference 3): exp a number, is_verified a boolean, a real refresh token."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == TOKEN_FIELDS and set(body["contact"]) == CONTACT_FIELDS
    assert isinstance(body["exp"], int) and isinstance(body["contact"]["is_verified"], bool)
    assert body["refresh_token"] and body["contact"]["first_name"] == first_name
    (organisation,) = body["organisations"]
    assert set(organisation) == {"external_id", "org_type", "org_relationship", "name"}
    return body


def code_sent(response):
    assert response.status_code == 200, response.text
    assert set(response.json()) == CODE_SENT
    return response.json()


def claims_of(access_token):
    payload = access_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def organisation(api, *args):
    printed = run_admin(api, "create-organisation", *args)
    lines = dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
    return lines["organisation"].split(" ")[0], lines["test api_key"]


def test_the_seeds_examples_in_order(local_api, aws):  # noqa: F811 - the fixture
    seed = Seed(local_api)
    email = new_email()

    # ---- register: the seed's first example, with its strings "true" (read as booleans) and its password 12345
    register = {
        "first_name": "John",
        "last_name": "Doe",
        "identity": {"provider": "EMAIL", "username": email, "password": "12345", "validation_required": False},
        "service_acceptance": "true",
        "email_opt_out": "true",
        "sms_opt_out": "true",
    }
    assert crm_error(seed.post("/contacts/register", register), 400)["parameters"] == ["identity.password"]  # 2
    register["identity"]["password"] = PASSWORD
    registered = tokens(seed.post("/contacts/register", register))
    assert registered["contact"]["is_verified"] is False
    assert registered["organisations"][0]["org_relationship"] == "SELF"  # the demo organisation tops its network
    contact_id, organisation_id = registered["contact"]["id"], claims_of(registered["access_token"])["org"]

    # The seed's PHONE registration: a code is sent (as the seed shows)
    phone = new_phone()
    by_phone = {
        "first_name": "John",
        "last_name": "Doe",
        "identity": {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"},
        "service_acceptance": "true",
        "email_opt_out": "true",
        "sms_opt_out": "true",
    }
    assert code_sent(seed.post("/contacts/register", by_phone))["obfuscated_value"] == f"+35799***{phone[-3:]}"
    # The seed's landing-page registration with a pass code: a code is sent, tokens come from validate-otp (1)
    printed = run_admin(local_api, "create-pass-codes", "--organisation", organisation_id, "--mode", "test")
    (pass_code,) = re.findall(r"\b[A-Z2-9]{10}\b", printed)
    landing = {
        "first_name": "John",
        "last_name": "Doe",
        "identity": {
            "provider": "PHONE",
            "phone_number": new_phone(),
            "country_code": "CYP",
            "application_id": "3c33dcc6-3958-4e7d-ae0e-592948627711",
            "token": "YOJDAKEb9l1U0sUzrskM6X4emzrSeXqb",
        },
        "pass_code": pass_code,
    }
    code_sent(seed.post("/contacts/register", landing))
    # First and last name are required for EMAIL and PHONE, as the seed says
    nameless = {"identity": {"provider": "EMAIL", "username": new_email(), "password": PASSWORD}}
    assert crm_error(seed.post("/contacts/register", nameless), 400)["parameters"] == ["first_name", "last_name"]

    # ---- authenticate: EMAIL and password answers tokens; PHONE sends a code (1); MW4's made-up token is refused
    signed_in = tokens(
        seed.post("/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": PASSWORD})
    )
    assert signed_in["contact"]["id"] == contact_id
    phone_sign_in = code_sent(
        seed.post("/contacts/authenticate", {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"})
    )
    crm_error(seed.post("/contacts/authenticate", {"provider": "MW4", "token": "234er43ergt34eett34"}), 401)  # 10
    # validate-otp finishes the phone sign-in (the seed's credentials shape)
    e164 = "+357" + phone
    by_phone_tokens = tokens(
        seed.post(
            "/contacts/validate-otp",
            {
                "credentials": [{"name": "AUTH_OTP", "value": phone_sign_in["auth_otp"]}],
                "code": last_code(local_api, e164),
            },
        )
    )
    assert by_phone_tokens["contact"]["is_verified"] is True
    phone_token = by_phone_tokens["access_token"]
    id_number = f"K{random.randrange(10**9):09d}"
    updated = seed.put(
        f"/contacts/{by_phone_tokens['contact']['id']}",
        {"demographics": {"id_details": {"id_number": id_number}}},
        phone_token,
    )
    assert updated.status_code == 200, updated.text

    # ---- OTP: the seed's SMS to the contact an ID_NUMBER names
    otp = code_sent(
        seed.post("/contacts/otp", {"send_method": "SMS", "credentials": [{"name": "ID_NUMBER", "value": id_number}]})
    )
    assert otp["obfuscated_value"] == f"+35799***{phone[-3:]}"
    # A GIFT_PASS needs its pin, the amount alone is not enough (13)
    gift_pass = {"name": "GIFT_PASS", "value": "GP-1", "gift_pass": {"email_address": email, "last_spend_amount": 5}}
    refused = seed.post("/contacts/otp", {"send_method": "EMAIL", "credentials": [gift_pass]})
    assert crm_error(refused, 400)["parameters"] == ["credentials.gift_pass.pin"]
    # ---- validate: {} when the credentials name one contact
    validated = seed.post("/contacts/validate", {"credentials": [{"name": "ID_NUMBER", "value": id_number}]})
    assert validated.status_code == 200 and validated.json() == {}, validated.text
    # ---- validate-otp: the seed's own values name no code (14); its shape with the code sent answers tokens
    made_up = {"credentials": [{"name": "AUTH_OTP", "value": "12345"}], "code": "123456789"}
    crm_error(seed.post("/contacts/validate-otp", made_up), 401)
    verified = tokens(
        seed.post(
            "/contacts/validate-otp",
            {"credentials": [{"name": "AUTH_OTP", "value": otp["auth_otp"]}], "code": last_code(local_api, e164)},
        )
    )
    assert verified["contact"]["id"] == by_phone_tokens["contact"]["id"]

    # ---- refresh: the seed's body answers tokens with a new refresh token
    refreshed = tokens(seed.post("/contacts/refresh", {"refresh_token": signed_in["refresh_token"]}))
    assert refreshed["refresh_token"] != signed_in["refresh_token"]

    # ---- forgot and change password: 200 and {}; the reset ends every session
    forgot = seed.post("/contacts/forgot_password", {"username": email})
    assert forgot.status_code == 200 and forgot.json() == {}, forgot.text
    new_password = "wsxcde421qadfg"  # the seed's
    changed = seed.post(
        "/contacts/change_password", {"token": reset_token(local_api, email), "password": new_password}, key=False
    )
    assert changed.status_code == 200 and changed.json() == {}, changed.text
    crm_error(seed.get(f"/contacts/{contact_id}", refreshed["access_token"]), 401)
    crm_error(
        seed.post(
            "/contacts/change_password", {"token": "ABCTKN123456798VGP2020", "password": new_password}, key=False
        ),
        400,
    )
    session = tokens(
        seed.post("/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": new_password})
    )
    token = session["access_token"]

    # ---- sign-out: the seed's bare Authorization header; the token stops working
    other = tokens(
        seed.post("/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": new_password})
    )
    signed_out = seed.post(f"/contacts/{contact_id}/sign_out", token=other["access_token"], key=False)
    assert signed_out.status_code == 200, signed_out.text
    crm_error(seed.get(f"/contacts/{contact_id}", other["access_token"]), 401)

    # ---- verify e-mail: the seed's made-up token answers an HTML page saying so (4: HTML pages, 400)
    page = seed.get("/contacts/verify_email/ABCTKN123456798VGP2020")
    assert page.status_code == 400 and page.headers["Content-Type"].startswith("text/html")
    to_verify = new_email()
    asked = seed.post(
        "/contacts/register",
        {**register, "identity": {**register["identity"], "username": to_verify, "validation_required": True}},
    )
    assert asked.status_code == 200 and set(asked.json()) == {"obfuscated_value"}, asked.text
    link = eventually(
        lambda: [m for m in local_api.outbox() if m.get("to") == to_verify and "verify_email" in m["body"]]
    )
    url = re.search(r"(http\S+/contacts/verify_email/\S+)", link[-1]["body"]).group(1)
    opened = requests.get(url, timeout=30)
    assert opened.status_code == 200 and '<form method="post">' in opened.text  # a page that asks to confirm
    assert requests.post(url, timeout=30).status_code == 200

    # ---- profile: the seed's update, its strings "false" and "16" read as a boolean and a number; a new
    # address needs the current password (11)
    update = {**SEED_UPDATE, "email_address": new_email()}
    crm_error(seed.put(f"/contacts/{contact_id}", update, token), 403)
    done = seed.put(f"/contacts/{contact_id}", {**update, "current_password": new_password}, token)
    assert done.status_code == 200 and done.json() == {"id": contact_id}, done.text
    profile = seed.get(f"/contacts/{contact_id}", token).json()
    assert profile["demographics"]["date_of_birth"] == {"year": 2018, "month": 10, "day": 16}
    assert profile["company_profile"]["registration_country"] == "CYP" and profile["is_tax_exempt"] is False
    # The new address waits for its confirmation link (12); the seed's country_agreement was never given
    assert (profile["email_address"], profile["pending_email_address"]) == (email, update["email_address"])
    assert profile["country_agreement"] is None

    # ---- consents, demographics, preferences
    consents = seed.put(f"/contacts/{contact_id}/consents", {"consent_state": "ACCEPTED"}, token)
    assert consents.status_code == 200 and consents.json() == {"id": contact_id}, consents.text
    demographics = seed.get(f"/contacts/{contact_id}/demographics", token)
    assert demographics.status_code == 200 and demographics.json()["gender"] == "MALE", demographics.text
    assert seed.get(f"/contacts/{contact_id}/preferences", token).json() == {"organisations": []}
    merchant_id, merchant_key = organisation(
        local_api, "--name", "Seed Merchant", "--type", "MERCHANT", "--parent", organisation_id
    )
    preferred = seed.put(
        f"/contacts/{contact_id}/preferences", {"organisation_id": merchant_id, "type": "ORDERS"}, token
    )
    assert preferred.status_code == 200, preferred.text
    assert seed.get(f"/contacts/{contact_id}/preferences", token).json() == {
        "organisations": [{"id": merchant_id, "type": "ORDERS", "name": "Seed Merchant"}]
    }

    # ---- WiFi: the seed's example with the api_key alone binds nothing (9); with the contact's token it does,
    # and the seed's MAC_ADDRESS sign-in then answers tokens
    wifi = {
        "integration_id": "6b6d31e9-3603-36e1-be89-76c1e538644b",
        "mac_address": "02-" + "-".join(uuid.uuid4().hex[i : i + 2] for i in range(0, 10, 2)),
        "estimation_id": "0ba7de75-8a68-c19a-3d3a-f4708723a1a4",
    }
    crm_error(seed.post(f"/contacts/{contact_id}/wifi/authorization", wifi), 401)
    bound = seed.post(f"/contacts/{contact_id}/wifi/authorization", wifi, token=f"Bearer {token}")
    assert bound.status_code == 200 and bound.json() == {}, bound.text
    device = tokens(
        seed.post("/contacts/authenticate", {"provider": "MAC_ADDRESS", "mac_address": wifi["mac_address"]})
    )
    assert device["contact"]["id"] == contact_id

    # ---- inbox: a communication from the back office, listed, read and marked viewed with the seed's "true"
    tenant = {"organisation_id": organisation_id, "mode": "test", "contact_id": contact_id}
    # (the inbox also holds the mail the API sent the contact: the reset mail and the like)
    inbox = seed.get(f"/contacts/{contact_id}/communications", token).json()["paging"]["total"]
    put_event(
        aws,
        "communication.created",
        {
            **tenant,
            "event_id": f"seed-{uuid.uuid4().hex}",
            "channel": "EMAIL",
            "subject": "Award Provided",
            "content": "You have been awarded!",
            "name": "Happy Birthday",
            "recipient": email,
            "sender": "dev@crm.com",
            "language": "ENG",
        },
    )
    page = eventually(
        lambda: (
            (listed := seed.get(f"/contacts/{contact_id}/communications", token).json())["paging"]["total"] > inbox
            and listed["content"]
        )
    )
    summary = page[0]  # newest first
    assert summary["channel"] == "EMAIL" and summary["name"] == "Happy Birthday" and summary["is_viewed"] is False
    one = seed.get(f"/communications/{summary['id']}", token).json()
    assert one["contact"]["id"] == contact_id and one["subject"] == "Award Provided"
    viewed = seed.put(f"/communications/{summary['id']}/actions", {"viewed": "true"}, token)
    assert viewed.status_code == 200 and viewed.json() == {"id": summary["id"]}, viewed.text
    assert seed.get(f"/communications/{summary['id']}", token).json()["is_viewed"] is True

    # ---- approvals: the seed's entity type ORDER comes in and is answered as the seed spells it (5)
    for number in (1, 2):
        put_event(
            aws,
            "approval_request.created",
            {
                **tenant,
                "request_id": f"BO-{uuid.uuid4().hex[:8]}",
                "entity": {"id": f"o-{number}", "type": "ORDER", "reference": f"CO123{number}"},
            },
        )
    listed = eventually(
        lambda: (
            (page := seed.get(f"/contacts/{contact_id}/approval_requests", token).json())["paging"]["total"] == 2
            and page
        )
    )
    assert {item["entity"]["type"] for item in listed["content"]} == {"ORDER"}
    first, second = listed["content"]
    rejected = seed.post(f"/approval_requests/{first['id']}/actions", {"action": "REJECT"}, token=token, key=False)
    assert rejected.status_code == 200 and rejected.json() == {"id": first["id"]}, rejected.text
    link_tokens = links_in(local_api, email, second["id"])
    landing_page = seed.post(
        f"/approval_requests/{second['id']}/actions", {"token": link_tokens["REJECT"], "response": "REJECT"}, key=False
    )
    assert landing_page.status_code == 200 and landing_page.headers["Content-Type"].startswith("text/html")  # 4
    filtered = seed.get(f"/contacts/{contact_id}/approval_requests", token, state="rejected", entity_types="ORDER")
    assert filtered.json()["paging"]["total"] == 2, filtered.text

    # ---- files: the seed's JSON {"file": "file object"} carries no file (7); a multipart upload does
    crm_error(seed.post("/upload/files", {"file": "file object"}, token=token, key=False), 400)
    uploaded = requests.post(
        f"{local_api.base_url}/upload/files",
        headers={"auth_token": token},
        files={"file": ("notes.txt", b"plain words", "text/plain")},
        data={"service_request_id": "6b888b83-b418-752f-604d-0653cf65885d"},
        timeout=60,
    )
    assert uploaded.status_code == 200, uploaded.text
    file_id = uploaded.json()["id"]
    file = seed.get(f"/files/{file_id}", token).json()
    assert file["id"] == file_id and file["mime"] == "text/plain"  # a full media type (7)
    gone = seed.delete(f"/service_requests/6b888b83-b418-752f-604d-0653cf65885d/files/{file_id}", token)
    assert gone.status_code == 200, gone.text
    crm_error(seed.get(f"/files/{file_id}", token), 404)

    # ---- printouts: the seed's PDF of an invoice answers 201 {id}; EMAIL answers 202 (6); ORDER is ORDERS (5)
    for entity_type, entity_id in (("INVOICE", "b97d4488-e9c1-a338-8420-b831147b648f"), ("ORDERS", "o-1")):
        stored = put_entity(
            local_api, {"organisation_id": organisation_id, "id": contact_id}, entity_type, entity_id, INVOICE
        )
        assert stored.returncode == 0, stored.stderr
    pdf = seed.post(
        "/printout",
        {"format": "PDF", "entity": {"type": "INVOICE", "id": "b97d4488-e9c1-a338-8420-b831147b648f"}},
        token=token,
        key=False,
    )
    assert pdf.status_code == 201 and set(pdf.json()) == {"id"}, pdf.text
    mailed = seed.post(
        "/printout", {"format": "EMAIL", "entity": {"type": "ORDER", "id": "o-1"}}, token=token, key=False
    )
    assert mailed.status_code == 202, mailed.text
    mail = eventually(
        lambda: [m for m in local_api.outbox() if m["to"] == email and "ORDERS-INV-1.pdf" in m.get("attachments", [])]
    )
    assert len(mail) == 1  # the order's PDF, mailed after the answer

    # ---- unregister: the seed's DELETE answers {id}; its token is dead after
    deleted = seed.delete(f"/contacts/{contact_id}", token)
    assert deleted.status_code == 200 and deleted.json() == {"id": contact_id}, deleted.text
    crm_error(seed.get(f"/contacts/{contact_id}", token), 401)

    # ---- the organisation network: a contact of the merchant's application is a MERCHANT's
    merchant_contact = requests.post(
        f"{local_api.base_url}/contacts/register",
        headers={"api_key": merchant_key},
        json={**register, "identity": {**register["identity"], "username": new_email()}},
        timeout=30,
    )
    (merchant,) = tokens(merchant_contact)["organisations"]
    assert merchant == {
        "external_id": merchant_id,
        "org_type": "MERCHANT",
        "org_relationship": "MERCHANT",
        "name": "Seed Merchant",
    }


# ---------------------------------------------------------------- the seed's introduction: form-encoded bodies


def form(api, path, text, headers):
    return requests.post(
        f"{api.base_url}{path}",
        data=text,
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )


def test_a_form_encoded_registration_is_the_json_one(local_api):
    email = new_email()
    text = (
        "first_name=John&last_name=Doe&identity[provider]=EMAIL"
        f"&identity[username]={email.replace('@', '%40')}&identity[password]=correct+horse+42"
        "&service_acceptance=true&sms_opt_out=true&country_agreement=cyp"
        "&custom_fields[0][key]=store&custom_fields[0][value]=Limassol"
        "&custom_fields[1][key]=colour&custom_fields[1][value]=red"
    )
    body = tokens(form(local_api, "/contacts/register", text, {"api_key": local_api.test_key}))
    contact = requests.get(
        f"{local_api.base_url}/contacts/{body['contact']['id']}",
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=30,
    ).json()
    assert contact["email_address"] == email and contact["sms_opt_out"] is True
    assert contact["country_agreement"] == "CYP"  # stored and answered as the alpha-3 code
    assert contact["custom_fields"] == [{"key": "store", "value": "Limassol"}, {"key": "colour", "value": "red"}]
    # The same models: a bad field is named as for JSON; an unreadable form is a 400 naming the body
    refused = form(
        local_api,
        "/contacts/register",
        text.replace("country_agreement=cyp", "country_agreement=XX"),
        {"api_key": local_api.test_key},
    )
    assert crm_error(refused, 400)["parameters"] == ["country_agreement"]
    for bad in ("first_name=a&first_name=b", "a[1]=x", "a" + "[b]" * 7 + "=1", "&".join(f"k{i}=1" for i in range(501))):
        assert crm_error(form(local_api, "/contacts/register", bad, {"api_key": local_api.test_key}), 400)[
            "parameters"
        ] == ["body"]


def test_a_form_encoded_update_nests_objects_and_lists(local_api):
    body = tokens(register(local_api, local_api.test_key))
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    url = f"{local_api.base_url}/contacts/{body['contact']['id']}"
    text = (
        "demographics[gender]=FEMALE&demographics[date_of_birth][year]=1990&demographics[date_of_birth][month]=2"
        "&demographics[date_of_birth][day]=28&company_profile[industry_sectors][]=A&company_profile[industry_sectors][]=B"
        "&is_tax_exempt=true"
    )
    put = requests.put(
        url, data=text, headers={**auth, "Content-Type": "application/x-www-form-urlencoded"}, timeout=30
    )
    assert put.status_code == 200, put.text
    contact = requests.get(url, headers=auth, timeout=30).json()
    assert contact["demographics"]["date_of_birth"] == {"year": 1990, "month": 2, "day": 28}
    assert contact["company_profile"]["industry_sectors"] == ["A", "B"] and contact["is_tax_exempt"] is True


# ---------------------------------------------------------------- query values as clients send them


@pytest.fixture
def approvals(local_api, aws):  # noqa: F811 - the fixture
    body = tokens(register(local_api, local_api.test_key))
    tenant = {
        "organisation_id": claims_of(body["access_token"])["org"],
        "mode": "test",
        "contact_id": body["contact"]["id"],
    }
    for entity_type in ("ORDERS", "REWARD_OFFER", "SERVICE_REQUESTS"):
        put_event(
            aws,
            "approval_request.created",
            {
                **tenant,
                "request_id": f"BO-{uuid.uuid4().hex[:8]}",
                "notify": False,
                "entity": {"id": f"e-{entity_type}", "type": entity_type, "reference": "R1"},
            },
        )
    url = f"{local_api.base_url}/contacts/{body['contact']['id']}/approval_requests"
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    eventually(lambda: requests.get(url, headers=auth, timeout=30).json()["paging"]["total"] == 3)

    def types(query):
        response = requests.get(f"{url}?{query}", headers=auth, timeout=30)
        assert response.status_code == 200, response.text
        return sorted(item["entity"]["type"] for item in response.json()["content"])

    return types, url, auth


def test_repeated_comma_separated_singular_and_lower_case_filters(approvals):
    types, url, auth = approvals
    both = ["ORDER", "REWARD_OFFERS"]
    assert types("entity_types=ORDERS&entity_types=REWARD_OFFERS") == both
    assert types("entity_types=ORDERS,REWARD_OFFERS") == both
    assert types("entity_types=order&entity_types=reward_offer,ORDERS") == both
    assert types("entity_types=SERVICE_REQUEST&state=pending&order=asc&sort=created_date") == ["SERVICE_REQUESTS"]
    assert types("") == ["ORDER", "REWARD_OFFERS", "SERVICE_REQUESTS"]
    bad = requests.get(f"{url}?entity_types=ORDERS&entity_types=INVOICES", headers=auth, timeout=30)
    assert crm_error(bad, 400)["parameters"] == ["entity_types"]
    assert crm_error(requests.get(f"{url}?order=sideways", headers=auth, timeout=30), 400)["parameters"] == ["order"]
