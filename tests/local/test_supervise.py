"""Starting `python -m local` as a child (local/supervise.py), with stand-in "pythons" (shell scripts that ignore
their arguments) for the ways a start goes."""

import os
import stat
import subprocess

import pytest

from local.supervise import RuntimeNotServing, start_runtime


def stand_in(tmp_path, script):
    path = tmp_path / "python"
    path.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'pid'}\n" + script)  # exec keeps the pid
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_runtime_that_serves_is_answered_with_its_port_and_what_it_announced(tmp_path):
    python = stand_in(
        tmp_path,
        "echo 'test api_key: pk_test_a'\necho 'live api_key: pk_live_b'\n"
        "echo 'fake identity provider: http://127.0.0.1:9/idp'\necho 'oops' >&2\n"
        "echo 'Serving http://127.0.0.1:1/'\nexec sleep 30\n",
    )
    output = []
    runtime = start_runtime(python=python, on_output=output.append, startup_seconds=10)
    assert runtime.announced == {"test": "pk_test_a", "live": "pk_live_b", "idp": "http://127.0.0.1:9/idp"}
    assert runtime.root_url == f"http://127.0.0.1:{runtime.port}" and runtime.port > 0
    assert runtime.process.poll() is None
    runtime.stop()
    assert runtime.process.poll() is not None  # SIGINT ended it
    assert "oops\n" in output and "Serving http://127.0.0.1:1/\n" in output  # stderr too, when piped


@pytest.mark.parametrize(
    "script, reason",
    [
        ("echo 'test api_key: pk_test_a'\nexit 3\n", "exited with 3 while starting"),
        ("echo 'Serving http://127.0.0.1:1/'\nexec sleep 30\n", "printed no test and live API keys"),
        ("exec sleep 30\n", "did not serve within 1 s"),
    ],
)
def test_a_runtime_that_does_not_serve_is_stopped_and_says_why(tmp_path, script, reason):
    with pytest.raises(RuntimeNotServing, match=reason):
        start_runtime(python=stand_in(tmp_path, script), stderr=subprocess.DEVNULL, startup_seconds=1)
    with pytest.raises(ProcessLookupError):  # what it started is gone (and reaped)
        os.kill(int((tmp_path / "pid").read_text()), 0)
