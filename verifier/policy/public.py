"""What "public" means: Amazon S3 Block Public Access's documented rule.

Source: Amazon S3 User Guide, "Blocking public access to your Amazon S3
storage", section "The meaning of 'public'",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
(the same rule IAM Access Analyzer applies to resource policies). The key list
below is the one this project's DESIGN.md records from that page; it is pinned
as of DEFINITION_DATE and changes only deliberately.

A grant is public unless it is limited to fixed values -- no wildcard, no
policy variable -- of a principal or of one of RESTRICTING_KEYS (for
aws:SourceIp, no range wider than /8 for IPv4 or /32 for IPv6; for aws:userid,
the form "AROLEID:*", one role's sessions, also counts as fixed). One public
statement makes the policy public.

Checked semantically: the policy is public iff it allows some request from an
outsider (anonymous, or a principal of an account the policy never names)
whose restricting keys are each absent or *fresh* -- unequal, ignoring ASCII
case, to every fixed value the policy compares that key with, outside every
narrow enough IP range it names, and outside every "AROLEID:*" pattern. A
wildcard or a variable accepts a fresh value, so it does not restrict; a fixed
value does. `is_public_request` is the concrete form of the same test, used to
replay counterexamples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address

from verifier.policy.ir import Pattern, Policy, Request, Wild

DEFINITION_URL = (
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
    "access-control-block-public-access.html#access-control-block-public-access-policy-status"
)
DEFINITION_DATE = "2026-11-23"

RESTRICTING_KEYS = (
    "aws:SourceIp",
    "aws:SourceArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceOwner",
    "aws:SourceAccount",
    "aws:PrincipalOrgID",
    "aws:userid",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
)
RESTRICTING = {k.lower() for k in RESTRICTING_KEYS}

#: widest CIDR ranges that still count as fixed
MIN_PREFIX = {4: 8, 6: 32}


@dataclass(frozen=True)
class FixedValues:
    """The fixed values a policy compares each restricting key with."""

    literals: dict[str, frozenset[str]]  # key -> fixed strings
    role_ids: dict[str, frozenset[str]]  # key -> ROLEID of "ROLEID:*" patterns (aws:userid)
    networks: dict[str, tuple[IPv4Network | IPv6Network, ...]]  # key -> narrow ranges
    accounts: frozenset[str]  # every 12-digit account named in a principal


def fixed_values(policy: Policy, account: str | None = None) -> FixedValues:
    """Collect the policy's fixed values (per the rule in the module doc)."""
    literals: dict[str, set[str]] = {}
    role_ids: dict[str, set[str]] = {}
    networks: dict[str, list] = {}
    accounts = {account} if account else set()
    for s in policy.statements:
        for p in s.principals or ():
            accounts.update(re.findall(r"(?<!\d)\d{12}(?!\d)", p.value))
        for c in s.conditions:
            if c.key not in RESTRICTING:
                continue
            for v in c.values:
                if isinstance(v, Pattern) and v.literal is not None:
                    literals.setdefault(c.key, set()).add(v.literal)
                elif isinstance(v, Pattern) and _role_sessions(v):
                    role_ids.setdefault(c.key, set()).add(_role_sessions(v))  # type: ignore[arg-type]
                elif isinstance(v, (IPv4Network, IPv6Network)) and v.prefixlen >= MIN_PREFIX[v.version]:
                    networks.setdefault(c.key, []).append(v)
    return FixedValues(
        {k: frozenset(v) for k, v in literals.items()},
        {k: frozenset(v) for k, v in role_ids.items() if k == "aws:userid"},
        {k: tuple(v) for k, v in networks.items()},
        frozenset(accounts),
    )


def fresh_account(fixed: FixedValues) -> str:
    """An account number the policy never names, for the outsider principal."""
    n = 999999999999
    while str(n) in fixed.accounts:
        n -= 1
    return str(n)


def is_public_request(request: Request, fixed: FixedValues) -> bool:
    """The request comes from an outsider and every restricting key is absent or fresh."""
    who = request.principal
    if who is None:
        return False
    if who.kind == "AWS":
        parts = who.value.split(":")
        if len(parts) < 6 or parts[4] in fixed.accounts or not re.fullmatch(r"\d{12}", parts[4]):
            return False
    elif who.kind != "Anonymous":
        return False
    ctx = request.context_map()
    for key in RESTRICTING:
        for value in ctx.get(key, ()):
            if not _fresh(key, value, fixed):
                return False
    return True


def _fresh(key: str, value: str, fixed: FixedValues) -> bool:
    if any(fold(value) == fold(lit) for lit in fixed.literals.get(key, ())):
        return False
    if any(value.startswith(rid + ":") for rid in fixed.role_ids.get(key, ())):
        return False
    try:
        addr = ip_address(value.strip())
    except ValueError:
        return True
    return not any(addr.version == n.version and addr in n for n in fixed.networks.get(key, ()))


def fold(s: str) -> str:
    """ASCII case folding (the encoding's notion of ignoring case)."""
    return s.translate(_LOWER)


_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _role_sessions(p: Pattern) -> str | None:
    """ROLEID when the pattern is exactly "ROLEID:*" with a fixed ROLEID."""
    if len(p.parts) == 2 and isinstance(p.parts[0], str) and isinstance(p.parts[1], Wild):
        head = p.parts[0]
        if p.parts[1].char == "*" and head.endswith(":") and len(head) > 1 and ":" not in head[:-1]:
            return head[:-1]
    return None
