"""Each function runs with exactly the IAM permissions the template gives it (local/iam.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from local import iam
from local.cfn import Template
from local.policy import Decision
from tests.local.conftest import isolated_process, serving, write_project

REGION = "eu-west-1"
REPO_ROOT = Path(__file__).resolve().parents[2]

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Granted:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Other:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Jobs:
    Type: AWS::SQS::Queue
  ProbeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/probe/
      Handler: app.lambda_handler
      Runtime: python3.12
      Environment:
        Variables:
          GRANTED: !Ref Granted
          OTHER: !Ref Other
          JOBS: !Ref Jobs
      Policies:
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem, dynamodb:PutItem]
              Resource: !GetAtt Granted.Arn
            - Effect: Allow
              Action: sns:Publish
              Resource: "*"
            - Effect: Deny
              Action: sns:Publish
              Resource: "arn:aws:sns:*:*:*"
        - SQSSendMessagePolicy:
            QueueName: !GetAtt Jobs.QueueName
"""

HANDLER = """
import os

import boto3
from botocore.exceptions import ClientError


def lambda_handler(event, context):
    dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    sns = boto3.client("sns", region_name="eu-west-1")
    sqs = boto3.client("sqs", region_name="eu-west-1")
    calls = {
        "get_granted": lambda: dynamodb.get_item(TableName=os.environ["GRANTED"], Key={"id": {"S": "1"}}),
        "get_other": lambda: dynamodb.get_item(TableName=os.environ["OTHER"], Key={"id": {"S": "1"}}),
        "scan_granted": lambda: dynamodb.scan(TableName=os.environ["GRANTED"]),
        "sms": lambda: sns.publish(PhoneNumber="+35799000001", Message="hi"),
        "topic": lambda: sns.publish(TopicArn="arn:aws:sns:eu-west-1:123456789012:anything", Message="hi"),
        "send": lambda: sqs.send_message(QueueUrl=os.environ["JOBS"], MessageBody="x"),
    }
    try:
        calls[event["call"]]()
    except ClientError as error:
        answer = error.response
        return {"error": answer["Error"]["Code"], "status": answer["ResponseMetadata"]["HTTPStatusCode"],
                "message": answer["Error"]["Message"]}
    return {"ok": True}
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    project = tmp_path_factory.mktemp("iam")
    with serving(write_project(project, TEMPLATE, {"functions/probe/app.py": HANDLER})) as runtime:
        yield runtime.functions["ProbeFunction"]


def test_a_call_the_policy_allows_reaches_aws(probe):
    assert probe.invoke({"call": "get_granted"}) == {"ok": True}
    assert probe.invoke({"call": "sms"}) == {"ok": True}
    assert probe.invoke({"call": "send"}) == {"ok": True}  # SAM's SQSSendMessagePolicy, expanded


def test_a_table_outside_the_granted_arn_is_denied_as_dynamodb_denies(probe, capfd):
    answer = probe.invoke({"call": "get_other"})
    assert answer["error"] == "AccessDeniedException" and answer["status"] == 400
    assert "is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:" in answer["message"]
    assert "table/crm-local-Other because no identity-based policy allows" in answer["message"]
    assert "[IAM] ProbeFunction: AccessDenied" in capfd.readouterr().err


def test_an_action_not_granted_on_the_granted_table_is_denied(probe):
    assert probe.invoke({"call": "scan_granted"})["error"] == "AccessDeniedException"


def test_a_deny_on_topic_arns_leaves_only_sms(probe):
    answer = probe.invoke({"call": "topic"})
    assert (answer["error"], answer["status"]) == ("AuthorizationError", 403)
    assert "explicit deny" in answer["message"]


def test_the_runtime_s_own_calls_are_not_checked(probe):
    # Outside an invocation (provisioning, queue pollers, tests) nothing is checked.
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    assert dynamodb.scan(TableName="crm-local-Other")["Items"] == []


def test_transactions_and_batches_are_authorized_item_by_item():
    pairs = iam.requested(
        "dynamodb",
        "dynamodb",
        "TransactWriteItems",
        {
            "TransactItems": [
                {"Put": {"TableName": "a"}},
                {"ConditionCheck": {"TableName": "b"}},
                {"Delete": {"TableName": "arn:aws:dynamodb:eu-west-1:1:table/c"}},
            ]
        },
        REGION,
    )
    table = "arn:aws:dynamodb:eu-west-1:123456789012:table/"
    assert pairs == [
        ("dynamodb:PutItem", table + "a"),
        ("dynamodb:ConditionCheckItem", table + "b"),
        ("dynamodb:DeleteItem", "arn:aws:dynamodb:eu-west-1:1:table/c"),
    ]
    query = iam.requested("dynamodb", "dynamodb", "Query", {"TableName": "a", "IndexName": "by_x"}, REGION)
    assert query == [("dynamodb:Query", table + "a/index/by_x")]


def test_s3_operations_map_to_their_iam_actions():
    def pairs(operation, **params):
        return iam.requested("s3", "s3", operation, {"Bucket": "b", **params}, REGION)

    assert pairs("HeadObject", Key="k") == [("s3:GetObject", "arn:aws:s3:::b/k")]
    assert pairs("DeleteObjects", Delete={"Objects": [{"Key": "x"}, {"Key": "y", "VersionId": "1"}]}) == [
        ("s3:DeleteObject", "arn:aws:s3:::b/x"),
        ("s3:DeleteObjectVersion", "arn:aws:s3:::b/y"),
    ]
    assert pairs("CopyObject", Key="to", CopySource={"Bucket": "s", "Key": "from"}) == [
        ("s3:GetObject", "arn:aws:s3:::s/from"),
        ("s3:PutObject", "arn:aws:s3:::b/to"),
    ]
    assert pairs("ListObjectsV2") == [("s3:ListBucket", "arn:aws:s3:::b")]


def test_conditions_are_refused_rather_than_ignored():
    with pytest.raises(iam.UnsupportedPolicy):
        iam.RolePolicy("F", "arn", [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}])


def test_the_real_template_grants_no_scan_no_table_administration_and_no_bucket_wide_writes():
    with isolated_process(), mock_aws():
        from local.cfn import Resolver
        from local.resources import provision

        template = Template.load()
        resolver = Resolver(template, provision(template, REGION), REGION)
        policies = iam.role_policies(template, resolver)
    assert len(policies) == len(template.functions)
    for function_id, policy in policies.items():
        for statement in policy.statements:
            for action in statement.actions:
                service, _, name = action.partition(":")
                assert not (service == "dynamodb" and ("*" in name or name in ("Scan", "DescribeTable"))), function_id
                assert not (service == "s3" and "*" in name), (function_id, action)
                if service in ("dynamodb", "s3"):
                    assert "*" != statement.resources[0], (function_id, action)
                if action == "sns:Publish" and statement.allow:
                    denied = policy.decide("sns:Publish", "arn:aws:sns:eu-west-1:123456789012:topic")
                    assert denied is Decision.EXPLICIT_DENY, function_id


def _sam_python() -> Path | None:
    python = REPO_ROOT / ".venv-sam" / "bin" / "python"
    return python if python.exists() else None


@pytest.mark.skipif(_sam_python() is None, reason="the SAM CLI's virtualenv (.venv-sam) is not installed")
def test_the_policy_templates_kept_are_samtranslator_s():
    program = (
        "import json, sys\n"
        "from samtranslator.policy_template_processor.processor import PolicyTemplatesProcessor\n"
        "templates = PolicyTemplatesProcessor.get_default_policy_templates_json()['Templates']\n"
        "print(json.dumps({name: templates[name]['Definition'] for name in sys.argv[1:]}))\n"
    )
    names = sorted(iam.SAM_POLICY_TEMPLATES)
    done = subprocess.run(
        [str(_sam_python()), "-c", program, *names], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == iam.SAM_POLICY_TEMPLATES
