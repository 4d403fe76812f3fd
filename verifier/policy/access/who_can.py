"""`verify policy who-can ACTION RESOURCE`: every principal that can, each with its witness request.

One answer per snapshot identity and per outsider row ("anyone outside the
account", and "anyone outside the organisation" when there is one): no when it
can (the request, replayed through logic.evaluate, shown), yes when no request
with any context is allowed, unknown otherwise. A role is asked through its
sessions: an unnamed session, and every session of it a policy names.
"""

from __future__ import annotations

import time

from verifier.policy.access import formula
from verifier.policy.access.answers import ENGINE, describe, from_found, unplaced_reason
from verifier.policy.access.find import find
from verifier.policy.access.model import Identity, Snapshot
from verifier.policy.ir import Policy, RequestPrincipal
from verifier.result import Location, Result, Verdict

CHECK = "access-who-can"


def who_can(snap: Snapshot, action: str, resource: str, timeout: float, crosscheck: bool = True,
            session: Policy | None = None) -> list[Result]:
    """One result per identity and outsider row (see module doc); `session`: the session policy roles' sessions carry."""
    target = snap.resource_of(resource, None, action)
    blocked = unplaced_reason(snap, target)
    if blocked:
        return [Result(CHECK, ident.arn, Location(snap.path), Verdict.UNKNOWN, engine=ENGINE, reason=blocked)
                for _, ident in sorted(snap.identities.items())]
    out = [_identity(snap, ident, action, resource, timeout, crosscheck, session)
           for _, ident in sorted(snap.identities.items())]
    zones = [(frozenset({target.account}), False, f"anyone outside account {target.account}")]
    if snap.organization is not None and snap.in_organization(target.account):
        zones.append((frozenset(snap.organization.paths), True, f"anyone outside organisation {snap.organization.org_id}"))
    for zone, org_zone, label in zones:
        t0 = time.perf_counter()
        case = formula.Case(snap, target, zone=zone, org_zone=org_zone)
        found = find(case, action=action, resource=resource, timeout=timeout, crosscheck=crosscheck)
        out.append(_result(snap, label, found, t0, action, resource))
    return out


def _identity(snap: Snapshot, ident: Identity, action: str, resource: str, timeout: float, crosscheck: bool,
              session: Policy | None) -> Result:
    t0 = time.perf_counter()
    target = snap.resource_of(resource, ident.account, action)
    found = None
    for caller in callers(snap, ident):
        case = formula.Case(snap, target, ident, caller, session if ident.kind == "role" else None)
        found = find(case, action=action, resource=resource, timeout=timeout, crosscheck=crosscheck)
        if found.status != "none":
            break
    assert found is not None
    return _result(snap, ident.arn, found, t0, action, resource)


def callers(snap: Snapshot, ident: Identity) -> list[RequestPrincipal]:
    """The principals an identity's requests may carry: the user, or an unnamed session and each named one of the role."""
    if ident.kind == "user":
        return [ident.caller()]
    prefix = f"arn:{ident.arn.split(':')[1]}:sts::{ident.account}:assumed-role/{ident.name}/"
    named = sorted({p.value for r in snap.resources.values() if r.policy for s in r.policy.statements
                    for p in s.principals or () if p.kind == "AWS" and p.value.startswith(prefix) and len(p.value) > len(prefix)})
    return [ident.caller()] + [RequestPrincipal("AWS", v) for v in named]


def _result(snap: Snapshot, who: str, found, t0: float, action: str, resource: str) -> Result:
    no = f"{who} can: {describe(found.request)}" if found.request is not None else ""
    return from_found(CHECK, who, snap, found, t0, yes=f"{who} cannot {action} on {resource}, with any request context",
                      no=no)
