"""Approval requests the back office asks a contact to answer, and the one-time e-mail tokens that answer them.

Requests of one contact share the partition `<organisation>#<mode>#<contact id>`, sorted by a time-ordered id;
filters (state, entity type) and totals use the indexes and counter item of crm.data.lists. A token is stored
only as its hash, names its request and its response, is used once and expires (TTL)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.data import lists
from crm.data.base import now_epoch, table_meta, transaction_connection
from crm.data.communications import new_time_ordered_id, owner_key

STATES = ("PENDING", "APPROVED", "REJECTED", "WITHDRAWN")
ENTITY_TYPES = ("ORDERS", "SERVICE_REQUESTS", "REWARD_OFFERS", "ORGANISATIONS")
RESPONSES = ("APPROVE", "REJECT")
DIMENSIONS = ("state", "entity_type")
DOMAINS = {"state": STATES, "entity_type": ENTITY_TYPES}


class ApprovalRequest(Model):
    Meta = table_meta("APPROVAL_REQUESTS_TABLE")

    owner = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)
    contact_id = UnicodeAttribute()
    state = UnicodeAttribute(default="PENDING")
    entity_type = UnicodeAttribute()
    entity_id = UnicodeAttribute()
    entity_reference = UnicodeAttribute(null=True)
    source_id = UnicodeAttribute()  # the back office's id of the request
    notified = BooleanAttribute(default=False)  # the approve/reject e-mail went out
    answered_by = UnicodeAttribute(null=True)  # CONTACT (with a token of the app) | EMAIL_LINK | BACK_OFFICE
    created_on = NumberAttribute(default_for_new=now_epoch)
    updated_on = NumberAttribute(null=True)
    vars().update(lists.index_classes(DIMENSIONS))

    def dimension_values(self) -> dict[str, str]:
        return {"state": self.state, "entity_type": self.entity_type}


class RequestMarker(Model):
    """The back office's request id -> ours, so that a repeated event makes nothing new."""

    Meta = table_meta("APPROVAL_REQUESTS_TABLE")

    owner = UnicodeAttribute(hash_key=True)  # SOURCE#<owner>
    id = UnicodeAttribute(range_key=True)  # the back office's request id
    target = UnicodeAttribute()


class ApprovalToken(Model):
    Meta = table_meta("APPROVAL_TOKENS_TABLE")

    token_hash = UnicodeAttribute(hash_key=True)
    tenant = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    request_id = UnicodeAttribute()
    response = UnicodeAttribute()  # APPROVE | REJECT
    used_on = NumberAttribute(null=True)
    expires_at = NumberAttribute()  # DynamoDB's TTL removes it some time after; readers check it themselves


ApprovalCounts = lists.counter_model("APPROVAL_REQUESTS_TABLE", DIMENSIONS, DOMAINS)


class NotPending(Exception):
    """The request is no longer PENDING (answered, withdrawn, or answered by a racing request)."""


class TokenUsed(Exception):
    """The one-time token was used by a racing request."""


def find_request(tenant: str, contact_id: str, request_id: str) -> ApprovalRequest | None:
    try:
        return ApprovalRequest.get(owner_key(tenant, contact_id), request_id, consistent_read=True)
    except ApprovalRequest.DoesNotExist:
        return None


def find_by_source(tenant: str, contact_id: str, source_id: str) -> ApprovalRequest | None:
    owner = owner_key(tenant, contact_id)
    try:
        marker = RequestMarker.get(lists.marker_owner(owner), source_id, consistent_read=True)
    except RequestMarker.DoesNotExist:
        return None
    return find_request(tenant, contact_id, marker.target)


