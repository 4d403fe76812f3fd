"""One wall-clock deadline per function, passed down from `--timeout` to every step.

A function's `Deadline` starts with the work on it; for a file's first
function, when the command started (`command_start`) or a worker took the
file, so starting up, reading and parsing count against it. Building the
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

    def early(self, seconds: float) -> Deadline:
        """This deadline moved `seconds` earlier."""
        return Deadline(self.at - seconds, self.seconds)


#: A process younger than this when a command starts is a fresh `verify`: its start-up counts too.
FRESH_PROCESS_S = 1.0


def command_start() -> float:
    """When the current command began, as a `time.monotonic()` value: the
    interpreter's own start for a freshly started `verify` (so its start-up
    counts against --timeout as the user's clock does), else now (a library
    call in a long-running process)."""
    now = time.monotonic()
    age = _process_age()
    return now - age if age is not None and age < FRESH_PROCESS_S else now


def _process_age() -> float | None:
    """Seconds since this process started (Linux's /proc; None elsewhere)."""
    import os

    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None
