"""Approval requests: a contact lists them and answers them, in the app (contact token) or from the e-mail's
one-time links (an HTML landing page)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, replace
from typing import Any

from crm.context import RequestContext
from crm.data import approvals as store
from crm.data.approvals import ApprovalRequest, ApprovalToken, NotPending, TokenUsed
from crm.errors import Conflict, NotFound
from crm.paging import PageQuery
from crm.services.branding import link, page_url
from crm.services.communications import page_request
from crm.services.entity_types import answered_approval_type
from crm.settings import approval_link_seconds
from crm.tokens import hash_secret_token

NEW_STATE = {"APPROVE": "APPROVED", "ACCEPT": "APPROVED", "REJECT": "REJECTED"}


def request_view(request: ApprovalRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "state": request.state,
        "created_on": request.created_on,
        "entity": {
            "id": request.entity_id,
            "type": answered_approval_type(request.entity_type),
            "reference": request.entity_reference,
        },
    }


def list_own_requests(
    ctx: RequestContext,
    contact_id: str,
    *,
    state: str | None,
    entity_types: list[str],
    paging: PageQuery,
) -> dict[str, Any]:
    ctx.require_own_contact(contact_id)
    filters = {"state": [state] if state else [], "entity_type": entity_types}
    items, next_cursor, total = store.list_requests(
        ctx.tenant, contact_id, {k: v for k, v in filters.items() if v}, page_request(paging)
    )
    return {
        "content": [request_view(r) for r in items],
        "paging": {"page": paging.page, "size": paging.size, "total": total, "next": next_cursor},
    }


def answer_in_app(ctx: RequestContext, request_id: str, action: str) -> dict[str, str]:
    """Only a PENDING request changes; any other (also the loser of a race) answers 409 and changes nothing."""
    request = store.find_request(ctx.tenant, ctx.require_contact(), request_id)
    if request is None:
        raise NotFound("approval_request", request_id)
    if request.state != "PENDING":
        raise Conflict("The approval request is not pending any more.", ["approval_request", request_id, request.state])
    try:
        store.transition(request, NEW_STATE[action], answered_by="CONTACT", now=int(time.time()))
    except NotPending:
        raise Conflict("The approval request is not pending any more.", ["approval_request", request_id]) from None
    return {"id": request.id}


# ---------------------------------------------------------------- e-mail links


@dataclass(frozen=True)
class Landing:
    """The page an e-mail link's answer shows (crm/messages page.html), in the brand of the request's
    organisation and the contact's language once the token named them."""

    status: int
    page: str
    tenant: str | None = None
    contact_id: str | None = None

    def of(self, tenant: str, contact_id: str) -> Landing:
        return replace(self, tenant=tenant, contact_id=contact_id)

    def html(self) -> str:
        from crm.services.pages import page_for

        return page_for(self.page, self.tenant, self.contact_id)


APPROVED = Landing(200, "approval_approved")
REJECTED = Landing(200, "approval_rejected")
ALREADY_ANSWERED = Landing(409, "approval_already_answered")
EXPIRED = Landing(410, "approval_expired")
UNKNOWN = Landing(404, "approval_unknown")


def answer_by_link(request_id: str, token: str, response: str | None) -> Landing:
    """The token names its tenant, contact, request and response; it works once, until it expires."""
    found = store.find_token(hash_secret_token(token)) if token else None
    if (
        found is None
        or found.request_id != request_id
        or (response is not None and NEW_STATE[response] != NEW_STATE[found.response])
    ):
        return UNKNOWN
    request = store.find_request(found.tenant, found.contact_id, found.request_id)
    if request is None:
        return UNKNOWN
    now = int(time.time())
    whose = (found.tenant, found.contact_id)
    if found.used_on is not None or request.state != "PENDING":
        return ALREADY_ANSWERED.of(*whose)
    if found.expires_at <= now:
        return EXPIRED.of(*whose)
    try:
        store.transition(request, NEW_STATE[found.response], answered_by="EMAIL_LINK", now=now, token=found)
    except (NotPending, TokenUsed):
        return ALREADY_ANSWERED.of(*whose)
    return (APPROVED if NEW_STATE[found.response] == "APPROVED" else REJECTED).of(*whose)


def new_links(tenant: str, request: ApprovalRequest) -> dict[str, str]:
    """A fresh one-time token per response (only their hashes are stored), as links to the approval page."""
    expires_at = int(time.time()) + approval_link_seconds()
    links, tokens = {}, []
    for response in ("APPROVE", "REJECT"):
        token = secrets.token_urlsafe(32)
        tokens.append(
            ApprovalToken(
                hash_secret_token(token),
                tenant=tenant,
                contact_id=request.contact_id,
                request_id=request.id,
                response=response,
                expires_at=expires_at,
            )
        )
        organisation_id, _, mode = tenant.partition("#")
        links[response] = link(
            page_url(organisation_id, mode, "approval"), request=request.id, response=response, token=token
        )
    store.save_tokens(tokens)
    return links
