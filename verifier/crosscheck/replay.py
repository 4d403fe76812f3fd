"""Replay a counterexample for real, then let Hypothesis explore around it.

C programs run as a gcc-compiled harness (UBSan on; an assertion failure
may be confirmed first by the same harness built by tcc while gcc's build is
not ready: `replay_tcc`), Python functions are called in a worker process;
the witness is confirmed only if the real run fails with the same check at
the same line.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

from .. import ir
from ..deadline import Deadline

__all__ = ["replay_and_explore", "warm_replay", "prepare_replay"]

#: Wall-clock budget for exploring around one witness, and at most this share
#: of the time left (confirming the other witnesses comes first).
EXPLORE_SECONDS = 0.3
EXPLORE_SHARE = 0.25
EXPLORE_EXAMPLES = 20
#: About what importing Hypothesis takes (CPU seconds; the first exploring of a process pays it,
#: within its budget): a smaller budget, with Hypothesis not imported yet, explores nothing
#: rather than spend itself on the import (a quick search's no, explored while the lanes wait).
EXPLORE_IMPORT_S = 0.15
#: A neighbour's run while exploring may take at least this long, even past the
#: exploring budget: a shorter limit stops a healthy run on a loaded machine, and
#: a stopped Python worker must be started again for the next witness.
EXPLORE_CALL_FLOOR_S = 0.2


#: the C replayer compiled ahead (`warm_replay`) for one function: (program, function name, replayer)
_warm_c: list[tuple[ir.Program, str, object]] = []


def prepare_replay(program: ir.Program, fn: ir.Function) -> None:
    """What a function whose checks may all be yes can afford, from the main thread
    with no other thread running: for Python, fork the replay worker, which imports
    the user's module only for the first witness (`replay_py.warm_replayer`); for
    C nothing (compiling the harness costs more than a fork)."""
    if program.language == "python":
        from .replay_py import warm_replayer

        warm_replayer(program.path, fn.name, {p.name: p.type for p in fn.params}, program.replay_facts,
                      import_now=False)


def warm_replay(program: ir.Program, fn: ir.Function) -> None:
    """Get ready to replay `fn`'s witnesses, in the background: start the Python
    worker and keep it for all of them (see `replay_py.warm_replayer`), or compile
    the C harness. `verify prove` does so for the first witness, not before (a
    function whose checks are all yes never imports the user's module and never
    compiles), except with --exit-first, where it starts with the engines."""
    if program.language == "python":
        from .replay_py import warm_replayer

        warm_replayer(program.path, fn.name, {p.name: p.type for p in fn.params}, program.replay_facts)
        return
    from .replay_c import CReplayer

    replayer = CReplayer(program, fn.name)
    _warm_c[:] = [(program, fn.name, replayer)]
    threading.Thread(target=replayer.build, daemon=True).start()


def replay_and_explore(program: ir.Program, fn: ir.Function, params: dict[str, int], nondet: list[int],
                       check: str, line: int, deadline: Deadline, explore_s: float | None = None,
                       on_confirmed: Callable[[str], None] | None = None
                       ) -> tuple[bool, str, dict[str, int] | None]:
    """(confirmed, what the real run showed, {"tried": n, "failing": k} or None); no run
    goes on past `deadline`. Exploring takes at most `explore_s` seconds (default:
    `EXPLORE_SECONDS`, or `EXPLORE_SHARE` of the time left; Hypothesis's import included;
    0, or less than `EXPLORE_IMPORT_S` before that import: no exploring, None for the counts);
    `on_confirmed(detail)` hears of a confirmation before exploring starts."""
    warm = None
    if program.language == "c":
        from .replay_c import DEFAULT_TIMEOUT_S, CReplayer

        timeout_s = min(DEFAULT_TIMEOUT_S, deadline.remaining())
        warm = next((r for p, name, r in _warm_c if p is program and name == fn.name), None)
        runner = warm if isinstance(warm, CReplayer) else CReplayer(program, fn.name)
        runner.timeout_s = timeout_s
        observe = runner.run
        how = f"gcc -fsanitize={'address,undefined' if runner.memory else 'undefined'}"
    else:
        from .replay_py import DEFAULT_TIMEOUT_S as PY_TIMEOUT_S, take_replayer

        timeout_s = min(PY_TIMEOUT_S, deadline.remaining())
        warm = take_replayer(program.path, fn.name, timeout_s)
        if warm is None:  # the function's first witness
            warm_replay(program, fn)
            warm = take_replayer(program.path, fn.name, timeout_s)
        assert warm is not None
        py_runner = warm

        def observe(p: dict[str, int], n: list[int]):
            return py_runner.run(p, n)

        runner = py_runner
        how = "python"
    try:
        quick = None
        if program.language == "c":  # an assertion failure need not wait for gcc's build
            from .replay_tcc import quick_confirmation

            quick = quick_confirmation(runner, params, nondet, check, line)
        observation = quick if quick is not None else observe(params, nondet)
        how = "tcc" if quick is not None else how
        confirmed = observation.matches(check, line)
        detail = f"{how}: {observation.describe()}"
        explored = None
        if confirmed and on_confirmed is not None:
            on_confirmed(detail)
        budget = min(EXPLORE_SECONDS if explore_s is None else explore_s, EXPLORE_SHARE * deadline.remaining())
        if confirmed and budget > 0 and ("hypothesis" in sys.modules or budget > EXPLORE_IMPORT_S):
            end = time.monotonic() + budget
            from .explore import explore_near

            types = {p.name: p.type for p in fn.params}

            def bounded(p: dict[str, int], n: list[int]):  # a slow neighbour does not outlive exploring
                runner.timeout_s = min(timeout_s, max(EXPLORE_CALL_FLOOR_S, end - time.monotonic()))
                return observe(p, n)

            explored = explore_near(bounded, params, nondet, types, lambda o: o.matches(check, line),
                                    max_examples=EXPLORE_EXAMPLES, deadline_s=max(0.0, end - time.monotonic()))
        return confirmed, detail, explored
    finally:
        close = getattr(runner, "close", None)
        if close and runner is not warm:
            close()  # a warm Python worker stays for the function's other witnesses
