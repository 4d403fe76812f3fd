"""The request context keys AWS sets itself from the principal and the resource.

Source: IAM User Guide, "AWS global condition context keys",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
(consulted 2026-12-04). A request's own value for one of these keys never
counts: AWS fills them in. `derived(...)` gives each key's values for a caller
and a resource (an empty tuple: AWS leaves the key out); a key in `free` is
left to the request (an outsider's organisation or tags, which the snapshot
cannot know). Keys AWS sets that are not modelled here (`UNMODELLED`) make
a question that reads them unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.policy.access.model import Identity, Resource, Snapshot, identity_arn_of, principal_account
from verifier.policy.ir import Policy, Request, RequestPrincipal

PRINCIPAL_ARN = "aws:principalarn"
PRINCIPAL_ACCOUNT = "aws:principalaccount"
PRINCIPAL_ORG_ID = "aws:principalorgid"
PRINCIPAL_ORG_PATHS = "aws:principalorgpaths"
PRINCIPAL_TYPE = "aws:principaltype"
PRINCIPAL_IS_SERVICE = "aws:principalisawsservice"
PRINCIPAL_SERVICE_NAME = "aws:principalservicename"
USERNAME = "aws:username"
RESOURCE_ACCOUNT = "aws:resourceaccount"
RESOURCE_ORG_ID = "aws:resourceorgid"
PRINCIPAL_TAG = "aws:principaltag/"

#: every key `derived` sets (principal tags apart)
DERIVED = (
    PRINCIPAL_ARN, PRINCIPAL_ACCOUNT, PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS, PRINCIPAL_TYPE, PRINCIPAL_IS_SERVICE,
    PRINCIPAL_SERVICE_NAME, USERNAME, RESOURCE_ACCOUNT, RESOURCE_ORG_ID,
)
#: keys AWS sets that the snapshot cannot tell (prefixes end with "/")
UNMODELLED = ("aws:userid", "aws:resourceorgpaths", "aws:resourcetag/", "aws:principalservicenameslist")


@dataclass(frozen=True)
class Derived:
    """Key (lowercased) -> values AWS sends (empty: absent); `free` keys keep the request's values."""

    values: dict[str, tuple[str, ...]]
    free: frozenset[str] = frozenset()
    #: principal tags are all set by AWS (free: none of them)
    tags_free: bool = False
    #: an organisation the caller is known not to be in: a free aws:PrincipalOrgID naming it is dropped
    not_in: str = ""


def derived(snap: Snapshot, who: RequestPrincipal | None, ident: Identity | None, resource: Resource) -> Derived:
    """The keys AWS sets for a request by `who` (the snapshot identity `ident`, or an outsider) on `resource`."""
    org = snap.organization
    values: dict[str, tuple[str, ...]] = {k: () for k in DERIVED}
    free: set[str] = set()
    values[RESOURCE_ACCOUNT] = (resource.account,) if resource.account else ()
    if org is not None and snap.in_organization(resource.account):
        values[RESOURCE_ORG_ID] = (org.org_id,)
    if who is None or who.kind == "Anonymous":
        return Derived(values, frozenset(free))
    if who.kind == "Service":
        values[PRINCIPAL_IS_SERVICE] = ("true",)
        values[PRINCIPAL_SERVICE_NAME] = (who.value,)
        return Derived(values, frozenset(free))
    if who.kind != "AWS":
        return Derived(values, frozenset(free))
    values[PRINCIPAL_IS_SERVICE] = ("false",)
    account = ident.account if ident else principal_account(who.value)
    arn = ident.arn if ident else (identity_arn_of(who.value) or who.value)
    values[PRINCIPAL_ARN] = (arn,)
    values[PRINCIPAL_ACCOUNT] = (account,) if account else ()
    values[PRINCIPAL_TYPE] = (_principal_type(who.value),)
    if ":user/" in arn:
        values[USERNAME] = (arn.rsplit("/", 1)[1],)
    if account and org is not None and snap.in_organization(account):
        values[PRINCIPAL_ORG_ID] = (org.org_id,)
        values[PRINCIPAL_ORG_PATHS] = (org_path(snap, account),)
    elif ident is None:
        free |= {PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS}  # an outsider's organisation, if any, is its own (not ours)
    tags = {f"{PRINCIPAL_TAG}{k.lower()}": (v,) for k, v in (ident.tags if ident else ())}
    values.update(tags)
    return Derived(values, frozenset(free), tags_free=ident is None, not_in=org.org_id if org and free else "")


