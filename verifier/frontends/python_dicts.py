"""Lowering of Python dicts of scalars, as two lists: the keys in insertion order and their values.

A ``dict[int, int]`` ``d`` is the lists ``d.keys`` and ``d.values`` (each an
array with its ``#len``; see `python_types.dict_parts`), of the same length,
the keys distinct (assumed of a parameter: the replay passes
``dict(zip(keys, values))``). A lookup is a loop over the keys: ``k in d``,
``d[k]`` (``Assert(kind="key", text="KeyError")`` when absent), ``d.get(k,
default)``, ``d[k] = v`` (a new key goes at the end, as CPython keeps
insertion order), ``d[k] += v``, ``del d[k]``, ``d.pop(k[, default])`` and
``d.setdefault(k, default)``.
``len(d)``, truthiness, ``for k in d``, ``d.keys()``, ``d.values()`` and
``d.items()`` read the lists; ``{k: v for ... if ...}`` (keys int, bool or
str, values int or bool) starts empty and puts each pair in turn, the key
evaluated before the value; a loop whose body adds or removes keys is
unsupported (CPython raises RuntimeError). Dicts are values, as lists are:
aliasing a dict that changes is unsupported. A ``dict[str, int]`` keeps its
keys as a list of strings (`python_nested`; a lookup compares strings by a
loop); its keys are not assumed distinct (a witness repeating one is refused
by replay, whose dict has fewer pairs; with such a witness left out, every
input the model covers is a real dict on which it runs as CPython does).
``for k in d``, ``for k in d.keys()`` and ``for k, v in d.items()`` walk
them, binding each key as a string; a comprehension over them, or
``d.keys()`` as a value, is unsupported. ``d.get(k)`` without a default
gives an optional value (see `python_tuples`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Binary, Const, Expr, If, Ite, Loc, Select, Stmt,
                         Store, Var, length_name)

from .python_base import as_int
from .python_lists import ListValue, compare, num
from .python_nested import NestedLowerer, NestedValue
from .python_tree import assigned_names, walk
from .python_types import STR, DictOf, ListOf, NestedOf, array_type, dict_parts, expr_type, mutated_names

__all__ = ["DictLowerer", "DictValue"]


@dataclass(frozen=True)
class DictValue:
    """A dict: its keys and values lists, its type, and the variable holding it when it is one."""

    keys: ListValue | NestedValue  # a nested list of strings for string keys
    values: ListValue | NestedValue  # a nested list for string or list values (`python_dict_values`)
    type: DictOf
    name: str | None = None


def _int(v: int, loc: Loc) -> Const:
    return Const(v, MATH_INT, loc)


class DictLowerer(NestedLowerer):
    """Dicts of int or bool keys and values."""

    def dict_type(self, t: Tree | Token | None) -> DictOf | None:
        """The dict type of `t` when it is dict-valued."""
        st = expr_type(t, self._type_env(), self.list_functions())
        return st if isinstance(st, DictOf) else None

    def variable_dict(self, name: str, loc: Loc) -> DictValue:
        dt = self.source_types[name]
        assert isinstance(dt, DictOf)
        keys, values = dict_parts(name)
        key_list: ListValue | NestedValue
        if dt.key == STR:
            key_list = self.nested_at(keys, NestedOf(STR), loc)
        else:
            assert not isinstance(dt.key, ListOf)
            key_list = ListValue(Var(keys, array_type(dt.key), loc), Var(length_name(keys), MATH_INT, loc), dt.key,
                                 keys)
        if isinstance(dt.value, ListOf):
            return DictValue(key_list, self.nested_at(values, NestedOf(dt.value), loc), dt, name)
        return DictValue(key_list,
                         ListValue(Var(values, array_type(dt.value), loc), Var(length_name(values), MATH_INT, loc),
                                   dt.value, values), dt, name)

    def dict_value(self, t: Tree | Token) -> DictValue:
        """Lower dict-valued `t`: a dict variable, or a ``{k: v, ...}`` display."""
        loc = self.loc(t)
        if isinstance(t, Tree) and t.data == "var" and self.dict_type(t) is not None:
            name = str(t.children[0])
            self.check_bound(t)
            return self.variable_dict(self.renames.get(name, name), loc)
        if isinstance(t, Tree) and t.data == "dict":
            dt = DictOf(MATH_INT, MATH_INT)
            keys, _ = self.new_list(MATH_INT, loc, "keys")
            values, _ = self.new_list(MATH_INT, loc, "values")
            d = DictValue(ListValue(Var(keys, array_type(MATH_INT), loc), Var(length_name(keys), MATH_INT, loc),
                                    MATH_INT, keys),
                          ListValue(Var(values, array_type(MATH_INT), loc), Var(length_name(values), MATH_INT, loc),
                                    MATH_INT, values), dt)
            for pair in t.children:
                if pair is None:
                    continue
                k = self.spill(as_int(self.expr(pair.children[0])), "key")
                self._scalar_value(pair.children[1])
                v = self.spill(as_int(self.expr(pair.children[1])), "value")
                self.put(d, k, v, loc)
            return d
        if isinstance(t, Tree) and t.data == "dict_comprehension":
            dt = self.dict_type(t)
            assert dt is not None
            return self._comprehension_dict(t.children[0], dt, loc)
        raise self.error(t, "unsupported construct: this dict expression (dicts come from parameters, "
                            "variables, {k: v} displays and dict comprehensions)")

    def _comprehension_dict(self, comp: Tree, dt: DictOf, loc: Loc) -> DictValue:
        """``{k: v for ... if ...}``: an empty dict, then ``d[k] = v`` for each
        pair in order, the key evaluated before the value (as CPython 3.8+ does)."""
        values, _ = self.new_list(dt.value, loc, "values")
        keys: ListValue | NestedValue
        if dt.key == STR:
            keys = self.new_nested(NestedOf(STR), loc, "keys")
        else:
            assert not isinstance(dt.key, ListOf)
            name, _ = self.new_list(dt.key, loc, "keys")
            keys = ListValue(Var(name, array_type(dt.key), loc), Var(length_name(name), MATH_INT, loc), dt.key, name)
        d = DictValue(keys, ListValue(Var(values, array_type(dt.value), loc), Var(length_name(values), MATH_INT, loc),
                                      dt.value, values), dt)

        def pair(kv: Tree) -> tuple[Expr | ListValue, Expr]:
            key_t, value_t = kv.children
            key = self.dict_key(d, key_t)
            self._scalar_value(value_t)
            return key, self.dict_item_value(d, self.expr(value_t), value_t)

        self.generate(comp, loc, lambda kv: self.put(d, kv[0], kv[1], loc), pair)
        return d

    def _scalar_value(self, value_t: Tree | Token) -> None:
        """Refuse a dict value that is a string or a list (values are ints or bools)."""
        if self.is_list(value_t) or self.nested_type(value_t) is not None:
            raise self.error(value_t, "unsupported construct: a dict value that is a string or a list (dict "
                                      "values are int or bool)")

    def dict_exprs(self, d: DictValue) -> list[Expr]:
        """The values of `d`'s IR variables, in the order of `python_types.ir_variables`."""
        return [e for part in (d.keys, d.values) for e in (
            [part.starts, part.count, part.stops, part.flat.array, part.flat.length]
            if isinstance(part, NestedValue) else [part.array, part.length])]

    def find_key(self, d: DictValue, key: Expr | ListValue, loc: Loc) -> Var:
        """The position of `key` among the keys of `d`, or its length when absent."""
        if isinstance(d.keys, NestedValue):
            assert isinstance(key, ListValue)
            return self.find_item(d.keys, key, loc)
        assert not isinstance(key, ListValue)
        return self.find(d.keys, key, loc)

    def put(self, d: DictValue, key: Expr | ListValue, value: Expr, loc: Loc) -> None:
        """``d[key] = value``: overwrite the value of a present key, else add the pair at the end."""
        assert d.keys.name is not None and d.values.name is not None
        pos = self.find_key(d, key, loc)
        present = Binary("lt", pos, d.keys.length, BOOL, loc)
        overwrite = [Assign(d.values.name, Store(d.values.array, pos, value, None, array_type(d.type.value),
                                                 loc=loc), loc)]
        add, _ = self.capture(lambda: (self._add_key(d, key, loc),
                                       self.append(d.values.name, d.type.value, value, loc)))  # type: ignore[arg-type]
        self.emit(If(present, overwrite, add, loc))

    def _add_key(self, d: DictValue, key: Expr | ListValue, loc: Loc) -> None:
        if isinstance(d.keys, NestedValue):
            assert isinstance(key, ListValue)
            self.add_item(d.keys, key, None, loc)
        else:
            assert d.keys.name is not None and not isinstance(key, ListValue)
            self.append(d.keys.name, d.keys.elem, key, loc)

    def lookup(self, d: DictValue, key: Expr | ListValue, loc: Loc) -> Expr:
        """``d[key]``: KeyError (check ``key``) when absent."""
        pos = self.find_key(d, key, loc)
        self.emit(Assert(Binary("lt", pos, d.keys.length, BOOL, loc), "key", "KeyError", loc))
        return self.hold(Select(d.values.array, pos, None, d.type.value, loc=loc), "value")

    def dict_key(self, d: DictValue, t: Tree | Token) -> Expr | ListValue:
        """Key expression `t` as a key of `d` (a string key as a list held now)."""
        if d.type.key == STR:
            if not self.is_text(t):
                raise self.error(t, "unsupported construct: a key other than a string of a dict with string keys")
            lv = self.list_value(t)
            return self.snapshot(lv, self.loc(t)) if lv.name is not None else lv
        k = self.expr(t)
        if d.type.key == BOOL:
            if k.type != BOOL:
                raise self.error(t, "unsupported construct: an int key of a dict[bool, ...]")
            return self.spill(k, "key")
        return self.spill(as_int(k), "key")

    def dict_item_value(self, d: DictValue, v: Expr, node: Tree | Token) -> Expr:
        if d.type.value == BOOL:
            if v.type != BOOL:
                raise self.error(node, "unsupported construct: an int stored as a dict[..., bool] value")
            return self.spill(v, "value")
        return self.spill(as_int(v), "value")

    def remove_key(self, d: DictValue, pos: Expr, loc: Loc) -> None:
        """Drop the pair at position `pos` (known present) from both lists."""
        if isinstance(d.keys, NestedValue):
            self.remove_item_at(d.keys, pos, loc)
        else:
            self.remove_at(d.keys, pos, loc)
        if isinstance(d.values, NestedValue):
            self.remove_item_at(d.values, pos, loc)
        else:
            self.remove_at(d.values, pos, loc)

    # ------------------------------------------------- from other layers

    def dict_read(self, t: Tree) -> Expr:
        """``d[k]`` of a dict."""
        base, sub = t.children
        d = self.dict_value(base)
        at = self.walked_position(base, sub)
        if at is not None:
            return self.hold(Select(d.values.array, at, None, d.type.value, loc=self.loc(t)), "value")
        return self.lookup(d, self.dict_key(d, sub), self.loc(t))

    def knowing_key(self, key: str, owner: str, pos: Var, trees: list[Tree | None],
                    lower: Callable[[], list[Stmt]]) -> list[Stmt]:
        """`lower()` (a branch made of `trees`, entered only when key name `key`
        is in dict `owner`, found at `pos`) knowing that ``owner[key]`` is the
        value at `pos`, unless the branch rebinds either name or may remove a
        key (which moves the others; storing a value or adding a key does not)."""
        if not all(tree is None or self.key_stays(key, owner, tree) for tree in trees):
            return lower()
        saved = dict(self.walked_keys)
        self.walked_keys[key] = (owner, pos)
        try:
            return lower()
        finally:
            self.walked_keys = saved

    @staticmethod
    def key_stays(key: str, owner: str, tree: Tree) -> bool:
        """`tree` rebinds neither key name `key` nor dict `owner`, and removes no key of it."""
        bound = assigned_names(tree)
        return key not in bound and owner not in bound and not _removes_keys(owner, tree)

    def walked_position(self, base: Tree | Token, key: Tree | Token) -> Var | None:
        """The position of `key` in dict `base` when `key` is the current key of a
        loop over that dict (see `walked_keys`): present there, as keys are
        distinct in every real dict (a parameter's repeated string key is a
        witness replay refuses); None otherwise."""
        if not (isinstance(key, Tree) and key.data == "var" and isinstance(base, Tree) and base.data == "var"):
            return None
        walked = self.walked_keys.get(str(key.children[0]))
        return walked[1] if walked is not None and walked[0] == str(base.children[0]) else None

    def dict_store(self, target: Tree, value: Expr, loc: Loc) -> None:
        """``d[k] = value`` (`value` evaluated first)."""
        base, sub = target.children
        if not (isinstance(base, Tree) and base.data == "var"):
            raise self.error(target, "unsupported construct: item assignment to something other than a variable")
        d = self.variable_dict(str(base.children[0]), self.loc(base))
        key = self.dict_key(d, sub)
        self.put(d, key, self.dict_item_value(d, value, target), loc)

    def dict_augassign(self, target: Tree, op: str, op_tok: Token, value: Tree, t: Tree) -> None:
        """``d[k] op= v``: KeyError when absent, else the value updated in place."""
        base, sub = target.children
        d = self.variable_dict(str(base.children[0]), self.loc(base))
        loc = self.loc(target)
        pos = self.walked_position(base, sub)
        if pos is None:
            key = self.dict_key(d, sub)
            pos = self.find_key(d, key, loc)
            self.emit(Assert(Binary("lt", pos, d.keys.length, BOOL, loc), "key", "KeyError", loc))
        old = Select(d.values.array, pos, None, d.type.value, loc=loc)
        result = self.dict_item_value(d, self.binop(op, old, self.expr(value), op_tok, t), target)
        assert d.values.name is not None
        self.emit(Assign(d.values.name, Store(d.values.array, pos, result, None, array_type(d.type.value), loc=loc),
                         loc))

    def dict_delete(self, target: Tree) -> None:
        """``del d[k]``."""
        base, sub = target.children
        d = self.variable_dict(str(base.children[0]), self.loc(base))
        loc = self.loc(target)
        pos = self.spill(self.find_key(d, self.dict_key(d, sub), loc), "pos")
        self.emit(Assert(Binary("lt", pos, d.keys.length, BOOL, loc), "key", "KeyError", loc))
        self.remove_key(d, pos, loc)

    def dict_contains(self, key_t: Tree | Token, d_t: Tree | Token, loc: Loc) -> Expr:
        """``k in d``."""
        if self.dict_type(d_t) is not None and self.dict_type(d_t).key == STR:  # type: ignore[union-attr]
            if not self.is_text(key_t):
                raise self.error(key_t, "unsupported construct: 'in' a dict with string keys of something other "
                                        "than a string")
            text = self.list_value(key_t)
            text = self.snapshot(text, loc) if text.name is not None else text
            d = self.dict_value(d_t)
            pos = self.find_key(d, text, loc)
            self.last_key_position = pos
            return Binary("lt", pos, d.keys.length, BOOL, loc)
        key = self.spill(self.expr(key_t), "needle")
        d = self.dict_value(d_t)
        pos = self.find_key(d, as_int(key), loc)
        self.last_key_position = pos
        return Binary("lt", pos, d.keys.length, BOOL, loc)

    def dict_method(self, t: Tree, discard: bool) -> Expr | None:
        """``d.get(k, default)``, ``d.pop(k[, default])``, ``d.clear()``."""
        callee = t.children[0]
        receiver, method = callee.children
        method = str(method)
        loc = self.loc(t)
        args = self.positional_args(t)
        d = self.dict_value(receiver)
        if method == "get" and len(args) == 2 and self.walked_position(receiver, args[0]) is not None:
            self.dict_item_value(d, self.expr(args[1]), args[1])  # evaluated, and may fail, all the same
            at = self.walked_position(receiver, args[0])
            return self.hold(Select(d.values.array, at, None, d.type.value, loc=loc), "got")  # type: ignore[arg-type]
        if method == "get" and len(args) == 2:
            key = self.dict_key(d, args[0])
            default = self.dict_item_value(d, self.expr(args[1]), args[1])
            pos = self.find_key(d, key, loc)
            found = Select(d.values.array, pos, None, d.type.value, loc=loc)
            return self.hold(Ite(Binary("lt", pos, d.keys.length, BOOL, loc), found, default, d.type.value, loc),
                             "got")
        if method == "pop" and len(args) in (1, 2) and d.name is not None:
            key = self.dict_key(d, args[0])
            default = self.dict_item_value(d, self.expr(args[1]), args[1]) if len(args) == 2 else None
            pos = self.spill(self.find_key(d, key, loc), "pos")
            present = Binary("lt", pos, d.keys.length, BOOL, loc)
            if default is None:
                self.emit(Assert(present, "key", "KeyError", loc))
            result = self.fresh("popped", d.type.value)
            take, _ = self.capture(lambda: (
                self.emit(Assign(result, Select(d.values.array, pos, None, d.type.value, loc=loc), loc)),
                self.remove_key(d, pos, loc)))
            self.emit(If(present, take, [Assign(result, default, loc)] if default is not None else [], loc))
            return Var(result, d.type.value, loc)
        if method == "setdefault" and len(args) == 2 and d.name is not None:
            key = self.dict_key(d, args[0])
            default = self.dict_item_value(d, self.expr(args[1]), args[1])
            pos = self.spill(self.find_key(d, key, loc), "pos")
            result = self.fresh("got", d.type.value)
            add, _ = self.capture(lambda: (self._add_key(d, key, loc),
                                           self.append(d.values.name, d.type.value, default, loc)))  # type: ignore
            self.emit(If(Binary("lt", pos, d.keys.length, BOOL, loc),
                         [Assign(result, Select(d.values.array, pos, None, d.type.value, loc=loc), loc)],
                         [Assign(result, default, loc)] + add, loc))
            return Var(result, d.type.value, loc)
        if method == "clear" and not args and d.name is not None:
            assert d.keys.name is not None and d.values.name is not None
            self.emit(Assign(length_name(d.keys.name), _int(0, loc), loc))
            self.emit(Assign(length_name(d.values.name), _int(0, loc), loc))
            if not discard:
                raise self.error(t, "unsupported construct: the value of 'd.clear()', which is None")
            return None
        if method in ("keys", "values") and not args:
            raise self.error(t, f"unsupported construct: d.{method}() used as a value here")
        raise self.error(t, f"unsupported construct: dict method '{method}' with these arguments")

    def dict_get_optional(self, t: Tree | Token) -> tuple[Expr, Expr] | None:
        """``d.get(k)`` without a default: the value (meaningless when absent)
        and the None flag (true when absent); None if `t` is no such call."""
        if not (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
                and t.children[0].data == "getattr" and str(t.children[0].children[1]) == "get"
                and self.dict_type(t.children[0].children[0]) is not None):
            return None
        args = self.positional_args(t)
        if len(args) != 1:
            return None
        loc = self.loc(t)
        d = self.dict_value(t.children[0].children[0])
        pos = self.find_key(d, self.dict_key(d, args[0]), loc)
        absent = self.hold(Binary("ge", pos, d.keys.length, BOOL, loc), "absent")
        return self.hold(Select(d.values.array, pos, None, d.type.value, loc=loc), "got"), absent

    def get_without_default(self, t: Tree | Token) -> bool:
        """Whether `t` is a call ``x.get(k)`` with one argument (`x` is ``t.children[0].children[0]``)."""
        return (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
                and t.children[0].data == "getattr" and str(t.children[0].children[1]) == "get"
                and len(self.positional_args(t)) == 1)

    def dict_get_absent(self, t: Tree | Token) -> Expr | None:
        """For ``d.get(k) is None``: whether key `k` is absent from `d` (the key
        evaluated, the lookup made); None if `t` is no ``d.get(k)`` without a default."""
        if not (self.get_without_default(t) and self.dict_type(t.children[0].children[0]) is not None):
            return None
        loc = self.loc(t)
        d = self.dict_value(t.children[0].children[0])
        pos = self.find_key(d, self.dict_key(d, self.positional_args(t)[0]), loc)
        return self.hold(Binary("ge", pos, d.keys.length, BOOL, loc), "absent")

    def dict_view(self, t: Tree | Token) -> ListValue | None:
        """``d.keys()`` / ``d.values()`` as a list; None if `t` is neither."""
        if not (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
                and t.children[0].data == "getattr"):
            return None
        receiver, method = t.children[0].children
        if str(method) not in ("keys", "values") or self.dict_type(receiver) is None or self.positional_args(t):
            return None
        d = self.dict_value(receiver)
        if str(method) == "keys" and isinstance(d.keys, NestedValue):
            raise self.error(t, "unsupported construct: the string keys of a dict as a list")
        return d.keys if str(method) == "keys" else d.values  # type: ignore[return-value]

    def dict_length(self, t: Tree | Token) -> Expr | None:
        if self.dict_type(t) is None:
            return None
        return self.hold(self.dict_value(t).keys.length, "len")

    def dict_iteration(self, iterable: Tree | Token) -> tuple[str, list[ListValue]] | None:
        walked = self._string_key_walk(iterable)
        if walked is not None:  # walked by `for_each` itself: the keys are no flat list
            return walked[0], []
        if isinstance(iterable, Tree) and iterable.data == "var" and self.dict_type(iterable) is not None:
            d = self.dict_value(iterable)
            return str(iterable.children[0]), [self._key_list(d, iterable)]
        if not (isinstance(iterable, Tree) and iterable.data == "funccall" and isinstance(iterable.children[0], Tree)
                and iterable.children[0].data == "getattr"):
            return None
        receiver, method = iterable.children[0].children
        if not (isinstance(receiver, Tree) and receiver.data == "var" and self.dict_type(receiver) is not None
                and str(method) in ("keys", "values", "items") and not self.positional_args(iterable)):
            return None
        d = self.dict_value(receiver)
        if str(method) == "values":
            return str(receiver.children[0]), [d.values]
        keys = self._key_list(d, iterable)
        return str(receiver.children[0]), [keys, d.values] if str(method) == "items" else [keys]

    def for_each(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                 body_tree: Tree | None, scoped: bool) -> None:
        """A loop over the string keys of a dict (``d``, ``d.keys()``, ``d.items()``):
        each key bound as a string, in insertion order; other loops as before."""
        walked = self._string_key_walk(iterable)
        if walked is None:
            super().for_each(target, iterable, body, loc, body_tree, scoped)
            return
        owner, with_values = walked
        if scoped:
            raise self.error(iterable, "unsupported construct: a comprehension over the string keys of a dict")
        if body_tree is not None and owner in mutated_names(body_tree, {}) | set(assigned_names(body_tree)):
            raise self.error(iterable, f"unsupported construct: a loop over dict '{owner}' that changes it "
                                       "(RuntimeError in CPython when its size changes)")
        d = self.variable_dict(self.renames.get(owner, owner), self.loc(iterable))
        keys = d.keys
        assert isinstance(keys, NestedValue)
        targets = self._unpack_target(target, 2) if with_values else [target]
        key_name = self._target_name(targets[0])
        real = self.renames.get(key_name, key_name)
        if self.source_types.get(real) != STR:
            raise self.error(targets[0], f"unsupported construct: loop variable '{key_name}' also holds other "
                                         "values than the dict's string keys")

        def each(k: Var) -> None:
            key = self.item_at(keys, k, loc)
            self.emit(Assign(real, key.array, loc))
            self.emit(Assign(length_name(real), key.length, loc))
            if with_values:
                self._bind(targets[1], Select(d.values.array, k, None, d.type.value, loc=loc), loc)
            self.walk_keys(targets[0], owner, k, body_tree, body)
        self.counted("k", num(0, loc), lambda k: compare("lt", k, keys.count, loc), each, 1, loc)

    def _string_key_walk(self, iterable: Tree | Token) -> tuple[str, bool] | None:
        """(dict name, whether values are walked too) when `iterable` walks the
        string keys of a dict variable: ``d``, ``d.keys()`` or ``d.items()``."""
        receiver, method = iterable, "keys"
        if (isinstance(iterable, Tree) and iterable.data == "funccall" and isinstance(iterable.children[0], Tree)
                and iterable.children[0].data == "getattr" and not self.positional_args(iterable)):
            receiver, method = iterable.children[0].children[0], str(iterable.children[0].children[1])
        if not (isinstance(receiver, Tree) and receiver.data == "var" and method in ("keys", "items")):
            return None
        dt = self.dict_type(receiver)
        if dt is None or dt.key != STR:
            return None
        return str(receiver.children[0]), method == "items"

    def _key_list(self, d: DictValue, node: Tree) -> ListValue:
        if isinstance(d.keys, NestedValue):
            raise self.error(node, "unsupported construct: a loop over the string keys of a dict")
        return d.keys

    def dict_facts(self, name: str, loc: Loc) -> list[Stmt]:
        """What holds of dict parameter `name` on entry: its lists have one
        length, and its keys are distinct (a loop of assumptions)."""
        d = self.variable_dict(name, loc)
        facts: list[Stmt] = [Assume(Binary("eq", d.keys.length, d.values.length, BOOL, loc), loc),
                             Assume(Binary("ge", d.keys.length, _int(0, loc), BOOL, loc), loc)]
        if isinstance(d.keys, NestedValue):
            # string keys are not assumed distinct: a witness with a repeated key is refused by replay (the
            # dict CPython gets has fewer pairs), so it never confirms a no, and a yes covers more inputs
            return facts + self.nested_facts(d.keys, loc)

        def distinct() -> None:
            def outer(i: Var) -> None:
                def inner(j: Var) -> None:
                    self.emit(Assume(Binary("ne", Select(d.keys.array, i, None, d.type.key, loc=loc),
                                            Select(d.keys.array, j, None, d.type.key, loc=loc), BOOL, loc), loc))
                self.counted("j", Binary("add", i, _int(1, loc), MATH_INT, loc),
                             lambda j: Binary("lt", j, d.keys.length, BOOL, loc), inner, 1, loc)
            self.counted("i", _int(0, loc), lambda i: Binary("lt", i, d.keys.length, BOOL, loc), outer, 1, loc)
        stmts, _ = self.capture(distinct)
        return facts + stmts


def _removes_keys(owner: str, tree: Tree) -> bool:
    """`tree` may remove a key of dict `owner`: ``del owner[...]``, ``owner.pop``,
    ``popitem`` or ``clear``, or `owner` passed to a call (which might)."""
    for node in walk(tree):
        if node.data == "del_stmt" and owner in _subscripted_names(node.children[0]):
            return True
        if node.data != "funccall":
            continue
        callee, args = node.children
        if (isinstance(callee, Tree) and callee.data == "getattr" and isinstance(callee.children[0], Tree)
                and callee.children[0].data == "var" and str(callee.children[0].children[0]) == owner
                and str(callee.children[1]) in ("pop", "popitem", "clear")):
            return True
        if args is not None and any(isinstance(a, Tree) and a.data == "var" and str(a.children[0]) == owner
                                    for a in args.children):
            return True
    return False


def _subscripted_names(target: Tree | Token | None) -> set[str]:
    if isinstance(target, Tree) and target.data == "getitem" and isinstance(target.children[0], Tree) \
            and target.children[0].data == "var":
        return {str(target.children[0].children[0])}
    if isinstance(target, Tree) and target.data in ("tuple", "list", "exprlist"):
        return {n for c in target.children for n in _subscripted_names(c)}
    return set()
