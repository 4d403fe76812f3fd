"""`verify policy no-new-access --snapshot OLD NEW`: does any change widen what any principal can do?

A change anywhere counts: an identity policy, a boundary, an SCP or RCP, a
resource policy, a trust policy. Asked pair by pair, for each identity of NEW
(through its sessions) and for outsiders of each resource's account:

* each resource either snapshot lists, and any other resource in the
  identity's account (one the snapshots do not list: no resource policy);
* a pair whose deciding material is the same in both snapshots (`fingerprint`:
  policies by content, accounts, organisation levels, tags) cannot have new
  access and is answered without the solver;
* otherwise: a request NEW allows and OLD denies (the referee replays both).

An identity new in NEW has no access in OLD: anything it can do is new.
"""

from __future__ import annotations

import time
from typing import Any

import z3

from verifier.policy.access import context as keys
from verifier.policy.access import formula
from verifier.policy.access.answers import describe, from_found, unplaced_results
from verifier.policy.access.find import Also, Found, Range, find, governed
from verifier.policy.access.logic import STRICT, evaluate
from verifier.policy.access.model import Identity, Resource, Snapshot
from verifier.policy.access.who_can import callers
from verifier.policy.ir import ANY, Pattern, Policy
from verifier.registry import UnknownReason
from verifier.result import Certificate, Location, Result, Verdict

CHECK = "access-no-new-access"


def no_new_access(old: Snapshot, new: Snapshot, timeout: float, crosscheck: bool = True) -> list[Result]:
    """One result per identity of NEW and per resource with a policy (its outsiders): yes when nothing is new."""
    out = []
    arns = sorted(set(old.resources) | set(new.resources))
    for arn, ident in sorted(new.identities.items()):
        out.append(_identity(old, new, ident, arns, timeout, crosscheck))
    for arn in arns:
        res = new.resources.get(arn)
        if res is not None and res.policy is not None:
            out.append(_outsiders(old, new, res, timeout, crosscheck))
    return out + unplaced_results(CHECK, old.unplaced + new.unplaced)


def _identity(old: Snapshot, new: Snapshot, ident: Identity, arns: list[str], timeout: float, crosscheck: bool) -> Result:
    t0 = time.perf_counter()
    before = old.identities.get(ident.arn)
    label = f"{ident.arn}"
    targets: list[tuple[Resource, Resource, Range | None, bool | None]] = []
    for arn in arns:
        res_new, res_old = new.resource_of(arn, ident.account), old.resource_of(arn, ident.account)
        targets.append((res_new, res_old, None, True))  # the actions of its service, which its policy governs
        targets.append((res_new.without_policy(), res_old.without_policy(), None, False))  # the others
    other = Resource("", ident.account, None, "other")
    targets.append((other, other, _elsewhere(old, new, ident.account), None))
    skipped, checked = 0, set()
    for caller in callers(new, ident):
        for res_new, res_old, within, own in targets:
            case_new = formula.Case(new, res_new, ident, caller, own_service=own)
            case_old = formula.Case(old, res_old, before, caller, own_service=own) if before is not None else None
            if case_old is not None and fingerprint(case_new) == fingerprint(case_old):
                skipped += 1
                continue
            found = _widening(case_new, case_old, within, timeout, crosscheck)
            if found.status != "none":
                return _result(new, label, found, t0)
            checked.update(found.checked_by)
    return _unchanged(new, label, t0, skipped, sorted(checked))


def _outsiders(old: Snapshot, new: Snapshot, res: Resource, timeout: float, crosscheck: bool) -> Result:
    t0 = time.perf_counter()
    zone = frozenset({res.account})
    case_new = formula.Case(new, res, zone=zone)
    case_old = formula.Case(old, old.resource_of(res.arn, res.account), zone=zone)
    label = f"anyone outside account {res.account} on {res.arn}"
    if fingerprint(case_new) == fingerprint(case_old):
        return _unchanged(new, label, t0, 1, [])
    return _result(new, label, _widening(case_new, case_old, None, timeout, crosscheck), t0)


