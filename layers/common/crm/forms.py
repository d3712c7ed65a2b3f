"""Form-encoded request bodies (`application/x-www-form-urlencoded`), as the vendor's introduction says the API
accepts them: bracket notation names nested objects and lists, as Stripe's API does, and the result is the JSON
object the route's model validates, exactly as if it had been sent as JSON.

    first_name=John&identity[provider]=EMAIL&identity[username]=john%40example.com
    custom_fields[0][key]=colour&custom_fields[0][value]=red
    demographics[company_profile][industry_sectors][]=A&...[industry_sectors][]=B

Every value is a string; the models' lax types read "true" as true and "2019" as 2019, as for a JSON string.
An empty value is the empty string (a form has no null). Limits, each answered 400 naming the body: at most
MAX_FIELDS pairs, MAX_DEPTH brackets in a name, list indexes below MAX_INDEX and given from 0 without gaps,
and a name given once (or as `name[]` to add to a list); the body's size is the resolver's (64 KiB)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from crm.errors import InvalidInput

MAX_FIELDS = 500
MAX_DEPTH = 6  # brackets in one name: the deepest model (a contact's demographics) nests 3
MAX_INDEX = 100  # list members: the longest list a model takes has 50
_NAME = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


class FormError(InvalidInput):
    """A form body that cannot be read as one object."""


def _parts(name: str) -> list[str]:
    match = _NAME.match(name)
    if match is None:
        raise FormError(f"The form field name {name[:64]!r} is not name or name[key]... notation.", ["body"])
    parts = [match.group(1), *_PART.findall(match.group(2))]
    if len(parts) - 1 > MAX_DEPTH:
        raise FormError(f"The form field {parts[0][:64]!r} nests deeper than {MAX_DEPTH} brackets.", ["body"])
    return parts


def _wants_list(part: str | None) -> bool:
    return part is not None and (part == "" or part.isdigit())


def _bad(name: str, why: str) -> FormError:
    return FormError(f"The form field {name[:64]!r} {why}.", ["body"])


def _list_slot(node: list[Any], part: str, fresh: Any, name: str) -> Any:
    """The member `part` ("" appends, a digit indexes) of a list, added as `fresh` when it is the next one."""
    if part != "" and not part.isdigit():
        raise _bad(name, "mixes list indexes and keys")
    index = len(node) if part == "" else int(part)
    if index >= MAX_INDEX:
        raise _bad(name, f"has an index of {MAX_INDEX} or more")
    if index > len(node):
        raise _bad(name, "skips list indexes (give them from 0)")
    if index == len(node):
        node.append(fresh)
    elif not isinstance(fresh, (dict, list)):
        raise _bad(name, "is given twice")
    return node[index]


def _dict_slot(node: dict[str, Any], part: str, fresh: Any, name: str, top: bool) -> Any:
    """The member `part` of an object, added as `fresh` when new."""
    if part == "" or (not top and part.isdigit()):
        raise _bad(name, "mixes list indexes and keys")
    if part not in node:
        node[part] = fresh
    elif not isinstance(fresh, (dict, list)) or not isinstance(node[part], (dict, list)):
        raise _bad(name, "is given twice, or as a value and more")
    return node[part]


def _place(target: dict[str, Any], parts: list[str], value: str, name: str) -> None:
    node: Any = target
    for position, part in enumerate(parts):
        following = parts[position + 1] if position + 1 < len(parts) else None
        fresh: Any = value if following is None else ([] if _wants_list(following) else {})
        if isinstance(node, list):
            child = _list_slot(node, part, fresh, name)
        else:
            child = _dict_slot(node, part, fresh, name, top=position == 0)
        if following is not None and not isinstance(child, list if _wants_list(following) else dict):
            raise _bad(name, "mixes list indexes and keys")
        node = child


def parse_form(text: str) -> dict[str, Any]:
    """The object a form body names; FormError (400) when it cannot be read as one."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FIELDS)
    except ValueError:  # more than MAX_FIELDS pairs
        raise FormError(f"The form body has more than {MAX_FIELDS} fields.", ["body"]) from None
    body: dict[str, Any] = {}
    for name, value in pairs:
        _place(body, _parts(name), value, name)
    return body
