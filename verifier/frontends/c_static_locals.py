"""Static local variables, lowered as the globals they are.

A ``static`` local keeps its value from one call to the next: it is a global
that only its function names. `hoist_static_locals` moves its declaration to
the file scope, right before the function, where the frontend's globals (and
`c_shared_globals`, when the function is called) take it. That is exact when
its name is declared nowhere else and named by no other function: the file
names it only in its own function, so the hoisted global is the static and
nothing else (a name declared twice in the function, a parameter or a field
included, is not hoisted), and when every other name its declaration uses (a type, a
constant in its initialiser) is one the file scope declares and the function does not
redeclare. Any other static local is left where it is (and stays unsupported).
"""

from __future__ import annotations

import copy
from collections import Counter

from lark import Token, Tree

__all__ = ["hoist_static_locals"]

#: nodes whose name children a declaration introduces (variables, parameters, typedefs, enumerators, tags)
DECLARING = ("name_decl", "enumerator", "enum_spec", "struct_spec")


def hoist_static_locals(tree: Tree) -> Tree:
    """`tree` (a translation unit) with each hoistable static local declared at file scope."""
    if not any(_is_static_local(d) for item in tree.children if _is_function(item)
               for d in item.children[2].iter_subtrees()):
        return tree
    everywhere = Counter(str(t) for t in tree.scan_values(_is_name))
    file_level = {str(t) for item in tree.children if isinstance(item, Tree) and not _is_function(item)
                  for t in item.scan_values(_is_name)}
    items: list = []
    for item in tree.children:
        if not _is_function(item):
            items.append(item)
            continue
        inside = Counter(str(t) for t in item.scan_values(_is_name))
        declared = Counter(str(t) for n in item.iter_subtrees() if n.data in DECLARING
                           for t in n.children if _is_name(t))
        hoisted = [d for d in item.children[2].iter_subtrees() if _is_static_local(d)
                   and all(everywhere[n] == inside[n] and declared[n] == 1 for n in _names(d))
                   and all(m in file_level and not declared[m] for m in _uses(d))]
        if not hoisted:
            items.append(item)
            continue
        ids = {id(d) for d in hoisted}
        items += [copy.deepcopy(d) for d in hoisted]
        items.append(_without(item, ids))
    return Tree(tree.data, items, tree.meta)


def _uses(declaration: Tree) -> set[str]:
    """The names a declaration uses besides those it declares (types, constants)."""
    return {str(t) for t in declaration.scan_values(_is_name)} - set(_names(declaration))


def _is_name(value) -> bool:
    """An identifier or a typedef name."""
    return isinstance(value, Token) and value.type in ("IDENTIFIER", "TYPE_NAME")


def _is_function(item) -> bool:
    return isinstance(item, Tree) and item.data == "function_def"


def _is_static_local(node: Tree) -> bool:
    """A declaration with ``static`` storage of plain variables (no pointer, no function)."""
    if node.data != "declaration" or not node.children:
        return False
    specs = node.children[0]
    static = any(isinstance(s, Tree) and s.data == "storage" and str(s.children[0]) == "static"
                 for s in specs.children)
    decls = [d for d in node.children[1:] if d is not None]
    return static and bool(decls) and all(_plain(d.children[0]) for d in decls)


def _plain(declarator) -> bool:
    """A variable or array declarator (``x``, ``a[3]``): no pointer, no function."""
    while isinstance(declarator, Tree) and declarator.data == "array_decl":
        declarator = declarator.children[0]
    return isinstance(declarator, Tree) and declarator.data == "name_decl"


def _names(declaration: Tree) -> list[str]:
    out = []
    for d in declaration.children[1:]:
        if d is not None:
            node = d.children[0]
            while node.data == "array_decl":
                node = node.children[0]
            out.append(str(node.children[0]))
    return out


def _without(tree: Tree, ids: set[int]) -> Tree:
    """A copy of `tree` without the subtrees whose id is in `ids`."""
    children = [c if not isinstance(c, Tree) else _without(c, ids) for c in tree.children
                if not (isinstance(c, Tree) and id(c) in ids)]
    return Tree(tree.data, children, tree.meta)
