"""z3 queries for the engines: a deadline on every check, unknown as a value, SMT-LIB text.

`check(solver, deadline, *extra)` asks whether `solver`'s assertions and
`extra` (pushed for this query only) are satisfiable, with z3's timeout set
from the time left; it never raises on z3's `unknown` and never starts a
query once the deadline has passed. `smt2(formula)` is the SMT-LIB script
(declarations, assertion, ``check-sat``) that certificates are re-checked from.

A deadline is a `Deadline` or, as most engines still pass it, its
`time.monotonic()` instant.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import z3

from .deadline import Deadline

__all__ = ["Answer", "check", "smt2"]


@dataclass(frozen=True)
class Answer:
    """What z3 said: `status` ``sat`` (with `model`), ``unsat`` or ``unknown``
    (`reason`: ``timeout`` when the deadline had passed, else z3's own reason)."""

    status: str
    model: z3.ModelRef | None = None
    reason: str = ""

    @property
    def sat(self) -> bool:
        return self.status == "sat"

    @property
    def unsat(self) -> bool:
        return self.status == "unsat"

    @property
    def unknown(self) -> bool:
        return self.status == "unknown"


def check(solver: z3.Solver, deadline: Deadline | float, *extra: z3.BoolRef, cap_s: float | None = None) -> Answer:
    """Check `solver`'s assertions with `extra` on top (removed again after),
    for at most the time left before `deadline` (and `cap_s`, if given)."""
    remaining = (deadline.at if isinstance(deadline, Deadline) else deadline) - time.monotonic()
    if remaining <= 0:
        return Answer("unknown", reason="timeout")
    if cap_s is not None:
        remaining = min(remaining, cap_s)
    solver.set("timeout", max(1, int(remaining * 1000)))
    if extra:
        solver.push()
        solver.add(*extra)
    try:
        status = solver.check()
        if status == z3.sat:
            return Answer("sat", solver.model())
        if status == z3.unsat:
            return Answer("unsat")
        return Answer("unknown", reason=solver.reason_unknown())
    finally:
        if extra:
            solver.pop()


def smt2(*formulas: z3.BoolRef) -> str:
    """`formulas` as an SMT-LIB script: declarations, one assertion each, ``(check-sat)``."""
    s = z3.Solver()
    s.add(*formulas)
    return s.to_smt2()
