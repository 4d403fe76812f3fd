"""Houdini for polynomial candidates: inductiveness decided on linear abstractions.

`inductive_subset` keeps the largest subset of candidate facts (per loop head)
that every block into a loop head preserves. Each query is made linear
(`Linearizer`): polynomials are expanded into sums of monomials (z3's
``som`` simplification) and each product of variables becomes a fresh
variable, with sign facts about it (a square is at least 0; a product of
non-negative factors is too). The abstraction has more models than the
program, so an *unsat* answer (the candidates are preserved) holds for the
program too, and z3 decides linear integer queries quickly and completely
where products make it answer unknown or time out; a model of the abstraction
may be spurious, which only drops a candidate that might have been kept.
Consecution of a polynomial equality under polynomial updates is usually a
linear consequence of the equalities before the step (``x*u + y*v == a*b``
after ``x -= y; v += u``), or of them multiplied by a variable (`_multiples`:
``x*z - x - y + 1 == 0`` after ``x = x*z + 1; y = y*z``), or by a quotient the
block computes (``(x div y)*(a*q + b*s - y) == 0`` after egcd's
``q = p - (x div y)*q``), so little is lost.

Blocks are checked case by case on the conditions of their if-then-else terms
(`invariant_certificate.ite_cases`: a large block merges a loop body's branches,
and updates under such terms do not expand into monomials).
"""

from __future__ import annotations

import time

import z3

from ...invariant_certificate import ite_cases
from ...smt import subterms
from ...solver import check
from .horn import HornView, Invariant
from .rendering import conj

__all__ = ["inductive_subset", "Linearizer"]

#: z3's limit per linear query (they take milliseconds; the limit guards against the odd hard one).
QUERY_MS = 500


class Linearizer:
    """Formulas with each product of variables replaced by a fresh integer variable
    (the same product by the same variable), and sign facts about those variables."""

    def __init__(self) -> None:
        self._products: dict[tuple[str, ...], tuple[z3.ArithRef, list[z3.ArithRef]]] = {}
        self._divisions: dict[tuple[str, int], z3.ArithRef] = {}
        # by AST id, with the term itself: holding it keeps its id from being reused
        self._memo: dict[int, tuple[z3.ExprRef, z3.ExprRef]] = {}

    def linear(self, f: z3.BoolRef) -> z3.BoolRef:
        """`f` with sums of monomials for polynomials and a variable per product."""
        return self._walk(z3.simplify(f, som=True))

    def linear_term(self, t: z3.ArithRef) -> z3.ArithRef:
        """The integer term `t` as a sum of monomials, a variable per product."""
        return self._walk(z3.simplify(t, som=True))

    def division_facts(self, multipliers: list[z3.ArithRef]) -> list[z3.BoolRef]:
        """For each division by a numeral `c` met so far, ``t == c*(t div c) + t mod c``,
        linearized, and the same times each of `multipliers` (``x*y == 2*x*(y div 2)
        + x*(y mod 2)``: what a halving step needs)."""
        out = []
        for (_, c), t in list(self._divisions.items()):
            diff = t - c * (t / c) - t % c
            out.append(self.linear_term(diff) == 0)
            out += [self.linear_term(v * diff) == 0 for v in multipliers]
        return out

    def lemmas(self) -> list[z3.BoolRef]:
        """Facts true of the products: ``m == 0`` if a factor is 0; ``m >= 0`` for a
        square, and for the others whenever every factor is non-negative."""
        out = []
        for key, (var, factors) in self._products.items():
            out.append(z3.Implies(z3.Or([f == 0 for f in factors]), var == 0))
            if all(key.count(k) % 2 == 0 for k in set(key)):
                out.append(var >= 0)
            else:
                out.append(z3.Implies(z3.And([f >= 0 for f in factors]), var >= 0))
        return out

    def _walk(self, t: z3.ExprRef) -> z3.ExprRef:
        key = t.get_id()
        if key in self._memo:
            return self._memo[key][1]
        if (z3.is_app_of(t, z3.Z3_OP_IDIV) or z3.is_app_of(t, z3.Z3_OP_MOD)) and z3.is_int_value(t.arg(1)) \
                and t.arg(1).as_long() != 0:
            self._divisions.setdefault((t.arg(0).sexpr(), t.arg(1).as_long()), t.arg(0))
        if z3.is_app_of(t, z3.Z3_OP_MUL):
            numerals = [c for c in t.children() if z3.is_int_value(c) or z3.is_rational_value(c)]
            factors = [self._walk(c) for c in t.children() if not (z3.is_int_value(c) or z3.is_rational_value(c))]
            if len(factors) >= 2 and all(f.sort() == z3.IntSort() for f in factors):
                out = self._product(factors)
                for c in numerals:
                    out = c * out
            else:
                out = t.decl()(*[self._walk(c) for c in t.children()])
        elif z3.is_app(t) and t.num_args() > 0:
            out = t.decl()(*[self._walk(c) for c in t.children()])
        else:
            out = t
        self._memo[key] = (t, out)
        return out

    def _product(self, factors: list[z3.ArithRef]) -> z3.ArithRef:
        key = tuple(sorted(f.sexpr() for f in factors))
        if key not in self._products:
            self._products[key] = (z3.Int(f"product!{len(self._products)}"), factors)
        return self._products[key][0]


