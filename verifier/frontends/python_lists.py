"""Lowering of Python list values: literals, copies, slices, subscripts.

A list is an array variable plus its length variable (see `python_types`);
`ListLowerer.list_value(t)` returns a `ListValue` (array and length
expressions) after emitting the statements that build it. Lists are values in
the IR: a copy (``list(xs)``, ``xs[:]``, ``xs.copy()``) is the same array, and
each change (``xs[i] = v``, ``append``, ``pop``, ``insert``) assigns a new
array (`ir.Store`) and length to the variable. Reads are `ir.Select` without a
length: the bounds check is an explicit ``Assert(kind="bounds")`` before it,
whose text is CPython's message (``IndexError: list index out of range``), at
the subscript or call (where CPython reports it). Negative indices count from
the end, as in Python. Loops the operations need (a slice, ``[c] * n``,
``sorted``) are emitted as IR `While` loops over hidden counters (`counted`).
Methods are `python_list_methods`'; declarations `python_declare`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Binary, Break, Const, Expr, If, Ite, Loc, Select, Store, Var,
                         While, length_name)

from .python_base import LowererBase, as_int, negate
from .python_tree import callee_name
from .python_types import ListOf, OptionalOf, Scalar, array_type, constant_index, expr_type, none_flag

__all__ = ["ListLowerer", "ListValue", "KeyFunction", "RESULT_LIST", "num", "plus", "minus", "compare", "INDEX_ERROR",
           "ASSIGN_ERROR"]

T = TypeVar("T")

#: a sort key function: the key of an item (emitting the statements it needs; see `python_sorting`)
KeyFunction = Callable[[Expr, Loc], Expr]

#: the temporary list a function returning a list holds its result in, before returning
RESULT_LIST = "$result"


@dataclass(frozen=True)
class ListValue:
    """A list: its array and length expressions (pure), its element type, the
    variable holding it when it is one (`name`), and its length when it is
    known here (`size`: a literal, one character), which lets loops over it be
    unrolled."""

    array: Expr
    length: Expr
    elem: Scalar
    name: str | None = None
    size: int | None = None


def num(v: int, loc: Loc) -> Const:
    return Const(v, MATH_INT, loc)


def plus(a: Expr, b: Expr, loc: Loc) -> Expr:
    if isinstance(a, Const) and isinstance(b, Const):
        return num(a.value + b.value, loc)
    if isinstance(b, Const) and b.value == 0:
        return a
    return Binary("add", a, b, MATH_INT, loc)


def minus(a: Expr, b: Expr, loc: Loc) -> Expr:
    if isinstance(a, Const) and isinstance(b, Const):
        return num(a.value - b.value, loc)
    if isinstance(b, Const) and b.value == 0:
        return a
    return Binary("sub", a, b, MATH_INT, loc)


def compare(op: str, a: Expr, b: Expr, loc: Loc) -> Expr:
    return Binary(op, a, b, BOOL, loc)


class ListLowerer(LowererBase):
    """List values and the operations on them (methods and subscripts)."""

    # ------------------------------------------------------------ types

    def list_of(self, name: str) -> ListOf | None:
        """The list type of Python name `name`, or None if it holds no list (an
        optional string or list holds one where it is known not None)."""
        st = self.source_types.get(self.renames.get(name, name))
        if isinstance(st, OptionalOf) and isinstance(st.value, ListOf) and name in self.not_none \
                and name not in self.renames:
            return st.value
        return st if isinstance(st, ListOf) else None

    def unless_none(self, t: Tree | Token, message: str, lower: Callable[[], T]) -> T | None:
        """`lower()` after a `type` check that `t`, an optional string or list
        variable not known not None here, is not None (else CPython raises
        TypeError `message`), with `t` known not None meanwhile; None (nothing
        emitted) if `t` is no such variable."""
        if not (isinstance(t, Tree) and t.data == "var"):
            return None
        name = str(t.children[0])
        st = self.source_types.get(name)
        if not (isinstance(st, OptionalOf) and isinstance(st.value, ListOf)) or name in self.renames \
                or name in self.not_none:
            return None
        loc = self.loc(t)
        self.emit(Assert(negate(Var(none_flag(name), BOOL, loc), loc), "type", message, loc))
        saved = self.not_none
        self.not_none = saved | {name}
        try:
            return lower()
        finally:
            self.not_none = saved

    def is_list(self, t: Tree | Token | None) -> bool:
        """`t` is (syntactically) a list-valued expression."""
        return isinstance(expr_type(t, self._type_env(), self.list_functions()), ListOf)

    def _type_env(self) -> dict:
        env = dict(self.source_types)
        for name, temp in self.renames.items():
            if temp in self.source_types:
                env[name] = self.source_types[temp]
        for name in self.not_none:  # an optional string or list known not None here is one
            st = env.get(name)
            if isinstance(st, OptionalOf) and isinstance(st.value, ListOf) and name not in self.renames:
                env[name] = st.value
        return env

    def list_functions(self) -> set[str]:
        """The functions of the file that return a list."""
        return {n for n, fl in self.module.functions.items() if isinstance(fl.result_type, ListOf)}

    # ------------------------------------------------------------ values

    def hold(self, e: Expr, hint: str) -> Expr:
        """`e` read now into a fresh temporary (a constant stays itself): a later
        part of the same expression may change the list `e` reads."""
        if isinstance(e, Const):
            return e
        name = self.fresh(hint, e.type)
        self.emit(Assign(name, e, e.loc))
        return Var(name, e.type, e.loc)

    def list_value(self, t: Tree | Token) -> ListValue:
        """Lower `t`, which must be list-valued, to a `ListValue`."""
        if isinstance(t, Tree):
            handler = getattr(self, f"_l_{t.data}", None)
            if handler is not None:
                value = handler(t)
                if value is not None:
                    return value
        raise self.error(t, "unsupported construct: this list expression (lists come from parameters, "
                            "literals, [c] * n, comprehensions, slices, sorted(), list() and +)")

    def new_list(self, elem: Scalar, loc: Loc, hint: str = "list") -> tuple[str, str]:
        """A fresh empty list temporary: (array name, length name). Only its length
        is set: the items past the length are never read, so the array keeps
        whatever it held (no nondeterministic value for a witness to show)."""
        name = self.fresh(hint, array_type(elem))
        self.temps[length_name(name)] = MATH_INT
        self.emit(Assign(length_name(name), num(0, loc), loc))
        return name, length_name(name)

    def variable_list(self, name: str, loc: Loc) -> ListValue:
        """The list variable `name` as a value."""
        lt = self.list_of(name)
        assert lt is not None
        real = self.renames.get(name, name)
        return ListValue(Var(real, array_type(lt.elem), loc), Var(length_name(real), MATH_INT, loc),
                         lt.elem, real)

    def element(self, value: Expr, elem: Scalar, node: Tree | Token) -> Expr:
        """`value` as an element of a list of `elem` (a bool in an int list is 0/1)."""
        if elem == BOOL:
            if value.type != BOOL:
                raise self.error(node, "unsupported construct: an int stored into a list[bool]")
            return value
        return as_int(value)

    def append(self, array: str, elem: Scalar, value: Expr, loc: Loc) -> None:
        """Emit ``array.append(value)`` for list variable `array` (no checks: it cannot fail)."""
        length = Var(length_name(array), MATH_INT, loc)
        self.emit(Assign(array, Store(Var(array, array_type(elem), loc), length, value, None,
                                      array_type(elem), loc=loc), loc))
        self.emit(Assign(length_name(array), plus(length, num(1, loc), loc), loc))

    def copy_all(self, target: str, source: ListValue, loc: Loc) -> None:
        """Append every item of `source` to list `target` (unrolled when its size is known)."""
        if source.size is None:
            self.copy_into(target, source, num(0, loc), source.length, 1, loc)
            return
        for k in range(source.size):
            self.append(target, source.elem, Select(source.array, num(k, loc), None, source.elem, loc=loc), loc)

    def copy_into(self, target: str, source: ListValue, start: Expr, stop: Expr, step: int, loc: Loc) -> None:
        """Append ``source[k]`` for k = start, start + step, ... while before `stop` to list `target`."""
        def body(k: Var) -> None:
            self.append(target, source.elem, Select(source.array, k, None, source.elem, loc=loc), loc)
        op = "lt" if step > 0 else "gt"
        self.counted("k", start, lambda k: compare(op, k, stop, loc), body, step, loc)

    def counted(self, hint: str, start: Expr, cond, body, step: int, loc: Loc) -> Var:
        """Emit ``k = start; while cond(k): body(k); k += step`` over a fresh counter k;
        `body(k)` emits the loop's statements. Returns k."""
        k = Var(self.fresh(hint, MATH_INT), MATH_INT, loc)
        self.emit(Assign(k.name, start, loc))
        stmts, _ = self.capture(lambda: body(k))
        self.emit(While(cond(k), stmts, [Assign(k.name, plus(k, num(step, loc), loc), loc)], loc))
        return k

    def _range_list(self, call: Tree, loc: Loc) -> ListValue:
        """``list(range(stop))``, ``list(range(start, stop))`` or with a constant non-zero step:
        the arguments in order, then a loop appending each value."""
        args = self._arity_of(call, 1, 3)
        step = constant_index(args[2]) if len(args) == 3 else 1
        if not step:
            raise self.error(call, "unsupported construct: range() with a step that is not a non-zero literal")
        bounds = [self.spill(as_int(self.expr(a)), "bound") for a in args[:2]]
        start, stop = (num(0, loc), bounds[0]) if len(args) == 1 else (bounds[0], bounds[1])
        name, _ = self.new_list(MATH_INT, loc, "range")
        self.counted("k", start, lambda k: compare("lt" if step > 0 else "gt", k, stop, loc),
                     lambda k: self.append(name, MATH_INT, k, loc), step, loc)
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name)

    def snapshot(self, lv: ListValue, loc: Loc) -> ListValue:
        """`lv` held in fresh temporaries (later changes of its variable do not show)."""
        name = self.fresh("it", array_type(lv.elem))
        self.temps[length_name(name)] = MATH_INT
        self.emit(Assign(name, lv.array, loc))
        self.emit(Assign(length_name(name), lv.length, loc))
        return ListValue(Var(name, array_type(lv.elem), loc), Var(length_name(name), MATH_INT, loc), lv.elem, name,
                         lv.size)

    def _l_var(self, t: Tree) -> ListValue | None:
        name = str(t.children[0])
        if self.list_of(name) is None:
            return None
        self.check_bound(t)
        return self.variable_list(name, self.loc(t))

    def _l_list(self, t: Tree) -> ListValue:
        loc = self.loc(t)
        items = [c for c in t.children if c is not None]
        for item in items:
            if isinstance(item, Tree) and item.data == "star_expr":
                raise self.unsupported(item)
        values = [self.expr(c) for c in items]  # evaluated in order, before the list is built
        elem: Scalar = BOOL if values and all(v.type == BOOL for v in values) else MATH_INT
        values = [self.spill(v if elem == BOOL else as_int(v), "item") for v in values]
        name, length = self.new_list(elem, loc)
        for v in values:
            self.append(name, elem, v, loc)
        return ListValue(Var(name, array_type(elem), loc), Var(length, MATH_INT, loc), elem, name, len(values))

    def _l_term(self, t: Tree) -> ListValue | None:
        """``[c] * n`` or ``n * [c]`` (a one-item list literal repeated)."""
        if len(t.children) != 3 or str(t.children[1]) != "*":
            return None
        left, _op, right = t.children
        if self.is_list(right) and not self.is_list(left):
            left, right = right, left
        if not (isinstance(left, Tree) and left.data == "list" and len([c for c in left.children if c]) == 1):
            return None
        loc = self.loc(t)
        item = self._l_list(left)
        count = self.spill(as_int(self.expr(right)), "n")
        value = self.spill(Select(item.array, num(0, loc), None, item.elem, loc=loc), "item")
        name, _ = self.new_list(item.elem, loc, "rep")
        self.counted("k", num(0, loc), lambda k: compare("lt", k, count, loc),
                     lambda k: self.append(name, item.elem, value, loc), 1, loc)
        return ListValue(Var(name, array_type(item.elem), loc), Var(length_name(name), MATH_INT, loc),
                         item.elem, name)

    def _l_arith_expr(self, t: Tree) -> ListValue | None:
        """``a + b + ...`` of lists: a new list."""
        if any(str(op) != "+" for op in t.children[1::2]):
            return None
        loc = self.loc(t)
        parts = [self.list_value(c) for c in t.children[0::2]]
        parts = [self.snapshot(p, loc) if p.name is not None else p for p in parts]
        if len({self.list_type(c).text for c in t.children[0::2]}) > 1:
            raise self.error(t, "unsupported construct: concatenating a string and a list (TypeError)")
        elem: Scalar = BOOL if all(p.elem == BOOL for p in parts) else MATH_INT
        if elem == MATH_INT and any(p.elem == BOOL for p in parts):
            raise self.error(t, "unsupported construct: concatenating a list[bool] and a list[int]")
        name, _ = self.new_list(elem, loc, "cat")
        for p in parts:
            self.copy_all(name, p, loc)
        return ListValue(Var(name, array_type(elem), loc), Var(length_name(name), MATH_INT, loc), elem, name)

    def _l_getitem(self, t: Tree) -> ListValue | None:
        base, sub = t.children
        if not (isinstance(sub, Tree) and sub.data == "slice"):
            if self.list_type(base).text:
                return self.text_item(self.list_value(base), sub, self.loc(t))
            return None
        return self.slice(self.list_value(base), sub, self.loc(t))

    def list_type(self, t: Tree | Token) -> ListOf:
        """The list type of list-valued `t`."""
        st = expr_type(t, self._type_env(), self.list_functions())
        assert isinstance(st, ListOf)
        return st

    def dict_view(self, t: Tree | Token) -> ListValue | None:
        """``d.keys()`` / ``d.values()`` (`DictLowerer` implements it)."""
        return None

    def text_item(self, lv: ListValue, sub: Tree | Token, loc: Loc) -> ListValue:
        """``s[i]`` of a string (`StringLowerer` implements it)."""
        raise NotImplementedError

    def text_method(self, t: Tree, discard: bool) -> Expr:
        """``s.m(...)`` of a string (`StringLowerer` implements it)."""
        raise NotImplementedError

    def _l_funccall(self, t: Tree) -> ListValue | None:
        name = callee_name(t)
        loc = self.loc(t)
        callee = t.children[0]
        view = self.dict_view(t)
        if view is not None:
            return view
        if name == "chr" and self.is_builtin(name):
            return self._l_chr(t, self._arity_of(t, 1), loc)
        if name in ("reversed", "list", "sorted") and self.is_builtin(name):
            args = self.call_arguments(t)[0]
            if args and self.is_list(args[0]) and self.list_type(args[0]).text:
                raise self.error(t, f"unsupported construct: {name}() of a string (a list of strings)")
        if name == "reversed" and self.is_builtin(name):
            args = self._arity_of(t, 1)
            return self.slice_reversed(self.list_value(args[0]), loc)
        if name in ("list", "sorted") and self.is_builtin(name):
            args, keywords = self.call_arguments(t)
            if len(args) != 1 or (keywords and name == "list"):
                raise self.error(t, f"unsupported construct: {name}() with these arguments")
            if name == "list" and isinstance(args[0], Tree) and args[0].data == "funccall" \
                    and callee_name(args[0]) == "range" and self.is_builtin("range"):
                return self._range_list(args[0], loc)
            lv = self.list_value(args[0])
            if name == "list":
                return lv
            key, reverse = self.sort_options(t, keywords, None)
            return self.sorted_copy(lv, reverse, loc, key)
        if (isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) == "copy"
                and self.is_list(callee.children[0])):
            self._arity_of(t, 0)
            return self.list_value(callee.children[0])
        if name is not None and name in self.list_functions() and name in self.module.functions:
            return self.list_call_value(name, t)
        return None

    def list_call_value(self, name: str, t: Tree) -> ListValue:
        """The list that the file's function `name` returns, called by `t` (`TupleLowerer` inlines such
        calls)."""
        raise self.error(t, f"unsupported construct: the list '{name}(...)' returns (a list result of a call)")

    def _l_chr(self, t: Tree, args: list[Tree], loc: Loc) -> ListValue:
        """``chr(i)`` (`StringLowerer` implements it)."""
        raise NotImplementedError

    def _l_list_comprehension(self, t: Tree) -> ListValue:
        return self.comprehension(t.children[0], self.loc(t))

    def _l_tuple_comprehension(self, t: Tree) -> ListValue:
        """A generator expression consumed whole (``sum``, ``min``, ``sorted``...): as a list."""
        return self.comprehension(t.children[0], self.loc(t))

    def _l_comprehension(self, t: Tree) -> ListValue:
        """A call's only argument ``f(e for x in xs)``, consumed whole: as a list."""
        return self.comprehension(t, self.loc(t))

    def comprehension(self, comp: Tree, loc: Loc) -> ListValue:
        """``[e for x in it ... if c]`` (`ListLowerer` subclasses give `for_each`)."""
        raise NotImplementedError

    def sort_options(self, call: Tree, keywords: dict[str, Tree],
                     sorting: str | None) -> tuple[KeyFunction | None, bool]:
        """The key function and reverse flag of a sort (`SortLowerer` implements it)."""
        raise NotImplementedError

    def sorted_copy(self, lv: ListValue, reverse: bool, loc: Loc, key: KeyFunction | None = None) -> ListValue:
        """A sorted copy of `lv` (`SortLowerer` implements it)."""
        raise NotImplementedError

    # ------------------------------------------------------------ slices

    def slice(self, lv: ListValue, sub: Tree, loc: Loc) -> ListValue:
        """``lv[a:b:k]`` (constant k), as CPython's `PySlice_AdjustIndices` reads a, b."""
        start_t, stop_t, step_t = sub.children
        step = 1
        if step_t is not None and step_t.children and step_t.children[0] is not None:
            k = as_int(self.expr(step_t.children[0]))
            if not isinstance(k, Const):
                raise self.error(step_t, "unsupported construct: slice with a step that is not a constant")
            if k.value == 0:
                raise self.error(step_t, "unsupported construct: slice step 0 (ValueError)")
            step = k.value
        bounds = [None if b is None else self.spill(as_int(self.expr(b)), "bound") for b in (start_t, stop_t)]
        if lv.name is not None:
            lv = self.snapshot(lv, loc)
        n = lv.length
        if step > 0:
            start = num(0, loc) if bounds[0] is None else self._adjust(bounds[0], n, False, loc)
            stop = n if bounds[1] is None else self._adjust(bounds[1], n, False, loc)
        else:
            start = minus(n, num(1, loc), loc) if bounds[0] is None else self._adjust(bounds[0], n, True, loc)
            stop = num(-1, loc) if bounds[1] is None else self._adjust(bounds[1], n, True, loc)
        if step == 1 and isinstance(start, Const) and start.value == 0:
            length = self.spill(stop, "slen")  # a prefix: the same array, a shorter length
            return ListValue(lv.array, Ite(compare("lt", length, num(0, loc), loc), num(0, loc), length,
                                           MATH_INT, loc), lv.elem)
        name, _ = self.new_list(lv.elem, loc, "slice")
        self.copy_into(name, lv, self.spill(start, "start"), self.spill(stop, "stop"), step, loc)
        return ListValue(Var(name, array_type(lv.elem), loc), Var(length_name(name), MATH_INT, loc), lv.elem, name)

    def _adjust(self, i: Expr, n: Expr, negative_step: bool, loc: Loc) -> Expr:
        """A slice bound `i` of a list of length `n`, clamped as CPython does."""
        low = num(-1, loc) if negative_step else num(0, loc)
        high = minus(n, num(1, loc), loc) if negative_step else n
        shifted = self.spill(plus(i, n, loc), "adj")
        below = Ite(compare("lt", shifted, num(0, loc), loc), low, shifted, MATH_INT, loc)
        above = Ite(compare("ge", i, n, loc), high, i, MATH_INT, loc)
        return self.spill(Ite(compare("lt", i, num(0, loc), loc), below, above, MATH_INT, loc), "adj")

    # -------------------------------------------------------- subscripts

    def index(self, lv: ListValue, i: Expr, loc: Loc, message: str) -> Expr:
        """The non-negative position of index `i` in `lv`, after the bounds check
        (``Assert(kind="bounds", text=message)``) that CPython makes."""
        length = lv.length
        if isinstance(i, Const):
            pos = i if i.value >= 0 else plus(length, i, loc)
        else:
            i = self.spill(i, "idx")
            pos = self.spill(Ite(compare("lt", i, num(0, loc), loc), plus(i, length, loc), i, MATH_INT, loc), "pos")
        ok = Binary("land", compare("le", num(0, loc), pos, loc), compare("lt", pos, length, loc), BOOL, loc)
        self.emit(Assert(ok, "bounds", message, loc))
        return pos

    def read_item(self, t: Tree) -> Expr:
        """``xs[i]`` of a list: the element, after the bounds check."""
        base, sub = t.children
        loc = self.loc(t)
        message = "IndexError: tuple index out of range" if self.list_type(base).immutable else INDEX_ERROR
        lv = self.list_value(base)
        i = as_int(self.expr(sub))
        pos = self.index(lv, i, loc, message)
        return self.hold(Select(lv.array, pos, None, lv.elem, loc=loc), "item")

    def store_item(self, target: Tree, value: Expr, loc: Loc) -> None:
        """``xs[i] = value`` (`value` already evaluated, as Python does first)."""
        base, sub = target.children
        if not (isinstance(base, Tree) and base.data == "var" and self.list_of(str(base.children[0]))):
            raise self.error(target, "unsupported construct: item assignment to something other than a list "
                                     "variable")
        if isinstance(sub, Tree) and sub.data == "slice":
            raise self.error(target, "unsupported construct: slice assignment")
        name = str(base.children[0])
        lt = self.list_of(name)
        assert lt is not None
        if lt.immutable:
            raise self.error(target, "unsupported construct: item assignment to a tuple (TypeError)")
        lv = self.variable_list(name, self.loc(base))
        i = as_int(self.expr(sub))
        pos = self.index(lv, i, self.loc(target), ASSIGN_ERROR)
        stored = self.element(value, lv.elem, target)
        assert lv.name is not None
        self.emit(Assign(lv.name, Store(lv.array, pos, stored, None, array_type(lv.elem), loc=loc), loc))

    # ------------------------------------------------------------ helpers

    def _arity_of(self, t: Tree, lo: int, hi: int | None = None) -> list[Tree]:
        args = self.positional_args(t)
        if not lo <= len(args) <= (lo if hi is None else hi):
            raise self.error(t, f"unsupported construct: call with {len(args)} arguments (TypeError)")
        return args

    def find(self, lv: ListValue, value: Expr, loc: Loc) -> Var:
        """The first position of `value` in `lv`, or its length when absent (a loop)."""
        value = self.spill(as_int(value), "needle")
        pos = Var(self.fresh("at", MATH_INT), MATH_INT, loc)
        self.emit(Assign(pos.name, lv.length, loc))

        def body(k: Var) -> None:
            item = as_int(Select(lv.array, k, None, lv.elem, loc=loc))
            self.emit(If(compare("eq", item, value, loc), [Assign(pos.name, k, loc), Break(loc)], [], loc))
        self.counted("k", num(0, loc), lambda k: compare("lt", k, lv.length, loc), body, 1, loc)
        return pos

    def remove_at(self, lv: ListValue, pos: Expr, loc: Loc) -> None:
        """Drop the item at checked position `pos` of list variable `lv`, shifting the rest left."""
        assert lv.name is not None
        at = array_type(lv.elem)
        last = minus(lv.length, num(1, loc), loc)

        def shift(k: Var) -> None:
            self.emit(Assign(lv.name, Store(lv.array, k, Select(lv.array, plus(k, num(1, loc), loc), None, lv.elem,
                                                                 loc=loc), None, at, loc=loc), loc))
        self.counted("k", pos, lambda k: compare("lt", k, last, loc), shift, 1, loc)
        self.emit(Assign(length_name(lv.name), last, loc))

    def slice_reversed(self, lv: ListValue, loc: Loc) -> ListValue:
        """A reversed copy of `lv`."""
        source = self.snapshot(lv, loc) if lv.name is not None else lv
        name, _ = self.new_list(lv.elem, loc, "rev")
        self.copy_into(name, source, minus(source.length, num(1, loc), loc), num(-1, loc), -1, loc)
        return ListValue(Var(name, array_type(lv.elem), loc), Var(length_name(name), MATH_INT, loc), lv.elem, name)

    def call_arguments(self, call: Tree) -> tuple[list[Tree], dict[str, Tree]]:
        """Positional arguments and keyword arguments (by name) of `call`."""
        args = call.children[1]
        positional: list[Tree] = []
        keywords: dict[str, Tree] = {}
        for a in (args.children if args is not None else []):
            if isinstance(a, Tree) and a.data == "argvalue":
                key, value = a.children
                if not (isinstance(key, Tree) and key.data == "var"):
                    raise self.error(a, "unsupported construct: keyword argument")
                keywords[str(key.children[0])] = value
            elif a is not None:
                positional.append(a)
        return positional, keywords


INDEX_ERROR = "IndexError: list index out of range"
ASSIGN_ERROR = "IndexError: list assignment index out of range"
