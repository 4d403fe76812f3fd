"""Array cells read and written only at fixed indices, as scalar variables.

The linear domain of the ranking engines has no arrays: ``while (*a < 10)
*a = *a + 1;`` over a pointer parameter (an array of the C frontend) or over
a cell of `malloc` reads ``a[0]`` as an opaque value and finds no ranking
function. `scalar_cells(cfa)` gives an automaton where every array that is
only ever read (`Select`) and written (`Store` assigned back to itself) at
indices fixed in the whole function, or havocked whole (a fresh `Nondet`
array), is replaced by one variable per index used, named ``a[k]``.

An index is fixed when it is a constant, or a variable (not a parameter)
assigned exactly once, a constant, by an edge that is the only way into a
node dominating every read of it (``x#off`` of ``int *x = malloc(...)``).

The bounds checks of those accesses are dropped: an execution that would stop
at a failing one runs on in the new automaton, which only adds executions (a
cell's initial value is as free as the element's). Every execution of the
original is so a prefix of one of the new automaton: a proof that the new
one terminates is a proof for the original. It is used for yes answers only.
"""

from __future__ import annotations

import dataclasses

from ... import ir
from ...cfa import Cfa, Check, Edge, Eval
from ...irutil import map_expr, subexpressions

__all__ = ["scalar_cells", "cell_name"]


def cell_name(array: str, index: int) -> str:
    """The variable that stands for element `index` of `array`."""
    return f"{array}[{index}]"


def scalar_cells(cfa: Cfa) -> Cfa | None:
    """`cfa` with its fixed-index arrays as scalar variables, or None when it has none."""
    fixed = _fixed_variables(cfa)
    arrays = {v for v, t in cfa.variables.items()
              if isinstance(t, ir.ArrayType) and isinstance(t.elem, (ir.IntType, ir.BoolType))}
    indices: dict[str, set[int]] = {a: set() for a in arrays}
    for e in cfa.edges:
        for name, k in _uses(e.action, arrays, fixed):
            if k is None:
                arrays.discard(name)
            else:
                indices.setdefault(name, set()).add(k)
    arrays = {a for a in arrays if indices[a]}
    if not arrays:
        return None
    return _rewrite(cfa, {a: sorted(indices[a]) for a in arrays}, fixed)


def _index(e: ir.Expr, fixed: dict[str, int]) -> int | None:
    if isinstance(e, ir.Const):
        return e.value
    if isinstance(e, ir.Var):
        return fixed.get(e.name)
    return None


def _is_array_var(e: ir.Expr, arrays: set[str]) -> bool:
    return isinstance(e, ir.Var) and e.name in arrays


def _exprs(action) -> list[ir.Expr]:
    if isinstance(action, ir.Assign):
        return [action.value]
    if isinstance(action, (ir.Assume, Check)):
        return [action.cond]
    if isinstance(action, Eval):
        return [action.expr]
    return []


def _uses(action, arrays: set[str], fixed: dict[str, int]) -> list[tuple[str, int | None]]:
    """Every mention of an array of `arrays` in `action`: (array, its fixed index, or None
    for a use that is not a fixed-index read, write or whole havoc)."""
    out: list[tuple[str, int | None]] = []
    allowed: set[int] = set()  # ids of Var nodes in an allowed position
    if isinstance(action, ir.Assign) and action.target in arrays:
        v = action.value
        if isinstance(v, ir.Store) and _is_array_var(v.array, arrays) and v.array.name == action.target:
            out.append((action.target, _index(v.index, fixed)))
            allowed.add(id(v.array))
        elif isinstance(v, ir.Nondet):
            pass
        else:
            out.append((action.target, None))
    for root in _exprs(action):
        for e in subexpressions(root):
            if isinstance(e, ir.Select) and _is_array_var(e.array, arrays):
                out.append((e.array.name, _index(e.index, fixed)))
                allowed.add(id(e.array))
            elif _is_array_var(e, arrays) and id(e) not in allowed:
                out.append((e.name, None))
    return out