def inductive_subset(view: HornView, candidates: dict[int, list[z3.BoolRef]], deadline: float,
                     query_ms: int = QUERY_MS) -> Invariant | None:
    """The largest subset of `candidates` (per loop head) that every block into a
    loop head preserves, as the linear abstraction decides (see the module
    docstring), or None past `deadline`."""
    ts = view.ts
    heads = set(ts.cfa.loops)
    cands = {h: list(candidates.get(h, [])) for h in heads}
    lin = Linearizer()
    linear = {h: [lin.linear(c) for c in cs] for h, cs in cands.items()}
    variables = {h: _variables(cs) for h, cs in cands.items()}
    multiples = {h: [_multiples(c, variables[h], lin) for c in cs] for h, cs in cands.items()}
    # per block: its facts, and for each case its assumptions and every candidate after the block
    steps = []
    for b in view.loop_blocks():
        if time.monotonic() >= deadline:
            return None
        subst = [(ts.current[n], v) for n, v in b.update.items()]
        posts = _substituted(cands[b.dst], subst)
        facts = [lin.linear(f) for f in (view.state_facts, view.nondet_facts, b.guard)]
        cases = []
        divides = b.src in heads and bool(_quotients(list(b.update.values())))
        for case, case_posts in ite_cases(posts):
            # the equalities before the block times each quotient by a variable in it (egcd's
            # ``q' = p - (x div y)*q`` keeps ``a*q + b*s == y`` only as (x div y) times it)
            quotients = _quotients([p for p in case_posts if z3.is_eq(p)]) if divides else []
            by_quotients = {i: [f for d in quotients for f in _multiples(c, [d], lin)]
                            for i, c in enumerate(cands[b.src])} if quotients else {}
            cases.append(([lin.linear(f) for f in case], [lin.linear(p) for p in case_posts], by_quotients))
        steps.append((b, facts, cases))
    lemmas = lin.division_facts(_variables([c for cs in cands.values() for c in cs]))
    lemmas += lin.lemmas()
    live = {h: set(range(len(cs))) for h, cs in cands.items()}
    changed = True
    while changed:
        changed = False
        for b, facts, cases in steps:
            if not live[b.dst]:
                continue
            before = [f for i in sorted(live[b.src]) for f in [linear[b.src][i], *multiples[b.src][i]]] \
                if b.src in heads else []
            keep = set(live[b.dst])
            for case, posts, by_quotients in cases:
                solver = z3.Solver()
                solver.add(*facts, *before, *case, *lemmas)
                if by_quotients:
                    solver.add(*(f for i in sorted(live[b.src]) for f in by_quotients[i]))
                kept = _kept(solver, {i: posts[i] for i in sorted(keep)}, deadline, query_ms)
                if kept is None:
                    return None
                keep &= kept
            if keep != live[b.dst]:
                live[b.dst] = keep
                changed = True
    return {h: conj([c for i, c in enumerate(cands[h]) if i in live[h]]) for h in heads}


