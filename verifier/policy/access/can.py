"""`verify policy can PRINCIPAL ACTION RESOURCE`: the decision for one request, and every policy that took part.

The referee (logic.evaluate) decides; the encoding (formula.py) is asked the
same question with the request pinned, and a disagreement makes the answer
unknown. Yes: allowed. No: denied, with the request and each policy's decision.
"""

from __future__ import annotations

import time

import z3

from verifier.deadline import OutOfTime, current
from verifier.errors import InputError
from verifier.policy.access import context as keys
from verifier.policy.access import formula
from verifier.policy.access.answers import ENGINE, counterexample, deciding_location, decisions, unplaced_reason
from verifier.policy.access.logic import GENEROUS, STRICT, AccessDecision, evaluate
from verifier.policy.access.model import Snapshot, principal_account
from verifier.policy.catalogue import catalogue
from verifier.policy.encode import Encoder
from verifier.policy.ir import Pattern, Policy, Request
from verifier.policy.universe import Universe, Unsupported
from verifier.registry import UnknownReason
from verifier.result import Certificate, Result, Verdict

#: seconds the encoding may take to confirm the decision
AGREEMENT_CAP = 5.0


def can(snap: Snapshot, request: Request, session: Policy | None = None) -> Result:
    """The decision for `request` (its principal a snapshot user, a session of a snapshot role, or an outsider),
    with `session` the session policy of a role's session, if any."""
    t0 = time.perf_counter()
    ident = snap.identity_of(request.principal)
    who = request.principal
    if ident is None and who is not None and who.kind == "AWS" and principal_account(who.value) in snap.accounts:
        raise InputError("PRINCIPAL", 0, 0, f"{who.value} is in account {principal_account(who.value)} of the snapshot "
                         "but is none of its users or roles (for a role, give the role ARN or a session ARN)", "usage")
    d = evaluate(snap, request, session)
    case = formula.Case(snap, snap.resource_of(request.resource, ident.account if ident else None, request.action), ident, who,
                        session if ident is not None and ident.kind == "role" else None)
    verdict_word = "allowed" if d.allowed else "denied"
    listing = "; ".join(f"{k} -> {v}" for k, v in decisions(snap, d).items())
    message = f"{verdict_word}: {d.reason}. Policies that took part: {listing or 'none'}"
    base = dict(check="access-can", target=f"{_who(request)} {request.action} {request.resource}", engine=ENGINE)
    unread = keys.unmodelled([c.policy for c in d.consulted])
    problem = unplaced_reason(snap, case.resource).removeprefix("unsupported: ") or (
        f"{ident.arn} uses {ident.missing[0]}, which the snapshot does not hold" if ident and ident.missing else
        f"condition key {unread[0]} is set by AWS from data the snapshot does not hold" if unread else d.doubt)
    agree, note = (True, "") if problem else encoding_agrees(case, d)
    if agree is False:
        problem = "the evaluator and the SMT encoding disagree on this request"
    if problem:
        reason = (UnknownReason.INCOMPLETE if d.doubt or agree is False else UnknownReason.UNSUPPORTED).describe(problem)
        return Result(**base, location=deciding_location(snap, d), verdict=Verdict.UNKNOWN, reason=reason,
                      counterexample=counterexample(snap, d.request, d), time_s=time.perf_counter() - t0, message=message)
    if note:
        message += f"; {note}"
    elapsed = time.perf_counter() - t0
    if d.allowed:
        cert = Certificate("decision", message, checked_by=["evaluator"] + (["z3"] if agree else []))
        return Result(**base, location=deciding_location(snap, d), verdict=Verdict.YES, certificate=cert,
                      time_s=elapsed, message=message)
    shown = keys.readable(d.request, keys.keys_read([c.policy for c in d.consulted]))
    return Result(**base, location=deciding_location(snap, d), verdict=Verdict.NO,
                  counterexample=counterexample(snap, shown, d), time_s=elapsed, message=message)


def encoding_agrees(case: formula.Case, d: AccessDecision) -> tuple[bool | None, str]:
    """Does the encoding, with the request pinned, reach the referee's decision under both readings?"""
    req = d.request
    try:
        uni = Universe(formula.policies_of(case), catalogue(), requests=(req,),
                       actions=(Pattern(req.action, (req.action,), 0, 0),),
                       principals=(req.principal.value,) if req.principal and req.principal.kind != "Anonymous" else ())
        enc = Encoder(uni)
        answers = []
        for reading in (STRICT, GENEROUS):
            solver = z3.Solver()
            solver.set("timeout", max(1, int(min(AGREEMENT_CAP, current().remaining()) * 1000)))
            solver.add(enc.domain(), enc.pin(req), formula.allowed(enc, case, reading))
            answers.append(solver.check())
    except Unsupported as exc:
        return None, f"not cross-checked with z3: {exc}"
    except OutOfTime:
        return None, "not cross-checked with z3: out of time"
    if z3.unknown in answers:
        return None, "not cross-checked with z3: no answer"
    return (answers[0] == z3.sat) == d.allowed and (answers[1] == z3.sat) == (d.allowed or bool(d.doubt)), ""


def _who(request: Request) -> str:
    p = request.principal
    if p is None or p.kind == "Anonymous":
        return "anonymous"
    return p.value if p.kind == "AWS" else f"{p.kind}:{p.value}"
