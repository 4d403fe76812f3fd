"""A resource policy's Allow statements cut by the kind of principal entry that grants.

Within one account, what a resource policy's Allow achieves depends on how it
names the caller (see logic.py): an account entry only delegates to the
account's identity policies; a role ARN grants a role's sessions subject to
their permissions boundary and session policy; an entry naming the caller
itself grants on its own. `granting(policy, category)` is the policy whose
Allow statements keep only the entries of one category (statements left with
none are dropped; Deny statements are dropped, the whole policy's Denys are
judged apart). The evaluator and the encoding both read these derived
policies, so they judge the same statements.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from verifier.policy.ir import Policy, Principal

ACCOUNT = "account"  # "123456789012" or "arn:aws:iam::123456789012:root"
ROLE = "role"  # "arn:aws:iam::123456789012:role/name"
WILDCARD = "wildcard"  # "*", {"AWS": "*"}, and NotPrincipal statements
NAMED = "named"  # any other entry: a user, a role session, a service, a federated provider
CATEGORIES = (ACCOUNT, ROLE, WILDCARD, NAMED)

_ROOT = re.compile(r"(\d{12}|arn:[^:]+:iam::\d{12}:root)")
_ROLE = re.compile(r"arn:[^:]+:iam::\d{12}:role/.+")


def category(entry: Principal) -> str:
    """The kind of one principal entry."""
    if entry.kind == "*" or (entry.kind == "AWS" and entry.value == "*"):
        return WILDCARD
    if entry.kind == "AWS" and _ROOT.fullmatch(entry.value):
        return ACCOUNT
    if entry.kind == "AWS" and _ROLE.fullmatch(entry.value):
        return ROLE
    return NAMED


@lru_cache(maxsize=4096)
def granting(policy: Policy, kind: str) -> Policy:
    """`policy`'s Allow statements restricted to principal entries of category `kind`."""
    kept = []
    for s in policy.statements:
        if s.effect != "Allow" or s.principals is None:
            continue
        if s.not_principal:
            if kind == WILDCARD:
                kept.append(s)
            continue
        entries = tuple(p for p in s.principals if category(p) == kind)
        if entries:
            kept.append(replace(s, principals=entries))
    return Policy(f"{policy.path} [{kind} grants]", policy.version, policy.id, tuple(kept), policy.line, policy.column)
