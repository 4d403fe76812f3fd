"""Bounded unrolling of two functions side by side: differences, and proofs when complete.

`bmc(pair, deadline)` unrolls both sides step by step (a step is one large
block: from a cut-point to the next). A disagreement within the bound is a
difference, with the input; when every input is decided within the bound
the unrolling is complete and equivalence is proved (certificate: the bound,
as one unsatisfiable formula). Where one side has ended and the other is
running in a state it was already in (a lasso: deterministic code then runs
forever), that is a difference in termination.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from ..registry import UnknownReason
from ..engines.safety.unroll import Unroller
from ..solver import check, smt2
from .pairing import Pair
from .side_encoding import BOUND, Side

__all__ = ["BmcAnswer", "bmc", "BLOCKED", "LASSO_MAX_DEPTH", "why_stopped"]

#: Code of a discarded execution (an assume did not hold); kinds get -1, -2, ...
BLOCKED = -1000
#: Depth up to which a lasso (a repeated state of a running side) is searched:
#: the query grows quadratically with the depth.
LASSO_MAX_DEPTH = 8


@dataclass
class BmcAnswer:
    """What unrolling found: ``differ`` (with `inputs`, and `diverges` naming
    the side that runs forever for a termination difference), ``equal``
    (complete unrolling, `proof_smt2` and `depth`), or ``open`` (`depth`: how
    many steps were shown free of differences; `reason` when it stopped early)."""

    status: str
    depth: int = -1
    inputs: dict[str, int] | None = None
    diverges: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    reason: str = ""


def bmc(pair: Pair, deadline: float, max_depth: int = 400, start_depth: int = 0, lassos: bool = True) -> BmcAnswer:
    """Unroll both sides until a difference, a complete unrolling, the
    deadline or `max_depth` steps; without `lassos`, a side that runs forever
    where the other ends is no difference (equivalence modulo termination)."""
    ua, ub = _Unroll(pair.a, pair.codes), _Unroll(pair.b, pair.codes)
    solver = z3.Solver()
    init = z3.And(pair.domain(ua.state(0), ub.state(0)), ua.pc(0) == pair.a.entry, ub.pc(0) == pair.b.entry)
    solver.add(init)
    steps: list[z3.BoolRef] = []
    checked = -1
    for k in range(max_depth + 1):
        if k > 0:
            step = z3.And(ua.trans(k - 1), ub.trans(k - 1))
            solver.add(step)
            steps.append(step)
        if k < start_depth:
            continue
        differ = z3.And(ua.final(k), ub.final(k), z3.Not(_agree_at(pair, ua, ub, k)))
        found = check(solver, deadline, differ)
        if found.sat:
            return BmcAnswer("differ", k, pair.inputs_of(found.model, ua.state(0)))
        if found.unknown:
            return BmcAnswer("open", checked, reason=why_stopped(deadline))
        if lassos and k <= LASSO_MAX_DEPTH and (pair.a.has_loops or pair.b.has_loops):
            lasso = z3.Or(z3.And(ua.final(k), ub.lasso(k)), z3.And(ub.final(k), ua.lasso(k)))
            found = check(solver, deadline, lasso)
            if found.sat:
                diverges = "B" if z3.is_true(found.model.eval(ua.final(k), model_completion=True)) else "A"
                return BmcAnswer("differ", k, pair.inputs_of(found.model, ua.state(0)), diverges=diverges)
        undecided = z3.And(ua.pc(k) != BLOCKED, ub.pc(k) != BLOCKED,
                           z3.Or(ua.open(k), ub.open(k)))
        found = check(solver, deadline, undecided)
        checked = k
        if found.sat:
            continue
        if found.unknown:
            return BmcAnswer("open", checked, reason=why_stopped(deadline))
        # complete: no input is undecided after k steps, and none differs
        proof = z3.And(init, *steps, ua.pc(k) != BLOCKED, ub.pc(k) != BLOCKED,
                       z3.Or(ua.open(k), ub.open(k), z3.Not(_agree_at(pair, ua, ub, k))))
        feasible = check(solver, deadline, z3.And(ua.pc(k) != BLOCKED, ub.pc(k) != BLOCKED))
        return BmcAnswer("equal", k, proof_smt2=[smt2(proof)], reason="vacuous" if feasible.unsat else "")
    return BmcAnswer("open", checked, reason=f"unrolled {max_depth} steps")

def _agree_at(pair: Pair, ua: _Unroll, ub: _Unroll, k: int) -> z3.BoolRef:
    both_exit = z3.And(ua.pc(k) == pair.a.exit, ub.pc(k) == pair.b.exit,
                       pair.results_agree(ua.state(k), ub.state(k)))
    both_fail = z3.And(ua.pc(k) < 0, ua.pc(k) != BLOCKED, ua.pc(k) != pair.codes[BOUND], ua.pc(k) == ub.pc(k))
    return z3.Or(both_exit, both_fail)


def why_stopped(deadline: float) -> str:
    """The reason BMC stopped short: the deadline, else the solver's unknown."""
    if time.monotonic() >= deadline:
        return UnknownReason.TIMEOUT.describe()
    return UnknownReason.SOLVER.describe("unknown")


