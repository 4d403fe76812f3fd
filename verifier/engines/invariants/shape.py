"""The heap of a C function as the invariant engines see it: its blocks and pointer variables.

The C frontend lowers a pointer to two integers, ``p#obj`` (the object's number,
0 for NULL) and ``p#off`` (see `verifier.pointer_values`), and each `malloc`
call site to heap blocks (`frontends.c_heap`): a block ``B`` has a state
``B#state`` (0 not allocated yet, 1 allocated, 2 freed), a length ``B#len``
and, for a block of structs, one array per field, ``B[].f`` (a pointer field
is two arrays, ``B[].f#obj`` and ``B[].f#off``; a block of ints is the array
``B`` itself). `heap_shape` reads that layout
back from a transition system: the blocks' numbers come from the
``use-after-free`` and ``free`` checks, which test ``obj != k || B#state == 1``;
an allocation site in a loop counts the blocks it took in a variable that its
``bound`` check compares with the number it has (``fails || C < K``).
Only the names and those checks are read, never the frontend itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import ir
from ...cfa import BOUND_CHECK, Check, Cfa
from ...irutil import subexpressions
from ...pointer_values import POINTER_PARTS

__all__ = ["HeapBlock", "HeapShape", "heap_shape", "STATE_SUFFIX", "ALLOCATED"]

#: the suffix of a heap block's state variable, and the state of a live block (`frontends.c_heap`)
STATE_SUFFIX, ALLOCATED = "#state", 1
#: the checks whose conditions pair a block's number with its state variable
_STATE_CHECKS = ("use-after-free", "free")


@dataclass(frozen=True)
class HeapBlock:
    """One heap block: its object number, state and length variables, and
    its struct fields (array variables: the pointer fields by their name
    before ``#obj``/``#off``, the integer ones by their own name; none for a
    block of ints, whose elements are the array ``B`` itself)."""

    number: int
    state: str
    length: str
    pointer_fields: tuple[str, ...]
    int_fields: tuple[str, ...]


@dataclass(frozen=True)
class HeapShape:
    """The heap blocks of a function, its pointer variables (names before
    ``#obj``/``#off``) and the counters of its allocation sites in loops
    (the variable, and how many blocks the site has)."""

    blocks: tuple[HeapBlock, ...]
    pointers: tuple[str, ...]
    counters: tuple[tuple[str, int], ...]


def heap_shape(ts_variables: dict[str, ir.Type], cfa: Cfa) -> HeapShape | None:
    """The struct heap blocks the function's checks name (and its blocks of ints, where
    an allocation site is in a loop), and its pointer variables; None when it has no such block."""
    numbers = _block_numbers(cfa)
    obj, off = POINTER_PARTS
    blocks, ints_only = [], []
    for state, number in sorted(numbers.items(), key=lambda item: item[1]):
        base = state[: -len(STATE_SUFFIX)]
        prefix = base + "[]."
        fields = [n for n, t in ts_variables.items() if n.startswith(prefix) and isinstance(t, ir.ArrayType)]
        pointer_fields = tuple(sorted({n[: -len(obj)] for n in fields if n.endswith(obj)
                                       and n[: -len(obj)] + off in ts_variables}))
        ints = tuple(n for n in fields if not n.endswith((obj, off)))
        if base + "#len" in ts_variables and (pointer_fields or ints):
            blocks.append(HeapBlock(number, state, base + "#len", pointer_fields, ints))
        elif base + "#len" in ts_variables and isinstance(ts_variables.get(base), ir.ArrayType):
            ints_only.append(HeapBlock(number, state, base + "#len", (), ()))
    counters = _site_counters(cfa)
    if counters:  # blocks of ints matter where a loop allocates them (is each freed in its iteration?)
        blocks = sorted(blocks + ints_only, key=lambda b: b.number)
    if not blocks:
        return None
    pointers = tuple(n[: -len(obj)] for n, t in ts_variables.items()
                     if n.endswith(obj) and isinstance(t, ir.IntType) and n[: -len(obj)] + off in ts_variables
                     and "[]." not in n)
    return HeapShape(tuple(blocks), pointers, counters)


def _site_counters(cfa: Cfa) -> tuple[tuple[str, int], ...]:
    """(C, K) of each ``bound`` check ``fails || C < K`` of an allocation site."""
    found = []
    for edge in cfa.edges:
        action = edge.action
        if isinstance(action, Check) and action.kind == BOUND_CHECK and isinstance(action.cond, ir.Binary) \
                and action.cond.op == "lor":
            room = action.cond.right
            if isinstance(room, ir.Binary) and room.op == "lt" and isinstance(room.left, ir.Var) \
                    and isinstance(room.right, ir.Const):
                found.append((room.left.name, room.right.value))
    return tuple(dict.fromkeys(found))


def _block_numbers(cfa: Cfa) -> dict[str, int]:
    """State variable -> object number, from conditions ``obj != k || S == 1``
    (``!(obj == k) || S == 1`` in a `free` check)."""
    numbers: dict[str, int] = {}
    for edge in cfa.edges:
        action = edge.action
        if not isinstance(action, Check) or action.kind not in _STATE_CHECKS:
            continue
        for e in subexpressions(action.cond):
            if isinstance(e, ir.Binary) and e.op == "lor":
                pair = _number_and_state(e.left, e.right)
                if pair is not None:
                    numbers.setdefault(pair[1], pair[0])
    return numbers


def _number_and_state(left: ir.Expr, right: ir.Expr) -> tuple[int, str] | None:
    """(k, S) when `left` is ``obj != k`` (or ``!(obj == k)``) and `right` is ``S == 1``."""
    if isinstance(left, ir.Unary) and left.op == "not" and isinstance(left.arg, ir.Binary) and left.arg.op == "eq":
        left = ir.Binary("ne", left.arg.left, left.arg.right, left.type)
    if not (isinstance(left, ir.Binary) and left.op == "ne" and isinstance(left.right, ir.Const)
            and left.right.value > 0):
        return None
    if not (isinstance(right, ir.Binary) and right.op == "eq" and isinstance(right.left, ir.Var)
            and right.left.name.endswith(STATE_SUFFIX) and isinstance(right.right, ir.Const)
            and right.right.value == ALLOCATED):
        return None
    return left.right.value, right.left.name
