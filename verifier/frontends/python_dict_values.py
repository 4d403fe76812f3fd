"""Lowering of dicts whose values are strings or lists (``dict[str, str]``, ``dict[str, list[int]]``).

The values of such a dict ``d`` are a nested list (`python_nested`): the
value at position k is ``d.values.flat[d.values[k]:d.values.stop[k]]``, the
keys as for any dict (`python_dicts`). Supported: parameters, annotated
locals (``{}`` to start), and results of these types; ``d[k]`` (KeyError
when absent, the value copied into a fresh list), ``d.get(k, default)``
with a string or list default, ``d.pop(k)`` (KeyError when absent),
``d.pop(k, default)``, ``d.setdefault(k, default)`` (each a fresh list; the
arguments evaluated before the lookup), ``k in d``, ``len(d)``, ``d[k] = v``
(overwriting copies `v` to the end of the flat list and points the key's
positions at it; a new key goes at the end), ``d[k] += v`` (KeyError when
absent, then `v` evaluated and concatenated), ``d[k].append(x)`` and
``d.setdefault(k, default).append(x)`` (the value is copied to the end of
the flat list with `x` after it), ``del d[k]``, and loops ``for k in d``,
``for k in d.keys()``, ``for v in d.values()`` and ``for k, v in
d.items()`` over a dict the body does not change, each value bound as a
fresh string or list. Since the model copies where CPython shares one list
object, `refuse_shared_items` refuses a list that a name and a container of
lists share while either side changes it in place, and a change in place
(``append``, ``+=``) of an item of a dict whose lists may be shared.
``v = d.get(k)`` makes `v` an optional string or list (`python_tuples`), and
``d.get(k) is None`` tests the key. Other uses (``d.get(k)`` without a default
elsewhere, ``d[k] *= ...``, a value used as a number, a comprehension over the
dict) are unsupported with their construct and line.
"""

from __future__ import annotations

from typing import Callable

from lark import Token, Tree

from verifier.ir import BOOL, MATH_INT, Assert, Assign, Binary, Expr, If, Loc, Select, Stmt, Store, Var, length_name

from .python_dicts import DictLowerer, DictValue
from .python_lists import ListValue, compare, num, plus
from .python_nested import NestedValue
from .python_tree import assigned_names, walk
from .python_types import MUTATING_METHODS, DictOf, ListOf, NestedOf, array_type, mutated_names, nested_parts

__all__ = ["DictValueLowerer"]


