"""Files and printouts in moto (in-process), through the template's functions: the S3 notification reaches the
uploads queue, the check is idempotent, the printout worker retries a transient failure and never mails twice."""

import base64
import copy
import io
import json

import boto3
import pytest
from moto.backends import get_backend
from PIL import Image

from crm.data.contacts import Contact
from crm.data.files import FileRecord, owner_key
from crm.data.tenancy import change_test_recipients
from crm.services.files import content_matches
from crm.services.printables import PrintableDocument, put_printable_entity, totals
from crm.services.tenancy import create_organisation
from local.cfn import Template
from tests.helpers import queued_event, sample_event

REGION = "eu-west-1"


def api_event(name, organisation_id, contact_id, **changes):
    event = sample_event(name, organisation_id=organisation_id, contact_id=contact_id)
    event.update(changes)
    return event


def multipart(name, content, mime):
    boundary = "----crmtestboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: {mime}\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", base64.b64encode(body).decode()


def test_an_upload_reaches_the_check_through_the_queue_and_a_repeated_event_changes_nothing(stack):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (1, 2, 3)).save(buffer, "WEBP")
    content_type, body = multipart("pic.webp", buffer.getvalue(), "image/webp")
    event = api_event("files_upload.json", "org-1", "c-1", body=body, isBase64Encoded=True)
    event["headers"] = {**event["headers"], "Content-Type": content_type}
    answer = stack.invoke("FilesFunction", event)
    assert answer["statusCode"] == 200, answer
    file_id = json.loads(answer["body"])["id"]

    notifications = queued_event(stack, "UploadsQueue")
    assert any(file_id in record["body"] for record in notifications["Records"])
    assert stack.invoke("UploadCheckFunction", notifications) == {"batchItemFailures": []}
    record = FileRecord.get(owner_key("org-1#test", "c-1"), file_id)
    assert record.state == "READY" and [int(v.width) for v in record.variants] == [256]
    updated_on = record.updated_on
    assert stack.invoke("UploadCheckFunction", notifications) == {"batchItemFailures": []}
    again = FileRecord.get(owner_key("org-1#test", "c-1"), file_id)
    assert again.updated_on == updated_on and len(again.variants) == 1


def test_the_printout_worker_retries_a_transient_failure_and_never_mails_twice(stack):
    organisation_id = create_organisation("Acme Ltd").organisation_id
    change_test_recipients(organisation_id, "*", allow=True)  # test mode delivers to all
    tenant = f"{organisation_id}#test"
    Contact(
        tenant=tenant, id="c-9", code="C9", first_name="Ann", last_name="Lee", email_address="ann@example.com"
    ).save()
    put_printable_entity(
        tenant,
        "c-9",
        "ORDERS",
        "o-1",
        {
            "number": "ORD-1",
            "issued_on": 1764000000,
            "currency": "USD",
            "lines": [{"description": "Widget", "quantity": 3, "unit_price": "2.50"}],
        },
    )
    event = api_event("printout.json", organisation_id, "c-9")
    event["body"] = json.dumps({"format": "EMAIL", "entity": {"type": "ORDERS", "id": "o-1"}})
    answer = stack.invoke("PrintoutsFunction", event)
    assert answer["statusCode"] == 202, answer
    file_id = json.loads(answer["body"])["id"]

    ses = boto3.client("ses", region_name=REGION)
    mail_from = stack.resolver.resolve({"Ref": "MailFrom"})
    ses.delete_identity(Identity=mail_from)  # SES refuses: a transient failure
    jobs = queued_event(stack, "PrintoutsQueue")
    assert stack.invoke("PrintoutWorkerFunction", jobs) == {
        "batchItemFailures": [{"itemIdentifier": jobs["Records"][0]["messageId"]}]
    }
    record = FileRecord.get(owner_key(tenant, "c-9"), file_id)
    assert record.state == "PENDING" and int(record.attempts) == 1 and "retried" in record.reason

    ses.verify_email_identity(EmailAddress=mail_from)
    sent = get_backend("ses")["123456789012"][REGION].sent_messages
    assert stack.invoke("PrintoutWorkerFunction", jobs) == {"batchItemFailures": []}
    assert stack.invoke("PrintoutWorkerFunction", jobs) == {"batchItemFailures": []}  # redelivered
    mails = [m for m in sent if "ORD-1" in (getattr(m, "raw_data", "") or "")]
    assert len(mails) == 1 and "application/pdf" in mails[0].raw_data
    record = FileRecord.get(owner_key(tenant, "c-9"), file_id)
    assert record.state == "READY" and record.reason is None and record.emailed_on


def test_the_workers_last_attempt_matches_the_queues_redrive_policy():
    template = Template.load()
    queue = template.resources["PrintoutsQueue"]["Properties"]["RedrivePolicy"]
    worker = template.resources["PrintoutWorkerFunction"]["Properties"]["Environment"]["Variables"]
    assert int(worker["PRINTOUT_MAX_RECEIVES"]) == int(queue["maxReceiveCount"])


