"""Lowering of Python exceptions: `raise`, `try`/`except`, and the exceptions a function declares.

- ``raise E(...)`` (``E`` a builtin exception class; ``raise E`` and ``raise
  E(...) from x`` too) is ``Assert(false, kind="raise", text="E: message")``
  at the ``raise`` keyword: an uncaught exception is a failing check. A bare
  ``raise`` re-raises in a handler of one exception class (a handler that
  only re-raises catches nothing: its checks fail where CPython reports them).
- ``try: B except E1: H1 ... [else: L]`` (no ``finally``): every check of
  ``B`` whose exception (`CHECK_EXCEPTIONS`, or the class a ``raise`` names)
  some handler catches becomes a jump to the first such handler
  (``If(not c, [Goto])``), then ``L`` runs, then each handler sits behind its
  `Label`. A try body that calls a function of the file (whose exceptions it
  would catch), holds a check of a kind with no exception here, or names the
  caught exception, is unsupported.
- the exceptions a function declares (`declare_exceptions`): a check whose
  exception is one of them (or a subclass; an ``assert`` only when
  AssertionError is named) becomes ``Assume``: that
  execution ends with an exception the function promises, not a failure.
  A caller that does not declare them too cannot rely on that, so
  `check_declared_exceptions` makes it unsupported.
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

from lark import Tree

from verifier.errors import UnsupportedConstruct
from verifier.ir import (BOOL, Assert, Assign, Assume, Call, Const, Expr, ExprStmt, Goto, If, Label, Return, Select,
                         Stmt, Store, While)

from .python_base import negate
from .python_stmt import StmtLowerer
from .python_tree import is_plain_string, stmts_of, walk

if TYPE_CHECKING:
    from .python_function import FunctionLowerer

__all__ = ["CHECK_EXCEPTIONS", "RaisingLowerer", "check_declared_exceptions", "is_exception_class"]

#: check kinds -> the builtin exception CPython raises when that check fails
CHECK_EXCEPTIONS = {"assert": "AssertionError", "div-by-zero": "ZeroDivisionError", "shift": "ValueError",
                    "bounds": "IndexError", "key": "KeyError", "value": "ValueError", "type": "TypeError",
                    "unbound": "UnboundLocalError"}
#: check kinds no ``except`` catches here (contracts are checked outside the function's body)
_NOT_CAUGHT = frozenset({"postcondition"})


def is_exception_class(name: str) -> bool:
    """`name` is a builtin exception class (``ValueError``, ``Exception``...)."""
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, BaseException)


def _catches(handler: str, raised: str) -> bool:
    return issubclass(getattr(builtins, raised), getattr(builtins, handler))


class RaisingLowerer(StmtLowerer):
    """`raise` and `try` statements, and the exceptions a function declares."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        #: builtin exception classes the function declares (read with its contract)
        self.declared: set[str] = set()
        #: the declared classes some check of the body raises (those checks became assumptions)
        self.converted: set[str] = set()
        #: callees whose contract stands for their body at the calls (see `ContractLowerer`)
        self.contract_calls: set[str] = set()
        #: line of each raise statement -> the exception class it raises (for replay)
        self.raise_lines: dict[int, str] = {}
        #: how many try bodies enclose the statement being lowered
        self.try_depth = 0
        #: the class each enclosing ``except`` catches, innermost last (None: several)
        self._handling: list[str | None] = []

    def _raised_class(self, stmt: Assert) -> str | None:
        """The exception class a failing check raises; None if unknown."""
        if stmt.kind in ("raise", "unbound"):  # an unbound read from an inner scope is a NameError
            return stmt.text.split(":", 1)[0].split(" ", 1)[0]
        return CHECK_EXCEPTIONS.get(stmt.kind)

    # ------------------------------------------------------------------ raise

    def _s_raise_stmt(self, t: Tree) -> None:
        exc, cause = t.children
        loc = self.loc(t)
        if exc is None:
            handling = self._handling
            if not handling or handling[-1] is None:
                raise self.error(t, "unsupported construct: bare 'raise' outside a handler of one exception class")
            self.raise_lines[loc.line] = handling[-1]
            self.emit(Assert(Const(0, BOOL, loc), "raise", f"{handling[-1]} (re-raised)", loc))
            return
        if cause is not None and not (isinstance(cause, Tree) and cause.data in ("const_none", "var")):
            raise self.error(cause, "unsupported construct: 'raise ... from' an expression")
        if isinstance(exc, Tree) and exc.data == "var":
            name, args = str(exc.children[0]), []
        elif isinstance(exc, Tree) and exc.data == "funccall" and isinstance(exc.children[0], Tree) \
                and exc.children[0].data == "var":
            name, args = str(exc.children[0].children[0]), self.positional_args(exc)
        else:
            raise self.error(exc, "unsupported construct: raise of something other than a builtin exception")
        if not is_exception_class(name) or self.var_type(name) is not None or name in self.module.functions:
            raise self.error(exc, f"unsupported construct: raise of '{name}' (only builtin exception classes)")
        if name == "SystemExit":
            self.exit_program(t, args)  # ends the program, as sys.exit does (`python_exits`)
            return
        for a in args:
            self._check_message(a)  # a message is evaluated before the raise: it must not fail itself
        self.raise_lines[loc.line] = name
        self.emit(Assert(Const(0, BOOL, loc), "raise", self._raise_text(name, args), loc))

    def _raise_text(self, name: str, args: list[Tree]) -> str:
        if not args:
            return name
        if len(args) == 1 and is_plain_string(args[0]) and args[0].data == "string":
            return f"{name}: {ast.literal_eval(str(args[0].children[0]))}"
        return f"{name}: {', '.join(self.text(a) for a in args)}"

    # -------------------------------------------------------------------- try

    def _s_try_finally(self, t: Tree) -> None:
        raise self.error(t, "unsupported construct: try statement with a finally clause")

    def _s_try_stmt(self, t: Tree) -> None:
        body, clauses, other, final = t.children
        if final is not None:
            raise self.error(final, "unsupported construct: try statement with a finally clause")
        handlers = [self._handler(c) for c in clauses.children if isinstance(c, Tree)]
        self._counter += 1
        tag = self._counter
        # a handler that only re-raises catches nothing: its checks still fail where CPython reports them
        labels = [None if _only_reraises(suite) else f"$except{tag}_{i}" for i, (_, suite) in enumerate(handlers)]
        end = f"$try_end{tag}"
        self.try_depth += 1
        try:
            lowered = self.block(body)
        finally:
            self.try_depth -= 1
        guarded = self._catch(lowered, [types for types, _ in handlers], labels, t)
        self.out.extend(guarded)
        self.out.extend(self.block(other))
        loc = self.loc(t)
        self.emit(Goto(end, loc))
        saved = self._handling
        for (types, suite), label in zip(handlers, labels):
            if label is None:
                continue
            self.emit(Label(label, loc))
            self._handling = saved + [types[0] if len(types) == 1 else None]
            try:
                self.out.extend(self.block(suite))
            finally:
                self._handling = saved
            self.emit(Goto(end, loc))
        self.emit(Label(end, loc))

    def _handler(self, clause: Tree) -> tuple[list[str], Tree]:
        """The exception classes an ``except`` clause catches, and its suite."""
        kind, name, suite = clause.children
        if name is not None:
            text = str(name)
            if self.var_type(text) is not None or any(n.data == "var" and str(n.children[0]) == text
                                                      for n in walk(suite)):
                raise self.error(name, f"unsupported construct: the caught exception '{text}' is used")
        if kind is None:
            return ["BaseException"], suite
        nodes = kind.children if isinstance(kind, Tree) and kind.data == "tuple" else [kind]
        types = []
        for node in nodes:
            tname = str(node.children[0]) if isinstance(node, Tree) and node.data == "var" else ""
            if not is_exception_class(tname) or self.var_type(tname) is not None or tname in self.module.functions:
                raise self.error(node, "unsupported construct: except clause naming something other than a "
                                       "builtin exception class")
            types.append(tname)
        return types, suite

    def _catch(self, stmts: list[Stmt], handlers: list[list[str]], labels: list[str | None], t: Tree) -> list[Stmt]:
        """`stmts` with every check a handler catches turned into a jump to it."""
        out: list[Stmt] = []
        for s in stmts:
            calls, accesses = _evaluates(s) if not isinstance(s, (If, While)) else (False, set())
            if calls or accesses:
                what = "a call" if calls else "a checked access"
                raise self.error(t, f"unsupported construct: {what} (line {s.loc.line}) inside a try statement "
                                    "(the exceptions it raises would be caught)")
            if isinstance(s, Assert) and s.kind not in _NOT_CAUGHT:
                raised = self._raised_class(s)
                if raised is None:
                    raise self.error(t, f"unsupported construct: a '{s.kind}' check (line {s.loc.line}) inside "
                                        "a try statement")
                target = next((label for types, label in zip(handlers, labels)  # the first handler that matches
                               if any(_catches(h, raised) for h in types)), None)
                if target is None:
                    out.append(s)
                elif isinstance(s.cond, Const) and not s.cond.value:
                    out.append(Goto(target, s.loc))
                else:
                    out.append(If(negate(s.cond, s.loc), [Goto(target, s.loc)], [], s.loc))
            elif isinstance(s, If):
                out.append(If(s.cond, self._catch(s.then, handlers, labels, t),
                              self._catch(s.other, handlers, labels, t), s.loc))
            elif isinstance(s, While):
                out.append(While(s.cond, self._catch(s.body, handlers, labels, t),
                                 self._catch(s.step, handlers, labels, t), s.loc))
            else:
                out.append(s)
        return out

    # --------------------------------------------------------------- declared

    def declare_exceptions(self, stmts: list[Stmt]) -> list[Stmt]:
        """`stmts` with every check whose exception the function declares turned into
        an `Assume`; `self.converted` collects those exception classes."""
        out: list[Stmt] = []
        for s in stmts:
            accesses = _evaluates(s)[1] if self.declared and not isinstance(s, (If, While)) else set()
            for kind in accesses:
                raised = CHECK_EXCEPTIONS.get(kind)
                if raised is None or any(_catches(d, raised) for d in self.declared):
                    raise UnsupportedConstruct(self.path, s.loc.line, s.loc.column,
                                               f"unsupported construct: a checked access (kind '{kind}') in a "
                                               "function that declares its exception")
            if isinstance(s, Assert) and self.declared:
                raised = self._raised_class(s)
                # an `assert` is declared away only by name: ``:raises Exception:`` does not mean "my asserts may fail"
                declared = self.declared if s.kind != "assert" else self.declared & {"AssertionError"}
                if raised is not None and any(_catches(d, raised) for d in declared):
                    self.converted.add(raised)
                    out.append(Assume(s.cond, s.loc))
                    continue
            if isinstance(s, If):
                s = If(s.cond, self.declare_exceptions(s.then), self.declare_exceptions(s.other), s.loc)
            elif isinstance(s, While):
                s = While(s.cond, self.declare_exceptions(s.body), self.declare_exceptions(s.step), s.loc)
            out.append(s)
        return out


