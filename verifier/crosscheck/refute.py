"""Hypothesis tries to refute a yes by running the program.

`refute_yes(cfa, key)` (and `refute_any` for several checks at once, also in
a background process) executes the automaton concretely
(`verifier.interpret.run_cfa`, an independent reading of the semantics) on
inputs drawn by Hypothesis (`crosscheck.explore.input_strategy`: boundary
values of each parameter's type half the time) with nondeterministic values
drawn as the run asks for them, each run within a step budget. A run that
fails check `key` refutes the yes: the proof is wrong, and the caller turns
the answer into unknown (``incomplete: ...``) and reports a bug. Hypothesis
then shrinks the failing input, so the refutation is small.

Every run is derandomized (or seeded), without an example database, so the
outcome is reproducible and nothing is written to disk.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from .. import ir
from ..arrays import ArrayValue, is_length_variable, zero_of
from ..cfa import Cfa
from ..encode import CheckKey
from ..interpret import run_cfa

__all__ = ["Refutation", "refute_yes", "refute_any", "BackgroundRefuter"]

#: Sampled runs per function in `BackgroundRefuter`, and the time its
#: process is given beyond its deadline to send the answer.
REFUTE_EXAMPLES = 100
#: Edges per run there: short runs, so the last one ends near the deadline.
REFUTE_MAX_EDGES = 5_000
REFUTE_GRACE_S = 0.1
#: How long the process may take to import Hypothesis and read its keys.
REFUTE_STARTUP_S = 2.0


@dataclass
class Refutation:
    """A concrete execution that fails the check a proof said could not fail."""

    key: CheckKey
    params: dict[str, int]
    nondet: list[int] = field(default_factory=list)
    trace: list[tuple[int, dict[str, int]]] = field(default_factory=list)


class _Found(Exception):
    """Raised inside the Hypothesis test so that it shrinks the failing input."""


class _OutOfTime(Exception):
    """Raised inside the Hypothesis test to end the search at the deadline (an
    early plain return would make data generation depend on the clock)."""


def refute_yes(cfa: Cfa, key: CheckKey, max_examples: int = 300, deadline_s: float = 2.0,
               max_edges: int = 20_000, seed_value: int | None = None) -> Refutation | None:
    """A concrete run of `cfa` failing check `key` ((kind, line, column)), or None
    if none of `max_examples` sampled runs (within `deadline_s`) fails it."""
    return refute_any(cfa, {key}, max_examples, deadline_s, max_edges, seed_value).get(key)


def refute_any(cfa: Cfa, keys: Collection[CheckKey], max_examples: int = 300, deadline_s: float = 2.0,
               max_edges: int = 20_000, seed_value: int | None = None) -> dict[CheckKey, Refutation]:
    """Concrete runs of `cfa` failing checks of `keys`, by key (empty if none of
    `max_examples` sampled runs within `deadline_s` fails one); Hypothesis
    shrinks the first failing run it meets."""
    from ..branches import branch_aliases
    from .explore import input_strategy, value_strategy

    wanted = {tuple(k) for k in keys}
    end = time.monotonic() + deadline_s
    aliases = branch_aliases(cfa)
    types = {p.name: p.type for p in cfa.params}
    failing: dict[CheckKey, tuple[dict, dict, list[int]]] = {}  # key -> params, values by slot, nondet in order
    strategies: dict[ir.Type, st.SearchStrategy] = {}  # one per type: building one per draw is slow

    @settings(max_examples=max(1, max_examples), derandomize=seed_value is None, database=None,
              deadline=None, phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck), print_blob=False, report_multiple_bugs=False)
    @given(_cfa_inputs(types, input_strategy, value_strategy), st.data())
    def attempt(params: dict[str, int], data) -> None:
        if time.monotonic() > end:
            raise _OutOfTime()
        values: dict[tuple[str, int], int] = {}

        def nondet(site: str, step: int, type_: ir.Type) -> int:
            slot = (aliases.get(site, site), step)
            if slot not in values:
                if type_ not in strategies:
                    strategies[type_] = _nondet_strategy(type_, value_strategy)
                values[slot] = data.draw(strategies[type_])
            return values[slot]

        run = run_cfa(cfa, dict(params), nondet, max_edges=max_edges, trace=False)
        if run.failure is not None:
            kind, loc = run.failure
            key = (kind, loc.line, loc.column)
            if key in wanted:  # the last one recorded is the shrunk run
                failing[key] = (dict(params), dict(values), list(run.nondet))
                raise _Found()

    if seed_value is not None:
        attempt = seed(seed_value)(attempt)
    try:
        attempt()
    except (_Found, _OutOfTime):
        pass
    except HypothesisException:
        # the deadline cut a replay short, and Hypothesis saw the same input behave
        # differently; every Refutation recorded is still a real failing run
        if time.monotonic() <= end:
            raise
    return {key: _traced(cfa, key, *run, aliases, max_edges) for key, run in failing.items()}


def _traced(cfa: Cfa, key: CheckKey, params: dict, values: dict, nondet: list[int], aliases: dict[str, str],
            max_edges: int) -> Refutation:
    """The refutation of a failing run, its states recorded by running it again on the same values
    (the search runs without a trace: most runs fail nothing)."""
    again = run_cfa(cfa, dict(params), lambda site, step, t: values.get((aliases.get(site, site), step), zero_of(t)),
                    max_edges=max_edges)
    return Refutation(key, params, nondet, list(again.trace))


class BackgroundRefuter:
    """`refute_any` in a forked process, started before the yes answers are
    known: the process imports Hypothesis (slow to import) while the engines
    run, then waits for `start(keys, deadline_s)`; `result()` collects what it
    found while the caller re-checks certificates."""

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
        importing Hypothesis when `start` is called)."""
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
        from . import explore  # noqa: F401  (imports Hypothesis's strategies now, while waiting)

        keys, deadline_s = conn.recv()
        conn.send("started")
        conn.send(refute_any(cfa, keys, max_examples=REFUTE_EXAMPLES, deadline_s=deadline_s,
                             max_edges=REFUTE_MAX_EDGES))
    except (EOFError, OSError):
        pass
    finally:
        conn.close()


