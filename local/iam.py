"""Each function's IAM permissions, enforced on its AWS calls before they reach moto.

moto allows every call, so a permission template.yaml forgot would first show as a 500 on AWS. Here each
function's `Policies` are expanded as SAM expands them (its policy templates, the managed policies SAM attaches
for the function's own settings, inline statements), resolved against the local resources, and every botocore
call a function makes while it runs (LoadedFunction.invoke) is mapped to the IAM actions and resource ARNs AWS
authorizes it by. A call no statement allows, or one a statement denies, fails as AWS fails it: a ClientError
with the service's access-denied code, and a line on stderr.

What this does not see: service control policies, permission boundaries, session policies, resource-based
policies (bucket, queue, bus and key policies), KMS key policies and grants, condition keys, S3 presigned URLs
(checked when the URL is used, by the caller), and the calls of AWS itself on a function's behalf (the SQS
poller, log delivery, X-Ray)."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlparse

from botocore.client import BaseClient
from botocore.exceptions import ClientError

from local.cfn import ACCOUNT_ID, Resolver, Template
from local.policy import Decision, MalformedPolicy, _as_list, _wildcard

log = logging.getLogger("local.iam")

# The SAM policy templates the template uses, as samtranslator's policy_templates.json defines them
# (tests/local/test_iam.py compares them with the installed SAM CLI's). A template not here fails loudly.
SAM_POLICY_TEMPLATES: dict[str, dict[str, Any]] = {
    "AWSSecretsManagerGetSecretValuePolicy": {
        "Statement": [
            {
                "Action": ["secretsmanager:GetSecretValue"],
                "Effect": "Allow",
                "Resource": {"Fn::Sub": ["${secretArn}", {"secretArn": {"Ref": "SecretArn"}}]},
            }
        ]
    },
    "SQSSendMessagePolicy": {
        "Statement": [
            {
                "Action": ["sqs:SendMessage*"],
                "Effect": "Allow",
                "Resource": {
                    "Fn::Sub": [
                        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
                        {"queueName": {"Ref": "QueueName"}},
                    ]
                },
            }
        ]
    },
    "EventBridgePutEventsPolicy": {
        "Statement": [
            {
                "Action": "events:PutEvents",
                "Effect": "Allow",
                "Resource": {
                    "Fn::Sub": [
                        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBusName}",
                        {"eventBusName": {"Ref": "EventBusName"}},
                    ]
                },
            }
        ]
    },
}

# The AWS managed policies SAM attaches to a function's role (the AWS-side calls they permit are not made by
# function code, so only their actions matter here).
MANAGED_POLICIES: dict[str, list[dict[str, Any]]] = {
    "AWSLambdaBasicExecutionRole": [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "*",
        }
    ],
    "AWSXrayWriteOnlyAccess": [
        {
            "Effect": "Allow",
            "Action": [
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
                "xray:GetSamplingStatisticSummaries",
            ],
            "Resource": "*",
        }
    ],
    "AWSLambdaSQSQueueExecutionRole": [
        {
            "Effect": "Allow",
            "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "*",
        },
    ],
}

# What SAM adds for an event source of a function (samtranslator/model/eventsources/pull.py).
_EVENT_MANAGED_POLICIES = {"SQS": "AWSLambdaSQSQueueExecutionRole"}


class UnsupportedPolicy(MalformedPolicy):
    """A policy the local check cannot evaluate as AWS would: it refuses rather than guess."""


def _managed_policy_name(value: str) -> str:
    return value.rsplit("/", 1)[-1] if value.startswith("arn:") else value


def _template_statements(name: str, parameters: Any) -> list[dict[str, Any]]:
    if name not in SAM_POLICY_TEMPLATES:
        raise UnsupportedPolicy(f"SAM policy template {name} is not known to local/iam.py")
    definition = json.loads(json.dumps(SAM_POLICY_TEMPLATES[name]))

    def substitute(value: Any) -> Any:  # the template's own {"Ref": "<parameter>"} -> the value given
        if isinstance(value, dict):
            if set(value) == {"Ref"} and value["Ref"] in parameters:
                return parameters[value["Ref"]]
            return {key: substitute(item) for key, item in value.items()}
        if isinstance(value, list):
            return [substitute(item) for item in value]
        return value

    return list(substitute(definition)["Statement"])


def sam_statements(properties: Mapping[str, Any], tracing: Any = None) -> list[dict[str, Any]]:
    """A function's role statements as SAM makes them, still unresolved (intrinsics left in)."""
    statements = list(MANAGED_POLICIES["AWSLambdaBasicExecutionRole"])
    if (properties.get("Tracing") or tracing) == "Active":
        statements += MANAGED_POLICIES["AWSXrayWriteOnlyAccess"]
    for event in properties.get("Events", {}).values():
        managed = _EVENT_MANAGED_POLICIES.get(event.get("Type"))
        if managed:
            statements += MANAGED_POLICIES[managed]
    dead_letter = properties.get("DeadLetterQueue")
    if dead_letter:  # SAM: the function may send (or publish) its failed events there
        action = "sqs:SendMessage" if dead_letter["Type"] == "SQS" else "sns:Publish"
        statements.append({"Effect": "Allow", "Action": action, "Resource": dead_letter["TargetArn"]})
    policies = properties.get("Policies", [])
    for policy in [policies] if isinstance(policies, (str, dict)) else policies:
        if isinstance(policy, str):
            name = _managed_policy_name(policy)
            if name not in MANAGED_POLICIES:
                raise UnsupportedPolicy(f"managed policy {policy} is not known to local/iam.py")
            statements += MANAGED_POLICIES[name]
        elif "Statement" in policy:
            inline = policy["Statement"]
            statements += [inline] if isinstance(inline, dict) else list(inline)
        elif len(policy) == 1:
            [(name, parameters)] = policy.items()
            statements += _template_statements(name, parameters or {})
        else:
            raise UnsupportedPolicy(f"policy {policy!r} is neither a statement, a template nor a managed policy")
    return statements


