"""Lowering of ``sorted(xs, key=..., reverse=...)`` and ``xs.sort(key=..., reverse=...)``.

A sort is an insertion sort over a copy of the list, moving an item left past
every item that must follow it (``>`` its key, ``<`` with ``reverse=True``):
equal keys keep their order, which is CPython's stable sort, ``reverse=True``
included (CPython reverses, sorts stably and reverses back, so equal keys keep
their order there too). A key function is applied once to each item, first to
last, before anything moves (as CPython computes the keys), so a key that
raises does so on the first item it fails on and leaves the list as it was.
Keys are ``abs`` and one-parameter lambdas whose body is an int or bool
expression (a bool key orders False before True, as 0 and 1); other keys
(tuples, strings, functions of the file) are unsupported. ``reverse`` must be
a constant. ``xs.sort(key=...)`` whose key reads ``xs`` is unsupported: CPython
empties the list while it sorts, so the key would see ``[]``.
"""

from __future__ import annotations

from lark import Token, Tree

from verifier.ir import BOOL, MATH_INT, Assign, Binary, Const, Expr, Ite, Loc, Select, Store, Unary, Var, While, \
    length_name

from .python_base import as_int
from .python_lists import KeyFunction, ListLowerer, ListValue, compare, minus, num, plus
from .python_tree import walk
from .python_types import array_type

__all__ = ["SortLowerer"]


class SortLowerer(ListLowerer):
    """Sorted copies of lists, with ``key=`` and ``reverse=``."""

    def sort_options(self, call: Tree, keywords: dict[str, Tree], sorting: str | None) -> tuple[KeyFunction | None,
                                                                                               bool]:
        """The key function and reverse flag of sort `call`'s `keywords` (only
        ``key`` and ``reverse``); `sorting` names the list ``.sort()`` changes."""
        unknown = set(keywords) - {"key", "reverse"}
        if unknown:
            raise self.error(call, f"unsupported construct: sort keyword argument '{sorted(unknown)[0]}'")
        reverse = False
        if "reverse" in keywords:
            flag = self.expr(keywords["reverse"])
            if not isinstance(flag, Const):
                raise self.error(keywords["reverse"], "unsupported construct: sorted() with a reverse "
                                                      "flag that is not a constant")
            reverse = bool(flag.value)
        key_t = keywords.get("key")
        if key_t is None or (isinstance(key_t, Tree) and key_t.data == "const_none"):
            return None, reverse
        return self._key_function(key_t, sorting), reverse

    def _key_function(self, key_t: Tree | Token, sorting: str | None) -> KeyFunction:
        if isinstance(key_t, Tree) and key_t.data == "var" and str(key_t.children[0]) == "abs" \
                and self.is_builtin("abs"):
            return lambda v, loc: Ite(compare("lt", as_int(v), num(0, loc), loc),
                                      Unary("neg", as_int(v), MATH_INT, loc), as_int(v), MATH_INT, loc)
        if not (isinstance(key_t, Tree) and key_t.data == "lambdef"):
            raise self.error(key_t, "unsupported construct: a sort key other than abs or a lambda")
        params, body = key_t.children
        names = [c for c in (params.children if isinstance(params, Tree) else []) if c is not None]
        if len(names) != 1 or not isinstance(names[0], Token):
            raise self.error(key_t, "unsupported construct: a sort key lambda without exactly one plain parameter")
        if sorting is not None and any(n.data == "var" and str(n.children[0]) == sorting for n in walk(body)):
            raise self.error(key_t, f"unsupported construct: a sort key that reads '{sorting}', the list being "
                                    "sorted (CPython shows it empty while it sorts)")
        param = str(names[0])

        def key(v: Expr, loc: Loc) -> Expr:
            saved = dict(self.renames)
            temp = self.fresh(param, v.type)
            self.source_types[temp] = v.type
            self.renames[param] = temp
            try:
                self.emit(Assign(temp, v, loc))
                return self.expr(body)
            finally:
                self.renames = saved

        return key

    def sorted_copy(self, lv: ListValue, reverse: bool, loc: Loc, key: KeyFunction | None = None) -> ListValue:
        """A copy of `lv` sorted as CPython sorts it (by `key` when given)."""
        name, _ = self.new_list(lv.elem, loc, "sorted")
        lv = self.snapshot(lv, loc) if lv.name is not None else lv
        self.copy_into(name, lv, num(0, loc), lv.length, 1, loc)
        at = array_type(lv.elem)
        arr = Var(name, at, loc)
        length = Var(length_name(name), MATH_INT, loc)
        keys = arr
        if key is not None:
            keys_name, _ = self.new_list(MATH_INT, loc, "keys")
            self.counted("k", num(0, loc), lambda k: compare("lt", k, length, loc),
                         lambda k: self.append(keys_name, MATH_INT, self.spill(as_int(
                             key(Select(arr, k, None, lv.elem, loc=loc), loc)), "key"), loc), 1, loc)
            keys = Var(keys_name, array_type(MATH_INT), loc)
        moved = [(name, arr, lv.elem)] if key is None else [(name, arr, lv.elem), (keys.name, keys, MATH_INT)]
        later = "lt" if reverse else "gt"  # keys[j] `later` the key: item j moves right

        def outer(i: Var) -> None:
            held = [self.spill(Select(a, i, None, elem, loc=loc), "held") for _, a, elem in moved]
            mine = as_int(held[-1])
            j = Var(self.fresh("j", MATH_INT), MATH_INT, loc)
            self.emit(Assign(j.name, minus(i, num(1, loc), loc), loc))
            moves = compare(later, as_int(Select(keys, j, None, moved[-1][2], loc=loc)), mine, loc)
            shift = [Assign(n, Store(a, plus(j, num(1, loc), loc), Select(a, j, None, elem, loc=loc), None,
                                     array_type(elem), loc=loc), loc) for n, a, elem in moved]
            self.emit(While(Binary("land", compare("ge", j, num(0, loc), loc), moves, BOOL, loc),
                            shift + [Assign(j.name, minus(j, num(1, loc), loc), loc)], [], loc))
            for (n, a, elem), h in zip(moved, held):
                self.emit(Assign(n, Store(a, plus(j, num(1, loc), loc), h, None, array_type(elem), loc=loc), loc))

        self.counted("i", num(1, loc), lambda i: compare("lt", i, length, loc), outer, 1, loc)
        return ListValue(arr, length, lv.elem, name)
