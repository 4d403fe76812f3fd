"""k-induction over the large-block transition system.

The step case starts from an arbitrary state at any cut-point, strengthened
with one cheap, sound fact: at a loop head, the variables the loop never
assigns still hold the values they had when the loop was entered (so the
facts a guard established about them before the loop are kept). The base
case is BMC's: a check is proved at k only if BMC has shown it cannot fail in
the first k steps.
"""

from __future__ import annotations

import time

import z3

from ...encode import CheckKey, TransitionSystem
from ...smt import sort_of
from ...solver import check
from ...result import Verdict
from ..outcome import CheckOutcome
from .unroll import Unroller

#: Largest k tried: the large-block encoding makes one step a whole loop
#: iteration, so properties that need deeper induction need an invariant.
MAX_K = 12
#: Budget of one check's step-case query, times k: a check z3 finds hard is
#: tried again at the next k, and the checks after it are not held up.
QUERY_S = 0.5


def loop_entry_facts(ts: TransitionSystem, u: Unroller, i: int) -> z3.BoolRef:
    """At step i: if at a loop head, the loop's unassigned variables equal their
    values on some entry into the loop (from an arbitrary earlier state)."""
    cases = []
    state = u.state(i)
    for head, loop in ts.cfa.loops.items():
        kept = [name for name in ts.variables if name not in loop.assigned]
        entering = [b for b in ts.blocks if b.dst == head and b.src != head and b.src not in loop.body_nodes]
        options = []
        for n, b in enumerate(entering):
            pre = {name: z3.Const(f"{name}@pre{i}.{head}.{n}", sort_of(t)) for name, t in ts.variables.items()}
            subst = [(ts.current[name], pre[name]) for name in ts.variables]
            subst += [(z3.Const(site, sort_of(info.type)), z3.Const(f"{site}@pre{i}.{head}.{n}", sort_of(info.type)))
                      for site, info in ts.nondets.items()]
            guard = z3.substitute(b.guard, *subst)
            equal = [state[name] == z3.substitute(b.update.get(name, ts.current[name]), *subst) for name in kept]
            options.append(z3.And(guard, *equal))
        if options:
            cases.append(z3.Implies(u.pc(i) == head, z3.Or(options)))
    return z3.And(cases) if cases else z3.BoolVal(True)


class KInduction:
    """The step case of k-induction for growing k (the base case is BMC's)."""

    def __init__(self, ts: TransitionSystem) -> None:
        self.ts = ts
        self.u = Unroller(ts)
        self.start = z3.And(z3.Or([self.u.pc(0) == c for c in ts.cutpoints]), loop_entry_facts(ts, self.u, 0))

    def try_k(self, k: int, keys: set[CheckKey], base_checked: int, deadline: float) -> dict[CheckKey, CheckOutcome]:
        """Checks of `keys` whose step case holds at `k` (each query within
        `QUERY_S` * k), given that BMC showed them error-free up to step
        `base_checked` (needs >= k - 1)."""
        answers: dict[CheckKey, CheckOutcome] = {}
        if base_checked < k - 1:
            return answers
        u = self.u
        path = [self.start] + [u.trans(j) for j in range(k)]
        shared = z3.Solver()  # the path once; each key's hypotheses and error on top
        shared.add(*path)
        for key in sorted(keys):
            if time.monotonic() >= deadline:
                break
            hypothesis = [z3.Not(u.error(j, key)) for j in range(k)]
            if check(shared, deadline, *hypothesis, u.error(k, key), cap_s=QUERY_S * k).unsat:
                certificate = z3.Solver()
                certificate.add(z3.And(*path, *hypothesis, u.error(k, key)))
                answers[key] = CheckOutcome(
                    key, Verdict.YES, "k-induction", certificate_kind="k-induction",
                    certificate_text=f"{k}-inductive (with loop-entry values of variables a loop never assigns)",
                    proof_smt2=[certificate.to_smt2()])
        return answers
