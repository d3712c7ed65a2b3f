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
from functools import cached_property, partial
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
        from crm.data.tenancy import change_test_recipients
        from crm.services.tenancy import create_organisation

        created = create_organisation("Benchmark Organisation")
        change_test_recipients(created.organisation_id, "*", allow=True)  # its test mode delivers, as the demo's
        return created

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
        answer = register_with_email_password(
            ctx, email=email, password=PASSWORD, profile={"first_name": "Bench", "last_name": "Mark"}
        )
        return RegisteredContact(
            answer["contact"]["id"], email, PASSWORD, answer["access_token"], answer["refresh_token"]
        )

    @cached_property
    def contact(self) -> RegisteredContact:
        return self.new_contact()

    def context(self, contact: RegisteredContact | None = None) -> Any:
        from crm.context import RequestContext

        return RequestContext(
            organisation_id=self.organisation.organisation_id, mode="test", contact_id=contact.id if contact else ""
        )

    def new_session(self, contact: RegisteredContact) -> RegisteredContact:
        """Another session of the contact, made without hashing a password: fresh tokens for routes that spend them."""
        from crm.data.contacts import find_contact
        from crm.services.sessions import start_session

        ctx = self.context()
        answer = start_session(ctx, find_contact(ctx.tenant, contact.id), "EMAIL", False)
        return RegisteredContact(
            contact.id, contact.email, contact.password, answer["access_token"], answer["refresh_token"]
        )

    def new_communication(self, contact: RegisteredContact) -> str:
        from crm.data.communications import record_communication

        return record_communication(
            tenant=self.context().tenant,
            contact_id=contact.id,
            channel="INAPP",
            recipient=contact.email,
            subject="Bench",
            content="Mark",
        ).id

    @cached_property
    def communication(self) -> str:
        return self.new_communication(self.contact)

    def new_file(self, contact: RegisteredContact, service_request_id: str | None = None) -> str:
        from crm.services.files import upload_in_request

        return upload_in_request(
            self.context(contact),
            name="bench.txt",
            mime="text/plain",
            content=b"bench mark\n",
            service_request_id=service_request_id,
        )["id"]

    @cached_property
    def file(self) -> str:
        return self.new_file(self.contact)


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
    # Fewer requests than the run's (the table shows the count): password routes hash for tens of milliseconds each;
    # routes that spend their data make it afresh for each request, which costs more than the request.
    max_requests: int | None = None
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


@scenario(
    "POST",
    f"{API}/contacts/register",
    expected_status=200,
    hashes_password=True,
    max_requests=40,
    light=False,
    minimum_calls={"TransactWriteItems": 1, "GetItem": 2},
    authorizer_minimum_calls={},
    why_minimum="a taken identity is found before any code or link is sent (409 without sending); one "
    "transaction writes contact, identity and session; the answer names the organisation; "
    "a warm authorizer remembers the key",
)
def register(world: World) -> RequestMaker:
    key = world.key_header()

    def make(number: int) -> Request:
        email = f"{world.unique('register')}@example.com"
        body = {
            "first_name": "Bench",
            "last_name": "Mark",
            "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD},
        }
        return Request("POST", f"{API}/contacts/register", key, body)

    return make


@scenario(
    "POST",
    f"{API}/contacts/authenticate",
    expected_status=200,
    hashes_password=True,
    max_requests=40,
    light=False,
    minimum_calls={"GetItem": 4, "PutItem": 1, "UpdateItem": 1, "DeleteItem": 1},
    authorizer_minimum_calls={},
    why_minimum="read the identity and its lockout record (kept apart so unknown usernames lock alike), "
    "reserve the guess in it before argon2 (one conditional update) and clear it after the right "
    "password; then its contact; write the new session; the answer names the organisation",
)
def authenticate(world: World) -> RequestMaker:
    contact, key = world.contact, world.key_header()
    body = {"provider": "EMAIL", "username": contact.email, "password": contact.password}
    return lambda number: Request("POST", f"{API}/contacts/authenticate", key, body)


# ---------------------------------------------------------------- contacts


@scenario(
    "GET",
    f"{API}/contacts/{{id}}",
    expected_status=200,
    minimum_calls={"GetItem": 2},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the contact and its organisation; the authorizer reads the session (sign-out is immediate)",
)
def get_contact(world: World) -> RequestMaker:
    contact = world.contact
    return lambda number: Request("GET", f"{API}/contacts/{contact.id}", contact.bearer())


