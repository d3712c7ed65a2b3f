"""The mail (SES) and SMS (SNS) the system sent, read from moto's in-process backends: printed as they appear
and listed at /_local/outbox
(a mail with its plain-text `body` and its `html`); /_local/outbox/{id} shows one mail's HTML as a page.
Against a real or an external endpoint there is nothing to read."""

from __future__ import annotations

import email
import email.policy
import sys
import threading
from typing import Any, Callable, Container

from local.cfn import ACCOUNT_ID


def _addresses(destinations: Any) -> str:
    """SES keeps either {"ToAddresses": [...], ...} or a plain list of recipients."""
    if isinstance(destinations, dict):
        return ", ".join(destinations.get("ToAddresses", []))
    return ", ".join(destinations or [])


def _email(message: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"channel": "EMAIL", "id": message.id, "from": message.source}
    raw = getattr(message, "raw_data", None)
    if raw is None:  # SendEmail: moto keeps the parts
        entry.update(to=_addresses(message.destinations), subject=message.subject, body=message.body)
        return entry
    parsed = email.message_from_string(raw, policy=email.policy.default)
    text_part = parsed.get_body(preferencelist=("plain", "html"))
    html_part = parsed.get_body(preferencelist=("html",))
    entry.update(
        to=str(parsed["To"]) if parsed["To"] else _addresses(message.destinations),
        subject=str(parsed["Subject"]) if parsed["Subject"] else None,
        body=text_part.get_content() if text_part is not None else None,
        html=html_part.get_content() if html_part is not None else None,
        attachments=[part.get_filename() for part in parsed.iter_attachments()],
    )
    return entry


def _moto_messages(region: str, seen: Container[tuple[str, str]] = ()) -> list[dict[str, Any]]:
    """The messages sent, but for those `seen` (by channel and id): the watcher looks twice a second, and parsing
    every mail again each time cost CPU in proportion to all the mail ever sent."""
    from moto.backends import get_backend  # only when moto runs in this process

    ses = get_backend("ses")[ACCOUNT_ID][region]
    sns = get_backend("sns")[ACCOUNT_ID][region]
    emails = [_email(message) for message in list(ses.sent_messages) if ("EMAIL", message.id) not in seen]
    texts = [
        {"channel": "SMS", "id": message_id, "to": phone_number, "subject": None, "body": text}
        for message_id, (phone_number, text) in list(sns.sms_messages.items())
        if ("SMS", message_id) not in seen
    ]
    return emails + texts


class Outbox:
    """Messages in the order they were first seen; `show` is called once for each."""

    def __init__(self, region: str, in_process_moto: bool, show: Callable[[dict[str, Any]], None]):
        self._region = region
        self._in_process_moto = in_process_moto
        self._show = show
        self._seen: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def _collect(self) -> None:
        if not self._in_process_moto:
            return
        with self._lock:
            for message in _moto_messages(self._region, self._seen):
                key = (message["channel"], message["id"])
                if key not in self._seen:
                    self._seen[key] = message
                    self._show(message)

    def message(self, message_id: str) -> dict[str, Any] | None:
        return next((m for m in self.messages() if m["id"] == message_id), None)

    def messages(self) -> list[dict[str, Any]]:
        self._collect()
        with self._lock:
            return list(self._seen.values())

    def watch(self, stopping: threading.Event, every: float = 0.5) -> None:
        """Show new messages as they are sent, until `stopping` is set (run it in a thread)."""
        while not stopping.wait(every):
            self._collect()


def print_message(message: dict[str, Any]) -> None:
    subject = f" | {message['subject']}" if message.get("subject") else ""
    sys.stdout.write(f"--- {message['channel']} to {message['to']}{subject}\n{message['body']}\n---\n")
    sys.stdout.flush()
