"""Bounded model checking over the large-block transition system.

Unrolls step by step; at each depth asks whether any open check can fail.
A failing check gives a witness (the shortest in steps). When no execution
survives the unrolling (every path has returned or been cut by an assume),
the remaining checks are proved: the certificate is the bound itself.
"""

from __future__ import annotations

import time

import z3

from ...encode import CheckKey, TransitionSystem
from ...smt import to_python
from ...solver import Answer, check, smt2
from ...result import Verdict
from ..outcome import CheckOutcome, Witness
from .unroll import Unroller

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
        some_fail = check(solver, deadline, z3.Or([u.error(depth, k) for k in self.open_keys])) \
            if self.open_keys else Answer("unsat")
        if some_fail.unknown:
            self._gave_up(deadline)
            return answers
        if some_fail.sat:
            for key in sorted(self.open_keys):
                fails = check(solver, deadline, u.error(depth, key))
                if fails.sat:
                    answers[key] = CheckOutcome(key, Verdict.NO, "bmc", witness=_witness(self.ts, u, fails.model, depth))
                if fails.unknown:
                    self._gave_up(deadline)
                    self.open_keys -= set(answers)
                    return answers
            self.open_keys -= set(answers)
        self.checked = depth
        step = u.trans(depth)
        solver.add(step)
        self.steps.append(step)
        alive = check(solver, deadline)
        self.depth += 1
        if alive.unsat:
            self.finished = True
            proof = _no_error_and_no_survivor(u, self.steps, self.open_keys)
            unreachable = _unreachable(u, self.steps, self.open_keys, deadline)
            for key in self.open_keys:
                answers[key] = CheckOutcome(
                    key, Verdict.YES, "bmc", certificate_kind="bounded",
                    certificate_text=_bounded_text(self.ts, depth),
                    proof_smt2=[smt2(proof)], vacuous=key in unreachable)
            self.open_keys.clear()
        elif alive.unknown:
            self._gave_up(deadline)
        return answers

    def _gave_up(self, deadline: float) -> None:
        """A solver said unknown: out of time (try again later with more), or
        genuinely stuck (stop)."""
        if time.monotonic() < deadline - 0.05:
            self.finished = True


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


def _unreachable(u: Unroller, steps: list[z3.BoolRef], keys: set[CheckKey], deadline: float) -> set[CheckKey]:
    """The checks of `keys` whose location no execution reaches at all (proofs about
    dead code). Step by step, on one incremental solver as BMC's own: an execution
    that reaches some of the checks left at step j settles all those it reaches
    there; an undecided query claims nothing unreachable."""
    solver = z3.Solver()
    solver.add(u.init())
    left = set(keys)
    for j in range(len(steps) + 1):
        while left:
            reach = {k: u.reach(j, k) for k in left}
            answer = check(solver, deadline, z3.Or(list(reach.values())))
            if answer.unknown:
                return set()
            if answer.unsat:
                break
            reached = {k for k, r in reach.items() if z3.is_true(answer.model.eval(r, model_completion=True))}
            if not reached:  # the model does not settle its own disjunction: claim nothing
                return set()
            left -= reached
        if not left:
            break
        if j < len(steps):
            solver.add(steps[j])
    return left


def _witness(ts: TransitionSystem, u: Unroller, model: z3.ModelRef, depth: int) -> Witness:
    state0 = u.state(0)
    params = {p.name: to_python(model.eval(state0[p.name], model_completion=True), p.type, model)
              for p in ts.cfa.params}
    nondet: dict[str, int] = {}
    for step in range(depth + 1):
        for site, info in ts.nondets.items():
            value = model.eval(z3.Const(f"{site}@{step}", z3.Const(site, _sort(info)).sort()), model_completion=True)
            nondet[f"{site}@{step}"] = to_python(value, info.type, model)
    return Witness(params, nondet, depth)


def _sort(info):
    from ...smt import sort_of

    return sort_of(info.type)


