"""The HTML pages of the e-mail link routes: a link opened shows a Confirm button, the button's POST a verdict."""

import html
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types

from crm.errors import AlreadyExists
from crm.services import contacts as contact_rules
from crm.services import identity as identities

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 4rem auto; text-align: center">
<h1>{title}</h1><p>{text}</p></body></html>
"""


PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}
HTML_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}
CONFIRM_FORM = (
    '<form method="post"><button type="submit" style="font-size: 1.2rem; padding: .5rem 2rem">Confirm</button></form>'
)
# The two routes' documentation: an opened link shows the page, the page's button confirms.
OPEN_LINK_ROUTE: dict[str, Any] = {
    "summary": "Open an e-mail link (verification or a new address)",
    "description": "Shows a page whose Confirm button POSTs to the same address: opening the link (as a mail "
    "scanner does) changes nothing.",
    "responses": {
        200: {"description": "An HTML page with the Confirm button.", **HTML_PAGE},
        400: {"description": "An HTML page: the link is invalid, used or expired.", **HTML_PAGE},
    },
}
CONFIRM_LINK_ROUTE: dict[str, Any] = {
    "summary": "Confirm an e-mail link (the page's button)",
    "description": "Verifies the address of a registration, or moves the sign-in to a new address asked for "
    "by PUT /contacts/{id} (and ends the contact's sessions). The token is single-use.",
    "responses": {
        200: {"description": "An HTML page: the address is verified or now signs in.", **HTML_PAGE},
        400: {"description": "An HTML page: the link is invalid, used or expired.", **HTML_PAGE},
        409: {"description": "An HTML page: another contact took the address meanwhile.", **HTML_PAGE},
    },
}


def page(status: int, title: str, text: str, form: str = "") -> Response[str]:
    body = PAGE.format(title=title, text=html.escape(text)).replace("</p></body>", f"</p>{form}</body>")
    return Response(status_code=status, content_type=content_types.TEXT_HTML, body=body, headers=PAGE_HEADERS)


def invalid_link() -> Response[str]:
    return page(400, "Link not valid", "This link is invalid, already used or expired.")


def open_link_page(token: str) -> Response[str]:
    """What opening the link shows: it changes nothing (a mail scanner opens links too)."""
    if len(token) > 512 or not contact_rules.email_link_usable(token):
        return invalid_link()
    return page(200, "Confirm your e-mail address", "Press Confirm to confirm this e-mail address.", CONFIRM_FORM)


def confirm_link_page(token: str) -> Response[str]:
    try:
        if len(token) > 512:
            raise identities.InvalidLinkToken()
        kind = contact_rules.confirm_email_link(token)
    except identities.InvalidLinkToken:
        return invalid_link()
    except AlreadyExists:
        return page(409, "Address taken", "Another account signed up with this e-mail address meanwhile.")
    if kind == "EMAIL_CHANGE":
        return page(200, "E-mail changed", "You now sign in with this e-mail address. You can close this page.")
    return page(200, "E-mail verified", "Your e-mail address is verified. You can close this page.")
