"""A tiny throwaway template with stub functions, so that these tests need none of the real functions."""

from __future__ import annotations

import os
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from moto import mock_aws

from local.cfn import Template
from local.runtime import LocalRuntime

REGION = "eu-west-1"

TINY_TEMPLATE = """\
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Parameters:
  Origin:
    Type: String
    Default: https://app.example
Globals:
  Function:
    Handler: app.lambda_handler
    Timeout: 5
    Layers: [!Ref SharedLayer]
    Environment:
      Variables:
        ITEMS_TABLE: !Ref ItemsTable
        JOBS_QUEUE_URL: !Ref JobsQueue
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors:
        AllowOrigin: !Sub "'${Origin}'"
        AllowHeaders: "'Content-Type,api_key'"
        MaxAge: "'600'"
      Auth:
        DefaultAuthorizer: Gate
        Authorizers:
          Gate:
            FunctionPayloadType: REQUEST
            FunctionArn: !GetAtt GateFunction.Arn
      GatewayResponses:
        UNAUTHORIZED:
          StatusCode: 401
          ResponseTemplates:
            application/json: '{"status": 401, "message": $context.error.messageString}'
          ResponseParameters:
            Headers:
              Access-Control-Allow-Origin: !Sub "'${Origin}'"
              WWW-Authenticate: "'Bearer'"
        ACCESS_DENIED:
          StatusCode: 403
          ResponseTemplates:
            application/json: '{"status": 403, "message": $context.error.messageString}'
        MISSING_AUTHENTICATION_TOKEN:
          StatusCode: 404
          ResponseTemplates:
            application/json: '{"status": 404, "message": "Resource not found."}'
        DEFAULT_5XX:
          ResponseTemplates:
            application/json: '{"status": "5XX", "message": $context.error.messageString}'
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
  GateFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/gate/
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/echo/
      MemorySize: 256
      Environment:
        Variables:
          SERVICE_NAME: echo
      Events:
        Item:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: "/self-service/v1/items/{id}", Method: GET}
        Register:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: /self-service/v1/items/register, Method: post}
        Public:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: "/self-service/v1/public/{proxy+}"
            Method: ANY
            Auth: {Authorizer: NONE}
  DocumentedFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/documented/
      Environment:
        Variables:
          SERVICE_NAME: documented
      Events:
        Thing:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: "/self-service/v1/things/{thing_id}"
            Method: GET
            Auth: {Authorizer: NONE}
  WorkerFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/worker/
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt JobsQueue.Arn
            BatchSize: 5
            FunctionResponseTypes: [ReportBatchItemFailures]
  ItemsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: pk, AttributeType: S}
        - {AttributeName: sk, AttributeType: S}
        - {AttributeName: owner, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
        - {AttributeName: sk, KeyType: RANGE}
      GlobalSecondaryIndexes:
        - IndexName: by_owner
          KeySchema: [{AttributeName: owner, KeyType: HASH}]
          Projection: {ProjectionType: KEYS_ONLY}
      TimeToLiveSpecification: {AttributeName: expires_at, Enabled: true}
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 0
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDeadLetterQueue.Arn
        maxReceiveCount: 2
  JobsDeadLetterQueue:
    Type: AWS::SQS::Queue
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: !Sub "${AWS::StackName}-bus"
  Sender:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: noreply@example.com
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - {AllowedMethods: [PUT], AllowedOrigins: [!Ref Origin], MaxAge: 300}
  ItemsLogGroup:
    Type: AWS::Logs::LogGroup
"""

