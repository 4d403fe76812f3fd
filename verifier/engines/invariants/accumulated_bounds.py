"""Guessed bounds of a running total by its counter: ``s <= c * i`` and ``s >= c * i``.

A loop that adds one bounded element per iteration (``s += a[i]`` with every
``a[k]`` in ``lo .. hi``) keeps ``lo * i <= s <= hi * i``: the accumulated bound
that proves the total's range and that the additions do not overflow. Octagons
(coefficients 1) and affine equalities (an exact sum) do not say it.
`accumulated_candidates` proposes, for every loop head, every pair of distinct
integer variables the loop assigns (`s`, `i`) and every program constant `c`
with ``|c| >= 2`` (and its negation), the two facts true of every sampled state
there. Houdini keeps the inductive ones (with the quantified element bounds of
`prefix_invariants`), and the certifier re-checks them like any invariant.
Formulas are in the integer reading (see `prefix_invariants`).
"""

from __future__ import annotations

import z3

from ... import ir
from ...cfa import Cfa

__all__ = ["accumulated_candidates"]

#: At most this many facts per loop head (pairs times constants grow quickly).
MAX_PER_HEAD = 60

Env = dict[str, object]


def accumulated_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]],
                           constants: list[int]) -> dict[int, list[z3.BoolRef]]:
    """``s <= c * i`` and ``s >= c * i`` true of every sampled state at each loop
    head (heads without samples get none), for loop-assigned `s` and `i`."""
    factors = sorted({f for c in constants if abs(c) >= 2 for f in (c, -c)})
    out: dict[int, list[z3.BoolRef]] = {}
    for head, loop in cfa.loops.items():
        samples = states.get(head, [])
        names = live.get(head, list(cfa.variables))
        counters = [n for n in names if n in loop.assigned and isinstance(cfa.variables[n], ir.IntType)
                    and not n.startswith("__")]
        if not samples or len(counters) < 2:
            continue
        found = [fact for s in counters for i in counters if s != i
                 for fact in _facts(s, i, factors, samples)]
        if found:
            out[head] = found[:MAX_PER_HEAD]
    return out


def _facts(s: str, i: str, factors: list[int], samples: list[Env]):
    """The facts over (`s`, `i`) true of every sample (where `i` is not always 0: no
    evidence), tightest first. All of them, not only the tightest: samples seldom
    reach the extreme elements, so the inductive factor is often a looser one."""
    try:
        pairs = [(int(env[s]), int(env[i])) for env in samples]
    except (KeyError, TypeError):
        return
    if all(n == 0 for _, n in pairs):
        return
    sv, iv = z3.Int(s), z3.Int(i)
    upper = [sv <= c * iv for c in sorted(factors) if all(x <= c * n for x, n in pairs)]
    lower = [sv >= c * iv for c in sorted(factors, reverse=True) if all(x >= c * n for x, n in pairs)]
    for k in range(max(len(upper), len(lower))):  # interleaved: a cut at MAX_PER_HEAD keeps both directions
        yield from upper[k:k + 1] + lower[k:k + 1]