# ---------------------------------------------------------------- lists (inbox, approval requests)


def _tenant(world: World) -> str:
    return f"{world.organisation.organisation_id}#test"


def _bulk_communications(world: World, contact_id: str, count: int) -> list[str]:
    """`count` e-mails of the contact by one batch write, with their index keys and count, as record_communication
    would leave them (as tests/integration/test_communications.py fills 1,000)."""
    from crm.data import lists
    from crm.data.communications import DIMENSIONS, Communication, CommunicationCounts, new_time_ordered_id, owner_key

    owner, ids = owner_key(_tenant(world), contact_id), []
    with Communication.batch_write() as batch:
        for _ in range(count):
            item = Communication(
                owner=owner,
                id=new_time_ordered_id(),
                contact_id=contact_id,
                channel="EMAIL",
                recipient=world.contact.email,
                subject="Bench",
                content="Mark",
            )
            for attribute, value in lists.index_keys(owner, DIMENSIONS, item.dimension_values()).items():
                setattr(item, attribute, value)
            batch.save(item)
            ids.append(item.id)
    leaf = lists.counter_attribute(DIMENSIONS, {"channel": "EMAIL", "archived": "A0", "viewed": "V0"})
    CommunicationCounts(lists.counts_owner(owner), lists.COUNTS_ID, **{leaf: count}).save()
    return ids


def _bulk_approval_requests(world: World, contact_id: str, count: int) -> list[str]:
    from crm.data import lists
    from crm.data.approvals import DIMENSIONS, ApprovalCounts, ApprovalRequest
    from crm.data.communications import new_time_ordered_id, owner_key

    owner, ids = owner_key(_tenant(world), contact_id), []
    with ApprovalRequest.batch_write() as batch:
        for _ in range(count):
            item = ApprovalRequest(
                owner=owner,
                id=new_time_ordered_id(),
                contact_id=contact_id,
                state="PENDING",
                entity_type="ORDERS",
                entity_id=world.unique("order"),
                source_id=world.unique("src"),
            )
            for attribute, value in lists.index_keys(owner, DIMENSIONS, item.dimension_values()).items():
                setattr(item, attribute, value)
            batch.save(item)
            ids.append(item.id)
    leaf = lists.counter_attribute(DIMENSIONS, {"state": "PENDING", "entity_type": "ORDERS"})
    ApprovalCounts(lists.counts_owner(owner), lists.COUNTS_ID, **{leaf: count}).save()
    return ids


def _listing(kind: str, bulk: Callable[[World, str, int], Any]) -> Callable[[World, int], RequestMaker]:
    """A contact with `count` items of the list `kind`, and page 1 of it (size 20) to ask for."""

    def seed(world: World, count: int) -> RequestMaker:
        contact = world.new_contact()
        bulk(world, contact.id, count)
        return lambda number: Request("GET", f"{API}/contacts/{contact.id}/{kind}?size=20", contact.bearer())

    return seed


# The inbox and the approval requests: the same list machinery (crm.data.lists), measured alike.
for _kind, _bulk in (("communications", _bulk_communications), ("approval_requests", _bulk_approval_requests)):
    _seed = _listing(_kind, _bulk)
    scenario(
        "GET",
        f"{API}/contacts/{{id}}/{_kind}",
        expected_status=200,
        minimum_calls={"Query": 1, "GetItem": 1},
        authorizer_minimum_calls={"GetItem": 1},
        why_minimum="one query reads page 1 (size 20) by the owner's partition or a filter index, one read of "
        "the owner's counter item answers paging.total; the authorizer reads the session",
        seed_records=_seed,
    )(partial(_seed, count=25))


# ---------------------------------------------------------------- contacts: reads and writes with a JWT


