"""Where a run's time goes: one stderr line per step, when ``VERIFY_TIMELINE`` is set.

    VERIFY_TIMELINE=1 verify prove -x f.py

prints lines such as ``verify-timeline:   0.412s [1234 cpu 0.301s] parsed f.py``: the
seconds since the command's process started (the interpreter's own start-up
included, as in `deadline.command_start`), the process id (the worker, a lane
and the command are different processes) with the CPU time it has used itself
and the step. Unset, `mark` costs a
global lookup and nothing is printed; the steps marked are listed in
``bench/bench_time_to_no.py``'s docstring.
"""

from __future__ import annotations

import os
import sys
import time

from .procstat import process_age, stat_fields

__all__ = ["ENABLED", "mark"]

#: Is the timeline printed? Read once: forked workers and lanes inherit it.
ENABLED = bool(os.environ.get("VERIFY_TIMELINE"))


def _command_start() -> float:
    """The start of the command's first process, as a `time.monotonic()` value: this
    process's, or its oldest ancestor's that runs `verifier` too (a worker forked
    before this module was imported counts from the command, not from its fork).
    Linux's /proc; elsewhere, now."""
    now = time.monotonic()
    pid = os.getpid()
    try:
        while (fields := stat_fields(pid)) is not None and (parent := int(fields[1])) > 1:
            with open(f"/proc/{parent}/cmdline", "rb") as f:
                if b"verif" not in f.read():
                    break
            pid = parent
    except (OSError, ValueError, IndexError):
        return now
    age = process_age(pid)
    return now if age is None else now - age


#: the instant the timeline counts from (the command's start; forks keep it)
ORIGIN = _command_start() if ENABLED else 0.0


def mark(step: str) -> None:
    """Print `step` with the time since the command started, if the timeline is on."""
    if ENABLED:
        print(f"verify-timeline: {time.monotonic() - ORIGIN:7.3f}s [{os.getpid()} cpu {time.process_time():.3f}s] "
              f"{step}", file=sys.stderr, flush=True)
