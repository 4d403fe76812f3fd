"""What the lowering of one Python function shares: its state, emission, errors, IR helpers.

`LowererBase` holds a function's state (parameter and local types,
temporaries, call sites, the block being filled) and the operations every
lowering pass uses: positions and `UnsupportedConstruct` errors, emitting
into `self.out`, capturing a nested block, fresh temporaries (named ``$...``,
never a Python name), assignment with Python's bool/int rules. On its own it
lowers nothing: `CallLowerer`, `ExprLowerer`, `StmtLowerer` and
`FunctionLowerer` build on it, in that order. The module-level helpers
(`as_int`, `truthy`, `negate`, `names_read`) work on IR expressions;
`UNSUPPORTED` names the parse-tree rules outside the subset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TypeVar

from lark import Token, Tree

from verifier.errors import UnsupportedConstruct
from verifier.ir import (BOOL, MATH_INT, ArrayType, Assign, Binary, Call, Cast, Const, Expr, Function, Ite,
                         Loc, Select, Stmt, Store, Type, Unary, Var)

from .python_tree import last_line, position, return_kinds
from .python_types import SourceType
from .python_unbound import bound_check, bound_flag

if TYPE_CHECKING:
    from .python_local_functions import LocalFunction
    from .python_module import ModuleLowerer
    from .python_unbound import UnboundRead

__all__ = ["LowererBase", "as_int", "truthy", "negate", "names_read", "UNSUPPORTED"]

T = TypeVar("T")


class LowererBase:
    """The state of one `def` being lowered, and what every lowering pass uses.

    Lowering is top-down into `self.out` (the block being filled); `expr`
    returns a pure expression after emitting, into `self.out`, the checks and
    calls its evaluation needs. A construct outside the subset raises
    `UnsupportedConstruct`.
    """

    def __init__(self, module: ModuleLowerer, tree: Tree, decorated: Tree | None) -> None:
        self.module = module
        self.path = module.path
        self.tree = tree
        self.decorated = decorated
        name, _params, _ret, suite = tree.children
        self.name = str(name)
        self.suite = suite
        line, col = position(tree)
        self.function = Function(self.name, [], None, [], loc=Loc(self.path, line, col),
                                 end_line=last_line(tree))
        self.param_types: dict[str, Type] = {}
        self.param_count: int | None = None  # None: unknown (unsupported signature)
        #: the functions of the file whose returned tuple or list this one uses (inlined where called,
        #: `python_globals.inline_global_calls`)
        self.inlined_calls: set[str] = set()
        #: parameters with a default value, and the value (an int or bool constant, evaluated at ``def``)
        self.param_defaults: dict[str, int | bool] = {}
        #: keyword-only parameters (after a bare ``*``): a call passes them by name
        self.keyword_only: set[str] = set()
        self.returns_value, self.returns_none = return_kinds(suite)
        self.locals: dict[str, Type] = {}
        self.assigned: set[str] = set()
        self.temps: dict[str, Type] = {}
        self.call_sites: list[tuple[str, Loc]] = []
        #: the construct that made this function (or one it calls) unsupported
        self.root_cause: tuple[str, Loc] = ("", Loc())
        self.out: list[Stmt] = []
        self.body_trees: list[Tree] = []
        self._counter = 0
        #: Python names (parameters, locals, temporaries) -> source type (see `python_types`)
        self.source_types: dict[str, SourceType] = {}
        #: parameters in order, with their source types (callers flatten arguments by them)
        self.source_params: list[tuple[str, SourceType]] = []
        #: names whose list the body changes in place (lists passed to it are not aliased)
        self.mutated: set[str] = set()
        #: the function returns a list, tuple or optional value: its IR returns
        #: nothing, and callers may not use the value (`result_type` says which)
        self.returns_data = False
        self.result_type: SourceType | None = None
        #: the last `return` lowered stored its list or dict in `RESULT_LIST` (a contract reads it as `result`)
        self.result_stored = False
        #: per enclosing loop statement, innermost last: the flag its ``break`` clears when
        #: the loop has an ``else`` clause (which runs after the loop while the flag is set), else None
        self.loop_else_flags: list[str | None] = []
        #: comprehension variables -> the temporaries they are renamed to
        self.renames: dict[str, str] = {}
        #: nested helpers inlined at their calls, by name; why each other nested ``def`` is not (by ``id``)
        self.local_functions: dict[str, LocalFunction] = {}
        self.refused_local_functions: dict[int, str] = {}
        #: optional variables known not None here (the branch of an ``x is None`` test that excludes it,
        #: where the branch does not assign x): read as their value
        self.not_none: set[str] = set()
        #: in the body of a loop over a dict's keys that changes neither the dict nor the key name:
        #: key name -> (dict name, the loop's position counter); ``d[k]`` there is the value at that position
        self.walked_keys: dict[str, tuple[str, Var]] = {}
        #: the position the last ``k in d`` of a dict found (see `DictLowerer.knowing_key`)
        self.last_key_position: Var | None = None
        #: set by a guard ``if k not in d: return ...`` just lowered: (k, d, position found, the if statement)
        self.last_guard: tuple[str, str, Var, Tree] | None = None
        #: reads (``id`` of their ``var`` node) that may find their local unbound (`python_unbound`),
        #: and those whose check ``unbound`` was emitted
        self.unbound: dict[int, UnboundRead] = {}
        self.unbound_checked: set[int] = set()

    def error(self, node: Tree | Token | None, message: str) -> UnsupportedConstruct:
        """The error `message` at `node`'s position (for the caller to raise)."""
        line, col = position(node)
        return UnsupportedConstruct(self.path, line, col, message)

    def unsupported(self, node: Tree, what: str | None = None,
                    data_type: bool | None = None) -> UnsupportedConstruct:
        """``unsupported construct: WHAT`` at `node`, WHAT named from `UNSUPPORTED` unless given."""
        known = UNSUPPORTED.get(node.data, (node.data.replace("_", " "), False))
        what = what or known[0]
        data_type = known[1] if data_type is None else data_type
        suffix = (" (the Python subset has int, bool, str, and lists, tuples and dicts of int and bool; lists of "
                  "strings or lists; dicts with str keys)"
                  if data_type else "")
        return self.error(node, f"unsupported construct: {what}{suffix}")

    def loc(self, node: Tree | Token | None) -> Loc:
        """The IR position of `node` in this file."""
        line, col = position(node)
        return Loc(self.path, line, col)

    def text(self, node: Tree) -> str:
        """The source text of `node`, whitespace runs collapsed to one space."""
        if node.meta.empty:
            return ""
        return " ".join(self.module.source[node.meta.start_pos:node.meta.end_pos].split())

    def emit(self, stmt: Stmt) -> None:
        """Append `stmt` to the block being filled."""
        self.out.append(stmt)

    def check_bound(self, var: Tree) -> None:
        """Emit the check ``unbound`` of read `var` if its local may be unbound there."""
        read = self.unbound.get(id(var))
        if read is not None:
            self.emit(bound_check(read, self.loc(var)))
            self.unbound_checked.add(id(var))

    def unbind(self, var: Tree) -> None:
        """``del x`` of a name: the check ``unbound`` if x may be unbound, then x is
        unbound (its flag cleared, when some read checks it)."""
        self.check_bound(var)
        flag = bound_flag(str(var.children[0]))
        if flag in self.temps:
            self.emit(Assign(flag, Const(0, BOOL, self.loc(var)), self.loc(var)))

    def capture(self, fn: Callable[[], T]) -> tuple[list[Stmt], T]:
        """Run `fn` with a fresh block; return the statements it emitted and its result."""
        saved, self.out = self.out, []
        try:
            result = fn()
            return self.out, result
        finally:
            self.out = saved

    def expr(self, t: Tree | Token, top: bool = False, discard: bool = False) -> Expr:
        """Lower `t` for its value (`ExprLowerer` implements it)."""
        raise NotImplementedError

    def fresh(self, hint: str, ty: Type) -> str:
        """A new temporary ``$<hint><n>`` of type `ty`, declared as a local."""
        self._counter += 1
        name = f"${hint}{self._counter}"
        self.temps[name] = ty
        return name

    def spill(self, e: Expr, hint: str = "tmp") -> Expr:
        """`e` itself if it is a variable or constant, else a temporary holding it."""
        if _is_simple(e):
            return e
        name = self.fresh(hint, e.type)
        self.emit(Assign(name, e, e.loc))
        return Var(name, e.type, e.loc)

    def var_type(self, name: str) -> Type | None:
        """The type of parameter or local `name`; None if it is neither."""
        name = self.renames.get(name, name)
        if name in self.param_types:
            return self.param_types[name]
        return self.locals.get(name, self.temps.get(name))

    def assign(self, name: str, value: Expr, loc: Loc, node: Tree) -> None:
        """Emit ``name = value``; a bool stored into an int local becomes 0/1, an int
        stored into a bool parameter is unsupported."""
        ty = self.var_type(name)
        declared = self.source_types.get(self.renames.get(name, name), ty)
        if ty is None or isinstance(ty, ArrayType) or value.type not in (BOOL, MATH_INT) or declared != ty:
            raise self.error(node, f"unsupported construct: assigning a number to '{name}', which holds a "
                                   f"{declared if declared is not None else 'value of another type'}")
        if ty == BOOL:
            if value.type != BOOL:
                raise self.error(node, f"unsupported construct: bool parameter '{name}' is assigned "
                                       "an int (declare it int)")
            self.emit(Assign(name, value, loc))
        else:
            self.emit(Assign(name, as_int(value), loc))


