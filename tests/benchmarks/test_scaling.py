"""The scaling figure has no list route to measure yet: this drives its machinery with a stand-in list scenario, so
that the first real one finds it working."""

import os

from moto import mock_aws

from benchmarks.report import Report
from benchmarks.scenarios import API, Request, Scenario, World
from local.cfn import Template
from tests.benchmarks.test_harness import quick_results


def _stand_in(world: World, count: int):
    """Not a list: a route whose items read must not depend on how many records exist."""
    for _ in range(count):
        world.new_contact()
    contact = world.contact
    return lambda number: Request("GET", f"{API}/contacts/{contact.id}", contact.bearer())


def test_items_read_are_measured_at_each_size():
    # Importing it sets the fake credentials tests/conftest.py sets, and hooks botocore (the hooks only count).
    from benchmarks import warm

    stand_in = Scenario(
        "GET",
        f"{API}/contacts/{{id}}",
        lambda world: None,
        expected_status=200,
        minimum_calls={},
        authorizer_minimum_calls={},
        seed_records=_stand_in,
    )
    with mock_aws():
        sizes = warm.Bench(Template.load(), os.environ["AWS_REGION"]).measure_scaling(stand_in, (1, 3))
    assert [size["records"] for size in sizes] == [1, 3]
    assert [size["items_read"] for size in sizes] == [2, 2]  # the contact and its organisation, however many exist


def test_growth_in_items_read_is_a_miss():
    row = {
        "method": "GET",
        "path": f"{API}/contacts/{{id}}/communications",
        "function_id": "CommunicationsFunction",
        "sizes": [
            {"records": 20, "items_read": 20, "wall_p50_ms": 1.0},
            {"records": 1000, "items_read": 1000, "wall_p50_ms": 9.0},
        ],
    }
    report = Report(quick_results(scaling=[row])).markdown()
    assert "items read by `GET /contacts/{id}/communications` grow 50.00 x" in report


def test_the_base_state_comes_back_between_scenarios():
    """What one scenario leaves (here a contact) is gone for the next; the data all scenarios share still serves."""
    from benchmarks import warm
    from crm.data.contacts import find_contact

    with mock_aws():
        bench = warm.Bench(Template.load(), os.environ["AWS_REGION"])
        bench.keep_base_state()
        shared, left_over = bench.world.contact, bench.world.new_contact()
        tenant = bench.world.context().tenant
        assert find_contact(tenant, left_over.id) is not None
        bench.restore_base_state()
        assert find_contact(tenant, left_over.id) is None
        status, _, body = bench.send(Request("GET", f"{API}/contacts/{shared.id}", shared.bearer()))
        assert status == 200, body
