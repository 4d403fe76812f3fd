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

The same holds of a running total kept in an array (``a[i] = a[i - 1] + step``
with ``step`` in ``lo .. hi``, the first element in ``lo0 .. hi0``): the last
element written stays within ``lo0 + lo * (i - 1) .. hi0 + hi * (i - 1)``.
`element_candidates` proposes ``a[i - 1] <= c + d * (i - 1)`` (``d >= 0``) and
``a[i - 1] >= c + d * (i - 1)`` (``d <= 0``: with a step that may be 0 the first
element bounds the others), for every array and counter `i` the loop assigns and
reads as ``a[i - 1]``, every
factor `d` among the program constants, and, per factor, the `TIGHTEST` program
constants `c` the samples allow.
"""

from __future__ import annotations

import z3

from ... import ir
from ...arrays import ArrayValue, length_of
from ...cfa import Cfa, Loop
from ...irutil import subexpressions

__all__ = ["accumulated_candidates", "element_candidates"]

#: At most this many facts per loop head (pairs times constants grow quickly).
MAX_PER_HEAD = 60
#: Of the offsets `c` true of the samples for one factor and direction, this many of the
#: tightest are kept (samples seldom reach the extreme first element).
TIGHTEST = 3

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


def element_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]],
                       constants: list[int]) -> dict[int, list[z3.BoolRef]]:
    """``a[i - 1] <= c + d * (i - 1)`` and ``>=`` true of every sampled state at each
    loop head, for a loop-assigned array `a` and counter `i` with ``i - 1`` inside `a`
    in every sample (heads without samples get none)."""
    factors = sorted({0} | {f for c in constants for f in (c, -c)})
    offsets = sorted(set(constants))
    types = cfa.variables
    out: dict[int, list[z3.BoolRef]] = {}
    for head, loop in cfa.loops.items():
        samples = states.get(head, [])
        names = live.get(head, list(cfa.variables))
        pairs = [(a, i) for a, i in sorted(_previous_reads(cfa, loop)) if a in names and i in names
                 and a in loop.assigned and i in loop.assigned and isinstance(types[a].elem, ir.IntType)]
        found = [fact for a, i in pairs for fact in _element_facts(a, types[a], i, factors, offsets, samples)]
        if found:
            out[head] = found[:MAX_PER_HEAD]
    return out


def _previous_reads(cfa: Cfa, loop: Loop) -> set[tuple[str, str]]:
    """The (array, counter) pairs the loop reads as ``a[i - 1]`` (index conversions aside)."""
    found = set()
    nodes = loop.body_nodes | {loop.head}
    for edge in cfa.edges:
        if edge.src not in nodes:
            continue
        for attr in ("value", "cond", "expr"):
            expr = getattr(edge.action, attr, None)
            if not isinstance(expr, ir.Expr):
                continue
            for e in subexpressions(expr):
                if not (isinstance(e, ir.Select) and isinstance(e.array, ir.Var)):
                    continue
                index = _uncast(e.index)
                if isinstance(index, ir.Binary) and index.op == "sub" and isinstance(_uncast(index.left), ir.Var) \
                        and isinstance(right := _uncast(index.right), ir.Const) and right.value == 1:
                    found.add((e.array.name, _uncast(index.left).name))
    return found


def _uncast(e: ir.Expr) -> ir.Expr:
    while isinstance(e, ir.Cast):
        e = e.arg
    return e


def _element_facts(a: str, t: ir.ArrayType, i: str, factors: list[int], offsets: list[int],
                   samples: list[Env]):
    """The facts over ``a[i - 1]`` and `i` true of every sample (none unless ``i - 1``
    is inside `a` in all of them and not always 0)."""
    points = []
    for env in samples:
        value, n, length = env.get(a), env.get(i), length_of(a, t, env)
        if not isinstance(value, ArrayValue) or not isinstance(n, int) or length is None or not 1 <= n <= length:
            return
        points.append((value.select(n - 1), n - 1))
    if not points or all(n == 0 for _, n in points):
        return
    last = z3.Array(a, z3.IntSort(), z3.IntSort())[z3.Int(i) - 1]
    step = z3.Int(i) - 1
    for d in sorted(factors, key=abs):  # the smallest steps first: a cut at MAX_PER_HEAD keeps them
        upper = [c for c in offsets if d >= 0 and all(v <= c + d * n for v, n in points)][:TIGHTEST]
        lower = [c for c in reversed(offsets) if d <= 0 and all(v >= c + d * n for v, n in points)][:TIGHTEST]
        yield from [last <= c + d * step for c in upper] + [last >= c + d * step for c in lower]
