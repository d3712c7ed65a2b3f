"""`make bench` is not part of the suite; this keeps its harness from rotting: a tiny run must report every route and
every function of the template, measured or marked "not measured yet"."""

import subprocess
import sys
from pathlib import Path

from benchmarks.report import Report
from benchmarks.scenarios import SCENARIOS
from local.cfn import Template

REPO_ROOT = Path(__file__).resolve().parents[2]
API = "/self-service/v1"


def quick_results(**warm):
    """What a quick run records, with no figures but `warm`'s (routes, scaling), for the report to render."""
    meta = {"mode": "quick", "date": "-", "cores": 2, "python": "3", "platform": "-", "commit": "-"}
    empty = {"routes": [], "scaling": [], "stale_scenarios": [], "argon2_hash_p50_ms": 1.0}
    return {"meta": {**meta, "total_seconds": 0.0}, "warm": {**empty, **warm}}


def test_a_quick_run_reports_every_route_and_function():
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--no-save"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = finished.stdout
    template = Template.load()
    sections = {title: report.split(f"## {title}", 1)[1].split("\n## ", 1)[0] for title in ("1.", "2.", "3.", "5.")}
    for function in template.functions.values():
        for route in function.routes:
            shown = f"`{route.method} {route.path.removeprefix(API)}`"
            assert shown in sections["2."] and shown in sections["3."], f"{shown} missing from the report"
        assert function.logical_id in sections["1."] and function.logical_id in sections["5."]
    assert "| `GET /contacts/{id}` | 8 |" in report.split("## 6.", 1)[1], "the local runtime figure is missing"
    assert "**missed**" not in sections["3."], "a route makes more AWS calls than its scenario's minimum"
    oracle = sections["2."].split("registered vs unknown username", 1)[1]
    assert "| known |" in oracle and "| unknown |" in oracle and "| same AWS calls |  |  |  |  | met |" in oracle


def test_a_route_without_a_scenario_is_reported_not_skipped():
    route = {
        "method": "GET",
        "path": f"{API}/contacts/{{id}}/devices",
        "function_id": "DevicesFunction",
        "status": "not measured yet",
    }
    report = Report(quick_results(routes=[route])).markdown()
    assert report.count("`GET /contacts/{id}/devices`") >= 3  # overhead, calls, and as a likely list route
    assert "not measured yet" in report


def test_every_scenario_names_a_template_route():
    served = {(r.method, r.path) for f in Template.load().functions.values() for r in f.routes}
    assert set(SCENARIOS) <= served, f"scenarios for routes the template lacks: {set(SCENARIOS) - served}"