def _quotients(formulas: list[z3.BoolRef]) -> list[z3.ArithRef]:
    """The integer divisions and remainders by a non-numeral in `formulas` (``x div y``)."""
    return [t for t in subterms(*formulas)
            if (z3.is_app_of(t, z3.Z3_OP_IDIV) or z3.is_app_of(t, z3.Z3_OP_MOD))
            and not z3.is_int_value(z3.simplify(t.arg(1)))]


def _variables(formulas: list[z3.BoolRef]) -> list[z3.ArithRef]:
    """The integer variables of `formulas`, in order of first occurrence."""
    out: dict[str, z3.ArithRef] = {}
    seen: set[int] = set()
    stack = list(reversed(formulas))
    while stack:
        t = stack.pop()
        if t.get_id() in seen:
            continue
        seen.add(t.get_id())
        if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED and t.sort() == z3.IntSort():
            out.setdefault(t.decl().name(), t)
        stack.extend(reversed(t.children()))
    return list(out.values())


def _multiples(f: z3.BoolRef, variables: list[z3.ArithRef], lin: Linearizer) -> list[z3.BoolRef]:
    """For an integer equality ``l == r``: ``v*(l - r) == 0`` for each of `variables`,
    linearized (what the abstraction needs to multiply an equality through:
    ``x' == x*z + 1`` keeps ``x*z - x - y + 1 == 0`` only as `z` times it)."""
    if not (z3.is_eq(f) and f.arg(0).sort() == z3.IntSort()):
        return []
    diff = f.arg(0) - f.arg(1)
    # as a term: z3 simplifies the equality ``v*d == 0`` into ``v == 0 or d == 0``
    return [lin.linear_term(v * diff) == 0 for v in variables]


def _substituted(formulas: list[z3.BoolRef], subst: list[tuple[z3.ExprRef, z3.ExprRef]]) -> list[z3.BoolRef]:
    """Each of `formulas` with `subst` applied (in one call to z3: it is slow per formula)."""
    if not subst or not formulas:
        return list(formulas)
    whole = z3.substitute(z3.And(*formulas), *subst) if len(formulas) > 1 else None
    if whole is not None and z3.is_and(whole) and whole.num_args() == len(formulas):
        return whole.children()
    return [z3.substitute(f, *subst) for f in formulas]


def _kept(solver: z3.Solver, posts: dict[int, z3.BoolRef], deadline: float, query_ms: int) -> set[int] | None:
    """The indices of `posts` that `solver`'s assertions imply (as far as z3 decides
    within `query_ms` each), or None past `deadline` or on a model that falsifies none."""
    posts = dict(posts)
    while posts:
        if time.monotonic() >= deadline:
            return None
        found = check(solver, deadline, z3.Or([z3.Not(p) for p in posts.values()]), cap_s=query_ms / 1000)
        if found.unsat:
            break
        if found.sat:
            drop = {i for i, p in posts.items() if z3.is_false(found.model.eval(p, model_completion=True))}
            if not drop:
                return None  # a model that falsifies nothing: give up rather than loop
        else:
            drop = {i for i, p in posts.items() if not check(solver, deadline, z3.Not(p), cap_s=query_ms / 1000).unsat}
            if not drop:
                break  # each holds alone: so does their conjunction
        posts = {i: p for i, p in posts.items() if i not in drop}
    return set(posts)
