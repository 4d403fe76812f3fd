"""One wall-clock deadline per function, passed down from `--timeout` to every step.

A worker starts a function's `Deadline` when it receives the task, so reading
and parsing the file count against the first function; building the
control-flow automaton, encoding, the engines, re-checking certificates,
replaying counterexamples and Hypothesis all take their time from the same
object (`share`, `remaining`), never from a fresh `timeout` of their own.
What is decided when it expires is kept; the rest is unknown, reason
``timeout: ...``.

Times are `time.monotonic()` values: on Linux the clock is system-wide, so a
deadline made in one process means the same instant in the processes it forks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    """The instant `at` (a `time.monotonic()` value) by which an answer is due;
    `seconds` is the budget as the user gave it (for messages)."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline `seconds` from now."""
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        """Seconds left (0 once expired)."""
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        """Has the deadline passed?"""
        return time.monotonic() >= self.at

    def share(self, fraction: float) -> Deadline:
        """An earlier deadline: `fraction` of the time left from now (the rest is kept for later steps)."""
        return Deadline(time.monotonic() + fraction * self.remaining(), self.seconds)

    def within(self, seconds: float) -> Deadline:
        """This deadline, or `seconds` from now if that comes first."""
        return Deadline(min(self.at, time.monotonic() + seconds), self.seconds)
