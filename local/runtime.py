"""`python -m local`: the whole system on one machine, without Docker. An in-memory AWS (moto's server) unless told
otherwise, the template's resources, a demo organisation, and API Gateway in front of the functions."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import ExitStack, contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

from local import demo_pages, iam
from local.cfn import Physical, Resolver, Template
from local.eventbridge import local_aws, rule_consumers
from local.fake_idp import FakeIdentityProvider
from local.functions import LoadedFunction, load_function, prepare_process, shared_environment
from local.gateway import MAX_BODY_BYTES, ApiGateway, api_gateway
from local.http_messages import HttpRequest, HttpResponse
from local.openapi import SWAGGER_UI, SWAGGER_UI_FILES, merged_document, swagger_page, swagger_ui_response
from local.outbox import Outbox, print_message
from local.resources import FAKE_CREDENTIALS, provision
from local.sqs_consumer import QueueConsumer

API_BASE_PATH = "/self-service/v1"
TITLE = "CRM.COM Self-Service API"
DEMO_ORGANISATION = "Demo Organisation"


class _GatewayServer(ThreadingHTTPServer):
    """As API Gateway, takes many connections at once: socketserver's backlog of 5 resets a burst of parallel
    clients (tests/e2e/test_parallel_guesses.py sends 24 at once)."""

    request_queue_size = 128


def start_aws(region: str, real_aws: bool) -> Any:
    """Point boto3 at the AWS to use; answer moto's ThreadedMotoServer when this process runs it, else None."""
    os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = region
    if real_aws:
        os.environ.pop("AWS_ENDPOINT_URL", None)
        return None
    if os.environ.get("AWS_ENDPOINT_URL"):  # an AWS stand-in someone else runs
        for name, value in FAKE_CREDENTIALS.items():
            os.environ.setdefault(name, value)
        return None
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's own per-call access log
    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    host, port = moto_server.get_host_and_port()
    os.environ.update(FAKE_CREDENTIALS)  # never hand real credentials to the stand-in
    os.environ["AWS_ENDPOINT_URL"] = f"http://{host}:{port}"
    return moto_server


class InProcessAws:
    """moto in this process, twice over on the same backends: the runtime's own AWS calls reach them directly
    (mock_aws: no HTTP round trip; with local/moto_speedups.py, GET /contacts/{id} 15 -> ~5 ms), and moto's server
    serves everyone else (tools, tests, `python -m crmctl.backoffice`). S3 alone goes through the server: the
    presigned URLs the API hands out must name a host that clients can reach."""

    def __init__(self, region: str):
        from moto import mock_aws
        from moto.server import ThreadedMotoServer

        from local import moto_speedups

        os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = region
        os.environ.pop("AWS_ENDPOINT_URL", None)  # mock_aws intercepts AWS's own endpoints only
        os.environ.update(FAKE_CREDENTIALS)  # never hand real credentials to the stand-in
        self.speedups = moto_speedups.apply()
        self._mock = mock_aws()
        self._mock.start()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's own per-call access log
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        os.environ["AWS_ENDPOINT_URL_S3"] = self.endpoint_url

    def stop(self) -> None:
        self._server.stop()
        self._mock.stop()
        os.environ.pop("AWS_ENDPOINT_URL_S3", None)


def seed_demo_organisation() -> tuple[str, dict[str, str]]:
    """The demo organisation's id and API keys, by mode. Its test mode delivers to every recipient (allow-list "*"), so
    the outbox shows what the demo sends; any other organisation's test mode delivers only to the recipients
    `python -m crmctl.admin allow-test-recipient` names."""
    # the layer's package, importable once the layers are on sys.path
    from crm.data.tenancy import change_test_recipients
    from crm.services.tenancy import create_organisation

    created = create_organisation(DEMO_ORGANISATION)
    change_test_recipients(created.organisation_id, "*", allow=True)
    return created.organisation_id, dict(created.keys)


