"""Findings a reviewer wants on a policy that parses, each at its line and column.

Syntactic: unknown actions and services (against the catalogue), malformed
ARNs, ARN condition values that are not ARNs, `Allow` with `NotAction`,
`NotResource` or `NotPrincipal`, statements without a resource, duplicate
Sids, policy variables read as literal text because the Version is old,
placeholders left in values and GitHub OIDC trusts without `sub` (lint_trust.py).
Semantic (lint_queries.py: field by field, z3 where that does not decide): a
statement that can never apply, and a statement whose removal changes no
decision (redundant).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from verifier.policy.catalogue import Catalogue
from verifier.deadline import OutOfTime, current, within
from verifier.policy.ir import Pattern, Policy, Statement, Var, Wild
from verifier.policy.finding_codes import RETIRED_SERVICES
from verifier.policy.lint_trust import github_trust_findings, placeholder_findings
from verifier.policy.lint_queries import LINT_QUERY_CAP, Questions
from verifier.policy.universe import Unsupported
from verifier.registry import UnknownReason


@dataclass(frozen=True)
class Finding:
    """One lint finding: where, and what a reviewer should know."""

    line: int
    column: int
    message: str
    code: str = ""  # finding_codes.CODES


def findings(policy: Policy, cat: Catalogue, timeout: float) -> tuple[list[Finding], str]:
    """All findings, sorted by position, and a note (the unknown reason) when some checks did not run:
    past the deadline (`deadline.current()`), the findings so far are kept and the rest is not looked for."""
    out: list[Finding] = []
    sids: dict[str, Statement] = {}
    deadline = current()
    for s in policy.statements:
        if deadline.expired():
            stopped = f"{deadline.reason()}: the lint stopped before {s.label}"
            return sorted(out, key=lambda f: (f.line, f.column, f.message)), stopped
        out += _actions(s, cat) + _resources(s) + _effect(s) + _conditions(s)
        out += [Finding(*f, "PLACEHOLDER") for f in placeholder_findings(s)]
        out += [Finding(*f, "GITHUB_TRUST_WITHOUT_SUB") for f in github_trust_findings(s)]
        out += _pass_role(s, cat)
        if s.sid is not None:
            if s.sid in sids:
                first = sids[s.sid]
                out.append(_at(s, "Sid", f'duplicate Sid "{s.sid}" (also {first.label} at line {first.line})', "DUPLICATE_SID"))
            sids.setdefault(s.sid, s)
    out += _literal_variables(policy)
    if policy.version is None:
        out.append(Finding(policy.line, policy.column, 'no "Version": IAM reads the policy as "2008-10-17" '
                           '(policy variables as literal text)', "MISSING_VERSION"))
    unknown = {f.line for f in out if f.code in ("UNKNOWN_ACTION", "UNKNOWN_SERVICE", "RETIRED_SERVICE")}
    semantic, note = _semantic(policy, cat, timeout, unknown)
    out += semantic
    return sorted(out, key=lambda f: (f.line, f.column, f.message)), note


def _at(s: Statement, element: str, message: str, code: str) -> Finding:
    line, column = s.elements.get(element, (s.line, s.column))
    return Finding(line, column, message, code)


def _actions(s: Statement, cat: Catalogue) -> list[Finding]:
    out = []
    for p in s.actions:
        if p.is_any:
            continue
        service = p.text.split(":", 1)[0].lower() if ":" in p.text else None
        if service is None:
            out.append(Finding(p.line, p.column, f'malformed action "{p.text}" (expected "service:Action")', "MALFORMED_ACTION"))
        elif not any(isinstance(x, Wild) for x in _service_parts(p)) and service not in cat.by_service:
            retired = RETIRED_SERVICES.get(service)
            if retired:
                message = f'retired service "{service}" in action "{p.text}": {retired.name} ({retired.source})'
                out.append(Finding(p.line, p.column, message, "RETIRED_SERVICE"))
            else:
                out.append(Finding(p.line, p.column, f'unknown service prefix "{service}" in action "{p.text}"', "UNKNOWN_SERVICE"))
        elif not cat.matching(p):
            names = [cat.actions[i] for i in cat.by_service.get(service, ())]
            close = difflib.get_close_matches(p.text, names, n=1, cutoff=0.8)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            out.append(Finding(p.line, p.column, f'unknown action "{p.text}" (matches no action AWS documents{hint})', "UNKNOWN_ACTION"))
    return out


def _service_parts(p: Pattern) -> list:
    out = []
    for part in p.parts:
        if isinstance(part, str) and ":" in part:
            out.append(part.split(":", 1)[0])
            break
        out.append(part)
    return out


_ARN = re.compile(r"arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)", re.DOTALL)


def _resources(s: Statement) -> list[Finding]:
    if s.resources is None:
        if all(p.text.lower().startswith("sts:") for p in s.actions):
            return []  # a role trust policy names no resource
        return [Finding(s.line, s.column, f'{s.label} has no "Resource" or "NotResource" (IAM requires one)', "MISSING_RESOURCE")]
    out = []
    for p in s.resources:
        # a leading policy variable (or template value) may stand for a whole ARN: nothing to check
        problem = arn_problem(masked(p)) if not p.is_any and not isinstance(p.parts[0], Var) else None
        if p.variables and not _ARN.fullmatch(masked(p)):
            problem = None  # a variable may hold the missing fields
        if problem:
            out.append(Finding(p.line, p.column, f'malformed ARN "{p.text}": {problem}', "MALFORMED_ARN"))
    return out


def masked(p: Pattern) -> str:
    """The pattern's text with each policy variable (or template value) written `${v}`: a value
    may hold colons, so the variable's own text must not count as ARN fields."""
    return "".join("${v}" if isinstance(part, Var) else part.char if isinstance(part, Wild) else part for part in p.parts)


