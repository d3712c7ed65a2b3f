"""python -m benchmarks.warm --out FILE [--requests N] [--quick]: figures 2 (warm overhead), 3 (AWS calls per request)
and 4 (scaling of list routes), measured in this process against moto in-process.

Every template route goes through the local API Gateway (routing, authorizer, proxy event) as on AWS; only the time
inside the authorizer's and the function's handlers is measured, less the time inside AWS calls (see probes)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any

# Before anything imports boto3: never reach a real account, and hook every botocore session to come.
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_PROFILE", None)
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_SESSION_TOKEN="testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"]

from benchmarks import probes  # noqa: E402

probes.install_aws_probe()

from moto import mock_aws  # noqa: E402

from benchmarks import moto_speed  # noqa: E402

moto_speed.install()

from benchmarks.gateway import authorizer_ids  # noqa: E402
from benchmarks.moto_state import TableSnapshot  # noqa: E402
from benchmarks.scenarios import API, PASSWORD, SCENARIOS, Request, Scenario, World  # noqa: E402
from benchmarks.stats import median, ms, percentile  # noqa: E402
from local.cfn import Resolver, Template  # noqa: E402
from local.functions import LoadedFunction, load_function, prepare_process  # noqa: E402
from local.gateway import api_gateway  # noqa: E402
from local.http_messages import HttpRequest  # noqa: E402
from local.resources import provision  # noqa: E402

WARM_UP_REQUESTS = 3
SCALING_SIZES = (20, 1_000, 10_000)
QUICK_SCALING_SIZES = (20, 100)
SCALING_REQUESTS = 5


@dataclass
class Span:
    function_id: str
    wall: float
    cpu: float  # this thread's CPU time: what our code costs, whatever else the machine is doing
    record: probes.CallRecord


class MeasuringInvoker:
    """What the gateway calls to run a function: runs it and keeps the span of each handler call."""

    def __init__(self, functions: dict[str, LoadedFunction]):
        self.functions = functions
        self.spans: list[Span] = []

    def __call__(self, function_id: str, event: Any) -> Any:
        record = probes.reset()
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            return self.functions[function_id].invoke(event)
        finally:
            self.spans.append(
                Span(function_id, time.perf_counter() - started, time.thread_time() - cpu_started, record)
            )
            probes.reset()  # calls made between requests (a scenario preparing the next one) count for no span


def _calls_per_request(records: list[probes.CallRecord]) -> dict[str, float]:
    totals: dict[str, int] = {}
    for record in records:
        for operation, count in record.calls.items():
            totals[operation] = totals.get(operation, 0) + count
    return {operation: total / len(records) for operation, total in sorted(totals.items())} if records else {}


def _summary(spans: list[Span]) -> dict[str, Any]:
    overhead = [ms(s.wall - s.record.aws_seconds - s.record.hash_seconds) for s in spans]
    overhead_cpu = [ms(s.cpu - s.record.aws_cpu_seconds - s.record.hash_cpu_seconds) for s in spans]
    return {
        "count": len(spans),
        "overhead_p50_ms": percentile(overhead, 0.5),
        "overhead_p99_ms": percentile(overhead, 0.99),
        "overhead_cpu_p50_ms": percentile(overhead_cpu, 0.5),
        "overhead_cpu_p99_ms": percentile(overhead_cpu, 0.99),
        "wall_p50_ms": percentile([ms(s.wall) for s in spans], 0.5),
        "aws_p50_ms": percentile([ms(s.record.aws_seconds) for s in spans], 0.5),
        "hash_p50_ms": percentile([ms(s.record.hash_seconds) for s in spans], 0.5),
        "calls_per_request": _calls_per_request([s.record for s in spans]),
        "items_read_p50": median([s.record.items_read for s in spans]),
    }


class Bench:
    def __init__(self, template: Template, region: str):
        self.template = template
        physical = provision(template, region)
        self.resolver = Resolver(template, physical, region)
        prepare_process(template, self.resolver)
        probes.install_hash_probe()
        self.functions = {fid: load_function(f, self.resolver, region) for fid, f in template.functions.items()}
        self.invoker = MeasuringInvoker(self.functions)
        self.gateway = api_gateway(template, self.resolver, region, self.invoker, usage_plan=False)
        self.authorizer_ids = authorizer_ids(template)
        self.world = World()
        self._base_tables = TableSnapshot()

    def keep_base_state(self) -> None:
        """Make the data every scenario shares (organisation, contact, communication, file), then keep a copy of
        the tables for restore_base_state()."""
        world = self.world
        _ = world.organisation, world.contact, world.communication, world.file
        self._base_tables = TableSnapshot()

    def restore_base_state(self) -> None:
        """Drop what the last scenario left in the tables (see benchmarks.moto_state)."""
        self._base_tables.restore()

    def send(self, request: Any) -> tuple[int, list[Span], bytes]:
        self.invoker.spans = []
        response = self.gateway.handle(
            HttpRequest(request.method, request.target, request.all_headers(), request.body_bytes())
        )
        return response.status, self.invoker.spans, response.body

    def measure_route(self, scenario: Scenario, requests: int) -> dict[str, Any]:
        make = scenario.prepare(self.world)
        count = min(requests, scenario.max_requests or requests)
        function_spans: list[Span] = []
        authorizer_spans: list[Span] = []
        for number in range(-WARM_UP_REQUESTS if not scenario.hashes_password else -1, count):
            status, spans, body = self.send(make(number))
            if status != scenario.expected_status:
                raise RuntimeError(f"answered {status}, expected {scenario.expected_status}: {body[:300]!r}")
            if number < 0:
                continue
            function_spans += [s for s in spans if s.function_id not in self.authorizer_ids]
            authorizer_spans += [s for s in spans if s.function_id in self.authorizer_ids]
        return {
            "function": _summary(function_spans),
            "authorizer": _summary(authorizer_spans) if authorizer_spans else None,
        }

    def measure_reset_oracle(self, requests: int) -> dict[str, Any]:
        """POST /contacts/forgot_password's request path for a registered and an unknown username, interleaved:
        the two must cost the same (the answer's time must not tell who is registered)."""
        key, known = self.world.key_header(), self.world.contact.email
        spans: dict[str, list[Span]] = {"known": [], "unknown": []}
        for number in range(-WARM_UP_REQUESTS, requests):
            for kind, username in (("known", known), ("unknown", f"nobody-{number}@bench.example")):
                request = Request("POST", f"{API}/contacts/forgot_password", key, {"username": username})
                status, request_spans, body = self.send(request)
                if status != 200:
                    raise RuntimeError(f"forgot_password ({kind}) answered {status}: {body[:300]!r}")
                if number >= 0:
                    spans[kind] += [s for s in request_spans if s.function_id not in self.authorizer_ids]
        return {kind: _summary(kind_spans) for kind, kind_spans in spans.items()}

    def measure_scaling(self, scenario: Scenario, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
        rows = []
        for size in sizes:
            started = time.perf_counter(), time.process_time()
            make = scenario.seed_records(self.world, size)  # type: ignore[misc]
            _progress(f"  seeded {size:,} records", started)
            spans = []
            for number in range(SCALING_REQUESTS):
                status, request_spans, body = self.send(make(number))
                if status != scenario.expected_status:
                    raise RuntimeError(f"answered {status} at {size} records: {body[:300]!r}")
                spans += [s for s in request_spans if s.function_id not in self.authorizer_ids]
            rows.append(
                {
                    "records": size,
                    "items_read": median([s.record.items_read for s in spans]),
                    "wall_p50_ms": percentile([ms(s.wall) for s in spans], 0.5),
                }
            )
        return rows


def _empty_handler(event: Any, context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": ""}


def harness_floor(requests: int) -> dict[str, Any]:
    """The same measurement around a handler that does nothing: what the harness itself adds (the fake Lambda
    context, the instance lock), which every route's overhead includes."""
    import dataclasses

    from local.functions import LoadedFunction

    template_function = next(iter(Template.load().functions.values()), None)
    if template_function is None:
        return {}
    module = type(sys)("bench_empty")
    module.handler = _empty_handler  # type: ignore[attr-defined]
    function = dataclasses.replace(template_function, handler="app.handler")
    loaded = LoadedFunction(function, module, os.environ["AWS_REGION"])
    invoker = MeasuringInvoker({"empty": loaded})
    for _ in range(requests):
        invoker("empty", {})
    return _summary(invoker.spans)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


def _progress(what: str, started: tuple[float, float]) -> None:
    sys.stderr.write(
        f"bench: warm {what}: {time.perf_counter() - started[0]:.1f} s "
        f"({time.process_time() - started[1]:.1f} s CPU), peak RSS {_peak_rss_mb():.0f} MB\n"
    )
    sys.stderr.flush()


def run(requests: int, quick: bool) -> dict[str, Any]:
    template = Template.load()
    region = os.environ["AWS_REGION"]
    routes_out, scaling_out = [], []
    with mock_aws():
        bench = Bench(template, region)
        bench.keep_base_state()
        template_routes = [(f.logical_id, r) for f in template.functions.values() for r in f.routes]
        for function_id, route in template_routes:
            route_started = time.perf_counter(), time.process_time()
            row: dict[str, Any] = {"method": route.method, "path": route.path, "function_id": function_id}
            found = SCENARIOS.get((route.method, route.path))
            bench.restore_base_state()
            if found is None:
                row["status"] = "not measured yet"
            else:
                row.update(
                    minimum_calls=dict(found.minimum_calls),
                    authorizer_minimum_calls=dict(found.authorizer_minimum_calls),
                    why_minimum=found.why_minimum,
                    hashes_password=found.hashes_password,
                )
                try:
                    row.update(bench.measure_route(found, requests), status="measured")
                except Exception as error:  # noqa: BLE001 - one broken scenario must not hide the others
                    row.update(status="error", error=f"{type(error).__name__}: {error}")
                    traceback.print_exc()
                if found.seed_records is not None:
                    try:
                        scaling_out.append(
                            {
                                **row,
                                "sizes": bench.measure_scaling(found, QUICK_SCALING_SIZES if quick else SCALING_SIZES),
                            }
                        )
                    except Exception as error:  # noqa: BLE001
                        scaling_out.append({**row, "sizes": [], "error": f"{type(error).__name__}: {error}"})
            routes_out.append(row)
            _progress(f"{route.method} {route.path.removeprefix('/self-service/v1')}", route_started)
        bench.restore_base_state()
        try:
            reset_oracle: dict[str, Any] = bench.measure_reset_oracle(requests)
        except Exception as error:  # noqa: BLE001 - the other figures still stand
            reset_oracle = {"error": f"{type(error).__name__}: {error}"}
            traceback.print_exc()
        served = {(r.method, r.path) for _, r in template_routes}
        stale = [f"{m} {p}" for (m, p) in SCENARIOS if (m, p) not in served]
        hash_seconds = _argon2_hash_seconds()
    return {
        "routes": routes_out,
        "scaling": scaling_out,
        "stale_scenarios": stale,
        "reset_oracle": reset_oracle,
        "floor": harness_floor(requests),
        "argon2_hash_p50_ms": ms(median(hash_seconds)),
    }


def _argon2_hash_seconds(times: int = 5) -> list[float]:
    """argon2id at the parameters crm.passwords chose, alone."""
    from crm.passwords import hash_password

    spans = []
    for _ in range(times):
        started = time.perf_counter()
        hash_password(PASSWORD)
        spans.append(time.perf_counter() - started)
    return spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.warm")
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args(argv)
    result = run(arguments.requests, arguments.quick)
    with open(arguments.out, "w") as out:
        json.dump(result, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
