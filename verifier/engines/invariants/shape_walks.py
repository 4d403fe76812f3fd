"""Candidate invariants of a walk along a list that adds up an integer field of its nodes.

A loop ``for (p = head; p; p = p->next) sum += p->data;`` over nodes whose
``data`` lies in ``lo .. hi`` keeps ``lo * W <= sum <= hi * W``, where W counts
the nodes walked past: it ends with W the length of the list, which bounds
``sum`` (and proves the additions do not overflow). Over the heap layout of a
`HeapShape`, per loop head:

- `accumulators`: the program variables that a check reads and a block updates
  from an integer field of the blocks, and those fields;
- `field_bounds`: an allocated block's integer field (element 0) lies within
  the sampled states' least and greatest values of that field, or the
  program's constants nearest beyond them;
- `accumulated`, given the field bounds found inductive: such a variable is at
  most (at least) the bound times the number of allocated blocks a pointer
  variable has walked past. Blocks of one allocation site are numbered in
  allocation order (`shape_invariants`' *ordered* facts), so along a list built
  by prepending those are the blocks numbered above the pointer's (all of them
  once it is NULL), and along one built by appending, those numbered below it
  (all when NULL).

Houdini keeps what is inductive; nothing here is trusted on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import z3

from ... import ir
from ...smt import constants_of
from .horn import HornView
from .shape import ALLOCATED, HeapBlock, HeapShape

__all__ = ["FieldBound", "accumulators", "field_bounds", "tightest_bounds", "accumulated"]

#: Program constants tried beyond a sampled extreme of a field (the nearest ones: a bound
#: written in the program, ``data <= 10``, is one of them or its neighbour).
NEAREST_CONSTANTS = 3

States = Mapping[int, list[dict]]
#: integer fields by name (after ``[].``), each with its blocks and its array there
Fields = dict[str, list[tuple[HeapBlock, str]]]


@dataclass(frozen=True, eq=False)
class FieldBound:
    """``field <= value`` (`upper`) or ``field >= value`` in every allocated block: one fact per block
    (compared by identity: z3 terms have no truth value)."""

    field: str
    upper: bool
    value: int
    facts: tuple[z3.BoolRef, ...]


def field_bounds(view: HornView, fields: Fields, states: States, constants: list[int]) -> dict[int, list[FieldBound]]:
    """Per loop head, bounds of each of `fields` (see the module doc)."""
    current = view.ts.current
    out: dict[int, list[FieldBound]] = {}
    for head in view.ts.cfa.loops:
        found = out[head] = []
        for field, blocks in fields.items():
            values = [s[name].select(0) for s in states.get(head, []) for b, name in blocks
                      if s.get(b.state) == ALLOCATED and hasattr(s.get(name), "select")]
            if not values:
                continue
            elements = [(current[b.state] == ALLOCATED, current[name][0]) for b, name in blocks]
            for value in _beyond(min(values), constants, below=True):
                found.append(FieldBound(field, False, value, tuple(z3.Implies(live, e >= value)
                                                                   for live, e in elements)))
            for value in _beyond(max(values), constants, below=False):
                found.append(FieldBound(field, True, value, tuple(z3.Implies(live, e <= value)
                                                                  for live, e in elements)))
    return out


def tightest_bounds(bounds: list[FieldBound]) -> list[FieldBound]:
    """The strongest of `bounds` per field and direction (each implies the others)."""
    best: dict[tuple[str, bool], FieldBound] = {}
    for b in bounds:
        other = best.get((b.field, b.upper))
        if other is None or (b.value < other.value if b.upper else b.value > other.value):
            best[(b.field, b.upper)] = b
    return list(best.values())


def accumulated(shape: HeapShape, view: HornView, names: list[str],
                bounds: Mapping[int, list[FieldBound]]) -> dict[int, list[z3.BoolRef]]:
    """Per loop head, each variable of `names` against each of `bounds` there (but 0, which
    sampled bounds give already) times the blocks each pointer variable has walked past."""
    current = view.ts.current
    walked = [count for p in shape.pointers for count in _walked(shape, current, p)]
    return {head: [current[n] <= b.value * count if b.upper else current[n] >= b.value * count
                   for b in held if b.value != 0 for n in names for count in walked]
            for head, held in bounds.items()}


def accumulators(shape: HeapShape, view: HornView) -> tuple[list[str], Fields]:
    """The program variables that a check reads and a block updates from an integer field of
    the blocks, and those fields by name (after ``[].``), each with its blocks and its array there."""
    current = view.ts.current
    names = [n for n, t in view.ts.cfa.variables.items() if isinstance(t, ir.IntType) and n in current
             and not n.startswith("__") and not any(mark in n for mark in "#$[.")]
    arrays = {current[f].decl().name(): (b, f) for b in shape.blocks for f in b.int_fields}
    summed = [n for n in names if any(n in b.update for b in view.ts.blocks)]
    if not arrays or not summed:
        return [], {}
    checked = constants_of(z3.And([e.cond for e in view.ts.errors]))  # one walk: the conditions share most terms
    variables, fields = [], {}
    for n in summed:
        if current[n].decl().name() not in checked:
            continue
        read = constants_of(z3.And([b.update[n] == 0 for b in view.ts.blocks if n in b.update])) & set(arrays)
        if read:
            variables.append(n)
            for b, f in (arrays[a] for a in read):
                fields.setdefault(f.split("[].", 1)[1], {})[f] = b
    return variables, {field: [(b, f) for f, b in blocks.items()] for field, blocks in fields.items()}


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
