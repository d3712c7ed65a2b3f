from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.refresh_request import RefreshRequest
from ...models.tokens_answer import TokensAnswer
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: None | RefreshRequest | Unset = UNSET,
    refresh_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(refresh_token, Unset):
        headers["refresh_token"] = refresh_token

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/self-service/v1/contacts/refresh",
    }

    if isinstance(body, RefreshRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TokensAnswer | None:
    if response.status_code == 200:
        response_200 = TokensAnswer.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

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
) -> Response[Error | TokensAnswer]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: None | RefreshRequest | Unset = UNSET,
    refresh_token: str | Unset = UNSET,
) -> Response[Error | TokensAnswer]:
    """New tokens for a refresh token (which is rotated)

    Args:
        refresh_token (str | Unset):
        body (None | RefreshRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokensAnswer]
    """

    kwargs = _get_kwargs(
        body=body,
        refresh_token=refresh_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: None | RefreshRequest | Unset = UNSET,
    refresh_token: str | Unset = UNSET,
) -> Error | TokensAnswer | None:
    """New tokens for a refresh token (which is rotated)

    Args:
        refresh_token (str | Unset):
        body (None | RefreshRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokensAnswer
    """

    return sync_detailed(
        client=client,
        body=body,
        refresh_token=refresh_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: None | RefreshRequest | Unset = UNSET,
    refresh_token: str | Unset = UNSET,
) -> Response[Error | TokensAnswer]:
    """New tokens for a refresh token (which is rotated)

    Args:
        refresh_token (str | Unset):
        body (None | RefreshRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokensAnswer]
    """

    kwargs = _get_kwargs(
        body=body,
        refresh_token=refresh_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: None | RefreshRequest | Unset = UNSET,
    refresh_token: str | Unset = UNSET,
) -> Error | TokensAnswer | None:
    """New tokens for a refresh token (which is rotated)

    Args:
        refresh_token (str | Unset):
        body (None | RefreshRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokensAnswer
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            refresh_token=refresh_token,
        )
    ).parsed
