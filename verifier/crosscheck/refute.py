"""Sampled runs try to refute a yes by running the program.

`refute_yes(cfa, key)` (and `refute_any` for several checks at once, also in
a background process) executes the automaton concretely on sampled inputs
(`engines.safety.sampling.sample_failures`: the types' boundary values, the
program's constants, small and uniform values, nondeterministic values drawn
as the run asks for them, runs of growing step budgets) with a seed of its own,
and runs each failing input again with `verifier.interpret.run_cfa` (an
independent reading of the semantics, which records the trace). A run that
fails check `key` there refutes the yes: the proof is wrong, and the caller
turns the answer into unknown (``incomplete: ...``) and reports a bug.

No Hypothesis here: its import and its per-example bookkeeping cost more than
the whole refutation of a function (`verify prove` runs one for every function
with loops), and a failing run is a bug report, where shrinking is a luxury.
Every run is seeded, so the outcome is reproducible and nothing is written to disk.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection
from dataclasses import dataclass, field

from ..arrays import zero_of
from ..cfa import Cfa
from ..encode import CheckKey
from ..engines.outcome import Witness
from ..interpret import Run, run_cfa

__all__ = ["Refutation", "refute_yes", "refute_any", "BackgroundRefuter"]

#: Sampled runs per function in `BackgroundRefuter`, and the time its
#: process is given beyond its deadline to send the answer.
REFUTE_EXAMPLES = 100
REFUTE_GRACE_S = 0.1
#: How long the process may take to read its keys.
REFUTE_STARTUP_S = 2.0
#: The sampler's seed: other runs than the sampling lane's (seed 0) and the quick search's.
REFUTE_SEED = 7
#: A failing run is run again with at least this many edges (and each edge at most once between
#: two loop-head passes, as `verify prove` replays a witness).
RERUN_MIN_EDGES = 200_000


@dataclass
class Refutation:
    """A concrete execution that fails the check a proof said could not fail."""

    key: CheckKey
    params: dict[str, int]
    nondet: list[int] = field(default_factory=list)
    trace: list[tuple[int, dict[str, int]]] = field(default_factory=list)


def refute_yes(cfa: Cfa, key: CheckKey, max_examples: int = 300, deadline_s: float = 2.0,
               seed_value: int = REFUTE_SEED) -> Refutation | None:
    """A concrete run of `cfa` failing check `key` ((kind, line, column)), or None
    if none of `max_examples` sampled runs (within `deadline_s`) fails it."""
    return refute_any(cfa, {key}, max_examples, deadline_s, seed_value).get(key)


def refute_any(cfa: Cfa, keys: Collection[CheckKey], max_examples: int = 300, deadline_s: float = 2.0,
               seed_value: int = REFUTE_SEED) -> dict[CheckKey, Refutation]:
    """Concrete runs of `cfa` failing checks of `keys`, by key (empty if none of
    `max_examples` sampled runs within `deadline_s` fails one); each confirmed by
    `run_cfa` on the same values."""
    from ..engines.safety.sampling import sample_failures

    wanted = {tuple(k) for k in keys}
    found = sample_failures(cfa, wanted, time.monotonic() + deadline_s, seed=seed_value,
                            max_runs=max(1, max_examples))
    refuted = {}
    for key, outcome in found.items():
        again = _rerun(cfa, outcome.witness)
        if again.failure is not None and (again.failure[0], again.failure[1].line, again.failure[1].column) == key:
            refuted[key] = Refutation(key, dict(outcome.witness.params), list(again.nondet), list(again.trace))
    return refuted


def _rerun(cfa: Cfa, witness: Witness) -> Run:
    """`run_cfa` on a sampled witness's values (its nondet values keyed ``site@step``), traced."""
    return run_cfa(cfa, dict(witness.params), lambda site, step, t: witness.nondet.get(f"{site}@{step}", zero_of(t)),
                   max_edges=max(RERUN_MIN_EDGES, (witness.steps + 1) * len(cfa.edges)))


class BackgroundRefuter:
    """`refute_any` in a forked process, which waits for `start(keys, deadline_s)`;
    `result()` collects what it found while the caller re-checks certificates."""

    def __init__(self, cfa: Cfa) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, cfa), daemon=True)
        self._proc.start()
        child.close()
        self._limit: float | None = None
        self._budget = 0.0

    def start(self, keys: Collection[CheckKey], deadline_s: float) -> None:
        """Try to refute `keys` for `deadline_s` seconds."""
        self._conn.send((sorted(keys), deadline_s))
        self._budget = deadline_s
        self._limit = time.monotonic() + REFUTE_STARTUP_S

    def result(self, by: float = math.inf) -> dict[CheckKey, Refutation]:
        """What the runs refuted (empty if not started, or late: the process is killed);
        never waits past `by` (a `time.monotonic()` value).

        The process's clock starts when it has read the keys (it may still be
        importing the sampler when `start` is called)."""
        try:
            if self._limit is None or not self._conn.poll(max(0.0, min(self._limit, by) - time.monotonic())):
                return {}
            self._conn.recv()  # "started"
            if self._conn.poll(max(0.0, min(self._budget + REFUTE_GRACE_S, by - time.monotonic()))):
                return self._conn.recv()
            return {}
        except (EOFError, OSError):
            return {}
        finally:
            self.close()

    def close(self) -> None:
        """Stop the process."""
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(1)
        self._conn.close()


def _serve(conn, cfa: Cfa) -> None:
    try:
        from ..engines.safety import sampling  # noqa: F401  (imported now, while waiting)

        keys, deadline_s = conn.recv()
        conn.send("started")
        conn.send(refute_any(cfa, keys, max_examples=REFUTE_EXAMPLES, deadline_s=deadline_s))
    except (EOFError, OSError):
        pass
    finally:
        conn.close()
