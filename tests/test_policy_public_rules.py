"""Each resource type's meaning of public (public_rules.py), and the CLI's --resource-type."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import checks, public, public_rules
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.parse import action_pattern, parse_policy
from verifier.result import Verdict

GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"


def pol(*statements: dict):
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=1), "p.json")


def request_of(result) -> Request:
    r = result.counterexample.request
    who = r["principal"]
    principal = RequestPrincipal("Anonymous", "") if who == "anonymous" else RequestPrincipal(*next(iter(who.items())))
    ctx = tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in r["context"].items())
    return Request(r["action"], r["resource"], principal, ctx)


def kms_use(**condition) -> dict:
    return {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt"], "Resource": "*",
            "Condition": {"StringEquals": condition}}


def test_kms_caller_account_limits_a_key_policy_for_anyone():
    policy = pol(kms_use(**{"kms:CallerAccount": "111122223333"}))
    assert checks.no_public_access(policy, rule=public_rules.KMS).verdict == Verdict.YES
    # the S3 rule does not know the key: under it the same policy is public
    assert checks.no_public_access(policy, rule=public_rules.S3).verdict == Verdict.NO


def test_kms_via_service_alone_does_not_limit_who_calls():
    policy = pol(kms_use(**{"kms:ViaService": "s3.us-east-1.amazonaws.com"}))
    result = checks.no_public_access(policy, rule=public_rules.KMS)
    assert result.verdict == Verdict.NO
    request = request_of(result)
    assert decide(policy, request).allowed
    assert dict(request.context)["kms:ViaService"] == ("s3.us-east-1.amazonaws.com",)


def github_trust(**conditions) -> dict:
    return {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": conditions}


def test_github_trust_without_sub_is_public_with_the_sub_claim_shown():
    policy = pol(github_trust(StringEquals={"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}))
    result = checks.no_public_access(policy, rule=public_rules.TRUST)
    assert result.verdict == Verdict.NO
    request = request_of(result)
    claims = dict(request.context)
    assert claims["token.actions.githubusercontent.com:aud"] == ("sts.amazonaws.com",)
    assert claims["token.actions.githubusercontent.com:sub"][0].startswith("repo:")
    assert "token.actions.githubusercontent.com:sub=" in result.message
    assert decide(policy, request).allowed and request.principal == RequestPrincipal("Federated", GITHUB)


@pytest.mark.parametrize("sub, verdict", [
    ({"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}, Verdict.YES),
    ({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}, Verdict.YES),
    ({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}, Verdict.NO),
    ({"StringLike": {"token.actions.githubusercontent.com:sub": "*"}}, Verdict.NO),
])
def test_github_sub_must_name_one_repository(sub, verdict):
    aud = {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
    conditions = {**sub, "StringEquals": {**aud, **sub.get("StringEquals", {})}}
    result = checks.no_public_access(pol(github_trust(**conditions)), rule=public_rules.TRUST)
    assert result.verdict == verdict, result.message


def test_a_trust_policy_file_is_recognised_by_its_actions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = {"Version": "2012-10-17", "Statement": [github_trust(StringEquals={"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"})]}
    (tmp_path / "trust.json").write_text(json.dumps(doc))
    result = CliRunner().invoke(policy_cli, ["no-public-access", "trust.json", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "token.actions.githubusercontent.com:sub" in json.loads(result.stdout)["results"][0]["counterexample"]["request"]["context"]


def test_resource_type_option_chooses_the_rule_and_rejects_unknown_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = {"Version": "2012-10-17", "Statement": [kms_use(**{"kms:CallerAccount": "111122223333"}),
                                                  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
                                                   "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}]}
    (tmp_path / "key.json").write_text(json.dumps(doc))
    as_key = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--no-cache", "--resource-type", "AWS::KMS::Key"])
    assert as_key.exit_code == 0, as_key.output
    as_bucket = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--no-cache"])
    assert as_bucket.exit_code == 1, as_bucket.output
    bad = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--resource-type", "AWS::KMS::Keys"])
    assert bad.exit_code == 2 and bad.stderr.startswith('--resource-type: error: unknown resource type "AWS::KMS::Keys"')


def test_every_rule_cites_a_dated_page():
    for rule in public_rules.RULES.values():
        for c in rule.citations:
            assert c.url.startswith("https://docs.aws.amazon.com/") and c.title and len(c.date) == 10


def test_a_variable_with_a_default_replays_under_its_own_key():
    """Regression: the key of "${aws:username, 'guest'}" was read as "aws:username, 'guest'",
    so a witness that set it did not replay (unknown instead of no)."""
    policy = pol({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username, 'guest'}/*"},
                 {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/guest/*"})
    result = checks.not_granted(policy, (action_pattern("s3:GetObject"),))
    assert result.verdict == Verdict.NO and result.counterexample.confirmed
    assert "aws:username" in result.counterexample.request["context"]


def test_fixed_values_hold_template_values_apart_from_policy_variables():
    policy = pol({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:SourceAccount": ["${template:AWS::AccountId, '123456789012'}",
                                                                       "${aws:PrincipalAccount}"]}}})
    fixed = public.fixed_values(policy)
    assert [p.text for p in fixed.symbolic["aws:sourceaccount"]] == ["${template:AWS::AccountId, '123456789012'}"]
    assert "aws:sourceaccount" not in fixed.literals


def test_a_yes_is_one_line_citing_its_rule_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "1000")
    doc = {"Version": "2012-10-17", "Statement": [kms_use(**{"kms:CallerAccount": "111122223333"})]}
    (tmp_path / "key.json").write_text(json.dumps(doc))
    result = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--no-cache"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3 and lines[1].lstrip().startswith("✓ yes")  # target, the answer, the summary
    assert result.stdout.count(public_rules.KMS_RULE.url) == 1
    assert "re-checked by z3" in lines[1]