class LocalRuntime:
    """The template's functions behind API Gateway, with its queues feeding its workers."""

    def __init__(
        self,
        template: Template,
        region: str,
        in_process_moto: bool,
        aws_endpoint: str | None = None,
        instances: int = 1,
        enforce_iam: bool = True,
    ):
        """`aws_endpoint`: where others reach this runtime's AWS when it is not AWS_ENDPOINT_URL; `instances`:
        how many requests each function serves at once (see LoadedFunction); `enforce_iam`: check each function's
        AWS calls against the permissions the template gives it (local/iam.py), as AWS would."""
        self.template = template
        self.region = region
        self.aws_endpoint = aws_endpoint or os.environ.get("AWS_ENDPOINT_URL")
        self.physical: dict[str, Physical] = provision(template, region)
        self.resolver = Resolver(template, self.physical, region)
        prepare_process(template, self.resolver)
        self.functions: dict[str, LoadedFunction] = {
            logical_id: load_function(function, self.resolver, region, instances)
            for logical_id, function in template.functions.items()
        }
        if enforce_iam:
            iam.install()
            for logical_id, policy in iam.role_policies(template, self.resolver).items():
                self.functions[logical_id].role_policy = policy
        self.gateway = self._gateway()
        self.outbox = Outbox(region, in_process_moto, show=print_message)
        self.demo_keys: dict[str, str] = {}  # the demo organisation's api_keys by mode, once seeded
        # Pages of the local runtime itself, outside the API's paths (GET or HEAD).
        self._local_pages: dict[str, Callable[[], HttpResponse]] = {
            "/_local/health": lambda: HttpResponse.json(200, {"status": "ok"}),
            "/_local/outbox": lambda: HttpResponse.json(200, {"messages": self.outbox.messages()}),
            "/_local/aws": lambda: HttpResponse.json(200, {**local_aws(self), "environment": self.data_names()}),
            "/openapi.json": lambda: HttpResponse.json(200, self.openapi_document()),
            "/docs": lambda: HttpResponse(
                200, [("Content-Type", "text/html; charset=utf-8")], swagger_page("/openapi.json", TITLE).encode()
            ),
            **{f"{SWAGGER_UI}/{name}": partial(_swagger_ui_page, f"{SWAGGER_UI}/{name}") for name in SWAGGER_UI_FILES},
        }

    def data_names(self) -> dict[str, str]:
        """The functions' table and bucket variables: what an operator's command (crmctl) sets to act on their
        data."""
        return {
            name: value
            for name, value in shared_environment(self.template, self.resolver).items()
            if name.endswith(("_TABLE", "_BUCKET"))
        }

    def _invoke(self, function_id: str, event: Any) -> Any:
        return self.functions[function_id].invoke(event)

    def _gateway(self) -> ApiGateway:
        return api_gateway(self.template, self.resolver, self.region, self._invoke)

    def openapi_document(self) -> dict[str, Any]:
        apps = [
            (loaded.function, loaded.module.app)
            for loaded in self.functions.values()
            if loaded.function.routes and hasattr(getattr(loaded.module, "app", None), "get_openapi_json_schema")
        ]
        return merged_document(apps, TITLE)

    def queue_consumers(self, stopping: threading.Event) -> list[QueueConsumer]:
        consumers = []
        by_arn = {p.attributes.get("Arn"): p for p in self.physical.values()}
        for loaded in self.functions.values():
            for source in loaded.function.sqs_sources:
                queue_arn = self.resolver.resolve(source.queue)
                queue = by_arn[queue_arn]
                consumers.append(QueueConsumer(source, loaded.invoke, queue.ref, queue_arn, self.region, stopping))
        return consumers

    def respond(self, request: HttpRequest) -> HttpResponse:
        local_page = self._local_pages.get(request.path) if request.method in ("GET", "HEAD") else None
        if local_page:
            return local_page()
        if request.path == demo_pages.RESET_PAGE and request.method in ("GET", "HEAD", "POST"):
            return demo_pages.reset_page(request, self.gateway.handle, self.demo_keys.get("test", ""))
        if request.path.startswith(demo_pages.OUTBOX + "/") and request.method in ("GET", "HEAD"):
            return demo_pages.outbox_message(self.outbox.message(request.path.rsplit("/", 1)[1]))
        return self.gateway.handle(request)


class _EveryMethod:
    """Serves every other method too (TRACE, CONNECT, PROPFIND, ...) as it serves GET: API Gateway answers a method
    no route declares with its MISSING_AUTHENTICATION_TOKEN response, never the standard library's 501 page."""

    def _serve(self) -> None:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)


def make_request_handler(runtime: LocalRuntime) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(_EveryMethod, BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as clients of API Gateway expect
        server_version = "crm-local"
        # Headers and body leave in two writes; with Nagle's algorithm the body waited for the client's delayed
        # ACK of the headers, about 40 ms per answer on a kept-alive connection.
        disable_nagle_algorithm = True

        def _read_body(self) -> bytes:
            """At most one byte more than API Gateway accepts (enough to refuse); the rest is read and dropped,
            so that the connection stays usable."""
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, MAX_BODY_BYTES + 1))
            remaining = length - len(body)
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                remaining -= len(chunk)
            return body

        def _serve(self) -> None:
            started = time.perf_counter()
            try:
                request = HttpRequest(
                    self.command, self.path, list(self.headers.items()), self._read_body(), self.client_address[0]
                )
                response = runtime.respond(request)
            except Exception:  # noqa: BLE001 - a fault of the local runtime itself, not of a function
                sys.stderr.write(f"[ERROR] local runtime\n{traceback.format_exc()}")
                response = HttpResponse.json(500, {"message": "local runtime error (see its console)"})
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
            elapsed_ms = (time.perf_counter() - started) * 1000
            sys.stderr.write(f"{self.command} {self.path} {response.status} {elapsed_ms:.0f} ms\n")

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            """_serve logs one line per request."""

    return RequestHandler