def _widening(case_new: formula.Case, case_old: formula.Case | None, within: Range | None, timeout: float,
              crosscheck: bool) -> Found:
    """A request NEW allows and OLD (None: the caller did not exist) denies."""
    if case_old is None:
        return find(case_new, timeout=timeout, crosscheck=crosscheck, within=within)
    if case_new.ident is not None and not _same_derived(case_new, case_old):
        return Found("unknown", reason=UnknownReason.UNSUPPORTED.describe(
            "a condition key AWS derives from the caller (its tags or organisation) changed between the snapshots"))
    outsider = case_old.ident is None
    also = Also(
        formula=lambda enc: z3.Not(formula.allowed(enc, case_old, STRICT)),
        holds=lambda req: not evaluate(case_old.snap, req, case_old.session, outsider=outsider).allowed,
        policies=tuple(formula.policies_of(case_old)),
    )
    found = find(case_new, extra=also, timeout=timeout, crosscheck=crosscheck, within=within)
    if found.status == "found" and found.request is not None:
        before = evaluate(case_old.snap, found.request, case_old.session, outsider=outsider)
        if before.doubt:
            return Found("unknown", found.request, found.decision, UnknownReason.INCOMPLETE.describe(before.doubt))
    return found


def _same_derived(a: formula.Case, b: formula.Case) -> bool:
    read = keys.keys_read(formula.policies_of(a) + formula.policies_of(b))
    da = keys.derived(a.snap, a.caller, a.ident, a.resource).values
    db = keys.derived(b.snap, b.caller, b.ident, b.resource).values
    return all(da.get(k, ()) == db.get(k, ()) for k in read if k in da or k in db)


def _elsewhere(old: Snapshot, new: Snapshot, account: str) -> Range:
    """Any resource of `account` neither snapshot lists (an ARN naming the account, no account, or "*")."""
    within = (
        Pattern(f"arn:*:*:*:{account}:*", ("arn:", ANY, ":", ANY, ":", ANY, f":{account}:", ANY), 0, 0),
        Pattern("arn:*:*:*::*", ("arn:", ANY, ":", ANY, ":", ANY, "::", ANY), 0, 0),
        Pattern("*", ("*",), 0, 0),
    )
    listed = {**old.resources, **new.resources}
    return Range(within, tuple(p for r in listed.values() for p in governed(r)))


def fingerprint(case: formula.Case) -> Any:
    """What decides a case, by content: equal fingerprints give equal decisions on every request."""
    snap, ident, res = case.snap, case.ident, case.resource
    org = snap.organization

    def levels(account: str) -> Any:
        if org is None:
            return None
        return tuple((n.node_id, tuple(canonical(p) for p in n.scps), tuple(canonical(p) for p in n.rcps))
                     for n in org.levels(account))

    who = None
    if ident is not None:
        who = (ident.arn, ident.kind, ident.account, ident.tags, ident.service_linked, ident.missing,
               tuple(canonical(p) for p in ident.policies), canonical(ident.boundary), levels(ident.account))
    return (who, case.caller, canonical(case.session), res.arn, res.account, res.kind, canonical(res.policy),
            levels(res.account), org.org_id if org else None, org.management_account if org else None,
            frozenset(org.paths) if org else None, case.zone)


def canonical(policy: Policy | None) -> Any:
    """A policy's statements without their positions."""
    if policy is None:
        return None
    return tuple(
        (s.effect, tuple((p.kind, p.value) for p in s.principals) if s.principals is not None else None, s.not_principal,
         tuple(a.text for a in s.actions), s.not_action,
         tuple(r.text for r in s.resources) if s.resources is not None else None, s.not_resource,
         tuple((c.operator, c.key, tuple(getattr(v, "text", v) for v in c.values)) for c in s.conditions))
        for s in policy.statements
    )


def _result(snap: Snapshot, label: str, found: Found, t0: float) -> Result:
    no = f"new access for {label}: {describe(found.request)}, which the old snapshot denies" if found.request else ""
    return from_found(CHECK, label, snap, found, t0, yes=f"nothing new for {label}", no=no)


def _unchanged(snap: Snapshot, label: str, t0: float, skipped: int, checked: list[str]) -> Result:
    message = f"nothing new for {label}"
    by = checked + (["content comparison"] if skipped else [])
    cert = Certificate("unsat", message + (f" ({skipped} unchanged pair(s) settled by content)" if skipped else ""),
                       checked_by=by)
    return Result(CHECK, label, Location(snap.path), Verdict.YES, certificate=cert,
                  engine="z3 (every policy of the snapshot, logic.py's rules)", time_s=time.perf_counter() - t0,
                  message=message)
