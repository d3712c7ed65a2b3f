"""The operations layer of template.yaml: template linters and their skip lists, WAF, environments, dashboard."""

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from crm.settings import API_PREFIX
from tests.conftest import TEMPLATE

ROOT = Path(__file__).resolve().parents[2]


def _skip_entries(path: Path, key: str) -> list[str]:
    lines = path.read_text().splitlines()
    start = lines.index(f"{key}:")
    entries = []
    for line in lines[start + 1 :]:
        if not line.startswith("  - "):
            break
        entries.append(line)
    return entries


def test_every_checkov_skip_and_ignored_serverless_rule_has_its_reason_on_its_line():
    checkov = _skip_entries(ROOT / ".checkov.yaml", "skip-check")
    serverless = _skip_entries(ROOT / ".cfnlint-serverless.yaml", "ignore_checks")
    assert checkov and serverless
    for line in checkov:
        assert re.fullmatch(r"  - CKV_AWS_\d+ +# \S.{20,}", line), line
    for line in serverless:
        assert re.fullmatch(r"  - [EWI]S\d{4} +# \S.{20,}", line), line
    config = yaml.safe_load((ROOT / ".checkov.yaml").read_text())
    assert config["file"] == ["template.yaml"] and config["skip-download"] is True
    rules = yaml.safe_load((ROOT / ".cfnlint-serverless.yaml").read_text())
    assert rules["append_rules"] == ["cfn_lint_serverless.rules"]


def test_make_lint_runs_checkov_and_the_serverless_rules_from_their_own_venv():
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile[makefile.index("lint validate:") :].split("\n\n")[0]
    assert "$(IAC_VENV)/.installed" in lint.splitlines()[0]
    assert "$(IAC_VENV)/bin/cfn-lint --config-file .cfnlint-serverless.yaml" in lint
    assert "$(IAC_VENV)/bin/checkov --config-file .checkov.yaml" in lint
    assert "-r requirements-iac.txt" in makefile
    requirements = (ROOT / "requirements-iac.txt").read_text()
    assert re.search(r"^checkov==", requirements, re.M) and re.search(r"^cfn-lint-serverless==", requirements, re.M)
    # `sam validate --lint` reads .cfnlintrc and has no serverless rules: the file must not exist.
    assert not (ROOT / ".cfnlintrc").exists()


# ---------------------------------------------------------------- environments and Rules

SAMCONFIG = tomllib.loads((ROOT / "samconfig.toml").read_text())
ENVIRONMENT_SPECIFIC = {
    "Environment",
    "MailFrom",
    "TokenIssuer",
    "AllowedOrigin",
    "ApprovalLinkUrl",
    "PasswordResetPageUrl",
    "AlarmEmail",
}


def _evaluate(node: Any, parameters: dict[str, str]) -> Any:
    """CloudFormation's rule functions, as its Rules section uses them."""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return [_evaluate(item, parameters) for item in node]
    ((function, argument),) = node.items()
    if function == "Ref":
        return parameters[argument]
    values = _evaluate(argument, parameters)
    if function == "Fn::Not":
        return not values[0]
    if function == "Fn::Equals":
        return values[0] == values[1]
    if function == "Fn::Contains":
        return values[1] in values[0]
    raise AssertionError(f"a rule function the test does not know: {function}")


def refusals(**overrides: str) -> list[str]:
    """The AssertDescription of every assertion CloudFormation would fail for these parameters."""
    parameters = {**TEMPLATE.parameters, **overrides}
    refused = []
    for rule in TEMPLATE.document["Rules"].values():
        if "RuleCondition" in rule and not _evaluate(rule["RuleCondition"], parameters):
            continue
        refused += [a["AssertDescription"] for a in rule["Assertions"] if not _evaluate(a["Assert"], parameters)]
    return refused


def overrides_of(environment: str) -> dict[str, str]:
    pairs = SAMCONFIG[environment]["deploy"]["parameters"]["parameter_overrides"]
    return dict(pair.split("=", 1) for pair in pairs)


OWN = {
    "MailFrom": "no-reply@mail.acme-loyalty.com",
    "TokenIssuer": "https://api.acme-loyalty.com/self-service",
    "AllowedOrigin": "https://portal.acme-loyalty.com",
    "ApprovalLinkUrl": "https://portal.acme-loyalty.com/approval",
    "PasswordResetPageUrl": "https://portal.acme-loyalty.com/reset-password",
    "AlarmEmail": "ops@acme-loyalty.com",
}


