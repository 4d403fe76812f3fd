"""Ranking functions for the loops of a function: linear, lexicographic and
multiphase, synthesised as linear programs through Farkas' lemma.

Inputs are *linear paths*: every path of the control-flow automaton between
two cut-points (the entry and the loop heads), symbolically executed into a
conjunction of linear constraints ``g >= 0`` over the pre-state (symbols named
after the variables) and auxiliary symbols (``~n``: nondet values, quotients,
results of operations the linear domain cannot express), with the post-state
as linear expressions of those symbols. Fixed-width integers are their
mathematical values with their type's range; signed operations carry the
no-overflow condition (an overflow ends the execution with an error, it does
not wrap); unsigned operations split into the wrapping and non-wrapping case.
A path over-approximates the concrete one when `exact` is False.

`synthesise` finds, per strongly connected set of cut-points, a tree of
components (`RankNode`): each level a linear function per cut-point that is
non-increasing on every remaining path and bounded and decreasing on some
(Bradley-Manna-Sipma lexicographic order), the paths left regrouped into
strongly connected parts; a level that no linear function ranks may be closed
by a multiphase function (Ben-Amram and Genaim). The coefficients come from
z3's LP solver over the rationals and are scaled to integers.

Nothing here is trusted: `verifier.engines.termination` re-checks the
certificate on the exact encoding of the program (bit-vectors for ``bv``).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import z3

from ..encode import region_order

from .. import ir
from ..cfa import Cfa, Check, Eval
from ..irutil import display_name

#: Paths enumerated from one cut-point before giving up: the linear domain
#: splits on every `!=`, `||` and unsigned wrap, and a few dozen sequential
#: branches would otherwise explode.
MAX_PATHS = 3000

#: Deepest multiphase function tried (depth 1 is a linear function).
MAX_PHASES = 3


class TooManyPaths(Exception):
    """The linear path enumeration hit `MAX_PATHS`."""


# ------------------------------------------------------------ linear forms

Number = int | Fraction


class Lin:
    """An affine form ``sum(coeffs[s] * s) + const`` over named symbols."""

    __slots__ = ("coeffs", "const")

    def __init__(self, coeffs: dict[str, Number] | None = None, const: Number = 0) -> None:
        self.coeffs = {k: v for k, v in (coeffs or {}).items() if v != 0}
        self.const = const

    @staticmethod
    def var(name: str) -> Lin:
        return Lin({name: 1})

    @staticmethod
    def num(value: Number) -> Lin:
        return Lin({}, value)

    def __add__(self, other: Lin) -> Lin:
        coeffs = dict(self.coeffs)
        for k, v in other.coeffs.items():
            coeffs[k] = coeffs.get(k, 0) + v
        return Lin(coeffs, self.const + other.const)

    def __sub__(self, other: Lin) -> Lin:
        return self + other.scale(-1)

    def __neg__(self) -> Lin:
        return self.scale(-1)

    def scale(self, k: Number) -> Lin:
        return Lin({s: v * k for s, v in self.coeffs.items()}, self.const * k)

    @property
    def is_const(self) -> bool:
        return not self.coeffs

    def key(self) -> tuple:
        return (tuple(sorted(self.coeffs.items())), self.const)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lin) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def subst(self, mapping: dict[str, Lin]) -> Lin:
        out = Lin.num(self.const)
        for s, v in self.coeffs.items():
            out = out + (mapping[s] if s in mapping else Lin.var(s)).scale(v)
        return out

    def value(self, values: dict[str, int]) -> Number:
        return sum((v * values[s] for s, v in self.coeffs.items()), self.const)

    def __repr__(self) -> str:
        return f"Lin({render(self)})"


def render(lin: Lin, names: dict[str, str] | None = None) -> str:
    """`lin` as source text (``x - 2*y + 1``), variables by display name."""
    parts: list[str] = []
    for s, v in sorted(lin.coeffs.items(), key=lambda kv: (kv[1] < 0, kv[0])):
        name = (names or {}).get(s, display_name(s))
        mag = abs(v)
        term = name if mag == 1 else f"{mag}*{name}"
        parts.append(("- " if v < 0 else "+ ") + term)
    if lin.const or not parts:
        parts.append(("- " if lin.const < 0 else "+ ") + str(abs(lin.const)))
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def render_atom(atom: Lin, names: dict[str, str] | None = None) -> str:
    """``atom >= 0`` as a readable comparison (``x - y >= 1``, ``y <= 5``)."""
    if atom.is_const:
        return "true" if atom.const >= 0 else "false"
    lhs = Lin(atom.coeffs)
    if all(v < 0 for v in lhs.coeffs.values()):
        return f"{render(-lhs, names)} <= {atom.const}"
    return f"{render(lhs, names)} >= {-atom.const}"


def integral(lins: Iterable[Lin]) -> list[Lin]:
    """The forms scaled together by the least common multiple of their denominators."""
    lins = list(lins)
    denominators = [Fraction(v).denominator for lin in lins for v in [*lin.coeffs.values(), lin.const]]
    scale = math.lcm(*denominators) if denominators else 1
    return [Lin({s: int(Fraction(v) * scale) for s, v in lin.coeffs.items()}, int(Fraction(lin.const) * scale))
            for lin in lins]


# ------------------------------------------------------------ linear paths


@dataclass
class Path:
    """One path between cut-points: `cons` (each ``>= 0``) over the pre-state
    and auxiliary symbols; `post` maps every variable to its new value."""

    src: int
    dst: int
    cons: list[Lin]
    post: dict[str, Lin]
    exact: bool
    nondet_symbols: dict[str, str] = field(default_factory=dict)  # aux symbol -> nondet site
    ranges: list[Lin] = field(default_factory=list)  # the pre-state's type ranges

    def symbols(self) -> set[str]:
        """Symbols the path constrains or that flow into a changed variable."""
        out = {s for g in self.cons for s in g.coeffs}
        for v, lin in self.post.items():
            if lin != Lin.var(v):
                out |= set(lin.coeffs) | {v}
        return out


@dataclass
class _State:
    env: dict[str, Lin]
    cons: tuple[Lin, ...]
    exact: bool = True
    nondets: tuple[tuple[str, str], ...] = ()
    soft: tuple[Lin, ...] = ()  # type ranges and no-overflow conditions

    def add(self, *atoms: Lin) -> _State | None:
        for a in atoms:
            if a.is_const and a.const < 0:
                return None
        return _State(self.env, self.cons + tuple(a for a in atoms if not a.is_const), self.exact, self.nondets,
                      self.soft)

    def add_soft(self, *atoms: Lin) -> _State | None:
        """Constraints a ranking function rarely needs (tried without them first)."""
        for a in atoms:
            if a.is_const and a.const < 0:
                return None
        return _State(self.env, self.cons, self.exact, self.nondets,
                      self.soft + tuple(a for a in atoms if not a.is_const))

    def but(self, **changes) -> _State:
        return _State(**{**self.__dict__, **changes})


def type_range(t: ir.Type) -> tuple[int, int] | None:
    """The value range of `t` (None for unbounded integers)."""
    if isinstance(t, ir.BoolType):
        return (0, 1)
    if t.bits is None:
        return None
    return (t.min, t.max)


def _in_range(value: Lin, t: ir.Type) -> list[Lin]:
    r = type_range(t)
    if r is None:
        return []
    return [value - Lin.num(r[0]), Lin.num(r[1]) - value]


class PathBuilder:
    """Enumerates the linear paths of a CFA from given cut-points."""

    def __init__(self, cfa: Cfa, merge: bool = False) -> None:
        self.cfa = cfa
        self.merge = merge
        self.relevant = _relevant_variables(cfa) if merge else set(cfa.variables)
        self.types = cfa.variables
        self.out = cfa.outgoing()
        self.edge_index = {id(e): i for i, e in enumerate(cfa.edges)}
        self.cut = set(cfa.cutpoints)
        self.fresh_count = 0

    def fresh(self) -> str:
        self.fresh_count += 1
        return f"~{self.fresh_count}"

    def paths_from(self, start: int) -> list[Path]:
        """Every path from cut-point `start` to a cut-point (paths to the exit are
        dropped). In `merge` mode, states reaching a node with the same values
        are joined (keeping the constraints they share) and variables that no
        condition depends on are not tracked: fewer, coarser paths."""
        env = {name: Lin.var(name) for name in self.types}
        ranges: list[Lin] = []
        for name, t in self.types.items():
            ranges += _in_range(Lin.var(name), t)
        done: list[Path] = []
        budget = MAX_PATHS
        order = region_order(start, self.out, self.cut, self.cfa.exit)
        pending: dict[int, list[_State]] = {start: [_State(env, ())]}
        for node in order:
            states = pending.pop(node, [])
            if self.merge:
                states = self._join(states)
            for edge in self.out.get(node, []):
                ends = edge.dst in self.cut or edge.dst == self.cfa.exit
                for st in states:
                    self._site = (self.edge_index[id(edge)], 0)
                    for nxt in self._action(edge.action, st):
                        budget -= 1
                        if budget < 0:
                            raise TooManyPaths(f"more than {MAX_PATHS} paths from one loop head")
                        if not ends:
                            pending.setdefault(edge.dst, []).append(nxt)
                        elif edge.dst != self.cfa.exit:
                            done.append(Path(start, edge.dst, list(nxt.cons), dict(nxt.env), nxt.exact,
                                             dict(nxt.nondets), ranges + list(nxt.soft)))
        return done

    def _join(self, states: list[_State]) -> list[_State]:
        """States with the same values of the relevant variables joined:
        constraints on symbols nothing else mentions are dropped (the values
        they constrained are gone), the constraints all of them share are
        kept, and other variables get a fresh value where they differ."""
        groups: dict[tuple, list[_State]] = {}
        for st in states:
            env = {v: (lin if v in self.relevant else Lin.var(self.fresh())) for v, lin in st.env.items()}
            live = {s for lin in env.values() for s in lin.coeffs}

            def dead(g: Lin) -> bool:
                return all(s.startswith("~") and s not in live for s in g.coeffs)

            cons = tuple(g for g in st.cons if not dead(g))
            soft = tuple(g for g in st.soft if not dead(g))
            trimmed = _State(env, cons, st.exact and len(cons) == len(st.cons), st.nondets, soft)
            key = tuple(sorted((v, lin.key()) for v, lin in st.env.items() if v in self.relevant))
            groups.setdefault(key, []).append(trimmed)
        out = []
        for group in groups.values():
            first = group[0]
            if len(group) == 1:
                out.append(first)
                continue
            shared = set.intersection(*({g.key() for g in st.cons} for st in group))
            shared_soft = set.intersection(*({g.key() for g in st.soft} for st in group))
            out.append(_State(first.env, tuple(g for g in first.cons if g.key() in shared), False,
                              tuple(dict.fromkeys(n for st in group for n in st.nondets)),
                              tuple(g for g in first.soft if g.key() in shared_soft)))
        return out

    def _action(self, action, st: _State) -> list[_State]:
        if action is None:
            return [st]
        if isinstance(action, ir.Assign) and action.target not in self.relevant:
            env = dict(st.env)  # no condition depends on it: not tracked
            env[action.target] = Lin.var(self.fresh())
            return [st.but(env=env, exact=False)]
        if isinstance(action, ir.Assign):
            out = []
            t = self.types[action.target]
            for s2, v in self.value(action.value, st):
                for s3, v2 in self._convert(v, action.value.type, t, s2):
                    env = dict(s3.env)
                    env[action.target] = v2
                    out.append(s3.but(env=env))
            return out
        if isinstance(action, (ir.Assume, Check)):
            return self.cond(action.cond, st, True)
        if isinstance(action, Eval):
            return [s for s, _ in self.value(action.expr, st)]
        raise TypeError(type(action).__name__)

    # ------------------------------------------------------- conditions

    def cond(self, e: ir.Expr, st: _State, pol: bool) -> list[_State]:
        """States where `e` evaluates to `pol`."""
        if isinstance(e, ir.Const):
            return [st] if bool(e.value) == pol else []
        if isinstance(e, ir.Unary) and e.op == "not":
            return self.cond(e.arg, st, not pol)
        if isinstance(e, ir.Binary) and e.op in ("land", "lor"):
            conj = (e.op == "land") == pol  # both sides must take `pol`
            if conj:
                return [s2 for s1 in self.cond(e.left, st, pol) for s2 in self.cond(e.right, s1, pol)]
            return self.cond(e.left, st, pol) + [
                s2 for s1 in self.cond(e.left, st, not pol) for s2 in self.cond(e.right, s1, pol)]
        if isinstance(e, ir.Binary) and e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            out = []
            for s1, a in self.value(e.left, st):
                for s2, b in self.value(e.right, s1):
                    out += self._compare(e.op, a, b, s2, pol)
            return out
        if isinstance(e, ir.Ite):
            return [s2 for c in (True, False) for s1 in self.cond(e.cond, st, c)
                    for s2 in self.cond(e.then if c else e.other, s1, pol)]
        if isinstance(e, ir.Cast) and isinstance(e.arg.type, ir.BoolType):
            return self.cond(e.arg, st, pol)
        if isinstance(e, ir.Cast):
            return [s2 for s1, v in self.value(e.arg, st) for s2 in self._compare("ne", v, Lin.num(0), s1, pol)]
        out = []
        for s1, v in self.value(e, st):
            if isinstance(e.type, ir.BoolType):
                nxt = s1.add(v - Lin.num(1)) if pol else s1.add(-v)
                out += [nxt] if nxt else []
            else:
                out += self._compare("ne", v, Lin.num(0), s1, pol)
        return out

    def _compare(self, op: str, a: Lin, b: Lin, st: _State, pol: bool) -> list[_State]:
        if not pol:
            op = {"eq": "ne", "ne": "eq", "lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}[op]
        d = a - b
        one = Lin.num(1)
        atoms = {"lt": [[-d - one]], "le": [[-d]], "gt": [[d - one]], "ge": [[d]],
                 "eq": [[d, -d]], "ne": [[d - one], [-d - one]]}[op]
        return [s for s in (st.add(*c) for c in atoms) if s is not None]

    # ----------------------------------------------------------- values

    def value(self, e: ir.Expr, st: _State) -> list[tuple[_State, Lin]]:
        """(state, value) pairs; booleans are 0/1."""
        if isinstance(e, ir.Const):
            return [(st, Lin.num(e.value))]
        if isinstance(e, ir.Var):
            return [(st, st.env[e.name])]
        if isinstance(e, ir.Nondet):
            return self._nondet(e, st)
        if isinstance(e.type, ir.BoolType) and not isinstance(e, (ir.Cast, ir.Ite)):
            return [(s, Lin.num(1 if pol else 0)) for pol in (True, False) for s in self.cond(e, st, pol)]
        if isinstance(e, ir.Cast):
            if isinstance(e.type, ir.BoolType):
                return [(s, Lin.num(1 if pol else 0)) for pol in (True, False) for s in self.cond(e, st, pol)]
            if isinstance(e.arg.type, ir.BoolType):
                return [(s, Lin.num(1 if pol else 0)) for pol in (True, False) for s in self.cond(e.arg, st, pol)]
            return [r for s, v in self.value(e.arg, st) for r in self._convert(v, e.arg.type, e.type, s)]
        if isinstance(e, ir.Ite):
            return [r for c in (True, False) for s in self.cond(e.cond, st, c)
                    for r in self.value(e.then if c else e.other, s)]
        if isinstance(e, ir.Unary):
            return [r for s, v in self.value(e.arg, st) for r in self._unary(e, v, s)]
        if isinstance(e, ir.Binary):
            return [r for s1, a in self.value(e.left, st) for s2, b in self.value(e.right, s1)
                    for r in self._binary(e, a, b, s2)]
        raise TypeError(f"cannot linearise {type(e).__name__}")

    def _nondet(self, e: ir.Nondet, st: _State) -> list[tuple[_State, Lin]]:
        sym = self.fresh()
        from ..cfa import site_name

        site = site_name(*self._site)
        self._site = (self._site[0], self._site[1] + 1)
        v = Lin.var(sym)
        s = st.add_soft(*_in_range(v, e.type))
        if s is None:
            return []
        return [(s.but(nondets=s.nondets + ((sym, site),)), v)]

    def _opaque(self, t: ir.Type, st: _State, extra: Iterable[Lin] = ()) -> list[tuple[_State, Lin]]:
        """A value the linear domain cannot express: a fresh symbol in `t`'s range."""
        v = Lin.var(self.fresh())
        s = st.add(*[g.subst({"_": v}) for g in extra])
        s = s.add_soft(*_in_range(v, t)) if s is not None else None
        if s is None:
            return []
        return [(s.but(exact=False), v)]

    def _fit(self, r: Lin, t: ir.Type, st: _State, wraps: Iterable[int] = (0,)) -> list[tuple[_State, Lin]]:
        """The result `r` of an operation of type `t`: signed must fit (else the
        execution fails), unsigned wraps (`wraps`: the multiples of 2^n subtracted)."""
        rng = type_range(t)
        if rng is None:
            return [(st, r)]
        assert isinstance(t, ir.IntType) and t.bits is not None
        if t.signed:
            s = st.add_soft(*_in_range(r, t))
            return [(s, r)] if s else []
        out = []
        modulus = 1 << t.bits
        for k in wraps:
            v = r - Lin.num(k * modulus)
            s = st.add(*_in_range(v, t))
            if s is not None:
                out.append((s, v))
        return out

    def _unary(self, e: ir.Unary, v: Lin, st: _State) -> list[tuple[_State, Lin]]:
        t = e.type
        if e.op == "neg":
            return self._fit(-v, t, st, (-1, 0))
        if e.op == "bnot":
            if isinstance(t, ir.IntType) and t.bits is not None and not t.signed:
                return [(st, Lin.num(t.max) - v)]
            return [(st, -v - Lin.num(1))]
        raise TypeError(e.op)

    def _binary(self, e: ir.Binary, a: Lin, b: Lin, st: _State) -> list[tuple[_State, Lin]]:
        t = e.type
        op = e.op
        if op == "add":
            return self._fit(a + b, t, st, (0, 1))
        if op == "sub":
            return self._fit(a - b, t, st, (-1, 0))
        if op == "mul":
            if a.is_const or b.is_const:
                k, x = (a.const, b) if a.is_const else (b.const, a)
                if isinstance(t, ir.IntType) and t.bits is not None and not t.signed and abs(k) > 1:
                    if 0 < k <= 4:
                        return self._fit(x.scale(k), t, st, range(k))
                    fits = st.add(*_in_range(x.scale(k), t))
                    return ([(fits, x.scale(k))] if fits else []) + self._opaque(t, st)
                return self._fit(x.scale(k), t, st)
            return self._opaque(t, st)
        if op in ("div", "mod", "floordiv", "floormod"):
            if not b.is_const:
                return self._opaque(t, st)
            k = b.const
            if k == 0:
                return []  # division by zero: the execution fails here
            return [(s, q if op in ("div", "floordiv") else a - q.scale(k))
                    for s, q in self._quotient(a, k, op in ("div", "mod"), t, st)]
        if op in ("shl", "shr"):
            if not b.is_const:
                return self._opaque(t, st)
            if b.const < 0 or (isinstance(t, ir.IntType) and t.bits is not None and b.const >= t.bits):
                return []  # a bad shift count: the execution fails here
            k = 1 << b.const
            if op == "shr":
                return self._quotient(a, k, False, t, st)
            if isinstance(t, ir.IntType) and t.bits is not None and t.signed:
                s = st.add(a)  # shifting a negative value is an error
                return self._fit(a.scale(k), t, s) if s else []
            return self._binary(ir.Binary("mul", e.left, e.right, t), a, Lin.num(k), st)
        if op == "band" and b.is_const and b.const >= 0:
            return self._opaque(t, st, [Lin.var("_"), Lin.num(b.const) - Lin.var("_")])
        if op == "band" and a.is_const and a.const >= 0:
            return self._opaque(t, st, [Lin.var("_"), Lin.num(a.const) - Lin.var("_")])
        if op in ("band", "bor", "bxor"):
            return self._opaque(t, st)
        raise TypeError(op)

    def _quotient(self, a: Lin, k: int, trunc: bool, t: ir.Type, st: _State) -> list[tuple[_State, Lin]]:
        """q = a / k for a constant k != 0, truncating (C) or flooring (Python, >>)."""
        q = Lin.var(self.fresh())
        kq = q.scale(k)
        out = []
        mag = abs(k)
        if trunc:
            sign = 1 if k > 0 else -1
            # a >= 0: 0 <= a - |k|*(sign*q) <= |k| - 1 ; a < 0: -(|k|-1) <= a - |k|*(sign*q) <= 0
            r = a - q.scale(sign * mag)
            cases = [(a, [r, Lin.num(mag - 1) - r]), (-a - Lin.num(1), [-r, r + Lin.num(mag - 1)])]
        else:
            r = a - kq
            if k > 0:
                cases = [(Lin.num(0), [r, Lin.num(k - 1) - r])]
            else:
                cases = [(Lin.num(0), [-r, r - Lin.num(k + 1)])]
        for guard, bounds in cases:
            s = st.add(guard, *bounds)
            if s is not None:
                out += self._fit(q, t, s)
        return out

    def _convert(self, v: Lin, src: ir.Type, dst: ir.Type, st: _State) -> list[tuple[_State, Lin]]:
        if src == dst:
            return [(st, v)]
        if isinstance(dst, ir.BoolType):
            return [(s, Lin.num(1 if pol else 0)) for pol in (True, False)
                    for s in self._compare("ne", v, Lin.num(0), st, pol)]
        rs, rd = type_range(src), type_range(dst)
        if rd is None or (rs is not None and rd[0] <= rs[0] and rs[1] <= rd[1]):
            return [(st, v)]
        assert isinstance(dst, ir.IntType) and dst.bits is not None
        out = []
        fits = st.add(*_in_range(v, dst))
        if fits is not None:
            out.append((fits, v))
        modulus = 1 << dst.bits
        if rs is not None and rs[1] - rs[0] < modulus:
            for k in (-1, 1):  # a source range narrower than 2^n wraps at most once
                w = v + Lin.num(k * modulus)
                s = st.add(*_in_range(w, dst))
                if s is not None:
                    out.append((s, w))
            return out
        return out + self._opaque(dst, st)


