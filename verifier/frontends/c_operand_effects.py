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

An assignment's target is an operand too (``x += set(p)``, ``a[i] = set(&i)``:
C computes the place and, for ``op=``, reads it, in either order with the
value), `target_effects`. The objects a pointer may designate are known only
once the whole function is lowered (a ``p = &x`` later in the source may run
earlier around a loop): a pair that may clash then is `Unsettled` until
`refuse_unsettled` sees them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import UnsupportedConstruct
from ..ir import ArrayType, Assign, Call, Expr, ExprStmt, Loc, Stmt, Var
from ..irutil import all_stmts, display_name, subexpressions
from .c_heap import FREE
from .c_pointers import DEREF, STORE
from .c_struct_pointers import FIELD, SET_FIELD

__all__ = ["MEMORY", "Effects", "Unsettled", "effects", "target_effects", "clash", "designated",
           "may_clash_later", "refusal", "refuse_unsettled"]

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


@dataclass(frozen=True)
class Unsettled:
    """Operands that clash if a pointer designates a variable `reader` reads (at `at`)."""

    writer: Effects
    reader: Effects
    at: Loc


def effects(stmts: Iterable[Stmt], value: Expr | None, *more: Expr) -> Effects:
    """The effects of an operand lowered to `stmts` with the value `value` (and
    reading `more`)."""
    found = Effects()
    exprs: list[Expr] = ([] if value is None else [value]) + list(more)
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


def target_effects(stmts: list[Stmt], current: Expr, index: Expr | None, reads_target: bool) -> Effects:
    """The effects of an assignment's target lowered to `stmts`, of value `current`
    and `index` (its element, if any): what computing the place reads (its index,
    the pointer it goes through) and writes, and its value when `reads_target`
    (``op=``); a plain ``=`` only writes it, after the value is computed."""
    if reads_target:
        return effects(stmts, current, *([] if index is None else [index]))
    kept, address = [], [] if index is None else [index]
    for s in stmts:
        if (isinstance(s, Assign) and isinstance(current, Var) and s.target == current.name
                and isinstance(s.value, Call) and s.value.func in _READS):
            address += s.value.args  # where `*p` or `p->f` is, not what it holds
        else:
            kept.append(s)
    return effects(kept, None, *address)


def designated(pointer_targets: dict[str, object]) -> set[str]:
    """The variables a pointer may designate, given the function's objects
    (`c_pointers`): each object's own name, and a struct object's fields."""
    names = set(pointer_targets)
    for target in pointer_targets.values():
        fields = getattr(target, "fields", None) or {}
        names.update(name for name, _, _ in fields.values())
    return names


def may_clash_later(writer: Effects, reader: Effects) -> bool:
    """`writer` writes through a pointer and `reader` reads a variable a pointer
    may come to designate."""
    return MEMORY in writer.writes and bool(reader.reads - {MEMORY})


def refusal(path: str, at: Loc, what: str) -> UnsupportedConstruct:
    """The error for an operand that writes `what`, which a sibling reads."""
    return UnsupportedConstruct(path, at.line, at.column, f"unsupported construct: an operand writes {what}, "
                                "which an operand beside it reads (C leaves their order open)")


def refuse_unsettled(unsettled: Iterable[Unsettled], pointer_targets: dict[str, object], path: str) -> None:
    """Raise `refusal` for the first pair that clashes, once `pointer_targets` are
    all the function's objects."""
    names = designated(pointer_targets)
    for pair in unsettled:
        what = clash(pair.writer, pair.reader, names)
        if what is not None:
            raise refusal(path, pair.at, what)


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
