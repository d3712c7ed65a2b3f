"""The request and answer models of a contact's files, with the seed's examples and the upload's two bodies."""

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from crm.data.files import STATES


class UploadRequest(BaseModel):
    """Ask for a presigned upload: the answer's `upload.url` takes a form POST of `upload.fields` plus `file`."""

    model_config = ConfigDict(extra="forbid")
    file_name: str = Field(min_length=1, max_length=255)
    mime: str = Field(min_length=3, max_length=255)
    size: int = Field(gt=0, description="bytes; at most 25 MiB")
    service_request_id: Optional[str] = Field(default=None, max_length=64)


# ---------------------------------------------------------------- answers, as documented (not validated at run time)


class PresignedUpload(BaseModel):
    url: str
    fields: dict[str, str] = Field(description="Send these form fields, then `file`, to `url`.")
    expires_in: int = Field(description="Seconds.")


class UploadAnswer(BaseModel):
    id: str
    upload: PresignedUpload | None = Field(default=None, description="Only for a presigned (JSON) upload.")


class Variant(BaseModel):
    width: int
    height: int
    url: str


class FileEntity(BaseModel):
    type: str
    id: str


class FileAnswer(BaseModel):
    id: str
    mime: str
    name: str | None
    size: int | None
    state: Literal[STATES]  # type: ignore[valid-type]
    reason: str | None = Field(description="Why it was REJECTED or FAILED.")
    url: str | None = Field(description="A download link, once READY.")
    url_expires_in: int | None
    width: int | None
    height: int | None
    variants: list[Variant] = Field(description="Images: 256, 512 and 1024 px wide, never wider than the original.")
    srcset: str | None
    service_request_id: str | None
    entity: FileEntity | None = Field(description="A printout's entity.")
    created_on: int


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "At most 5 MiB; its part needs a file name.",
                    },
                    "service_request_id": {"type": "string", "maxLength": 64},
                },
            },
        },
        "application/json": {
            "schema": UploadRequest.model_json_schema(),
            "examples": {
                "presigned upload": {"value": {"file_name": "scan.pdf", "mime": "application/pdf", "size": 48213}}
            },
        },
    },
}
SEED_FILE = {
    "id": "3ae9d64a-8a3b-f1e1-eed6-05b307f926fb",
    "mime": "application/msword",
    "name": "offer.doc",
    "size": 48213,
    "state": "READY",
    "reason": None,
    "url": "https://files.example.com/offer.doc?sig=...",
    "url_expires_in": 900,
    "width": None,
    "height": None,
    "variants": [],
    "srcset": None,
    "service_request_id": None,
    "entity": None,
    "created_on": 1583846865,
}
