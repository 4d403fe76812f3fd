"""Piecewise ranking functions: a loop head split into regions, one ranking
function per region.

A loop such as ``while (x != 0) { if (x > 0) x = 1 - x; else x = -1 - x; }``
has no linear, lexicographic or multiphase ranking function, but ``|x|``
ranks it: ``2*x`` where ``x >= 0`` and ``1 - 2*x`` where ``x <= -1``. Here the
head is split by the sign of one or two of the forms its body compares
(``g >= 0`` or ``-g - 1 >= 0``: over the integers every state lies in
exactly one region), each region becomes a cut-point of its own, and the
ordinary synthesis (`ranking.Synthesiser`) ranks the split loop; a region
a loop cannot re-enter simply ends up in its own strongly connected part.

`split_system` states the split on the exact encoding: every block is
conjoined with its source region over the pre-state and its target region
over the post-state. Every execution of the original system is one of the
split system (each state lies in a region), so a ranking certificate of the
split system, checked by `ranked_loops.ranking_obligations`, proves the
original terminates.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import z3

from ...affine import Lin, compared_forms, render
from ...cfa import Cfa
from ...encode import Block, TransitionSystem
from ...recurrent_set import render_cube
from ..ranking import NoRanking, Path, RankNode, Synthesiser, feasible, holds, prune
from .ranked_loops import root_transitions

#: Most forms one head is split by (2 forms: 4 regions).
MAX_SPLIT_FORMS = 2
#: Forms tried per head (the first ones the loop body compares).
MAX_FORMS = 8


@dataclass
class Split:
    """Head `head` split into `regions` (conjunctions of atoms ``g >= 0`` that
    together cover every integer state), region k being cut-point `ids[k]`."""

    head: int
    regions: list[list[Lin]]
    ids: list[int]

    def text(self, k: int, language: str = "c") -> str:
        """Region k in source syntax."""
        return render_cube(self.regions[k], language)


@dataclass
class PiecewiseRanking:
    """A ranking certificate on a split system: `ts`, `ranked` parts (over the
    split cut-points), the `invariants` per split cut-point, and the splits."""

    ts: TransitionSystem
    ranked: list[RankNode]
    invariants: dict[int, list[Lin]]
    splits: dict[int, Split] = field(default_factory=dict)


def candidate_forms(cfa: Cfa, head: int) -> list[Lin]:
    """The forms compared in the loop at `head` (its body's branches first,
    then its condition), with integer coefficients, at most `MAX_FORMS`."""
    loop = cfa.loops[head]
    nodes = set(loop.body_nodes) | {head}
    guard = {d.key() for d in compared_forms(loop.cond)}
    compared = [d for e in cfa.edges if e.src in nodes and getattr(e.action, "cond", None) is not None
                for d in compared_forms(e.action.cond)]
    forms: list[Lin] = []
    for d in sorted(compared, key=lambda d: d.key() in guard):
        if all(isinstance(c, int) or c.denominator == 1 for c in [*d.coeffs.values(), d.const]):
            for g in (d, d - Lin.num(1)):
                if g not in forms and -g - Lin.num(1) not in forms:
                    forms.append(g)
    return forms[:MAX_FORMS]


def regions_of(forms: list[Lin]) -> list[list[Lin]]:
    """Every sign assignment of `forms`: ``g >= 0`` or ``-g - 1 >= 0``."""
    return [list(signs) for signs in itertools.product(*[(g, -g - Lin.num(1)) for g in forms])]


def split_system(ts: TransitionSystem, splits: dict[int, Split]) -> TransitionSystem:
    """`ts` with each split head replaced by its regions' cut-points."""
    types, cur = ts.variables, ts.current

    def ends(c: int, env) -> list[tuple[int, list[z3.BoolRef]]]:
        if c not in splits:
            return [(c, [])]
        s = splits[c]
        return [(i, [holds(a, env, types) for a in region]) for i, region in zip(s.ids, s.regions)]

    blocks = []
    for b in ts.blocks:
        post = {v: b.update.get(v, cur[v]) for v in types}
        for src, pre_in in ends(b.src, cur):
            for dst, post_in in ends(b.dst, post):
                blocks.append(Block(src, dst, z3.And(b.guard, *pre_in, *post_in), dict(b.update)))
    cutpoints = [i for c in ts.cutpoints for i in (splits[c].ids if c in splits else [c])]
    return TransitionSystem(ts.cfa, types, blocks, [], ts.nondets, ts.checks, ts.entry, ts.exit, cutpoints,
                            dict(cur), ts.prefix)


