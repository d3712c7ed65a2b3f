"""A function with more instances serves as many events at once, each instance one event at a time."""

from __future__ import annotations

import threading
import types

from local.cfn import Template
from local.functions import LoadedFunction


def _instance(barrier: threading.Barrier, seen: list, timeout: float = 5) -> types.ModuleType:
    module = types.ModuleType("instance")

    def lambda_handler(event, context):
        seen.append(module)
        barrier.wait(timeout)  # only passes once `parties` events are inside at the same time
        return event

    module.lambda_handler = lambda_handler
    return module


def _function(tiny_template: Template):
    return next(iter(tiny_template.functions.values()))


def _invoke_at_once(loaded: LoadedFunction, count: int) -> list:
    answers: list = []
    threads = [threading.Thread(target=lambda n=n: answers.append(loaded.invoke(n))) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return answers


def test_two_instances_serve_two_events_at_once(tiny_template):
    barrier, seen = threading.Barrier(2), []
    loaded = LoadedFunction(
        _function(tiny_template), _instance(barrier, seen), "eu-west-1", (_instance(barrier, seen),)
    )
    assert sorted(_invoke_at_once(loaded, 2)) == [0, 1]
    assert len(set(map(id, seen))) == 2  # each on its own instance


def test_one_instance_serves_one_event_at_a_time(tiny_template):
    barrier, seen = threading.Barrier(2), []
    loaded = LoadedFunction(_function(tiny_template), _instance(barrier, seen, timeout=0.5), "eu-west-1")
    errors = []
    original = loaded.invoke

    def invoke(event):
        try:
            return original(event)
        except threading.BrokenBarrierError as error:
            errors.append(error)

    loaded.invoke = invoke
    _invoke_at_once(loaded, 2)
    assert errors  # the second event waited for the first: the barrier never saw two at once
