"""Run both functions for real on many inputs, in the background.

`Sampler(a, b, budget_s)` is a thread that runs both functions (each in its
own worker, side by side) while the solvers work: first on small inputs and
each parameter up a ladder of magnitudes (no Hypothesis needed, so the runs
start at once), then on Hypothesis-chosen inputs biased to the types'
boundaries (``2^16 - 1``, ``INT_MAX``, ...). It serves twice: a difference it
finds is a real one (both runs disagree; an overflow deep in a loop that
unrolling would never reach shows here), and a proof must survive the runs
made by the time it is re-checked.
"""

from __future__ import annotations

import itertools
import threading
import time

from .. import ir
from .effects import outputs
from .real_runs import RunOutcome, compare_outcomes, runner_for
from .targets import Target

__all__ = ["Sampler", "domain_types", "in_domain", "first_inputs", "drawn_inputs", "run_both"]

#: Per-call time limit while sampling: long loops on huge inputs are skipped.
SAMPLE_CALL_S = 0.1
#: Inputs tried: a grid of small values, then boundary-biased draws.
SMALL_INPUTS = 24
BOUNDARY_INPUTS = 40
#: At most this many sampled inputs in all (the ladders of several parameters add up).
MAX_SAMPLES = 400


def domain_types(a: Target, b: Target) -> dict[str, ir.Type]:
    """Per parameter (A's names), the narrower of the two types."""
    out: dict[str, ir.Type] = {}
    for p, q in zip(a.fn.params, b.fn.params):
        t = p.type
        if isinstance(t, ir.IntType) and isinstance(q.type, ir.IntType):
            if t.bits is None or (q.type.bits is not None and q.type.bits < t.bits):
                t = q.type
        out[p.name] = t
    return out


def in_domain(a: Target, b: Target, values: list[int]) -> bool:
    """`values` fit every parameter type of both functions."""
    for v, p, q in zip(values, a.fn.params, b.fn.params):
        for t in (p.type, q.type):
            if isinstance(t, ir.IntType) and t.bits is not None and not t.min <= v <= t.max:
                return False
            if isinstance(t, ir.BoolType) and v not in (0, 1):
                return False
    return True


def _ladder(t: ir.Type) -> list[int]:
    """Values of growing magnitude: powers of two and of ten (and one less), both signs."""
    if isinstance(t, ir.BoolType):
        return [0, 1]
    values = set()
    for k in range(1, 64):
        values.update({1 << k, (1 << k) - 1, -(1 << k), -(1 << k) + 1})
    for k in range(1, 19):
        values.update({10**k, -(10**k)})
    lo, hi = t.min, t.max
    if lo is not None:
        values.update({lo, hi})
    return sorted((v for v in values if (lo is None or lo <= v) and (hi is None or v <= hi)), key=lambda v: (abs(v), v))


#: Python parameter annotations whose inputs are sampled as lists (`list_inputs`): IR
#: variables an array and its length; their elements small ints, 0/1, or printable code points.
LIST_SHAPES = {"list[int]": range(-3, 6), "list[bool]": range(0, 2), "str": [97, 98, 48, 57, 32, 65]}
#: Inputs of functions with list parameters: every small list first, then seeded random ones.
LIST_INPUTS = 120
MAX_LIST_LENGTH = 6


