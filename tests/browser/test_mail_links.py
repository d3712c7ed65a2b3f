"""What a person does with the mail, in a real (headless) browser over the local runtime: opens the reset e-mail
from the outbox, clicks its link to the demo reset page, sets a new password there and signs in with it; opens
the e-mail confirmation link and the approval landing page, and sees the organisation's brand in their language,
never a raw token."""

from __future__ import annotations

import re
import time
import uuid

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from local.runtime import DEMO_ORGANISATION
from tests.browser.conftest import screenshot
from tests.e2e.test_identity import messages_to, post
from tests.e2e.test_inbox import aws, links_in, new_person, put_event, tenant, wait_for_total  # noqa: F401
from tests.e2e.test_slice import PASSWORD, new_email, register

TIMEOUT = 30
NEW_PASSWORD = "a new password from the browser"


def wait_for_mail(api, address, kind_word):
    deadline = time.monotonic() + 60  # the reset mail leaves through a queue; a loaded machine is slow
    while time.monotonic() < deadline:
        found = [m for m in messages_to(api, address) if kind_word in (m.get("subject") or "")]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no mail about {kind_word!r} to {address}: {messages_to(api, address)}")


def visible_text(browser):
    return browser.find_element(By.TAG_NAME, "body").text


def click(browser, element):
    """Clicks, then waits until the page it left is gone (the next one is loading or loaded)."""
    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 30).until(staleness_of(old))


def find(browser, by, value):
    """The element once the page that has it is loaded (a click's navigation may still be under way)."""
    return WebDriverWait(browser, 30).until(lambda driver: driver.find_element(by, value))


def test_reset_and_confirm_a_new_address_by_clicking_in_greek(local_api, browser):
    # A contact who reads Greek asks to sign in with a new address.
    old, new = new_email(), new_email()
    answer = register(local_api, local_api.test_key, old).json()
    bearer = {"Authorization": f"Bearer {answer['access_token']}"}
    url = f"{local_api.base_url}/contacts/{answer['contact']['id']}"
    assert requests.put(url, json={"preferred_language_code": "GRE"}, headers=bearer, timeout=TIMEOUT).ok
    changed = requests.put(
        url, json={"email_address": new, "current_password": PASSWORD}, headers=bearer, timeout=TIMEOUT
    )
    assert changed.status_code == 200, changed.text

    # The confirmation mail, as a mail client shows it: Greek, branded, a button rather than a token.
    mail = wait_for_mail(local_api, new, DEMO_ORGANISATION)
    assert mail["html"] and "Επιβεβαίωση" in mail["html"]
    browser.get(f"{local_api.root_url}/_local/outbox/{mail['id']}")
    screenshot(browser, "1-email-change-mail-ell")
    assert DEMO_ORGANISATION in visible_text(browser) and "Επιβεβαίωση νέας διεύθυνσης" in visible_text(browser)
    click(browser, find(browser, By.LINK_TEXT, "Επιβεβαίωση νέας διεύθυνσης"))
    # The API's own page: Greek, the brand, a Confirm button; no token on it.
    page = visible_text(browser)
    screenshot(browser, "2-email-change-page-ell")
    token = re.search(r"/verify_email/([A-Za-z0-9_\-]+)", browser.current_url).group(1)
    assert DEMO_ORGANISATION in page and "Επιβεβαίωση νέας διεύθυνσης e-mail" in page and token not in page
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "el"
    click(browser, find(browser, By.CSS_SELECTOR, "form button"))
    page = visible_text(browser)
    screenshot(browser, "3-email-changed-ell")
    assert "Το e-mail άλλαξε" in page and DEMO_ORGANISATION in page and token not in page

    # Forgot password on the new address: the mail links to the demo reset page.
    assert post(local_api, "/contacts/forgot_password", {"username": new}).status_code == 200
    reset = wait_for_mail(local_api, new, "κωδικού")
    assert "change_password" not in reset["body"] and "POST" not in reset["body"]
    browser.get(f"{local_api.root_url}/_local/outbox/{reset['id']}")
    screenshot(browser, "4-reset-mail-ell")
    click(browser, find(browser, By.LINK_TEXT, "Ορισμός νέου κωδικού"))
    reset_link = browser.current_url
    assert reset_link.startswith(f"{local_api.root_url}/_local/reset-password?token=")
    screenshot(browser, "5-reset-page")
    find(browser, By.ID, "password").send_keys(NEW_PASSWORD)
    click(browser, find(browser, By.ID, "submit"))
    assert find(browser, By.ID, "done").text.startswith("Your new password is set")
    screenshot(browser, "6-password-changed")

    # The new password signs in over the API; the old one no longer does; the link is spent.
    signin = {"provider": "EMAIL", "username": new}
    assert post(local_api, "/contacts/authenticate", {**signin, "password": NEW_PASSWORD}).status_code == 200
    assert post(local_api, "/contacts/authenticate", {**signin, "password": PASSWORD}).status_code == 401
    browser.get(reset_link)
    find(browser, By.ID, "password").send_keys("yet another password")
    click(browser, find(browser, By.ID, "submit"))
    screenshot(browser, "7-reset-link-used")
    assert "invalid, used or expired" in find(browser, By.ID, "problem").text  # used once: the API refused
    assert post(local_api, "/contacts/authenticate", {**signin, "password": NEW_PASSWORD}).status_code == 200


