"""The environment a function needs is checked when it starts, each missing variable named; nothing is read at
import."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm import settings

REPO_ROOT = Path(__file__).resolve().parents[2]

# Imports a function's app.py as Lambda does (its folder and the layer on the path), prints what its modules
# registered, then calls its handler once with the environment given.
PROBE = """
import importlib.util, json, sys
sys.path[:0] = ["layers/common", "functions/{group}"]
spec = importlib.util.spec_from_file_location("app", "functions/{group}/app.py")
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)
from crm import settings
print(json.dumps(sorted(settings.needed())))
class Context:
    function_name = "probe"; memory_limit_in_mb = 128; invoked_function_arn = "arn:aws:lambda:eu-west-1:1:function:p"
    aws_request_id = "r-1"
try:
    app.lambda_handler({event}, Context())
except settings.MissingSetting as exc:
    print(json.dumps({{"missing": exc.names, "message": str(exc)}}))
"""
API_EVENT = {"httpMethod": "GET", "path": "/self-service/v1/contacts/c-1", "resource": "/contacts/{id}", "headers": {}}


def probe(group: str, environment: dict[str, str], event: dict | None = None) -> list:
    base = {k: v for k, v in os.environ.items() if not k.endswith(("_TABLE", "_ARN", "_BUCKET", "_ISSUER"))}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(group=group, event=repr(event or API_EVENT))],
        cwd=REPO_ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith(("[", "{"))]


def test_a_missing_table_fails_the_first_call_naming_it():
    needed, _ = probe("contacts", {})
    environment = {name: f"value-of-{name}" for name in needed if name != "CONTACTS_TABLE"}
    _, failure = probe("contacts", environment)
    assert failure["missing"] == ["CONTACTS_TABLE"]
    assert "CONTACTS_TABLE (used by crm.data.contacts)" in failure["message"]


def test_every_missing_variable_is_named_at_once():
    needed, failure = probe("contacts", {})
    assert failure["missing"] == needed
    assert {"CONTACTS_TABLE", "SESSIONS_TABLE", "TOKEN_SECRET_ARN"} <= set(needed)


def test_a_function_is_checked_for_what_it_uses_not_every_table():
    needed, failure = probe("authorizer", {}, {"type": "REQUEST", "methodArn": "arn", "headers": {}})
    assert failure["missing"] == needed
    assert {"APPLICATIONS_TABLE", "SESSIONS_TABLE"} <= set(needed)
    assert not {"FILES_TABLE", "FILES_BUCKET", "DEVICES_TABLE", "PRINTABLE_ENTITIES_TABLE"} & set(needed)


def test_importing_the_layer_reads_no_variable():
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path[:0] = ['layers/common']; import crm.services.contacts"],
        cwd=REPO_ROOT,
        env={k: v for k, v in os.environ.items() if not k.endswith("_TABLE")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_a_number_setting_that_is_not_a_number_is_named(monkeypatch):
    monkeypatch.setenv("WIFI_AUTHORIZATION_SECONDS", "a day")
    with pytest.raises(RuntimeError, match="WIFI_AUTHORIZATION_SECONDS"):
        settings.wifi_authorization_seconds()
