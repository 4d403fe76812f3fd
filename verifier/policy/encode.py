"""IAM's decision as a z3 formula over one symbolic request.

`Encoder(universe)` declares the request's variables in the sorts `universe`
chose (action class, string cells or z3 strings, scaled integers for numbers
and dates, bit-vectors for IP addresses, booleans) and builds, for a policy,
the formula "this policy allows the request" with IAM's evaluation logic:
explicit deny wins, then allow, else implicit deny. `domain()` holds the
constraints every real request satisfies; `request_of(model)` reads a concrete
`Request` back; `pin(request)` constrains the variables to a given request.
The concrete evaluator is the referee: every model is replayed through it.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import z3

from verifier.deadline import current
from verifier.policy.globs import star_ends_segment
from verifier.policy.ir import (
    NEGATED,
    POSITIVE_OF,
    RELATIONS,
    Condition,
    Pattern,
    Policy,
    Principal,
    Request,
    RequestPrincipal,
    Statement,
    Value,
    Var,
    Wild,
)
from verifier.policy.parse import parse_date, parse_number
from verifier.policy.templates.symbols import PREFIX as TEMPLATE_PREFIX
from verifier.policy.universe import Universe, Unsupported
from verifier.policy.zstrings import StrField, chain, concat, or_, sval

PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser", "Anonymous")
#: 9999-12-31T23:59:59Z: dates beyond cannot be written in ISO 8601
MAX_EPOCH = 253402300799


class _Key:
    """The variables of one condition key: presence and typed value(s)."""

    def __init__(self, enc: "Encoder", key: str) -> None:
        info = enc.u.keys[key]
        self.info = info
        self.scale = enc.u.scale(key) if info.family in ("numeric", "date") else 1
        n = info.slots if info.is_set else 1
        self.present = [z3.Bool(f"in[{key}]#{i}") for i in range(n)] if info.is_set else [z3.Bool(f"has[{key}]")]
        self.values = [self._value_var(enc, f"{key}#{i}") for i in range(n)]

    def _value_var(self, enc: "Encoder", name: str) -> Any:
        fam = self.info.family
        if fam == "string":
            return StrField(enc.u.strings[f"key:{self.info.key}"], f"val[{name}]")
        if fam in ("numeric", "date"):
            return z3.Int(f"num[{name}]")
        if fam == "bool":
            return z3.Bool(f"bool[{name}]")
        if fam == "ip":
            return (z3.Bool(f"ip6[{name}]"), z3.BitVec(f"ip4[{name}]", 32), z3.BitVec(f"ip6v[{name}]", 128))
        return None

    @property
    def any_present(self) -> z3.BoolRef:
        return z3.Or(self.present) if len(self.present) > 1 else self.present[0]

    def domain(self) -> list[z3.BoolRef]:
        out = []
        for v in self.values:
            if isinstance(v, StrField):
                out.append(v.domain())
            elif self.info.family == "date":
                out.append(z3.And(v >= 0, v <= MAX_EPOCH * self.scale))
        return out


class Encoder:
    """The symbolic request and IAM's semantics over it, for the policies of `universe`."""

    def __init__(self, universe: Universe) -> None:
        self.u = universe
        self.action = z3.Int("action")
        self.resource = StrField(universe.strings["resource"], "resource")
        self.pkind = z3.Int("principal_kind")
        self.principal = StrField(universe.strings["principal"], "principal")
        self.keys = {k: _Key(self, k) for k in universe.keys}
        #: id(statement) -> (statement, formula), and id(policy) -> (policy, effects): each is
        #: encoded once, however many cases of a goal mention it
        self._applies: dict[int, tuple[Statement, z3.BoolRef]] = {}
        self._effects: dict[int, tuple[Policy, tuple[z3.BoolRef, z3.BoolRef]]] = {}
        self._actions: dict[tuple, z3.BoolRef] = {}  # action pattern parts -> formula

    # ---- the request space ----

    def domain(self) -> z3.BoolRef:
        """Constraints every real request satisfies."""
        out = [self.action >= 0, self.action < len(self.u.classes), self.resource.domain()]
        if self.u.has_principal:
            aws = self.principal.holds("shape", "aws", self)
            nonempty = self.principal.holds("shape", "nonempty", self)
            out += [
                self.pkind >= 0,
                self.pkind < len(PRINCIPAL_KINDS),
                self.principal.domain(),
                z3.Implies(self.pkind == 0, aws),
                z3.Implies(z3.And(self.pkind >= 1, self.pkind <= 3), nonempty),
            ]
        for key in self.keys.values():
            out += key.domain()
        for c, formats in self.u.class_formats.items():
            out.append(z3.Implies(self.action == c, self.resource.holds("format", formats, self)))
        return z3.And(out)

    def realistic(self) -> z3.BoolRef:
        """Preferences for readable counterexamples: an ARN-shaped resource, "*"
        exactly for actions without resource types, printable z3 strings."""
        star = self.resource.holds("equals", "*", self)
        prefs = [self.resource.shaped()]
        strings = [self.resource, self.principal] + [v for k in self.keys.values() for v in k.values if isinstance(v, StrField)]
        printable = z3.Star(z3.Range(" ", "~"))
        prefs += [z3.InRe(x.var, printable) for x in strings if x.subject.family is None]
        for c, cls in enumerate(self.u.classes):
            prefs.append(z3.Implies(self.action == c, star if not cls.takes_resource else z3.Not(star)))
        return z3.And(prefs)

    def template_examples(self) -> z3.BoolRef:
        """Template values (templates/symbols.py) absent from the request: each takes its example value."""
        absent = [z3.Not(p) for name, k in self.keys.items() if name.startswith(TEMPLATE_PREFIX) for p in k.present]
        return z3.And(absent) if absent else z3.BoolVal(True)

    # ---- semantics ----

    def allowed(self, policy: Policy) -> z3.BoolRef:
        """The policy allows the request: some Allow applies and no Deny does."""
        allow, deny = self.effects(policy)
        return z3.And(allow, z3.Not(deny))

    def allowing(self, policy: Policy) -> list[z3.BoolRef]:
        """One formula per Allow statement: it applies and no Deny does (their disjunction is `allowed`)."""
        _, deny = self.effects(policy)
        return [z3.And(self.applies(s), z3.Not(deny)) for s in policy.statements if s.effect == "Allow"]

    def effects(self, policy: Policy) -> tuple[z3.BoolRef, z3.BoolRef]:
        """(some Allow statement applies, some Deny statement applies)."""
        known = self._effects.get(id(policy))
        if known is None:
            allows = [self.applies(s) for s in policy.statements if s.effect == "Allow"]
            denies = [self.applies(s) for s in policy.statements if s.effect == "Deny"]
            known = self._effects[id(policy)] = (policy, (or_(allows), or_(denies)))
        return known[1]

    def applies(self, s: Statement) -> z3.BoolRef:
        """Statement `s` applies to the request (checks the deadline: a policy may have thousands)."""
        known = self._applies.get(id(s))
        if known is None:
            current().check()
            known = self._applies[id(s)] = (s, self._encode_statement(s))
        return known[1]

    def _encode_statement(self, s: Statement) -> z3.BoolRef:
        parts = []
        if s.principals is not None:
            named = or_([self._principal(p) for p in s.principals])
            parts.append(z3.Not(named) if s.not_principal else named)
        act = or_([self._action(p) for p in s.actions])
        parts.append(z3.Not(act) if s.not_action else act)
        if s.resources is not None:
            res = or_([self.resource.holds("resource", p, self) for p in s.resources])
            parts.append(z3.Not(res) if s.not_resource else res)
        parts += [self.condition(c) for c in s.conditions]
        return z3.And(parts)

    def _action(self, p: Pattern) -> z3.BoolRef:
        if p.is_any:
            return z3.BoolVal(True)
        known = self._actions.get(p.parts)
        if known is None:
            known = self._actions[p.parts] = or_([self.action == c for c in self.u.pattern_classes[p.parts]])
        return known

    def _principal(self, p: Principal) -> z3.BoolRef:
        if p.kind == "*" or (p.kind == "AWS" and p.value == "*"):
            return z3.BoolVal(True)
        kind = PRINCIPAL_KINDS.index(p.kind)
        if p.value == "*":  # {"Federated": "*"}: every principal of that kind
            return self.pkind == kind
        mode = "principal" if p.kind == "AWS" else "equals"
        return z3.And(self.pkind == kind, self.principal.holds(mode, p.value, self))

    def condition(self, c: Condition) -> z3.BoolRef:
        """One condition, with IAM's rules for missing keys, IfExists and set operators."""
        key = self.keys[c.key]
        if c.base == "Null":
            return or_([z3.Not(key.any_present) if v else key.any_present for v in c.values])
        if key.info.is_set:
            slots = list(zip(key.present, key.values))
            if c.qualifier == "ForAllValues":
                return z3.And([z3.Implies(inside, self._element(c, v)) for inside, v in slots])
            return z3.If(
                key.any_present, or_([z3.And(inside, self._element(c, v)) for inside, v in slots]), c.if_exists
            )
        if c.qualifier:  # a set operator on a single-valued key: a set of at most one value
            missing = c.if_exists or c.qualifier == "ForAllValues"
        else:
            missing = c.if_exists or c.base in NEGATED
        return z3.If(key.present[0], self._element(c, key.values[0]), missing)

    def _element(self, c: Condition, v: Any) -> z3.BoolRef:
        base = POSITIVE_OF.get(c.base, c.base)
        hit = or_([self._value(base, c, v, want) for want in c.values])
        return z3.Not(hit) if c.base in NEGATED else hit

    def _value(self, op: str, c: Condition, v: Any, want: Value) -> z3.BoolRef:
        if op in RELATIONS:
            k = self.keys[c.key].scale * want  # type: ignore[operator]
            n = z3.IntVal(int(k))
            return {"eq": v == n, "lt": v < n, "le": v <= n, "gt": v > n, "ge": v >= n}[RELATIONS[op]]
        if op == "Bool":
            return v == z3.BoolVal(bool(want))
        if op == "IpAddress":
            return in_network(v, want)
        mode = {"StringLike": "like", "StringEqualsIgnoreCase": "ignorecase", "ArnEquals": "arn", "ArnLike": "arn"}
        return v.holds(mode.get(op, "equals"), want, self)

    # ---- policy variables (z3 strings only) ----

    def symbolic_match(self, x: Any, mode: str, p: Pattern) -> z3.BoolRef:
        """`x` matches a pattern holding policy variables (exact encodings only)."""
        ready: list[z3.BoolRef] = []
        segments: list[list[Any]] = [[]]
        for i, part in enumerate(p.parts):
            if isinstance(part, Var):
                segments[-1].append(self._variable(part, ready, p))
            elif isinstance(part, Wild):
                after = p.parts[i + 1] if i + 1 < len(p.parts) else None
                crosses = mode == "like" or (mode == "resource" and star_ends_segment(after))
                if part.char != "*" or not crosses:
                    raise Unsupported(
                        f'pattern "{p.text}" mixes a policy variable with a wildcard the encoding cannot '
                        "represent exactly (a '?', or a '*' inside an ARN segment)",
                        "",
                        p.line,
                        p.column,
                    )
                segments.append([])
            else:
                segments[-1].append(sval(part))
        if mode not in ("equals", "like", "resource"):
            raise Unsupported(f'policy variable in a {mode} comparison ("{p.text}")', "", p.line, p.column)
        terms = [concat(seg) for seg in segments]
        return z3.And(ready + [chain(x, terms)])

    def _variable(self, var: Var, ready: list[z3.BoolRef], where: Pattern) -> Any:
        key = self.keys[var.key]
        if key.info.is_set or not isinstance(key.values[0], StrField):
            raise Unsupported(f"policy variable {var.text} names a key that is not a single string", "", where.line, where.column)
        value = key.values[0].var
        if var.default is not None:
            return z3.If(key.present[0], value, sval(var.default))
        ready.append(key.present[0])
        return value

    # ---- requests ----

    def request_of(self, model: z3.ModelRef) -> Request:
        """The concrete request a model describes."""
        cls = self.u.classes[model.eval(self.action, model_completion=True).as_long()]
        action = self.u.cat.actions[cls.representative]
        resource = self.resource.value(model)
        principal = None
        if self.u.has_principal:
            kind = PRINCIPAL_KINDS[model.eval(self.pkind, model_completion=True).as_long()]
            value = self.principal.value(model) if kind != "Anonymous" else ""
            principal = RequestPrincipal(kind, value)
        context = []
        for key in self.keys.values():
            values = []
            for inside, v in zip(key.present, key.values):
                if z3.is_true(model.eval(inside, model_completion=True)):
                    text = self._text(key, v, model)
                    if text not in values:
                        values.append(text)
            if values:
                context.append((key.info.text, tuple(values)))
        return Request(action, resource, principal, tuple(context))

    def _text(self, key: _Key, v: Any, model: z3.ModelRef) -> str:
        fam = key.info.family
        if fam is None:
            return "example"
        if isinstance(v, StrField):
            return v.value(model)
        if fam == "bool":
            return "true" if z3.is_true(model.eval(v, model_completion=True)) else "false"
        if fam == "ip":
            is6, v4, v6 = (model.eval(x, model_completion=True) for x in v)
            return str(ipaddress.IPv6Address(v6.as_long()) if z3.is_true(is6) else ipaddress.IPv4Address(v4.as_long()))
        n = Fraction(model.eval(v, model_completion=True).as_long(), key.scale)
        return decimal_text(n) if fam == "numeric" else _iso(n)

    def pin(self, request: Request) -> z3.BoolRef:
        """Constraints fixing the variables to `request` (Unsupported if it cannot be represented)."""
        cls = self.u.action_class(request.action)
        if cls is None:
            raise Unsupported(f'action "{request.action}" is not in the catalogue')
        out = [self.action == cls, self.resource.pin(request.resource)]
        if self.u.has_principal:
            who = request.principal or RequestPrincipal("Anonymous", "")
            out.append(self.pkind == PRINCIPAL_KINDS.index(who.kind))
            if who.kind != "Anonymous":
                out.append(self.principal.pin(who.value))
        ctx = request.context_map()
        for name, key in self.keys.items():
            values = ctx.get(name, ())
            if len(values) > len(key.present):
                raise Unsupported(f'key "{name}" has more values than the encoding has slots')
            for i, (inside, v) in enumerate(zip(key.present, key.values)):
                if i >= len(values):
                    out.append(z3.Not(inside))
                    continue
                out.append(inside)
                text, fam = values[i], key.info.family
                if isinstance(v, StrField):
                    out.append(v.pin(text))
                elif fam == "bool":
                    if text.lower() not in ("true", "false"):
                        raise Unsupported(f'"{text}" is not a boolean')
                    out.append(v == z3.BoolVal(text.lower() == "true"))
                elif fam == "ip":
                    out.append(_pin_ip(v, text))
                elif fam in ("numeric", "date"):
                    x = parse_number(text) if fam == "numeric" else parse_date(text)
                    if x is None or (x * key.scale).denominator != 1:
                        raise Unsupported(f'"{text}" is not representable for key "{name}"')
                    out.append(v == int(x * key.scale))
        return z3.And(out)


