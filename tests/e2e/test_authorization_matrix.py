"""The authorization matrix (issue 7) over HTTP through the local runtime: every route of template.yaml, called
with each kind of credential against real data of two organisations and both modes. Every cell's expected status
is written in MATRIX below; the table of what each cell answered is printed after the run (tests/e2e/conftest.py).

Columns, for a route taking an api_key (key), a contact token (jwt), or a one-time token in the body or the path
(token, e-mail links; the gateway lets these through):
  none           no header at all
  bad key        a well-formed api_key nobody issued (jwt: sent beside the owner's valid token, which it spoils)
  other mode     the live-mode key (jwt: a live-mode contact's token) on the owner's test-mode data
  other org      another organisation's key (jwt: its contact's token) on the owner's data
  other contact  another contact's token, same organisation and mode (key: the token alone, which is no key)
  expired        the owner's token past its expiry, signed with the runtime's real key (token: an expired link)
  signed out     the owner's token of a session that was signed out (token: a link already used)
  device         the owner's device session: the token of a MAC_ADDRESS sign-in of a device the owner bound
                 (key+jwt: beside the api_key; key: the token alone; token: beside a link token nobody issued)
  owner          the owner's own credential
On token routes the first five columns send their headers with a link token nobody issued: headers prove nothing
there. Where a cell is written `Absent(...)`, the call must also answer exactly (status and body, the id
normalised) as the same caller gets for an id, username or token that does not exist: another contact's or another
tenant's object is not even acknowledged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import boto3
import jwt
import requests

from crm.access import access_for
from tests.e2e.conftest import REPORTS, run_admin
from tests.e2e.test_contact_profile import operator
from tests.e2e.test_files import upload_form, wait_until_checked
from tests.e2e.test_identity import _real_signing_key, last_code, messages_to, reset_token
from tests.e2e.test_inbox import eventually, links_in, put_event
from tests.e2e.test_printouts import INVOICE, put_entity
from tests.e2e.test_slice import PASSWORD, new_email
from tests.integration.test_template import template_routes

TIMEOUT = 30
COLUMNS = ("none", "bad key", "other mode", "other org", "other contact", "expired", "signed out", "device", "owner")
# The columns whose caller is somebody else than the owner, with valid credentials of its own.
STRANGERS = ("other mode", "other org", "other contact")


class Absent(int):
    """This status (or one of `also`), and exactly the status and body that the same caller gets for an id that
    does not exist."""

    also: tuple[int, ...] = ()

    def __new__(cls, status: int, *also: int) -> Absent:
        made = super().__new__(cls, status)
        made.also = also
        return made

    def allows(self, status: int) -> bool:
        return status == self or status in self.also


A200, A401, A404 = Absent(200), Absent(401), Absent(404)
# Credentials that match no contact answer 404; another tenant's contact must answer exactly as nobody does.
NOBODY = A404

# Why each stranger cell is what it is: a key route acts in the key's own tenant, so a live or foreign key may
# register (200) but finds none of the owner's data there (as if absent); a contact token is no api_key (403,
# as API Gateway answers a valid caller a route does not grant); a bad, expired or ended credential is no
# credential (401), even beside a valid one, as Stripe refuses a request whose key is wrong whatever else it
# carries. Link routes refuse by their own token: 400 for the identity links, 404/410/409 landing pages for
# approval links (unknown, expired, already answered). A key+jwt route (binding a device) takes both: either
# alone is 401, and a stranger's own pair finds no owner (404 as for an absent id). A device session (the
# MAC_ADDRESS sign-in) reads what a WiFi platform needs and nothing more: 200 on crm.access.DEVICE_ROUTES, 403
# (the authorizer's Deny, or the open approval route's own check) on every other route.
#
#  method, path [, variant]                              kind     none  bad   mode  org   contact expired out  dev   owner  # noqa: E501
MATRIX: dict[tuple[str, ...], tuple[Any, ...]] = {
    ("POST", "/contacts/register"): ("key", 401, 401, 200, 200, 403, 401, 401, 403, 200),
    ("POST", "/contacts/authenticate"): ("key", 401, 401, A401, A401, 403, 401, 401, 403, 200),
    ("POST", "/contacts/otp"): ("key", 401, 401, NOBODY, NOBODY, 403, 401, 401, 403, 200),
    ("POST", "/contacts/validate"): ("key", 401, 401, NOBODY, NOBODY, 403, 401, 401, 403, 200),
    ("POST", "/contacts/validate-otp"): ("key", 401, 401, A401, A401, 403, 401, 401, 403, 200),
    ("POST", "/contacts/refresh"): ("key", 401, 401, A401, A401, 403, 401, 401, 403, 200),
    ("POST", "/contacts/forgot_password"): ("key", 401, 401, A200, A200, 403, 401, 401, 403, 200),
    ("POST", "/contacts/change_password"): ("token", 400, 400, 400, 400, 400, 400, 400, 400, 200),
    ("GET", "/contacts/verify_email/{token}"): ("token", 400, 400, 400, 400, 400, 400, 400, 400, 200),
    ("POST", "/contacts/verify_email/{token}"): ("token", 400, 400, 400, 400, 400, 400, 400, 400, 200),
    ("POST", "/contacts/{id}/sign_out"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 200, 200),
    ("GET", "/contacts/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 200, 200),
    ("PUT", "/contacts/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("DELETE", "/contacts/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("PUT", "/contacts/{id}/consents"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("GET", "/contacts/{id}/demographics"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 200, 200),
    ("GET", "/contacts/{id}/preferences"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 200, 200),
    ("PUT", "/contacts/{id}/preferences"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("POST", "/contacts/{id}/wifi/authorization"): ("key+jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    # No object of anyone else here: a stranger uploads a file of its own.
    ("POST", "/upload/files"): ("jwt", 401, 401, 200, 200, 200, 401, 401, 403, 200),
    ("GET", "/files/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("GET", "/files/{id}", "printout"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("DELETE", "/files/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("DELETE", "/service_requests/{sid}/files/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("GET", "/contacts/{id}/communications"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 200, 200),
    ("GET", "/communications/{id}"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 200, 200),
    ("PUT", "/communications/{id}/actions"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    # The entity to print is the owner's invoice, named in the body.
    ("POST", "/printout"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 201),
    ("GET", "/contacts/{id}/approval_requests"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    # One route, two ways in (the function tells them apart): a contact token in the app, a link token by e-mail.
    ("POST", "/approval_requests/{id}/actions", "app"): ("jwt", 401, 401, A404, A404, A404, 401, 401, 403, 200),
    ("POST", "/approval_requests/{id}/actions", "link"): ("token", 404, 404, 404, 404, A404, 410, 409, 404, 200),
}


def random_like(value: str) -> str:
    """An id of the same shape (length, case, separators) that names nothing."""
    hex_lower, hex_upper = "0123456789abcdef", "0123456789ABCDEF"
    return "".join(
        random.choice(hex_lower) if c in hex_lower else random.choice(hex_upper) if c in hex_upper else c for c in value
    )


def token_digest(token: str) -> str:
    """How the product keys a stored one-time token (crm.tokens.hash_secret_token)."""
    return base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).decode().rstrip("=")


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


# ---------------------------------------------------------------- the world: two organisations, both modes


@dataclass
class Req:
    method: str
    path: str
    headers: dict[str, str]
    json: Any = None
    files: Any = None
    data: Any = None


@dataclass
class Contact:
    world: World = field(repr=False)
    key: str
    email: str
    id: str = ""
    token: str = ""
    refresh_token: str = ""

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @cached_property
    def expired_token(self) -> str:
        """The genuine claims of this contact's live session, re-signed with the runtime's key, expired."""
        kid, secret = self.world.signing_key
        now = int(time.time())
        claims = {
            **claims_of(self.token),
            "jti": uuid.uuid4().hex,
            "iat": now - 3600,
            "nbf": now - 3600,
            "exp": now - 1800,
        }
        return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": kid, "typ": "JWT"})

    @cached_property
    def device_token(self) -> str:
        """The access token of a device session: a MAC bound with this contact's key and token (as the WiFi
        portal does), then signed in with by MAC_ADDRESS. One per contact (a contact binds one device)."""
        mac = fresh_mac()
        bound = self.world.call(
            Req(
                "POST",
                f"/contacts/{self.id}/wifi/authorization",
                {"api_key": self.key, **self.bearer},
                json={"integration_id": str(uuid.uuid4()), "mac_address": mac},
            )
        )
        assert bound.status_code == 200, bound.text
        answer = self.world.call(
            Req(
                "POST",
                "/contacts/authenticate",
                {"api_key": self.key},
                json={"provider": "MAC_ADDRESS", "mac_address": mac},
            )
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    @cached_property
    def signed_out_token(self) -> str:
        """A token of a second session of this contact, that signed out (the first session goes on)."""
        answer = self.world.sign_in(self)
        done = self.world.call(
            Req("POST", f"/contacts/{self.id}/sign_out", {"Authorization": f"Bearer {answer['access_token']}"})
        )
        assert done.status_code == 200, done.text
        return answer["access_token"]


class World:
    def __init__(self, api, http: requests.Session):
        self.api, self.http = api, http
        info = requests.get(f"{api.root_url}/_local/aws", timeout=TIMEOUT).json()
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=info["region"]
        )
        self.aws = {
            "client": lambda name: session.client(name, endpoint_url=info["endpoint_url"]),
            "resources": info["resources"],
            "endpoint": info["endpoint_url"],
        }
        self.bad_key = "pk_test_" + uuid.uuid4().hex + uuid.uuid4().hex
        other_org, self.other_org_key = operator(api, "create-organisation", "--name", "Matrix Other Organisation")
        # Test mode mails only allow-listed recipients: the foreign contact proves its address by a mailed code.
        run_admin(api, "allow-test-recipient", "--organisation", other_org, "--all")
        self.owner = self.register(api.test_key)
        self.other = self.register(api.test_key)
        self.live = self.register(api.live_key)
        self.foreign = self.register(self.other_org_key)
        owner_claims = claims_of(self.owner.token)
        self.tenant = {"organisation_id": owner_claims["org"], "mode": owner_claims["mode"]}
        self.data: OwnerData | None = None  # the owner's objects, once made (make_owner_data)

    @cached_property
    def signing_key(self) -> tuple[str, str]:
        return _real_signing_key(self.api)

    def call(self, req: Req) -> requests.Response:
        return self.http.request(
            req.method,
            self.api.base_url + req.path,
            headers=req.headers,
            json=req.json,
            files=req.files,
            data=req.data,
            timeout=TIMEOUT,
        )

    def register(self, key: str, **identity: Any) -> Contact:
        contact = Contact(self, key, new_email())
        body = {
            "first_name": "Matrix",
            "last_name": "Contact",
            "identity": {"provider": "EMAIL", "username": contact.email, "password": PASSWORD, **identity},
        }
        answer = self.call(Req("POST", "/contacts/register", {"api_key": key}, json=body))
        assert answer.status_code == 200, answer.text
        if "access_token" in answer.json():
            # The address is proven first (a code mailed to it), as the owner of an address would: the first
            # proof ends the sessions held before it, which would end this contact's tokens mid-matrix.
            sent = self.call(
                Req(
                    "POST",
                    "/contacts/authenticate",
                    {"api_key": key},
                    json={"provider": "EMAIL", "username": contact.email},
                )
            )
            answer = self.call(
                Req(
                    "POST",
                    "/contacts/validate-otp",
                    {"api_key": key},
                    json={"auth_otp": sent.json()["auth_otp"], "code": last_code(self.api, contact.email)},
                )
            )
            assert answer.status_code == 200, answer.text
            contact.id, contact.token = answer.json()["contact"]["id"], answer.json()["access_token"]
            contact.refresh_token = answer.json()["refresh_token"]
        return contact

    def sign_in(self, contact: Contact) -> dict[str, Any]:
        answer = self.call(
            Req(
                "POST",
                "/contacts/authenticate",
                {"api_key": contact.key},
                json={"provider": "EMAIL", "username": contact.email, "password": PASSWORD},
            )
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def headers(self, kind: str, column: str, subject: Contact) -> dict[str, str]:
        """The headers a column sends on a route of this kind, the subject being the owner of the data."""
        if column == "none":
            return {}
        both = kind == "key+jwt"  # the api_key and the contact's access token, beside each other
        if column == "bad key":
            return {"api_key": self.bad_key, **(subject.bearer if kind in ("jwt", "key+jwt") else {})}
        if column == "other contact":
            return {"api_key": self.other.key, **self.other.bearer} if both else self.other.bearer
        if column in ("expired", "signed out", "device"):
            token = {
                "expired": lambda: subject.expired_token,
                "signed out": lambda: subject.signed_out_token,
                "device": lambda: subject.device_token,
            }[column]()
            bearer = {"Authorization": f"Bearer {token}"}
            if column == "device":  # as the WiFi platform holds it: the api_key too where the route takes one
                return {"api_key": subject.key, **bearer} if both else bearer
            return {} if kind == "token" else {"api_key": subject.key, **bearer} if both else bearer
        caller = {"other mode": self.live, "other org": self.foreign, "owner": subject}[column]
        if kind == "token":  # a link proves the owner by itself: headers only from the strangers
            return {} if column == "owner" else {"api_key": caller.key}
        if both:
            return {"api_key": caller.key, **caller.bearer}
        return caller.bearer if kind == "jwt" else {"api_key": caller.key}

    def _expire(self, table: str, key: dict[str, Any]) -> None:
        """Moves a stored link token's expiry into the past, as if it had been issued long ago."""
        name = next(iter(key))
        self.aws["client"]("dynamodb").update_item(
            TableName=self.aws["resources"][table],
            Key=key,
            UpdateExpression="SET expires_at = :past",
            ExpressionAttributeValues={":past": {"N": str(int(time.time()) - 60)}},
            ConditionExpression=f"attribute_exists({name})",
        )

    def expire_link_token(self, token: str) -> None:
        self._expire("OneTimeTable", {"id": {"S": f"TOKEN#{token_digest(token)}"}})

    def expire_approval_token(self, token: str) -> None:
        self._expire("ApprovalTokensTable", {"token_hash": {"S": token_digest(token)}})


