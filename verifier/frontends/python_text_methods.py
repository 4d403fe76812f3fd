"""Lowering of the ``str`` methods that make a new string or test characters, by the Unicode tables CPython uses.

A string is a list of code points (`python_strings`). Supported here:

- ``s.strip()``, ``s.lstrip()``, ``s.rstrip()`` (whitespace: ``str.isspace()``),
  and with an argument of characters to strip (a string, or None);
- ``s.lower()`` and ``s.upper()``, character by character as CPython maps
  them (a few code points map to two or three: ``"ß".upper()`` is ``"SS"``);
- ``s.replace(old, new[, count])``: the non-overlapping occurrences of `old`,
  left to right (an empty `old` matches before every character and at the end);
- ``s * n`` and ``n * s`` (also of a list): `s` repeated, empty for ``n <= 0``;
- ``s.rfind(sub)``, ``s.rindex(sub)`` (ValueError: check ``value``);
- ``s.isspace()``, ``s.isdigit()``, ``s.isdecimal()``, ``s.isnumeric()``,
  ``s.isalpha()``, ``s.isalnum()`` (false for the empty string) and
  ``s.isascii()`` (true for it);
- ``s.islower()``, ``s.isupper()``: no character of the other case (nor a
  titlecase one), and one of this case.

Character classes and case maps come from `python_char_tables`, made from
the Unicode database `UNICODE_VERSION`; on a CPython with another one these
methods are unsupported rather than possibly wrong. A table becomes a
balanced tree of comparisons (`in_ranges`, `mapped`), so that one character
costs a few comparisons, not one per range.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Binary, Break, Const, Expr, If, Ite, Loc, Select, Var, While,
                         length_name)

from .python_base import as_int, negate
from .python_char_tables import (ALPHA_RANGES, DECIMAL_RANGES, DIGIT_RANGES, LOWER_RUNS, LOWER_SPECIAL,
                                 LOWERCASE_RANGES, NUMERIC_RANGES, SPACE_RANGES, TITLECASE_RANGES, UNICODE_VERSION,
                                 UPPER_RUNS, UPPER_SPECIAL, UPPERCASE_RANGES)
from .python_format import FormatLowerer
from .python_lists import ListValue, compare, minus, num, plus
from .python_types import TEXT_METHODS, array_type

__all__ = ["TextMethodLowerer", "in_ranges", "mapped", "TEXT_RESULT_METHODS", "CLASS_TESTS", "CASE_TESTS"]

Ranges = tuple[tuple[int, int], ...]
#: the methods of a string whose value is a new string, made here
TEXT_RESULT_METHODS = TEXT_METHODS - {"split", "join"}
#: ``s.isX()``: the code points each accepts
CLASS_TESTS: dict[str, Ranges] = {
    "isspace": SPACE_RANGES, "isdigit": DIGIT_RANGES, "isalpha": ALPHA_RANGES, "isnumeric": NUMERIC_RANGES,
    "isdecimal": DECIMAL_RANGES, "isascii": ((0, 127),),
    "isalnum": tuple(sorted(ALPHA_RANGES + NUMERIC_RANGES))}
#: ``s.islower()`` / ``s.isupper()``: (the characters that make it false, those it needs one of); other
#: characters (uncased ones) do not matter, as in CPython
CASE_TESTS: dict[str, tuple[Ranges, Ranges]] = {
    "islower": (tuple(sorted(UPPERCASE_RANGES + TITLECASE_RANGES)), LOWERCASE_RANGES),
    "isupper": (tuple(sorted(LOWERCASE_RANGES + TITLECASE_RANGES)), UPPERCASE_RANGES)}
#: at most this many ranges are tested one after the other; more are split in two halves
_LEAF = 4


def _within(c: Expr, low: int, high: int, loc: Loc) -> Expr:
    if low == high:
        return compare("eq", c, num(low, loc), loc)
    return Binary("land", compare("le", num(low, loc), c, loc), compare("le", c, num(high, loc), loc), BOOL, loc)


def in_ranges(c: Expr, ranges: Ranges, loc: Loc) -> Expr:
    """Code point `c` lies in one of `ranges` (sorted, disjoint): a balanced tree of comparisons."""
    if len(ranges) <= _LEAF:
        out: Expr = Const(0, BOOL, loc)
        for low, high in ranges:
            out = _within(c, low, high, loc) if out == Const(0, BOOL, loc) else Binary("lor", out, _within(
                c, low, high, loc), BOOL, loc)
        return out
    mid = len(ranges) // 2
    return Ite(compare("lt", c, num(ranges[mid][0], loc), loc), in_ranges(c, ranges[:mid], loc),
               in_ranges(c, ranges[mid:], loc), BOOL, loc)


def mapped(c: Expr, runs: tuple[tuple[int, int, int, int], ...], loc: Loc) -> Expr:
    """The code point `runs` map `c` to (`c` itself outside them): a balanced tree of comparisons."""
    if not runs:
        return c
    if len(runs) == 1:
        first, last, stride, delta = runs[0]
        hit = _within(c, first, last, loc)
        if stride != 1:
            offset = Binary("floormod", minus(c, num(first, loc), loc), num(stride, loc), MATH_INT, loc)
            hit = Binary("land", hit, compare("eq", offset, num(0, loc), loc), BOOL, loc)
        return Ite(hit, plus(c, num(delta, loc), loc), c, MATH_INT, loc)
    mid = len(runs) // 2
    return Ite(compare("lt", c, num(runs[mid][0], loc), loc), mapped(c, runs[:mid], loc), mapped(c, runs[mid:], loc),
               MATH_INT, loc)


def _special(c: Expr, special: dict[int, tuple[int, ...]], part: Callable[[tuple[int, ...]], int], default: Expr,
             loc: Loc) -> Expr:
    """``part(special[c])`` when `c` is a key of `special`, else `default`."""
    out = default
    for key, value in special.items():
        out = Ite(compare("eq", c, num(key, loc), loc), num(part(value), loc), out, MATH_INT, loc)
    return out


class TextMethodLowerer(FormatLowerer):
    """String methods that make new strings or test characters (see the module docstring)."""

    def unicode_tables(self, node: Tree) -> None:
        """Refuse `node` when the tables were made from another Unicode database than this CPython's."""
        if unicodedata.unidata_version != UNICODE_VERSION:
            raise self.error(node, f"unsupported construct: this str method on a CPython whose Unicode database "
                                   f"({unicodedata.unidata_version}) is not {UNICODE_VERSION}")

    def _receiver(self, t: Tree) -> ListValue:
        """The string a method call `t` is made on, held now."""
        text = self.list_value(t.children[0].children[0])
        return self.snapshot(text, self.loc(t)) if text.name is not None else text

    def _text_arg(self, t: Tree, a: Tree | Token) -> ListValue:
        if not self.is_text(a):
            raise self.error(t, f"unsupported construct: str.{t.children[0].children[1]}() of something other "
                                "than strings")
        lv = self.list_value(a)
        return self.snapshot(lv, self.loc(t)) if lv.name is not None else lv

    def _result(self, name: str, loc: Loc) -> ListValue:
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name)

    # ------------------------------------------------- hooks of other layers

    def _l_funccall(self, t: Tree) -> ListValue | None:
        callee = t.children[0]
        if not (isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) in
                TEXT_RESULT_METHODS and self.is_text(callee.children[0])):
            return super()._l_funccall(t)
        method = str(callee.children[1])
        if method in ("lower", "upper"):
            self._arity_of(t, 0)
            self.unicode_tables(t)
            return self._case(t, LOWER_RUNS if method == "lower" else UPPER_RUNS,
                              LOWER_SPECIAL if method == "lower" else UPPER_SPECIAL)
        if method == "replace":
            return self._replace(t)
        return self._strip(t, method)

    def _l_term(self, t: Tree) -> ListValue | None:
        """``s * n`` and ``n * s`` of a string or list `s` (after ``[c] * n``)."""
        found = super()._l_term(t)
        if found is not None or len(t.children) != 3 or str(t.children[1]) != "*":
            return found
        left, _op, right = t.children
        if self.is_list(left) == self.is_list(right):
            return None
        loc = self.loc(t)
        if self.is_list(left):
            lv = self.list_value(left)
            lv = self.snapshot(lv, loc) if lv.name is not None else lv
            count = self.spill(as_int(self.expr(right)), "n")
        else:
            count = self.spill(as_int(self.expr(left)), "n")
            lv = self.list_value(right)
            lv = self.snapshot(lv, loc) if lv.name is not None else lv
        name, _ = self.new_list(lv.elem, loc, "rep")
        self.counted("r", num(0, loc), lambda r: compare("lt", r, count, loc),
                     lambda r: self.copy_all(name, lv, loc), 1, loc)
        return ListValue(Var(name, array_type(lv.elem), loc), Var(length_name(name), MATH_INT, loc), lv.elem, name)

    def text_method(self, t: Tree, discard: bool) -> Expr:
        """``s.isX()``, ``s.rfind(sub)``, ``s.rindex(sub)``; a method making a
        string used as a statement; other methods as before."""
        method = str(t.children[0].children[1])
        if method in CLASS_TESTS:
            self._arity_of(t, 0)
            self.unicode_tables(t)
            return self._all_in(self._receiver(t), CLASS_TESTS[method], method != "isascii", self.loc(t))
        if method in CASE_TESTS:
            self._arity_of(t, 0)
            self.unicode_tables(t)
            return self._cased(self._receiver(t), *CASE_TESTS[method], self.loc(t))
        if method in ("rfind", "rindex"):
            return self._rfind(t, method == "rindex")
        if method in TEXT_RESULT_METHODS and discard:
            self.list_value(t)
            return Const(0, MATH_INT, self.loc(t))
        return super().text_method(t, discard)

    # ------------------------------------------------- the methods

    def _all_in(self, text: ListValue, ranges: Ranges, nonempty: bool, loc: Loc) -> Expr:
        """Every character of `text` lies in `ranges` (and, if `nonempty`, there is one)."""
        result = Var(self.fresh("every", BOOL), BOOL, loc)
        self.emit(Assign(result.name, compare("gt", text.length, num(0, loc), loc) if nonempty else Const(1, BOOL, loc),
                         loc))

        def each(k: Var) -> None:
            c = self.hold(Select(text.array, k, None, MATH_INT, loc=loc), "char")
            self.emit(If(negate(in_ranges(c, ranges, loc), loc), [Assign(result.name, Const(0, BOOL, loc), loc),
                                                                    Break(loc)], [], loc))
        self.counted("k", num(0, loc), lambda k: compare("lt", k, text.length, loc), each, 1, loc)
        return result

    def _cased(self, text: ListValue, spoiling: Ranges, needed: Ranges, loc: Loc) -> Expr:
        """No character of `text` lies in `spoiling` and one lies in `needed` (``str.islower``, ``isupper``)."""
        seen = Var(self.fresh("cased", BOOL), BOOL, loc)
        spoilt = Var(self.fresh("spoilt", BOOL), BOOL, loc)
        self.emit(Assign(seen.name, Const(0, BOOL, loc), loc))
        self.emit(Assign(spoilt.name, Const(0, BOOL, loc), loc))

        def each(k: Var) -> None:
            c = self.hold(Select(text.array, k, None, MATH_INT, loc=loc), "char")
            self.emit(If(in_ranges(c, spoiling, loc), [Assign(spoilt.name, Const(1, BOOL, loc), loc), Break(loc)],
                         [If(in_ranges(c, needed, loc), [Assign(seen.name, Const(1, BOOL, loc), loc)], [], loc)],
                         loc))
        self.counted("k", num(0, loc), lambda k: compare("lt", k, text.length, loc), each, 1, loc)
        return self.hold(Binary("land", seen, negate(spoilt, loc), BOOL, loc), "case")

    def _strip(self, t: Tree, method: str) -> ListValue:
        """``s.strip([chars])`` (``lstrip``, ``rstrip``): the slice between the
        first and after the last character not stripped."""
        args = self._arity_of(t, 0, 1)
        loc = self.loc(t)
        text = self._receiver(t)
        if not args or (isinstance(args[0], Tree) and args[0].data == "const_none"):
            self.unicode_tables(t)
            chars = None
        else:
            chars = self._text_arg(t, args[0])

        def stripped(c: Expr) -> Expr:
            if chars is None:
                return in_ranges(c, SPACE_RANGES, loc)
            return self.contains(c, chars, loc)
        start = Var(self.fresh("start", MATH_INT), MATH_INT, loc)
        stop = Var(self.fresh("stop", MATH_INT), MATH_INT, loc)
        self.emit(Assign(start.name, num(0, loc), loc))
        self.emit(Assign(stop.name, text.length, loc))
        if method in ("strip", "lstrip"):
            self._skip(text, start, start, stop, start, stripped, 1, loc)
        if method in ("strip", "rstrip"):
            self._skip(text, stop, start, stop, minus(stop, num(1, loc), loc), stripped, -1, loc)
        name, _ = self.new_list(MATH_INT, loc, method)
        self.copy_into(name, text, start, stop, 1, loc)
        return self._result(name, loc)

    def _skip(self, text: ListValue, at: Var, start: Var, stop: Var, char_at: Expr,
              stripped: Callable[[Expr], Expr], step: int, loc: Loc) -> None:
        """Move `at` (`start` or `stop`) by `step` while ``start < stop`` and
        the character of `text` at `char_at` is stripped."""
        def body() -> None:
            self.emit(If(compare("ge", start, stop, loc), [Break(loc)], [], loc))
            c = self.hold(Select(text.array, char_at, None, MATH_INT, loc=loc), "char")
            hit = self.hold(stripped(c), "stripped")
            self.emit(If(negate(hit, loc), [Break(loc)], [], loc))
            self.emit(Assign(at.name, plus(at, num(step, loc), loc), loc))
        stmts, _ = self.capture(body)
        self.emit(While(Const(1, BOOL, loc), stmts, [], loc))

    def _case(self, t: Tree, runs: tuple[tuple[int, int, int, int], ...],
              special: dict[int, tuple[int, ...]]) -> ListValue:
        """``s.lower()`` / ``s.upper()``: each character mapped by `runs`, or
        replaced by the two or three of `special`."""
        loc = self.loc(t)
        text = self._receiver(t)
        name, _ = self.new_list(MATH_INT, loc, "case")

        def each(k: Var) -> None:
            c = self.hold(Select(text.array, k, None, MATH_INT, loc=loc), "char")
            size = self.hold(_special(c, special, len, num(1, loc), loc), "size")
            self.append(name, MATH_INT, _special(c, special, lambda v: v[0], mapped(c, runs, loc), loc), loc)
            for more in (1, 2):
                if any(len(v) > more for v in special.values()):
                    tail = [v for v in special.items() if len(v[1]) > more]
                    extra, _ = self.capture(lambda more=more, tail=tail: self.append(
                        name, MATH_INT, _special(c, dict(tail), lambda v: v[more], num(0, loc), loc), loc))
                    self.emit(If(compare("gt", size, num(more, loc), loc), extra, [], loc))
        self.counted("k", num(0, loc), lambda k: compare("lt", k, text.length, loc), each, 1, loc)
        return self._result(name, loc)

    def _replace(self, t: Tree) -> ListValue:
        """``s.replace(old, new[, count])``: left to right, each occurrence of
        `old` not overlapping the one before replaced, at most `count` of them
        when it is not negative; an empty `old` occurs before every character
        and at the end."""
        args = self._arity_of(t, 2, 3)
        loc = self.loc(t)
        text = self._receiver(t)
        old, new = self._text_arg(t, args[0]), self._text_arg(t, args[1])
        count = self.spill(as_int(self.expr(args[2])), "count") if len(args) == 3 else None
        name, _ = self.new_list(MATH_INT, loc, "replaced")
        i = Var(self.fresh("i", MATH_INT), MATH_INT, loc)
        done = Var(self.fresh("done", MATH_INT), MATH_INT, loc)
        self.emit(Assign(i.name, num(0, loc), loc))
        self.emit(Assign(done.name, num(0, loc), loc))

        def step() -> None:
            fits = compare("le", plus(i, old.length, loc), text.length, loc)
            if count is not None:
                fits = Binary("land", fits, Binary("lor", compare("lt", count, num(0, loc), loc),
                                                   compare("lt", done, count, loc), BOOL, loc), BOOL, loc)
            same = Var(self.fresh("same", BOOL), BOOL, loc)
            self.emit(Assign(same.name, Const(0, BOOL, loc), loc))
            test, _ = self.capture(lambda: self.emit(Assign(same.name, self.matches_at(text, old, i, loc), loc)))
            self.emit(If(fits, test, [], loc))
            copy_char, _ = self.capture(lambda: self.append(name, MATH_INT, Select(text.array, i, None, MATH_INT,
                                                                                 loc=loc), loc))
            keep = If(compare("lt", i, text.length, loc), copy_char, [], loc)
            swap, _ = self.capture(lambda: self.copy_all(name, new, loc))
            swap.append(Assign(done.name, plus(done, num(1, loc), loc), loc))
            swap.append(If(compare("eq", old.length, num(0, loc), loc),
                           [keep, Assign(i.name, plus(i, num(1, loc), loc), loc)],
                           [Assign(i.name, plus(i, old.length, loc), loc)], loc))
            self.emit(If(same, swap, [keep, Assign(i.name, plus(i, num(1, loc), loc), loc)], loc))
        body, _ = self.capture(step)
        self.emit(While(compare("le", i, text.length, loc), body, [], loc))
        return self._result(name, loc)

    def _rfind(self, t: Tree, checked: bool) -> Expr:
        """``s.rfind(sub)`` / ``s.rindex(sub)``: the last position where `sub`
        occurs (``len(s)`` for an empty one), else -1 or ValueError."""
        (arg,) = self._arity_of(t, 1)
        loc = self.loc(t)
        text = self._receiver(t)
        sub = self._text_arg(t, arg)
        found = Var(self.fresh("found", MATH_INT), MATH_INT, loc)
        self.emit(Assign(found.name, num(-1, loc), loc))

        def at(i: Var) -> None:
            same = self.matches_at(text, sub, i, loc)
            self.emit(If(same, [Assign(found.name, i, loc), Break(loc)], [], loc))
        self.counted("i", minus(text.length, sub.length, loc), lambda i: compare("ge", i, num(0, loc), loc), at, -1,
                     loc)
        if checked:
            self.emit(Assert(compare("ge", found, num(0, loc), loc), "value", "ValueError: substring not found", loc))
        return found
