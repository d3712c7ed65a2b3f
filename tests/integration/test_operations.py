"""The operations layer of template.yaml: template linters and their skip lists, WAF, environments, dashboard."""

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

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
ENVIRONMENT_SPECIFIC = {"Environment", "MailFrom", "TokenIssuer", "AllowedOrigin", "ApprovalLinkUrl", "AlarmEmail"}


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
        for name in ("MailFrom", "TokenIssuer", "AllowedOrigin", "ApprovalLinkUrl", "AlarmEmail"):
            assert f"{name} is an example value; set this environment's own in samconfig.toml." in refused
        assert refusals(**{**overrides_of(environment), **OWN}) == []
    # The template's own defaults (what `sam deploy` without a config environment sends) fail outside dev too.
    defaults = refusals(Environment="staging")
    assert {d.split(" ")[0] for d in defaults} == {"MailFrom", "TokenIssuer", "ApprovalLinkUrl"}
    # Every example.com value in the template's defaults and samconfig.toml is on a Rules list.
    shipped = [(n, v) for n, v in TEMPLATE.parameters.items() if isinstance(v, str) and "example" in v]
    shipped += [(n, v) for env in ("staging", "prod") for n, v in overrides_of(env).items() if "example" in v]
    assert len(shipped) == 13
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
