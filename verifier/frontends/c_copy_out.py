"""Calls that write through array and struct pointer parameters (out-parameters).

Arrays and struct fields are values in the IR, so a callee's writes through
a parameter (``fill(a, n)``, ``reverse(a, n)``, ``push(&s, x)``) would not
reach the caller through an ordinary `Call`. Such a call is inlined here, in
the caller's body, and then each written parameter is copied back to the
caller's variable it designates:

    p@cN = a; ...                     the arguments, in the callee's renamed parameters
    <the callee's body, renamed>      each ``return e`` is ``ret@cN = e; goto end``
    end:
    a = p@cN; s.len = s->len@cN       the copy-out, then ``x = ret@cN`` for ``x = f(...)``

The callee's entry assumptions (its parameter convention, `ir.Assume.entry`)
are left out: the arguments are the caller's own arrays and real lengths.
This is exact when each by-reference argument is a whole array variable,
``&x`` of an integer variable (a one-element array: element 0 is copied
back), ``&s`` of a struct variable (or a struct pointer parameter), and no two of
them designate the same variable: the callee then works on the very object
the caller passed, and nothing else can see it during the call. Otherwise,
or for a recursive callee, the caller is unsupported with the construct and
the call's line.

Inlined variables and labels are named ``x@cN`` (``@`` is hidden from
traces, and the replay harness ignores these copies: the original body still
says where the source declares each value).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..ir import (ArrayType, Assign, Call, Const, ExprStmt, Function, Goto, If, Label, Loc, Return, Select, Stmt,
                  Var, While)
from ..irutil import assigned_vars, called_body, display_name, rename_stmts

__all__ = ["CopyOut", "OutCall", "CopyOutError"]


@dataclass(frozen=True)
class OutCall:
    """A call passing arguments by reference: for each by-reference IR argument
    position, the caller variable it designates (None: not a variable, e.g. a
    string literal)."""

    callee: str
    loc: Loc
    targets: dict[int, str | None]
    #: positions passing ``&x`` of an integer variable: element 0 is copied back to `x`
    scalars: frozenset[int] = frozenset()
    #: what the operands beside the call read or write, C evaluating them in any order
    #: (`c_operand_effects`; ``*``: through a pointer)
    beside_reads: frozenset[str] = frozenset()


class CopyOutError(Exception):
    """The call cannot be made exact (see the module doc); `loc` is the call's."""

    def __init__(self, message: str, loc: Loc) -> None:
        super().__init__(message)
        self.message, self.loc = message, loc


