"""Invariants made readable: normalised atoms, merged bounds, source syntax.

Input formulas are over integer (or Boolean) constants named after program
variables, each the *number* the variable holds (the `math` reading; a `bv`
program's invariants are in that reading too, see `math_reading`). Output is one
line in C (``x >= y && y > 0``) or Python (``x >= y and y > 0``) syntax over
the variables' source names (`verifier.irutil.display_name`).

`tidy` only rewrites a formula into an equivalent one (z3 `simplify`, linear
atoms in a canonical form, ``a <= b ∧ a >= b`` into ``a == b``); dropping
conjuncts that are not needed is the caller's job, since only a re-check can
say a weaker invariant still proves the property.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import z3

from ...irutil import display_name
from ...smt import subterms

__all__ = ["conjuncts", "tidy", "render", "display_names"]

Monomial = tuple[str, ...]


def conjuncts(f: z3.BoolRef) -> list[z3.BoolRef]:
    """The top-level conjuncts of `f` (nested `And`s flattened, `true` dropped)."""
    out: list[z3.BoolRef] = []
    stack = [f]
    while stack:
        g = stack.pop()
        if z3.is_and(g):
            stack.extend(reversed(g.children()))
        elif not z3.is_true(g):
            out.append(g)
    return out


# ----------------------------------------------------------- linear atoms


@dataclass(frozen=True)
class Linear:
    """``sum(coef * monomial) + const  OP  0`` with OP in ``<=``, ``==``, ``!=``."""

    terms: tuple[tuple[Monomial, int], ...]
    const: int
    op: str

    def negate(self) -> Linear:
        if self.op == "==":
            return Linear(self.terms, self.const, "!=")
        if self.op == "!=":
            return Linear(self.terms, self.const, "==")
        # not (L <= 0)  <=>  L >= 1  <=>  -L + 1 <= 0
        return Linear(tuple((m, -c) for m, c in self.terms), -self.const + 1, "<=")


class _Opaque(Exception):
    pass


def _poly(t: z3.ExprRef, opaque: dict[str, z3.ExprRef]) -> dict[Monomial, Fraction]:
    """`t` as a polynomial; subterms that are not (div, mod, ite) become opaque monomials."""
    if z3.is_int_value(t):
        return {(): Fraction(t.as_long())}
    if z3.is_const(t) and t.sort() == z3.IntSort():
        return {(t.decl().name(),): Fraction(1)}
    kind = t.decl().kind() if z3.is_app(t) else None
    if kind == z3.Z3_OP_ADD:
        out: dict[Monomial, Fraction] = {}
        for c in t.children():
            for m, v in _poly(c, opaque).items():
                out[m] = out.get(m, 0) + v
        return out
    if kind == z3.Z3_OP_SUB:
        out = dict(_poly(t.arg(0), opaque))
        for c in t.children()[1:]:
            for m, v in _poly(c, opaque).items():
                out[m] = out.get(m, 0) - v
        return out
    if kind == z3.Z3_OP_UMINUS:
        return {m: -v for m, v in _poly(t.arg(0), opaque).items()}
    if kind == z3.Z3_OP_MUL:
        out = {(): Fraction(1)}
        for c in t.children():
            nxt: dict[Monomial, Fraction] = {}
            for m1, v1 in out.items():
                for m2, v2 in _poly(c, opaque).items():
                    m = tuple(sorted(m1 + m2))
                    nxt[m] = nxt.get(m, 0) + v1 * v2
            out = nxt
        return out
    if t.sort() == z3.IntSort():
        key = f"#{len(opaque)}"
        for k, v in opaque.items():
            if v.eq(t):
                key = k
                break
        opaque[key] = t
        return {(key,): Fraction(1)}
    raise _Opaque(str(t))


def _linear(f: z3.BoolRef, opaque: dict[str, z3.ExprRef]) -> Linear | None:
    """An integer comparison as a canonical `Linear`, or None."""
    if not (z3.is_app(f) and f.num_args() == 2 and f.arg(0).sort() == z3.IntSort()):
        return None
    kind = f.decl().kind()
    try:
        diff = _poly(f.arg(0), opaque)
        for m, v in _poly(f.arg(1), opaque).items():
            diff[m] = diff.get(m, 0) - v
    except _Opaque:
        return None
    if kind in (z3.Z3_OP_GE, z3.Z3_OP_GT):
        diff = {m: -v for m, v in diff.items()}
    const = diff.pop((), Fraction(0))
    if kind in (z3.Z3_OP_LT, z3.Z3_OP_GT):
        const += 1
    op = {z3.Z3_OP_LE: "<=", z3.Z3_OP_LT: "<=", z3.Z3_OP_GE: "<=", z3.Z3_OP_GT: "<=",
          z3.Z3_OP_EQ: "==", z3.Z3_OP_DISTINCT: "!="}.get(kind)
    if op is None:
        return None
    terms = {m: v for m, v in diff.items() if v != 0}
    # clear denominators, then divide by the gcd (rounding a bound's constant soundly)
    den = 1
    for v in [*terms.values(), const]:
        den = den * v.denominator // gcd(den, v.denominator)
    ints = {m: int(v * den) for m, v in terms.items()}
    k = int(const * den)
    if not ints:
        return Linear((), k, op)
    g = 0
    for v in ints.values():
        g = gcd(g, abs(v))
    if op == "<=":
        # sum(c m) + k <= 0  <=>  sum(c/g m) <= -k/g  <=>  sum(c/g m) + ceil(k/g) <= 0
        k = -((-k) // g)
    elif k % g:
        # an equality with no integer solution
        return Linear((), 1 if op == "==" else 0, "==")
    else:
        k //= g
    ints = {m: v // g for m, v in ints.items()}
    if op in ("==", "!=") and ints[min(ints)] < 0:
        ints, k = {m: -v for m, v in ints.items()}, -k
    return Linear(tuple(sorted(ints.items())), k, op)


# ------------------------------------------------------------------ tidying


def tidy(f: z3.BoolRef) -> z3.BoolRef:
    """An equivalent, more readable formula (see the module docstring);
    quantified conjuncts are kept as they are (their shape is what people read)."""
    quantified = [p for p in conjuncts(f) if z3.is_quantifier(p)]
    f = z3.simplify(conj([p for p in conjuncts(f) if not z3.is_quantifier(p)]))
    parts = [_factored(p) for p in conjuncts(f)] + quantified
    if any(z3.is_false(p) for p in parts):
        return z3.BoolVal(False)
    opaque: dict[str, z3.ExprRef] = {}
    uppers: dict[tuple, int] = {}   # terms -> least k with  terms + k <= 0  (i.e. terms <= -k)
    others: list[z3.BoolRef] = []
    eqs: dict[tuple, int] = {}
    seen: set[int] = set()
    for p in parts:
        lin = _linear(p, opaque) if not z3.is_not(p) and not z3.is_quantifier(p) else None
        if z3.is_not(p):
            inner = _linear(p.arg(0), opaque)
            lin = inner.negate() if inner is not None else None
        if lin is None or not lin.terms or lin.op == "!=":
            if p.get_id() not in seen:
                seen.add(p.get_id())
                others.append(p)
            continue
        if lin.op == "==":
            eqs[lin.terms] = lin.const
            continue
        uppers[lin.terms] = max(uppers.get(lin.terms, lin.const), lin.const)
    out: list[z3.BoolRef] = []
    done: set[tuple] = set()
    for terms, k in uppers.items():
        if terms in done:
            continue
        neg = tuple((m, -c) for m, c in terms)
        if neg in uppers and -uppers[neg] == k:
            # terms <= -k and -terms <= -k'  with k' == -k:  terms == -k
            canon = _linear_to_z3(Linear(terms, k, "=="), opaque)
            out.append(canon)
            done |= {terms, neg}
            continue
        out.append(_linear_to_z3(Linear(terms, k, "<="), opaque))
        done.add(terms)
    for terms, k in eqs.items():
        out.append(_linear_to_z3(Linear(terms, k, "=="), opaque))
    out.extend(others)
    if not out:
        return z3.BoolVal(True)
    return z3.And(*out) if len(out) != 1 else out[0]


def _factored(p: z3.BoolRef) -> z3.BoolRef:
    """A polynomial equality that factors, as the disjunction of its factors' equalities:
    ``(y - 50)*(y - x) == 0`` reads ``y == 50 || y == x``."""
    if not (z3.is_eq(p) and p.arg(0).sort() == z3.IntSort() and nonlinear(p)):
        return p
    try:
        goal = z3.Goal()
        goal.add(p)
        result = z3.Then("factor", "simplify")(goal)
    except z3.Z3Exception:
        return p
    if len(result) != 1:
        return p
    out = result[0].as_expr()
    return out if z3.is_or(out) else p


def nonlinear(f: z3.ExprRef) -> bool:
    """Does `f` multiply two variables?"""
    stack, seen = [f], set()
    while stack:
        t = stack.pop()
        if t.get_id() in seen:  # a shared subterm once (terms are DAGs)
            continue
        seen.add(t.get_id())
        if z3.is_app_of(t, z3.Z3_OP_MUL) and sum(not z3.is_int_value(c) for c in t.children()) > 1:
            return True
        stack.extend(t.children())
    return False


def conj(parts: list[z3.BoolRef]) -> z3.BoolRef:
    """The conjunction of `parts` (`true` for none)."""
    if not parts:
        return z3.BoolVal(True)
    return parts[0] if len(parts) == 1 else z3.And(*parts)


def _monomial_z3(m: Monomial, opaque: dict[str, z3.ExprRef]) -> z3.ArithRef:
    factors = [opaque[name] if name in opaque else z3.Int(name) for name in m]
    out = factors[0]
    for f in factors[1:]:
        out = out * f
    return out


def _linear_to_z3(lin: Linear, opaque: dict[str, z3.ExprRef]) -> z3.BoolRef:
    total = z3.IntVal(lin.const)
    for m, c in lin.terms:
        total = total + c * _monomial_z3(m, opaque)
    return {"<=": total <= 0, "==": total == 0, "!=": total != 0}[lin.op]


# ---------------------------------------------------------------- printing


def _span(guard: z3.BoolRef, k: z3.ExprRef) -> tuple[z3.ExprRef, z3.ExprRef] | None:
    """(lo, hi) when `guard` is ``lo <= k < hi`` (in either order), else None."""
    parts = conjuncts(guard)
    if len(parts) != 2:
        return None
    lo = hi = None
    for p in parts:
        if z3.is_app_of(p, z3.Z3_OP_LE) and p.arg(1).eq(k):
            lo = p.arg(0)
        elif z3.is_app_of(p, z3.Z3_OP_GE) and p.arg(0).eq(k):
            lo = p.arg(1)
        elif z3.is_app_of(p, z3.Z3_OP_LT) and p.arg(0).eq(k):
            hi = p.arg(1)
        elif z3.is_app_of(p, z3.Z3_OP_GT) and p.arg(1).eq(k):
            hi = p.arg(0)
    return (lo, hi) if lo is not None and hi is not None else None


def display_names(names: list[str]) -> dict[str, str]:
    """Source names for state variables; a name two variables would share
    (a callee's local inlined twice) keeps its renaming suffix."""
    by_display: dict[str, list[str]] = {}
    for n in names:
        by_display.setdefault(display_name(n), []).append(n)
    out = {}
    for shown, group in by_display.items():
        for n in group:
            out[n] = shown if len(group) == 1 or n == shown else n
    return out


def render(f: z3.BoolRef, names: dict[str, str], language: str = "c",
           nonnegative: frozenset[str] = frozenset(), array_dims: Mapping[str, tuple[int, ...]] = {}) -> str:
    """`f` in C or Python syntax over source names (`names`: constant -> shown name;
    `nonnegative`: constants that are never negative, such as unsigned variables,
    whose remainder C's `%` already gives; `array_dims`: the C arrays of several
    dimensions, flat in `f`, by constant, see `ir.Function.array_dims`: their
    elements print ``m[i][j]``, a range over one ``forall i, j. ...``)."""
    return _Printer(names, language == "python", nonnegative, array_dims).formula(f, top=True)


class _Printer:
    def __init__(self, names: dict[str, str], py: bool, nonnegative: frozenset[str] = frozenset(),
                 array_dims: Mapping[str, tuple[int, ...]] = {}) -> None:
        self.names, self.py, self.nonnegative, self.array_dims = names, py, nonnegative, array_dims
        #: the bound coordinates of the quantifier being printed over a C array's rows: name -> dimension
        self.coordinates: dict[str, int] = {}
        self.AND, self.OR = (" and ", " or ") if py else (" && ", " || ")
        self.NOT = "not " if py else "!"
        self.opaque: dict[str, z3.ExprRef] = {}

    def name(self, n: str) -> str:
        return self.names.get(n, display_name(n))

    def quantified(self, f: z3.QuantifierRef) -> str:
        """``forall k. lo <= k < hi -> body`` (Python: ``all(body for k in range(lo, hi))``)."""
        taken = set(self.names.values())
        name = next(n for n in ("k", "j", "m", *(f"k{i}" for i in range(1, 100))) if n not in taken)
        bound = [z3.Const(f"{name}", f.var_sort(i)) for i in range(f.num_vars())]
        body = z3.substitute_vars(f.body(), *reversed(bound))
        names = ", ".join(b.decl().name() for b in bound)
        if not f.is_forall():
            return f"(exists {names}. {self.formula(body, top=True)})"
        if z3.is_implies(body) and len(bound) == 1:
            span = _span(body.arg(0), bound[0])
            dims = None if span is None or self.py else self._dims_indexed_by(body.arg(1), bound[0])
            if span is not None and dims is not None:
                return self._over_rows(span, body.arg(1), bound[0], dims, taken)
            if span is not None and self.py:
                lo, hi = (self.term(x) for x in span)
                return f"all({self.formula(body.arg(1), top=True)} for {name} in range({lo}, {hi}))"
            if span is not None:
                lo, hi = (self.term(x) for x in span)
                return f"(forall {name}. {lo} <= {name} < {hi} -> {self.formula(body.arg(1), top=True)})"
            return f"(forall {name}. {self.formula(body.arg(0), top=True)} -> {self.formula(body.arg(1), top=True)})"
        return f"(forall {names}. {self.formula(body, top=True)})"

    def formula(self, f: z3.BoolRef, top: bool = False) -> str:
        if z3.is_quantifier(f):
            text = self.quantified(f)
            return text[1:-1] if top and text.startswith("(") else text
        if z3.is_true(f):
            return "True" if self.py else "true"
        if z3.is_false(f):
            return "False" if self.py else "false"
        if z3.is_and(f) or z3.is_or(f):
            sep = self.AND if z3.is_and(f) else self.OR
            parts = [self.formula(c) for c in f.children()]
            if z3.is_or(f) and not self.py:
                parts = [f"({p})" if self.AND in p else p for p in parts]
            if z3.is_or(f) and self.py:
                parts = [f"({p})" if self.AND in p else p for p in parts]
            text = sep.join(parts)
            return text if top else f"({text})"
        if z3.is_not(f):
            inner = f.arg(0)
            lin = _linear(inner, self.opaque)
            if lin is not None:
                return self.linear(lin.negate())
            if z3.is_const(inner):
                return self.NOT + self.name(inner.decl().name())
            return f"{self.NOT}({self.formula(inner, top=True)})"
        if z3.is_implies(f):
            return self.formula(z3.Or(z3.Not(f.arg(0)), f.arg(1)), top)
        if z3.is_const(f):
            return self.name(f.decl().name())
        if z3.is_app_of(f, z3.Z3_OP_ITE):
            c, a, b = (self.formula(x, top=True) for x in f.children())
            return f"({a} if {c} else {b})" if self.py else f"({c} ? {a} : {b})"
        lin = _linear(f, self.opaque)
        if lin is not None:
            return self.linear(lin)
        if z3.is_eq(f) or z3.is_distinct(f):
            op = "==" if z3.is_eq(f) else "!="
            return f"{self.term(f.arg(0))} {op} {self.term(f.arg(1))}"
        return f.sexpr()

    # atoms

    def linear(self, lin: Linear) -> str:
        pos = [(m, c) for m, c in lin.terms if c > 0]
        neg = [(m, -c) for m, c in lin.terms if c < 0]
        k = lin.const
        if lin.op in ("==", "!=") and len(lin.terms) == 1 and lin.terms[0][1] == 1 \
                and self._is_mod(lin.terms[0][0]) and k == 0:
            t = self.opaque[lin.terms[0][0][0]]
            return f"{self.term(t.arg(0))} % {self.term(t.arg(1))} {lin.op} 0"
        if lin.op == "<=":
            # pos - neg + k <= 0   <=>   pos <= neg - k
            if not pos:
                return self._side(neg, k, ">=")
            rhs_const = -k
            op = "<="
            if rhs_const == -1:
                op, rhs_const = "<", 0
            return f"{self._sum(pos, 0)} {op} {self._sum(neg, rhs_const)}"
        if not pos:
            return f"{self._sum(neg, 0)} {lin.op} {k}"
        return f"{self._sum(pos, 0)} {lin.op} {self._sum(neg, -k)}"

    def _side(self, terms, k: int, op: str) -> str:
        # terms >= k, with terms' coefficients positive
        if k == 1:
            return f"{self._sum(terms, 0)} > 0"
        return f"{self._sum(terms, 0)} {op} {k}"

    def _is_mod(self, m: Monomial) -> bool:
        return len(m) == 1 and m[0] in self.opaque and z3.is_app_of(self.opaque[m[0]], z3.Z3_OP_MOD)

    def _sum(self, terms, const: int) -> str:
        parts = []
        for m, c in terms:
            text = "*".join(self._factor(n) for n in m)
            parts.append(text if c == 1 else f"{c}*{text}")
        if const or not parts:
            if parts and const < 0:
                return " + ".join(parts) + f" - {-const}"
            parts.append(str(const))
        return " + ".join(parts)

    def _factor(self, n: str) -> str:
        if n in self.opaque:
            return self.term(self.opaque[n])
        return self.name(n)

    def term(self, t: z3.ExprRef) -> str:
        if z3.is_int_value(t):
            return str(t.as_long())
        if z3.is_const(t):
            return self.name(t.decl().name())
        kind = t.decl().kind()
        if kind in (z3.Z3_OP_MOD, z3.Z3_OP_IDIV) and z3.is_int_value(t.arg(1)) and t.arg(1).as_long() > 0:
            a, d = self.term(t.arg(0)), self.term(t.arg(1))
            if self.py:
                return f"({a} {'%' if kind == z3.Z3_OP_MOD else '//'} {d})"
            if z3.is_const(t.arg(0)) and t.arg(0).decl().name() in self.nonnegative:
                return f"({a} {'%' if kind == z3.Z3_OP_MOD else '/'} {d})"
            mod = f"(({a} % {d} + {d}) % {d})"  # C's % truncates; this is the mathematical remainder
            return mod if kind == z3.Z3_OP_MOD else f"(({a} - {mod}) / {d})"
        if kind == z3.Z3_OP_SELECT and not self.py and z3.is_const(t.arg(0)) \
                and t.arg(0).decl().name() in self.array_dims and (t.arg(1).sort() == z3.IntSort()
                                                                   or z3.is_bv_value(t.arg(1))):
            return self.term(t.arg(0)) + self._element(self.array_dims[t.arg(0).decl().name()], t.arg(1))
        if kind == z3.Z3_OP_SELECT:
            return f"{self.term(t.arg(0))}[{self.term(t.arg(1)).strip('()')}]"
        if kind == z3.Z3_OP_ITE:
            c, a, b = self.formula(t.arg(0), top=True), self.term(t.arg(1)), self.term(t.arg(2))
            return f"({a} if {c} else {b})" if self.py else f"({c} ? {a} : {b})"
        try:
            poly = _poly(t, self.opaque)
        except _Opaque:
            return t.sexpr()
        const = int(poly.pop((), 0))
        terms = sorted((m, int(c)) for m, c in poly.items() if c)
        pos = [(m, c) for m, c in terms if c > 0]
        neg = [(m, -c) for m, c in terms if c < 0]
        text = self._sum(pos, 0) if pos else ""
        for m, c in neg:
            piece = self._sum([(m, c)], 0)
            text = f"{text} - {piece}" if text else f"-{piece}"
        if const:
            text = f"{text} {'+' if const > 0 else '-'} {abs(const)}" if text else str(const)
        return f"({text})" if (" " in text) else (text or "0")

    # C arrays of several dimensions (one flat array in the formulas)

    def _dims_indexed_by(self, f: z3.ExprRef, k: z3.ExprRef) -> tuple[int, ...] | None:
        """The dimensions (after the first) of the arrays `f` reads at index `k`
        when every read involving `k` is one, all of the same shape; else None."""
        shapes = set()
        stack, seen = [f], set()
        while stack:
            t = stack.pop()
            if t.get_id() in seen:
                continue
            seen.add(t.get_id())
            if z3.is_select(t) and _mentions(t.arg(1), k):
                a = t.arg(0)
                if not (t.arg(1).eq(k) and z3.is_const(a) and a.decl().name() in self.array_dims):
                    return None
                shapes.add(self.array_dims[a.decl().name()])
            stack.extend(t.children())
        return shapes.pop() if len(shapes) == 1 else None

    def _over_rows(self, span: tuple[z3.ExprRef, z3.ExprRef], post: z3.BoolRef, k: z3.ExprRef,
                   dims: tuple[int, ...], taken: set[str]) -> str:
        """``forall k. lo <= k < hi -> post`` over arrays of shape ``[_]dims`` with
        the flat `k` split into one coordinate per dimension:
        ``forall k, l. lo' <= k < hi' && 0 <= l < C -> post``; the same set of
        elements (a bound a row length divides gives the rows, others the flat position)."""
        strides = _strides(dims)
        names = _coordinate_names(len(strides), taken)
        coords = [z3.Int(n) for n in names]
        flat = z3.Sum([c if s == 1 else s * c for s, c in zip(strides, coords)])
        lo, hi = span
        low, high = self._divided(lo, strides[0]), self._divided(hi, strides[0])
        self.coordinates = {n: d for d, n in enumerate(names)}
        try:
            flat_text = self.term(flat).strip("()")
            lo_text, hi_text = (_bare(self.term(x)) for x in (lo if low is None else low, hi if high is None else high))
            if low is not None and high is not None:
                guard = [f"{lo_text} <= {names[0]} < {hi_text}"]
            elif low is not None:
                guard = [f"{lo_text} <= {names[0]}", f"{flat_text} < {hi_text}"]
            elif high is not None:
                guard = [f"{lo_text} <= {flat_text}", f"{names[0]} < {hi_text}"]
            else:
                guard = [f"{lo_text} <= {flat_text} < {hi_text}"]
            guard += [f"0 <= {n} < {d}" for n, d in zip(names[1:], dims)]
            text = self.formula(z3.substitute(post, (k, flat)), top=True)
        finally:
            self.coordinates = {}
        return f"(forall {', '.join(names)}. {self.AND.join(guard)} -> {text})"

    def _divided(self, t: z3.ExprRef, by: int) -> z3.ExprRef | None:
        """`t / by` as a term when `by` divides each coefficient of `t`, else None."""
        try:
            poly = _poly(t, self.opaque)
        except _Opaque:
            return None
        if any(c % by for c in poly.values()):
            return None
        const = int(poly.pop((), 0)) // by
        return z3.Sum([z3.IntVal(const), *(int(c) // by * _monomial_z3(m, self.opaque) for m, c in poly.items())])

    def _element(self, dims: tuple[int, ...], index: z3.ExprRef) -> str:
        """The subscripts ``[i][j]`` of the element at flat `index` of an array of
        shape ``[_]dims``: the coordinates of a `_over_rows` quantifier, the digits
        of a constant, else C's ``[x / C][x % C]`` (its ``/`` and ``%`` give back `x`)."""
        strides = _strides(dims)
        named = self._coordinates_of(index, strides)
        if named is not None:
            return "".join(f"[{n}]" for n in named)
        value = index.as_long() if z3.is_int_value(index) else index.as_signed_long() if z3.is_bv_value(index) else -1
        if value >= 0:
            return f"[{value // strides[0]}]" + "".join(f"[{value // s % d}]" for s, d in zip(strides[1:], dims))
        flat = self.term(index)
        flat = flat if flat.startswith("(") or " " not in flat else f"({flat})"
        return f"[{flat} / {strides[0]}]" + "".join(f"[{flat} / {s} % {d}]" if s != 1 else f"[{flat} % {d}]"
                                                    for s, d in zip(strides[1:], dims))

    def _coordinates_of(self, index: z3.ExprRef, strides: list[int]) -> list[str] | None:
        """The shown names of the quantifier's coordinates when `index` is exactly
        their flat position (the sum of each coordinate times its stride), else None."""
        try:
            poly = _poly(index, self.opaque) if self.coordinates else None
        except _Opaque:
            return None
        by_dim: dict[int, str] = {}
        for m, c in (poly or {}).items():
            d = self.coordinates.get(m[0]) if len(m) == 1 else None
            if d is None or d in by_dim or c != strides[d]:
                return None
            by_dim[d] = m[0]
        if sorted(by_dim) != list(range(len(strides))):
            return None
        return [self.name(by_dim[d]) for d in range(len(strides))]


def _bare(text: str) -> str:
    """`text` without the parentheses around all of it, if it has them."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for n, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and n < len(text) - 1:
            return text
    return text[1:-1]


def _mentions(t: z3.ExprRef, k: z3.ExprRef) -> bool:
    """Does `k` occur in `t`? (each shared subterm visited once)"""
    return any(u.eq(k) for u in subterms(t))


def _strides(dims: tuple[int, ...]) -> list[int]:
    """Elements per index of each dimension of an array of shape ``[_]dims`` (the last 1)."""
    out = [1]
    for d in reversed(dims):
        out.insert(0, out[0] * d)
    return out


def _coordinate_names(n: int, taken: set[str]) -> list[str]:
    """`n` names for a quantifier's coordinates that no shown variable has (``k, l``, ``k1, k2, ...``)."""
    if n <= 4 and not taken.intersection(["k", "l", "p", "q"][:n]):
        return ["k", "l", "p", "q"][:n]
    suffix = ""
    while taken.intersection(f"k{d}{suffix}" for d in range(1, n + 1)):
        suffix += "_"
    return [f"k{d}{suffix}" for d in range(1, n + 1)]
