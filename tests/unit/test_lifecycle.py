"""SnapStart's runtime hooks: a copy restored from a snapshot reads its secrets again and draws its own randomness.

Two copies restored from one snapshot are simulated by forking a process after its init (what a snapshot holds is
that process's memory): each child runs the after-restore hooks the way the Lambda runtime does (from
snapshot_restore_py's registry), then works. Without the hooks the twins would share the snapshot's cached keys and
draw the same random numbers: the control twins show it, so the test would fail if the hooks did nothing."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import snapshot_restore_py
from moto import mock_aws

from crm import lifecycle, settings, tokens
from crm.data import providers
from crm.services import authorization

SECRET_NAME = "token-keys"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def signing_secret(monkeypatch):
    monkeypatch.setenv("TOKEN_SECRET_ARN", SECRET_NAME)
    monkeypatch.setenv("TOKEN_ISSUER", "https://issuer.test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    for variable in settings.needed():  # the start-up check wants every table the imported modules use
        if not os.environ.get(variable):
            monkeypatch.setenv(variable, "table-" + variable.lower())
    settings.check_environment.cache_clear()
    settings.token_settings.cache_clear()
    tokens.reset_key_cache()
    tokens._secrets_client.cache_clear()
    with mock_aws():
        boto3.client("secretsmanager", region_name="eu-west-1").create_secret(
            Name=SECRET_NAME, SecretString=json.dumps({"current_kid": "k1", "k1": "k" * 40})
        )
        calls: list[str] = []
        tokens._secrets_client().meta.events.register(
            "before-call.secrets-manager.GetSecretValue", lambda **_: calls.append("GetSecretValue")
        )
        yield calls
    settings.token_settings.cache_clear()
    tokens.reset_key_cache()
    tokens._secrets_client.cache_clear()


def _run_hooks_as_the_runtime_does() -> None:
    for function, args, kwargs in snapshot_restore_py.get_after_restore():
        function(*args, **kwargs)


def _twin(run_hooks: bool, token: str, calls: list[str]) -> dict:
    """Fork a copy of this process (its state as a snapshot holds it); the copy reports what it did. Python reseeds
    `random` in a forked child by itself, which a snapshot restore does not: the copy gets the parent's generator
    state back first, as a restored snapshot has it."""
    state = random.getstate()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the restored copy
        try:
            os.close(read)
            random.setstate(state)
            before = len(calls)
            if run_hooks:
                _run_hooks_as_the_runtime_does()
            claims = tokens.verify_access_token(token)
            report = {
                "secret_reads": len(calls) - before,
                "random": [random.random() for _ in range(4)],
                "contact": claims.contact_id,
            }
            os.write(write, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return json.loads(text)


def test_the_hooks_are_registered_with_snapshot_restore_py():
    registered = [function for function, _, _ in snapshot_restore_py.get_after_restore()]
    assert lifecycle.after_restore in registered
    assert lifecycle.before_snapshot in [function for function, _, _ in snapshot_restore_py.get_before_snapshot()]
    # Each cache that holds a secret or a decision registered its clearer.
    assert {tokens.reset_key_cache, providers.JWKS.clear} <= set(lifecycle.clearers())
    assert any(getattr(c, "__self__", None) is providers._secret_cache for c in lifecycle.clearers())
    assert any(getattr(c, "__self__", None) is authorization._api_key_cache for c in lifecycle.clearers())


def test_restored_twins_read_the_secret_again_and_draw_different_random_values(signing_secret):
    calls = signing_secret
    token, _ = tokens.issue_access_token(contact_id="c1", organisation_id="o1", mode="test", session_id="s1")
    assert calls == ["GetSecretValue"]  # the init's read, cached in the snapshot
    random.seed(8)  # whatever init left in the generator, every copy has it

    first, second = _twin(True, token, calls), _twin(True, token, calls)
    assert first["contact"] == second["contact"] == "c1"
    assert first["secret_reads"] == second["secret_reads"] == 1  # each copy asked Secrets Manager itself
    assert first["random"] != second["random"]

    # The control: copies that skip the hooks use the snapshot's keys and repeat each other's random numbers.
    plain_first, plain_second = _twin(False, token, calls), _twin(False, token, calls)
    assert plain_first["secret_reads"] == plain_second["secret_reads"] == 0
    assert plain_first["random"] == plain_second["random"]


def test_after_restore_empties_the_secret_and_api_key_caches(monkeypatch):
    monkeypatch.setitem(providers._secret_cache, "arn:pepper", (0.0, {"pepper": "p" * 32}))
    monkeypatch.setitem(authorization._api_key_cache, "digest", (1e18, object()))  # type: ignore[arg-type]
    lifecycle.after_restore()
    assert "arn:pepper" not in providers._secret_cache
    assert "digest" not in authorization._api_key_cache


PRIME_CHECK = """
import importlib.util, os, pkgutil, socket, sys

def refuse(*args, **kwargs):
    raise AssertionError("a connection at init: " + repr(args))

socket.socket.connect = refuse
socket.create_connection = refuse
import crm.data
for module in pkgutil.iter_modules(crm.data.__path__):
    importlib.import_module("crm.data." + module.name)
from pynamodb.models import Model
pending = list(Model.__subclasses__())
while pending:
    model = pending.pop()
    pending.extend(model.__subclasses__())
    variable = getattr(getattr(model, "Meta", None), "table_env_var", None)
    if variable:
        os.environ.setdefault(variable, "table-" + variable.lower())
import crm.services
for module in pkgutil.iter_modules(crm.services.__path__):
    importlib.import_module("crm.services." + module.name)
from crm import settings
for variable in settings.needed():  # what the start-up check asks of any function
    os.environ.setdefault(variable, "value-" + variable.lower())
for name in list(sys.modules):
    if name == "crm" or name.startswith("crm."):
        del sys.modules[name]  # the function imports what it imports, no more
for name in [n for n in sys.modules if n.startswith("pynamodb")]:
    del sys.modules[name]
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location("app", sys.argv[1] + "/app.py")
app_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app_module)
from crm import lifecycle
models = lifecycle.imported_models()
unprimed = [m.__name__ for m in models if not (m._connection and m._connection.connection._client)]
assert not unprimed, unprimed
app = getattr(app_module, "app", None)
routes = [*getattr(app, "_static_routes", []), *getattr(app, "_dynamic_routes", [])]
assert all(route._dependant is not None for route in routes)
print(len(models), len(routes))
"""


@pytest.mark.parametrize("function", sorted(p.parent.name for p in (ROOT / "functions").glob("*/app.py")))
def test_a_snapstart_init_primes_the_models_and_routes_without_a_connection(function):
    """The init SnapStart snapshots (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start) builds every model's botocore
    client and every route's validators, and opens no socket: a connection attempt fails the import."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "layers" / "common"),
        "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_LAMBDA_FUNCTION_NAME": function,
        "POWERTOOLS_SERVICE_NAME": function,
        "IDEMPOTENCY_TABLE": "idempotency",
        "TOKEN_SECRET_ARN": "token-keys",
        "TOKEN_ISSUER": "https://issuer.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRIME_CHECK, str(ROOT / "functions" / function)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    models, routes = map(int, result.stdout.split())
    assert models or function in ("authorizer",) or routes == 0
