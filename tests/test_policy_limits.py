"""Policy input at the edges: huge or odd numbers, every principal kind with a wildcard,
large policies under --timeout, and runs that did not finish (never a yes)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import checks
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.parse import parse_policy
from verifier.result import Verdict


def document(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def numeric(value: str) -> str:
    """A policy whose only condition compares s3:max-keys with `value` (JSON text), on line 2."""
    return (
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket",\n'
        f' "Resource": "*", "Condition": {{"NumericLessThan": {{"s3:max-keys": {value}}}}}}}]}}'
    )


# ---- numbers ------------------------------------------------------------------------------------

HUGE = [
    ("exponent", "1e5000", "5001 digits"),
    ("negative-exponent", "1e-5000", "5000 digits"),
    ("string-exponent", '"-1e5000"', "5001 digits"),
    ("exponent-beyond-int", "1e99999999999999999999", "exponent 99999999999999999999 is out of range"),
    ("long-integer", "9" * 5000, "5000 digits"),
]


@pytest.mark.parametrize("command", ["validate", "no-public-access", "no-new-access"])
@pytest.mark.parametrize("name, value, detail", HUGE, ids=[h[0] for h in HUGE])
def test_a_huge_number_is_bad_input_at_its_position(tmp_path, command, name, value, detail):
    path = tmp_path / "p.json"
    path.write_text(numeric(value))
    args = [command, str(path)] + ([str(path)] if command == "no-new-access" else [])
    result = CliRunner().invoke(policy_cli, args + ["--no-cache"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f'{path}:2:68: error: "NumericLessThan": number too large to compare exactly'), lines[0]
    assert detail in lines[0]


@pytest.mark.parametrize("value", ['"NaN"', '"Infinity"', '"0x10"', '"1e"', '"--1"'])
def test_number_lookalikes_are_bad_input(tmp_path, value):
    path = tmp_path / "p.json"
    path.write_text(numeric(value))
    result = CliRunner().invoke(policy_cli, ["validate", str(path), "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f'{path}:2:68: error: "NumericLessThan" takes a number, got {value}'


@pytest.mark.parametrize("value, inside, outside", [
    ("1e300", "5", "2e300"),
    ('" 12 "', "11.5", "12"),
    ("0e999999999", "-1", "0"),
    ("-2.5e-3", "-0.003", "-0.0025"),
    ("9" * 900 + ".5", "9" * 900, "1" + "0" * 900),
])
def test_large_but_bounded_numbers_are_compared_exactly(value, inside, outside):
    p = parse_policy(numeric(value), "p.json")
    allowed = [decide(p, Request("s3:ListBucket", "*", None, (("s3:max-keys", (x,)),))).allowed for x in (inside, outside)]
    assert allowed == [True, False]
    result = checks.no_public_access(p)
    assert result.verdict == Verdict.NO and result.counterexample.confirmed


def test_a_huge_context_number_is_a_usage_error(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(numeric("10"))
    args = ["allows", str(path), "--action", "s3:ListBucket", "--resource", "*", "--context", "s3:max-keys=1e5000"]
    result = CliRunner().invoke(policy_cli, args)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("--context: error: s3:max-keys: number too large to compare exactly")


def test_a_date_beyond_the_iso_calendar_is_explored_without_crashing():
    p = parse_policy(document({"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "*",
                               "Condition": {"DateLessThan": {"aws:CurrentTime": "99999999999999999999"}}}), "p.json")
    result = checks.no_public_access(p)
    assert result.verdict == Verdict.NO and result.counterexample.confirmed


# ---- principals -----------------------------------------------------------------------------------


def granting(principal, effect="Allow") -> dict:
    return {"Effect": effect, "Principal": principal, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}


@pytest.mark.parametrize("kind", ["Federated", "Service", "CanonicalUser"])
@pytest.mark.parametrize("form", ["*", ["*"], ["*", "named.example.com"]])
def test_a_wildcard_of_any_principal_kind_is_public(kind, form):
    p = parse_policy(document(granting({kind: form})), "p.json")
    result = checks.no_public_access(p)
    assert result.verdict == Verdict.NO, (result.reason, result.message)
    who = result.counterexample.request["principal"]
    assert list(who) == [kind] and who[kind] != "named.example.com"
    assert result.counterexample.confirmed


@pytest.mark.parametrize("kind", ["Federated", "Service", "CanonicalUser"])
def test_a_kind_wildcard_matches_that_kind_only(kind):
    p = parse_policy(document(granting({kind: "*"})), "p.json")
    req = Request("s3:GetObject", "arn:aws:s3:::b/k", RequestPrincipal(kind, "someone"))
    assert decide(p, req).allowed
    other = "Service" if kind != "Service" else "Federated"
    assert not decide(p, Request("s3:GetObject", "arn:aws:s3:::b/k", RequestPrincipal(other, "someone"))).allowed
    assert not decide(p, Request("s3:GetObject", "arn:aws:s3:::b/k", RequestPrincipal("Anonymous", ""))).allowed
    assert checks.allows(p, req).certificate.checked_by == ["evaluator", "z3"]


@pytest.mark.parametrize("command", ["validate", "no-public-access", "no-new-access", "equiv"])
def test_every_command_answers_a_federated_wildcard(tmp_path, command):
    path = tmp_path / "p.json"
    path.write_text(document(granting({"Federated": "*"})))
    args = [command, str(path)] + ([str(path)] if command in ("no-new-access", "equiv") else [])
    result = CliRunner().invoke(policy_cli, args + ["--no-cache", "--format", "json"])
    assert result.exit_code == (1 if command == "no-public-access" else 0), result.output
    assert "INTERNAL ERROR" not in result.output


def test_a_named_service_is_not_public_but_a_deny_on_a_kind_wildcard_is_sound():
    named = parse_policy(document(granting({"Service": "cloudtrail.amazonaws.com"})), "p.json")
    assert checks.no_public_access(named).verdict == Verdict.YES
    fenced = parse_policy(document(granting("*"), granting({"Federated": "*"}, "Deny")), "p.json")
    result = checks.no_public_access(fenced)
    assert result.verdict == Verdict.NO and result.counterexample.request["principal"] != {"Federated": "a"}
    old = parse_policy(document(granting({"Federated": "accounts.google.com"})), "old.json")
    new = parse_policy(document(granting({"Federated": "*"})), "new.json")
    widened = checks.no_new_access(old, new)
    assert widened.verdict == Verdict.NO and widened.counterexample.confirmed
    assert checks.no_new_access(new, old).verdict == Verdict.YES
