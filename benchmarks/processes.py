"""Figures 1 (cold start) and 5 (memory): each function in fresh processes (benchmarks/child.py) that reach a moto
server run by this process, so that a child imports exactly what its function imports and nothing of moto.

This process prepares the data and the exact events API Gateway would send (routing and the real authorizer run
here; the function is only captured), then starts the children: cold runs interleaved with the floor's, so that
the machine's noise falls on both alike."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from benchmarks.moto_state import TableSnapshot
from benchmarks.scenarios import SCENARIOS, Request, World
from benchmarks.stats import median

CHILD = Path(__file__).with_name("child.py")
PASSWORD_EVENTS_FOR_MEMORY = 20
LIGHT_EVENT_VARIANTS = 5
HEAVY_EVERY = 20  # 2,000 requests then hash 100 passwords, about 5 s
CHILD_TIMEOUT_SECONDS = 600
RESTORE_WARM_REPEATS = 5  # warm requests of the cold start's route after the first, in the restore figure


@dataclass
class FunctionPlan:
    """What one function's children run."""

    logical_id: str
    memory_size: int
    spec: dict[str, Any]
    environment: dict[str, str]
    cold_request: str  # what its cold start serves, for the table
    cold_events: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    light_count: int = 1  # events[:light_count] are cheap enough to repeat
    label: str = ""  # the row's name: the logical id, and for the authorizer the kind of credential
    is_authorizer: bool = False
    measure_memory: bool = True
    problem: str = ""  # why it could not be measured as planned


class EventCapture:
    """API Gateway in this process: the authorizer runs for real; a function's event is kept, not run."""

    def __init__(self, template: Any, resolver: Any, region: str):
        from benchmarks.gateway import authorizer_ids
        from local.functions import load_function
        from local.gateway import api_gateway

        self.authorizer_ids = authorizer_ids(template)
        # Its logs would land in the report (stdout): Powertools binds its stream when the module is imported, and
        # keeps it for the life of the process.
        self._silent = open(os.devnull, "w")  # noqa: SIM115
        with contextlib.redirect_stdout(self._silent):
            self.authorizers = {
                fid: load_function(template.functions[fid], resolver, region) for fid in self.authorizer_ids
            }
        self.captured: list[tuple[str, Any]] = []
        self.gateway = api_gateway(template, resolver, region, self._invoke, usage_plan=False)  # type: ignore[arg-type]

    def _invoke(self, function_id: str, event: Any) -> Any:
        self.captured.append((function_id, copy.deepcopy(event)))
        if function_id in self.authorizers:
            return self.authorizers[function_id].invoke(event)
        return {"statusCode": 200, "body": ""}

    def events(self, request: Request) -> list[tuple[str, Any]]:
        from local.http_messages import HttpRequest

        self.captured = []
        response = self.gateway.handle(
            HttpRequest(request.method, request.target, request.all_headers(), request.body_bytes())
        )
        if response.status >= 400:
            raise RuntimeError(f"{request.method} {request.target}: the gateway answered {response.status}")
        return self.captured


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _probe_request(route: Any, world: World) -> Request:
    """A route with no scenario yet still gets a request: the world's contact in every path parameter, both kinds
    of credential, an empty JSON object as body. The function answers what it answers (often 400)."""
    import re

    contact = world.contact
    target = re.sub(r"\{[^}]+\}", contact.id, route.path)
    body = {} if route.method in ("POST", "PUT", "PATCH") else None
    return Request(route.method, target, world.key_header() + contact.bearer(), body)


def _short(path: str) -> str:
    return path.removeprefix("/self-service/v1")


