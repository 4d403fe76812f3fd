"""Bounded model checking over the large-block transition system.

Unrolls step by step; at each depth asks whether any open check can fail.
A failing check gives a witness (the shortest in steps). When no execution
survives the unrolling (every path has returned or been cut by an assume),
the remaining checks are proved: the certificate is the bound itself.
"""

from __future__ import annotations

import time

import z3

from ..encode import CheckKey, TransitionSystem
from ..smt import to_python
from .outcome import CheckOutcome, Witness
from .unroll import Unroller

#: Deepest unrolling tried; loops needing more steps are left to k-induction and
#: the invariant engine (a deadline usually stops BMC first).
MAX_DEPTH = 200


class Bmc:
    """Incremental BMC: each `advance` checks one more depth.

    `checked` is the deepest step at which every open check was shown not to
    fail (-1 if none); `finished` is set when the unrolling is complete (the
    remaining checks are then proved) or a solver gave up."""

    def __init__(self, ts: TransitionSystem, keys: set[CheckKey]) -> None:
        self.ts = ts
        self.u = Unroller(ts)
        self.solver = z3.Solver()
        self.solver.add(self.u.init())
        self.open_keys = set(keys)
        self.checked = -1
        self.depth = 0
        self.steps: list[z3.BoolRef] = []
        self.finished = False

    def advance(self, deadline: float) -> dict[CheckKey, CheckOutcome]:
        """Check depth `self.depth` and unroll one more step; new answers."""
        u, solver, depth = self.u, self.solver, self.depth
        answers: dict[CheckKey, CheckOutcome] = {}
        if self.finished or time.monotonic() > deadline:
            return answers
        _set_timeout(solver, deadline)
        solver.push()
        solver.add(z3.Or([u.error(depth, k) for k in self.open_keys]) if self.open_keys else z3.BoolVal(False))
        status = solver.check() if self.open_keys else z3.unsat
        solver.pop()
        if status == z3.unknown:
            self._gave_up(deadline)
            return answers
        if status == z3.sat:
            for key in sorted(self.open_keys):
                _set_timeout(solver, deadline)
                solver.push()
                solver.add(u.error(depth, key))
                r = solver.check()
                if r == z3.sat:
                    answers[key] = CheckOutcome(key, "no", "bmc", witness=_witness(self.ts, u, solver.model(), depth))
                solver.pop()
                if r == z3.unknown:
                    self._gave_up(deadline)
                    self.open_keys -= set(answers)
                    return answers
            self.open_keys -= set(answers)
        self.checked = depth
        step = u.trans(depth)
        solver.add(step)
        self.steps.append(step)
        _set_timeout(solver, deadline)
        alive = solver.check()
        self.depth += 1
        if alive == z3.unsat:
            self.finished = True
            proof = _no_error_and_no_survivor(u, self.steps, self.open_keys)
            for key in self.open_keys:
                answers[key] = CheckOutcome(
                    key, "yes", "bmc", certificate_kind="bounded",
                    certificate_text=_bounded_text(self.ts, depth),
                    proof_smt2=[_smt2(proof)], vacuous=_unreachable(u, self.steps, key, deadline))
            self.open_keys.clear()
        elif alive == z3.unknown:
            self._gave_up(deadline)
        return answers

    def _gave_up(self, deadline: float) -> None:
        """A solver said unknown: out of time (try again later with more), or
        genuinely stuck (stop)."""
        if time.monotonic() < deadline - 0.05:
            self.finished = True


def run_bmc(ts: TransitionSystem, keys: set[CheckKey], deadline: float,
            max_depth: int = MAX_DEPTH) -> tuple[dict[CheckKey, CheckOutcome], int]:
    """Answers for `keys`: no with a witness for each check that fails within
    the bound, yes for all when the unrolling is complete; and the deepest
    step at which every open check was shown not to fail (-1 if none)."""
    bmc = Bmc(ts, keys)
    answers: dict[CheckKey, CheckOutcome] = {}
    while not bmc.finished and bmc.depth <= max_depth and time.monotonic() < deadline and bmc.open_keys:
        answers.update(bmc.advance(deadline))
    return answers, bmc.checked


def _no_error_and_no_survivor(u: Unroller, steps: list[z3.BoolRef], keys: set[CheckKey]) -> z3.BoolRef:
    """Unsatisfiable iff no check of `keys` fails and no execution outlives `steps`."""
    rest: z3.BoolRef = z3.BoolVal(True)
    for j in reversed(range(len(steps))):
        errors = z3.Or([u.error(j, k) for k in keys]) if keys else z3.BoolVal(False)
        rest = z3.Or(errors, z3.And(steps[j], rest))
    return z3.And(u.init(), rest)


def _bounded_text(ts: TransitionSystem, depth: int) -> str:
    if not ts.cfa.loops:
        return "every path checked exhaustively (no loops)"
    return f"every path checked exhaustively (all executions end within {depth} loop iterations)"


def _unreachable(u: Unroller, steps: list[z3.BoolRef], key: CheckKey, deadline: float) -> bool:
    """No execution reaches the check's location at all (a proof about dead code)."""
    solver = z3.Solver()
    _set_timeout(solver, deadline)
    reach = []
    for j in range(len(steps) + 1):
        reach.append(z3.And(*steps[:j], u.reach(j, key)))
    solver.add(u.init(), z3.Or(reach))
    return solver.check() == z3.unsat


def _set_timeout(solver: z3.Solver, deadline: float) -> None:
    remaining = max(1, int((deadline - time.monotonic()) * 1000))
    solver.set("timeout", remaining)


def _witness(ts: TransitionSystem, u: Unroller, model: z3.ModelRef, depth: int) -> Witness:
    state0 = u.state(0)
    params = {p.name: to_python(model.eval(state0[p.name], model_completion=True), p.type) for p in ts.cfa.params}
    nondet: dict[str, int] = {}
    for step in range(depth + 1):
        for site, info in ts.nondets.items():
            value = model.eval(z3.Const(f"{site}@{step}", z3.Const(site, _sort(info)).sort()), model_completion=True)
            nondet[f"{site}@{step}"] = to_python(value, info.type)
    return Witness(params, nondet, depth)


def _sort(info):
    from ..smt import sort_of

    return sort_of(info.type)


def _smt2(formula: z3.BoolRef) -> str:
    s = z3.Solver()
    s.add(formula)
    return s.to_smt2()
