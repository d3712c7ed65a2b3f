"""The results as Markdown: one table per figure, each beside its floor or target, misses marked."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

API = "/self-service/v1"
COLD_TARGET, AUTHORIZER_COLD_TARGET = 1.25, 1.10
FIRST_AFTER_INIT_TARGET = 1.5  # the first request after a (SnapStart) init against a warm one, same route
FIRST_AFTER_INIT_SLACK_MS = 1.0  # below this difference (an empty batch: 0.1 ms against 0.02) a ratio says nothing
OVERHEAD_P50_TARGET_MS, OVERHEAD_P99_TARGET_MS, AUTHORIZER_P50_TARGET_MS = 1.0, 3.0, 0.3
MEMORY_GROWTH_TARGET, MEMORY_SHARE_TARGET = 0.10, 0.75
MET, MISSED = "met", "**missed**"
PRICES = Path(__file__).with_name("prices.json")
# The cost figure's request mix: requests per monthly active contact and month (a mobile app used a few times a week).
COST_MIX = {
    ("POST", "/contacts/authenticate"): 4,
    ("POST", "/contacts/refresh"): 30,
    ("GET", "/contacts/{id}"): 20,
    ("GET", "/contacts/{id}/communications"): 15,
    ("PUT", "/communications/{id}/actions"): 4,
    ("PUT", "/contacts/{id}"): 2,
    ("PUT", "/contacts/{id}/preferences"): 1,
    ("POST", "/upload/files"): 0.5,
    ("POST", "/printout"): 0.2,
    ("POST", "/contacts/otp"): 1,
}
COST_MESSAGES = {"email": 2.0, "sms": 0.5}  # OTPs and mails by channel, per contact and month
AWS_CALL_MS, TRANSACTION_ITEMS, COLD_SHARE, LOG_BYTES_PER_REQUEST = 5, 3, 0.01, 1500
WAF_RULES, SNAPSTART_CACHE_GB = 5, 13 * 0.5


def _n(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _route(row: dict[str, Any]) -> str:
    return f"`{row['method']} {row['path'].removeprefix(API)}`"


def _calls(calls: dict[str, float] | None) -> str:
    if not calls:
        return "none"
    return ", ".join(f"{op} {count:g}" for op, count in sorted(calls.items()))


def _steady(calls: dict[str, float]) -> dict[str, int]:
    return {operation: round(count) for operation, count in calls.items() if round(count)}


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header), *("| " + " | ".join(r) + " |" for r in rows)]


class Report:
    def __init__(self, results: dict[str, Any]):
        self.results = results
        self.misses: list[str] = []

    def _verdict(self, ok: bool, what: str) -> str:
        if not ok:
            self.misses.append(what)
        return MET if ok else MISSED

    def markdown(self) -> str:
        meta = self.results["meta"]
        lines = [
            f"# Benchmark ({meta['mode']})",
            "",
            f"{meta['date']} · {meta['cores']} cores · Python {meta['python']} · {meta['platform']} · "
            f"commit {meta['commit']} · total {meta['total_seconds']:.0f} s",
            "",
        ]
        if "cpu_seconds" in meta:
            phases = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in meta["phase_seconds"].items())
            lines += [
                f"The run: {meta['total_seconds']:.0f} s wall ({phases}; memory runs beside the warm phase), "
                f"{meta['cpu_seconds']:.0f} s CPU in all its processes, peak RSS of its largest process "
                f"{meta['peak_rss_mb']:.0f} MB.",
                "",
            ]
        for section in (
            self.cold_start,
            self.first_after_init,
            self.warm_overhead,
            self.aws_calls,
            self.scaling,
            self.memory,
            self.local_runtime,
            self.cost,
        ):
            lines += section() + [""]
        lines += ["## Misses", ""]
        lines += [f"- {miss}" for miss in self.misses] or ["- none"]
        return "\n".join(lines) + "\n"

    def _error(self, *phases: str) -> str:
        return next((self.results[f"{p}_error"] for p in phases if f"{p}_error" in self.results), "skipped")

    def _routes(self) -> list[dict[str, Any]]:
        return self.results.get("warm", {}).get("routes", [])

    def cold_start(self) -> list[str]:
        cold = self.results.get("processes", {}).get("cold")
        lines = ["## 1. Cold start", ""]
        if not cold:
            return lines + [f"not measured: {self._error('cold', 'processes')}"]
        floor = cold["floor_cpu_ms"]
        lines += [
            f"Median of {cold['runs']} fresh processes each (interleaved with the floor's), from the first line "
            "of the process (interpreter start excluded) to the answer, against a moto server. The ratio is of "
            "CPU time, which the other work on this machine disturbs far less than wall time (both shown). "
            f"Floor: import boto3 and make one DynamoDB client = **{floor:.0f} ms CPU** "
            f"({cold['floor_ms']:.0f} ms wall).",
            "",
        ]
        rows = []
        for row in cold["functions"]:
            target = AUTHORIZER_COLD_TARGET if row.get("authorizer") else COLD_TARGET
            ratio = row["cpu_ms"] / floor if floor else math.nan
            verdict = self._verdict(
                ratio <= target, f"cold start of {row['function']}: {ratio:.2f} x the floor (target {target} x)"
            )
            rows.append(
                [
                    row["function"],
                    row["request"] + (f" (error: {row['error']})" if row["error"] else ""),
                    _n(row["import_ms"], 0),
                    _n(row["cold_ms"], 0),
                    _n(row["cpu_ms"], 0),
                    _n(ratio),
                    f"≤ {target}",
                    verdict,
                ]
            )
        lines += _table(
            [
                "function",
                "request served",
                "import ms wall",
                "cold ms wall",
                "cold ms CPU",
                "x floor (CPU)",
                "target",
                "",
            ],
            rows,
        )
        breakdown = cold.get("import_breakdown") or {}
        if breakdown:
            lines += [
                "",
                "Where the import time goes (`python -X importtime`, one run each, ms by top-level package, "
                "heaviest first):",
                "",
            ]
            lines += _table(
                ["process", "heaviest imports"],
                [
                    [name, ", ".join(f"{package} {spent:.0f}" for package, spent in list(packages.items())[:8])]
                    for name, packages in breakdown.items()
                ],
            )
        return lines

    def first_after_init(self) -> list[str]:
        cold = self.results.get("processes", {}).get("cold")
        lines = ["## 1b. First request after the init phase (SnapStart)", ""]
        if not cold:
            return lines + [f"not measured: {self._error('cold', 'processes')}"]
        lines += [
            "What a copy restored from a SnapStart snapshot still does: a fresh process runs the init phase as "
            "SnapStart does (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start, so `crm.lifecycle.prime` builds the "
            "clients, models' connections and route validators), then the after-restore hooks (the caches of keys "
            "and secrets are dropped, so the first request reads them again), then serves figure 1's request, "
            "then the same request again (median of the repeats = warm; a verdict is also met within "
            f"{FIRST_AFTER_INIT_SLACK_MS:g} ms of it). CPU time of the request alone; median of "
            f"{cold['runs']} processes. Init CPU is what the snapshot holds (paid once per published version).",
            "",
        ]
        rows = []
        for row in cold["functions"]:
            first, warm = row.get("first_after_init_cpu_ms"), row.get("warm_cpu_ms")
            if first is None or warm is None or math.isnan(first) or math.isnan(warm):
                continue
            ratio = first / warm if warm else math.nan
            verdict = self._verdict(
                ratio <= FIRST_AFTER_INIT_TARGET or first - warm <= FIRST_AFTER_INIT_SLACK_MS,
                f"first request after init of {row['function']}: {ratio:.2f} x a warm one "
                f"(target {FIRST_AFTER_INIT_TARGET} x)",
            )
            rows.append(
                [
                    row["function"],
                    row["request"],
                    _n(row.get("init_cpu_ms"), 0),
                    _n(first, 1),
                    _n(warm, 1),
                    _n(ratio),
                    f"≤ {FIRST_AFTER_INIT_TARGET}",
                    verdict,
                ]
            )
        lines += _table(
            ["function", "request", "init ms CPU", "first ms CPU", "warm ms CPU", "x warm", "target", ""], rows
        )
        return lines

    def warm_overhead(self) -> list[str]:
        warm = self.results.get("warm")
        lines = ["## 2. Warm overhead (our code: handler time minus time inside AWS calls)", ""]
        if not warm:
            return lines + [f"not measured: {self.results.get('warm_error', 'skipped')}"]
        floor = warm.get("floor") or {}
        lines += [
            "In-process against moto, through the local API Gateway. Time inside AWS calls is the whole botocore "
            "call (validation, serialisation, signing, moto's reply, parsing); making a client counts as our "
            "code. The verdict is on CPU time of the handler's thread, which other processes on this machine "
            "do not inflate; wall time is shown beside it. Floor: the same measurement around an empty handler "
            f"= p50 **{_n(floor.get('overhead_cpu_p50_ms'), 3)} ms** CPU, p99 "
            f"{_n(floor.get('overhead_cpu_p99_ms'), 3)} ms (included in every figure below).",
            "",
            f"argon2id alone (crm.passwords parameters): p50 **{warm['argon2_hash_p50_ms']:.1f} ms**; password "
            "routes show it apart and their overhead excludes it.",
            "",
        ]
        rows, authorizer_rows = [], []
        for row in self._routes():
            if row["status"] != "measured":
                rows.append([_route(row), row["function_id"], row.get("error", row["status"]), *[""] * 8])
                continue
            f = row["function"]
            if row.get("hashes_password"):
                target, verdict = "hashes: reported", "–"
            else:
                ok = (
                    f["overhead_cpu_p50_ms"] <= OVERHEAD_P50_TARGET_MS
                    and f["overhead_cpu_p99_ms"] <= OVERHEAD_P99_TARGET_MS
                )
                target = f"p50 ≤ {OVERHEAD_P50_TARGET_MS:g}, p99 ≤ {OVERHEAD_P99_TARGET_MS:g}"
                verdict = self._verdict(
                    ok,
                    f"warm overhead of {_route(row)}: CPU p50 {f['overhead_cpu_p50_ms']:.2f} "
                    f"ms, p99 {f['overhead_cpu_p99_ms']:.2f} ms",
                )
            rows.append(
                [
                    _route(row),
                    row["function_id"],
                    str(f["count"]),
                    _n(f["overhead_cpu_p50_ms"]),
                    _n(f["overhead_cpu_p99_ms"]),
                    _n(f["overhead_p50_ms"]),
                    _n(f["overhead_p99_ms"]),
                    _n(f["aws_p50_ms"]),
                    _n(f["hash_p50_ms"]) if row.get("hashes_password") else "–",
                    target,
                    verdict,
                ]
            )
            a = row.get("authorizer")
            if a:
                ok = a["overhead_cpu_p50_ms"] <= AUTHORIZER_P50_TARGET_MS
                authorizer_rows.append(
                    [
                        _route(row),
                        str(a["count"]),
                        _n(a["overhead_cpu_p50_ms"], 3),
                        _n(a["overhead_cpu_p99_ms"]),
                        _n(a["overhead_p50_ms"], 3),
                        _n(a["aws_p50_ms"]),
                        f"p50 ≤ {AUTHORIZER_P50_TARGET_MS}",
                        self._verdict(
                            ok, f"authorizer decision for {_route(row)}: CPU p50 {a['overhead_cpu_p50_ms']:.3f} ms"
                        ),
                    ]
                )
        lines += _table(
            [
                "route",
                "function",
                "requests",
                "CPU p50 ms",
                "CPU p99 ms",
                "wall p50 ms",
                "wall p99 ms",
                "AWS p50 ms",
                "argon2id p50 ms",
                "target",
                "",
            ],
            rows,
        )
        lines += ["", "Authorizer decision in front of each route (its handler time minus its AWS calls):", ""]
        lines += _table(
            ["route", "requests", "CPU p50 ms", "CPU p99 ms", "wall p50 ms", "AWS p50 ms", "target", ""],
            authorizer_rows,
        )
        return lines + self._reset_oracle(warm.get("reset_oracle"))

    def _reset_oracle(self, oracle: dict[str, Any] | None) -> list[str]:
        """forgot_password's request path for a registered and an unknown username, side by side."""
        lines = ["", "`POST /contacts/forgot_password` request path, registered vs unknown username (interleaved):", ""]
        if not oracle:
            return lines + ["not measured"]
        if "error" in oracle:
            return lines + [f"not measured: {oracle['error']}"]
        rows = [
            [
                kind,
                str(oracle[kind]["count"]),
                _n(oracle[kind]["wall_p50_ms"]),
                _n(oracle[kind]["overhead_cpu_p50_ms"]),
                _n(oracle[kind]["aws_p50_ms"]),
                _calls(oracle[kind]["calls_per_request"]),
            ]
            for kind in ("known", "unknown")
        ]
        alike = oracle["known"]["calls_per_request"] == oracle["unknown"]["calls_per_request"]
        verdict = self._verdict(alike, "forgot_password's request path calls differ for known and unknown usernames")
        rows.append(["same AWS calls", "", "", "", "", verdict])
        return lines + _table(["username", "requests", "wall p50 ms", "CPU p50 ms", "AWS p50 ms", "AWS calls"], rows)

    def aws_calls(self) -> list[str]:
        lines = ["## 3. AWS calls per warm request", ""]
        if not self.results.get("warm"):
            return lines + ["not measured"]
        rows = []
        for row in self._routes():
            if row["status"] != "measured":
                rows.append([_route(row), row["status"], "", "", "", "", ""])
                continue
            calls = row["function"]["calls_per_request"]
            authorizer_calls = (row.get("authorizer") or {}).get("calls_per_request", {})
            scans = "Scan" in calls or "Scan" in authorizer_calls
            # Per request, rounded: a warm authorizer re-reads an API key every 30 s and the signing keys every
            # 5 minutes, which shows as a fraction (GetItem 0.005) that no request's data needs.
            ok = (
                _steady(calls) == _steady(row["minimum_calls"])
                and _steady(authorizer_calls) == _steady(row["authorizer_minimum_calls"])
                and not scans
            )
            rows.append(
                [
                    _route(row),
                    _calls(calls),
                    _calls(row["minimum_calls"]),
                    _calls(authorizer_calls),
                    _calls(row["authorizer_minimum_calls"]),
                    "**yes**" if scans else "no",
                    self._verdict(ok, f"AWS calls of {_route(row)} above the minimum"),
                ]
            )
        lines += _table(["route", "function", "minimum", "authorizer", "minimum", "scans a table", ""], rows)
        lines += [
            "",
            "Calls per request are averages over the route's requests; a fraction below one half is a "
            "cached read refreshed (API keys every 30 s, signing keys every 5 minutes), not a miss.",
        ]
        why = [f"- {_route(r)}: {r['why_minimum']}" for r in self._routes() if r.get("why_minimum")]
        return lines + (["", "Why these minimums:", "", *why] if why else [])

    def scaling(self) -> list[str]:
        lines = ["## 4. Scaling of list routes (page 1, size 20)", ""]
        warm = self.results.get("warm")
        if not warm:
            return lines + ["not measured"]
        rows = []
        for row in warm["scaling"]:
            sizes = row.get("sizes", [])
            if not sizes:
                rows.append([_route(row), row.get("error", "no figures"), "", ""])
                continue
            first, last = sizes[0]["items_read"], sizes[-1]["items_read"]
            ratio = last / first if first else math.nan
            rows.append(
                [
                    _route(row),
                    ", ".join(f"{s['records']:,}: {s['items_read']:g}" for s in sizes),
                    ", ".join(f"{s['records']:,}: {s['wall_p50_ms']:.1f}" for s in sizes),
                    _n(ratio),
                    self._verdict(ratio <= 1.0, f"items read by {_route(row)} grow {ratio:.2f} x"),
                ]
            )
        looks_like_lists = [
            r
            for r in self._routes()
            if r["method"] == "GET" and not r["path"].endswith("}") and r["status"] == "not measured yet"
        ]
        rows += [[_route(r), "not measured yet (no scenario)", "", "", ""] for r in looks_like_lists]
        if not rows:
            return lines + [
                "no list routes yet: a scenario with `seed_records` is measured here at 20, 1,000 and 10,000 records."
            ]
        return lines + _table(["route", "items read at N records", "ms p50 at N records", "growth", ""], rows)

    def memory(self) -> list[str]:
        rows_in = self.results.get("processes", {}).get("memory")
        lines = ["## 5. Memory (peak RSS of a fresh process per function)", ""]
        if not rows_in:
            return lines + [f"not measured: {self._error('memory', 'processes')}"]
        rows = []
        for row in rows_in:
            one, base, many, size = row["after_1_mb"], row["after_warm_up_mb"], row["after_n_mb"], row["memory_size_mb"]
            if one is None or base is None or many is None:
                rows.append([row["function"], str(size), "–", "–", "–", "–", "–", f"error: {row['error']}"])
                continue
            growth, share = (many - base) / base, many / size
            ok = growth < MEMORY_GROWTH_TARGET and share <= MEMORY_SHARE_TARGET
            rows.append(
                [
                    row["function"],
                    str(size),
                    _n(one, 1),
                    f"{_n(base, 1)} ({row['warm_up_requests']})",
                    f"{_n(many, 1)} (+{row['requests']:,})",
                    f"{growth * 100:.1f} %",
                    f"{share * 100:.0f} %",
                    self._verdict(
                        ok,
                        f"memory of {row['function']}: growth {growth * 100:.1f} %, {share * 100:.0f} % of MemorySize",
                    ),
                ]
            )
        lines += [
            "A process per function against a moto server (moto is not in it). Growth is measured from the "
            "peak after a warm-up that sends every kind of request once (first use of argon2 allocates its "
            "19 MiB, for one), to the peak after N more requests (one in 20 a password request). Target: "
            f"growth under {MEMORY_GROWTH_TARGET * 100:.0f} % and peak at most "
            f"{MEMORY_SHARE_TARGET * 100:.0f} % of the configured MemorySize. Floor: the cold-start floor "
            f"process (boto3 and one DynamoDB client) peaks at "
            f"{_n((self.results.get('processes', {}).get('cold') or {}).get('floor_rss_mb'), 1)} MB.",
            "",
        ]
        return lines + _table(
            [
                "function",
                "MemorySize MB",
                "after 1 request MB",
                "after warm-up MB (requests)",
                "after N more MB",
                "growth",
                "of MemorySize",
                "",
            ],
            rows,
        )

    def local_runtime(self) -> list[str]:
        local = self.results.get("local_runtime")
        lines = ["## 6. Local runtime (`python -m local`, loopback)", ""]
        if not local:
            return lines + [f"not measured: {self.results.get('local_runtime_error', 'skipped')}"]
        lines += [
            "`GET /contacts/{id}` with a contact token, through the local API Gateway and the authorizer; "
            "clients are threads in the benchmark process, on the same cores. Floor: the same clients on "
            "`GET /_local/health` (the runtime's HTTP server alone). Start: from launching the process to "
            "its `Serving` line and to the answer of its first request (a registration, argon2id included).",
            "",
        ]
        rows = []
        for name, figures in (
            ("`GET /_local/health` (floor)", local.get("floor")),
            ("`GET /contacts/{id}`", local.get("single")),
            ("`GET /contacts/{id}`", local),
        ):
            if figures:
                rows.append(
                    [
                        name,
                        str(figures["clients"]),
                        str(figures["requests"]),
                        _n(figures["seconds"], 1),
                        _n(figures["requests_per_second"], 0),
                        _n(figures["p50_ms"]),
                        _n(figures["p99_ms"]),
                        str(figures["failures"]),
                    ]
                )
        lines += _table(
            ["request", "clients", "requests", "seconds", "requests/s", "p50 ms", "p99 ms", "failures"], rows
        )
        return lines + [
            "",
            f"Start → `Serving`: {_n(local['start_to_serving_ms'], 0)} ms; start → first answer: "
            f"{_n(local['start_to_first_answer_ms'], 0)} ms.",
        ]

    def cost(self) -> list[str]:
        """Dollars per 1,000 monthly active contacts at COST_MIX, from the warm phase's AWS calls and durations."""
        lines = ["## 7. Cost per 1,000 monthly active contacts", ""]
        routes = {(r["method"], r["path"].removeprefix(API)): r for r in self._routes()}
        if not routes:
            return lines + [f"not measured: {self._error('warm')}"]
        prices = json.loads(PRICES.read_text())
        memory = {
            row["function"]: row["memory_size_mb"] for row in self.results.get("processes", {}).get("memory") or []
        }
        authorizer_mb = memory.get("AuthorizerFunction", 256)
        requests = lambda_gb_s = reads = writes = 0.0
        for (method, path), per_month in COST_MIX.items():
            row = routes.get((method, path))
            if row is None or "function" not in row:
                continue
            for part, mb in (("function", memory.get(row["function_id"], 512)), ("authorizer", authorizer_mb)):
                figures = row.get(part) or {}
                calls = figures.get("calls_per_request") or {}
                ms = (
                    figures.get("overhead_cpu_p50_ms", 0.0)
                    + figures.get("hash_p50_ms", 0.0)
                    + AWS_CALL_MS * sum(calls.values())
                )
                lambda_gb_s += per_month * math.ceil(ms) / 1000 * mb / 1024
                reads += per_month * sum(n for op, n in calls.items() if op in ("GetItem", "Query", "BatchGetItem"))
                writes += per_month * sum(
                    n * (TRANSACTION_ITEMS * 2 if op == "TransactWriteItems" else 1)
                    for op, n in calls.items()
                    if op in ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems")
                )
            requests += per_month
        contacts = 1000
        emails, sms = COST_MESSAGES["email"] * contacts, COST_MESSAGES["sms"] * contacts
        n = requests * contacts
        items = {
            "API Gateway REST": n / 1e6 * prices["api_gateway_rest_per_million"],
            "Lambda requests (function + authorizer)": 2 * n / 1e6 * prices["lambda_per_million_requests"],
            "Lambda arm64 duration": lambda_gb_s * contacts * prices["lambda_arm64_per_gb_second"],
            "SnapStart restores": n * COLD_SHARE * 2 * 0.5 * prices["snapstart_python_restore_per_gb"],
            "DynamoDB on demand": (
                reads * contacts / 1e6 * prices["dynamodb_on_demand_per_million_reads"]
                + writes * contacts / 1e6 * prices["dynamodb_on_demand_per_million_writes"]
            ),
            "SES": emails / 1000 * prices["ses_per_thousand_emails"],
            "SNS SMS (US)": sms * prices["sns_sms_per_message_us"],
            "WAF requests": n / 1e6 * prices["waf_per_million_requests"],
            "CloudWatch Logs": n * LOG_BYTES_PER_REQUEST / 1e9 * prices["cloudwatch_logs_ingest_per_gb"],
        }
        total = sum(items.values())
        fixed = {
            "WAF web ACL and rules": prices["waf_web_acl_per_month"] + WAF_RULES * prices["waf_rule_per_month"],
            "SnapStart cache (every function's version, all month)": SNAPSTART_CACHE_GB
            * 30
            * 24
            * 3600
            * prices["snapstart_python_cache_per_gb_second"],
        }
        mix = ", ".join(f"{m} {p} x{c:g}" for (m, p), c in COST_MIX.items())
        lines += [
            f"Prices of {prices['date']} ({prices['region']}, benchmarks/prices.json). Request mix per contact and "
            f"month: {mix}; messages: {COST_MESSAGES['email']:g} e-mail, {COST_MESSAGES['sms']:g} SMS. Each request "
            f"runs the authorizer (ReauthorizeEvery 0). Duration: measured CPU p50 + argon2id + {AWS_CALL_MS} ms per "
            f"AWS call (DynamoDB's typical latency; moto's is not), billed by the ms at the template's MemorySize; "
            f"DynamoDB units from the measured calls ({TRANSACTION_ITEMS} items per transaction, 2 units each); "
            f"{COLD_SHARE:.0%} of requests restore a snapshot; {LOG_BYTES_PER_REQUEST} bytes of logs per request.",
            "",
        ]
        lines += _table(
            ["item", "$ per 1,000 contacts a month"],
            [[k, f"{v:.4f}"] for k, v in items.items()] + [["**total**", f"**{total:.2f}**"]],
        )
        lines += [
            "",
            "Fixed a month, whatever the number of contacts: "
            + "; ".join(f"{k} ${v:.2f}" for k, v in fixed.items())
            + ".",
            "",
            "Beside it, for 1,000 monthly active users: Cognito Essentials $0.00 (the first "
            f"{prices['cognito_free_mau']:,} MAU are free; past them "
            f"${prices['cognito_essentials_per_mau_after_free_tier'] * 1000:.2f} per 1,000), Auth0 B2C Essentials about"
            f" ${prices['auth0_b2c_essentials_per_month_at_1000_mau']:.0f}. Neither "
            "includes the API, the data or the messages above: they replace only the sign-in part.",
        ]
        return lines
