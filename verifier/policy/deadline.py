"""One policy check's deadline: parsing, encoding, solving and re-checking all count.

A check runs its steps inside `within(seconds)`, from before it reads the file;
the steps find the deadline with `current()` (a context variable, so the
parser, the encoder and the solvers need no extra parameter), long loops call
`check()`, which raises `OutOfTime` once the moment has passed, and solvers are
given `left()`. Whatever was decided by then is kept; the rest becomes unknown
with a reason starting "timeout" (never cached).
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator


class OutOfTime(Exception):
    """The check's deadline passed before this step finished."""


@dataclass(frozen=True)
class Deadline:
    """A moment on the monotonic clock, and the budget it was set from (for messages)."""

    at: float
    budget: float

    @classmethod
    def never(cls) -> "Deadline":
        return cls(math.inf, math.inf)

    def left(self) -> float:
        """Seconds left (0 once passed)."""
        return max(0.0, self.at - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def check(self) -> None:
        """Raise OutOfTime once the deadline has passed."""
        if time.monotonic() >= self.at:
            raise OutOfTime(self.reason())

    def reason(self) -> str:
        """The unknown reason for what did not finish."""
        return f"timeout: the check did not finish within {self.budget:g} s (try --timeout {max(10, int(self.budget * 4))})"


_CURRENT: ContextVar[Deadline] = ContextVar("policy_deadline", default=Deadline.never())


def current() -> Deadline:
    """The deadline of the check being run (never, outside `within`)."""
    return _CURRENT.get()


#: share of a command's --timeout kept for start-up (imports, before the deadline is set),
#: reporting and exiting, so the whole run ends within the --timeout
REPORT_SHARE = 0.1


@contextmanager
def within(seconds: float, reserve: float = 0.0) -> Iterator[Deadline]:
    """Run the block under a deadline `seconds` (less `reserve`, kept for what follows) from now,
    or under the enclosing one if that comes first."""
    mine = Deadline(time.monotonic() + seconds - reserve, seconds)
    outer = _CURRENT.get()
    token = _CURRENT.set(outer if outer.at <= mine.at else mine)
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)
