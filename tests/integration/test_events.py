"""Each sample event in events/ runs through `python -m local.invoke`, as `sam local invoke` would run it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# event file -> (function, expected statusCode, or the error an authorizer raises). On a fresh, empty
# in-memory AWS: registering works, signing in and reading a contact find nobody.
EXPECTED = {
    "register.json": ("AuthenticationFunction", 200),
    "authenticate.json": ("AuthenticationFunction", 401),
    "contacts_get.json": ("ContactsFunction", 404),
    "wifi_authorization.json": ("WifiFunction", 404),
    "files_upload.json": ("FilesFunction", 200),
    "files_get.json": ("FilesFunction", 404),
    "files_delete.json": ("FilesFunction", 404),
    "service_request_files_delete.json": ("FilesFunction", 404),
    "contacts_update.json": ("ContactsFunction", 404),
    "contacts_unregister.json": ("ContactsFunction", 404),
    "contacts_consents.json": ("ContactsFunction", 404),
    "contacts_demographics.json": ("ContactsFunction", 404),
    "contacts_preferences_get.json": ("ContactsFunction", 404),
    "contacts_preferences_put.json": ("ContactsFunction", 404),
    "printout.json": ("PrintoutsFunction", 404),
    "authorizer_api_key.json": ("AuthorizerFunction", "Unauthorized"),
    "authorizer_missing_credentials.json": ("AuthorizerFunction", "Unauthorized"),
    "otp.json": ("AuthenticationFunction", 404),
    "validate.json": ("AuthenticationFunction", 404),
    "validate_otp.json": ("AuthenticationFunction", 401),
    "refresh.json": ("AuthenticationFunction", 401),
    "forgot_password.json": ("AuthenticationFunction", 200),
    "change_password.json": ("AuthenticationFunction", 400),
    "sign_out.json": ("AuthenticationFunction", 200),
    "verify_email.json": ("AuthenticationFunction", 400),
    "communications_list.json": ("CommunicationsFunction", 200),
    "communications_get.json": ("CommunicationsFunction", 404),
    "communications_actions.json": ("CommunicationsFunction", 404),
    "approval_requests_list.json": ("ApprovalRequestsFunction", 200),
    "approval_requests_action.json": ("ApprovalRequestsFunction", 401),  # open route: the function checks the JWT
    # Back-office events: the fresh AWS knows no organisation, so each is refused (and dead-lettered).
    "backoffice_communication.json": ("BackOfficeFunction", {"status": "REJECTED"}),
    "backoffice_approval_request.json": ("BackOfficeFunction", {"status": "REJECTED"}),
    "backoffice_approval_withdrawn.json": ("BackOfficeFunction", {"status": "REJECTED"}),
    "backoffice_identifier_attached.json": ("BackOfficeFunction", {"status": "REJECTED"}),
}


def test_every_event_file_has_an_expectation():
    assert {p.name for p in (ROOT / "events").glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("event_file", sorted(EXPECTED))
def test_event_invokes_its_function(event_file):
    function, expected = EXPECTED[event_file]
    result = subprocess.run([sys.executable, "-m", "local.invoke", function, f"events/{event_file}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    answer = json.loads(result.stdout)
    if isinstance(expected, dict):  # a function that answers no HTTP response
        assert result.returncode == 0, result.stderr
        assert {key: answer.get(key) for key in expected} == expected, answer
    elif isinstance(expected, int):
        assert result.returncode == 0, result.stderr
        assert answer["statusCode"] == expected, answer
        is_json = "json" in {k.lower(): v for k, v in (answer.get("headers") or {}).items()}.get("content-type", "")
        body = json.loads(answer["body"]) if is_json else answer["body"]
        if expected >= 400 and is_json:
            assert set(body) == {"status", "message", "error", "parameters"} and body["status"] == expected
    else:
        assert result.returncode == 1 and answer["errorMessage"] == expected, answer
