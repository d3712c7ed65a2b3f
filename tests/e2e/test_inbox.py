"""Issue 5 over HTTP through the local runtime: the back office's events, put on the custom bus, reach the
ingestion function through the template's rule; the inbox and approval requests are read and answered through
the API; bad events land in the dead-letter queue with the reason."""

import base64
import hashlib
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import boto3
import pytest
import requests

from tests.e2e.test_slice import crm_error, register

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30  # how long an event may take to go through the bus, its rule and the function


@pytest.fixture(scope="module")
def aws(local_api):
    """The local runtime's AWS (moto's server), as GET /_local/aws tells it (it names no credentials)."""
    info = requests.get(f"{local_api.root_url}/_local/aws", timeout=10).json()
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=info["region"]
    )

    def client(name):
        return session.client(name, endpoint_url=info["endpoint_url"])

    return {"client": client, "resources": info["resources"]}


@pytest.fixture(scope="module")
def tenant(local_api):
    """The demo organisation's id and the mode of the test key, read from a token the API issued."""
    person = register(local_api, local_api.test_key).json()
    claims = json.loads(base64.urlsafe_b64decode(person["access_token"].split(".")[1] + "=="))
    return {"organisation_id": claims["org"], "mode": claims["mode"]}


class Person:
    def __init__(self, api, answer):
        self.api, self.id, self.token = api, answer["contact"]["id"], answer["access_token"]
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def get(self, path, **params):
        return requests.get(f"{self.api.base_url}{path}", headers=self.headers, params=params, timeout=30)

    def put(self, path, body):
        return requests.put(f"{self.api.base_url}{path}", headers=self.headers, json=body, timeout=30)

    def post(self, path, body, headers=None):
        return requests.post(
            f"{self.api.base_url}{path}", headers=self.headers if headers is None else headers, json=body, timeout=30
        )

    def communications(self, **params):
        response = self.get(f"/contacts/{self.id}/communications", **params)
        assert response.status_code == 200, response.text
        return response.json()

    def requests_list(self, **params):
        response = self.get(f"/contacts/{self.id}/approval_requests", **params)
        assert response.status_code == 200, response.text
        return response.json()


def new_person(local_api, email=None):
    answer = register(local_api, local_api.test_key, email or f"e2e-{uuid.uuid4().hex[:12]}@example.com")
    assert answer.status_code == 200, answer.text
    return Person(local_api, answer.json())


def put_event(aws, detail_type, detail):
    answer = aws["client"]("events").put_events(
        Entries=[
            {
                "Source": "crm.backoffice",
                "DetailType": detail_type,
                "Detail": json.dumps(detail),
                "EventBusName": aws["resources"]["BackOfficeBus"],
            }
        ]
    )
    assert answer["FailedEntryCount"] == 0, answer
    return answer["Entries"][0]["EventId"]


