"""The contact profile function and services on moto, in-process: what HTTP cannot reach (a repeated
unregister whose session check passed before the first one ended it, a write racing between a read and a
save) and what is stored."""

import time

import pytest

from crm.context import RequestContext
from crm.data.contacts import Contact, Identity, find_identity
from crm.data.onetime import LoginThrottle, find_login_throttle
from crm.data.sessions import Session, find_session
from crm.errors import Conflict, NotFound
from crm.services import contacts as service
from crm.services.identity import (
    authenticate_with_email_password,
    email_identity_key,
    register_with_email_password,
    throttle_digest,
)
from tests.helpers import api_event, contact_authorizer, invoke

CTX = RequestContext(organisation_id="org-1", mode="test")
PASSWORD = "correct horse 42"


def registered(stack, email="ann@example.com", ctx=CTX):
    answer = register_with_email_password(ctx, email=email, password=PASSWORD, profile={"first_name": "Ann"})
    session = find_session(_session_id_of(answer, stack))
    return answer["contact"]["id"], session.id


def _session_id_of(answer, stack):
    from crm.tokens import verify_access_token

    return verify_access_token(answer["access_token"]).session_id


def event(method, path, contact_id, session_id, body=None, headers=None, ctx=CTX):
    return api_event(
        method,
        "/contacts/{id}" + path,
        f"/contacts/{contact_id}{path}",
        body=body,
        headers=headers,
        path_parameters={"id": contact_id},
        authorizer=contact_authorizer(ctx, contact_id, session_id),
    )


def call(stack, *args, **kwargs):
    answer = invoke(stack, "ContactsFunction", event(*args, **kwargs))
    return answer.status, answer.body, answer.headers


def test_get_answers_the_contact_with_its_version_as_etag(stack):
    contact_id, session_id = registered(stack)
    status, body, headers = call(stack, "GET", "", contact_id, session_id)
    assert status == 200 and body["id"] == contact_id, body
    assert headers["ETag"] == f'"{Contact.get(CTX.tenant, contact_id).version}"'


def test_a_repeated_unregister_answers_404_not_500(stack):
    """The authorizer of a second request may have checked its session just before the first request ended
    it: the function itself must then answer 404."""
    contact_id, session_id = registered(stack)
    assert call(stack, "DELETE", "", contact_id, session_id)[:2] == (200, {"id": contact_id})
    status, body, _ = call(stack, "DELETE", "", contact_id, session_id)
    assert status == 404 and body["parameters"] == ["contact", contact_id]
    for method, path, payload in (
        ("GET", "", None),
        ("PUT", "", {"title": "Dr"}),
        ("PUT", "/consents", {"consent_state": "ACCEPTED"}),
    ):
        assert call(stack, method, path, contact_id, session_id, payload)[0] == 404


def test_unregister_stores_the_contact_unregistered_deletes_identities_and_revokes_every_session(stack):
    contact_id, first_session = registered(stack)
    second = authenticate_with_email_password(CTX, email="ann@example.com", password=PASSWORD)
    second_session = _session_id_of(second, stack)
    other_id, other_session = registered(stack, "bob@example.com")
    # An identity of another provider, as sign-in by phone would make it.
    Identity(tenant=CTX.tenant, identity_key="PHONE#+35799123456", provider="PHONE", contact_id=contact_id).save()

    assert call(stack, "DELETE", "", contact_id, first_session)[0] == 200

    stored = Contact.get(CTX.tenant, contact_id)
    assert stored.state == "UNREGISTERED" and stored.unregistered_on
    assert find_identity(CTX.tenant, "EMAIL#ann@example.com") is None
    assert find_identity(CTX.tenant, "PHONE#+35799123456") is None
    assert {find_session(s).state for s in (first_session, second_session)} == {"REVOKED"}
    # Another contact of the same tenant is untouched.
    assert find_session(other_session).state == "ACTIVE"
    assert find_identity(CTX.tenant, "EMAIL#bob@example.com").contact_id == other_id


