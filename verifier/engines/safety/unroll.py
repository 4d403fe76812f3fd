"""Step-indexed copies of a transition system's formulas, for BMC and k-induction.

State `i` has constants ``v@i`` for every variable, ``pc@i`` for the cut-point,
and ``nd!site@i`` for nondeterministic values read during step i (each name
after the transition system's `prefix`, and of the sort of its reading).
"""

from __future__ import annotations

from functools import cached_property

import z3

from ...encode import CheckKey, TransitionSystem


class Unroller:
    """Builds ``T(i)`` (step i -> i+1), ``err(i, key)`` and ``at(i, node)``."""

    def __init__(self, ts: TransitionSystem) -> None:
        self.ts = ts
        self._states: dict[int, dict[str, z3.ExprRef]] = {}
        self._substitutions: dict[int, list[tuple[z3.ExprRef, z3.ExprRef]]] = {}
        self._trans: dict[int, z3.BoolRef] = {}

    def state(self, i: int) -> dict[str, z3.ExprRef]:
        if i not in self._states:
            self._states[i] = {name: z3.Const(f"{c.decl().name()}@{i}", c.sort()) for name, c in self.ts.current.items()}
        return self._states[i]

    def pc(self, i: int) -> z3.ArithRef:
        return z3.Int(f"{self.ts.prefix}pc@{i}")

    def _substitution(self, i: int) -> list[tuple[z3.ExprRef, z3.ExprRef]]:
        if i not in self._substitutions:  # made once per step: building the constants is most of `at_step`
            pairs = [(self.ts.current[name], v) for name, v in self.state(i).items()]
            for site in self.ts.nondets:
                const = self.ts.nondet_const(site)
                pairs.append((const, z3.Const(f"{const.decl().name()}@{i}", const.sort())))
            self._substitutions[i] = pairs
        return self._substitutions[i]

    def at_step(self, term: z3.ExprRef, i: int) -> z3.ExprRef:
        """`term` (over the current state and nondet sites) at step i."""
        return z3.substitute(term, *self._substitution(i))

    @cached_property
    def _block_templates(self):
        return [(b.src, b.dst, b.guard, b.update) for b in self.ts.blocks]

    def trans(self, i: int) -> z3.BoolRef:
        """Step i -> i+1 takes one block (built once per step: k-induction asks for each step again at every k)."""
        if i not in self._trans:
            self._trans[i] = self._make_trans(i)
        return self._trans[i]

    def sliced_trans(self, i: int, keep: frozenset[str]) -> z3.BoolRef:
        """`trans(i)` with the frame equations of the variables in `keep` only (see `cone`)."""
        return self._make_trans(i, keep)

    def _make_trans(self, i: int, keep: frozenset[str] | None = None) -> z3.BoolRef:
        options = []
        nxt = self.state(i + 1)
        cur = self.state(i)
        names = [name for name in self.ts.variables if keep is None or name in keep]
        for src, dst, guard, update in self._block_templates:
            frame = [nxt[name] == (self.at_step(update[name], i) if name in update else cur[name])
                     for name in names]
            options.append(z3.And(self.pc(i) == src, self.at_step(guard, i), self.pc(i + 1) == dst, *frame))
        return z3.Or(options) if options else z3.BoolVal(False)

    def error(self, i: int, key: CheckKey | None = None) -> z3.BoolRef:
        """At step i, check `key` (or any check but the inlining bound, if None) fails."""
        options = [z3.And(self.pc(i) == e.src, self.at_step(e.cond, i))
                   for e in self.ts.errors
                   if not z3.is_false(e.cond) and (e.key == key if key is not None else e.key[0] != "bound")]
        return z3.Or(options) if options else z3.BoolVal(False)

    def reach(self, i: int, key: CheckKey) -> z3.BoolRef:
        """At step i, the location of check `key` is reached (whether it fails or not)."""
        options = [z3.And(self.pc(i) == e.src, self.at_step(e.reach, i)) for e in self.ts.errors if e.key == key]
        return z3.Or(options) if options else z3.BoolVal(False)

    def init(self) -> z3.BoolRef:
        return self.pc(0) == self.ts.entry
