"""Run-time support for verified Python code: `assume(cond)`.

A Python file checked by verify states its preconditions with
``from verifier import assume`` and ``assume(x > 0)``. The verifier reads the
call as a precondition (executions where it is false are discarded); at run
time it is an ordinary function that raises `AssumptionViolated` when the
condition is false. Replay relies on that exception being its own class: an
input that violates an assumption is infeasible, which is a different thing
from an assertion failure (``AssertionError``) or a crash.

This module imports nothing from the rest of the package, so importing a
checked program stays cheap.
"""

from __future__ import annotations

import sys

__all__ = ["AssumptionViolated", "assume"]


class AssumptionViolated(Exception):
    """Raised by `assume(cond)` when `cond` is false.

    It means the input is outside the function's precondition, not that the
    function is wrong. `line` is the line of the `assume` call (0 if unknown).
    It is deliberately not an `AssertionError`, so ``except AssertionError``
    and replay never mistake an infeasible input for a failed check.
    """

    def __init__(self, message: str = "assumption does not hold", line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def assume(cond: object) -> None:
    """Return None if `cond` is true (Python truthiness), else raise `AssumptionViolated`."""
    if cond:
        return None
    try:
        line = sys._getframe(1).f_lineno
    except (AttributeError, ValueError):  # no caller frame (or no _getframe)
        line = 0
    where = f" (line {line})" if line else ""
    raise AssumptionViolated(f"assumption does not hold{where}", line)
