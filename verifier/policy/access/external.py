"""`verify policy external-access SNAPSHOT`: every resource reachable from outside a zone of trust.

For each resource with a resource policy (roles through their trust policy),
is any request from outside the zone allowed? Outside the account: any AWS
principal of another account (the snapshot's other accounts included), an
anonymous caller, a federated (web identity or SAML) caller, an S3 canonical
user (a witness naming one is unknown: which account it is, the snapshot does
not say); outside the
organisation: the same, less the organisation's accounts. Service principals
are not outsiders (as IAM Access Analyzer counts them). The resource side
decides (an outsider's own account may grant it anything): the resource
policy, and the RCPs over the resource's account.

A policy none of whose Allow statements names a principal that can be outside
the zone (only the zone's accounts, roles and users, or services) is settled
without the solver (`names_no_outsider`): an outsider matches no Allow.
"""

from __future__ import annotations

import functools
import re
import time

from verifier.policy.access import formula
from verifier.policy.access.answers import describe, from_found, unplaced_results
from verifier.policy.access.find import find
from verifier.policy.access.model import Resource, Snapshot, principal_account
from verifier.policy.ir import Policy
from verifier.result import Certificate, Location, Result, Verdict

CHECK = "access-external-access"
ZONES = ("account", "organization")


def zone_of(snap: Snapshot, res: Resource, zone: str) -> tuple[frozenset[str], str]:
    """The accounts inside the zone around `res`, and its name."""
    if zone == "organization" and snap.organization is not None and snap.in_organization(res.account):
        return frozenset(snap.organization.paths), f"organisation {snap.organization.org_id}"
    if zone == "organization":
        return snap.accounts, "the snapshot's accounts (no organisation holds this resource)"
    return frozenset({res.account}), f"account {res.account}"


def external_access(snap: Snapshot, zone: str, timeout: float, jobs: int = 1, crosscheck: bool = True,
                    quiet: bool = True, scheduler: str | None = None) -> list[Result]:
    """One result per resource with a policy: yes when nothing outside the zone may reach it. With `jobs` > 1
    the resources are shared among forked workers (verifier.batch), which inherit the snapshot as read;
    with `scheduler`, among the workers of that Dask cluster (verifier.cluster)."""
    from verifier.batch import answer_many

    arns = sorted(a for a, r in snap.resources.items() if r.policy is not None)
    work = functools.partial(_one, snap, zone, timeout, crosscheck)
    if scheduler is None:
        results = answer_many(arns, work, jobs, quiet=quiet, progress_label="external-access")
    else:
        from verifier.cluster import Remote, connect, policy_bound

        def fallback(arn: str, reason: str) -> Result:
            policy = snap.resources[arn].policy
            assert policy is not None
            return Result(CHECK, arn, Location(policy.path, policy.line, policy.column), Verdict.UNKNOWN,
                          engine="policy", reason=reason)

        with connect(scheduler) as client:
            results = answer_many(arns, work, jobs, quiet=quiet, progress_label="external-access",
                                  remote=Remote(client, policy_bound(timeout), fallback))
    return results + unplaced_results(CHECK, snap.unplaced)


def _one(snap: Snapshot, zone: str, timeout: float, crosscheck: bool, arn: str) -> Result:
    return one_resource(snap, snap.resources[arn], zone, timeout, crosscheck)


def one_resource(snap: Snapshot, res: Resource, zone: str, timeout: float, crosscheck: bool = True) -> Result:
    """Is `res` reachable from outside its zone?"""
    t0 = time.perf_counter()
    accounts, name = zone_of(snap, res, zone)
    assert res.policy is not None
    yes = f"no request from outside {name} is allowed on {res.arn}"
    where = Location(res.policy.path, res.policy.line, res.policy.column)
    if names_no_outsider(res.policy, accounts):
        cert = Certificate("definition", yes + " (no Allow statement names a principal outside it)", checked_by=["schema"])
        return Result(CHECK, res.arn, where, Verdict.YES, certificate=cert, engine="schema",
                      time_s=time.perf_counter() - t0, message=yes)
    case = formula.Case(snap, res, zone=accounts, org_zone=zone == "organization")
    found = find(case, timeout=timeout, crosscheck=crosscheck)
    no = f"reachable from outside {name}: {describe(found.request)}" if found.request is not None else ""
    return from_found(CHECK, res.arn, snap, found, t0, yes=yes, no=no, location=where)


def names_no_outsider(policy: Policy, zone: frozenset[str]) -> bool:
    """Every Allow statement names only principals inside `zone` (accounts, their users and roles) or services."""
    for s in policy.statements:
        if s.effect != "Allow":
            continue
        if s.principals is None or s.not_principal:
            return False
        for p in s.principals:
            if p.kind == "Service" and p.value != "*":
                continue
            if p.kind == "AWS" and p.value != "*" and principal_account(p.value) in zone and _exact(p.value):
                continue
            return False
    return True


def _exact(value: str) -> bool:
    """An account, or an ARN with no wildcard (IAM allows none in a Principal; a literal '*' names nothing else)."""
    return re.fullmatch(r"\d{12}", value) is not None or "*" not in value and "?" not in value
