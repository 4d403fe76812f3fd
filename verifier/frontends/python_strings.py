"""Lowering of Python strings, as immutable lists of code points (see `python_types.STR`).

A ``str`` value is a list of code points: a literal is a list of constants,
``s[i]`` a new string of length 1 (``IndexError: string index out of range``
checked as for lists), ``s[a:b:k]`` a slice, ``+`` a concatenation, ``==`` and
``!=`` an item-wise comparison, ``len`` the length, ``for ch in s`` binds
strings of length 1. ``sub in s``, ``s.find(sub)``, ``s.index(sub)``
(ValueError: check ``value``), ``s.startswith(p)``, ``s.endswith(p)`` and
``s.count(sub)`` are loops over positions. ``ord(c)`` is the code point (a
string of another length raises TypeError: check ``type``), ``chr(i)`` checks ``0 <= i <= 0x10FFFF`` (ValueError). Nothing
constrains the code points of a string parameter: a witness whose string
holds a number outside that range is called with ``?`` in its place (the
replay worker's choice; a real run is what confirms it). ``split`` and
``join`` are `python_nested`'s, ``strip``, ``lower``, ``replace``, ``isdigit``
and the other methods making strings or testing characters
`python_text_methods`'; ``<``, ``<=``, ``>`` and ``>=`` of two strings (or two
lists) compare lexicographically by code point (`IterLowerer.list_order`).
"""

from __future__ import annotations

import ast

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Binary, Break, Const, Expr, If, Loc, Select, Var,
                         While, length_name)

from .python_base import as_int
from .python_iterate import IterLowerer
from .python_lists import ListValue
from .python_types import ListOf, array_type, expr_type

__all__ = ["StringLowerer", "MAX_CODE_POINT"]

#: the largest code point `chr` accepts
MAX_CODE_POINT = 0x10FFFF


def _int(v: int, loc: Loc) -> Const:
    return Const(v, MATH_INT, loc)