@dataclass(frozen=True)
class _Statement:
    allow: bool
    actions: tuple[str, ...]
    resources: tuple[str, ...]

    @classmethod
    def parse(cls, statement: Mapping[str, Any]) -> _Statement:
        unsupported = set(statement) - {"Sid", "Effect", "Action", "Resource"}
        if unsupported:  # Condition, NotAction, NotResource, Principal: not evaluated here
            raise UnsupportedPolicy(f"{sorted(unsupported)} in {dict(statement)!r}: not evaluated by local/iam.py")
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise MalformedPolicy(f"Effect must be Allow or Deny in {dict(statement)!r}")
        return cls(
            statement["Effect"] == "Allow",
            tuple(_as_list(statement.get("Action"), "Action")),
            tuple(_as_list(statement.get("Resource"), "Resource")),
        )

    def matches(self, action: str, resource: str) -> bool:
        return any(_wildcard(a, True).fullmatch(action) for a in self.actions) and any(
            _wildcard(r, False).fullmatch(resource) for r in self.resources
        )


class RolePolicy:
    """One function's permissions, resolved; decisions cached (a function asks the same few over and over)."""

    def __init__(self, function_id: str, role_arn: str, statements: list[Mapping[str, Any]]):
        self.function_id = function_id
        self.role_arn = role_arn
        self.statements = [_Statement.parse(s) for s in statements]
        self._decisions: dict[tuple[str, str], Decision] = {}

    def decide(self, action: str, resource: str) -> Decision:
        key = (action, resource)
        decision = self._decisions.get(key)
        if decision is None:
            decision = Decision.IMPLICIT_DENY
            for statement in self.statements:
                if statement.matches(action, resource):
                    if not statement.allow:
                        decision = Decision.EXPLICIT_DENY
                        break
                    decision = Decision.ALLOW
            self._decisions[key] = decision
        return decision


def role_policies(template: Template, resolver: Resolver) -> dict[str, RolePolicy]:
    """Every function's RolePolicy, by logical id."""
    tracing = template.document.get("Globals", {}).get("Function", {}).get("Tracing")
    policies = {}
    for logical_id, resource in template.resources_of_type("AWS::Serverless::Function").items():
        try:
            statements = resolver.resolve(sam_statements(resource.get("Properties", {}), tracing))
        except UnsupportedPolicy:
            if not measuring():  # measuring what functions call needs no policy
                raise
            statements = []
        role_arn = f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{logical_id}Role/{template.functions[logical_id].name}"
        policies[logical_id] = RolePolicy(logical_id, role_arn, statements)
    return policies


# ---------------------------------------------------------------- a botocore call -> (action, resource) pairs


def _dynamodb_table(name: str, region: str, index: str | None = None) -> str:
    arn = name if name.startswith("arn:") else f"arn:aws:dynamodb:{region}:{ACCOUNT_ID}:table/{name}"
    return f"{arn}/index/{index}" if index else arn


_TRANSACT_ACTIONS = {"ConditionCheck": "ConditionCheckItem", "Put": "PutItem", "Update": "UpdateItem"}
_TRANSACT_ACTIONS |= {"Delete": "DeleteItem", "Get": "GetItem"}