# ---------------------------------------------------------------- rows: the calls of each cell


@dataclass
class Row:
    cells: dict[str, Req]
    # Per stranger column: the same caller's call on an id that does not exist.
    absent: dict[str, tuple[Req, str, str]] = field(default_factory=dict)  # column -> (call, real id, random id)
    order: tuple[str, ...] = COLUMNS  # the owner last: its success shows that no stranger spent its data


def by_id(
    world: World,
    kind: str,
    subject: Contact,
    method: str,
    path: str,
    object_id: str,
    body_for: Callable[[], Any] | None = None,
    cells: dict[str, Req] | None = None,
    **fixed: str,
) -> Row:
    """A route acting on one object named in its path: the owner's, and a random one for the strangers.
    `cells`: columns whose call is made otherwise (their headers for the subject are then never made)."""

    def req(column: str, id_: str) -> Req:
        return Req(
            method,
            path.format(id=id_, **fixed),
            world.headers(kind, column, subject),
            json=body_for() if body_for else None,
        )

    fake = random_like(object_id)
    given = cells or {}
    return Row(
        {column: given[column] if column in given else req(column, object_id) for column in COLUMNS},
        {column: (req(column, fake), object_id, fake) for column in STRANGERS},
    )


def by_body(
    world: World, kind: str, subject: Contact, method: str, path: str, body_for: Callable[[str], Any], real: str
) -> Row:
    """A route naming the owner's object (a username, a token, an entity) in its body."""

    def req(column: str, value: str) -> Req:
        return Req(method, path, world.headers(kind, column, subject), json=body_for(value))

    fake = new_email() if "@" in real else random_like(real)
    return Row(
        {column: req(column, real) for column in COLUMNS},
        {column: (req(column, fake), real, fake) for column in STRANGERS},
    )