def lin_of_ir(e: ir.Expr) -> Lin | None:
    """`e` as an affine form over variables when it is one exactly (as
    mathematical integers), else None."""
    if isinstance(e, ir.Const):
        return Lin.num(e.value)
    if isinstance(e, ir.Var):
        return Lin.var(e.name)
    if isinstance(e, ir.Cast) and not isinstance(e.type, ir.BoolType):
        return lin_of_ir(e.arg)
    if isinstance(e, ir.Unary) and e.op == "neg":
        a = lin_of_ir(e.arg)
        return None if a is None else -a
    if isinstance(e, ir.Binary) and e.op in ("add", "sub", "mul"):
        a, b = lin_of_ir(e.left), lin_of_ir(e.right)
        if a is None or b is None:
            return None
        if e.op == "add":
            return a + b
        if e.op == "sub":
            return a - b
        if a.is_const:
            return b.scale(a.const)
        if b.is_const:
            return a.scale(b.const)
    return None


def compared_forms(e: ir.Expr) -> list[Lin]:
    """The differences ``a - b`` of the linear comparisons ``a op b`` inside `e`."""
    out: list[Lin] = []
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, ir.Binary) and x.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            a, b = lin_of_ir(x.left), lin_of_ir(x.right)
            if a is not None and b is not None and not (a - b).is_const:
                out.append(a - b)
        for v in vars(x).values():
            if isinstance(v, ir.Expr):
                stack.append(v)
            elif isinstance(v, tuple):
                stack.extend(i for i in v if isinstance(i, ir.Expr))
    return out


