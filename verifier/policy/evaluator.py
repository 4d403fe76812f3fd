"""The concrete referee: IAM's decision for one policy and one request.

Written plainly from IAM's documentation and independently of the SMT encoding,
it replays every counterexample before it is shown. Semantics:

* An explicit Deny wins, then an Allow, else the request is implicitly denied.
* Actions match case-insensitively; resources and other values case-sensitively.
  `*` matches any run of characters and `?` one character. In a resource ARN a
  wildcard stays inside its colon-separated segment, except a `*` that ends a
  segment, which may run past colons (IAM's Resource documentation).
* Arn* operators compare the six colon-separated parts one by one.
* A condition on a key missing from the request is false, except for the
  negated operators (StringNotEquals, NotIpAddress, ...) and the ...IfExists
  forms, which are true. `Null` tests presence. ForAllValues is true on a
  missing or empty set, ForAnyValue false. A single-valued operator given
  several request values behaves as ForAnyValue. A value not of the
  operator's type (a word for NumericLessThan) fails every operator, negated
  ones too: AWS supplies typed keys with values of their type.
* A policy variable takes the request's value of its key; a missing or
  multi-valued key leaves it unresolved (its default, if any, is used), and an
  unresolved pattern matches nothing.
* Principal `"*"` and `{"AWS": "*"}` match everyone, anonymous callers too;
  `{"Service": "*"}` (or Federated, CanonicalUser) every principal of that kind.
* "Case-insensitive" folds ASCII letters only.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from fractions import Fraction

from verifier.policy.ir import (
    ALLOW,
    DENY,
    IMPLICIT_DENY,
    NEGATED,
    POSITIVE_OF,
    RELATIONS,
    Condition,
    Pattern,
    Policy,
    Principal,
    Request,
    Statement,
    Value,
    Var,
    Wild,
)
from verifier.policy.parse import parse_date, parse_number

Context = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Decision:
    """The decision and the statement that decided it (None for an implicit deny)."""

    decision: str
    statement: Statement | None

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOW


def decide(policy: Policy, request: Request) -> Decision:
    """IAM's decision for `request` under `policy` alone."""
    ctx = request.context_map()
    allow = None
    for stmt in policy.statements:
        if statement_applies(stmt, request, ctx):
            if stmt.effect == "Deny":
                return Decision(DENY, stmt)
            allow = allow or stmt
    return Decision(ALLOW, allow) if allow else Decision(IMPLICIT_DENY, None)


def statement_applies(stmt: Statement, request: Request, ctx: Context) -> bool:
    """Principal, action, resource and every condition of `stmt` match."""
    if stmt.principals is not None:
        named = any(_principal_matches(p, request) for p in stmt.principals)
        if named == stmt.not_principal:
            return False
    action = request.action.lower()
    if any(_glob(p, ctx, resource=False).fullmatch(action) for p in stmt.actions) == stmt.not_action:
        return False
    if stmt.resources is not None:
        hit = any(_matches(p, request.resource, ctx, resource=True) for p in stmt.resources)
        if hit == stmt.not_resource:
            return False
    return all(condition_holds(c, ctx) for c in stmt.conditions)


def condition_holds(cond: Condition, ctx: Context) -> bool:
    """One condition (operator, key, values) against the request context."""
    values = ctx.get(cond.key) or ()
    if cond.base == "Null":
        return any((not values) == v for v in cond.values)
    if not values:
        if cond.if_exists:
            return True
        if cond.qualifier == "ForAllValues":
            return True
        if cond.qualifier == "ForAnyValue":
            return False
        return cond.base in NEGATED
    if cond.qualifier == "ForAllValues":
        return all(_element_holds(cond, x, ctx) for x in values)
    return any(_element_holds(cond, x, ctx) for x in values)


def _element_holds(cond: Condition, x: str, ctx: Context) -> bool:
    if not _well_typed(cond.family, x):
        return False
    if cond.base in NEGATED:
        return not any(_value_matches(POSITIVE_OF[cond.base], x, v, ctx) for v in cond.values)
    return any(_value_matches(cond.base, x, v, ctx) for v in cond.values)


def _value_matches(op: str, x: str, v: Value, ctx: Context) -> bool:
    """Does request value `x` match policy value `v` under positive operator `op`?"""
    if op in RELATIONS:
        have = parse_number(x) if op.startswith("Numeric") else parse_date(x)
        return have is not None and _compare(RELATIONS[op], have, v)  # type: ignore[arg-type]
    if op == "Bool":
        return x.lower() == ("true" if v else "false")
    if op == "IpAddress":
        try:
            return ipaddress.ip_address(x.strip()) in v  # type: ignore[operator]
        except ValueError:
            return False
    assert isinstance(v, Pattern)
    if op in ("StringEquals", "BinaryEquals"):
        want = _resolve(v, ctx)
        return want is not None and x == want
    if op == "StringEqualsIgnoreCase":
        want = _resolve(v, ctx)
        return want is not None and _ascii_lower(x) == _ascii_lower(want)
    if op == "StringLike":
        return _matches(v, x, ctx, resource=False)
    if op in ("ArnEquals", "ArnLike"):
        return _arn_matches(v, x, ctx)
    raise AssertionError(f"operator {op} has no concrete semantics")


