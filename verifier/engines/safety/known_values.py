"""BMC's unrolled steps with the values every execution has at each depth folded in.

A loop with a constant bound (``for (i = 0; i < 8; i++)``) runs the same
blocks in every execution: at depth d the cut-point and the counter are the
same constants whatever the inputs. `Unroller.trans` leaves that for the
solver to find out, and z3's incremental core (which BMC's activation literals
put it in) does not: it splits on every block of every step and reasons about
array stores at symbolic indexes, some 0.2 s a step for the 19-deep array-sum
bug of bench/memory. Folding the constants in first (forward constant
propagation along the unrolling) leaves one block per step, with constant
indexes: the whole search then takes a tenth of a second.

`KnownValues` builds the steps in order. The facts at depth d are the
cut-points an execution can be at (`Facts.cutpoints`) and the variables that
hold the same literal in every execution reaching d (`Facts.values`). Step d
keeps only the blocks leaving one of those cut-points, with the known values
substituted into their guards and updates and the result simplified; a block
whose guard simplifies to false is dropped. The facts at d + 1 are the targets
of the blocks kept and the variables every kept block sets to the same
literal.

Soundness: the facts at d follow from the initial state and steps 0..d-1 (each
kept block of step d - 1 ends at one of the cut-points and sets each known
variable to its literal; blocks dropped cannot be taken), and under them
step d and `error(d, key)` are equivalent to `Unroller.trans(d)` and
`Unroller.error(d, key)`: a query over these steps has the answer it has over
the original ones, and certificates are still built from `Unroller`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from ...encode import CheckKey, TransitionSystem
from ...smt import constants_of
from .unroll import Unroller

__all__ = ["Facts", "KnownValues"]


@dataclass(frozen=True)
class Facts:
    """What holds of every execution at one depth: the cut-point is one of
    `cutpoints`, and each variable of `values` (by name) holds its literal."""

    cutpoints: frozenset[int]
    values: dict[str, z3.ExprRef]


class KnownValues:
    """`trans(i)` and `error(i, key)` of `unroller`, simplified by the facts at depth i."""

    def __init__(self, unroller: Unroller) -> None:
        self.u = unroller
        self.ts: TransitionSystem = unroller.ts
        self.facts: list[Facts] = [Facts(frozenset({self.ts.entry}), {})]
        self._steps: list[z3.BoolRef] = []
        self._errors: dict[tuple[int, CheckKey], z3.BoolRef] = {}
        by_const = {c.decl().name(): name for name, c in self.ts.current.items()}
        #: the state variables each block reads, and each error exit
        self._block_reads = [_reads(by_const, b.guard, *b.update.values()) for b in self.ts.blocks]
        self._error_reads = [_reads(by_const, e.cond) for e in self.ts.errors]
        self._folded: dict[tuple, z3.ExprRef] = {}  # (what, index, the known values it reads) -> folded template

    def trans(self, i: int) -> z3.BoolRef:
        """Step i -> i + 1 (the steps before it are built first)."""
        while len(self._steps) <= i:
            self._extend()
        return self._steps[i]

    def error(self, i: int, key: CheckKey) -> z3.BoolRef:
        """At step i, check `key` fails (false outright where no execution can be at its cut-point)."""
        if (i, key) not in self._errors:
            while len(self.facts) <= i:
                self._extend()
            facts = self.facts[i]
            options = [z3.And(self.u.pc(i) == e.src, self.u.at_step(cond, i))
                       for n, e in enumerate(self.ts.errors)
                       if e.key == key and e.src in facts.cutpoints
                       and not z3.is_false(cond := self._fold(("error", n), e.cond, self._error_reads[n], facts))]
            self._errors[(i, key)] = z3.Or(options) if options else z3.BoolVal(False)
        return self._errors[(i, key)]

    def _extend(self) -> None:
        i = len(self._steps)
        facts = self.facts[i]
        nxt, names = self.u.state(i + 1), list(self.ts.variables)
        options: list[z3.BoolRef] = []
        targets: set[int] = set()
        agreed: dict[str, z3.ExprRef] | None = None
        for n, block in enumerate(self.ts.blocks):
            if block.src not in facts.cutpoints:
                continue
            reads = self._block_reads[n]
            guard = self._fold(("guard", n), block.guard, reads, facts)
            if z3.is_false(guard):
                continue
            update = {name: self._fold(("update", n, name), block.update[name], reads, facts)
                      if name in block.update else facts.values.get(name, self.ts.current[name]) for name in names}
            options.append(z3.And(self.u.pc(i) == block.src, self.u.at_step(guard, i), self.u.pc(i + 1) == block.dst,
                                  *[nxt[name] == self.u.at_step(update[name], i) for name in names]))
            targets.add(block.dst)
            literals = {name: v for name, v in update.items() if _is_literal(v)}
            agreed = literals if agreed is None else {
                name: v for name, v in agreed.items() if name in literals and literals[name].eq(v)}
        self._steps.append(z3.Or(options) if options else z3.BoolVal(False))
        self.facts.append(Facts(frozenset(targets), agreed or {}))

    def _fold(self, what: tuple, term: z3.ExprRef, reads: frozenset[str], facts: Facts) -> z3.ExprRef:
        """`term` (over the current state) with the known values it reads substituted, simplified;
        `term` itself when it reads none."""
        known = sorted((name, facts.values[name]) for name in reads if name in facts.values)
        if not known:
            return term
        key = (what, tuple((name, v.sexpr()) for name, v in known))
        if key not in self._folded:
            self._folded[key] = z3.simplify(z3.substitute(term, *[(self.ts.current[name], v) for name, v in known]))
        return self._folded[key]


def _reads(by_const: dict[str, str], *terms: z3.ExprRef) -> frozenset[str]:
    return frozenset(by_const[c] for c in constants_of(*terms) if c in by_const)


def _is_literal(term: z3.ExprRef) -> bool:
    return (z3.is_bv_value(term) or z3.is_int_value(term) or z3.is_rational_value(term)
            or z3.is_true(term) or z3.is_false(term))
