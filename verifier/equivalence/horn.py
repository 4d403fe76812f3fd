"""Spacer (z3's Horn-clause engine) with restarts.

Spacer's running time is heavy-tailed in its random choices: on the same
clauses one seed answers in 0.2 s and another runs for minutes. `solve_horn`
runs it with a short time limit and, on a timeout, again with a fresh seed
and twice the limit, until it answers or the deadline passes.
"""

from __future__ import annotations

import time

import z3

__all__ = ["solve_horn", "FIRST_LIMIT_S"]

#: The first run's time limit; each retry doubles it.
FIRST_LIMIT_S = 0.5


def solve_horn(rules: list[z3.BoolRef], deadline: float) -> tuple[z3.CheckSatResult, z3.Solver | None, str]:
    """(sat / unsat / unknown, the solver that answered, why unknown: ``timeout``
    or the solver's reason). Clauses are universally quantified implications."""
    attempt, limit = 0, FIRST_LIMIT_S
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            return z3.unknown, None, "timeout"
        solver = z3.SolverFor("HORN")
        solver.set("timeout", max(1, int(min(limit, remaining) * 1000)))
        solver.set("spacer.random_seed", attempt)
        solver.add(*rules)
        try:
            status = solver.check()
        except z3.Z3Exception as exc:
            return z3.unknown, None, f"solver: {exc}"
        if status != z3.unknown:
            return status, solver, ""
        why = solver.reason_unknown()
        if "timeout" not in why and "canceled" not in why:
            return z3.unknown, None, f"solver: {why}"
        attempt, limit = attempt + 1, limit * 2
