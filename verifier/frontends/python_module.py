"""Lowering of a whole Python file: the module-level rules, then every function.

`ModuleLowerer(source, path).lower(tree)` returns the `Program` of a parse
tree. The subset's module level is function definitions, ``from verifier
import assume`` (or ``verifier.runtime``; ``__future__`` imports are
ignored), docstrings, ``pass``, integer constants (``N = 10``, see
`python_constants`), module globals (ints declared ``global``, lists of ints: `python_globals`),
``import sys`` for ``sys.exit`` (`python_exits`), record classes (dataclasses and plain
classes of int/bool fields, lowered to a scalar per field before the functions: `python_records`) and an
``if __name__ == "__main__":`` block (never analysed). Module-level code outside it never raises:

- a definition (``class``, ``import``, ``from ... import``, an assignment)
  only binds names: a function that mentions one of them (a call, a read, an
  annotation, even an attribute of that name) becomes unsupported, and the
  other functions are still answered;
- any other statement (a call, a loop, ``from m import *``...) runs when the
  module is imported and may change anything, so every function becomes
  unsupported.

A redefined function replaces the first, as in Python. Every function is
prepared (signature, locals) before any body is lowered, so calls may go
forwards; a function that calls an unsupported one becomes unsupported too,
so no engine ever sees a call to an empty body.
"""

from __future__ import annotations

from lark import Token, Tree

from verifier.errors import InputError
from verifier.ir import Loc, Program

from .python_base import UNSUPPORTED
from .python_contract_lowering import check_calls, replay_facts
from .python_contracts import CONTRACT_DECORATORS, CONTRACT_MODULES
from .python_constants import module_constants
from .python_exits import SYS_MODULE, exit_call_tokens, sys_constant_tokens
from .python_function import FunctionLowerer
from .python_globals import ListGlobal, Start, global_uses, inline_global_calls, module_globals
from .python_nondet import RANDOM_FUNCTIONS, RANDOM_MODULE, random_tokens
from .python_outside import Excluded
from .python_records import lower_records
from .python_tree import is_plain_string, position, stmts_of
from .python_types import TYPING_NAMES

__all__ = ["ModuleLowerer"]