class _Unroll:
    """Step-indexed copies of one side (`engines.safety.unroll.Unroller`'s names:
    ``s<tag>!v@i``, ``s<tag>!pc@i``). Ended executions (exit, failed check,
    discarded) stay where they are."""

    def __init__(self, side: Side, codes: dict[str, int]) -> None:
        self.side = side
        self.codes = codes
        self._steps = Unroller(side.ts)
        self.state, self.pc, self.at = self._steps.state, self._steps.pc, self._steps.at_step
        self._from: dict[int, z3.BoolRef] = {}
        for c in side.cutpoints:
            conds = [b.guard for b in side.blocks if b.src == c] + [e.cond for e in side.errors if e.src == c]
            self._from[c] = z3.Or(conds) if conds else z3.BoolVal(False)

    def trans(self, i: int) -> z3.BoolRef:
        s, cur, nxt, pc, pc1 = self.side, self.state(i), self.state(i + 1), self.pc(i), self.pc(i + 1)
        same = [nxt[n] == cur[n] for n in s.variables]
        options = []
        for b in s.blocks:
            frame = [nxt[n] == (self.at(b.update[n], i) if n in b.update else cur[n]) for n in s.variables]
            options.append(z3.And(pc == b.src, self.at(b.guard, i), pc1 == b.dst, *frame))
        for e in s.errors:
            options.append(z3.And(pc == e.src, self.at(e.cond, i), pc1 == self.codes[e.kind], *same))
        for c in s.cutpoints:
            options.append(z3.And(pc == c, z3.Not(self.at(self._from[c], i)), pc1 == BLOCKED, *same))
        options.append(z3.And(z3.Or(pc == s.exit, pc < 0), pc1 == pc, *same))
        return z3.Or(options)

    def final(self, i: int) -> z3.BoolRef:
        """Ended by returning or by a failing check (not discarded, not cut by the bound)."""
        pc = self.pc(i)
        return z3.Or(pc == self.side.exit, z3.And(pc < 0, pc != BLOCKED, pc != self.codes[BOUND]))

    def open(self, i: int) -> z3.BoolRef:
        """Still running, or cut by the recursion bound: not decided."""
        pc = self.pc(i)
        return z3.Or(*[pc == c for c in self.side.cutpoints], pc == self.codes[BOUND])

    def lasso(self, k: int) -> z3.BoolRef:
        """Running at step k in a state it was already in at an earlier step:
        the (deterministic) execution runs forever."""
        options = []
        for c in self.side.cutpoints:
            names = self.side.live[c]
            for i in range(k):
                eq = [self.state(i)[n] == self.state(k)[n] for n in names]
                options.append(z3.And(self.pc(i) == c, self.pc(k) == c, *eq))
        return z3.Or(options) if options else z3.BoolVal(False)
