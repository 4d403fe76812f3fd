"""Lowering of lists of strings and lists of lists (``list[str]``, ``list[list[int]]``).

The IR has arrays of scalars only, so a nested list ``ws`` is flattened (see
`python_types.nested_parts`): the flat list ``ws.flat`` (with its
``#len``) holds the elements of every item, and item k is
``ws.flat[ws[k]:ws.stop[k]]`` (``ws`` holds the start positions, so
``ws#len`` is the number of items). Nothing makes the items contiguous or
ordered: appending an item copies its elements to the end of the flat list,
and ``s.split(sep)`` records the positions of the pieces in a snapshot of
``s`` itself, copying nothing. A parameter's positions are assumed to lie
within its flat list (``0 <= ws[k] <= ws.stop[k] <= ws.flat#len``, a loop
of assumptions); replay builds ``[flat[start:stop] for each item]``.

Supported: parameters, locals and results of these types; ``[]``, displays,
``s.split(sep)`` (``ValueError: empty separator`` when `sep` is empty), any
``split`` of a string literal with constant arguments (``"a b".split()``,
``"k=v=w".split("=", 1)``: CPython splits it while lowering),
comprehensions whose items are strings or lists; ``len``, truthiness,
``ws[i]`` (IndexError as for lists, the item copied into a fresh list),
``for w in ws`` and comprehensions over it, ``ws.append(item)``, and
unpacking ``a, b = ws`` (ValueError when the count differs). Anything else
on a nested list is unsupported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Binary, Break, Const, Expr, If, Loc, Select, Stmt,
                         Store, Var, While, length_name)

from .python_base import as_int
from .python_char_tables import SPACE_RANGES
from .python_lists import ASSIGN_ERROR, INDEX_ERROR, ListValue, compare, minus, num, plus
from .python_text_methods import TextMethodLowerer, in_ranges
from .python_tree import assigned_names
from .python_types import (STR, ListOf, NestedOf, array_type, constant_index, expr_type, ir_variables, mutated_names,
                           nested_parts)

__all__ = ["NestedLowerer", "NestedValue"]


@dataclass(frozen=True)
class NestedValue:
    """A nested list: its items' start and stop positions (arrays), its number
    of items, the flat list of their elements, its type, and the variable
    holding it when it is one."""

    starts: Expr
    stops: Expr
    count: Expr
    flat: ListValue
    type: NestedOf
    name: str | None = None

    @property
    def length(self) -> Expr:
        """The number of items (as a `ListValue`'s length)."""
        return self.count


class NestedLowerer(TextMethodLowerer):
    """Lists of strings and lists of lists."""

    def nested_type(self, t: Tree | Token | None) -> NestedOf | None:
        """The nested list type of `t` when it is (syntactically) a nested list."""
        st = expr_type(t, self._type_env(), self.list_functions())
        return st if isinstance(st, NestedOf) else None

    def variable_nested(self, name: str, loc: Loc) -> NestedValue:
        """Nested list variable `name` (renames applied) as a value."""
        real = self.renames.get(name, name)
        st = self.source_types[real]
        assert isinstance(st, NestedOf)
        return self.nested_at(real, st, loc)

    def nested_at(self, real: str, st: NestedOf, loc: Loc) -> NestedValue:
        """The nested list of type `st` held in the variables of `real` (see `nested_parts`)."""
        starts, stops, flat = nested_parts(real)
        flat_value = ListValue(Var(flat, array_type(st.inner.elem), loc), Var(length_name(flat), MATH_INT, loc),
                               st.inner.elem, flat)
        return NestedValue(Var(starts, array_type(MATH_INT), loc), Var(stops, array_type(MATH_INT), loc),
                           Var(length_name(starts), MATH_INT, loc), flat_value, st, real)

    def new_nested(self, st: NestedOf, loc: Loc, hint: str = "nest") -> NestedValue:
        """A fresh empty nested list temporary."""
        base = self.fresh(hint, array_type(MATH_INT))
        for var, ty in ir_variables(base, st):
            self.temps[var] = ty
        self.source_types[base] = st
        starts, _stops, flat = nested_parts(base)
        self.emit(Assign(length_name(starts), num(0, loc), loc))
        self.emit(Assign(length_name(flat), num(0, loc), loc))
        return self.variable_nested(base, loc)

    def nested_value(self, t: Tree | Token) -> NestedValue:
        """Lower nested-list-valued `t`."""
        st = self.nested_type(t)
        loc = self.loc(t)
        if st is not None and isinstance(t, Tree):
            if t.data == "var":
                return self.variable_nested(str(t.children[0]), loc)
            if t.data == "list":
                items = [c for c in t.children if c is not None]
                values = [self._snapshot_item(self.list_value(c), loc) for c in items]
                nv = self.new_nested(st, loc, "display")
                for item in values:
                    self.add_item(nv, item, items[0], loc)
                return nv
            if t.data == "list_comprehension":
                nv = self.new_nested(st, loc, "comp")
                self.generate(t.children[0], loc, lambda item: self.add_item(nv, item, t, loc),
                              evaluate=lambda e: self._snapshot_item(self.list_value(e), loc))
                return nv
            if t.data == "funccall" and isinstance(t.children[0], Tree) and t.children[0].data == "getattr" \
                    and str(t.children[0].children[1]) == "split":
                return self._split(t, loc)
        raise self.error(t, "unsupported construct: this list of strings or lists (they come from parameters, "
                            "variables, displays, comprehensions and str.split)")

    def _snapshot_item(self, lv: ListValue, loc: Loc) -> ListValue:
        return self.snapshot(lv, loc) if lv.name is not None else lv

    def add_item(self, nv: NestedValue, item: ListValue, node: Tree | Token, loc: Loc) -> None:
        """Append `item` (a string or list) to nested list variable `nv`: its
        elements go to the end of the flat list, its positions after the others."""
        assert nv.name is not None and nv.flat.name is not None
        if item.elem != nv.flat.elem:
            raise self.error(node, f"unsupported construct: a list of {item.elem} stored into a {nv.type}")
        starts, stops, flat = nested_parts(nv.name)
        start = self.hold(nv.flat.length, "start")
        self.copy_all(flat, item, loc)
        self.emit(Assign(starts, Store(nv.starts, nv.count, start, None, array_type(MATH_INT), loc=loc), loc))
        self.emit(Assign(stops, Store(nv.stops, nv.count, nv.flat.length, None, array_type(MATH_INT), loc=loc), loc))
        self.emit(Assign(length_name(starts), plus(nv.count, num(1, loc), loc), loc))

    def item_at(self, nv: NestedValue, pos: Expr, loc: Loc) -> ListValue:
        """A fresh list holding the item at checked position `pos`."""
        start = self.hold(Select(nv.starts, pos, None, MATH_INT, loc=loc), "start")
        stop = self.hold(Select(nv.stops, pos, None, MATH_INT, loc=loc), "stop")
        name, _ = self.new_list(nv.flat.elem, loc, "item")
        self.copy_into(name, nv.flat, start, stop, 1, loc)
        return ListValue(Var(name, array_type(nv.flat.elem), loc), Var(length_name(name), MATH_INT, loc),
                         nv.flat.elem, name)

    def find_item(self, nv: NestedValue, item: ListValue, loc: Loc) -> Var:
        """The position of the first item of `nv` equal to `item`, or the number of items."""
        pos = Var(self.fresh("at", MATH_INT), MATH_INT, loc)
        self.emit(Assign(pos.name, nv.count, loc))

        def body(k: Var) -> None:
            start = self.hold(Select(nv.starts, k, None, MATH_INT, loc=loc), "start")
            stop = self.hold(Select(nv.stops, k, None, MATH_INT, loc=loc), "stop")
            same = Var(self.fresh("same", BOOL), BOOL, loc)
            self.emit(Assign(same.name, compare("eq", minus(stop, start, loc), item.length, loc), loc))

            def chars(j: Var) -> None:
                a = as_int(Select(nv.flat.array, plus(start, j, loc), None, nv.flat.elem, loc=loc))
                b = as_int(Select(item.array, j, None, item.elem, loc=loc))
                self.emit(If(compare("ne", a, b, loc), [Assign(same.name, Const(0, BOOL, loc), loc)], [], loc))
            self.counted("j", num(0, loc), lambda j: Binary("land", same, compare("lt", j, item.length, loc), BOOL,
                                                            loc), chars, 1, loc)
            self.emit(If(same, [Assign(pos.name, k, loc), Break(loc)], [], loc))
        self.counted("k", num(0, loc), lambda k: compare("lt", k, nv.count, loc), body, 1, loc)
        return pos

    def remove_item_at(self, nv: NestedValue, pos: Expr, loc: Loc) -> None:
        """Drop the item at checked position `pos` of nested list variable `nv`
        (its elements stay in the flat list, unused)."""
        assert nv.name is not None
        starts, stops, _ = nested_parts(nv.name)
        last = self.hold(minus(nv.count, num(1, loc), loc), "last")

        def shift(k: Var) -> None:
            after = plus(k, num(1, loc), loc)
            for name, array in ((starts, nv.starts), (stops, nv.stops)):
                moved = Select(array, after, None, MATH_INT, loc=loc)
                self.emit(Assign(name, Store(array, k, moved, None, array_type(MATH_INT), loc=loc), loc))
        self.counted("k", pos, lambda k: compare("lt", k, last, loc), shift, 1, loc)
        self.emit(Assign(length_name(starts), last, loc))

    def _split(self, t: Tree, loc: Loc) -> NestedValue:
        """``s.split(sep)``: the pieces between the non-overlapping occurrences of
        `sep`, left to right, as positions in a snapshot of `s`; ``s.split()``
        (``s.split(None)``): the runs of characters that are no whitespace."""
        receiver = t.children[0].children[0]
        args, keywords = self.call_arguments(t)
        folded = self._split_constant(receiver, args, keywords)
        if folded is not None:
            nv = self.new_nested(NestedOf(STR), loc, "split")
            for piece in folded:
                self.add_item(nv, self.text_list([ord(c) for c in piece], loc), t, loc)
            return nv
        if not keywords and (not args or (len(args) == 1 and isinstance(args[0], Tree)
                                          and args[0].data == "const_none")):
            self.unicode_tables(t)
            return self._split_whitespace(self.snapshot(self.list_value(receiver), loc), loc)
        if len(args) != 1 or keywords or not self.is_text(args[0]):
            raise self.error(t, "unsupported construct: str.split() other than with one string separator or none")
        text = self.snapshot(self.list_value(receiver), loc)
        constant = self._literal(args[0]) if isinstance(args[0], Tree) and args[0].data in (
            "string", "string_concat") else None
        sep = self._snapshot_item(self.list_value(args[0]), loc)
        if constant is None or constant == "":  # a non-empty constant separator needs no check
            self.emit(Assert(Binary("gt", sep.length, num(0, loc), BOOL, loc), "value",
                             "ValueError: empty separator", loc))
        nv = self._pieces(text, loc)
        piece = Var(self.fresh("piece", MATH_INT), MATH_INT, loc)
        self.emit(Assign(piece.name, num(0, loc), loc))
        i = Var(self.fresh("i", MATH_INT), MATH_INT, loc)
        self.emit(Assign(i.name, num(0, loc), loc))
        last = self.hold(minus(text.length, sep.length, loc), "last")

        def scan() -> None:
            same = self.matches_at(text, sep, i, loc)
            found = self._cut(nv, piece, i, loc) + [Assign(i.name, plus(i, sep.length, loc), loc),
                                                   Assign(piece.name, i, loc)]
            self.emit(If(same, found, [Assign(i.name, plus(i, num(1, loc), loc), loc)], loc))
        body, _ = self.capture(scan)
        self.emit(While(compare("le", i, last, loc), body, [], loc))
        self.out.extend(self._cut(nv, piece, text.length, loc))
        return nv

    def _split_whitespace(self, text: ListValue, loc: Loc) -> NestedValue:
        """``text.split()``: each maximal run of characters that are not ``str.isspace()``, left to right."""
        nv = self._pieces(text, loc)
        piece = Var(self.fresh("piece", MATH_INT), MATH_INT, loc)  # where the current run starts, or -1
        self.emit(Assign(piece.name, num(-1, loc), loc))
        in_run = compare("ge", piece, num(0, loc), loc)

        def each(i: Var) -> None:
            space = in_ranges(Select(text.array, i, None, MATH_INT, loc=loc), SPACE_RANGES, loc)
            self.emit(If(space, [If(in_run, self._cut(nv, piece, i, loc) + [Assign(piece.name, num(-1, loc), loc)],
                                    [], loc)],
                         [If(in_run, [], [Assign(piece.name, i, loc)], loc)], loc))
        self.counted("i", num(0, loc), lambda i: compare("lt", i, text.length, loc), each, 1, loc)
        self.emit(If(in_run, self._cut(nv, piece, text.length, loc), [], loc))
        return nv

    def _pieces(self, text: ListValue, loc: Loc) -> NestedValue:
        """A new list of strings, empty, whose items will be slices of `text` (`_cut`)."""
        base = self.fresh("split", array_type(MATH_INT))
        starts, stops, _ = nested_parts(base)
        self.temps[length_name(starts)] = MATH_INT
        self.temps[stops] = array_type(MATH_INT)
        self.emit(Assign(length_name(starts), num(0, loc), loc))
        return NestedValue(Var(starts, array_type(MATH_INT), loc), Var(stops, array_type(MATH_INT), loc),
                           Var(length_name(starts), MATH_INT, loc), text, NestedOf(STR), None)

    @staticmethod
    def _cut(nv: NestedValue, start: Expr, stop: Expr, loc: Loc) -> list[Stmt]:
        """Add the slice ``start:stop`` of its text as the last item of `nv` (made by `_pieces`)."""
        starts, stops, _ = nested_parts(nv.starts.name)  # type: ignore[attr-defined]
        return [Assign(starts, Store(nv.starts, nv.count, start, None, array_type(MATH_INT), loc=loc), loc),
                Assign(stops, Store(nv.stops, nv.count, stop, None, array_type(MATH_INT), loc=loc), loc),
                Assign(length_name(starts), plus(nv.count, num(1, loc), loc), loc)]

    def _split_constant(self, receiver: Tree | Token, args: list[Tree], keywords: dict[str, Tree]) -> list[str] | None:
        """The pieces of ``"literal".split(...)`` whose arguments are all
        constants (strings, ints, None), split by CPython itself; None when
        anything is not a constant or the split raises (left to `_split`)."""
        def constant(a: Tree | Token) -> object:
            if isinstance(a, Tree) and a.data in ("string", "string_concat"):
                return self._literal(a)
            if isinstance(a, Tree) and a.data == "const_none":
                return None
            k = constant_index(a)
            if k is None:
                raise LookupError(a)
            return k
        if not (isinstance(receiver, Tree) and receiver.data in ("string", "string_concat")):
            return None
        try:
            values = [constant(a) for a in args]
            named = {name: constant(a) for name, a in keywords.items()}
            return self._literal(receiver).split(*values, **named)  # type: ignore[arg-type]
        except (LookupError, TypeError, ValueError):
            return None

    def _join(self, t: Tree, loc: Loc) -> ListValue:
        """``sep.join(ws)`` of a list of strings: a new string."""
        receiver = t.children[0].children[0]
        args, keywords = self.call_arguments(t)
        if len(args) != 1 or keywords or self.nested_type(args[0]) != NestedOf(STR):
            raise self.error(t, "unsupported construct: str.join() of something other than a list of strings")
        sep = self._snapshot_item(self.list_value(receiver), loc)
        nv = self.nested_value(args[0])
        name, _ = self.new_list(MATH_INT, loc, "joined")

        def each(k: Var) -> None:
            between, _ = self.capture(lambda: self.copy_all(name, sep, loc))
            self.emit(If(compare("gt", k, num(0, loc), loc), between, [], loc))
            start = self.hold(Select(nv.starts, k, None, MATH_INT, loc=loc), "start")
            stop = self.hold(Select(nv.stops, k, None, MATH_INT, loc=loc), "stop")
            self.copy_into(name, nv.flat, start, stop, 1, loc)
        self.counted("k", num(0, loc), lambda k: compare("lt", k, nv.count, loc), each, 1, loc)
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name)

    # ------------------------------------------------- hooks of other layers

    def _l_funccall(self, t: Tree) -> ListValue | None:
        callee = t.children[0]
        if (isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) == "join"
                and self.is_text(callee.children[0])):
            return self._join(t, self.loc(t))
        return super()._l_funccall(t)

    def _l_getitem(self, t: Tree) -> ListValue | None:
        base, sub = t.children
        if self.nested_type(base) is None:
            return super()._l_getitem(t)
        if isinstance(sub, Tree) and sub.data in ("slice", "subscript_tuple"):
            raise self.error(t, "unsupported construct: a slice of a list of strings or lists")
        loc = self.loc(t)
        nv = self.nested_value(base)
        i = as_int(self.expr(sub))
        pos = self.index(ListValue(nv.starts, nv.count, MATH_INT), i, loc, INDEX_ERROR)
        return self.item_at(nv, self.spill(pos, "pos"), loc)

    def _b_len(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        if len(args) == 1 and self.nested_type(args[0]) is not None:
            return self.hold(self.nested_value(args[0]).count, "len")
        row = self._row_of(args[0]) if len(args) == 1 else None
        if row is not None:  # ``len(xss[i])``: the item's stop minus its start, without copying it
            start, stop = self._row_span(row, loc)
            return self.hold(minus(stop, start, loc), "len")
        return super()._b_len(t, args, loc)

    # ------------------------------------------- cells of a list of lists

    def _row_of(self, t: Tree | Token) -> Tree | None:
        """`t` when it is ``xss[i]`` of a list-of-lists variable (an index, not a slice), else None."""
        if not (isinstance(t, Tree) and t.data == "getitem" and isinstance(t.children[0], Tree)
                and t.children[0].data == "var" and self.nested_type(t.children[0]) is not None):
            return None
        sub = t.children[1]
        return None if isinstance(sub, Tree) and sub.data in ("slice", "subscript_tuple") else t

    def _row_span(self, row: Tree, loc: Loc) -> tuple[Expr, Expr]:
        """The start and stop in the flat list of item ``xss[i]`` (`row`), after CPython's IndexError check."""
        outer, sub = row.children
        nv = self.nested_value(outer)
        i = as_int(self.expr(sub))
        pos = self.spill(self.index(ListValue(nv.starts, nv.count, MATH_INT), i, loc, INDEX_ERROR), "pos")
        return (self.hold(Select(nv.starts, pos, None, MATH_INT, loc=loc), "start"),
                self.hold(Select(nv.stops, pos, None, MATH_INT, loc=loc), "stop"))

    def nested_cell(self, t: Tree, message: str) -> tuple[ListValue, Expr] | None:
        """``xss[i][j]`` of a list-of-lists variable: its flat list and the cell's
        position in it, after CPython's checks in its order (``xss[i]``, then
        ``j`` against that item's length, failing with `message`); None for
        other subscripts. A cell of a list of strings is unsupported (TypeError
        on a store; a read of one is a string, not a cell)."""
        base, sub = t.children
        row = self._row_of(base)
        if row is None:
            return None
        if isinstance(sub, Tree) and sub.data in ("slice", "subscript_tuple"):
            raise self.error(t, "unsupported construct: a slice of an item of a list of lists")
        st = self.nested_type(row.children[0])
        assert st is not None
        if st.inner.text:
            raise self.error(t, "unsupported construct: a character of an item of a list of strings")
        loc = self.loc(t)
        start, stop = self._row_span(row, loc)
        nv = self.nested_value(row.children[0])
        item = ListValue(nv.flat.array, minus(stop, start, loc), nv.flat.elem)
        j = self.index(item, as_int(self.expr(sub)), loc, message)
        return nv.flat, self.spill(plus(start, j, loc), "cell")

    def read_item(self, t: Tree) -> Expr:
        """``xss[i][j]`` reads the cell of the flat list (no copy of the item); other reads as for lists."""
        cell = self.nested_cell(t, INDEX_ERROR)
        if cell is None:
            return super().read_item(t)
        flat, pos = cell
        return self.hold(Select(flat.array, pos, None, flat.elem, loc=self.loc(t)), "item")

    def store_item(self, target: Tree, value: Expr, loc: Loc) -> None:
        """``xss[i][j] = value`` (`value` evaluated first) stores into the flat list
        (`refuse_shared_items` has ruled out items CPython shares); other stores as for lists."""
        cell = self.nested_cell(target, ASSIGN_ERROR)
        if cell is None:
            super().store_item(target, value, loc)
            return
        self.store_cell(cell, value, target, loc)

    def store_cell(self, cell: tuple[ListValue, Expr], value: Expr, target: Tree, loc: Loc) -> None:
        """Store `value` at `cell` (from `nested_cell`) of its flat list."""
        flat, pos = cell
        assert flat.name is not None
        stored = self.element(value, flat.elem, target)
        self.emit(Assign(flat.name, Store(flat.array, pos, stored, None, array_type(flat.elem), loc=loc), loc))

    def nested_truth(self, t: Tree | Token) -> Expr | None:
        """The truth value of nested list `t` (not empty); None if `t` is none."""
        if self.nested_type(t) is None:
            return None
        loc = self.loc(t)
        return self.hold(compare("ne", self.nested_value(t).count, num(0, loc), loc), "nonempty")

    def method_call(self, t: Tree, discard: bool) -> Expr | None:
        receiver, method = t.children[0].children
        if self.nested_type(receiver) is None:
            return super().method_call(t, discard)
        if not (str(method) == "append" and isinstance(receiver, Tree) and receiver.data == "var"):
            raise self.error(t, f"unsupported construct: method '{method}' of a list of strings or lists")
        args = self._arity_of(t, 1)
        loc = self.loc(t)
        item = self._snapshot_item(self.list_value(args[0]), loc)
        self.add_item(self.variable_nested(str(receiver.children[0]), self.loc(receiver)), item, args[0], loc)
        if not discard:
            raise self.error(t, "unsupported construct: the value of 'append(...)', which is None")
        return None

    def for_each(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                 body_tree: Tree | None, scoped: bool) -> None:
        st = self.nested_type(iterable)
        if st is None:
            super().for_each(target, iterable, body, loc, body_tree, scoped)
            return
        if isinstance(iterable, Tree) and iterable.data == "var" and body_tree is not None:
            name = str(iterable.children[0])
            if name in set(assigned_names(body_tree)) | mutated_names(body_tree, {}):
                raise self.error(iterable, f"unsupported construct: a loop over '{name}' that changes it")
        nv = self.nested_value(iterable)
        tname = self._target_name(target)
        saved = dict(self.renames)
        if scoped:
            temp = self.fresh(tname, array_type(st.inner.elem))
            self.temps[length_name(temp)] = MATH_INT
            self.source_types[temp] = st.inner
            self.renames[tname] = temp
        real = self.renames.get(tname, tname)
        bound = self.source_types.get(real)
        if not (isinstance(bound, ListOf) and bound.text == st.inner.text and bound.elem == st.inner.elem):
            raise self.error(target, f"unsupported construct: loop variable '{tname}' also holds other values")
        try:
            def each(k: Var) -> None:
                item = self.item_at(nv, k, loc)
                self.emit(Assign(real, item.array, loc))
                self.emit(Assign(length_name(real), item.length, loc))
                body()
            self.counted("k", num(0, loc), lambda k: compare("lt", k, nv.count, loc), each, 1, loc)
        finally:
            if scoped:
                self.renames = saved

    def nested_assign(self, names: list[str], targets: list[Tree], value: Tree | Token) -> None:
        """``ws = <nested list>`` (``[]`` too): every part of the target."""
        wanted = self.source_types[names[0]]
        assert isinstance(wanted, NestedOf)
        if any(self.source_types.get(n) != wanted for n in names):
            raise self.error(value, f"unsupported construct: '{names[0]}' holds both {wanted} and other values")
        loc = self.loc(value)
        if isinstance(value, Tree) and value.data == "list" and not any(value.children):
            nv = self.new_nested(wanted, loc, "empty")
        else:
            if self.nested_type(value) != wanted:
                raise self.error(value, f"unsupported construct: '{names[0]}' holds both {wanted} and other values")
            aliases = set(names) | ({str(value.children[0])} if isinstance(value, Tree) and value.data == "var"
                                    else set())
            if len(aliases) > 1 and aliases & self.mutated:
                raise self.error(value, "unsupported construct: names sharing one list that is changed in place")
            nv = self.nested_value(value)
        for name in names:
            starts, stops, flat = nested_parts(name)
            for var, e in ((starts, nv.starts), (length_name(starts), nv.count), (stops, nv.stops),
                           (flat, nv.flat.array), (length_name(flat), nv.flat.length)):
                self.emit(Assign(var, e, loc))

    def nested_unpack(self, names: list[str], targets: list[Tree], value: Tree | Token, t: Tree) -> None:
        """``a, b = ws``: ValueError unless ws has exactly that many items, then each name its item."""
        st = self.nested_type(value)
        assert st is not None
        loc = self.loc(t)
        for name, tg in zip(names, targets):
            lt = self.list_of(name)
            if not (lt is not None and lt.text == st.inner.text and lt.elem == st.inner.elem):
                raise self.error(tg, f"unsupported construct: unpacking a {st} into '{name}', which holds "
                                     "other values")
        nv = self.nested_value(value)
        n = len(names)
        self.emit(Assert(compare("ge", nv.count, num(n, loc), loc), "value",
                         f"ValueError: not enough values to unpack (expected {n})", loc))
        self.emit(Assert(compare("le", nv.count, num(n, loc), loc), "value",
                         f"ValueError: too many values to unpack (expected {n})", loc))
        items = [self.item_at(nv, num(k, loc), loc) for k in range(n)]
        for name, item in zip(names, items):
            real = self.renames.get(name, name)
            self.emit(Assign(real, item.array, loc))
            self.emit(Assign(length_name(real), item.length, loc))

    def nested_facts(self, nv: NestedValue, loc: Loc) -> list[Stmt]:
        """What holds of nested list parameter `nv` on entry: its lengths are
        >= 0 and every item's positions lie within its flat list."""
        facts: list[Stmt] = [Assume(compare("ge", nv.count, num(0, loc), loc), loc),
                             Assume(compare("ge", nv.flat.length, num(0, loc), loc), loc)]

        def each(k: Var) -> None:
            start = Select(nv.starts, k, None, MATH_INT, loc=loc)
            stop = Select(nv.stops, k, None, MATH_INT, loc=loc)
            inside = Binary("land", Binary("land", compare("le", num(0, loc), start, loc),
                                           compare("le", start, stop, loc), BOOL, loc),
                            compare("le", stop, nv.flat.length, loc), BOOL, loc)
            self.emit(Assume(inside, loc))
        stmts, _ = self.capture(
            lambda: self.counted("k", num(0, loc), lambda k: compare("lt", k, nv.count, loc), each, 1, loc))
        return facts + stmts

    def store_nested_result(self, value: Tree | Token, result: str) -> None:
        """Keep returned nested list `value` in the parts of `result` (a contract reads it)."""
        st = self.result_type
        assert isinstance(st, NestedOf)
        if self.nested_type(value) != st:
            raise self.error(value, f"unsupported construct: a function returning a {st} returns another value")
        nv = self.nested_value(value)
        for var, ty in ir_variables(result, st):
            self.temps[var] = ty
        self.source_types[result] = st
        loc = self.loc(value)
        starts, stops, flat = nested_parts(result)
        for var, e in ((starts, nv.starts), (length_name(starts), nv.count), (stops, nv.stops),
                       (flat, nv.flat.array), (length_name(flat), nv.flat.length)):
            self.emit(Assign(var, e, loc))

