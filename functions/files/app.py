"""A contact's files: POST /upload/files (multipart/form-data, or JSON for a presigned S3 upload),
GET /files/{id}, DELETE /files/{id} and DELETE /service_requests/{sid}/files/{id}."""

import base64
import binascii
from email import policy
from email.message import Message
from email.parser import BytesParser
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import SEED_FILE, UPLOAD_BODY, FileAnswer, UploadAnswer, UploadRequest
from pydantic import ValidationError

from crm.context import RequestContext
from crm.errors import InvalidInput, PayloadTooLarge
from crm.http import answers, json_response, make_resolver
from crm.schemas import IdAnswer
from crm.services import files
from crm.settings import MAX_JSON_BODY_BYTES

logger = Logger()
# A 5 MiB file arrives base64-encoded (about 6.7 MiB) inside a multipart body: API Gateway's own limit is 10 MiB.
# Only the upload route takes it; the others keep the JSON limit.
app = make_resolver(upload_routes={("POST", "/upload/files"): 10 * 1024 * 1024})


def _ctx() -> RequestContext:
    return RequestContext.from_event(app.current_event.raw_event)


def _raw_body() -> bytes:
    event = app.current_event.raw_event
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput("The request body is not valid base64.", ["body"]) from exc
    return body.encode("utf-8")


def _payload(part: Message) -> bytes:
    payload = part.get_payload(decode=True)  # a part's decoded bytes; None when it has none
    return payload if isinstance(payload, bytes) else b""


def _multipart_upload(content_type: str, body: bytes) -> dict[str, Any]:
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise InvalidInput("The multipart body could not be read (is the boundary right?).", ["body"])
    upload, fields = None, {}
    for part in message.iter_parts():
        field = part.get_param("name", header="content-disposition")
        if field == "file" and part.get_filename() is not None:
            upload = part
        elif field:
            fields[field] = _payload(part).decode("utf-8", "replace").strip()
    if upload is None:
        raise InvalidInput("The form needs a `file` part with a file name.", ["file"])
    return files.upload_in_request(
        _ctx(),
        name=upload.get_filename() or "",
        mime=upload.get_content_type(),
        content=_payload(upload),
        service_request_id=fields.get("service_request_id") or None,
    )


def _presigned_upload(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_JSON_BODY_BYTES:
        raise PayloadTooLarge(parameters=["body", MAX_JSON_BODY_BYTES])
    try:
        request = UploadRequest.model_validate_json(body or b"{}")
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from exc
    return files.upload_with_url(
        _ctx(),
        name=request.file_name,
        mime=request.mime,
        size=request.size,
        service_request_id=request.service_request_id,
    )


@app.post(
    "/upload/files",
    summary="Upload a file (multipart/form-data), or ask for a presigned upload (JSON)",
    description="multipart/form-data: a `file` part (at most 5 MiB) and an optional `service_request_id`; "
    "answers {id}. application/json: {file_name, mime, size (at most 25 MiB), service_request_id?}; "
    "answers {id, upload: {url, fields, expires_in}}: POST `fields` and `file` as a form to `url` "
    "within 15 minutes. Either way the file is PENDING until its bytes were checked.",
    tags=["Files"],
    responses=answers(
        UploadAnswer,
        examples={"seed": {"id": "7279fecf-b0a6-0aab-6bcd-37881fe8c10e"}},
        errors={413: "The file (or the declared size) is too large.", 502: "The storage did not take the file."},
    ),
    openapi_extensions={"requestBody": UPLOAD_BODY},
)
def upload_file() -> Response[str]:
    content_type = app.current_event.headers.get("content-type") or app.current_event.headers.get("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    body = _raw_body()
    if media_type == "multipart/form-data":
        return json_response(200, _multipart_upload(content_type, body))
    if media_type in ("application/json", ""):
        return json_response(200, _presigned_upload(body))
    raise InvalidInput(
        "Send multipart/form-data with a `file` part, or JSON {file_name, mime, size}.", ["Content-Type", media_type]
    )


@app.get(
    "/files/<id>",
    summary="A file, with download and srcset links",
    tags=["Files"],
    responses=answers(FileAnswer, examples={"seed": SEED_FILE}),
)
def get_file(id: str) -> dict[str, Any]:  # noqa: A002 - the path parameter is called id
    return files.get_file(_ctx(), id)


@app.delete(
    "/files/<id>",
    summary="Delete a file",
    tags=["Files"],
    responses=answers(IdAnswer, errors={502: "The storage did not delete the file."}),
)
def delete_file(id: str) -> dict[str, Any]:  # noqa: A002
    return files.delete_file(_ctx(), id)


@app.delete(
    "/service_requests/<sid>/files/<id>",
    summary="Delete a file attached to a service request",
    tags=["Files"],
    responses=answers(IdAnswer, errors={502: "The storage did not delete the file."}),
)
def delete_service_request_file(sid: str, id: str) -> dict[str, Any]:  # noqa: A002
    return files.delete_file(_ctx(), id, service_request_id=sid)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)
