"""The load run's users (see load/__main__.py, which starts locust on this file): each registers a contact of its
own, then calls a mix of reads and writes at a constant rate; what the API acknowledged is written to
LOAD_RECORDS at the end, for the driver to check that nothing acknowledged was lost.

The mix, per 100 requests: 38 reads of the contact, 10 of its preferences, 5 of its demographics, 15 inbox
lists, 5 approval-request lists, 12 profile updates, 5 consent updates, 5 token refreshes, 3 registrations and
2 password sign-ins. Only these last two hash a password (argon2id, ~28 ms of CPU each): 5 in 100 are 10 hashes a
second at 200 requests a second, about 0.3 of a core, beside one registration per user at the start."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import Counter, defaultdict
from typing import Any

import gevent
from locust import FastHttpUser, constant_throughput, events, task
from locust.exception import StopUser

API = "/self-service/v1"
API_KEY = os.environ.get("LOAD_API_KEY", "")
RATE = float(os.environ.get("LOAD_RATE", "200"))  # requests per second, all users together
USERS = int(os.environ.get("LOAD_USERS", "100"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))  # a bound on the count too; 0: none
RECORDS = os.environ.get("LOAD_RECORDS", "")
RUN = uuid.uuid4().hex[:8]
CONSENT_STATES = ("PENDING", "ACCEPTED", "REJECTED")

# What the API acknowledged, and what happened to every request.
registrations: dict[str, dict[str, Any]] = {}  # e-mail -> password, contact id, profile values acknowledged
statuses: dict[str, Counter] = defaultdict(Counter)  # request name -> status (0: no answer) -> count
errors: Counter = Counter()  # "name: error" for requests without an answer
latencies_ms: list[float] = []
ends: list[float] = []  # when each answer came, for the rate once every user runs
window = {"first": None, "last": None}


@events.request.add_listener
def _count(
    request_type: str, name: str, response_time: float, response: Any = None, exception: Any = None, **kwargs: Any
) -> None:
    status = getattr(response, "status_code", 0) or 0
    statuses[name][str(status)] += 1
    if status == 0:
        errors[f"{name}: {type(exception).__name__ if exception else 'no answer'}"] += 1
    latencies_ms.append(response_time)
    now = time.time()
    ends.append(now)
    window["first"] = window["first"] or now - response_time / 1000
    window["last"] = now
    if MAX_REQUESTS and len(latencies_ms) == MAX_REQUESTS and _environment.get("env") is not None:
        gevent.spawn(_environment["env"].runner.quit)  # the count's bound, beside locust's own time bound


_environment: dict[str, Any] = {}


@events.init.add_listener
def _remember_environment(environment: Any, **kwargs: Any) -> None:
    _environment["env"] = environment


@events.test_stop.add_listener
def _write_records(environment: Any, **kwargs: Any) -> None:
    if not RECORDS:
        return
    with open(RECORDS, "w", encoding="utf-8") as out:
        json.dump(
            {
                "registrations": registrations,
                "statuses": statuses,
                "errors": errors,
                "latencies_ms": latencies_ms,
                "ends": ends,
                "first": window["first"],
                "last": window["last"],
            },
            out,
        )


class Contact(FastHttpUser):
    wait_time = constant_throughput(RATE / USERS)

    def on_start(self) -> None:
        self.email = self.token = self.refresh_token = self.contact_id = None
        answer = self._register()
        if answer is None:  # counted as a failure already; without a contact this user has nothing to do
            raise StopUser
        self.email = answer["email"]
        self._take_tokens(answer["tokens"])

    # ------------------------------------------------------------ helpers

    def _key_post(self, path: str, body: dict[str, Any]) -> Any:
        with self.client.post(
            f"{API}{path}", json=body, headers={"api_key": API_KEY}, name=f"POST {path}", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return None
            return response.json()

    def _register(self) -> dict[str, Any] | None:
        email = f"load-{RUN}-{uuid.uuid4().hex[:12]}@example.com"
        password = uuid.uuid4().hex
        tokens = self._key_post(
            "/contacts/register",
            {
                "first_name": "Load",
                "last_name": "Test",
                "identity": {"provider": "EMAIL", "username": email, "password": password},
            },
        )
        if tokens is None:
            return None
        registrations[email] = {"password": password, "contact_id": tokens["contact"]["id"]}
        return {"email": email, "tokens": tokens}

    def _take_tokens(self, tokens: dict[str, Any]) -> None:
        self.token = tokens["access_token"]
        self.refresh_token = tokens["refresh_token"]
        self.contact_id = tokens["contact"]["id"]

    def _jwt(self, method: str, path: str, name: str, body: dict[str, Any] | None = None) -> Any:
        with self.client.request(
            method,
            f"{API}{path}",
            json=body,
            name=f"{method} {name}",
            headers={"Authorization": f"Bearer {self.token}"},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return None
            return response.json()

    def _update(self, field: str, value: str, path: str, name: str) -> None:
        """PUT {field: value}; the value is what the contact must read afterwards once acknowledged. Until an
        answer, the stored value may be the old or the new one (kept as unsettled); an answer settles it."""
        record = registrations[self.email]
        record.setdefault("unsettled", {}).setdefault(field, []).append(value)
        if self._jwt("PUT", path.format(id=self.contact_id), name, {field: value}) is not None:
            record[field] = value
            record["unsettled"][field] = []

    # ------------------------------------------------------------ the mix

    @task(38)
    def read_contact(self) -> None:
        self._jwt("GET", f"/contacts/{self.contact_id}", "/contacts/{id}")

    @task(10)
    def read_preferences(self) -> None:
        self._jwt("GET", f"/contacts/{self.contact_id}/preferences", "/contacts/{id}/preferences")

    @task(5)
    def read_demographics(self) -> None:
        self._jwt("GET", f"/contacts/{self.contact_id}/demographics", "/contacts/{id}/demographics")

    @task(15)
    def list_inbox(self) -> None:
        self._jwt("GET", f"/contacts/{self.contact_id}/communications?size=10", "/contacts/{id}/communications")

    @task(5)
    def list_approval_requests(self) -> None:
        self._jwt("GET", f"/contacts/{self.contact_id}/approval_requests", "/contacts/{id}/approval_requests")

    @task(12)
    def update_profile(self) -> None:
        self._update("first_name", f"Load{uuid.uuid4().hex[:8]}", "/contacts/{id}", "/contacts/{id}")

    @task(5)
    def update_consent(self) -> None:
        state = CONSENT_STATES[int(time.time() * 1000) % len(CONSENT_STATES)]
        self._update("consent_state", state, "/contacts/{id}/consents", "/contacts/{id}/consents")

    @task(5)
    def refresh(self) -> None:
        tokens = self._key_post("/contacts/refresh", {"refresh_token": self.refresh_token})
        if tokens is not None:
            self._take_tokens(tokens)

    @task(3)
    def register_someone(self) -> None:
        self._register()

    @task(2)
    def sign_in(self) -> None:
        tokens = self._key_post(
            "/contacts/authenticate",
            {"provider": "EMAIL", "username": self.email, "password": registrations[self.email]["password"]},
        )
        if tokens is not None:
            self._take_tokens(tokens)