class DictValueLowerer(DictLowerer):
    """Dicts whose values are strings or lists, on top of dicts of scalars."""

    def list_valued(self, t: Tree | Token | None) -> DictOf | None:
        """The type of dict-valued `t` when its values are strings or lists."""
        dt = self.dict_type(t)
        return dt if dt is not None and isinstance(dt.value, ListOf) else None

    def _value_of(self, d: DictValue, value_t: Tree | Token) -> ListValue:
        """Value expression `value_t` as a value of `d` (a string or list, held now)."""
        want = d.type.value
        assert isinstance(want, ListOf)
        got = self.list_type(value_t) if self.is_list(value_t) else None
        if got is None or got.text != want.text or (not want.text and got.elem != want.elem):
            raise self.error(value_t, f"unsupported construct: a value other than a {want} stored into a {d.type}")
        lv = self.list_value(value_t)
        return self.snapshot(lv, self.loc(value_t)) if lv.name is not None else lv

    def _position(self, d: DictValue, base: Tree | Token, key_t: Tree | Token, loc: Loc) -> Expr:
        """The position of key `key_t` in `d`, after the KeyError check when it may be absent."""
        at = self.walked_position(base, key_t)
        if at is not None:
            return at
        pos = self.spill(self.find_key(d, self.dict_key(d, key_t), loc), "pos")
        self.emit(Assert(Binary("lt", pos, d.keys.length, BOOL, loc), "key", "KeyError", loc))
        return pos

    def append_item(self, nv: NestedValue, item: ListValue, loc: Loc) -> None:
        """Add `item` (of `nv`'s item type, checked by the caller) after the items of nested list variable `nv`."""
        assert nv.name is not None
        self.set_item(nv, nv.count, item, loc)
        self.emit(Assign(length_name(nv.name), plus(nv.count, num(1, loc), loc), loc))

    def set_item(self, nv: NestedValue, pos: Expr, item: ListValue, loc: Loc) -> None:
        """Make item `pos` of nested list variable `nv` hold `item`: its elements
        go to the end of the flat list, and the item's positions point at them."""
        assert nv.name is not None and nv.flat.name is not None
        starts, stops, flat = nested_parts(nv.name)
        start = self.hold(nv.flat.length, "start")
        self.copy_all(flat, item, loc)
        self.emit(Assign(starts, Store(nv.starts, pos, start, None, array_type(MATH_INT), loc=loc), loc))
        self.emit(Assign(stops, Store(nv.stops, pos, nv.flat.length, None, array_type(MATH_INT), loc=loc), loc))

    def refuse_shared_items(self) -> None:
        """The model copies a list when it goes into or comes out of a dict of
        lists or a list of lists, where CPython shares the one object. That is
        refused where it can show: a name holding an item of such a container
        (``v = d[k]``, ``v: list[int] = d[k]``, ``for k, v in d.items()``, ``for
        row in xss``) or put into one (``d[k] = xs``, ``xss.append(xs)``, ``[xs]``,
        ``[xs for _ in r]``), or an item of one put into another (``h.append(g[0])``,
        ``e[k] = d[j]``), while the name's list or the containers' items change in
        place; and ``d[k].append(x)`` of a dict whose lists may be shared: a
        parameter, or one given other lists than fresh displays (``d[k] = []``,
        ``[i]``) or assigned another dict."""
        changes = {owner: node for node in walk(self.suite) for owner in _item_owners(node)
                   if self._holds_lists(owner)}
        changed = set(changes)
        for owner, node in changes.items():
            why = self._shared_lists(owner)
            if why:
                raise self.error(node, f"unsupported construct: a list in '{owner}' changed in place, while {why} "
                                       "(the model has no aliasing)")
        for name, owner, node in self._item_bindings():
            if name in self.mutated or owner in changed:
                raise self.error(node, f"unsupported construct: '{name}' and '{owner}' share a list that is changed "
                                       "in place (the model has no aliasing)")
        self._refuse_unnamed_displays()

    def _refuse_unnamed_displays(self) -> None:
        """A display or comprehension of lists not assigned to a name (``for b in
        [xs]``, ``[xs][0]``, ``[g[0]]``) shares its lists with whatever its items
        reach, which no name tracks: it is refused while any list of the function
        changes in place."""
        changing = sorted(n for n in self.mutated if self._mutable_list(n) or self._holds_lists(n))
        if not changing:  # the common case: no walk of the body
            return
        named = {id(node.children[-1]) for node in walk(self.suite) if node.data in ("assign", "annassign")}
        for node in walk(self.suite):
            if id(node) in named:
                continue
            shared = self._shared_items(node)
            if shared:
                held = f"a list of '{shared[0]}'" if self._holds_lists(shared[0]) else f"list '{shared[0]}'"
                raise self.error(node, f"unsupported construct: a display holding {held} while "
                                       f"'{changing[0]}' is changed in place (the model has no aliasing)")

    def _shared_items(self, node: Tree) -> list[str]:
        """The lists that display or comprehension `node` holds themselves (not
        copies): a name holding a list (``[xs]``, ``[xs for _ in r]``) or an item of
        a container of lists (``[g[0]]``, ``[d[k]]``), each by the name that holds it."""
        items = node.children if node.data == "list" else \
            [node.children[0].children[0]] if node.data == "list_comprehension" else []
        out: list[str] = []
        for item in items:
            owner = _container_of(item)
            if _var_name(item) and self._mutable_list(_var_name(item)):
                out.append(_var_name(item))
            elif owner and self._holds_lists(owner):
                out.append(owner)
        return out

    def _mutable_list(self, name: str) -> bool:
        """Name `name` holds a list (not a string)."""
        st = self.source_types.get(name)
        return isinstance(st, ListOf) and not st.text

    def _holds_lists(self, name: str) -> bool:
        """Name `name` holds a dict of lists or a list of lists (mutable items)."""
        st = self.source_types.get(name)
        item = st.value if isinstance(st, DictOf) else st.inner if isinstance(st, NestedOf) else None
        return isinstance(item, ListOf) and not item.text

    def _shared_lists(self, owner: str) -> str:
        """Why the lists of dict or list of lists `owner` may be shared with other
        names or each other ('' if they cannot). A list of lists may be assigned
        only displays and comprehensions of fresh lists (`_fresh_nested`) and
        appended only fresh lists."""
        if any(owner == name for name, _ in self.source_params):
            return f"'{owner}' is a parameter, whose lists a caller may share"
        nested = isinstance(self.source_types.get(owner), NestedOf)
        for node in walk(self.suite):
            if node.data in ("assign", "annassign"):
                targets = node.children[:-1] if node.data == "assign" else node.children[:1]
                value = node.children[-1]
                for target in targets:
                    if _names(target, owner) and not (self._fresh_nested(value) if nested else _empty_dict(value)):
                        return f"'{owner}' is assigned a {'list' if nested else 'dict'} that may share them"
                    if _item_of(target, owner) and not self._fresh_list(value):
                        return f"'{owner}' is given a list that is not a fresh display"
            if nested and node.data == "funccall" and _method_of(node) == "append" \
                    and _var_name(node.children[0].children[0]) == owner:
                args = node.children[1].children if node.children[1] is not None else []
                if len(args) != 1 or not self._fresh_list(args[0]):
                    return f"'{owner}' is given a list that is not a fresh display"
            setdefault = _setdefault_call(node)
            if setdefault is not None and _var_name(setdefault.children[0].children[0]) == owner:
                args = setdefault.children[1].children if setdefault.children[1] is not None else []
                if len(args) != 2 or not self._fresh_list(args[1]):
                    return f"'{owner}' is given a list that is not a fresh display"
        return ""

    def _fresh_list(self, value: Tree | Token) -> bool:
        """`value` makes a new list of scalars: a display or a comprehension, whose
        items hold no list, such a display repeated (``[0] * n``, ``n * [0]``), or a
        copy of a list of scalars (``row[:]``, ``row[i:j]``, ``list(row)``)."""
        if isinstance(value, Tree) and value.data == "getitem" and isinstance(value.children[1], Tree) \
                and value.children[1].data == "slice":
            return self._mutable_list(_var_name(value.children[0]))
        if isinstance(value, Tree) and value.data == "funccall" and _var_name(value.children[0]) == "list" \
                and value.children[1] is not None and len(value.children[1].children) == 1:
            return self._mutable_list(_var_name(value.children[1].children[0]))
        if isinstance(value, Tree) and value.data == "term" and len(value.children) == 3 \
                and str(value.children[1]) == "*":
            return any(isinstance(side, Tree) and side.data == "list" and self._fresh_list(side)
                       for side in (value.children[0], value.children[2]))
        if not (isinstance(value, Tree) and value.data in ("list", "list_comprehension")):
            return False
        items = value.children if value.data == "list" else [value.children[0].children[0]]
        return not any(self._holds_list(_var_name(c)) for c in items if _var_name(c))

    def _fresh_nested(self, value: Tree | Token | None) -> bool:
        """`value` makes a new list of lists that share no list with anything:
        none (a bare annotation), a display or a comprehension of fresh lists."""
        if value is None:
            return True
        if not (isinstance(value, Tree) and value.data in ("list", "list_comprehension")):
            return False
        items = value.children if value.data == "list" else [value.children[0].children[0]]
        return all(self._fresh_list(c) for c in items if c is not None)

    def _holds_list(self, name: str) -> bool:
        return isinstance(self.source_types.get(name), (ListOf, NestedOf, DictOf))

    def _held(self, value: Tree | Token) -> str:
        """The name whose list `value` is itself (not a copy): a plain name, or the
        container of lists `value` is an item of (``g[0]``, ``d.get(k)``); '' if none."""
        owner = _container_of(value)
        return _var_name(value) or (owner if owner and self._holds_lists(owner) else "")

    def _item_bindings(self) -> list[tuple[str, str, Tree]]:
        """(name, container, node) for each name bound to an item of a container of
        lists, or put into one, in the body (by an annotated assignment and a
        comprehension's variable too); the name is a container when one's item is
        put into the other (``h.append(g[0])``, ``e[k] = d[j]``)."""
        out: list[tuple[str, str, Tree]] = []
        for node in walk(self.suite):
            if node.data in ("assign", "annassign") and node.children[-1] is not None:
                targets = node.children[:-1] if node.data == "assign" else node.children[:1]
                value = node.children[-1]
                for target in targets:
                    owner = _container_of(value)
                    if owner and self._holds_lists(owner) and _var_name(target):
                        out.append((_var_name(target), owner, node))
                    owner = _container_of(target)
                    if owner and self._holds_lists(owner) and self._held(value):
                        out.append((self._held(value), owner, node))
                    if _var_name(target) and self._holds_lists(_var_name(target)) and isinstance(value, Tree):
                        out += [(shared, _var_name(target), node) for shared in self._shared_items(value)]
            elif node.data == "funccall" and _method_of(node) == "append":
                owner = _var_name(node.children[0].children[0])
                args = node.children[1].children if node.children[1] is not None else []
                if owner and self._holds_lists(owner) and len(args) == 1 and self._held(args[0]):
                    out.append((self._held(args[0]), owner, node))
            elif node.data == "funccall" and _method_of(node) in ("get", "pop", "setdefault"):
                # a default named list is what the call gives (setdefault: stores) when the key is absent
                owner = _var_name(node.children[0].children[0])
                args = node.children[1].children if node.children[1] is not None else []
                if owner and self._holds_lists(owner) and len(args) == 2 and self._held(args[1]):
                    out.append((self._held(args[1]), owner, node))
            elif node.data in ("for_stmt", "comp_for"):  # a loop or a comprehension binds each item
                target, iterable = node.children[0], node.children[1]
                owner, method = _iterated(iterable)
                items = ("values", "items") if isinstance(self.source_types.get(owner), DictOf) else ("",)
                if owner and self._holds_lists(owner) and method in items:
                    bound = target.children[-1] if method == "items" and isinstance(target, Tree) \
                        and target.data == "tuple" else target
                    if _var_name(bound):
                        out.append((_var_name(bound), owner, node))
        return out

    # ------------------------------------------------- hooks of other layers

    def put(self, d: DictValue, key: Expr | ListValue, value: Expr | ListValue, loc: Loc) -> None:
        if not isinstance(d.values, NestedValue):
            super().put(d, key, value, loc)  # type: ignore[arg-type]
            return
        assert isinstance(value, ListValue)
        values = d.values
        pos = self.spill(self.find_key(d, key, loc), "pos")
        overwrite, _ = self.capture(lambda: self.set_item(values, pos, value, loc))
        add, _ = self.capture(lambda: (self._add_key(d, key, loc), self.append_item(values, value, loc)))
        self.emit(If(Binary("lt", pos, d.keys.length, BOOL, loc), overwrite, add, loc))

    def dict_store_value(self, target: Tree, value_t: Tree | Token) -> bool:
        """``d[k] = v`` of a dict of strings or lists (`v` evaluated first); False for other targets."""
        base, sub = target.children
        if self.list_valued(base) is None:
            return False
        if not (isinstance(base, Tree) and base.data == "var"):
            raise self.error(target, "unsupported construct: item assignment to something other than a variable")
        loc = self.loc(target)
        d = self.variable_dict(str(base.children[0]), self.loc(base))
        value = self._value_of(d, value_t)
        self.put(d, self.dict_key(d, sub), value, loc)
        return True

    def dict_item_value(self, d: DictValue, v: Expr, node: Tree | Token) -> Expr:
        if isinstance(d.type.value, ListOf):
            raise self.error(node, f"unsupported construct: a number stored as a value of a {d.type}")
        return super().dict_item_value(d, v, node)

    def dict_read(self, t: Tree) -> Expr:
        if self.list_valued(t.children[0]) is not None:
            raise self.error(t, "unsupported construct: a string or list used where a number is expected")
        return super().dict_read(t)

    def _l_getitem(self, t: Tree) -> ListValue | None:
        base, sub = t.children
        if self.list_valued(base) is None:
            return super()._l_getitem(t)
        loc = self.loc(t)
        d = self.dict_value(base)
        assert isinstance(d.values, NestedValue)
        return self.item_at(d.values, self._position(d, base, sub, loc), loc)

    def _l_funccall(self, t: Tree) -> ListValue | None:
        """``d.get(k, default)``, ``d.pop(k[, default])`` and ``d.setdefault(k,
        default)`` of a dict of strings or lists: a fresh list."""
        callee = t.children[0]
        if not (isinstance(callee, Tree) and callee.data == "getattr"
                and str(callee.children[1]) in ("get", "pop", "setdefault")
                and self.list_valued(callee.children[0]) is not None):
            return super()._l_funccall(t)
        method = str(callee.children[1])
        args = self.positional_args(t)
        if method == "get" and len(args) != 2:
            raise self.error(t, "unsupported construct: d.get(k) without a default of a dict of strings or lists "
                                "(only as 'v = d.get(k)' or 'd.get(k) is None')")
        if len(args) not in ((1, 2) if method == "pop" else (2,)):
            raise self.error(t, f"unsupported construct: d.{method}() with these arguments")
        loc = self.loc(t)
        d = self.dict_value(callee.children[0])
        if method != "get" and d.name is None:
            raise self.error(t, f"unsupported construct: d.{method}() of a dict that is no variable")
        key = self.dict_key(d, args[0])
        default = self._value_of(d, args[1]) if len(args) == 2 else None
        pos = self.spill(self.find_key(d, key, loc), "pos")
        present = Binary("lt", pos, d.keys.length, BOOL, loc)
        values = d.values
        assert isinstance(values, NestedValue)
        if default is None:
            self.emit(Assert(present, "key", "KeyError", loc))
        name, _ = self.new_list(values.flat.elem, loc, method)

        def found() -> None:
            self.copy_all(name, self.item_at(values, pos, loc), loc)
            if method == "pop":
                self.remove_key(d, pos, loc)

        def absent() -> None:
            if default is None:
                return
            self.copy_all(name, default, loc)
            if method == "setdefault":
                self._add_key(d, key, loc)
                self.append_item(values, default, loc)
        then, _ = self.capture(found)
        other, _ = self.capture(absent)
        self.emit(If(present, then, other, loc))
        return ListValue(Var(name, array_type(values.flat.elem), loc), Var(length_name(name), MATH_INT, loc),
                         values.flat.elem, name)

    def method_call(self, t: Tree, discard: bool) -> Expr | None:
        """``d[k].append(x)`` and ``d.setdefault(k, default).append(x)`` of a dict of lists; other methods as before."""
        receiver, method = t.children[0].children
        setdefault = _setdefault_call(receiver)
        if setdefault is not None and self.list_valued(setdefault.children[0].children[0]) is not None:
            base = setdefault.children[0].children[0]
        elif (isinstance(receiver, Tree) and receiver.data == "getitem"
              and self.list_valued(receiver.children[0]) is not None):
            base = receiver.children[0]
        else:
            return super().method_call(t, discard)
        dt = self.list_valued(base)
        assert dt is not None and isinstance(dt.value, ListOf)
        if str(method) != "append" or dt.value.text or not (isinstance(base, Tree) and base.data == "var"):
            raise self.error(t, f"unsupported construct: method '{method}' of a value of a {dt}")
        loc = self.loc(t)
        d = self.variable_dict(str(base.children[0]), self.loc(base))
        values = d.values
        assert isinstance(values, NestedValue)
        if setdefault is not None:
            pos = self._ensure_key(d, setdefault, loc)
        else:
            pos = self._position(d, base, receiver.children[1], loc)
        (arg,) = self._arity_of(t, 1)
        item = self.item_at(values, pos, loc)
        assert item.name is not None
        self.append(item.name, item.elem, self.element(self.expr(arg), item.elem, arg), loc)
        self.set_item(values, pos, item, loc)
        if not discard:
            raise self.error(t, "unsupported construct: the value of 'append(...)', which is None")
        return None

    def _ensure_key(self, d: DictValue, call: Tree, loc: Loc) -> Expr:
        """``d.setdefault(k, default)`` for its effect: the key's position, the
        pair added at the end when the key is absent."""
        args = self.positional_args(call)
        if len(args) != 2:
            raise self.error(call, "unsupported construct: d.setdefault() with these arguments")
        key = self.dict_key(d, args[0])
        default = self._value_of(d, args[1])
        values = d.values
        assert isinstance(values, NestedValue)
        pos = self.spill(self.find_key(d, key, loc), "pos")
        add, _ = self.capture(lambda: (self._add_key(d, key, loc), self.append_item(values, default, loc)))
        self.emit(If(Binary("lt", pos, d.keys.length, BOOL, loc), [], add, loc))
        return pos

    def dict_method(self, t: Tree, discard: bool) -> Expr | None:
        receiver, method = t.children[0].children
        dt = self.list_valued(receiver)
        if dt is not None and str(method) in ("pop", "setdefault", "get"):
            self._l_funccall(t)
            if not discard:
                raise self.error(t, "unsupported construct: a string or list used where a number is expected")
            return None
        if dt is not None and str(method) not in ("clear",):
            raise self.error(t, f"unsupported construct: dict method '{method}' of a {dt} used here")
        return super().dict_method(t, discard)

    def optional_item(self, t: Tree | Token) -> tuple[ListValue, Expr] | None:
        """``d.get(k)`` of a dict of strings or lists: the value (a fresh list,
        empty when the key is absent) and the None flag (true when absent);
        None if `t` is no such call."""
        if not (self.get_without_default(t) and self.list_valued(t.children[0].children[0]) is not None):
            return None
        loc = self.loc(t)
        d = self.dict_value(t.children[0].children[0])
        values = d.values
        assert isinstance(values, NestedValue)
        pos = self.spill(self.find_key(d, self.dict_key(d, self.positional_args(t)[0]), loc), "pos")
        absent = self.hold(Binary("ge", pos, d.keys.length, BOOL, loc), "absent")
        name, _ = self.new_list(values.flat.elem, loc, "got")
        found, _ = self.capture(lambda: self.copy_all(name, self.item_at(values, pos, loc), loc))
        self.emit(If(absent, [], found, loc))
        return ListValue(Var(name, array_type(values.flat.elem), loc), Var(length_name(name), MATH_INT, loc),
                         values.flat.elem, name), absent

    def dict_get_optional(self, t: Tree | Token) -> tuple[Expr, Expr] | None:
        if (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
                and t.children[0].data == "getattr" and self.list_valued(t.children[0].children[0]) is not None):
            return None
        return super().dict_get_optional(t)

    def dict_augassign(self, target: Tree, op: str, op_tok: Token, value: Tree, t: Tree) -> None:
        """``d[k] += v`` of a dict of strings or lists: KeyError when absent, then
        `v` evaluated and the value concatenated (a list extended in place)."""
        base, sub = target.children
        if self.list_valued(base) is None:
            super().dict_augassign(target, op, op_tok, value, t)
            return
        if op != "+":
            raise self.error(target, f"unsupported construct: '{op}=' on a value of a dict of strings or lists")
        loc = self.loc(target)
        d = self.variable_dict(str(base.children[0]), self.loc(base))
        values = d.values
        assert isinstance(values, NestedValue)
        pos = self._position(d, base, sub, loc)
        old = self.item_at(values, pos, loc)
        assert old.name is not None
        self.copy_all(old.name, self._value_of(d, value), loc)
        self.set_item(values, pos, old, loc)

    def dict_view(self, t: Tree | Token) -> ListValue | None:
        if (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
                and t.children[0].data == "getattr" and str(t.children[0].children[1]) == "values"
                and self.list_valued(t.children[0].children[0]) is not None):
            raise self.error(t, "unsupported construct: the string or list values of a dict as a list")
        return super().dict_view(t)

    def dict_iteration(self, iterable: Tree | Token) -> tuple[str, list[ListValue]] | None:
        walked = self._value_walk(iterable)
        if walked is not None:
            return walked[0], []
        return super().dict_iteration(iterable)

    def for_each(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                 body_tree: Tree | None, scoped: bool) -> None:
        """A loop over a dict of strings or lists (``d``, ``d.keys()``,
        ``d.values()``, ``d.items()``): keys and values bound in insertion
        order, each string or list value as a fresh list."""
        walked = self._value_walk(iterable)
        if walked is None:
            super().for_each(target, iterable, body, loc, body_tree, scoped)
            return
        owner, method = walked
        if scoped:
            raise self.error(iterable, "unsupported construct: a comprehension over a dict of strings or lists")
        if body_tree is not None and owner in mutated_names(body_tree, {}) | set(assigned_names(body_tree)):
            raise self.error(iterable, f"unsupported construct: a loop over dict '{owner}' that changes it "
                                       "(RuntimeError in CPython when its size changes)")
        d = self.variable_dict(self.renames.get(owner, owner), self.loc(iterable))
        targets = self._unpack_target(target, 2) if method == "items" else [target]
        key_target = targets[0] if method != "values" else None
        value_target = targets[-1] if method in ("values", "items") else None

        def each(k: Var) -> None:
            if key_target is not None:
                self._bind_part(key_target, d.keys, d.type.key, k, loc)
            if value_target is not None:
                self._bind_part(value_target, d.values, d.type.value, k, loc)
            if key_target is not None:
                self.walk_keys(key_target, owner, k, body_tree, body)
            else:
                body()
        self.counted("k", num(0, loc), lambda k: compare("lt", k, d.keys.length, loc), each, 1, loc)

    def _bind_part(self, tg: Tree | Token, part: ListValue | NestedValue, st: object, k: Var, loc: Loc) -> None:
        """Bind loop target `tg` to item `k` of a dict's keys or values `part` (of source type `st`)."""
        if not isinstance(part, NestedValue):
            self._bind(tg, Select(part.array, k, None, part.elem, loc=loc), loc)
            return
        name = self._target_name(tg)
        real = self.renames.get(name, name)
        if self.source_types.get(real) != st and not (isinstance(st, ListOf) and self.list_of(name) == st):
            raise self.error(tg, f"unsupported construct: loop variable '{name}' also holds other values than "
                                 f"the dict's {st} items")
        item = self.item_at(part, k, loc)
        self.emit(Assign(real, item.array, loc))
        self.emit(Assign(length_name(real), item.length, loc))

    def _value_walk(self, iterable: Tree | Token) -> tuple[str, str] | None:
        """(dict name, 'keys' | 'values' | 'items') when `iterable` walks a dict
        variable of strings or lists: ``d``, ``d.keys()``, ``d.values()`` or ``d.items()``."""
        receiver, method = iterable, "keys"
        if (isinstance(iterable, Tree) and iterable.data == "funccall" and isinstance(iterable.children[0], Tree)
                and iterable.children[0].data == "getattr" and not self.positional_args(iterable)):
            receiver, method = iterable.children[0].children[0], str(iterable.children[0].children[1])
        if not (isinstance(receiver, Tree) and receiver.data == "var" and method in ("keys", "values", "items")):
            return None
        if self.list_valued(receiver) is None:
            return None
        return str(receiver.children[0]), method

    def dict_facts(self, name: str, loc: Loc) -> list[Stmt]:
        """As for any dict, and a string or list value's positions lie within its flat list."""
        facts = super().dict_facts(name, loc)
        d = self.variable_dict(name, loc)
        return facts + self.nested_facts(d.values, loc) if isinstance(d.values, NestedValue) else facts