# ------------------------------------------------ forms in program semantics


def affine_ge0(items: list[tuple[Number, z3.ExprRef, ir.Type]], const: Number = 0,
               pairs: list[tuple[Number, z3.ExprRef, z3.ExprRef, ir.Type]] = ()) -> z3.BoolRef:
    """``sum(c * value(t) for items) + sum(c * (value(a) - value(b)) for pairs)
    + const >= 0`` exactly, in the terms' own semantics: mathematical integers,
    or bit-vectors widened (sign- or zero-extended by the term's type) so that
    nothing can wrap.

    The bit-vector form is shaped for bit-blasting solvers: differences of a
    variable before and after a step are taken first, negative terms move to
    the other side, and multiplication by a constant is shifts and adds (cvc5
    takes seconds on ``-1 * x`` or ``3 * d`` where it takes milliseconds on
    ``d << 1 + d``)."""
    items = [(int(c), t, ty) for c, t, ty in items if c != 0]
    pairs = [(int(c), a, b, ty) for c, a, b, ty in pairs if c != 0 and not a.eq(b)]
    const = int(const)
    bv = [ty.bits for _, t, ty in items if isinstance(ty, ir.IntType) and ty.bits is not None]
    bv += [ty.bits for _, _, _, ty in pairs if isinstance(ty, ir.IntType) and ty.bits is not None]
    if not bv:
        def val(t, ty):
            return z3.If(t, 1, 0) if isinstance(ty, ir.BoolType) else t

        terms = [c * val(t, ty) for c, t, ty in items] + [c * (val(a, ty) - val(b, ty)) for c, a, b, ty in pairs]
        return z3.Sum([*terms, z3.IntVal(const)]) >= 0
    total = sum(abs(c) for c, _, _ in items) + 2 * sum(abs(c) for c, _, _, _ in pairs) + abs(const) + 1
    width = max(bv) + total.bit_length() + 2

    def wide(t, ty):
        if isinstance(ty, ir.BoolType):
            return z3.If(t, z3.BitVecVal(1, width), z3.BitVecVal(0, width))
        assert ty.bits is not None, "mixed bit-vector and unbounded terms"
        return (z3.SignExt if ty.signed else z3.ZeroExt)(width - ty.bits, t)

    def times(k: int, t):
        parts = [t if j == 0 else t << j for j in range(k.bit_length()) if k >> j & 1]
        return parts[0] if len(parts) == 1 else z3.Sum(parts)

    lhs, rhs = [], []
    for c, a, b, ty in pairs:
        d = wide(a, ty) - wide(b, ty) if c > 0 else wide(b, ty) - wide(a, ty)
        lhs.append(times(abs(c), d))
    for c, t, ty in items:
        (lhs if c > 0 else rhs).append(times(abs(c), wide(t, ty)))
    if const > 0:
        lhs.append(z3.BitVecVal(const, width))
    elif const < 0:
        rhs.append(z3.BitVecVal(-const, width))

    def total_of(ts):
        return z3.BitVecVal(0, width) if not ts else ts[0] if len(ts) == 1 else z3.Sum(ts)

    return total_of(lhs) >= total_of(rhs)


