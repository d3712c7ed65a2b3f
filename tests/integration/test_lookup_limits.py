"""Failed credential look-ups counted per value asked and per source address (crm.services.lookups), on moto
in-process: 10 failures in the window, then 429 with Retry-After for that value, the right answer included and
an unknown value alike; right answers are given back; parallel look-ups never fail more than the limit; the
table holds only keyed hashes, under a key that is neither the pepper itself nor the token signing key."""

import hashlib
import hmac
import threading
import types

import boto3
import pytest

from crm import tokens
from crm.context import RequestContext
from crm.data.onetime import LookupThrottle, lookup_failures, release_lookup, reserve_lookup
from crm.errors import CrmError
from crm.services import credentials as rules
from crm.services import idempotency, lookups, tenancy
from crm.services import identity as identities
from crm.services.credentials import Credential
from crm.services.identity import Registration
from tests.helpers import serialize_dynamodb_calls

NOW = 1_800_000_000
LIMIT, WINDOW = lookups.FAILURES_PER_WINDOW, lookups.WINDOW_SECONDS


CLOCK = types.SimpleNamespace(now=NOW)


@pytest.fixture
def ctx(stack, monkeypatch):
    CLOCK.now = NOW
    monkeypatch.setattr(lookups, "time", types.SimpleNamespace(time=lambda: CLOCK.now))
    organisation = tenancy.create_organisation("Look-up Org")
    return RequestContext(organisation_id=organisation.organisation_id, mode="test", source_ip="203.0.113.7")


def at(ctx, ip):
    return RequestContext(organisation_id=ctx.organisation_id, mode=ctx.mode, source_ip=ip)


def registered(ctx, email, born=(1980, 1, 1)):
    identities.register(
        ctx,
        Registration(
            provider="EMAIL",
            email=email,
            profile={
                "first_name": "A",
                "last_name": "B",
                "demographics": {"date_of_birth": {"year": born[0], "month": born[1], "day": born[2]}},
            },
        ),
        link_base="https://api.test",
    )


def look_up(ctx, email, day, now):
    """(status, error) of a look-up with an e-mail and a birth date in January 1980, at `now`."""
    CLOCK.now = now
    return _status(ctx, [Credential("EMAIL", email), Credential("BIRTHDATE", f"1980-01-{day:02d}")])


def guesses(ctx, email, now=NOW):
    """11 wrong birth dates, each from its own address, then the right one: statuses and the last error."""
    answers = [look_up(at(ctx, f"198.51.100.{day}"), email, day, now) for day in range(2, 13)]
    right = look_up(at(ctx, "198.51.100.200"), email, 1, now)
    return [status for status, _ in answers], answers[-1][1], right


def test_the_eleventh_failure_and_then_the_right_answer_are_refused_known_or_not(ctx):
    registered(ctx, "known@example.com")
    statuses, refused, (right_status, right) = guesses(ctx, "known@example.com")
    assert statuses == [404] * LIMIT + [429]
    assert right_status == 429 and right.body() == refused.body()
    assert refused.headers["Retry-After"] == str(WINDOW)
    unknown_statuses, unknown_refused, (unknown_right_status, unknown_right) = guesses(ctx, "nobody@example.com")
    assert unknown_statuses == statuses and unknown_right_status == 429
    assert unknown_refused.body() == refused.body() and unknown_refused.headers == refused.headers
    # The window ends an hour after the first failure: then the right answer is given again.
    assert look_up(at(ctx, "198.51.100.201"), "known@example.com", 1, NOW + WINDOW)[0] == 200


def test_retry_after_counts_down_to_the_end_of_the_window(ctx):
    for day in range(2, 12):
        assert look_up(at(ctx, f"198.51.100.{day}"), "known@example.com", day, NOW)[0] == 404
    status, error = look_up(ctx, "known@example.com", 1, NOW + 600)
    assert status == 429 and error.headers["Retry-After"] == str(WINDOW - 600)


def test_right_answers_are_given_back(ctx):
    registered(ctx, "known@example.com")
    for _ in range(LIMIT * 2):
        assert look_up(ctx, "known@example.com", 1, NOW)[0] == 200
    digests = lookups.counter_keys(ctx, ["IDENTITY#" + identities.email_identity_key("known@example.com")])
    assert [lookup_failures(digest, NOW) for digest in digests] == [0, 0]


