"""Equivalence of recursive functions through their summaries: one Horn system
over both sides.

Where inlining stops at its bound, each side's functions get the predicates of
`engines.invariants.summaries` (``pre_f``: called with; ``sum_f``: returns, if
it returns), and one more clause relates the two targets on a shared input:

    ranges(x) ∧ sum_f(x, r1) ∧ sum_g(x, r2) ∧ r1 != r2 -> false

with every check of both sides as a query too (``pre ∧ path to a failing check
-> false``). A solution (Spacer's) says: no check fails, and whenever both
return, they return the same value: agreement whenever both end. Under total
equivalence each recursive side also needs a measure every recursive call
decreases (`engines.termination.recursion`), loop-free functions always end.

C only (a Python recursion deeper than CPython's limit raises
``RecursionError``, which the summaries do not model), scalar parameters and
results, and no function name shared by the two sides (the predicates are
named after the functions).
"""

from __future__ import annotations

import time

import z3

from .. import ir
from ..errors import AnalysisUnsupported
from ..int_reading import int_range
from ..solver import smt2
from ..engines.invariants.summaries import (Clause, SummaryProblem, certificate_text, obligations, solve_clauses,
                                            summary_problem)
from ..engines.invariants.rendering import render, tidy
from ..call_graph import recursive_functions
from ..engines.termination.recursion import rank_recursion


def summaries_answer(pa: ir.Program, fa: str, pb: ir.Program, fb: str, until: float, deadline: float,
                     partial: bool):
    """An `EngineAnswer` (``equal``, or ``partial`` when a side's termination is
    not shown), or None when the summaries prove nothing: Spacer has until
    `until`, the measures of the recursive calls until `deadline`."""
    from .check import EngineAnswer

    found = _relational(pa, fa, pb, fb, until)
    if found is None:
        return None
    text, proof = found
    engine = "summaries+spacer"
    if partial:
        return EngineAnswer("equal", engine, certificate_kind="summary", certificate_text=text, proof_smt2=proof,
                            termination="not required (--partial: agreement whenever both end)")
    ends = []
    for label, program, function in (("A", pa, fa), ("B", pb, fb)):
        if not recursive_functions(program, function):
            ends.append(f"{label}: no loop and no recursive call")
            continue
        ranking = rank_recursion(program, function, deadline)
        if not ranking.measures:
            from ..registry import UnknownReason

            why = UnknownReason.INCOMPLETE.describe(
                f"the functions agree whenever both end (summaries found; a yes under --partial), but "
                f"termination of {label} was not decided ({ranking.reason})")
            return EngineAnswer("partial", engine, certificate_kind="summary", certificate_text=text, reason=why)
        proof += [smt2(f) for f in ranking.obligations]
        ends.append(f"{label}: recursive calls decrease " +
                    "; ".join(f"{n}: {', '.join(levels)}" for n, levels in ranking.measures.items()))
    return EngineAnswer("equal", engine, certificate_kind="summary", certificate_text=text, proof_smt2=proof,
                        termination="; ".join(ends))


def _relational(pa: ir.Program, fa: str, pb: ir.Program, fb: str, deadline: float) -> tuple[str, list[str]] | None:
    """(the summaries of both sides, the SMT-LIB obligations) that show agreement whenever both end."""
    if pa.language != "c" or pb.language != "c":
        return None
    if not (recursive_functions(pa, fa) or recursive_functions(pb, fb)):
        return None
    try:
        a, b = summary_problem(pa, fa), summary_problem(pb, fb)
    except (AnalysisUnsupported, z3.Z3Exception):
        return None
    if set(a.preds) & set(b.preds):
        return None
    fn_a, fn_b = pa.functions[fa], pb.functions[fb]
    scalar = (ir.IntType, ir.BoolType)
    if not all(isinstance(t, scalar) for fn in (fn_a, fn_b) for t in [fn.ret_type, *[p.type for p in fn.params]]):
        return None
    if len(fn_a.params) != len(fn_b.params):
        return None
    xs, ys = a.functions[fa].params, b.functions[fb].params
    if any(x.sort() != y.sort() for x, y in zip(xs, ys)) or a.functions[fa].ret_sort != b.functions[fb].ret_sort:
        return None
    merged = SummaryProblem("c", {**a.functions, **b.functions}, {**a.preds, **b.preds},
                            {**a.formals, **b.formals}, {**a.shown, **b.shown})
    r1 = z3.Const("equiv!result_a", a.functions[fa].ret_sort)
    r2 = z3.Const("equiv!result_b", b.functions[fb].ret_sort)
    ranges = z3.And(a.functions[fa].param_ranges,
                    *[int_range(x, p.type) for x, p in zip(xs, fn_b.params) if x.sort() == z3.IntSort()])
    differ = Clause([(f"sum_{fa}", xs + [r1]), (f"sum_{fb}", xs + [r2])], z3.And(ranges, r1 != r2), None)
    checks = [q for problem in (a, b) for qs in problem.queries.values() for q in qs]
    clauses = a.base + b.base + checks + [differ]
    solution = solve_clauses(merged, clauses, deadline)
    if solution is None:
        return None
    proof = obligations(merged, clauses, solution)
    if not all(_valid(f, deadline) for f in proof):
        return None
    lines = []
    for problem, target in ((a, fa), (b, fb)):
        params = ", ".join(p.name for p in problem.functions[target].function.params)
        lines.append(f"{target}({params}) returns only when: "
                     f"{render(tidy(solution[f'sum_{target}']), problem.shown, 'c')}")
        callees = certificate_text(problem, solution, target)
        lines += [] if callees.startswith("true") else callees.splitlines()
    return "\n".join(dict.fromkeys(lines)), [smt2(f) for f in proof]


def _valid(negation: z3.BoolRef, deadline: float) -> bool:
    s = z3.Solver()
    s.set("timeout", max(1, int(min(2.0, deadline - time.monotonic()) * 1000)))
    s.add(negation)
    return s.check() == z3.unsat


__all__ = ["summaries_answer"]
