"""Coupling by counting: how many steps of one side go with each block of the other.

Two loops whose iteration counts differ (a loop unrolled by k, a loop split
in two, a range cut in halves) do not meet in lockstep. `block_weights(pair,
deadline)` runs both sides concretely on small inputs, counts the blocks each
run takes, and fits, with exact linear algebra, a weight per block of one
side (the *driver*) such that on every input the other side's number of
steps is the sum of the weights of the driver's blocks taken: for ``while i +
2 < n: ...; i += 3`` against a plain loop, the unrolled body weighs 3. When
no exact fit exists because the driver's last block stands for a varying
number of the other's steps (an unrolled loop whose remainder step is folded
into the block that leaves the function: ``if (i < n) s += i; return s;``),
the driver's blocks to the exit weigh the most steps they stand for on the
samples, the others are fitted exactly. The
product then moves the driver one block and the other side that block's
weight in steps (`product.Schedule.counts`; a side that ends sooner stays
at its end). The weights are only a
schedule: any schedule is sound (the product's clauses decide), a poor one
just finds no coupling invariant.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import z3

from ..linalg import null_space
from .observe import MAX_STEPS, _const, _value, input_value, state_value

__all__ = ["block_weights", "MAX_WEIGHT"]

#: Largest weight tried (an unrolling by more than this is not coupled by counting).
MAX_WEIGHT = 8
#: Small values for the parameters of the concrete runs.
VALUES = (0, 1, 2, 3, 4, 5, 6, 7, 9, 12)


def block_weights(pair, deadline: float) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """(driver ``A`` or ``B``, ((driver block index, weight), ...)) fitting every
    run where both sides end, or None (no exact fit with small whole weights).
    Among the fits, the one that pairs the fewest locations of the two sides
    (the simplest product) wins."""
    runs = []
    for values in _inputs(pair):
        if time.monotonic() > deadline:
            break  # fit what was seen
        ta, tb = _trace(pair.a, values), _trace(pair.b, values)
        if ta is not None and tb is not None:
            runs.append((ta, tb))
    if len(runs) < 4 or all(len(ta) == len(tb) for ta, tb in runs):
        return None  # too few runs, or the same number of steps: lockstep's case
    # drive with the side that takes fewer steps (its blocks stand for several of the other's)
    a_steps, b_steps = sum(len(ta) for ta, _ in runs), sum(len(tb) for _, tb in runs)
    order = ("B", "A") if b_steps <= a_steps else ("A", "B")
    for driver in order:
        drive, other = (pair.a, pair.b) if driver == "A" else (pair.b, pair.a)
        samples = [(ta, tb) if driver == "A" else (tb, ta) for ta, tb in runs]
        best = None
        for weights in _fits([(mine, len(theirs)) for mine, theirs in samples]):
            score = _pairs_visited(drive, other, samples, dict(weights))
            if best is None or score < best[0]:
                best = (score, weights)
        if best is not None:
            return driver, best[1]
    for driver in order:  # no exact fit: let the blocks to the exit absorb a varying remainder
        drive = pair.a if driver == "A" else pair.b
        samples = [(ta, len(tb)) if driver == "A" else (tb, len(ta)) for ta, tb in runs]
        ends = {i for i, b in enumerate(drive.blocks) if b.dst == drive.exit}
        weights = _remainder_fit(samples, ends)
        if weights is not None:
            return driver, weights
    return None


def _inputs(pair) -> list[list[int]]:
    """Every parameter at each of VALUES, then one parameter at a time varying (the others 2)."""
    k = len(pair.a.params)
    out = [[v] * k for v in VALUES]
    for i in range(k if k > 1 else 0):
        out += [[v if j == i else 2 for j in range(k)] for v in VALUES]
    return out


def _trace(side, values: list[int]) -> list[int] | None:
    """Indices of the blocks `side` takes on `values` (None: it did not end in MAX_STEPS * 4,
    an array parameter holds small elements, see `observe.input_value`)."""
    state: dict[str, object] = {n: None for n in side.variables}
    for p, v in zip(side.params, values):
        state[p.name] = input_value(side.current[p.name], v)
    loc, taken = side.entry, []
    for _ in range(MAX_STEPS * 4):
        subst = [(side.current[n], _const(side.current[n], v)) for n, v in state.items() if v is not None]
        fired = None
        for i, b in enumerate(side.blocks):
            if b.src == loc and _value(z3.substitute(b.guard, *subst)) is True:
                fired = i
                break
        if fired is None:
            return None  # a check failed, an assume did not hold, or a value is unknown
        block = side.blocks[fired]
        for n, term in block.update.items():
            state[n] = state_value(z3.substitute(term, *subst))
        taken.append(fired)
        if block.dst == side.exit:
            return taken
        loc = block.dst
    return None


#: Most weights the data leaves free that are enumerated (3 values each).
MAX_FREE = 4


def _fits(samples: list[tuple[list[int], int]]) -> list[tuple[tuple[int, int], ...]]:
    """Every assignment of whole weights 0..MAX_WEIGHT with sum(w[b] for b in
    trace) == total on every sample, the weights the data leaves free in 0..2."""
    blocks = sorted({b for trace, _ in samples for b in trace})
    rows = [[Fraction(trace.count(b)) for b in blocks] + [Fraction(total)] for trace, total in samples]
    basis = null_space(rows, len(blocks) + 1)
    total_vec = next((v for v in basis if v[-1] != 0), None)
    if total_vec is None:
        return []
    free = [v for v in basis if v is not total_vec and v[-1] == 0]
    if len(free) > MAX_FREE:
        return []
    base = [-x / total_vec[-1] for x in total_vec[:-1]]
    out = []
    for fill in itertools.product((0, 1, 2), repeat=len(free)):
        w = list(base)
        for c, v in zip(fill, free):
            w = [a + c * b for a, b in zip(w, v[:-1])]
        if all(x.denominator == 1 and 0 <= x <= MAX_WEIGHT for x in w):
            weights = tuple((b, int(x)) for b, x in zip(blocks, w))
            if all(sum(dict(weights)[b] for b in trace) == total for trace, total in samples):
                out.append(weights)
    return out


#: Most steps of the other side a block to the exit may stand for (an unrolling's remainder).
MAX_REMAINDER = 4
#: Most blocks not to the exit whose weights `_remainder_fit` enumerates ((MAX_WEIGHT + 1) ** this).
MAX_ENUMERATED = 4


def _remainder_fit(samples: list[tuple[list[int], int]], ends: set[int]) -> tuple[tuple[int, int], ...] | None:
    """Whole weights 0..MAX_WEIGHT for the blocks not to the exit such that on
    every sample the steps left over (`total` minus their weights) lie in
    1..MAX_REMAINDER; each block to the exit then weighs the most left over.
    Among the fits the narrowest spread of left-over steps wins, then the
    fewest left over. None if nothing fits."""
    inner = sorted({b for trace, _ in samples for b in trace if b not in ends})
    if not inner or len(inner) > MAX_ENUMERATED or any(trace[-1] not in ends for trace, _ in samples):
        return None
    counts = [([trace.count(b) for b in inner], total) for trace, total in samples]
    best = None
    for ws in itertools.product(range(MAX_WEIGHT + 1), repeat=len(inner)):
        left = [total - sum(c * w for c, w in zip(row, ws)) for row, total in counts]
        lo, hi = min(left), max(left)
        if lo < 1 or hi > MAX_REMAINDER:
            continue
        score = (hi - lo, hi)
        if best is None or score < best[0]:
            best = (score, ws, hi)
    if best is None:
        return None
    _, ws, hi = best
    return tuple(sorted([*zip(inner, ws), *((b, hi) for b in ends)]))


def _pairs_visited(drive, other, samples, weights: dict[int, int]) -> int:
    """How many distinct pairs of locations the counted product passes through on the samples."""
    seen = set()
    for mine, theirs in samples:
        here, there, done = drive.entry, other.entry, 0
        seen.add((here, there))
        for b in mine:
            done += weights.get(b, 1)
            here = drive.blocks[b].dst
            there = other.blocks[theirs[done - 1]].dst if 0 < done <= len(theirs) else there
            seen.add((here, there))
    return len(seen)