STUBS = {
    "layer/shared_helper.py": """
        GREETING = "from the layer"
    """,
    # The authorizer's verdict comes from the x-verdict header, so that each test picks it.
    "functions/gate/app.py": """
        EVENTS = []

        def lambda_handler(event, context):
            EVENTS.append(event)
            verdict = (event["headers"] or {}).get("x-verdict", "allow")
            if verdict == "unauthorized":
                raise Exception("Unauthorized")
            if verdict == "crash":
                raise RuntimeError("the authorizer broke")
            if verdict == "malformed":
                return {"policyDocument": {}}
            if verdict == "object-context":
                return _policy("Allow", event["methodArn"], {"nested": {"no": "objects"}})
            effect = {"allow": "Allow", "deny": "Deny"}[verdict.split("-")[0]]
            resource = event["methodArn"]
            if verdict.endswith("-wildcard"):
                resource = resource.rsplit("/", 2)[0] + "/*"
            return _policy(effect, resource, {"tenant": "org-1#test", "count": 3, "flag": True, "nothing": None})

        def _policy(effect, resource, context):
            statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}
            return {"principalId": "contact-1", "policyDocument": {"Version": "2012-10-17", "Statement": [statement]},
                    "context": context}
    """,
    "functions/echo/app.py": """
        import base64
        import json
        import os

        from shared_helper import GREETING

        SERVICE_AT_IMPORT = os.environ.get("SERVICE_NAME")

        def lambda_handler(event, context):
            failure = (event["queryStringParameters"] or {}).get("fail")
            if failure == "raise":
                raise ValueError("echo broke")
            if failure == "malformed":
                return {"status": 200}
            if failure == "binary":
                return {"statusCode": 200, "headers": {"Content-Type": "image/png"},
                        "body": base64.b64encode(b"\\x89PNG").decode(), "isBase64Encoded": True}
            answer = {"event": event, "service": SERVICE_AT_IMPORT, "greeting": GREETING,
                      "table": os.environ.get("ITEMS_TABLE"), "function_name": context.function_name,
                      "memory": context.memory_limit_in_mb, "remaining_ms": context.get_remaining_time_in_millis()}
            return {"statusCode": 200, "headers": {"Content-Type": "application/json", "X-One": "1"},
                    "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": json.dumps(answer)}
    """,
    "functions/documented/app.py": """
        from aws_lambda_powertools.event_handler import APIGatewayRestResolver

        app = APIGatewayRestResolver(enable_validation=True, strip_prefixes=["/self-service/v1"])

        @app.get("/things/<thing_id>")
        def get_thing(thing_id: str) -> dict:
            return {"id": thing_id}

        def lambda_handler(event, context):
            return app.resolve(event, context)
    """,
    "functions/worker/app.py": """
        BATCHES = []

        def lambda_handler(event, context):
            BATCHES.append(event)
            bodies = [record["body"] for record in event["Records"]]
            if "explode" in bodies:
                raise RuntimeError("the worker broke")
            return {"batchItemFailures": [{"itemIdentifier": r["messageId"]}
                                          for r in event["Records"] if r["body"] == "bad"]}
    """,
}


def write_project(root: Path, template: str, files: dict[str, str]) -> Template:
    """A project under root: its template.yaml and each file (a path relative to root: its source, dedented)."""
    (root / "template.yaml").write_text(template)
    for relative_path, source in files.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip())
    return Template.load(root / "template.yaml")


def write_tiny_project(root: Path) -> Template:
    return write_project(root, TINY_TEMPLATE, STUBS)


@contextmanager
def isolated_process() -> Iterator[None]:
    """The runtime writes os.environ and sys.path as Lambda would; give both back afterwards."""
    environment, path = dict(os.environ), list(sys.path)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(environment)
        sys.path[:] = path


@pytest.fixture(scope="module")
def tiny_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return write_tiny_project(tmp_path_factory.mktemp("tiny"))


@contextmanager
def serving(template: Template) -> Iterator[LocalRuntime]:
    """The template served by the local runtime, on an in-process moto, in an isolated process state."""
    with isolated_process(), mock_aws():
        yield LocalRuntime(template, REGION, in_process_moto=True)


@pytest.fixture(scope="module")
def runtime(tiny_template: Template) -> Iterator[LocalRuntime]:
    """The tiny template served by the local runtime, on an in-process moto."""
    with serving(tiny_template) as served:
        yield served
