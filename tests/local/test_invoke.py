"""`python -m local.invoke`: one function, one event, in-process AWS."""

import json

import pytest

from local.invoke import invoke, main
from tests.local.conftest import isolated_process

ALLOW_EVENT = {
    "type": "REQUEST",
    "methodArn": "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/GET/self-service/v1/items/i-1",
    "headers": {"x-verdict": "allow"},
}


def template_path(template):
    return str(template.root / "template.yaml")


@pytest.fixture
def event_file(tmp_path):
    def write(event):
        path = tmp_path / "event.json"
        path.write_text(json.dumps(event))
        return str(path)

    return write


def test_invoke_answers_what_the_handler_returns(tiny_template):
    with isolated_process():
        answer = invoke("GateFunction", ALLOW_EVENT, tiny_template)
    assert answer["principalId"] == "contact-1"
    assert answer["policyDocument"]["Statement"][0]["Resource"] == ALLOW_EVENT["methodArn"]


def test_the_command_prints_the_answer(tiny_template, event_file, capsys):
    with isolated_process():
        exit_code = main(["GateFunction", event_file(ALLOW_EVENT), "--template", template_path(tiny_template)])
    assert exit_code == 0
    assert json.loads(capsys.readouterr().out)["principalId"] == "contact-1"


def test_an_authorizer_that_raises_prints_lambdas_error_and_exits_1(tiny_template, event_file, capsys):
    event = {**ALLOW_EVENT, "headers": {"x-verdict": "unauthorized"}}
    with isolated_process():
        exit_code = main(["GateFunction", event_file(event), "--template", template_path(tiny_template)])
    assert exit_code == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["errorMessage"] == "Unauthorized" and answer["errorType"] == "Exception"
