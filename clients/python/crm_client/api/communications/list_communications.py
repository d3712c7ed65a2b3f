from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel import Channel
from ...models.communications_page import CommunicationsPage
from ...models.error import Error
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    type_: Channel | None | Unset = UNSET,
    archived: bool | None | Unset = UNSET,
    viewed: bool | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, Channel):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_archived: bool | None | Unset
    if isinstance(archived, Unset):
        json_archived = UNSET
    else:
        json_archived = archived
    params["archived"] = json_archived

    json_viewed: bool | None | Unset
    if isinstance(viewed, Unset):
        json_viewed = UNSET
    else:
        json_viewed = viewed
    params["viewed"] = json_viewed

    params["sort"] = sort

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["page"] = page

    params["size"] = size

    json_next_: None | str | Unset
    if isinstance(next_, Unset):
        json_next_ = UNSET
    else:
        json_next_ = next_
    params["next"] = json_next_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/self-service/v1/contacts/{id}/communications".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommunicationsPage | Error | None:
    if response.status_code == 200:
        response_200 = CommunicationsPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommunicationsPage | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    type_: Channel | None | Unset = UNSET,
    archived: bool | None | Unset = UNSET,
    viewed: bool | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> Response[CommunicationsPage | Error]:
    """List the caller's communications

    Args:
        id (str):
        type_ (Channel | None | Unset): Only this channel
        archived (bool | None | Unset): true: only archived; false: only not archived
        viewed (bool | None | Unset): true: only viewed; false: only not viewed
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationsPage | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        type_=type_,
        archived=archived,
        viewed=viewed,
        sort=sort,
        order=order,
        page=page,
        size=size,
        next_=next_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    type_: Channel | None | Unset = UNSET,
    archived: bool | None | Unset = UNSET,
    viewed: bool | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> CommunicationsPage | Error | None:
    """List the caller's communications

    Args:
        id (str):
        type_ (Channel | None | Unset): Only this channel
        archived (bool | None | Unset): true: only archived; false: only not archived
        viewed (bool | None | Unset): true: only viewed; false: only not viewed
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationsPage | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        type_=type_,
        archived=archived,
        viewed=viewed,
        sort=sort,
        order=order,
        page=page,
        size=size,
        next_=next_,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    type_: Channel | None | Unset = UNSET,
    archived: bool | None | Unset = UNSET,
    viewed: bool | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> Response[CommunicationsPage | Error]:
    """List the caller's communications

    Args:
        id (str):
        type_ (Channel | None | Unset): Only this channel
        archived (bool | None | Unset): true: only archived; false: only not archived
        viewed (bool | None | Unset): true: only viewed; false: only not viewed
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationsPage | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        type_=type_,
        archived=archived,
        viewed=viewed,
        sort=sort,
        order=order,
        page=page,
        size=size,
        next_=next_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    type_: Channel | None | Unset = UNSET,
    archived: bool | None | Unset = UNSET,
    viewed: bool | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> CommunicationsPage | Error | None:
    """List the caller's communications

    Args:
        id (str):
        type_ (Channel | None | Unset): Only this channel
        archived (bool | None | Unset): true: only archived; false: only not archived
        viewed (bool | None | Unset): true: only viewed; false: only not viewed
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationsPage | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            type_=type_,
            archived=archived,
            viewed=viewed,
            sort=sort,
            order=order,
            page=page,
            size=size,
            next_=next_,
        )
    ).parsed