def names_read(e: Expr) -> set[str]:
    """The variables `e` reads."""
    out: set[str] = set()
    stack: list[Expr] = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, Var):
            out.add(x.name)
        elif isinstance(x, Unary | Cast):
            stack.append(x.arg)
        elif isinstance(x, Binary):
            stack += [x.left, x.right]
        elif isinstance(x, Ite):
            stack += [x.cond, x.then, x.other]
        elif isinstance(x, Call):
            stack += list(x.args)
        elif isinstance(x, Select):
            stack += [x.array, x.index]
        elif isinstance(x, Store):
            stack += [x.array, x.index, x.value]
    return out


def as_int(e: Expr) -> Expr:
    """`e` as a MATH_INT value (a bool is 0/1, as in Python arithmetic)."""
    if e.type == MATH_INT:
        return e
    if isinstance(e, Const):
        return Const(e.value, MATH_INT, e.loc)
    return Cast(e, MATH_INT, e.loc)


def truthy(e: Expr) -> Expr:
    """Python's truth value of `e`, as a BOOL."""
    if e.type == BOOL:
        return e
    if isinstance(e, Const):
        return Const(int(e.value != 0), BOOL, e.loc)
    return Binary("ne", e, Const(0, MATH_INT, e.loc), BOOL, e.loc)


