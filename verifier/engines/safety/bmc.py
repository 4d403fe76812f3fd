"""Bounded model checking over the large-block transition system.

Unrolls step by step; at each depth asks, check by check, whether a check can
fail there. A failing check gives a witness (the shortest in steps). When no
execution survives the unrolling (every path has returned or been cut by an
assume), the checks shown not to fail at every depth are proved: the
certificate is the bound itself.

Checks are isolated from one another: each query covers one check at one
depth (after a cheap joint query that clears them all at once when it can),
under a first budget of `FIRST_RLIMIT` units of z3's resource count (not
wall time: a loaded machine would shrink that); a check still undecided then (a
non-linear multiplication z3 finds hard, say) stays behind at that depth and
is retried with a budget `RETRY_GROWTH` times larger once it has waited as
long as it was given, while the unrolling goes on for the others. The
unrolled steps sit behind activation literals, so a retry asks about its own
depth on the same incremental solver.

The steps and error conditions asked about are `KnownValues`': the values
every execution has at a depth (the cut-point, a constant loop's counter)
folded in, which leaves a loop with a constant bound one block per step.

A query whose budget runs out on the incremental solver is asked once more,
with the same budget, of a fresh solver holding the steps themselves
(`_fresh_query`): with no activation literals in the way, z3's pre-processing
substitutes each step's equations into the next, which turns a deep
bit-vector unrolling that the incremental solver needs seconds for into one
it decides in milliseconds (and is no help on heap-heavy programs, which is
why it is the second try, not the first).
"""

from __future__ import annotations

import time

import z3

from ... import ir
from ...encode import CheckKey, TransitionSystem
from ...smt import to_python
from ...solver import BUDGET_SPENT, Answer, check, smt2
from ...result import Verdict
from ..outcome import BOUNDED_CERTIFICATE, CheckOutcome, Witness
from .allocations import allocation_flags
from .cone import cone_of_influence
from .exact_ints import decide_exactly, has_products
from .known_values import KnownValues
from .unroll import Unroller

#: Budget (z3 resource units) of the first query for one check at one depth (the
#: joint query for all gets the sum of theirs): some 0.1 s on an idle machine, what the easy
#: checks of a function need (a 32-bit cubic overflow check needs 10^8 and more).
FIRST_RLIMIT = 500_000
#: Each retry of a check left undecided gets this many times the budget before.
RETRY_GROWTH = 4
#: an array parameter's length a witness is first looked for within (a short
#: array reads and replays better); a bug that needs longer ones keeps the first model
SMALL_LENGTH = 8
#: Budget (z3 resource units) of the incremental solver's check that some execution
#: outlives the unrolling, before it is asked of a fresh solver (and then without one).
ALIVE_RLIMIT = 4 * FIRST_RLIMIT
#: Budget (z3 resource units) of each query that marks proofs about dead code
#: (vacuous): an undecided one claims nothing.
UNREACHABLE_RLIMIT = 20_000_000


