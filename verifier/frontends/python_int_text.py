"""Lowering of ``int(s)`` and ``int(s, base)`` of a string, as CPython's ``int()`` reads it.

CPython (``PyLong_FromUnicodeObject``) first maps every non-ASCII character
that ``str.isspace()`` accepts to a space and every decimal digit (Unicode
category Nd) to its ASCII digit, then reads: ASCII whitespace (``\\t\\n\\v\\f\\r``
and space; not 0x1C-0x1F), an optional sign, digits with single underscores
between them (leading zeros allowed), ASCII whitespace, the end. A digit is a
decimal digit below the base or, in bases above 10, an ASCII letter (``a``
and ``A`` are 10); in bases 2, 8 and 16 the digits may start with the prefix
``0b``, ``0o`` or ``0x`` (either case) and one underscore. Anything else is
``ValueError: invalid literal for int() with base B``, as is, in a base that
is no power of two, a string of more digits than
`program_digit_limit` (the program's ``sys.get_int_max_str_digits()``; replay
calls the program under it). The base must be a constant
from 2 to 36 (base 0, which reads the base from a prefix, is unsupported).

The model is a loop over the characters, a state machine (`LEAD` ... `BAD`)
accumulating the value; its character classes are tables of the Unicode
database (`UNICODE_VERSION`): on a CPython with another one, ``int(s)`` is
unsupported rather than possibly wrong.
"""

from __future__ import annotations

import unicodedata

from lark import Tree

from verifier.ir import BOOL, MATH_INT, Assert, Assign, Assume, Binary, Const, Expr, Ite, Loc, Select, Unary, Var

from .python_base import negate
from .python_dict_values import DictValueLowerer
from verifier.digit_limit import program_digit_limit
from .python_lists import ListValue, compare, num, plus

__all__ = ["IntTextLowerer", "UNICODE_VERSION", "DIGIT_RUNS", "SPACES"]

#: the Unicode database the tables below come from (``unicodedata.unidata_version``)
UNICODE_VERSION = "14.0.0"
#: the first code point of each run of ten decimal digits, 0 to 9 (``str.isdecimal``)
DIGIT_RUNS = (48, 1632, 1776, 1984, 2406, 2534, 2662, 2790, 2918, 3046, 3174, 3302, 3430, 3558, 3664, 3792, 3872,
              4160, 4240, 6112, 6160, 6470, 6608, 6784, 6800, 6992, 7088, 7232, 7248, 42528, 43216, 43264, 43472,
              43504, 43600, 44016, 65296, 66720, 68912, 69734, 69872, 69942, 70096, 70384, 70736, 70864, 71248,
              71360, 71472, 71904, 72016, 72784, 73040, 73120, 92768, 92864, 93008, 120782, 120792, 120802, 120812,
              120822, 123200, 123632, 125264, 130032)
#: the ranges of code points ``int()`` skips around the digits: ASCII whitespace, and the
#: non-ASCII characters ``str.isspace()`` accepts
SPACES = ((9, 13), (32, 32), (133, 133), (160, 160), (5760, 5760), (8192, 8202), (8232, 8233), (8239, 8239),
          (8287, 8287), (12288, 12288))
#: states of the reading: before the number, after the sign, after a digit,
#: after an underscore, after the number, on a character that makes it invalid,
#: and (bases 2, 8 and 16) after a first digit 0, after the prefix (``0x``), after its underscore
LEAD, SIGN, DIGIT, UNDERSCORE, TRAIL, BAD, ZERO, PREFIX, PREFIX_UNDERSCORE = range(9)
#: the letter of each base's prefix (``0b``, ``0o``, ``0x``, either case)
PREFIXES = {2: "b", 8: "o", 16: "x"}
_PLUS, _MINUS, _UNDERSCORE = ord("+"), ord("-"), ord("_")


def _within(c: Expr, low: int, high: int, loc: Loc) -> Expr:
    if low == high:
        return compare("eq", c, num(low, loc), loc)
    return Binary("land", compare("le", num(low, loc), c, loc), compare("le", c, num(high, loc), loc), BOOL, loc)


def digit_value(c: Expr, loc: Loc) -> Expr:
    """The decimal value of code point `c`, or -1 when it is no decimal digit."""
    value: Expr = num(-1, loc)
    for start in reversed(DIGIT_RUNS[1:]):
        value = Ite(_within(c, start, start + 9, loc), Binary("sub", c, num(start, loc), MATH_INT, loc), value,
                    MATH_INT, loc)
    ascii_digit = Binary("sub", c, num(48, loc), MATH_INT, loc)
    return Ite(_within(c, 48, 57, loc), ascii_digit, Ite(compare("lt", c, num(128, loc), loc), num(-1, loc), value,
                                                         MATH_INT, loc), MATH_INT, loc)


def digit_in_base(c: Expr, decimal: Expr, base: int, loc: Loc) -> Expr:
    """The value of code point `c` (whose `digit_value` is `decimal`) as a digit
    of `base`, or -1: a decimal digit below the base, or an ASCII letter (a or A
    is 10) below it."""
    value: Expr = Ite(compare("lt", decimal, num(base, loc), loc), decimal, num(-1, loc), MATH_INT, loc) \
        if base < 10 else decimal
    if base > 10:
        for first in (ord("a"), ord("A")):
            letter = Binary("sub", c, num(first - 10, loc), MATH_INT, loc)
            value = Ite(_within(c, first, first + base - 11, loc), letter, value, MATH_INT, loc)
    return value


