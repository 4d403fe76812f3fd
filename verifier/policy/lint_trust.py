"""Lint findings about what a policy leaves open by mistake: placeholders left in
values, and a GitHub OIDC trust without a `sub` condition.

* A value holding an angle-bracket placeholder ("arn:aws:iam::<ACCOUNT ID>:root")
  was copied from an example and never filled in: IAM reads it literally.
* A trust statement for GitHub's OIDC provider (`token.actions.githubusercontent.com`)
  that checks no `token.actions.githubusercontent.com:sub` claim lets every
  repository on GitHub assume the role: all of GitHub's tokens for AWS carry the
  same `aud`. Source: IAM User Guide, "Create a role for OpenID Connect
  federation", section "Configuring a role for GitHub OIDC identity provider"
  (public_rules.OIDC_RULE).
"""

from __future__ import annotations

import re

from verifier.policy.ir import Pattern, Statement
from verifier.policy.public_rules import GITHUB_PROVIDER, OIDC_RULE

#: "<ACCOUNT ID>", "<bucket-name>": an example's placeholder
PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9 _.-]*>")


def placeholder_findings(s: Statement) -> list[tuple[int, int, str]]:
    """(line, column, message) for each value of `s` that still holds a placeholder."""
    values: list[tuple[str, int, int]] = [(p.text, p.line, p.column) for p in s.resources or ()]
    values += [(p.value, p.line, p.column) for p in s.principals or ()]
    values += [(v.text, v.line, v.column) for c in s.conditions for v in c.values if isinstance(v, Pattern)]
    out = []
    for text, line, column in values:
        m = PLACEHOLDER.search(text)
        if m:
            out.append((line, column, f'placeholder "{m.group(0)}" left in "{text}" (IAM reads it literally)'))
    return out


def github_trust_findings(s: Statement) -> list[tuple[int, int, str]]:
    """A finding when `s` lets GitHub's OIDC tokens assume the role without a `sub` condition."""
    if s.effect != "Allow" or s.not_principal:
        return []
    github = [p for p in s.principals or () if p.kind == "Federated" and p.value.endswith(f"oidc-provider/{GITHUB_PROVIDER}")]
    if not github or any(c.key == f"{GITHUB_PROVIDER}:sub" for c in s.conditions):
        return []
    where = github[0]
    return [(where.line, where.column,
             f"{s.label} lets any repository on GitHub assume the role: no {GITHUB_PROVIDER}:sub condition names "
             f"the repositories (see {OIDC_RULE.url})")]