class Bmc:
    """Incremental BMC: each `advance` checks one more depth (and retries checks left behind).

    `checked` is the deepest step at which every open check was shown not to
    fail (-1 if none; `checked_for` gives it per check); `finished` is set when
    every check is answered or the solver is stuck."""

    def __init__(self, ts: TransitionSystem, keys: set[CheckKey]) -> None:
        self.ts = ts
        self.u = Unroller(ts)
        self.known = KnownValues(self.u)  # the steps and errors BMC asks about: the values all executions share folded in
        self.open_keys = set(keys)
        self.depth = 0
        self.steps: list[z3.BoolRef] = []
        self.live: list[z3.BoolRef] = []  # live@j switches step j on
        self.steps_added: list[z3.BoolRef] = []  # live@j -> step j, as the solver holds them
        self.solver = self._new_solver()
        self.complete = False  # no execution outlives `steps`
        self.finished = False
        self._frontier = {k: 0 for k in keys}  # the next depth to check each check at
        self._budget = {k: FIRST_RLIMIT for k in keys}
        self._retry_at: dict[CheckKey, float] = {}  # checks left behind: when to retry
        self.exact_tried = False  # the checks left behind in loop-free code were asked on exact integers

    @property
    def checked(self) -> int:
        if not self.open_keys:
            return self.depth - 1
        return min(self._frontier[k] for k in self.open_keys) - 1

    def checked_for(self, key: CheckKey) -> int:
        """The deepest step up to which `key` was shown not to fail."""
        return self._frontier[key] - 1

    def budget(self, key: CheckKey) -> int:
        """The resource budget `key`'s next query gets (raised each time it runs out)."""
        return self._budget[key]

    def advance(self, deadline: float) -> dict[CheckKey, CheckOutcome]:
        """Retry the checks left behind (when due), check depth `self.depth` and
        unroll one more step; the new answers."""
        answers: dict[CheckKey, CheckOutcome] = {}
        if self.finished or time.monotonic() > deadline:
            return answers
        if self.depth == 0 and not self.exact_tried and not self.ts.cfa.loops and has_products(self.ts):
            self._decide_exactly(set(self.open_keys), deadline, answers)  # products: the integers first
            self.open_keys -= set(answers)
            if not self.open_keys:
                return self._settle(answers)
        if not self.complete:
            current = {k for k in self.open_keys if self._frontier[k] == self.depth and k not in self._retry_at}
            if not self._check_depth(current, deadline, answers):
                return self._settle(answers)
            self._unroll(deadline)
        if self.complete:
            self._prove(deadline, answers)
            self._decide_exactly({k for k in self._retry_at if k in self.open_keys and k not in answers}, deadline,
                                 answers)
        if answers:  # heard before any check left behind is retried
            return self._settle(answers)
        now, caught_up = time.monotonic(), False
        for key in sorted((k for k in self._retry_at if k in self.open_keys and k not in answers),
                          key=lambda k: (self._budget[k], k)):  # the cheapest first
            if self.complete or now >= self._retry_at[key]:
                caught_up = self._catch_up(key, deadline, answers) or caught_up
        if self.complete and caught_up:
            self._prove(deadline, answers)
        return self._settle(answers)

    def _decide_exactly(self, keys: set[CheckKey], deadline: float, answers: dict) -> None:
        """Once, in loop-free code: `keys` on the exact integer reading (`exact_ints`)."""
        if self.exact_tried or self.ts.cfa.loops or not keys:
            return
        self.exact_tried = True
        answers.update(decide_exactly(self.ts.cfa, keys, deadline))

    def _settle(self, answers: dict[CheckKey, CheckOutcome]) -> dict[CheckKey, CheckOutcome]:
        self.open_keys -= set(answers)
        self._retry_at = {k: t for k, t in self._retry_at.items() if k in self.open_keys}
        if not self.open_keys:
            self.finished = True
        return answers

    def _new_solver(self) -> z3.Solver:
        solver = z3.Solver()
        solver.add(self.u.init(), *self.steps_added)
        return solver

    def _query(self, depth: int, error: z3.BoolRef, deadline: float, budget: int | None) -> Answer:
        """Can `error` hold after `depth` steps? On the incremental solver, then
        (if `budget` ran out there) on a fresh one with the same budget."""
        answer = check(self.solver, deadline, *self.live[:depth], error, rlimit=budget)
        if answer.unknown and answer.reason == BUDGET_SPENT:
            fresh = self._fresh_query(depth, error, deadline, budget)
            if not fresh.unknown:
                return fresh
        return answer

    def _fresh_query(self, depth: int, error: z3.BoolRef, deadline: float, budget: int | None) -> Answer:
        solver = z3.Solver()
        solver.add(self.u.init(), *self.steps[:depth], error)
        return check(solver, deadline, rlimit=budget)

    def _check_depth(self, keys: set[CheckKey], deadline: float, answers: dict) -> bool:
        """Check `keys` at `self.depth`; False if the deadline cut it short."""
        depth = self.depth
        for key in [k for k in keys if z3.is_false(self.known.error(depth, k))]:  # no execution is at its cut-point
            self._frontier[key] = depth + 1
            keys = keys - {key}
        joint_budget = sum(self._budget[k] for k in keys)  # about what the queries one by one would take
        if len(keys) > 1 and self._query(depth, z3.Or([self.known.error(depth, k) for k in keys]), deadline,
                                         joint_budget).unsat:
            for key in keys:
                self._frontier[key] = depth + 1
            return True
        for key in sorted(keys):
            if not self._check_key(key, deadline, answers):
                return False
        return True

    def _check_key(self, key: CheckKey, deadline: float, answers: dict) -> bool:
        """One query for `key` at its frontier; False if the deadline cut it short."""
        depth, budget = self._frontier[key], self._budget[key]
        started = time.monotonic()
        answer = self._query(depth, self.known.error(depth, key), deadline, budget)
        if answer.sat:
            model = self._preferred_model(depth, key, deadline, budget, answer.model)
            answers[key] = CheckOutcome(key, Verdict.NO, "bmc", witness=_witness(self.ts, self.u, model, depth))
        elif answer.unsat:
            self._frontier[key] = depth + 1
            self._retry_at.pop(key, None)
        elif time.monotonic() >= deadline - 0.05:
            return False
        elif answer.reason in ("timeout", "canceled"):  # our budget ran out: later, with more
            self._budget[key] = budget * RETRY_GROWTH
            self._retry_at[key] = time.monotonic() + (time.monotonic() - started)
            self.solver = self._new_solver()  # what it learnt about this check slows the others down
        else:  # z3 is stuck on this check (not out of time): it stays unknown
            self.open_keys.discard(key)
        return True

    def _preferred_model(self, depth: int, key: CheckKey, deadline: float, budget: int,
                         model: z3.ModelRef) -> z3.ModelRef:
        """A model of the same failure that reads and replays better, if one is found within
        `budget` a query: array parameters at most `SMALL_LENGTH` long, and (if `model` makes an
        allocation fail) every allocation succeeding (see `allocations`); both if it can, else
        the first it can; `model` otherwise."""
        state0 = self.u.state(0)
        short = [state0[n] <= SMALL_LENGTH for p in self.ts.cfa.params if isinstance(p.type, ir.ArrayType)
                 and (n := ir.length_name(p.name)) in state0]
        flags = allocation_flags(self.ts, depth + 1)
        failing = any(z3.is_true(model.eval(f, model_completion=True)) for f in flags)
        succeed = [z3.Not(f) for f in flags] if failing else []
        wishes = [short + succeed] + ([short, succeed] if short and succeed else [])
        for wish in (w for w in wishes if w):
            answer = check(self.solver, deadline, *self.live[:depth], self.known.error(depth, key), *wish, rlimit=budget)
            if answer.sat:
                return answer.model
        return model

    def _catch_up(self, key: CheckKey, deadline: float, answers: dict) -> bool:
        """Retry `key` at its frontier and, while it clears, at the depths after (up to
        `self.depth`); True if it caught up with the unrolling."""
        while key not in answers and key in self.open_keys and self._frontier[key] < self.depth:
            before = self._frontier[key]
            self._retry_at.pop(key, None)
            if not self._check_key(key, deadline, answers) or self._frontier[key] == before:
                return False
        return self._frontier[key] >= self.depth

    def _unroll(self, deadline: float) -> None:
        depth = self.depth
        step, live = self.known.trans(depth), z3.Bool(f"{self.ts.prefix}live@{depth}")
        self.steps_added.append(z3.Implies(live, step))
        self.solver.add(self.steps_added[-1])
        self.steps.append(step)
        self.live.append(live)
        alive = self._query(len(self.live), z3.BoolVal(True), deadline, ALIVE_RLIMIT)
        if alive.unknown and alive.reason == BUDGET_SPENT:
            alive = check(self.solver, deadline, *self.live)
        self.depth += 1
        if alive.unsat:
            self.complete = True
        elif alive.unknown and time.monotonic() < deadline - 0.05:
            self.finished = True  # genuinely stuck (not out of time)

    def _prove(self, deadline: float, answers: dict) -> None:
        """Once the unrolling is complete: yes for the open checks shown not to fail at every depth."""
        done = {k for k in self.open_keys if k not in answers and self._frontier[k] >= self.depth}
        if not done:
            return
        last = self.depth - 1
        cone = cone_of_influence(self.ts, done)  # the certificate leaves out the other checks' arithmetic
        proof = _no_error_and_no_survivor(self.u, [self.u.sliced_trans(j, cone) for j in range(len(self.steps))], done)
        unreachable = _unreachable(self.u, self.steps, done, deadline)
        text = smt2(proof)  # one certificate for them all: printed once
        for key in done:
            answers[key] = CheckOutcome(
                key, Verdict.YES, "bmc", certificate_kind=BOUNDED_CERTIFICATE,
                certificate_text=_bounded_text(self.ts, last),
                proof_smt2=[text], vacuous=key in unreachable)
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
            answer = check(solver, deadline, z3.Or(list(reach.values())), rlimit=UNREACHABLE_RLIMIT)
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
            const = ts.nondet_const(site)
            value = model.eval(z3.Const(f"{const.decl().name()}@{step}", const.sort()), model_completion=True)
            nondet[f"{site}@{step}"] = to_python(value, info.type, model)
    return Witness(params, nondet, depth)


