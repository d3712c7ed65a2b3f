"""Files: one record per file a contact owns (an upload or a printout), and their objects in the files bucket.

Records share the partition `<organisation>#<mode>#<contact id>`, so a contact can only ever reach its own.
Objects live under keys that name the same owner, so an S3 event leads back to its record without a lookup:

    uploads/<organisation>/<mode>/<contact>/<file id>          what a contact uploaded (S3 events fire here)
    checked/<organisation>/<mode>/<contact>/<file id>/<etag>   an upload once checked: moved here, out of reach
                                                               of its presigned form (which names only uploads/)
    printouts/<organisation>/<mode>/<contact>/<file id>.pdf    a rendered printout
    variants/<organisation>/<mode>/<contact>/<file id>/<width> an image's smaller copies
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta
from crm.settings import needs, required_env

FILES_BUCKET = needs("FILES_BUCKET", __name__)
STATES = ("PENDING", "READY", "REJECTED", "FAILED")
UPLOAD_PREFIX = "uploads/"


def owner_key(tenant: str, contact_id: str) -> str:
    return f"{tenant}#{contact_id}"


class Variant(MapAttribute):
    width = NumberAttribute()
    height = NumberAttribute()
    key = UnicodeAttribute()
    size = NumberAttribute()


class FileRecord(Model):
    Meta = table_meta("FILES_TABLE")

    owner = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)
    contact_id = UnicodeAttribute()
    kind = UnicodeAttribute(default="UPLOAD")  # UPLOAD | PRINTOUT
    name = UnicodeAttribute()
    mime = UnicodeAttribute()
    declared_size = NumberAttribute(null=True)  # what the contact said (presigned form)
    size = NumberAttribute(null=True)  # what really landed
    width = NumberAttribute(null=True)
    height = NumberAttribute(null=True)
    state = UnicodeAttribute(default="PENDING")
    reason = UnicodeAttribute(null=True)
    object_key = UnicodeAttribute()
    variants = ListAttribute(of=Variant, default=list)
    service_request_id = UnicodeAttribute(null=True)
    # printouts: what to render, and how to deliver it
    entity_type = UnicodeAttribute(null=True)
    entity_id = UnicodeAttribute(null=True)
    delivery = UnicodeAttribute(null=True)  # PDF | EMAIL
    emailed_on = NumberAttribute(null=True)
    attempts = NumberAttribute(default=0)
    # A presigned upload that never arrives, or a rejected file, is dropped by DynamoDB's TTL some time after this.
    expires_at = NumberAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)
    updated_on = NumberAttribute(default_for_new=now_epoch)


def find_file(tenant: str, contact_id: str, file_id: str) -> FileRecord | None:
    """None also for an expired record that TTL has not removed yet."""
    try:
        record = FileRecord.get(owner_key(tenant, contact_id), file_id, consistent_read=True)
    except FileRecord.DoesNotExist:
        return None
    if record.expires_at is not None and record.expires_at <= now_epoch():
        return None
    return record


def create_file(record: FileRecord) -> None:
    record.save(condition=FileRecord.id.does_not_exist())


def delete_file_record(record: FileRecord) -> bool:
    """False when it was already gone."""
    try:
        record.delete(condition=FileRecord.id.exists())
    except FileRecord.DoesNotExist:
        return False
    except Exception as exc:  # PynamoDB's DeleteError wraps the failed condition
        if _condition_failed(exc):
            return False
        raise
    return True


def _condition_failed(exc: Exception) -> bool:
    cause = getattr(exc, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


def update_if_pending(record: FileRecord, *actions: Any) -> bool:
    """Applies `actions` only while the record is PENDING (so a repeated event changes nothing); False if not."""
    try:
        record.update(
            actions=[*actions, FileRecord.updated_on.set(now_epoch())], condition=(FileRecord.state == "PENDING")
        )
    except Exception as exc:
        if _condition_failed(exc):
            return False
        raise
    return True


# ---------------------------------------------------------------- object keys


def _key_owner(tenant: str, contact_id: str) -> str:
    organisation_id, _, mode = tenant.rpartition("#")
    return f"{organisation_id}/{mode}/{contact_id}"


def upload_key(tenant: str, contact_id: str, file_id: str) -> str:
    return f"{UPLOAD_PREFIX}{_key_owner(tenant, contact_id)}/{file_id}"


def checked_key(tenant: str, contact_id: str, file_id: str, etag: str) -> str:
    """Per checked version (its ETag), so two checks of two versions racing never write one key."""
    version = "".join(c for c in etag if c.isalnum() or c == "-")
    return f"checked/{_key_owner(tenant, contact_id)}/{file_id}/{version}"


def printout_key(tenant: str, contact_id: str, file_id: str) -> str:
    return f"printouts/{_key_owner(tenant, contact_id)}/{file_id}.pdf"


def variant_key(tenant: str, contact_id: str, file_id: str, width: int) -> str:
    return f"variants/{_key_owner(tenant, contact_id)}/{file_id}/{width}"


@dataclass(frozen=True)
class UploadOwner:
    tenant: str
    contact_id: str
    file_id: str


def owner_of_upload(key: str) -> UploadOwner | None:
    """The owner an upload key names; None for any other key."""
    if not key.startswith(UPLOAD_PREFIX):
        return None
    parts = key[len(UPLOAD_PREFIX) :].split("/")
    if len(parts) != 4 or not all(parts):
        return None
    organisation_id, mode, contact_id, file_id = parts
    return UploadOwner(f"{organisation_id}#{mode}", contact_id, file_id)


# ---------------------------------------------------------------- S3


class StorageFailed(Exception):
    """S3 refused or could not be reached."""


@cache
def _s3():
    from botocore.config import Config

    from crm.data.base import aws_client

    return aws_client("s3", config=Config(signature_version="s3v4"))


def _errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def bucket() -> str:
    return required_env(FILES_BUCKET)


def put_object(key: str, content: bytes, mime: str) -> None:
    try:
        _s3().put_object(Bucket=bucket(), Key=key, Body=content, ContentType=mime)
    except _errors() as exc:
        raise StorageFailed(f"object not stored: {type(exc).__name__}") from exc


class ObjectChanged(Exception):
    """The object at the key is no longer the version that was read first (a newer one landed)."""


def _is_code(exc: Exception, *codes: str) -> bool:
    return getattr(exc, "response", {}).get("Error", {}).get("Code") in codes


def object_version(key: str) -> tuple[int, str] | None:
    """(size, ETag) of the stored object; None when there is none."""
    from botocore.exceptions import ClientError

    try:
        head = _s3().head_object(Bucket=bucket(), Key=key)
    except ClientError as exc:
        if _is_code(exc, "404", "NoSuchKey", "NotFound"):
            return None
        raise
    return int(head["ContentLength"]), str(head["ETag"])


def read_object(key: str, first_bytes: int | None = None, etag: str | None = None) -> bytes:
    """With `etag`: only that version (else ObjectChanged)."""
    from botocore.exceptions import ClientError

    request: dict[str, Any] = {"Bucket": bucket(), "Key": key}
    if first_bytes is not None:
        request["Range"] = f"bytes=0-{first_bytes - 1}"
    if etag is not None:
        request["IfMatch"] = etag
    try:
        return _s3().get_object(**request)["Body"].read()
    except ClientError as exc:
        if etag is not None and _is_code(exc, "PreconditionFailed", "412", "NoSuchKey", "404"):
            raise ObjectChanged(key) from exc
        raise


def copy_object(source_key: str, key: str, etag: str) -> None:
    """Copies the `etag` version of `source_key` to `key` (ObjectChanged if another version is there now)."""
    from botocore.exceptions import ClientError

    try:
        _s3().copy_object(
            Bucket=bucket(),
            Key=key,
            CopySource={"Bucket": bucket(), "Key": source_key},
            CopySourceIfMatch=etag,
            MetadataDirective="COPY",
        )
    except ClientError as exc:
        if _is_code(exc, "PreconditionFailed", "412", "NoSuchKey", "404"):
            raise ObjectChanged(source_key) from exc
        raise StorageFailed(f"object not copied: {type(exc).__name__}") from exc
    except _errors() as exc:
        raise StorageFailed(f"object not copied: {type(exc).__name__}") from exc
    # S3 honours CopySourceIfMatch (moto does not): the copy's own ETag tells too. Uploads are single-part
    # (a form POST or one PUT), whose ETag is the MD5 of the bytes, and a copy of one keeps it.
    copied = object_version(key)
    if copied is None or copied[1] != etag:
        delete_objects([key])
        raise ObjectChanged(source_key)


def delete_objects(keys: list[str]) -> None:
    """Deleting a key that is already gone is no error."""
    if not keys:
        return
    try:
        answer = _s3().delete_objects(Bucket=bucket(), Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True})
    except _errors() as exc:
        raise StorageFailed(f"objects not deleted: {type(exc).__name__}") from exc
    if answer.get("Errors"):
        raise StorageFailed(f"objects not deleted: {answer['Errors'][0].get('Code')}")


def attachment_disposition(name: str) -> str:
    """`attachment` with the file's name: an ASCII fallback and the exact name (RFC 6266 / RFC 5987)."""
    from urllib.parse import quote

    fallback = "".join(c if c.isascii() and (c.isalnum() or c in " ._-()") else "_" for c in name) or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def presigned_download(
    key: str, expires_seconds: int, mime: str | None = None, attachment_name: str | None = None
) -> str:
    """With `attachment_name`, S3 answers `Content-Disposition: attachment`: a browser saves the file instead of
    showing it on our bucket's origin."""
    params: dict[str, Any] = {"Bucket": bucket(), "Key": key}
    if mime:
        params["ResponseContentType"] = mime
    if attachment_name is not None:
        params["ResponseContentDisposition"] = attachment_disposition(attachment_name)
    return _s3().generate_presigned_url("get_object", Params=params, ExpiresIn=expires_seconds)


def presigned_upload(key: str, mime: str, max_bytes: int, expires_seconds: int) -> dict[str, Any]:
    """A browser-form POST whose policy fixes the key, the content type and the size range."""
    return _s3().generate_presigned_post(
        Bucket=bucket(),
        Key=key,
        Fields={"Content-Type": mime},
        Conditions=[{"Content-Type": mime}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires_seconds,
    )
