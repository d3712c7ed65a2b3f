"""The README's walk-through through the generated Python client (clients/python, package crm_client).

    export CRM_URL=http://127.0.0.1:3000 CRM_API_KEY=pk_test_... PYTHONPATH=clients/python
    .venv-clients/bin/python clients/examples/walkthrough.py

Register, sign in, read and update the contact with If-Match, a one-time code and validate-otp, refresh, the
inbox, upload and read a file, a printout, sign out. The only HTTP written by hand reads the local runtime's
outbox (/_local/outbox) for the one-time code. Between the account steps and the inbox it prints
`CONTACT <contact id> <organisation id> <email>` and waits for a line on stdin: time for an operator to put a
communication and a printable invoice (INVOICE inv-42) on the contact (the test does it with the back office
commands); run by hand, press Enter."""

from __future__ import annotations

import io
import os
import re
import sys
import time
import uuid

import httpx
from crm_client import AuthenticatedClient
from crm_client.api.authentication import (
    authenticate_contact,
    refresh_tokens,
    register_contact,
    request_otp,
    sign_out,
    validate_otp,
)
from crm_client.api.communications import list_communications
from crm_client.api.contacts import get_contact, update_contact
from crm_client.api.files import get_file, upload_file
from crm_client.api.printouts import create_printout
from crm_client.models import (
    Channel,
    CommunicationsPage,
    ContactAnswer,
    ContactUpdate,
    Credential,
    CredentialName,
    EmailAuthenticate,
    EmailIdentity,
    Error,
    FileAnswer,
    IdAnswer,
    OtpAnswer,
    OtpRequest,
    PrintoutAnswer,
    PrintoutEntity,
    PrintoutEntityType,
    PrintoutRequest,
    PrintoutRequestFormat,
    RefreshRequest,
    RegisterRequest,
    SendMethod,
    TokensAnswer,
    UploadAnswer,
    UploadFileForm,
    ValidateOtpRequest,
)
from crm_client.types import File

BASE_URL = os.environ.get("CRM_URL", "http://127.0.0.1:3000")
API_KEY = os.environ["CRM_API_KEY"]
PASSWORD = "walk through 42"


def step(name: str) -> None:
    print(f"step {name}", flush=True)


def tokens(answer: object) -> TokensAnswer:
    assert isinstance(answer, TokensAnswer), answer
    return answer


def mailed_code(to: str) -> str:
    """The newest one-time code sent to `to`: the local runtime's outbox, the one hand-written HTTP call."""
    for _ in range(50):
        messages = httpx.get(f"{BASE_URL}/_local/outbox", timeout=10).json()["messages"]
        bodies = [str(m["body"]) for m in messages if to in str(m.get("to") or "")]
        found = re.search(r"\b(\d{6})\b", bodies[-1]) if bodies else None
        if found:
            return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no code was sent to {to}")


def main() -> None:
    email = f"walk-{uuid.uuid4().hex[:10]}@example.com"
    # The application's key: the api_key header (the document's api_key security scheme).
    app = AuthenticatedClient(base_url=BASE_URL, token=API_KEY, prefix="", auth_header_name="api_key")

    step("register")
    registered = register_contact.sync(
        client=app,
        body=RegisterRequest(
            first_name="John",
            last_name="Doe",
            identity=EmailIdentity(provider="EMAIL", username=email, password=PASSWORD),
        ),
        idempotency_key=uuid.uuid4().hex,
    )
    contact_id = tokens(registered).contact.id

    step("authenticate")
    signed_in = tokens(
        authenticate_contact.sync(
            client=app, body=EmailAuthenticate(provider="EMAIL", username=email, password=PASSWORD)
        )
    )
    me = AuthenticatedClient(base_url=BASE_URL, token=signed_in.access_token)

    step("read and update the contact with If-Match")
    read = get_contact.sync_detailed(contact_id, client=me)
    assert isinstance(read.parsed, ContactAnswer), read.content
    etag = read.headers["ETag"]
    updated = update_contact.sync_detailed(contact_id, client=me, body=ContactUpdate(title="Sir"), if_match=etag)
    assert isinstance(updated.parsed, IdAnswer) and updated.parsed.id == contact_id, updated.content
    stale = update_contact.sync_detailed(contact_id, client=me, body=ContactUpdate(title="Dr"), if_match=etag)
    assert isinstance(stale.parsed, Error) and stale.status_code == 409, stale.content
    contact = get_contact.sync(contact_id, client=me)
    assert isinstance(contact, ContactAnswer) and contact.title == "Sir", contact

    step("one-time code and validate-otp")
    sent = request_otp.sync(
        client=app,
        body=OtpRequest(send_method=SendMethod.EMAIL, credentials=[Credential(name=CredentialName.EMAIL, value=email)]),
    )
    assert isinstance(sent, OtpAnswer), sent
    by_code = tokens(
        validate_otp.sync(client=app, body=ValidateOtpRequest(auth_otp=sent.auth_otp, code=mailed_code(email)))
    )
    assert by_code.contact.id == contact_id

    step("refresh")
    refreshed = tokens(refresh_tokens.sync(client=app, body=RefreshRequest(), refresh_token=by_code.refresh_token))
    assert refreshed.refresh_token != by_code.refresh_token
    me = AuthenticatedClient(base_url=BASE_URL, token=refreshed.access_token)

    organisation_id = contact.organisations[0].id
    print(f"CONTACT {contact_id} {organisation_id} {email}", flush=True)
    sys.stdin.readline()

    step("inbox")
    inbox = list_communications.sync(contact_id, client=me, type_=Channel.INAPP)
    for _ in range(100):  # the back office's event arrives asynchronously, as on AWS
        if not isinstance(inbox, CommunicationsPage) or inbox.content:
            break
        time.sleep(0.2)
        inbox = list_communications.sync(contact_id, client=me, type_=Channel.INAPP)
    assert isinstance(inbox, CommunicationsPage) and inbox.content, inbox
    assert inbox.content[0].channel is Channel.INAPP

    step("upload and read a file")
    form = UploadFileForm(file=File(payload=io.BytesIO(b"hello, CRM\n"), file_name="hello.txt", mime_type="text/plain"))
    uploaded = upload_file.sync(client=me, body=form)
    assert isinstance(uploaded, UploadAnswer), uploaded
    file = get_file.sync(uploaded.id, client=me)
    assert isinstance(file, FileAnswer) and file.name == "hello.txt", file

    step("printout")
    printout = create_printout.sync(
        client=me,
        body=PrintoutRequest(
            format_=PrintoutRequestFormat.PDF, entity=PrintoutEntity(type_=PrintoutEntityType.INVOICE, id="inv-42")
        ),
    )
    assert isinstance(printout, PrintoutAnswer), printout
    pdf = get_file.sync(printout.id, client=me)
    assert isinstance(pdf, FileAnswer), pdf

    step("sign out")
    assert not isinstance(sign_out.sync(contact_id, client=me), Error)
    after = get_contact.sync_detailed(contact_id, client=me)
    assert after.status_code == 401 and isinstance(after.parsed, Error), after.content
    print("walk-through done", flush=True)


if __name__ == "__main__":
    main()