def test_a_write_racing_between_read_and_save_answers_409_and_is_not_lost(stack, monkeypatch):
    contact_id, session_id = registered(stack)
    real_find = service.find_contact

    def find_then_someone_else_writes(tenant, cid):
        contact = real_find(tenant, cid)
        racer = Contact.get(tenant, cid)
        racer.title = "Written by the other request"
        racer.save()
        return contact

    monkeypatch.setattr(service, "find_contact", find_then_someone_else_writes)
    with pytest.raises(Conflict):
        service.update_own_contact(
            CTX.__class__(**{**CTX.__dict__, "contact_id": contact_id}), contact_id, {"title": "Mine"}
        )
    with pytest.raises(Conflict):
        service.update_own_contact(
            CTX.__class__(**{**CTX.__dict__, "contact_id": contact_id}),
            contact_id,
            {"email_address": "new@example.com"},
            current_password=PASSWORD,
        )
    monkeypatch.undo()
    stored = Contact.get(CTX.tenant, contact_id)
    assert stored.title == "Written by the other request" and stored.email_address == "ann@example.com"
    # The e-mail change was all or nothing: the old identity stays, the new one was not written.
    assert find_identity(CTX.tenant, "EMAIL#ann@example.com") is not None
    assert find_identity(CTX.tenant, "EMAIL#new@example.com") is None


def test_an_email_change_waits_for_its_link_then_moves_the_identity_with_its_password(stack, monkeypatch):
    contact_id, session_id = registered(stack)
    old = find_identity(CTX.tenant, "EMAIL#ann@example.com")
    tokens = []
    real = service.new_link_token
    monkeypatch.setattr(service, "new_link_token", lambda *a, **k: tokens.append(real(*a, **k)) or tokens[-1])
    status, body, _ = call(
        stack, "PUT", "", contact_id, session_id, {"email_address": "Ann.New@Example.com", "current_password": PASSWORD}
    )
    assert status == 200, body
    # Pending: the old identity still signs in, the new address holds nothing.
    assert find_identity(CTX.tenant, "EMAIL#ann@example.com") is not None
    assert find_identity(CTX.tenant, "EMAIL#ann.new@example.com") is None
    stored = Contact.get(CTX.tenant, contact_id)
    assert (stored.email_address, stored.pending_email_address) == ("ann@example.com", "ann.new@example.com")
    ((token, record),) = tokens
    assert token not in record.id  # stored hashed
    assert service.confirm_email_link(token) == "EMAIL_CHANGE"
    assert find_identity(CTX.tenant, "EMAIL#ann@example.com") is None
    moved = find_identity(CTX.tenant, "EMAIL#ann.new@example.com")
    assert (moved.contact_id, moved.password_hash, moved.is_verified) == (contact_id, old.password_hash, True)
    stored = Contact.get(CTX.tenant, contact_id)
    assert (stored.email_address, stored.pending_email_address) == ("ann.new@example.com", None)
    assert find_session(session_id).state != "ACTIVE"  # a confirmed change ends the sessions
    with pytest.raises(service.InvalidLinkToken):  # single use
        service.confirm_email_link(token)


def test_a_withdrawn_or_replaced_change_makes_its_link_worthless(stack, monkeypatch):
    contact_id, session_id = registered(stack)
    tokens = []
    real = service.new_link_token
    monkeypatch.setattr(service, "new_link_token", lambda *a, **k: tokens.append(real(*a, **k)) or tokens[-1])
    for address in ("first@example.com", "second@example.com"):
        call(stack, "PUT", "", contact_id, session_id, {"email_address": address, "current_password": PASSWORD})
    with pytest.raises(service.InvalidLinkToken):
        service.confirm_email_link(tokens[0][0])
    call(stack, "PUT", "", contact_id, session_id, {"email_address": "ann@example.com"})  # withdrawn
    assert Contact.get(CTX.tenant, contact_id).pending_email_address is None
    with pytest.raises(service.InvalidLinkToken):
        service.confirm_email_link(tokens[1][0])
    assert find_identity(CTX.tenant, "EMAIL#ann@example.com").contact_id == contact_id


