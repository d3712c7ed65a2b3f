"""Sign-in sessions: one per sign-in, holding the hash of its current refresh token."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta


class SessionsByContact(GlobalSecondaryIndex):
    """A contact's sessions: unregistering a contact ends them all."""

    class Meta:
        index_name = "by_contact"
        projection = KeysOnlyProjection()

    contact_id = UnicodeAttribute(hash_key=True)


class Session(Model):
    Meta = table_meta("SESSIONS_TABLE")

    id = UnicodeAttribute(hash_key=True)
    tenant = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    refresh_token_hash = UnicodeAttribute()
    # Hashes of refresh tokens already rotated away: presenting one again revokes the session.
    spent_refresh_hashes = ListAttribute(of=UnicodeAttribute, null=True)
    state = UnicodeAttribute(default="ACTIVE")  # ACTIVE | SIGNED_OUT | REVOKED
    provider = UnicodeAttribute(null=True)
    # "contact" (the contact signed in) or "device" (a MAC_ADDRESS sign-in: only the routes crm/access.py lists
    # for devices). The authorizer trusts this (session_kind), not the token's claim. new_session sets it.
    kind = UnicodeAttribute(null=True)  # no default: PynamoDB would apply it to items saved without one
    is_verified = BooleanAttribute(null=True)  # whether the identity used to sign in was verified
    created_on = NumberAttribute(default_for_new=now_epoch)
    # DynamoDB's TTL removes the item some time after this; readers check it themselves.
    expires_at = NumberAttribute()

    by_contact = SessionsByContact()

    @property
    def session_kind(self) -> str:
        if self.kind:
            return self.kind
        return "device" if self.provider == "MAC_ADDRESS" else "contact"  # saved before `kind` existed

    def is_active(self, now: int) -> bool:
        return self.state == "ACTIVE" and self.expires_at > now


def find_session(session_id: str) -> Session | None:
    try:
        return Session.get(session_id, consistent_read=True)
    except Session.DoesNotExist:
        return None


def rotate_refresh_token(session: Session, new_hash: str, max_kept: int = 100) -> bool:
    """Replaces the session's refresh token, keeping the spent one's hash to recognise its reuse.
    False when another refresh rotated it first."""
    spent = (list(session.spent_refresh_hashes or []) + [session.refresh_token_hash])[-max_kept:]
    try:
        session.update(
            actions=[Session.refresh_token_hash.set(new_hash), Session.spent_refresh_hashes.set(spent)],
            condition=(Session.refresh_token_hash == session.refresh_token_hash) & (Session.state == "ACTIVE"),
        )
    except UpdateError:
        return False
    return True


def end_session(session_id: str, state: str) -> None:
    """SIGNED_OUT or REVOKED: its access and refresh tokens stop working at once."""
    try:
        Session(id=session_id).update(
            actions=[Session.state.set(state)], condition=Session.id.exists() & (Session.state == "ACTIVE")
        )
    except UpdateError:
        pass  # already ended


def end_sessions_of_contact(tenant: str, contact_id: str, *, also: tuple[str, ...] = (), last: str = "") -> int:
    """Revokes every active session of the contact (found through the index, plus the ids in `also`,
    which the eventually consistent index may not list yet); `last` is revoked after the others, so
    that a caller whose request fails half-way still holds a session to repeat it with. Answers how
    many were revoked."""
    ids = {item.id for item in Session.by_contact.query(contact_id)} | {i for i in also if i}
    revoked = 0
    for session_id in sorted(ids, key=lambda i: i == last):
        try:
            Session(id=session_id).update(
                actions=[Session.state.set("REVOKED")],
                condition=(Session.tenant == tenant) & (Session.contact_id == contact_id) & (Session.state == "ACTIVE"),
            )
            revoked += 1
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
    return revoked
