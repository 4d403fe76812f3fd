"""Termination of recursive functions: a measure of the arguments that every
recursive call decreases.

The functions reachable from the one analysed must be loop-free (their paths
come from `engines.invariants.call_paths`, calls left as calls). A call from
`f` to `g` in the same strongly connected part of the call graph is a
*transition* from f's parameters to g's arguments, under the path condition
to the call, `pre_f` (what f is called with) and `sum_h` of every call made
earlier on the path (what it returned, if it returned). With every such
transition ranked by a lexicographic measure (one affine function of the
parameters per function and level, bounded below where it decreases), every
chain of nested calls is finite, and each function body being loop-free,
every execution ends (an execution that stops at a failing check ends too).

The transitions are over-approximated by polyhedra (`linear_cases`) and ranked
by `engines.ranking.Synthesiser`; nothing found there is trusted. The
certificate is the measure and the summaries, and its obligations, each an
unsatisfiability query on the exact integer reading, are:

- for each recursive call: ``pre ∧ path ∧ summaries ∧ ¬(lexicographic decrease)``;
- for each summary clause, when summaries are used: the clause's negation
  (`summaries.obligations`), so ``pre``/``sum`` are a solution of the clauses.

Summaries are tried in order: none (``true``), then the Houdini ones
(`summary_houdini`).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import z3

from ... import ir
from ...affine import Lin, render
from ...errors import AnalysisUnsupported
from ...int_reading import int_range
from ...call_graph import recursive_functions
from ..invariants.call_paths import CallSite
from ..invariants.summaries import SummaryProblem, certificate_text, obligations, summary_problem
from ..invariants.summary_houdini import houdini
from ..ranking import NoRanking, Path, RankNode, Synthesiser, Transition, feasible
from .linear_cases import LinearCases, TooManyCases, product_of_cases


@dataclass
class CallEdge:
    """A recursive call: `caller` calls `callee` with `args` on a path whose
    condition to the call is `guard`; `earlier` are the calls made before it on
    the path (callee, arguments, result or None, the result's range)."""

    caller: str
    callee: str
    args: list[z3.ExprRef]
    guard: z3.BoolRef
    earlier: list[tuple[str, list[z3.ExprRef], z3.ExprRef | None, z3.BoolRef]]


@dataclass
class RecursionRanking:
    """A checked certificate (measures per function, summaries used) or, when
    `measures` is empty, the `reason` none was found."""

    measures: dict[str, list[str]] = field(default_factory=dict)
    summaries: str = ""
    obligations: list[z3.BoolRef] = field(default_factory=list)
    reason: str = ""


def rank_recursion(program: ir.Program, function: str, deadline: float,
                   check_deadline: float | None = None) -> RecursionRanking:
    """A measure for every recursive call reachable from `function`, found by
    `deadline` and checked by z3 by `check_deadline` (default `deadline`; the
    caller re-checks `obligations` with cvc5 too)."""
    try:
        problem = summary_problem(program, function)
    except (AnalysisUnsupported, z3.Z3Exception) as exc:
        return RecursionRanking(reason=f"the functions cannot be summarized ({exc})")
    parts = recursive_functions(program, function)
    edges = call_edges(problem, parts)
    trivial = {pred: z3.BoolVal(True) for pred in problem.preds}
    reason = "no recursive call"
    for attempt in ("none", "houdini"):
        if time.monotonic() >= deadline:
            return RecursionRanking(reason="timeout while ranking the recursive calls")
        solution = trivial if attempt == "none" else houdini(problem, deadline)
        if solution is None:
            return RecursionRanking(reason="timeout while inferring summaries")
        try:
            found = _rank(problem, parts, edges, solution, deadline)
        except TooManyCases:
            return RecursionRanking(reason="the call paths split into too many linear cases")
        if isinstance(found, str):
            reason = found
            continue
        measures, conditions = found
        proof = [z3.And(_body(problem, e, solution), z3.Not(c)) for e, c in zip(edges, conditions)]
        used = attempt != "none"
        if used:
            proof += obligations(problem, problem.base, solution)
        if not all(_unsat(f, deadline if check_deadline is None else max(deadline, check_deadline)) for f in proof):
            reason = "the measure failed its check on the exact path conditions"
            continue
        text = certificate_text(problem, solution, function) if used else ""
        return RecursionRanking(measures, text, proof)
    return RecursionRanking(reason=reason)


def call_edges(problem: SummaryProblem, parts: list[list[str]]) -> list[CallEdge]:
    """Every call between two functions of the same strongly connected part."""
    part_of = {name: i for i, part in enumerate(parts) for name in part}
    edges = []
    for name, fp in problem.functions.items():
        for path in fp.paths:
            for i, call in enumerate(path.calls):
                if name in part_of and part_of.get(call.callee) == part_of[name]:
                    earlier = [(c.callee, c.args, c.result, _range(c)) for c in path.calls[:i]]
                    edges.append(CallEdge(name, call.callee, call.args, call.guard, earlier))
    return edges


def _range(call: CallSite) -> z3.BoolRef:
    return int_range(call.result, call.result_type) if call.result is not None else z3.BoolVal(True)


def _body(problem: SummaryProblem, edge: CallEdge, solution: dict[str, z3.BoolRef]) -> z3.BoolRef:
    """What holds when `edge`'s call is made: pre of the caller, its parameters'
    ranges, the path condition, the summaries of the calls made before."""
    fp = problem.functions[edge.caller]
    facts = [_read(problem, solution, f"pre_{edge.caller}", fp.params), fp.param_ranges, edge.guard]
    for callee, args, result, fact in edge.earlier:
        facts += [_read(problem, solution, f"sum_{callee}", args + ([result] if result is not None else [])), fact]
    return z3.And(*facts)


def _read(problem: SummaryProblem, solution: dict[str, z3.BoolRef], pred: str, args: list[z3.ExprRef]) -> z3.BoolRef:
    pairs = list(zip(problem.formals[pred], args))
    return z3.substitute(solution[pred], *pairs) if pairs else solution[pred]


# ------------------------------------------------------------- synthesis


def _rank(problem: SummaryProblem, parts: list[list[str]], edges: list[CallEdge],
          solution: dict[str, z3.BoolRef], deadline: float) -> tuple[dict[str, list[str]], list[z3.BoolRef]] | str:
    """(rendered measures per function, the decrease condition of each edge) or why none was found."""
    names = sorted({n for part in parts for n in part})
    index = {n: i for i, n in enumerate(names)}
    params = {n: [p for p in problem.functions[n].params if p.sort() == z3.IntSort()] for n in names}
    variables = [p.decl().name() for n in names for p in params[n]]
    reader = LinearCases(deadline=deadline)
    transitions: list[Transition] = []
    for edge in edges:
        transitions += _transitions(reader, problem, edge, solution, index, params, variables, deadline)
    roots: dict[str, RankNode] = {}
    for part in parts:
        cps = frozenset(index[n] for n in part)
        inside = [t for t in transitions if t.src in cps and t.dst in cps]
        try:
            node = Synthesiser(variables, deadline).solve(cps, inside)
        except NoRanking as exc:
            return f"no measure found for the recursion through {', '.join(part)} ({exc.reason})"
        if _has_multiphase(node):
            return f"the recursion through {', '.join(part)} needs a multiphase measure (not certified for calls)"
        for n in part:
            roots[n] = node
    symbols = {v: z3.Int(v) for v in variables}
    conditions = []
    for edge in edges:
        caller_terms = {p.decl().name(): p for p in params[edge.caller]}
        callee_terms = {p.decl().name(): a for p, a in zip(problem.functions[edge.callee].params, edge.args)
                        if p.sort() == z3.IntSort()}
        conditions.append(_decrease(roots[edge.caller], index[edge.caller], index[edge.callee],
                                    lambda lin: reader.as_z3(lin, {**symbols, **caller_terms}),
                                    lambda lin: reader.as_z3(lin, {**symbols, **callee_terms})))
    measures = {n: _rendered(roots[n], index[n], problem) for n in names}
    return measures, conditions


def _transitions(reader: LinearCases, problem: SummaryProblem, edge: CallEdge, solution: dict[str, z3.BoolRef],
                 index: dict[str, int], params: dict[str, list[z3.ExprRef]], variables: list[str],
                 deadline: float) -> list[Transition]:
    """The polyhedra of `edge`, each a transition from the caller's parameters to the callee's."""
    callee_params = problem.functions[edge.callee].params
    arg_cases = [reader.terms(a) if p.sort() == z3.IntSort() else [([[]], Lin.num(0))]
                 for p, a in zip(callee_params, edge.args)]
    # infeasible cases of the call's condition dropped before they multiply with the arguments' cases
    body_cases = [c for c in _cases(reader, _body(problem, edge, solution), deadline) if feasible(c, deadline)]
    src, dst = index[edge.caller], index[edge.callee]
    out = []
    for combo in itertools.product(*arg_cases):
        post = {v: Lin.num(0) for v in variables}
        conds = [body_cases]
        for p, (cond, value) in zip(callee_params, combo):
            if p.sort() == z3.IntSort():
                post[p.decl().name()] = value
                conds.append(cond)
        for poly in product_of_cases(conds):
            poly = reader.closed(poly + [g for v in post.values() for g in reader.facts(set(v.coeffs))])
            if time.monotonic() >= deadline or not feasible(poly, deadline):
                continue
            out.append(Transition(src, dst, poly, post, Path(src, dst, poly, post, False)))
    return out


def _cases(reader: LinearCases, f: z3.BoolRef, deadline: float) -> list[list[Lin]]:
    """The cases of `f`; when they are too many, those of its conjuncts taken one
    by one, each left out when it would make too many (leaving out a conjunct
    only enlarges the set, so the cases still cover `f`)."""
    try:
        return reader.cases(f)
    except TooManyCases:
        pass
    out: list[list[Lin]] = [[]]
    for conjunct in _conjuncts(z3.simplify(f)):
        try:
            joined = product_of_cases([out, reader.cases(conjunct)])
        except TooManyCases:
            continue
        out = [c for c in joined if feasible(c, deadline)]
    return out


def _conjuncts(f: z3.BoolRef) -> list[z3.BoolRef]:
    return [g for c in f.children() for g in _conjuncts(c)] if z3.is_and(f) else [f]


def _has_multiphase(node: RankNode) -> bool:
    return any(c.kind != "linear" for c in node.components) or any(_has_multiphase(ch) for ch in node.children)


def _decrease(node: RankNode, src: int, dst: int, pre, post) -> z3.BoolRef:
    """The lexicographic decrease from `src` to `dst` the tree `node` certifies:
    some level decreases while bounded below, the levels before it do not increase;
    or, between two parts the levels left acyclic, none of them increases."""
    options, prefix = [], []
    for comp in node.components:
        before, after = pre(comp.phases[0][src]), post(comp.phases[0][dst])
        options.append(z3.And(*prefix, before >= 0, after <= before - 1))
        prefix.append(after <= before)
    child = next((c for c in node.children if src in c.cutpoints and dst in c.cutpoints), None)
    if child is not None:
        options.append(z3.And(*prefix, _decrease(child, src, dst, pre, post)))
    elif (src, dst) in node.free_edges and src != dst:
        options.append(z3.And(*prefix))
    return z3.Or(*options) if options else z3.BoolVal(False)


def _rendered(node: RankNode, cp: int, problem: SummaryProblem) -> list[str]:
    """The levels of `cp`'s measure, over the source's parameter names."""
    out = []
    while node is not None:
        out += [render(c.phases[0][cp], problem.shown) for c in node.components]
        node = next((ch for ch in node.children if cp in ch.cutpoints), None)
    return out


def _unsat(f: z3.BoolRef, deadline: float) -> bool:
    s = z3.Solver()
    s.set("timeout", max(1, int(min(5.0, deadline - time.monotonic()) * 1000)))
    s.add(f)
    return s.check() == z3.unsat


__all__ = ["CallEdge", "RecursionRanking", "call_edges", "rank_recursion"]
