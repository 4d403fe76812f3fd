"""Loop invariants about linked structures on the heap, over the object/offset encoding.

A list built with `malloc` in a loop and then walked or freed is safe because
of facts about the whole heap, which no sampled bound or octagon states:

- *points to a live node*: a pointer variable is NULL or the start of an
  allocated block (``p#obj == 0 && p#off == 0 || p#obj == k && B_k#state == 1 && p#off == 0``);
- *closed*: every allocated block's pointer field is NULL or the start of an
  allocated block (so a walk that follows ``next`` until NULL reads only live
  nodes);
- *unshared*: no two allocated blocks point to the same block, and no allocated
  block points to where a variable points (so freeing the head of the list
  leaves the rest closed);
- *ends the list*: a variable is NULL or a block whose fields are NULL (a tail
  pointer), and two variables are NULL together (a head and a tail);
- *ordered*: each allocated block's field designates a block of a smaller
  (or of a larger) number, NULL counting as 0 (blocks of one call site are
  numbered in allocation order: prepending and appending give these two);
  with *owned* (each allocated block is where a variable points or the
  target of another allocated block's field) it rules out cycles, so a
  freeing walk that ends at NULL has freed every block (no leak);
- an allocated block's fields are as long as the block (at least one element);
- *summed along a walk* (`shape_walks`): a variable that adds up a field of the
  nodes a pointer walks past is within the field's bounds times their number;
- *released*: a block is not allocated (a loop that allocates a block and
  frees it in the same iteration has none allocated at its head);
- *counted*: an allocation site in a loop that has taken c blocks has
  allocated (or freed) just its first c (``C <= j -> B_j#state == 0``, for every
  block: which blocks are the site's is for Houdini to sort out), and takes no more than the
  variables bounding its loop (`scalar_candidates`: bounds and octagons of the
  counters and of the program's own integer variables, from sampled runs).

The blocks have a fixed number (`frontends.c_heap`: at most `BLOCKS_PER_SITE` per
allocation site), so each of these is a finite conjunction over them; only
element 0 of a block's field is described (one node per block, as
``malloc(sizeof(struct node))`` makes). `shape_candidates` proposes all of them at every loop
head; those true at every loop-head state of sampled runs (`shape_samples`) go to
Houdini (`shape_houdini`), which keeps the inductive ones; `Certifier` turns what proves a
check into a certificate re-checked by z3 and cvc5, as for any invariant.
"""

from __future__ import annotations

from itertools import combinations, permutations

import z3

from ... import ir
from .horn import HornView, Invariant
from .rendering import conj
from .shape import ALLOCATED, HeapBlock, HeapShape
from .shape_houdini import shape_houdini
from .shape_samples import true_on_samples
from .shape_walks import FieldBound, accumulated, accumulators, field_bounds, tightest_bounds

__all__ = ["shape_candidates", "scalar_candidates", "shape_invariant", "tightest"]

#: A function with more blocks than this gets no shape candidates (their number
#: grows with the square of the blocks: unsharing compares every pair).
MAX_BLOCKS = 12

#: Bounds proposed beyond a sampled extreme: the program's constants nearest to it
#: (they come with their neighbours, so 3 reaches the constant itself from one below it).
NEAREST_CONSTANTS = 3

#: Each Houdini query's wall-clock cap: they take milliseconds, but a query cut short drops
#: a candidate the proof may need, so a loaded machine should not decide which.
QUERY_MS = 10_000

States = dict[int, list[dict]]