def step_terms(f_src: Lin, f_dst: Lin, pre: dict[str, z3.ExprRef], post: dict[str, z3.ExprRef],
               types: dict[str, ir.Type]):
    """``f_src(pre) - f_dst(post)`` as (items, pairs, const) for `affine_ge0`:
    each variable's change is one pair (an unchanged variable cancels out)."""
    items, pairs = [], []
    for v in sorted(set(f_src.coeffs) | set(f_dst.coeffs)):
        a, b = f_src.coeffs.get(v, 0), f_dst.coeffs.get(v, 0)
        if pre[v].eq(post[v]):
            items.append((a - b, pre[v], types[v]))
            continue
        common = min(a, b, key=abs) if (a > 0) == (b > 0) and a and b else 0
        if common:
            pairs.append((common, pre[v], post[v], types[v]))
        items.append((a - common, pre[v], types[v]))
        items.append((-(b - common), post[v], types[v]))
    return items, pairs, f_src.const - f_dst.const


def lin_items(lin: Lin, env: dict[str, z3.ExprRef], types: dict[str, ir.Type],
              scale: int = 1) -> list[tuple[Number, z3.ExprRef, ir.Type]]:
    """The terms of `lin` with variables read from `env`."""
    return [(c * scale, env[v], types[v]) for v, c in lin.coeffs.items()]