def test_samconfig_has_staging_and_prod_with_every_environment_specific_parameter():
    for environment in ("staging", "prod"):
        assert SAMCONFIG[environment]["global"]["parameters"]["region"]
        assert SAMCONFIG[environment]["global"]["parameters"]["stack_name"].endswith(environment)
        overrides = overrides_of(environment)
        assert ENVIRONMENT_SPECIFIC <= set(overrides), environment
        assert set(overrides) <= set(TEMPLATE.parameters), environment
        assert overrides["Environment"] == environment


def test_the_rules_refuse_every_example_value_the_repository_ships_outside_dev():
    for environment in ("staging", "prod"):
        refused = refusals(**overrides_of(environment))
        for name in sorted(ENVIRONMENT_SPECIFIC - {"Environment"}):
            assert f"{name} is an example value; set this environment's own in samconfig.toml." in refused
        assert refusals(**{**overrides_of(environment), **OWN}) == []
    # The template's own defaults (what `sam deploy` without a config environment sends) fail outside dev too.
    defaults = refusals(Environment="staging")
    assert {d.split(" ")[0] for d in defaults} == {"MailFrom", "TokenIssuer", "ApprovalLinkUrl", "PasswordResetPageUrl"}
    # Every example.com value in the template's defaults and samconfig.toml is on a Rules list.
    shipped = [(n, v) for n, v in TEMPLATE.parameters.items() if isinstance(v, str) and "example" in v]
    shipped += [(n, v) for env in ("staging", "prod") for n, v in overrides_of(env).items() if "example" in v]
    assert len(shipped) == 16
    for name, value in shipped:
        assert refusals(Environment="prod", **{**OWN, name: value}), (name, value)
    # A dev stack (local runtime, throwaway stacks) keeps the defaults.
    assert refusals() == [] and refusals(Environment="dev", AllowedOrigin="*") == []


def test_prod_refuses_any_origin_and_no_alarm_email_but_staging_allows_them():
    assert refusals(Environment="prod", **{**OWN, "AllowedOrigin": "*"}) == [
        "AllowedOrigin \"*\" lets any web page call the API with a contact's token; name the portal's origin."
    ]
    assert refusals(Environment="prod", **{**OWN, "AlarmEmail": ""}) == [
        "AlarmEmail is empty; in prod an alarm must reach someone."
    ]
    assert refusals(Environment="staging", **{**OWN, "AllowedOrigin": "*", "AlarmEmail": ""}) == []


# ---------------------------------------------------------------- WAF and throttling


def _web_acl_rules() -> dict[str, dict[str, Any]]:
    acl = TEMPLATE.document["Resources"]["BodyLimitWebAcl"]["Properties"]
    return {rule["Name"]: rule for rule in acl["Rules"]}


def _stage_path(method: str, path: str) -> str:
    """The URI path WAF sees for a template route on API Gateway's own domain (the stage first)."""
    return "/v1" + path.replace("{id}", "C0FFEE").replace("{token}", "t0k3n").replace("{sid}", "S1")


