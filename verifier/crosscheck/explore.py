"""Hypothesis around a counterexample, and input strategies for concrete runs.

`explore_near` runs a program on inputs near a confirmed witness (small
deltas, powers of two, sign flips, the type's bounds; each value clamped into
its type; a list parameter gets one element moved, added, dropped or swapped)
and counts how many of them fail the same way: the report's "explored"
figure. `input_strategy` / `sample_inputs` give boundary-biased inputs within
the parameters' types, for engines that try to refute a yes by running the
program.

Every Hypothesis run here is derandomized (or seeded), uses no example
database and only the generate phase, so results are reproducible and
nothing is written to disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.crosscheck.observation import Observation

__all__ = ["explore_near", "near_strategy", "near_list_strategy", "input_strategy", "value_strategy",
           "sample_inputs"]

#: boundary values tried for unbounded (math) integers: the edges of C's types
_MATH_EDGES = (0, 1, -1, 2, -2, 2**7 - 1, -(2**7), 2**8 - 1, 2**15 - 1, -(2**15), 2**16 - 1,
               2**31 - 1, -(2**31), 2**32 - 1, 2**63 - 1, -(2**63), 2**64 - 1)
#: small moves around a witness value
_SMALL_DELTA = 8


def _settings(max_examples: int, derandomize: bool) -> settings:
    return settings(
        max_examples=max(1, max_examples),
        derandomize=derandomize,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        verbosity=Verbosity.quiet,
    )


class _Stop(Exception):
    """Raised inside a probe to end a Hypothesis run early (budget spent)."""


def _bounds(t: ir.Type) -> tuple[int | None, int | None]:
    if isinstance(t, ir.BoolType):
        return 0, 1
    return t.min, t.max


def _clamp(value: int, lo: int | None, hi: int | None) -> int:
    if lo is not None and value < lo:
        return lo
    if hi is not None and value > hi:
        return hi
    return value


def _edges(t: ir.Type) -> list[int]:
    """Boundary values of `t`: 0, ±1, min, max and their neighbours, powers of two."""
    lo, hi = _bounds(t)
    if lo is None or hi is None:
        return list(_MATH_EDGES)
    bits = 1 if isinstance(t, ir.BoolType) else t.bits or 64
    values = {0, 1, -1, 2, -2, lo, lo + 1, hi, hi - 1}
    for k in (bits // 2, bits - 2, bits - 1):
        if k > 0:
            values.update({1 << k, (1 << k) - 1, -(1 << k)})
    return sorted(v for v in values if lo <= v <= hi)


def value_strategy(t: ir.Type) -> st.SearchStrategy[int]:
    """Values of type `t`, biased to its boundary values (half the draws)."""
    lo, hi = _bounds(t)
    return st.one_of(st.sampled_from(_edges(t)), st.integers(min_value=lo, max_value=hi))


def input_strategy(types: dict[str, ir.Type]) -> st.SearchStrategy[dict[str, int]]:
    """Dicts of parameter values (name -> int) within their types, biased to boundaries.

    BOOL parameters get 0 or 1; unbounded (`math`) parameters any int, often
    an edge of a C type."""
    return st.fixed_dictionaries({name: value_strategy(t) for name, t in types.items()})


def sample_inputs(types: dict[str, ir.Type], n: int, seed_value: int = 0) -> list[dict[str, int]]:
    """Up to `n` distinct inputs from `input_strategy(types)`, reproducible for a
    given `seed_value` (always starts with the all-zero input when `types` is empty)."""
    found: list[dict[str, int]] = []
    keys: set[tuple[tuple[str, int], ...]] = set()

    @seed(seed_value)
    @_settings(max(n * 3, 1), derandomize=False)
    @given(input_strategy(types))
    def collect(values: dict[str, int]) -> None:
        key = tuple(sorted(values.items()))
        if len(found) < n and key not in keys:
            keys.add(key)
            found.append({name: values[name] for name in types})

    collect()
    return found


def near_strategy(t: ir.Type, witness: int, keep: int = 4) -> st.SearchStrategy[int]:
    """Values of type `t` near `witness`: the witness itself (`keep` draws in
    ten, so that with several coordinates most neighbours move only a few),
    else ± a small delta (4 in 10 of the moves), ± a power of two (2 in 10),
    the negation, complement, half or double (1 in 10), an edge of the type
    (2 in 10), a small delta around the negation (1 in 10). A move that leaves
    the type goes the other way instead, then is clamped into the type."""
    lo, hi = _bounds(t)
    bits = 1 if isinstance(t, ir.BoolType) else (t.bits or max(witness.bit_length() + 2, 33))
    sign = st.sampled_from((1, -1))
    small = st.integers(1, _SMALL_DELTA)

    def move(delta: int) -> int:
        for value in (witness + delta, witness - delta):
            if (lo is None or value >= lo) and (hi is None or value <= hi):
                return value
        return _clamp(witness + delta, lo, hi)

    kinds = (
        st.builds(lambda d, s: move(s * d), small, sign),
        st.builds(lambda k, s: move(s * (1 << k)), st.integers(0, bits), sign),
        st.sampled_from((-witness, ~witness, witness // 2, witness * 2)).map(lambda v: _clamp(v, lo, hi)),
        st.sampled_from(_edges(t)),
        st.builds(lambda d: _clamp(-witness + d, lo, hi), st.integers(-_SMALL_DELTA, _SMALL_DELTA)),
    )
    weights = (0, 0, 0, 0, 1, 1, 2, 3, 3, 4)  # index into `kinds`, drawn uniformly
    moves = st.sampled_from(weights).flatmap(lambda i: kinds[i])
    same = st.just(_clamp(witness, lo, hi))
    return st.integers(0, 9).flatmap(lambda i: same if i < keep else moves)


def near_list_strategy(elem: ir.Type, witness: list[int], keep: int = 4) -> st.SearchStrategy[list[int]]:
    """Lists near the list `witness` (elements of type `elem`): the witness
    itself (`keep` draws in ten), else one element moved as `near_strategy`
    moves a value, an element appended or dropped, or two neighbours swapped."""
    witness = [int(v) for v in witness]
    same = st.just(list(witness))
    appended = value_strategy(elem).map(lambda v: witness + [v])
    if not witness:
        return st.integers(0, 9).flatmap(lambda i: same if i < keep else appended)

    def moved(k: int) -> st.SearchStrategy[list[int]]:
        return near_strategy(elem, witness[k], 0).map(lambda v: witness[:k] + [v] + witness[k + 1:])

    kinds = [
        st.integers(0, len(witness) - 1).flatmap(moved),
        appended,
        st.integers(0, len(witness) - 1).map(lambda k: witness[:k] + witness[k + 1:]),
        st.integers(0, max(0, len(witness) - 2)).map(
            lambda k: witness[:k] + witness[k:k + 2][::-1] + witness[k + 2:]),
    ]
    weights = (0, 0, 0, 0, 0, 1, 1, 2, 2, 3)  # index into `kinds`, drawn uniformly
    moves = st.sampled_from(weights).flatmap(lambda i: kinds[i])
    return st.integers(0, 9).flatmap(lambda i: same if i < keep else moves)


def _near(t: ir.Type | None, witness: object, keep: int) -> st.SearchStrategy:
    """Values near `witness`: a list moves as a list of `t`'s elements, an int within `t`."""
    if isinstance(witness, (list, tuple)):
        elem = t.elem if isinstance(t, ir.ArrayType) else ir.MATH_INT
        return near_list_strategy(elem, list(witness), keep)
    if isinstance(t, ir.ArrayType) or not isinstance(witness, int):
        return st.just(witness)  # a value of no known shape stays as it is
    return near_strategy(t if t is not None else _guess_type(witness), witness, keep)


