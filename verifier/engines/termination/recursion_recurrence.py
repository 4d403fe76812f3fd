"""Non-termination of recursion: a self-call whose arguments stay in a set
that keeps making it.

For a function `f` of a call cycle and a path of `f` whose *first* call is
`f` itself (or, under mutual recursion, a function `h` of the cycle, on a path
of `h` whose first call is `f` again: the two paths composed), with the path
condition `G` and the arguments `A` reading only the parameters (no nondet
value, no result of an earlier call), a set `S` of parameter values with

    S ⊆ G           (from S, the path to the call is taken)
    S ∘ A ⊆ S       (and the call is made with arguments in S again)

means a call of `f` with arguments in `S` never returns. `S` is a conjunction of
bounds on the parameters that hold on the tail of a concrete orbit (``p,
A(p), A(A(p)), ...``, evaluated on `G` and `A`), weakened Houdini-style until
closed. The input is an orbit's start reached by the analysed function: itself,
or a call of `f` that is the first call on one of its paths (solved for its
parameters and nondet values).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from ... import ir
from ...errors import AnalysisUnsupported
from ...smt import subterms
from ..invariants.call_paths import FunctionPaths
from ..invariants.summaries import SummaryProblem, summary_problem
from ..invariants.summary_houdini import MAX_CONSTANT
from ...call_graph import recursive_functions

#: Calls of the orbit evaluated; the set is read off those from `TAIL_START` on.
ORBIT_CALLS = 40
TAIL_START = 8
#: Starting arguments tried per call site (the first within [-SMALL, SMALL]).
STARTS = 4
SMALL = 64


@dataclass
class RecursiveRecurrence:
    """An input (`params`, `nondet` in call order) of the analysed function that
    calls `function` with `orbit[0]`, whose calls then stay in `recurrent_set`
    from call `TAIL_START` on; `obligations` (unsatisfiable) certify the set."""

    function: str
    params: dict[str, int]
    nondet: list[int]
    orbit: list[dict[str, int]]
    recurrent_set: z3.BoolRef
    shown: dict[str, str]
    obligations: list[tuple[str, z3.BoolRef]] = field(default_factory=list)


def find_recursive_recurrence(program: ir.Program, target: str, deadline: float) -> RecursiveRecurrence | None:
    """A certified recurrent set of a self-call reachable from `target`, or None."""
    try:
        problem = summary_problem(program, target)
    except (AnalysisUnsupported, z3.Z3Exception):
        return None
    for part in recursive_functions(program, target):
        for name in part:
            fp = problem.functions[name]
            if any(p.sort() != z3.IntSort() for p in fp.params):
                continue
            for guard, args in _returns(problem, fp, set(part)):
                if time.monotonic() >= deadline:
                    return None
                found = _recurrent(problem, program, target, fp, guard, args, deadline)
                if found is not None:
                    return found
    return None


def _returns(problem: SummaryProblem, fp: FunctionPaths, cycle: set[str]):
    """(condition, arguments), both over `fp`'s parameters, of each way its
    function calls itself again as the first call of a path: directly, or
    through another function of its call `cycle` whose path's first call comes
    back (mutual recursion). Paths that read a nondet value are left out: they
    have no one deterministic orbit."""
    name = fp.function.name
    for path in fp.paths:
        if not path.calls or not _deterministic(fp, path.calls[0]):
            continue
        call = path.calls[0]
        guard = z3.And(fp.param_ranges, call.guard)
        if call.callee == name:
            yield guard, list(call.args)
            continue
        other = problem.functions.get(call.callee)
        if call.callee not in cycle or other is None or any(p.sort() != z3.IntSort() for p in other.params):
            continue
        entered = list(zip(other.params, call.args))
        for back in other.paths:
            if back.calls and back.calls[0].callee == name and _deterministic(other, back.calls[0]):
                inner = back.calls[0]
                yield (z3.And(guard, z3.substitute(z3.And(other.param_ranges, inner.guard), *entered)),
                       [z3.substitute(a, *entered) for a in inner.args])


def _deterministic(fp: FunctionPaths, call) -> bool:
    """The call's condition and arguments read only `fp`'s parameters."""
    names = {p.decl().name() for p in fp.params}
    return all(n in names for f in [call.guard, *call.args] for n in _names(f))


def _recurrent(problem: SummaryProblem, program: ir.Program, target: str, fp: FunctionPaths, guard: z3.BoolRef,
               args: list[z3.ExprRef], deadline: float) -> RecursiveRecurrence | None:
    """A certified recurrent set of the calls of `fp`'s function that call it again
    with `args` when `guard` holds, entered from `target`, or None."""
    params = list(fp.params)
    for start in _starts(guard, params, deadline):
        orbit = _orbit(guard, params, args, start)
        if orbit is None:
            continue
        kept = _closed([a for a in _candidates(problem, params, orbit[TAIL_START:])
                        if all(_holds(a, params, q) for q in orbit[TAIL_START:])], guard, params, args, deadline)
        if kept is None:
            continue
        entry = _entry(problem, program, target, fp, orbit[0], deadline)
        if entry is None:  # the analysed function never makes this call: another start may be reached
            continue
        inputs, nondet = entry
        shown = {p.decl().name(): p.decl().name().split("!", 1)[1] for p in params}
        found = RecursiveRecurrence(fp.function.name, inputs, nondet,
                                    [dict(zip(shown.values(), q)) for q in orbit], kept, shown)
        moved = z3.substitute(kept, *zip(params, args))
        member = z3.substitute(kept, *zip(params, [z3.IntVal(v) for v in orbit[TAIL_START]]))
        found.obligations = [
            ("the recurrent set lies in the path condition of the call", z3.And(kept, fp.param_ranges, z3.Not(guard))),
            ("the call's arguments lie in the recurrent set again", z3.And(kept, guard, z3.Not(moved))),
            (f"call {TAIL_START} of the orbit is in the recurrent set", z3.Not(member)),
        ]
        return found
    return None


def _names(f: z3.ExprRef) -> set[str]:
    return {t.decl().name() for t in subterms(f) if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED}


def _starts(guard: z3.BoolRef, params: list[z3.ExprRef], deadline: float):
    """Argument values on which the path to the call is taken, small ones first:
    alternately non-negative ones (what callers guard for) and any."""
    s = z3.Solver()
    s.add(guard)
    boxes = [z3.And(*[z3.And(p >= 0, p <= SMALL) for p in params]),
             z3.And(*[z3.And(p >= -SMALL, p <= SMALL) for p in params])]
    for i in range(STARTS):
        s.set("timeout", max(1, int(min(1.0, deadline - time.monotonic()) * 1000)))
        answer = s.check(boxes[i % 2])
        if answer != z3.sat and i % 2 == 0:
            answer = s.check(boxes[1])
        if answer != z3.sat:
            answer = s.check()
        if answer != z3.sat:
            return
        values = [s.model().eval(p, model_completion=True).as_long() for p in params]
        yield values
        s.add(z3.Or(*[p != v for p, v in zip(params, values)]))


def _orbit(guard: z3.BoolRef, params: list[z3.ExprRef], args: list[z3.ExprRef],
           start: list[int]) -> list[list[int]] | None:
    """The arguments of `ORBIT_CALLS` successive calls from `start`, or None when the path is left."""
    orbit, point = [], start
    for _ in range(ORBIT_CALLS):
        sub = list(zip(params, [z3.IntVal(v) for v in point]))
        if not z3.is_true(z3.simplify(z3.substitute(guard, *sub))):
            return None
        orbit.append(point)
        point = [z3.simplify(z3.substitute(a, *sub)).as_long() for a in args]
    return orbit


def _candidates(problem: SummaryProblem, params: list[z3.ExprRef], tail: list[list[int]]) -> list[z3.BoolRef]:
    consts = {0, 1, -1}
    for fp in problem.functions.values():
        for path in fp.paths:
            for f in [path.exit_guard, *[c.guard for c in path.calls], *[a for c in path.calls for a in c.args]]:
                consts |= {t.as_long() for t in subterms(f) if z3.is_int_value(t) and abs(t.as_long()) <= MAX_CONSTANT}
    consts |= {-c for c in consts}
    out = []
    for i, p in enumerate(params):
        values = [q[i] for q in tail]
        for c in sorted(consts | {min(values), max(values)}):
            out += [p >= c, p <= c]
    return out


def _holds(atom: z3.BoolRef, params: list[z3.ExprRef], point: list[int]) -> bool:
    return z3.is_true(z3.simplify(z3.substitute(atom, *zip(params, [z3.IntVal(v) for v in point]))))


def _closed(atoms: list[z3.BoolRef], guard: z3.BoolRef, params: list[z3.ExprRef], args: list[z3.ExprRef],
            deadline: float) -> z3.BoolRef | None:
    """The largest subset of `atoms` closed under the call (each atom holds of the
    arguments whenever all hold of the parameters and the call is made), when it
    lies in the path condition; None otherwise."""
    kept = list(atoms)
    changed = True
    while changed and kept:
        changed = False
        conj = z3.And(*kept)
        for a in list(kept):
            if not _unsat(z3.And(conj, guard, z3.Not(z3.substitute(a, *zip(params, args)))), deadline):
                kept.remove(a)
                changed = True
    if not kept:
        return None
    conj = z3.And(*_strongest(kept))
    return conj if _unsat(z3.And(conj, z3.Not(guard)), deadline) else None


def _strongest(atoms: list[z3.BoolRef]) -> list[z3.BoolRef]:
    """Per parameter the largest lower and the smallest upper bound of `atoms` (an equivalent conjunction)."""
    best: dict[tuple[str, bool], z3.BoolRef] = {}
    for a in atoms:
        key = (a.arg(0).decl().name(), z3.is_ge(a))
        bound = a.arg(1).as_long()
        if key not in best or (bound > best[key].arg(1).as_long() if key[1] else bound < best[key].arg(1).as_long()):
            best[key] = a
    return list(best.values())


def _entry(problem: SummaryProblem, program: ir.Program, target: str, fp: FunctionPaths, args: list[int],
           deadline: float) -> tuple[dict[str, int], list[int]] | None:
    """Inputs of `target` (parameters, nondet values in call order) that call
    `fp`'s function with `args` first thing on some path."""
    name = fp.function.name
    if name == target:
        return {p.name: v for p, v in zip(fp.function.params, args)}, []
    top = problem.functions[target]
    for path in top.paths:
        if not path.calls or path.calls[0].callee != name or path.calls[0].result is None:
            continue
        call = path.calls[0]
        marker = int(call.result.decl().name().rsplit("!nd", 1)[1])
        s = z3.Solver()
        s.set("timeout", max(1, int(min(2.0, deadline - time.monotonic()) * 1000)))
        s.add(top.param_ranges, call.guard, *[a == v for a, v in zip(call.args, args)])
        if s.check() != z3.sat:
            continue
        model = s.model()
        params = {p.name: model.eval(t, model_completion=True).as_long() for p, t in zip(top.function.params,
                                                                                         top.params)}
        read = {t.decl().name(): t for f in [call.guard, *call.args] for t in subterms(f) if z3.is_const(t)}
        nondet = []
        for k in range(1, marker):  # values the path reads before the call (0 for one it ignores)
            term = read.get(f"{target}!nd{k}")
            value = model.eval(term, model_completion=True) if term is not None else z3.IntVal(0)
            nondet.append(value.as_long() if z3.is_int_value(value) else int(z3.is_true(value)))
        return params, nondet
    return None


def _unsat(f: z3.BoolRef, deadline: float) -> bool:
    s = z3.Solver()
    s.set("timeout", max(1, int(min(2.0, deadline - time.monotonic()) * 1000)))
    s.add(f)
    return s.check() == z3.unsat


__all__ = ["RecursiveRecurrence", "find_recursive_recurrence", "ORBIT_CALLS", "TAIL_START"]