def _well_typed(family: str, x: str) -> bool:
    """AWS gives typed keys values of their type; any other value fails every operator."""
    if family == "numeric":
        return parse_number(x) is not None
    if family == "date":
        return parse_date(x) is not None
    if family == "bool":
        return x.lower() in ("true", "false")
    if family == "ip":
        try:
            ipaddress.ip_address(x.strip())
        except ValueError:
            return False
    return True


def _compare(rel: str, have: Fraction, want: Fraction) -> bool:
    return {
        "eq": have == want,
        "lt": have < want,
        "le": have <= want,
        "gt": have > want,
        "ge": have >= want,
    }[rel]


# ---- patterns ------------------------------------------------------------------


def _matches(p: Pattern, text: str, ctx: Context, *, resource: bool) -> bool:
    regex = _glob(p, ctx, resource=resource)
    return regex is not None and regex.fullmatch(text) is not None


def _glob(p: Pattern, ctx: Context, *, resource: bool) -> re.Pattern[str] | None:
    """The pattern as a Python regex (variables substituted), None if unresolved.
    With `resource`, wildcards obey IAM's ARN segment rule."""
    if p.is_any:
        return re.compile(".*", re.DOTALL)
    out = []
    for i, part in enumerate(p.parts):
        if isinstance(part, Wild):
            if not resource:
                out.append(".*" if part.char == "*" else ".")
            elif part.char == "?":
                out.append("[^:]")
            else:
                after = p.parts[i + 1] if i + 1 < len(p.parts) else None
                ends_segment = after is None or (isinstance(after, str) and after.startswith(":"))
                out.append(".*" if ends_segment else "[^:]*")
        elif isinstance(part, Var):
            value = _variable(part, ctx)
            if value is None:
                return None
            out.append(re.escape(value))
        else:
            out.append(re.escape(part))
    return re.compile("".join(out), re.DOTALL)


def _arn_matches(p: Pattern, text: str, ctx: Context) -> bool:
    """ArnLike: each of the six colon-separated parts matches on its own."""
    want = _split_parts(p)
    have = text.split(":", 5)
    if want is None or len(want) != 6 or len(have) != 6:
        return False
    for k, (wparts, h) in enumerate(zip(want, have)):
        last = k == 5
        out = []
        for part in wparts:
            if isinstance(part, Wild):
                out.append((".*" if last else "[^:]*") if part.char == "*" else ("." if last else "[^:]"))
            elif isinstance(part, Var):
                value = _variable(part, ctx)
                if value is None:
                    return False
                out.append(re.escape(value))
            else:
                out.append(re.escape(part))
        if re.fullmatch("".join(out), h, re.DOTALL) is None:
            return False
    return True


def _split_parts(p: Pattern) -> list[list[object]] | None:
    """The pattern's parts cut at its first five literal colons."""
    pieces: list[list[object]] = [[]]
    for part in p.parts:
        if isinstance(part, str):
            chunks = part.split(":")
            for j, chunk in enumerate(chunks):
                if j > 0:
                    if len(pieces) < 6:
                        pieces.append([])
                    else:
                        pieces[-1].append(":")
                if chunk:
                    pieces[-1].append(chunk)
        else:
            pieces[-1].append(part)
    return pieces


def _resolve(p: Pattern, ctx: Context) -> str | None:
    out = []
    for part in p.parts:
        if isinstance(part, Var):
            value = _variable(part, ctx)
            if value is None:
                return None
            out.append(value)
        else:
            out.append(str(part) if not isinstance(part, Wild) else part.char)
    return "".join(out)


def _variable(var: Var, ctx: Context) -> str | None:
    values = ctx.get(var.key) or ()
    if len(values) == 1:
        return values[0]
    return var.default


def _ascii_lower(s: str) -> str:
    return s.translate(_LOWER)


_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# ---- principals ------------------------------------------------------------------

_ACCOUNT = re.compile(r"\d{12}")
_ROOT = re.compile(r"arn:([^:]+):iam::(\d{12}):root")
_ROLE = re.compile(r"arn:([^:]+):iam::(\d{12}):role/(?:.*/)?([^/]+)")


def _principal_matches(entry: Principal, request: Request) -> bool:
    if entry.kind == "*" or (entry.kind == "AWS" and entry.value == "*"):
        return True
    who = request.principal
    if who is None or who.kind != entry.kind:
        return False
    if entry.value == "*":  # {"Federated": "*"}: every principal of that kind
        return True
    if entry.kind != "AWS":
        return who.value == entry.value
    account = entry.value if _ACCOUNT.fullmatch(entry.value) else None
    root = _ROOT.fullmatch(entry.value)
    if root:
        account = root.group(2)
    if account:
        return re.fullmatch(rf"arn:[^:]+:(iam|sts)::{account}:.+", who.value, re.DOTALL) is not None
    role = _ROLE.fullmatch(entry.value)
    if role:
        session = f"arn:{role.group(1)}:sts::{role.group(2)}:assumed-role/{role.group(3)}/"
        return who.value == entry.value or (who.value.startswith(session) and len(who.value) > len(session))
    return who.value == entry.value
