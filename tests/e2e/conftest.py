"""The local runtime (`python -m local`) as a subprocess, for tests that speak HTTP to it."""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
import requests

from local.supervise import stop_runtime

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
_KEY_LINE = re.compile(r"^(test|live) api_key: (\S+)$")
_IDP_LINE = re.compile(r"^fake identity provider: (\S+)$")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalApi:
    base_url: str  # http://127.0.0.1:<port>/self-service/v1
    root_url: str  # http://127.0.0.1:<port>
    test_key: str
    live_key: str
    process: subprocess.Popen = field(repr=False)
    output: list[str] = field(default_factory=list, repr=False)  # stdout and stderr lines, as they came
    idp_url: str = ""  # the fake social identity provider the runtime started (local/fake_idp.py)

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


def _pump(stream: IO[str], output: list[str], stdout_lines: queue.Queue | None) -> None:
    """Keep reading, so that the runtime never blocks on a full pipe."""
    for line in stream:
        output.append(line)
        if stdout_lines is not None:
            stdout_lines.put(line)
    if stdout_lines is not None:
        stdout_lines.put(None)  # end of stdout: the process is gone


def _wait_until_serving(process: subprocess.Popen, stdout_lines: queue.Queue, output: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            line = stdout_lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"the local runtime did not serve within {STARTUP_SECONDS} s:\n{''.join(output)}")
        if line is None:
            process.wait(timeout=10)
            pytest.fail(f"the local runtime exited with {process.returncode} while starting:\n{''.join(output)}")
        if match := _KEY_LINE.match(line.strip()):
            keys[match.group(1)] = match.group(2)
        if match := _IDP_LINE.match(line.strip()):
            keys["idp"] = match.group(1)
        if line.startswith("Serving "):
            if not {"test", "live"} <= set(keys):
                pytest.fail(f"the local runtime printed no test and live API keys:\n{''.join(output)}")
            return keys


@pytest.fixture(scope="session")
def local_api() -> LocalApi:
    port = _free_port()
    environment = {name: value for name, value in os.environ.items() if name != "AWS_ENDPOINT_URL"}
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--port", str(port)],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    output: list[str] = []
    stdout_lines: queue.Queue = queue.Queue()
    pumps = [
        threading.Thread(target=_pump, args=(process.stdout, output, stdout_lines), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, output, None), daemon=True),
    ]
    for pump in pumps:
        pump.start()
    try:
        keys = _wait_until_serving(process, stdout_lines, output)
        root_url = f"http://127.0.0.1:{port}"
        api = LocalApi(f"{root_url}/self-service/v1", root_url, keys["test"], keys["live"], process, output,
                       idp_url=keys.get("idp", ""))
        yield api
        if process.poll() is not None:
            pytest.fail(f"the local runtime died during the tests (exit {process.returncode}):\n{api.log()}")
    finally:
        stop_runtime(process)
        for pump in pumps:
            pump.join(timeout=5)
    if process.returncode != 0:
        pytest.fail(f"the local runtime stopped with exit code {process.returncode}:\n{''.join(output)}")


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
