"""template.yaml is valid, and its routes, the functions' routes and the access table agree."""

import json
import os
import shutil
import subprocess
from pathlib import Path

from crm.access import ROUTE_ACCESS
from crm.settings import API_PREFIX
from tests.conftest import TEMPLATE

ROOT = Path(__file__).resolve().parents[2]


def sam_command() -> str:
    local_sam = ROOT / ".venv-sam" / "bin" / "sam"
    found = str(local_sam) if local_sam.exists() else shutil.which("sam")
    assert found, "the SAM CLI is missing: `make test` installs it into .venv-sam"
    return found


def test_sam_validate_lint_passes():
    result = subprocess.run(
        [sam_command(), "validate", "--lint", "--template-file", "template.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SAM_CLI_TELEMETRY": "0"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def template_routes() -> dict[tuple[str, str], str]:
    return {
        (route.method, route.path[len(API_PREFIX) :]): function.logical_id
        for function in TEMPLATE.functions.values()
        for route in function.routes
    }


def test_every_api_event_has_a_route_in_its_function_and_back(stack):
    for logical_id, function in TEMPLATE.functions.items():
        if not function.routes:
            continue
        app = stack.function(logical_id).module.app
        served = {
            (method.upper(), path)
            for path, item in app.get_openapi_schema().paths.items()
            for method in ("get", "post", "put", "delete", "patch")
            if getattr(item, method, None)
        }
        declared = {key for key, owner in template_routes().items() if owner == logical_id}
        assert served == declared, f"{logical_id}: template-only {declared - served}, code-only {served - declared}"


def test_every_authorized_route_has_an_access_rule_and_back():
    authorized = {
        (route.method, route.path[len(API_PREFIX) :])
        for function in TEMPLATE.functions.values()
        for route in function.routes
        if route.authorizer
    }
    assert authorized == set(ROUTE_ACCESS)


def test_routes_live_under_the_api_prefix_and_use_the_authorizer_by_default():
    assert TEMPLATE.api.default_authorizer == "CrmAuthorizer"
    assert TEMPLATE.api.stage_name == "v1"
    for function in TEMPLATE.functions.values():
        for route in function.routes:
            assert route.path.startswith(API_PREFIX + "/"), route


def test_gateway_responses_carry_the_crm_error_body():
    responses = TEMPLATE.api.gateway_responses
    for kind in (
        "UNAUTHORIZED",
        "ACCESS_DENIED",
        "THROTTLED",
        "DEFAULT_4XX",
        "DEFAULT_5XX",
        "MISSING_AUTHENTICATION_TOKEN",
    ):
        body = responses[kind]["ResponseTemplates"]["application/json"]
        for field in ('"status"', '"message"', '"error"', '"parameters"'):
            assert field in body, (kind, body)
    assert responses["THROTTLED"]["ResponseParameters"]["Headers"]["Retry-After"]


def test_tables_have_point_in_time_recovery_and_encryption():
    tables = TEMPLATE.resources_of_type("AWS::DynamoDB::Table")
    assert {"ApplicationsTable", "ContactsTable", "IdentitiesTable", "SessionsTable"} <= set(tables)
    for logical_id, table in tables.items():
        properties = table["Properties"]
        assert properties["BillingMode"] == "PAY_PER_REQUEST", logical_id
        assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, logical_id
        assert properties["SSESpecification"]["SSEEnabled"] is True, logical_id
    assert tables["SessionsTable"]["Properties"]["TimeToLiveSpecification"]["Enabled"] is True


def test_no_function_loads_the_xray_sdk_and_tracing_stays_on(stack):
    # The X-Ray SDK (Powertools' Tracer) is out of support in 2027 and costs cold-start time; Lambda and API
    # Gateway record their own segments with Tracing: Active.
    import sys

    for logical_id in TEMPLATE.functions:
        stack.function(logical_id)
    assert [name for name in sys.modules if name.startswith("aws_xray_sdk")] == []
    assert TEMPLATE.document["Globals"]["Function"]["Tracing"] == "Active"
    assert TEMPLATE.document["Resources"]["SelfServiceApi"]["Properties"]["TracingEnabled"] is True


def test_a_stack_delete_or_replacement_keeps_every_table_the_bucket_and_the_secrets():
    kept = ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SecretsManager::Secret")
    resources = {name: spec for name, spec in TEMPLATE.document["Resources"].items() if spec["Type"] in kept}
    assert len(resources) >= 16
    for name, spec in resources.items():
        assert (spec.get("DeletionPolicy"), spec.get("UpdateReplacePolicy")) == ("Retain", "Retain"), name
        if spec["Type"] == "AWS::DynamoDB::Table":
            assert spec["Properties"]["DeletionProtectionEnabled"] == {"Fn::If": ["ProtectTables", True, False]}, name
    assert TEMPLATE.parameters["TableDeletionProtection"] == "true"
    bucket = TEMPLATE.document["Resources"]["FilesBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": {"Ref": "OldFileVersionDays"}}


def _alarmed(namespace: str, metric: str) -> set[str]:
    """Logical ids that an alarm of this metric watches (through a dimension, or a metric of its math)."""
    found = set()
    for spec in TEMPLATE.document["Resources"].values():
        if spec["Type"] != "AWS::CloudWatch::Alarm":
            continue
        props = spec["Properties"]
        stats = [props] + [m["MetricStat"]["Metric"] for m in props.get("Metrics", []) if "MetricStat" in m]
        for stat in stats:
            if stat.get("Namespace") == namespace and stat.get("MetricName") == metric:
                for dimension in stat.get("Dimensions", []):
                    value = dimension["Value"]
                    if isinstance(value, dict):
                        found.add(value.get("Ref") or value.get("Fn::GetAtt", [""])[0])
    return found


def test_every_function_queue_and_table_has_its_alarm_and_every_alarm_notifies_the_topic():
    resources = TEMPLATE.document["Resources"]
    functions = {name for name, spec in resources.items() if spec["Type"] == "AWS::Serverless::Function"}
    tables = {name for name, spec in resources.items() if spec["Type"] == "AWS::DynamoDB::Table"}
    dead_letter_queues = {
        name for name, spec in resources.items() if spec["Type"] == "AWS::SQS::Queue" and "DeadLetter" in name
    }
    assert functions <= _alarmed("AWS/Lambda", "Errors") and functions <= _alarmed("AWS/Lambda", "Throttles")
    assert tables <= _alarmed("AWS/DynamoDB", "ReadThrottleEvents")
    assert tables <= _alarmed("AWS/DynamoDB", "SystemErrors")
    assert len(dead_letter_queues) == 4
    assert dead_letter_queues <= _alarmed("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    for name, spec in resources.items():
        if spec["Type"] == "AWS::CloudWatch::Alarm":
            assert spec["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}], name


def test_access_logs_are_json_with_the_callers_tenant_and_never_a_credential():
    api = TEMPLATE.document["Resources"]["SelfServiceApi"]
    log_format = json.loads(api["Properties"]["AccessLogSetting"]["Format"])
    assert {"request_id", "status", "latency_ms", "integration_latency_ms", "organisation_id", "mode"} <= set(
        log_format
    )
    assert not [v for v in log_format.values() if "header" in v.lower() or "apikey" in v.lower().replace("_", "")]
    (settings,) = api["Properties"]["MethodSettings"]
    assert (settings["LoggingLevel"], settings["DataTraceEnabled"]) == ("ERROR", False)
    assert api["DependsOn"] == "ApiGatewayAccount"
    group = TEMPLATE.document["Resources"]["ApiAccessLogGroup"]["Properties"]
    assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}
