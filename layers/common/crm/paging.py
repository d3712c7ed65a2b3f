"""Paging as API.md defines it: page from 1, size up to 100, {content, paging{page, size, total}}."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_PAGE_SIZE = 100


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
