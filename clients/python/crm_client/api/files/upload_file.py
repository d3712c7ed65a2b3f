from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.upload_answer import UploadAnswer
from ...models.upload_file_form import UploadFileForm
from ...types import Response


def _get_kwargs(
    *,
    body: UploadFileForm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/self-service/v1/upload/files",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | UploadAnswer | None:
    if response.status_code == 200:
        response_200 = UploadAnswer.from_dict(response.json())

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
) -> Response[Error | UploadAnswer]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadFileForm,
) -> Response[Error | UploadAnswer]:
    """Upload a file (multipart/form-data), or ask for a presigned upload (JSON)

     multipart/form-data: a `file` part (at most 5 MiB) and an optional `service_request_id`; answers
    {id}. application/json: {file_name, mime, size (at most 25 MiB), service_request_id?}; answers {id,
    upload: {url, fields, expires_in}}: POST `fields` and `file` as a form to `url` within 15 minutes.
    Either way the file is PENDING until its bytes were checked.

    Also accepts application/json: see `x-crm-other-request-bodies` (left out of `requestBody` because
    common client generators cannot take a required body of two media types).

    Args:
        body (UploadFileForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UploadAnswer]
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
    body: UploadFileForm,
) -> Error | UploadAnswer | None:
    """Upload a file (multipart/form-data), or ask for a presigned upload (JSON)

     multipart/form-data: a `file` part (at most 5 MiB) and an optional `service_request_id`; answers
    {id}. application/json: {file_name, mime, size (at most 25 MiB), service_request_id?}; answers {id,
    upload: {url, fields, expires_in}}: POST `fields` and `file` as a form to `url` within 15 minutes.
    Either way the file is PENDING until its bytes were checked.

    Also accepts application/json: see `x-crm-other-request-bodies` (left out of `requestBody` because
    common client generators cannot take a required body of two media types).

    Args:
        body (UploadFileForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UploadAnswer
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadFileForm,
) -> Response[Error | UploadAnswer]:
    """Upload a file (multipart/form-data), or ask for a presigned upload (JSON)

     multipart/form-data: a `file` part (at most 5 MiB) and an optional `service_request_id`; answers
    {id}. application/json: {file_name, mime, size (at most 25 MiB), service_request_id?}; answers {id,
    upload: {url, fields, expires_in}}: POST `fields` and `file` as a form to `url` within 15 minutes.
    Either way the file is PENDING until its bytes were checked.

    Also accepts application/json: see `x-crm-other-request-bodies` (left out of `requestBody` because
    common client generators cannot take a required body of two media types).

    Args:
        body (UploadFileForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UploadAnswer]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: UploadFileForm,
) -> Error | UploadAnswer | None:
    """Upload a file (multipart/form-data), or ask for a presigned upload (JSON)

     multipart/form-data: a `file` part (at most 5 MiB) and an optional `service_request_id`; answers
    {id}. application/json: {file_name, mime, size (at most 25 MiB), service_request_id?}; answers {id,
    upload: {url, fields, expires_in}}: POST `fields` and `file` as a form to `url` within 15 minutes.
    Either way the file is PENDING until its bytes were checked.

    Also accepts application/json: see `x-crm-other-request-bodies` (left out of `requestBody` because
    common client generators cannot take a required body of two media types).

    Args:
        body (UploadFileForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UploadAnswer
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
