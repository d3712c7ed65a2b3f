"""Starting and stopping `python -m local` as a child process (the e2e tests, `make load` and `make bench` do).
Standard library only: `make load` imports it from its own venv."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable

REPO_ROOT = Path(__file__).resolve().parents[1]
# What the runtime prints before its `Serving ...` line that its callers need.
_ANNOUNCEMENTS = (
    (re.compile(r"^(test|live) api_key: (\S+)$"), lambda match: (match.group(1), match.group(2))),
    (re.compile(r"^fake identity provider: (\S+)$"), lambda match: ("idp", match.group(1))),
    (re.compile(r"^demo organisation: (\S+)$"), lambda match: ("organisation", match.group(1))),
)


class RuntimeNotServing(RuntimeError):
    """The runtime exited, or did not serve in time, while starting (it is stopped)."""


@dataclass
class StartedRuntime:
    process: subprocess.Popen
    port: int  # on 127.0.0.1
    announced: dict[str, str]  # "test" and "live": the demo API keys; "idp": the fake identity provider's URL
    _pumps: list[threading.Thread] = field(default_factory=list, repr=False)

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop_runtime(self.process)
        for pump in self._pumps:
            pump.join(timeout=5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_runtime(
    *arguments: str,
    python: str = sys.executable,
    on_output: Callable[[str], Any] | None = None,
    stderr: Any = subprocess.PIPE,
    startup_seconds: float = 120,
) -> StartedRuntime:
    """`python -m local --host 127.0.0.1 --port <a free one> *arguments`, answered once it serves. Each line of its
    stdout, and of its stderr when `stderr` is PIPE (otherwise it goes there), goes to `on_output` as it comes;
    both are read to the end, so the runtime never blocks on a full pipe. RuntimeNotServing when it exits or
    does not serve within `startup_seconds`, or names no test and live API key."""
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if name != "AWS_ENDPOINT_URL"}
    process = subprocess.Popen(
        [python, "-m", "local", "--host", "127.0.0.1", "--port", str(port), *arguments],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        bufsize=1,
    )
    output = on_output or (lambda line: None)
    stdout_lines: queue.Queue = queue.Queue()
    pumps = [threading.Thread(target=_pump, args=(process.stdout, output, stdout_lines), daemon=True)]
    if stderr == subprocess.PIPE:
        pumps.append(threading.Thread(target=_pump, args=(process.stderr, output, None), daemon=True))
    for pump in pumps:
        pump.start()
    runtime = StartedRuntime(process, port, {}, pumps)
    try:
        _wait_until_serving(runtime, stdout_lines, startup_seconds)
    except RuntimeNotServing:
        runtime.stop()
        raise
    return runtime


def _pump(stream: IO[str], output: Callable[[str], Any], lines: queue.Queue | None) -> None:
    for line in stream:
        output(line)
        if lines is not None:
            lines.put(line)
    if lines is not None:
        lines.put(None)  # end of stdout: the process is gone


def _wait_until_serving(runtime: StartedRuntime, stdout_lines: queue.Queue, startup_seconds: float) -> None:
    deadline = time.monotonic() + startup_seconds
    while True:
        try:
            line = stdout_lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeNotServing(f"the local runtime did not serve within {startup_seconds:g} s") from None
        if line is None:
            runtime.process.wait(timeout=10)
            raise RuntimeNotServing(f"the local runtime exited with {runtime.process.returncode} while starting")
        for pattern, read in _ANNOUNCEMENTS:
            if match := pattern.match(line.strip()):
                name, value = read(match)
                runtime.announced[name] = value
        if line.startswith("Serving "):
            if not {"test", "live"} <= runtime.announced.keys():
                raise RuntimeNotServing("the local runtime printed no test and live API keys")
            return


def stop_runtime(process: subprocess.Popen, grace_seconds: float = 15) -> None:
    """SIGINT, the runtime's clean stop; killed if it has not ended within `grace_seconds`."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
