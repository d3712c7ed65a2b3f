"""The README's walk-through through each generated client against the local runtime: register, sign in, read and
update the contact with If-Match, a one-time code and validate-otp, refresh, the inbox, upload and read a file, a
printout, sign out. The walk-throughs (clients/examples/walkthrough.py, clients/typescript/examples/walkthrough.ts)
are type-checked first, by mypy --strict and by tsc; they write no HTTP by hand but the read of the outbox."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from local.clients import CLIENTS_VENV, PYTHON_CLIENT, TYPESCRIPT_CLIENT
from tests.e2e.conftest import REPO_ROOT, LocalApi, operator_command
from tests.e2e.test_printouts import INVOICE, put_entity

PYTHON_WALKTHROUGH = REPO_ROOT / "clients" / "examples" / "walkthrough.py"
STEPS = [
    "register",
    "authenticate",
    "read and update the contact with If-Match",
    "one-time code and validate-otp",
    "refresh",
    "inbox",
    "upload and read a file",
    "printout",
    "sign out",
]
WALK_SECONDS = 120


def _operator_puts_a_communication_and_an_invoice(api: LocalApi, contact_id: str, organisation_id: str) -> None:
    """What the README has an operator do: a back-office communication, and a printable invoice."""
    sent = operator_command(
        api,
        "backoffice",
        *("communication", "--api-key", api.test_key, "--contact", contact_id),
        *("--channel", "INAPP", "--title", "Hello", "--content", "From the walk-through"),
    )
    assert sent.returncode == 0, sent.stderr
    stored = put_entity(
        api,
        {"id": contact_id, "organisation_id": organisation_id},
        "INVOICE",
        "inv-42",
        INVOICE,
    )
    assert stored.returncode == 0, stored.stderr


def _walk(api: LocalApi, command: list[str], cwd: Path, environment: dict[str, str]) -> list[str]:
    """Run a walk-through; when it names its contact, do the operator's part and let it go on. Its output lines."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **environment, "CRM_URL": api.root_url, "CRM_API_KEY": api.test_key},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    lines: list[str] = []
    try:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("CONTACT "):
                _word, contact_id, organisation_id, _email = line.split()
                _operator_puts_a_communication_and_an_invoice(api, contact_id, organisation_id)
                process.stdin.write("\n")
                process.stdin.flush()
        _out, errors = process.communicate(timeout=WALK_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, "\n".join(lines) + "\n" + errors
    return lines


def _steps(lines: list[str]) -> list[str]:
    return [line.removeprefix("step ") for line in lines if line.startswith("step ")]


def test_the_python_walkthrough_type_checks_with_mypy():
    checked = subprocess.run(
        [str(CLIENTS_VENV / "bin" / "mypy"), "--strict", "--no-incremental", "--python-version", "3.11"]
        + ["--cache-dir", os.devnull, str(PYTHON_WALKTHROUGH)],
        cwd=REPO_ROOT,
        env={**os.environ, "MYPYPATH": str(PYTHON_CLIENT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_walkthrough_through_the_python_client(local_api):
    lines = _walk(
        local_api,
        [str(CLIENTS_VENV / "bin" / "python"), str(PYTHON_WALKTHROUGH)],
        REPO_ROOT,
        {"PYTHONPATH": str(PYTHON_CLIENT)},
    )
    assert _steps(lines) == STEPS
    assert lines[-1] == "walk-through done"


def test_the_walkthrough_through_the_typescript_client(local_api):
    # tsc type-checks the client and the walk-through (noEmitOnError: nothing runs unless both check).
    compiled = subprocess.run(
        [str(TYPESCRIPT_CLIENT / "node_modules" / ".bin" / "tsc"), "-p", "."],
        cwd=TYPESCRIPT_CLIENT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    lines = _walk(local_api, ["node", "dist/examples/walkthrough.js"], TYPESCRIPT_CLIENT, {})
    assert _steps(lines) == STEPS
    assert lines[-1] == "walk-through done"
