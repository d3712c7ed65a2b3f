"""Paging as API.md defines it: page from 1, size up to 100, {content, paging{page, size, total}}."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, TypeVar, get_type_hints

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, BeforeValidator, Field

MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000  # far past any list; a larger number answered 500 (found by the contract test)
MAX_LIST_VALUES = 20  # values of one multi-value filter, repeated or comma-separated


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


# An enum query value in any case (order=asc is ASC): put it in the Annotated of a Literal query parameter.
AnyCase = BeforeValidator(_upper)

# The query parameters every list route declares (a size above MAX_PAGE_SIZE is a 400 naming `size`, a page
# above MAX_PAGE one naming `page`).
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
SortOrder = Annotated[Literal["ASC", "DESC"], AnyCase, Query()]
SortKey = Annotated[Literal["CREATED_DATE"], AnyCase, Query()]
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


@dataclass(frozen=True)
class PageQuery:
    """What a list route is asked for beside its filters: ?sort=&order=&page=&size=&next= (next as `cursor`).
    Its fields, with their query annotations, are the query parameters `paged` declares."""

    sort: SortKey = "CREATED_DATE"
    order: SortOrder = "DESC"
    page: PageNumber = 1
    size: PageSize = 10
    cursor: NextCursor = None


Route = TypeVar("Route", bound=Callable[..., Any])
_PAGE_FIELDS = tuple(field.name for field in fields(PageQuery))


def paged(route: Route) -> Route:
    """A list route declares `paging: PageQuery`; the resolver (and so the OpenAPI document) sees PageQuery's
    fields as query parameters after the route's own, and the route gets them as that one argument."""
    hints = get_type_hints(route, include_extras=True)
    hints.update(get_type_hints(PageQuery, include_extras=True))
    own = [p for p in inspect.signature(route).parameters.values() if p.name != "paging"]
    page_parameters = [
        inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=field.default)
        for field in fields(PageQuery)
    ]
    declared = [p.replace(annotation=hints[p.name]) for p in own + page_parameters]

    @functools.wraps(route)
    def with_paging(*args: Any, **kwargs: Any) -> Any:
        paging = PageQuery(**{name: kwargs.pop(name) for name in _PAGE_FIELDS if name in kwargs})
        return route(*args, paging=paging, **kwargs)

    with_paging.__signature__ = inspect.Signature(declared, return_annotation=hints.get("return", Any))  # type: ignore[attr-defined]
    return with_paging  # type: ignore[return-value]