def test_the_verification_link_and_the_approval_landing_page(local_api, browser, aws, tenant):  # noqa: F811
    email = new_email()
    response = post(
        local_api,
        "/contacts/register",
        {
            "first_name": "Vera",
            "last_name": "Fied",
            "identity": {"provider": "EMAIL", "username": email, "password": PASSWORD, "validation_required": True},
        },
    )
    assert response.status_code == 200, response.text
    mail = wait_for_mail(local_api, email, "Verify")
    browser.get(f"{local_api.root_url}/_local/outbox/{mail['id']}")
    screenshot(browser, "8-verification-mail-eng")
    click(browser, find(browser, By.LINK_TEXT, "Verify my e-mail address"))
    token = browser.current_url.rsplit("/", 1)[1]
    page = visible_text(browser)
    assert DEMO_ORGANISATION in page and "Confirm your e-mail address" in page and token not in page
    click(browser, find(browser, By.CSS_SELECTOR, "form button"))
    assert "E-mail verified" in visible_text(browser)
    screenshot(browser, "9-email-verified-eng")
    assert post(local_api, "/contacts/authenticate", {"provider": "EMAIL", "username": email, "password": PASSWORD}).ok

    # An approval request; its link's page (the organisation's portal) posts the link's token: the API's answer.
    person_email = f"e2e-{uuid.uuid4().hex[:12]}@example.com"
    person = new_person(local_api, person_email)
    put_event(
        aws,
        "approval_request.created",
        {
            **tenant,
            "contact_id": person.id,
            "request_id": f"BO-{uuid.uuid4().hex[:8]}",
            "entity": {"id": "o-1", "type": "ORDERS", "reference": "CO1234"},
        },
    )
    request = wait_for_total(person, 1, "requests")["content"][0]
    links = links_in(local_api, person_email, request["id"])
    action = f"{local_api.base_url}/approval_requests/{request['id']}/actions"
    browser.get("about:blank")
    blank = browser.find_element(By.TAG_NAME, "html")
    browser.execute_script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
        "for (const [k, v] of Object.entries(arguments[1])) {"
        " const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }"
        "document.body.appendChild(f); f.submit();",
        action,
        {"token": links["APPROVE"], "response": "APPROVE"},
    )
    WebDriverWait(browser, 30).until(staleness_of(blank))
    page = find(browser, By.TAG_NAME, "body").text
    screenshot(browser, "10-approval-approved-eng")
    assert "Request approved" in page and DEMO_ORGANISATION in page and links["APPROVE"] not in page
