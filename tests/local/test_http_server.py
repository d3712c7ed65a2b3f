"""The HTTP side of the runtime: real sockets, keep-alive, HEAD, repeated headers, an oversize body."""

import threading
from http.server import ThreadingHTTPServer

import pytest
import requests

from local.gateway import MAX_BODY_BYTES
from local.runtime import make_request_handler


@pytest.fixture(scope="module")
def base_url(runtime):
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_request_handler(runtime))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_requests_over_one_kept_alive_connection(base_url, capsys):
    with requests.Session() as session:
        for _ in range(3):
            response = session.get(f"{base_url}/self-service/v1/items/i-1", headers={"x-verdict": "allow"}, timeout=10)
            assert response.status_code == 200
            assert response.raw.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
        event = response.json()["event"]
        assert event["headers"]["x-verdict"] == "allow" and event["headers"]["Host"].startswith("127.0.0.1:")
    assert "GET /self-service/v1/items/i-1 200" in capsys.readouterr().err  # one log line per request


def test_head_has_the_headers_without_the_body(base_url):
    response = requests.head(f"{base_url}/_local/health", timeout=10)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["Content-Length"]) > 0


def test_an_oversize_body_is_refused_and_the_connection_stays_usable(base_url):
    with requests.Session() as session:
        response = session.post(
            f"{base_url}/self-service/v1/items/register",
            data=b"x" * (MAX_BODY_BYTES + 10),
            headers={"Content-Type": "application/octet-stream"},
            timeout=30,
        )
        assert response.status_code == 413
        assert session.get(f"{base_url}/_local/health", timeout=10).status_code == 200


def test_a_binary_upload_arrives_base64_encoded(base_url):
    files = {"file": ("a.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")}
    response = requests.post(
        f"{base_url}/self-service/v1/items/register", files=files, headers={"x-verdict": "allow"}, timeout=10
    )
    event = response.json()["event"]
    assert event["isBase64Encoded"] is True
    assert event["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
