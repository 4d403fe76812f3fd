"""Candidate invariants of a walk along a list that adds up an integer field of its nodes.

A loop ``for (p = head; p; p = p->next) sum += p->data;`` over nodes whose
``data`` lies in ``lo .. hi`` keeps ``lo * W <= sum <= hi * W``, where W counts
the nodes walked past: it ends with W the length of the list, which bounds
``sum`` (and proves the additions do not overflow). `walk_candidates`
proposes, per loop head, over the heap layout of `shape`:

- *field bounds*: an allocated block's integer field (element 0) lies within
  the sampled states' least and greatest values of that field, or the
  program's constants nearest to them;
- *accumulated*: a program variable is at most (at least) such a bound times
  the number of allocated blocks a pointer variable has walked past. Blocks of
  one allocation site are numbered in allocation order (`shape_invariants`'
  *ordered* facts), so for a list built by prepending these are the blocks
  numbered above the pointer's (all of them once it is NULL), and for one
  built by appending, those numbered below it (all when NULL).

Houdini keeps what is inductive; nothing here is trusted on its own.
"""

from __future__ import annotations

from collections.abc import Mapping

import z3

from ... import ir
from .horn import HornView
from .shape import ALLOCATED, HeapBlock, HeapShape

__all__ = ["walk_candidates"]

#: Program constants tried beyond a sampled extreme of a field (the nearest ones).
NEAREST_CONSTANTS = 1

States = Mapping[int, list[dict]]


def walk_candidates(shape: HeapShape, view: HornView, states: States,
                    constants: list[int]) -> dict[int, list[z3.BoolRef]]:
    """Field bounds and accumulated sums (see the module doc) per loop head."""
    current = view.ts.current
    fields = _int_fields(shape)
    if not fields:
        return {}
    names = [n for n, t in view.ts.cfa.variables.items() if isinstance(t, ir.IntType) and n in current
             and not n.startswith("__") and not any(mark in n for mark in "#$[.")]
    walked = [w for p in shape.pointers for w in _walked(shape, current, p)]
    out: dict[int, list[z3.BoolRef]] = {}
    for head in view.ts.cfa.loops:
        cands: list[z3.BoolRef] = []
        for field, blocks in fields.items():
            values = [s[name].select(0) for s in states.get(head, []) for b, name in blocks
                      if s.get(b.state) == ALLOCATED and hasattr(s.get(name), "select")]
            if not values:
                continue
            lows = _beyond(min(values), constants, below=True)
            highs = _beyond(max(values), constants, below=False)
            for b, name in blocks:
                live, element = current[b.state] == ALLOCATED, current[name][0]
                cands += [z3.Implies(live, element >= lo) for lo in lows]
                cands += [z3.Implies(live, element <= hi) for hi in highs]
            for n in names:
                for count in walked:
                    cands += [current[n] >= lo * count for lo in lows]
                    cands += [current[n] <= hi * count for hi in highs]
        out[head] = cands
    return out


def _int_fields(shape: HeapShape) -> dict[str, list[tuple[HeapBlock, str]]]:
    """Each integer field name (after ``[].``), with the blocks that have it and its array there."""
    fields: dict[str, list[tuple[HeapBlock, str]]] = {}
    for b in shape.blocks:
        for name in b.int_fields:
            fields.setdefault(name.split("[].", 1)[1], []).append((b, name))
    return fields


def _walked(shape: HeapShape, current: Mapping[str, z3.ExprRef], p: str) -> list[z3.ArithRef]:
    """The number of allocated blocks pointer `p` has walked past, along a prepended and an appended list."""
    obj = current[p + "#obj"]
    live = {b.number: current[b.state] == ALLOCATED for b in shape.blocks}
    prepended = z3.Sum([z3.If(z3.And(live[k], obj < k), 1, 0) for k in live])
    appended = z3.Sum([z3.If(z3.And(live[k], z3.Or(obj == 0, k < obj)), 1, 0) for k in live])
    return [prepended, appended]


def _beyond(value: int, constants: list[int], below: bool) -> list[int]:
    """`value` and the program's constants nearest beyond it (below it, or above)."""
    beyond = sorted((c for c in constants if (c < value if below else c > value)), key=lambda c: abs(c - value))
    return [value, *beyond[:NEAREST_CONSTANTS]]
