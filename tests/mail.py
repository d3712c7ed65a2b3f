"""Reading the mail moto's SES kept: a SendEmail's body, or the parts of a raw MIME message (every templated
mail goes raw, multipart/alternative, with its plain-text and HTML parts)."""

from __future__ import annotations

import email
import email.policy
import re
from typing import Any

# A link's token: ?token=..., &token=... or /verify_email/<token>.
TOKEN_IN_LINK = re.compile(r"(?:[?&]token=|/verify_email/)([A-Za-z0-9_\-]{20,})")


def _part(message: Any, subtype: str) -> str | None:
    raw = getattr(message, "raw_data", None)
    if raw is None:
        return message.body if subtype == "plain" else None
    parsed = email.message_from_string(raw, policy=email.policy.default)
    part = parsed.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else None


def mail_text(message: Any) -> str:
    """The plain-text part of a mail moto's SES backend kept."""
    return _part(message, "plain") or ""


def mail_html(message: Any) -> str:
    return _part(message, "html") or ""


def link_token(text: str) -> str:
    """The token of the (last) link in a mail's text."""
    found = TOKEN_IN_LINK.findall(text)
    assert found, f"no link with a token in:\n{text}"
    return found[-1]


def mail_to(message: Any) -> list[str]:
    """The recipients: SendEmail keeps {"ToAddresses": [...]}, SendRawEmail a plain list."""
    destinations = message.destinations
    found = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else destinations
    return list(dict.fromkeys(found))  # moto lists a raw mail's recipient twice (parameter and To: header)