def test_sessions_of_another_tenant_with_the_same_contact_id_are_not_revoked(stack):
    contact_id, session_id = registered(stack)
    foreign = Session(
        id="foreign", tenant="org-2#test", contact_id=contact_id, refresh_token_hash="x", expires_at=2_000_000_000
    )
    foreign.save()
    assert call(stack, "DELETE", "", contact_id, session_id)[0] == 200
    assert find_session("foreign").state == "ACTIVE"


def test_a_contact_of_another_tenant_is_not_found(stack):
    contact_id, session_id = registered(stack)
    other = RequestContext(organisation_id="org-2", mode="test", contact_id=contact_id, session_id=session_id)
    with pytest.raises(NotFound):
        service.unregister_own_contact(other, contact_id)
    assert Contact.get(CTX.tenant, contact_id).state == "ACTIVE"


def test_an_email_change_without_the_password_writes_nothing_and_wrong_ones_count_to_the_lockout(stack):
    contact_id, session_id = registered(stack)
    before = Contact.get(CTX.tenant, contact_id)
    for proof in ({}, {"current_password": "wrong"}):
        status, body, _ = call(
            stack, "PUT", "", contact_id, session_id, {"title": "Dr", "email_address": "mallory@example.com", **proof}
        )
        assert (status, body["parameters"]) == (403, ["current_password"]), body
    stored = Contact.get(CTX.tenant, contact_id)
    assert (stored.version, stored.title, stored.email_address) == (before.version, None, "ann@example.com")
    assert find_identity(CTX.tenant, "EMAIL#mallory@example.com") is None
    # Wrong current passwords count with wrong sign-in passwords: from the 5th in a row, the username locks.
    for _ in range(4):
        call(
            stack,
            "PUT",
            "",
            contact_id,
            session_id,
            {"email_address": "mallory@example.com", "current_password": "wrong"},
        )
    throttle = find_login_throttle(throttle_digest(CTX.tenant, email_identity_key("ann@example.com")))
    assert throttle.failed_logins == 5 and throttle.locked_until, throttle.failed_logins
    # The 5th locks for a second; hold it longer so that a slow machine still asks while it is locked.
    throttle.update(actions=[LoginThrottle.locked_until.set(int(time.time()) + 60)])
    status, body, headers = call(
        stack, "PUT", "", contact_id, session_id, {"email_address": "mallory@example.com", "current_password": PASSWORD}
    )
    assert status == 429 and int(headers["Retry-After"]) > 0, body
    assert find_identity(CTX.tenant, "EMAIL#mallory@example.com") is None


def test_a_country_agreement_stored_as_a_boolean_is_answered_null_and_gone_at_the_next_write(stack):
    """country_agreement was a boolean before it became the seed's alpha-3 country code (docs/contract.md)."""
    contact_id, session_id = registered(stack, "bool@example.com")
    client = Contact._get_connection().connection.client  # the table as DynamoDB holds it, behind the model
    key = {"tenant": {"S": CTX.tenant}, "id": {"S": contact_id}}
    client.update_item(
        TableName=Contact.Meta.table_name,
        Key=key,
        UpdateExpression="SET country_agreement = :old",
        ExpressionAttributeValues={":old": {"BOOL": True}},
    )
    status, body, _ = call(stack, "GET", "", contact_id, session_id)
    assert status == 200 and body["country_agreement"] is None, body
    status, body, _ = call(stack, "PUT", "", contact_id, session_id, body={"title": "Dr"})
    assert status == 200, body
    assert "country_agreement" not in client.get_item(TableName=Contact.Meta.table_name, Key=key)["Item"]