def eventually(check):
    """Polls until check() answers something truthy (the event is delivered asynchronously, as on AWS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, "the event never arrived"
        time.sleep(0.3)


def wait_for_total(person, total, path="communications", **params):
    lister = person.communications if path == "communications" else person.requests_list
    return eventually(lambda: (page := lister(**params))["paging"]["total"] == total and page)


def dead_letters(aws):
    sqs = aws["client"]("sqs")
    url = aws["resources"]["BackOfficeDeadLetterQueue"]
    found = []
    while messages := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=0
    ).get("Messages", []):
        for message in messages:
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return found


# ---------------------------------------------------------------- communications


@pytest.fixture(scope="module")
def inbox(local_api, aws, tenant):
    """A contact with one communication per channel, fed through the bus, oldest first."""
    person = new_person(local_api)
    base = {**tenant, "contact_id": person.id}
    sent = [
        {
            "channel": "EMAIL",
            "subject": "Welcome",
            "content": "Hello",
            "recipient": "x@example.com",
            "sender": "dev@crm.com",
            "language": "ENG",
            "name": "Welcome plan",
        },
        {"channel": "SMS", "content": "Your points: 10", "recipient": "+35799000000"},
        {
            "channel": "INAPP",
            "title": "New Festive Beverages",
            "subtitle": "20% discount for December",
            "content": "Try them",
            "in_app_image_url": "https://cdn.example.com/x.png",
            "in_app_click_link_url": "myapp://offers/42",
        },
        {"channel": "DEVICE", "title": "Ping", "content": "Device message"},
    ]
    for index, fields in enumerate(sent):
        put_event(aws, "communication.created", {**base, "event_id": f"{person.id}-{index}", **fields})
        wait_for_total(person, index + 1)  # one at a time: their order is the order sent
    ids = [c["id"] for c in reversed(person.communications(order="ASC", size=10)["content"])]
    return person, base, dict(zip(["EMAIL", "SMS", "INAPP", "DEVICE"], reversed(ids), strict=False))


def test_each_channel_arrives_newest_first_with_its_fields(inbox):
    person, _, ids = inbox
    page = person.communications()
    assert [c["channel"] for c in page["content"]] == ["DEVICE", "INAPP", "SMS", "EMAIL"]
    assert page["paging"] == {"page": 1, "size": 10, "total": 4, "next": None}
    email = page["content"][-1]
    assert {
        k: email[k]
        for k in (
            "life_cycle_state",
            "contact_id",
            "is_viewed",
            "viewed_on",
            "is_archived",
            "sender",
            "recipient",
            "subject",
            "content",
            "language",
            "name",
        )
    } == {
        "life_cycle_state": "COMPLETED",
        "contact_id": person.id,
        "is_viewed": False,
        "viewed_on": None,
        "is_archived": False,
        "sender": "dev@crm.com",
        "recipient": "x@example.com",
        "subject": "Welcome",
        "content": "Hello",
        "language": "ENG",
        "name": "Welcome plan",
    }
    assert [c["channel"] for c in person.communications(order="ASC")["content"]] == ["EMAIL", "SMS", "INAPP", "DEVICE"]


def test_one_inapp_communication_has_its_push_fields_and_contact(inbox):
    person, _, ids = inbox
    got = person.get(f"/communications/{ids['INAPP']}")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["id"] == ids["INAPP"] and body["channel"] == "INAPP" and body["created_on"] > 0
    assert (body["title"], body["subtitle"], body["in_app_image_url"], body["in_app_click_link_url"]) == (
        "New Festive Beverages",
        "20% discount for December",
        "https://cdn.example.com/x.png",
        "myapp://offers/42",
    )
    assert body["contact"]["id"] == person.id and body["contact"]["name"] == "John Doe" and body["contact"]["code"]


def test_actions_and_every_filter(inbox):
    person, _, ids = inbox
    first = person.put(f"/communications/{ids['INAPP']}/actions", {"viewed": "true"})
    assert first.status_code == 200 and first.json() == {"id": ids["INAPP"]}
    viewed_on = person.get(f"/communications/{ids['INAPP']}").json()["viewed_on"]
    assert viewed_on > 0
    time.sleep(1.1)  # so that a second viewed_on would differ
    assert person.put(f"/communications/{ids['INAPP']}/actions", {"viewed": True}).status_code == 200
    assert person.get(f"/communications/{ids['INAPP']}").json()["viewed_on"] == viewed_on  # set once
    assert person.put(f"/communications/{ids['SMS']}/actions", {"archived": True, "viewed": True}).status_code == 200
    assert person.put(f"/communications/{ids['EMAIL']}/actions", {"archived": True}).status_code == 200
    assert person.put(f"/communications/{ids['EMAIL']}/actions", {"archived": False}).status_code == 200

    def listed(**params):
        page = person.communications(**params)
        assert page["paging"]["total"] == len(page["content"]), page
        return [c["channel"] for c in page["content"]]

    assert listed(type="INAPP") == ["INAPP"]
    assert listed(type="EMAIL") == ["EMAIL"]
    assert listed(viewed="true") == ["INAPP", "SMS"]
    assert listed(viewed="false") == ["DEVICE", "EMAIL"]
    assert listed(archived="true") == ["SMS"]
    assert listed(archived="false") == ["DEVICE", "INAPP", "EMAIL"]
    assert listed(archived="false", viewed="true") == ["INAPP"]
    assert listed(type="SMS", archived="true") == ["SMS"]
    assert listed(type="SMS", viewed="false") == []
    assert listed(type="INAPP", archived="false", viewed="true", order="ASC") == ["INAPP"]
    assert listed(archived="false", order="ASC", sort="CREATED_DATE") == ["EMAIL", "INAPP", "DEVICE"]
    page = person.communications(archived="true")
    assert page["content"][0]["is_archived"] is True and page["content"][0]["is_viewed"] is True


def test_paging_edges_and_the_cursor(inbox):
    person, _, ids = inbox
    page = person.communications(size=3)
    assert len(page["content"]) == 3 and page["paging"]["total"] == 4 and page["paging"]["next"]
    rest = person.communications(size=3, next=page["paging"]["next"])
    assert [c["channel"] for c in rest["content"]] == ["EMAIL"] and rest["paging"]["next"] is None
    assert person.communications(size=3, page=2)["content"] == rest["content"]
    past = person.communications(size=3, page=5)
    assert past["content"] == [] and past["paging"] == {"page": 5, "size": 3, "total": 4, "next": None}
    for params in (
        {"size": 0},
        {"size": 101},
        {"page": 0},
        {"sort": "NAME"},
        {"order": "UP"},
        {"type": "FAX"},
        {"archived": "perhaps"},
        {"next": "not-a-cursor"},
    ):
        crm_error(person.get(f"/contacts/{person.id}/communications", **params), 400)
    crm_error(person.put(f"/communications/{ids['SMS']}/actions", {}), 400)
    crm_error(person.put(f"/communications/{ids['SMS']}/actions", {"deleted": True}), 400)


def test_another_contacts_communications_are_not_found(local_api, inbox):
    person, _, ids = inbox
    other = new_person(local_api)
    assert crm_error(other.get(f"/communications/{ids['EMAIL']}"), 404)["parameters"] == ["communication", ids["EMAIL"]]
    crm_error(other.put(f"/communications/{ids['EMAIL']}/actions", {"archived": True}), 404)
    crm_error(other.get(f"/contacts/{person.id}/communications"), 404)
    assert person.get(f"/communications/{ids['EMAIL']}").json()["is_archived"] is False
    live = requests.get(
        f"{local_api.base_url}/contacts/{person.id}/communications", timeout=30, headers={"api_key": local_api.test_key}
    )
    crm_error(live, 403)


def test_a_repeated_event_changes_nothing_and_a_bad_one_is_dead_lettered(local_api, aws, tenant):
    person = new_person(local_api)
    base = {**tenant, "contact_id": person.id}
    dead_letters(aws)
    event = {**base, "event_id": "bo-42", "channel": "INAPP", "title": "Once"}
    put_event(aws, "communication.created", event)
    wait_for_total(person, 1)
    put_event(aws, "communication.created", {**event, "title": "Twice"})
    bad = put_event(aws, "communication.created", {**base, "channel": "PIGEON", "title": "x"})
    unknown = put_event(
        aws, "communication.created", {**tenant, "contact_id": "nobody", "channel": "SMS", "content": "x"}
    )
    put_event(aws, "communication.created", {**base, "event_id": "bo-43", "channel": "SMS", "content": "After"})
    page = wait_for_total(person, 2)  # events go through one at a time: the repeat came before this one
    assert [c["content"] or c["channel"] for c in page["content"]] == ["After", "INAPP"]
    got = person.get(f"/communications/{page['content'][1]['id']}").json()
    assert got["title"] == "Once"
    letters = eventually(lambda: (found := dead_letters(aws)) and found)
    reasons = {letter["event"]["id"]: letter["reason"] for letter in letters}
    assert "channel" in reasons[bad] and "PIGEON" not in reasons[bad].split(":")[0]
    assert reasons.get(unknown) or eventually(
        lambda: any(letter["event"]["id"] == unknown for letter in dead_letters(aws))
    )


# ---------------------------------------------------------------- approval requests


def links_in(local_api, email, request_id):
    mail = eventually(lambda: [m for m in local_api.outbox() if m.get("to") == email and request_id in m["body"]])
    body = mail[-1]["body"]
    return {
        response: re.search(rf"request={request_id}&response={response}&token=(\S+)", body).group(1)
        for response in ("APPROVE", "REJECT")
    }


@pytest.fixture
def asked(local_api, aws, tenant):
    """A contact with a PENDING approval request (sent through the bus) and its e-mailed tokens."""
    email = f"e2e-{uuid.uuid4().hex[:12]}@example.com"
    person = new_person(local_api, email)
    source = f"BO-{uuid.uuid4().hex[:8]}"
    put_event(
        aws,
        "approval_request.created",
        {
            **tenant,
            "contact_id": person.id,
            "request_id": source,
            "entity": {"id": "o-1", "type": "ORDERS", "reference": "CO1234"},
        },
    )
    request = wait_for_total(person, 1, "requests")["content"][0]
    return person, request, links_in(local_api, email, request["id"]), source


def answer_link(local_api, request_id, token, response, form=False):
    url = f"{local_api.base_url}/approval_requests/{request_id}/actions"
    if form:
        return requests.post(url, data={"token": token, "response": response}, timeout=30)
    return requests.post(url, json={"token": token, "response": response}, timeout=30)


def test_a_request_arrives_with_its_mail_recorded_without_the_links(local_api, asked):
    person, request, links, _ = asked
    assert request["state"] == "PENDING" and request["entity"] == {"id": "o-1", "type": "ORDER", "reference": "CO1234"}
    mail = wait_for_total(person, 1)["content"][0]
    assert mail["channel"] == "EMAIL" and mail["subject"] == "Your approval is requested"
    assert "token" not in mail["content"] and all(token not in json.dumps(mail) for token in links.values())


def test_approve_in_the_app_then_a_second_answer_conflicts(asked):
    person, request, _, _ = asked
    answer = person.post(f"/approval_requests/{request['id']}/actions", {"action": "ACCEPT"})
    assert answer.status_code == 200 and answer.json() == {"id": request["id"]}
    crm_error(person.post(f"/approval_requests/{request['id']}/actions", {"action": "REJECT"}), 409)
    assert person.requests_list()["content"][0]["state"] == "APPROVED"


def test_the_app_path_refuses_without_a_valid_token_and_for_another_contact(local_api, asked):
    person, request, _, _ = asked
    url = f"/approval_requests/{request['id']}/actions"
    crm_error(person.post(url, {"action": "APPROVE"}, headers={}), 401)
    crm_error(person.post(url, {"action": "APPROVE"}, headers={"Authorization": "Bearer not.a.jwt"}), 401)
    crm_error(person.post(url, {"action": "APPROVE"}, headers={"api_key": local_api.test_key}), 401)
    crm_error(person.post(url, {"action": "MAYBE"}), 400)
    other = new_person(local_api)
    crm_error(other.post(url, {"action": "REJECT"}), 404)
    crm_error(other.get(f"/contacts/{person.id}/approval_requests"), 404)
    assert person.requests_list()["content"][0]["state"] == "PENDING"


def test_two_racing_answers_one_wins(asked):
    person, request, _, _ = asked
    results = []
    barrier = threading.Barrier(2)

    def answer(action):
        barrier.wait()
        results.append((action, person.post(f"/approval_requests/{request['id']}/actions", {"action": action})))

    threads = [threading.Thread(target=answer, args=(a,)) for a in ("APPROVE", "REJECT")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for _, r in results) == [200, 409], [r.text for _, r in results]
    winner = next(action for action, r in results if r.status_code == 200)
    state = person.requests_list()["content"][0]["state"]
    assert state == {"APPROVE": "APPROVED", "REJECT": "REJECTED"}[winner]
    assert person.requests_list(state="PENDING")["paging"]["total"] == 0


def test_each_landing_page(local_api, asked):
    person, request, links, _ = asked
    unknown = answer_link(local_api, request["id"], "not-a-token", "APPROVE")
    assert unknown.status_code == 404 and "text/html" in unknown.headers["Content-Type"]
    assert "Link not valid" in unknown.text
    swapped = answer_link(local_api, request["id"], links["REJECT"], "APPROVE")
    assert swapped.status_code == 404  # a token answers only its own response
    approved = answer_link(local_api, request["id"], links["APPROVE"], "APPROVE", form=True)
    assert approved.status_code == 200 and "Request approved" in approved.text, approved.text
    again = answer_link(local_api, request["id"], links["APPROVE"], "APPROVE")
    assert again.status_code == 409 and "Already answered" in again.text
    other = answer_link(local_api, request["id"], links["REJECT"], "REJECT")
    assert other.status_code == 409 and "Already answered" in other.text
    assert person.requests_list()["content"][0]["state"] == "APPROVED"
    assert all(token not in approved.text for token in links.values())


def test_the_reject_link(local_api, asked):
    person, request, links, _ = asked
    rejected = answer_link(local_api, request["id"], links["REJECT"], "REJECT")
    assert rejected.status_code == 200 and "Request rejected" in rejected.text, rejected.text
    assert rejected.headers["Content-Type"].startswith("text/html")
    assert person.requests_list()["content"][0]["state"] == "REJECTED"
    assert person.requests_list(state="REJECTED")["paging"]["total"] == 1
    assert person.requests_list(state="PENDING")["paging"]["total"] == 0


def test_the_race_of_two_links(local_api, asked):
    person, request, links, _ = asked
    results = []
    barrier = threading.Barrier(2)

    def click(response):
        barrier.wait()
        results.append((response, answer_link(local_api, request["id"], links[response], response)))

    threads = [threading.Thread(target=click, args=(r,)) for r in ("APPROVE", "REJECT")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for _, r in results) == [200, 409]
    winner = next(response for response, r in results if r.status_code == 200)
    page = next(r for _, r in results if r.status_code == 200).text
    assert ("Request approved" if winner == "APPROVE" else "Request rejected") in page
    assert person.requests_list()["content"][0]["state"] == {"APPROVE": "APPROVED", "REJECT": "REJECTED"}[winner]


def test_an_expired_link(local_api, aws, asked):
    person, request, _, _ = asked
    # A token issued long ago: written straight into the tokens table, as the ingestion would have.
    token = f"expired-{uuid.uuid4().hex}"
    token_hash = base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).decode().rstrip("=")
    claims = json.loads(base64.urlsafe_b64decode(person.token.split(".")[1] + "=="))
    aws["client"]("dynamodb").put_item(
        TableName=aws["resources"]["ApprovalTokensTable"],
        Item={
            "token_hash": {"S": token_hash},
            "tenant": {"S": f"{claims['org']}#{claims['mode']}"},
            "contact_id": {"S": person.id},
            "request_id": {"S": request["id"]},
            "response": {"S": "APPROVE"},
            "expires_at": {"N": str(int(time.time()) - 60)},
        },
    )
    expired = answer_link(local_api, request["id"], token, "APPROVE")
    assert expired.status_code == 410 and "Link expired" in expired.text
    assert person.requests_list()["content"][0]["state"] == "PENDING"


def test_withdrawn_requests_and_the_filters(local_api, aws, tenant, asked):
    person, request, links, source = asked
    base = {**tenant, "contact_id": person.id}
    put_event(
        aws, "approval_request.created", {**base, "request_id": source, "entity": {"id": "o-1", "type": "ORDERS"}}
    )  # a repeat
    put_event(
        aws,
        "approval_request.created",
        {
            **base,
            "request_id": f"{source}-r",
            "notify": False,
            "entity": {"id": "r-1", "type": "REWARD_OFFERS", "reference": "R9"},
        },
    )
    put_event(
        aws,
        "approval_request.created",
        {**base, "request_id": f"{source}-s", "notify": False, "entity": {"id": "s-1", "type": "SERVICE_REQUESTS"}},
    )
    wait_for_total(person, 3, "requests")
    put_event(aws, "approval_request.withdrawn", {**base, "request_id": source})
    eventually(lambda: person.requests_list(state="WITHDRAWN")["paging"]["total"] == 1)
    withdrawn = answer_link(local_api, request["id"], links["APPROVE"], "APPROVE")
    assert withdrawn.status_code == 409 and "Already answered" in withdrawn.text
    crm_error(person.post(f"/approval_requests/{request['id']}/actions", {"action": "APPROVE"}), 409)

    def types(**params):
        page = person.requests_list(**params)
        assert page["paging"]["total"] == len(page["content"])
        return [r["entity"]["type"] for r in page["content"]]

    # ORDERS is answered as the seed's ORDER (docs/contract.md)
    assert types() == ["SERVICE_REQUESTS", "REWARD_OFFERS", "ORDER"]
    assert types(order="ASC") == ["ORDER", "REWARD_OFFERS", "SERVICE_REQUESTS"]
    assert types(state="PENDING") == ["SERVICE_REQUESTS", "REWARD_OFFERS"]
    assert types(entity_types="ORDERS") == ["ORDER"]
    assert types(entity_types="ORDERS,SERVICE_REQUESTS") == ["SERVICE_REQUESTS", "ORDER"]
    assert types(state="PENDING", entity_types="ORDERS,REWARD_OFFERS") == ["REWARD_OFFERS"]
    assert types(state="APPROVED") == []
    first = person.requests_list(size=1, entity_types="REWARD_OFFERS,SERVICE_REQUESTS,ORDERS")
    second = person.requests_list(
        size=1, entity_types="REWARD_OFFERS,SERVICE_REQUESTS,ORDERS", next=first["paging"]["next"]
    )
    assert [r["entity"]["type"] for r in first["content"] + second["content"]] == ["SERVICE_REQUESTS", "REWARD_OFFERS"]
    assert person.requests_list(page=9)["content"] == []
    for params in ({"size": 0}, {"size": 101}, {"state": "MAYBE"}, {"entity_types": "ORDERS,CARS"}):
        crm_error(person.get(f"/contacts/{person.id}/approval_requests", **params), 400)


def test_the_backoffice_command_fills_an_inbox(local_api):
    person = new_person(local_api)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crmctl.backoffice",
            "communication",
            "--local",
            local_api.root_url,
            "--api-key",
            local_api.test_key,
            "--contact",
            person.id,
            "--channel",
            "INAPP",
            "--title",
            "Hello",
            "--content",
            "From the command",
            "--link-url",
            "myapp://home",
        ],
        cwd=ROOT,
        env=dict(__import__("os").environ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["detail_type"] == "communication.created"
    page = wait_for_total(person, 1)
    assert page["content"][0]["content"] == "From the command" and page["content"][0]["channel"] == "INAPP"
