"""Lowering of Python statements (assignments, `assert`, `if`, `while`, `for`).

`StmtLowerer.stmt(t)` emits the IR statements of one statement into
`self.out`; `block(suite)` returns those of a suite. ``assert c, msg`` is
`Assert(kind="assert")` at the ``assert`` keyword (a message must not be
able to fail); ``assume(c)`` is `Assume`; ``a, b = x, y`` evaluates every
right side first. A ``while`` whose condition needs statements becomes
``While(true, pre + [if not c: break] + body)``. ``for i in range(a, b, k)``
(constant k != 0) becomes a hidden counter ``$i_1 = a`` and ``While($i_1 < b,
[i = $i_1] + body, step=[$i_1 = $i_1 + k])`` (``>`` when k < 0; a step known
only at run time is checked non-zero, ValueError, and picks the comparison by
its sign): bounds are evaluated once, ``continue`` runs the step, and ``i``
keeps its last value.
A ``for`` over a list, ``enumerate`` or ``zip`` is `IterLowerer.for_each`'s
loop. ``ys = <list>`` assigns the array and the length; ``ys = xs`` between
list variables is unsupported when either is changed in place (it would
alias). ``xs[i] = v``, ``xs[i] op= v`` and ``xs[i], xs[j] = a, b`` store
after evaluating every right side, as Python does; ``xs += ys`` extends.
"""

from __future__ import annotations

import re
from typing import Callable

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Binary, Break, Call, Const, Continue, Expr,
                         ExprStmt, If, Loc, Return, Select, Stmt, Store, Var, While, length_name)

from .python_base import UNSUPPORTED, as_int, names_read, negate
from .python_exits import is_exit_callee, is_simple_exit_argument
from .python_expr import ExprLowerer
from .python_lists import ListValue
from .python_tree import assigned_names, callee_name, is_plain_string, stmts_of
from .python_types import (DictOf, ListOf, NestedOf, OptionalOf, TupleOf, array_type, expr_type, ir_variables,
                           item_name)

__all__ = ["StmtLowerer"]


