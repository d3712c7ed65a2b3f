"""`make load` (python -m load in the load venv): a mixed load on the local runtime, then a check that nothing
the API acknowledged was lost.

1. Starts `python -m local` on a free loopback port (or uses --url and --api-key of a runtime already running).
2. Runs locust headless on load/locustfile.py: --rate requests per second for --duration seconds (bounded in
   time and in count: at most 1.2 x rate x duration requests); the users start over 5 s, each registering.
3. Signs in with every registration the API acknowledged and reads every acknowledged update back.
4. Prints requests, the rate achieved, p50/p95/p99 and the answers by status; exits 1 on any error: a 5xx,
   any other unexpected status, a request without an answer, a lost write, or a rate after the ramp under 95 %
   of --rate.

Loopback only: any other host is refused."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from local.supervise import RuntimeNotServing, StartedRuntime, start_runtime

REPO_ROOT = Path(__file__).resolve().parents[1]
API = "/self-service/v1"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
STARTUP_SECONDS = 120
RATE_TOLERANCE = 0.95
RAMP_SECONDS = 5  # the users start over this long (--spawn-rate)


def start_local_runtime(python: str, log_path: Path, instances: int) -> StartedRuntime:
    """`python -m local` on a free port, all its output in log_path; exits the program when it does not serve."""
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    try:
        return start_runtime(
            "--instances",
            str(instances),
            python=python,
            on_output=log.write,
            stderr=log,
            startup_seconds=STARTUP_SECONDS,
        )
    except RuntimeNotServing as error:
        sys.exit(f"{error} (see {log_path})")


def run_locust(url: str, key: str, rate: float, duration: int, users: int, records: Path) -> int:
    environment = {
        **os.environ,
        "LOAD_API_KEY": key,
        "LOAD_RATE": str(rate),
        "LOAD_USERS": str(users),
        "LOAD_MAX_REQUESTS": str(int(rate * duration * 1.2)),
        "LOAD_RECORDS": str(records),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--host",
        url,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // RAMP_SECONDS)),
        "--run-time",
        f"{duration}s",
        "--stop-timeout",
        "10",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    return subprocess.run(command, cwd=REPO_ROOT, env=environment, check=False).returncode


# ---------------------------------------------------------------- the check after the run


def _call(url: str, method: str, path: str, headers: dict[str, str], body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{url}{API}{path}", data=data, method=method, headers={**headers, "Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - loopback, checked
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")[:200]
    except OSError as error:
        return 0, str(error)


def check_registration(url: str, key: str, email: str, record: dict[str, Any]) -> str | None:
    """None when the contact signs in and reads back every acknowledged update; else what was lost."""
    status, tokens = _call(
        url,
        "POST",
        "/contacts/authenticate",
        {"api_key": key},
        {"provider": "EMAIL", "username": email, "password": record["password"]},
    )
    if status != 200:
        return f"{email}: sign-in answered {status} {tokens}"
    if tokens["contact"]["id"] != record["contact_id"]:
        return f"{email}: signed in as {tokens['contact']['id']}, registered as {record['contact_id']}"
    status, contact = _call(
        url, "GET", f"/contacts/{record['contact_id']}", {"Authorization": f"Bearer {tokens['access_token']}"}
    )
    if status != 200:
        return f"{email}: reading the contact answered {status} {contact}"
    for field in ("first_name", "consent_state"):
        unsettled = record.get("unsettled", {}).get(field, [])
        if field in record or unsettled:
            allowed = {*unsettled, *([record[field]] if field in record else [])}
            if contact.get(field) not in allowed:
                return f"{email}: {field} is {contact.get(field)!r}, acknowledged {record.get(field)!r}"
    return None


def check_writes(url: str, key: str, registrations: dict[str, Any]) -> list[str]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = pool.map(lambda item: check_registration(url, key, *item), registrations.items())
        return [outcome for outcome in outcomes if outcome]


# ---------------------------------------------------------------- the report


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(result: dict[str, Any], rate: float, lost: list[str]) -> list[str]:
    """Prints the summary; answers the errors (empty: the run passed)."""
    latencies = result["latencies_ms"]
    seconds = max((result["last"] or 0) - (result["first"] or 0), 1e-9)
    achieved = len(latencies) / seconds
    # The rate once every user runs: from the end of the ramp to the last answer.
    steady_from = (result["first"] or 0) + RAMP_SECONDS
    steady = sum(1 for end in result.get("ends", []) if end >= steady_from) / max(
        (result["last"] or 0) - steady_from, 1e-9
    )
    by_status: dict[str, int] = {}
    for counts in result["statuses"].values():
        for status, count in counts.items():
            by_status[status] = by_status.get(status, 0) + count
    print(
        f"\nrequests: {len(latencies)} in {seconds:.1f} s = {achieved:.1f} requests/s; after the {RAMP_SECONDS} s "
        f"ramp: {steady:.1f} requests/s (asked: {rate:g})"
    )
    print(
        f"latency ms: p50 {percentile(latencies, 0.5):.0f}, p95 {percentile(latencies, 0.95):.0f}, "
        f"p99 {percentile(latencies, 0.99):.0f}, max {max(latencies, default=0):.0f}"
    )
    print("answers by status: " + ", ".join(f"{s or 'none'}: {n}" for s, n in sorted(by_status.items())))
    print(f"{'request':<44} {'count':>7}  statuses")
    for name, counts in sorted(result["statuses"].items()):
        print(f"{name:<44} {sum(counts.values()):>7}  " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    errors = []
    server_errors = sum(n for s, n in by_status.items() if s.startswith("5"))
    unexpected = sum(n for s, n in by_status.items() if not s.startswith(("2", "5")))
    if server_errors:
        errors.append(f"{server_errors} answers with a 5xx status")
    if unexpected:
        errors.append(f"{unexpected} answers with another status than 2xx (0: no answer)")
    for what, count in result["errors"].items():
        errors.append(f"{count} x {what}")
    registrations = len(result["registrations"])
    print(
        f"acknowledged registrations: {registrations}; lost (cannot sign in, or an acknowledged update "
        f"does not read back): {len(lost)}"
    )
    errors.extend(lost[:20])
    if lost[20:]:
        errors.append(f"... and {len(lost) - 20} more lost writes")
    if steady < RATE_TOLERANCE * rate:
        errors.append(
            f"the rate achieved after the ramp ({steady:.1f}/s) is under {RATE_TOLERANCE:.0%} of the rate "
            f"asked ({rate:g}/s): the runtime could not keep up"
        )
    return errors


def _loopback(url: str) -> bool:
    return urllib.parse.urlsplit(url).hostname in LOOPBACK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--rate",
        type=float,
        default=float(os.environ.get("RATE") or 200),
        help="requests per second (default: %(default)s)",
    )
    parser.add_argument(
        "--duration", type=int, default=int(os.environ.get("DURATION") or 60), help="seconds (default: %(default)s)"
    )
    parser.add_argument(
        "--users",
        type=int,
        default=int(os.environ.get("USERS") or 100),
        help="simulated contacts, each with its own connection (default: %(default)s)",
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("URL") or "",
        help="a local runtime already running, e.g. http://127.0.0.1:3000 (default: start one)",
    )
    parser.add_argument("--api-key", default=os.environ.get("API_KEY") or "", help="its test api_key (with --url)")
    parser.add_argument(
        "--instances",
        type=int,
        default=int(os.environ.get("INSTANCES") or 4),
        help="instances of each function in the runtime it starts (default: %(default)s)",
    )
    parser.add_argument(
        "--runtime-python",
        default=str(REPO_ROOT / ".venv" / "bin" / "python"),
        help="the Python that runs `-m local` (default: the project's .venv)",
    )
    arguments = parser.parse_args(argv)
    if arguments.url and not (_loopback(arguments.url) and arguments.api_key):
        parser.error("--url must be a loopback address (127.0.0.1, localhost, ::1), with --api-key")

    work = Path(tempfile.mkdtemp(prefix="crm-load-"))
    records = work / "records.json"
    runtime = None
    url, key = arguments.url.rstrip("/"), arguments.api_key
    try:
        if not url:
            runtime = start_local_runtime(arguments.runtime_python, work / "runtime.log", arguments.instances)
            url, key = runtime.root_url, runtime.announced["test"]
            print(f"local runtime at {url} (its log: {work / 'runtime.log'})")
        print(f"locust: {arguments.rate:g} requests/s for {arguments.duration} s, {arguments.users} users")
        run_locust(url, key, arguments.rate, arguments.duration, arguments.users, records)
        if not records.exists():
            print("locust wrote no records: the run did not happen", file=sys.stderr)
            return 1
        result = json.loads(records.read_text())
        started = time.perf_counter()
        lost = check_writes(url, key, result["registrations"])
        print(f"checked {len(result['registrations'])} registrations in {time.perf_counter() - started:.1f} s")
    finally:
        if runtime is not None:
            runtime.stop()
    errors = report(result, arguments.rate, lost)
    if errors:
        print("\nFAILED:\n  " + "\n  ".join(errors))
        return 1
    print("\nPASSED: no 5xx, no other error, no lost write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
