"""Provisioning from template.yaml itself inside mock_aws, as the other test suites do."""

import json
import string

import boto3
import pytest
from moto import mock_aws

from local.cfn import DEFAULT_TEMPLATE, Template
from local.resources import generate_secret_string, provision
from tests.local.conftest import REGION


@pytest.fixture(scope="module")
def real_stack():
    template = Template.load(DEFAULT_TEMPLATE)
    with mock_aws():
        yield template, provision(template, REGION)


def test_every_table_has_the_templates_keys_and_indexes(real_stack):
    template, physical = real_stack
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    for logical_id, resource in template.resources_of_type("AWS::DynamoDB::Table").items():
        declared = resource["Properties"]
        table = dynamodb.describe_table(TableName=physical[logical_id].ref)["Table"]
        assert table["TableName"] == f"crm-local-{logical_id}"
        assert table["KeySchema"] == declared["KeySchema"]
        assert {(a["AttributeName"], a["AttributeType"]) for a in table["AttributeDefinitions"]} == {
            (a["AttributeName"], a["AttributeType"]) for a in declared["AttributeDefinitions"]
        }
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        declared_indexes = {i["IndexName"]: i["KeySchema"] for i in declared.get("GlobalSecondaryIndexes", [])}
        assert {i["IndexName"]: i["KeySchema"] for i in table.get("GlobalSecondaryIndexes", [])} == declared_indexes
        assert physical[logical_id].attributes["Arn"] == table["TableArn"]


def test_ttl_is_on_where_the_template_says(real_stack):
    template, physical = real_stack
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    for logical_id, resource in template.resources_of_type("AWS::DynamoDB::Table").items():
        ttl = dynamodb.describe_time_to_live(TableName=physical[logical_id].ref)["TimeToLiveDescription"]
        declared = resource["Properties"].get("TimeToLiveSpecification")
        if declared:
            assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": declared["AttributeName"]}
        else:
            assert ttl["TimeToLiveStatus"] == "DISABLED"


def test_the_token_secret_holds_a_generated_key(real_stack):
    _, physical = real_stack
    secret = boto3.client("secretsmanager", region_name=REGION).get_secret_value(
        SecretId=physical["TokenSigningSecret"].ref
    )
    document = json.loads(secret["SecretString"])
    assert document["current_kid"] == "k1"
    assert len(document["k1"]) == 64 and set(document["k1"]) <= set(string.ascii_letters + string.digits)
    assert physical["TokenSigningSecret"].ref == secret["ARN"]


def test_the_queue_redrives_to_its_dead_letter_queue(real_stack):
    _, physical = real_stack
    queue = physical["PrintoutsQueue"]
    attributes = boto3.client("sqs", region_name=REGION).get_queue_attributes(
        QueueUrl=queue.ref, AttributeNames=["All"]
    )["Attributes"]
    assert attributes["VisibilityTimeout"] == "120"
    redrive = json.loads(attributes["RedrivePolicy"])
    dead_letter_arn = physical["PrintoutsDeadLetterQueue"].attributes["Arn"]
    assert redrive == {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": 3}


def test_the_bucket_has_its_cors_rules(real_stack):
    _, physical = real_stack
    bucket = physical["FilesBucket"].ref
    assert bucket == "crm-local-filesbucket"
    (rule,) = boto3.client("s3", region_name=REGION).get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert rule["AllowedMethods"] == ["GET", "POST", "PUT"] and rule["MaxAgeSeconds"] == 3000


def test_the_bucket_keeps_old_versions_as_the_template_says(real_stack):
    _, physical = real_stack
    s3 = boto3.client("s3", region_name=REGION)
    bucket = physical["FilesBucket"].ref
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_object(Bucket=bucket, Key="uploads/v", Body=b"first")
    s3.put_object(Bucket=bucket, Key="uploads/v", Body=b"second")
    assert len(s3.list_object_versions(Bucket=bucket, Prefix="uploads/v")["Versions"]) == 2


def test_provisioning_again_reuses_what_exists(real_stack):
    template, physical = real_stack
    again = provision(template, REGION)
    assert again == physical  # same names, ARNs and URLs: the secret keeps its value


def test_the_tiny_templates_other_types_and_skips(tiny_template):
    with mock_aws():
        physical = provision(tiny_template, REGION)
        assert "ItemsLogGroup" not in physical and "EchoFunction" not in physical
        assert physical["Bus"].ref == "crm-local-bus"
        assert boto3.client("events", region_name=REGION).describe_event_bus(Name="crm-local-bus")["Arn"]
        identities = boto3.client("sesv2", region_name=REGION).list_email_identities()["EmailIdentities"]
        assert "noreply@example.com" in [i["IdentityName"] for i in identities]
        (rule,) = boto3.client("s3", region_name=REGION).get_bucket_cors(Bucket="crm-local-uploads")["CORSRules"]
        assert rule["AllowedOrigins"] == ["https://app.example"]
        table = boto3.client("dynamodb", region_name=REGION).describe_table(TableName="crm-local-ItemsTable")["Table"]
        assert table["GlobalSecondaryIndexes"][0]["Projection"] == {"ProjectionType": "KEYS_ONLY"}


def test_generated_secret_strings_follow_their_options():
    plain = generate_secret_string({"PasswordLength": 20, "ExcludeCharacters": "abc", "ExcludePunctuation": True})
    assert len(plain) == 20 and not set(plain) & set("abc" + string.punctuation)
    digits = generate_secret_string(
        {"PasswordLength": 12, "ExcludeLowercase": True, "ExcludeUppercase": True, "ExcludePunctuation": True}
    )
    assert digits.isdigit() and len(digits) == 12
    keyed = json.loads(generate_secret_string({"SecretStringTemplate": '{"user": "u"}', "GenerateStringKey": "pw"}))
    assert keyed["user"] == "u" and len(keyed["pw"]) == 32
