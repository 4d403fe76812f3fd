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
Such a variable is a constant in the new automaton; one assigned so a choice
between constants (``x#obj``: 0 when `malloc` fails) has its tests against a
constant narrowed to one comparison (``x#obj == 1`` to ``x#obj >= 1``), which
the linear paths do not split on.

The bounds checks of those accesses, and the other memory-safety checks
(`MEMORY_CHECKS`), are dropped: an execution that would stop
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
from ..ranking.paths import MEMORY_CHECKS

__all__ = ["scalar_cells", "cell_name"]


def cell_name(array: str, index: int) -> str:
    """The variable that stands for element `index` of `array`: ``a[k]``, and the array's
    renaming suffix after it (``a[0]#2`` for ``a#2``, which `display_name` shows ``a[0]``)."""
    base, suffix = _split_suffix(array)
    return f"{base}[{index}]{suffix}"


def _split_suffix(name: str) -> tuple[str, str]:
    """(the source name, the frontend's or inliner's suffix: ``#2``, ``@3``)."""
    cut = min((i for i in (name.find("#"), name.find("@")) if i >= 0), default=len(name))
    return name[:cut], name[cut:]


def _pointer_names(cfa: Cfa, cells: dict[str, list[int]],
                   values: dict[str, frozenset[int]]) -> dict[tuple[str, int], str]:
    """Names read through the one pointer that reaches each heap or stack object of `cells`
    (the C frontend reads ``*x`` as ``x#obj == n ? $tmp#2[x#off] : ...``): ``(*x)`` for index 0,
    ``x[k]`` else (a pointer reaches only the objects its value set allows); objects reached by several
    pointers keep `cell_name`."""
    pointers: dict[str, set[str]] = {}
    for e in cfa.edges:
        for root in _exprs(e.action):
            for x in subexpressions(root):
                if isinstance(x, ir.Ite) and isinstance(x.then, ir.Select) and isinstance(x.then.array, ir.Var) \
                        and x.then.array.name in cells and isinstance(x.cond, ir.Binary) and x.cond.op == "eq" \
                        and isinstance(x.cond.left, ir.Var) and x.cond.left.name.endswith(_OBJECT_SUFFIX) \
                        and isinstance(x.cond.right, ir.Const) \
                        and x.cond.right.value in values.get(x.cond.left.name, {x.cond.right.value}):
                    pointers.setdefault(x.then.array.name, set()).add(x.cond.left.name[:-len(_OBJECT_SUFFIX)])
    names = {}
    for array, ps in pointers.items():
        if len(ps) == 1 and array.startswith("$"):
            base, suffix = _split_suffix(next(iter(ps)))
            names.update({(array, k): f"(*{base}){suffix}" if k == 0 else f"{base}[{k}]{suffix}"
                          for k in cells[array]})
    taken = set(cfa.variables)
    if len(set(names.values())) < len(names) or taken & set(names.values()):
        return {}
    return names


_OBJECT_SUFFIX = "#obj"


def scalar_cells(cfa: Cfa) -> Cfa | None:
    """`cfa` with its fixed-index arrays as scalar variables, or None when it has none."""
    values = _value_sets(cfa)
    fixed = {v: next(iter(held)) for v, held in values.items() if len(held) == 1}
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
    return _rewrite(cfa, {a: sorted(indices[a]) for a in arrays}, fixed, values)


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
        elif isinstance(v, ir.Store) and isinstance(v.array, ir.Const):
            out.append((action.target, _index(v.index, fixed)))
        elif isinstance(v, (ir.Nondet, ir.Const)):
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


def _rewrite(cfa: Cfa, cells: dict[str, list[int]], fixed: dict[str, int],
             values: dict[str, frozenset[int]]) -> Cfa:
    shown = _pointer_names(cfa, cells, values)

    def name(a: str, k: int) -> str:
        return shown.get((a, k)) or cell_name(a, k)

    def elem(a: str) -> ir.Type:
        t = cfa.variables[a]
        assert isinstance(t, ir.ArrayType)
        return t.elem

    def cell_or_constant(e: ir.Expr) -> ir.Expr | None:
        if isinstance(e, ir.Select) and isinstance(e.array, ir.Var) and e.array.name in cells:
            k = _index(e.index, fixed)
            assert k is not None
            return ir.Var(name(e.array.name, k), elem(e.array.name), e.loc)
        if isinstance(e, ir.Var) and e.name in fixed:
            return ir.Const(fixed[e.name], e.type, e.loc)
        narrowed = _narrowed(e, values)
        if narrowed is not None:
            return map_expr(narrowed, cell_or_constant) if not isinstance(narrowed, ir.Const) else narrowed
        return None

    def scalar(e: ir.Expr) -> ir.Expr:
        return fold_constants(map_expr(e, cell_or_constant))

    edges: list[Edge] = []
    count = cfa.node_count
    for e in cfa.edges:
        action = e.action
        if isinstance(action, ir.Assign) and action.target in cells:
            a, v = action.target, action.value
            if isinstance(v, ir.Store) and isinstance(v.array, ir.Var):
                k = _index(v.index, fixed)
                assert k is not None
                edges.append(Edge(e.src, e.dst, ir.Assign(name(a, k), scalar(v.value), action.loc), e.line))
                continue
            # a whole array: every cell its own value, one edge each (the stored one first)
            writes = _whole_array(v, cells[a], elem(a), fixed, scalar)
            src = e.src
            for i, (k, value) in enumerate(writes):
                dst = e.dst if i == len(writes) - 1 else count
                if dst == count:
                    count += 1
                edges.append(Edge(src, dst, ir.Assign(name(a, k), value, action.loc), e.line))
                src = dst
            continue
        if isinstance(action, Check) and action.kind in MEMORY_CHECKS:
            action = None
        edges.append(Edge(e.src, e.dst, _map_action(action, scalar), e.line))
    variables = {v: t for v, t in cfa.variables.items() if v not in cells}
    for a, ks in cells.items():
        variables.update({name(a, k): elem(a) for k in ks})

    def assigned(names: frozenset[str]) -> frozenset[str]:
        return frozenset(n for v in names for n in ([name(v, k) for k in cells[v]] if v in cells else [v]))

    keep = {p.name for p in cfa.params} | ({cfa.ret_var} if cfa.ret_var else set())
    edges, dead = _without_dead(edges, set(variables) - keep)
    variables = {v: t for v, t in variables.items() if v not in dead}
    loops = {h: dataclasses.replace(lp, assigned=assigned(lp.assigned) - dead, cond=scalar(lp.cond))
             for h, lp in cfa.loops.items()}
    return dataclasses.replace(cfa, edges=edges, loops=loops, variables=variables, node_count=count)


def _without_dead(edges: list[Edge], candidates: set[str]) -> tuple[list[Edge], set[str]]:
    """`edges` with the assignments to variables of `candidates` that nothing reads (after the
    constants are in and the memory checks out: ``x#off``, ``$tmp#2#state``) made skips, and
    those variables. A skipped assignment's own checks go with it: that only adds executions."""
    dead: set[str] = set()
    while True:
        read = {x.name for e in edges for r in _exprs(e.action) for x in subexpressions(r)
                if isinstance(x, ir.Var)}
        new = {v for v in candidates - dead - read}
        if not new:
            return edges, dead
        dead |= new
        edges = [Edge(e.src, e.dst, None, e.line) if isinstance(e.action, ir.Assign) and e.action.target in dead
                 else e for e in edges]


def _whole_array(v: ir.Expr, indices: list[int], elem: ir.Type, fixed: dict[str, int],
                 scalar) -> list[tuple[int, ir.Expr]]:
    """(index, value) for every cell of an array assigned whole: a fresh array, a constant
    one, or a constant one with one element stored (that one first: its value is read before
    any cell changes)."""
    if isinstance(v, ir.Nondet):
        return [(k, ir.Nondet(elem, v.name, v.loc)) for k in indices]
    if isinstance(v, ir.Const):
        return [(k, ir.Const(v.value, elem, v.loc)) for k in indices]
    assert isinstance(v, ir.Store) and isinstance(v.array, ir.Const)
    stored = _index(v.index, fixed)
    return [(stored, scalar(v.value))] + [(k, ir.Const(v.array.value, elem, v.loc)) for k in indices if k != stored]


def _map_action(action, fn):
    if isinstance(action, ir.Assign):
        return dataclasses.replace(action, value=fn(action.value))
    if isinstance(action, (ir.Assume, Check)):
        return dataclasses.replace(action, cond=fn(action.cond))
    if isinstance(action, Eval):
        return dataclasses.replace(action, expr=fn(action.expr))
    return action


_COMPARE = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
            "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


def fold_constants(e: ir.Expr) -> ir.Expr:
    """`e` with comparisons of two constants of one type, `not`, `&&`, `||` of constants and
    conditionals on a constant evaluated (bottom-up; nothing that can overflow is folded)."""
    changes = {f.name: fold_constants(getattr(e, f.name)) for f in dataclasses.fields(e)
               if isinstance(getattr(e, f.name), ir.Expr)}
    if changes:
        e = dataclasses.replace(e, **changes)

    def const(x: ir.Expr) -> int | None:
        return x.value if isinstance(x, ir.Const) else None

    def truth(value: bool) -> ir.Const:
        return ir.Const(int(value), ir.BoolType(), e.loc)

    if isinstance(e, ir.Ite) and const(e.cond) is not None:
        return e.then if const(e.cond) else e.other
    if isinstance(e, ir.Unary) and e.op == "not" and const(e.arg) is not None:
        return truth(not const(e.arg))
    if isinstance(e, ir.Binary) and e.op in _COMPARE and e.left.type == e.right.type \
            and const(e.left) is not None and const(e.right) is not None:
        return truth(_COMPARE[e.op](const(e.left), const(e.right)))
    if isinstance(e, ir.Binary) and e.op in ("land", "lor"):
        absorbing = 0 if e.op == "land" else 1
        for side, other in ((e.left, e.right), (e.right, e.left)):
            if const(side) is not None:
                return truth(bool(absorbing)) if const(side) == absorbing else other
    return e


def _value_sets(cfa: Cfa) -> dict[str, frozenset[int]]:
    """Integer variables (not parameters) assigned once, a constant or a choice between
    constants (``x#obj = malloc fails ? 0 : 1``), by the only edge into a node that dominates
    every edge reading them: the values they can hold wherever they are read."""
    params = {p.name for p in cfa.params}
    assigns: dict[str, list[Edge]] = {}
    for e in cfa.edges:
        if isinstance(e.action, ir.Assign):
            assigns.setdefault(e.action.target, []).append(e)
    incoming: dict[int, int] = {}
    for e in cfa.edges:
        incoming[e.dst] = incoming.get(e.dst, 0) + 1
    candidates = {}
    for v, es in assigns.items():
        if len(es) == 1 and v not in params and isinstance(cfa.variables.get(v), ir.IntType) \
                and incoming.get(es[0].dst) == 1:
            values = _constant_choices(es[0].action.value)
            if values:
                candidates[v] = (es[0], values)
    if not candidates:
        return {}
    dom = _dominators(cfa)
    out: dict[str, frozenset[int]] = {}
    for v, (assign, values) in candidates.items():
        readers = [e for e in cfa.edges
                   if any(isinstance(x, ir.Var) and x.name == v for r in _exprs(e.action) for x in subexpressions(r))]
        if all(assign.dst in dom.get(e.src, ()) for e in readers):
            out[v] = values
    return out


def _constant_choices(e: ir.Expr) -> frozenset[int]:
    """The values of `e` when it is a constant or conditionals choosing between constants, else empty."""
    if isinstance(e, ir.Const):
        return frozenset({e.value})
    if isinstance(e, ir.Ite):
        then, other = _constant_choices(e.then), _constant_choices(e.other)
        return then | other if then and other else frozenset()
    return frozenset()


def _narrowed(e: ir.Expr, values: dict[str, frozenset[int]]) -> ir.Expr | None:
    """``v == c`` or ``v != c`` for a variable of `values` as one comparison the linear paths do
    not split on: a constant when `c` is none or all of its values, ``v >= c`` (``v < c``) when
    `c` is the largest, ``v <= c`` (``v > c``) the smallest; else None."""
    if not (isinstance(e, ir.Binary) and e.op in ("eq", "ne") and isinstance(e.left, ir.Var)
            and e.left.name in values and isinstance(e.right, ir.Const) and e.left.type == e.right.type):
        return None
    held, c, eq = values[e.left.name], e.right.value, e.op == "eq"
    if c not in held or held == {c}:
        return ir.Const(int((c in held) == eq), ir.BoolType(), e.loc)
    if c == max(held):
        return dataclasses.replace(e, op="ge" if eq else "lt")
    if c == min(held):
        return dataclasses.replace(e, op="le" if eq else "gt")
    return None


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
