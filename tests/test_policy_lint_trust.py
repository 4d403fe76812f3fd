"""validate's findings about what a policy leaves open by mistake (lint_trust.py)."""

from __future__ import annotations

import json

from verifier.policy import checks
from verifier.policy.parse import parse_policy
from verifier.result import Verdict

GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"


def validate(*statements: dict):
    text = json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=1)
    return checks.validate(parse_policy(text, "p.json"))


def test_a_placeholder_left_in_an_arn_is_a_finding_at_its_value():
    results = validate({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::<ACCOUNT ID>:root"},
                        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example/*"})
    (finding,) = [r for r in results if "placeholder" in r.message]
    assert finding.verdict == Verdict.NO and '"<ACCOUNT ID>"' in finding.message
    assert (finding.location.line, finding.location.column) == (7, 12)


def test_github_trust_without_sub_is_a_finding_and_with_sub_is_not():
    aud = {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
    trust = {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": aud}}
    (finding,) = validate(trust)
    assert finding.verdict == Verdict.NO and "any repository on GitHub" in finding.message
    pinned = {**trust, "Condition": {"StringEquals": aud,
                                     "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}}
    (ok,) = validate(pinned)
    assert ok.verdict == Verdict.YES
