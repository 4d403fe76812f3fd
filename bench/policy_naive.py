"""The naive baseline: a plain z3 encoding of the kind found in the literature.

One z3 string variable per request field (action, resource, principal, each
condition key), a regular expression for every pattern, numbers through
str.to_int, and no action catalogue (an action is any "service:Name" string).
It has the same semantics as verifier.policy for what it supports (IP ranges,
dates, set operators and policy variables it does not: those answer unknown).
Used only by bench/policy_bench.py, to show what the catalogue classes and the
string cells of the real encoding buy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import z3

from verifier.policy.evaluator import decide
from verifier.policy.ir import NEGATED, POSITIVE_OF, Condition, Pattern, Policy, Request, Statement, Var, Wild

_RE = z3.ReSort(z3.StringSort())
_ALL = z3.AllChar(_RE)
_NOCOLON = z3.Union(z3.Range("\x00", "9"), z3.Range(";", "\U0002ffff"))
_WORD = z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("A", "Z"), z3.Range("0", "9"), z3.Re("-")))


class NaiveUnsupported(Exception):
    """Outside what the naive encoding handles."""


@dataclass
class NaiveAnswer:
    verdict: str  # yes, no, unknown
    reason: str
    seconds: float
    replayed: bool = False  # a no whose model the evaluator confirms
    real_action: bool = False  # ... and whose action AWS documents


class _Naive:
    def __init__(self) -> None:
        self.action = z3.String("action")
        self.resource = z3.String("resource")
        self.present: dict[str, z3.BoolRef] = {}
        self.value: dict[str, z3.SeqRef] = {}

    def domain(self) -> z3.BoolRef:
        return z3.InRe(self.action, z3.Concat(_WORD, z3.Re(":"), _WORD))

    def allowed(self, p: Policy) -> z3.BoolRef:
        allows = [self.applies(s) for s in p.statements if s.effect == "Allow"]
        denies = [self.applies(s) for s in p.statements if s.effect == "Deny"]
        return z3.And(z3.Or(allows) if allows else False, z3.Not(z3.Or(denies)) if denies else True)

    def applies(self, s: Statement) -> z3.BoolRef:
        if s.principals is not None and any(p.kind != "*" and p.value != "*" for p in s.principals):
            raise NaiveUnsupported("named principals")
        parts = []
        act = z3.Or([z3.InRe(self.action, _regex(p, "action")) for p in s.actions])
        parts.append(z3.Not(act) if s.not_action else act)
        if s.resources is not None:
            res = z3.Or([z3.InRe(self.resource, _regex(p, "resource")) for p in s.resources])
            parts.append(z3.Not(res) if s.not_resource else res)
        parts += [self.condition(c) for c in s.conditions]
        return z3.And(parts)

    def condition(self, c: Condition) -> z3.BoolRef:
        if c.qualifier or c.family in ("ip", "date"):
            raise NaiveUnsupported(f"{c.operator}")
        has = self.present.setdefault(c.key, z3.Bool(f"has[{c.key}]"))
        v = self.value.setdefault(c.key, z3.String(f"val[{c.key}]"))
        if c.base == "Null":
            return z3.Or([z3.Not(has) if want else has for want in c.values])
        base = POSITIVE_OF.get(c.base, c.base)
        hits = z3.Or([self._match(base, v, want) for want in c.values])
        body = z3.Not(hits) if c.base in NEGATED else hits
        return z3.If(has, body, c.if_exists or c.base in NEGATED)

    def _match(self, op: str, v: z3.SeqRef, want) -> z3.BoolRef:
        if op.startswith("Numeric"):
            n, k = z3.StrToInt(v), want
            if k.denominator != 1:
                raise NaiveUnsupported("decimal numbers")
            k = int(k)
            return {"NumericEquals": n == k, "NumericLessThan": n < k, "NumericLessThanEquals": n <= k,
                    "NumericGreaterThan": n > k, "NumericGreaterThanEquals": n >= k}[op]
        if op == "Bool":
            return v == z3.StringVal("true" if want else "false")
        mode = "like" if op == "StringLike" else ("ignorecase" if "IgnoreCase" in op else "literal")
        if op.startswith("Arn"):
            raise NaiveUnsupported("ARN operators")
        return z3.InRe(v, _regex(want, mode))

    def request(self, model: z3.ModelRef) -> Request:
        ctx = []
        for key, has in self.present.items():
            if z3.is_true(model.eval(has, model_completion=True)):
                ctx.append((key, (model.eval(self.value[key], model_completion=True).as_string(),)))
        return Request(
            model.eval(self.action, model_completion=True).as_string(),
            model.eval(self.resource, model_completion=True).as_string(),
            None,
            tuple(ctx),
        )


def _regex(p: Pattern, mode: str):
    parts = []
    for i, part in enumerate(p.parts):
        if isinstance(part, Var):
            raise NaiveUnsupported("policy variables")
        if isinstance(part, Wild):
            if mode == "resource":
                after = p.parts[i + 1] if i + 1 < len(p.parts) else None
                crosses = after is None or (isinstance(after, str) and after.startswith(":"))
                one = _ALL if (crosses and part.char == "*") else _NOCOLON
            else:
                one = _ALL
            parts.append(z3.Star(one) if part.char == "*" else one)
        elif mode in ("action", "ignorecase"):
            parts += [z3.Union(z3.Re(c.lower()), z3.Re(c.upper())) if c.isalpha() else z3.Re(c) for c in part]
        else:
            parts.append(z3.Re(part))
    if not parts:
        return z3.Re("")
    return parts[0] if len(parts) == 1 else z3.Concat(parts)


def compare(a: Policy, b: Policy, goal: str, timeout: float, known_action) -> NaiveAnswer:
    """goal "subset": does b allow something a denies; "equiv": do they differ."""
    t0 = time.perf_counter()
    enc = _Naive()
    try:
        allowed_a, allowed_b = enc.allowed(a), enc.allowed(b)
    except NaiveUnsupported as exc:
        return NaiveAnswer("unknown", f"unsupported: {exc}", time.perf_counter() - t0)
    s = z3.Solver()
    s.set("timeout", int(timeout * 1000))
    s.add(enc.domain(), z3.And(allowed_b, z3.Not(allowed_a)) if goal == "subset" else allowed_a != allowed_b)
    answer = s.check()
    elapsed = time.perf_counter() - t0
    if answer == z3.unsat:
        return NaiveAnswer("yes", "", elapsed)
    if answer == z3.unknown:
        return NaiveAnswer("unknown", "timeout" if "timeout" in s.reason_unknown() or "cancel" in s.reason_unknown() else s.reason_unknown(), elapsed)
    req = enc.request(s.model())
    da, db = decide(a, req).allowed, decide(b, req).allowed
    replayed = (db and not da) if goal == "subset" else da != db
    return NaiveAnswer("no", "", elapsed, replayed, known_action(req.action))