def is_space(c: Expr, loc: Loc) -> Expr:
    """Code point `c` is whitespace for ``int()``."""
    out = _within(c, *SPACES[0], loc)
    for low, high in SPACES[1:]:
        out = Binary("lor", out, _within(c, low, high, loc), BOOL, loc)
    return out


class IntTextLowerer(DictValueLowerer):
    """``int(s)`` and ``int(s, base)`` of a string."""

    def int_of_text(self, node: Tree, text: ListValue, loc: Loc, base: int = 10) -> Expr:
        """``int(text, base)``: ValueError unless `text` reads as an integer in
        `base` (2 to 36; see the module docstring)."""
        if unicodedata.unidata_version != UNICODE_VERSION:
            raise self.error(node, f"unsupported construct: int() of a string on a CPython whose Unicode database "
                                   f"({unicodedata.unidata_version}) is not {UNICODE_VERSION}")
        assert 2 <= base <= 36
        prefix = PREFIXES.get(base)
        text = self.snapshot(text, loc) if text.name is not None else text
        state = Var(self.fresh("state", MATH_INT), MATH_INT, loc)
        value = Var(self.fresh("value", MATH_INT), MATH_INT, loc)
        digits = Var(self.fresh("digits", MATH_INT), MATH_INT, loc)
        negative = Var(self.fresh("negative", BOOL), BOOL, loc)
        for var, start in ((state, num(LEAD, loc)), (value, num(0, loc)), (digits, num(0, loc)),
                           (negative, Const(0, BOOL, loc))):
            self.emit(Assign(var.name, start, loc))

        def at(*states: int) -> Expr:
            out = compare("eq", state, num(states[0], loc), loc)
            for s in states[1:]:
                out = Binary("lor", out, compare("eq", state, num(s, loc), loc), BOOL, loc)
            return out

        def either(cond: Expr, then: Expr, other: Expr) -> Expr:
            return Ite(cond, then, other, then.type, loc)

        def read(i: Var) -> None:  # straight-line code: one step of the model per character
            c = self.hold(Select(text.array, i, None, MATH_INT, loc=loc), "char")
            decimal = self.hold(digit_value(c, loc), "decimal")
            self.emit(Assume(_within(decimal, -1, 9, loc), loc))  # true, and it spares solvers a case split per run
            d = self.hold(digit_in_base(c, decimal, base, loc), "digit")
            space = self.hold(is_space(c, loc), "space")
            is_sign = Binary("lor", compare("eq", c, num(_PLUS, loc), loc), compare("eq", c, num(_MINUS, loc), loc),
                             BOOL, loc)
            adds = self.hold(Binary("land", compare("ge", d, num(0, loc), loc), negate(at(TRAIL), loc), BOOL, loc),
                             "adds")
            signs = self.hold(Binary("land", is_sign, at(LEAD), BOOL, loc), "signs")
            underscore = compare("eq", c, num(_UNDERSCORE, loc), loc)
            after_space = either(at(LEAD), num(LEAD, loc), either(at(DIGIT, TRAIL, ZERO), num(TRAIL, loc),
                                                                  num(BAD, loc)))
            after_other = either(Binary("land", underscore, at(DIGIT, ZERO), BOOL, loc), num(UNDERSCORE, loc),
                                 num(BAD, loc))
            after_digit: Expr = num(DIGIT, loc)
            if prefix is not None:  # ``0x`` (``0o``, ``0b``) and one underscore may come first
                letter = Binary("lor", compare("eq", c, num(ord(prefix), loc), loc),
                                compare("eq", c, num(ord(prefix.upper()), loc), loc), BOOL, loc)
                after_other = either(Binary("land", letter, at(ZERO), BOOL, loc), num(PREFIX, loc), either(
                    Binary("land", underscore, at(PREFIX), BOOL, loc), num(PREFIX_UNDERSCORE, loc), after_other))
                after_digit = either(Binary("land", at(LEAD, SIGN), compare("eq", d, num(0, loc), loc), BOOL, loc),
                                     num(ZERO, loc), after_digit)
            after_other = either(adds, after_digit, either(signs, num(SIGN, loc), after_other))
            self.emit(Assign(value.name, either(adds, plus(Binary("mul", value, num(base, loc), MATH_INT, loc), d,
                                                           loc), value), loc))
            self.emit(Assign(digits.name, either(adds, plus(digits, num(1, loc), loc), digits), loc))
            self.emit(Assign(negative.name, either(signs, compare("eq", c, num(_MINUS, loc), loc), negative), loc))
            self.emit(Assign(state.name, either(space, after_space, after_other), loc))
        self.counted("i", num(0, loc), lambda i: Binary("land", compare("lt", i, text.length, loc),
                                                        compare("ne", state, num(BAD, loc), loc), BOOL, loc),
                     read, 1, loc)
        read_whole = at(DIGIT, TRAIL, ZERO)
        limit = program_digit_limit() if base & (base - 1) else 0  # no limit for a power of two
        if limit:  # one check: CPython raises the same ValueError here either way
            read_whole = Binary("land", read_whole, compare("le", digits, num(limit, loc), loc), BOOL, loc)
        self.emit(Assert(read_whole, "value", f"ValueError: invalid literal for int() with base {base}"
                         + (f" (or more than {limit} digits)" if limit else ""), loc))
        return self.hold(Ite(negative, Unary("neg", value, MATH_INT, loc), value, MATH_INT, loc), "int")