def fresh_mac() -> str:
    return "02:" + ":".join(uuid.uuid4().hex[i : i + 2] for i in range(0, 10, 2))


class Rows:
    """One method per matrix row, building that row's data just before its cells run."""

    def __init__(self, world: World):
        self.w = world
        self.owner = world.owner

    def post_contacts_register(self) -> Row:
        def body():
            return {
                "first_name": "Matrix",
                "last_name": "Row",
                "identity": {"provider": "EMAIL", "username": new_email(), "password": PASSWORD},
            }

        return Row(
            {c: Req("POST", "/contacts/register", self.w.headers("key", c, self.owner), json=body()) for c in COLUMNS}
        )

    def post_contacts_authenticate(self) -> Row:
        return by_body(
            self.w,
            "key",
            self.owner,
            "POST",
            "/contacts/authenticate",
            lambda user: {"provider": "EMAIL", "username": user, "password": PASSWORD},
            self.owner.email,
        )

    def post_contacts_otp(self) -> Row:
        return by_body(
            self.w,
            "key",
            self.owner,
            "POST",
            "/contacts/otp",
            lambda user: {"send_method": "EMAIL", "credentials": [{"name": "EMAIL", "value": user}]},
            self.owner.email,
        )

    def post_contacts_validate(self) -> Row:
        return by_body(
            self.w,
            "key",
            self.owner,
            "POST",
            "/contacts/validate",
            lambda user: {"credentials": [{"name": "EMAIL", "value": user}]},
            self.owner.email,
        )

    def post_contacts_validate_otp(self) -> Row:
        sent = self.w.call(
            Req(
                "POST",
                "/contacts/otp",
                {"api_key": self.owner.key},
                json={"send_method": "EMAIL", "credentials": [{"name": "EMAIL", "value": self.owner.email}]},
            )
        )
        assert sent.status_code == 200, sent.text
        code = last_code(self.w.api, self.owner.email)
        return by_body(
            self.w,
            "key",
            self.owner,
            "POST",
            "/contacts/validate-otp",
            lambda otp: {"auth_otp": otp, "code": code},
            sent.json()["auth_otp"],
        )

    def post_contacts_refresh(self) -> Row:
        refresh_token = self.w.sign_in(self.owner)["refresh_token"]
        return by_body(
            self.w,
            "key",
            self.owner,
            "POST",
            "/contacts/refresh",
            lambda token: {"refresh_token": token},
            refresh_token,
        )

    def post_contacts_forgot_password(self) -> Row:
        return by_body(
            self.w,
            "key",
            self.owner,
            "POST",
            "/contacts/forgot_password",
            lambda user: {"username": user},
            self.owner.email,
        )

    def post_contacts_change_password(self) -> Row:
        subject = self.w.register(self.w.api.test_key)  # a success ends all its sessions: not the shared owner

        def reset() -> str:
            asked = self.w.call(
                Req("POST", "/contacts/forgot_password", {"api_key": subject.key}, json={"username": subject.email})
            )
            assert asked.status_code == 200, asked.text
            return reset_token(self.w.api, subject.email)

        token, expired = reset(), reset()
        self.w.expire_link_token(expired)
        tokens = {"expired": expired, "signed out": token, "owner": token}
        return Row(
            {
                c: Req(
                    "POST",
                    "/contacts/change_password",
                    self.w.headers("token", c, subject),
                    json={"token": tokens.get(c, random_like(token)), "password": "a new secret 42"},
                )
                for c in COLUMNS
            },
            order=link_order(),
        )

    def _verify_email_link_token(self) -> str:
        subject = self.w.register(self.w.api.test_key, validation_required=True)
        (mail,) = messages_to(self.w.api, subject.email)
        return mail["body"].split("/contacts/verify_email/", 1)[1].split()[0]

    def get_contacts_verify_email_token(self) -> Row:
        # The GET only shows the page (it spends nothing): its used link is one the page's POST spent.
        token, expired, used = (self._verify_email_link_token() for _ in range(3))
        self.w.expire_link_token(expired)
        assert requests.post(f"{self.w.api.base_url}/contacts/verify_email/{used}", timeout=30).status_code == 200
        tokens = {"expired": expired, "signed out": used, "owner": token}
        return Row(
            {
                c: Req(
                    "GET",
                    f"/contacts/verify_email/{tokens.get(c, random_like(token))}",
                    self.w.headers("token", c, self.owner),
                )
                for c in COLUMNS
            }
        )

    def post_contacts_verify_email_token(self) -> Row:
        token, expired = self._verify_email_link_token(), self._verify_email_link_token()
        self.w.expire_link_token(expired)
        tokens = {"expired": expired, "signed out": token, "owner": token}
        return Row(
            {
                c: Req(
                    "POST",
                    f"/contacts/verify_email/{tokens.get(c, random_like(token))}",
                    self.w.headers("token", c, self.owner),
                )
                for c in COLUMNS
            },
            order=link_order(),
        )

    def contact_route(self, method: str, suffix: str, body: Any = None, subject: Contact | None = None) -> Row:
        subject = subject or self.owner
        return by_id(
            self.w,
            "jwt",
            subject,
            method,
            "/contacts/{id}" + suffix,
            subject.id,
            (lambda: body) if body is not None else None,
        )

    def post_contacts_id_sign_out(self) -> Row:
        return self.contact_route("POST", "/sign_out", subject=self.w.register(self.w.api.test_key))

    def get_contacts_id(self) -> Row:
        return self.contact_route("GET", "")

    def put_contacts_id(self) -> Row:
        return self.contact_route("PUT", "", {"title": "Dr"})

    def delete_contacts_id(self) -> Row:
        return self.contact_route("DELETE", "", subject=self.w.register(self.w.api.test_key))

    def put_contacts_id_consents(self) -> Row:
        return self.contact_route("PUT", "/consents", {"consent_state": "ACCEPTED"})

    def get_contacts_id_demographics(self) -> Row:
        return self.contact_route("GET", "/demographics")

    def get_contacts_id_preferences(self) -> Row:
        return self.contact_route("GET", "/preferences")

    def put_contacts_id_preferences(self) -> Row:
        return self.contact_route(
            "PUT", "/preferences", {"organisation_id": self.w.tenant["organisation_id"], "type": "ORDERS"}
        )

    def post_contacts_id_wifi_authorization(self) -> Row:
        """A subject of its own: the owner holds a device already (its device column), and a contact binds one.
        The device column is another contact's device session, binding a device to its own contact."""

        def body():
            return {"integration_id": str(uuid.uuid4()), "mac_address": fresh_mac(), "site_id": "matrix"}

        subject, device = self.w.register(self.w.api.test_key), self.w.register(self.w.api.test_key)
        path = "/contacts/{id}/wifi/authorization"
        own = Req("POST", path.format(id=device.id), self.w.headers("key+jwt", "device", device), json=body())
        return by_id(self.w, "key+jwt", subject, "POST", path, subject.id, body, cells={"device": own})

    def post_upload_files(self) -> Row:
        return Row(
            {
                c: Req(
                    "POST",
                    "/upload/files",
                    self.w.headers("jwt", c, self.owner),
                    files={"file": ("matrix.txt", b"matrix", "text/plain")},
                )
                for c in COLUMNS
            }
        )

    def owner_file(self, **fields: str) -> str:
        uploaded = upload_form(self.w.api, self.owner.bearer, "mine.txt", b"private", "text/plain", **fields)
        assert uploaded.status_code == 200, uploaded.text
        file_id = uploaded.json()["id"]
        assert wait_until_checked(self.w.api, self.owner.bearer, file_id)["state"] != "PENDING"
        return file_id

    def get_files_id(self) -> Row:
        return by_id(self.w, "jwt", self.owner, "GET", "/files/{id}", self.w.data.file_id)

    def get_files_id_printout(self) -> Row:
        """The PDF file a printout makes, the owner's like any file."""
        return by_id(self.w, "jwt", self.owner, "GET", "/files/{id}", self.w.data.printout_id)

    def delete_files_id(self) -> Row:
        return by_id(self.w, "jwt", self.owner, "DELETE", "/files/{id}", self.owner_file())

    def delete_service_requests_sid_files_id(self) -> Row:
        return by_id(
            self.w,
            "jwt",
            self.owner,
            "DELETE",
            "/service_requests/{sid}/files/{id}",
            self.owner_file(service_request_id="sr-matrix"),
            sid="sr-matrix",
        )

    def get_contacts_id_communications(self) -> Row:
        return self.contact_route("GET", "/communications")

    def get_communications_id(self) -> Row:
        return by_id(self.w, "jwt", self.owner, "GET", "/communications/{id}", self.w.data.communication_id)

    def put_communications_id_actions(self) -> Row:
        return by_id(
            self.w,
            "jwt",
            self.owner,
            "PUT",
            "/communications/{id}/actions",
            self.w.data.communication_id,
            lambda: {"viewed": True},
        )

    def post_printout(self) -> Row:
        return by_body(
            self.w,
            "jwt",
            self.owner,
            "POST",
            "/printout",
            lambda entity: {"format": "PDF", "entity": {"type": "INVOICE", "id": entity}},
            self.w.data.invoice_id,
        )

    def get_contacts_id_approval_requests(self) -> Row:
        return self.contact_route("GET", "/approval_requests")

    def post_approval_requests_id_actions_app(self) -> Row:
        return by_id(
            self.w,
            "jwt",
            self.owner,
            "POST",
            "/approval_requests/{id}/actions",
            self.w.data.requests["app"][0],
            lambda: {"action": "APPROVE"},
        )

    def post_approval_requests_id_actions_link(self) -> Row:
        request_id, links = self.w.data.requests["link"]
        _, theirs = self.w.data.requests["other"]
        self.w.expire_approval_token(links["REJECT"])
        path = "/approval_requests/{}/actions"

        def req(column: str, request_id: str, token: str, response: str = "APPROVE") -> Req:
            return Req(
                "POST",
                path.format(request_id),
                self.w.headers("token", column, self.owner),
                json={"token": token, "response": response},
            )

        cells = {c: req(c, request_id, random_like(links["APPROVE"])) for c in COLUMNS}
        # Another contact's genuine link, on the owner's request: as if the request did not exist.
        cells["other contact"] = req("other contact", request_id, theirs["APPROVE"])
        cells["expired"] = req("expired", request_id, links["REJECT"], "REJECT")
        cells["signed out"] = cells["owner"] = req("owner", request_id, links["APPROVE"])
        fake = random_like(request_id)
        absent = {"other contact": (req("other contact", fake, theirs["APPROVE"]), request_id, fake)}
        return Row(cells, absent, order=link_order())


