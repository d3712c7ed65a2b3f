"""The inbox's data and function in-process: filters, counters, cursors, and how much a page reads."""

import json

import pytest
from pynamodb.connection.base import Connection

from crm.context import RequestContext
from crm.data import lists
from crm.data.communications import (
    DIMENSIONS,
    Communication,
    CommunicationCounts,
    new_time_ordered_id,
    record_communication,
)
from tests import helpers
from tests.helpers import contact_authorizer

TENANT_ORG, MODE = "org-1", "test"
TENANT = f"{TENANT_ORG}#{MODE}"


def api_event(method, resource, path, contact_id, query=None, body=None):
    authorizer = contact_authorizer(RequestContext(organisation_id=TENANT_ORG, mode=MODE), contact_id)
    return helpers.api_event(method, resource, path, body=body, query=query, authorizer=authorizer)


def listing(stack, contact_id, **query):
    answer = stack.invoke(
        "CommunicationsFunction",
        api_event(
            "GET",
            "/contacts/{id}/communications",
            f"/contacts/{contact_id}/communications",
            contact_id,
            {k: str(v) for k, v in query.items()} or None,
        ),
    )
    return answer["statusCode"], json.loads(answer["body"])


def fill(contact_id, n, channel="EMAIL"):
    return [
        record_communication(
            tenant=TENANT,
            contact_id=contact_id,
            channel=channel,
            recipient="a@example.com",
            subject=f"s{i}",
            content="c",
        )
        for i in range(n)
    ]


def test_filters_and_totals_follow_actions(stack):
    fill("c1", 3, "EMAIL")
    inapp = fill("c1", 2, "INAPP")
    status, body = listing(stack, "c1")
    assert status == 200 and body["paging"]["total"] == 5
    assert [c["id"] for c in body["content"]] == sorted([c["id"] for c in body["content"]], reverse=True)
    act = stack.invoke(
        "CommunicationsFunction",
        api_event(
            "PUT",
            "/communications/{id}/actions",
            f"/communications/{inapp[0].id}/actions",
            "c1",
            body={"viewed": "true", "archived": True},
        ),
    )
    assert act["statusCode"] == 200 and json.loads(act["body"]) == {"id": inapp[0].id}
    assert listing(stack, "c1", type="INAPP", viewed="true")[1]["paging"]["total"] == 1
    assert listing(stack, "c1", type="INAPP", viewed="false")[1]["paging"]["total"] == 1
    assert listing(stack, "c1", archived="false")[1]["paging"]["total"] == 4
    status, body = listing(stack, "c1", type="INAPP", archived="true", viewed="true")
    assert [c["id"] for c in body["content"]] == [inapp[0].id] and body["paging"]["total"] == 1


def test_a_repeated_source_records_once(stack):
    first = record_communication(
        tenant=TENANT, contact_id="c2", channel="SMS", recipient="+3579", subject=None, content="x", source_id="evt-1"
    )
    again = record_communication(
        tenant=TENANT, contact_id="c2", channel="SMS", recipient="+3579", subject=None, content="y", source_id="evt-1"
    )
    assert again.id == first.id and again.content == "x"
    assert [c.id for c in Communication.query(f"{TENANT}#c2")] == [first.id]
    assert listing(stack, "c2")[1]["paging"]["total"] == 1


def test_the_cursor_walks_every_item_once(stack):
    made = [c.id for c in fill("c3", 7, "DEVICE")]
    seen, cursor = [], None
    while True:
        query = {"size": 3, "order": "ASC", "type": "DEVICE"} | ({"next": cursor} if cursor else {})
        status, body = listing(stack, "c3", **query)
        assert status == 200
        seen += [c["id"] for c in body["content"]]
        cursor = body["paging"]["next"]
        if not cursor:
            break
    assert seen == made
    assert listing(stack, "c3", next="not-a-cursor")[0] == 400


class ReadCounter:
    def __init__(self):
        self.scanned = 0
        self.calls = []


@pytest.fixture
def reads(monkeypatch):
    counter = ReadCounter()
    original = Connection.query

    def counting(self, *args, **kwargs):
        answer = original(self, *args, **kwargs)
        counter.calls.append("Query")
        counter.scanned += answer.get("ScannedCount", 0)
        return answer

    monkeypatch.setattr(Connection, "query", counting)
    return counter


def bulk_fill(contact_id, n):
    """Many items at once (a batch write, not the transaction record_communication makes: quicker in moto),
    with their index keys and their count, as record_communication would leave them."""
    owner = f"{TENANT}#{contact_id}"
    with Communication.batch_write() as batch:
        for _ in range(n):
            item = Communication(owner=owner, id=new_time_ordered_id(), contact_id=contact_id, channel="EMAIL")
            for attribute, value in lists.index_keys(owner, DIMENSIONS, item.dimension_values()).items():
                setattr(item, attribute, value)
            batch.save(item)
    leaf = lists.counter_attribute(DIMENSIONS, {"channel": "EMAIL", "archived": "A0", "viewed": "V0"})
    CommunicationCounts(lists.counts_owner(owner), lists.COUNTS_ID, **{leaf: n}).save()


def test_page_one_reads_the_same_for_20_or_1000_items(stack, reads):
    bulk_fill("small", 20)
    bulk_fill("big", 1000)
    for query in ({}, {"type": "EMAIL"}, {"archived": "false", "viewed": "false"}, {"order": "ASC"}):
        reads.scanned, reads.calls = 0, []
        listing(stack, "small", size=20, **query)
        small = (reads.scanned, len(reads.calls))
        reads.scanned, reads.calls = 0, []
        status, body = listing(stack, "big", size=20, **query)
        assert status == 200 and len(body["content"]) == 20 and body["paging"]["total"] == 1000
        assert body["paging"]["next"]
        assert (reads.scanned, len(reads.calls)) == small == (20, 1), query
