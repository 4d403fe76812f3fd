"""An invariant certificate as plain, quantifier-free validity queries.

Given one formula per loop head (over the transition system's state
constants), the certificate holds when every obligation below is
*unsatisfiable* (nondeterministic values are free constants; the entry is
true of every state):

- initiation, per block from the entry to a loop head `h`:
  ``guard ∧ ¬Inv_h(update)``
- consecution, per block from a loop head `g` to a loop head `h`:
  ``Inv_g ∧ guard ∧ ¬Inv_h(update)``
- safety, per error exit of a proved check (and of the inlining bound) at
  cut-point `c`: ``Inv_c ∧ cond``

Together they say the invariants contain every reachable state at the loop
heads and no reachable state fails the check. An initiation or consecution
obligation whose invariant multiplies variables is split into one query per
truth assignment of the if-then-else conditions in ``Inv_h(update)``
(`ite_cases`: a large block merges a loop body's branches, and solvers decide
products under such terms badly but each case readily); the cases cover
every state, so the split queries are all unsatisfiable exactly when the whole is. `obligations_smt2` gives the
SMT-LIB texts `verifier.crosscheck.recheck.recheck` hands to z3 and cvc5.
"""

from __future__ import annotations

import re

import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

import z3

from .encode import CheckKey, TransitionSystem
from .solver import smt2

__all__ = ["Obligation", "obligations", "obligations_smt2", "to_smt2", "failing_obligations", "portable", "check",
           "ite_cases"]


@dataclass
class Obligation:
    """One query that must be unsatisfiable: `kind` is ``initiation``,
    ``consecution`` or ``safety``; `what` says which block or check."""

    kind: str
    what: str
    formula: z3.BoolRef


def _place(ts: TransitionSystem, node: int) -> str:
    if node == ts.entry:
        return "entry"
    loop = ts.cfa.loops.get(node)
    return f"loop at line {loop.loc.line}" if loop is not None else f"node {node}"


def obligations(ts: TransitionSystem, invariant: dict[int, z3.BoolRef], keys: Iterable[CheckKey],
                state_facts: z3.BoolRef | None = None,
                nondet_facts: z3.BoolRef | None = None) -> list[Obligation]:
    """The obligations that make `invariant` a proof of `keys` (see the module docstring).

    `state_facts` (true of every state, e.g. the ranges of variables in a `bv`
    program's integer reading) and `nondet_facts` (of every nondeterministic
    value) are assumed at the start of every block."""
    keys = set(keys)
    heads = set(ts.cfa.loops)
    true = z3.BoolVal(True)
    assumed = [f for f in (state_facts, nondet_facts) if f is not None and not z3.is_true(f)]

    def inv(node: int) -> z3.BoolRef:
        return invariant.get(node, true) if node in heads else true

    out: list[Obligation] = []
    for b in ts.blocks:
        if b.dst not in heads:
            continue
        after = z3.substitute(inv(b.dst), *[(ts.current[n], t) for n, t in b.update.items()]) \
            if b.update else inv(b.dst)
        kind = "initiation" if b.src not in heads else "consecution"
        what = f"{_place(ts, b.src)} -> {_place(ts, b.dst)}"
        cases = ite_cases([after]) if _multiplies_cached(inv(b.dst)) else [([], [after])]
        for i, (case, (case_after,)) in enumerate(cases):
            label = what if len(cases) == 1 else f"{what} (case {i + 1} of {len(cases)})"
            out.append(Obligation(kind, label, z3.And(inv(b.src), *assumed, b.guard, *case, z3.Not(case_after))))
    for e in ts.errors:
        if e.key in keys or e.key[0] == "bound":
            kind, line, col = e.key
            out.append(Obligation("safety", f"{kind} at {line}:{col} from {_place(ts, e.src)}",
                                  z3.And(inv(e.src), *assumed, e.cond)))
    if not any(o.kind == "safety" for o in out):
        # no error exit at all: the check cannot fail; say so as an obligation too
        out.append(Obligation("safety", "no error exit", z3.BoolVal(False)))
    return out


