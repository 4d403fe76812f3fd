"""The evaluation logic of logic.py as a z3 formula over one symbolic request.

Reuses the single-policy encoding (`verifier.policy.encode.Encoder`): each
policy contributes "some Allow applies" and "some Deny applies"; this module
combines them as logic.py documents, for one `Case`: a fixed caller (a
snapshot identity's session, pinned) or any outsider of a zone of trust, on one
resource. The keys AWS derives from the caller and resource are pinned for a
snapshot caller and constrained for outsiders (their account outside the
zone; for an organisation zone, their organisation not ours). Whether RCPs
apply depends on the action's service, a formula over the action class (the
RCP services' patterns are in the universe, see `rcp_probe`).

The Hypothesis property test (tests/test_access_agreement.py) checks it
against logic.evaluate on generated snapshots and requests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import z3

from verifier.policy.access import context as keys
from verifier.policy.access.grants import ACCOUNT, NAMED, ROLE, WILDCARD, granting
from verifier.policy.access.logic import GENEROUS, MUST_ALLOW, RCP_SERVICES
from verifier.policy.access.model import Identity, Resource, Snapshot
from verifier.policy.encode import PRINCIPAL_KINDS, Encoder
from verifier.policy.ir import ANY, Pattern, Policy, RequestPrincipal, Statement
from verifier.policy.universe import Unsupported
from verifier.policy.zstrings import StrField


@dataclass(frozen=True)
class Case:
    """Who asks and on what. `ident` None: any outsider of the zone (`zone`: the accounts inside it;
    `org_zone`: the zone is our organisation, so an outsider's organisation is not ours)."""

    snap: Snapshot
    resource: Resource
    ident: Identity | None = None
    caller: RequestPrincipal | None = None
    session: Policy | None = None
    zone: frozenset[str] = frozenset()
    org_zone: bool = False
    #: the request's action is of the resource's service (True), of another (False), or, None, as the resource
    #: says: of its service when it has a policy (which governs those actions alone), else of another
    own_service: bool | None = None


def rcp_probe() -> Policy:
    """A policy whose one statement names exactly the actions of the services RCPs govern."""
    actions = tuple(Pattern(f"{s}:*", (f"{s}:", ANY), 0, 0) for s in sorted(RCP_SERVICES))
    return Policy("<rcp services>", "2012-10-17", None, (Statement(0, None, "Allow", None, False, actions, False, None, False, (), 0, 0),))


_PROBE = rcp_probe()


def service_probe(service: str) -> Policy:
    """A policy whose one statement names exactly the actions of `service`."""
    return _service_probe(service)


@functools.lru_cache(maxsize=None)
def _service_probe(service: str) -> Policy:
    action = Pattern(f"{service}:*", (f"{service}:", ANY), 0, 0)
    return Policy(f"<{service} actions>", "2012-10-17", None,
                  (Statement(0, None, "Allow", None, False, (action,), False, None, False, (), 0, 0),))


def policies_of(case: Case) -> list[Policy]:
    """Every policy the case's formula reads (the universe must hold them all)."""
    out = [_PROBE]
    if case.resource.service:
        out.append(service_probe(case.resource.service))
    ident, org = case.ident, case.snap.organization
    if ident is not None:
        out += list(ident.policies)
        out += [p for p in (ident.boundary, case.session) if p is not None]
        if org is not None:
            out += [p for n in org.levels(ident.account) for p in n.scps]
    if org is not None:
        out += [p for n in org.levels(case.resource.account) for p in n.rcps]
    if case.resource.policy is not None:
        out.append(case.resource.policy)
        out += [granting(case.resource.policy, k) for k in (ACCOUNT, ROLE, WILDCARD, NAMED)]
    return list({id(p): p for p in out}.values())


def allowed(enc: Encoder, case: Case, reading: str) -> z3.BoolRef:
    """AWS allows the request (logic.py's rules, under `reading` of a wildcard principal)."""
    snap, res, ident = case.snap, case.resource, case.ident
    org = snap.organization
    exempt = ident is not None and ident.service_linked

    def allow(p: Policy) -> z3.BoolRef:
        return enc.effects(p)[0]

    def deny(p: Policy) -> z3.BoolRef:
        return enc.effects(p)[1]

    denies: list[z3.BoolRef] = []
    guards: list[z3.BoolRef] = []
    if ident is not None:
        denies += [deny(p) for p in (*ident.policies, ident.boundary, case.session) if p is not None]
        if org is not None and not exempt and ident.account != org.management_account:
            for n in org.levels(ident.account):
                denies += [deny(p) for p in n.scps]
                guards.append(z3.Or([allow(p) for p in n.scps]) if n.scps else z3.BoolVal(False))
    if org is not None and not exempt and res.account != org.management_account and org.levels(res.account):
        rcp = enc.applies(_PROBE.statements[0])
        for n in org.levels(res.account):
            denies.append(z3.And(rcp, z3.Or([deny(p) for p in n.rcps])))
            guards.append(z3.Implies(rcp, z3.Or([allow(p) for p in n.rcps])))
    policy = res.policy
    if policy is not None:
        denies.append(deny(policy))
    resource_any = allow(policy) if policy is not None else z3.BoolVal(False)
    base = z3.And(z3.Not(z3.Or(denies)) if denies else z3.BoolVal(True), *guards)
    if ident is None:
        return z3.And(base, resource_any)
    limits = z3.And([allow(p) for p in (ident.boundary, case.session if ident.kind == "role" else None) if p is not None])
    identity = z3.And(z3.Or([allow(p) for p in ident.policies]) if ident.policies else z3.BoolVal(False), limits)

    def grants(kind: str) -> z3.BoolRef:
        return allow(granting(policy, kind)) if policy is not None else z3.BoolVal(False)

    if ident.account != res.account:
        return z3.And(base, identity, resource_any)
    if ident.kind == "user":
        alone = z3.Or(grants(NAMED), grants(WILDCARD), grants(ROLE))
    elif reading == GENEROUS:
        alone = z3.Or(grants(NAMED), grants(WILDCARD), z3.And(limits, grants(ROLE)))
    else:
        alone = z3.Or(grants(NAMED), z3.And(limits, z3.Or(grants(ROLE), grants(WILDCARD))))
    if res.kind in MUST_ALLOW and policy is not None:
        return z3.And(base, z3.Or(alone, z3.And(grants(ACCOUNT), identity)))
    return z3.And(base, z3.Or(alone, identity))


def in_service(enc: Encoder, case: Case) -> z3.BoolRef:
    """The request's action is of the service the case's resource policy governs (for a resource without a
    policy that a snapshot policy governs for other actions: not of that service)."""
    if not case.resource.service:
        return z3.BoolVal(True)
    inside = enc.applies(service_probe(case.resource.service).statements[0])
    own = case.own_service if case.own_service is not None else case.resource.policy is not None
    return inside if own else z3.Not(inside)


def who(enc: Encoder, case: Case) -> z3.BoolRef:
    """The caller: the pinned principal and the keys AWS derives from it, or any outsider of the zone."""
    res = case.resource
    if case.ident is not None:
        assert case.caller is not None
        pinned = keys.derived(case.snap, case.caller, case.ident, res)
        return z3.And(enc.pkind == PRINCIPAL_KINDS.index(case.caller.kind), enc.principal.pin(case.caller.value),
                      *_pins(enc, pinned.values, pinned.free, tags_free=False))
    aws = PRINCIPAL_KINDS.index("AWS")
    outside = z3.And([z3.Not(enc.principal.holds("principal", a, enc)) for a in sorted(case.zone)])
    # a canonical user gets what an anonymous caller gets (both have no derived keys, "*" names both) unless a
    # policy names canonical users: only then is it asked for
    names_canonical = any(p.kind == "CanonicalUser" for pol in policies_of(case) for s in pol.statements
                          for p in s.principals or ())
    others = ("Anonymous", "Federated") + (("CanonicalUser",) if names_canonical else ())
    kinds = z3.Or(z3.And(enc.pkind == aws, outside), *[enc.pkind == PRINCIPAL_KINDS.index(k) for k in others])
    resource_side = {k: v for k, v in keys.derived(case.snap, None, None, res).values.items() if k.startswith("aws:resource")}
    out = [kinds, *_pins(enc, resource_side, frozenset(), tags_free=True)]
    out += _outsider_keys(enc, case, aws)
    return z3.And(out)


def outsider_atoms(case: Case, read: frozenset[str]) -> tuple[tuple[str, str, Pattern], ...]:
    """The key atoms `who` needs for an outsider case, for the keys the policies read."""
    out = []
    for a in sorted(case.zone):
        if keys.PRINCIPAL_ACCOUNT in read:
            out.append((keys.PRINCIPAL_ACCOUNT, "equals", _lit(a)))
        if keys.PRINCIPAL_ARN in read:
            out.append((keys.PRINCIPAL_ARN, "like", _zone_arn(a)))
    org = case.snap.organization
    if org is not None and keys.PRINCIPAL_ORG_ID in read:
        out.append((keys.PRINCIPAL_ORG_ID, "equals", _lit(org.org_id)))
    return tuple(out)


def _outsider_keys(enc: Encoder, case: Case, aws: int) -> list[z3.BoolRef]:
    out = []
    for name, key in enc.keys.items():
        if name in (keys.PRINCIPAL_ORG_ID, keys.PRINCIPAL_ARN, keys.PRINCIPAL_ACCOUNT) and not _stringy(key):
            raise Unsupported(f'condition key "{key.info.text}" compared other than as a string')
        if name == keys.PRINCIPAL_IS_SERVICE and key.info.family == "bool" and not key.info.is_set:
            out.append(z3.If(enc.pkind == aws, z3.And(key.present[0], key.values[0] == z3.BoolVal(False)),
                             z3.Not(key.present[0])))
        elif name == keys.PRINCIPAL_ACCOUNT:
            out += [z3.Implies(p, z3.Not(v.holds("equals", _lit(a), enc))) for a in sorted(case.zone)
                    for p, v in zip(key.present, key.values)]
        elif name == keys.PRINCIPAL_ARN:
            out += [z3.Implies(p, z3.Not(v.holds("like", _zone_arn(a), enc))) for a in sorted(case.zone)
                    for p, v in zip(key.present, key.values)]
        elif name == keys.PRINCIPAL_ORG_ID and case.snap.organization is not None and not key.info.is_set:
            # exactly the organisation's accounts carry its id (an AWS caller's is present then)
            org = case.snap.organization
            member = z3.Or([enc.principal.holds("principal", a, enc) for a in sorted(org.paths)])
            ours = z3.And(key.present[0], key.values[0].holds("equals", _lit(org.org_id), enc))
            out.append(z3.Implies(enc.pkind == aws, ours == member))
            if case.org_zone:
                out.append(z3.Not(ours))
    return out


def _pins(enc: Encoder, values: dict[str, tuple[str, ...]], free: frozenset[str], tags_free: bool) -> list[z3.BoolRef]:
    """Constraints fixing the derived keys the encoding holds to `values` (absent when empty)."""
    out = []
    for name, key in enc.keys.items():
        if name in free:
            continue
        if name.startswith(keys.PRINCIPAL_TAG):
            if tags_free:
                continue
            given = values.get(name, ())
        elif name in values:
            given = values[name]
        else:
            continue
        if len(given) > len(key.present):
            raise Unsupported(f'key "{key.info.text}" has more values than the encoding has slots')
        for i, (inside, v) in enumerate(zip(key.present, key.values)):
            if i >= len(given):
                out.append(z3.Not(inside))
            elif isinstance(v, StrField):
                out += [inside, v.pin(given[i])]
            elif key.info.family == "bool" and given[i] in ("true", "false"):
                out += [inside, v == z3.BoolVal(given[i] == "true")]
            elif key.info.family is None:
                out.append(inside)
            else:
                raise Unsupported(f'key "{key.info.text}", which AWS sets, is compared as {key.info.family}')
    return out


def _stringy(key) -> bool:
    return all(isinstance(v, StrField) for v in key.values)


def _lit(text: str) -> Pattern:
    return Pattern(text, (text,), 0, 0)


def _zone_arn(account: str) -> Pattern:
    """ARNs whose account field is `account` (matched as StringLike)."""
    return Pattern(f"arn:*:*::{account}:*", ("arn:", ANY, ":", ANY, "::" + account + ":", ANY), 0, 0)
