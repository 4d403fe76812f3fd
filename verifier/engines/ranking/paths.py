"""Linear paths: every path of a control-flow automaton between two
cut-points, symbolically executed into linear constraints.

`linear_paths(cfa, starts, merge)` gives, per start cut-point, the `Path`s
that end at a cut-point (paths to the exit are dropped): constraints
``g >= 0`` over the pre-state and auxiliary symbols, and the post-state as
affine forms of those symbols. A path over-approximates the concrete one
when `exact` is False. Raises `TooManyPaths` past `MAX_PATHS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ... import ir
from ...cfa import Cfa, Check, Eval
from ...irutil import subexpressions
from ...encode import region_order
from .execution import LinearExecutor, LinearState
from ...affine import Lin, in_range, type_range

#: Paths enumerated from one cut-point before giving up: the linear domain
#: splits on every `!=`, `||` and unsigned wrap, and a few dozen sequential
#: branches would otherwise explode.
MAX_PATHS = 3000


#: Most cases an assignment that reads or writes an array is split into: past it, the
#: assigned value is unknown (the path over-approximates). An access through a pointer
#: splits on its objects and on its offset's wraps.
MAX_CASES = 16
#: Checks of memory safety: their conditions are not kept on the paths (each splits them on
#: its disjuncts, a bounds check into thousands of cases; ranking functions do not need them).
MEMORY_CHECKS = frozenset({"bounds", "null", "free", "use-after-free", "leak"})


class TooManyPaths(Exception):
    """The linear path enumeration hit `MAX_PATHS`."""


@dataclass
class Path:
    """One path between cut-points: `cons` (each ``>= 0``) over the pre-state
    and auxiliary symbols; `post` maps every variable to its new value."""

    src: int
    dst: int
    cons: list[Lin]
    post: dict[str, Lin]
    exact: bool
    nondet_symbols: dict[str, str] = field(default_factory=dict)  # aux symbol -> nondet site
    ranges: list[Lin] = field(default_factory=list)  # the pre-state's type ranges

    def symbols(self) -> set[str]:
        """Symbols the path constrains or that flow into a changed variable."""
        out = {s for g in self.cons for s in g.coeffs}
        for v, lin in self.post.items():
            if lin != Lin.var(v):
                out |= set(lin.coeffs) | {v}
        return out


def linear_paths(cfa: Cfa, starts: Iterable[int], merge: bool = False) -> dict[int, list[Path]]:
    """The linear paths from each cut-point of `starts`; raises `TooManyPaths`."""
    builder = PathBuilder(cfa, merge)
    return {c: builder.paths_from(c) for c in starts}


class PathBuilder(LinearExecutor):
    """Enumerates the linear paths of a CFA from given cut-points."""

    def __init__(self, cfa: Cfa, merge: bool = False) -> None:
        super().__init__()
        self.cfa = cfa
        self.merge = merge
        self.relevant = _relevant_variables(cfa) if merge else set(cfa.variables)
        self.types = cfa.variables
        # the pre-state's values lie in their types' ranges (every reachable state's do)
        self.ranges.update({name: r for name, t in self.types.items() if (r := type_range(t)) is not None})
        self.out = cfa.outgoing()
        self.edge_index = {id(e): i for i, e in enumerate(cfa.edges)}
        self.cut = set(cfa.cutpoints)

    def paths_from(self, start: int) -> list[Path]:
        """Every path from cut-point `start` to a cut-point (paths to the exit are
        dropped). In `merge` mode, states reaching a node with the same values
        are joined (keeping the constraints they share) and variables that no
        condition depends on are not tracked: fewer, coarser paths."""
        env = {name: Lin.var(name) for name in self.types}
        ranges: list[Lin] = []
        for name, t in self.types.items():
            ranges += in_range(Lin.var(name), t)
        done: list[Path] = []
        budget = MAX_PATHS
        order = region_order(start, self.out, self.cut, self.cfa.exit)
        pending: dict[int, list[LinearState]] = {start: [LinearState(env, ())]}
        for node in order:
            states = pending.pop(node, [])
            if self.merge:
                states = self._join(states)
            for edge in self.out.get(node, []):
                ends = edge.dst in self.cut or edge.dst == self.cfa.exit
                for st in states:
                    self._site = (self.edge_index[id(edge)], 0)
                    for nxt in self._action(edge.action, st):
                        budget -= 1
                        if budget < 0:
                            raise TooManyPaths(f"more than {MAX_PATHS} paths from one loop head")
                        if not ends:
                            pending.setdefault(edge.dst, []).append(nxt)
                        elif edge.dst != self.cfa.exit:
                            done.append(Path(start, edge.dst, list(nxt.cons), dict(nxt.env), nxt.exact,
                                             dict(nxt.nondets), ranges + list(nxt.soft)))
        return done

    def _join(self, states: list[LinearState]) -> list[LinearState]:
        """States with the same values of the relevant variables joined:
        constraints on symbols nothing else mentions are dropped (the values
        they constrained are gone), the constraints all of them share are
        kept, and other variables get a fresh value where they differ."""
        groups: dict[tuple, list[LinearState]] = {}
        for st in states:
            env = {v: (lin if v in self.relevant else Lin.var(self.fresh())) for v, lin in st.env.items()}
            live = {s for lin in env.values() for s in lin.coeffs}

            def dead(g: Lin) -> bool:
                return all(s.startswith("~") and s not in live for s in g.coeffs)

            cons = tuple(g for g in st.cons if not dead(g))
            soft = tuple(g for g in st.soft if not dead(g))
            trimmed = LinearState(env, cons, st.exact and len(cons) == len(st.cons), st.nondets, soft)
            key = tuple(sorted((v, lin.key()) for v, lin in st.env.items() if v in self.relevant))
            groups.setdefault(key, []).append(trimmed)
        out = []
        for group in groups.values():
            first = group[0]
            if len(group) == 1:
                out.append(first)
                continue
            shared = set.intersection(*({g.key() for g in st.cons} for st in group))
            shared_soft = set.intersection(*({g.key() for g in st.soft} for st in group))
            out.append(LinearState(first.env, tuple(g for g in first.cons if g.key() in shared), False,
                                   tuple(dict.fromkeys(n for st in group for n in st.nondets)),
                                   tuple(g for g in first.soft if g.key() in shared_soft)))
        return out

    def _action(self, action, st: LinearState) -> list[LinearState]:
        if action is None:
            return [st]
        if isinstance(action, ir.Assign) and action.target not in self.relevant:
            env = dict(st.env)  # no condition depends on it: not tracked
            env[action.target] = Lin.var(self.fresh())
            return [st.but(env=env, exact=False)]
        if isinstance(action, ir.Assign):
            out = []
            t = self.types[action.target]
            for s2, v in self.value(action.value, st):
                for s3, v2 in self._convert(v, action.value.type, t, s2):
                    env = dict(s3.env)
                    env[action.target] = v2
                    out.append(s3.but(env=env))
            if len(out) > MAX_CASES and _accesses_memory(action.value):  # one unknown value
                env = dict(st.env)
                env[action.target] = Lin.var(self.fresh())
                return [st.but(env=env, exact=False)]
            return out
        if isinstance(action, Check) and action.kind in MEMORY_CHECKS:
            return [st.but(exact=False)]  # the execution goes on past it (a bounds check: thousands of cases)
        if isinstance(action, (ir.Assume, Check)):
            return self.cond(action.cond, st, True)
        if isinstance(action, Eval):
            return [s for s, _ in self.value(action.expr, st)]
        raise TypeError(type(action).__name__)


def _accesses_memory(e: ir.Expr) -> bool:
    return any(isinstance(x, (ir.Select, ir.Store)) for x in subexpressions(e))


def _relevant_variables(cfa: Cfa) -> set[str]:
    """Variables some condition (a branch, an assume, a check) depends on."""
    def names(e) -> set[str]:
        return {x.name for x in subexpressions(e) if isinstance(x, ir.Var)}

    relevant: set[str] = set()
    for e in cfa.edges:
        if isinstance(e.action, (ir.Assume, Check)):
            relevant |= names(e.action.cond)
        elif isinstance(e.action, Eval):
            relevant |= names(e.action.expr)
    changed = True
    while changed:
        changed = False
        for e in cfa.edges:
            if isinstance(e.action, ir.Assign) and e.action.target in relevant:
                new = names(e.action.value) - relevant
                if new:
                    relevant |= new
                    changed = True
    return relevant
