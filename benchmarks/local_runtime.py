"""Figure 6: `python -m local` as a user starts it, then GET /contacts/{id} from concurrent clients (threads, loopback
only, bounded in count and time)."""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
import time
from typing import Any

from benchmarks.stats import ms, percentile
from local.supervise import start_runtime

STARTUP_TIMEOUT_SECONDS = 120
API = "/self-service/v1"


def _call(
    connection: http.client.HTTPConnection, method: str, target: str, headers: dict[str, str], body: Any = None
) -> tuple[int, bytes]:
    payload = None if body is None else json.dumps(body).encode()
    if payload is not None:
        headers = {**headers, "Content-Type": "application/json"}
    connection.request(method, target, body=payload, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def measure(clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    started = time.perf_counter()
    runtime = start_runtime(stderr=subprocess.DEVNULL, startup_seconds=STARTUP_TIMEOUT_SECONDS)
    port, key = runtime.port, runtime.announced["test"]
    try:
        serving = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        email = f"runtime-{int(time.time() * 1000)}@example.com"
        status, body = _call(
            connection,
            "POST",
            f"{API}/contacts/register",
            {"api_key": key},
            {
                "first_name": "Bench",
                "last_name": "Mark",
                "identity": {"provider": "EMAIL", "username": email, "password": "password1234"},
            },
        )
        first_answer = time.perf_counter()
        if status != 200:
            raise RuntimeError(f"register answered {status}: {body[:200]!r}")
        answer = json.loads(body)
        target = f"{API}/contacts/{answer['contact']['id']}"
        headers = {"Authorization": f"Bearer {answer['access_token']}"}
        connection.close()
        # Floor: the same clients on the runtime's own health page (HTTP server only: no gateway, function or AWS).
        floor = _load(port, "/_local/health", {}, clients, seconds, max_requests)
        # One client alone: the latency of a request when nothing competes with it.
        single = _load(port, target, headers, 1, seconds / 2, max_requests)
        load = _load(port, target, headers, clients, seconds, max_requests)
    finally:
        runtime.stop()
    return {
        "start_to_serving_ms": ms(serving - started),
        "start_to_first_answer_ms": ms(first_answer - started),
        **load,
        "floor": floor,
        "single": single,
    }


def _load(
    port: int, target: str, headers: dict[str, str], clients: int, seconds: float, max_requests: int
) -> dict[str, Any]:
    latencies: list[float] = []
    failures: list[str] = []
    remaining = [max_requests]
    lock = threading.Lock()
    ready, go = threading.Barrier(clients + 1), threading.Event()
    deadline = [0.0]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        # Not counted: the server's first request on a connection starts its thread, and PynamoDB makes a
        # botocore session and client per thread.
        try:
            _call(connection, "GET", target, headers)
        except (OSError, http.client.HTTPException) as error:
            failures.append(type(error).__name__)
        ready.wait(timeout=STARTUP_TIMEOUT_SECONDS)
        go.wait(timeout=STARTUP_TIMEOUT_SECONDS)
        while time.perf_counter() < deadline[0]:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            sent = time.perf_counter()
            try:
                status, _ = _call(connection, "GET", target, headers)
            except (OSError, http.client.HTTPException) as error:
                status = 0
                failures.append(type(error).__name__)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - sent
            with lock:
                latencies.append(elapsed)
                if status != 200 and status != 0:
                    failures.append(str(status))
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=STARTUP_TIMEOUT_SECONDS)
    began = time.perf_counter()
    deadline[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {
        "clients": clients,
        "requests": len(latencies),
        "seconds": wall,
        "requests_per_second": len(latencies) / wall if wall else 0.0,
        "p50_ms": ms(percentile(latencies, 0.5)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "failures": len(failures),
    }