def link_order() -> tuple[str, ...]:
    """A used link is the owner's link once the owner used it."""
    return tuple(c for c in COLUMNS if c != "signed out") + ("signed out",)


def row_method_name(key: tuple[str, ...]) -> str:
    method, path, *variant = key
    words = [method.lower()] + [part.strip("{}") for part in path.strip("/").replace("-", "_").split("/")] + variant
    return "_".join(words)


@dataclass
class OwnerData:
    """The owner's objects of each kind, made the way the product makes them."""

    file_id: str
    communication_id: str
    invoice_id: str
    printout_id: str  # the file id of the invoice's PDF
    requests: dict[str, tuple[str, dict[str, str]]]  # app, link, other -> (request id, its e-mailed tokens)


def make_owner_data(world: World, rows: Rows) -> OwnerData:
    owner, other = world.owner, world.other
    invoice_id = f"inv-{uuid.uuid4().hex[:8]}"
    put = put_entity(
        world.api, {"id": owner.id, "organisation_id": world.tenant["organisation_id"]}, "INVOICE", invoice_id, INVOICE
    )
    assert put.returncode == 0, put.stderr
    printed = world.call(
        Req("POST", "/printout", owner.bearer, json={"format": "PDF", "entity": {"type": "INVOICE", "id": invoice_id}})
    )
    assert printed.status_code == 201, printed.text
    put_event(
        world.aws,
        "communication.created",
        {
            **world.tenant,
            "contact_id": owner.id,
            "event_id": f"matrix-{owner.id}",
            "channel": "INAPP",
            "title": "Matrix",
        },
    )
    sources = {"app": owner, "link": owner, "other": other}
    for name, contact in sources.items():
        put_event(
            world.aws,
            "approval_request.created",
            {
                **world.tenant,
                "contact_id": contact.id,
                "request_id": f"matrix-{name}-{uuid.uuid4().hex[:8]}",
                "entity": {"id": f"o-{name}", "type": "ORDERS", "reference": name},
            },
        )
    file_id = rows.owner_file()

    def listed(contact: Contact, path: str) -> list[dict[str, Any]]:
        got = world.call(Req("GET", f"/contacts/{contact.id}/{path}", contact.bearer, None))
        assert got.status_code == 200, got.text
        return got.json()["content"]

    communication_id = eventually(
        lambda: [c["id"] for c in listed(owner, "communications") if c["channel"] == "INAPP"]
    )[0]
    own = eventually(lambda: (found := listed(owner, "approval_requests")) and len(found) == 2 and found)
    theirs = eventually(lambda: listed(other, "approval_requests"))
    requests_by_name = {}
    for name, request in (("app", own[0]), ("link", own[1]), ("other", theirs[0])):
        contact = sources[name]
        requests_by_name[name] = (request["id"], links_in(world.api, contact.email, request["id"]))
    return OwnerData(file_id, communication_id, invoice_id, printed.json()["id"], requests_by_name)


