"""The local runtime (`python -m local`) as a subprocess, for tests that speak HTTP to it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from local.supervise import RuntimeNotServing, start_runtime

REPO_ROOT = Path(__file__).resolve().parents[2]


def operator_command(
    api: "LocalApi", module: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m crmctl.<module> …` as an operator runs it beside `make run`: no AWS or table variables and no
    PYTHONPATH; it finds the runtime through the file the runtime wrote (as `make run` writes .local-runtime.json)."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.endswith(("_TABLE", "_BUCKET"))
        and not name.startswith(("AWS_", "CRMCTL_"))
        and name != "PYTHONPATH"
    }
    return subprocess.run(
        [sys.executable, "-m", f"crmctl.{module}", *args],
        cwd=REPO_ROOT,
        env={**inherited, "CRMCTL_RUNTIME_FILE": str(api.runtime_file)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_admin(api: "LocalApi", *args: str, stdin: str | None = None) -> str:
    """`python -m crmctl.admin …` against the local runtime, as an operator runs it: its output."""
    done = operator_command(api, "admin", *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


STARTUP_SECONDS = 60


@dataclass
class LocalApi:
    base_url: str  # http://127.0.0.1:<port>/self-service/v1
    root_url: str  # http://127.0.0.1:<port>
    test_key: str
    live_key: str
    process: subprocess.Popen = field(repr=False)
    output: list[str] = field(default_factory=list, repr=False)  # stdout and stderr lines, as they came
    idp_url: str = ""  # the fake social identity provider the runtime started (local/fake_idp.py)
    organisation_id: str = ""  # the demo organisation's
    runtime_file: Path = Path()  # where it wrote its URL for the operators' commands (--runtime-file)

    def outbox(self) -> list[dict[str, Any]]:
        """The mail and SMS sent so far (see GET /_local/outbox)."""
        response = requests.get(f"{self.root_url}/_local/outbox", timeout=10)
        response.raise_for_status()
        return response.json()["messages"]

    def log(self) -> str:
        return "".join(self.output)

    def aws_endpoint(self) -> str:
        """The runtime's in-memory AWS (from its `moto serving AWS at <url>` line), for tests that look behind
        the API, such as subscribing to an event bus."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for line in list(self.output):
                if line.startswith("moto serving AWS at "):
                    return line.split(" at ", 1)[1].strip()
            time.sleep(0.05)
        raise AssertionError(f"the local runtime named no AWS endpoint:\n{self.log()}")


def _serve(*arguments: str):
    output: list[str] = []
    runtime_file = Path(tempfile.mkdtemp(prefix="crm-local-")) / "runtime.json"
    try:
        runtime = start_runtime(
            "--runtime-file", str(runtime_file), *arguments, on_output=output.append, startup_seconds=STARTUP_SECONDS
        )
    except RuntimeNotServing as error:
        pytest.fail(f"{error}:\n{''.join(output)}")
    try:
        api = LocalApi(
            f"{runtime.root_url}/self-service/v1",
            runtime.root_url,
            runtime.announced["test"],
            runtime.announced["live"],
            runtime.process,
            output,
            idp_url=runtime.announced.get("idp", ""),
            organisation_id=runtime.announced.get("organisation", ""),
            runtime_file=runtime_file,
        )
        yield api
        if runtime.process.poll() is not None:
            pytest.fail(f"the local runtime died during the tests (exit {runtime.process.returncode}):\n{api.log()}")
    finally:
        runtime.stop()
    if runtime.process.returncode != 0:
        pytest.fail(f"the local runtime stopped with exit code {runtime.process.returncode}:\n{''.join(output)}")


@pytest.fixture(scope="session")
def local_api() -> LocalApi:
    yield from _serve()


PARALLEL_INSTANCES = 8  # as the review's attack: 8 function instances serving at once


@pytest.fixture(scope="module")
def parallel_api() -> LocalApi:
    """A runtime whose every function runs PARALLEL_INSTANCES instances (requests at once), for races."""
    yield from _serve("--instances", str(PARALLEL_INSTANCES))


@pytest.fixture(scope="session")
def http() -> requests.Session:
    with requests.Session() as session:
        yield session


# (title, text) of tables a test wants shown after the run even when it passes (the authorization matrix).
REPORTS: list[tuple[str, str]] = []


def pytest_terminal_summary(terminalreporter) -> None:
    for title, text in REPORTS:
        terminalreporter.section(title)
        terminalreporter.write_line(text)
