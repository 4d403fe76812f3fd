"""Houdini for the many shape candidates: one incremental solver per block, re-queried only when needed.

`shape_houdini` returns the largest subset of the candidates that is
inductive on a `HornView` (the greatest fixpoint: a candidate is dropped when
some block into its loop head can falsify it from a state satisfying the
candidates still kept at the block's source), as `sampled_invariants.houdini`
does. That one builds a solver per block and pass and reads each candidate's
value in each model: with 100 to 200 shape candidates per loop head that
Python work costs more than z3's. Here instead:

- each block into a loop head has one solver for the whole run; the
  candidates at its source are asserted behind *keep* literals passed as
  assumptions while they stand, each candidate after the block is named by a
  literal, and the goal "some candidate still standing is false after the
  block" releases a dropped one once its own *dropped* literal is asserted;
- a model's verdict on every candidate is one integer (bit j: candidate j
  holds), evaluated in one call;
- a block is queried again only when the candidates at its source shrink
  (fewer candidates after it never make an unsatisfiable query satisfiable).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import z3

from ...encode import Block
from .horn import HornView

__all__ = ["shape_houdini"]


def shape_houdini(view: HornView, candidates: Mapping[int, list[z3.BoolRef]], deadline: float,
                  query_ms: int, known: Mapping[int, list[z3.BoolRef]] | None = None
                  ) -> dict[int, list[z3.BoolRef]] | None:
    """The inductive subset of `candidates` per loop head, or None past `deadline` (`time.monotonic()`)
    or when z3 answers no model that decides them. A query z3 leaves undecided within
    `query_ms` drops the largest candidate it is about (fewer candidates are always sound).
    `known` facts (an inductive invariant already: each is implied after every block by
    them all) are assumed at each block's source and not decided again."""
    heads = list(view.ts.cfa.loops)
    cands = {h: list(candidates.get(h, [])) for h in heads}
    standing = {h: set(range(len(cands[h]))) for h in heads}
    keep = {h: [z3.Bool(f"shape!keep!{h}!{i}") for i in range(len(cands[h]))] for h in heads}
    blocks = view.loop_blocks()
    queries: dict[int, _BlockQuery] = {}
    dirty = list(range(len(blocks)))
    while dirty:
        k = dirty.pop(0)
        b = blocks[k]
        if not standing[b.dst]:
            continue
        if k not in queries:
            queries[k] = _BlockQuery(view, b, cands, keep, standing[b.dst], (known or {}).get(b.src, []))
        query = queries[k]
        while standing[b.dst]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            assumed = [keep[b.src][i] for i in sorted(standing[b.src])] if b.src in cands else []
            falsified = query.falsified(assumed, standing[b.dst], int(1000 * min(remaining, query_ms / 1000)))
            if falsified is None:
                return None
            if not falsified:
                break
            standing[b.dst] -= falsified
            for other, q in queries.items():
                if blocks[other].dst == b.dst:
                    q.release(falsified)
            dirty += [i for i, c in enumerate(blocks) if c.src == b.dst and i != k and i not in dirty]
    return {h: [cands[h][i] for i in sorted(standing[h])] for h in heads}


class _BlockQuery:
    """The solver of one block: which candidates at its end a state after it can falsify."""

    def __init__(self, view: HornView, block: Block, cands: dict[int, list[z3.BoolRef]],
                 keep: dict[int, list[z3.BoolRef]], standing: set[int], known: list[z3.BoolRef]) -> None:
        ts = view.ts
        self.solver = z3.Solver()
        self.solver.add(view.state_facts, view.nondet_facts, block.guard, *known)
        if block.src in cands:
            self.solver.add(*[z3.Implies(k, c) for k, c in zip(keep[block.src], cands[block.src])])
        self.posts = _after(cands[block.dst], [(ts.current[n], v) for n, v in block.update.items()])
        marks = [z3.Bool(f"shape!holds!{block.dst}!{j}") for j in range(len(self.posts))]
        self.dropped = [z3.Bool(f"shape!dropped!{block.dst}!{j}") for j in range(len(self.posts))]
        self.solver.add(*[m == p for m, p in zip(marks, self.posts)])
        self.solver.add(z3.Or([z3.And(z3.Not(m), z3.Not(d)) for m, d in zip(marks, self.dropped)]))
        self.release(set(range(len(self.posts))) - standing)
        self.verdicts = z3.Sum([z3.If(m, 2 ** j, 0) for j, m in enumerate(marks)])

    def release(self, dropped: set[int]) -> None:
        """The candidates `dropped` no longer count in the goal."""
        if dropped:
            self.solver.add(*[self.dropped[j] for j in dropped])

    def falsified(self, assumed: list[z3.BoolRef], standing: set[int], timeout_ms: int) -> set[int] | None:
        """Candidates of `standing` that a model falsifies (empty: none can be, the query is
        unsatisfiable), the largest one if z3 cannot decide within `timeout_ms`; None if a
        model falsifies none of them (it does not decide them)."""
        self.solver.set("timeout", max(1, timeout_ms))
        status = self.solver.check(*assumed)
        if status == z3.unsat:
            return set()
        if status != z3.sat:
            return {max(standing, key=lambda j: len(self.posts[j].sexpr()))}
        holds = self.solver.model().eval(self.verdicts, model_completion=True).as_long()
        return {j for j in standing if not holds >> j & 1} or None


def _after(terms: list[z3.BoolRef], subst: list[tuple[z3.ExprRef, z3.ExprRef]]) -> list[z3.BoolRef]:
    """`terms` after the block's update, in one substitution (one per term costs z3's Python layer more)."""
    if not subst or not terms:
        return list(terms)
    together = z3.substitute(z3.And(terms), *subst)
    if z3.is_and(together) and together.num_args() == len(terms):
        return together.children()
    return [z3.substitute(t, *subst) for t in terms]
