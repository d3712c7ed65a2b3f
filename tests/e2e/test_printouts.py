"""Printouts over HTTP through the local runtime: the operators' command stores an invoice, POST /printout queues
it, the worker (SQS) renders a real PDF; by e-mail with the PDF attached; a redelivered message does nothing new;
a job that keeps failing ends FAILED and in the dead-letter queue."""

import base64
import io
import json
import re
import time
import uuid

import boto3
import pytest
import requests
from pypdf import PdfReader

from local.cfn import local_name
from tests.e2e.conftest import operator_command
from tests.e2e.test_slice import crm_error, new_email, register

WAIT_SECONDS = 40
REGION = "eu-west-1"

INVOICE = {
    "number": "INV-2026-0042",
    "issued_on": "2026-11-20",
    "currency": "EUR",
    "lines": [
        {"description": "Fibre broadband, November", "quantity": 1, "unit_price": "39.90", "tax_rate": 19},
        {"description": "Router rental", "quantity": 2, "unit_price": "4.50", "tax_rate": 19},
    ],
}
# 39.90 + 9.00 = 48.90 net; tax 7.58 + 1.71 = 9.29; total 58.19
INVOICE_TOTAL = "58.19"


@pytest.fixture(scope="module")
def aws(local_api):
    """boto3 clients on the local runtime's in-memory AWS (its endpoint is on its console)."""
    match = re.search(r"moto serving AWS at (\S+)", local_api.log())
    assert match, "the local runtime did not say where moto serves"
    settings = dict(
        endpoint_url=match.group(1), region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    return {
        "endpoint": match.group(1),
        "sqs": boto3.client("sqs", **settings),
        "dynamodb": boto3.client("dynamodb", **settings),
        "s3": boto3.client("s3", **settings),
    }


def new_contact(api):
    email = new_email()
    response = register(api, api.test_key, email)
    assert response.status_code == 200, response.text
    body = response.json()
    payload = body["access_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return {
        "id": body["contact"]["id"],
        "email": email,
        "organisation_id": claims["org"],
        "headers": {"Authorization": f"Bearer {body['access_token']}"},
    }


def put_entity(api, contact, entity_type, entity_id, document):
    """What an operator runs beside `make run`: python -m crmctl.admin put-entity."""
    return operator_command(
        api,
        "admin",
        "put-entity",
        "--organisation",
        contact["organisation_id"],
        "--mode",
        "test",
        "--contact",
        contact["id"],
        "--type",
        entity_type,
        "--id",
        entity_id,
        "--document",
        "-",
        stdin=json.dumps(document),
    )


@pytest.fixture(scope="module")
def customer(local_api, aws):
    contact = new_contact(local_api)
    result = put_entity(local_api, contact, "INVOICE", "inv-42", INVOICE)
    assert result.returncode == 0, result.stderr
    return contact


def printout(api, contact, printout_format, entity_type="INVOICE", entity_id="inv-42"):
    return requests.post(
        f"{api.base_url}/printout",
        headers=contact["headers"],
        timeout=30,
        json={"format": printout_format, "entity": {"type": entity_type, "id": entity_id}},
    )


def wait_for_file(api, contact, file_id, until=lambda f: f["state"] != "PENDING"):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        response = requests.get(f"{api.base_url}/files/{file_id}", headers=contact["headers"], timeout=30)
        assert response.status_code == 200, response.text
        if until(response.json()) or time.monotonic() > deadline:
            return response.json()
        time.sleep(0.25)


def pdf_text(content):
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def wait_until_queue_is_empty(aws, logical_id):
    url = aws["sqs"].get_queue_url(QueueName=local_name(logical_id))["QueueUrl"]
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        attributes = aws["sqs"].get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )
        if all(value == "0" for value in attributes["Attributes"].values()):
            return
        time.sleep(0.25)
    pytest.fail(f"{logical_id} still holds messages")


def test_pdf_printout_is_a_readable_pdf_of_the_invoice(local_api, customer):
    response = printout(local_api, customer, "PDF")
    assert response.status_code == 201, response.text
    file_id = response.json()["id"]
    assert set(response.json()) == {"id"}

    got = wait_for_file(local_api, customer, file_id)
    assert got["state"] == "READY", got
    assert got["mime"] == "application/pdf" and got["name"] == "INVOICE-INV-2026-0042.pdf"
    assert got["entity"] == {"type": "INVOICE", "id": "inv-42"}
    content = requests.get(got["url"], timeout=30).content
    assert len(content) == got["size"]
    text = pdf_text(content)
    for expected in (
        "Demo Organisation",
        "Invoice INV-2026-0042",
        "2026-11-20",
        "John Doe",
        customer["email"],
        "Fibre broadband, November",
        "Router rental",
        "48.90",
        "9.29",
        "Total EUR",
        INVOICE_TOTAL,
    ):
        assert expected in text, (expected, text)