def _dynamodb(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    if operation in ("TransactWriteItems", "TransactGetItems"):  # no IAM action of their own: each item's
        return [
            (f"dynamodb:{_TRANSACT_ACTIONS[kind]}", _dynamodb_table(spec["TableName"], region))
            for item in params.get("TransactItems", [])
            for kind, spec in item.items()
        ]
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(f"dynamodb:{operation}", _dynamodb_table(t, region)) for t in params.get("RequestItems", {})]
    if "TableName" in params:
        return [(f"dynamodb:{operation}", _dynamodb_table(params["TableName"], region, params.get("IndexName")))]
    return [(f"dynamodb:{operation}", "*")]


_S3_OBJECT_ACTIONS = {
    "GetObject": "GetObject",
    "HeadObject": "GetObject",
    "PutObject": "PutObject",
    "CreateMultipartUpload": "PutObject",
    "UploadPart": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "AbortMultipartUpload": "AbortMultipartUpload",
    "DeleteObject": "DeleteObject",
    "GetObjectTagging": "GetObjectTagging",
    "PutObjectTagging": "PutObjectTagging",
}
_S3_BUCKET_ACTIONS = {"ListObjects": "ListBucket", "ListObjectsV2": "ListBucket", "HeadBucket": "ListBucket"}


def _s3(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    bucket = f"arn:aws:s3:::{params.get('Bucket', '')}"
    versioned = "VersionId" in params
    if operation in _S3_OBJECT_ACTIONS:
        action = _S3_OBJECT_ACTIONS[operation]
        if versioned and action in ("GetObject", "DeleteObject"):
            action += "Version"
        return [(f"s3:{action}", f"{bucket}/{params.get('Key', '')}")]
    if operation == "CopyObject":
        source = params["CopySource"]
        if isinstance(source, Mapping):
            source = f"{source['Bucket']}/{source['Key']}"
        return [("s3:GetObject", f"arn:aws:s3:::{source.lstrip('/')}"), ("s3:PutObject", f"{bucket}/{params['Key']}")]
    if operation == "DeleteObjects":
        return [
            ("s3:DeleteObjectVersion" if "VersionId" in o else "s3:DeleteObject", f"{bucket}/{o['Key']}")
            for o in params.get("Delete", {}).get("Objects", [])
        ]
    return [(f"s3:{_S3_BUCKET_ACTIONS.get(operation, operation)}", bucket)]


_SQS_ACTIONS = {
    "SendMessageBatch": "SendMessage",
    "DeleteMessageBatch": "DeleteMessage",
    "ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
}


def _sqs(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    action = f"sqs:{_SQS_ACTIONS.get(operation, operation)}"
    if "QueueUrl" in params:
        account, name = urlparse(params["QueueUrl"]).path.strip("/").split("/")[-2:]
        return [(action, f"arn:aws:sqs:{region}:{account}:{name}")]
    if "QueueName" in params:
        account = params.get("QueueOwnerAWSAccountId", ACCOUNT_ID)
        return [(action, f"arn:aws:sqs:{region}:{account}:{params['QueueName']}")]
    return [(action, "*")]


def _sns(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    # A message to a phone number has no SNS resource: only a Resource "*" (or the number's pattern) allows it.
    resource = params.get("TopicArn") or params.get("TargetArn") or params.get("PhoneNumber") or "*"
    return [(f"sns:{operation}", resource)]


def _ses_identities(address: str, region: str) -> tuple[str, ...]:
    """The identities that may authorize mail from an address: itself, else its domain (as SES looks them up)."""
    email = parseaddr(address)[1] or address
    arn = f"arn:aws:ses:{region}:{ACCOUNT_ID}:identity/"
    return (arn + email, arn + email.rpartition("@")[2]) if "@" in email else (arn + email,)


def _ses(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    source = params.get("Source") or params.get("FromEmailAddress")
    if source and operation in ("SendEmail", "SendRawEmail", "SendTemplatedEmail", "SendBulkTemplatedEmail"):
        return [(f"ses:{operation}", "|".join(_ses_identities(source, region)))]
    return [(f"ses:{operation}", "*")]


def _secretsmanager(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    secret = params.get("SecretId", "*")
    if secret != "*" and not secret.startswith("arn:"):
        secret = f"arn:aws:secretsmanager:{region}:{ACCOUNT_ID}:secret:{secret}"
    return [(f"secretsmanager:{operation}", secret)]


def _events(operation: str, params: Mapping[str, Any], region: str) -> list[tuple[str, str]]:
    def bus(name: str) -> str:
        return name if name.startswith("arn:") else f"arn:aws:events:{region}:{ACCOUNT_ID}:event-bus/{name}"

    if operation == "PutEvents":
        return [("events:PutEvents", bus(e.get("EventBusName", "default"))) for e in params.get("Entries", [])]
    return [(f"events:{operation}", bus(params["EventBusName"]) if "EventBusName" in params else "*")]


_SERVICES = {
    "dynamodb": _dynamodb,
    "s3": _s3,
    "sqs": _sqs,
    "sns": _sns,
    "ses": _ses,
    "sesv2": _ses,
    "secretsmanager": _secretsmanager,
    "events": _events,
}


def requested(
    service: str, signing_name: str, operation: str, params: Mapping[str, Any], region: str
) -> list[tuple[str, str]]:
    """The (IAM action, resource ARN) pairs AWS authorizes one call by. Several resources joined by "|" are
    alternatives: any one allowing it allows it (an SES sender's address or domain identity)."""
    mapping = _SERVICES.get(service)
    if mapping is None:  # the action named as the operation, on no particular resource
        return [(f"{signing_name}:{operation}", "*")]
    return mapping(operation, params, region)


# ---------------------------------------------------------------- denial, as each service answers it

# (error code, HTTP status) of an access denial, by botocore service name.
_DENIAL = {
    "s3": ("AccessDenied", 403),
    "sqs": ("AccessDenied", 403),
    "sns": ("AuthorizationError", 403),
    "ses": ("AccessDenied", 403),
    "sesv2": ("AccessDeniedException", 403),
}
_DEFAULT_DENIAL = ("AccessDeniedException", 400)


def access_denied(service: str, operation: str, message: str) -> ClientError:
    code, status = _DENIAL.get(service, _DEFAULT_DENIAL)
    response: Any = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0},
    }
    return ClientError(response, operation)


# ---------------------------------------------------------------- the hook

_acting = threading.local()
_installed: dict[str, Any] = {}
_record_lock = threading.Lock()


@contextmanager
def acting_as(policy: RolePolicy | None) -> Iterator[None]:
    """Run the block with `policy` checking every AWS call this thread makes (None: unchecked)."""
    previous = getattr(_acting, "policy", None)
    _acting.policy = policy
    try:
        yield
    finally:
        _acting.policy = previous


def measuring() -> bool:
    """CRM_LOCAL_IAM_RECORD=<file>: measure, not enforce. Each request a function makes is appended to the file
    (one JSON line: function, action, resource, decision) and let through, allowed or not."""
    return bool(os.environ.get("CRM_LOCAL_IAM_RECORD"))


def _record(policy: RolePolicy, action: str, resource: str, decision: Decision) -> None:
    path = os.environ.get("CRM_LOCAL_IAM_RECORD")
    if path:
        line = json.dumps(
            {"function": policy.function_id, "action": action, "resource": resource, "decision": decision.value}
        )
        with _record_lock, open(path, "a", encoding="utf-8") as file:
            file.write(line + "\n")


def check(policy: RolePolicy, service_model: Any, operation: str, params: Mapping[str, Any], region: str) -> None:
    """Raise the service's access denial unless `policy` allows every (action, resource) the call needs."""
    service = service_model.service_name
    for action, resources in requested(service, service_model.signing_name, operation, params, region):
        decisions = [policy.decide(action, resource) for resource in resources.split("|")]
        if Decision.EXPLICIT_DENY in decisions:
            decision = Decision.EXPLICIT_DENY
        else:
            decision = Decision.ALLOW if Decision.ALLOW in decisions else Decision.IMPLICIT_DENY
        _record(policy, action, resources, decision)
        if decision is not Decision.ALLOW and not measuring():
            resource = resources.split("|")[0]
            because = (
                "with an explicit deny in an identity-based policy"
                if decision is Decision.EXPLICIT_DENY
                else f"because no identity-based policy allows the {action} action"
            )
            message = (
                f"User: {policy.role_arn} is not authorized to perform: {action} on resource: {resource} {because}"
            )
            sys.stderr.write(f"[IAM] {policy.function_id}: AccessDenied: {message}\n")
            raise access_denied(service, operation, message)


def install() -> None:
    """Check, from now on, every botocore call made inside acting_as(policy). Idempotent."""
    if "original" in _installed:
        return
    original = BaseClient._make_api_call
    _installed["original"] = original

    def _make_api_call(self: BaseClient, operation_name: str, api_params: Mapping[str, Any]) -> Any:
        policy = getattr(_acting, "policy", None)
        if policy is not None:
            check(policy, self.meta.service_model, operation_name, api_params, self.meta.region_name)
        return original(self, operation_name, api_params)

    setattr(BaseClient, "_make_api_call", _make_api_call)  # noqa: B010 - patched on the class, every client