class StringLowerer(IterLowerer):
    """String literals, items, and the string methods and builtins."""

    def is_text(self, t: Tree | Token | None) -> bool:
        """`t` is (syntactically) a string-valued expression."""
        st = expr_type(t, self._type_env(), self.list_functions())
        return isinstance(st, ListOf) and st.text

    def text_list(self, codes: list[int], loc: Loc) -> ListValue:
        """A new string holding the code points `codes`."""
        name, _ = self.new_list(MATH_INT, loc, "str")
        for c in codes:
            self.append(name, MATH_INT, _int(c, loc), loc)
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name,
                         len(codes))

    def _literal(self, t: Tree) -> str:
        """The value of a string literal (f-strings and bytes are unsupported)."""
        parts = t.children if t.data == "string_concat" else [t]
        text = ""
        for part in parts:
            token = str(part.children[0])
            prefix = token[:len(token) - len(token.lstrip("rRbBuUfF"))].lower()
            if "f" in prefix or "b" in prefix:
                raise self.error(part, "unsupported construct: f-string or bytes literal")
            text += ast.literal_eval(token)
        return text

    def _l_string(self, t: Tree) -> ListValue:
        return self.text_list([ord(c) for c in self._literal(t)], self.loc(t))

    def _l_string_concat(self, t: Tree) -> ListValue:
        return self.text_list([ord(c) for c in self._literal(t)], self.loc(t))

    def text_item(self, lv: ListValue, sub: Tree | Token, loc: Loc) -> ListValue:
        """``s[i]``: a new string of length 1, after the bounds check."""
        pos = self.index(lv, as_int(self.expr(sub)), loc, "IndexError: string index out of range")
        code = self.hold(Select(lv.array, pos, None, MATH_INT, loc=loc), "code")
        name, _ = self.new_list(MATH_INT, loc, "char")
        self.append(name, MATH_INT, code, loc)
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name, 1)

    def char_value(self, code: Expr, loc: Loc) -> ListValue:
        """A new string of the one code point `code` (an item a loop binds)."""
        name, _ = self.new_list(MATH_INT, loc, "char")
        self.append(name, MATH_INT, code, loc)
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name, 1)

    # ------------------------------------------------------- substrings

    def find_text(self, text: ListValue, sub: ListValue, loc: Loc, start_at_end: bool = False) -> Var:
        """The first position where `sub` occurs in `text` (-1 if nowhere), by a loop."""
        found = Var(self.fresh("found", MATH_INT), MATH_INT, loc)
        self.emit(Assign(found.name, _int(-1, loc), loc))
        last = self.hold(Binary("sub", text.length, sub.length, MATH_INT, loc), "last")

        def at(i: Var) -> None:
            same = self.matches_at(text, sub, i, loc)
            self.emit(If(same, [Assign(found.name, i, loc), Break(loc)], [], loc))
        self.counted("i", _int(0, loc), lambda i: Binary("le", i, last, BOOL, loc), at, 1, loc)
        return found

    def matches_at(self, text: ListValue, sub: ListValue, i: Expr, loc: Loc) -> Var:
        """Whether `sub` occurs in `text` at position `i` (``0 <= i``, `i` + len(sub) within text)."""
        same = Var(self.fresh("same", BOOL), BOOL, loc)
        if sub.size is not None:  # a literal: one comparison per character, no loop
            acc: Expr = Const(1, BOOL, loc)
            for j in range(sub.size):
                a = Select(text.array, Binary("add", i, _int(j, loc), MATH_INT, loc), None, MATH_INT, loc=loc)
                b = Select(sub.array, _int(j, loc), None, MATH_INT, loc=loc)
                acc = Binary("eq", a, b, BOOL, loc) if j == 0 else Binary("land", acc, Binary("eq", a, b, BOOL, loc),
                                                                            BOOL, loc)
            self.emit(Assign(same.name, acc, loc))
            return same
        self.emit(Assign(same.name, Const(1, BOOL, loc), loc))

        def cmp(j: Var) -> None:
            a = Select(text.array, Binary("add", i, j, MATH_INT, loc), None, MATH_INT, loc=loc)
            b = Select(sub.array, j, None, MATH_INT, loc=loc)
            self.emit(If(Binary("ne", a, b, BOOL, loc), [Assign(same.name, Const(0, BOOL, loc), loc), Break(loc)],
                         [], loc))
        self.counted("j", _int(0, loc), lambda j: Binary("lt", j, sub.length, BOOL, loc), cmp, 1, loc)
        return same

    def contains_text(self, sub: ListValue, text: ListValue, loc: Loc) -> Expr:
        """``sub in text`` for strings (a substring test)."""
        return Binary("ge", self.find_text(text, sub, loc), _int(0, loc), BOOL, loc)

    # ---------------------------------------------------------- methods

    def text_method(self, t: Tree, discard: bool) -> Expr:
        """``s.m(...)`` of a string `s`."""
        callee = t.children[0]
        receiver, method = callee.children
        method = str(method)
        loc = self.loc(t)
        args = self.positional_args(t)
        text = self.list_value(receiver)
        if text.name is not None:
            text = self.snapshot(text, loc)
        if method in ("find", "index", "startswith", "endswith", "count"):
            if len(args) != 1 or not self.is_text(args[0]):
                raise self.error(t, f"unsupported construct: str.{method}() with these arguments")
            sub = self.list_value(args[0])
            if method in ("find", "index"):
                pos = self.find_text(text, sub, loc)
                if method == "index":
                    self.emit(Assert(Binary("ge", pos, _int(0, loc), BOOL, loc), "value",
                                     "ValueError: substring not found", loc))
                return pos
            if method == "count":
                return self._count_text(text, sub, loc)
            start = _int(0, loc) if method == "startswith" else self.hold(
                Binary("sub", text.length, sub.length, MATH_INT, loc), "start")
            fits = Binary("le", sub.length, text.length, BOOL, loc)
            result = Var(self.fresh(method, BOOL), BOOL, loc)
            self.emit(Assign(result.name, Const(0, BOOL, loc), loc))
            body, _ = self.capture(lambda: self.emit(Assign(result.name, self.matches_at(text, sub, start, loc), loc)))
            self.emit(If(fits, body, [], loc))
            return result
        raise self.error(t, f"unsupported construct: str method '{method}'")

    def _count_text(self, text: ListValue, sub: ListValue, loc: Loc) -> Expr:
        """Non-overlapping occurrences of `sub` in `text` (``len(text) + 1`` for an empty `sub`)."""
        count = Var(self.fresh("count", MATH_INT), MATH_INT, loc)
        empty, _ = self.capture(lambda: self.emit(
            Assign(count.name, Binary("add", text.length, _int(1, loc), MATH_INT, loc), loc)))
        i = Var(self.fresh("i", MATH_INT), MATH_INT, loc)

        def scan() -> None:
            self.emit(Assign(count.name, _int(0, loc), loc))
            self.emit(Assign(i.name, _int(0, loc), loc))
            last = Binary("sub", text.length, sub.length, MATH_INT, loc)
            step, _ = self.capture(lambda: self._count_step(text, sub, i, count, loc))
            self.emit(While(Binary("le", i, last, BOOL, loc), step, [], loc))
        nonempty, _ = self.capture(scan)
        self.emit(If(Binary("eq", sub.length, _int(0, loc), BOOL, loc), empty, nonempty, loc))
        return count

    def _count_step(self, text: ListValue, sub: ListValue, i: Var, count: Var, loc: Loc) -> None:
        same = self.matches_at(text, sub, i, loc)
        self.emit(If(same, [Assign(count.name, Binary("add", count, _int(1, loc), MATH_INT, loc), loc),
                            Assign(i.name, Binary("add", i, sub.length, MATH_INT, loc), loc)],
                     [Assign(i.name, Binary("add", i, _int(1, loc), MATH_INT, loc), loc)], loc))

    # --------------------------------------------------------- builtins

    def _b_ord(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        if len(args) != 1 or not self.is_text(args[0]):
            raise self.error(t, "unsupported construct: ord() of something other than a string")
        c = self.list_value(args[0])
        self.emit(Assert(Binary("eq", c.length, _int(1, loc), BOOL, loc), "type",
                         "TypeError: ord() expected a character, but the string's length is not 1", loc))
        return self.hold(Select(c.array, _int(0, loc), None, MATH_INT, loc=loc), "ord")

    def _l_chr(self, t: Tree, args: list[Tree], loc: Loc) -> ListValue:
        code = self.spill(as_int(self.expr(args[0])), "code")
        ok = Binary("land", Binary("le", _int(0, loc), code, BOOL, loc),
                    Binary("le", code, _int(MAX_CODE_POINT, loc), BOOL, loc), BOOL, loc)
        self.emit(Assert(ok, "value", "ValueError: chr() arg not in range(0x110000)", loc))
        return self.char_value(code, loc)