def _var_name(t: Tree | Token | None) -> str:
    """The name `t` is when it is a plain name, else ''."""
    return str(t.children[0]) if isinstance(t, Tree) and t.data == "var" else ""


def _method_of(call: Tree) -> str:
    callee = call.children[0]
    return str(callee.children[1]) if isinstance(callee, Tree) and callee.data == "getattr" else ""


def _item_owners(node: Tree) -> list[str]:
    """The containers whose items `node` changes in place: ``owner`` of
    ``owner[k].m(...)`` or ``owner.setdefault(k, v).m(...)`` with ``m`` a method
    changing a list in place, of ``owner[k] += ...``, and of ``owner[k][j] = ...``
    (also as one of several targets) and ``owner[k][j] op= ...``."""
    if node.data in ("assign", "augassign", "annassign"):
        targets = node.children[:-1] if node.data == "assign" else node.children[:1]
        owners = [_var_name(t.children[0].children[0]) for target in targets for t in _flat_targets(target)
                  if isinstance(t, Tree) and t.data == "getitem" and isinstance(t.children[0], Tree)
                  and t.children[0].data == "getitem"]
        if node.data == "augassign" and isinstance(targets[0], Tree) and targets[0].data == "getitem":
            owners.append(_var_name(targets[0].children[0]))
        return [owner for owner in owners if owner]
    if node.data != "funccall" or _method_of(node) not in MUTATING_METHODS:
        return []
    receiver = node.children[0].children[0]
    if isinstance(receiver, Tree) and receiver.data == "getitem":
        return [_var_name(receiver.children[0])] if _var_name(receiver.children[0]) else []
    setdefault = _setdefault_call(receiver)
    return [_var_name(setdefault.children[0].children[0])] if setdefault is not None else []


