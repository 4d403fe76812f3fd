"""Ranking-function synthesis for a strongly connected set of cut-points:
linear, lexicographic (Bradley-Manna-Sipma) and multiphase (Ben-Amram and
Genaim) functions, found as linear programs through Farkas' lemma.

`Synthesiser.solve` builds a `RankNode`: each level is a linear function per
cut-point that is non-increasing on every remaining transition and bounded
and decreasing on some; the transitions left are regrouped into strongly
connected parts, each solved in turn. A level that no linear function ranks
may be closed by a multiphase function. The coefficients come from z3's LP
solver over the rationals and are scaled to integers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import z3

from .farkas import Template, farkas, form_add, form_sub
from ...affine import Lin, integral
from .paths import Path
from .shape import Component, NoRanking, RankNode, sccs
from .queries import as_fraction, int_term

#: Deepest multiphase function tried (depth 1 is a linear function).
MAX_PHASES = 3


@dataclass
class Transition:
    """A path with its full constraint set (path, invariants, continuation)."""

    src: int
    dst: int
    poly: list[Lin]
    post: dict[str, Lin]
    path: Path


class Synthesiser:
    """Ranking certificates for strongly connected sets of cut-points."""

    def __init__(self, variables: list[str], deadline: float) -> None:
        self.variables = variables
        self.deadline = deadline

    def _timeout(self, solver: z3.Solver | z3.Optimize) -> bool:
        """Give `solver` the time left; False when none is."""
        ms = int((self.deadline - time.monotonic()) * 1000)
        if ms <= 0:
            return False
        solver.set("timeout", ms)
        return True

    def solve(self, cutpoints: frozenset[int], transitions: list[Transition]) -> RankNode:
        """A `RankNode` for `cutpoints`; raises `NoRanking` naming the cut-points left."""
        node = RankNode(cutpoints)
        remaining = list(transitions)
        while True:
            parts = sccs(cutpoints, {(t.src, t.dst) for t in remaining})
            inside = [t for t in remaining if any(t.src in p and t.dst in p for p in parts)]
            if not parts:
                node.free_edges = {(t.src, t.dst) for t in remaining}
                return node
            if len(parts) > 1 or parts[0] != cutpoints or len(inside) != len(remaining):
                # the levels so far broke the cycles apart, or the transitions given were
                # not strongly connected to begin with (some are infeasible)
                node.free_edges = {(t.src, t.dst) for t in remaining if t not in inside}
                for p in parts:
                    node.children.append(self.solve(p, [t for t in inside if t.src in p and t.dst in p]))
                return node
            found = self._linear(cutpoints, remaining)
            if found is not None:
                comp, ranked = found
                node.components.append(comp)
                remaining = [t for t in remaining if t not in ranked]
                continue
            phases = self._multiphase(cutpoints, remaining)
            if phases is not None:
                node.components.append(phases)
                return node
            raise NoRanking(cutpoints, "no linear, lexicographic or multiphase ranking function")

    # ----------------------------------------------------------- linear

    def _linear(self, cps: frozenset[int], trans: list[Transition]) -> tuple[Component, list[Transition]] | None:
        """A function non-increasing on all of `trans`, bounded and decreasing
        on as many as possible; with the transitions it ranks."""
        # first the convex version: bounded everywhere, maximise the strict ones
        attempts: list[Transition | None] = [None, *trans]
        for focus in attempts:
            if time.monotonic() > self.deadline:
                return None
            opt = z3.Optimize()
            tpl = Template(cps, self.variables)
            deltas = []
            for t in trans:
                d = z3.FreshReal("d")
                opt.add(d >= 0, d <= 1)
                deltas.append(d)
                dec = form_sub(tpl.pre(t.src), tpl.post(t.dst, t.post))
                farkas(opt, t.poly, dec, d)
                if focus is None or focus is t:
                    farkas(opt, t.poly, tpl.pre(t.src))
                if focus is t:
                    opt.add(d == 1)
            opt.maximize(z3.Sum(deltas))
            opt.minimize(tpl.abs_sum(opt))
            opt.minimize(tpl.abs_sum(opt, constants=True))
            if not self._timeout(opt) or opt.check() != z3.sat:
                continue
            model = opt.model()
            values = [as_fraction(model.eval(d, model_completion=True)) for d in deltas]
            if not any(v > 0 for v in values):
                continue
            funcs = tpl.value(model)
            smallest = min(v for v in values if v > 0)
            if smallest < 1:
                funcs = {c: f.scale(1 / smallest) for c, f in funcs.items()}
            scaled = integral(funcs.values())
            funcs = dict(zip(funcs, scaled))
            ranked = [t for t, v in zip(trans, values) if v > 0 and self._bounded(t, funcs)]
            if not ranked:
                continue
            return Component("linear", [funcs]), ranked
        return None

    def _bounded(self, t: Transition, funcs: dict[int, Lin]) -> bool:
        """`funcs` at t's source is >= 0 on every integer point of t."""
        s = z3.Solver()
        if not self._timeout(s):
            return False
        syms: dict[str, z3.ArithRef] = {}
        for g in t.poly:
            s.add(int_term(g, syms) >= 0)
        s.add(int_term(funcs[t.src], syms) < 0)
        return s.check() == z3.unsat

    # ------------------------------------------------------- multiphase

    def _multiphase(self, cps: frozenset[int], trans: list[Transition]) -> Component | None:
        """A multiphase function (2 to `MAX_PHASES` phases) ranking all of `trans`."""
        for depth in range(2, MAX_PHASES + 1):
            if time.monotonic() > self.deadline:
                return None
            opt = z3.Optimize()
            tpls = [Template(cps, self.variables) for _ in range(depth)]
            for t in trans:
                farkas(opt, t.poly, form_sub(tpls[0].pre(t.src), tpls[0].post(t.dst, t.post)), 1)
                for k in range(1, depth):
                    step = form_sub(tpls[k].pre(t.src), tpls[k].post(t.dst, t.post))
                    farkas(opt, t.poly, form_add(step, tpls[k - 1].pre(t.src)), 1)
                farkas(opt, t.poly, tpls[-1].pre(t.src))
            opt.minimize(z3.Sum([tp.abs_sum(opt) for tp in tpls]))
            opt.minimize(z3.Sum([tp.abs_sum(opt, constants=True) for tp in tpls]))
            if not self._timeout(opt) or opt.check() != z3.sat:
                continue
            model = opt.model()
            phases = [tp.value(model) for tp in tpls]
            flat = [f for ph in phases for f in ph.values()]
            scaled = iter(integral(flat))
            return Component("multiphase", [{c: next(scaled) for c in ph} for ph in phases])
        return None
