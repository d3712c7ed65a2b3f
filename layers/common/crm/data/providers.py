"""HTTP calls to the social identity providers (JWKS documents, Facebook's debug_token, MW4's introspection)
and the secret that holds our credentials with them. Any transport failure raises ProviderUnavailable."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable

from crm.lifecycle import on_restore

TIMEOUT_SECONDS = 3
MAX_ANSWER_BYTES = 256 * 1024
SECRET_CACHE_SECONDS = 300


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered something that is not JSON."""


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: Any  # parsed JSON
    headers: dict[str, str]


def _call(request: urllib.request.Request) -> HttpAnswer:
    if urllib.parse.urlsplit(request.full_url).scheme not in ("https", "http"):
        raise ProviderUnavailable("provider URL must be http(s)")
    try:
        try:
            response = urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS)  # noqa: S310 - scheme checked
        except urllib.error.HTTPError as error:  # a 4xx or 5xx still carries a JSON body worth reading
            response = error
        with response:
            raw = response.read(MAX_ANSWER_BYTES + 1)
            status, headers = response.status, {k.lower(): v for k, v in response.headers.items()}
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ProviderUnavailable(f"{type(error).__name__}") from error
    if len(raw) > MAX_ANSWER_BYTES:
        raise ProviderUnavailable("answer too large")
    try:
        body = json.loads(raw) if raw else None
    except ValueError as error:
        raise ProviderUnavailable(f"answer is not JSON (HTTP {status})") from error
    return HttpAnswer(status, body, headers)


def get_json(url: str, params: dict[str, str] | None = None) -> HttpAnswer:
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    return _call(urllib.request.Request(url, headers={"Accept": "application/json"}))


def post_form(url: str, fields: dict[str, str], headers: dict[str, str]) -> HttpAnswer:
    data = urllib.parse.urlencode(fields).encode()
    return _call(
        urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded", **headers},
        )
    )


# ---------------------------------------------------------------- JWKS

MIN_REFETCH_SECONDS = 60  # an unknown kid refetches the set at most this often (no refetch storm)
DEFAULT_MAX_AGE_SECONDS = 3600
MAX_MAX_AGE_SECONDS = 24 * 3600


def _max_age(cache_control: str) -> int:
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            return max(MIN_REFETCH_SECONDS, min(int(value), MAX_MAX_AGE_SECONDS))
    return DEFAULT_MAX_AGE_SECONDS


class JwksCache:
    """A provider's signing keys by kid, per URL, kept as long as its Cache-Control says (within bounds).
    A kid the cached set lacks refetches the set, at most once a minute."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._sets: dict[str, tuple[float, float, dict[str, dict[str, Any]]]] = {}  # url -> fetched, expiry, keys

    def _fetch(self, url: str) -> dict[str, dict[str, Any]]:
        answer = get_json(url)
        keys = answer.body.get("keys") if answer.status == 200 and isinstance(answer.body, dict) else None
        if not isinstance(keys, list):
            raise ProviderUnavailable(f"no JWKS at the provider (HTTP {answer.status})")
        by_kid = {k["kid"]: k for k in keys if isinstance(k, dict) and isinstance(k.get("kid"), str)}
        now = self.clock()
        self._sets[url] = (now, now + _max_age(answer.headers.get("cache-control", "")), by_kid)
        return by_kid

    def key(self, url: str, kid: str) -> dict[str, Any] | None:
        now = self.clock()
        cached = self._sets.get(url)
        if cached is None or now >= cached[1]:
            return self._fetch(url).get(kid)
        fetched, _, keys = cached
        if kid not in keys and now - fetched >= MIN_REFETCH_SECONDS:
            keys = self._fetch(url)
        return keys.get(kid)

    def clear(self) -> None:
        self._sets.clear()


JWKS = JwksCache()
on_restore(JWKS.clear)


# ---------------------------------------------------------------- our credentials with the providers


@cache
def _secrets_client():
    from crm.data.base import aws_client

    return aws_client("secretsmanager")


_secret_cache: dict[str, tuple[float, dict[str, str]]] = {}
on_restore(_secret_cache.clear)  # secrets (the idempotency pepper too) are read again after a restore


def provider_credentials(secret_arn: str) -> dict[str, str]:
    """{"facebook_app_secret": ..., "mw4_api_key": ...}, read at most every few minutes per container."""
    now = time.monotonic()
    cached = _secret_cache.get(secret_arn)
    if cached and now - cached[0] < SECRET_CACHE_SECONDS:
        return cached[1]
    value = json.loads(_secrets_client().get_secret_value(SecretId=secret_arn)["SecretString"])
    credentials = {k: str(v) for k, v in value.items() if isinstance(v, (str, int)) and v != ""}
    _secret_cache[secret_arn] = (now, credentials)
    return credentials
