"""Operators' commands (crmctl) beside a running local runtime, as `make run` starts it: on a port of its own,
with no AWS or table variables set and no PYTHONPATH, they find it through the file it wrote."""

import base64
import json
import time

import requests

from local.supervise import free_port
from tests.e2e.conftest import operator_command, run_admin
from tests.e2e.test_slice import crm_error, new_email, register


def printed_lines(text):
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_the_runtime_names_its_url_and_demo_organisation(local_api):
    assert json.loads(local_api.runtime_file.read_text())["url"] == local_api.root_url
    # printed beside the keys ("demo organisation: <id>"): the organisation of the demo test key's tokens
    token = register(local_api, local_api.test_key).json()["access_token"]
    assert json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))["org"] == local_api.organisation_id


def test_a_new_organisations_keys_work_on_the_running_runtime(local_api):
    lines = printed_lines(run_admin(local_api, "create-organisation", "--name", "Operator Ltd"))
    assert register(local_api, lines["test api_key"]).status_code == 200
    crm_error(register(local_api, lines["test api_key"][:-2] + "xx"), 401)


def test_pass_codes_for_the_demo_organisation(local_api):
    printed = run_admin(local_api, "create-pass-codes", "--organisation", local_api.organisation_id, "--mode", "test")
    codes = [line for line in printed.splitlines() if line and ": " not in line]
    assert len(codes) == 1 and len(codes[0]) == 10


def test_wifi_secret_and_test_recipient_reach_the_demo_organisation(local_api):
    organisation = local_api.organisation_id
    secret = printed_lines(
        run_admin(local_api, "create-wifi-secret", "--organisation", organisation, "--mode", "test")
    )["test wifi integration secret"]
    assert secret.startswith("wsk_test_")
    printed = run_admin(local_api, "allow-test-recipient", "--organisation", organisation, "--address", new_email())
    assert printed.startswith("test mode delivers to ")


def test_the_back_office_command_puts_an_event_on_the_runtimes_bus(local_api):
    person = register(local_api, local_api.test_key).json()
    contact_id, headers = person["contact"]["id"], {"Authorization": f"Bearer {person['access_token']}"}
    done = operator_command(
        local_api,
        "backoffice",
        "communication",
        "--api-key",
        local_api.test_key,
        "--contact",
        contact_id,
        "--channel",
        "INAPP",
        "--title",
        "Hello from the back office",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["detail_type"] == "communication.created"
    deadline, inapp = time.monotonic() + 20, []
    while time.monotonic() < deadline and not inapp:
        listed = requests.get(
            f"{local_api.base_url}/contacts/{contact_id}/communications",
            headers=headers,
            params={"type": "INAPP"},
            timeout=30,
        )
        assert listed.status_code == 200, listed.text
        inapp = listed.json()["content"]
        time.sleep(0.3)
    assert len(inapp) == 1, "the event never reached the contact's inbox"
    got = requests.get(f"{local_api.base_url}/communications/{inapp[0]['id']}", headers=headers, timeout=30)
    assert got.json()["title"] == "Hello from the back office"


def test_no_runtime_running_says_to_start_one(local_api):
    port = free_port()
    done = operator_command(
        local_api, "admin", "create-organisation", "--name", "X", "--local", f"http://127.0.0.1:{port}"
    )
    assert done.returncode != 0
    assert f"no local runtime answers at http://127.0.0.1:{port}" in done.stderr and "make run" in done.stderr
