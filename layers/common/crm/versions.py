"""Versioned answers: a body with the entity tag of the version it was read or written at, and the If-Match
rule that guards a write against a change the caller has not seen."""

from __future__ import annotations

from typing import Any, NamedTuple


class Versioned(NamedTuple):
    """What a service answers for a versioned entity: the body, and the ETag the handler sends as a header."""

    body: dict[str, Any]
    etag: str


def if_match_tags(if_match: str) -> list[str]:
    """The entity tags an If-Match header lists (comma-separated, blanks dropped)."""
    return [tag.strip() for tag in if_match.split(",") if tag.strip()]


def if_match_allows(if_match: str | None, etag: str) -> bool:
    """No If-Match allows any write; `*` matches every version; otherwise one of its tags must be `etag`
    itself (a weak tag, W/"...", never matches: the comparison is strong)."""
    if if_match is None:
        return True
    tags = if_match_tags(if_match)
    return "*" in tags or etag in tags
