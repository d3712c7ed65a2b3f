"""Create, with boto3, the stateful resources template.yaml declares: the same code builds them on moto's server,
inside `moto.mock_aws()` for the tests, or on a real account. Creating twice reuses what exists."""

from __future__ import annotations

import json
import os
import secrets
import string
from graphlib import TopologicalSorter
from typing import Any, Callable, Mapping

import boto3
from botocore.exceptions import ClientError

from local.cfn import Physical, Resolver, Template, local_name, references

DEFAULT_REGION = "eu-west-1"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def default_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


class Clients:
    """One boto3 client per service for one provisioning: making a client costs more than creating a table in
    moto (about 14 ms), and a template has a dozen tables."""

    def __init__(self, region: str):
        self.region = region
        self._made: dict[str, Any] = {}

    def __call__(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = boto3.client(service, region_name=self.region)
        return self._made[service]


def _already_exists(error: ClientError, *codes: str) -> bool:
    return error.response["Error"]["Code"] in codes


# ---------------------------------------------------------------- DynamoDB


def _throughput(spec: Mapping[str, Any] | None) -> dict[str, int]:
    spec = spec or {}
    return {
        "ReadCapacityUnits": int(spec.get("ReadCapacityUnits", 5)),
        "WriteCapacityUnits": int(spec.get("WriteCapacityUnits", 5)),
    }


def _index(spec: Mapping[str, Any], provisioned: bool) -> dict[str, Any]:
    index = {"IndexName": spec["IndexName"], "KeySchema": spec["KeySchema"], "Projection": spec["Projection"]}
    if provisioned:
        index["ProvisionedThroughput"] = _throughput(spec.get("ProvisionedThroughput"))
    return index


def create_table(logical_id: str, properties: Mapping[str, Any], clients: Clients) -> Physical:
    dynamodb = clients("dynamodb")
    name = properties.get("TableName") or local_name(logical_id)
    provisioned = properties.get("BillingMode", "PROVISIONED") == "PROVISIONED"
    request: dict[str, Any] = {
        "TableName": name,
        "KeySchema": properties["KeySchema"],
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "BillingMode": "PROVISIONED" if provisioned else "PAY_PER_REQUEST",
    }
    if provisioned:
        request["ProvisionedThroughput"] = _throughput(properties.get("ProvisionedThroughput"))
    if properties.get("GlobalSecondaryIndexes"):
        request["GlobalSecondaryIndexes"] = [_index(i, provisioned) for i in properties["GlobalSecondaryIndexes"]]
    if properties.get("LocalSecondaryIndexes"):
        request["LocalSecondaryIndexes"] = [_index(i, False) for i in properties["LocalSecondaryIndexes"]]
    if properties.get("StreamSpecification"):
        view_type = properties["StreamSpecification"]["StreamViewType"]
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view_type}
    try:
        dynamodb.create_table(**request)
    except ClientError as error:
        if not _already_exists(error, "ResourceInUseException"):
            raise
    dynamodb.get_waiter("table_exists").wait(TableName=name)
    _enable_ttl(dynamodb, name, properties.get("TimeToLiveSpecification"))
    table = dynamodb.describe_table(TableName=name)["Table"]
    return Physical(name, {"Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")})


def _enable_ttl(dynamodb: Any, table_name: str, spec: Mapping[str, Any] | None) -> None:
    if not spec or str(spec.get("Enabled")).lower() != "true":
        return
    # Enabling TTL twice is an error on AWS: ask first, so that a second run reuses the table.
    current = dynamodb.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    if current.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        return
    dynamodb.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"AttributeName": spec["AttributeName"], "Enabled": True},
    )


# ---------------------------------------------------------------- S3


def _cors_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    renamed = {"MaxAge": "MaxAgeSeconds", "Id": "ID", "ExposedHeaders": "ExposeHeaders"}
    return {renamed.get(key, key): (int(value) if key == "MaxAge" else value) for key, value in rule.items()}


def _notification_configuration(spec: Mapping[str, Any]) -> dict[str, Any]:
    def filters(config: Mapping[str, Any]) -> dict[str, Any]:
        rules = config.get("Filter", {}).get("S3Key", {}).get("Rules")
        return {"Filter": {"Key": {"FilterRules": rules}}} if rules else {}

    configuration: dict[str, Any] = {}
    if "QueueConfigurations" in spec:
        configuration["QueueConfigurations"] = [
            {"QueueArn": c["Queue"], "Events": [c["Event"]], **filters(c)} for c in spec["QueueConfigurations"]
        ]
    if "TopicConfigurations" in spec:
        configuration["TopicConfigurations"] = [
            {"TopicArn": c["Topic"], "Events": [c["Event"]], **filters(c)} for c in spec["TopicConfigurations"]
        ]
    if str(spec.get("EventBridgeConfiguration", {}).get("EventBridgeEnabled")).lower() == "true":
        configuration["EventBridgeConfiguration"] = {}
    return configuration


def create_bucket(logical_id: str, properties: Mapping[str, Any], clients: Clients) -> Physical:
    s3 = clients("s3")
    name = (properties.get("BucketName") or local_name(logical_id)).lower()
    request: dict[str, Any] = {"Bucket": name}
    if clients.region != "us-east-1":  # us-east-1 rejects an explicit location constraint
        request["CreateBucketConfiguration"] = {"LocationConstraint": clients.region}
    try:
        s3.create_bucket(**request)
    except ClientError as error:
        if not _already_exists(error, "BucketAlreadyOwnedByYou"):
            raise
    if properties.get("VersioningConfiguration"):
        s3.put_bucket_versioning(
            Bucket=name, VersioningConfiguration={"Status": properties["VersioningConfiguration"]["Status"]}
        )
    if properties.get("CorsConfiguration"):
        rules = [_cors_rule(rule) for rule in properties["CorsConfiguration"]["CorsRules"]]
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
    if properties.get("NotificationConfiguration"):
        s3.put_bucket_notification_configuration(
            Bucket=name,
            NotificationConfiguration=_notification_configuration(properties["NotificationConfiguration"]),
        )
    return Physical(
        name,
        {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{clients.region}.amazonaws.com",
        },
    )


