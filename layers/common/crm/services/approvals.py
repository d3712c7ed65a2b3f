"""Approval requests: a contact lists them and answers them, in the app (contact token) or from the e-mail's
one-time links (an HTML landing page)."""

from __future__ import annotations

import html
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from crm.context import RequestContext
from crm.data import approvals as store
from crm.data.approvals import ApprovalRequest, ApprovalToken, NotPending, TokenUsed
from crm.errors import Conflict, NotFound
from crm.services.communications import page_request
from crm.services.entity_types import answered_approval_type
from crm.settings import approval_link_seconds, approval_link_url
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
    page: int,
    size: int,
    order: str,
    cursor: str | None,
) -> dict[str, Any]:
    ctx.require_own_contact(contact_id)
    filters = {"state": [state] if state else [], "entity_type": entity_types}
    items, next_cursor, total = store.list_requests(
        ctx.tenant, contact_id, {k: v for k, v in filters.items() if v}, page_request(page, size, order, cursor)
    )
    return {
        "content": [request_view(r) for r in items],
        "paging": {"page": page, "size": size, "total": total, "next": next_cursor},
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
    status: int
    title: str
    message: str

    def html(self) -> str:
        title, message = html.escape(self.title), html.escape(self.message)
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title></head><body style="font-family:sans-serif;max-width:32em;margin:3em auto">'
            f"<h1>{title}</h1><p>{message}</p></body></html>"
        )


APPROVED = Landing(200, "Request approved", "Thank you: your approval has been recorded.")
REJECTED = Landing(200, "Request rejected", "Thank you: your rejection has been recorded.")
ALREADY_ANSWERED = Landing(
    409, "Already answered", "This request has already been answered or withdrawn; nothing was changed."
)
EXPIRED = Landing(410, "Link expired", "This link has expired; nothing was changed. Please answer in the app.")
UNKNOWN = Landing(404, "Link not valid", "This link is not valid; nothing was changed.")


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
    if found.used_on is not None or request.state != "PENDING":
        return ALREADY_ANSWERED
    if found.expires_at <= now:
        return EXPIRED
    try:
        store.transition(request, NEW_STATE[found.response], answered_by="EMAIL_LINK", now=now, token=found)
    except (NotPending, TokenUsed):
        return ALREADY_ANSWERED
    return APPROVED if NEW_STATE[found.response] == "APPROVED" else REJECTED


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
        links[response] = f"{approval_link_url()}?" + urlencode(
            {"request": request.id, "response": response, "token": token}
        )
    store.save_tokens(tokens)
    return links