class ModuleLowerer:
    """Lowers a parse tree of a whole file: module-level rules, then each function."""

    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.functions: dict[str, FunctionLowerer] = {}
        self.assume_names: set[str] = set()
        #: name -> (what binds it, where): module-level definitions outside the subset
        self.bindings: dict[str, tuple[str, Loc]] = {}
        #: why every function is unsupported, and where: module-level code outside the subset
        self.module_code: tuple[str, Loc] | None = None
        #: local names of ``typing`` imports the annotations use (``List`` -> ``List``)
        self.typing_names: dict[str, str] = {}
        #: local names of the contract libraries and their decorators -> qualified names (``require`` ->
        #: ``icontract.require``), see `python_contracts`
        self.contract_imports: dict[str, str] = {}
        #: every function's `mutated` includes what its callees change (see `ListLowerer.settle_mutations`)
        self.mutations_settled = False
        #: local names of ``import sys`` and of ``from sys import exit`` (see `python_exits`)
        self.sys_names: set[str] = set()
        self.exit_names: set[str] = set()
        #: local names of ``import random``, and of ``from random import f [as g]`` -> f (see `python_nondet`)
        self.random_names: set[str] = set()
        self.random_imports: dict[str, str] = {}
        #: module-level classes by name (their methods are spliced where records call them, `python_records`)
        self.class_trees: dict[str, Tree] = {}
        #: module-level integer constants -> values (see `python_constants`); not bindings
        self.constants: dict[str, int] = module_constants(source)
        #: module globals (ints changed through ``global``, lists of ints) -> their starts (`python_globals`)
        self.globals: dict[str, Start] = module_globals(source, self.constants)
        #: the module-level assignments that start the module lists among them
        self.global_trees: dict[str, Tree] = {}

    def global_list(self, name: str) -> bool:
        """`name` is a module list (`python_globals.ListGlobal`)."""
        return isinstance(self.globals.get(name), ListGlobal)

    def loc(self, node: Tree | Token) -> Loc:
        line, col = position(node)
        return Loc(self.path, line, col)

    def lower(self, tree: Tree, excluded: list[Excluded] = ()) -> Program:
        """The Program of the file whose parse tree is `tree`, less the top-level
        statements `excluded` from it (see `python_outside`)."""
        for stmt in stmts_of(tree):
            self._module_stmt(stmt)
        if not self.functions:
            raise InputError(self.path, 1, 1, "no function definitions (nothing to verify)", "file")
        stubs: dict[str, Excluded] = {}
        for ex in excluded:
            where = Loc(self.path, ex.line, ex.column)
            if ex.name is None:
                self._runs_code(f"unsupported construct: module-level {ex.what} at line {ex.line} runs "
                                "when the module is imported, so it may change what the function does",
                                where)
            elif ex.kind == "function":
                stubs[ex.name] = ex
            else:
                self.bindings.setdefault(ex.name, (ex.kind, Loc(self.path, ex.start, 1)))
        records_refused = lower_records(self.source, self.path, {n: fl.tree for n, fl in self.functions.items()},
                                        self.class_trees)
        for fl in self.functions.values():
            fl.prepare()
            if fl.name in records_refused and not fl.function.unsupported:
                fl.make_unsupported(*records_refused[fl.name])
            stub = stubs.get(fl.name)
            if stub is not None:
                fl.param_count = None
                fl.make_unsupported(stub.message, Loc(self.path, stub.line, stub.column))
            self._check_module_names(fl)
        global_uses(self.functions)
        for fl in self.functions.values():
            fl.declare_global_lists()
            fl.lower_body()
        check_calls(self.functions)
        self._propagate_unsupported()
        inline_global_calls(self.functions, self.globals)
        self._propagate_unsupported()
        functions = {name: fl.function for name, fl in self.functions.items()}
        return Program(self.path, "python", "math", functions, source=self.source,
                       replay_facts=replay_facts(self.functions))

    def _module_stmt(self, stmt: Tree) -> None:
        kind = stmt.data
        if kind == "funcdef":
            self._add_function(stmt, None)
        elif kind == "decorated":
            inner = stmt.children[-1]
            if isinstance(inner, Tree) and inner.data == "funcdef":
                self._add_function(inner, stmt)
            else:
                self._bind(stmt, "class definition", [inner.children[0]])
                self.class_trees[str(inner.children[0])] = inner
        elif kind == "classdef":
            self._bind(stmt, "class definition", [stmt.children[0]])
            self.class_trees[str(stmt.children[0])] = stmt
        elif kind == "import_from":
            self._import_from(stmt)
        elif kind == "import_name":
            items = [item for item in stmt.children[0].children
                     if not self._contract_import(item) and not _is_typing_import(item)]
            self._bind(stmt, "import", [_bound_by_import(item) for item in items])
            self.sys_names.update(str(_bound_by_import(item)) for item in items if _imports_sys(item))
            self.random_names.update(str(_bound_by_import(item)) for item in items if _imports_random(item))
        elif kind in ("assign", "annassign", "augassign"):
            targets = stmt.children[:-1] if kind == "assign" else stmt.children[:1]
            names = [tok for t in targets for tok in _name_tokens(t) if str(tok) not in self.constants]
            if kind == "assign" and len(names) == 1 and isinstance(self.globals.get(str(names[0])), ListGlobal):
                self.global_trees[str(names[0])] = stmt
            self._bind(stmt, _MODULE_STMT_NAMES[kind], names)
        elif kind == "expr_stmt" and is_plain_string(stmt.children[0]):
            pass  # module docstring, or a string used as a comment
        elif kind == "expr_stmt" and self._sets_recursion_limit(stmt.children[0]):
            pass  # the model has no recursion limit (a deeper one changes no answer it gives)
        elif kind == "pass_stmt":
            pass
        elif kind == "if_stmt" and _is_main_guard(stmt):
            pass  # the script part of the file; never analysed
        else:
            what = _MODULE_STMT_NAMES.get(kind) or UNSUPPORTED.get(kind, (kind, False))[0]
            where = self.loc(stmt)
            self._runs_code(f"unsupported construct: module-level {what} at line {where.line} runs "
                            "when the module is imported, so it may change what the function does",
                            where)

    def _sets_recursion_limit(self, t: Tree | Token) -> bool:
        """`t` is ``sys.setrecursionlimit(<int literal>)`` of the module ``sys`` (translations of
        recursive tasks raise CPython's limit this way)."""
        if not (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
                and t.children[0].data == "getattr"):
            return False
        owner, attribute = t.children[0].children
        args = t.children[1].children if t.children[1] is not None else []
        return (isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in self.sys_names
                and str(attribute) == "setrecursionlimit" and len(args) == 1 and isinstance(args[0], Tree)
                and args[0].data == "number")

    def _bind(self, stmt: Tree, what: str, names: list[Token]) -> None:
        """Record the names a module-level definition outside the subset binds."""
        for name in names:
            self.bindings.setdefault(str(name), (what, self.loc(stmt)))
            self.sys_names.discard(str(name))  # rebound: no longer (only) the exit of `python_exits`
            self.exit_names.discard(str(name))
            self.random_names.discard(str(name))
            self.random_imports.pop(str(name), None)

    def _runs_code(self, reason: str, loc: Loc) -> None:
        """Record module-level code outside the subset: every function becomes unsupported."""
        if self.module_code is None:
            self.module_code = (reason, loc)

    def _check_module_names(self, fl: FunctionLowerer) -> None:
        """Make `fl` unsupported if module-level code outside the subset can change it."""
        if fl.function.unsupported:
            return
        if self.module_code is not None:
            fl.make_unsupported(*self.module_code)
            return
        own = set(fl.param_types) | fl.assigned | fl.global_names
        exits = (exit_call_tokens(fl.tree, self.sys_names, self.exit_names)
                 | sys_constant_tokens(fl.tree, self.sys_names)
                 | random_tokens(fl.tree, self.random_names, self.random_imports))
        for tok in _name_tokens(fl.decorated or fl.tree):
            binding = self.bindings.get(str(tok))
            if binding is not None and str(tok) not in own and id(tok) not in exits:
                what, where = binding
                fl.make_unsupported(f"unsupported construct: '{tok}' is bound by the module-level "
                                    f"{what} at line {where.line} (outside the Python subset)",
                                    self.loc(tok))
                return

    def _import_from(self, stmt: Tree) -> None:
        module_parts = [c for c in stmt.children if isinstance(c, Tree) and c.data in ("dots", "dotted_name")]
        names_tree = stmt.children[-1]
        module = "".join(
            "".join(str(t) for t in p.children) if p.data == "dots" else ".".join(str(t) for t in p.children)
            for p in module_parts)
        if module == "__future__":
            return
        if not isinstance(names_tree, Tree) or names_tree.data != "import_as_names":
            where = self.loc(stmt)
            self._runs_code(f"unsupported construct: 'from {module} import *' at line {where.line} "
                            "may bind any name the function uses", where)
            return
        for item in names_tree.children:
            if not isinstance(item, Tree):
                continue
            name, alias = item.children
            if module in _ASSUME_MODULES and str(name) == "assume":
                self.assume_names.add(str(alias or name))
            elif module == "typing" and str(name) in TYPING_NAMES:
                self.typing_names[str(alias or name)] = str(name)
            elif f"{module}.{name}" in CONTRACT_DECORATORS:
                self.contract_imports[str(alias or name)] = f"{module}.{name}"
            else:
                self._bind(stmt, f"import from '{module}'", [alias or name])
                if module == SYS_MODULE and str(name) == "exit":
                    self.exit_names.add(str(alias or name))
                if module == RANDOM_MODULE and str(name) in RANDOM_FUNCTIONS:
                    self.random_imports[str(alias or name)] = str(name)

    def _contract_import(self, item: Tree) -> bool:
        """Record ``import icontract`` / ``import deal [as d]``; False for other modules."""
        dotted, alias = item.children
        module = ".".join(str(t) for t in dotted.children)
        if module not in CONTRACT_MODULES:
            return False
        self.contract_imports[str(alias or module)] = module
        return True

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


def _name_tokens(tree: Tree | Token) -> list[Token]:
    """Every NAME token in `tree`, in source order."""
    if isinstance(tree, Token):
        return [tree] if tree.type == "NAME" else []
    found = tree.scan_values(lambda v: isinstance(v, Token) and v.type == "NAME")
    return sorted(found, key=lambda t: (t.line or 0, t.column or 0))


def _imports_sys(item: Tree) -> bool:
    """``import sys`` or ``import sys as s``."""
    dotted, _alias = item.children
    return [str(t) for t in dotted.children] == [SYS_MODULE]


def _imports_random(item: Tree) -> bool:
    """``import random`` or ``import random as r``."""
    dotted, _alias = item.children
    return [str(t) for t in dotted.children] == [RANDOM_MODULE]


def _is_typing_import(item: Tree) -> bool:
    """``import typing`` (no alias): annotations read ``typing.List`` and the like."""
    dotted, alias = item.children
    return alias is None and [str(t) for t in dotted.children] == ["typing"]


def _bound_by_import(item: Tree) -> Token:
    """The name `import a.b` (binds ``a``) or `import a.b as c` (binds ``c``) binds."""
    dotted, alias = item.children
    return alias if alias is not None else dotted.children[0]


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
