"""The end of a C local's lifetime: the pointers to it become dead.

A local declared in a block lives until the block ends (C11 6.2.4p6): its
last statement, a ``break`` or ``continue`` out of it (a loop body ends at
each iteration), an inlined callee's ``return`` (`c_inline`). Every pointer
the frontend holds exactly - a pointer variable, a struct's pointer field, a
pointer result: the scalar IR integers ``...#obj`` - that designates such an
object then gets the object number `DEAD_OBJECT`, and an access through it
fails ``use-after-free`` (what AddressSanitizer calls stack-use-after-scope
or stack-use-after-return). A test or comparison of a dead pointer reads an
indeterminate value, as an uninitialised one (`c_pointers.compared_object`).

A pointer kept where the frontend does not follow each one (an array of
structs with pointer fields, a heap block's pointer fields) might still hold
the address: the function is refused then, as it is when a ``goto`` may
leave a block whose object dies (the jump would skip the kills).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from lark import Token, Tree

from ..errors import UnsupportedConstruct
from ..ir import BOOL, Assert, Assign, Binary, Const, Expr, Ite, Loc, Stmt, Var
from .c_expr import ExprLowerer
from .c_types import DEAD_OBJECT

__all__ = ["LifetimeLowerer"]

#: the object part of a pointer the frontend holds: ``p#obj``, a struct copy's ``r.p#obj#2``
_OBJECT_PART = re.compile(r"#obj(#\d+)?$")


class LifetimeLowerer(ExprLowerer):
    """Kills the pointers to the objects whose lifetime ends (see the module doc)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: each lifetime end made: (the dead object's source name, the line its lifetime ends)
        self.lifetime_ends: list[tuple[str, int]] = []

    def ended(self, names: Iterable[str], loc: Loc) -> list[Stmt]:
        """The statements ending the lifetime of the locals `names` (IR names) at
        `loc`: every pointer held designating one of them becomes dead."""
        names = set(names)
        dead = [t for key, t in self.pointer_targets.items()
                if not t.state and any(key == v or key.startswith((f"{v}.", f"{v}[].")) for v in names)]
        if not dead:
            return []
        from ..irutil import display_name

        label = display_name(dead[0].name).removesuffix(".").removesuffix("[]")
        O = self.obj_type
        # arrays of pointers, but a local one dying too (a heap block's fields are named ``$tmp...``)
        kept = sorted(n for n, t in self.locals.items() if _OBJECT_PART.search(n) and t != O
                      and not (n in names and not n.startswith("$")))
        if kept:
            raise UnsupportedConstruct(self.unit.path, loc.line, loc.column,
                                       f"unsupported construct: the address of '{label}', whose lifetime ends at "
                                       f"line {loc.line}, may be kept in {_holder(kept[0])} (pointers there are "
                                       "not followed one by one)")
        self.lifetime_ends.append((label, loc.line))
        out: list[Stmt] = []
        for name in sorted(n for n, t in self.locals.items() if t == O and _OBJECT_PART.search(n)):
            here: Expr = Const(0, BOOL, loc)
            for t in dead:
                here = Binary("lor", here, Binary("eq", Var(name, O, loc), Const(t.number, O, loc), BOOL, loc),
                              BOOL, loc)
            out.append(Assign(name, Ite(here, Const(DEAD_OBJECT, O, loc), Var(name, O, loc), O, loc), loc))
        return out

    def end_of(self, node: Tree | Token) -> Loc:
        """Where `node` ends (the lifetime of a block's locals ends there)."""
        if isinstance(node, Token):
            return Loc(self.unit.path, node.end_line or node.line or 0, node.end_column or 0)
        if node.meta.empty:
            return Loc(self.unit.path, 0, 0)
        return Loc(self.unit.path, node.meta.end_line, node.meta.end_column)

    def live_checks(self, obj: Expr, loc: Loc, inside: Callable[[Any], Expr] | None = None) -> list[Stmt]:
        """`HeapLowerer.live_checks`, and an access through a dead pointer fails
        ``use-after-free`` when the function ends a lifetime."""
        checks = super().live_checks(obj, loc, inside)
        if self.lifetime_ends:
            checks.insert(0, Assert(Binary("ne", obj, Const(DEAD_OBJECT, self.obj_type, loc), BOOL, loc),
                                    "use-after-free", "access to an object after its lifetime ended", loc))
        return checks

    def refuse_jumps_out(self, gotos: list) -> None:
        """A ``goto`` may leave a block whose objects die (it would skip the kills): refused."""
        if gotos and self.lifetime_ends:
            name, line = self.lifetime_ends[0]
            tok = gotos[0][0]
            raise UnsupportedConstruct(self.unit.path, tok.line, tok.column,
                                       f"unsupported construct: goto in a function where the lifetime of '{name}' "
                                       f"(whose address is taken) ends at line {line}")


def _holder(name: str) -> str:
    """Where the pointer part `name` (``arr[].p#obj``, ``$tmp#2[].next#obj``) keeps pointers, for a message."""
    field = _OBJECT_PART.sub("", name).rsplit("[].", 1)[-1]
    if name.startswith("$"):
        return f"the pointer field '{field}' of a heap block"
    return f"'{_OBJECT_PART.sub('', name)}'"
