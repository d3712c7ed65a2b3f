"""The operations layer of template.yaml: template linters and their skip lists, WAF, environments, dashboard."""

import re
from pathlib import Path

import yaml

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
