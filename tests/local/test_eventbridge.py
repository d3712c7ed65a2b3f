"""EventBridge rules in the local runtime: an event put on the template's bus reaches the function its rule
targets; a failing one is retried, then moved to the rule's dead-letter queue."""

import json
import threading
import time

import boto3
import pytest

from local.cfn import EventBridgeRuleSource
from local.eventbridge import MAX_ATTEMPTS, RETRY_SECONDS, local_aws, rule_consumers
from tests.local.conftest import REGION, serving, write_project

TEMPLATE = """\
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: !Sub "${AWS::StackName}-feed"
  Letters:
    Type: AWS::SQS::Queue
  FeedFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/feed/
      Handler: app.lambda_handler
      Runtime: python3.13
      Events:
        Feed:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref Bus
            Pattern:
              source: [tests.feed]
            DeadLetterConfig:
              Arn: !GetAtt Letters.Arn
"""

HANDLER = """
EVENTS = []

def lambda_handler(event, context):
    EVENTS.append(event)
    if event["detail"].get("explode"):
        raise RuntimeError("the feed broke")
    return {"ok": True}
"""


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    project = tmp_path_factory.mktemp("feed")
    with serving(write_project(project, TEMPLATE, {"functions/feed/app.py": HANDLER})) as runtime:
        (consumer,) = rule_consumers(runtime, threading.Event())
        yield runtime, consumer


def put(detail, source="tests.feed"):
    events = boto3.client("events", region_name=REGION)
    answer = events.put_events(
        Entries=[{"Source": source, "DetailType": "t", "Detail": json.dumps(detail), "EventBusName": "crm-local-feed"}]
    )
    return answer["Entries"][0]["EventId"]


def test_the_rule_is_read_from_the_template(feed):
    runtime, _ = feed
    (source,) = runtime.functions["FeedFunction"].function.events
    assert isinstance(source, EventBridgeRuleSource) and source.pattern == {"source": ["tests.feed"]}
    info = local_aws(runtime)
    assert info["region"] == REGION and info["resources"]["Bus"] == "crm-local-feed"


def test_a_matching_event_reaches_the_function_and_another_does_not(feed):
    runtime, consumer = feed
    events = runtime.functions["FeedFunction"].module.EVENTS
    events.clear()
    sqs = boto3.client("sqs", region_name=REGION)
    put({"n": 1}, source="elsewhere")
    event_id = put({"n": 2})
    consumer.poll_once(sqs)
    consumer.poll_once(sqs)
    assert [(e["id"], e["source"], e["detail"]) for e in events] == [(event_id, "tests.feed", {"n": 2})]


def test_a_failing_event_is_retried_then_dead_lettered(feed):
    runtime, consumer = feed
    events = runtime.functions["FeedFunction"].module.EVENTS
    events.clear()
    sqs = boto3.client("sqs", region_name=REGION)
    event_id = put({"explode": True})
    for _ in range(MAX_ATTEMPTS + 1):
        consumer.poll_once(sqs)
        time.sleep(RETRY_SECONDS + 0.2)  # the failed event shows again after the visibility timeout
    assert [e["id"] for e in events] == [event_id] * MAX_ATTEMPTS
    letters_url = sqs.get_queue_url(QueueName="crm-local-Letters")["QueueUrl"]
    (letter,) = sqs.receive_message(QueueUrl=letters_url, MaxNumberOfMessages=10).get("Messages", [])
    assert json.loads(letter["Body"])["id"] == event_id
