"""A contact's inbox: list with filters, read one, mark viewed or archived."""

from __future__ import annotations

import time
from typing import Any

from crm.context import RequestContext
from crm.data import lists
from crm.data.communications import Changed, Communication, find_communication, list_communications, update_flags
from crm.data.contacts import find_contact
from crm.errors import Conflict, NotFound
from crm.paging import PageQuery


def contact_name(contact) -> str | None:
    if contact is None:
        return None
    full = " ".join(part for part in (contact.first_name, contact.last_name) if part)
    return full or contact.company_name


def _summary(c: Communication) -> dict[str, Any]:
    return {
        "id": c.id,
        "life_cycle_state": c.life_cycle_state,
        "contact_id": c.contact_id,
        "channel": c.channel,
        "is_viewed": bool(c.is_viewed),
        "viewed_on": c.viewed_on,
        "is_archived": bool(c.is_archived),
        "clicked_on": c.clicked_on,
        "language": c.language,
        "sender": c.sender,
        "recipient": c.recipient,
        "content": c.content,
        "subject": c.subject,
        "name": c.name,
        "created_on": c.created_on,
    }


def page_request(paging: PageQuery) -> lists.PageRequest:
    after = lists.decode_cursor(paging.cursor) if paging.cursor else None
    return lists.PageRequest(
        offset=(paging.page - 1) * paging.size, size=paging.size, descending=paging.order == "DESC", after=after
    )


def list_own_communications(
    ctx: RequestContext,
    contact_id: str,
    *,
    channel: str | None,
    archived: bool | None,
    viewed: bool | None,
    paging: PageQuery,
) -> dict[str, Any]:
    ctx.require_own_contact(contact_id)
    filters: dict[str, list[str]] = {}
    if channel:
        filters["channel"] = [channel]
    if archived is not None:
        filters["archived"] = ["A1" if archived else "A0"]
    if viewed is not None:
        filters["viewed"] = ["V1" if viewed else "V0"]
    items, next_cursor, total = list_communications(ctx.tenant, contact_id, filters, page_request(paging))
    return {
        "content": [_summary(c) for c in items],
        "paging": {"page": paging.page, "size": paging.size, "total": total, "next": next_cursor},
    }


def _own(ctx: RequestContext, communication_id: str) -> Communication:
    communication = find_communication(ctx.tenant, ctx.require_contact(), communication_id)
    if communication is None:
        raise NotFound("communication", communication_id)
    return communication


def get_own_communication(ctx: RequestContext, communication_id: str) -> dict[str, Any]:
    c = _own(ctx, communication_id)
    contact = find_contact(ctx.tenant, c.contact_id)
    view = _summary(c)
    del view["contact_id"]
    view["contact"] = {"id": c.contact_id, "name": contact_name(contact), "code": contact.code if contact else None}
    view.update(
        title=c.title,
        subtitle=c.subtitle,
        in_app_image_url=c.in_app_image_url,
        in_app_click_link_url=c.in_app_click_link_url,
    )
    return view


def act_on_communication(
    ctx: RequestContext, communication_id: str, *, viewed: bool | None, archived: bool | None
) -> dict[str, str]:
    """`viewed: true` sets is_viewed and viewed_on the first time only; `archived` sets or clears is_archived."""
    for _ in range(3):
        communication = _own(ctx, communication_id)
        try:
            update_flags(communication, viewed=viewed, archived=archived, now=int(time.time()))
            return {"id": communication.id}
        except Changed:
            continue  # changed by a concurrent request: read it again and apply on top
    raise Conflict(parameters=["communication", communication_id])
