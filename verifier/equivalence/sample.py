"""Run both functions for real on many inputs, in the background.

`Sampler(a, b, budget_s)` is a thread that runs both functions (each in its
own worker, side by side) on small inputs and on Hypothesis-chosen inputs
biased to the types' boundaries (``2^16 - 1``, ``INT_MAX``, ...) while the
solvers work. It serves twice: a difference it finds is a real one (both
runs disagree; an overflow deep in a loop that unrolling would never reach
shows here), and a proof must survive it (Hypothesis tries to refute every
yes).
"""

from __future__ import annotations

import itertools
import threading
import time

from .. import ir
from .real_runs import RunOutcome, compare_outcomes, runner_for
from .targets import Target

__all__ = ["Sampler", "domain_types", "in_domain", "sample_inputs_for"]

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


def sample_inputs_for(a: Target, b: Target) -> list[list[int]]:
    """Small inputs first, then each parameter up a ladder of magnitudes (the
    others small), then boundary-biased Hypothesis draws; all inside both domains
    and ordered by size, so huge inputs (long loops) come last."""
    from ..crosscheck.explore import sample_inputs

    types = domain_types(a, b)
    if not types:
        return [[]]
    if any(isinstance(t, ir.ArrayType) for t in types.values()):
        return []  # array inputs are not sampled (the engines' witnesses are replayed)
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
    drawn = [[d[name] for name in types] for d in sample_inputs(types, BOUNDARY_INPUTS)]
    rest = sorted(ladder + drawn, key=lambda values: sum(abs(v) for v in values))
    out, seen = [], set()
    for values in grid + rest:
        key = tuple(values)
        if key not in seen and in_domain(a, b, values):
            seen.add(key)
            out.append(values)
    return out[:MAX_SAMPLES]


def run_both(a: Target, b: Target, inputs: list[list[int]], per_call_s: float, budget_s: float,
             nice: bool = False) -> list[tuple[list[int], RunOutcome, RunOutcome]]:
    """Both functions on `inputs`, side by side (two workers), within `budget_s`."""
    results: dict[str, list[RunOutcome]] = {}

    def side(label: str, t: Target) -> None:
        results[label] = runner_for(t.program, t.function, nice=nice).run(inputs, per_call_s, budget_s)

    threads = [threading.Thread(target=side, args=(lab, t), daemon=True) for lab, t in (("A", a), ("B", b))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(budget_s + 30)
    return list(zip(inputs, results.get("A", []), results.get("B", [])))


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

    def stop(self) -> None:
        """Stop the runs now (those already finished are kept)."""
        self._halt.set()

    def run(self) -> None:
        try:
            self.inputs = sample_inputs_for(self.a, self.b)
            results: dict[str, list[RunOutcome]] = {}
            heard: dict[str, dict[int, RunOutcome]] = {"A": {}, "B": {}}

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
                                self._early.append((self.inputs[i], *pair))

                results[label] = runner_for(t.program, t.function, nice=True).run(
                    self.inputs, SAMPLE_CALL_S, self.budget_s, self._halt, each)

            threads = [threading.Thread(target=side, args=(lab, t), daemon=True)
                       for lab, t in (("A", self.a), ("B", self.b))]
            for th in threads:
                th.start()
            for th in threads:
                th.join(self.budget_s + 30)
            outs_a, outs_b = results.get("A", []), results.get("B", [])
            self.outcomes = list(zip(self.inputs, outs_a, outs_b))
        except Exception as exc:  # sampling is a cross-check; its failure must not break the answer
            self.error = f"{type(exc).__name__}: {exc}"

    def differences(self) -> list[tuple[list[int], RunOutcome, RunOutcome]]:
        """Inputs where the two runs disagree (so far, while running), smallest first."""
        with self._lock:
            found = list(self._early)
        found += [(v, x, y) for v, x, y in self.outcomes if compare_outcomes(x, y) == "differ"]
        found = list({tuple(v): (v, x, y) for v, x, y in found}.values())
        return sorted(found, key=lambda item: (sum(abs(v) for v in item[0]), item[0]))

    def decided(self) -> int:
        """Inputs both sides have run to the end so far."""
        with self._lock:
            return max(self._decided, self.tried())

    def tried(self) -> int:
        return sum(compare_outcomes(x, y) != "undecided" for _, x, y in self.outcomes)

    def wait(self, until: float) -> None:
        self.join(max(0.0, until - time.monotonic()))