def list_inputs(a: Target, b: Target) -> list[list]:
    """Inputs for two Python functions whose parameters are ints, bools, lists of
    ints or bools and strings (their annotations, the same on both sides; else
    none): values in IR parameter order, a list parameter as the Python list of
    its elements (code points for a string) followed by its length; short lists
    first, then seeded random ones, at most `LIST_INPUTS`."""
    import random

    if a.program.language != "python" or b.program.language != "python":
        return []
    shapes = list(a.program.replay_facts.get("shapes", {}).get(a.function, {}).values())
    if not all(s in LIST_SHAPES or s in ("int", "bool") for s in shapes):
        return []
    rng = random.Random(0)

    def draw(shape: str, size: int) -> object:
        if shape == "bool":
            return rng.randint(0, 1)
        if shape == "int":
            return rng.randint(-size - 2, size + 2)
        return [rng.choice(LIST_SHAPES[shape]) for _ in range(rng.randint(0, size))]

    out: list[list] = []
    seen: set[tuple] = set()
    for k in range(LIST_INPUTS * 4):
        if len(out) >= LIST_INPUTS:
            break
        drawn = [draw(shape, min(MAX_LIST_LENGTH, 1 + k // 12)) for shape in shapes]
        values: list = []
        for shape, value in zip(shapes, drawn):
            values += [value, len(value)] if isinstance(value, list) else [value]
        key = _key(values)
        if key not in seen and len(values) == len(a.fn.params):
            seen.add(key)
            out.append(values)
    return sorted(out, key=_size)


def first_inputs(a: Target, b: Target) -> list[list[int]]:
    """The inputs that need no Hypothesis: a grid of small values, then each
    parameter up a ladder of magnitudes (the others small), ordered by size
    after the grid; all inside both domains, leaving room for `drawn_inputs`.
    With list parameters, `list_inputs`."""
    types = domain_types(a, b)
    if not types:
        return [[]]
    if any(isinstance(t, ir.ArrayType) for t in types.values()):
        return list_inputs(a, b)  # C arrays are not sampled (the engines' witnesses are replayed)
    n = len(types)
    small = {1: range(-3, 6), 2: range(-2, 3), 3: range(-1, 2)}.get(n, range(0, 2))
    grid = []
    for values in itertools.product(*([0, 1] if isinstance(t, ir.BoolType) else small for t in types.values())):
        grid.append(list(values))
        if len(grid) >= SMALL_INPUTS:
            break
    ladder = []
    for i, t in enumerate(types.values()):
        for v in _ladder(t):
            for base in (1, 3):
                values = [base if not isinstance(u, ir.BoolType) else 1 for u in types.values()]
                values[i] = v
                ladder.append(values)
    return _distinct(a, b, grid + sorted(ladder, key=_size), set())[:MAX_SAMPLES - BOUNDARY_INPUTS]


def drawn_inputs(a: Target, b: Target, known: list[list[int]]) -> list[list[int]]:
    """Boundary-biased Hypothesis draws (`BOUNDARY_INPUTS`) not in `known`,
    inside both domains, ordered by size; at most `MAX_SAMPLES` with `known`."""
    from ..crosscheck.explore import sample_inputs

    types = domain_types(a, b)
    room = MAX_SAMPLES - len(known)
    if not types or room <= 0 or any(isinstance(t, ir.ArrayType) for t in types.values()):
        return []
    drawn = [[d[name] for name in types] for d in sample_inputs(types, BOUNDARY_INPUTS)]
    return _distinct(a, b, sorted(drawn, key=_size), {tuple(v) for v in known})[:room]


def _size(values: list) -> int:
    """How large an input is: the sum of magnitudes, a list's elements and length counted."""
    return sum(len(v) + _size(v) if isinstance(v, list) else abs(v) for v in values)


def _key(values: list) -> tuple:
    """An input as a hashable key (lists as tuples)."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in values)


def _distinct(a: Target, b: Target, candidates: list[list[int]], seen: set[tuple[int, ...]]) -> list[list[int]]:
    """`candidates` without repeats, those in `seen` or outside a domain (in order)."""
    out = []
    for values in candidates:
        key = _key(values)
        if key not in seen and in_domain(a, b, values):
            seen.add(key)
            out.append(values)
    return out


def shown_outputs(a: Target, b: Target) -> tuple[str, ...]:
    """What the C runs print after the call (`effects.Output.key`): the compared outputs and every global
    either side assigns."""
    compared = outputs(a.program, a.function, b.program, b.function).compared
    written = sorted(set(a.fn.globals_written) | set(b.fn.globals_written))
    return tuple(dict.fromkeys([o.key for o in compared] + [f"global {g}" for g in written]))


def run_both(a: Target, b: Target, inputs: list[list[int]], per_call_s: float, budget_s: float,
             nice: bool = False) -> list[tuple[list[int], RunOutcome, RunOutcome]]:
    """Both functions on `inputs`, side by side (two workers), within `budget_s`;
    a side that could not run has ``unavailable`` outcomes."""
    results: dict[str, list[RunOutcome]] = {}

    def side(label: str, t: Target) -> None:
        try:
            results[label] = runner_for(t.program, t.function, nice=nice, shown=shown_outputs(a, b)).run(
                inputs, per_call_s, budget_s)
        except Exception as exc:  # e.g. its worker stopped under it at exit
            results[label] = [RunOutcome("unavailable", detail=f"{type(exc).__name__}: {exc}")] * len(inputs)

    threads = [threading.Thread(target=side, args=(lab, t), daemon=True) for lab, t in (("A", a), ("B", b))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(budget_s + 30)
    return list(zip(inputs, results.get("A", []), results.get("B", [])))


#: A round of sampling under way: (its two threads, its inputs, the outcomes per side, its budget in seconds).
_Round = tuple[list[threading.Thread], list[list[int]], dict[str, list[RunOutcome]], float]


class Sampler(threading.Thread):
    """Runs both functions on sampled inputs within `budget_s` seconds of wall clock."""

    def __init__(self, a: Target, b: Target, budget_s: float) -> None:
        super().__init__(daemon=True)
        self.a, self.b, self.budget_s = a, b, budget_s
        self.inputs: list[list[int]] = []
        self.outcomes: list[tuple[list[int], RunOutcome, RunOutcome]] = []
        self.error = ""
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._early: list[tuple[list[int], RunOutcome, RunOutcome]] = []
        self._decided = 0
        self._end = 0.0

    def stop(self) -> None:
        """Stop the runs now (those already finished are kept)."""
        self._halt.set()

    def run(self) -> None:
        """The inputs that need no Hypothesis (`first_inputs`) run first, so that
        real runs start at once: the smallest `SMALL_INPUTS` at normal priority
        (a proof waits for a few agreeing runs; at low priority on a loaded
        machine they would wait for every other process), the rest at low
        priority. If the sampler is not stopped by then, Hypothesis draws more."""
        self._end = time.monotonic() + self.budget_s
        try:
            first = first_inputs(self.a, self.b)
            if not first:  # array inputs are not sampled
                return
            self.inputs = list(first)
            for inputs, nice in ((first[:SMALL_INPUTS], False), (first[SMALL_INPUTS:], True)):
                if inputs and not self._halt.is_set():
                    self._finish_round(self._start_round(inputs, nice))
            if self._halt.is_set() or time.monotonic() >= self._end:
                return
            drawn = drawn_inputs(self.a, self.b, first)
            if drawn and not self._halt.is_set():
                with self._lock:
                    self.inputs += drawn
                self._finish_round(self._start_round(drawn, nice=True))
        except Exception as exc:  # sampling is a cross-check; its failure must not break the answer
            self.error = f"{type(exc).__name__}: {exc}"

    def _start_round(self, inputs: list[list[int]], nice: bool) -> _Round:
        """Start both sides on `inputs` (at low CPU priority if `nice`), each in a
        thread; what `_finish_round` waits for."""
        results: dict[str, list[RunOutcome]] = {}
        heard: dict[str, dict[int, RunOutcome]] = {"A": {}, "B": {}}
        budget = max(0.0, self._end - time.monotonic())

        def side(label: str, t: Target) -> None:
            def each(i: int, outcome: RunOutcome) -> None:
                with self._lock:
                    heard[label][i] = outcome
                    other = heard["B" if label == "A" else "A"].get(i)
                    if other is not None:
                        pair = (outcome, other) if label == "A" else (other, outcome)
                        verdict = compare_outcomes(*pair)
                        if verdict != "undecided":
                            self._decided += 1
                        if verdict == "differ":
                            self._early.append((inputs[i], *pair))

            try:
                results[label] = runner_for(t.program, t.function, nice=nice,
                                            shown=shown_outputs(self.a, self.b)).run(
                    inputs, SAMPLE_CALL_S, budget, self._halt, each)
            except Exception as exc:  # e.g. a worker stopped under it at exit: runs lost, not the answer
                self.error = f"{type(exc).__name__}: {exc}"

        threads = [threading.Thread(target=side, args=(lab, t), daemon=True)
                   for lab, t in (("A", self.a), ("B", self.b))]
        for th in threads:
            th.start()
        return threads, inputs, results, budget

    def _finish_round(self, started: _Round) -> None:
        """Wait for a round's threads and keep its outcomes."""
        threads, inputs, results, budget = started
        for th in threads:
            th.join(budget + 30)
        outcomes = list(zip(inputs, results.get("A", []), results.get("B", [])))
        with self._lock:
            self.outcomes += outcomes

    def differences(self) -> list[tuple[list[int], RunOutcome, RunOutcome]]:
        """Inputs where the two runs disagree (so far, while running), smallest first."""
        with self._lock:
            found = list(self._early)
        found += [(v, x, y) for v, x, y in self.outcomes if compare_outcomes(x, y) == "differ"]
        found = list({_key(v): (v, x, y) for v, x, y in found}.values())
        return sorted(found, key=lambda item: (_size(item[0]), _key(item[0])))

    def decided(self) -> int:
        """Inputs both sides have run to the end so far."""
        with self._lock:
            return max(self._decided, self.tried())

    def tried(self) -> int:
        return sum(compare_outcomes(x, y) != "undecided" for _, x, y in self.outcomes)

    def wait(self, until: float) -> None:
        self.join(max(0.0, until - time.monotonic()))