# ---- helpers -----------------------------------------------------------------------


def in_network(v: tuple, net: Any) -> z3.BoolRef:
    is6, v4, v6 = v
    bits, var, flag = (128, v6, is6) if net.version == 6 else (32, v4, z3.Not(is6))
    mask = ((1 << net.prefixlen) - 1) << (bits - net.prefixlen)
    return z3.And(flag, var & z3.BitVecVal(mask, bits) == z3.BitVecVal(int(net.network_address), bits))


def _pin_ip(v: tuple, text: str) -> z3.BoolRef:
    is6, v4, v6 = v
    try:
        addr = ipaddress.ip_address(text.strip())
    except ValueError:
        raise Unsupported(f'"{text}" is not an IP address') from None
    if addr.version == 6:
        return z3.And(is6, v6 == int(addr))
    return z3.And(z3.Not(is6), v4 == int(addr))


def decimal_text(n: Fraction) -> str:
    """`n` written out exactly in decimal (its denominator divides a power of 10)."""
    sign = "-" if n < 0 else ""
    n = abs(n)
    whole, rest = divmod(n.numerator, n.denominator)
    if not rest:
        return f"{sign}{whole}"
    digits = ""
    while rest:
        rest *= 10
        d, rest = divmod(rest, n.denominator)
        digits += str(d)
    return f"{sign}{whole}.{digits}"


def _iso(seconds: Fraction) -> str:
    whole = seconds.numerator // seconds.denominator
    micro = int((seconds - whole) * 10**6)
    when = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=whole, microseconds=micro)
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    if micro:
        text += f".{micro:06d}".rstrip("0")
    return text + "Z"
