"""Limits on credential look-ups (/contacts/validate, /contacts/otp, /contacts/validate-otp), so that they cannot
be used as an oracle: with an e-mail address and a guessed BIRTHDATE, 200 or 404 would tell the birth date in a
few thousand calls.

A look-up FAILS when its credentials name no contact (404) or not exactly one (400 CONTACTUNIQUELY). Failures are
counted per value asked and per source address, in the caller's tenant:
- each identifying value of the request (EMAIL, PHONE, ID_NUMBER, PASSPORT, STATUTORY_ID, CARD,
  LOYALTY_IDENTIFIER, GIFT_PASS), in its normalised form. A BIRTHDATE is never counted on its own: it identifies
  nobody and only narrows; guessing it means asking again with the same e-mail (or id), whose count then runs out.
- the source IP (API Gateway's requestContext.identity.sourceIp, which a client cannot set; an IPv6 address
  counts as its /64), for one address trying many values.
After FAILURES_PER_WINDOW failures in WINDOW_SECONDS (the window starts at the first failure), every look-up with
that value, or from that address, answers 429 with Retry-After until the window ends, the right answer
included, and whether the value names somebody or not: the count is on the value asked, never on a contact.

Each look-up is counted before it is made (one conditional UpdateItem per counter, crm.data.onetime.reserve_lookup)
and given back when it named exactly one contact, so parallel guesses never make more failed look-ups than the
limit. Counters are keyed by an HMAC of tenant#value under a key derived from the idempotency pepper (never the
token signing key): the table holds no e-mail address, id number or IP address, and DynamoDB's TTL removes them."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from crm.context import RequestContext
from crm.data.onetime import release_lookup, reserve_lookup
from crm.errors import TooManyRequests
from crm.services.idempotency import derived_key

FAILURES_PER_WINDOW = 10
WINDOW_SECONDS = 3600
KEY_LABEL = "lookup-throttle"

T = TypeVar("T")


class TooManyLookups(TooManyRequests):
    message = "Too many failed look-ups with these credentials; try again later."


def lookup_digest(tenant: str, value_key: str) -> str:
    return hmac.new(derived_key(KEY_LABEL), f"{tenant}#{value_key}".encode(), hashlib.sha256).hexdigest()


def address_counted(source_ip: str) -> str:
    """The address a failure is counted against: an IPv4 address, or the /64 network of an IPv6 one (one
    subscriber usually holds a whole /64, and would otherwise get a fresh count per address)."""
    try:
        address = ipaddress.ip_address(source_ip.strip())
    except ValueError:
        return source_ip.strip()
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def counter_keys(ctx: RequestContext, value_keys: Iterable[str]) -> list[str]:
    """The counters a look-up is made against: one per identifying value, and the source address's."""
    keys = sorted({f"VALUE#{key}" for key in value_keys})
    if ctx.source_ip:
        keys.append(f"IP#{address_counted(ctx.source_ip)}")
    return [lookup_digest(ctx.tenant, key) for key in keys]


def limited(
    ctx: RequestContext,
    value_keys: Iterable[str],
    look_up: Callable[[], T],
    failed: tuple[type[Exception], ...],
    now: int | None = None,
) -> T:
    """Runs `look_up` when no counter of the request is spent; an exception in `failed` stays counted, any
    other outcome is given back. TooManyLookups (429, Retry-After) when one is spent: nothing is looked up."""
    now = int(now if now is not None else time.time())
    reserved: list[str] = []
    for digest in counter_keys(ctx, value_keys):
        retry_at = reserve_lookup(digest, FAILURES_PER_WINDOW, WINDOW_SECONDS, now)
        if retry_at is not None:
            _give_back(reserved)
            raise TooManyLookups(parameters=["credentials"], headers={"Retry-After": str(max(1, retry_at - now))})
        reserved.append(digest)
    try:
        answer = look_up()
    except failed:
        raise
    except BaseException:
        _give_back(reserved)
        raise
    _give_back(reserved)
    return answer


def _give_back(digests: list[str]) -> None:
    for digest in digests:
        release_lookup(digest)
