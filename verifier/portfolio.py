"""Run the engines on one function within a deadline, in a worker process.

The worker builds the automaton, encodes it and runs BMC (bugs, and proofs of
loop-free or bounded code), then k-induction, then the invariant engine when
one is registered, each on the checks still open. The parent kills the worker
at the deadline, so a stuck solver never hangs a run; whatever was answered
before that is kept only if the worker finished.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from . import ir
from .encode import CheckKey, TransitionSystem

#: Extra wall-clock time the worker is given beyond the check deadline before it
#: is killed: enough to send back its answers, small enough to honour --timeout.
GRACE_FRACTION = 0.03

#: Proof engines run after BMC and k-induction: (name, function). The invariant
#: engine registers itself here; each gets the open checks and the deadline.
ProofEngine = Callable[[TransitionSystem, set[CheckKey], float], dict]
PROOF_ENGINES: list[tuple[str, str]] = [("chc", "verifier.engines.chc:run_chc")]


@dataclass
class PortfolioAnswer:
    """What the engines said: check sites by key, outcomes by key, and why the
    run ended early if it did."""

    sites: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    error: str = ""
    timed_out: bool = False
    bmc_depth: int = -1


def analyse(program: ir.Program, function: str, keys: set[CheckKey] | None, timeout: float) -> PortfolioAnswer:
    """Engine outcomes for the checks of `function` (all of them if `keys` is None).

    The worker reports the check sites first, then outcomes after each engine,
    so answers found before a timeout are kept."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, program, function, keys, timeout), daemon=True)
    start = time.monotonic()
    proc.start()
    child.close()
    limit = start + timeout * (1 + GRACE_FRACTION) + 0.05
    answer = PortfolioAnswer(timed_out=True)
    while True:
        remaining = limit - time.monotonic()
        if remaining <= 0 or not parent.poll(remaining):
            break
        try:
            kind, payload = parent.recv()
        except EOFError:
            answer.error = answer.error or "the solver process ended without an answer"
            break
        if kind == "sites":
            answer.sites = payload
        elif kind == "outcomes":
            answer.outcomes.update(payload)
        elif kind == "depth":
            answer.bmc_depth = max(answer.bmc_depth, payload)
        elif kind == "error":
            answer.error = payload
            answer.timed_out = False
            break
        elif kind == "done":
            answer.timed_out = False
            break
    if proc.is_alive():
        proc.kill()
    proc.join(1)
    return answer


def _worker(conn, program: ir.Program, function: str, keys, timeout: float) -> None:
    try:
        run_engines(program, function, keys, time.monotonic() + timeout, lambda kind, data: conn.send((kind, data)))
        conn.send(("done", None))
    except Exception as exc:  # reported as an unknown, never a crash of the run
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_engines(program: ir.Program, function: str, keys: set[CheckKey] | None, deadline: float,
                report: Callable[[str, object], None] | None = None) -> PortfolioAnswer:
    """All engines in sequence, in this process (the worker's body); `report`
    receives ("sites", …), ("outcomes", …) and ("depth", …) as they are known."""
    report = report or (lambda kind, data: None)
    import importlib

    from .cfa import build_cfa
    from .encode import encode
    from .engines.bmc import Bmc
    from .engines.kinduction import MAX_K, KInduction

    ts = encode(build_cfa(program, function))
    wanted = set(ts.checks) if keys is None else {k for k in ts.checks if k in keys or k[0] == "bound"}
    total = max(0.0, deadline - time.monotonic())
    answer = PortfolioAnswer(sites={k: v for k, v in ts.checks.items() if k in wanted})
    report("sites", answer.sites)
    open_keys = set(wanted)

    def settle(found: dict) -> None:
        answer.outcomes.update(found)
        open_keys.difference_update(found)
        if found:
            report("outcomes", found)

    # interleave BMC (depth d) with k-induction (k = d + 1): shallow bugs and
    # simple inductive proofs come first; then the invariant engines get their share
    bmc, kind = Bmc(ts, open_keys), KInduction(ts)
    shallow_end = time.monotonic() + SHALLOW_SHARE * total
    while open_keys and not bmc.finished and bmc.depth < SHALLOW_BMC_DEPTH and time.monotonic() < shallow_end:
        settle(bmc.advance(shallow_end))
        bmc.open_keys &= open_keys
        if open_keys and ts.cfa.loops and bmc.depth <= MAX_K:  # loop-free code: BMC completes
            settle(kind.try_k(bmc.depth, open_keys, bmc.checked, shallow_end))
            bmc.open_keys &= open_keys
    answer.bmc_depth = bmc.checked
    report("depth", bmc.checked)
    for _name, path in PROOF_ENGINES:
        if not open_keys or time.monotonic() >= deadline:
            break
        module, attr = path.split(":")
        try:
            engine = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            continue
        settle(engine(ts, set(open_keys), time.monotonic() + PROOF_SHARE * max(0.0, deadline - time.monotonic())))
        bmc.open_keys &= open_keys
    while open_keys and not bmc.finished and time.monotonic() < deadline:
        settle(bmc.advance(deadline))
        bmc.open_keys &= open_keys
    answer.bmc_depth = bmc.checked
    report("depth", bmc.checked)
    return answer


#: Budget shares: BMC interleaved with k-induction up to SHALLOW_BMC_DEPTH steps,
#: then the proof engines (a share of what is left), then deep BMC with the rest.
SHALLOW_SHARE = 0.25
SHALLOW_BMC_DEPTH = 25
PROOF_SHARE = 0.7
