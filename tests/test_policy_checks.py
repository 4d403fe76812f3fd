"""The policy checks end to end: verdict and evidence (a replayed request, or who re-checked the yes)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import checks
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.parse import action_pattern, parse_policy, resource_pattern
from verifier.result import Verdict

ARN = re.compile(r"(\*|arn:[^:]+:[^:]+:[^:]*:[^:]*:.+)")


def pol(*statements: dict, name: str = "p.json"):
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=1), name)


def stmt(effect="Allow", action="s3:GetObject", resource="arn:aws:s3:::b/*", **extra) -> dict:
    return {"Effect": effect, "Action": action, "Resource": resource, **extra}


def request_of(result) -> Request:
    r = result.counterexample.request
    who = r["principal"]
    principal = None
    if who == "anonymous":
        principal = RequestPrincipal("Anonymous", "")
    elif who:
        principal = RequestPrincipal(*next(iter(who.items())))
    ctx = tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in r["context"].items())
    return Request(r["action"], r["resource"], principal, ctx)


def assert_refuted(result) -> Request:
    assert result.verdict == Verdict.NO, (result.reason, result.message)
    cex = result.counterexample
    assert cex.confirmed and cex.replay == "concrete evaluator"
    assert cex.explored["tried"] > 0
    req = request_of(result)
    assert ARN.fullmatch(req.resource), req.resource
    return req


def assert_proved(result) -> None:
    assert result.verdict == Verdict.YES, (result.reason, result.message)
    assert result.certificate.checked_by[0] == "z3"
    assert any(c.startswith("hypothesis") for c in result.certificate.checked_by)


# ---- no-new-access and equiv ---------------------------------------------------------------


def test_tightening_a_policy_adds_no_access():
    old = pol(stmt(action="s3:*"), name="old.json")
    new = pol(stmt(action="s3:Get*"), name="new.json")
    assert_proved(checks.no_new_access(old, new))


def test_widening_a_resource_is_new_access_with_a_realistic_request():
    old = pol(stmt(resource="arn:aws:s3:::b/public/*"), name="old.json")
    new = pol(stmt(resource="arn:aws:s3:::b/*"), name="new.json")
    result = checks.no_new_access(old, new)
    req = assert_refuted(result)
    assert req.action == "s3:GetObject"
    assert req.resource.startswith("arn:aws:s3:::b/") and not req.resource.startswith("arn:aws:s3:::b/public/")
    assert result.counterexample.decisions == {"old.json": "implicit-deny", "new.json": "allow"}
    assert result.location.line == 4  # the statement of new.json that allows it


def test_removing_a_deny_is_new_access():
    old = pol(stmt(action="s3:*"), stmt("Deny", action="s3:DeleteObject"), name="old.json")
    new = pol(stmt(action="s3:*"), name="new.json")
    req = assert_refuted(checks.no_new_access(old, new))
    assert req.action == "s3:DeleteObject"


def test_actions_mean_the_catalogues_actions():
    # every s3 action starting with G is a Get... action, so the patterns allow the same requests
    assert_proved(checks.equiv(pol(stmt(action="s3:Get*")), pol(stmt(action="s3:G*"))))


def test_deny_with_not_action_restricts_to_the_listed_actions():
    a = pol(stmt(action=["s3:Get*", "s3:List*"]))
    b = pol(stmt(action="s3:*"), {"Effect": "Deny", "NotAction": ["s3:Get*", "s3:List*"], "Resource": "*"})
    assert_proved(checks.equiv(a, b))


def test_a_condition_difference_is_found_with_a_value_that_satisfies_it():
    a = pol(stmt(Condition={"NumericLessThan": {"s3:max-keys": "10"}}))
    b = pol(stmt(Condition={"NumericLessThanEquals": {"s3:max-keys": "10"}}))
    req = assert_refuted(checks.equiv(a, b))
    assert dict(req.context) == {"s3:max-keys": ("10",)}


def test_numbers_between_constants_are_found():
    a = pol(stmt(Condition={"NumericLessThan": {"s3:max-keys": "10.5"}}))
    b = pol(stmt(Condition={"NumericLessThanEquals": {"s3:max-keys": "10"}}))
    req = assert_refuted(checks.no_new_access(b, a))
    value = float(dict(req.context)["s3:max-keys"][0])
    assert 10 < value < 10.5


def test_ip_ranges_are_compared_exactly():
    a = pol(stmt(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    b = pol(stmt(Condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/9", "10.128.0.0/9"]}}))
    assert_proved(checks.equiv(a, b))


def test_string_patterns_with_redundant_values_are_equivalent():
    a = pol(stmt(Condition={"StringLike": {"s3:prefix": "home/*"}}))
    b = pol(stmt(Condition={"StringLike": {"s3:prefix": ["home/*", "home/alice/*"]}}))
    assert_proved(checks.equiv(a, b))


def test_policy_variables_are_compared_exactly():
    a = pol(stmt(resource="arn:aws:s3:::b/${aws:username}/*"))
    b = pol(stmt(resource="arn:aws:s3:::b/*"))
    req = assert_refuted(checks.no_new_access(a, b))
    assert decide(b, req).allowed and not decide(a, req).allowed


def test_an_exotic_combination_is_unknown_with_the_reason():
    a = pol(stmt(Condition={"StringEqualsIgnoreCase": {"s3:prefix": "${aws:username}"}}))
    result = checks.equiv(a, pol(stmt()))
    assert result.verdict == Verdict.UNKNOWN
    assert result.reason.startswith("unsupported: policy variable in a ignorecase comparison")


def test_a_key_compared_as_two_types_is_unknown():
    a = pol(stmt(Condition={"StringEquals": {"k:x": "1"}, "NumericEquals": {"k:x": "1"}}))
    result = checks.equiv(a, pol(stmt()))
    assert result.verdict == Verdict.UNKNOWN and "both as string and as numeric" in result.reason


# ---- no-public-access: S3 Block Public Access's meaning of "public" ---------------------------

PUBLIC_CASES = [
    ("principal-star", {"Principal": "*"}, False),
    ("aws-star", {"Principal": {"AWS": "*"}}, False),
    ("fixed-account", {"Principal": {"AWS": "111122223333"}}, True),
    ("fixed-service", {"Principal": {"Service": "cloudtrail.amazonaws.com"}}, True),
    ("not-principal-allow", {"NotPrincipal": {"AWS": "111122223333"}}, False),
    ("narrow-ip", {"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, True),
    ("wide-ip", {"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}}}, False),
    ("not-ip", {"Principal": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, False),
    ("fixed-vpce", {"Principal": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}}}, True),
    ("wildcard-vpce", {"Principal": "*", "Condition": {"StringLike": {"aws:SourceVpce": "vpce-*"}}}, False),
    ("variable-account", {"Principal": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}}}, False),
    ("fixed-org", {"Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}, True),
    ("unlisted-key", {"Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}, False),
    ("role-sessions", {"Principal": "*", "Condition": {"StringLike": {"aws:userid": "AROAEXAMPLE:*"}}}, True),
    ("fixed-source-arn", {"Principal": "*", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}}, True),
    ("wildcard-source-arn", {"Principal": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}}, False),
]


@pytest.mark.parametrize("name, extra, private", PUBLIC_CASES, ids=[c[0] for c in PUBLIC_CASES])
def test_public_follows_the_block_public_access_rule(name, extra, private):
    result = checks.no_public_access(pol(stmt(**extra)))
    if private:
        assert_proved(result)
    else:
        req = assert_refuted(result)
        assert req.principal.kind == "Anonymous" or "111122223333" not in req.principal.value


def test_a_deny_can_make_a_public_grant_private():
    p = pol(
        stmt(Principal="*"),
        stmt("Deny", action="s3:*", resource="*", Principal="*", Condition={"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}),
    )
    assert_proved(checks.no_public_access(p))


def test_identity_policies_are_never_public():
    result = checks.no_public_access(pol(stmt()))
    assert result.verdict == Verdict.YES and "identity-based" in result.message


# ---- not-granted and allows ------------------------------------------------------------------


def test_not_granted_yes_and_no():
    p = pol(stmt(action="s3:Get*"))
    assert_proved(checks.not_granted(p, (action_pattern("s3:PutObject"), action_pattern("iam:*"))))
    req = assert_refuted(checks.not_granted(p, (action_pattern("s3:GetObjectAcl"),)))
    assert req.action == "s3:GetObjectAcl"


def test_not_granted_restricted_to_resources():
    p = pol(stmt(action="s3:*", resource="arn:aws:s3:::public/*"))
    acts = (action_pattern("s3:DeleteObject"),)
    assert_proved(checks.not_granted(p, acts, (resource_pattern("arn:aws:s3:::private/*"),)))
    req = assert_refuted(checks.not_granted(p, acts, (resource_pattern("arn:aws:s3:::*"),)))
    assert req.resource.startswith("arn:aws:s3:::public/")


def test_allows_names_the_deciding_statement():
    p = pol(stmt(Sid="Read"), stmt("Deny", resource="arn:aws:s3:::b/secret/*", Sid="Secret"))
    yes = checks.allows(p, Request("s3:GetObject", "arn:aws:s3:::b/x"))
    assert yes.verdict == Verdict.YES and 'Sid "Read"' in yes.message
    assert yes.certificate.checked_by == ["evaluator", "z3"]
    no = checks.allows(p, Request("s3:GetObject", "arn:aws:s3:::b/secret/x"))
    assert no.verdict == Verdict.NO and 'explicitly denied by statement 2 (Sid "Secret")' in no.message
    assert no.counterexample.decisions == {"p.json": "deny"}


# ---- validate: lint findings with positions ----------------------------------------------------


def findings_of(p) -> list[tuple[int, str]]:
    """Every finding (failing at the lowest bar), without its "[severity CODE]" tag."""
    results = checks.validate(p, fail_on="suggestion")
    return [(r.location.line, re.sub(r" \[[a-z-]+ [A-Z_]+\]$", "", r.message)) for r in results if r.verdict == Verdict.NO]


def test_lint_unknown_action_with_a_suggestion():
    found = findings_of(pol(stmt(action="s3:GetObjekt")))
    assert (6, 'unknown action "s3:GetObjekt" (matches no action AWS documents; did you mean "s3:GetObject"?)') in found


def test_lint_malformed_arn_and_allow_with_not_action():
    p = pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:bucket"})
    messages = [m for _, m in findings_of(p)]
    assert any(m.startswith('malformed ARN "arn:aws:s3:bucket"') for m in messages)
    assert any(m.startswith('"Allow" with "NotAction"') for m in messages)


def test_lint_redundant_statement_and_deny_that_never_applies():
    p = pol(
        stmt(action="s3:*"),
        stmt(action="s3:GetObject"),
        stmt("Deny", Condition={"NumericLessThan": {"s3:max-keys": "1"}, "NumericGreaterThan": {"s3:max-keys": "5"}}),
    )
    messages = [m for _, m in findings_of(p)]
    assert "statement 2 is redundant: it allows nothing the other statements do not already allow or deny" in messages
    assert "statement 3: this Deny can never apply (no request matches it)" in messages


def test_lint_variables_under_the_old_version():
    p = parse_policy(json.dumps({"Version": "2008-10-17", "Statement": [stmt(resource="arn:aws:s3:::b/${aws:username}")]}), "p.json")
    assert any("read literally" in m for _, m in findings_of(p))


def test_clean_policy_validates():
    results = checks.validate(pol(stmt()))
    assert [r.verdict for r in results] == [Verdict.YES]


# ---- the command line ------------------------------------------------------------------------------


def write(tmp_path, name, *statements):
    path = tmp_path / name
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2))
    return path


def test_json_output_contract_and_exit_codes(tmp_path):
    old = write(tmp_path, "old.json", stmt(resource="arn:aws:s3:::b/public/*"))
    new = write(tmp_path, "new.json", stmt())
    runner = CliRunner()
    widened = runner.invoke(policy_cli, ["no-new-access", str(old), str(new), "--format", "json"])
    assert widened.exit_code == 1
    doc = json.loads(widened.stdout)
    assert doc["verdict"] == "no" and doc["summary"]["no"] == 1
    cex = doc["results"][0]["counterexample"]
    assert cex["confirmed"] is True and cex["decisions"][str(new)] == "allow"
    same = runner.invoke(policy_cli, ["equiv", str(new), str(new), "--format", "json"])
    assert same.exit_code == 0 and json.loads(same.stdout)["verdict"] == "yes"


def test_no_new_access_against_a_git_revision(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    path = write(tmp_path, "p.json", stmt(resource="arn:aws:s3:::b/public/*"))
    git("add", "p.json")
    git("commit", "-q", "-m", "old")
    runner = CliRunner()
    unchanged = runner.invoke(policy_cli, ["no-new-access", str(path), "--against", "HEAD", "--format", "json"])
    assert unchanged.exit_code == 0, unchanged.output
    write(tmp_path, "p.json", stmt())
    widened = runner.invoke(policy_cli, ["no-new-access", str(path), "--against", "HEAD", "--format", "json"])
    assert widened.exit_code == 1
    decisions = json.loads(widened.stdout)["results"][0]["counterexample"]["decisions"]
    assert decisions == {f"HEAD:{path}": "implicit-deny", str(path): "allow"}
    bad = runner.invoke(policy_cli, ["no-new-access", str(path), "--against", "no-such-rev"])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "cannot read it at revision no-such-rev" in bad.stderr


def test_text_output_shows_the_counterexample(tmp_path):
    p = write(tmp_path, "p.json", stmt(Principal="*"))
    result = CliRunner(env={"COLUMNS": "250"}).invoke(policy_cli, ["no-public-access", str(p)])
    assert result.exit_code == 1
    assert "grants public access:" in result.stdout and "may s3:GetObject on arn:aws:s3:::b/" in result.stdout
    assert "confirmed" in result.stdout


def test_per_file_answers_come_from_the_cache_when_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = write(tmp_path, "p.json", stmt(Principal="*"))
    runner = CliRunner()
    first = json.loads(runner.invoke(policy_cli, ["no-public-access", str(p), "--format", "json"]).stdout)
    second = json.loads(runner.invoke(policy_cli, ["no-public-access", str(p), "--format", "json"]).stdout)
    assert first["cache"] == {"hits": 0, "misses": 1} and second["cache"] == {"hits": 1, "misses": 0}
    assert first["results"] == second["results"]
    fresh = json.loads(runner.invoke(policy_cli, ["no-public-access", str(p), "--format", "json", "--no-cache"]).stdout)
    assert fresh["cache"]["hits"] == 0
