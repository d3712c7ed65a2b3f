"""/docs in a real (headless) browser, served by the local runtime alone: Swagger UI renders every operation of
the API, and "Try it out" on a public route calls the runtime and shows its answer. The browser may load nothing
from another host, so the page is the same offline."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import screenshot

TIMEOUT = 30
PUBLIC_OPERATION = "/self-service/v1/contacts/verify_email/{token}"  # open at the gateway: the token is in the link


def operations(api) -> set[tuple[str, str]]:
    document = requests.get(f"{api.root_url}/openapi.json", timeout=TIMEOUT).json()
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "put", "post", "delete", "patch")
    }


def shown_operations(browser) -> set[tuple[str, str]]:
    return {
        (
            block.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text.strip(),
            block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path"),
        )
        for block in browser.find_elements(By.CSS_SELECTOR, ".opblock")
    }


def test_docs_show_every_operation_and_try_it_out_answers(local_api, browser):
    expected = operations(local_api)
    assert len(expected) >= 29
    browser.get(f"{local_api.root_url}/docs")
    WebDriverWait(browser, TIMEOUT).until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".opblock")) > 0)
    screenshot(browser, "docs-1-operations")
    assert shown_operations(browser) == expected
    assert "CRM.COM Self-Service API" in browser.find_element(By.CSS_SELECTOR, ".info .title").text
    # The first server is this runtime, wherever it serves (the tests' runtime is not on make run's port 3000).
    server = browser.find_element(By.CSS_SELECTOR, ".servers select").get_attribute("value")
    assert server == local_api.root_url and not local_api.root_url.endswith(":3000")

    # Everything the page loaded came from the runtime itself (no CDN): the same offline.
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    hosts = {urlsplit(url).netloc for url in [browser.current_url, *loaded]}
    assert hosts == {urlsplit(local_api.root_url).netloc}, loaded

    # Try it out: the public e-mail link with a token nobody was sent.
    block = next(
        block
        for block in browser.find_elements(By.CSS_SELECTOR, ".opblock-get")
        if block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path") == PUBLIC_OPERATION
    )
    block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    WebDriverWait(browser, TIMEOUT).until(lambda _: block.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
    block.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    token = block.find_element(By.CSS_SELECTOR, "tr[data-param-name='token'] input")
    token.send_keys("not-a-token-anyone-was-sent")
    block.find_element(By.CSS_SELECTOR, ".execute").click()
    status = WebDriverWait(browser, TIMEOUT).until(
        lambda _: block.find_elements(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_status")
    )[0]
    screenshot(browser, "docs-2-try-it-out")
    shown_url = block.find_element(By.CSS_SELECTOR, ".request-url pre").text
    assert shown_url == f"{local_api.root_url}/self-service/v1/contacts/verify_email/not-a-token-anyone-was-sent"
    direct = requests.get(shown_url, timeout=TIMEOUT)
    assert status.text.strip() == str(direct.status_code), status.text  # the runtime's own answer, as shown
    body = block.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description").text
    assert body.strip(), "the answer's body is shown"
