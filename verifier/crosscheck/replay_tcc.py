"""Confirm a C assertion failure with a harness tcc compiles in milliseconds.

gcc with UBSan (and AddressSanitizer for programs with arrays or pointers)
takes 0.1 to 0.3 s to compile a replay harness (`replay_c`); `verify prove`
often finds a shallow bug sooner, and its no would wait for that build. tcc
compiles the same harness without its operation checks
(`CReplayer.plain_harness`: tcc has neither ``__builtin_add_overflow`` nor
``__auto_type``) in a few milliseconds. Its run has no sanitizers, so it
witnesses only what the harness reports by itself: a failed
``assert``/``__VERIFIER_assert``/``reach_error`` (`TCC_CHECKS`). Such a run
may confirm that failure, which the interpreter has already reached with no
check failing before it; it never refutes one (gcc's run then decides), and
every other check (an overflow, a bad access) waits for gcc's sanitizers.

`quick_confirmation` is used only while gcc's build is not ready
(`GCC_WAIT_S`): a cached gcc build, or one that finished in the background
(`replay.warm_replay`), replays as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from typing import Any

from .c_harness import RUNTIME_C
from .observation import Observation
from .replay_c import CReplayer
from .spawn import run_to_file

__all__ = ["TCC_CHECKS", "TCC_FLAGS", "GCC_WAIT_S", "gcc_ready", "tcc_run", "quick_confirmation"]

#: the checks a tcc-built run may confirm: those the harness reports with its own marker
TCC_CHECKS = frozenset({"assert"})
TCC_FLAGS = ("-w",)
#: how long a replay waits for gcc's build before it runs tcc's: a build gcc has
#: cached is found within it (a fresh one takes ten times as long)
GCC_WAIT_S = 0.02
#: a tcc compile that takes longer than this is given up (gcc's run decides)
COMPILE_TIMEOUT_S = 10.0


def gcc_ready(runner: CReplayer, wait_s: float = GCC_WAIT_S) -> bool:
    """Start `runner`'s gcc build in the background (or wait on the one under
    way); has it finished within `wait_s`? It goes on either way."""
    build = threading.Thread(target=runner.build, daemon=True)
    build.start()
    build.join(wait_s)
    return not build.is_alive()


def tcc_run(runner: CReplayer, params: dict[str, Any], nondet: list[Any]) -> Observation | None:
    """One run of `runner`'s harness without operation checks, compiled by tcc;
    None when tcc is missing or the harness does not compile with it."""
    tcc = shutil.which("tcc")
    if tcc is None or not runner.plain_harness:
        return None
    with tempfile.TemporaryDirectory(prefix="verify-tcc-") as work:
        user_c, runtime_c, binary = (os.path.join(work, name) for name in ("harness.c", "runtime.c", "harness"))
        with open(user_c, "w") as f:
            f.write(runner.plain_harness)
        with open(runtime_c, "w") as f:
            f.write(RUNTIME_C)
        try:  # no pipe: a lane forked meanwhile would hold it open (`spawn`)
            returncode, _ = run_to_file([tcc, *TCC_FLAGS, "-o", binary, user_c, runtime_c], COMPILE_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError):
            return None
        if returncode != 0:
            return None
        return runner.run(params, nondet, binary=binary)


def quick_confirmation(runner: CReplayer, params: dict[str, Any], nondet: list[Any], check: str,
                       line: int) -> Observation | None:
    """A tcc-built run that fails `check` at `line`, when `check` is one such a run
    witnesses and gcc's build is not ready; else None (gcc's run decides)."""
    if check not in TCC_CHECKS or gcc_ready(runner):
        return None
    observation = tcc_run(runner, params, nondet)
    return observation if observation is not None and observation.matches(check, line) else None
