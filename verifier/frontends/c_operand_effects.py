"""What the operands of one C expression write and read, where C leaves their order open.

An order probe (`verifier.sequencing.order_probe`) checks an operand as if it
were evaluated first. That covers every order C allows only when no sibling
operand changes what it reads: ``set(p) + *q`` (a call writing through a
pointer beside a read that may see the old or the new value), ``fill(a) +
a[0]``. Direct writes of a variable beside a read of it (``x++ + x``) are
undefined and refused before lowering (`c_sequence`); what calls write is only
seen in the lowered statements: writes through pointers are `STORE`,
`SET_FIELD` and `FREE` placeholders, reads `DEREF` and `FIELD` ones. A call
passing arrays by reference (`c_copy_out`) writes only the parameters its
callee assigns, known once every function is lowered: the reads of its
siblings go on its `OutCall` (`beside_reads`) and are compared there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..ir import ArrayType, Assign, Call, Expr, ExprStmt, Stmt, Var
from ..irutil import all_stmts, display_name, subexpressions
from .c_heap import FREE
from .c_pointers import DEREF, STORE
from .c_struct_pointers import FIELD, SET_FIELD

__all__ = ["MEMORY", "Effects", "effects", "clash"]

#: what a pointer designates, written or read: any object a pointer may designate
MEMORY = "*"
_WRITES = frozenset({STORE, SET_FIELD, FREE})
_READS = frozenset({DEREF, FIELD})


@dataclass
class Effects:
    """The variables an operand writes and reads (`MEMORY`: through a pointer), the
    arrays among those it reads, and the calls it makes."""

    writes: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)
    arrays: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)


def effects(stmts: Iterable[Stmt], value: Expr | None) -> Effects:
    """The effects of an operand lowered to `stmts` with the value `value`."""
    found = Effects()
    exprs: list[Expr] = [] if value is None else [value]
    for s in all_stmts(stmts):
        if isinstance(s, Assign):
            found.writes.add(s.target)
        elif isinstance(s, ExprStmt) and isinstance(s.expr, Call) and s.expr.func in _WRITES:
            found.writes.add(MEMORY)
        exprs += [v for v in vars(s).values() if isinstance(v, Expr)]
    for e in (sub for x in exprs for sub in subexpressions(x)):
        if isinstance(e, Var):
            found.reads.add(e.name)
            if isinstance(e.type, ArrayType):
                found.arrays.add(e.name)
        elif isinstance(e, Call):
            found.calls.append(e)
            if e.func in _READS:
                found.reads.add(MEMORY)
    return found


def clash(writer: Effects, reader: Effects, designated: set[str]) -> str | None:
    """What `writer` writes and `reader` reads or writes too, as people read it; None if
    nothing. `designated`: the variables a pointer may designate (which a write through
    a pointer may change)."""
    common = sorted((writer.writes - {MEMORY}) & reader.reads)
    if common:
        return f"'{display_name(common[0])}'"
    if MEMORY in writer.writes and (MEMORY in reader.reads | reader.writes
                                    or reader.arrays or reader.reads & designated):
        return "what a pointer designates"
    return None
