"""Summaries without a query: the strongest conjunction of candidate facts that
the clauses of `summaries.summary_problem` keep (Houdini).

Spacer (`summaries.solve`) needs a property to aim at; termination of recursion
and equivalence need facts about calls before they know which. Candidates are
bounds on each integer parameter (``n >= c``, ``n <= c``: for ``pre_f``) and
on a call's result alone and against each parameter (``r >= c``, ``r <= c``,
``r - n >= c``, ``r - n <= c``: for ``sum_f``), with ``c`` among the program's
small constants, their negations, 0 and ±1. Every clause (all variables
universally quantified) is checked with the current conjunctions read into
its body; a model that breaks a head's conjunction removes the candidates it
falsifies, until no clause breaks one. What is left is a solution of the
clauses: each clause is a validity query (`summaries.obligations`), which the
caller re-checks with both solvers before it relies on it.
"""

from __future__ import annotations

import time

import z3

from ...smt import subterms
from .summaries import Atom, Clause, SummaryProblem

#: Constants larger than this in absolute value are not tried (type bounds
#: such as 2147483647 follow from the ranges already).
MAX_CONSTANT = 10_000
#: Each z3 query of the fixpoint gets at most this long.
QUERY_S = 2.0


def candidate_atoms(problem: SummaryProblem) -> dict[str, list[z3.BoolRef]]:
    """The candidate facts of each predicate, over its formals."""
    consts = _constants(problem)
    out: dict[str, list[z3.BoolRef]] = {}
    for pred, formals in problem.formals.items():
        ints = [v for v in formals if v.sort() == z3.IntSort()]
        atoms: list[z3.BoolRef] = []
        if pred.startswith("pre_"):
            for v in ints:
                atoms += [a for c in consts for a in (v >= c, v <= c)]
        else:
            fn = problem.functions[pred[len("sum_"):]]
            result = formals[len(fn.params)] if len(formals) > len(fn.params) else None
            if result is not None and result.sort() == z3.IntSort():
                atoms += [a for c in consts for a in (result >= c, result <= c)]
                for v in ints[:len(fn.params)]:
                    atoms += [a for c in consts for a in (result - v >= c, result - v <= c)]
        out[pred] = atoms
    return out


def _constants(problem: SummaryProblem) -> list[int]:
    found = {0, 1, -1}
    for fp in problem.functions.values():
        for path in fp.paths:
            formulas = [path.exit_guard] + [c.guard for c in path.calls] + \
                [a for c in path.calls for a in c.args] + ([path.returns] if path.returns is not None else [])
            for f in formulas:
                for t in subterms(f):
                    if z3.is_int_value(t) and abs(t.as_long()) <= MAX_CONSTANT:
                        found |= {t.as_long(), -t.as_long()}
    return sorted(found)


def houdini(problem: SummaryProblem, deadline: float) -> dict[str, z3.BoolRef] | None:
    """The conjunction of the candidates every clause of `problem.base` keeps,
    per predicate; None when the deadline came first."""
    kept = candidate_atoms(problem)
    changed = True
    while changed:
        changed = False
        for clause in problem.base:
            if time.monotonic() >= deadline:
                return None
            changed |= _weaken(problem, clause, kept, deadline)
    return {pred: z3.And(*_strongest(atoms)) if atoms else z3.BoolVal(True) for pred, atoms in kept.items()}


def _strongest(atoms: list[z3.BoolRef]) -> list[z3.BoolRef]:
    """`atoms` without the bounds a stronger kept bound on the same term implies
    (an equivalent conjunction: the clauses still hold)."""
    best: dict[tuple[int, bool], tuple[int, z3.BoolRef]] = {}
    for a in atoms:
        term, bound = a.arg(0), a.arg(1).as_long()
        lower = z3.is_ge(a)
        key = (term.get_id(), lower)
        if key not in best or (bound > best[key][0] if lower else bound < best[key][0]):
            best[key] = (bound, a)
    return [a for _, a in best.values()]


def _weaken(problem: SummaryProblem, clause: Clause, kept: dict[str, list[z3.BoolRef]], deadline: float) -> bool:
    """Drop from the head's candidates those a model of the clause's body falsifies; True if any was."""
    pred, args = clause.head
    body = z3.And(*[_read(problem, kept, atom) for atom in clause.body], clause.constraint)
    dropped = False
    while kept[pred]:
        heads = [z3.substitute(a, *zip(problem.formals[pred], args)) for a in kept[pred]]
        s = z3.Solver()
        s.set("timeout", max(1, int(min(QUERY_S, deadline - time.monotonic()) * 1000)))
        s.add(body, z3.Not(z3.And(*heads)))
        answer = s.check()
        if answer == z3.unsat:
            break
        if answer != z3.sat:  # no answer: keep nothing rather than guess
            kept[pred] = []
            return True
        model = s.model()
        survivors = [a for a, h in zip(kept[pred], heads) if z3.is_true(model.eval(h, model_completion=True))]
        dropped = True
        kept[pred] = survivors
    return dropped


def _read(problem: SummaryProblem, kept: dict[str, list[z3.BoolRef]], atom: Atom) -> z3.BoolRef:
    pred, args = atom
    return z3.substitute(z3.And(*kept[pred]) if kept[pred] else z3.BoolVal(True), *zip(problem.formals[pred], args))


__all__ = ["candidate_atoms", "houdini", "MAX_CONSTANT"]
