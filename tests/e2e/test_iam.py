"""Over HTTP: a permission missing from the template fails the route locally as it would on AWS (local/iam.py)."""

from __future__ import annotations

import time

import pytest
import requests

from tests.e2e.conftest import REPO_ROOT, _serve
from tests.e2e.test_slice import crm_error, register

# ContactsFunction's grant to read and write contacts; nothing else in the template gives it that.
CONTACTS_GRANT = """            - Effect: Allow
              Action: [dynamodb:GetItem, dynamodb:PutItem]
              Resource: !GetAtt ContactsTable.Arn
"""


@pytest.fixture(scope="module")
def api_without_contacts_grant(tmp_path_factory):
    """The local runtime serving a copy of template.yaml without that one statement (code and layers as they are)."""
    root = tmp_path_factory.mktemp("iam-template")
    text = (REPO_ROOT / "template.yaml").read_text()
    assert text.count(CONTACTS_GRANT) == 1
    (root / "template.yaml").write_text(text.replace(CONTACTS_GRANT, ""))
    for directory in ("functions", "layers"):
        (root / directory).symlink_to(REPO_ROOT / directory, target_is_directory=True)
    yield from _serve("--template", str(root / "template.yaml"))


def test_a_function_without_its_grant_answers_the_crm_500_and_aws_access_denied_is_logged(
    api_without_contacts_grant,
):
    api = api_without_contacts_grant
    registered = register(api, api.test_key)  # AuthenticationFunction: its own grants are intact
    assert registered.status_code == 200, registered.text
    token, contact_id = registered.json()["access_token"], registered.json()["contact"]["id"]

    got = requests.get(
        f"{api.base_url}/contacts/{contact_id}", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )

    crm_error(got, 500)
    expected = "[IAM] ContactsFunction: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/ContactsFunctionRole"
    deadline = time.monotonic() + 5
    while expected not in api.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    line = next(line for line in api.log().splitlines() if expected in line)
    assert "is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:" in line
    assert "table/crm-local-ContactsTable because no identity-based policy allows the dynamodb:GetItem action" in line


def test_with_the_real_template_the_same_route_answers(local_api):
    registered = register(local_api, local_api.test_key)
    token, contact_id = registered.json()["access_token"], registered.json()["contact"]["id"]
    got = requests.get(
        f"{local_api.base_url}/contacts/{contact_id}", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert got.status_code == 200, got.text
    assert "[IAM]" not in local_api.log()