def arn_problem(text: str) -> str | None:
    """What is wrong with a resource ARN pattern, or None."""
    m = _ARN.fullmatch(text)
    if not m:
        return "expected arn:partition:service:region:account:resource"
    partition, service, _region, account, _ = m.groups()
    if not partition:
        return "the partition is empty"
    if not service:
        return "the service is empty"
    if "*" in service or "?" in service:
        return "wildcards are not allowed in the service segment"
    if account and "${" not in account and not re.fullmatch(r"\d{12}|aws|[0-9*?]+", account):
        return f'the account "{account}" is not a 12-digit account number'
    return None


def _effect(s: Statement) -> list[Finding]:
    if s.effect != "Allow":
        return []
    out = []
    if s.not_action:
        anywhere = s.resources is not None and not s.not_resource and any(p.is_any for p in s.resources)
        code = "ALLOW_NOT_ACTION_ANY_RESOURCE" if anywhere else "ALLOW_NOT_ACTION"
        message = '"Allow" with "NotAction" allows every action not listed, including ones AWS adds later'
        out.append(_at(s, "NotAction", message + (', on every resource ("Resource": "*")' if anywhere else ""), code))
    if s.not_resource:
        out.append(_at(s, "NotResource", '"Allow" with "NotResource" allows every resource not listed', "ALLOW_NOT_RESOURCE"))
    if s.not_principal:
        out.append(_at(s, "NotPrincipal", '"Allow" with "NotPrincipal" grants access to everyone not listed (use it only with "Deny")',
                       "ALLOW_NOT_PRINCIPAL"))
    return out


def _pass_role(s: Statement, cat: Catalogue) -> list[Finding]:
    """iam:PassRole allowed on every role: whoever holds it can hand any role to a service."""
    if s.effect != "Allow" or s.not_action or s.resources is None or s.not_resource:
        return []
    if not any(p.is_any for p in s.resources) or s.conditions:
        return []
    pass_role = cat.lookup("iam:PassRole")
    hits = [p for p in s.actions if pass_role is not None and pass_role in cat.matching(p)]
    if not hits:
        return []
    return [Finding(hits[0].line, hits[0].column, f'{s.label} allows iam:PassRole on every role ("Resource": "*", no condition)',
                    "PASS_ROLE_ANY_RESOURCE")]


def _conditions(s: Statement) -> list[Finding]:
    out = []
    for c in s.conditions:
        if c.family != "arn":
            continue
        for v in c.values:
            if isinstance(v, Pattern) and not v.variables and v.text.count(":") < 5:  # a variable may hold colons
                out.append(Finding(v.line, v.column, f'"{v.text}" is not an ARN, so {c.operator} never matches it', "ARN_CONDITION_NOT_ARN"))
    return out


def _literal_variables(policy: Policy) -> list[Finding]:
    if policy.version == "2012-10-17":
        return []
    out = []
    for s in policy.statements:
        patterns = list(s.resources or ()) + [v for c in s.conditions for v in c.values if isinstance(v, Pattern)]
        for p in patterns:
            if "${" in p.text:
                out.append(
                    Finding(p.line, p.column, f'"{p.text}" is read literally: policy variables need "Version": "2012-10-17"',
                            "LITERAL_VARIABLE")
                )
    return out


def _semantic(policy: Policy, cat: Catalogue, timeout: float, unknown_lines: set[int]) -> tuple[list[Finding], str]:
    """Statements that never apply or are redundant, and why some were not checked ("" when all were)."""
    with within(timeout) as deadline:
        try:
            ask = Questions(policy, cat, deadline)
        except Unsupported as exc:
            return [], UnknownReason.UNSUPPORTED.describe(f"{exc} (the semantic lint checks did not run)")
        except OutOfTime:
            return [], f"{deadline.reason()}: the semantic lint checks did not run"
        out = []
        skipped = 0
        removed: set[int] = set()  # flagged redundant: they cover nothing for later statements
        for k, s in enumerate(policy.statements):
            if all(p.line in unknown_lines for p in s.actions):
                continue
            never = ask.alone(k, [])
            if never is None:
                skipped += 1
                continue
            if never:
                removed.add(k)
                out.append(Finding(s.line, s.column, f"{s.label}: this {s.effect} can never apply (no request matches it)", "NEVER_APPLIES"))
                continue
            # an Allow matters where no other Allow applies and no Deny overrides it; a Deny
            # matters (for this and every other policy) where no other Deny applies
            cover = [j for j, t in enumerate(policy.statements)
                     if j != k and j not in removed and (t.effect == s.effect or t.effect == "Deny")]
            redundant = ask.alone(k, cover)
            if redundant is None:
                skipped += 1
            elif redundant:
                removed.add(k)
                what = (
                    "allows nothing the other statements do not already allow or deny"
                    if s.effect == "Allow"
                    else "denies nothing another Deny does not already deny"
                )
                out.append(Finding(s.line, s.column, f"{s.label} is redundant: it {what}", "REDUNDANT_STATEMENT"))
    note = UnknownReason.TIMEOUT.describe(
        f"{skipped} semantic lint check(s) got no answer (each may take {LINT_QUERY_CAP:g} s, all {deadline.seconds:g} s)")
    return out, note if skipped else ""
