"""EventBridge rules as the local runtime drives them: a function's `Type: EventBridgeRule` event becomes a real
rule on the template's bus (moto's, or a real one), whose target is a hidden SQS queue of that rule; a consumer
hands each event it receives to the function, as Lambda would. A failed event comes back after a short
visibility timeout and, after MAX_ATTEMPTS, moves to the rule's dead-letter queue (DeadLetterConfig), or the
function's (DeadLetterQueue) when the rule names none."""

from __future__ import annotations

import json
import sys
import threading
from typing import Any, Callable, Mapping, Protocol

import boto3

from local.cfn import EventBridgeRuleSource, Resolver, SqsSource, Template
from local.sqs_consumer import QueueConsumer


class RuntimeFunction(Protocol):
    function: Any  # local.cfn.Function
    invoke: Callable[[Any], Any]


class LocalRuntime(Protocol):
    """What the rules need of the runtime (local/runtime.py), which composes this module and so is not imported."""

    template: Template
    resolver: Resolver
    region: str
    aws_endpoint: str
    functions: Mapping[str, RuntimeFunction]
    physical: Mapping[str, Any]


MAX_ATTEMPTS = 3  # Lambda's asynchronous invocation: the first try and two retries
RETRY_SECONDS = 1


def rule_sources(runtime: LocalRuntime) -> list[EventBridgeRuleSource]:
    return [
        event
        for loaded in runtime.functions.values()
        for event in loaded.function.events
        if isinstance(event, EventBridgeRuleSource)
    ]


def _function_dead_letter(runtime: LocalRuntime, function_id: str) -> Any:
    properties = runtime.template.resources[function_id].get("Properties", {})
    return (properties.get("DeadLetterQueue") or {}).get("TargetArn")


def _queue_url(sqs: Any, arn: str) -> str:
    return sqs.get_queue_url(QueueName=arn.rsplit(":", 1)[1])["QueueUrl"]


def connect_rule(runtime: LocalRuntime, source: EventBridgeRuleSource, index: int) -> tuple[str, str]:
    """Creates the rule and its hidden queue; answers the queue's URL and ARN."""
    region, resolver = runtime.region, runtime.resolver
    sqs = boto3.client("sqs", region_name=region)
    events = boto3.client("events", region_name=region)
    rule_name = f"crm-local-{source.function_id}-rule{index}"[:64]
    attributes = {"VisibilityTimeout": str(RETRY_SECONDS)}
    dead_letter = source.dead_letter_arn or _function_dead_letter(runtime, source.function_id)
    if dead_letter is not None:
        attributes["RedrivePolicy"] = json.dumps(
            {"deadLetterTargetArn": resolver.resolve(dead_letter), "maxReceiveCount": MAX_ATTEMPTS}
        )
    queue_url = sqs.create_queue(QueueName=rule_name, Attributes=attributes)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = resolver.resolve(source.bus) if source.bus is not None else "default"
    events.put_rule(
        Name=rule_name, EventBusName=bus, EventPattern=json.dumps(resolver.resolve(source.pattern)), State="ENABLED"
    )
    events.put_targets(Rule=rule_name, EventBusName=bus, Targets=[{"Id": "local-function", "Arn": queue_arn}])
    return queue_url, queue_arn


def _deliver(handler: Callable[[Any], Any], function_id: str) -> Callable[[dict[str, Any]], Any]:
    """The SQS batch (one message) as the EventBridge event the function receives; an error leaves it queued."""

    def deliver(sqs_event: dict[str, Any]) -> None:
        for record in sqs_event["Records"]:
            handler(json.loads(record["body"]))

    return deliver


def rule_consumers(runtime: LocalRuntime, stopping: threading.Event) -> list[QueueConsumer]:
    consumers = []
    for index, source in enumerate(rule_sources(runtime)):
        queue_url, queue_arn = connect_rule(runtime, source, index)
        handler = runtime.functions[source.function_id].invoke
        consumers.append(
            QueueConsumer(
                SqsSource(source.function_id, queue_arn, 1, False),
                _deliver(handler, source.function_id),
                queue_url,
                queue_arn,
                runtime.region,
                stopping,
            )
        )
        sys.stderr.write(f"EventBridge rule {index} of {source.function_id} delivers from its bus\n")
    return consumers


def local_aws(runtime: LocalRuntime) -> dict[str, Any]:
    """What a command needs to reach the local runtime's AWS (GET /_local/aws): no credentials, only where."""
    return {
        "endpoint_url": runtime.aws_endpoint,
        "region": runtime.region,
        "resources": {logical_id: physical.ref for logical_id, physical in runtime.physical.items()},
    }
