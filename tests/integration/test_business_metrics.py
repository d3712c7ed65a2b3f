"""Business metrics leave as CloudWatch EMF lines on stdout, flushed at the event, with their dimension."""

import json

import pytest

from crm.data.contacts import Contact
from crm.data.printables import PrintableEntity
from crm.errors import CrmError
from crm.services import identity as identities
from crm.services import tenancy
from crm.services.printables import put_printable_entity
from crm.services.printouts import max_receives
from tests.conftest import TEMPLATE
from tests.helpers import queued_event, sample_event, tenant_context

NAMESPACE = TEMPLATE.document["Globals"]["Function"]["Environment"]["Variables"]["POWERTOOLS_METRICS_NAMESPACE"]


def emitted(out: str) -> list[dict]:
    """Each EMF blob printed: {metric name: value, dimension: value, "_aws": {...}}."""
    blobs = []
    for line in out.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            blobs.append(json.loads(line))
    return blobs


def metric(blobs: list[dict], name: str) -> list[dict]:
    found = []
    for blob in blobs:
        (directive,) = blob["_aws"]["CloudWatchMetrics"]
        if [m["Name"] for m in directive["Metrics"]] == [name]:
            assert directive["Namespace"] == NAMESPACE
            found.append(
                {d: blob[d] for dims in directive["Dimensions"] for d in dims}
                | {"value": blob[name][0] if isinstance(blob[name], list) else blob[name]}
            )
    return found


@pytest.fixture
def ctx(stack):
    return tenant_context("Metrics Org")


def test_a_registration_a_sign_in_and_a_lockout_are_counted_with_their_provider(ctx, capsys):
    identities.register_with_email_password(ctx, email="mia@example.com", password="password1234", profile={})
    identities.authenticate_with_email_password(ctx, email="mia@example.com", password="password1234")
    blobs = emitted(capsys.readouterr().out)
    assert metric(blobs, "Registrations") == [{"provider": "EMAIL", "value": 1.0}]
    assert metric(blobs, "SignIns") == [{"provider": "EMAIL", "value": 1.0}]

    for _ in range(5):  # the 5th wrong password locks the identity; the 6th guess is refused with 429
        with pytest.raises(CrmError):
            identities.authenticate_with_email_password(ctx, email="mia@example.com", password="wrong password")
    from crm.data.onetime import LoginThrottle, find_login_throttle

    digest = identities.throttle_digest(ctx.tenant, identities.email_identity_key("mia@example.com"))
    find_login_throttle(digest).update(actions=[LoginThrottle.locked_until.set(2**31)])
    with pytest.raises(CrmError) as locked:
        identities.authenticate_with_email_password(ctx, email="mia@example.com", password="password1234")
    assert locked.value.status == 429
    blobs = emitted(capsys.readouterr().out)
    assert metric(blobs, "Lockouts") == [{"value": 1.0}] and metric(blobs, "SignIns") == []


def test_a_printouts_last_failed_attempt_is_counted_by_the_worker(stack, capsys):
    organisation_id = tenancy.create_organisation("Metrics Printouts").organisation_id
    tenant = f"{organisation_id}#test"
    Contact(tenant=tenant, id="c-7", code="C7", first_name="Al", email_address="al@example.com").save()
    document = {
        "number": "ORD-7",
        "issued_on": 1764000000,
        "currency": "USD",
        "lines": [{"description": "W", "quantity": 1, "unit_price": "1.00"}],
    }
    put_printable_entity(tenant, "c-7", "ORDERS", "o-7", document)
    event = sample_event("printout.json", organisation_id=organisation_id, contact_id="c-7")
    event["body"] = json.dumps({"format": "EMAIL", "entity": {"type": "ORDERS", "id": "o-7"}})
    assert stack.invoke("PrintoutsFunction", event)["statusCode"] == 202
    for entity in PrintableEntity.query(f"{tenant}#c-7"):
        entity.delete()  # gone before the worker runs: the job cannot be done
    jobs = queued_event(stack, "PrintoutsQueue")
    jobs["Records"][0]["attributes"]["ApproximateReceiveCount"] = str(max_receives())  # the queue's last attempt
    capsys.readouterr()
    stack.invoke("PrintoutWorkerFunction", jobs)
    blobs = emitted(capsys.readouterr().out)
    assert metric(blobs, "PrintoutsFailed") == [{"value": 1.0}]
    assert metric(blobs, "PrintoutsMade") == []