def org_path(snap: Snapshot, account: str) -> str:
    """aws:PrincipalOrgPaths' value for an account: "o-id/r-root/ou-a/.../" (the levels above the account)."""
    assert snap.organization is not None
    ids = [n.node_id for n in snap.organization.levels(account)[:-1]]
    return "/".join([snap.organization.org_id, *ids]) + "/"


def _principal_type(value: str) -> str:
    if ":assumed-role/" in value:
        return "AssumedRole"
    if ":user/" in value:
        return "User"
    if value.endswith(":root"):
        return "Account"
    return "AssumedRole" if ":role/" in value else "User"


def with_derived(request: Request, d: Derived, reads: frozenset[str] = frozenset()) -> Request:
    """`request` with the context AWS sends: the derived keys replace the request's own values."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for key, vals in request.context:
        k = key.lower()
        if k in d.free and d.not_in and any(v == d.not_in or v.startswith(d.not_in + "/") for v in vals):
            continue  # the caller's account is not in our organisation
        if k in d.free or (k.startswith(PRINCIPAL_TAG) and d.tags_free):
            out.append((key, vals))
        elif k not in d.values and not k.startswith(PRINCIPAL_TAG):
            out.append((key, vals))
    for k, vals in d.values.items():
        if vals and k not in d.free and (not reads or k in reads):
            out.append((_written(k), vals))
    return Request(request.action, request.resource, request.principal, tuple(out))


def readable(request: Request, read: frozenset[str]) -> Request:
    """`request` showing, of the keys AWS derives, only those some policy reads."""

    def kept(key: str) -> bool:
        k = key.lower()
        return k in read or (k not in DERIVED and not k.startswith(PRINCIPAL_TAG))

    return Request(request.action, request.resource, request.principal,
                   tuple((k, v) for k, v in request.context if kept(k)))


def keys_read(policies: list[Policy]) -> frozenset[str]:
    """Every condition key (lowercased) the policies read, as a condition or a policy variable."""
    out = set()
    for p in policies:
        for s in p.statements:
            for c in s.conditions:
                out.add(c.key)
            for pat in (*s.actions, *(s.resources or ())):
                out.update(v.key for v in pat.variables)
            for c in s.conditions:
                for v in c.values:
                    out.update(x.key for x in getattr(v, "variables", ()))
    return frozenset(out)


def unmodelled(policies: list[Policy]) -> list[str]:
    """The keys AWS sets that the policies read but the snapshot cannot tell."""
    return sorted(k for k in keys_read(policies) if any(k == u or (u.endswith("/") and k.startswith(u)) for u in UNMODELLED))


_WRITTEN = {
    PRINCIPAL_ARN: "aws:PrincipalArn", PRINCIPAL_ACCOUNT: "aws:PrincipalAccount", PRINCIPAL_ORG_ID: "aws:PrincipalOrgID",
    PRINCIPAL_ORG_PATHS: "aws:PrincipalOrgPaths", PRINCIPAL_TYPE: "aws:PrincipalType",
    PRINCIPAL_IS_SERVICE: "aws:PrincipalIsAWSService", PRINCIPAL_SERVICE_NAME: "aws:PrincipalServiceName",
    USERNAME: "aws:username", RESOURCE_ACCOUNT: "aws:ResourceAccount", RESOURCE_ORG_ID: "aws:ResourceOrgID",
}


def _written(key: str) -> str:
    if key.startswith(PRINCIPAL_TAG):
        return "aws:PrincipalTag/" + key[len(PRINCIPAL_TAG):]
    return _WRITTEN.get(key, key)
