"""Search one `Case` for an allowed request, or prove there is none (the engine behind every question).

`find(case, ...)` builds formula.allowed over the case's policies and hands it
to the single-policy search (`verifier.policy.search.search`: z3, a cvc5
re-check and Hypothesis on a proof, replay on a witness). The property it
replays is logic.evaluate on the request *as AWS would send it*: the caller
pinned (or, for outsiders, the principal named by the model's
aws:PrincipalArn), the keys AWS derives filled in. So every "found" request is
one the referee allows.

A role session on a resource in its own account is searched under the strict
reading of a wildcard principal first; if none is allowed there and the
generous reading could differ, a second search decides: a request allowed only
under the generous reading makes the answer unknown (logic.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

import z3

from verifier.policy.access import context as keys
from verifier.policy.access import formula
from verifier.policy.access.grants import WILDCARD, granting
from verifier.policy.access.logic import GENEROUS, STRICT, AccessDecision, evaluate
from verifier.policy.access.model import DEFAULT_SESSION, Resource, identity_arn_of, principal_account
from verifier.policy.encode import Encoder
from verifier.policy.ir import ANY, Pattern, Policy, Request, RequestPrincipal
from verifier.policy.search import Scope, search
from verifier.registry import UnknownReason

@dataclass
class Found:
    """What a search established: "found" (with the replayed request and its decision), "none", "unknown"."""

    status: str
    request: Request | None = None
    decision: AccessDecision | None = None
    reason: str = ""
    checked_by: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Range:
    """Where the request's resource lies: matching one of `patterns` (resource patterns, IAM's matching), none of
    `excluding`."""

    patterns: tuple[Pattern, ...]
    excluding: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Also:
    """A further condition on the request: its formula, its concrete test, and the policies it reads."""

    formula: Callable[[Encoder], z3.BoolRef]
    holds: Callable[[Request], bool]
    policies: tuple[Policy, ...] = ()


def find(case: formula.Case, *, action: str | None = None, resource: str | None = None,
         extra: Also | None = None, timeout: float, crosscheck: bool = True,
         within: Range | None = None) -> Found:
    """A request of the case (for `action` and `resource` when given; else any action, and any resource the case's
    resource governs, or in `within`) that AWS allows, with `extra` also holding."""
    unread = keys.unmodelled(formula.policies_of(case) + list(extra.policies if extra else ()))
    if unread:
        return Found("unknown", reason=UnknownReason.UNSUPPORTED.describe(
            f"condition key {unread[0]} is set by AWS from data the snapshot does not hold"))
    if case.ident is not None and case.ident.missing:
        return Found("unknown", reason=UnknownReason.UNSUPPORTED.describe(
            f"{case.ident.arn} uses {case.ident.missing[0]}, which the snapshot does not hold"))
    first = _search(case, action, resource, extra, timeout, crosscheck, STRICT, within)
    if first.status != "none" or not _readings_differ(case):
        return first
    second = _search(case, action, resource, extra, timeout, crosscheck, GENEROUS, within)
    if second.status == "found":
        assert second.decision is not None
        return Found("unknown", second.request, second.decision, UnknownReason.INCOMPLETE.describe(second.decision.doubt))
    return second


def _readings_differ(case: formula.Case) -> bool:
    ident, policy = case.ident, case.resource.policy
    return (ident is not None and ident.kind == "role" and ident.account == case.resource.account
            and policy is not None and bool(granting(policy, WILDCARD).statements))


def _search(case: formula.Case, action: str | None, resource: str | None, extra: Also | None, timeout: float,
            crosscheck: bool, reading: str, within: Range | None) -> Found:
    policies = formula.policies_of(case) + list(extra.policies if extra else ())
    read = keys.keys_read(policies)
    patterns = within.patterns if within else _resource_patterns(case, resource)
    excluded = within.excluding if within else ()
    members = tuple(sorted(case.snap.organization.paths)) if case.snap.organization and case.ident is None else ()
    principals = tuple(sorted(case.zone | set(members))) + ((case.caller.value,) if case.caller else ())
    action_patterns = (Pattern(action, (action,), 0, 0),) if action else ()
    scope = Scope(actions=action_patterns, resources=patterns + excluded, key_atoms=formula.outsider_atoms(case, read),
                  principals=principals)

    def goal(enc: Encoder) -> list[z3.BoolRef]:
        parts = [formula.who(enc, case), formula.allowed(enc, case, reading),
                 z3.Or([enc.resource.holds("resource", p, enc) for p in patterns]),
                 *[z3.Not(enc.resource.holds("resource", p, enc)) for p in excluded]]
        if not action and case.resource.arn:
            parts.append(formula.in_service(enc, case))
        if action:
            cls = enc.u.action_class(action)
            parts.append(enc.action == cls if cls is not None else z3.BoolVal(False))
        if extra:
            parts.append(extra.formula(enc))
        return [z3.And(parts)]

    def holds(req: Request) -> bool:
        fixed = settle(case, req, action, resource)
        if fixed is None:
            return False
        d = evaluate(case.snap, fixed, case.session, outsider=case.ident is None)
        ok = d.allowed or (reading == GENEROUS and bool(d.doubt))
        return ok and (extra is None or extra.holds(fixed))

    # any string is a resource here (IAM's matching): the resource is the snapshot's, named by its ARN, and a
    # narrower reading (documented ARN formats) would hide one whose ARN AWS documents no format for
    outcome = search(policies, goal, holds, timeout=timeout, scope=scope, crosscheck=crosscheck, formats=False)
    if outcome.status == "none":
        return Found("none", checked_by=outcome.checked_by, note=outcome.note)
    fixed = settle(case, outcome.request, action, resource) if outcome.request is not None else None
    decision = evaluate(case.snap, fixed, case.session, outsider=case.ident is None) if fixed else None
    shown = _shown(fixed, decision, read) if fixed and decision else None
    if outcome.status == "found" and shown is not None and shown.principal and shown.principal.kind == "CanonicalUser":
        return Found("unknown", shown, decision, UnknownReason.UNSUPPORTED.describe(
            f"S3 canonical user {shown.principal.value}: the snapshot does not say which account it is"))
    if outcome.status == "found" and shown is not None:
        return Found("found", shown, decision)
    return Found("unknown", shown, decision, outcome.reason)


def settle(case: formula.Case, req: Request, action: str | None, resource: str | None) -> Request | None:
    """The request AWS would receive for a model's request: the case's caller (an outsider: the one the
    model's aws:PrincipalArn names, if any), the asked action and resource; None if it leaves the case."""
    if action:
        req = replace(req, action=action)
    if resource is not None:
        req = replace(req, resource=resource)
    elif not case.resource.governs(req.resource) and case.resource.arn:
        return None
    if case.ident is not None:
        return replace(req, principal=case.caller)
    who = _named_outsider(req) or _proper(req, case)
    if who is not None and who.kind == "AWS" and re.fullmatch(r"arn:[^:]+:iam::\d{12}:role/.+", who.value):
        who = _session_of(who.value)  # a role asks through a session
    if who is None or who.kind == "Service":
        return None
    if who.kind == "AWS" and (principal_account(who.value) in case.zone or principal_account(who.value) is None):
        return None
    return replace(req, principal=who)


#: the account an outsider's request comes from when the model's principal names none (AWS's example account)
OUTSIDE_ACCOUNT = "444455556666"


def _proper(req: Request, case: formula.Case) -> RequestPrincipal | None:
    """The model's principal, or, when it is an AWS principal of no account (a stand-in of the encoding's
    string cells), a user of the account the model's aws:PrincipalAccount names, else of an account outside the
    zone (in our organisation when the model's aws:PrincipalOrgID says so)."""
    who = req.principal
    if who is None or who.kind != "AWS" or principal_account(who.value) is not None:
        return who
    given = {k.lower(): v[0] for k, v in req.context if len(v) == 1}
    account = given.get(keys.PRINCIPAL_ACCOUNT, "")
    if not re.fullmatch(r"\d{12}", account) or account in case.zone:
        org = case.snap.organization
        ours = sorted(org.paths) if org is not None and given.get(keys.PRINCIPAL_ORG_ID) == org.org_id else []
        candidates = ours or [OUTSIDE_ACCOUNT, "999999999999", "999999999998"]
        account = next((a for a in candidates if a not in case.zone), "")
    return RequestPrincipal("AWS", f"arn:aws:iam::{account}:user/outsider") if account else None


def _named_outsider(req: Request) -> RequestPrincipal | None:
    """The principal a request's aws:PrincipalArn names (a role's session, a user), when it has one."""
    if req.principal is None or req.principal.kind != "AWS":
        return None
    for key, values in req.context:
        if key.lower() == keys.PRINCIPAL_ARN and len(values) == 1:
            arn = values[0]
            if identity_arn_of(arn) == arn and ":role/" in arn:
                return _session_of(arn)
            if identity_arn_of(arn) == arn:
                return RequestPrincipal("AWS", arn)
    return None


def _session_of(role_arn: str) -> RequestPrincipal:
    parts = role_arn.split(":")
    name = role_arn.rsplit("/", 1)[1]
    return RequestPrincipal("AWS", f"arn:{parts[1]}:sts::{parts[4]}:assumed-role/{name}/{DEFAULT_SESSION}")


def _shown(req: Request, d: AccessDecision, read: frozenset[str]) -> Request:
    """The request as AWS sends it, with only the derived keys the policies read."""
    def kept(key: str) -> bool:
        k = key.lower()
        return k in read or (k not in keys.DERIVED and not k.startswith(keys.PRINCIPAL_TAG))

    return replace(req, context=tuple((k, v) for k, v in d.request.context if kept(k)))


def _resource_patterns(case: formula.Case, resource: str | None) -> tuple[Pattern, ...]:
    if resource is not None:
        return (Pattern(resource, (resource,), 0, 0),)
    return governed(case.resource)


def governed(res: Resource) -> tuple[Pattern, ...]:
    """Resource patterns of the request resources `res`'s policy governs (a bucket's: it and its objects)."""
    out = [Pattern(res.arn, (res.arn,), 0, 0)]
    if res.kind == "s3-bucket":
        out.append(Pattern(res.arn + "/*", (res.arn + "/", ANY), 0, 0))
    return tuple(out)
