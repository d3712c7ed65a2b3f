"""Two functions of the local runtime answering at once, in two threads, each see their own event."""

from __future__ import annotations

import json
import threading

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from local.functions import router_event_per_thread


def _event(path: str) -> dict:
    return {
        "httpMethod": "GET",
        "path": path,
        "resource": path,
        "headers": {},
        "requestContext": {},
        "queryStringParameters": None,
        "body": None,
    }


def test_a_resolver_reads_its_own_event_while_another_resolves():
    assert router_event_per_thread()
    first, second = APIGatewayRestResolver(), APIGatewayRestResolver()
    first_is_inside, second_is_done = threading.Event(), threading.Event()

    @first.get("/first")
    def slow() -> dict:
        first_is_inside.set()
        assert second_is_done.wait(10)  # the other function answers meanwhile, in its own thread
        return {"path": first.current_event.path, "context": first.lambda_context}

    @second.get("/second")
    def quick() -> dict:
        return {"path": second.current_event.path, "context": second.lambda_context}

    answers = {}
    thread = threading.Thread(target=lambda: answers.update(first=first.resolve(_event("/first"), "first context")))
    thread.start()
    assert first_is_inside.wait(10)
    answers["second"] = second.resolve(_event("/second"), "second context")
    second_is_done.set()
    thread.join(10)
    assert json.loads(answers["first"]["body"]) == {"path": "/first", "context": "first context"}
    assert json.loads(answers["second"]["body"]) == {"path": "/second", "context": "second context"}
