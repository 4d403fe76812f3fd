"""Allocation failures in witnesses: which nondet choices they are, and witnesses without them.

The C frontend models `malloc`/`calloc` as able to fail: a nondet truth value
per call (``malloc fails``, `frontends.c_heap.allocation_fails`) that the replay
harness's allocator makes happen. A witness that makes an allocation fail when
the bug does not need it is harder to read and replays only under an
allocator that can be told to fail (gcc's does not, outside our harness), so
the engines prefer a witness in which every allocation succeeds when the same
check fails that way too (BMC asks the solver for one, the sampling lane runs
the same inputs again).
"""

from __future__ import annotations

import z3

from ... import ir
from ...encode import TransitionSystem
from ...smt import sort_of

__all__ = ["is_allocation_choice", "allocation_flags"]

#: the end of the name of an allocation's failure choice (``malloc fails``, ``calloc fails``):
#: no C identifier, so no harness function of that name is looked for
FAILS = " fails"


def is_allocation_choice(node: ir.Nondet) -> bool:
    """Whether `node` is whether an allocation fails."""
    return isinstance(node.type, ir.BoolType) and node.name.endswith(FAILS)


def allocation_flags(ts: TransitionSystem, steps: int) -> list[z3.BoolRef]:
    """The allocation failure choices of steps 0 .. `steps` - 1, as BMC's unrolling names them."""
    sites = [site for site, info in ts.nondets.items() if is_allocation_choice(info.node)]
    return [z3.Const(f"{ts.prefix}{site}@{step}", sort_of(ts.nondets[site].type))
            for step in range(steps) for site in sites]
