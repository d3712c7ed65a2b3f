"""An HTTP request and response, apart from any server, so that the gateway can be tested without sockets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote


@dataclass
class HttpRequest:
    method: str
    target: str  # as on the request line: percent-encoded path and query string
    headers: list[tuple[str, str]] = field(default_factory=list)  # in arrival order, repeats kept
    body: bytes = b""
    source_ip: str = "127.0.0.1"

    @property
    def path(self) -> str:
        return unquote(self.target.partition("?")[0]) or "/"

    @property
    def query_string(self) -> str:
        return self.target.partition("?")[2]

    def header(self, name: str) -> str | None:
        """The last value of a header, found without regard to case."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[-1] if values else None


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @classmethod
    def json(cls, status: int, document: Any, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
        return cls(status, [("Content-Type", "application/json"), *(headers or [])], json.dumps(document).encode())

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[-1] if values else None
