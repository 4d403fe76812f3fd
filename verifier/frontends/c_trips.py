"""How many times a counting `for` loop runs, read off its syntax.

`constant_trips(init, cond, update, body)` recognises ``for (i = A; i < B; i++)``
(also ``int i = A``, ``<=``, ``++i``, ``i += 1``) with integer literals A and B
and a body that never writes `i` (no assignment, increment or ``&i``); it
returns the number of iterations, or None for any other loop. It is a hint
for sizing the model (`c_heap`'s blocks per allocation site): the model still
checks that it is not exceeded, so a wrong hint costs precision, never soundness.
"""

from __future__ import annotations

from lark import Token, Tree

__all__ = ["constant_trips"]


def constant_trips(init: Tree | None, cond: Tree | None, update: Tree | None, body: Tree) -> int | None:
    """The iterations of a counting loop with literal bounds, None if it is not one (see the module doc)."""
    start = _start(init)
    if start is None or cond is None or update is None:
        return None
    name, first = start
    if not _steps_by_one(update, name) or _writes(body, name):
        return None
    if cond.data != "compare" or len(cond.children) != 3:
        return None
    left, op, right = cond.children
    if not (_is_var(left, name) and isinstance(right, Tree) and right.data == "int_lit"):
        return None
    last = _literal(right)
    if last is None:
        return None
    end = {"<": last, "<=": last + 1}.get(str(op))
    return None if end is None else max(0, end - first)


def _start(init: Tree | None) -> tuple[str, int] | None:
    """(counter, its literal start) of ``i = A`` or ``int i = A``."""
    if init is None or not init.children:
        return None
    first = init.children[0]
    if isinstance(first, Tree) and first.data == "assign" and len(first.children) == 3:
        target, op, value = first.children
        if target.data == "var" and str(op.children[0] if isinstance(op, Tree) else op) == "=":
            start = _literal(value)
            return None if start is None else (str(target.children[0]), start)
    if isinstance(first, Tree) and first.data == "declaration":
        decls = [d for d in first.children[1:] if isinstance(d, Tree)]
        if len(decls) == 1 and decls[0].data == "init_declarator" and len(decls[0].children) == 3:
            name, _, value = decls[0].children
            start = _literal(value)
            if isinstance(name, Tree) and name.data == "name_decl" and start is not None:
                return str(name.children[0]), start
    return None


def _steps_by_one(update: Tree, name: str) -> bool:
    """`update` is ``i++``, ``++i`` or ``i += 1``."""
    if update.data in ("postinc", "preinc"):
        var = next((c for c in update.children if isinstance(c, Tree)), None)
        op = next((str(c) for c in update.children if isinstance(c, Token)), "")
        return var is not None and _is_var(var, name) and op == "++"
    if update.data == "assign" and len(update.children) == 3:
        target, op, value = update.children
        text = str(op.children[0] if isinstance(op, Tree) else op)
        return _is_var(target, name) and text == "+=" and _literal(value) == 1
    return False


def _writes(body: Tree, name: str) -> bool:
    """`body` may write `name`: an assignment or increment of it, or its address taken."""
    for node in body.iter_subtrees():
        if node.data == "assign" and _is_var(node.children[0], name):
            return True
        if node.data in ("postinc", "preinc") and any(_is_var(c, name) for c in node.children):
            return True
        if node.data == "unop" and str(node.children[0]) == "&" and _is_var(node.children[1], name):
            return True
    return False


def _is_var(tree: object, name: str) -> bool:
    return isinstance(tree, Tree) and tree.data == "var" and str(tree.children[0]) == name


def _literal(tree: object) -> int | None:
    if isinstance(tree, Tree) and tree.data == "int_lit":
        text = str(tree.children[0]).rstrip("uUlL")
        try:
            return int(text, 0) if not (len(text) > 1 and text.startswith("0") and text[1].isdigit()) else int(text, 8)
        except ValueError:
            return None
    return None
