"""Two-way branches of a control-flow automaton: the condition they test, and
the nondet values their edges share.

A C or Python ``if`` becomes edges ``Assume(c)`` / ``Assume(!c)`` out of one
node; the encoding names the nondet values read by each edge apart, though C
evaluates the condition once. The math reading and the refuter both need to
know which of those names are the same value.
"""

from __future__ import annotations

from . import ir
from .cfa import Cfa, Edge, nondet_nodes, site_name

__all__ = ["branch_aliases", "branch_condition"]


def branch_condition(edges: list[Edge]) -> ir.Expr | None:
    """The condition a branch evaluates, when `edges` (all leaving one node) are
    `Assume(c)` / `Assume(!c)` of one and the same condition object."""
    if len(edges) < 2 or not all(isinstance(e.action, ir.Assume) for e in edges):
        return None
    bases = []
    for e in edges:
        c = e.action.cond
        bases.append(c.arg if isinstance(c, ir.Unary) and c.op == "not" else c)
    if any(b is not bases[0] for b in bases):
        # Assume(c) / Assume(!c) where c itself is a negation
        first = edges[0].action.cond
        if all(e.action.cond is first or (isinstance(e.action.cond, ir.Unary) and e.action.cond.arg is first)
               for e in edges):
            return first
        return None
    return bases[0]


def branch_aliases(cfa: Cfa) -> dict[str, str]:
    """Nondet sites of a branch's other edges -> the same value's site on its first
    edge (the encoding names them apart; C evaluates the condition once)."""
    index = {id(e): i for i, e in enumerate(cfa.edges)}
    alias: dict[str, str] = {}
    for group in cfa.outgoing().values():
        if branch_condition(group) is None:
            continue
        first = index[id(group[0])]
        for e in group[1:]:
            for position, _ in enumerate(nondet_nodes(e.action)):
                alias[site_name(index[id(e)], position)] = site_name(first, position)
    return alias
