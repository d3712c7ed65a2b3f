"""Filtered, counted lists of a contact's items (communications, approval requests) without a Scan.

A contact's items share one partition, `owner`, sorted by a time-ordered `id`. Each filter a list offers is a
*dimension* (a communication's channel, archived and viewed flags; a request's state and entity type). For every
non-empty set of dimensions the table has a global secondary index whose partition key is the owner followed by
those dimensions' values (`key_channel_viewed = "<owner>#INAPP#V0"`) and whose sort key is `id` again: a list
with any combination of filters is then one Query on the index of the filters given, which starts at the
right place and reads only the page asked for, in creation order either way.

`paging.total` comes from one counter item per owner (partition `COUNTS#<owner>`) with a number per *leaf*, one
full combination of dimension values (`n_INAPP_A0_V1`): the total of any filter is the sum of the leaves it
covers, read with one GetItem however long the list. Every write of an item changes its leaf's counter in the
same transaction, so the counts never drift. Counters and idempotency markers (`SOURCE#<owner>`) live in
partitions of their own, so a Query of an owner's partition sees only its items.
"""

from __future__ import annotations

import base64
import binascii
import heapq
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.data.base import table_meta
from crm.errors import InvalidInput

COUNTS_ID = "-"


def counts_owner(owner: str) -> str:
    return f"COUNTS#{owner}"


def marker_owner(owner: str) -> str:
    return f"SOURCE#{owner}"


def dimension_sets(dimensions: Sequence[str]) -> list[tuple[str, ...]]:
    """Every non-empty subset of the dimensions, in their declared order: one index each."""
    return [combo for n in range(1, len(dimensions) + 1) for combo in itertools.combinations(dimensions, n)]


def index_name(dimensions: Sequence[str]) -> str:
    return "by_" + "_".join(dimensions)


def key_attribute(dimensions: Sequence[str]) -> str:
    return "key_" + "_".join(dimensions)


def key_value(owner: str, dimensions: Sequence[str], values: Mapping[str, str]) -> str:
    return "#".join([owner, *(values[d] for d in dimensions)])


def index_keys(owner: str, dimensions: Sequence[str], values: Mapping[str, str]) -> dict[str, str]:
    """The value of every index's partition key attribute for an item with these dimension values."""
    return {key_attribute(s): key_value(owner, s, values) for s in dimension_sets(dimensions)}


def set_index_keys(item: Any, dimensions: Sequence[str]) -> dict[str, str]:
    """Gives a new item (its `owner` and `dimension_values()`) every index's partition key; answers its values."""
    values: dict[str, str] = item.dimension_values()
    for attribute, value in index_keys(item.owner, dimensions, values).items():
        setattr(item, attribute, value)
    return values


def counter_attribute(dimensions: Sequence[str], values: Mapping[str, str]) -> str:
    return "n_" + "_".join(values[d] for d in dimensions)


def leaves(domains: Mapping[str, Sequence[str]], chosen: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    """The full combinations of dimension values a filter covers (a dimension not chosen covers all)."""
    names = list(domains)
    pools = [list(chosen.get(d) or domains[d]) for d in names]
    return [dict(zip(names, combo, strict=False)) for combo in itertools.product(*pools)]


def index_classes(dimensions: Sequence[str]) -> dict[str, tuple[str, Any]]:
    """Class attributes for a PynamoDB model: one key attribute and one index object per dimension set."""
    members: dict[str, Any] = {}
    for dims in dimension_sets(dimensions):
        attribute = key_attribute(dims)
        meta = type("Meta", (), {"index_name": index_name(dims), "projection": AllProjection()})
        index = type(
            f"Index_{attribute}",
            (GlobalSecondaryIndex,),
            {
                "Meta": meta,
                attribute: UnicodeAttribute(hash_key=True),
                "id": UnicodeAttribute(range_key=True),
            },
        )
        members[attribute] = UnicodeAttribute(null=True)
        members[index_name(dims)] = index()
    return members


# ---------------------------------------------------------------- cursors


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after = data["after"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput("The next cursor is not one this API answered.", ["next"]) from None
    if not isinstance(after, str) or not after:
        raise InvalidInput("The next cursor is not one this API answered.", ["next"])
    return after


# ---------------------------------------------------------------- reading a page


@dataclass(frozen=True)
class Stream:
    """One Query: the base table (index None, hash key the owner) or an index with its partition value."""

    index: str | None
    hash_value: str


@dataclass(frozen=True)
class PageRequest:
    offset: int
    size: int
    descending: bool
    after: str | None = None  # a cursor's last id: the page starts right after it, and offset is ignored


def _read(model: type[Model], stream: Stream, page: PageRequest, limit: int) -> list[Model]:
    condition = None
    if page.after is not None:
        condition = model.id < page.after if page.descending else model.id > page.after
    return list(
        model.query(
            stream.hash_value,
            condition,
            index_name=stream.index,
            scan_index_forward=not page.descending,
            limit=limit,
            page_size=limit,
        )
    )


def read_page(
    model: type[Model], streams: Sequence[Stream], page: PageRequest, total: int
) -> tuple[list[Model], str | None]:
    """The page's items (merged by id across the streams, when a filter takes several) and the cursor of the
    page after it, or None at the end. Each stream reads at most offset + size items (size with a cursor).
    Whether more follow comes from the total for a numbered page; after a cursor, a full page always offers
    a next cursor, which may lead to an empty page when the list ends exactly there."""
    skip = 0 if page.after is not None else page.offset
    limit = skip + page.size
    lists = [_read(model, stream, page, limit) for stream in streams]
    if len(lists) == 1:
        merged: Iterable[Model] = lists[0]
    else:
        merged = heapq.merge(*lists, key=lambda item: item.id, reverse=page.descending)
    items = list(itertools.islice(merged, skip, skip + page.size))
    full = len(items) == page.size
    more = full and (page.after is not None or page.offset + page.size < total)
    return items, (encode_cursor(items[-1].id) if more else None)


def counter_model(table_env_var: str, dimensions: Sequence[str], domains: Mapping[str, Sequence[str]]) -> type[Model]:
    """A model of the per-owner counter item, with one number per leaf."""
    members: dict[str, Any] = {
        "Meta": table_meta(table_env_var),
        "owner": UnicodeAttribute(hash_key=True),
        "id": UnicodeAttribute(range_key=True),
    }
    for leaf in leaves(domains, {}):
        members[counter_attribute(dimensions, leaf)] = NumberAttribute(null=True)
    return type("Counts", (Model,), members)


def total_of(
    counter: type[Model],
    owner: str,
    dimensions: Sequence[str],
    domains: Mapping[str, Sequence[str]],
    chosen: Mapping[str, Sequence[str]],
) -> int:
    try:
        counts = counter.get(counts_owner(owner), COUNTS_ID)
    except counter.DoesNotExist:
        return 0
    return sum(int(getattr(counts, counter_attribute(dimensions, leaf)) or 0) for leaf in leaves(domains, chosen))


def add_to_counts(tx: TransactWrite, counts_model: type[Model], owner: str, changes: Mapping[str, int]) -> None:
    """Adds each non-zero delta to the owner's counter item, inside the transaction that changes the items."""
    counts = counts_model(counts_owner(owner), COUNTS_ID)
    tx.update(
        counts, actions=[getattr(counts_model, attribute).add(delta) for attribute, delta in changes.items() if delta]
    )
