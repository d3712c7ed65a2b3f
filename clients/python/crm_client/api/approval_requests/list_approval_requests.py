from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.approval_requests_page import ApprovalRequestsPage
from ...models.approval_state import ApprovalState
from ...models.error import Error
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    state: ApprovalState | None | Unset = UNSET,
    entity_types: list[str] | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, ApprovalState):
        json_state = state.value
    else:
        json_state = state
    params["state"] = json_state

    json_entity_types: list[str] | None | Unset
    if isinstance(entity_types, Unset):
        json_entity_types = UNSET
    elif isinstance(entity_types, list):
        json_entity_types = entity_types

    else:
        json_entity_types = entity_types
    params["entity_types"] = json_entity_types

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
        "url": "/self-service/v1/contacts/{id}/approval_requests".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApprovalRequestsPage | Error | None:
    if response.status_code == 200:
        response_200 = ApprovalRequestsPage.from_dict(response.json())

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
) -> Response[ApprovalRequestsPage | Error]:
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
    state: ApprovalState | None | Unset = UNSET,
    entity_types: list[str] | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> Response[ApprovalRequestsPage | Error]:
    """List the caller's approval requests

    Args:
        id (str):
        state (ApprovalState | None | Unset):
        entity_types (list[str] | None | Unset): Repeated or comma-separated, any case: ORDERS,
            SERVICE_REQUESTS, REWARD_OFFERS, ORGANISATIONS (or the seed's singular ORDER,
            SERVICE_REQUEST, REWARD_OFFER, ORGANISATION)
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApprovalRequestsPage | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        state=state,
        entity_types=entity_types,
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
    state: ApprovalState | None | Unset = UNSET,
    entity_types: list[str] | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> ApprovalRequestsPage | Error | None:
    """List the caller's approval requests

    Args:
        id (str):
        state (ApprovalState | None | Unset):
        entity_types (list[str] | None | Unset): Repeated or comma-separated, any case: ORDERS,
            SERVICE_REQUESTS, REWARD_OFFERS, ORGANISATIONS (or the seed's singular ORDER,
            SERVICE_REQUEST, REWARD_OFFER, ORGANISATION)
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApprovalRequestsPage | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        state=state,
        entity_types=entity_types,
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
    state: ApprovalState | None | Unset = UNSET,
    entity_types: list[str] | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> Response[ApprovalRequestsPage | Error]:
    """List the caller's approval requests

    Args:
        id (str):
        state (ApprovalState | None | Unset):
        entity_types (list[str] | None | Unset): Repeated or comma-separated, any case: ORDERS,
            SERVICE_REQUESTS, REWARD_OFFERS, ORGANISATIONS (or the seed's singular ORDER,
            SERVICE_REQUEST, REWARD_OFFER, ORGANISATION)
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApprovalRequestsPage | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        state=state,
        entity_types=entity_types,
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
    state: ApprovalState | None | Unset = UNSET,
    entity_types: list[str] | None | Unset = UNSET,
    sort: Literal["CREATED_DATE"] | Unset = "CREATED_DATE",
    order: SortOrder | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 10,
    next_: None | str | Unset = UNSET,
) -> ApprovalRequestsPage | Error | None:
    """List the caller's approval requests

    Args:
        id (str):
        state (ApprovalState | None | Unset):
        entity_types (list[str] | None | Unset): Repeated or comma-separated, any case: ORDERS,
            SERVICE_REQUESTS, REWARD_OFFERS, ORGANISATIONS (or the seed's singular ORDER,
            SERVICE_REQUEST, REWARD_OFFER, ORGANISATION)
        sort (Literal['CREATED_DATE'] | Unset):  Default: 'CREATED_DATE'.
        order (SortOrder | Unset): The order of a page.
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 10.
        next_ (None | str | Unset): paging.next of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApprovalRequestsPage | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            state=state,
            entity_types=entity_types,
            sort=sort,
            order=order,
            page=page,
            size=size,
            next_=next_,
        )
    ).parsed
