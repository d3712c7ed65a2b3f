"""The pieces of crm.data.lists that need no table: index keys, the leaves a filter covers, cursors."""

import pytest

from crm.data import lists
from crm.errors import InvalidInput

DIMENSIONS = ("channel", "archived", "viewed")
DOMAINS = {"channel": ("EMAIL", "SMS"), "archived": ("A0", "A1"), "viewed": ("V0", "V1")}


def test_one_index_per_combination_of_filters():
    assert [lists.index_name(s) for s in lists.dimension_sets(DIMENSIONS)] == [
        "by_channel",
        "by_archived",
        "by_viewed",
        "by_channel_archived",
        "by_channel_viewed",
        "by_archived_viewed",
        "by_channel_archived_viewed",
    ]
    keys = lists.index_keys("org#test#c1", DIMENSIONS, {"channel": "SMS", "archived": "A1", "viewed": "V0"})
    assert keys["key_channel_viewed"] == "org#test#c1#SMS#V0" and keys["key_archived"] == "org#test#c1#A1"
    assert len(keys) == 7


def test_a_filter_covers_the_leaves_of_its_values():
    assert len(lists.leaves(DOMAINS, {})) == 8
    assert lists.leaves(DOMAINS, {"channel": ["SMS"], "viewed": ["V1"]}) == [
        {"channel": "SMS", "archived": "A0", "viewed": "V1"},
        {"channel": "SMS", "archived": "A1", "viewed": "V1"},
    ]


def test_a_cursor_round_trips_and_a_forged_one_is_refused():
    cursor = lists.encode_cursor("01a2-id")
    assert lists.decode_cursor(cursor) == "01a2-id" and "01a2" not in cursor
    for bad in ("", "!!!", "e30", lists.encode_cursor("")[:-2] + "xx"):
        with pytest.raises(InvalidInput):
            lists.decode_cursor(bad)
