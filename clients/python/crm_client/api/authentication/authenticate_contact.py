from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.email_authenticate import EmailAuthenticate
from ...models.error import Error
from ...models.mac_address_authenticate_request import MacAddressAuthenticateRequest
from ...models.otp_answer import OtpAnswer
from ...models.phone_authenticate import PhoneAuthenticate
from ...models.social_authenticate_request import SocialAuthenticateRequest
from ...models.tokens_answer import TokensAnswer
from ...types import Response


def _get_kwargs(
    *,
    body: EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate | SocialAuthenticateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/self-service/v1/contacts/authenticate",
    }

    if isinstance(body, EmailAuthenticate):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, PhoneAuthenticate):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, SocialAuthenticateRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | OtpAnswer | TokensAnswer | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> OtpAnswer | TokensAnswer:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_authenticate_answer_type_0 = TokensAnswer.from_dict(data)

                return componentsschemas_authenticate_answer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_authenticate_answer_type_1 = OtpAnswer.from_dict(data)

            return componentsschemas_authenticate_answer_type_1

        response_200 = _parse_response_200(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | OtpAnswer | TokensAnswer]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate | SocialAuthenticateRequest,
) -> Response[Error | OtpAnswer | TokensAnswer]:
    """Sign a contact in

    Args:
        body (EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate |
            SocialAuthenticateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OtpAnswer | TokensAnswer]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate | SocialAuthenticateRequest,
) -> Error | OtpAnswer | TokensAnswer | None:
    """Sign a contact in

    Args:
        body (EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate |
            SocialAuthenticateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OtpAnswer | TokensAnswer
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate | SocialAuthenticateRequest,
) -> Response[Error | OtpAnswer | TokensAnswer]:
    """Sign a contact in

    Args:
        body (EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate |
            SocialAuthenticateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OtpAnswer | TokensAnswer]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate | SocialAuthenticateRequest,
) -> Error | OtpAnswer | TokensAnswer | None:
    """Sign a contact in

    Args:
        body (EmailAuthenticate | MacAddressAuthenticateRequest | PhoneAuthenticate |
            SocialAuthenticateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OtpAnswer | TokensAnswer
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
