"""python -m benchmarks [--quick] [--no-save]: every figure of issue 8, printed as Markdown and saved under
benchmarks/results/. It never fails on a time; a phase that breaks is reported as not measured (exit code 1)."""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from benchmarks.report import Report

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = Path(__file__).with_name("results")
FULL = {"warm_requests": 500, "cold_runs": 7, "memory_requests": 2000, "load_seconds": 10.0, "load_requests": 20000}
QUICK = {"warm_requests": 20, "cold_runs": 1, "memory_requests": 20, "load_seconds": 1.0, "load_requests": 200}
LOCAL_CLIENTS = 8
WARM_TIMEOUT_SECONDS = 900


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


def _warm_phase(settings: dict[str, Any], quick: bool, environment: dict[str, str]) -> dict[str, Any]:
    """In a process of its own: it runs moto in-process (mock_aws), which must not meet the moto server of the
    process phase, and its functions log to stdout, which is the report's."""
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as scratch:
        out = Path(scratch, "warm.json")
        command = [
            sys.executable,
            "-m",
            "benchmarks.warm",
            "--out",
            str(out),
            "--requests",
            str(settings["warm_requests"]),
            *(["--quick"] if quick else []),
        ]
        # Its stderr (a line per route, a scenario's traceback) passes through; the tail explains a failure.
        tail: collections.deque[str] = collections.deque(maxlen=20)
        with subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        ) as child:
            watchdog = threading.Timer(WARM_TIMEOUT_SECONDS, child.kill)
            watchdog.start()
            for line in child.stderr:  # type: ignore[union-attr]
                sys.stderr.write(line)
                tail.append(line)
            returncode = child.wait(timeout=60)
            watchdog.cancel()
        if returncode != 0 or not out.exists():
            raise RuntimeError(f"exit {returncode}: {''.join(tail).strip()[-800:]}")
        return json.loads(out.read_text())


def run(quick: bool) -> dict[str, Any]:
    """The moto server and the functions' plans first; memory runs beside the warm phase (a peak RSS does not mind
    other work on the machine, and the warm figures are the CPU time of one thread); then the cold starts and the
    local runtime, each alone, as their figures are the ones other work disturbs."""
    from benchmarks import processes

    settings = QUICK if quick else FULL
    started = time.perf_counter()
    clean_environment = dict(os.environ)  # for the warm phase: the process phase points this one at its server
    results: dict[str, Any] = {}
    phase_seconds: dict[str, float] = {}

    def phase(key: str, title: str, measure: Callable[[], Any]) -> Any:
        _say(f"bench: {title} ...")
        phase_started = time.perf_counter()
        try:
            return measure()
        except Exception as error:  # noqa: BLE001 - report the others; the table says what is missing
            traceback.print_exc()
            results[f"{key}_error"] = f"{type(error).__name__}: {error}"
            return None
        finally:
            phase_seconds[key] = time.perf_counter() - phase_started
            _say(f"bench: {title} took {phase_seconds[key]:.0f} s")

    bench = phase("processes", "moto server and each function's requests", lambda: processes.ProcessBench().__enter__())
    memory: list[Any] = []
    memory_thread = threading.Thread(
        target=lambda: memory.append(
            phase("memory", "memory (beside the warm phase)", lambda: bench.memory(settings["memory_requests"]))
        )
    )
    if bench is not None:
        memory_thread.start()
    warm = phase("warm", "warm overhead, AWS calls, scaling", lambda: _warm_phase(settings, quick, clean_environment))
    if warm is not None:
        results["warm"] = warm
    if bench is not None:
        memory_thread.join()
        cold = phase("cold", "cold starts", lambda: bench.cold_starts(settings["cold_runs"]))
        bench.__exit__()
        results["processes"] = {"cold": cold, "memory": memory[0]}
    local = phase("local_runtime", "local runtime", lambda: _local_runtime(settings))
    if local is not None:
        results["local_runtime"] = local
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    results["meta"] = {
        "mode": "quick" if quick else "full",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "commit": _commit(),
        "total_seconds": time.perf_counter() - started,
        "settings": settings,
        "phase_seconds": phase_seconds,
        # user + system time of this process and every child: what the run costs on an idle machine
        "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        # the largest single process (kilobytes on Linux): the warm phase's in-process moto, usually
        "peak_rss_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024,
    }
    return results


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
