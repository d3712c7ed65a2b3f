"""Paging as API.md defines it: page from 1, size up to 100, {content, paging{page, size, total}}."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, BeforeValidator, Field

MAX_PAGE_SIZE = 100
MAX_LIST_VALUES = 20  # values of one multi-value filter, repeated or comma-separated


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


# An enum query value in any case (order=asc is ASC): put it in the Annotated of a Literal query parameter.
AnyCase = BeforeValidator(_upper)

# The query parameters every list route declares (a size above MAX_PAGE_SIZE is a 400 naming `size`).
PageNumber = Annotated[int, Query(ge=1)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
SortOrder = Annotated[Literal["ASC", "DESC"], AnyCase, Query()]
SortBy = Annotated[Literal["CREATED_DATE"], AnyCase, Query()]
# A filter of several values: repeated (?x=A&x=B), comma-separated (?x=A,B), or both; see list_values.
ListFilter = list[Annotated[str, Field(max_length=200)]] | None


def list_values(values: list[str] | None) -> list[str]:
    """The values of a multi-value filter, as given repeated, comma-separated or both: upper case, each once."""
    found = [part.strip().upper() for value in values or [] for part in value.split(",")]
    return sorted({value for value in found if value})


NextCursor = Annotated[str | None, Query(alias="next", max_length=512, description="paging.next of the previous page")]


class Paging(BaseModel):
    """The `paging` member of every list answer (documented; the services build it as a dict)."""

    page: int
    size: int
    total: int
    next: str | None = Field(description="Pass as `next` for the following page; null on the last page.")