class StmtLowerer(ExprLowerer):
    """Every statement allowed in a function body (expressions through `ExprLowerer`)."""

    def block(self, suite: Tree | None) -> list[Stmt]:
        """The IR statements of `suite` (none for a missing suite), as a separate block."""
        stmts, _ = self.capture(lambda: self.statements(stmts_of(suite)))
        return stmts

    def statements(self, trees: list[Tree]) -> None:
        """Emit statements `trees` in order. After a guard ``if k not in d:``
        whose body always leaves the block (return, raise, break, continue),
        the statements that follow know where ``d[k]`` is (`knowing_key`), up to
        the first that rebinds either name or may remove a key. After ``if v is
        None:`` (no elif or else) whose body leaves the block or ends assigning
        `v` a value that is not None, the statements that follow know `v` is not
        None, up to the first that rebinds it."""
        for i, t in enumerate(trees):
            self.last_guard = None
            self.stmt(t)
            guard = self.last_guard
            if guard is not None and guard[3] is t and i + 1 < len(trees):
                rest = trees[i + 1:]
                known = next((j for j, s in enumerate(rest) if not self.key_stays(guard[0], guard[1], s)), len(rest))
                self.out.extend(self.knowing_key(guard[0], guard[1], guard[2], list(rest[:known]),
                                                 lambda: self.capture(lambda: self.statements(rest[:known]))[0]))
                self.statements(rest[known:])
                return
            names = self._not_none_after(t)
            if names and i + 1 < len(trees):
                rest = trees[i + 1:]
                known = next((j for j, s in enumerate(rest) if names & set(assigned_names(s))), len(rest))
                self.with_not_none(names, lambda: self.statements(rest[:known]))
                self.statements(rest[known:])
                return

    def _not_none_after(self, t: Tree) -> set[str]:
        """The optional variables statement `t` leaves not None: ``if v is None:``
        with no elif or else, whose body leaves the block or ends with ``v = e``,
        `e` a value that is never None."""
        if t.data != "if_stmt" or any(isinstance(e, Tree) for e in t.children[2].children) or t.children[3]:
            return set()
        cond, body = t.children[:2]
        _, names = self.narrowed(cond)
        if not names or _leaves(body):
            return names
        last = stmts_of(body)[-1] if stmts_of(body) else None
        if last is None or last.data != "assign" or len(last.children) != 2:
            return set()
        target, value = last.children
        if not (isinstance(target, Tree) and target.data == "var" and {str(target.children[0])} == names):
            return set()
        never_none = not (isinstance(value, Tree) and (value.data in ("const_none", "funccall", "var") or isinstance(
            expr_type(value, self._type_env(), self.list_functions()), OptionalOf)))
        return names if never_none else set()

    def stmt(self, t: Tree) -> None:
        """Emit the IR of statement `t`; a statement outside the subset is unsupported."""
        handler = getattr(self, f"_s_{t.data}", None)
        if handler is None:
            raise self.unsupported(t)
        handler(t)

    def _s_pass_stmt(self, t: Tree) -> None:
        pass

    def _s_funcdef(self, t: Tree) -> None:
        """A nested helper inlined at its calls defines nothing here (`python_local_functions`)."""
        if str(t.children[0]) not in self.local_functions or self.local_functions[str(t.children[0])].node is not t:
            why = self.refused_local_functions.get(id(t))
            raise self.unsupported(t, f"nested function definition ({why})" if why else None)

    def _s_break_stmt(self, t: Tree) -> None:
        flag = self.loop_else_flags[-1] if self.loop_else_flags else None
        if flag is not None:  # the loop's else clause does not run
            self.emit(Assign(flag, Const(0, BOOL, self.loc(t)), self.loc(t)))
        self.emit(Break(self.loc(t)))

    def loop_with_else(self, t: Tree, other: Tree | None, lower_loop: Callable[[], None]) -> None:
        """Lower a ``while`` or ``for`` statement by `lower_loop`; its ``else`` clause
        `other` runs after the loop unless a ``break`` of this loop ran (a flag set
        before the loop, cleared by such a break)."""
        loc = self.loc(t)
        flag = self.fresh("nobreak", BOOL) if other is not None else None
        if flag is not None:
            self.emit(Assign(flag, Const(1, BOOL, loc), loc))
        self.loop_else_flags.append(flag)
        try:
            lower_loop()
        finally:
            self.loop_else_flags.pop()
        if flag is not None:
            self.emit(If(Var(flag, BOOL, loc), self.block(other), [], loc))

    def _s_continue_stmt(self, t: Tree) -> None:
        self.emit(Continue(self.loc(t)))

    def _s_return_stmt(self, t: Tree) -> None:
        value = t.children[0] if t.children else None
        if value is None:
            self.emit(Return(None, self.loc(t)))
            return
        if self.returns_data:
            self.return_data(value)  # its checks; callers never use the value
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
        pre, _ = self.capture(lambda: self.list_value(msg) if self.is_text(msg) else self.expr(msg))
        if not _cannot_fail(pre):
            raise self.error(msg, "unsupported construct: assertion message that calls a function "
                                  "or can fail")

    def _s_expr_stmt(self, t: Tree) -> None:
        e = t.children[0]
        if is_plain_string(e) or (isinstance(e, Tree) and e.data == "ellipsis"):
            return  # a docstring or string comment: no effect
        if isinstance(e, Tree) and e.data == "funccall" and self.is_exit_call(e):
            self.exit_program(e, self.positional_args(e))
            return
        if isinstance(e, Tree) and e.data == "funccall" and self.is_assume(e):
            args = self.positional_args(e)
            if len(args) != 1:
                raise self.error(e, "unsupported construct: assume() takes exactly one argument")
            self.emit(Assume(self.cond(args[0]), self.loc(t)))
            return
        value = self.expr(e, top=True, discard=True)
        if isinstance(value, Call):
            self.emit(ExprStmt(value, self.loc(t)))

    def is_exit_call(self, call: Tree) -> bool:
        """`call` ends the program: ``sys.exit(...)``, ``exit(...)``, ``quit(...)`` (see `python_exits`)."""
        module = self.module
        callee = call.children[0]
        names = ({str(v) for v in callee.scan_values(lambda v: isinstance(v, Token))}
                 if isinstance(callee, Tree) else set())
        shadowed = {n for n in names if self.var_type(n) is not None or n in module.functions
                    or (n in module.bindings and n not in module.sys_names | module.exit_names)}
        return is_exit_callee(callee, module.sys_names, module.exit_names, shadowed)

    def exit_program(self, node: Tree, args: list[Tree]) -> None:
        """Emit a program exit (``sys.exit(a)``, ``raise SystemExit(a)``): the path ends, no failure."""
        if getattr(self, "try_depth", 0):
            raise self.error(node, "unsupported construct: a program exit inside a try body "
                                   "(a handler there may catch SystemExit)")
        if not is_simple_exit_argument(args) or any(
                a.data == "var" and self.var_type(str(a.children[0])) is None for a in args):
            raise self.error(node, "unsupported construct: a program exit whose argument is not a "
                                   "literal or a variable")
        loc = self.loc(node)
        self.emit(Assume(Const(0, BOOL, loc), loc))

    def _s_assign(self, t: Tree) -> None:
        *targets, value = t.children
        if isinstance(value, Tree) and value.data in ("yield_expr", "yield_from"):
            raise self.unsupported(value)
        if len(targets) == 1 and isinstance(targets[0], Tree) and targets[0].data == "tuple":
            self._tuple_assign(targets[0], value, t)
            return
        if len(targets) == 1 and isinstance(targets[0], Tree) and targets[0].data == "getitem":
            if self.dict_store_value(targets[0], value):  # a string or list stored into a dict
                return
            v = self.expr(value, top=True)  # Python evaluates the value first
            self._store(targets[0], self.spill(v, "value"))
            return
        names = [self._target(tg) for tg in targets]
        if any(isinstance(self.source_types.get(n), OptionalOf) for n in names):
            self.optional_assign(names, targets, value)
            return
        if any(isinstance(self.source_types.get(n), NestedOf) for n in names):
            self.nested_assign(names, targets, value)
            return
        if any(isinstance(self.source_types.get(n), DictOf) for n in names):
            self._dict_assign(names, targets, value)
            return
        if any(self.list_of(n) is not None for n in names):
            self._list_assign(names, targets, value)
            return
        tuple_types = [self.source_types.get(n) for n in names]
        if any(isinstance(tt, TupleOf) for tt in tuple_types):
            values = self.tuple_values(value)
            if values is None or any(tt != tuple_types[0] for tt in tuple_types):
                raise self.error(value, f"unsupported construct: '{names[0]}' holds both tuples and other values")
            for name, tg in zip(names, targets):
                for k, v in enumerate(values):
                    self.emit(Assign(item_name(name, k), v, self.loc(tg)))
            return
        v = self.expr(value, top=True)
        first = names[0]
        self.assign(first, v, self.loc(targets[0]), t)
        for name, tg in zip(names[1:], targets[1:]):
            first_ty = self.var_type(first)
            assert first_ty is not None
            self.assign(name, Var(first, first_ty, self.loc(tg)), self.loc(tg), t)

    def _store(self, target: Tree, value: Expr) -> None:
        """``xs[i] = value`` or ``d[k] = value``."""
        if self.dict_type(target.children[0]) is not None:
            self.dict_store(target, value, self.loc(target))
        else:
            self.store_item(target, value, self.loc(target))

    def _dict_assign(self, names: list[str], targets: list[Tree], value: Tree) -> None:
        """``d = <dict>``: the keys and values lists (no aliasing of a dict that changes)."""
        wanted = self.source_types[names[0]]
        if any(self.source_types.get(n) != wanted for n in names) or self.dict_type(value) is None:
            raise self.error(value, f"unsupported construct: '{names[0]}' holds both dicts and other values")
        if isinstance(value, Tree) and value.data == "var" or len(names) > 1:
            aliases = set(names) | ({str(value.children[0])} if value.data == "var" else set())
            if len(aliases) > 1 and aliases & self.mutated:
                raise self.error(value, "unsupported construct: names sharing one dict that is changed in place")
        if isinstance(value, Tree) and value.data == "dict" and not any(value.children):
            for name, tg in zip(names, targets):  # ``{}``: both lists empty (their items are never read)
                for var, _ty in ir_variables(name, wanted):
                    if var.endswith(length_name("")):
                        self.emit(Assign(var, Const(0, MATH_INT, self.loc(tg)), self.loc(tg)))
            return
        d = self.dict_value(value)
        if d.type != wanted:
            if d.type.key != wanted.key or (d.type.value == BOOL) != (wanted.value == BOOL) or \
                    isinstance(d.type.value, ListOf) or isinstance(wanted.value, ListOf):  # type: ignore[union-attr]
                raise self.error(value, f"unsupported construct: a {d.type} assigned to {wanted} '{names[0]}'")
        for name, tg in zip(names, targets):
            for (var, _ty), e in zip(ir_variables(name, wanted), self.dict_exprs(d)):
                self.emit(Assign(var, e, self.loc(tg)))

    def _list_assign(self, names: list[str], targets: list[Tree], value: Tree) -> None:
        """``ys = <list>`` (also ``a = b = <list>``): the target takes the array and the length."""
        for name, tg in zip(names, targets):
            if self.list_of(name) is None:
                raise self.error(tg, f"unsupported construct: '{name}' holds both lists and other values")
        if not self.is_list(value):
            raise self.error(value, f"unsupported construct: '{names[0]}' holds both lists and other values")
        if not self.list_of(names[0]).text:  # type: ignore[union-attr]  # a string never changes in place
            self.refuse_shared_list(names, value)
        vt = self.list_type(value)
        lv = self.list_value(value)
        for name, tg in zip(names, targets):
            lt = self.list_of(name)
            assert lt is not None
            if (lt.text, lt.immutable) != (vt.text, vt.immutable):
                raise self.error(tg, f"unsupported construct: a {vt} assigned to '{name}', which holds a {lt}")
            if lt.elem == BOOL and lv.elem != BOOL:
                raise self.error(tg, f"unsupported construct: a list of ints assigned to list[bool] '{name}'")
            loc = self.loc(tg)
            self.emit(Assign(name, lv.array if lv.elem == lt.elem else self._as_int_list(lv, loc), loc))
            self.emit(Assign(length_name(name), lv.length, loc))

    def _as_int_list(self, lv: ListValue, loc: Loc) -> Expr:
        """A list[bool] value as a list[int] (each item 0 or 1)."""
        name, _ = self.new_list(MATH_INT, loc, "ints")
        self.counted("k", Const(0, MATH_INT, loc), lambda k: Binary("lt", k, lv.length, BOOL, loc),
                     lambda k: self.append(name, MATH_INT, as_int(Select(lv.array, k, None, lv.elem, loc=loc)),
                                           loc), 1, loc)
        return Var(name, array_type(MATH_INT), loc)

    def _target(self, tg: Tree | Token) -> str:
        if isinstance(tg, Tree) and tg.data == "var":
            return str(tg.children[0])
        if isinstance(tg, Tree):
            raise self.error(tg, "unsupported construct: assignment to "
                                 f"{UNSUPPORTED.get(tg.data, (tg.data, False))[0]}"
                                 " (only names can be assigned)")
        raise self.error(tg, "unsupported construct: assignment target")

    def _tuple_assign(self, target: Tree, value: Tree, t: Tree) -> None:
        if any(isinstance(tg, Tree) and tg.data == "getitem" for tg in target.children):
            self._item_tuple_assign(target, value)
            return
        names = [self._target(tg) for tg in target.children]
        if self.nested_type(value) is not None:
            self.nested_unpack(names, list(target.children), value, t)
            return
        if any(self.list_of(n) is not None for n in names):
            raise self.error(target, "unsupported construct: unpacking into a list variable")
        values = self.tuple_values(value) if self.tuple_of(value) is not None else self.produced_values(value)
        if values is not None:
            if len(values) != len(names):
                raise self.error(value, f"unsupported construct: unpacking {len(values)} values into "
                                        f"{len(names)} names (ValueError)")
            for name, tg, v in zip(names, target.children, self.hold_all(values)):
                self.assign(name, v, self.loc(tg), t)
            return
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

    def _item_tuple_assign(self, target: Tree, value: Tree) -> None:
        """``xs[i], xs[j] = a, b``: every right side first, then each target from the left."""
        if not (isinstance(value, Tree) and value.data == "tuple") or len(value.children) != len(target.children):
            raise self.error(value, "unsupported construct: unpacking into items from a value that is not a "
                                    "tuple display of the same length")
        values = [self.spill(self.expr(v), "tuple") for v in value.children]
        for tg, v in zip(target.children, values):
            if isinstance(tg, Tree) and tg.data == "getitem":
                self._store(tg, v)
            else:
                name = self._target(tg)
                if self.list_of(name) is not None:
                    raise self.error(tg, "unsupported construct: unpacking into a list variable")
                self.assign(name, v, self.loc(tg), tg)

    def _s_annassign(self, t: Tree) -> None:
        target, _annotation, value = t.children
        name = self._target(target)
        if value is not None and isinstance(self.source_types.get(name), OptionalOf):
            self.optional_assign([name], [target], value)
        elif value is not None and isinstance(self.source_types.get(name), NestedOf):
            self.nested_assign([name], [target], value)
        elif value is not None and isinstance(self.source_types.get(name), DictOf):
            self._dict_assign([name], [target], value)
        elif value is not None and self.list_of(name) is not None:
            self._list_assign([name], [target], value)
        elif value is not None:
            self.assign(name, self.expr(value, top=True), self.loc(target), t)

    def _s_augassign(self, t: Tree) -> None:
        target, op_tree, value = t.children
        op_tok = op_tree.children[0]
        op = str(op_tok)[:-1]
        if isinstance(target, Tree) and target.data == "getitem":
            self._item_augassign(target, op, op_tok, value, t)
            return
        name = self._target(target)
        if self.list_of(name) is not None:
            self._list_augassign(name, target, op, value)
            return
        ty = self.var_type(name)
        if ty not in (BOOL, MATH_INT) or self.source_types.get(name, ty) != ty:
            raise self.error(target, f"unsupported construct: augmented assignment to '{name}', which holds a "
                                     f"{self.source_types.get(name, 'value of another type')}")
        self.check_bound(target)  # `x += v` reads x first
        rhs = self.expr(value)
        result = self.binop(op, Var(name, ty, self.loc(target)), rhs, op_tok, t)
        self.assign(name, result, self.loc(target), t)

    def _item_augassign(self, target: Tree, op: str, op_tok: Token, value: Tree, t: Tree) -> None:
        """``xs[i] op= v``: xs and i once, the item read (checked), v, the operation, the store."""
        base, sub = target.children
        if isinstance(base, Tree) and base.data == "var" and self.dict_type(base) is not None:
            self.dict_augassign(target, op, op_tok, value, t)
            return
        cell = self.nested_cell(target, "IndexError: list index out of range")
        if cell is not None:  # ``xss[i][j] op= v``
            flat, pos = cell
            old = Select(flat.array, pos, None, flat.elem, loc=self.loc(target))
            self.store_cell(cell, self.binop(op, old, self.expr(value), op_tok, t), target, self.loc(target))
            return
        if not (isinstance(base, Tree) and base.data == "var" and self.list_of(str(base.children[0]))):
            raise self.error(target, "unsupported construct: item assignment to something other than a list "
                                     "variable")
        if isinstance(sub, Tree) and sub.data == "slice":
            raise self.error(target, "unsupported construct: slice assignment")
        loc = self.loc(target)
        lv = self.variable_list(str(base.children[0]), self.loc(base))
        pos = self.spill(self.index(lv, as_int(self.expr(sub)), loc, "IndexError: list index out of range"), "pos")
        old = Select(lv.array, pos, None, lv.elem, loc=loc)
        result = self.binop(op, old, self.expr(value), op_tok, t)
        assert lv.name is not None
        stored = self.element(result, lv.elem, target)
        self.emit(Assign(lv.name, Store(lv.array, pos, stored, None, array_type(lv.elem), loc=loc), loc))

    def _list_augassign(self, name: str, target: Tree, op: str, value: Tree) -> None:
        """``xs += ys`` extends `xs` in place (list's ``+=``)."""
        if op != "+":
            raise self.error(target, f"unsupported construct: '{op}=' on a list")
        lt = self.list_of(name)
        assert lt is not None
        loc = self.loc(target)
        if lt.text:  # `s += t` makes a new string
            if not self.is_text(value):
                raise self.error(value, "unsupported construct: '+=' of a non-string to a string (TypeError)")
            tail = self.list_value(value)
            tail = self.snapshot(tail, loc) if tail.name is not None else tail
            joined = self.snapshot(self.variable_list(name, loc), loc)
            assert joined.name is not None
            self.copy_all(joined.name, tail, loc)
            self.emit(Assign(name, joined.array, loc))
            self.emit(Assign(length_name(name), joined.length, loc))
            return
        if lt.immutable:
            raise self.error(target, "unsupported construct: '+=' on a tuple")
        other = self.snapshot(self.list_value(value), loc)
        self.copy_all(name, other, loc)

    def _s_del_stmt(self, t: Tree) -> None:
        target = t.children[0]
        if isinstance(target, Tree) and target.data == "var" and str(target.children[0]) not in self.renames \
                and self.source_types.get(str(target.children[0])) in (BOOL, MATH_INT):
            self.unbind(target)  # ``del x`` of an int or bool
            return
        if not (isinstance(target, Tree) and target.data == "getitem"):
            raise self.unsupported(t)
        if self.dict_type(target.children[0]) is not None:
            self.dict_delete(target)
        else:
            self.delete_item(target)

    def _s_if_stmt(self, t: Tree) -> None:
        cond, body, elifs, other = t.children
        clauses = [(cond, body, t)] + [(e.children[0], e.children[1], e) for e in elifs.children
                                       if isinstance(e, Tree)]
        self._if_chain(clauses, other)

    def _if_chain(self, clauses: list[tuple[Tree, Tree, Tree]], other: Tree | None) -> None:
        (cond, body, node), rest = clauses[0], clauses[1:]
        self.last_key_position = None
        c = self.cond(cond)
        member = _key_membership(cond) if self.dict_type(_right_operand(cond)) is not None else None
        found = self.last_key_position if member is not None else None
        narrow_then, narrow_else = self.narrowed(cond)

        def then_branch() -> list[Stmt]:
            if member is not None and found is not None and not member[2]:  # `if k in d:`
                return self.knowing_key(member[0], member[1], found, [body], lambda: self.block(body))
            return self.block(body)
        then = self.with_not_none(narrow_then - set(assigned_names(body)), then_branch)

        def otherwise() -> list[Stmt]:
            if rest:
                return self.capture(lambda: self._if_chain(rest, other))[0]
            return self.block(other)

        def else_branch() -> list[Stmt]:
            if member is not None and found is not None and member[2]:  # `if k not in d: ... else:`
                trees = [n for _c, _b, n in rest] + [other]
                return self.knowing_key(member[0], member[1], found, trees, otherwise)
            return otherwise()
        rebound = {n for _c, b, _n in rest for n in assigned_names(b)} | set(assigned_names(other) if other else ())
        else_ = self.with_not_none(narrow_else - rebound, else_branch)
        self.emit(If(c, then, else_, self.loc(node)))
        if member is not None and found is not None and member[2] and not rest and other is None \
                and _leaves(body):
            self.last_guard = (member[0], member[1], found, node)  # `if k not in d: return ...`

    def _s_while_stmt(self, t: Tree) -> None:
        cond, body, other = t.children
        self.loop_with_else(t, other, lambda: self._while_loop(t, cond, body))

    def _while_loop(self, t: Tree, cond: Tree | Token, body: Tree) -> None:
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
        self.loop_with_else(t, other, lambda: self._for_loop(t, target, iterable, body))

    def _for_loop(self, t: Tree, target: Tree | Token, iterable: Tree | Token, body: Tree) -> None:
        loc = self.loc(t)
        numbers = iterable
        if (isinstance(iterable, Tree) and iterable.data == "funccall" and callee_name(iterable) == "reversed"
                and self.is_builtin("reversed") and len(self.positional_args(iterable)) == 1):
            numbers = self.positional_args(iterable)[0]  # reversed(range(...))
        is_range = (isinstance(numbers, Tree) and numbers.data == "funccall"
                    and callee_name(numbers) == "range" and self.is_builtin("range"))
        if not is_range and not self.is_list(iterable) and self.dict_iteration(iterable) is None \
                and self.nested_type(iterable) is None and not (
                isinstance(iterable, Tree) and iterable.data == "funccall"
                and callee_name(iterable) in ("enumerate", "zip") and self.is_builtin(str(callee_name(iterable)))):
            raise self.error(iterable, "unsupported construct: for loop over something other than range(...), "
                                       "a list, enumerate(...) or zip(...)")
        if is_range and not (isinstance(target, Tree) and target.data == "var"):
            raise self.error(target, "unsupported construct: for loop target other than a single name")
        self.loop_over(target, iterable, lambda: self.out.extend(self.block(body)), loc, body, scoped=False)

    def range_loop(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                   body_tree: Tree | None, reverse: bool = False) -> None:
        """``for target in range(...)``; `reverse`: ``reversed(range(...))`` (the
        same items, last first; its step must be a constant)."""
        name = str(target.children[0])  # type: ignore[union-attr]
        bound = self.renames.get(name, name)
        args = self.positional_args(iterable)
        if not 1 <= len(args) <= 3:
            raise self.error(iterable, f"unsupported construct: range() with {len(args)} arguments")
        bounds = [as_int(self.expr(a)) for a in args]
        step: int | Expr = 1
        if len(bounds) == 3:
            k = bounds[2]
            if isinstance(k, Const) and k.value == 0:
                raise self.error(args[2], "unsupported construct: range() with step 0 (ValueError)")
            if isinstance(k, Const):
                step = k.value
            else:  # a step known at run time: ValueError when it is 0
                step = self.hold(k, "step")  # read once: the body may change the variable
                self.emit(Assert(Binary("ne", step, Const(0, MATH_INT, loc), BOOL, loc), "value",
                                 "ValueError: range() arg 3 must not be zero", self.loc(iterable)))
        start, stop = (Const(0, MATH_INT, loc), bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
        if self.var_type(name) == BOOL:
            raise self.error(target, f"unsupported construct: bool parameter '{name}' is assigned "
                                     "an int (declare it int)")
        if self.list_of(name) is not None:
            raise self.error(target, f"unsupported construct: loop variable '{name}' also holds a list")
        changed_in_body = (set(assigned_names(body_tree)) if body_tree is not None else set()) | {name}
        counter = self.fresh(f"{name}_", MATH_INT)
        if reverse:
            if not isinstance(step, int):
                raise self.error(iterable, "unsupported construct: reversed(range()) with a step that is not a "
                                           "constant")
            first = self.hold(start, "first")  # the last item the loop binds: read once
            size = abs(step)  # items: ceil((stop - first) / step), none when that is not positive
            span = Binary("sub", stop, first, MATH_INT, loc) if step > 0 else Binary("sub", first, stop, MATH_INT, loc)
            count = span if size == 1 else Binary("floordiv", Binary("add", span, Const(size - 1, MATH_INT, loc),
                                                                        MATH_INT, loc), Const(size, MATH_INT, loc),
                                                  MATH_INT, loc)
            last = Binary("add", first, Binary("mul", Binary("sub", count, Const(1, MATH_INT, loc), MATH_INT, loc),
                                               Const(step, MATH_INT, loc), MATH_INT, loc), MATH_INT, loc)
            self.emit(Assign(counter, last, loc))
            step = -step  # from the last item back to the first, included
            stop = Binary("add", first, Const(step // size, MATH_INT, loc), MATH_INT, loc)
        else:
            self.emit(Assign(counter, start, loc))
        # a length (`len(xs)`) changes with the list: keep the value range() saw
        if not (isinstance(stop, Const) or (isinstance(stop, Var) and stop.name not in changed_in_body
                                            and "#" not in stop.name)):
            stop_name = self.fresh("stop", MATH_INT)
            self.emit(Assign(stop_name, stop, stop.loc))
            stop = Var(stop_name, MATH_INT, stop.loc)
        i = Var(counter, MATH_INT, loc)
        if isinstance(step, int):
            cond = Binary("lt" if step > 0 else "gt", i, stop, BOOL, loc)
            step = Const(step, MATH_INT, loc)
        else:
            zero = Const(0, MATH_INT, loc)
            cond = Binary("lor", Binary("land", Binary("gt", step, zero, BOOL, loc), Binary("lt", i, stop, BOOL, loc),
                                        BOOL, loc),
                          Binary("land", Binary("lt", step, zero, BOOL, loc), Binary("gt", i, stop, BOOL, loc),
                                 BOOL, loc), BOOL, loc)

        def loop_body() -> None:
            self.emit(Assign(bound, i, self.loc(target)))
            body()
        stmts, _ = self.capture(loop_body)
        step_stmt = Assign(counter, Binary("add", i, step, MATH_INT, loc), loc)
        self.emit(While(cond, stmts, [step_stmt], loc))


def _leaves(suite: Tree) -> bool:
    """The last statement of `suite` leaves the enclosing block (return, raise, break, continue)."""
    stmts = stmts_of(suite)
    return bool(stmts) and stmts[-1].data in ("return_stmt", "raise_stmt", "break_stmt", "continue_stmt")


def _key_membership(cond: Tree | Token) -> tuple[str, str, bool] | None:
    """(key name, container name, negated) when `cond` is ``k in d`` or ``k not in d`` of two names."""
    if not (isinstance(cond, Tree) and cond.data == "comparison" and len(cond.children) == 3):
        return None
    left, op, right = cond.children
    text = " ".join(str(tok) for tok in op.children) if isinstance(op, Tree) else ""
    if text not in ("in", "not in") or not all(isinstance(x, Tree) and x.data == "var" for x in (left, right)):
        return None
    return str(left.children[0]), str(right.children[0]), text == "not in"  # type: ignore[union-attr]


def _right_operand(cond: Tree | Token) -> Tree | Token | None:
    """The container of a membership test `cond` (None for another condition)."""
    return cond.children[2] if _key_membership(cond) is not None else None  # type: ignore[union-attr]


def _cannot_fail(stmts: list[Stmt]) -> bool:
    """`stmts` only compute values (a string message built by loops): no check, no call."""
    for s in stmts:
        if isinstance(s, (Assert, Assume, ExprStmt)) or (isinstance(s, Assign) and isinstance(s.value, Call)):
            return False
        if isinstance(s, If) and not (_cannot_fail(s.then) and _cannot_fail(s.other)):
            return False
        if isinstance(s, While) and not (_cannot_fail(s.body) and _cannot_fail(s.step)):
            return False
    return True


def _fstring_fields(literal: str) -> list[str]:
    """The replacement fields of an f-string literal ([] for other strings)."""
    prefix = re.match(r"[a-zA-Z]*", literal).group(0)  # type: ignore[union-attr]
    if "f" not in prefix.lower():
        return []
    body = literal[len(prefix):]
    body = body.replace("{{", "").replace("}}", "")
    return re.findall(r"\{([^{}]*)\}", body)