def split_paths(paths: dict[int, list[Path]], splits: dict[int, Split]) -> dict[int, list[Path]]:
    """The linear paths between the split cut-points."""
    out: dict[int, list[Path]] = {}
    for c, plist in paths.items():
        for p in plist:
            srcs = list(zip(splits[c].ids, splits[c].regions)) if c in splits else [(c, [])]
            dsts = list(zip(splits[p.dst].ids, splits[p.dst].regions)) if p.dst in splits else [(p.dst, [])]
            for src, pre in srcs:
                for dst, region in dsts:
                    cons = [*p.cons, *pre, *(a.subst(p.post) for a in region)]
                    out.setdefault(src, []).append(Path(src, dst, cons, p.post, p.exact, p.nondet_symbols, p.ranges))
    return out


def rank_piecewise(cfa: Cfa, ts: TransitionSystem, paths: dict[int, list[Path]], ranked: list[RankNode],
                   failed: list[frozenset[int]], invariants: dict[int, list[Lin]],
                   deadline: float) -> PiecewiseRanking | None:
    """Ranking functions for the `failed` single-head roots with their heads
    split into regions (the other roots keep their `ranked` parts); None when
    some root has none by `deadline`."""
    if not failed or any(len(r) != 1 or next(iter(r)) not in cfa.loops for r in failed):
        return None
    fresh = itertools.count(max([cfa.node_count, *ts.cutpoints, ts.entry, ts.exit]) + 1)
    splits: dict[int, Split] = {}
    nodes: list[RankNode] = []
    state_vars = set(cfa.variables)
    used = {s for root in failed for c in root for p in paths.get(c, []) if p.dst in root for s in p.symbols()}
    synth = Synthesiser(sorted(v for v in used if v in state_vars), deadline)
    for root in failed:
        (head,) = root
        forms = candidate_forms(cfa, head)
        found = None
        for chosen in _attempts(forms):
            if time.monotonic() >= deadline:
                return None
            # each region without the atoms its others imply (the same states, shown shorter)
            regions = [prune(r, cfa.variables, deadline) for r in regions_of(list(chosen)) if feasible(r, deadline)]
            if len(regions) < 2:
                continue
            split = Split(head, regions, [next(fresh) for _ in regions])
            sub_paths = split_paths({c: ps for c, ps in paths.items() if c == head}, {head: split})
            inv = {i: invariants.get(head, []) for i in split.ids}
            transitions = root_transitions(frozenset(split.ids), sub_paths, inv, state_vars, deadline)
            try:
                found = synth.solve(frozenset(split.ids), transitions), split
            except NoRanking:
                continue
            break
        if found is None:
            return None
        nodes.append(found[0])
        splits[head] = found[1]
    split_inv = {i: invariants.get(s.head, []) for s in splits.values() for i in s.ids}
    split_inv.update({h: atoms for h, atoms in invariants.items() if h not in splits})
    return PiecewiseRanking(split_system(ts, splits), [*ranked, *nodes], split_inv, splits)


def _attempts(forms: list[Lin]) -> list[tuple[Lin, ...]]:
    """The sets of forms to split by, cheapest first: each form alone; one form
    at two consecutive bounds (``g >= 1``, ``g == 0``, ``g <= -1``: the regions
    of ``!=``); then two forms of distinct directions (up to `MAX_SPLIT_FORMS`)."""
    singles = [(g,) for g in forms]
    bounds = [(g, h) for g, h in itertools.combinations(forms, 2)
              if g.coeffs == h.coeffs and abs(g.const - h.const) == 1]
    crossed = [c for size in range(2, MAX_SPLIT_FORMS + 1) for c in itertools.combinations(forms, size)
               if len({tuple(sorted(g.coeffs.items())) for g in c}) == size]
    return [*singles, *bounds, *crossed]


def piece_texts(node: RankNode, split: Split, language: str = "c") -> list[str]:
    """``region: function`` per region of `split`, from the chain of parts of `node`."""
    out = []
    for k, c in enumerate(split.ids):
        funcs = []
        part: RankNode | None = node
        while part is not None:
            for comp in part.components:
                shown = [render(ph[c]) for ph in comp.phases]
                funcs.append(shown[0] if comp.kind == "linear" else f"multiphase ({', '.join(shown)})")
            part = next((ch for ch in part.children if c in ch.cutpoints), None)
        body = funcs[0] if len(funcs) == 1 else f"lexicographic ({', '.join(funcs)})" if funcs else "no repeat"
        out.append(f"{split.text(k, language)}: {body}")
    return out


__all__ = ["Split", "PiecewiseRanking", "candidate_forms", "regions_of", "split_system", "split_paths",
           "rank_piecewise", "piece_texts", "MAX_SPLIT_FORMS"]
