"""Lowering of Python's text formatting: ``str(x)`` and f-strings, as strings (lists of code points).

``str(v)`` of an int is its decimal digits, written by a loop as CPython
writes them (``-`` first for a negative number, ``0`` for zero: the digits
``v % 10`` are taken while ``v > 0`` and copied in reverse); of a bool
``True`` or ``False``; of a string the string itself. An f-string
(``f"n={n}"``, also as a part of an implicit concatenation) is its literal
text with each replacement field (an expression of the subset, parsed at its
place in the file) written as ``str`` writes it; a field must be an int, bool
or str, optionally with ``!s`` (``!r`` of an int or bool, which is the same
text, too). A format spec (``{x:3}``), ``!a``, ``!r`` of a string, or a field
of another type is unsupported (the f-string's function gets unknown with
that reason).

``print(a, b, ..., sep=s, end=e, flush=f)`` as a statement writes to standard output
and has no effect on the program's values: it is lowered to the evaluation of its
arguments in order (their checks: an index, a division, a call), each an int, bool,
str (an f-string's fields are evaluated, not written), list or None, ``sep`` and
``end`` a string or None; ``file=`` and other values are unsupported.

Writing an int in decimal (``str``, ``repr``, an f-string field, ``print``, ``%d``,
a format spec other than ``x``, ``o``, ``b``) is ValueError in CPython when it has
more digits than the program's `program_digit_limit`: each such writing first checks
``-10**L < v < 10**L`` (a check of kind ``value``) on a branch a choice (`DIGIT_CHECK`)
takes and that ends there, so that the path on does not carry the huge bound (a witness
takes the branch; equivalence resolves the choice as CPython does).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from lark import Token, Tree

from verifier.errors import InputError

from verifier.digit_limit import (DIGIT_CHECK, exceeds_limit_text, lift_digit_limit, program_digit_limit,
                                   program_limit_in_force)
from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Binary, Const, Expr, If, Loc, Nondet, Select, Var,
                         While, length_name)

from .python_lists import ListValue, compare, num
from .python_parse import parse_tree
from .python_strings import StringLowerer
from .python_tree import stmts_of
from .python_types import OptionalOf, array_type, expr_type

__all__ = ["FormatLowerer", "is_fstring"]

#: the keyword arguments of ``print`` that are read (``file`` is not)
PRINT_KEYWORDS = frozenset({"sep", "end", "flush"})


def is_fstring(t: Tree) -> bool:
    """`t` (a ``string`` or ``string_concat``) has an f-string part."""
    parts = t.children if t.data == "string_concat" else [t]
    return any("f" in _prefix(str(part.children[0])) for part in parts)


def _constant_spec(spec: ast.expr | None) -> str | None:
    """The text of an f-string field's format spec ('' for none); None when it has a nested field."""
    if spec is None:
        return ""
    parts = spec.values if isinstance(spec, ast.JoinedStr) else []
    if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in parts):
        return None
    return "".join(v.value for v in parts)  # type: ignore[attr-defined]


def _formats_ints(write: Callable[[int], str]) -> bool:
    """`write` (a constant format applied to ints) takes every int and bool: it does for 0, -7, True and
    10**400, past which a float conversion overflows and a ``c`` has no character (value-dependent
    failures; the others of a constant format fail for every int alike)."""
    try:
        for sample in (0, -7, True, 10 ** 400):
            write(sample)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return False
    return True


def _limited(write: Callable[[int], str]) -> bool:
    """`write` (a constant format applied to ints) raises CPython's ValueError for an int of more
    digits than the program's limit (it writes decimal digits), under that limit."""
    limit = program_digit_limit()
    if not limit:
        return False
    try:
        with program_limit_in_force():
            write(10 ** limit)
    except (ValueError, OverflowError) as e:
        return isinstance(e, ValueError)
    return False


