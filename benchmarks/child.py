"""python -m benchmarks.child SPEC.json: one fresh process, as a new Lambda instance would be, measuring itself.

Modes (spec["mode"]):
  floor   import boto3 and make one DynamoDB client: the least any function that reads a table must do;
  cold    import the function's handler module and serve one request (its cold start);
  restore the init phase as SnapStart runs it (priming on), the after-restore hooks, then the first request and
          warm repeats of it: CPU time of each;
  memory  serve one request, then each other event once (warm-up), then spec["schedule"]'s, reading the peak RSS
          after each stage.
Only the standard library is imported before the clock starts; AWS is the parent's moto server, so moto is not
imported here. The result is written as JSON to spec["result"]."""

import time

STARTED = time.perf_counter()
CPU_STARTED = time.process_time()  # CPU time: far steadier than wall time on a machine others share

import importlib.util  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import uuid  # noqa: E402


class _Context:
    """The Lambda context attributes handlers and Powertools read."""

    def __init__(self, spec):
        self.function_name = spec.get("function_name", "bench")
        self.function_version = "$LATEST"
        self.invoked_function_arn = spec.get("function_arn", "arn:aws:lambda:eu-west-1:123456789012:function:bench")
        self.memory_limit_in_mb = spec.get("memory_size", 128)
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = "/aws/lambda/bench"
        self.log_stream_name = "bench"
        self.identity = None
        self.client_context = None

    def get_remaining_time_in_millis(self):
        return 10_000


def _peak_rss_mb():
    """VmHWM: the peak of this process image. ru_maxrss would also count the parent's size, which Linux carries
    over to a child across fork and exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux, bytes on macOS


def _load_handler(spec):
    for directory in reversed(spec["path"]):
        sys.path.insert(0, directory)
    module_spec = importlib.util.spec_from_file_location("bench_function", spec["module_file"])
    module = importlib.util.module_from_spec(module_spec)
    sys.modules["bench_function"] = module
    module_spec.loader.exec_module(module)
    return getattr(module, spec["handler_name"])


def _invoke(handler, spec, event):
    try:
        handler(event, _Context(spec))
        return None
    except Exception as error:  # noqa: BLE001 - an authorizer's 401 is an exception; the parent judges
        return f"{type(error).__name__}: {error}"


def main(spec_path):
    with open(spec_path) as spec_file:
        spec = json.load(spec_file)
    result = {}
    if spec["mode"] == "floor":
        import boto3

        boto3.client("dynamodb")
        result["seconds"] = time.perf_counter() - STARTED
        result["cpu_seconds"] = time.process_time() - CPU_STARTED
        result["peak_rss_after_1_mb"] = _peak_rss_mb()
    elif spec["mode"] == "restore":
        # SnapStart's life: the init phase (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start, so the function primes), the
        # after-restore hooks as the runtime runs them, then the first request and warm repeats of the same one.
        handler = _load_handler(spec)
        result["init_cpu_seconds"] = time.process_time() - CPU_STARTED
        from snapshot_restore_py import get_after_restore

        for function, args, kwargs in get_after_restore():
            function(*args, **kwargs)
        event = spec["events"][0]
        started = time.process_time()
        result["error"] = _invoke(handler, spec, event)
        result["first_cpu_seconds"] = time.process_time() - started
        warm = []
        for _ in range(spec["warm_repeats"]):
            started = time.process_time()
            _invoke(handler, spec, event)
            warm.append(time.process_time() - started)
        result["warm_cpu_seconds"] = sorted(warm)[len(warm) // 2]
    else:
        handler = _load_handler(spec)
        imported = time.perf_counter()
        events = spec["events"]
        result["error"] = _invoke(handler, spec, events[0])
        result["seconds"] = time.perf_counter() - STARTED
        result["cpu_seconds"] = time.process_time() - CPU_STARTED
        result["import_seconds"] = imported - STARTED
        result["peak_rss_after_1_mb"] = _peak_rss_mb()
        if spec["mode"] == "memory":
            # Every kind of request once, so that lazy imports and first-use allocations (argon2's 19 MiB) are
            # in the baseline that growth is measured from.
            for event in events[1:]:
                _invoke(handler, spec, event)
            result["peak_rss_after_warm_up_mb"] = _peak_rss_mb()
            for index in spec["schedule"]:
                error = _invoke(handler, spec, events[index])
                if error and not result.get("later_error"):
                    result["later_error"] = error
            result["peak_rss_after_n_mb"] = _peak_rss_mb()
    with open(spec["result"], "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main(sys.argv[1])
