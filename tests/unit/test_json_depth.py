"""The depth check every HTTP function runs before a JSON body is parsed (crm/http.py)."""

import json

import pytest

from crm.http import MAX_JSON_DEPTH, json_too_deep


@pytest.mark.parametrize(
    "text",
    [
        "[" * 40_000,  # what the review sent: Python's parser raised RecursionError
        "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1),
        '{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1),
        '{"s":"]]]]","a":' + "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH + "}",  # brackets in a string do not close
    ],
)
def test_deeper_than_the_limit_is_too_deep(text):
    assert json_too_deep(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{}",
        "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH,
        json.dumps({"note": "[" * 5000 + "{" * 5000}),  # brackets inside a string are text
        json.dumps({"note": '\\"[' * 500}),  # escaped quotes do not end the string
        json.dumps([[i] for i in range(5000)]),  # many brackets, little depth
    ],
)
def test_at_most_the_limit_is_not(text):
    assert not json_too_deep(text)