def _rewrite(cfa: Cfa, cells: dict[str, list[int]], fixed: dict[str, int]) -> Cfa:
    def elem(a: str) -> ir.Type:
        t = cfa.variables[a]
        assert isinstance(t, ir.ArrayType)
        return t.elem

    def scalar(e: ir.Expr) -> ir.Expr | None:
        if isinstance(e, ir.Select) and isinstance(e.array, ir.Var) and e.array.name in cells:
            k = _index(e.index, fixed)
            assert k is not None
            return ir.Var(cell_name(e.array.name, k), elem(e.array.name), e.loc)
        return None

    edges: list[Edge] = []
    count = cfa.node_count
    for e in cfa.edges:
        action = e.action
        if isinstance(action, ir.Assign) and action.target in cells:
            a, v = action.target, action.value
            if isinstance(v, ir.Store):
                k = _index(v.index, fixed)
                assert k is not None
                edges.append(Edge(e.src, e.dst, ir.Assign(cell_name(a, k), map_expr(v.value, scalar), action.loc),
                                  e.line))
                continue
            # a fresh array: every cell fresh, one edge each
            src = e.src
            for i, k in enumerate(cells[a]):
                dst = e.dst if i == len(cells[a]) - 1 else count
                if dst == count:
                    count += 1
                edges.append(Edge(src, dst, ir.Assign(cell_name(a, k), ir.Nondet(elem(a), v.name, v.loc),
                                                       action.loc), e.line))
                src = dst
            continue
        edges.append(Edge(e.src, e.dst, _map_action(action, scalar), e.line))
    variables = {v: t for v, t in cfa.variables.items() if v not in cells}
    for a, ks in cells.items():
        variables.update({cell_name(a, k): elem(a) for k in ks})

    def assigned(names: frozenset[str]) -> frozenset[str]:
        return frozenset(n for v in names for n in ([cell_name(v, k) for k in cells[v]] if v in cells else [v]))

    loops = {h: dataclasses.replace(lp, assigned=assigned(lp.assigned), cond=map_expr(lp.cond, scalar))
             for h, lp in cfa.loops.items()}
    return dataclasses.replace(cfa, edges=edges, loops=loops, variables=variables, node_count=count)


def _map_action(action, fn):
    if isinstance(action, ir.Assign):
        return dataclasses.replace(action, value=map_expr(action.value, fn))
    if isinstance(action, (ir.Assume, Check)):
        return dataclasses.replace(action, cond=map_expr(action.cond, fn))
    if isinstance(action, Eval):
        return dataclasses.replace(action, expr=map_expr(action.expr, fn))
    return action


def _fixed_variables(cfa: Cfa) -> dict[str, int]:
    """Integer variables (not parameters) assigned once, a constant, by the only edge into
    a node that dominates every edge reading them: their value wherever they are read."""
    params = {p.name for p in cfa.params}
    assigns: dict[str, list[Edge]] = {}
    for e in cfa.edges:
        if isinstance(e.action, ir.Assign):
            assigns.setdefault(e.action.target, []).append(e)
    incoming: dict[int, int] = {}
    for e in cfa.edges:
        incoming[e.dst] = incoming.get(e.dst, 0) + 1
    candidates = {v: es[0] for v, es in assigns.items()
                  if len(es) == 1 and v not in params and isinstance(es[0].action.value, ir.Const)
                  and isinstance(cfa.variables.get(v), ir.IntType) and incoming.get(es[0].dst) == 1}
    if not candidates:
        return {}
    dom = _dominators(cfa)
    out: dict[str, int] = {}
    for v, assign in candidates.items():
        readers = [e for e in cfa.edges
                   if any(isinstance(x, ir.Var) and x.name == v for r in _exprs(e.action) for x in subexpressions(r))]
        if all(assign.dst in dom.get(e.src, ()) for e in readers):
            out[v] = assign.action.value.value
    return out


def _dominators(cfa: Cfa) -> dict[int, set[int]]:
    """The nodes dominating each node reachable from the entry (itself included)."""
    preds: dict[int, set[int]] = {}
    nodes = {cfa.entry}
    for e in cfa.edges:
        preds.setdefault(e.dst, set()).add(e.src)
        nodes |= {e.src, e.dst}
    reachable = {cfa.entry}
    out = cfa.outgoing()
    stack = [cfa.entry]
    while stack:
        n = stack.pop()
        for e in out.get(n, []):
            if e.dst not in reachable:
                reachable.add(e.dst)
                stack.append(e.dst)
    dom = {n: set(reachable) for n in reachable}
    dom[cfa.entry] = {cfa.entry}
    changed = True
    while changed:
        changed = False
        for n in reachable - {cfa.entry}:
            ps = [dom[p] for p in preds.get(n, ()) if p in reachable]
            new = (set.intersection(*ps) if ps else set()) | {n}
            if new != dom[n]:
                dom[n] = new
                changed = True
    return dom
