"""Build `Result`s for the snapshot questions (the JSON shape every policy check uses)."""

from __future__ import annotations

import time

from verifier.policy.access.find import Found
from verifier.policy.access.logic import AccessDecision
from verifier.policy.access.model import Snapshot
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request
from verifier.result import Certificate, Counterexample, Location, Result, Verdict

ENGINE = "z3 (every policy of the snapshot, logic.py's rules)"


def decisions(snap: Snapshot, d: AccessDecision) -> dict[str, str]:
    """Every policy that took part -> its own decision, labelled by what it is and where it is written."""
    out: dict[str, str] = {}
    for c in d.consulted:
        level = f" at {c.level}" if c.level else ""
        label = f"{c.role}{level}: {snap.label(c.policy)} ({c.policy.path}:{c.policy.line}:{c.policy.column})"
        out[label] = c.decision
    return out


def deciding_location(snap: Snapshot, d: AccessDecision) -> Location:
    """Where the statement that settled it is written: an explicit Deny, else the first Allow, else the snapshot."""
    allowing = None
    for c in d.consulted:
        stmt = decide(c.policy, d.request).statement
        if stmt is not None and stmt.effect == "Deny":
            return Location(c.policy.path, stmt.line, stmt.column)
        if stmt is not None and allowing is None and c.role in ("identity", "resource"):
            allowing = Location(c.policy.path, stmt.line, stmt.column)
    return allowing or Location(snap.path)


def from_found(check: str, target: str, snap: Snapshot, found: Found, t0: float, *, yes: str, no: str,
               location: Location | None = None) -> Result:
    """A Result for a search: yes when none was found, no with the replayed request, else unknown."""
    base = dict(check=check, target=target, engine=ENGINE, time_s=time.perf_counter() - t0)
    if found.status == "none":
        cert = Certificate("unsat", yes, checked_by=found.checked_by, note=found.note)
        return Result(**base, location=location or Location(snap.path), verdict=Verdict.YES, certificate=cert, message=yes)
    cex = None
    if found.request is not None and found.decision is not None:
        cex = counterexample(snap, found.request, found.decision, confirmed=found.status == "found")
    if found.status == "found":
        assert found.decision is not None
        return Result(**base, location=deciding_location(snap, found.decision), verdict=Verdict.NO, counterexample=cex,
                      message=no)
    return Result(**base, location=location or Location(snap.path), verdict=Verdict.UNKNOWN, reason=found.reason,
                  counterexample=cex)


def counterexample(snap: Snapshot, request: Request, d: AccessDecision, confirmed: bool = True) -> Counterexample:
    return Counterexample(request=request.to_json(), decisions=decisions(snap, d), confirmed=confirmed,
                          replay="concrete evaluator (every policy of the snapshot)" if confirmed else "")


def describe(request: Request) -> str:
    """A request in one line: who, action, resource, and the context keys it sets."""
    who = request.principal.value if request.principal and request.principal.kind != "Anonymous" else "an anonymous caller"
    if request.principal and request.principal.kind not in ("AWS", "Anonymous"):
        who = f"{request.principal.kind} {request.principal.value}"
    ctx = ", ".join(f"{k}={v[0] if len(v) == 1 else list(v)}" for k, v in request.context)
    return f"{who} may {request.action} on {request.resource}" + (f" (with {ctx})" if ctx else "")


def unplaced_results(check: str, unplaced: list) -> list[Result]:
    """One unknown per template policy the snapshot could not attach to a resource."""
    return [Result(check, u.label, Location(u.path, u.line, u.column), Verdict.UNKNOWN, engine=ENGINE,
                   reason=f"unsupported: template policy {u.label}: {u.reason}") for u in unplaced]


def unplaced_reason(snap: Snapshot, resource) -> str:
    """Why a question on `resource` cannot be answered: a template policy of its account that may govern it."""
    if resource.policy is not None or any(r.governs(resource.arn) for r in snap.resources.values()):
        return ""
    found = snap.unplaced_in(resource.account) if resource.account else snap.unplaced  # a bucket: any account
    if not found:
        return ""
    u = found[0]
    return (f"unsupported: template policy {u.label} at {u.path}:{u.line}:{u.column} may govern {resource.arn} "
            f"({u.reason})")