#: Formulas with more if-then-else conditions than this are not split (2^n cases).
MAX_CASE_CONDITIONS = 4


def ite_cases(formulas: list[z3.BoolRef]) -> list[tuple[list[z3.BoolRef], list[z3.BoolRef]]]:
    """(assumptions, `formulas` each simplified under them), one pair per truth
    assignment of the conditions of the if-then-else terms in `formulas` (just
    ``([], formulas)`` without such terms or with more than `MAX_CASE_CONDITIONS`);
    the assumptions of the pairs cover every state."""
    conds: dict[int, z3.BoolRef] = {}
    seen: set[int] = set()
    stack: list[z3.ExprRef] = list(formulas)
    while stack:
        t = stack.pop()
        if t.get_id() in seen:
            continue
        seen.add(t.get_id())
        if z3.is_app_of(t, z3.Z3_OP_ITE):
            conds.setdefault(t.arg(0).get_id(), t.arg(0))
        if z3.is_app(t):
            stack.extend(t.children())
    if not conds or len(conds) > MAX_CASE_CONDITIONS:
        return [([], list(formulas))]
    out = []
    for values in product((True, False), repeat=len(conds)):
        pairs = [(c, z3.BoolVal(v)) for c, v in zip(conds.values(), values)]
        case = [c if v else z3.Not(c) for c, v in zip(conds.values(), values)]
        whole = z3.substitute(z3.And(*formulas), *pairs) if len(formulas) > 1 else None
        parts = whole.children() if whole is not None and z3.is_and(whole) and whole.num_args() == len(formulas) \
            else [z3.substitute(f, *pairs) for f in formulas]
        out.append((case, [z3.simplify(f) for f in parts]))
    return out


#: `_multiplies` of formulas seen lately, by AST id (with the formula: an id is reused
#: once its term is freed): one invariant is split into obligations many times over.
_MULTIPLIES: dict[int, tuple[z3.ExprRef, bool]] = {}
_MULTIPLIES_KEPT = 256


def _multiplies_cached(formula: z3.ExprRef) -> bool:
    known = _MULTIPLIES.get(formula.get_id())
    if known is not None and known[0].eq(formula):
        return known[1]
    if len(_MULTIPLIES) >= _MULTIPLIES_KEPT:
        _MULTIPLIES.clear()
    answer = _multiplies(formula)
    _MULTIPLIES[formula.get_id()] = (formula, answer)
    return answer


def _multiplies(formula: z3.ExprRef) -> bool:
    """Does `formula` multiply two non-constant terms?"""
    stack, seen = [formula], set()
    while stack:
        t = stack.pop()
        if t.get_id() in seen:  # a shared subterm once: terms are DAGs, walked as trees they blow up
            continue
        seen.add(t.get_id())
        if z3.is_app_of(t, z3.Z3_OP_MUL) and sum(not z3.is_int_value(c) for c in t.children()) > 1:
            return True
        if z3.is_app(t):
            stack.extend(t.children())
    return False


