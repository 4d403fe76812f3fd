"""Lowering of the methods that read or change a Python list, and of ``del xs[i]``.

``append``, ``extend``, ``insert`` (the index clamped as CPython does),
``pop()``/``pop(i)`` (IndexError: check ``bounds``), ``remove``/``index``
(ValueError: check ``value``), ``count``, ``reverse``, ``sort([reverse=c])``
and ``clear`` change the list variable's array and length, with loops
shifting items where needed; a tuple (``tuple[int, ...]``) has only ``count``
and ``index``. A string's methods are `StringLowerer.text_method`'s.
"""

from __future__ import annotations

from lark import Tree

from verifier.ir import MATH_INT, Assert, Assign, Expr, If, Ite, Loc, Select, Store, Var, length_name

from .python_base import as_int
from .python_lists import ASSIGN_ERROR, ListValue, compare, minus, num, plus
from .python_sorting import SortLowerer
from .python_types import array_type

__all__ = ["ListMethodLowerer"]


class ListMethodLowerer(SortLowerer):
    """``xs.m(...)`` of a list variable, and ``del xs[i]``."""

    def method_call(self, t: Tree, discard: bool) -> Expr | None:
        """A list method call ``xs.m(...)``: its value (None for a method that
        returns None, used as a statement)."""
        callee = t.children[0]
        receiver, method = callee.children
        method = str(method)
        loc = self.loc(t)
        if self.is_list(receiver) and self.list_type(receiver).text:
            return self.text_method(t, discard)
        if not (isinstance(receiver, Tree) and receiver.data == "var" and self.list_of(str(receiver.children[0]))):
            raise self.error(t, "unsupported construct: method call")
        name = str(receiver.children[0])
        lt = self.list_of(name)
        assert lt is not None
        if method == "sort":
            args_, keywords = self.call_arguments(t)
            if args_:
                raise self.error(t, "unsupported construct: list.sort() with positional arguments (TypeError)")
            key, reverse = self.sort_options(t, keywords, name)
            lv = self.variable_list(name, self.loc(receiver))
            assert lv.name is not None
            self.emit(Assign(lv.name, self.sorted_copy(lv, reverse, loc, key).array, loc))
            if not discard:
                raise self.error(t, f"unsupported construct: the value of '{name}.sort(...)', which is None")
            return None
        if lt.immutable and method not in ("count", "index"):
            raise self.error(t, f"unsupported construct: tuple has no method '{method}' (AttributeError)")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise self.error(t, f"unsupported construct: list method '{method}'")
        args = self.positional_args(t)
        lv = self.variable_list(name, self.loc(receiver))
        value = handler(t, lv, args, loc)
        if value is None and not discard:
            raise self.error(t, f"unsupported construct: the value of '{name}.{method}(...)', which is None")
        return value

    def _m_append(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> None:
        self._arity_of(t, 1)
        value = self.spill(self.element(self.expr(args[0]), lv.elem, args[0]), "item")
        assert lv.name is not None
        self.append(lv.name, lv.elem, value, loc)

    def _m_pop(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> Expr:
        self._arity_of(t, 0, 1)
        assert lv.name is not None
        at = array_type(lv.elem)
        last = minus(lv.length, num(1, loc), loc)
        if not args:
            self.emit(Assert(compare("gt", lv.length, num(0, loc), loc), "bounds", "IndexError: pop from empty list",
                             loc))
            value = self.spill(Select(lv.array, last, None, lv.elem, loc=loc), "popped")
            self.emit(Assign(length_name(lv.name), last, loc))
            return value
        i = as_int(self.expr(args[0]))
        pos = self.spill(self.index(lv, i, loc, "IndexError: pop index out of range"), "pos")
        value = self.spill(Select(lv.array, pos, None, lv.elem, loc=loc), "popped")

        def shift(k: Var) -> None:
            self.emit(Assign(lv.name, Store(lv.array, k, Select(lv.array, plus(k, num(1, loc), loc), None, lv.elem,
                                                                 loc=loc), None, at, loc=loc), loc))
        self.counted("k", pos, lambda k: compare("lt", k, last, loc), shift, 1, loc)
        self.emit(Assign(length_name(lv.name), last, loc))
        return value

    def _m_insert(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> None:
        self._arity_of(t, 2)
        assert lv.name is not None
        at = array_type(lv.elem)
        i = self.spill(as_int(self.expr(args[0])), "idx")
        value = self.spill(self.element(self.expr(args[1]), lv.elem, args[1]), "item")
        n = lv.length
        zero = num(0, loc)
        shifted = self.spill(plus(i, n, loc), "pos")
        negative = Ite(compare("lt", shifted, zero, loc), zero, shifted, MATH_INT, loc)
        positive = Ite(compare("gt", i, n, loc), n, i, MATH_INT, loc)
        pos = self.spill(Ite(compare("lt", i, zero, loc), negative, positive, MATH_INT, loc), "pos")

        def shift(k: Var) -> None:
            self.emit(Assign(lv.name, Store(lv.array, k, Select(lv.array, minus(k, num(1, loc), loc), None, lv.elem,
                                                                 loc=loc), None, at, loc=loc), loc))
        self.counted("k", n, lambda k: compare("gt", k, pos, loc), shift, -1, loc)
        self.emit(Assign(lv.name, Store(lv.array, pos, value, None, at, loc=loc), loc))
        self.emit(Assign(length_name(lv.name), plus(n, num(1, loc), loc), loc))

    def _m_index(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> Expr:
        self._arity_of(t, 1)
        pos = self.find(lv, self.expr(args[0]), loc)
        self.emit(Assert(compare("lt", pos, lv.length, loc), "value", "ValueError: x is not in list", loc))
        return pos

    def _m_count(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> Expr:
        self._arity_of(t, 1)
        value = self.spill(as_int(self.expr(args[0])), "needle")
        count = Var(self.fresh("count", MATH_INT), MATH_INT, loc)
        self.emit(Assign(count.name, num(0, loc), loc))
        self.counted("k", num(0, loc), lambda k: compare("lt", k, lv.length, loc), lambda k: self.emit(If(
            compare("eq", as_int(Select(lv.array, k, None, lv.elem, loc=loc)), value, loc),
            [Assign(count.name, plus(count, num(1, loc), loc), loc)], [], loc)), 1, loc)
        return count

    def _m_remove(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> None:
        self._arity_of(t, 1)
        pos = self.find(lv, self.expr(args[0]), loc)
        self.emit(Assert(compare("lt", pos, lv.length, loc), "value", "ValueError: list.remove(x): x not in list",
                         loc))
        self.remove_at(lv, pos, loc)

    def _m_reverse(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> None:
        self._arity_of(t, 0)
        assert lv.name is not None
        flipped = self.slice_reversed(lv, loc)
        self.emit(Assign(lv.name, flipped.array, loc))

    def delete_item(self, target: Tree) -> None:
        """``del xs[i]``: checked, then the rest shifted left."""
        base, sub = target.children
        if not (isinstance(base, Tree) and base.data == "var" and self.list_of(str(base.children[0]))) or (
                isinstance(sub, Tree) and sub.data == "slice"):
            raise self.error(target, "unsupported construct: del of something other than a list item")
        lt = self.list_of(str(base.children[0]))
        assert lt is not None
        if lt.immutable:
            raise self.error(target, "unsupported construct: del of a tuple item (TypeError)")
        lv = self.variable_list(str(base.children[0]), self.loc(base))
        loc = self.loc(target)
        pos = self.spill(self.index(lv, as_int(self.expr(sub)), loc, ASSIGN_ERROR), "pos")
        self.remove_at(lv, pos, loc)

    def _m_clear(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> None:
        self._arity_of(t, 0)
        assert lv.name is not None
        self.emit(Assign(length_name(lv.name), num(0, loc), loc))

    def _m_extend(self, t: Tree, lv: ListValue, args: list[Tree], loc: Loc) -> None:
        self._arity_of(t, 1)
        assert lv.name is not None
        other = self.list_value(args[0])
        other = self.snapshot(other, loc)  # `xs.extend(xs)` copies the old items once
        self.copy_into(lv.name, other, num(0, loc), other.length, 1, loc)
