"""Cut-points and loop shapes of a control-flow automaton with `goto` jumps.

Structured loops give the automaton its cut-points (their heads) and each
head's body and assigned variables as they are built. A `goto` can close a
cycle through no loop head, and can jump into or out of a loop body. For
such an automaton, `loop_shapes` adds a cut-point on every cycle that has
none (the targets of the back edges of a depth-first search, which meet
every cycle), and gives each head a shape the engines may rely on:

- `body`: the nodes of the loop. Every edge entering body-or-head from
  outside goes to the head, and no path that leaves the body comes back to
  the head without first passing another cut-point;
- `assigned`: every variable assigned on an edge leaving a body-or-head node.

When a head's natural loop breaks those rules (a jump into the middle of a
loop), its shape claims nothing: every node is in its body, so no block
counts as entering it, and every variable counts as assigned. So do the
heads left when the work of finding shapes passes `MAX_SHAPE_WORK` node
visits (a tangle of jumps has many heads whose loops cover most nodes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import ir

__all__ = ["LoopShape", "loop_shapes", "MAX_SHAPE_WORK"]

#: Node visits spent on loop shapes before the remaining heads claim nothing
#: (a fraction of a second; structured code needs a small part of it).
MAX_SHAPE_WORK = 300_000


class _OutOfWork(Exception):
    """The budget of node visits is spent."""


class _Budget:
    def __init__(self, visits: int) -> None:
        self.left = visits

    def spend(self, visits: int) -> None:
        self.left -= visits
        if self.left < 0:
            raise _OutOfWork


@dataclass(frozen=True)
class LoopShape:
    """A loop head's body nodes (head excluded) and the variables the loop assigns."""

    body: frozenset[int]
    assigned: frozenset[str]


def loop_shapes(edges: Iterable, heads: dict[int, set[int]], entry: int, count: int,
                variables: Iterable[str]) -> dict[int, LoopShape]:
    """The shape of every head: the structured `heads` (head -> body nodes as
    built) and the new cut-points on cycles they do not cut. `edges` have
    `src`, `dst` and `action` (assignments are `ir.Assign`)."""
    succ: dict[int, list[int]] = {}
    pred: dict[int, list[int]] = {}
    out: dict[int, list] = {}
    for e in edges:
        succ.setdefault(e.src, []).append(e.dst)
        pred.setdefault(e.dst, []).append(e.src)
        out.setdefault(e.src, []).append(e)
    latches: dict[int, list[int]] = {}
    for src, head in _back_edges(succ, entry, set(heads)):
        latches.setdefault(head, []).append(src)
    bodies = {h: set(body) for h, body in heads.items()}
    for head in latches:
        bodies.setdefault(head, set())
    cut = {entry, *bodies}
    nothing = LoopShape(frozenset(range(count)), frozenset(variables))
    budget = _Budget(MAX_SHAPE_WORK)
    shapes: dict[int, LoopShape] = {}
    for head, body in bodies.items():
        try:
            for src in latches.get(head, []):
                body.update(_reaching(pred, src, head, budget))
            body.discard(head)
            region = body | {head}
            closed = _closed(succ, pred, region, head, cut, budget)
        except _OutOfWork:
            closed = False
        if closed:
            assigned = frozenset(e.action.target for node in region for e in out.get(node, [])
                                 if isinstance(e.action, ir.Assign))
            shapes[head] = LoopShape(frozenset(body), assigned)
        else:
            shapes[head] = nothing
    return shapes


def _back_edges(succ: dict[int, list[int]], entry: int, heads: set[int]) -> list[tuple[int, int]]:
    """Edges (src, dst) closing a cycle that passes no node of `heads`: the back
    edges of a depth-first search from `entry` that does not go through `heads`
    (started again from each head's successors, so code after a loop counts)."""
    found: list[tuple[int, int]] = []
    state: dict[int, int] = {}  # 1: on the stack, 2: done
    roots = [entry, *(s for h in sorted(heads) for s in succ.get(h, []))]
    for root in roots:
        if root in state or root in heads:
            continue
        state[root] = 1
        stack = [(root, iter(succ.get(root, [])))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif child in heads:
                continue
            elif state.get(child) == 1:
                found.append((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(succ.get(child, []))))
    return found


def _reaching(pred: dict[int, list[int]], latch: int, head: int, budget: _Budget) -> set[int]:
    """The natural loop of the back edge latch -> head: the nodes that reach
    `latch` without passing `head`, and `head`."""
    seen = {head, latch}
    todo = [latch] if latch != head else []
    while todo:
        node = todo.pop()
        budget.spend(1)
        for p in pred.get(node, []):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen


def _closed(succ: dict[int, list[int]], pred: dict[int, list[int]], region: set[int], head: int,
            cut: set[int], budget: _Budget) -> bool:
    """Whether `region` is entered only at `head` and no path that leaves it
    reaches `head` again without passing a cut-point."""
    budget.spend(len(region))
    if any(p not in region for node in region - {head} for p in pred.get(node, [])):
        return False
    todo = [n for node in region for n in succ.get(node, []) if n not in region]
    seen = set(todo)
    while todo:
        node = todo.pop()
        if node == head:
            return False
        if node in cut:
            continue
        budget.spend(1)
        for nxt in succ.get(node, []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return True
