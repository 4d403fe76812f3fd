"""Lowering of fixed-size tuples and optional values (flattened into scalars, see `python_types`).

A tuple ``t: tuple[int, bool]`` is the scalars ``t.0``, ``t.1``: ``t[k]``
with a constant k is one of them, ``t[i]`` is an `Ite` chain behind an
``Assert(kind="bounds", text="IndexError: tuple index out of range")``,
``len(t)`` a constant, ``a, b = t`` an assignment per item, and a tuple passed
to a function its items. An optional ``x: int | None`` is the scalar ``x``
and the flag ``x.none``: ``x is None`` is the flag, ``x is not None`` its
negation, and ``x is None`` of a plain int or bool is False. A function's
tuple result, which may be None, is stored with a None flag too (``result is
None`` in a postcondition is the flag; ``result[k]`` checks it first:
TypeError). A local assigned an optional value (``y = x``, ``v = d.get(k)``)
is optional too: None sets its flag, another value clears it. Using ``x`` as a
operand of an arithmetic or ordering operator is the check
``Assert(not x.none, kind="type")`` at the operator, after both operands are
evaluated: where it is None, CPython raises TypeError, an uncaught exception
like any other. An optional string or list (a parameter ``s: str | None``, or
a local ``v = d.get(k)`` of a dict of strings or lists) is its list and the
flag: ``v is None``, ``if v:`` and ``v == e`` read the flag; it is used as a
string or list where it is known not None (``if v is not None:``, ``if v:``,
``v and ...``, or after ``if v is None:``/``if not v:`` that leaves the block or
assigns `v` a value, see `StmtLowerer.statements`); ``len(v)`` and ``v[i]``
where it may be None are the check ``Assert(not v.none, kind="type")`` first
(`ListLowerer.unless_none`); other such uses are unsupported.
"""

from __future__ import annotations

from lark import Token, Tree

from verifier.ir import BOOL, MATH_INT, Assert, Assign, Binary, Call, Const, Expr, Ite, Loc, Var, length_name

from .python_base import as_int, negate
from .python_calls import CallLowerer
from .python_lists import ListValue
from .python_tree import callee_name, may_end, stmts_of, walk
from .python_types import (ListOf, OptionalOf, TupleOf, array_type, constant_index, item_name, none_flag,
                           returned_list)

__all__ = ["TupleLowerer"]


