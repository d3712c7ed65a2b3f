"""Guesses in parallel, on moto in-process with threads: the attempt is reserved in one conditional write
before the secret is verified, so no number of parallel requests verifies more than the lockout allows. The
clock the rules read stands still (the first lock lasts one second and could end mid-test). moto's DynamoDB
is made atomic per call, as DynamoDB is and as the local runtime makes it (local/moto_speedups.py)."""

import threading
import time
import types

import pytest

from crm.context import RequestContext
from crm.data.onetime import find_login_throttle
from crm.errors import CrmError
from crm.services import credentials as credential_rules
from crm.services import identity as identities
from crm.services import otp, tenancy
from crm.services.identity import LOCKOUT_AFTER, email_identity_key
from tests.helpers import serialize_dynamodb_calls

PASSWORD = "password1234"
PARALLEL = 24


@pytest.fixture
def ctx(stack, monkeypatch):
    serialize_dynamodb_calls(monkeypatch)
    now = time.time()
    frozen = types.SimpleNamespace(time=lambda: now)
    for module in (identities, credential_rules, otp):
        monkeypatch.setattr(module, "time", frozen)
    organisation = tenancy.create_organisation("Parallel Org")
    return RequestContext(organisation_id=organisation.organisation_id, mode="test")


def in_parallel(call, count=PARALLEL) -> list[int]:
    """`call()` from `count` threads released at once; the status of each (200 for an answer)."""
    start, statuses, lock = threading.Barrier(count), [], threading.Lock()

    def one():
        start.wait()
        try:
            call()
            status = 200
        except CrmError as error:
            status = error.status
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_parallel_wrong_passwords_verify_at_most_the_lockout_limit(ctx):
    identities.register_with_email_password(ctx, email="ann@example.com", password=PASSWORD, profile={})
    statuses = in_parallel(
        lambda: identities.authenticate_with_email_password(ctx, email="ann@example.com", password="wrong password")
    )
    assert statuses.count(401) == LOCKOUT_AFTER and statuses.count(429) == PARALLEL - LOCKOUT_AFTER, statuses
    record = find_login_throttle(identities.throttle_digest(ctx.tenant, email_identity_key("ann@example.com")))
    assert record.failed_logins == LOCKOUT_AFTER and record.locked_until


def test_parallel_guesses_of_an_unknown_username_are_limited_alike(ctx):
    statuses = in_parallel(
        lambda: identities.authenticate_with_email_password(ctx, email="nobody@example.com", password="wrong password")
    )
    assert statuses.count(401) == LOCKOUT_AFTER and statuses.count(429) == PARALLEL - LOCKOUT_AFTER, statuses


def test_parallel_wrong_codes_compare_at_most_three(ctx, monkeypatch):
    identities.register_with_email_password(ctx, email="bob@example.com", password=PASSWORD, profile={})
    contact_id = identities.find_identity(ctx.tenant, email_identity_key("bob@example.com")).contact_id
    auth_otp = otp.send_new_code(ctx, contact_id, email_identity_key("bob@example.com"), email="bob@example.com")
    compared, real_same_hash = [], otp.same_hash
    monkeypatch.setattr(otp, "same_hash", lambda *args: compared.append(1) or real_same_hash(*args))
    statuses = in_parallel(lambda: otp.check_code(ctx, auth_otp, "000000"), count=12)
    assert statuses == [401] * 12
    assert len(compared) <= otp.MAX_WRONG_TRIES, f"{len(compared)} codes were compared"
