"""Lowering of Python statements (assignments, `assert`, `if`, `while`, `for ... in range`).

`StmtLowerer.stmt(t)` emits the IR statements of one statement into
`self.out`; `block(suite)` returns those of a suite. ``assert c, msg`` is
`Assert(kind="assert")` at the ``assert`` keyword (a message must not be
able to fail); ``assume(c)`` is `Assume`; ``a, b = x, y`` evaluates every
right side first. A ``while`` whose condition needs statements becomes
``While(true, pre + [if not c: break] + body)``. ``for i in range(a, b, k)``
(constant k != 0) becomes a hidden counter ``$i_1 = a`` and ``While($i_1 < b,
[i = $i_1] + body, step=[$i_1 = $i_1 + k])`` (``>`` when k < 0): bounds are
evaluated once, ``continue`` runs the step, and ``i`` keeps its last value.
"""

from __future__ import annotations

import re

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Binary, Break, Call, Const,
                         Continue, Expr, ExprStmt, If, Return, Stmt, Var, While)

from .python_base import UNSUPPORTED, as_int, names_read, negate
from .python_expr import ExprLowerer
from .python_tree import assigned_names, callee_name, is_plain_string, stmts_of

__all__ = ["StmtLowerer"]


class StmtLowerer(ExprLowerer):
    """Every statement allowed in a function body (expressions through `ExprLowerer`)."""

    def block(self, suite: Tree | None) -> list[Stmt]:
        """The IR statements of `suite` (none for a missing suite), as a separate block."""
        stmts, _ = self.capture(lambda: [self.stmt(s) for s in stmts_of(suite)])
        return stmts

    def stmt(self, t: Tree) -> None:
        """Emit the IR of statement `t`; a statement outside the subset is unsupported."""
        handler = getattr(self, f"_s_{t.data}", None)
        if handler is None:
            raise self.unsupported(t)
        handler(t)

    def _s_pass_stmt(self, t: Tree) -> None:
        pass

    def _s_break_stmt(self, t: Tree) -> None:
        self.emit(Break(self.loc(t)))

    def _s_continue_stmt(self, t: Tree) -> None:
        self.emit(Continue(self.loc(t)))

    def _s_return_stmt(self, t: Tree) -> None:
        value = t.children[0] if t.children else None
        if value is None:
            self.emit(Return(None, self.loc(t)))
            return
        self.emit(Return(as_int(self.expr(value, top=True)), self.loc(t)))

    def _s_assert_stmt(self, t: Tree) -> None:
        cond, msg = t.children
        if msg is not None:
            self._check_message(msg)
        c = self.cond(cond)
        self.emit(Assert(c, "assert", self.text(cond), self.loc(t)))

    def _check_message(self, msg: Tree) -> None:
        """An assertion message is only evaluated on failure: it must not fail itself."""
        if is_plain_string(msg):
            return
        strings = msg.children if msg.data == "string_concat" else [msg]
        if all(isinstance(s, Tree) and s.data == "string" for s in strings):
            for s in strings:
                for field in _fstring_fields(str(s.children[0])):
                    m = re.fullmatch(r"\s*([^\W\d]\w*)\s*=?\s*(![rsa])?\s*", field)
                    if m is None or self.var_type(m.group(1)) is None:
                        raise self.error(s, "unsupported construct: f-string assertion message with "
                                            f"an expression '{{{field}}}' (use plain variable names)")
            return
        pre, _ = self.capture(lambda: self.expr(msg))
        if pre:
            raise self.error(msg, "unsupported construct: assertion message that calls a function "
                                  "or can fail")

    def _s_expr_stmt(self, t: Tree) -> None:
        e = t.children[0]
        if is_plain_string(e) or (isinstance(e, Tree) and e.data == "ellipsis"):
            return  # a docstring or string comment: no effect
        if isinstance(e, Tree) and e.data == "funccall" and self.is_assume(e):
            args = self.positional_args(e)
            if len(args) != 1:
                raise self.error(e, "unsupported construct: assume() takes exactly one argument")
            self.emit(Assume(self.cond(args[0]), self.loc(t)))
            return
        value = self.expr(e, top=True, discard=True)
        if isinstance(value, Call):
            self.emit(ExprStmt(value, self.loc(t)))

    def _s_assign(self, t: Tree) -> None:
        *targets, value = t.children
        if isinstance(value, Tree) and value.data in ("yield_expr", "yield_from"):
            raise self.unsupported(value)
        if len(targets) == 1 and isinstance(targets[0], Tree) and targets[0].data == "tuple":
            self._tuple_assign(targets[0], value, t)
            return
        names = [self._target(tg) for tg in targets]
        v = self.expr(value, top=True)
        first = names[0]
        self.assign(first, v, self.loc(targets[0]), t)
        for name, tg in zip(names[1:], targets[1:]):
            first_ty = self.var_type(first)
            assert first_ty is not None
            self.assign(name, Var(first, first_ty, self.loc(tg)), self.loc(tg), t)

    def _target(self, tg: Tree | Token) -> str:
        if isinstance(tg, Tree) and tg.data == "var":
            return str(tg.children[0])
        if isinstance(tg, Tree):
            raise self.error(tg, "unsupported construct: assignment to "
                                 f"{UNSUPPORTED.get(tg.data, (tg.data, False))[0]}"
                                 " (only names can be assigned)")
        raise self.error(tg, "unsupported construct: assignment target")

    def _tuple_assign(self, target: Tree, value: Tree, t: Tree) -> None:
        names = [self._target(tg) for tg in target.children]
        if not (isinstance(value, Tree) and value.data == "tuple"):
            raise self.error(value, "unsupported construct: unpacking a value that is not a tuple "
                                    "display (write 'a, b = x, y')")
        if len(value.children) != len(names):
            raise self.error(value, f"unsupported construct: unpacking {len(value.children)} values "
                                    f"into {len(names)} names (ValueError)")
        values = [self.expr(v) for v in value.children]  # all right sides first, in order
        # a value that reads a name assigned before it (in this statement) must be saved first
        final: list[Expr] = []
        for i, v in enumerate(values):
            if names_read(v) & set(names[:i]):
                tmp = self.fresh("tuple", v.type)
                self.emit(Assign(tmp, v, v.loc))
                v = Var(tmp, v.type, v.loc)
            final.append(v)
        for name, tg, v in zip(names, target.children, final):
            self.assign(name, v, self.loc(tg), t)

    def _s_annassign(self, t: Tree) -> None:
        target, _annotation, value = t.children
        name = self._target(target)
        if value is not None:
            self.assign(name, self.expr(value, top=True), self.loc(target), t)

    def _s_augassign(self, t: Tree) -> None:
        target, op_tree, value = t.children
        name = self._target(target)
        op_tok = op_tree.children[0]
        op = str(op_tok)[:-1]
        ty = self.var_type(name)
        assert ty is not None
        rhs = self.expr(value)
        result = self.binop(op, Var(name, ty, self.loc(target)), rhs, op_tok, t)
        self.assign(name, result, self.loc(target), t)

    def _s_if_stmt(self, t: Tree) -> None:
        cond, body, elifs, other = t.children
        clauses = [(cond, body, t)] + [(e.children[0], e.children[1], e) for e in elifs.children
                                       if isinstance(e, Tree)]
        self._if_chain(clauses, other)

    def _if_chain(self, clauses: list[tuple[Tree, Tree, Tree]], other: Tree | None) -> None:
        (cond, body, node), rest = clauses[0], clauses[1:]
        c = self.cond(cond)
        then = self.block(body)
        if rest:
            else_, _ = self.capture(lambda: self._if_chain(rest, other))
        else:
            else_ = self.block(other)
        self.emit(If(c, then, else_, self.loc(node)))

    def _s_while_stmt(self, t: Tree) -> None:
        cond, body, other = t.children
        if other is not None:
            raise self.error(t, "unsupported construct: while loop with an else clause")
        pre, c = self.capture(lambda: self.cond(cond))
        stmts = self.block(body)
        loc = self.loc(t)
        if not pre:
            self.emit(While(c, stmts, [], loc))
        else:  # the condition needs checks or calls each time it is evaluated
            exit_ = If(negate(c, c.loc), [Break(loc)], [], loc)
            self.emit(While(Const(1, BOOL, loc), pre + [exit_] + stmts, [], loc))

    def _s_for_stmt(self, t: Tree) -> None:
        target, iterable, body, other = t.children
        loc = self.loc(t)
        if other is not None:
            raise self.error(t, "unsupported construct: for loop with an else clause")
        if not (isinstance(target, Tree) and target.data == "var"):
            raise self.error(target, "unsupported construct: for loop target other than a single name")
        name = str(target.children[0])
        if not (isinstance(iterable, Tree) and iterable.data == "funccall"
                and callee_name(iterable) == "range" and self.is_builtin("range")):
            raise self.error(iterable, "unsupported construct: for loop over something other than "
                                       "range(...)")
        args = self.positional_args(iterable)
        if not 1 <= len(args) <= 3:
            raise self.error(iterable, f"unsupported construct: range() with {len(args)} arguments")
        bounds = [as_int(self.expr(a)) for a in args]
        step = 1
        if len(bounds) == 3:
            k = bounds[2]
            if not isinstance(k, Const):
                raise self.error(args[2], "unsupported construct: range() with a step that is not "
                                          "a constant")
            if k.value == 0:
                raise self.error(args[2], "unsupported construct: range() with step 0 (ValueError)")
            step = k.value
        start, stop = (Const(0, MATH_INT, loc), bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
        if self.var_type(name) == BOOL:
            raise self.error(target, f"unsupported construct: bool parameter '{name}' is assigned "
                                     "an int (declare it int)")
        changed_in_body = set(assigned_names(body)) | {name}
        counter = self.fresh(f"{name}_", MATH_INT)
        self.emit(Assign(counter, start, loc))
        if not (isinstance(stop, Const) or (isinstance(stop, Var) and stop.name not in changed_in_body)):
            stop_name = self.fresh("stop", MATH_INT)
            self.emit(Assign(stop_name, stop, stop.loc))
            stop = Var(stop_name, MATH_INT, stop.loc)
        i = Var(counter, MATH_INT, loc)
        cond = Binary("lt" if step > 0 else "gt", i, stop, BOOL, loc)
        stmts = [Assign(name, i, self.loc(target))] + self.block(body)
        step_stmt = Assign(counter, Binary("add", i, Const(step, MATH_INT, loc), MATH_INT, loc), loc)
        self.emit(While(cond, stmts, [step_stmt], loc))


def _fstring_fields(literal: str) -> list[str]:
    """The replacement fields of an f-string literal ([] for other strings)."""
    prefix = re.match(r"[a-zA-Z]*", literal).group(0)  # type: ignore[union-attr]
    if "f" not in prefix.lower():
        return []
    body = literal[len(prefix):]
    body = body.replace("{{", "").replace("}}", "")
    return re.findall(r"\{([^{}]*)\}", body)