def shape_candidates(shape: HeapShape, view: HornView) -> dict[int, list[z3.BoolRef]]:
    """The shape facts of the module doc over `view`'s state variables, the same at every loop head."""
    if len(shape.blocks) > MAX_BLOCKS:
        return {}
    terms = _Terms(shape, view)
    cands: list[z3.BoolRef] = []
    for b in shape.blocks:
        live = terms.live(b)
        length = terms.var(b.length)
        cands += [z3.Implies(live, length >= 1), z3.Not(live)]
        for field_length in terms.field_lengths(b):
            cands.append(z3.Implies(live, field_length == length))
        for f in b.pointer_fields:
            obj, off = terms.field(f)
            cands.append(z3.Implies(live, terms.points_to_live(obj, off)))
            cands.append(z3.Implies(live, obj < b.number))  # NULL is 0: prepended nodes
            cands.append(z3.Implies(live, z3.Or(obj == 0, obj > b.number)))  # appended nodes
    for p in shape.pointers:
        obj, off = terms.pointer(p)
        cands.append(terms.points_to_live(obj, off))
        cands.append(terms.last_node(obj))
        cands += [(obj == 0) == (terms.pointer(q)[0] == 0) for q in shape.pointers if q > p]
        for b in shape.blocks:
            for f in b.pointer_fields:
                target, _ = terms.field(f)
                cands.append(z3.Implies(z3.And(terms.live(b), obj != 0), target != obj))
    for b, c in permutations(shape.blocks, 2):
        if b.number < c.number:
            for f, g in zip(b.pointer_fields, c.pointer_fields):
                x, y = terms.field(f)[0], terms.field(g)[0]
                cands.append(z3.Implies(z3.And(terms.live(b), terms.live(c), x != 0), x != y))
    for counter, kept in shape.counters:
        taken = terms.var(counter)
        cands += [taken >= 0, taken <= kept]
        for b in shape.blocks:
            for c in range(kept):
                cands.append(z3.Implies(taken <= c, terms.var(b.state) == 0))
                cands.append(z3.Implies(taken > c, terms.var(b.state) != 0))
    for b in shape.blocks:
        for p in shape.pointers:
            owners = [terms.pointer(p)[0] == b.number]
            owners += [z3.And(terms.live(c), terms.field(f)[0] == b.number)
                       for c in shape.blocks for f in c.pointer_fields]
            cands.append(z3.Implies(terms.live(b), z3.Or(owners)))
    return {h: list(cands) for h in view.ts.cfa.loops}


def scalar_candidates(shape: HeapShape, view: HornView, states: States) -> dict[int, list[z3.BoolRef]]:
    """Facts about the program's own integer variables (not its temporaries,
    pointer parts or heap variables) and the allocation counters, per loop head:
    bounds of each and of its sum and difference with a counter (octagons: the
    sampled `states`' least and greatest values, 0, and the nearest constants of
    the program), a counter at most each variable (the loop counts what it
    allocates), a variable plus the number of allocated blocks at most, or
    equal to, a counter (it counts the blocks freed), and a variable within a
    program constant times another (`accumulated_bounds`: a total that grows by a
    bounded amount per iteration)."""
    from .accumulated_bounds import accumulated_candidates
    from .sampled_invariants import program_constants

    cfa = view.ts.cfa
    current = view.ts.current
    constants = program_constants(cfa)
    counters = [c for c, _ in shape.counters]
    names = [n for n, t in cfa.variables.items() if isinstance(t, ir.IntType) and n in current
             and not n.startswith("__") and not any(mark in n for mark in "#$[.")]
    live = z3.Sum([z3.If(current[b.state] == ALLOCATED, 1, 0) for b in shape.blocks])
    grown = accumulated_candidates(cfa, states, {h: names + counters for h in cfa.loops}, constants)
    out: dict[int, list[z3.BoolRef]] = {}
    for head in cfa.loops:
        samples = states.get(head, [])
        seen = [n for n in names + counters if samples and all(isinstance(s.get(n), int) for s in samples)]
        forms = [(current[n], [s[n] for s in samples]) for n in seen]
        for a, b in combinations(seen, 2):
            if a not in counters and b not in counters:
                continue  # the loops that allocate are bounded through their counters
            forms.append((current[a] - current[b], [s[a] - s[b] for s in samples]))
            forms.append((current[a] + current[b], [s[a] + s[b] for s in samples]))
        cands: list[z3.BoolRef] = []
        for term, values in forms:
            lo, hi = min(values), max(values)
            lows = {lo, 0, *sorted((c for c in constants if c <= lo), reverse=True)[:NEAREST_CONSTANTS]}
            highs = {hi, 0, *sorted(c for c in constants if c >= hi)[:NEAREST_CONSTANTS]}
            cands += [term >= b for b in sorted(lows) if b <= lo]
            cands += [term <= b for b in sorted(highs) if b >= hi]
        for n in names:
            for counter in counters:
                taken = current[counter]
                cands += [taken <= current[n], current[n] + live <= taken, current[n] + live == taken]
        out[head] = cands + grown.get(head, [])
    return out


