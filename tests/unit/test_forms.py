"""crm/forms.py: a form-encoded body in bracket notation is the JSON object it names, within its limits."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.errors import InvalidInput
from crm.forms import MAX_DEPTH, MAX_FIELDS, MAX_INDEX, parse_form
from tests.fuzz.strategies import form_text


def test_brackets_name_objects_and_lists():
    text = (
        "first_name=John&identity[provider]=EMAIL&identity[username]=john%40example.com"
        "&custom_fields[0][key]=store&custom_fields[0][value]=Limassol&custom_fields[1][key]=colour"
        "&tags[]=a&tags[]=b&title=&name=J+D"
    )
    assert parse_form(text) == {
        "first_name": "John",
        "identity": {"provider": "EMAIL", "username": "john@example.com"},
        "custom_fields": [{"key": "store", "value": "Limassol"}, {"key": "colour"}],
        "tags": ["a", "b"],
        "title": "",
        "name": "J D",
    }


@pytest.mark.parametrize(
    "text",
    [
        "a=1&a=2",  # a name twice
        "a=1&a[b]=2",  # a value and an object
        "a[b]=1&a=2",
        "a[0]=1&a[0]=2",
        "a[0][k]=1&a[0][k]=2",
        "a[1]=x",  # a gap
        f"a[{MAX_INDEX}]=x",
        "a[0]=x&a[b]=y",  # a list and an object
        "a[b]=x&a[0]=y",
        "a" + "[b]" * (MAX_DEPTH + 1) + "=1",
        "a[[=1",  # not bracket notation
        "a]=1",
        "&".join(f"k{i}=1" for i in range(MAX_FIELDS + 1)),
    ],
)
def test_what_cannot_be_one_object_is_a_400_naming_the_body(text):
    with pytest.raises(InvalidInput) as raised:
        parse_form(text)
    assert raised.value.status == 400 and raised.value.parameters == ["body"]


def test_the_limits_themselves_are_accepted():
    assert parse_form("a" + "[b]" * MAX_DEPTH + "=1")
    assert len(parse_form("&".join(f"a[{i}]=x" for i in range(MAX_INDEX)))["a"]) == MAX_INDEX


NAMES = st.from_regex(r"[a-z_]{1,8}", fullmatch=True)
LEAVES = st.text(max_size=10)


def _objects(members):
    return st.dictionaries(
        NAMES, LEAVES | members | st.lists(LEAVES | members, min_size=1, max_size=3), min_size=1, max_size=4
    )


# Three levels of objects, with lists between: at most 4 brackets in a name, within MAX_DEPTH.
OBJECTS = _objects(_objects(_objects(st.nothing())))


@settings(max_examples=200, deadline=None)
@given(OBJECTS)
def test_a_form_of_any_object_of_strings_reads_back_as_that_object(value):
    assert parse_form(form_text(value)) == value
