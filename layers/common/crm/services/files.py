"""A contact's files: upload (in the request, or straight to S3 with a presigned POST), the check that runs once
the bytes have landed, image variants for `srcset`, download links, and deletion."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from crm.context import RequestContext
from crm.data import files as store
from crm.data.base import now_epoch
from crm.errors import CrmError, ErrorCode, InvalidInput, NotFound, PayloadTooLarge

logger = Logger(child=True)

MAX_FORM_FILE_BYTES = 5 * 1024 * 1024  # a multipart upload, through API Gateway
MAX_PRESIGNED_FILE_BYTES = 25 * 1024 * 1024  # a presigned POST, straight to S3
UPLOAD_URL_SECONDS = 15 * 60
DOWNLOAD_URL_SECONDS = 5 * 60
VARIANT_WIDTHS = (256, 512, 1024)
VARIANT_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs
SNIFF_BYTES = 8192
UNUSED_UPLOAD_SECONDS = 24 * 3600  # a presigned upload that never arrives is forgotten after a day
REJECTED_KEPT_SECONDS = 7 * 24 * 3600  # a rejected file's record (and its reason) is kept a week

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# Declared type -> the real first bytes it must have. Text types are checked for valid UTF-8 instead.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # and "WEBP" at offset 8
    "application/pdf": (b"%PDF-",),
    "application/zip": (_ZIP,),
    "application/msword": (_OLE,),
    "application/vnd.ms-excel": (_OLE,),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (_ZIP,),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (_ZIP,),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (_ZIP,),
}
TEXT_TYPES = ("text/plain", "text/csv")
ACCEPTED_TYPES = (*SIGNATURES, *TEXT_TYPES)


class StorageUnavailable(CrmError):
    status = 502
    error = ErrorCode.UPSTREAM
    message = "The file store could not be reached; try again."


def normalise_mime(mime: str) -> str:
    value = mime.split(";", 1)[0].strip().lower()
    if value == "image/jpg":
        value = "image/jpeg"
    if value not in ACCEPTED_TYPES:
        raise InvalidInput(
            f"Files of type {value or 'unknown'} are not accepted; accepted: " + ", ".join(ACCEPTED_TYPES) + ".",
            ["mime", value],
        )
    return value


def content_matches(mime: str, head: bytes) -> bool:
    """Whether the real first bytes are those of the declared type."""
    if mime in TEXT_TYPES:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:  # a cut at the end of the sample is fine
            return exc.start >= len(head) - 3
        return True
    if mime == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return any(head.startswith(signature) for signature in SIGNATURES.get(mime, ()))


def _clean_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or len(name) > 255 or any(ord(c) < 32 for c in name):
        raise InvalidInput("The file name must be 1 to 255 printable characters.", ["file_name"])
    return name


def _new_record(
    ctx: RequestContext, name: str, mime: str, service_request_id: str | None, declared_size: int | None
) -> store.FileRecord:
    contact_id = ctx.require_contact()
    if service_request_id is not None and not (0 < len(service_request_id) <= 64 and service_request_id.isprintable()):
        raise InvalidInput("service_request_id must be 1 to 64 printable characters.", ["service_request_id"])
    file_id = str(uuid.uuid4())
    return store.FileRecord(
        owner=store.owner_key(ctx.tenant, contact_id),
        id=file_id,
        contact_id=contact_id,
        kind="UPLOAD",
        name=_clean_name(name),
        mime=mime,
        declared_size=declared_size,
        object_key=store.upload_key(ctx.tenant, contact_id, file_id),
        service_request_id=service_request_id or None,
    )


def upload_in_request(
    ctx: RequestContext, *, name: str, mime: str, content: bytes, service_request_id: str | None = None
) -> dict[str, Any]:
    """The seed's multipart upload: the bytes are checked now, stored, and the check after landing makes the
    variants. Answers {id}."""
    mime = normalise_mime(mime)
    if not content:
        raise InvalidInput("The file is empty.", ["file"])
    if len(content) > MAX_FORM_FILE_BYTES:
        raise PayloadTooLarge(
            f"A file sent in the request may be at most {MAX_FORM_FILE_BYTES} bytes; "
            "ask for an upload URL for larger files.",
            ["file", MAX_FORM_FILE_BYTES],
        )
    if not content_matches(mime, content[:SNIFF_BYTES]):
        raise InvalidInput(f"The file's content is not {mime}.", ["file", mime])
    record = _new_record(ctx, name, mime, service_request_id, len(content))
    store.create_file(record)
    try:
        store.put_object(record.object_key, content, mime)
    except store.StorageFailed as exc:
        store.delete_file_record(record)  # nothing half-written
        raise StorageUnavailable(parameters=["file"]) from exc
    return {"id": record.id}


def upload_with_url(
    ctx: RequestContext, *, name: str, mime: str, size: int, service_request_id: str | None = None
) -> dict[str, Any]:
    """A presigned POST straight to S3, whose policy fixes the key, the type and the size (at most 25 MiB).
    Answers {id, upload: {url, fields}}; the record stays PENDING until the check has read the bytes."""
    mime = normalise_mime(mime)
    if size > MAX_PRESIGNED_FILE_BYTES:
        raise PayloadTooLarge(
            f"A file may be at most {MAX_PRESIGNED_FILE_BYTES} bytes.", ["size", MAX_PRESIGNED_FILE_BYTES]
        )
    record = _new_record(ctx, name, mime, service_request_id, size)
    record.expires_at = now_epoch() + UNUSED_UPLOAD_SECONDS
    upload = store.presigned_upload(record.object_key, mime, size, UPLOAD_URL_SECONDS)
    store.create_file(record)
    return {
        "id": record.id,
        "upload": {"url": upload["url"], "fields": upload["fields"], "expires_in": UPLOAD_URL_SECONDS},
    }


# ---------------------------------------------------------------- after the bytes landed


@dataclass(frozen=True)
class CheckOutcome:
    file_id: str
    state: str
    reason: str | None = None


def _reject(record: store.FileRecord, reason: str) -> CheckOutcome:
    store.delete_objects([record.object_key])
    store.update_if_pending(
        record,
        store.FileRecord.state.set("REJECTED"),
        store.FileRecord.reason.set(reason),
        store.FileRecord.expires_at.set(now_epoch() + REJECTED_KEPT_SECONDS),
    )
    logger.info("upload rejected", extra={"file_id": record.id, "reason": reason})
    return CheckOutcome(record.id, "REJECTED", reason)


def _make_variants(record: store.FileRecord, content: bytes, tenant: str) -> tuple[int, int, list[store.Variant]]:
    from PIL import Image, ImageOps  # only the check needs Pillow, and only for images

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(io.BytesIO(content)) as opened:
        if opened.width * opened.height > MAX_IMAGE_PIXELS:
            raise ValueError("too many pixels")
        image = ImageOps.exif_transpose(opened)  # phones' photos: variants upright, as browsers show the original
        width, height = image.size
        variants = []
        for target in VARIANT_WIDTHS:
            if target >= width:  # never enlarged
                break
            copy = image.resize(
                (target, max(1, round(height * target / width))), Image.Resampling.LANCZOS, reducing_gap=3.0
            )  # box-reduce first, then Lanczos: about twice as fast
            if record.mime == "image/jpeg" and copy.mode not in ("RGB", "L"):
                copy = copy.convert("RGB")
            buffer = io.BytesIO()
            copy.save(buffer, VARIANT_FORMATS[record.mime], quality=85)
            data = buffer.getvalue()
            key = store.variant_key(tenant, record.contact_id, record.id, target)
            store.put_object(key, data, record.mime)
            variants.append(store.Variant(width=copy.width, height=copy.height, key=key, size=len(data)))
    return width, height, variants


def check_upload(key: str, size_hint: int | None = None) -> CheckOutcome | None:
    """Reads what landed at `key`: wrong type or too large -> deleted and REJECTED with the reason; an image ->
    its variants; then the checked version is copied to a key of its own (the presigned form, valid for
    UPLOAD_URL_SECONDS, can only write `key`), `key` is deleted, and the record is READY. Whatever lands at
    `key` later is deleted unread. A repeated event changes nothing. None for keys that are no upload."""
    owner = store.owner_of_upload(key)
    if owner is None:
        return None
    record = store.find_file(owner.tenant, owner.contact_id, owner.file_id)
    if record is None or record.object_key != key:  # deleted, never asked for, or checked already: not kept
        store.delete_objects([key])
        return CheckOutcome(owner.file_id, "DELETED")
    if record.state != "PENDING":
        return CheckOutcome(record.id, record.state, record.reason)
    found = store.object_version(key)
    if found is None:
        return CheckOutcome(record.id, record.state)  # gone again (deleted by its owner)
    size, etag = found
    limit = min(record.declared_size or MAX_PRESIGNED_FILE_BYTES, MAX_PRESIGNED_FILE_BYTES)
    if size > limit:
        return _reject(record, f"The file is too large: {size} bytes, at most {limit} allowed.")
    if size == 0:
        return _reject(record, "The file is empty.")
    try:
        return _accept(record, key, owner.tenant, size, etag)
    except store.ObjectChanged:  # another version landed meanwhile: its own event checks it
        return CheckOutcome(record.id, "PENDING")


def _accept(record: store.FileRecord, key: str, tenant: str, size: int, etag: str) -> CheckOutcome:
    """Checks the `etag` version only; every read and the copy are conditional on it."""
    if not content_matches(record.mime, store.read_object(key, SNIFF_BYTES, etag=etag)):
        return _reject(record, f"The file's content does not match its declared type {record.mime}.")
    actions = [store.FileRecord.size.set(size)]
    if record.mime in VARIANT_FORMATS:
        content = store.read_object(key, etag=etag)
        try:
            width, height, variants = _make_variants(record, content, tenant)
        except Exception as exc:  # Pillow could not read it: not the image it claims to be
            if isinstance(exc, store.StorageFailed):
                raise
            return _reject(record, f"The file is not a readable {record.mime} image.")
        actions += [
            store.FileRecord.width.set(width),
            store.FileRecord.height.set(height),
            store.FileRecord.variants.set(variants),
        ]
    checked = store.checked_key(tenant, record.contact_id, record.id, etag)
    store.copy_object(key, checked, etag)
    if not store.update_if_pending(
        record,
        *actions,
        store.FileRecord.object_key.set(checked),
        store.FileRecord.state.set("READY"),
        store.FileRecord.expires_at.remove(),
    ):
        store.delete_objects([checked])  # another check finished first: its copy is the file
        return CheckOutcome(record.id, "PENDING")
    store.delete_objects([key])
    return CheckOutcome(record.id, "READY")


# ---------------------------------------------------------------- read and delete


def _own_file(ctx: RequestContext, file_id: str) -> store.FileRecord:
    record = store.find_file(ctx.tenant, ctx.require_contact(), file_id)
    if record is None:
        raise NotFound("file", file_id)
    return record


def file_view(record: store.FileRecord) -> dict[str, Any]:
    ready = record.state == "READY"
    # The original is whatever the contact sent (a checked PNG may still be an HTML polyglot): always an
    # attachment. The variants are images we re-encoded: shown inline.
    url = (
        store.presigned_download(record.object_key, DOWNLOAD_URL_SECONDS, record.mime, attachment_name=record.name)
        if ready
        else None
    )
    variants = (
        [
            {
                "width": int(v.width),
                "height": int(v.height),
                "url": store.presigned_download(v.key, DOWNLOAD_URL_SECONDS, record.mime),
            }
            for v in (record.variants or [])
        ]
        if ready
        else []
    )
    srcset_parts = [f"{v['url']} {v['width']}w" for v in variants]
    if ready and record.width:
        srcset_parts.append(f"{url} {int(record.width)}w")  # the original, at its own width
    return {
        "id": record.id,
        "mime": record.mime,
        "name": record.name,
        "size": int(record.size) if record.size is not None else None,
        "state": record.state,
        "reason": record.reason,
        "url": url,
        "url_expires_in": DOWNLOAD_URL_SECONDS if ready else None,
        "width": int(record.width) if record.width else None,
        "height": int(record.height) if record.height else None,
        "variants": variants,
        "srcset": ", ".join(srcset_parts) if variants else None,
        "service_request_id": record.service_request_id,
        "entity": ({"type": record.entity_type, "id": record.entity_id} if record.entity_type else None),
        "created_on": int(record.created_on),
    }


def get_file(ctx: RequestContext, file_id: str) -> dict[str, Any]:
    return file_view(_own_file(ctx, file_id))


def delete_file(ctx: RequestContext, file_id: str, service_request_id: str | None = None) -> dict[str, Any]:
    """Removes the object, its variants and the record. Through a service request, only a file attached to it."""
    record = _own_file(ctx, file_id)
    if service_request_id is not None and record.service_request_id != service_request_id:
        raise NotFound("file", file_id)
    keys = [record.object_key, *(v.key for v in (record.variants or []))]
    try:
        store.delete_objects(keys)
    except store.StorageFailed as exc:
        raise StorageUnavailable(parameters=["file"]) from exc
    if not store.delete_file_record(record):
        raise NotFound("file", file_id)
    return {"id": file_id}
