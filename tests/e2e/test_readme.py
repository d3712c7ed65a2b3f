"""README.md's walk-through, run as a reader runs it, so that the README cannot drift from the product.

Every ```sh block between the heading "## Walk-through" and the next "## " heading runs, in order, in one bash,
from the repository's root, against a runtime of its own started fresh as `make run` starts it. The first block
sets what the reader pastes from `make run`'s output (BASE, KEY, ORG, IDP): the test puts this runtime's values in
those lines, and nothing else in any block is changed. The operators' commands (`make entity`, ...) find the runtime
as they find `make run` (its runtime file). Blocks that cannot run locally (deploy, --stack) are ```text, or live
outside the walk-through. The script stops at the first failing command (`set -euo pipefail`), and its output must
show what the README says the reader sees.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO_ROOT, LocalApi, _serve

README = REPO_ROOT / "README.md"
HEADING = "## Walk-through"
PASTED = ("BASE", "KEY", "ORG", "IDP")  # what the reader copies from `make run`'s output into the first block
SECONDS = 150  # the whole walk-through; it takes about 30 s on a quiet machine
# `make test` installed the venv before it ran this: the walk-through's `make` commands must not reinstall it (when
# the venv is shared with another work tree, its stamp may be older than this tree's requirements files).
PRELUDE = 'set -euo pipefail\nmake() { command make -o .venv/.installed "$@"; }\n'


def walkthrough_blocks(text: str) -> list[str]:
    """The ```sh blocks of the walk-through section, in order."""
    start = text.index(f"\n{HEADING}\n")
    end = text.find("\n## ", start + len(HEADING) + 2)
    section = text[start : end if end >= 0 else len(text)]
    return re.findall(r"^```sh\n(.*?)^```$", section, flags=re.S | re.M)


def with_pasted(block: str, values: dict[str, str]) -> str:
    """The first block with this runtime's values on the lines where the reader pastes them."""
    for name, value in values.items():
        pattern = re.compile(rf"^{name}=\S*(\s+#.*)?$", re.M)
        assert len(pattern.findall(block)) == 1, f"the walk-through's first block must set {name} once"
        block = pattern.sub(lambda _match, n=name, v=value: f"{n}={shlex.quote(v)}", block)
    return block


def readme_script(text: str, values: dict[str, str]) -> str:
    blocks = walkthrough_blocks(text)
    blocks[0] = with_pasted(blocks[0], values)
    parts = [PRELUDE]
    for number, block in enumerate(blocks):
        parts.append(f"echo '=== README walk-through block {number}' >&2\n{block}")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def fresh_api() -> LocalApi:
    """A runtime of its own, as a fresh `make run`: the walk-through registers fixed addresses."""
    yield from _serve()


def test_the_walkthrough_has_blocks_that_set_what_make_run_prints():
    blocks = walkthrough_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    with_pasted(blocks[0], dict.fromkeys(PASTED, "x"))
    assert "../shared" not in README.read_text(encoding="utf-8")


def test_the_first_screens_curl_answers_tokens(fresh_api: LocalApi):
    """The curl above the table of contents, with the key pasted where it says, on the port `make run` uses."""
    text = README.read_text(encoding="utf-8")
    first = re.findall(r"^```sh\n(.*?)^```$", text[: text.index("\n## Contents\n")], flags=re.S | re.M)
    curls = [block for block in first if block.lstrip().startswith("curl ")]
    assert len(curls) == 1 and "pk_test_..." in curls[0] and "http://127.0.0.1:3000/" in curls[0], first
    block = curls[0].replace("pk_test_...", fresh_api.test_key).replace("http://127.0.0.1:3000", fresh_api.root_url)
    done = subprocess.run(["bash", "-c", block], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["access_token"] and answer["contact"]["first_name"] == "Ann", answer


def test_every_walkthrough_block_runs_in_order_against_a_fresh_make_run(fresh_api: LocalApi, tmp_path: Path):
    values = {
        "BASE": fresh_api.root_url,
        "KEY": fresh_api.test_key,
        "ORG": fresh_api.organisation_id,
        "IDP": fresh_api.idp_url,
    }
    assert all(values.values()), values
    script = tmp_path / "walkthrough.sh"
    script.write_text(readme_script(README.read_text(encoding="utf-8"), values), encoding="utf-8")
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.endswith(("_TABLE", "_BUCKET")) and not name.startswith(("AWS_", "CRMCTL_"))
    }
    environment["CRMCTL_RUNTIME_FILE"] = str(fresh_api.runtime_file)  # as `make run` writes .local-runtime.json
    started = time.monotonic()
    done = subprocess.run(
        ["bash", str(script)],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    took = time.monotonic() - started
    shown = f"exit {done.returncode} after {took:.0f} s\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert done.returncode == 0, shown
    out = done.stdout
    # What the README says the reader sees, in the order it says it.
    expected = [
        '"parameters":["contact","someone-else"]',  # the CRM error body
        '"status":409',  # the stale If-Match
        '"name":"Demo Merchant"',  # the preference
        "READY",  # the PDF printout
        "mailed",
        "401",  # Jane signed out
        "401",  # John unregistered
    ]
    position = 0
    for text in expected:
        found = out.find(text, position)
        assert found >= 0, f"{text!r} not shown after position {position}\n{shown}"
        position = found + len(text)
    assert out.rstrip().endswith("401"), shown
    assert took < SECONDS