def plan_functions(template: Any, resolver: Any, region: str) -> list[FunctionPlan]:
    from local.functions import LOCAL_LAMBDA_ENVIRONMENT, function_environment, lambda_environment

    world = World()
    capture = EventCapture(template, resolver, region)
    authorizer_events: list[tuple[str, Any]] = []
    # The authorizer's cold start differs by credential: a contact token also needs the signing keys.
    authorizer_cold: dict[str, tuple[str, Any]] = {}
    plans = []
    for function in template.functions.values():
        # LAMBDA_TASK_ROOT as the Lambda service sets it: the X-Ray SDK, for one, then samples locally instead of
        # making two botocore clients at import.
        # As on Lambda (issue 16): not AWS_SAM_LOCAL (Powertools then behaves as under `sam local`), the execution
        # environment named, an on-demand init (the restore figure runs its children as SnapStart's init instead).
        environment = {
            **{k: v for k, v in os.environ.items() if k not in LOCAL_LAMBDA_ENVIRONMENT},
            **function_environment(function, resolver),
            **lambda_environment(function, region),
            "LAMBDA_TASK_ROOT": str(function.code_dir),
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        }
        spec = {
            "path": [str(function.code_dir), *map(str, function.layer_dirs)],
            "module_file": str(function.module_file),
            "handler_name": function.handler_name,
            "memory_size": function.memory_size,
            "function_name": function.name,
        }
        plan = FunctionPlan(
            function.logical_id,
            function.memory_size,
            spec,
            environment,
            "",
            label=function.logical_id,
            is_authorizer=function.logical_id in capture.authorizer_ids,
        )
        light: list[Any] = []
        heavy: list[Any] = []
        for route in function.routes:
            scenario = SCENARIOS.get((route.method, route.path))
            if scenario is None:
                continue
            try:
                make = scenario.prepare(world)
                variants = LIGHT_EVENT_VARIANTS if scenario.light else PASSWORD_EVENTS_FOR_MEMORY
                for number in range(min(variants, scenario.max_requests or variants)):
                    captured = capture.events(make(number))
                    for function_id, event in captured:
                        if function_id in capture.authorizer_ids:
                            authorizer_events.append((function_id, event))
                            if scenario.light or not _carries_token(event):
                                authorizer_cold.setdefault(
                                    "contact token" if _carries_token(event) else "api_key",
                                    (f"{route.method} {_short(route.path)}", event),
                                )
                    (light if scenario.light else heavy).append(captured[-1][1])
                    if scenario.light and not plan.cold_request:
                        plan.cold_request = f"{route.method} {_short(route.path)}"
            except Exception as error:  # noqa: BLE001 - the function is then measured with a probe, and says why
                plan.problem = f"scenario {route.method} {_short(route.path)} failed: {type(error).__name__}: {error}"
        if not light:
            if function.routes:
                route = function.routes[0]
                try:
                    light = [capture.events(_probe_request(route, world))[-1][1]]
                    plan.cold_request = f"probe: {route.method} {_short(route.path)}, empty body"
                except Exception as error:  # noqa: BLE001 - reported in its row, not hidden
                    plan.problem = f"no request could be prepared: {type(error).__name__}: {error}"
            elif function.logical_id not in capture.authorizer_ids:
                light = [{"Records": []}]
                plan.cold_request = "an empty batch"
        plan.cold_events, plan.events, plan.light_count = light[:1], light + heavy, max(1, len(light))
        plans.append(plan)
    for plan in [p for p in plans if p.is_authorizer]:
        plan.events = [event for _, event in authorizer_events]
        plan.light_count = max(1, len(plan.events))
        for number, (kind, (route, event)) in enumerate(sorted(authorizer_cold.items(), reverse=True)):
            variant = plan if number == 0 else dataclasses.replace(plan, measure_memory=False)
            variant.label, variant.cold_request = f"{plan.logical_id} ({kind})", f"decision for {route}"
            variant.cold_events = [event]
            variant.events = [event, *plan.events]
            if number:
                plans.append(variant)
    for plan in plans:
        if not plan.cold_events and not plan.problem:
            plan.problem = "no request to serve"
    return plans


def _carries_token(authorizer_event: Any) -> bool:
    headers = authorizer_event.get("headers") or {}
    return any(name.lower() in ("authorization", "auth_token", "auth-token") for name in headers)


