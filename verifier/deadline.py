"""One wall-clock deadline per check, passed down from `--timeout` to every step.

A program function's `Deadline` starts with the work on it; for a file's
first function, when the command started (`command_start`) or a worker took
the file, so starting up, reading and parsing count against it. Building the
control-flow automaton, encoding, the engines, re-checking certificates,
replaying counterexamples and Hypothesis all take their time from the same
object (`share`, `remaining`), never from a fresh `timeout` of their own.

A policy check runs its steps inside `within(seconds)`, from before it reads
the file; the steps find the deadline with `current()` (a context variable,
so the parser, the encoder and the solvers need no extra parameter), and long
loops call `check()`, which raises `OutOfTime` once the moment has passed.

What is decided when a deadline expires is kept; the rest is unknown, reason
``timeout: ...`` (never cached).

Times are `time.monotonic()` values: on Linux the clock is system-wide, so a
deadline made in one process means the same instant in the processes it forks.
"""

from __future__ import annotations

import math
import os
import sys
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

from .procstat import process_age
from .registry import UnknownReason


class OutOfTime(Exception):
    """The deadline passed before this step finished (raised by `Deadline.check`)."""


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

    @classmethod
    def never(cls) -> Deadline:
        """A deadline that never passes."""
        return cls(math.inf, math.inf)

    def remaining(self) -> float:
        """Seconds left (0 once expired)."""
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        """Has the deadline passed?"""
        return time.monotonic() >= self.at

    def check(self) -> None:
        """Raise `OutOfTime` once the deadline has passed."""
        if self.expired():
            raise OutOfTime(self.reason())

    def reason(self) -> str:
        """The unknown reason of a policy check that did not finish by this deadline."""
        return UnknownReason.TIMEOUT.describe(
            f"the check did not finish within {self.seconds:g} s (try --timeout {max(10, int(self.seconds * 4))})")

    def share(self, fraction: float) -> Deadline:
        """An earlier deadline: `fraction` of the time left from now (the rest is kept for later steps)."""
        return Deadline(time.monotonic() + fraction * self.remaining(), self.seconds)

    def early(self, seconds: float) -> Deadline:
        """This deadline moved `seconds` earlier."""
        return Deadline(self.at - seconds, self.seconds)


_CURRENT: ContextVar[Deadline] = ContextVar("deadline", default=Deadline.never())


def function_deadline(checks: tuple[str, ...], timeout: float, clock: float | None = None) -> Deadline:
    """The deadline of one function whose clock starts at `clock` (a
    `time.monotonic()` value; default: now): `timeout` seconds for its program
    checks, and as many again for termination when both are asked."""
    rounds = int(any(c != "termination" for c in checks)) + int("termination" in checks)
    return Deadline((time.monotonic() if clock is None else clock) + max(1, rounds) * timeout, timeout)


def current() -> Deadline:
    """The deadline of the check being run (never, outside `within`)."""
    return _CURRENT.get()


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


#: A process younger than this when a command starts is a fresh `verify`: its start-up counts too.
FRESH_PROCESS_S = 1.0


#: when the current command began, when its process was started ahead of it (`command_starts_now`)
_COMMAND_STARTED: list[float] = []


def is_the_command() -> bool:
    """Is this process the `verify` command (installed, or `python -m verifier.cli`), not a library's caller?"""
    main_spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return os.path.basename(sys.argv[0]) == "verify" or getattr(main_spec, "name", "") == "verifier.cli"


def command_starts_now() -> None:
    """The current command begins now, not when this process started (a process the warm
    server forked ahead of its request, `server_ready`): `command_start` says so from here on."""
    _COMMAND_STARTED[:] = [time.monotonic()]


def command_start() -> float:
    """When the current command began, as a `time.monotonic()` value: as `command_starts_now` said; else the
    interpreter's own start for the `verify` command however long a busy machine took to load it, or for a
    process younger than `FRESH_PROCESS_S` (so start-up counts against --timeout as the user's clock does);
    else now (a library call in a long-running process)."""
    if _COMMAND_STARTED:
        return _COMMAND_STARTED[0]
    now = time.monotonic()
    age = process_age()
    return now - age if age is not None and (age < FRESH_PROCESS_S or is_the_command()) else now
