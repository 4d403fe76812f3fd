"""Where a function's checks can fail: `CheckSite`s by `CheckKey`, listed without z3.

`encode.encode` describes a check site for every obligation its
`smt.TermEncoder` records (and every explicit `cfa.Check`), walking each
cut-point's region of the automaton in `region_order`. `listed_sites(cfa)`
lists the same sites, in the same order and with the same texts, by walking the
same edges over the IR alone: the typed quick search
(`quick_search.typed_quick_no`) can then find, replay and report a no before
z3 is even imported. It covers what Python's unbounded integers need
(explicit checks, checked accesses, division by zero); for anything else the
encoder might read otherwise or reject (fixed-width integers, shifts and bitwise
operators, calls, an action or expression it does not know) it returns None,
and the caller encodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ir
from .cfa import Cfa, Check, Eval

__all__ = ["CheckKey", "CheckSite", "access_text", "listed_sites", "region_order"]

CheckKey = tuple[str, int, int]  # (kind, line, column)

#: division operators: the encoder obliges a non-zero divisor
_DIVISIONS = frozenset({"div", "mod", "floordiv", "floormod"})
#: operators with a Boolean value, and those on unbounded integers that need no obligation
_LOGICAL = frozenset({"land", "lor", "eq", "ne", "lt", "le", "gt", "ge"})
_ARITHMETIC = frozenset({"add", "sub", "mul"})


@dataclass(frozen=True)
class CheckSite:
    """A source location where a check of `kind` can fail."""

    kind: str
    loc: ir.Loc
    text: str

    @property
    def key(self) -> CheckKey:
        return (self.kind, self.loc.line, self.loc.column)


def access_text(check: str) -> str:
    """What a failed checked access (`ir.Select`, `ir.Store`) of check `check` says."""
    return "index out of bounds" if check == "bounds" else f"{check}: index out of range"


def region_order(start: int, outgoing, cut: set[int], exit_: int) -> list[int]:
    """Nodes reachable from `start` without passing another cut-point, in topological order."""
    order: list[int] = []
    seen: set[int] = set()
    stack: list[tuple[int, int]] = [(start, 0)]
    while stack:
        node, i = stack.pop()
        edges = outgoing.get(node, [])
        if i == 0:
            if node in seen:
                continue
            seen.add(node)
        if i < len(edges):
            stack.append((node, i + 1))
            dst = edges[i].dst
            if dst not in seen and dst not in cut and dst != exit_:
                stack.append((dst, 0))
        else:
            order.append(node)
    order.reverse()
    return order


class _Unlisted(Exception):
    """Something `listed_sites` does not read as the encoder does."""


def listed_sites(cfa: Cfa) -> dict[CheckKey, CheckSite] | None:
    """The check sites `encode.encode(cfa)` describes (its ``checks``), or None when `cfa`
    holds something this listing does not cover (see the module docstring)."""
    if not all(_plain(t) for t in cfa.variables.values()):
        return None
    outgoing = cfa.outgoing()
    cut = set(cfa.cutpoints)
    sites: dict[CheckKey, CheckSite] = {}

    def add(kind: str, loc: ir.Loc, text: str) -> None:
        site = CheckSite(kind, loc, text)
        sites.setdefault(site.key, site)

    try:
        for start in cfa.cutpoints:
            for node in region_order(start, outgoing, cut, cfa.exit):
                for edge in outgoing.get(node, []):
                    _action(edge.action, cfa, add)
    except _Unlisted:
        return None
    return sites


def _plain(t: ir.Type) -> bool:
    """A type of Python's values as the encoder reads them: unbounded integers, booleans, arrays of those."""
    if isinstance(t, ir.ArrayType):
        return _plain(t.index) and _plain(t.elem)
    return isinstance(t, ir.BoolType) or (isinstance(t, ir.IntType) and t.bits is None)


def _action(action, cfa: Cfa, add) -> None:
    if action is None:
        return
    if isinstance(action, ir.Assign):
        _expr(action.value, add)
        target = cfa.variables.get(action.target)
        if target is None or (action.value.type != target and not (_scalar(action.value.type) and _scalar(target))):
            raise _Unlisted
    elif isinstance(action, ir.Assume):
        _expr(action.cond, add)
    elif isinstance(action, Eval):
        _expr(action.expr, add)
    elif isinstance(action, Check):
        _expr(action.cond, add)
        add(action.kind, action.loc, action.text)
    else:
        raise _Unlisted


def _scalar(t: ir.Type) -> bool:
    return isinstance(t, ir.BoolType) or (isinstance(t, ir.IntType) and t.bits is None)


def _expr(e: ir.Expr, add) -> None:
    """Record the obligations of `e` in the encoder's order (operands first, left to right)."""
    if not _plain(e.type):
        raise _Unlisted
    if isinstance(e, (ir.Const, ir.Var, ir.Nondet)):
        return
    if isinstance(e, ir.Cast):
        _expr(e.arg, add)
        if e.arg.type != e.type and not (_scalar(e.arg.type) and _scalar(e.type)):
            raise _Unlisted
    elif isinstance(e, ir.Ite):
        _expr(e.cond, add)
        _expr(e.then, add)
        _expr(e.other, add)
    elif isinstance(e, ir.Unary):
        if e.op != "not" and not (e.op in ("neg", "bnot") and isinstance(e.type, ir.IntType)):
            raise _Unlisted
        _expr(e.arg, add)
    elif isinstance(e, ir.Binary):
        _expr(e.left, add)
        _expr(e.right, add)
        if e.op not in _LOGICAL and not isinstance(e.type, ir.IntType):
            raise _Unlisted
        if e.op in _DIVISIONS:
            add("div-by-zero", e.loc, "division by zero")
        elif e.op not in _LOGICAL and e.op not in _ARITHMETIC:
            raise _Unlisted
    elif isinstance(e, (ir.Select, ir.Store)):
        _expr(e.array, add)
        _expr(e.index, add)
        if isinstance(e, ir.Store):
            _expr(e.value, add)
        if e.length is not None:
            _expr(e.length, add)
            add(e.check, e.loc, access_text(e.check))
    else:
        raise _Unlisted
