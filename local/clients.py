"""The generated clients of openapi.json: clients/python (openapi-python-client) and clients/typescript/src/schema.d.ts
(openapi-typescript, used with openapi-fetch). `python -m local.clients` (`make clients`) writes them; `--check`
writes nothing and fails when the committed ones differ from what the document generates. Either way a generator
that warns is a failure: the document must generate cleanly.

The generators come from the Makefile's prerequisites: .venv-clients (requirements-clients.txt) and
clients/typescript/node_modules (npm ci)."""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from local.cfn import REPO_ROOT

DOCUMENT = REPO_ROOT / "openapi.json"
CLIENTS = REPO_ROOT / "clients"
PYTHON_CLIENT = CLIENTS / "python"
PYTHON_CONFIG = CLIENTS / "openapi-python-client.yaml"
TYPESCRIPT_CLIENT = CLIENTS / "typescript"
TYPESCRIPT_SCHEMA = Path("src") / "schema.d.ts"
CLIENTS_VENV = REPO_ROOT / ".venv-clients"
TIMEOUT_SECONDS = 120


class GeneratorFailed(RuntimeError):
    pass


def _run(command: list[str], cwd: Path, quiet_lines: tuple[str, ...]) -> None:
    """Run a generator; any output but the lines it always prints (`quiet_lines` prefixes) is a warning."""
    environment = {**os.environ, "PATH": f"{CLIENTS_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    environment["NO_COLOR"] = "1"
    environment["RUFF_NO_CACHE"] = "true"  # no .ruff_cache in the generated client
    done = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    said = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    noise = [line for line in said if not line.strip().startswith(quiet_lines)]
    if done.returncode != 0 or noise:
        raise GeneratorFailed(f"{' '.join(command[:2])} (exit {done.returncode}):\n" + "\n".join(said))


def generate_python(output: Path, document: Path = DOCUMENT) -> None:
    generator = CLIENTS_VENV / "bin" / "openapi-python-client"
    if not generator.exists():
        raise GeneratorFailed(f"{generator.relative_to(REPO_ROOT)} is missing: run `make clients`")
    _run(
        [
            str(generator),
            "generate",
            "--path",
            str(document),
            "--config",
            str(PYTHON_CONFIG),
            "--meta",
            "setup",
            "--output-path",
            str(output),
            "--overwrite",
        ],
        REPO_ROOT,
        ("Generating ",),
    )


def generate_typescript(output_file: Path, document: Path = DOCUMENT) -> None:
    generator = TYPESCRIPT_CLIENT / "node_modules" / ".bin" / "openapi-typescript"
    if not generator.exists():
        raise GeneratorFailed(f"{generator.relative_to(REPO_ROOT)} is missing: run `make clients`")
    _run(
        # A default value does not make a request body's field required (openapi-typescript 7 would by default).
        [str(generator), str(document), "--default-non-nullable", "false", "--output", str(output_file)],
        TYPESCRIPT_CLIENT,
        ("✨ openapi-typescript", "🚀"),
    )


def _differences(expected: Path, actual: Path) -> list[str]:
    """Files of either tree that the other lacks or has otherwise."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        _same, differ, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        found.extend(prefix + name for name in differ + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__", ".mypy_cache", ".ruff_cache"]), "")
    return sorted(found)


def check() -> list[str]:
    """What differs between the committed clients and what openapi.json generates (paths below the repo)."""
    with tempfile.TemporaryDirectory() as scratch:
        python = Path(scratch) / "python"
        generate_python(python)
        differing = [f"clients/python/{name}" for name in _differences(python, PYTHON_CLIENT)]
        schema = Path(scratch) / "schema.d.ts"
        generate_typescript(schema)
        committed = TYPESCRIPT_CLIENT / TYPESCRIPT_SCHEMA
        if not committed.exists() or committed.read_bytes() != schema.read_bytes():
            differing.append(f"clients/typescript/{TYPESCRIPT_SCHEMA}")
    return differing


def write() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        python = Path(scratch) / "python"
        generate_python(python)
        shutil.rmtree(PYTHON_CLIENT, ignore_errors=True)
        shutil.copytree(python, PYTHON_CLIENT)
    generate_typescript(TYPESCRIPT_CLIENT / TYPESCRIPT_SCHEMA)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.clients", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail when the clients differ")
    args = parser.parse_args(argv)
    try:
        if args.check:
            differing = check()
            if differing:
                sys.stderr.write("differ from what openapi.json generates (run `make clients`):\n")
                sys.stderr.write("".join(f"  {name}\n" for name in differing))
                return 1
            return 0
        write()
    except GeneratorFailed as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stderr.write("wrote clients/python and clients/typescript/src/schema.d.ts\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
