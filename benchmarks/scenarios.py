"""One scenario per route: the data a route needs, the request it sends, and the AWS calls its data needs at least.

To measure a new route, add a function here decorated with @scenario(METHOD, template path, ...) that prepares its
data through `world` and answers a `RequestMaker`: request number -> Request. A template route without a scenario is
reported as "not measured yet"; a scenario for a route the template lacks is reported as stale.
"""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Mapping

API = "/self-service/v1"
PASSWORD = "password1234"


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # path and query string, percent-encoded
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None  # JSON-able, or None for no body

    def body_bytes(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()

    def all_headers(self) -> list[tuple[str, str]]:
        extra = [("Content-Type", "application/json")] if self.body is not None else []
        return [("Accept", "application/json"), *extra, *self.headers]


RequestMaker = Callable[[int], Request]


@dataclass
class RegisteredContact:
    id: str
    email: str
    password: str
    access_token: str
    refresh_token: str

    def bearer(self) -> tuple[tuple[str, str], ...]:
        return (("Authorization", f"Bearer {self.access_token}"),)


@dataclass
class World:
    """Data shared by the scenarios, made on first use in whatever AWS the process points at."""

    _counter: itertools.count = field(default_factory=itertools.count)

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter)}-{uuid.uuid4().hex[:8]}"

    @cached_property
    def organisation(self) -> Any:
        from crm.tenancy import create_organisation

        return create_organisation("Benchmark Organisation")

    @property
    def api_key(self) -> str:
        return self.organisation.keys["test"]

    def key_header(self) -> tuple[tuple[str, str], ...]:
        return (("api_key", self.api_key),)

    def new_contact(self) -> RegisteredContact:
        from crm.context import RequestContext
        from crm.services.identity import register_with_email_password

        ctx = RequestContext(organisation_id=self.organisation.organisation_id, mode="test")
        email = f"{self.unique('contact')}@example.com"
        answer = register_with_email_password(ctx, email=email, password=PASSWORD,
                                              profile={"first_name": "Bench", "last_name": "Mark"})
        return RegisteredContact(answer["contact"]["id"], email, PASSWORD, answer["access_token"],
                                 answer["refresh_token"])

    @cached_property
    def contact(self) -> RegisteredContact:
        return self.new_contact()


@dataclass(frozen=True)
class Scenario:
    method: str
    path: str  # as template.yaml writes it
    prepare: Callable[[World], RequestMaker]
    expected_status: int
    # AWS calls per warm request that the route's data needs at least, by operation, for the function and for the
    # authorizer in front of it.
    minimum_calls: Mapping[str, int]
    authorizer_minimum_calls: Mapping[str, int]
    why_minimum: str = ""
    hashes_password: bool = False
    max_requests: int | None = None  # password routes: each request hashes for tens of milliseconds
    # List routes: seed `count` records for the route's owner and answer the request for page 1 (size 20).
    seed_records: Callable[[World, int], RequestMaker] | None = None
    # Fit to serve as a function's cold-start request: no password hashing.
    light: bool = True

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path


SCENARIOS: dict[tuple[str, str], Scenario] = {}


def scenario(method: str, path: str, **settings: Any) -> Callable[[Callable[[World], RequestMaker]], Callable]:
    def register(prepare: Callable[[World], RequestMaker]) -> Callable[[World], RequestMaker]:
        found = Scenario(method.upper(), path, prepare, **settings)
        if found.key in SCENARIOS:
            raise ValueError(f"two scenarios for {method} {path}")
        SCENARIOS[found.key] = found
        return prepare

    return register


# ---------------------------------------------------------------- authentication


@scenario("POST", f"{API}/contacts/register", expected_status=200, hashes_password=True, max_requests=40, light=False,
          minimum_calls={"TransactWriteItems": 1, "GetItem": 2}, authorizer_minimum_calls={},
          why_minimum="a taken identity is found before any code or link is sent (409 without sending); one "
                      "transaction writes contact, identity and session; the answer names the organisation; "
                      "a warm authorizer remembers the key")
def register(world: World) -> RequestMaker:
    key = world.key_header()

    def make(number: int) -> Request:
        email = f"{world.unique('register')}@example.com"
        body = {"first_name": "Bench", "last_name": "Mark",
                "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD}}
        return Request("POST", f"{API}/contacts/register", key, body)

    return make


@scenario("POST", f"{API}/contacts/authenticate", expected_status=200, hashes_password=True, max_requests=40,
          light=False, minimum_calls={"GetItem": 4, "PutItem": 1}, authorizer_minimum_calls={},
          why_minimum="read the identity and its lockout record (kept apart so unknown usernames lock alike), "
                      "then its contact; write the new session; the answer names the organisation")
def authenticate(world: World) -> RequestMaker:
    contact, key = world.contact, world.key_header()
    body = {"provider": "EMAIL", "username": contact.email, "password": contact.password}
    return lambda number: Request("POST", f"{API}/contacts/authenticate", key, body)


# ---------------------------------------------------------------- contacts


@scenario("GET", f"{API}/contacts/{{id}}", expected_status=200,
          minimum_calls={"GetItem": 2}, authorizer_minimum_calls={"GetItem": 1},
          why_minimum="the contact and its organisation; the authorizer reads the session (sign-out is immediate)")
def get_contact(world: World) -> RequestMaker:
    contact = world.contact
    return lambda number: Request("GET", f"{API}/contacts/{contact.id}", contact.bearer())
