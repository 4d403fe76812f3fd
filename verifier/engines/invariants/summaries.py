"""Prove checks of recursive programs with function summaries (non-linear Horn clauses, z3 Spacer).

Where inlining stops at `cfa.MAX_INLINE_DEPTH` (a ``bound`` check), this engine
gives each function `f` reachable from the one proved two predicates, over the
exact integer reading of its values (`call_paths`):

    pre_f(params)          f may be called with these arguments
    sum_f(params, result)  a call with these arguments may return `result`

and one clause per path of each function (all variables universally quantified):

    ranges(inputs)                                        -> pre_main(inputs)
    pre_f(p) ∧ path to the call ∧ sum of earlier calls     -> pre_g(args)
    pre_f(p) ∧ path to the exit ∧ sum of its calls         -> sum_f(p, returned)
    pre_f(p) ∧ path to a failing check ∧ sum of earlier calls -> false

A solution (one formula per predicate, found by Spacer) is the certificate:
printed C-like or Python-like (``fib(n) >= 0 && (n <= 1 || fib(n) >= n - 1)``),
it is re-checked clause by clause, each clause with the formulas substituted a
validity query (SMT-LIB text: z3 here, then z3 and cvc5 in `crosscheck.recheck`).
The engine answers only yes: a check it cannot prove is left to the others
(a counterexample of the clauses is no replayable run). Recursion depth is no
proof of termination: a summary says what a call returns *if* it returns.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from ... import ir
from ...cfa import BOUND_CHECK, Check, build_cfa
from ...encode import CheckKey, CheckSite
from ...errors import AnalysisUnsupported
from ...int_reading import int_range
from ...result import Verdict
from ...smt import subterms
from ...solver import smt2
from ..outcome import SUMMARY_ENGINE, CheckOutcome
from .call_paths import FunctionPaths, callees, function_paths
from .horn import quantifier_free, solve_with_restarts
from .rendering import render

#: The engine's name in outcomes (a yes from it stands although inlining hit its bound).
#: Share of the budget for proving all checks at once (then each alone splits the rest).
FIRST_SHARE = 0.4
#: Each in-process validity query of a certificate gets at most this long.
CLAUSE_CHECK_S = 2.0

Atom = tuple[str, list[z3.ExprRef]]  # (predicate name, arguments)


@dataclass
class Clause:
    """`body atoms ∧ constraint -> head` (head None: false)."""

    body: list[Atom]
    constraint: z3.BoolRef
    head: Atom | None


@dataclass
class SummaryProblem:
    """The clauses of a program's summaries: predicates by name with their formal
    parameters (named for display), the clauses every proof shares, and the
    queries of each check."""

    language: str
    functions: dict[str, FunctionPaths]
    preds: dict[str, z3.FuncDeclRef] = field(default_factory=dict)
    formals: dict[str, list[z3.ExprRef]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    base: list[Clause] = field(default_factory=list)
    queries: dict[CheckKey, list[Clause]] = field(default_factory=dict)
    sites: dict[CheckKey, CheckSite] = field(default_factory=dict)
    called: set[str] = field(default_factory=set)


def summary_problem(program: ir.Program, target: str) -> SummaryProblem:
    """The clauses for `target` and every function it reaches (raises
    `AnalysisUnsupported` where a function cannot be summarized)."""
    problem = SummaryProblem(program.language, {})
    order, seen = [target], {target}
    for name in order:
        problem.called |= callees(program, name)
        for callee in sorted(callees(program, name)):
            if callee not in seen:
                seen.add(callee)
                order.append(callee)
    for name in order:
        fn = program.functions[name]
        if any(isinstance(p.type, ir.ArrayType) for p in fn.params) or isinstance(fn.ret_type, ir.ArrayType):
            raise AnalysisUnsupported(f"{name} takes or returns an array", fn.loc)
        fp = function_paths(program, name)
        problem.functions[name] = fp
        _declare(problem, fp)
    target_paths = problem.functions[target]
    problem.base.append(Clause([], target_paths.param_ranges, (f"pre_{target}", target_paths.params)))
    for name, fp in problem.functions.items():
        _path_clauses(problem, name, fp)
    return problem


def _declare(problem: SummaryProblem, fp: FunctionPaths) -> None:
    name = fp.function.name
    sorts = [p.sort() for p in fp.params]
    problem.preds[f"pre_{name}"] = z3.Function(f"pre_{name}", *sorts, z3.BoolSort())
    problem.formals[f"pre_{name}"] = list(fp.params)
    result = [] if fp.ret_sort is None else [z3.Const(f"{name}!__result", fp.ret_sort)]
    problem.preds[f"sum_{name}"] = z3.Function(f"sum_{name}", *sorts, *[r.sort() for r in result], z3.BoolSort())
    problem.formals[f"sum_{name}"] = list(fp.params) + result
    params = [p.name for p in fp.function.params]
    problem.shown.update({f"{name}!{p}": p for p in params})
    if result:
        problem.shown[f"{name}!__result"] = f"{name}({', '.join(params)})"


def _path_clauses(problem: SummaryProblem, name: str, fp: FunctionPaths) -> None:
    entry: Atom = (f"pre_{name}", fp.params)
    for path in fp.paths:
        done: list[_Made] = []
        for i, call in enumerate(path.calls):
            for failure in path.failures:
                if failure.calls_before == i:
                    _query(problem, failure, _clause(fp, entry, done, failure.cond, None))
            problem.base.append(_clause(fp, entry, done, call.guard, (f"pre_{call.callee}", call.args)))
            result = [call.result] if call.result is not None else []
            fact = int_range(call.result, call.result_type) if call.result is not None else z3.BoolVal(True)
            done.append(_Made((f"sum_{call.callee}", call.args + result), call.result, fact))
        for failure in path.failures:
            if failure.calls_before == len(path.calls):
                _query(problem, failure, _clause(fp, entry, done, failure.cond, None))
        returned = [path.returns] if path.returns is not None else []
        problem.base.append(_clause(fp, entry, done, path.exit_guard, (f"sum_{name}", fp.params + returned)))


@dataclass
class _Made:
    """A call made earlier on a path: its summary atom, its result, the result's range."""

    atom: Atom
    result: z3.ExprRef | None
    fact: z3.BoolRef


