"""Top-level statements CPython compiles but the subset's grammar does not parse.

The grammar leaves out ``async``/``await``, ``match`` and a few other forms
(see `grammars/python.lark`). A file using them is well-formed Python, so it
is not an input error: `parse_module` blanks out each such top-level
statement (keeping every other position) and parses the rest. Each blanked
statement comes back as an `Excluded` record: a function becomes an
unsupported function of that name (so its callers are unsupported too), a
class binds its name, and anything else is module-level code that makes every
function unsupported (see `python_module`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from lark import Tree

from verifier.errors import InputError

from .python_parse import parse_tree

__all__ = ["Excluded", "parse_module"]

#: AST nodes outside the grammar -> what to call them
_NAMES: dict[type, str] = {ast.AsyncFunctionDef: "async function", ast.Await: "await expression",
                           ast.AsyncFor: "async for loop", ast.AsyncWith: "async with statement",
                           ast.Match: "match statement"}
for _name, _what in (("TypeAlias", "type alias statement"), ("TryStar", "except* clause")):
    if hasattr(ast, _name):  # newer Pythons
        _NAMES[getattr(ast, _name)] = _what


@dataclass(frozen=True)
class Excluded:
    """A top-level statement outside the grammar, blanked out before parsing."""

    name: str | None  # the function, class or type alias it defines; None: other code
    kind: str  # "function", "class definition", "type alias statement" or "code"
    what: str  # the construct outside the grammar, e.g. "match statement"
    line: int  # where that construct is
    column: int
    start: int  # the statement's first line

    @property
    def message(self) -> str:
        return f"unsupported construct: {self.what} at line {self.line}"


def parse_module(source: str, path: str) -> tuple[Tree, list[Excluded]]:
    """The parse tree of `source` without its top-level statements outside the
    grammar, and those statements; a real syntax error raises `InputError`.

    After the first such statement, every statement holding one of the known
    constructs (`_NAMES`) is blanked at once, so a file with many of them is
    parsed a few times, not once per statement."""
    excluded: list[Excluded] = []
    text = source
    while True:
        try:
            return parse_tree(text, path), excluded
        except InputError as err:
            if err.kind != "unsupported":
                raise
            statements = _statements(text)
            failing = next(((node, start) for node, start in statements
                            if start <= err.line <= (node.end_lineno or node.lineno)), None)
            if failing is None:
                raise
            for node, start in statements:
                known = _known_construct(node)
                if (node, start) == failing or known is not None:
                    excluded.append(_describe(node, start, known or ("", err.line, err.column)))
                    text = _blank(text, start, node.end_lineno or start, excluded[-1])


def _statements(text: str) -> list[tuple[ast.stmt, int]]:
    """The top-level statements, each with its first line (decorators included)."""
    return [(node, min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]))
            for node in ast.parse(text).body]


def _known_construct(node: ast.stmt) -> tuple[str, int, int] | None:
    """The first construct of `_NAMES` inside `node`: its name, line and column."""
    for inner in ast.walk(node):
        if type(inner) in _NAMES:
            return _NAMES[type(inner)], inner.lineno, inner.col_offset + 1
    return None


def _describe(node: ast.stmt, start: int, construct: tuple[str, int, int]) -> Excluded:
    what, line, column = construct
    what = what or "syntax outside the grammar of the Python subset"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return Excluded(node.name, "function", what, line, column, start)
    if isinstance(node, ast.ClassDef):
        return Excluded(node.name, "class definition", what, line, column, start)
    name = getattr(node, "name", None)
    if isinstance(name, ast.Name):  # a type alias
        return Excluded(name.id, "type alias statement", what, line, column, start)
    return Excluded(None, "code", what, line, column, start)


def _blank(text: str, start: int, end: int, excluded: Excluded) -> str:
    """`text` with lines `start`..`end` blank; a function leaves a stub of its name."""
    lines = text.split("\n")
    for i in range(start - 1, min(end, len(lines))):
        lines[i] = ""
    if excluded.kind == "function":
        lines[start - 1] = f"def {excluded.name}(): return 0"
    return "\n".join(lines)
