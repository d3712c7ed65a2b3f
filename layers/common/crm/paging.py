"""Paging as API.md defines it: page from 1, size up to 100, {content, paging{page, size, total}}."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, Field

MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000  # far past any list; a larger number answered 500 (found by the contract test)

# The query parameters every list route declares (a size above MAX_PAGE_SIZE is a 400 naming `size`, a page
# above MAX_PAGE one naming `page`).
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
SortOrder = Annotated[Literal["ASC", "DESC"], Query()]
NextCursor = Annotated[str | None, Query(alias="next", max_length=512, description="paging.next of the previous page")]


class Paging(BaseModel):
    """The `paging` member of every list answer (documented; the services build it as a dict)."""

    page: int
    size: int
    total: int
    next: str | None = Field(description="Pass as `next` for the following page; null on the last page.")