#: Array parameters and nondet arrays of no fixed size get at most this many elements.
MAX_ARRAY_LENGTH = 8


def _cfa_inputs(types: dict[str, ir.Type], input_strategy, value_strategy) -> st.SearchStrategy[dict]:
    """Parameter values as the automaton reads them: scalars from
    `input_strategy`; each array an `ArrayValue` of a short list of elements,
    with its length parameter set to the list's length."""
    arrays = {n: t for n, t in types.items() if isinstance(t, ir.ArrayType)}
    scalars = {n: t for n, t in types.items() if n not in arrays and not is_length_variable(n, types)}
    lists = st.fixed_dictionaries({n: _elements(t, value_strategy) for n, t in arrays.items()})

    def combine(values: dict, elements: dict) -> dict:
        params = dict(values)
        for name, items in elements.items():
            params[name] = ArrayValue.of_list(items)
            if arrays[name].size is None and ir.length_name(name) in types:
                params[ir.length_name(name)] = len(items)
        return params

    return st.tuples(input_strategy(scalars), lists).map(lambda pair: combine(*pair))


def _elements(t: ir.ArrayType, value_strategy) -> st.SearchStrategy[list[int]]:
    size = t.size if t.size is not None and t.size <= 64 else None
    low, high = (size, size) if size is not None else (0, MAX_ARRAY_LENGTH)
    return st.lists(value_strategy(t.elem), min_size=low, max_size=high)


def _nondet_strategy(t: ir.Type, value_strategy) -> st.SearchStrategy:
    """Nondeterministic values: truth values evenly, integers mostly small (loops
    then run a while) and sometimes their type's edges; arrays as short lists
    of such elements (zero beyond them)."""
    if isinstance(t, ir.ArrayType):
        return _elements(t, value_strategy).map(ArrayValue.of_list)
    if isinstance(t, ir.BoolType):
        return st.integers(0, 1)
    lo = t.min if t.min is not None else -(1 << 40)
    hi = t.max if t.max is not None else 1 << 40
    small = st.integers(max(lo, -16), min(hi, 64))
    return st.one_of(small, small, value_strategy(t))
