"""Which earlier checks of one C full expression a check may assume held.

C fixes the order of evaluation only at sequence points: an operator's
operands are evaluated before it, the left operand of ``&&``, ``||`` and the
condition of ``?:`` before the rest, but sibling operands in any order (gcc
often computes the right one first). A check may therefore assume the checks
of its own operands and those before a sequence point, never a sibling's: in
``a[w] % (v * w)`` the overflow check of ``v * w`` must not lean on the bounds
check of ``a[w]``. Python evaluates left to right and needs none of this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

__all__ = ["Sequencing"]

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