# ---------------------------------------------------------------- the table


def render(results: dict[tuple[str, ...], dict[str, str]], mismatches: int, seconds: float) -> str:
    names = [" ".join(key[:2]) + (f" ({key[2]})" if len(key) > 2 else "") for key in results]
    width = max(map(len, names)) + 1
    widths = [max(len(c), 8) for c in COLUMNS]
    lines = [
        (
            f"{len(results)} rows x {len(COLUMNS)} columns in {seconds:.1f} s, {mismatches} mismatch(es). "
            "'404=' answered exactly as a missing id does; 'got!expected' marks a mismatch."
        ),
        "route".ljust(width) + "kind   " + " ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=False)),
    ]
    for name, (key, cells) in zip(names, results.items(), strict=False):
        lines.append(
            name.ljust(width)
            + MATRIX[key][0].ljust(7)
            + " ".join(cells[c].ljust(w) for c, w in zip(COLUMNS, widths, strict=False))
        )
    return "\n".join(lines)


CRM_ERROR_FIELDS = {"status", "message", "error", "parameters"}


def judge(world: World, row: Row, column: str, want: int, response: requests.Response) -> tuple[str, str | None]:
    """The cell's mark for the table, and what is wrong with the answer, if anything."""
    got = response.status_code
    if not (want.allows(got) if isinstance(want, Absent) else got == want):
        return f"{got}!{want}", f"expected {want}, got {got}: {response.text[:300]}"
    if got >= 400 and response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        if not isinstance(body, dict) or set(body) != CRM_ERROR_FIELDS or body["status"] != got:
            return f"{got}?", f"not the CRM error body: {response.text[:300]}"
    if not isinstance(want, Absent):
        return str(got), None
    probe, real, fake = row.absent[column]
    missing = world.call(probe)
    if (missing.status_code, missing.text.replace(fake, "<id>")) != (got, response.text.replace(real, "<id>")):
        return f"{got}~{missing.status_code}", (
            f"answers {got} {response.text[:200]} but a missing id answers {missing.status_code} {missing.text[:200]}"
        )
    return f"{got}=", None


