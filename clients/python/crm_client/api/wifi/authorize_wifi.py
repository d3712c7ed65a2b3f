from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.empty_answer import EmptyAnswer
from ...models.error import Error
from ...models.wifi_authorization_request import WifiAuthorizationRequest
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: WifiAuthorizationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/self-service/v1/contacts/{id}/wifi/authorization".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EmptyAnswer | Error | None:
    if response.status_code == 200:
        response_200 = EmptyAnswer.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EmptyAnswer | Error]:
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
    body: WifiAuthorizationRequest,
) -> Response[EmptyAnswer | Error]:
    """Authorize a contact's device on a WiFi platform

     Binding a device to a contact must prove the contact: the request carries both the application's
    api_key and the access token of the contact the path names (as the WiFi portal has it after the
    contact signs in), of the key's organisation and mode. The publishable key alone answers 401: it
    ships inside every app, and a MAC_ADDRESS sign-in on a bound device opens the contact. This goes
    beyond the vendor's example, which sends the key alone. A WiFi platform's server may instead send
    the organisation's WiFi integration secret (X-Integration-Secret, made by the operator per
    organisation and mode) beside the api_key; then the path's contact of the key's tenant is bound. A
    wrong secret, or another organisation's or mode's, answers 401. A device session (a MAC_ADDRESS
    sign-in) may not bind devices: 403.

    Args:
        id (str):
        body (WifiAuthorizationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmptyAnswer | Error]
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
    body: WifiAuthorizationRequest,
) -> EmptyAnswer | Error | None:
    """Authorize a contact's device on a WiFi platform

     Binding a device to a contact must prove the contact: the request carries both the application's
    api_key and the access token of the contact the path names (as the WiFi portal has it after the
    contact signs in), of the key's organisation and mode. The publishable key alone answers 401: it
    ships inside every app, and a MAC_ADDRESS sign-in on a bound device opens the contact. This goes
    beyond the vendor's example, which sends the key alone. A WiFi platform's server may instead send
    the organisation's WiFi integration secret (X-Integration-Secret, made by the operator per
    organisation and mode) beside the api_key; then the path's contact of the key's tenant is bound. A
    wrong secret, or another organisation's or mode's, answers 401. A device session (a MAC_ADDRESS
    sign-in) may not bind devices: 403.

    Args:
        id (str):
        body (WifiAuthorizationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmptyAnswer | Error
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
    body: WifiAuthorizationRequest,
) -> Response[EmptyAnswer | Error]:
    """Authorize a contact's device on a WiFi platform

     Binding a device to a contact must prove the contact: the request carries both the application's
    api_key and the access token of the contact the path names (as the WiFi portal has it after the
    contact signs in), of the key's organisation and mode. The publishable key alone answers 401: it
    ships inside every app, and a MAC_ADDRESS sign-in on a bound device opens the contact. This goes
    beyond the vendor's example, which sends the key alone. A WiFi platform's server may instead send
    the organisation's WiFi integration secret (X-Integration-Secret, made by the operator per
    organisation and mode) beside the api_key; then the path's contact of the key's tenant is bound. A
    wrong secret, or another organisation's or mode's, answers 401. A device session (a MAC_ADDRESS
    sign-in) may not bind devices: 403.

    Args:
        id (str):
        body (WifiAuthorizationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmptyAnswer | Error]
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
    body: WifiAuthorizationRequest,
) -> EmptyAnswer | Error | None:
    """Authorize a contact's device on a WiFi platform

     Binding a device to a contact must prove the contact: the request carries both the application's
    api_key and the access token of the contact the path names (as the WiFi portal has it after the
    contact signs in), of the key's organisation and mode. The publishable key alone answers 401: it
    ships inside every app, and a MAC_ADDRESS sign-in on a bound device opens the contact. This goes
    beyond the vendor's example, which sends the key alone. A WiFi platform's server may instead send
    the organisation's WiFi integration secret (X-Integration-Secret, made by the operator per
    organisation and mode) beside the api_key; then the path's contact of the key's tenant is bound. A
    wrong secret, or another organisation's or mode's, answers 401. A device session (a MAC_ADDRESS
    sign-in) may not bind devices: 403.

    Args:
        id (str):
        body (WifiAuthorizationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmptyAnswer | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
