"""Pages of the local runtime that stand in for what an organisation hosts or a mail client shows:

- /_local/reset-password?token=...: the demo password reset page (the local default of the template parameter
  PasswordResetPageUrl). Its form posts the token and the new password back here, and the runtime posts them
  as JSON to the API's POST /contacts/change_password (with the demo organisation's test api_key), then shows
  what the API answered.
- /_local/outbox/{id}: one sent mail's HTML part as a page (its text part for a mail without one, or an SMS).
"""

from __future__ import annotations

import html
import json
from typing import Any, Callable
from urllib.parse import parse_qs

from local.http_messages import HttpRequest, HttpResponse

RESET_PAGE = "/_local/reset-password"
OUTBOX = "/_local/outbox"
API_BASE_PATH = "/self-service/v1"

_STYLE = "font-family:Helvetica,Arial,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem"


def _page(status: int, title: str, body: str) -> HttpResponse:
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(title)}</title></head><body style="{_STYLE}"><h1>{html.escape(title)}</h1>{body}'
        "</body></html>"
    )
    return HttpResponse(
        status,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
        ],
        document.encode(),
    )


def _form(token: str, problem: str = "") -> str:
    note = f'<p id="problem" style="color:#b91c1c">{html.escape(problem)}</p>' if problem else ""
    return (
        f'{note}<form method="post" action="{RESET_PAGE}">'
        f'<input type="hidden" name="token" value="{html.escape(token, quote=True)}">'
        '<p><label>New password<br><input id="password" name="password" type="password" autocomplete="new-password" '
        'required style="width:100%;font-size:1rem;padding:.4rem"></label></p>'
        '<p><button id="submit" type="submit" style="font-size:1rem;padding:.5rem 1.5rem">Set the new password'
        "</button></p></form>"
    )


def reset_page(request: HttpRequest, api: Callable[[HttpRequest], HttpResponse], api_key: str) -> HttpResponse:
    """GET: the form (the token from the link's query); POST: the API's change_password, and its answer."""
    if request.method in ("GET", "HEAD"):
        token = (parse_qs(request.query_string).get("token") or [""])[0]
        if not token:
            return _page(400, "Link not valid", "<p>This page needs the link from the password reset e-mail.</p>")
        return _page(200, "Choose a new password", _form(token))
    fields = parse_qs(request.body.decode("utf-8", "replace"))
    token, password = (fields.get("token") or [""])[0], (fields.get("password") or [""])[0]
    answer = api(
        HttpRequest(
            "POST",
            f"{API_BASE_PATH}/contacts/change_password",
            [("Content-Type", "application/json"), ("api_key", api_key)],
            json.dumps({"token": token, "password": password}).encode(),
            request.source_ip,
        )
    )
    if answer.status == 200:
        return _page(200, "Password changed", '<p id="done">Your new password is set: sign in with it.</p>')
    try:
        message = str(json.loads(answer.body).get("message") or "The password was not changed.")
    except ValueError:
        message = "The password was not changed."
    return _page(answer.status, "Choose a new password", _form(token, message))


def outbox_message(message: dict[str, Any] | None) -> HttpResponse:
    if message is None:
        return _page(404, "No such message", "<p>Nothing was sent with this id.</p>")
    if message.get("html"):
        return HttpResponse(
            200, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], message["html"].encode()
        )
    return _page(
        200, message.get("subject") or message["channel"], f"<pre>{html.escape(message.get('body') or '')}</pre>"
    )