class TupleLowerer(CallLowerer):
    """Tuples of fixed size and optional scalars."""

    def tuple_of(self, t: Tree | Token | None) -> TupleOf | None:
        """The tuple type of `t` when it is a tuple variable."""
        if isinstance(t, Tree) and t.data == "var":
            st = self.source_types.get(self._real_name(t))
            return st if isinstance(st, TupleOf) else None
        return None

    def optional_tuple_of(self, t: Tree | Token | None) -> TupleOf | None:
        """The tuple type of `t` when it is a variable holding a tuple or None
        (a result a postcondition reads)."""
        if isinstance(t, Tree) and t.data == "var":
            st = self.source_types.get(self._real_name(t))
            if isinstance(st, OptionalOf) and isinstance(st.value, TupleOf):
                return st.value
        return None

    def _real_name(self, t: Tree) -> str:
        """The variable name `t` reads (a contract's ``result`` is renamed to the stored result)."""
        name = str(t.children[0])
        return self.renames.get(name, name)

    def tuple_length(self, t: Tree | Token) -> int | None:
        tt = self.tuple_of(t)
        if tt is not None:
            return len(tt.items)
        if isinstance(t, Tree) and t.data == "tuple":
            return len([c for c in t.children if c is not None])
        return None

    def tuple_values(self, t: Tree | Token) -> list[Expr] | None:
        """The items of tuple-valued `t` (a tuple variable or display), evaluated
        in order; None if `t` is neither."""
        tt = self.tuple_of(t)
        if tt is not None:
            name = self._real_name(t)  # type: ignore[arg-type]
            return [Var(item_name(name, k), ty, self.loc(t)) for k, ty in enumerate(tt.items)]
        if isinstance(t, Tree) and t.data in ("tuple", "testlist_tuple"):
            return [self.spill(self.expr(c), "item") for c in t.children if c is not None]
        return self.produced_values(t)

    def produced_values(self, t: Tree | Token) -> list[Expr] | None:
        """The items of the tuple call `t` makes (``divmod``, a function of the file); None if `t` is
        no such call."""
        found = self.divmod_values(t)
        return found if found is not None else self.tuple_call_values(t)

    def tuple_call_values(self, t: Tree | Token) -> list[Expr] | None:
        """The items of the tuple of ints and bools that a function of the file returns, called by
        `t` (``q, r = divide(a, b)``): the call is assigned to a temporary ``$tuplecall``, and its
        items are the temporary's ``.k`` variables, which the call's inlining sets
        (`python_globals.inline_global_calls`). None if `t` is no such call."""
        name = callee_name(t) if isinstance(t, Tree) and t.data == "funccall" else None
        if name is None or name not in self.module.functions or name in self.local_functions \
                or self.var_type(name) is not None or name in self.source_types or name in self.renames:
            return None
        callee = self.module.functions[name]
        rt = callee.result_type
        if not (callee.returns_data and isinstance(rt, TupleOf) and rt.items
                and all(ty in (MATH_INT, BOOL) for ty in rt.items)):
            return None
        tmp = self._inlined_call(name, t, "tuple")
        loc = self.loc(t)
        items = []
        for k, ty in enumerate(rt.items):
            self.temps[item_name(tmp, k)] = ty
            items.append(Var(item_name(tmp, k), ty, loc))
        return items

    def list_call_value(self, name: str, t: Tree) -> ListValue:
        """The list of ints that the file's function `name` returns, called by `t`: as
        `tuple_call_values`, the call assigned to a temporary ``$listcall``, whose list ``.list`` the call's
        inlining sets. Other lists and str stay unsupported (`expr_type` reads such a call as a list of ints)."""
        rt = self.module.functions[name].result_type
        if not (isinstance(rt, ListOf) and rt.elem == MATH_INT and not rt.text and not rt.immutable):
            return super().list_call_value(name, t)
        tmp = self._inlined_call(name, t, "list")
        loc = self.loc(t)
        array = returned_list(tmp)
        self.temps[array], self.temps[length_name(array)] = array_type(rt.elem), MATH_INT
        return ListValue(Var(array, array_type(rt.elem), loc), Var(length_name(array), MATH_INT, loc), rt.elem,
                         array)

    def _inlined_call(self, name: str, t: Tree, kind: str) -> str:
        """Emit ``$<kind>call = name(...)`` for call `t`, to be inlined (`python_globals.inline_global_calls`)
        where the returned tuple or list is read; the temporary's name. A callee that may return None is
        unsupported here."""
        callee = self.module.functions[name]
        if may_end(stmts_of(callee.suite)) or any(
                n.data == "return_stmt" and (not n.children or not isinstance(n.children[0], Tree)
                                             or n.children[0].data == "const_none") for n in walk(callee.suite)):
            raise self.error(t, f"unsupported construct: the {kind} '{name}(...)' returns, which may be None")
        loc = self.loc(t)
        lowered = self.user_call_arguments(name, t)
        self.call_sites.append((name, loc))
        self.inlined_calls.add(name)
        tmp = self.fresh(f"{kind}call", MATH_INT)
        self.emit(Assign(tmp, Call(name, tuple(lowered), MATH_INT, loc), loc))
        return tmp

    def divmod_values(self, t: Tree | Token) -> list[Expr] | None:
        """``divmod(a, b)``: ``a // b`` and ``a % b``, after the ZeroDivisionError
        check; None if `t` is no such call."""
        if not (isinstance(t, Tree) and t.data == "funccall" and callee_name(t) == "divmod"
                and self.is_builtin("divmod")):
            return None
        args = self.positional_args(t)
        if len(args) != 2:
            raise self.error(t, f"unsupported construct: divmod() with {len(args)} arguments (TypeError)")
        a, b = (self.spill(as_int(self.expr(x)), "operand") for x in args)
        quotient = self.hold(self.binop("//", a, b, None, t), "quotient")
        return [quotient, self.hold(Binary("floormod", a, b, MATH_INT, self.loc(t)), "remainder")]

    def hold_all(self, values: list[Expr]) -> list[Expr]:
        """`values` read now (`a, b = t` assigns `a` before reading `t.1`, which may be `a`)."""
        return [self.hold(v, "item") for v in values]

    def tuple_items(self, a: Tree, arity: int, callee: str, pname: str) -> list[Expr]:
        values = self.tuple_values(a)
        if values is None or len(values) != arity:
            raise self.error(a, f"unsupported construct: argument for tuple parameter '{pname}' of '{callee}' "
                                f"that is not a tuple of {arity} items")
        return values

    def tuple_item(self, t: Tree) -> Expr | None:
        base, sub = t.children
        tt = self.tuple_of(base)
        maybe_none = tt is None and self.optional_tuple_of(base) is not None
        if maybe_none:
            tt = self.optional_tuple_of(base)
        if tt is None or (isinstance(sub, Tree) and sub.data in ("slice", "subscript_tuple")):
            return None
        if any(isinstance(ty, ListOf) for ty in tt.items):
            raise self.error(t, "unsupported construct: reading an item of a tuple holding strings or lists "
                                "other than by a constant index")
        loc = self.loc(t)
        name = self._real_name(base)
        if maybe_none:
            self.emit(Assert(negate(Var(none_flag(name), BOOL, loc), loc), "type",
                             "TypeError: 'NoneType' object is not subscriptable", loc))
        n = len(tt.items)
        items = [Var(item_name(name, k), ty, loc) for k, ty in enumerate(tt.items)]
        i = as_int(self.expr(sub))
        if isinstance(i, Const):
            if -n <= i.value < n:
                return items[i.value]
            self.emit(Assert(Const(0, BOOL, loc), "bounds", _TUPLE_INDEX, loc))
            return Const(0, MATH_INT, loc)
        i = self.spill(i, "idx")
        inside = Binary("land", Binary("le", Const(-n, MATH_INT, loc), i, BOOL, loc),
                        Binary("lt", i, Const(n, MATH_INT, loc), BOOL, loc), BOOL, loc)
        self.emit(Assert(inside, "bounds", _TUPLE_INDEX, loc))
        all_bool = all(ty == BOOL for ty in tt.items)
        values = items if all_bool else [as_int(v) for v in items]
        acc: Expr = values[-1]
        for k in range(n - 2, -1, -1):
            hit = Binary("lor", Binary("eq", i, Const(k, MATH_INT, loc), BOOL, loc),
                         Binary("eq", i, Const(k - n, MATH_INT, loc), BOOL, loc), BOOL, loc)
            acc = Ite(hit, values[k], acc, BOOL if all_bool else MATH_INT, loc)
        return self.spill(acc, "item")

    def _l_getitem(self, t: Tree) -> ListValue | None:
        """``t[k]`` (constant k) of a tuple whose item k is a string or list: that item."""
        base, sub = t.children
        tt = self.tuple_of(base) or self.optional_tuple_of(base)
        k = constant_index(sub)
        if tt is None or k is None or not -len(tt.items) <= k < len(tt.items):
            return super()._l_getitem(t)
        item = tt.items[k]
        if not isinstance(item, ListOf):
            return super()._l_getitem(t)
        loc = self.loc(t)
        name = self._real_name(base)
        if self.tuple_of(base) is None:  # a tuple or None
            self.emit(Assert(negate(Var(none_flag(name), BOOL, loc), loc), "type",
                             "TypeError: 'NoneType' object is not subscriptable", loc))
        part = item_name(name, k % len(tt.items))
        return ListValue(Var(part, array_type(item.elem), loc), Var(length_name(part), MATH_INT, loc), item.elem,
                         part)

    # ------------------------------------------------------------ optional

    def optional_assign(self, names: list[str], targets: list[Tree], value: Tree | Token) -> None:
        """``x = v`` into optional local `x` (also ``a = b = v``): None sets the
        flag, another optional (a variable, ``d.get(k)``) gives its value and flag,
        anything else is a value that is not None."""
        st = self.source_types[names[0]]
        assert isinstance(st, OptionalOf) and not isinstance(st.value, TupleOf)
        if any(self.source_types.get(n) != st or n in self.renames for n in names):
            raise self.error(value, f"unsupported construct: '{names[0]}' holds both {st} and other values")
        if isinstance(st.value, ListOf):
            self._optional_list_assign(names, targets, value, st.value)
            return
        loc = self.loc(value)
        scalar: Expr | None
        if _is_none(value):
            scalar, flag = None, Const(1, BOOL, loc)
        elif self._optional_name(value) is not None:
            other = str(self._optional_name(value))
            if self.source_types[other] != st:
                raise self.error(value, f"unsupported construct: a {self.source_types[other]} assigned to {st} "
                                        f"'{names[0]}'")
            scalar = self.hold(Var(other, st.value, loc), "value")
            flag = self.hold(Var(none_flag(other), BOOL, loc), "none")
        elif self.dict_get_optional(value) is not None:
            scalar, flag = self.dict_get_optional(value)  # type: ignore[misc]
        else:
            v = self.expr(value, top=True)
            if st.value == BOOL and v.type != BOOL:
                raise self.error(value, f"unsupported construct: an int assigned to {st} '{names[0]}'")
            scalar, flag = (v if st.value == BOOL else as_int(v)), Const(0, BOOL, loc)
        for name, tg in zip(names, targets):
            if scalar is not None:
                self.emit(Assign(name, scalar, self.loc(tg)))
            self.emit(Assign(none_flag(name), flag, self.loc(tg)))

    def _optional_list_assign(self, names: list[str], targets: list[Tree], value: Tree | Token, st: ListOf) -> None:
        """``v = x`` into optional string or list `v`: None, another such
        variable, ``d.get(k)`` of a dict of them, or a string or list of type `st`."""
        if not st.text:  # a list variable given is shared, not copied
            self.refuse_shared_list(names, value)
        loc = self.loc(value)
        name = self._optional_name(value)
        got = self.optional_item(value)
        if _is_none(value):
            lv, flag = self.text_list([], loc), Const(1, BOOL, loc)
        elif name is not None:
            if self.source_types[name] != OptionalOf(st):
                raise self.error(value, f"unsupported construct: a {self.source_types[name]} assigned to "
                                        f"{OptionalOf(st)} '{names[0]}'")
            lv = self.snapshot(ListValue(Var(name, array_type(st.elem), loc), Var(length_name(name), MATH_INT, loc),
                                         st.elem, name), loc)
            flag = self.hold(Var(none_flag(name), BOOL, loc), "none")
        elif got is not None:
            lv, flag = got
        else:
            found = self.list_type(value) if self.is_list(value) else None
            if found is None or found.text != st.text or found.elem != st.elem:
                raise self.error(value, f"unsupported construct: a value other than a {st} or None assigned to "
                                        f"'{names[0]}'")
            lv, flag = self.list_value(value), Const(0, BOOL, loc)
            lv = self.snapshot(lv, loc) if lv.name is not None else lv
        for target_name, tg in zip(names, targets):
            self.emit(Assign(target_name, lv.array, self.loc(tg)))
            self.emit(Assign(length_name(target_name), lv.length, self.loc(tg)))
            self.emit(Assign(none_flag(target_name), flag, self.loc(tg)))

    def optional_argument(self, a: Tree, st: OptionalOf) -> list[Expr]:
        loc = self.loc(a)
        if isinstance(st.value, ListOf):
            raise self.error(a, f"unsupported construct: an argument for a {st} parameter")
        if _is_none(a):
            return [Const(0, st.value, loc), Const(1, BOOL, loc)]
        if isinstance(a, Tree) and a.data == "var" and isinstance(self.source_types.get(str(a.children[0])),
                                                                   OptionalOf):
            name = str(a.children[0])
            arg_st = self.source_types[name]
            if arg_st != st:
                raise self.error(a, "unsupported construct: an optional argument of another type")
            return [Var(name, st.value, loc), Var(none_flag(name), BOOL, loc)]
        v = self.expr(a)
        if st.value == BOOL and v.type != BOOL:
            raise self.error(a, "unsupported construct: an int passed to an optional bool parameter")
        return [v if st.value == BOOL else as_int(v), Const(0, BOOL, loc)]

    def none_check(self, flags: list[Var | None], op: str, loc: Loc) -> None:
        """The TypeError check of operator `op` whose operands' None flags are
        `flags` (None: an operand that is never None), after both are evaluated."""
        present = [f for f in flags if f is not None]
        if not present:
            return
        some_none: Expr = present[0]
        for f in present[1:]:
            some_none = Binary("lor", some_none, f, BOOL, loc)
        names = " or ".join(f"'{f.name.rsplit('.', 1)[0]}'" for f in present)
        self.emit(Assert(negate(some_none, loc), "type", f"TypeError: operand of '{op}' is None ({names})", loc))

    def is_none_test(self, left: Tree | Token, right: Tree | Token, negated: bool, loc: Loc) -> Expr | None:
        """``x is None`` / ``x is not None`` (either side None); None if neither side is None."""
        if _is_none(left):
            left, right = right, left
        if not _is_none(right):
            return None
        if isinstance(left, Tree) and left.data == "var":
            name = self._real_name(left)
            st = self.source_types.get(name)
            if isinstance(st, OptionalOf) and (isinstance(st.value, TupleOf) or name == str(left.children[0])):
                flag = Var(none_flag(name), BOOL, loc)
                return negate(flag, loc) if negated else flag
        absent = self.dict_get_absent(left)
        if absent is not None:
            return negate(absent, loc) if negated else absent
        if self.is_list(left):
            self.list_value(left)
        elif self.tuple_of(left) is None:
            self.expr(left)
        return Const(int(negated), BOOL, loc)  # evaluated: a list, tuple, int or bool is never None

    def optional_equality(self, left: Tree | Token, right: Tree | Token, equal: bool, loc: Loc) -> Expr | None:
        """``x == e`` / ``x != e`` with an optional variable `x` on one side (None
        equals only None); None if neither side is one."""
        if self._optional_name(left) is None:
            left, right = right, left
        name = self._optional_name(left)
        if name is None:
            return None
        st = self.source_types[name]
        assert isinstance(st, OptionalOf)
        flag = Var(none_flag(name), BOOL, loc)
        if _is_none(right):
            return flag if equal else negate(flag, loc)
        if self._optional_name(right) is not None:
            raise self.error(right, "unsupported construct: comparing two optional values")
        if isinstance(st.value, ListOf):
            return self._optional_list_equality(name, st.value, right, equal, loc)
        other = self.expr(right)
        value = Var(name, st.value, loc)
        if st.value == BOOL and other.type == BOOL:
            same = Binary("eq", value, other, BOOL, loc)
        else:
            same = Binary("eq", as_int(value), as_int(other), BOOL, loc)
        if equal:
            return Binary("land", negate(flag, loc), same, BOOL, loc)
        return Binary("lor", flag, negate(same, loc), BOOL, loc)

    def _optional_list_equality(self, name: str, st: ListOf, right: Tree | Token, equal: bool, loc: Loc) -> Expr:
        """``v == e`` / ``v != e`` of optional string or list `v` and a string or list `e` of its kind."""
        found = self.list_type(right) if self.is_list(right) else None
        if found is None or found.text != st.text:
            raise self.error(right, f"unsupported construct: comparing a {OptionalOf(st)} with another value")
        other = self.list_value(right)
        value = ListValue(Var(name, array_type(st.elem), loc), Var(length_name(name), MATH_INT, loc), st.elem, name)
        flag = self.hold(Var(none_flag(name), BOOL, loc), "none")
        same = Binary("land", negate(flag, loc), self.list_equal(value, other, loc), BOOL, loc)
        return same if equal else negate(same, loc)

    def _optional_name(self, t: Tree | Token) -> str | None:
        if isinstance(t, Tree) and t.data == "var":
            name = str(t.children[0])
            if isinstance(self.source_types.get(name), OptionalOf) and name not in self.renames:
                return name
        return None

    def operand(self, t: Tree | Token) -> tuple[Expr, Var | None]:
        """`t` as the operand of an arithmetic or ordering operator, where
        CPython raises TypeError for None: an optional variable is allowed here,
        and its None flag comes back for `none_check` (None for other operands)."""
        if isinstance(t, Tree) and t.data == "var":
            name = str(t.children[0])
            st = self.source_types.get(name)
            if isinstance(st, OptionalOf) and not isinstance(st.value, ListOf) and name not in self.renames:
                loc = self.loc(t)
                return Var(name, st.value, loc), Var(none_flag(name), BOOL, loc)
        return self.expr(t), None

    def optional_truth(self, t: Tree | Token) -> Expr | None:
        """The truth value of an optional variable (None is false); None if `t` is none."""
        if isinstance(t, Tree) and t.data == "var":
            name = str(t.children[0])
            st = self.source_types.get(name)
            if isinstance(st, OptionalOf) and name not in self.renames:
                loc = self.loc(t)
                if isinstance(st.value, ListOf):  # a string or list: not empty
                    truth = Binary("gt", Var(length_name(name), MATH_INT, loc), Const(0, MATH_INT, loc), BOOL, loc)
                    return Binary("land", negate(Var(none_flag(name), BOOL, loc), loc), truth, BOOL, loc)
                value = Var(name, st.value, loc)
                truth = value if st.value == BOOL else Binary("ne", value, Const(0, MATH_INT, loc), BOOL, loc)
                return Binary("land", negate(Var(none_flag(name), BOOL, loc), loc), truth, BOOL, loc)
        return None


def _is_none(t: Tree | Token) -> bool:
    return isinstance(t, Tree) and t.data == "const_none"


_TUPLE_INDEX = "IndexError: tuple index out of range"
