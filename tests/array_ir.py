"""Hand-built IR programs with arrays, as the C and Python frontends lower them
(checked `Select`/`Store`, lengths in ``a#len`` variables or fixed sizes)."""

from __future__ import annotations

from verifier import ir

I32, I64, BOOL = ir.I32, ir.I64, ir.BOOL
FILE = "arr.c"


def at(line: int, col: int = 5) -> ir.Loc:
    return ir.Loc(FILE, line, col)


def v(name: str, t: ir.Type = I64) -> ir.Var:
    return ir.Var(name, t)


def c(value: int, t: ir.Type = I64) -> ir.Const:
    return ir.Const(value, t)


def op(name: str, a: ir.Expr, b: ir.Expr, line: int = 0) -> ir.Binary:
    """`a name b`: comparisons and logic have type BOOL, arithmetic `a`'s type."""
    t = BOOL if name in ir.COMPARE_OPS | ir.LOGIC_OPS else a.type
    return ir.Binary(name, a, b, t, at(line))


def length(name: str, t: ir.ArrayType | None = None) -> ir.Expr:
    """The length of array variable `name`: its fixed size, else its ``#len`` variable."""
    if t is not None and t.size is not None:
        return ir.Const(t.size, t.index)
    return ir.Var(ir.length_name(name), (t.index if t is not None else I64))


def get(name: str, t: ir.ArrayType, index: ir.Expr, line: int, check: str = "bounds") -> ir.Select:
    """`name[index]`, checked against the array's length."""
    return ir.Select(ir.Var(name, t), index, length(name, t), t.elem, check, at(line, 9))


def put(name: str, t: ir.ArrayType, index: ir.Expr, value: ir.Expr, line: int) -> ir.Assign:
    """`name[index] = value`, checked against the array's length."""
    return ir.Assign(name, ir.Store(ir.Var(name, t), index, value, length(name, t), t, "bounds", at(line, 9)),
                     at(line))


def program(*functions: ir.Function, semantics: str = "bv", language: str = "c") -> ir.Program:
    return ir.Program(FILE, language, semantics, {f.name: f for f in functions})


def function(name: str, params: list[tuple[str, ir.Type]], body: list[ir.Stmt], locals_: dict[str, ir.Type],
             ret: ir.Type | None = I32) -> ir.Function:
    return ir.Function(name, [ir.Param(n, t, at(1)) for n, t in params], ret, body, dict(locals_), at(1),
                       end_line=99)