def create_request(
    *, tenant: str, contact_id: str, source_id: str, entity_type: str, entity_id: str, entity_reference: str | None
) -> tuple[ApprovalRequest, bool]:
    """Writes a PENDING request, its marker and its count together; answers (request, created). A source id
    already recorded for the contact writes nothing and answers the request it made."""
    owner = owner_key(tenant, contact_id)
    request = ApprovalRequest(
        owner=owner,
        id=new_time_ordered_id(),
        contact_id=contact_id,
        state="PENDING",
        entity_type=entity_type,
        entity_id=entity_id,
        entity_reference=entity_reference,
        source_id=source_id,
    )
    values = lists.set_index_keys(request, DIMENSIONS)
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(request, condition=ApprovalRequest.id.does_not_exist())
            tx.save(
                RequestMarker(lists.marker_owner(owner), source_id, target=request.id),
                condition=RequestMarker.id.does_not_exist(),
            )
            lists.add_to_counts(tx, ApprovalCounts, owner, {lists.counter_attribute(DIMENSIONS, values): 1})
    except TransactWriteError:
        existing = find_by_source(tenant, contact_id, source_id)
        if existing is None:
            raise
        return existing, False
    return request, True


def mark_notified(request: ApprovalRequest) -> None:
    request.update(actions=[ApprovalRequest.notified.set(True)])


def save_tokens(tokens: Sequence[ApprovalToken]) -> None:
    with TransactWrite(connection=transaction_connection()) as tx:
        for token in tokens:
            tx.save(token, condition=ApprovalToken.token_hash.does_not_exist())


def find_token(token_hash: str) -> ApprovalToken | None:
    try:
        return ApprovalToken.get(token_hash, consistent_read=True)
    except ApprovalToken.DoesNotExist:
        return None


def transition(
    request: ApprovalRequest, new_state: str, *, answered_by: str, now: int, token: ApprovalToken | None = None
) -> None:
    """PENDING -> new_state, with the counters, and (for an e-mail link) the token spent, all or nothing.
    Raises NotPending when the request is not PENDING any more, TokenUsed when the token was spent."""
    before = request.dimension_values()
    after = {**before, "state": new_state}
    actions = [
        ApprovalRequest.state.set(new_state),
        ApprovalRequest.answered_by.set(answered_by),
        ApprovalRequest.updated_on.set(now),
    ]
    for attribute, value in lists.index_keys(request.owner, DIMENSIONS, after).items():
        actions.append(getattr(ApprovalRequest, attribute).set(value))
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.update(request, actions=actions, condition=ApprovalRequest.state == "PENDING")
            lists.add_to_counts(
                tx,
                ApprovalCounts,
                request.owner,
                {lists.counter_attribute(DIMENSIONS, before): -1, lists.counter_attribute(DIMENSIONS, after): 1},
            )
            if token is not None:
                tx.update(
                    token,
                    actions=[ApprovalToken.used_on.set(now)],
                    condition=ApprovalToken.used_on.does_not_exist() & (ApprovalToken.expires_at > now),
                )
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        failed = [r is not None and r.code == "ConditionalCheckFailed" for r in reasons]
        if failed and failed[0]:
            raise NotPending() from exc
        if any(failed):
            raise TokenUsed() from exc
        raise


def list_requests(
    tenant: str, contact_id: str, filters: Mapping[str, Sequence[str]], page: lists.PageRequest
) -> tuple[list[ApprovalRequest], str | None, int]:
    """One page of a contact's requests. `filters` maps state to one value and entity_type to one or more
    (several entity types are merged from one Query each, by id)."""
    owner = owner_key(tenant, contact_id)
    chosen = tuple(d for d in DIMENSIONS if filters.get(d))
    if not chosen:
        streams = [lists.Stream(None, owner)]
    else:
        streams = [
            lists.Stream(lists.index_name(chosen), lists.key_value(owner, chosen, leaf))
            for leaf in lists.leaves({d: DOMAINS[d] for d in chosen}, filters)
        ]
    total = lists.total_of(ApprovalCounts, owner, DIMENSIONS, DOMAINS, filters)
    items, cursor = lists.read_page(ApprovalRequest, streams, page, total)
    return items, cursor, total