@dataclass
class CopyOut:
    """Rewrites every function's calls that write through parameters (see the module doc)."""

    functions: dict[str, Function]
    #: function -> its calls with by-reference arguments
    out_calls: dict[str, list[OutCall]]
    _done: set[str] = field(default_factory=set)
    _active: list[str] = field(default_factory=list)
    _count: int = 0

    def written_params(self, callee: Function, call: OutCall) -> dict[int, str]:
        """Position -> caller variable of each by-reference argument the callee assigns."""
        assigned = assigned_vars(callee.body)
        return {j: t for j, t in call.targets.items() if callee.params[j].name in assigned}  # type: ignore[misc]

    def rewrite(self, name: str) -> None:
        """Inline `name`'s writing calls (its callees' first); raises `CopyOutError`."""
        if name in self._done:
            return
        fn = self.functions[name]
        calls = {}
        for call in self.out_calls.get(name, []):
            callee = self.functions.get(call.callee)
            if callee is None or callee.unsupported:
                continue
            written = self.written_params(callee, call)
            if not written:
                continue
            if call.loc in calls:
                raise CopyOutError(f"unsupported construct: two calls of '{call.callee}' at one position "
                                   "(a macro) that write through their parameters", call.loc)
            self._check(call, written, callee)
            calls[(call.callee, call.loc)] = (call, written)
        if calls:
            if name in self._active:
                raise CopyOutError(f"unsupported construct: recursive call of '{name}', which writes through "
                                   "its parameters", next(iter(calls.values()))[0].loc)
            self._active.append(name)
            for callee_name, _ in calls:
                self.rewrite(callee_name)
            self._active.pop()
            fn.body = self._stmts(fn, fn.body, calls)
        self._done.add(name)

    def _check(self, call: OutCall, written: dict[int, str | None], callee: Function) -> None:
        for j, target in written.items():
            if target is None:
                raise CopyOutError(f"unsupported construct: call to '{call.callee}', which writes through its "
                                   f"parameter '{callee.params[j].name}' (only a variable's value is copied back)",
                                   call.loc)
        seen: dict[str, int] = {}
        for j, target in call.targets.items():
            if target is None:
                continue
            if target in seen:
                raise CopyOutError(f"unsupported construct: call to '{call.callee}' passing '{target}' for two "
                                   "parameters (aliasing), one of them written", call.loc)
            seen[target] = j
        beside = sorted(t for t in written.values() if t in call.beside_reads or "*" in call.beside_reads)
        if beside:
            raise CopyOutError(f"unsupported construct: call to '{call.callee}', which writes "
                               f"'{display_name(beside[0])}', beside an operand that reads it (C leaves their order "
                               "open)", call.loc)

    def _stmts(self, fn: Function, stmts: list[Stmt], calls: dict) -> list[Stmt]:
        out: list[Stmt] = []
        for s in stmts:
            value = s.expr if isinstance(s, ExprStmt) else s.value if isinstance(s, Assign) else None
            key = (getattr(value, "func", None), getattr(value, "loc", None))
            if isinstance(value, Call) and key in calls:
                out += self._inline(fn, value, s.target if isinstance(s, Assign) else None, *calls[key])
                continue
            if isinstance(s, If):
                s = replace(s, then=self._stmts(fn, s.then, calls), other=self._stmts(fn, s.other, calls))
            elif isinstance(s, While):
                s = replace(s, body=self._stmts(fn, s.body, calls), step=self._stmts(fn, s.step, calls))
            out.append(s)
        return out

    def _inline(self, fn: Function, call, result: str | None, out_call: OutCall,
                written: dict[int, str]) -> list[Stmt]:
        callee = self.functions[out_call.callee]
        self._count += 1
        suffix = f"@c{self._count}"
        names = {v: v + suffix for v in callee.variables}
        for v, t in callee.variables.items():
            fn.locals[names[v]] = t
        ret = f"$ret{suffix}"
        if callee.ret_type is not None:
            fn.locals[ret] = callee.ret_type
        end = f"$return{suffix}"
        loc = out_call.loc
        stmts: list[Stmt] = [Assign(names[p.name], a, loc) for p, a in zip(callee.params, call.args)]
        stmts += _returns(rename_stmts(called_body(callee), names), ret if callee.ret_type is not None else None, end,
                          suffix)
        stmts.append(Label(end, loc))
        for j, target in written.items():
            p = callee.params[j]
            if j in out_call.scalars:
                assert isinstance(p.type, ArrayType)
                element = Select(Var(names[p.name], p.type, loc), Const(0, p.type.index, loc), None, p.type.elem,
                                 "bounds", loc)
                stmts.append(Assign(target, element, loc))
            else:  # typed as the caller's variable (an array's size is the caller's), as the argument was
                stmts.append(Assign(target, Var(names[p.name], fn.variables.get(target, p.type), loc), loc))
        if result is not None:
            assert callee.ret_type is not None
            stmts.append(Assign(result, Var(ret, callee.ret_type, loc), loc))
        return stmts


def _returns(stmts: list[Stmt], ret: str | None, end: str, suffix: str) -> list[Stmt]:
    """`stmts` with each ``return e`` as ``ret = e; goto end``, and labels renamed with `suffix`."""
    out: list[Stmt] = []
    for s in stmts:
        if isinstance(s, Return):
            if s.value is not None and ret is not None:
                out.append(Assign(ret, s.value, s.loc))
            elif s.value is not None:
                out.append(ExprStmt(s.value, s.loc))
            out.append(Goto(end, s.loc))
            continue
        if isinstance(s, (Label, Goto)):
            s = replace(s, name=s.name + suffix)
        elif isinstance(s, If):
            s = replace(s, then=_returns(s.then, ret, end, suffix), other=_returns(s.other, ret, end, suffix))
        elif isinstance(s, While):
            s = replace(s, body=_returns(s.body, ret, end, suffix), step=_returns(s.step, ret, end, suffix))
        out.append(s)
    return out
