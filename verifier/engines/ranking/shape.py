"""The shape of a ranking certificate: a tree of `RankNode`s, one per strongly
connected set of cut-points, each with its lexicographic levels
(`Component`s), and the strongly connected components (`sccs`) that split a
set of cut-points into those nodes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...affine import Lin


@dataclass
class Component:
    """One lexicographic level: ``linear`` (one function per cut-point) or
    ``multiphase`` (phases f1, f2, ..., each a function per cut-point)."""

    kind: str
    phases: list[dict[int, Lin]]


@dataclass
class RankNode:
    """A strongly connected set of cut-points, its levels, the strongly
    connected parts left after them, and the transitions between those parts
    that are only non-increasing (`free_edges`, acyclic once parts are contracted)."""

    cutpoints: frozenset[int]
    components: list[Component] = field(default_factory=list)
    children: list[RankNode] = field(default_factory=list)
    free_edges: set[tuple[int, int]] = field(default_factory=set)


class NoRanking(Exception):
    """No ranking function for the transitions between `cutpoints`."""

    def __init__(self, cutpoints: frozenset[int], reason: str = "") -> None:
        super().__init__(reason)
        self.cutpoints = cutpoints
        self.reason = reason


def sccs(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[frozenset[int]]:
    """Strongly connected components with at least one edge inside (Tarjan, iterative)."""
    succ: dict[int, list[int]] = {n: [] for n in nodes}
    edge_set = set(edges)
    for a, b in edge_set:
        succ.setdefault(a, []).append(b)
        succ.setdefault(b, [])
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on: set[int] = set()
    out: list[frozenset[int]] = []
    counter = itertools.count()
    for root in sorted(succ):
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = next(counter)
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = next(counter)
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(succ[nxt])))
                    advanced = True
                    break
                if nxt in on:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    n = stack.pop()
                    on.discard(n)
                    comp.add(n)
                    if n == node:
                        break
                if len(comp) > 1 or (node, node) in edge_set:
                    out.append(frozenset(comp))
    return out

