"""Module-level integer constants (``N = 10``, ``INT_MAX = 2**31 - 1``): which names are constants, and their values.

Translations of C tasks write ``#define N 10`` and ``INT_MAX`` as module-level
assignments. `module_constants(source)` reads the file with CPython's own
`ast` and returns the names whose value every function sees is one known
integer: a name qualifies when

- its only binding at module level (anywhere outside function bodies,
  including an ``if __name__ == "__main__":`` block, loops and ``del``) is
  one plain assignment ``NAME = expr`` (or ``NAME: int = expr``) directly
  in the module body;
- ``expr`` is an integer literal, or ``+ - ~`` and ``+ - * // % ** << >> & | ^``
  over integer literals and constants assigned before it (sizes bounded,
  so evaluating it cannot blow up; a bool is not an integer here);
- no function declares it ``global`` (so nothing rebinds it later), and the
  file never names ``globals``, ``vars``, ``exec``, ``eval``, ``setattr``,
  ``__import__`` or ``__dict__`` (which could rebind it by name).

A function that reads such a name (and does not bind it itself) gets it as
a local assigned its value on entry (`python_function`); any other
module-level name stays a binding outside the subset (`python_module`).
"""

from __future__ import annotations

import ast
from collections import Counter
from functools import lru_cache

__all__ = ["module_constants", "module_level_stores", "module_tree", "constant_value", "names_rebinders"]

#: names through which code may rebind a module-level name without a plain assignment
_REBINDERS = frozenset({"globals", "vars", "exec", "eval", "setattr", "__import__", "__dict__", "__builtins__"})
#: the largest magnitude of a constant and of a shift or exponent while evaluating one
_MAX_BITS = 512
_BINARY = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b, ast.Pow: lambda a, b: a ** b,
           ast.LShift: lambda a, b: a << b, ast.RShift: lambda a, b: a >> b, ast.BitAnd: lambda a, b: a & b,
           ast.BitOr: lambda a, b: a | b, ast.BitXor: lambda a, b: a ^ b}
_UNARY = {ast.USub: lambda a: -a, ast.UAdd: lambda a: a, ast.Invert: lambda a: ~a}


@lru_cache(maxsize=4)
def module_tree(source: str) -> ast.Module | None:
    """CPython's reading of the module `source`, parsed once for the readers of module-level facts
    (constants, globals, records), which only read it; None if CPython rejects it."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def module_constants(source: str) -> dict[str, int]:
    """The module-level integer constants of `source` and their values (see the module docstring)."""
    tree = module_tree(source)
    if tree is None or names_rebinders(tree):
        return {}
    declared_global = {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
    stores = module_level_stores(tree)
    constants: dict[str, int] = {}
    for stmt in tree.body:
        target, value = _plain_assignment(stmt)
        if target is None or value is None or stores[target] != 1 or target in declared_global:
            continue
        found = constant_value(value, constants)
        if found is not None:
            constants[target] = found
    return constants


def names_rebinders(tree: ast.Module) -> bool:
    """`tree` names ``globals``, ``exec`` or another way to rebind a module-level name without assigning it."""
    return any(isinstance(node, ast.Name) and node.id in _REBINDERS
               or isinstance(node, ast.Attribute) and node.attr in _REBINDERS for node in ast.walk(tree))


def _plain_assignment(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """``NAME = expr`` or ``NAME: int = expr``: (NAME, expr); else (None, None)."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id, stmt.value
    if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None
            and isinstance(stmt.annotation, ast.Name) and stmt.annotation.id == "int"):
        return stmt.target.id, stmt.value
    return None, None


def module_level_stores(tree: ast.Module) -> Counter[str]:
    """How many times each name is bound or deleted outside function bodies."""
    stores: Counter[str] = Counter()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores[node.name] += 1
            stack.extend(node.decorator_list)
            continue  # their bodies bind their own names
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            stores[node.id] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                stores[(alias.asname or alias.name).split(".")[0]] += 1
        elif isinstance(node, ast.ExceptHandler) and node.name:
            stores[node.name] += 1
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            stores[node.name] += 1
        stack.extend(ast.iter_child_nodes(node))
    return stores


def constant_value(node: ast.expr, constants: dict[str, int]) -> int | None:
    """The integer value of a constant expression over `constants`; None if it is not one."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        operand = constant_value(node.operand, constants)
        return None if operand is None else _UNARY[type(node.op)](operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = constant_value(node.left, constants), constant_value(node.right, constants)
        if left is None or right is None:
            return None
        if isinstance(node.op, (ast.FloorDiv, ast.Mod)) and right == 0:
            return None
        if isinstance(node.op, (ast.Pow, ast.LShift, ast.RShift)) and not 0 <= right <= _MAX_BITS:
            return None
        if isinstance(node.op, ast.Pow) and abs(left).bit_length() * right > _MAX_BITS:
            return None
        value = _BINARY[type(node.op)](left, right)
        return value if value.bit_length() <= _MAX_BITS else None
    return None
