"""Paging as API.md defines it: page from 1, size up to 100, {content, paging{page, size, total}}."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_PAGE_SIZE = 100

# The query parameters every list route declares (a size above MAX_PAGE_SIZE is a 400 naming `size`).
PageNumber = Annotated[int, Query(ge=1)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
SortOrder = Annotated[Literal["ASC", "DESC"], Query()]
NextCursor = Annotated[str | None, Query(alias="next", max_length=512, description="paging.next of the previous page")]


class PageQuery(BaseModel):
    page: int = Field(default=1, ge=1)
    size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
    sort: str = "CREATED_DATE"
    order: Literal["ASC", "DESC"] = "DESC"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


class Paging(BaseModel):
    page: int
    size: int
    total: int


class Page(BaseModel, Generic[T]):
    content: list[T]
    paging: Paging


def page_of(items: list[Any], query: PageQuery, total: int) -> dict[str, Any]:
    return {"content": items, "paging": {"page": query.page, "size": query.size, "total": total}}