def negate(e: Expr, loc: Loc) -> Expr:
    """``not e`` for a BOOL `e`, folding constants and double negation."""
    if isinstance(e, Const):
        return Const(1 - e.value, BOOL, loc)
    if isinstance(e, Unary) and e.op == "not":
        return e.arg
    return Unary("not", e, BOOL, loc)


#: parse-tree rules outside the subset -> (what to call them, is it a data type)
UNSUPPORTED: dict[str, tuple[str, bool]] = {
    "list": ("list literal", True),
    "list_comprehension": ("list comprehension", True),
    "tuple": ("tuple", True),
    "testlist_tuple": ("tuple", True),
    "tuple_comprehension": ("generator expression", True),
    "comprehension": ("generator expression", True),
    "dict": ("dict literal", True),
    "dict_comprehension": ("dict comprehension", True),
    "set": ("set literal", True),
    "set_comprehension": ("set comprehension", True),
    "string": ("string", True),
    "string_concat": ("string", True),
    "const_none": ("None", True),
    "getitem": ("subscript", True),
    "slice": ("slice", True),
    "subscript_tuple": ("subscript", True),
    "getattr": ("attribute access", False),
    "lambdef": ("lambda", False),
    "assign_expr": ("assignment expression ':='", False),
    "yield_expr": ("yield", False),
    "yield_from": ("yield from", False),
    "star_expr": ("starred expression", False),
    "ellipsis": ("'...' (Ellipsis)", True),
    "funcdef": ("nested function definition", False),
    "classdef": ("class definition", False),
    "decorated": ("decorated definition", False),
    "del_stmt": ("del statement", False),
    "raise_stmt": ("raise statement", False),
    "yield_stmt": ("yield", False),
    "import_name": ("import inside a function", False),
    "import_from": ("import inside a function", False),
    "global_stmt": ("global statement", False),
    "nonlocal_stmt": ("nonlocal statement", False),
    "try_stmt": ("try statement", False),
    "try_finally": ("try statement", False),
    "with_stmt": ("with statement", False),
}


def _is_simple(e: Expr) -> bool:
    return isinstance(e, (Var, Const))
