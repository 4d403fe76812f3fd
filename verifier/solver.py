"""z3 queries for the engines: a deadline on every check, unknown as a value, SMT-LIB text.

`check(solver, deadline, *extra)` asks whether `solver`'s assertions and
`extra` (pushed for this query only) are satisfiable, with z3's timeout set
from the time left; it never raises on z3's `unknown` and never starts a
query once the deadline has passed. `smt2(formula)` is the SMT-LIB script
(declarations, assertion, ``check-sat``) that certificates are re-checked from,
and `logic_of(text)` the narrowest SMT-LIB logic that script needs.

A deadline is a `Deadline` or, as most engines still pass it, its
`time.monotonic()` instant.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import z3

from .deadline import Deadline

__all__ = ["Answer", "BUDGET_SPENT", "check", "logic_of", "smt2"]

#: an unknown's reason when the query's `rlimit` ran out (z3 says "canceled" on a
#: solver with pushed scopes, "max. resource limit exceeded" on a fresh one)
BUDGET_SPENT = "canceled"


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


def check(solver: z3.Solver, deadline: Deadline | float, *extra: z3.BoolRef, cap_s: float | None = None,
          rlimit: int | None = None) -> Answer:
    """Check `solver`'s assertions with `extra` on top (removed again after),
    for at most the time left before `deadline` (and `cap_s`, if given), and
    at most `rlimit` units of z3's resource count if given (a budget that,
    unlike wall time, a loaded machine does not shrink)."""
    remaining = (deadline.at if isinstance(deadline, Deadline) else deadline) - time.monotonic()
    if remaining <= 0:
        return Answer("unknown", reason="timeout")
    if cap_s is not None:
        remaining = min(remaining, cap_s)
    solver.set("timeout", max(1, int(remaining * 1000)))
    if rlimit is not None:
        solver.set("rlimit", rlimit)
    if extra:
        solver.push()
        solver.add(*extra)
    try:
        status = solver.check()
        if status == z3.sat:
            return Answer("sat", solver.model())
        if status == z3.unsat:
            return Answer("unsat")
        reason = solver.reason_unknown()
        if rlimit is not None and "resource limit" in reason:
            reason = BUDGET_SPENT  # what an incremental solver says about the same budget
        return Answer("unknown", reason=reason)
    finally:
        if extra:
            solver.pop()
        if rlimit is not None:
            solver.set("rlimit", 0)  # unlimited again for the solver's next query


def smt2(*formulas: z3.BoolRef) -> str:
    """`formulas` as an SMT-LIB script: declarations, one assertion each, ``(check-sat)``."""
    s = z3.Solver()
    s.add(*formulas)
    return s.to_smt2()


def logic_of(smt2: str) -> str:
    """The SMT-LIB logic name for cvc5, from the sorts and operators used.

    The narrowest name matters: cvc5 is several times slower on a bit-vector
    obligation declared `QF_AUFBVLIRA` than on the same one declared `QF_BVLIA`."""
    has_bv = "BitVec" in smt2
    has_int = re.search(r"\bInt\b", smt2) is not None
    quantified = "forall" in smt2 or "exists" in smt2
    arithmetic = "NIA" if has_int and _has_nonlinear(smt2) else "LIA"
    if "(Array " in smt2:
        return _array_logic(has_bv, has_int, quantified, arithmetic)
    if has_bv and has_int:
        return "ALL" if quantified or arithmetic == "NIA" else "QF_BVLIA"
    if has_bv:
        return "BV" if quantified else "QF_BV"
    return arithmetic if quantified else "QF_" + arithmetic


def _array_logic(has_bv: bool, has_int: bool, quantified: bool, arithmetic: str) -> str:
    """The logic of a script with arrays: quantifier-free arrays of bit-vectors or
    of linear integers by their standard names, anything else ``ALL``."""
    if quantified or (has_bv and has_int) or arithmetic == "NIA":
        return "ALL"
    return "QF_ABV" if has_bv else "QF_ALIA"


def _has_nonlinear(smt2: str) -> bool:
    """Integer multiplication of two non-constants, or integer div / mod (bit-vector
    operators are named differently)."""
    for m in re.finditer(r"\(\*((?:\s+[^()\s]+)+)\)", smt2):
        args = m.group(1).split()
        if sum(not re.fullmatch(r"-?\d+|\(- \d+\)", a) for a in args) > 1:
            return True
    return "(* (" in smt2 or re.search(r"\((div|mod|abs) ", smt2) is not None
