"""--format sarif: SARIF 2.1.0 that validates against the published schema and suits GitHub code scanning."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from verifier.registry import CHECKS
from verifier.result import Certificate, Counterexample, Location, Result, TraceStep, Verdict
from verifier.sarif import render_sarif

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
#: SARIF 2.1.0 JSON schema; provenance in tests/data/README.md
SCHEMA = json.loads((HERE / "data" / "sarif-2.1.0-rtm.5.json").read_text())

PUBLIC_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
  ]
}
"""


def assert_valid(doc: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [(list(e.path), e.message) for e in errors[:5]]


def verify(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_prove_sarif_validates_and_carries_rules_levels_locations_and_counterexamples(tmp_path):
    for name in ("average.c", "f.c", "h.c", "floor_division.py"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    p = verify("prove", "--format", "sarif", "--no-cache", "average.c", "f.c", "h.c", "floor_division.py",
               cwd=tmp_path)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert_valid(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(CHECKS)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
    levels = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r["level"]
              for r in run["results"]}
    assert levels[("overflow", "average.c")] == "error"
    assert levels[("assert", "floor_division.py")] == "error"
    assert levels[("assert", "h.c")] == "warning"  # unknown: call to an undefined function
    assert not any(uri == "f.c" for _, uri in levels)  # a plain yes is not a finding
    bug = next(r for r in run["results"] if r["ruleId"] == "overflow" and r["level"] == "error")
    assert bug["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 15}
    assert bug["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert "Counterexample (confirmed by replay): inputs a = " in bug["message"]["text"]
    assert bug["codeFlows"][0]["threadFlows"][0]["locations"]
    assert run["properties"]["summary"]["yes"] >= 1


def test_policy_sarif_validates_and_shows_the_request(tmp_path):
    (tmp_path / "bucket.json").write_text(PUBLIC_POLICY)
    p = verify("policy", "no-public-access", "--format", "sarif", "bucket.json", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    assert_valid(doc)
    (finding,) = doc["runs"][0]["results"]
    assert finding["ruleId"] == "policy-no-public-access" and finding["level"] == "error"
    assert "s3:GetObject" in finding["message"]["text"] and "request" in finding["message"]["text"]


def test_unknown_vacuous_and_accepted_results_validate():
    unknown = Result("termination", "/abs/elsewhere/x.c:f", Location("/abs/elsewhere/x.c", 0, 0), Verdict.UNKNOWN,
                     reason="timeout: no engine decided this check within 1s")
    vacuous = Result("assert", "a.py:f", Location("a.py", 4, 5), Verdict.YES, vacuous=True,
                     certificate=Certificate("invariant", "x > 0", ["z3", "cvc5"]))
    accepted = Result("div-by-zero", "r c.c:g", Location("r c.c", 7, 27), Verdict.NO, message="division by zero",
                      counterexample=Counterexample(inputs={"t": 0}, nondet=[3], trace=[TraceStep(7, {"t": 0})],
                                                    confirmed=True))

    class Entry:
        reason = "total is never 0 in production"

    accepted.accepted = Entry()
    doc = json.loads(render_sarif([unknown, vacuous, accepted]))
    assert_valid(doc)
    by_rule = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    assert by_rule["termination"]["level"] == "warning" and "timeout" in by_rule["termination"]["message"]["text"]
    assert by_rule["termination"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    assert by_rule["assert"]["level"] == "note" and "vacuously" in by_rule["assert"]["message"]["text"]
    suppression = by_rule["div-by-zero"]["suppressions"][0]
    assert suppression["kind"] == "external" and suppression["justification"] == Entry.reason
    assert by_rule["div-by-zero"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "r%20c.c"


@pytest.mark.parametrize("results", [[]], ids=["empty"])
def test_empty_run_validates(results):
    assert_valid(json.loads(render_sarif(results)))
