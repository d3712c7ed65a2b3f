from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.app_answer import AppAnswer
from ...models.error import Error
from ...models.id_answer import IdAnswer
from ...models.link_answer import LinkAnswer
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: AppAnswer | LinkAnswer,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/self-service/v1/approval_requests/{id}/actions".format(
            id=quote(str(id), safe=""),
        ),
    }

    if isinstance(body, AppAnswer):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | IdAnswer | str | None:
    if response.status_code == 200:
        response_200 = IdAnswer.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = response.text
        return response_410

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
) -> Response[Error | IdAnswer | str]:
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
    body: AppAnswer | LinkAnswer,
) -> Response[Error | IdAnswer | str]:
    """Answer an approval request (contact token or e-mail link)

     With a contact token: body {action} answers {id}. Without: body {token, response} from an e-mail
    link answers an HTML landing page.

    Also accepts application/x-www-form-urlencoded: see `x-crm-other-request-bodies` (left out of
    `requestBody` because common client generators cannot take a required body of two media types).

    Args:
        id (str):
        body (AppAnswer | LinkAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdAnswer | str]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: AppAnswer | LinkAnswer,
) -> Error | IdAnswer | str | None:
    """Answer an approval request (contact token or e-mail link)

     With a contact token: body {action} answers {id}. Without: body {token, response} from an e-mail
    link answers an HTML landing page.

    Also accepts application/x-www-form-urlencoded: see `x-crm-other-request-bodies` (left out of
    `requestBody` because common client generators cannot take a required body of two media types).

    Args:
        id (str):
        body (AppAnswer | LinkAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdAnswer | str
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: AppAnswer | LinkAnswer,
) -> Response[Error | IdAnswer | str]:
    """Answer an approval request (contact token or e-mail link)

     With a contact token: body {action} answers {id}. Without: body {token, response} from an e-mail
    link answers an HTML landing page.

    Also accepts application/x-www-form-urlencoded: see `x-crm-other-request-bodies` (left out of
    `requestBody` because common client generators cannot take a required body of two media types).

    Args:
        id (str):
        body (AppAnswer | LinkAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdAnswer | str]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: AppAnswer | LinkAnswer,
) -> Error | IdAnswer | str | None:
    """Answer an approval request (contact token or e-mail link)

     With a contact token: body {action} answers {id}. Without: body {token, response} from an e-mail
    link answers an HTML landing page.

    Also accepts application/x-www-form-urlencoded: see `x-crm-other-request-bodies` (left out of
    `requestBody` because common client generators cannot take a required body of two media types).

    Args:
        id (str):
        body (AppAnswer | LinkAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdAnswer | str
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
