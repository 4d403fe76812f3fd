"""Which earlier checks of one C full expression a check may assume held.

C fixes the order of evaluation only at sequence points: an operator's
operands are evaluated before it, the left operand of ``&&``, ``||`` and the
condition of ``?:`` before the rest, but sibling operands in any order (gcc
often computes the right one first). A check may therefore assume the checks
of its own operands and those before a sequence point, never a sibling's: in
``a[w] % (v * w)`` the overflow check of ``v * w`` must not lean on the bounds
check of ``a[w]``. Python evaluates left to right and needs none of this.

Operands that emit statements of their own (calls, dereferences) are lowered
one after another, so the statements of a later operand would assume the
checks of an earlier one. An *order probe* (`order_probe`) evaluates a copy
of the later operand's statements first, from the state before any sibling,
on a branch that ends there: the IR reads it as ``if (<any>) { copy;
assume(false); }``, and the automaton (`verifier.cfa`) makes it a choice
that reads no input, its ordinary path first, so concrete runs never take it.
For operands without side effects on each other, "this operand first" covers
every order C allows for its checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TypeVar

from . import ir

__all__ = ["Sequencing", "ORDER_PROBE", "order_probe", "is_order_probe", "may_check"]

#: the name of the choice that enters an order probe: no C identifier (no
#: harness function reads it), and the automaton reads no value for it
ORDER_PROBE = "evaluated first"

T = TypeVar("T")


class Sequencing:
    """Walks beside a depth-first encoder that numbers its checks in order:
    `enter`/`leave` bracket each expression node, `after` the operands that
    follow a sequence point, and `assumable(n)` names the checks that check
    number `n` (the next one) may assume."""

    def __init__(self) -> None:
        self._node_starts: list[int] = []  # per node being walked: the number of its first check
        self._before_point: list[int] = []  # checks completed before the current sequence point

    def enter(self, count: int) -> None:
        self._node_starts.append(count)

    def leave(self) -> None:
        self._node_starts.pop()

    def assumable(self, count: int) -> tuple[int, ...]:
        start = self._node_starts[-1] if self._node_starts else count
        return tuple(sorted({*self._before_point, *range(start, count)}))

    def after(self, done: list[int], then: Callable[[], T]) -> T:
        """`then()`, walked after a sequence point that completed the checks `done`."""
        saved = self._before_point
        self._before_point = saved + done
        try:
            return then()
        finally:
            self._before_point = saved


def order_probe(stmts: list[ir.Stmt], loc: ir.Loc, suffix: str) -> ir.If:
    """A branch evaluating a copy of `stmts` (labels renamed with `suffix`, which
    must be new in the function) and ending there."""
    choice = ir.Nondet(ir.BOOL, ORDER_PROBE, ir.Loc(loc.file))
    return ir.If(choice, [*_relabelled(stmts, suffix), ir.Assume(ir.Const(0, ir.BOOL, loc), loc)], [], loc)


def is_order_probe(s: ir.Stmt) -> bool:
    return isinstance(s, ir.If) and isinstance(s.cond, ir.Nondet) and s.cond.name == ORDER_PROBE


def may_check(stmts: Iterable[ir.Stmt]) -> bool:
    """Whether `stmts` may check or assume something (an assertion, an assumption, a call,
    an array access, arithmetic): what a sibling's checks could lean on, and what a probe
    of them could find. Assignments of values and nondet draws do neither."""
    stack: list[object] = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, (ir.Assert, ir.Assume, ir.Call, ir.Store)) or (
                isinstance(node, ir.Select) and node.length is not None) or (
                isinstance(node, ir.Binary) and node.op in ir.ARITH_OPS) or (
                isinstance(node, ir.Unary) and node.op == "neg"):
            return True
        for value in vars(node).values():
            stack.extend(v for v in (value if isinstance(value, (list, tuple)) else [value])
                         if isinstance(v, (ir.Expr, ir.Stmt)))
    return False


def _relabelled(stmts: Iterable[ir.Stmt], suffix: str) -> list[ir.Stmt]:
    """A copy of `stmts` (nested lists copied too) with every label and goto renamed."""
    out: list[ir.Stmt] = []
    for s in stmts:
        changes: dict[str, object] = {f.name: _relabelled(v, suffix) for f in dataclasses.fields(s)
                                      if isinstance(v := getattr(s, f.name), list)}
        if isinstance(s, (ir.Label, ir.Goto)):
            changes["name"] = s.name + suffix
        out.append(dataclasses.replace(s, **changes))
    return out
