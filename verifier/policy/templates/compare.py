"""no-new-access and equiv between two versions of a template: policy by policy.

Policies are paired by their label (resource and property, `FoundPolicy.label`).
A policy only in the new version is compared with one that allows nothing;
one only in the old version grants nothing new (equiv compares it with one
that allows nothing). A template value with the same source in both versions
is the same symbol, so a yes holds for every deployment of both with the same
values. Unsupported policies, inadmissible values and principal stand-ins are
handled as in answers.py; a deploying account in a Principal is checked
case by case (accounts.py).
"""

from __future__ import annotations

from dataclasses import replace

from verifier.policy import checks
from verifier.policy.ir import Policy
from verifier.policy.templates.accounts import over_accounts
from verifier.policy.templates.admissible import guarded
from verifier.policy.templates.answers import adjusted
from verifier.policy.templates.found import FoundPolicy
from verifier.registry import UnknownReason
from verifier.result import Location, Result, Verdict

CHECKS = {"no-new-access": "policy-no-new-access", "equiv": "policy-equiv"}


def compare_templates(command: str, old: list[FoundPolicy], new: list[FoundPolicy], timeout: float,
                      raw_arns: bool = False) -> list[Result]:
    """One result per policy of either version (see module doc)."""
    before = {f.label: f for f in old}
    after = {f.label: f for f in new}
    labels = list(after) + ([label for label in before if label not in after] if command == "equiv" else [])
    out = []
    for label in labels:
        a, b = before.get(label), after.get(label)
        pair = [f for f in (a, b) if f is not None]
        where = pair[-1].policy
        unsupported = next((f.unsupported for f in pair if f.unsupported), None)
        if unsupported:
            result = Result(CHECKS[command], label, Location(where.path, where.line, where.column), Verdict.UNKNOWN,
                            engine="template", reason=UnknownReason.UNSUPPORTED.describe(unsupported))
        else:
            def check(policies: list[Policy | None]) -> Result:
                first = policies[0] if policies[0] is not None else _nothing(b)
                second = policies[1] if policies[1] is not None else _nothing(a)
                if command == "no-new-access":
                    return checks.no_new_access(first, second, timeout, raw_arns=raw_arns)
                return checks.equiv(first, second, timeout, raw_arns=raw_arns)

            per_account = over_accounts([a, b], check)
            result = per_account or check([_policy(a), _policy(b)])
        for f in pair:
            result = adjusted(result, f, command, settled=per_account is not None)
        result.target = f"{label} ({where.path})"
        out.append(result)
    return out


def _policy(f: FoundPolicy | None) -> Policy | None:
    """The guarded policy of `f` (None where this version has no such policy)."""
    return guarded(f.policy, f.symbols) if f is not None else None


def _nothing(other: FoundPolicy | None) -> Policy:
    """A policy that allows nothing, standing where the other version has the policy."""
    assert other is not None
    return Policy(other.policy.path + " (absent: allows nothing)", None, None, ())


def relabelled(found: list[FoundPolicy], name: str) -> list[FoundPolicy]:
    """`found` with its policies' file named `name` (an old version read from git)."""
    return [replace(f, policy=replace(f.policy, path=name)) for f in found]
