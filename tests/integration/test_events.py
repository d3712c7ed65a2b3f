"""Each sample event in events/ runs through its function, as `sam local invoke` would run it: in this process
on an empty moto stack (fast), and a few through the `python -m local.invoke` command itself."""

import json
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from local.cfn import Resolver
from local.functions import shared_environment
from local.resources import provision
from tests.conftest import REGION, TEMPLATE, Stack, _forget_cached_aws_state

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
# Through the command (a process each, seconds apiece): an HTTP answer, and an authorizer's refusal (exit 1).
THROUGH_THE_COMMAND = ["register.json", "authorizer_missing_credentials.json"]


@pytest.fixture(scope="module")
def provisioned():
    """One moto stack for the module: provisioning one per test cost most of this module's time."""
    with pytest.MonkeyPatch.context() as patch, mock_aws():
        physical = provision(TEMPLATE, REGION)
        resolver = Resolver(TEMPLATE, physical, REGION)
        for name, value in shared_environment(TEMPLATE, resolver).items():
            patch.setenv(name, value)
        tables = {
            physical[logical_id].ref: [k["AttributeName"] for k in resource["Properties"]["KeySchema"]]
            for logical_id, resource in TEMPLATE.resources_of_type("AWS::DynamoDB::Table").items()
        }
        yield Stack(resolver), tables
    _forget_cached_aws_state()


@pytest.fixture
def empty_stack(provisioned):
    """The module's stack with every table emptied first: each event meets the fresh, empty AWS it expects."""
    stack, tables = provisioned
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    for table, keys in tables.items():
        for page in dynamodb.get_paginator("scan").paginate(
            TableName=table,
            ProjectionExpression=", ".join(f"#k{i}" for i in range(len(keys))),
            ExpressionAttributeNames={f"#k{i}": k for i, k in enumerate(keys)},
        ):
            for item in page["Items"]:
                dynamodb.delete_item(TableName=table, Key=item)
    _forget_cached_aws_state()
    return stack


def test_every_event_file_has_an_expectation():
    assert {p.name for p in (ROOT / "events").glob("*.json")} == set(EXPECTED)


def assert_expected(expected, answer):
    if isinstance(expected, dict):  # a function that answers no HTTP response
        assert {key: answer.get(key) for key in expected} == expected, answer
        return
    assert answer["statusCode"] == expected, answer
    is_json = "json" in {k.lower(): v for k, v in (answer.get("headers") or {}).items()}.get("content-type", "")
    body = json.loads(answer["body"]) if is_json else answer["body"]
    if expected >= 400 and is_json:
        assert set(body) == {"status", "message", "error", "parameters"} and body["status"] == expected


@pytest.mark.parametrize("event_file", sorted(EXPECTED))
def test_event_invokes_its_function(empty_stack, event_file):
    stack = empty_stack
    function, expected = EXPECTED[event_file]
    event = json.loads((ROOT / "events" / event_file).read_text())
    if isinstance(expected, str):  # an authorizer's refusal is an exception, as Lambda reports it
        with pytest.raises(Exception) as raised:
            stack.invoke(function, event)
        assert str(raised.value) == expected
    else:
        assert_expected(expected, stack.invoke(function, event))


@pytest.mark.parametrize("event_file", THROUGH_THE_COMMAND)
def test_the_invoke_command_runs_an_event_file(event_file):
    function, expected = EXPECTED[event_file]
    result = subprocess.run(
        [sys.executable, "-m", "local.invoke", function, f"events/{event_file}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    answer = json.loads(result.stdout)
    if isinstance(expected, str):
        assert result.returncode == 1 and answer["errorMessage"] == expected, answer
    else:
        assert result.returncode == 0, result.stderr
        assert_expected(expected, answer)