def test_the_web_acl_runs_the_managed_groups_and_counts_body_rules_on_uploads_only():
    rules = _web_acl_rules()
    groups = {
        r["Statement"]["ManagedRuleGroupStatement"]["Name"]: r
        for r in rules.values()
        if "ManagedRuleGroupStatement" in r["Statement"]
    }
    assert set(groups) == {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    }
    for rule in groups.values():
        assert rule["OverrideAction"] == {"None": {}}, rule["Name"]  # the groups' own actions (block) apply
    common = groups["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    counted = {o["Name"] for o in common["RuleActionOverrides"] if o["ActionToUse"] == {"Count": {}}}
    assert "SizeRestrictions_BODY" in counted
    # What the counted body rules match is blocked again everywhere but on the upload route.
    again = rules["common-body-rules-but-uploads"]
    assert again["Action"] == {"Block": {}}
    labels, not_upload = again["Statement"]["AndStatement"]["Statements"]
    keys = {s["LabelMatchStatement"]["Key"].rsplit(":", 1)[1] for s in labels["OrStatement"]["Statements"]}
    assert {k.upper() for k in keys} == {name.upper() for name in counted - {"SizeRestrictions_BODY"}}
    assert not_upload["NotStatement"]["Statement"]["ByteMatchStatement"]["SearchString"] == "/upload/files"
    assert again["Priority"] > groups["AWSManagedRulesCommonRuleSet"]["Priority"]  # labels exist only after it


def test_rate_rules_per_ip_cover_the_sign_in_otp_password_and_open_routes_and_no_other():
    expected = {
        "rate-sign-in": {"/contacts/authenticate", "/contacts/register", "/contacts/refresh", "/contacts/validate"},
        "rate-otp": {"/contacts/otp", "/contacts/validate-otp"},
        "rate-password-reset": {"/contacts/forgot_password", "/contacts/change_password"},
        "rate-open-routes": {"/contacts/verify_email/{token}", "/approval_requests/{id}/actions"},
    }
    routes = {(route.method, route.path[len(API_PREFIX) :]) for f in TEMPLATE.functions.values() for route in f.routes}
    rules = _web_acl_rules()
    for name, paths in expected.items():
        statement = rules[name]["Statement"]["RateBasedStatement"]
        assert statement["AggregateKeyType"] == "IP" and statement["EvaluationWindowSec"] == 300
        assert int(TEMPLATE.parameters[statement["Limit"]["Ref"]]) >= 10
        assert rules[name]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
        regex = re.compile(statement["ScopeDownStatement"]["RegexMatchStatement"]["RegexString"])
        matched = {path for _, path in routes if regex.search(_stage_path("", API_PREFIX + path))}
        assert matched == paths, name
    # Every route without the authorizer, and every KEY route that signs in or sends, is rate limited per IP.
    open_routes = {
        route.path[len(API_PREFIX) :] for f in TEMPLATE.functions.values() for route in f.routes if not route.authorizer
    }
    assert open_routes <= set().union(*expected.values())


def test_waf_logs_to_an_aws_waf_logs_group_without_credentials():
    resources = TEMPLATE.document["Resources"]
    group = resources["WafLogGroup"]["Properties"]
    assert group["LogGroupName"] == {"Fn::Sub": "aws-waf-logs-${AWS::StackName}"}
    assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    logging = resources["WafLogging"]["Properties"]
    assert logging["ResourceArn"] == {"Fn::GetAtt": ["BodyLimitWebAcl", "Arn"]}
    assert "log-group:${WafLogGroup}" in logging["LogDestinationConfigs"][0]["Fn::Sub"]
    redacted = {field["SingleHeader"]["Name"] for field in logging["RedactedFields"]}
    assert {"authorization", "api_key", "auth_token", "refresh_token", "x-integration-secret"} <= redacted


def test_one_application_cannot_saturate_a_route_the_usage_plan_is_below_the_stage_rate():
    p = TEMPLATE.parameters
    assert int(p["UsagePlanRateLimit"]) < int(p["ThrottlingRateLimit"])
    assert int(p["UsagePlanBurstLimit"]) < int(p["ThrottlingBurstLimit"])


# ---------------------------------------------------------------- dashboard


def test_the_dashboard_shows_every_alarm_and_every_alarmed_metric():
    resources = TEMPLATE.document["Resources"]
    dashboard = resources["OperationsDashboard"]["Properties"]
    assert dashboard["DashboardName"] == {"Fn::Sub": "${AWS::StackName}-operations"}  # one per stack, per stage
    body = json.loads(dashboard["DashboardBody"]["Fn::Sub"])
    alarms = {name for name, spec in resources.items() if spec["Type"] == "AWS::CloudWatch::Alarm"}
    (state,) = [w for w in body["widgets"] if w["type"] == "alarm"]
    assert set(state["properties"]["alarms"]) == {"${%s.Arn}" % name for name in alarms}
    shown = {tuple(line) for w in body["widgets"] if w["type"] == "metric" for line in w["properties"]["metrics"]}

    def text(value: Any) -> str:
        if isinstance(value, dict):
            return "${%s}" % (value["Ref"] if "Ref" in value else ".".join(value["Fn::GetAtt"]))
        return str(value)

    for name in alarms:
        props = resources[name]["Properties"]
        metrics = [props] if "MetricName" in props else []
        metrics += [m["MetricStat"]["Metric"] for m in props.get("Metrics", []) if "MetricStat" in m]
        assert metrics, name
        for metric in metrics:
            line = [metric["Namespace"], metric["MetricName"]]
            for dimension in metric.get("Dimensions", []):
                line += [dimension["Name"], text(dimension["Value"])]
            assert tuple(line) in shown, (name, line)
    # Every placeholder names a resource of the template or a pseudo parameter.
    for placeholder in re.findall(r"\$\{([^}]+)\}", dashboard["DashboardBody"]["Fn::Sub"]):
        assert placeholder.split(".")[0] in resources or placeholder.startswith("AWS::"), placeholder