def portable(formula: z3.BoolRef) -> z3.BoolRef:
    """`formula` without z3's internal operators, so other solvers can read its SMT-LIB text.

    z3's simplifier writes ``bvsdiv_i``/``bvsrem_i``/``bvudiv_i``/``bvurem_i``/``bvsmod_i``
    (division known not to be by zero) and a nullary ``and``. A division by a
    non-zero numeral is the standard operator; by anything else it becomes
    ``ite(d = 0, f(a), op(a, d))`` with `f` uninterpreted, which is what z3
    means by the internal operator (no value is promised for a zero divisor)."""
    internal = {
        z3.Z3_OP_BSDIV_I: (lambda a, b: a / b, "bvsdiv0"),
        z3.Z3_OP_BSREM_I: (z3.SRem, "bvsrem0"),
        z3.Z3_OP_BUDIV_I: (z3.UDiv, "bvudiv0"),
        z3.Z3_OP_BUREM_I: (z3.URem, "bvurem0"),
        z3.Z3_OP_BSMOD_I: (lambda a, b: a % b, "bvsmod0"),
    }
    memo: dict[int, z3.ExprRef] = {}

    def go(t: z3.ExprRef) -> z3.ExprRef:
        key = t.get_id()
        if key in memo:
            return memo[key]
        if not z3.is_app(t) or t.num_args() == 0:
            if z3.is_and(t):
                out = z3.BoolVal(True)
            elif z3.is_or(t):
                out = z3.BoolVal(False)
            else:
                out = t
            memo[key] = out
            return out
        args = [go(c) for c in t.children()]
        kind = t.decl().kind()
        if kind in internal:
            op, name = internal[kind]
            a, d = args
            if z3.is_bv_value(d) and d.as_long() != 0:
                out = op(a, d)
            else:
                zero = z3.Function(f"{name}_{a.size()}", a.sort(), a.sort())
                out = z3.If(d == 0, zero(a), op(a, d))
        elif z3.is_and(t):
            out = z3.And(*args)
        elif z3.is_or(t):
            out = z3.Or(*args)
        elif any(not x.eq(y) for x, y in zip(args, t.children())):
            out = t.decl()(*args)
        else:
            out = t
        memo[key] = out
        return out

    return go(formula)


#: What `portable` rewrites, as z3 prints it: an internal division operator, or a nullary
#: ``and``/``or`` (printed bare, not after a parenthesis). Text without them is portable as it is.
_NOT_PORTABLE = re.compile(r"\b(?:bvsdiv|bvudiv|bvsrem|bvurem|bvsmod)_i\b|(?<!\()\b(?:and|or)\b")


def to_smt2(ob: Obligation) -> str:
    """`ob` as an SMT-LIB script whose `(check-sat)` must answer unsat."""
    text = smt2(ob.formula)  # printed by z3 itself; rewriting term by term in Python costs far more
    if _NOT_PORTABLE.search(text):
        text = smt2(portable(ob.formula))
    return f"; {ob.kind}: {ob.what}\n" + text


def obligations_smt2(ts: TransitionSystem, invariant: dict[int, z3.BoolRef],
                     keys: Iterable[CheckKey]) -> list[str]:
    """The obligations of `invariant` for `keys`, as SMT-LIB texts."""
    return [to_smt2(o) for o in obligations(ts, invariant, keys)]


def failing_obligations(obs: list[Obligation], deadline: float,
                        per_query_ms: int = 5000) -> list[Obligation] | None:
    """The obligations z3 does not find unsatisfiable (empty: all hold), or
    None if the deadline passed before every one was decided."""
    failed = []
    for ob in obs:
        r = check(ob.formula, deadline, per_query_ms)
        if r is None:
            return None
        if r:
            failed.append(ob)
    return failed


def check(formula: z3.BoolRef, deadline: float, per_query_ms: int = 5000) -> bool | None:
    """Is `formula` satisfiable (None: undecided by the deadline)? First with
    equalities solved away (non-linear obligations often become linear or
    trivial: ``2*s == n*(n-1)`` with ``i == n`` known), then plain z3."""
    for make in (_eliminating_solver, z3.Solver):
        remaining = int((deadline - time.monotonic()) * 1000)
        if remaining <= 0:
            return None
        s = make()
        s.set("timeout", max(1, min(remaining, per_query_ms // 2 if make is _eliminating_solver else per_query_ms)))
        s.add(formula)
        r = s.check()
        if r != z3.unknown:
            return r == z3.sat
    return None


def _eliminating_solver() -> z3.Solver:
    return z3.Then("simplify", "propagate-values", "solve-eqs", "smt").solver()