def shape_invariant(shape: HeapShape, view: HornView, deadline: float) -> Invariant | None:
    """The inductive shape and scalar facts at each loop head (Houdini, `shape_houdini`, on the
    candidates no state of a sampled run falsifies, `shape_samples`; the scalar candidates
    from the same runs), with bounds of the fields summed along a walk and then of the sums
    (`shape_walks`), None past the deadline or if none is."""
    from .sampled_invariants import program_constants, sample_states

    states = sample_states(view.ts.cfa, deadline)
    cands = shape_candidates(shape, view)
    for head, facts in scalar_candidates(shape, view, states).items():
        cands[head] = cands.get(head, []) + facts
    summed, fields = accumulators(shape, view)
    bounds = field_bounds(view, fields, states, program_constants(view.ts.cfa))
    for head, found in bounds.items():
        cands[head] = cands.get(head, []) + [f for b in found for f in b.facts]
    cands = true_on_samples(view, cands, states)
    if not any(cands.values()):
        return None
    kept = shape_houdini(view, cands, deadline, QUERY_MS)
    if kept is None or not any(kept.values()):
        return None
    # of the field bounds found inductive, the tightest (which imply the rest); then sums over
    # walks bounded by them, on top of what was found
    held: dict[int, list[FieldBound]] = {}
    for h, found in bounds.items():
        ids = {f.get_id() for f in kept[h]}
        whole = [b for b in found if all(f.get_id() in ids for f in b.facts)]  # in every block
        held[h] = tightest_bounds(whole)
        loose = {f.get_id() for b in whole if all(b is not t for t in held[h]) for f in b.facts}
        kept[h] = [f for f in kept[h] if f.get_id() not in loose]
    sums = true_on_samples(view, accumulated(shape, view, summed, held), states)
    more = shape_houdini(view, sums, deadline, QUERY_MS, known=kept) if any(sums.values()) else None
    return {h: conj(tightest(facts + (more or {}).get(h, []))) for h, facts in kept.items()}


def tightest(facts: list[z3.BoolRef]) -> list[z3.BoolRef]:
    """`facts` without those another of them makes weaker: ``x >= -1`` beside
    ``x >= 0``, ``C <= 1 -> S == 0`` beside ``C <= 2 -> S == 0`` (the
    certificate's checks and minimising cost less without them)."""
    best: dict[tuple, int] = {}
    for f in facts:
        ranked = _rank(f)
        if ranked is not None:
            key, strength = ranked
            best[key] = max(best.get(key, strength), strength)
    return [f for f in facts if (r := _rank(f)) is None or best[r[0]] == r[1]]


def _rank(f: z3.BoolRef) -> tuple[tuple, int] | None:
    """(family, strength) of a bound ``t >= v``, ``t <= v``, or of an implication
    ``t <= v -> X``, ``t > v -> X``: of two facts of one family the stronger implies
    the other. None for any other fact."""
    consequent = ""
    if z3.is_implies(f):
        f, consequent = f.arg(0), f.arg(1).sexpr()
    if not ((z3.is_ge(f) or z3.is_le(f) or z3.is_gt(f)) and z3.is_int_value(f.arg(1))):
        return None
    value = f.arg(1).as_long()
    lower = z3.is_ge(f) or z3.is_gt(f)
    # a bound is stronger the tighter it is; an implication, the weaker its condition
    stronger = (value if lower else -value) if not consequent else (-value if lower else value)
    return (f.arg(0).sexpr(), lower, consequent), stronger


class _Terms:
    """The z3 terms of the heap's variables on one view."""

    def __init__(self, shape: HeapShape, view: HornView) -> None:
        self.shape, self.current = shape, view.ts.current

    def var(self, name: str) -> z3.ArithRef:
        return self.current[name]

    def live(self, b: HeapBlock) -> z3.BoolRef:
        return self.var(b.state) == ALLOCATED

    def pointer(self, p: str) -> tuple[z3.ArithRef, z3.ArithRef]:
        return self.var(p + "#obj"), self.var(p + "#off")

    def field(self, f: str) -> tuple[z3.ArithRef, z3.ArithRef]:
        """A pointer field's two parts in element 0 of its block."""
        return self.var(f + "#obj")[0], self.var(f + "#off")[0]

    def field_lengths(self, b: HeapBlock) -> list[z3.ArithRef]:
        names = [f + part + "#len" for f in b.pointer_fields for part in ("#obj", "#off")]
        names += [f + "#len" for f in b.int_fields]
        return [self.var(n) for n in names if n in self.current]

    def points_to_live(self, obj: z3.ArithRef, off: z3.ArithRef) -> z3.BoolRef:
        """NULL (offset 0 too), or the start of an allocated block."""
        return z3.Or(z3.And(obj == 0, off == 0),
                     *[z3.And(obj == b.number, self.live(b), off == 0) for b in self.shape.blocks])

    def last_node(self, obj: z3.ArithRef) -> z3.BoolRef:
        """NULL, or a block whose pointer fields are all NULL (the tail of a list)."""
        return z3.Or(obj == 0, *[z3.And(obj == b.number, *[self.field(f)[0] == 0 for f in b.pointer_fields])
                                 for b in self.shape.blocks if b.pointer_fields])