def schedule(plan: FunctionPlan, requests: int) -> list[int]:
    """Event indexes for the memory run after its warm-up: the light events over and over, and one of the heavy
    (password) events every HEAVY_EVERY requests, `requests` in all."""
    heavy = list(range(plan.light_count, len(plan.events)))
    return [
        heavy[(number // HEAVY_EVERY) % len(heavy)]
        if heavy and number % HEAVY_EVERY == HEAVY_EVERY - 1
        else number % plan.light_count
        for number in range(requests)
    ]


def _run_child(spec: dict[str, Any], environment: dict[str, str], import_times: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        spec_path, result_path = Path(scratch, "spec.json"), Path(scratch, "result.json")
        spec_path.write_text(json.dumps({**spec, "result": str(result_path)}))
        options = ["-X", "importtime"] if import_times else []
        try:
            finished = subprocess.run(
                [sys.executable, *options, str(CHILD), str(spec_path)],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                timeout=CHILD_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:  # its row says so; the other functions are still measured
            return {"error": f"no answer within {CHILD_TIMEOUT_SECONDS} s"}
        if finished.returncode != 0 or not result_path.exists():
            return {"error": f"exit {finished.returncode}: {finished.stderr.strip()[-400:]}"}
        result = json.loads(result_path.read_text())
        if import_times:
            result["imports_ms"] = import_ms_by_package(finished.stderr)
        return result


# Packages the interpreter loads before the child's clock starts, or that every process has: not worth a column.
_STARTUP_PACKAGES = {
    "encodings",
    "site",
    "_distutils_hack",
    "importlib",
    "codecs",
    "abc",
    "io",
    "os",
    "stat",
    "_collections_abc",
    "posixpath",
    "genericpath",
    "_sitebuiltins",
}


def import_ms_by_package(importtime_log: str) -> dict[str, float]:
    """`python -X importtime` lines summed by top-level package: each line's own time (not its children's), so
    that every microsecond is counted once, under the package that spent it."""
    totals: dict[str, float] = {}
    for line in importtime_log.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        package = name.strip().split(".")[0]
        if package not in _STARTUP_PACKAGES:
            totals[package] = totals.get(package, 0.0) + int(own) / 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def measure_cold_starts(plans: list[FunctionPlan], runs: int) -> dict[str, Any]:
    """Median of `runs` fresh processes per function and for the floor, interleaved run by run."""
    floor_environment = plans[0].environment if plans else dict(os.environ)
    figures: dict[str, dict[str, list[float]]] = {}
    errors: dict[str, str] = {}
    floor_rss: list[float] = []

    def keep(name: str, result: dict[str, Any]) -> None:
        for figure in ("seconds", "cpu_seconds", "import_seconds"):
            if figure in result:
                figures.setdefault(name, {}).setdefault(figure, []).append(result[figure])

    # Where import time goes, once per function (importtime itself slows a process, so these runs are not timed).
    import_breakdown = {"floor": _run_child({"mode": "floor"}, floor_environment, True).get("imports_ms", {})}
    for plan in [p for p in plans if p.cold_events]:
        import_breakdown[plan.label] = _run_child(
            {**plan.spec, "mode": "cold", "events": plan.cold_events}, plan.environment, True
        ).get("imports_ms", {})
    for run in range(runs):
        _say(f"bench: cold run {run + 1} of {runs}")
        floor = _run_child({"mode": "floor"}, floor_environment)
        keep("floor", floor)
        floor_rss += [floor["peak_rss_after_1_mb"]] if "peak_rss_after_1_mb" in floor else []
        for plan in [p for p in plans if p.cold_events]:
            result = _run_child({**plan.spec, "mode": "cold", "events": plan.cold_events}, plan.environment)
            if result.get("error"):
                errors[plan.label] = result["error"]
            keep(plan.label, result)
            restored = _run_child(
                {**plan.spec, "mode": "restore", "events": plan.cold_events, "warm_repeats": RESTORE_WARM_REPEATS},
                {**plan.environment, "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start"},
            )
            if restored.get("error") and not errors.get(plan.label):
                errors[plan.label] = restored["error"]
            for figure in ("init_cpu_seconds", "first_cpu_seconds", "warm_cpu_seconds"):
                if figure in restored:
                    figures.setdefault(plan.label, {}).setdefault(figure, []).append(restored[figure])

    def ms_of(name: str, figure: str) -> float:
        return median(figures.get(name, {}).get(figure, [])) * 1000

    return {
        "runs": runs,
        "floor_ms": ms_of("floor", "seconds"),
        "floor_cpu_ms": ms_of("floor", "cpu_seconds"),
        "floor_rss_mb": median(floor_rss),
        "import_breakdown": import_breakdown,
        "functions": [
            {
                "function": plan.label,
                "authorizer": plan.is_authorizer,
                "request": plan.cold_request,
                "cold_ms": ms_of(plan.label, "seconds"),
                "cpu_ms": ms_of(plan.label, "cpu_seconds"),
                "import_ms": ms_of(plan.label, "import_seconds"),
                "init_cpu_ms": ms_of(plan.label, "init_cpu_seconds"),
                "first_after_init_cpu_ms": ms_of(plan.label, "first_cpu_seconds"),
                "warm_cpu_ms": ms_of(plan.label, "warm_cpu_seconds"),
                "error": errors.get(plan.label) or plan.problem or None,
            }
            for plan in plans
        ],
    }


def measure_memory(
    plans: list[FunctionPlan], requests: int, before_each: Callable[[], None] = lambda: None
) -> list[dict[str, Any]]:
    rows = []
    for plan in [p for p in plans if p.measure_memory]:
        before_each()
        started = time.perf_counter()
        result = (
            _run_child(
                {**plan.spec, "mode": "memory", "events": plan.events, "schedule": schedule(plan, requests)},
                plan.environment,
            )
            if plan.cold_events
            else {"error": plan.problem}
        )
        rows.append(
            {
                "function": plan.logical_id,
                "memory_size_mb": plan.memory_size,
                "requests": requests,
                "after_1_mb": result.get("peak_rss_after_1_mb"),
                "after_warm_up_mb": result.get("peak_rss_after_warm_up_mb"),
                "warm_up_requests": len(plan.events),
                "after_n_mb": result.get("peak_rss_after_n_mb"),
                "error": result.get("error") or result.get("later_error"),
            }
        )
        _say(f"bench: memory {plan.logical_id}: {time.perf_counter() - started:.1f} s")
    return rows


class ProcessBench:
    """A moto server in this process, the template provisioned on it and each function's plan: `with` it, then
    measure memory and cold starts (in that order or apart: memory does not mind other work on the machine, cold
    starts do)."""

    def __enter__(self) -> "ProcessBench":
        from benchmarks import moto_speed
        from local.cfn import Resolver, Template
        from local.functions import prepare_process
        from local.resources import default_region, provision
        from local.runtime import start_aws

        moto_speed.install()  # the server is this process's
        region = default_region()
        os.environ.pop("AWS_ENDPOINT_URL", None)
        self.moto_server = start_aws(region, real_aws=False)
        try:
            template = Template.load()
            resolver = Resolver(template, provision(template, region), region)
            prepare_process(template, resolver)
            self.plans = plan_functions(template, resolver, region)
            self.tables = TableSnapshot()  # the server is this process's: its tables are in reach
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_: Any) -> None:
        self.moto_server.stop()
        os.environ.pop("AWS_ENDPOINT_URL", None)

    def memory(self, requests: int) -> list[dict[str, Any]]:
        # Each function's 2,000 requests against the tables as planned: what one function's requests write
        # must not slow the next function's (moto copies each table a transaction touches).
        return measure_memory(self.plans, requests, before_each=self.tables.restore)

    def cold_starts(self, runs: int) -> dict[str, Any]:
        return measure_cold_starts(self.plans, runs)


def run(runs: int, memory_requests: int) -> dict[str, Any]:
    """Start a moto server, provision the template on it, plan, measure; stop the server."""
    with ProcessBench() as bench:
        return {"cold": bench.cold_starts(runs), "memory": bench.memory(memory_requests)}
