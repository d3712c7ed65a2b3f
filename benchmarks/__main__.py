"""python -m benchmarks [--quick] [--no-save]: every figure of issue 8, printed as Markdown and saved under
benchmarks/results/. It never fails on a time; a phase that breaks is reported as not measured (exit code 1)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from benchmarks.report import Report

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = Path(__file__).with_name("results")
FULL = {"warm_requests": 500, "cold_runs": 7, "memory_requests": 2000, "load_seconds": 10.0, "load_requests": 20000}
QUICK = {"warm_requests": 20, "cold_runs": 1, "memory_requests": 20, "load_seconds": 1.0, "load_requests": 200}
LOCAL_CLIENTS = 8


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def _warm_phase(settings: dict[str, Any], quick: bool) -> dict[str, Any]:
    """In a process of its own: it runs moto in-process (mock_aws), which must not meet the moto server of the
    process phase, and its functions log to stdout, which is the report's."""
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as scratch:
        out = Path(scratch, "warm.json")
        command = [sys.executable, "-m", "benchmarks.warm", "--out", str(out),
                   "--requests", str(settings["warm_requests"]), *(["--quick"] if quick else [])]
        finished = subprocess.run(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, timeout=900)
        if finished.returncode != 0 or not out.exists():
            raise RuntimeError(f"exit {finished.returncode}: {finished.stderr.strip()[-800:]}")
        if finished.stderr.strip():
            _say(finished.stderr.strip()[-2000:])  # a scenario's traceback; its row says "error"
        return json.loads(out.read_text())


def run(quick: bool) -> dict[str, Any]:
    settings = QUICK if quick else FULL
    started = time.perf_counter()
    results: dict[str, Any] = {}
    phases = [("warm", "warm overhead, AWS calls, scaling", lambda: _warm_phase(settings, quick)),
              ("processes", "cold start and memory", lambda: _processes(settings)),
              ("local_runtime", "local runtime", lambda: _local_runtime(settings))]
    for key, title, phase in phases:
        _say(f"bench: {title} ...")
        phase_started = time.perf_counter()
        try:
            results[key] = phase()
        except Exception as error:  # noqa: BLE001 - report the others; the table says what is missing
            traceback.print_exc()
            results[f"{key}_error"] = f"{type(error).__name__}: {error}"
        _say(f"bench: {title} took {time.perf_counter() - phase_started:.0f} s")
    results["meta"] = {"mode": "quick" if quick else "full", "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                       "cores": os.cpu_count(), "python": platform.python_version(),
                       "platform": f"{platform.system()} {platform.machine()}", "commit": _commit(),
                       "total_seconds": time.perf_counter() - started, "settings": settings}
    return results


def _processes(settings: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import processes

    return processes.run(settings["cold_runs"], settings["memory_requests"])


def _local_runtime(settings: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import local_runtime

    return local_runtime.measure(LOCAL_CLIENTS, settings["load_seconds"], settings["load_requests"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="a few requests per figure: checks the harness only")
    parser.add_argument("--no-save", action="store_true", help="print only (a quick run is never saved)")
    parser.add_argument("--json", help="also write the raw figures to this file")
    arguments = parser.parse_args(argv)
    results = run(arguments.quick)
    markdown = Report(results).markdown()
    sys.stdout.write(markdown)
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(results, indent=1))
    if not (arguments.quick or arguments.no_save):
        RESULTS_DIR.mkdir(exist_ok=True)
        saved = RESULTS_DIR / time.strftime("%Y-%m-%d-%H%M.md", time.gmtime())
        saved.write_text(markdown)
        _say(f"bench: saved {saved.relative_to(REPO_ROOT)}")
    broken = [key for key in results if key.endswith("_error")]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
