"""Read-only queries on the Lark parse tree of `grammars/python.lark`.

Positions, the statements of a suite, the names a function body binds, its
kinds of ``return``, plain strings, callee names, a definition's last line.
Nothing here builds IR or raises. Positions are 1-based lines and columns
(Lark's convention); a node without one is at ``(0, 0)``.
"""

from __future__ import annotations

import re
from typing import Iterable

from lark import Token, Tree

__all__ = ["position", "stmts_of", "walk", "assigned_names", "return_kinds", "may_end", "is_plain_string",
           "callee_name", "names_module_function", "last_line"]


def position(node: Tree | Token | None) -> tuple[int, int]:
    """The (line, column) where `node` starts, or (0, 0) if it has no position."""
    if isinstance(node, Token):
        return node.line or 0, node.column or 0
    if isinstance(node, Tree) and not node.meta.empty:
        return node.meta.line, node.meta.column
    return 0, 0


def stmts_of(suite: Tree | None) -> list[Tree]:
    """The statements of a suite (or of a file), `a; b` lines flattened."""
    if suite is None:
        return []
    out: list[Tree] = []
    for child in suite.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "simple_stmt":
            out.extend(c for c in child.children if isinstance(c, Tree))
        else:
            out.append(child)
    return out


_NO_DESCEND = frozenset({"funcdef", "classdef", "lambdef", "lambdef_nocond", "decorated"})


def walk(tree: Tree) -> Iterable[Tree]:
    """Subtrees of `tree` (itself included), not entering nested scopes."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in reversed(node.children):
            if isinstance(child, Tree) and child.data not in _NO_DESCEND:
                stack.append(child)


def _target_names(target: Tree | Token | None) -> list[str]:
    """The names an assignment target binds (through tuple and list targets)."""
    if isinstance(target, Tree):
        if target.data == "var":
            return [str(target.children[0])]
        if target.data in ("tuple", "list", "star_expr"):
            return [n for c in target.children for n in _target_names(c)]
    return []


def assigned_names(tree: Tree) -> list[str]:
    """Names bound anywhere in `tree` (Python makes them locals), in order."""
    names: dict[str, None] = {}
    for node in walk(tree):
        if node.data == "assign":
            for target in node.children[:-1]:
                names.update(dict.fromkeys(_target_names(target)))
        elif node.data in ("augassign", "annassign", "for_stmt"):
            names.update(dict.fromkeys(_target_names(node.children[0])))
        elif node.data == "assign_expr":
            names[str(node.children[0])] = None
    return list(names)


def return_kinds(tree: Tree) -> tuple[bool, bool]:
    """(some `return` has a value, some `return` has none) in a function body."""
    with_value = without = False
    for node in walk(tree):
        if node.data == "return_stmt":
            if node.children and node.children[0] is not None:
                with_value = True
            else:
                without = True
    return with_value, without


def may_end(stmts: list[Tree]) -> bool:
    """Whether running `stmts` may reach their end (a function body: return None there). Syntactic and
    on the safe side: only ``return``, ``raise``, ``assert False``, ``while True`` without a ``break`` of
    its own, and ``if`` or ``try`` statements all of whose ways end so, stop it."""
    return all(_may_pass(s) for s in stmts)


def _may_pass(t: Tree) -> bool:
    kind = t.data
    if kind in ("return_stmt", "raise_stmt"):
        return False
    if kind == "assert_stmt":
        return not (isinstance(t.children[0], Tree) and t.children[0].data == "const_false")
    if kind == "if_stmt":
        _cond, body, elifs, other = t.children
        suites = [body, *(e.children[1] for e in elifs.children if isinstance(e, Tree)), other]
        return any(suite is None or may_end(stmts_of(suite)) for suite in suites)
    if kind == "while_stmt":
        cond, body, _other = t.children
        return not (isinstance(cond, Tree) and cond.data == "const_true") or _breaks(body)
    if kind == "try_stmt":
        body, clauses, other, final = t.children
        handlers = [c.children[-1] for c in clauses.children if isinstance(c, Tree)]
        return final is not None or other is not None or any(may_end(stmts_of(s)) for s in [body, *handlers])
    return True


def _breaks(suite: Tree) -> bool:
    """A ``break`` of the loop whose body is `suite` (not of a loop nested in it)."""
    stack = [suite]
    while stack:
        node = stack.pop()
        if node.data == "break_stmt":
            return True
        stack.extend(c for c in node.children if isinstance(c, Tree) and c.data not in _NO_DESCEND
                     and c.data not in ("while_stmt", "for_stmt"))
    return False


def is_plain_string(node: Tree | Token | None) -> bool:
    """A string literal without an f prefix (evaluating it has no effect)."""
    if not isinstance(node, Tree):
        return False
    if node.data == "string_concat":
        return all(is_plain_string(c) for c in node.children)
    if node.data == "string":
        prefix = re.match(r"[a-zA-Z]*", str(node.children[0])).group(0)  # type: ignore[union-attr]
        return "f" not in prefix.lower()
    return False


def callee_name(call: Tree) -> str | None:
    """The called name of a call `f(...)`; None if the callee is not a plain name."""
    callee = call.children[0]
    if isinstance(callee, Tree) and callee.data == "var":
        return str(callee.children[0])
    return None


_COMPOUND = frozenset({"suite", "funcdef", "if_stmt", "elifs", "elif_", "while_stmt", "for_stmt",
                       "try_stmt", "try_finally", "with_stmt", "classdef", "decorated",
                       "except_clauses", "except_clause", "finally", "simple_stmt", "file_input"})


def names_module_function(callee: Tree | Token, module_names: set[str], attribute: str,
                          imported_names: set[str], shadowed: set[str]) -> bool:
    """`callee` (the function part of a call) is ``M.attribute`` with ``M`` in
    `module_names` (``import M [as m]``), or a name in `imported_names` (``from
    M import attribute [as a]``); in either case a name not in `shadowed`."""
    if not isinstance(callee, Tree):
        return False
    if callee.data == "getattr":
        owner, attr = callee.children
        return (isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in module_names
                and str(owner.children[0]) not in shadowed and str(attr) == attribute)
    if callee.data == "var":
        name = str(callee.children[0])
        return name in imported_names and name not in shadowed
    return False


def last_line(tree: Tree) -> int:
    """The last line holding a token of `tree` (not the blank lines after it)."""
    last = tree.meta.line if not tree.meta.empty else 0
    for node in tree.iter_subtrees():
        if node.data not in _COMPOUND and not node.meta.empty:
            last = max(last, node.meta.end_line)
    return last
