"""Stopping a `python -m local` started as a child process (the e2e tests, `make load` and `make bench` do)."""

from __future__ import annotations

import signal
import subprocess


def stop_runtime(process: subprocess.Popen, grace_seconds: float = 15) -> None:
    """SIGINT, the runtime's clean stop; killed if it has not ended within `grace_seconds`."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