def holds(lin: Lin, env: dict[str, z3.ExprRef], types: dict[str, ir.Type]) -> z3.BoolRef:
    """``lin >= 0`` with variables read from `env`, in the program's semantics."""
    return affine_ge0(lin_items(lin, env, types), lin.const)


def linear_paths(cfa: Cfa, starts: Iterable[int], merge: bool = False) -> dict[int, list[Path]]:
    """The linear paths from each cut-point of `starts`; raises `TooManyPaths`."""
    builder = PathBuilder(cfa, merge)
    return {c: builder.paths_from(c) for c in starts}


def _relevant_variables(cfa: Cfa) -> set[str]:
    """Variables some condition (a branch, an assume, a check) depends on."""
    def names(e) -> set[str]:
        out: set[str] = set()
        stack = [e]
        while stack:
            x = stack.pop()
            if isinstance(x, ir.Var):
                out.add(x.name)
            for v in vars(x).values():
                if isinstance(v, ir.Expr):
                    stack.append(v)
                elif isinstance(v, tuple):
                    stack.extend(i for i in v if isinstance(i, ir.Expr))
        return out

    relevant: set[str] = set()
    for e in cfa.edges:
        if isinstance(e.action, (ir.Assume, Check)):
            relevant |= names(e.action.cond)
        elif isinstance(e.action, Eval):
            relevant |= names(e.action.expr)
    changed = True
    while changed:
        changed = False
        for e in cfa.edges:
            if isinstance(e.action, ir.Assign) and e.action.target in relevant:
                new = names(e.action.value) - relevant
                if new:
                    relevant |= new
                    changed = True
    return relevant


