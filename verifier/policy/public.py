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
outsider (anonymous, a principal of an account the policy never names, or a
service, federated or canonical-user principal whose value the policy never
names, so {"Federated": "*"} is public) whose restricting keys are each
absent or *fresh* -- unequal, ignoring ASCII case, to every fixed value the
policy compares that key with, outside every narrow enough IP range it names,
and outside every "AROLEID:*" pattern. A
wildcard or a variable accepts a fresh value, so it does not restrict; a fixed
value does. `is_public_request` is the concrete form of the same test, used to
replay counterexamples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_address

from verifier.policy.ir import Pattern, Policy, Request, Var, Wild
from verifier.policy.templates.symbols import PREFIX as TEMPLATE_PREFIX

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

#: principal kinds besides AWS and anonymous: an unnamed value of one is an outsider
OTHER_KINDS = ("Service", "Federated", "CanonicalUser")

#: widest CIDR ranges that still count as fixed
MIN_PREFIX = {4: 8, 6: 32}


@dataclass(frozen=True)
class FixedValues:
    """The fixed values a policy compares each restricting key with."""

    literals: dict[str, frozenset[str]]  # key -> fixed strings
    role_ids: dict[str, frozenset[str]]  # key -> ROLEID of "ROLEID:*" patterns (aws:userid)
    networks: dict[str, tuple[IPv4Network | IPv6Network, ...]]  # key -> narrow ranges
    accounts: frozenset[str]  # every 12-digit account named in a principal
    keys: frozenset[str] = frozenset(RESTRICTING)  # the restricting keys (lowercased)
    #: key -> fixed patterns holding template values (templates/symbols.py): fixed once deployed
    symbolic: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    #: key -> HEAD of fixed "HEAD*" patterns where the rule counts one (e.g. one GitHub repository)
    prefixes: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Federated principal value -> the token claims that must be present and fresh (web identities)
    web_identities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: every value named in a Service, Federated or CanonicalUser principal (never "*")
    names: frozenset[str] = frozenset()


def fixed_values(
    policy: Policy,
    account: str | None = None,
    keys: frozenset[str] = frozenset(RESTRICTING),
    prefix_shapes: dict[str, str] | None = None,
) -> FixedValues:
    """Collect the policy's fixed values for the restricting `keys` (per the rule in the module doc);
    `prefix_shapes` maps a key to the regular expression HEAD must match for "HEAD*" to count as fixed."""
    literals: dict[str, set[str]] = {}
    symbolic: dict[str, list[Pattern]] = {}
    prefixes: dict[str, set[str]] = {}
    role_ids: dict[str, set[str]] = {}
    networks: dict[str, list] = {}
    accounts = {account} if account else set()
    names = {p.value for s in policy.statements for p in s.principals or () if p.kind in OTHER_KINDS and p.value != "*"}
    for s in policy.statements:
        for p in s.principals or ():
            accounts.update(re.findall(r"(?<!\d)\d{12}(?!\d)", p.value))
        for c in s.conditions:
            if c.key not in keys:
                continue
            for v in c.values:
                if isinstance(v, Pattern) and v.literal is not None:
                    literals.setdefault(c.key, set()).add(v.literal)
                elif isinstance(v, Pattern) and _deployed(v):
                    symbolic.setdefault(c.key, []).append(v)
                elif isinstance(v, Pattern) and _prefix(v, (prefix_shapes or {}).get(c.key)):
                    prefixes.setdefault(c.key, set()).add(_prefix(v, (prefix_shapes or {}).get(c.key)))  # type: ignore[arg-type]
                elif isinstance(v, Pattern) and _role_sessions(v):
                    role_ids.setdefault(c.key, set()).add(_role_sessions(v))  # type: ignore[arg-type]
                elif isinstance(v, (IPv4Network, IPv6Network)) and v.prefixlen >= MIN_PREFIX[v.version]:
                    networks.setdefault(c.key, []).append(v)
    return FixedValues(
        {k: frozenset(v) for k, v in literals.items()},
        {k: frozenset(v) for k, v in role_ids.items() if k == "aws:userid"},
        {k: tuple(v) for k, v in networks.items()},
        frozenset(accounts),
        keys,
        {k: tuple(v) for k, v in symbolic.items()},
        {k: frozenset(v) for k, v in prefixes.items()},
        names=frozenset(names),
    )


def _deployed(p: Pattern) -> bool:
    """Literal text and template values only: one fixed value once the template is deployed."""
    return any(isinstance(x, Var) for x in p.parts) and all(
        isinstance(x, str) or (isinstance(x, Var) and x.key.startswith(TEMPLATE_PREFIX)) for x in p.parts
    )


def _prefix(p: Pattern, shape: str | None) -> str | None:
    """HEAD when the pattern is "HEAD*" and HEAD fullmatches `shape`."""
    if shape and len(p.parts) == 2 and isinstance(p.parts[0], str) and p.parts[1] == Wild("*"):
        return p.parts[0] if re.fullmatch(shape, p.parts[0]) else None
    return None


def resolved(p: Pattern, context: dict[str, tuple[str, ...]]) -> str:
    """A pattern of literal text and template values, with the values a request's context gives
    (lowercased keys), or their defaults."""
    out = []
    for x in p.parts:
        if isinstance(x, Var):
            values = context.get(x.key, ())
            out.append(values[0] if values else (x.default or ""))
        else:
            out.append(str(x))
    return "".join(out)


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
    elif who.kind == "Federated" and who.value in fixed.web_identities:
        if not all(request.context_map().get(k.lower()) for k in fixed.web_identities[who.value]):
            return False  # a token of that provider always carries these claims
    elif who.kind in OTHER_KINDS:
        if who.value in fixed.names:
            return False
    elif who.kind != "Anonymous":
        return False
    ctx = request.context_map()
    if who.kind == "AWS" and any(
        resolved(p, ctx) == who.value.split(":")[4] for ps in fixed.symbolic.values() for p in ps
    ):
        return False  # a template value names the caller's account: not an outsider
    for key in fixed.keys:
        for value in ctx.get(key, ()):
            if not _fresh(key, value, fixed, ctx):
                return False
    return True


def _fresh(key: str, value: str, fixed: FixedValues, ctx: dict[str, tuple[str, ...]] | None = None) -> bool:
    if any(fold(value) == fold(lit) for lit in fixed.literals.get(key, ())):
        return False
    if any(fold(value) == fold(resolved(p, ctx or {})) for p in fixed.symbolic.get(key, ())):
        return False
    if any(value.startswith(head) for head in fixed.prefixes.get(key, ())):
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