def _flat_targets(target: Tree | Token) -> list[Tree | Token]:
    """The single targets of an assignment target (the items of ``a, b = ...``)."""
    if isinstance(target, Tree) and target.data in ("tuple", "list", "exprlist"):
        return [t for c in target.children for t in _flat_targets(c)]
    return [target]


def _setdefault_call(t: Tree | Token) -> Tree | None:
    """`t` when it is a call ``owner.setdefault(...)`` of a variable, else None."""
    if isinstance(t, Tree) and t.data == "funccall" and _method_of(t) == "setdefault" \
            and _var_name(t.children[0].children[0]):
        return t
    return None


def _container_of(t: Tree | Token) -> str:
    """The container name of ``owner[k]``, ``owner.get(...)``, ``owner.pop(...)`` or
    ``owner.setdefault(...)``, else ''."""
    if isinstance(t, Tree) and t.data == "getitem":
        return _var_name(t.children[0])
    if isinstance(t, Tree) and t.data == "funccall" and _method_of(t) in ("get", "pop", "setdefault"):
        return _var_name(t.children[0].children[0])
    return ""


def _item_of(target: Tree | Token, owner: str) -> bool:
    return isinstance(target, Tree) and target.data == "getitem" and _var_name(target.children[0]) == owner


def _names(target: Tree | Token, owner: str) -> bool:
    return _var_name(target) == owner


def _empty_dict(value: Tree | Token | None) -> bool:
    return value is None or (isinstance(value, Tree) and value.data == "dict" and not any(value.children))


def _iterated(iterable: Tree | Token) -> tuple[str, str]:
    """(container name, '' | 'keys' | 'values' | 'items') of a loop over ``c`` or ``c.m()``."""
    if _var_name(iterable):
        return _var_name(iterable), ""
    if isinstance(iterable, Tree) and iterable.data == "funccall" and _method_of(iterable) in ("keys", "values",
                                                                                               "items"):
        return _var_name(iterable.children[0].children[0]), _method_of(iterable)
    return "", ""
