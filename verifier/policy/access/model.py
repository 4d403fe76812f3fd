"""An account snapshot: who exists, what they may do, what guards each resource.

A `Snapshot` holds the IAM identities (users and roles, with their identity
policies, permissions boundary and tags), the resources with a resource policy
(a role is one too: its trust policy), and the organisation tree with the SCPs
and RCPs attached at each level. It is read by `snapshot.py`; the evaluator
(`logic.py`) and the encoding (`formula.py`) only read it.

A resource the snapshot does not list has no resource policy and is taken to
live in the caller's own account (or in the account its ARN names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verifier.policy.ir import Policy, RequestPrincipal

#: the session name a role's caller gets unless a policy names another (any unnamed name behaves alike)
DEFAULT_SESSION = "verify-session"

_IDENTITY_ARN = re.compile(r"arn:([^:]+):iam::(\d{12}):(user|role)/(?:.*/)?([^/]+)")
_SESSION_ARN = re.compile(r"arn:([^:]+):sts::(\d{12}):assumed-role/([^/]+)/(.+)")
_ACCOUNT_FIELD = re.compile(r"arn:[^:]*:[^:]*:[^:]*:(\d{12}):.*", re.DOTALL)


@dataclass(frozen=True)
class Identity:
    """An IAM user or role of the snapshot. `missing` names policies it references that the snapshot
    does not hold: its answers are then unknown."""

    arn: str
    kind: str  # "user" or "role"
    account: str
    name: str
    policies: tuple[Policy, ...]
    boundary: Policy | None = None
    tags: tuple[tuple[str, str], ...] = ()
    service_linked: bool = False
    missing: tuple[str, ...] = ()

    def caller(self, session: str = DEFAULT_SESSION) -> RequestPrincipal:
        """The principal its requests carry: the user's ARN, or a session of the role."""
        if self.kind == "user":
            return RequestPrincipal("AWS", self.arn)
        partition = self.arn.split(":")[1]
        return RequestPrincipal("AWS", f"arn:{partition}:sts::{self.account}:assumed-role/{self.name}/{session}")


@dataclass(frozen=True)
class Resource:
    """A resource and its resource policy (None: it has none). `kind` is "role" (the policy is the
    role's trust policy), "kms-key", "s3-bucket" or "other"."""

    arn: str
    account: str
    policy: Policy | None
    kind: str = "other"

    @property
    def service(self) -> str:
        """The service whose actions its policy governs: a role's trust policy governs STS's actions on it."""
        return "sts" if self.kind == "role" else self.arn.split(":")[2].lower() if self.arn.count(":") >= 5 else ""

    def without_policy(self) -> "Resource":
        """The same resource for the actions its policy does not govern (an IAM action on a role, ...)."""
        return Resource(self.arn, self.account, None, self.kind)

    def governs(self, resource: str) -> bool:
        """The request resource falls under this resource's policy (a bucket governs its objects)."""
        return resource == self.arn or (self.kind == "s3-bucket" and resource.startswith(self.arn + "/"))


@dataclass(frozen=True)
class OrgNode:
    """One level of the organisation tree (root, an OU, an account) and the policies attached there."""

    name: str
    node_id: str
    scps: tuple[Policy, ...]
    rcps: tuple[Policy, ...]


@dataclass(frozen=True)
class Organization:
    """The organisation: its id, management account, and per member account the levels from the root down."""

    org_id: str
    management_account: str
    paths: dict[str, tuple[OrgNode, ...]]

    def levels(self, account: str) -> tuple[OrgNode, ...]:
        return self.paths.get(account, ())


@dataclass
class Snapshot:
    """Everything the questions read; `path` names it in messages."""

    path: str
    accounts: frozenset[str]
    identities: dict[str, Identity] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    organization: Organization | None = None
    #: template policies the snapshot could not attach to a resource (templates.py): what may read them is unknown
    unplaced: list = field(default_factory=list)
    #: where(policy) -> what the policy is, for answers ("managed policy ARN", "SCP deny-regions.json", ...)
    labels: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def label(self, policy: Policy) -> str:
        return self.labels.get(where(policy), policy.path)

    def identity_of(self, who: RequestPrincipal | None) -> Identity | None:
        """The snapshot identity a request principal is (a user ARN, or a session of a role)."""
        if who is None or who.kind != "AWS":
            return None
        found = self.identities.get(who.value)
        if found is not None and found.kind == "user":
            return found
        m = _SESSION_ARN.fullmatch(who.value)
        if m:
            for ident in self.identities.values():
                if ident.kind == "role" and ident.account == m.group(2) and ident.name == m.group(3):
                    return ident
        return None

    def resource_of(self, arn: str, caller_account: str | None, action: str | None = None) -> Resource:
        """The resource a request (for `action`) names: one the snapshot lists, with its policy when the action
        is of the service the policy governs; else one with no resource policy in the account its ARN names,
        or the caller's account."""
        for res in self.resources.values():
            if res.governs(arn):
                if action is None or service_of(action) == res.service:
                    return res
                return res.without_policy()
        m = _ACCOUNT_FIELD.fullmatch(arn)
        account = m.group(1) if m else (caller_account or "")
        return Resource(arn, account, None, kind_of(arn))

    def unplaced_in(self, account: str) -> list:
        """The template policies of `account` the snapshot could not attach (any may govern an unlisted resource)."""
        return [u for u in self.unplaced if u.account == account]

    def in_organization(self, account: str) -> bool:
        return self.organization is not None and account in self.organization.paths


def principal_account(value: str) -> str | None:
    """The 12-digit account of an AWS principal value (ARN or account number)."""
    if re.fullmatch(r"\d{12}", value):
        return value
    parts = value.split(":")
    if len(parts) >= 6 and parts[0] == "arn" and re.fullmatch(r"\d{12}", parts[4]):
        return parts[4]
    return None


def identity_arn_of(value: str) -> str | None:
    """The IAM ARN behind a principal value: a session's role ARN (no path), a user's or role's own ARN."""
    m = _SESSION_ARN.fullmatch(value)
    if m:
        return f"arn:{m.group(1)}:iam::{m.group(2)}:role/{m.group(3)}"
    if _IDENTITY_ARN.fullmatch(value):
        return value
    return None


def service_of(action: str) -> str:
    """The service prefix of an action ("s3" for "s3:GetObject"), lowercased."""
    return action.split(":", 1)[0].lower()


def where(policy: Policy) -> tuple[str, int, int]:
    """A policy's place (file, line, column): what names it in `Snapshot.labels`, across processes too."""
    return (policy.path, policy.line, policy.column)


def kind_of(arn: str) -> str:
    """The resource kind the evaluation logic tells apart, from its ARN."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return "other"
    if parts[2] == "kms" and parts[5].startswith("key/"):
        return "kms-key"
    if parts[2] == "s3" and "/" not in parts[5]:
        return "s3-bucket"
    if parts[2] == "iam" and parts[5].startswith("role/"):
        return "role"
    return "other"