def _stop_on_signals() -> None:
    """SIGINT and SIGTERM both stop the server cleanly. SIGINT is set explicitly too: a process started in the
    background inherits it ignored, and Python then never raises KeyboardInterrupt."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _swagger_ui_page(path: str) -> HttpResponse:
    """Swagger UI's own files, for /docs: from an installed package, so the page works offline."""
    found = swagger_ui_response(path)
    if found is None:
        return HttpResponse.json(404, {"message": "Not Found"})
    content_type, body = found
    return HttpResponse(200, [("Content-Type", content_type), ("Cache-Control", "max-age=3600")], body)


def _say(line: str) -> None:
    """One write per line, flushed: whoever reads stdout through a pipe sees whole lines at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run(
    host: str,
    port: int,
    template_path: str | Path,
    region: str,
    real_aws: bool = False,
    instances: int = 1,
    runtime_file: Path | None = None,
) -> int:
    """Serve until SIGINT or SIGTERM; answer the exit code. `runtime_file`: where to write this runtime's URL while
    it serves, for the operators' commands (crmctl/target.py); `make run` gives .local-runtime.json."""
    _stop_on_signals()
    with ExitStack() as cleanup:
        try:
            in_process = None
            if real_aws or os.environ.get("AWS_ENDPOINT_URL"):
                start_aws(region, real_aws)
            else:
                in_process = InProcessAws(region)
                cleanup.callback(in_process.stop)
                sys.stderr.write(f"moto serving AWS at {in_process.endpoint_url}\n")
            template = Template.load(template_path)
            identity_provider = None
            if not real_aws:  # social sign-in against a local fake of Google, Apple, Facebook and MW4
                identity_provider = FakeIdentityProvider().start()
                cleanup.callback(identity_provider.stop)
                template.parameters.update(identity_provider.template_parameters())
            # The reset e-mail links to the runtime's own demo page unless told otherwise (local/demo_pages.py).
            template.parameters["PasswordResetPageUrl"] = f"http://{host}:{port}{demo_pages.RESET_PAGE}"
            runtime = LocalRuntime(
                template,
                region,
                in_process_moto=in_process is not None,
                aws_endpoint=in_process.endpoint_url if in_process else None,
                instances=instances,
                enforce_iam=not real_aws,  # AWS checks for itself
            )
            if identity_provider is not None:
                identity_provider.store_credentials(runtime.physical, region)
            server = _GatewayServer((host, port), make_request_handler(runtime))
            cleanup.callback(server.server_close)

            stopping = threading.Event()
            workers: list[threading.Thread] = [*runtime.queue_consumers(stopping)]
            workers.extend(rule_consumers(runtime, stopping))
            workers.append(threading.Thread(target=runtime.outbox.watch, args=(stopping,), daemon=True))
            for worker in workers:
                worker.start()
            cleanup.callback(_stop_workers, stopping, workers)

            organisation_id, keys = seed_demo_organisation()
            runtime.demo_keys = keys
            _say(f"demo organisation: {organisation_id}")
            _say(f"test api_key: {keys['test']}")
            _say(f"live api_key: {keys['live']}")
            if runtime_file is not None:
                cleanup.enter_context(announced_at(runtime_file, host, port))
            if identity_provider is not None:
                _say(f"fake identity provider: {identity_provider.url}")
            sys.stderr.write(f"API docs at http://{host}:{port}/docs\n")
            _say(f"Serving http://{host}:{port}{API_BASE_PATH}")
            server.serve_forever()
        except KeyboardInterrupt:
            sys.stderr.write("stopping\n")
    return 0


@contextmanager
def announced_at(path: Path, host: str, port: int) -> Iterator[None]:
    """`path` holds {"url", "pid"} while this runtime serves; removed at exit unless another runtime took it."""
    url_host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    mine = json.dumps({"url": f"http://{url_host}:{port}", "pid": os.getpid()})
    path.write_text(mine + "\n", encoding="utf-8")
    try:
        yield
    finally:
        try:
            if path.read_text(encoding="utf-8").strip() == mine:
                path.unlink()
        except OSError:
            pass


def _stop_workers(stopping: threading.Event, workers: list[threading.Thread]) -> None:
    stopping.set()
    for worker in workers:
        worker.join(timeout=5)