# ------------------------------------------------------- certificate shape


@dataclass
class Component:
    """One lexicographic level: ``linear`` (one function per cut-point) or
    ``multiphase`` (phases f1, f2, ..., each a function per cut-point)."""

    kind: str
    phases: list[dict[int, Lin]]


@dataclass
class RankNode:
    """A strongly connected set of cut-points, its levels, the strongly
    connected parts left after them, and the transitions between those parts
    that are only non-increasing (`free_edges`, acyclic once parts are contracted)."""

    cutpoints: frozenset[int]
    components: list[Component] = field(default_factory=list)
    children: list[RankNode] = field(default_factory=list)
    free_edges: set[tuple[int, int]] = field(default_factory=set)


class NoRanking(Exception):
    """No ranking function for the transitions between `cutpoints`."""

    def __init__(self, cutpoints: frozenset[int], reason: str = "") -> None:
        super().__init__(reason)
        self.cutpoints = cutpoints
        self.reason = reason


def sccs(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[frozenset[int]]:
    """Strongly connected components with at least one edge inside (Tarjan, iterative)."""
    succ: dict[int, list[int]] = {n: [] for n in nodes}
    edge_set = set(edges)
    for a, b in edge_set:
        succ.setdefault(a, []).append(b)
        succ.setdefault(b, [])
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on: set[int] = set()
    out: list[frozenset[int]] = []
    counter = itertools.count()
    for root in sorted(succ):
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = next(counter)
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = next(counter)
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(succ[nxt])))
                    advanced = True
                    break
                if nxt in on:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    n = stack.pop()
                    on.discard(n)
                    comp.add(n)
                    if n == node:
                        break
                if len(comp) > 1 or (node, node) in edge_set:
                    out.append(frozenset(comp))
    return out


# ------------------------------------------------------------- synthesis


class _Template:
    """Unknown affine functions, one per cut-point, over `variables`."""

    counter = itertools.count()

    def __init__(self, cutpoints: Iterable[int], variables: list[str]) -> None:
        n = next(self.counter)
        self.variables = variables
        self.coef = {c: {v: z3.Real(f"l{n}.{c}.{v}") for v in variables} for c in cutpoints}
        self.const = {c: z3.Real(f"l{n}.{c}") for c in self.coef}

    def pre(self, c: int) -> tuple[dict[str, z3.ArithRef], z3.ArithRef]:
        return dict(self.coef[c]), self.const[c]

    def post(self, c: int, post: dict[str, Lin]) -> tuple[dict[str, z3.ArithRef], z3.ArithRef]:
        coeffs: dict[str, list] = {}
        const_terms = [self.const[c]]
        for v, lam in self.coef[c].items():
            lin = post.get(v, Lin.var(v))
            for s, a in lin.coeffs.items():
                coeffs.setdefault(s, []).append(lam * _q(a))
            if lin.const:
                const_terms.append(lam * _q(lin.const))
        return {s: z3.Sum(ts) for s, ts in coeffs.items()}, z3.Sum(const_terms)

    def abs_sum(self, opt: z3.Optimize, constants: bool = False) -> z3.ArithRef:
        """The sum of the absolute values of the coefficients (or of the
        constants); compiler temporaries weigh more, so functions of the
        user's variables win ties."""
        terms = []
        for c, coeffs in self.coef.items():
            weighted = [(self.const[c], 1)] if constants else [(lam, 4 if _temporary(v) else 1)
                                                               for v, lam in coeffs.items()]
            for lam, weight in weighted:
                a = z3.FreshReal("abs")
                opt.add(a >= lam, a >= -lam)
                terms.append(a * weight if weight != 1 else a)
        return z3.Sum(terms) if terms else z3.RealVal(0)

    def value(self, model: z3.ModelRef) -> dict[int, Lin]:
        out = {}
        for c, coeffs in self.coef.items():
            out[c] = Lin({v: _frac(model.eval(lam, model_completion=True)) for v, lam in coeffs.items()},
                         _frac(model.eval(self.const[c], model_completion=True)))
        return out


