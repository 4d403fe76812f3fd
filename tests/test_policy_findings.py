"""validate's findings: a stable code and a severity each (finding_codes.py), --fail-on, retired services."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import checks
from verifier.policy.finding_codes import CODES, SEVERITIES
from verifier.policy.parse import parse_policy
from verifier.result import Verdict


def validate(*statements: dict, version: str | None = "2012-10-17", fail_on: str = "security-warning"):
    doc = {"Statement": list(statements)} | ({"Version": version} if version else {})
    return checks.validate(parse_policy(json.dumps(doc, indent=1), "p.json"), fail_on=fail_on)


def codes(results) -> dict[str, Verdict]:
    return {re.search(r"\[[a-z-]+ ([A-Z_]+)\]$", r.message).group(1): r.verdict for r in results if "[" in r.message}


def test_a_retired_service_is_named_and_does_not_fail_by_default():
    results = validate({"Effect": "Allow", "Action": "elastic-inference:Connect", "Resource": "*"})
    assert codes(results) == {"RETIRED_SERVICE": Verdict.YES}  # and no "can never apply" for it
    assert "Amazon Elastic Inference" in results[0].message and "docs.aws.amazon.com" in results[0].message
    assert codes(validate({"Effect": "Allow", "Action": "nosuchservice:Get", "Resource": "*"})) == {"UNKNOWN_SERVICE": Verdict.NO}


def test_pass_role_and_not_action_on_every_resource_are_security_warnings():
    found = codes(validate({"Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"},
                           {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}))
    assert found == {"PASS_ROLE_ANY_RESOURCE": Verdict.NO, "ALLOW_NOT_ACTION_ANY_RESOURCE": Verdict.NO}
    scoped = codes(validate({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}))
    assert "PASS_ROLE_ANY_RESOURCE" not in scoped


def test_fail_on_moves_the_bar():
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    assert codes(validate(statement, version=None)) == {"MISSING_VERSION": Verdict.YES}
    assert codes(validate(statement, version=None, fail_on="warning")) == {"MISSING_VERSION": Verdict.NO}
    assert codes(validate(statement, statement, fail_on="warning")) == {"REDUNDANT_STATEMENT": Verdict.YES}


def test_fail_on_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.json").write_text(json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
    assert CliRunner().invoke(policy_cli, ["validate", "p.json", "--no-cache"]).exit_code == 0
    assert CliRunner().invoke(policy_cli, ["validate", "p.json", "--no-cache", "--fail-on", "warning"]).exit_code == 1
    assert CliRunner().invoke(policy_cli, ["validate", "p.json", "--fail-on", "loud"]).exit_code == 2


def test_every_code_used_is_in_the_one_table():
    source = (Path(__file__).resolve().parents[1] / "verifier" / "policy" / "lint.py").read_text()
    used = set(re.findall(r'"([A-Z][A-Z_]+[A-Z])"', source))
    assert used and used <= set(CODES)
    assert all(c.severity in SEVERITIES for c in CODES.values())
