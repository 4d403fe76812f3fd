"""The policy IR: a parsed, schema-checked IAM policy, and a concrete request.

Every node carries the 1-based `line` and `column` of the JSON text it came
from (Lark's convention). Names are kept as written (`text`) for messages;
matching uses the normalized forms (actions and condition keys lowercased).

Patterns (actions, resources, condition values) are a tuple of parts: literal
text, the wildcards `*` and `?`, and policy variables `${key}` (with an
optional default). Which parts may occur depends on where the pattern sits
(`parse.py` decides); what they match is defined twice, independently, by
`evaluator.py` (the referee) and `encode.py` (the SMT encoding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from ipaddress import IPv4Network, IPv6Network
from typing import Any, Union

# ---- pattern parts ---------------------------------------------------------

@dataclass(frozen=True)
class Var:
    """A policy variable `${key}` or `${key, 'default'}`; `key` is lowercased."""

    key: str
    text: str
    default: str | None = None


@dataclass(frozen=True)
class Wild:
    """A wildcard part: `*` (any run of characters) or `?` (one character)."""

    char: str


ANY = Wild("*")
ONE = Wild("?")

Part = Union[str, Wild, Var]


@dataclass(frozen=True)
class Pattern:
    """A string pattern as written at `line`:`column`; `parts` are `str`
    (literal), `Wild` and `Var`."""

    text: str
    parts: tuple[Part, ...]
    line: int
    column: int

    @property
    def variables(self) -> tuple[Var, ...]:
        return tuple(p for p in self.parts if isinstance(p, Var))

    @property
    def is_any(self) -> bool:
        """The pattern is exactly `*`."""
        return self.parts == (ANY,)

    @property
    def literal(self) -> str | None:
        """The text matched, when the pattern has no wildcard and no variable."""
        if all(isinstance(p, str) for p in self.parts):
            return "".join(self.parts)  # type: ignore[arg-type]
        return None


# ---- conditions ---------------------------------------------------------------

#: base operator -> value family
OPERATORS: dict[str, str] = {
    "StringEquals": "string",
    "StringNotEquals": "string",
    "StringEqualsIgnoreCase": "string",
    "StringNotEqualsIgnoreCase": "string",
    "StringLike": "string",
    "StringNotLike": "string",
    "NumericEquals": "numeric",
    "NumericNotEquals": "numeric",
    "NumericLessThan": "numeric",
    "NumericLessThanEquals": "numeric",
    "NumericGreaterThan": "numeric",
    "NumericGreaterThanEquals": "numeric",
    "DateEquals": "date",
    "DateNotEquals": "date",
    "DateLessThan": "date",
    "DateLessThanEquals": "date",
    "DateGreaterThan": "date",
    "DateGreaterThanEquals": "date",
    "Bool": "bool",
    "BinaryEquals": "binary",
    "IpAddress": "ip",
    "NotIpAddress": "ip",
    "ArnEquals": "arn",
    "ArnLike": "arn",
    "ArnNotEquals": "arn",
    "ArnNotLike": "arn",
    "Null": "null",
}

#: operators whose value set is negated: true when no value matches (and on a missing key)
NEGATED = frozenset(
    {
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "ArnNotEquals",
        "ArnNotLike",
    }
)

#: the positive operator each negated one negates
POSITIVE_OF: dict[str, str] = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "NumericNotEquals": "NumericEquals",
    "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}

#: comparison of numbers and dates: operator -> relation name
RELATIONS: dict[str, str] = {
    "NumericEquals": "eq",
    "NumericLessThan": "lt",
    "NumericLessThanEquals": "le",
    "NumericGreaterThan": "gt",
    "NumericGreaterThanEquals": "ge",
    "DateEquals": "eq",
    "DateLessThan": "lt",
    "DateLessThanEquals": "le",
    "DateGreaterThan": "gt",
    "DateGreaterThanEquals": "ge",
}

#: a condition value after parsing: a Pattern (String*, Arn*, Binary), a number
#: (Numeric*: Fraction; Date*: seconds since the epoch as Fraction), an IP network,
#: or a bool (Bool, Null)
Value = Union[Pattern, Fraction, IPv4Network, IPv6Network, bool]


@dataclass(frozen=True)
class Condition:
    """One `operator: {key: values}` entry of a Condition block."""

    operator: str  # as written, e.g. "ForAllValues:StringLikeIfExists"
    base: str  # e.g. "StringLike"
    qualifier: str  # "", "ForAllValues" or "ForAnyValue"
    if_exists: bool
    key: str  # lowercased
    key_text: str
    values: tuple[Value, ...]
    line: int
    column: int

    @property
    def family(self) -> str:
        return OPERATORS[self.base]


# ---- statements and policies ------------------------------------------------


@dataclass(frozen=True)
class Principal:
    """One principal entry: kind is "*", "AWS", "Service", "Federated" or "CanonicalUser"."""

    kind: str
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class Statement:
    """One statement; `principals`/`resources` are None when the element is absent."""

    index: int  # 1-based position in the Statement list
    sid: str | None
    effect: str  # "Allow" or "Deny"
    principals: tuple[Principal, ...] | None
    not_principal: bool
    actions: tuple[Pattern, ...]
    not_action: bool
    resources: tuple[Pattern, ...] | None
    not_resource: bool
    conditions: tuple[Condition, ...]
    line: int
    column: int
    #: element name -> (line, column) of its key, for findings about the element
    elements: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    @property
    def label(self) -> str:
        return f"statement {self.index}" + (f' (Sid "{self.sid}")' if self.sid else "")


@dataclass(frozen=True)
class Policy:
    """A whole policy document read from `path`."""

    path: str
    version: str | None
    id: str | None
    statements: tuple[Statement, ...]
    line: int = 1
    column: int = 1

    @property
    def is_resource_policy(self) -> bool:
        """Some statement names a Principal or NotPrincipal."""
        return any(s.principals is not None for s in self.statements)


# ---- requests and decisions -------------------------------------------------------

ALLOW = "allow"
DENY = "deny"  # an explicit Deny statement matched
IMPLICIT_DENY = "implicit-deny"  # no Allow statement matched


@dataclass(frozen=True)
class RequestPrincipal:
    """Who asks: kind "AWS", "Service", "Federated", "CanonicalUser" or "Anonymous"."""

    kind: str
    value: str

    def to_json(self) -> Any:
        return {self.kind: self.value} if self.kind != "Anonymous" else "anonymous"


@dataclass(frozen=True)
class Request:
    """One request. `context` maps a condition key (as written) to its values;
    a single-valued key has a one-element tuple. `principal` None means the
    identity the policy is attached to (identity-based policies)."""

    action: str
    resource: str
    principal: RequestPrincipal | None = None
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def context_map(self) -> dict[str, tuple[str, ...]]:
        """Context keys lowercased (condition keys are case-insensitive)."""
        return {k.lower(): v for k, v in self.context}

    def to_json(self) -> dict[str, Any]:
        return {
            "principal": self.principal.to_json() if self.principal else None,
            "action": self.action,
            "resource": self.resource,
            "context": {k: (v[0] if len(v) == 1 else list(v)) for k, v in self.context},
        }