def _temporary(name: str) -> bool:
    """A variable the frontends or the inliner introduced (``__t1``, ``$i_1``, ``__ret@2``)."""
    return name.startswith(("__", "$"))


def _q(x: Number) -> z3.ArithRef:
    x = Fraction(x)
    return z3.RealVal(x.numerator) / z3.RealVal(x.denominator) if x.denominator != 1 else z3.RealVal(x.numerator)


def _frac(v: z3.ExprRef) -> Fraction:
    return Fraction(v.as_fraction()) if z3.is_rational_value(v) else Fraction(str(v))


def _sub(a, b):
    ca, ka = a
    cb, kb = b
    coeffs = dict(ca)
    for s, t in cb.items():
        coeffs[s] = coeffs[s] - t if s in coeffs else -t
    return coeffs, ka - kb


def _add(a, b):
    ca, ka = a
    cb, kb = b
    coeffs = dict(ca)
    for s, t in cb.items():
        coeffs[s] = coeffs[s] + t if s in coeffs else t
    return coeffs, ka + kb


def _farkas(solver, poly: list[Lin], target, slack: z3.ArithRef | int = 0) -> None:
    """Assert: for every point with ``poly >= 0``, ``target - slack >= 0``
    (affine Farkas lemma: target is a non-negative combination of poly plus a
    non-negative constant)."""
    coeffs, const = target
    mus = [z3.FreshReal("mu") for _ in poly]
    for mu in mus:
        solver.add(mu >= 0)
    symbols = set(coeffs) | {s for g in poly for s in g.coeffs}
    for s in symbols:
        combo = [mu * _q(g.coeffs[s]) for mu, g in zip(mus, poly) if s in g.coeffs]
        solver.add(coeffs.get(s, z3.RealVal(0)) == (z3.Sum(combo) if combo else z3.RealVal(0)))
    base = [mu * _q(g.const) for mu, g in zip(mus, poly) if g.const]
    solver.add(const - slack >= (z3.Sum(base) if base else z3.RealVal(0)))


@dataclass
class Transition:
    """A path with its full constraint set (path, invariants, continuation)."""

    src: int
    dst: int
    poly: list[Lin]
    post: dict[str, Lin]
    path: Path