def _clause(fp: FunctionPaths, entry: Atom, done: list[_Made], constraint: z3.BoolRef, head: Atom | None) -> Clause:
    """The clause `pre(params) ∧ ranges ∧ constraint ∧ summaries -> head`, with the
    summaries of only those earlier calls whose results it reads (directly or
    through the arguments of another such call). Leaving an atom out of a body
    only asks more of the solution: sound, and smaller clauses for Spacer."""
    needed = _names(constraint) | {n for a in (head[1] if head else []) for n in _names(a)}
    chosen: list[_Made] = []
    for made in reversed(done):  # a call's arguments read only results of calls before it
        if made.result is not None and made.result.decl().name() in needed:
            chosen.append(made)
            needed |= {n for a in made.atom[1] for n in _names(a)}
    chosen.reverse()
    body_facts = [fp.param_ranges, *[m.fact for m in chosen], constraint]
    return Clause([entry, *[m.atom for m in chosen]], z3.And(*body_facts), head)


def _names(term: z3.ExprRef) -> set[str]:
    return {c.decl().name() for c in _constants(term)}


def _query(problem: SummaryProblem, failure, clause: Clause) -> None:
    key = failure.site.key
    problem.queries.setdefault(key, []).append(clause)
    problem.sites.setdefault(key, failure.site)


# ------------------------------------------------------------------ solving


def rules(problem: SummaryProblem, clauses: list[Clause]) -> list[z3.BoolRef]:
    """`clauses` as universally quantified implications over the predicates."""
    out = []
    for c in clauses:
        body = z3.And(*[problem.preds[p](*args) for p, args in c.body], c.constraint)
        head = problem.preds[c.head[0]](*c.head[1]) if c.head is not None else z3.BoolVal(False)
        formula = z3.Implies(body, head)
        consts = [c for c in _constants(formula) if c.decl().name() not in problem.preds]
        out.append(z3.ForAll(consts, formula) if consts else formula)
    return out


def _constants(f: z3.ExprRef) -> list[z3.ExprRef]:
    found: dict[str, z3.ExprRef] = {}
    for t in subterms(f):
        if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            found.setdefault(t.decl().name(), t)
    return list(found.values())


def sliced(base: list[Clause], queries: list[Clause]) -> list[Clause]:
    """The clauses of `base` whose head predicate the `queries` depend on (through clause bodies)."""
    by_head: dict[str, list[Clause]] = {}
    for c in base:
        by_head.setdefault(c.head[0], []).append(c)
    wanted = {p for q in queries for p, _ in q.body}
    stack = list(wanted)
    while stack:
        for c in by_head.get(stack.pop(), []):
            for p, _ in c.body:
                if p not in wanted:
                    wanted.add(p)
                    stack.append(p)
    return [c for c in base if c.head[0] in wanted]


def obligations(problem: SummaryProblem, clauses: list[Clause], solution: dict[str, z3.BoolRef]) -> list[z3.BoolRef]:
    """One formula per clause that is unsatisfiable iff the clause holds with the
    predicates read as `solution` (a formula over each predicate's formals)."""

    def read(atom: Atom) -> z3.BoolRef:
        pred, args = atom
        return z3.substitute(solution[pred], *zip(problem.formals[pred], args))

    out = []
    for c in clauses:
        head = read(c.head) if c.head is not None else z3.BoolVal(False)
        out.append(z3.Not(z3.Implies(z3.And(*[read(a) for a in c.body], c.constraint), head)))
    return out


def solve(problem: SummaryProblem, keys: set[CheckKey], deadline: float) -> dict[str, z3.BoolRef] | None:
    """Spacer's solution of the clauses for `keys` (None: unsolved by `deadline`)."""
    queries = [q for k in sorted(keys) for q in problem.queries[k]]
    return solve_clauses(problem, sliced(problem.base, queries) + queries, deadline)


