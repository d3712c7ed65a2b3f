"""Sign-in sessions: one per sign-in, holding the hash of its current refresh token."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta


class Session(Model):
    Meta = table_meta("SESSIONS_TABLE")

    id = UnicodeAttribute(hash_key=True)
    tenant = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    refresh_token_hash = UnicodeAttribute()
    state = UnicodeAttribute(default="ACTIVE")  # ACTIVE | SIGNED_OUT | REVOKED
    provider = UnicodeAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)
    # DynamoDB's TTL removes the item some time after this; readers check it themselves.
    expires_at = NumberAttribute()

    def is_active(self, now: int) -> bool:
        return self.state == "ACTIVE" and self.expires_at > now


def find_session(session_id: str) -> Session | None:
    try:
        return Session.get(session_id, consistent_read=True)
    except Session.DoesNotExist:
        return None