class Synthesiser:
    """Ranking certificates for strongly connected sets of cut-points."""

    def __init__(self, variables: list[str], deadline: float) -> None:
        self.variables = variables
        self.deadline = deadline

    def _timeout(self, solver) -> bool:
        ms = int((self.deadline - time.monotonic()) * 1000)
        if ms <= 0:
            return False
        solver.set("timeout", ms)
        return True

    def solve(self, cutpoints: frozenset[int], transitions: list[Transition]) -> RankNode:
        """A `RankNode` for `cutpoints`; raises `NoRanking` naming the cut-points left."""
        node = RankNode(cutpoints)
        remaining = list(transitions)
        while True:
            parts = sccs(cutpoints, {(t.src, t.dst) for t in remaining})
            inside = [t for t in remaining if any(t.src in p and t.dst in p for p in parts)]
            if not parts:
                node.free_edges = {(t.src, t.dst) for t in remaining}
                return node
            if node.components and (len(parts) > 1 or parts[0] != cutpoints or len(inside) != len(remaining)):
                node.free_edges = {(t.src, t.dst) for t in remaining if t not in inside}
                for p in parts:
                    node.children.append(self.solve(p, [t for t in inside if t.src in p and t.dst in p]))
                return node
            if not node.components and (len(parts) > 1 or parts[0] != cutpoints or len(inside) != len(remaining)):
                # the transitions given are not strongly connected (some are infeasible)
                node.free_edges = {(t.src, t.dst) for t in remaining if t not in inside}
                for p in parts:
                    node.children.append(self.solve(p, [t for t in inside if t.src in p and t.dst in p]))
                return node
            found = self._linear(cutpoints, remaining)
            if found is not None:
                comp, ranked = found
                node.components.append(comp)
                remaining = [t for t in remaining if t not in ranked]
                continue
            phases = self._multiphase(cutpoints, remaining)
            if phases is not None:
                node.components.append(phases)
                return node
            raise NoRanking(cutpoints, "no linear, lexicographic or multiphase ranking function")

    # ----------------------------------------------------------- linear

    def _linear(self, cps: frozenset[int], trans: list[Transition]):
        """A function non-increasing on all of `trans`, bounded and decreasing
        on as many as possible; with the transitions it ranks."""
        # first the convex version: bounded everywhere, maximise the strict ones
        attempts: list[Transition | None] = [None, *trans]
        for focus in attempts:
            if time.monotonic() > self.deadline:
                return None
            opt = z3.Optimize()
            tpl = _Template(cps, self.variables)
            deltas = []
            for t in trans:
                d = z3.FreshReal("d")
                opt.add(d >= 0, d <= 1)
                deltas.append(d)
                dec = _sub(tpl.pre(t.src), tpl.post(t.dst, t.post))
                _farkas(opt, t.poly, dec, d)
                if focus is None or focus is t:
                    _farkas(opt, t.poly, tpl.pre(t.src))
                if focus is t:
                    opt.add(d == 1)
            opt.maximize(z3.Sum(deltas))
            opt.minimize(tpl.abs_sum(opt))
            opt.minimize(tpl.abs_sum(opt, constants=True))
            if not self._timeout(opt) or opt.check() != z3.sat:
                continue
            model = opt.model()
            values = [_frac(model.eval(d, model_completion=True)) for d in deltas]
            if not any(v > 0 for v in values):
                continue
            funcs = tpl.value(model)
            smallest = min(v for v in values if v > 0)
            if smallest < 1:
                funcs = {c: f.scale(1 / smallest) for c, f in funcs.items()}
            scaled = integral(funcs.values())
            funcs = dict(zip(funcs, scaled))
            ranked = [t for t, v in zip(trans, values) if v > 0 and self._bounded(t, funcs)]
            if not ranked:
                continue
            return Component("linear", [funcs]), ranked
        return None

    def _bounded(self, t: Transition, funcs: dict[int, Lin]) -> bool:
        """`funcs` at t's source is >= 0 on every integer point of t."""
        s = z3.Solver()
        if not self._timeout(s):
            return False
        syms = {}
        for g in t.poly:
            s.add(int_term(g, syms) >= 0)
        s.add(int_term(funcs[t.src], syms) < 0)
        return s.check() == z3.unsat

    # ------------------------------------------------------- multiphase

    def _multiphase(self, cps: frozenset[int], trans: list[Transition]) -> Component | None:
        for depth in range(2, MAX_PHASES + 1):
            if time.monotonic() > self.deadline:
                return None
            opt = z3.Optimize()
            tpls = [_Template(cps, self.variables) for _ in range(depth)]
            for t in trans:
                _farkas(opt, t.poly, _sub(tpls[0].pre(t.src), tpls[0].post(t.dst, t.post)), 1)
                for k in range(1, depth):
                    step = _sub(tpls[k].pre(t.src), tpls[k].post(t.dst, t.post))
                    _farkas(opt, t.poly, _add(step, tpls[k - 1].pre(t.src)), 1)
                _farkas(opt, t.poly, tpls[-1].pre(t.src))
            opt.minimize(z3.Sum([tp.abs_sum(opt) for tp in tpls]))
            opt.minimize(z3.Sum([tp.abs_sum(opt, constants=True) for tp in tpls]))
            if not self._timeout(opt) or opt.check() != z3.sat:
                continue
            model = opt.model()
            phases = [tp.value(model) for tp in tpls]
            flat = [f for ph in phases for f in ph.values()]
            scaled = iter(integral(flat))
            return Component("multiphase", [{c: next(scaled) for c in ph} for ph in phases])
        return None


def int_term(lin: Lin, syms: dict[str, z3.ArithRef]) -> z3.ArithRef:
    """`lin` over integer symbols (rational coefficients scaled away by the caller)."""
    terms = []
    for s, v in lin.coeffs.items():
        if s not in syms:
            syms[s] = z3.Int(s)
        terms.append(syms[s] * _q(v))
    terms.append(_q(lin.const))
    return z3.Sum(terms)


def prune(atoms: list[Lin], types: dict[str, ir.Type], deadline: float) -> list[Lin]:
    """`atoms` without those the others imply (over integers in the variables'
    ranges): the same set of states, written shorter."""
    out = list(atoms)
    for a in sorted(atoms, key=lambda a: (-len(a.coeffs), -abs(a.const))):  # keep the simplest
        rest = [b for b in out if b is not a]
        s = z3.Solver()
        ms = int((deadline - time.monotonic()) * 1000)
        if ms <= 0:
            return out
        s.set("timeout", min(ms, 1000))
        syms: dict[str, z3.ArithRef] = {}
        for g in [*rest, *(r for v in a.coeffs for r in _in_range(Lin.var(v), types[v]))]:
            s.add(int_term(g, syms) >= 0)
        for b in rest:
            for v in b.coeffs:
                for r in _in_range(Lin.var(v), types[v]):
                    s.add(int_term(r, syms) >= 0)
        s.add(int_term(a, syms) < 0)
        if s.check() == z3.unsat:
            out = rest
    return out


def feasible(poly: list[Lin], deadline: float) -> bool:
    """Some integer point satisfies `poly` (unknown counts as feasible)."""
    s = z3.Solver()
    ms = int((deadline - time.monotonic()) * 1000)
    if ms <= 0:
        return True
    s.set("timeout", min(ms, 2000))
    syms: dict[str, z3.ArithRef] = {}
    for g in poly:
        s.add(int_term(g, syms) >= 0)
    return s.check() != z3.unsat


__all__ = ["Lin", "Path", "PathBuilder", "linear_paths", "TooManyPaths", "Component", "RankNode",
           "NoRanking", "Synthesiser", "Transition", "sccs", "render", "render_atom", "integral",
           "feasible", "int_term", "prune", "type_range", "lin_of_ir", "compared_forms", "affine_ge0", "lin_items", "holds"]