def test_every_route_has_a_row_and_every_row_a_route():
    routes = set(template_routes())
    rows = {key[:2] for key in MATRIX}
    assert routes == rows, f"routes without a row: {routes - rows}; rows without a route: {rows - routes}"
    for key, (kind, *expected) in MATRIX.items():
        assert len(expected) == len(COLUMNS), key
        assert hasattr(Rows, row_method_name(key)), f"no Rows.{row_method_name(key)} for {key}"
        required = access_for(*key[:2])
        if required is not None and required.value in ("key", "jwt", "key+jwt"):  # the authorizer's rule for the route
            assert kind == required.value, (key, kind, required)
        else:  # open at the gateway: the function checks a link token, or (a variant row) a contact token itself
            assert kind == "token" or (kind == "jwt" and len(key) == 3), key


def test_authorization_matrix(local_api, http):
    started = time.monotonic()
    world = World(local_api, http)
    rows = Rows(world)
    world.data = make_owner_data(world, rows)
    results: dict[tuple[str, ...], dict[str, str]] = {}
    failures: list[str] = []
    for key, (_kind, *expected_row) in MATRIX.items():
        row: Row = getattr(rows, row_method_name(key))()
        expected = dict(zip(COLUMNS, expected_row, strict=False))
        cells: dict[str, str] = {}
        for column in row.order:
            cells[column], problem = judge(world, row, column, expected[column], world.call(row.cells[column]))
            if problem:
                failures.append(f"{' '.join(key)} [{column}]: {problem}")
        results[key] = cells
    table = render(results, len(failures), time.monotonic() - started)
    REPORTS.append(("authorization matrix", table))
    assert not failures, table + "\n" + "\n".join(failures)