def solve_clauses(problem: SummaryProblem, clauses: list[Clause], deadline: float) -> dict[str, z3.BoolRef] | None:
    """Spacer's solution of `clauses` over `problem`'s predicates, each a formula
    over the predicate's formals (``true`` for those no clause names); None:
    unsolved by `deadline`, or a solution Spacer gives only with quantifiers."""
    status, solver, _why = solve_with_restarts(rules(problem, clauses), deadline)
    if status != z3.sat or solver is None:
        return None
    model = solver.model()
    used = {p for c in clauses for p, _ in c.body} | {c.head[0] for c in clauses if c.head is not None}
    solution = {pred: z3.BoolVal(True) for pred in problem.preds if pred not in used}
    for pred, decl in problem.preds.items():
        if pred not in used:
            continue
        value = quantifier_free(model.eval(decl(*problem.formals[pred]), model_completion=False))
        if any(z3.is_quantifier(t) or (z3.is_app(t) and t.decl().name() in problem.preds) for t in subterms(value)):
            return None
        solution[pred] = z3.simplify(value)
    return solution


def certificate_text(problem: SummaryProblem, solution: dict[str, z3.BoolRef], target: str) -> str:
    """Each function's summary (and, for callees, what it is called with), in the source's syntax."""
    language = "python" if problem.language == "python" else "c"
    lines = []
    for name, fp in problem.functions.items():
        call = f"{name}({', '.join(p.name for p in fp.function.params)})"
        pre, summary = solution[f"pre_{name}"], solution[f"sum_{name}"]
        if name != target and not z3.is_true(pre):
            lines.append(f"{call} is called only when: {render(pre, problem.shown, language)}")
        if not z3.is_true(summary) and (name != target or name in problem.called):
            lines.append(f"{call} returns only when: {render(summary, problem.shown, language)}")
    return "\n".join(lines) or "true (no fact about any call is needed)"


def check_sites(program: ir.Program, function: str) -> dict[CheckKey, CheckSite]:
    """Every check of `function` as summaries see it, and the inlining bound's
    cut-offs (for a run whose inlined encoding did not finish: while a cut-off may
    be reached, only summary proofs stand); {} where it cannot be summarized."""
    try:
        sites = dict(summary_problem(program, function).sites)
        cfa = build_cfa(program, function)
    except (AnalysisUnsupported, z3.Z3Exception):
        return {}
    for edge in cfa.edges:
        if isinstance(edge.action, Check) and edge.action.kind == BOUND_CHECK:
            site = CheckSite(BOUND_CHECK, edge.action.loc, edge.action.text)
            sites.setdefault(site.key, site)
    return sites


def run_summaries(program: ir.Program, function: str, keys: set[CheckKey] | None, deadline: float) -> dict:
    """Outcomes (yes only, engine `SUMMARY_ENGINE`) for the `keys` of `function`
    (every check if None) proved with summaries by `deadline`; {} where the
    program cannot be summarized."""
    try:
        problem = summary_problem(program, function)
    except (AnalysisUnsupported, z3.Z3Exception):
        return {}
    open_keys = {k for k in problem.queries if keys is None or k in keys}
    found: dict[CheckKey, CheckOutcome] = {}
    attempts = [open_keys] + ([{k} for k in sorted(open_keys)] if len(open_keys) > 1 else [])
    for i, attempt in enumerate(attempts):
        attempt = attempt - set(found)
        now = time.monotonic()
        if not attempt or now >= deadline:
            continue
        # all checks together first, then each alone: each attempt gets its share of what is left
        share = FIRST_SHARE if i == 0 and len(attempts) > 1 else 1 / (len(attempts) - i)
        solution = solve(problem, attempt, now + share * (deadline - now))
        if solution is None:
            continue
        found.update(_certified(problem, solution, attempt, function, deadline))
    return found


def _certified(problem: SummaryProblem, solution, keys: set[CheckKey], function: str, deadline: float) -> dict:
    """Outcomes for `keys` whose every clause z3 confirms under `solution`: the
    check's queries and the clauses of every predicate they depend on (`sliced`)."""
    text = certificate_text(problem, solution, function)
    out = {}
    for key in keys:
        base = obligations(problem, sliced(problem.base, problem.queries[key]), solution)
        own = obligations(problem, problem.queries[key], solution)
        if all(_valid(f, deadline) for f in base + own):
            out[key] = CheckOutcome(key, Verdict.YES, SUMMARY_ENGINE, certificate_kind="summary",
                                    certificate_text=text, proof_smt2=[smt2(f) for f in base + own])
    return out


def _valid(negation: z3.BoolRef, deadline: float) -> bool:
    """Is `negation` (a clause's negation) unsatisfiable, by z3 within the deadline?"""
    s = z3.Solver()
    s.set("timeout", max(1, int(min(CLAUSE_CHECK_S, deadline - time.monotonic()) * 1000)))
    s.add(negation)
    return s.check() == z3.unsat


__all__ = ["Clause", "SummaryProblem", "certificate_text", "check_sites", "obligations", "rules", "run_summaries",
           "solve", "solve_clauses", "summary_problem"]