@pytest.mark.parametrize(
    "mime, head, expected",
    [
        ("image/png", b"\x89PNG\r\n\x1a\n....", True),
        ("image/png", b"\xff\xd8\xff\xe0", False),
        ("image/webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
        ("image/webp", b"RIFF\x00\x00\x00\x00WAVEfmt ", False),
        ("application/pdf", b"%PDF-1.7", True),
        ("text/plain", "caf\u00e9 ok".encode(), True),
        ("text/plain", b"MZ\x00\x00binary", False),
    ],
)
def test_content_is_matched_by_its_real_first_bytes(mime, head, expected):
    assert content_matches(mime, head) is expected


def test_totals_round_each_line_to_cents():
    document = PrintableDocument.model_validate(
        copy.deepcopy(
            {
                "number": "1",
                "issued_on": "2026-01-01",
                "currency": "EUR",
                "lines": [
                    {"description": "a", "quantity": "3", "unit_price": "0.333", "tax_rate": "19"},
                    {"description": "b", "quantity": 1, "unit_price": "10", "tax_rate": 0},
                ],
            }
        )
    )
    figures = totals(document)
    assert [str(line["net"]) for line in figures["lines"]] == ["1.00", "10.00"]
    assert (str(figures["subtotal"]), str(figures["tax"]), str(figures["total"])) == ("11.00", "0.19", "11.19")


def test_a_rotated_phone_photo_gets_upright_variants(stack):
    from crm.context import RequestContext
    from crm.services.files import check_upload, get_file, upload_in_request

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees to show
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), (9, 9, 9)).save(buffer, "JPEG", exif=exif)
    ctx = RequestContext(organisation_id="org-2", mode="live", contact_id="c-2")
    file_id = upload_in_request(ctx, name="phone.jpg", mime="image/jpg", content=buffer.getvalue())["id"]
    outcome = check_upload(f"uploads/org-2/live/c-2/{file_id}")
    assert outcome.state == "READY"
    view = get_file(ctx, file_id)
    assert (view["width"], view["height"]) == (400, 800)
    assert [(v["width"], v["height"]) for v in view["variants"]] == [(256, 512)]
    assert view["srcset"].endswith(" 400w")


PNG_HEAD = b"\x89PNG\r\n\x1a\n"


def _checked_upload(stack, content=b"plain text\n", mime="text/plain"):
    from crm.context import RequestContext
    from crm.services.files import check_upload, upload_in_request

    ctx = RequestContext(organisation_id="org-3", mode="test", contact_id="c-3")
    file_id = upload_in_request(ctx, name="a.txt", mime=mime, content=content)["id"]
    key = f"uploads/org-3/test/c-3/{file_id}"
    return ctx, file_id, key, check_upload(key)


def _bucket(stack):
    return stack.resolver.resolve({"Ref": "FilesBucket"})


def test_a_checked_upload_moves_out_of_the_forms_reach_and_what_lands_there_later_is_deleted(stack):
    from crm.services.files import check_upload, get_file

    ctx, file_id, key, outcome = _checked_upload(stack)
    assert outcome.state == "READY"
    s3 = boto3.client("s3", region_name=REGION)
    record = FileRecord.get(owner_key("org-3#test", "c-3"), file_id)
    assert record.object_key.startswith(f"checked/org-3/test/c-3/{file_id}/")
    assert s3.list_objects_v2(Bucket=_bucket(stack), Prefix=key).get("KeyCount") == 0  # the upload key is empty

    s3.put_object(Bucket=_bucket(stack), Key=key, Body=b"<html>replaced</html>", ContentType="text/plain")
    assert check_upload(key).state == "DELETED"
    assert s3.list_objects_v2(Bucket=_bucket(stack), Prefix=key).get("KeyCount") == 0
    view = get_file(ctx, file_id)
    assert view["state"] == "READY"
    assert s3.get_object(Bucket=_bucket(stack), Key=record.object_key)["Body"].read() == b"plain text\n"
    assert "response-content-disposition=attachment" in view["url"]


def test_a_version_that_lands_during_the_check_is_not_the_one_made_ready(stack, monkeypatch):
    """The check reads, then copies, only the version (ETag) it first saw: a replacement that lands in between
    leaves the record PENDING, for the replacement's own event to check."""
    from crm.context import RequestContext
    from crm.data import files as store
    from crm.services import files as service

    ctx = RequestContext(organisation_id="org-3", mode="test", contact_id="c-4")
    file_id = service.upload_in_request(ctx, name="b.txt", mime="text/plain", content=b"first\n")["id"]
    key = f"uploads/org-3/test/c-4/{file_id}"
    real_read = store.read_object

    def read_then_replace(k, first_bytes=None, etag=None):
        data = real_read(k, first_bytes, etag)
        store.put_object(k, PNG_HEAD + b"<html>", "text/plain")  # the form posts again mid-check
        return data

    monkeypatch.setattr(store, "read_object", read_then_replace)
    assert service.check_upload(key).state == "PENDING"
    monkeypatch.setattr(store, "read_object", real_read)
    assert FileRecord.get(owner_key("org-3#test", "c-4"), file_id).state == "PENDING"
    # the replacement's own check: not text, rejected
    assert service.check_upload(key).state == "REJECTED"
    assert (
        boto3.client("s3", region_name=REGION)
        .list_objects_v2(Bucket=_bucket(stack), Prefix=f"checked/org-3/test/c-4/{file_id}")
        .get("KeyCount")
        == 0
    )


def test_variants_are_inline_and_the_original_an_attachment(stack):
    from crm.services.files import get_file

    buffer = io.BytesIO()
    Image.new("RGB", (600, 300), (5, 5, 5)).save(buffer, "PNG")
    ctx, file_id, _, outcome = _checked_upload(stack, buffer.getvalue(), "image/png")
    view = get_file(ctx, file_id)
    assert outcome.state == "READY" and "response-content-disposition=attachment" in view["url"]
    assert view["variants"] and all("response-content-disposition" not in v["url"] for v in view["variants"])