def _formatting(t: Tree | Token) -> tuple[str, list[Tree | Token]] | None:
    """(format, values) of ``"..." % v``, ``"..." % (v, w)`` or ``"...".format(v, w)`` of a plain
    string literal with positional values; None for anything else."""
    if not isinstance(t, Tree):
        return None
    if t.data == "term" and len(t.children) == 3 and str(t.children[1]) == "%":
        fmt, values = t.children[0], t.children[2]
        items = list(values.children) if isinstance(values, Tree) and values.data == "tuple" else [values]
    elif t.data == "funccall" and isinstance(t.children[0], Tree) and t.children[0].data == "getattr" \
            and str(t.children[0].children[1]) == "format":
        fmt = t.children[0].children[0]
        args = t.children[1]
        items = [] if args is None else list(args.children)
        if any(isinstance(i, Tree) and i.data in ("argvalue", "starargs", "stararg", "kwargs") for i in items):
            return None
    else:
        return None
    if not (isinstance(fmt, Tree) and fmt.data == "string" and not _prefix(str(fmt.children[0]))):
        return None
    return ast.literal_eval(str(fmt.children[0])), items


def _prefix(token: str) -> str:
    return token[:len(token) - len(token.lstrip("rRbBuUfF"))].lower()


class FormatLowerer(StringLowerer):
    """``str(x)`` and f-strings."""

    def _l_string(self, t: Tree) -> ListValue:
        return self.formatted(t) if is_fstring(t) else super()._l_string(t)

    def _l_string_concat(self, t: Tree) -> ListValue:
        return self.formatted(t) if is_fstring(t) else super()._l_string_concat(t)

    def _l_funccall(self, t: Tree) -> ListValue | None:
        callee = t.children[0]
        if isinstance(callee, Tree) and callee.data == "var" and str(callee.children[0]) == "str" \
                and self.is_builtin("str"):
            args, keywords = self.call_arguments(t)
            if len(args) != 1 or keywords:
                raise self.error(t, "unsupported construct: str() with these arguments")
            loc = self.loc(t)
            name, _ = self.new_list(MATH_INT, loc, "str")
            self.write_str(name, args[0], "s", loc)
            return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT,
                             name)
        return super()._l_funccall(t)

    def printed(self, t: Tree) -> None:
        """The checks of ``print(...)`` call `t`: its arguments evaluated in order."""
        args, keywords = self.call_arguments(t)
        for keyword in sorted(set(keywords) - PRINT_KEYWORDS):
            raise self.error(keywords[keyword], f"unsupported construct: print() with {keyword}=")
        for a in args:
            if isinstance(a, Tree) and a.data in ("starargs", "stararg", "kwargs"):
                raise self.error(a, "unsupported construct: *args or **kwargs in a print() call")
        for keyword, a in keywords.items():
            if keyword != "flush" and not self.is_text(a) and not (isinstance(a, Tree) and a.data == "const_none"):
                raise self.error(a, f"unsupported construct: print() with {keyword}= other than a string or None "
                                    "(TypeError)")
        for a in [*args, *keywords.values()]:
            self._evaluate_printed(a)

    def _evaluate_printed(self, a: Tree | Token, decimal: bool = True) -> None:
        """Evaluate `a`, an argument of ``print``, for its checks (with `decimal`, an int is
        written in decimal: its digits are checked against the limit)."""
        if isinstance(a, Tree) and a.data == "const_none":
            return
        if isinstance(a, Tree) and a.data in ("string", "string_concat") and is_fstring(a):
            for part in a.children if a.data == "string_concat" else [a]:
                token = str(part.children[0])
                if "f" not in _prefix(token):
                    continue
                for value in ast.parse(token, mode="eval").body.values:  # type: ignore[attr-defined]
                    if isinstance(value, ast.FormattedValue):
                        spec = _constant_spec(value.format_spec)
                        if spec is None or value.conversion == ord("a") or (spec and value.conversion != -1):
                            raise self.error(part, "unsupported construct: an f-string field with a format spec "
                                                   "other than a constant one for ints, or an !a conversion")
                        field = self._field(token, value.value, part)
                        if spec and not (_formats_ints(lambda v: format(v, spec)) and self._is_int(field)):
                            raise self.error(part, f"unsupported construct: the format spec '{spec}' (only "
                                                   "those an int or bool always takes)")
                        self._evaluate_printed(field, not spec or _limited(lambda v: format(v, spec)))
            return
        formatting = _formatting(a)
        if formatting is not None:
            text, values = formatting
            items = [v for v in values if v is not None]
            if not _formats_ints(lambda v: text % tuple([v] * len(items)) if a.data == "term" else
                                 text.format(*[v] * len(items))) or not all(self._is_int(v) for v in items):
                raise self.error(a, "unsupported construct: string formatting of other than ints and bools, or "
                                    "with a conversion an int does not always take")
            decimal = _limited(lambda v: text % tuple([v] * len(items)) if a.data == "term" else
                               text.format(*[v] * len(items)))
            for v in items:
                self._evaluate_printed(v, decimal)
            return
        if self.is_text(a):
            self.list_value(a)
            return
        if self.is_list(a):
            self._check_items_decimal(a, self.list_value(a))
            return
        value = self.expr(a)
        if value.type not in (BOOL, MATH_INT):
            raise self.error(a, "unsupported construct: print() of a value other than an int, bool, str or list")
        if value.type == MATH_INT and decimal:
            self.check_decimal(value, self.loc(a))

    def _check_items_decimal(self, t: Tree | Token, items: ListValue) -> None:
        """Check the digits of every int of list `items` (list `t`, printed as its repr)."""
        if items.elem == BOOL:
            return
        if items.elem != MATH_INT:
            raise self.error(t, "unsupported construct: print() of a list of other than ints, bools or strings")
        loc = self.loc(t)
        self.counted("item", num(0, loc), lambda i: compare("lt", i, items.length, loc),
                     lambda i: self.check_decimal(Select(items.array, i, None, MATH_INT, loc=loc), loc), 1, loc)

    def check_decimal(self, value: Expr, loc: Loc) -> None:
        """Check that int `value` has at most the program's limit of decimal digits (CPython's
        ValueError when it is written in decimal; see the module docstring)."""
        limit = program_digit_limit()
        if not limit:
            return
        lift_digit_limit()  # this process (the library's too) must write the bound for z3, and read models past it
        bound = Const(10 ** limit, MATH_INT, loc)
        within = Binary("land", compare("lt", Binary("sub", num(0, loc), bound, MATH_INT, loc), value, loc),
                        compare("lt", value, bound, loc), BOOL, loc)
        # checked on a branch of its own that ends there, taken by choice (`DIGIT_CHECK`): the path on
        # does not assume the bound, whose size slows z3's nonlinear reasoning down (a path on past a
        # failed check over-approximates the program); the choice has no line: replay feeds it to nothing
        choice = Nondet(BOOL, DIGIT_CHECK, Loc(loc.file))
        check = Assert(within, "value", exceeds_limit_text(limit), loc)
        self.emit(If(choice, [check, Assume(Const(0, BOOL, loc), loc)], [], loc))

    def _is_int(self, t: Tree | Token) -> bool:
        """`t` is an int or bool expression (by its source type)."""
        return expr_type(t, self._type_env(), self.list_functions()) in (MATH_INT, BOOL)

    def formatted(self, t: Tree) -> ListValue:
        """A new string holding the value of f-string `t` (see the module docstring)."""
        loc = self.loc(t)
        pieces: list[str | tuple[Tree, str]] = []
        for part in t.children if t.data == "string_concat" else [t]:
            token = str(part.children[0])
            prefix = _prefix(token)
            if "b" in prefix:
                raise self.error(part, "unsupported construct: bytes literal")
            if "f" not in prefix:
                pieces.append(ast.literal_eval(token))
                continue
            for value in ast.parse(token, mode="eval").body.values:  # type: ignore[attr-defined]
                if isinstance(value, ast.Constant):
                    pieces.append(str(value.value))
                    continue
                if not (isinstance(value, ast.FormattedValue) and value.format_spec is None
                        and value.conversion in (-1, ord("s"), ord("r"))):
                    raise self.error(part, "unsupported construct: an f-string field with a format spec or "
                                           "an !a conversion")
                pieces.append((self._field(token, value.value, part), "r" if value.conversion == ord("r") else "s"))
        name, _ = self.new_list(MATH_INT, loc, "fstr")
        for piece in pieces:
            if isinstance(piece, str):
                for ch in piece:
                    self.append(name, MATH_INT, num(ord(ch), loc), loc)
            else:
                self.write_str(name, piece[0], piece[1], loc)
        return ListValue(Var(name, array_type(MATH_INT), loc), Var(length_name(name), MATH_INT, loc), MATH_INT, name)

    def _field(self, token: str, node: ast.expr, part: Tree) -> Tree:
        """The parse tree of replacement field `node` of f-string `token` (string
        node `part`), positioned at its place in the file."""
        text = ast.get_source_segment(token, node) or ""
        line = part.meta.line + node.lineno - 1
        column = part.meta.column + node.col_offset if node.lineno == 1 else node.col_offset + 1
        source = "\n" * max(0, line - 2) + "if 1:\n" + " " * max(1, column - 1) + f"({text})\n"
        try:
            stmts = stmts_of(stmts_of(parse_tree(source, self.path))[0].children[1])
        except InputError:
            stmts = []
        if len(stmts) != 1 or stmts[0].data != "expr_stmt" or "\n" in text:
            raise self.error(part, f"unsupported construct: f-string field '{{{text}}}' outside the subset")
        return stmts[0].children[0]

    def write_str(self, target: str, t: Tree | Token, conversion: str, loc: Loc) -> None:
        """Append ``str(t)`` (``repr(t)`` when `conversion` is ``r``) to string variable `target`."""
        if self.is_text(t):
            if conversion == "r":
                raise self.error(t, "unsupported construct: repr() of a string in an f-string")
            self.copy_all(target, self.list_value(t), loc)
            return
        if isinstance(t, Tree) and t.data == "var":
            st = self.source_types.get(self.renames.get(str(t.children[0]), str(t.children[0])))
            if isinstance(st, OptionalOf) and str(t.children[0]) not in self.not_none:
                raise self.error(t, "unsupported construct: the text of a value that may be None")
        value = self.expr(t)
        if value.type == BOOL:
            true, _ = self.capture(lambda: self._append_text(target, "True", loc))
            false, _ = self.capture(lambda: self._append_text(target, "False", loc))
            self.emit(If(value, true, false, loc))
        elif value.type == MATH_INT:
            self.check_decimal(value, loc)
            self.append_decimal(target, value, loc)
        else:
            raise self.error(t, "unsupported construct: the text of a value other than an int, bool or str")

    def _append_text(self, target: str, text: str, loc: Loc) -> None:
        for ch in text:
            self.append(target, MATH_INT, num(ord(ch), loc), loc)

    def append_decimal(self, target: str, value: Expr, loc: Loc) -> None:
        """Append the decimal digits of int `value` (``-`` first when negative) to string variable `target`."""
        v = Var(self.fresh("magnitude", MATH_INT), MATH_INT, loc)
        self.emit(Assign(v.name, value, loc))
        minus, _ = self.capture(lambda: (self.append(target, MATH_INT, num(ord("-"), loc), loc),
                                         self.emit(Assign(v.name, Binary("sub", num(0, loc), v, MATH_INT, loc), loc))))
        self.emit(If(compare("lt", v, num(0, loc), loc), minus, [], loc))
        digits, _ = self.new_list(MATH_INT, loc, "digits")  # least significant first
        zero, _ = self.capture(lambda: self.append(digits, MATH_INT, num(0, loc), loc))
        self.emit(If(compare("eq", v, num(0, loc), loc), zero, [], loc))
        ten = num(10, loc)
        step, _ = self.capture(lambda: (
            self.append(digits, MATH_INT, Binary("floormod", v, ten, MATH_INT, loc), loc),
            self.emit(Assign(v.name, Binary("floordiv", v, ten, MATH_INT, loc), loc))))
        self.emit(While(compare("gt", v, num(0, loc), loc), step, [], loc))
        array = Var(digits, array_type(MATH_INT), loc)

        def copy(j: Var) -> None:
            code = Binary("add", num(ord("0"), loc), Select(array, j, None, MATH_INT, loc=loc), MATH_INT, loc)
            self.append(target, MATH_INT, code, loc)
        last = Binary("sub", Var(length_name(digits), MATH_INT, loc), num(1, loc), MATH_INT, loc)
        self.counted("j", last, lambda j: compare("ge", j, num(0, loc), loc), copy, -1, loc)
