"""The HTML pages of the e-mail link routes: a link opened shows a Confirm button, the button's POST a verdict."""

from typing import Any

from aws_lambda_powertools.event_handler import Response

from crm.http import html_page
from crm.services import pages

HTML_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}
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


def open_link_page(token: str) -> Response[str]:
    """What opening the link shows (branded, in the contact's language): it changes nothing, as a mail scanner
    opens links too."""
    return html_page(*pages.open_email_link_page(token))


def confirm_link_page(token: str) -> Response[str]:
    return html_page(*pages.confirm_email_link_page(token))