def _only_reraises(suite: Tree) -> bool:
    """The handler's body is a bare ``raise``."""
    stmts = stmts_of(suite)
    return len(stmts) == 1 and stmts[0].data == "raise_stmt" and stmts[0].children[0] is None


def _evaluates(s: Stmt) -> tuple[bool, set[str]]:
    """Whether `s` (not an If or While) evaluates a call, and the check kinds of
    the checked array accesses it makes (`Select`/`Store` with a length)."""
    exprs: list[Expr] = []
    if isinstance(s, (Assign, Return, ExprStmt)):
        value = s.value if isinstance(s, (Assign, Return)) else s.expr
        if value is not None:
            exprs.append(value)
    elif isinstance(s, (Assume, Assert)):
        exprs.append(s.cond)
    calls, kinds = False, set()
    while exprs:
        e = exprs.pop()
        calls = calls or isinstance(e, Call)
        if isinstance(e, (Select, Store)) and e.length is not None:
            kinds.add(e.check)
        exprs.extend(v for v in vars(e).values() if isinstance(v, Expr))
        exprs.extend(a for v in vars(e).values() if isinstance(v, tuple) for a in v if isinstance(a, Expr))
    return calls, kinds


def check_declared_exceptions(functions: dict[str, FunctionLowerer]) -> None:
    """A function that calls one which may end with a declared exception (its
    own or one of its callees'), without declaring it too, becomes unsupported:
    the callee's body assumes that exception away, and nothing models it in
    the caller."""
    may_raise = {name: set(fl.converted) for name, fl in functions.items()}
    changed = True
    while changed:  # through inlined calls, transitively (recursion included)
        changed = False
        for name, fl in functions.items():
            for callee, _loc in fl.call_sites:
                extra = _exits(functions, may_raise, fl, callee) - may_raise[name]
                if extra:
                    may_raise[name] |= extra
                    changed = True
    for fl in functions.values():
        if fl.function.unsupported:
            continue
        for callee, loc in fl.call_sites:
            missing = sorted(e for e in _exits(functions, may_raise, fl, callee)
                             if not any(_catches(d, e) for d in fl.declared))
            if missing:
                fl.make_unsupported(f"unsupported construct: call to '{callee}', which may raise "
                                    f"{', '.join(missing)} (declared there, not here)", loc)
                break


def _exits(functions: dict[str, FunctionLowerer], may_raise: dict[str, set[str]], caller: FunctionLowerer,
           callee: str) -> set[str]:
    """The declared exceptions a call from `caller` to `callee` may end with: all
    `callee` declares when its contract stands for its body, else what its body may raise."""
    if callee in caller.contract_calls:
        return set(functions[callee].declared)
    return may_raise[callee]
