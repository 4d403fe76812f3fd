"""The referee: AWS's decision for one request across every policy type of a snapshot.

Written plainly from the documentation, independently of the SMT encoding
(formula.py), which is tested against it. Sources (consulted 2026-12-04):

* IAM User Guide, "Policy evaluation logic" and "How AWS enforcement code logic
  evaluates requests to allow or deny access",
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
* IAM User Guide, "Cross-account policy evaluation logic",
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
* AWS Organizations User Guide, "Service control policies (SCPs)" and "Resource control policies (RCPs)",
  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html

The rules, in the order AWS applies them:

1. An explicit Deny in any policy that applies (identity, boundary, session,
   SCP, RCP, resource policy) denies.
2. SCPs apply to principals of member accounts: at every level from the root
   to the account some SCP must allow. They do not apply to the management
   account's principals nor to service-linked roles.
3. RCPs apply to resources of member accounts, for the services RCPs support
   (`RCP_SERVICES`): at every level some RCP must allow. They do not apply to
   the management account's resources nor to requests by service-linked roles.
4. Same account: the identity side (some identity policy allows, and the
   permissions boundary and session policy, when there are, allow too) or the
   resource policy allows. How the resource policy names the caller matters:
   an account entry only delegates to the identity side; a role ARN grants the
   role's sessions only where their boundary and session policy allow; an
   entry naming the caller itself (a user ARN, a session ARN) grants alone.
   IAM role trust policies and KMS key policies are the exception: they must
   allow themselves (an identity policy alone is not enough).
5. Cross account: both the identity side and the resource policy must allow
   (any entry, the caller's account included).

A principal outside the snapshot (an outsider) has identity policies we
cannot see; it is taken to hold every permission its own account could give
it, so only the resource side decides (the zone-of-trust view of IAM Access
Analyzer). Anonymous, service and federated callers have no identity side.

The documentation does not say whether `"Principal": "*"` grants a role
session alone (as a session ARN would) or only within its boundary and
session policy (as the role ARN does). Both readings are computed; where they
differ the decision carries `doubt` and the questions answer unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.policy.access.context import derived, with_derived
from verifier.policy.access.grants import ACCOUNT, NAMED, ROLE, WILDCARD, granting
from verifier.policy.access.model import Identity, Resource, Snapshot, service_of
from verifier.policy.evaluator import decide
from verifier.policy.ir import ALLOW, DENY, Policy, Request

#: services whose resources RCPs govern, per the RCP page (consulted 2026-12-04)
RCP_SERVICES = frozenset({"s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-idp", "logs", "dynamodb"})
#: resource kinds whose policy must allow the request itself, even within the account
MUST_ALLOW = frozenset({"role", "kms-key"})
STRICT = "strict"  # "*" grants a role session only within its boundary and session policy
GENEROUS = "generous"  # "*" grants a role session alone, as a session ARN would


@dataclass(frozen=True)
class Consulted:
    """One policy that took part, its role ("identity", "boundary", "session", "scp", "rcp",
    "resource") and its own decision; `level` names the organisation level of an SCP or RCP."""

    role: str
    policy: Policy
    decision: str
    level: str = ""


@dataclass(frozen=True)
class AccessDecision:
    """AWS's decision, why, and every policy consulted; `doubt` is set when the documented
    readings of a wildcard principal disagree (`allowed` is then the strict reading)."""

    allowed: bool
    reason: str
    consulted: tuple[Consulted, ...]
    request: Request
    doubt: str = ""


@dataclass(frozen=True)
class Applicable:
    """The policies that apply to one request, by role."""

    identity: tuple[Policy, ...]
    boundary: Policy | None
    session: Policy | None
    scps: tuple[tuple[str, tuple[Policy, ...]], ...]  # (level, its SCPs), root first
    rcps: tuple[tuple[str, tuple[Policy, ...]], ...]
    resource: Policy | None


def applicable(snap: Snapshot, request: Request, ident: Identity | None, res: Resource,
               session: Policy | None) -> Applicable:
    """Which policies take part in `request` by `ident` (None: an outsider or a non-IAM caller) on `res`."""
    org = snap.organization
    exempt_caller = ident is not None and ident.service_linked
    scps: tuple = ()
    if ident is not None and org is not None and not exempt_caller and ident.account != org.management_account:
        scps = tuple((n.name, n.scps) for n in org.levels(ident.account))
    rcps: tuple = ()
    if (org is not None and not exempt_caller and res.account != org.management_account
            and service_of(request.action) in RCP_SERVICES):
        rcps = tuple((n.name, n.rcps) for n in org.levels(res.account))
    return Applicable(
        identity=ident.policies if ident else (),
        boundary=ident.boundary if ident else None,
        session=session if ident is not None and ident.kind == "role" else None,
        scps=scps,
        rcps=rcps,
        resource=res.policy,
    )


def evaluate(snap: Snapshot, request: Request, session: Policy | None = None, outsider: bool = False) -> AccessDecision:
    """AWS's decision for `request` (its principal a user ARN, a role session ARN, or anyone else).
    With `outsider`, even a snapshot identity is judged as an outsider: by the resource side alone."""
    known = snap.identity_of(request.principal)
    res = snap.resource_of(request.resource, known.account if known else None, request.action)
    full = with_derived(request, derived(snap, request.principal, known, res))
    ident = None if outsider else known
    pols = applicable(snap, full, ident, res, session)
    strict = _decide(full, ident, res, pols, STRICT)
    generous = _decide(full, ident, res, pols, GENEROUS)
    consulted = _consulted(full, pols)
    doubt = ""
    if strict[0] != generous[0]:
        doubt = ('the documentation does not say whether "Principal": "*" in a resource policy grants a role '
                 "session alone or only within its permissions boundary and session policy; the answer depends on it")
    return AccessDecision(strict[0], strict[1], consulted, full, doubt)


def _decide(req: Request, ident: Identity | None, res: Resource, pols: Applicable, reading: str) -> tuple[bool, str]:
    def allows(p: Policy) -> bool:
        return decide(p, req).decision == ALLOW

    everything = [*pols.identity, pols.boundary, pols.session, pols.resource]
    everything += [p for _, ps in pols.scps + pols.rcps for p in ps]
    for p in everything:
        if p is not None and decide(p, req).decision == DENY:
            return False, f"explicitly denied by {p.path}"
    for kind, levels in (("SCP", pols.scps), ("RCP", pols.rcps)):
        for level, ps in levels:
            if not any(allows(p) for p in ps):
                return False, f"no {kind} attached at {level} allows it"
    limits_ok = (pols.boundary is None or allows(pols.boundary)) and (pols.session is None or allows(pols.session))
    policy = pols.resource
    resource_any = policy is not None and allows(policy)
    if ident is None:  # an outsider's own account may grant it all; other callers have no identity side
        if resource_any:
            return True, "allowed by the resource policy (the caller is outside the snapshot's identities)"
        return False, "implicitly denied: the resource policy does not allow it"
    identity_ok = any(allows(p) for p in pols.identity) and limits_ok

    def grants(kind: str) -> bool:
        return policy is not None and allows(granting(policy, kind))

    if ident.account != res.account:
        if identity_ok and resource_any:
            return True, "allowed: the identity side and the resource policy both allow it (cross-account)"
        side = "the resource policy" if identity_ok else "the identity side"
        return False, f"implicitly denied: {side} does not allow it (cross-account needs both)"
    if ident.kind == "user":
        alone = grants(NAMED) or grants(WILDCARD) or grants(ROLE)
    else:
        wildcard_alone = reading == GENEROUS
        alone = grants(NAMED) or (wildcard_alone and grants(WILDCARD))
        alone = alone or (limits_ok and (grants(ROLE) or (not wildcard_alone and grants(WILDCARD))))
    if alone:
        return True, "allowed by the resource policy, which names the caller"
    if res.kind in MUST_ALLOW and policy is not None:
        if grants(ACCOUNT) and identity_ok:
            return True, "allowed: the resource policy delegates to the account and the identity side allows it"
        return False, f"implicitly denied: a {res.kind} policy must allow the request itself"
    if identity_ok:
        return True, "allowed by the identity side"
    return False, "implicitly denied: no identity policy (within the boundary and session policy) or resource policy allows it"


def _consulted(req: Request, pols: Applicable) -> tuple[Consulted, ...]:
    out = [Consulted("identity", p, decide(p, req).decision) for p in pols.identity]
    for role, p in (("boundary", pols.boundary), ("session", pols.session), ("resource", pols.resource)):
        if p is not None:
            out.append(Consulted(role, p, decide(p, req).decision))
    for role, levels in (("scp", pols.scps), ("rcp", pols.rcps)):
        out += [Consulted(role, p, decide(p, req).decision, level) for level, ps in levels for p in ps]
    return tuple(out)
