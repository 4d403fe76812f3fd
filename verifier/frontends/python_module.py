"""Lowering of a whole Python file: the module-level rules, then every function.

`ModuleLowerer(source, path).lower(tree)` returns the `Program` of a parse
tree. At module level only function definitions, ``from verifier import
assume`` (or ``verifier.runtime``; ``__future__`` imports are ignored),
docstrings, ``pass`` and an ``if __name__ == "__main__":`` block (never
analysed) may appear; anything else raises `UnsupportedConstruct`. A
redefined function replaces the first, as in Python. Every function is
prepared (signature, locals) before any body is lowered, so calls may go
forwards; a function that calls an unsupported one becomes unsupported too,
so no engine ever sees a call to an empty body.
"""

from __future__ import annotations

from lark import Token, Tree

from verifier.errors import UnsupportedConstruct
from verifier.ir import Program

from .python_base import UNSUPPORTED
from .python_function import FunctionLowerer
from .python_tree import is_plain_string, position, stmts_of

__all__ = ["ModuleLowerer"]


class ModuleLowerer:
    """Lowers a parse tree of a whole file: module-level rules, then each function."""

    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.functions: dict[str, FunctionLowerer] = {}
        self.assume_names: set[str] = set()

    def error(self, node: Tree | Token, message: str) -> UnsupportedConstruct:
        """The error `message` at `node`'s position (for the caller to raise)."""
        line, col = position(node)
        return UnsupportedConstruct(self.path, line, col, message)

    def lower(self, tree: Tree) -> Program:
        """The Program of the file whose parse tree is `tree`."""
        for stmt in stmts_of(tree):
            self._module_stmt(stmt)
        for fl in self.functions.values():
            fl.prepare()
        for fl in self.functions.values():
            fl.lower_body()
        self._propagate_unsupported()
        functions = {name: fl.function for name, fl in self.functions.items()}
        return Program(self.path, "python", "math", functions, source=self.source)

    def _module_stmt(self, stmt: Tree) -> None:
        kind = stmt.data
        if kind == "funcdef":
            self._add_function(stmt, None)
        elif kind == "decorated":
            inner = stmt.children[-1]
            if not (isinstance(inner, Tree) and inner.data == "funcdef"):
                raise self.error(stmt, "unsupported construct: class definition (the Python subset "
                                       "has only functions over int and bool)")
            self._add_function(inner, stmt)
        elif kind == "import_from":
            self._import_from(stmt)
        elif kind == "import_name":
            raise self.error(stmt, "unsupported construct: import (the only import allowed is "
                                   "'from verifier import assume')")
        elif kind == "expr_stmt" and is_plain_string(stmt.children[0]):
            pass  # module docstring, or a string used as a comment
        elif kind == "pass_stmt":
            pass
        elif kind == "if_stmt" and _is_main_guard(stmt):
            pass  # the script part of the file; never analysed
        else:
            what = _MODULE_STMT_NAMES.get(kind) or UNSUPPORTED.get(kind, (kind, False))[0]
            raise self.error(stmt, f"unsupported construct: module-level {what} (only function "
                                   "definitions, 'from verifier import assume', docstrings and an "
                                   "'if __name__ == \"__main__\":' block may appear at module level)")

    def _import_from(self, stmt: Tree) -> None:
        module_parts = [c for c in stmt.children if isinstance(c, Tree) and c.data in ("dots", "dotted_name")]
        names_tree = stmt.children[-1]
        module = "".join(
            "".join(str(t) for t in p.children) if p.data == "dots" else ".".join(str(t) for t in p.children)
            for p in module_parts)
        if module == "__future__":
            return
        if (module not in _ASSUME_MODULES or not isinstance(names_tree, Tree)
                or names_tree.data != "import_as_names"):
            raise self.error(stmt, f"unsupported construct: import from '{module}' (the only import "
                                   "allowed is 'from verifier import assume')")
        for item in names_tree.children:
            if not isinstance(item, Tree):
                continue
            name, alias = item.children
            if str(name) != "assume":
                raise self.error(item, f"unsupported construct: import of '{name}' from '{module}' "
                                       "(the only import allowed is 'from verifier import assume')")
            self.assume_names.add(str(alias or name))

    def _add_function(self, tree: Tree, decorated: Tree | None) -> None:
        name = str(tree.children[0])
        self.functions.pop(name, None)  # a redefinition replaces the first (Python keeps the last)
        self.functions[name] = FunctionLowerer(self, tree, decorated)

    def _propagate_unsupported(self) -> None:
        changed = True
        while changed:
            changed = False
            for fl in self.functions.values():
                fn = fl.function
                if fn.unsupported:
                    continue
                for callee, loc in fl.call_sites:
                    target = self.functions[callee]
                    if target.function.unsupported:
                        message, where = target.root_cause
                        fl.make_unsupported(f"call to '{callee}', which is outside the Python "
                                            f"subset: {message} (line {where.line})", loc)
                        fl.root_cause = target.root_cause
                        changed = True
                        break


def _is_main_guard(stmt: Tree) -> bool:
    """`stmt` is ``if __name__ == "__main__":`` (either side first) with no elif or else."""
    cond, _body, elifs, other = stmt.children
    if other is not None or (isinstance(elifs, Tree) and elifs.children):
        return False
    if not (isinstance(cond, Tree) and cond.data == "comparison" and len(cond.children) == 3):
        return False
    left, op, right = cond.children
    if "".join(str(t) for t in op.children) != "==":
        return False
    sides = {_main_side(left), _main_side(right)}
    return sides == {"name", "main"}


def _main_side(node: Tree | Token) -> str:
    if isinstance(node, Tree) and node.data == "var" and str(node.children[0]) == "__name__":
        return "name"
    if isinstance(node, Tree) and node.data == "string" and str(node.children[0]).strip("'\"") == "__main__":
        return "main"
    return ""


#: statement rules -> what to call them in "unsupported construct: module-level ..."
_MODULE_STMT_NAMES = {"assign": "assignment", "augassign": "augmented assignment",
                      "annassign": "annotated assignment", "expr_stmt": "expression statement",
                      "if_stmt": "if statement", "while_stmt": "while loop", "for_stmt": "for loop",
                      "assert_stmt": "assert statement", "return_stmt": "return statement",
                      "break_stmt": "break statement", "continue_stmt": "continue statement"}
#: the modules `assume` may be imported from
_ASSUME_MODULES = ("verifier", "verifier.runtime")