@scenario(
    "PUT",
    f"{API}/contacts/{{id}}",
    expected_status=200,
    minimum_calls={"GetItem": 1, "PutItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="read the contact (If-Match is checked against its ETag, partial updates merge into it), "
    "write it back under a condition on its version; the authorizer reads the session",
)
def update_contact(world: World) -> RequestMaker:
    contact = world.contact
    return lambda number: Request("PUT", f"{API}/contacts/{contact.id}", contact.bearer(), {"title": f"Dr{number % 7}"})


@scenario(
    "PUT",
    f"{API}/contacts/{{id}}/consents",
    expected_status=200,
    minimum_calls={"GetItem": 1, "PutItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="read the contact (it must be active; If-Match is checked against its ETag), write it back "
    "under a condition on its version (one UpdateItem could do, were If-Match not checked against "
    "the whole contact); the authorizer reads the session",
)
def update_consents(world: World) -> RequestMaker:
    contact = world.contact
    states = ("ACCEPTED", "REJECTED")
    return lambda number: Request(
        "PUT", f"{API}/contacts/{contact.id}/consents", contact.bearer(), {"consent_state": states[number % 2]}
    )


@scenario(
    "GET",
    f"{API}/contacts/{{id}}/demographics",
    expected_status=200,
    minimum_calls={"GetItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the contact; the authorizer reads the session",
)
def get_demographics(world: World) -> RequestMaker:
    contact = world.contact
    return lambda number: Request("GET", f"{API}/contacts/{contact.id}/demographics", contact.bearer())


@scenario(
    "GET",
    f"{API}/contacts/{{id}}/preferences",
    expected_status=200,
    minimum_calls={"GetItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the contact; the authorizer reads the session",
)
def get_preferences(world: World) -> RequestMaker:
    contact = world.contact
    return lambda number: Request("GET", f"{API}/contacts/{contact.id}/preferences", contact.bearer())


@scenario(
    "PUT",
    f"{API}/contacts/{{id}}/preferences",
    expected_status=200,
    minimum_calls={"GetItem": 2, "PutItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="read the contact and the preferred organisation (it must be of the caller's network), write "
    "the contact back under a condition on its version; the authorizer reads the session",
)
def update_preferences(world: World) -> RequestMaker:
    contact, organisation = world.contact, world.organisation.organisation_id
    return lambda number: Request(
        "PUT",
        f"{API}/contacts/{contact.id}/preferences",
        contact.bearer(),
        {"organisation_id": organisation, "type": "ORDERS"},
    )


# ---------------------------------------------------------------- inbox and files


@scenario(
    "GET",
    f"{API}/communications/{{id}}",
    expected_status=200,
    minimum_calls={"GetItem": 2},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the communication, by the caller's partition and its id, and its contact (the answer names "
    "it: name and code are not copied onto each communication); the authorizer reads the session",
)
def get_communication(world: World) -> RequestMaker:
    contact, communication = world.contact, world.communication
    return lambda number: Request("GET", f"{API}/communications/{communication}", contact.bearer())


@scenario(
    "PUT",
    f"{API}/communications/{{id}}/actions",
    expected_status=200,
    minimum_calls={"GetItem": 1, "TransactWriteItems": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="read the communication (its flags decide which counters move), then one transaction updates "
    "it and its owner's counter item; the authorizer reads the session",
)
def act_on_communication(world: World) -> RequestMaker:
    contact, communication = world.contact, world.communication
    return lambda number: Request(
        "PUT",
        f"{API}/communications/{communication}/actions",
        contact.bearer(),
        {"viewed": True, "archived": number % 2 == 0},
    )


@scenario(
    "GET",
    f"{API}/files/{{id}}",
    expected_status=200,
    minimum_calls={"GetItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the file record (download links are presigned locally, without a call); the authorizer reads "
    "the session",
)
def get_file(world: World) -> RequestMaker:
    contact, file_id = world.contact, world.file
    return lambda number: Request("GET", f"{API}/files/{file_id}", contact.bearer())


# ---------------------------------------------------------------- sessions


@scenario(
    "POST",
    f"{API}/contacts/{{id}}/sign_out",
    max_requests=200,
    expected_status=200,
    minimum_calls={"UpdateItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="one update ends the session; the authorizer reads the session. Each request signs out a "
    "session made for it",
)
def sign_out(world: World) -> RequestMaker:
    contact = world.contact

    def make(number: int) -> Request:
        session = world.new_session(contact)
        return Request("POST", f"{API}/contacts/{contact.id}/sign_out", session.bearer())

    return make


@scenario(
    "POST",
    f"{API}/contacts/refresh",
    max_requests=200,
    expected_status=200,
    minimum_calls={"GetItem": 3, "UpdateItem": 1},
    authorizer_minimum_calls={},
    why_minimum="the session the token names, its contact and the organisation the answer names; one "
    "conditional update rotates the token. Each request spends a refresh token made for it",
)
def refresh(world: World) -> RequestMaker:
    contact, key = world.contact, world.key_header()
    return lambda number: Request(
        "POST", f"{API}/contacts/refresh", key, {"refresh_token": world.new_session(contact).refresh_token}
    )


# ---------------------------------------------------------------- one-time codes and links


def _credentials(contact: RegisteredContact) -> list[dict[str, str]]:
    return [{"name": "EMAIL", "value": contact.email}]


@scenario(
    "POST",
    f"{API}/contacts/validate",
    expected_status=200,
    minimum_calls={"GetItem": 2, "UpdateItem": 4},
    authorizer_minimum_calls={},
    why_minimum="the identity the e-mail credential names, then its contact (it must be active); the look-up "
    "reserved against the e-mail's and the source address's failure counters, and given back "
    "(one conditional update each way)",
)
def validate(world: World) -> RequestMaker:
    contact, key = world.contact, world.key_header()
    return lambda number: Request("POST", f"{API}/contacts/validate", key, {"credentials": _credentials(contact)})


@scenario(
    "POST",
    f"{API}/contacts/otp",
    expected_status=200,
    max_requests=40,
    minimum_calls={"GetItem": 5, "PutItem": 2, "SendRawEmail": 1, "TransactWriteItems": 1, "UpdateItem": 4},
    authorizer_minimum_calls={},
    why_minimum="the look-up reserved and given back on two failure counters (the e-mail's, the source "
    "address's); the identity and its contact, the contact's code state (at most a few codes an hour); the "
    "contact again for its language (crm/messages; the organisation's look is cached 60 s); the "
    "organisation's test-mode allow-list (test mode only); send "
    "the mail and record it in the inbox (one transaction: item, source marker, counter); save "
    "the code state and the code. Each request is for a contact made for it (the hourly limit)",
)
def request_otp(world: World) -> RequestMaker:
    key = world.key_header()
    return lambda number: Request(
        "POST", f"{API}/contacts/otp", key, {"send_method": "EMAIL", "credentials": _credentials(world.new_contact())}
    )


def _new_code(world: World, contact: RegisteredContact) -> tuple[str, str]:
    """A one-time code of the contact, saved as /contacts/otp saves it (without sending it): (auth_otp, code)."""
    import time

    from crm.data.onetime import OneTimeCode, OtpState, find_otp_state, otp_state_id
    from crm.services import otp
    from crm.services.identity import email_identity_key

    otp_id, code, tenant = str(uuid.uuid4()), "123456", world.context().tenant
    OneTimeCode(
        id=otp_id,
        tenant=tenant,
        contact_id=contact.id,
        identity_key=email_identity_key(contact.email),
        code_hash=otp._code_hash(otp_id, code),
        attempts=0,
        expires_at=int(time.time()) + 300,
    ).save()
    state = find_otp_state(tenant, contact.id) or OtpState(id=otp_state_id(tenant, contact.id))
    state.latest_otp_id, state.expires_at = otp_id, int(time.time()) + 3600
    state.save()  # only the latest code is valid
    return otp_id, code


@scenario(
    "POST",
    f"{API}/contacts/validate-otp",
    max_requests=200,
    expected_status=200,
    minimum_calls={"GetItem": 5, "UpdateItem": 2, "PutItem": 1},
    authorizer_minimum_calls={},
    why_minimum="the code (its try reserved before the compare, then spent: one conditional update each) "
    "and the contact's code state (only the latest "
    "code is valid), its contact and identity (a code proves the "
    "address), the organisation the answer names; write the new session. Each request spends a "
    "code made for it",
)
def validate_otp(world: World) -> RequestMaker:
    contact, key = world.contact, world.key_header()

    def make(number: int) -> Request:
        auth_otp, code = _new_code(world, contact)
        return Request("POST", f"{API}/contacts/validate-otp", key, {"auth_otp": auth_otp, "code": code})

    return make


def _new_link_token(world: World, contact: RegisteredContact, kind: str) -> str:
    from crm.services.identity import email_identity_key, new_link_token

    token, record = new_link_token(world.context(), contact.id, email_identity_key(contact.email), kind, 3600)
    record.save()
    return token


@scenario(
    "POST",
    f"{API}/contacts/forgot_password",
    expected_status=200,
    max_requests=40,
    minimum_calls={"SendMessage": 1},
    authorizer_minimum_calls={},
    why_minimum="the job on the password resets queue, the same one call for a registered and an unknown "
    "username (the answer's time must not tell who is registered); PasswordResetWorkerFunction looks the "
    "identity up, counts the hourly limit, saves the token's hash and sends the mail off the request path",
)
def forgot_password(world: World) -> RequestMaker:
    key = world.key_header()
    return lambda number: Request(
        "POST", f"{API}/contacts/forgot_password", key, {"username": world.new_contact().email}
    )


@scenario(
    "POST",
    f"{API}/contacts/change_password",
    expected_status=200,
    hashes_password=True,
    max_requests=40,
    light=False,
    minimum_calls={"GetItem": 4, "UpdateItem": 3, "Query": 1},
    authorizer_minimum_calls={},
    why_minimum="the token (spent by one conditional update), its identity (new password hash written), the "
    "lockout record (cleared only when there is one), the contact's sessions (one query; one "
    "update ends each: the contact has one), its device binding (read, to end it). Each request "
    "spends a reset token made for it, on a contact of its own",
)
def change_password(world: World) -> RequestMaker:
    key, contact = world.key_header(), world.new_contact()
    return lambda number: Request(
        "POST",
        f"{API}/contacts/change_password",
        key,
        {"token": _new_link_token(world, contact, "RESET"), "password": PASSWORD},
    )


@scenario(
    "GET",
    f"{API}/contacts/verify_email/{{token}}",
    max_requests=200,
    expected_status=200,
    minimum_calls={"GetItem": 2},
    authorizer_minimum_calls={},
    why_minimum="the token is read (not spent: the page's button confirms, so a mail scanner changes "
    "nothing); its contact, for the page's language (the organisation's look is cached 60 s). Each request "
    "opens a verification token made for it",
)
def verify_email_page(world: World) -> RequestMaker:
    contact = world.new_contact()
    return lambda number: Request("GET", f"{API}/contacts/verify_email/{_new_link_token(world, contact, 'VERIFY')}")


@scenario(
    "POST",
    f"{API}/contacts/verify_email/{{token}}",
    max_requests=200,
    expected_status=200,
    minimum_calls={"GetItem": 4, "UpdateItem": 3, "Query": 1},
    authorizer_minimum_calls={},
    why_minimum="the token, read for the page's brand and language with its contact (crm/services/pages.py), "
    "then spent by one conditional update; one update marks the identity verified; "
    "the first proof of the address ends the sessions held before it (one query, one update "
    "each: the contact has one) and its device binding (read, to end it). Each request spends a "
    "verification token made for it",
)
def verify_email(world: World) -> RequestMaker:
    contact = world.new_contact()
    return lambda number: Request("POST", f"{API}/contacts/verify_email/{_new_link_token(world, contact, 'VERIFY')}")


# ---------------------------------------------------------------- deletes, uploads, approval answers


@scenario(
    "DELETE",
    f"{API}/contacts/{{id}}",
    expected_status=200,
    max_requests=40,
    minimum_calls={"GetItem": 4, "TransactWriteItems": 2, "Query": 2, "UpdateItem": 1, "SendRawEmail": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the contact; its identities (the contact index, eventually consistent, and the e-mail "
    "identity read directly); one transaction marks the contact unregistered and deletes them; "
    "its sessions (one query) end, one update each (it has one), and its device binding (read, to "
    "end it); the unregistration notice is mailed (the test-mode allow-list read) and recorded in the inbox "
    "(one transaction). Each request unregisters a "
    "contact made for it",
)
def unregister(world: World) -> RequestMaker:
    def make(number: int) -> Request:
        contact = world.new_contact()
        return Request("DELETE", f"{API}/contacts/{contact.id}", contact.bearer())

    return make


@scenario(
    "POST",
    f"{API}/upload/files",
    max_requests=200,
    expected_status=200,
    minimum_calls={"PutItem": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the PENDING file record; the presigned upload is signed locally, without a call",
)
def upload_file(world: World) -> RequestMaker:
    contact = world.contact
    return lambda number: Request(
        "POST",
        f"{API}/upload/files",
        contact.bearer(),
        {"file_name": f"bench{number}.txt", "mime": "text/plain", "size": 1024},
    )


@scenario(
    "DELETE",
    f"{API}/files/{{id}}",
    max_requests=100,
    expected_status=200,
    minimum_calls={"GetItem": 1, "DeleteItem": 1, "DeleteObjects": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the file record (it must be the caller's), then it and its objects (original and variants, "
    "one batch) are deleted. Each request deletes a file made for it",
)
def delete_file(world: World) -> RequestMaker:
    contact = world.contact

    def make(number: int) -> Request:
        return Request("DELETE", f"{API}/files/{world.new_file(contact)}", contact.bearer())

    return make


@scenario(
    "POST",
    f"{API}/approval_requests/{{id}}/actions",
    max_requests=100,
    expected_status=200,
    minimum_calls={"GetItem": 2, "TransactWriteItems": 1},
    authorizer_minimum_calls={},
    why_minimum="the caller's session (the route also serves e-mail links without a token, so it has no "
    "authorizer and checks the token itself, sign-out being immediate), the request (it must be "
    "PENDING), then one transaction changes its state and moves its count. Each request answers "
    "a request made for it",
)
def answer_approval_request(world: World) -> RequestMaker:
    from crm.data.approvals import create_request

    contact = world.contact

    def make(number: int) -> Request:
        request, _ = create_request(
            tenant=world.context().tenant,
            contact_id=contact.id,
            source_id=world.unique("source"),
            entity_type="ORDERS",
            entity_id=world.unique("order"),
            entity_reference=None,
        )
        return Request(
            "POST",
            f"{API}/approval_requests/{request.id}/actions",
            contact.bearer(),
            {"action": "APPROVE" if number % 2 else "REJECT"},
        )

    return make


@scenario(
    "DELETE",
    f"{API}/service_requests/{{sid}}/files/{{id}}",
    max_requests=100,
    expected_status=200,
    minimum_calls={"GetItem": 1, "DeleteItem": 1, "DeleteObjects": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the file record (the caller's, attached to that service request), then it and its objects "
    "(one batch) are deleted. Each request deletes a file made for it",
)
def delete_service_request_file(world: World) -> RequestMaker:
    contact = world.contact

    def make(number: int) -> Request:
        service_request = world.unique("sr")
        file_id = world.new_file(contact, service_request)
        return Request("DELETE", f"{API}/service_requests/{service_request}/files/{file_id}", contact.bearer())

    return make


# ---------------------------------------------------------------- WiFi and printouts


@scenario(
    "POST",
    f"{API}/contacts/{{id}}/wifi/authorization",
    expected_status=200,
    minimum_calls={"GetItem": 1, "TransactWriteItems": 1, "PutEvents": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the contact (it must exist); one transaction writes the device's and the contact's items "
    "under conditions that keep one active device per contact; one event tells the WiFi "
    "platform; a warm authorizer remembers the key and reads the contact's session (the "
    "binding takes the key and the contact's token). Each request renews the same device of the "
    "same contact (a second device would be refused while the first is active)",
)
def wifi_authorization(world: World) -> RequestMaker:
    contact, headers = world.contact, world.key_header() + world.contact.bearer()
    body = {"integration_id": "bench", "mac_address": "02-00-5E-10-00-01", "site_id": "site-1"}
    return lambda number: Request("POST", f"{API}/contacts/{contact.id}/wifi/authorization", headers, body)


@scenario(
    "POST",
    f"{API}/printout",
    max_requests=200,
    expected_status=201,
    minimum_calls={"GetItem": 1, "PutItem": 1, "SendMessage": 1},
    authorizer_minimum_calls={"GetItem": 1},
    why_minimum="the entity (it must be the caller's); the PENDING file record the PDF will fill; the job "
    "on the printouts queue (the worker renders the PDF, not the request); the authorizer reads "
    "the session",
)
def printout(world: World) -> RequestMaker:
    from crm.services.printables import put_printable_entity

    contact = world.contact
    put_printable_entity(
        world.context().tenant,
        contact.id,
        "INVOICE",
        "bench-1",
        {
            "number": "INV-1",
            "issued_on": 1764000000,
            "currency": "EUR",
            "lines": [{"description": "Bench", "quantity": 2, "unit_price": "9.50"}],
        },
    )
    body = {"format": "PDF", "entity": {"type": "INVOICE", "id": "bench-1"}}
    return lambda number: Request("POST", f"{API}/printout", contact.bearer(), body)