def test_one_address_asking_many_values_is_limited_and_others_are_not(ctx):
    statuses = [look_up(ctx, f"user{n}@example.com", 2, NOW)[0] for n in range(LIMIT + 1)]
    assert statuses == [404] * LIMIT + [429]
    assert look_up(at(ctx, "203.0.113.8"), "user99@example.com", 2, NOW)[0] == 404


def test_the_id_number_is_the_value_counted_not_the_birthdate(ctx):
    """Birth dates are shared: guessing one for an id number spends the id number's count, and another
    contact's look-up with the same birth date is not held back."""
    for day in range(2, 13):
        status, _ = _status(
            at(ctx, f"198.51.100.{day}"), [Credential("ID_NUMBER", "X1"), Credential("BIRTHDATE", f"1980-01-{day:02d}")]
        )
    assert status == 429
    assert (
        _status(at(ctx, "198.51.100.99"), [Credential("ID_NUMBER", "Y2"), Credential("BIRTHDATE", "1980-01-12")])[0]
        == 404
    )


def _status(ctx, credentials):
    try:
        rules.contact_by_credentials(ctx, credentials)
    except CrmError as error:
        return error.status, error
    return 200, None


def test_malformed_credentials_are_not_counted(ctx):
    for _ in range(LIMIT + 2):
        assert _status(ctx, [Credential("BIRTHDATE", "1980-01-01")])[0] == 400
    assert _status(ctx, [Credential("EMAIL", "a@example.com")])[0] == 404


def test_reserve_and_release_in_one_window(ctx):
    digest = "d" * 64
    assert all(reserve_lookup(digest, 3, WINDOW, NOW + n) is None for n in range(3))
    assert reserve_lookup(digest, 3, WINDOW, NOW + 5) == NOW + WINDOW  # full: when the window ends
    release_lookup(digest)
    assert reserve_lookup(digest, 3, WINDOW, NOW + 6) is None
    assert reserve_lookup(digest, 3, WINDOW, NOW + WINDOW) is None  # a new window
    item = LookupThrottle.get(f"LOOKUP#{digest}")
    assert (item.failures, item.window_ends, item.expires_at) == (1, NOW + 2 * WINDOW, NOW + 2 * WINDOW)


def test_parallel_failures_never_exceed_the_limit(ctx, monkeypatch):
    serialize_dynamodb_calls(monkeypatch)
    results, start = [], threading.Barrier(24)

    def guess():
        start.wait()
        results.append(reserve_lookup("e" * 64, LIMIT, WINDOW, NOW))

    threads = [threading.Thread(target=guess) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == LIMIT
    assert lookup_failures("e" * 64, NOW) == LIMIT


def test_only_keyed_hashes_are_stored_under_a_key_of_their_own(ctx):
    look_up(ctx, "secret.person@example.com", 2, NOW)
    table = boto3.resource("dynamodb").Table(LookupThrottle.Meta.table_name)
    stored = str([item for item in table.scan()["Items"] if item.get("kind") == "LOOKUP"])
    assert stored.count("LOOKUP#") == 2
    assert "secret" not in stored and "203.0.113.7" not in stored
    key = idempotency.derived_key(lookups.KEY_LABEL)
    assert key not in (idempotency.pepper(), *tokens.signing_keys().keys.values())
    assert key != idempotency.derived_key("another-use")
    assert hmac.new(key, f"{ctx.tenant}#IP#203.0.113.7".encode(), hashlib.sha256).hexdigest() in stored


def test_an_ipv6_subscriber_counts_as_its_slash_64():
    assert (
        lookups.address_counted("2001:db8:1:2:aaaa::1")
        == lookups.address_counted("2001:db8:1:2:bbbb::9")
        == "2001:db8:1:2::/64"
    )
    assert lookups.address_counted("2001:db8:1:3::1") != lookups.address_counted("2001:db8:1:2::1")
    assert lookups.address_counted("::ffff:198.51.100.7") == "198.51.100.7" == lookups.address_counted("198.51.100.7")