# ---------------------------------------------------------------- SQS

_QUEUE_ATTRIBUTES = (
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
)


def _attribute_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else json.dumps(value)


def create_queue(logical_id: str, properties: Mapping[str, Any], clients: Clients) -> Physical:
    sqs = clients("sqs")
    fifo = str(properties.get("FifoQueue")).lower() == "true"
    name = properties.get("QueueName") or local_name(logical_id) + (".fifo" if fifo else "")
    attributes = {key: _attribute_text(properties[key]) for key in _QUEUE_ATTRIBUTES if key in properties}
    for policy in ("RedrivePolicy", "RedriveAllowPolicy"):
        if policy in properties:
            attributes[policy] = _attribute_text(properties[policy])
    try:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    except ClientError as error:
        if not _already_exists(error, "QueueAlreadyExists", "QueueNameExists"):
            raise
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return Physical(url, {"Arn": arn, "QueueName": name, "QueueUrl": url})


# ---------------------------------------------------------------- Secrets Manager


def generate_secret_string(spec: Mapping[str, Any]) -> str:
    """What CloudFormation makes of GenerateSecretString: a random password, alone or under a key of a JSON
    template."""
    alphabet = ""
    character_sets = [
        ("ExcludeLowercase", string.ascii_lowercase),
        ("ExcludeUppercase", string.ascii_uppercase),
        ("ExcludeNumbers", string.digits),
        ("ExcludePunctuation", string.punctuation),
    ]
    excluded = set(spec.get("ExcludeCharacters", ""))
    required = []
    for flag, characters in character_sets:
        if str(spec.get(flag)).lower() != "true":
            allowed = "".join(c for c in characters if c not in excluded)
            alphabet += allowed
            required.append(allowed)
    if str(spec.get("IncludeSpace")).lower() == "true":
        alphabet += " "
    length = int(spec.get("PasswordLength", 32))
    require_each = str(spec.get("RequireEachIncludedType", True)).lower() == "true"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if not require_each or all(set(password) & set(characters) for characters in required if characters):
            break
    if "GenerateStringKey" not in spec:
        return password
    document = json.loads(spec.get("SecretStringTemplate", "{}"))
    document[spec["GenerateStringKey"]] = password
    return json.dumps(document)


def create_secret(logical_id: str, properties: Mapping[str, Any], clients: Clients) -> Physical:
    secretsmanager = clients("secretsmanager")
    name = properties.get("Name") or local_name(logical_id)
    value = properties.get("SecretString") or generate_secret_string(properties.get("GenerateSecretString", {}))
    try:
        arn = secretsmanager.create_secret(Name=name, SecretString=value)["ARN"]
    except ClientError as error:
        if not _already_exists(error, "ResourceExistsException"):
            raise
        # Keep the existing value: tokens signed with it stay valid across restarts against one endpoint.
        arn = secretsmanager.describe_secret(SecretId=name)["ARN"]
    return Physical(arn, {"Id": arn})


# ---------------------------------------------------------------- EventBridge and SES


def create_event_bus(logical_id: str, properties: Mapping[str, Any], clients: Clients) -> Physical:
    events = clients("events")
    name = properties.get("Name") or local_name(logical_id)
    try:
        arn = events.create_event_bus(Name=name)["EventBusArn"]
    except ClientError as error:
        if not _already_exists(error, "ResourceAlreadyExistsException"):
            raise
        arn = events.describe_event_bus(Name=name)["Arn"]
    return Physical(name, {"Arn": arn, "Name": name})


def create_email_identity(logical_id: str, properties: Mapping[str, Any], clients: Clients) -> Physical:
    """A sender address or domain; moto sends mail only from one."""
    identity = properties["EmailIdentity"]
    try:
        clients("sesv2").create_email_identity(EmailIdentity=identity)
    except ClientError as error:
        if not _already_exists(error, "AlreadyExistsException"):
            raise
    return Physical(identity)


Creator = Callable[[str, Mapping[str, Any], Clients], Physical]

CREATORS: dict[str, Creator] = {
    "AWS::DynamoDB::Table": create_table,
    "AWS::S3::Bucket": create_bucket,
    "AWS::SQS::Queue": create_queue,
    "AWS::SecretsManager::Secret": create_secret,
    "AWS::Events::EventBus": create_event_bus,
    "AWS::SES::EmailIdentity": create_email_identity,
}


def provision(template: Template, region: str = DEFAULT_REGION) -> dict[str, Physical]:
    """Create every resource of a type in CREATORS (others are skipped) in dependency order, and answer the
    logical id -> Physical map that resolves !Ref and !GetAtt."""
    wanted = template.resources_of_type(*CREATORS)
    order = TopologicalSorter({i: references(r.get("Properties", {})) & wanted.keys() for i, r in wanted.items()})
    physical: dict[str, Physical] = {}
    resolver = Resolver(template, physical, region)
    clients = Clients(region)
    for logical_id in order.static_order():
        resource = wanted[logical_id]
        properties = resolver.resolve(resource.get("Properties", {}))
        physical[logical_id] = CREATORS[resource["Type"]](logical_id, properties, clients)
    return physical