def _key(value: object) -> object:
    """A hashable stand-in for a drawn value (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


def _guess_type(value: int) -> ir.Type:
    """A nondet value's type when the caller gives none: the narrowest usual C
    type holding it (so moves stay within what the harness can take)."""
    for t in (ir.I32, ir.U32, ir.I64, ir.U64):
        if t.min <= value <= t.max:  # type: ignore[operator]
            return t
    return ir.MATH_INT


def explore_near(
    run: Callable[[dict[str, int], list[int]], Observation],
    params: dict[str, int],
    nondet: list[int],
    types: dict[str, ir.Type],
    matches: Callable[[Observation], bool],
    max_examples: int = 40,
    deadline_s: float = 2.0,
    nondet_types: list[ir.Type] | None = None,
) -> dict[str, int]:
    """Run inputs near the witness (`params`, `nondet`) and count failures.

    Returns ``{"tried": n, "failing": k}``: `n` distinct feasible inputs other
    than the witness were run (an assumption-violating or unrunnable input does
    not count; a timed-out one counts as tried, not failing), `k` of them
    satisfied `matches`. Runs at most `max_examples` distinct inputs, and
    starts none after `deadline_s` seconds of wall clock. `nondet_types` gives the type
    of each nondet value (default: guessed from the value).
    """
    end = time.monotonic() + deadline_s
    nondet = [v if isinstance(v, (list, tuple)) else int(v) for v in nondet]
    nd_types = list(nondet_types or [])
    nd_types += [_guess_type(v) if isinstance(v, int) else ir.MATH_INT for v in nondet[len(nd_types):]]
    keep = 4 if len(params) + len(nondet) > 1 else 0
    strategy = st.tuples(
        st.fixed_dictionaries({name: _near(types.get(name), v, keep) for name, v in params.items()}),
        st.tuples(*(_near(t, v, keep) for t, v in zip(nd_types, nondet))),
    )
    witness_key = (tuple(sorted((k, _key(v)) for k, v in params.items())), tuple(_key(v) for v in nondet))
    seen: set[object] = {witness_key}
    counts = {"tried": 0, "failing": 0}

    # draws repeat (clamping, small spaces): draw more, run at most `max_examples`
    @_settings(max_examples * 4, derandomize=True)
    @given(strategy)
    def probe(drawn: tuple[dict[str, int], tuple[int, ...]]) -> None:
        if time.monotonic() >= end or len(seen) > max_examples:
            raise _Stop
        values, nd = drawn
        key = (tuple(sorted((k, _key(v)) for k, v in values.items())), tuple(_key(v) for v in nd))
        if key in seen:
            return
        seen.add(key)
        try:
            observation = run(dict(values), list(nd))
        except Exception:  # a broken runner must not break the report
            return
        if observation.unavailable:
            end_now()  # every other input would be unavailable too
            raise _Stop
        if observation.infeasible:
            return
        counts["tried"] += 1
        if not observation.timed_out and matches(observation):
            counts["failing"] += 1

    def end_now() -> None:
        nonlocal end
        end = time.monotonic()

    try:
        probe()
    except _Stop:
        pass
    return counts