def test_email_printout_mails_the_pdf_and_a_redelivered_message_sends_nothing_more(local_api, customer, aws):
    response = printout(local_api, customer, "EMAIL")
    assert response.status_code == 202, response.text
    file_id = response.json()["id"]
    got = wait_for_file(local_api, customer, file_id)
    assert got["state"] == "READY", got

    def mails():
        return [m for m in local_api.outbox() if m["to"] == customer["email"] and "INV-2026-0042" in m["subject"]]

    assert len(mails()) == 1
    assert mails()[0]["attachments"] == ["INVOICE-INV-2026-0042.pdf"]
    assert "invoice" in mails()[0]["body"].lower()

    # the same job again, as SQS may deliver it twice
    queue_url = aws["sqs"].get_queue_url(QueueName=local_name("PrintoutsQueue"))["QueueUrl"]
    job = {"tenant": f"{customer['organisation_id']}#test", "contact_id": customer["id"], "file_id": file_id}
    aws["sqs"].send_message(QueueUrl=queue_url, MessageBody=json.dumps(job))
    wait_until_queue_is_empty(aws, "PrintoutsQueue")
    assert len(mails()) == 1
    again = wait_for_file(local_api, customer, file_id)
    assert again["state"] == "READY" and again["size"] == got["size"]
    bucket = local_name("FilesBucket").lower()
    prefix = f"printouts/{customer['organisation_id']}/test/{customer['id']}/{file_id}"
    listed = aws["s3"].list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    assert [o["Key"] for o in listed] == [prefix + ".pdf"]


def test_printout_of_an_unknown_or_another_contacts_entity_is_not_found(local_api, customer):
    crm_error(printout(local_api, customer, "PDF", entity_id="no-such-invoice"), 404)
    crm_error(printout(local_api, customer, "PDF", entity_type="ORDERS"), 404)  # inv-42 is an invoice
    stranger = new_contact(local_api)
    assert crm_error(printout(local_api, stranger, "PDF"), 404)["parameters"] == ["invoice", "inv-42"]
    bad = printout(local_api, customer, "FAX")
    assert crm_error(bad, 400)["parameters"] == ["format"]
    unknown_type = printout(local_api, customer, "PDF", entity_type="RECEIPT")
    assert crm_error(unknown_type, 400)["parameters"] == ["entity.type"]


def test_the_operators_command_refuses_an_incomplete_document(local_api, aws, customer):
    result = put_entity(local_api, customer, "INVOICE", "inv-bad", {"number": "X-1", "currency": "EUR"})
    assert result.returncode == 2 and "Invalid document" in result.stderr


def test_a_printout_that_keeps_failing_ends_failed_and_in_the_dead_letter_queue(local_api, aws, customer):
    # A back-office record the renderer cannot print (no lines), written straight into the table.
    entity_id = f"broken-{uuid.uuid4().hex[:8]}"
    owner = f"{customer['organisation_id']}#test#{customer['id']}"
    aws["dynamodb"].put_item(
        TableName=local_name("PrintableEntitiesTable"),
        Item={
            "owner": {"S": owner},
            "entity_key": {"S": f"ORDERS#{entity_id}"},
            "type": {"S": "ORDERS"},
            "id": {"S": entity_id},
            "contact_id": {"S": customer["id"]},
            "document": {"S": json.dumps({"number": "ORD-9", "currency": "EUR"})},
            "updated_on": {"N": "0"},
        },
    )
    response = printout(local_api, customer, "PDF", entity_type="ORDERS", entity_id=entity_id)
    assert response.status_code == 201, response.text
    file_id = response.json()["id"]

    got = wait_for_file(local_api, customer, file_id, until=lambda f: f["state"] == "FAILED")
    assert got["state"] == "FAILED", got
    assert entity_id in got["reason"] and "cannot be printed" in got["reason"]
    assert got["url"] is None

    dead_letters = aws["sqs"].get_queue_url(QueueName=local_name("PrintoutsDeadLetterQueue"))["QueueUrl"]
    deadline, bodies = time.monotonic() + WAIT_SECONDS, []
    while time.monotonic() < deadline and not any(file_id in body for body in bodies):
        received = aws["sqs"].receive_message(
            QueueUrl=dead_letters,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=1,
            VisibilityTimeout=0,
            MessageSystemAttributeNames=["All"],
        )
        bodies = [m["Body"] for m in received.get("Messages", [])]
    assert any(json.loads(body)["file_id"] == file_id for body in bodies), bodies
