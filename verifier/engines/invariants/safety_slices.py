"""Safety obligations cut down to what one check needs, so that re-checking many checks stays cheap.

A check's safety obligation is ``Inv_c ∧ facts ∧ cond`` (`invariant_certificate`):
unsatisfiable, it says no state the invariant allows at cut-point `c` fails the
check. The same obligation with fewer of the conjuncts of ``Inv_c ∧ facts`` is a
stronger statement: if it is unsatisfiable, so is the whole. A heap shape
invariant has dozens of conjuncts, each a disjunction over the heap blocks, and
the facts bound every variable of the program; a check reads a few of them. So
`SafetySlicer` keeps, per check and cut-point, the conjuncts of an unsat core
(the initiation and consecution obligations, shared by every check, still carry
the whole invariant: it is still shown inductive). Where a query is undecided,
the obligation stays whole.
"""

from __future__ import annotations

import time

import z3

from ...encode import CheckKey
from ...invariant_certificate import Obligation, obligations
from .horn import HornView, Invariant
from .rendering import conjuncts, nonlinear

__all__ = ["SafetySlicer", "MIN_CONJUNCTS", "SLICING_S"]

#: Invariants with fewer conjuncts at every cut-point are not sliced: their obligations are small already.
#: (Nor are those with quantified or non-linear facts, whose cores z3 may take long to find.)
MIN_CONJUNCTS = 12
#: Each core query's cap, and all of one invariant's (they take milliseconds: the lane has decided
#: these obligations whole already); past them the obligations stay whole.
CORE_MS, SLICING_S = 1000, 1.5


class SafetySlicer:
    """The safety obligations of `inv` on `view`, per check, each with only the conjuncts it needs."""

    def __init__(self, view: HornView, inv: Invariant, deadline: float) -> None:
        self.view, self.inv = view, inv
        self.deadline = min(deadline, time.monotonic() + SLICING_S)
        self.fact_parts = [p for f in (view.state_facts, view.nondet_facts) for p in conjuncts(f)]
        heads = set(view.ts.cfa.loops)
        self.invariant_parts = {h: conjuncts(f) for h, f in inv.items() if h in heads}
        parts = [p for ps in self.invariant_parts.values() for p in ps]
        self.worth = any(len(ps) >= MIN_CONJUNCTS for ps in self.invariant_parts.values()) \
            and not any(z3.is_quantifier(p) for p in parts) and not any(nonlinear(f) for f in inv.values())
        self.solvers: dict[int, tuple[z3.Solver, list[z3.BoolRef]]] = {}

    def safety(self, key: CheckKey) -> list[Obligation]:
        """The safety obligations of `key` and of the inlining bound (as `obligations` has them,
        but one per check and cut-point, its error exits together), the invariant there and the
        facts cut down to an unsat core; `obligations`' own where a query is undecided."""
        ts = self.view.ts
        if not self.worth:
            return self._whole(key)
        exits: dict[tuple[CheckKey, int], list[z3.BoolRef]] = {}
        for e in ts.errors:
            if e.key == key or e.key[0] == "bound":
                exits.setdefault((e.key, e.src), []).append(e.cond)
        out = []
        for ((kind, line, col), src), conds in exits.items():
            core = self._core(src, z3.Or(conds))
            if core is None:
                return self._whole(key)
            loop = ts.cfa.loops.get(src)
            place = f"loop at line {loop.loc.line}" if loop is not None else "entry" if src == ts.entry else f"node {src}"
            out.append(Obligation("safety", f"{kind} at {line}:{col} from {place}", z3.And(*core, z3.Or(conds))))
        return out or [Obligation("safety", "no error exit", z3.BoolVal(False))]

    def _whole(self, key: CheckKey) -> list[Obligation]:
        return [o for o in obligations(self.view.ts, self.inv, {key}, self.view.state_facts, self.view.nondet_facts)
                if o.kind == "safety"]

    def _core(self, src: int, goal: z3.BoolRef) -> list[z3.BoolRef] | None:
        """The conjuncts at `src` (its invariant's and the facts) in an unsat core of them
        with `goal`; None if undecided."""
        remaining = int((self.deadline - time.monotonic()) * 1000)
        if remaining <= 0:
            return None
        parts = [*self.invariant_parts.get(src, []), *self.fact_parts]
        if src not in self.solvers:
            solver = z3.Solver()
            lits = [z3.Bool(f"slice!{src}!{i}") for i in range(len(parts))]
            solver.add(*[z3.Implies(lit, p) for lit, p in zip(lits, parts)])
            self.solvers[src] = solver, lits
        solver, lits = self.solvers[src]
        solver.set("timeout", max(1, min(remaining, CORE_MS)))
        solver.push()
        solver.add(goal)
        try:
            if solver.check(*lits) != z3.unsat:
                return None
            ids = {c.get_id() for c in solver.unsat_core()}
        finally:
            solver.pop()
        return [p for lit, p in zip(lits, parts) if lit.get_id() in ids]
