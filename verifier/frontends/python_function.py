"""Lowering of one Python `def`: its signature, its leading type guards, then its body.

`FunctionLowerer(module, tree, decorated)` is built for each function of the
file. `prepare()` fixes what callers need to know before any body is lowered:
parameter types (`MATH_INT`, or `BOOL` when annotated ``bool`` or guarded by
``isinstance(x, bool)``), the return type (`MATH_INT` when some ``return``
has a value, else None) and the locals (every name the body binds, as
`MATH_INT`; module-level constants it reads too, set on entry, see
`python_constants`). Leading ``assert isinstance(x, int) and isinstance(y, bool)``
statements (and a docstring) are dropped; the contract (decorators and
docstring, `python_contracts`) is read. `lower_body()` then fills
`function.body`. A construct outside the subset never raises from either:
it sets `Function.unsupported` (message and position) and empties the body.
"""

from __future__ import annotations

import ast

from lark import Token, Tree

from verifier.errors import UnsupportedConstruct
from verifier.ir import BOOL, MATH_INT, Assign, Const, Loc, Param, Stmt

from .python_constants import constant_value
from .python_contract_lowering import ContractLowerer
from .python_globals import ListGlobal, list_uses_outside_items
from .python_local_functions import local_functions
from .python_tree import assigned_names, callee_name, is_plain_string, stmts_of, walk
from .python_types import ListOf, ir_variables, read_result_annotation
from .python_unbound import bound_flag, flag_bindings, unbound_reads

__all__ = ["FunctionLowerer"]


class FunctionLowerer(ContractLowerer):
    """Lowers one `def` into an `ir.Function` (`self.function`)."""

    def prepare(self) -> None:
        """Signature, guards and locals (what callers need to know)."""
        #: module-level constants the body reads -> their values (locals set on entry)
        self.constants_read: dict[str, int] = {}
        #: the module globals (`python_globals`) the body names: declared ``global``, or read and not bound
        self.global_names: set[str] = set()
        #: the module globals it or the functions it calls name (`python_globals.global_uses`)
        self.global_uses: set[str] = set()
        #: what sets the module lists it uses to their starts (`python_globals`), before its body
        self.global_entry: list[Stmt] = []
        try:
            if self.returns_value:
                self.function.ret_type = MATH_INT
            self._signature()
            _lambdas_as_defs(self.suite)
            self.local_functions, self.refused_local_functions = local_functions(
                self.suite, set(self.param_types) | set(self.source_types) | set(assigned_names(self.suite)))
            self.read_own_contract()
            self.body_trees = self._strip_guards(stmts_of(self.suite))
            self.declare_locals(assigned_names(self.suite))
            self._declare_constants()
            self._declare_globals()
        except UnsupportedConstruct as e:
            self._record(e)

    def lower_body(self) -> None:
        """Fill `function.body` and `function.locals` (after every function is prepared)."""
        if self.function.unsupported:
            return
        try:
            self.settle_mutations()
            for name in sorted(self.global_uses):
                if isinstance(self.module.globals[name], ListGlobal):
                    self.global_entry += self.capture(lambda: self.stmt(self.module.global_trees[name]))[0]
            self.out = self.param_facts(self.source_params, self.function.loc)
            for name, value in self.constants_read.items():
                self.out.append(Assign(name, Const(value, MATH_INT, self.function.loc), self.function.loc))
            flags = self._unbound_flags()
            self.enter_contract()
            self.statements(self.body_trees)
            self.leave_contract()
            self._check_unbound_reads()
            self.function.body = flag_bindings(self.out, flags) if flags else self.out
            self.function.locals = {**self.locals, **self.temps}
        except UnsupportedConstruct as e:
            self._record(e)
        except RecursionError:
            self.make_unsupported("unsupported construct: expression nested too deeply", self.function.loc)

    def _unbound_flags(self) -> dict[str, str]:
        """Find the reads that may find their local unbound (`python_unbound`); for
        each such local, its flag, set on entry for a parameter (``del`` may clear it),
        else cleared. Returns IR variable -> its local."""
        params = [n for n, _st in self.source_params] + sorted(self.global_names)  # bound on entry
        self.unbound = unbound_reads(params, self.suite, self.local_functions)
        owners: dict[str, str] = {}
        for name in sorted({r.name for r in self.unbound.values()}):
            flag = bound_flag(name)
            self.temps[flag] = BOOL
            self.out.append(Assign(flag, Const(int(name in params), BOOL, self.function.loc), self.function.loc))
            st = self.source_types.get(name)
            for var, _ty in ir_variables(name, st) if st is not None else [(name, MATH_INT)]:
                owners[var] = name
        return owners

    def _check_unbound_reads(self) -> None:
        """A read that may find its local unbound but was lowered without the check
        (a method call or item assignment on a list, ...) makes the function unsupported."""
        missed = [t for t in self.suite.iter_subtrees_topdown()
                  if id(t) in self.unbound and id(t) not in self.unbound_checked]
        if missed:
            name = str(missed[0].children[0])
            raise self.error(missed[0], f"unsupported construct: a use of '{name}', which may be unbound here, "
                                        "that the UnboundLocalError check does not cover (bind it on every path)")

    def _declare_constants(self) -> None:
        """The module-level constants the body reads (and does not bind): locals set on entry."""
        own = set(self.param_types) | set(self.source_types) | self.assigned
        trees = [self.decorated or self.tree] + [f.node.children[3] for f in self.local_functions.values()]
        read = {str(n.children[0]) for tree in trees for n in walk(tree) if n.data == "var"}
        self.constants_read = {name: value for name, value in self.module.constants.items()
                               if name in read and name not in own}
        for name in self.constants_read:
            self.locals[name] = MATH_INT

    def _declare_globals(self) -> None:
        """The module globals the body names (see `python_globals`): locals, set on entry by the module."""
        declared = {str(name) for node in walk(self.suite) if node.data == "global_stmt" for name in node.children}
        trees = [self.decorated or self.tree] + [f.node.children[3] for f in self.local_functions.values()]
        read = {str(n.children[0]) for tree in trees for n in walk(tree) if n.data == "var"}
        own = set(self.param_types) | set(self.source_types) | self.assigned
        self.global_names = {name for name in self.module.globals
                             if name in declared or (name in read and name not in own)}
        for name in self.global_names:
            if isinstance(self.module.globals[name], ListGlobal):
                use = list_uses_outside_items(self.decorated or self.tree, name)
                if use is not None:
                    raise self.error(use, f"unsupported construct: the module list '{name}' used other than as "
                                          f"'{name}[i]' or 'len({name})' (the model would copy it)")
            else:
                self.locals.setdefault(name, MATH_INT)

    def declare_global_lists(self) -> None:
        """The module lists it uses, its own or through calls (`global_uses`): list locals."""
        for name in sorted(self.global_uses):
            if isinstance(self.module.globals[name], ListGlobal) and name not in self.source_types:
                self.source_types[name] = ListOf(MATH_INT)
                self.locals.update(ir_variables(name, ListOf(MATH_INT)))
                for node in walk(self.module.global_trees[name]):  # the constants its start reads
                    read = str(node.children[0]) if node.data == "var" else ""
                    if read in self.module.constants and self.locals.get(read, MATH_INT) == MATH_INT:
                        self.constants_read[read] = self.module.constants[read]
                        self.locals[read] = MATH_INT
                        entry = Assign(read, Const(self.module.constants[read], MATH_INT, self.function.loc),
                                       self.function.loc)
                        self.global_entry.append(entry)

    def _s_global_stmt(self, t: Tree) -> None:
        """``global g`` of a module global (`python_globals`) only says where `g` lives."""
        for name in t.children:
            if str(name) not in self.module.globals:
                raise self.error(name, f"unsupported construct: global statement of '{name}', a name without "
                                       "one integer start value at module level (only such globals are modelled)")

    def make_unsupported(self, message: str, loc: Loc) -> None:
        """Mark the function unsupported because of `message` at `loc`, emptying its body."""
        self.root_cause = (message, loc)
        fn = self.function
        fn.unsupported, fn.unsupported_loc = message, loc
        fn.body, fn.locals = [], {}

    def _record(self, e: UnsupportedConstruct) -> None:
        self.make_unsupported(e.message, Loc(self.path, e.line, e.column))

    def _signature(self) -> None:
        """Parameter types from annotations; unsupported parameter kinds and return types raise."""
        _name, params, ret, _suite = self.tree.children
        names: list[tuple[str, Tree | Token, Tree | None]] = []
        if params is not None:
            for child in self._keyword_only(params.children):
                if child is None:
                    continue
                if isinstance(child, Token):
                    if child.type == "SLASH":
                        raise self.error(child, "unsupported construct: positional-only parameter marker '/'")
                    names.append((str(child), child, None))
                elif child.data == "typedparam":
                    names.append((str(child.children[0]), child, child.children[1]))
                elif child.data == "paramvalue":
                    param, default = child.children
                    name = str(param if isinstance(param, Token) else param.children[0])
                    names.append((name, param, None if isinstance(param, Token) else param.children[1]))
                    self.param_defaults[name] = self._default_value(default)
                elif child.data == "starparams":
                    raise self.error(child, "unsupported construct: *args parameter")
                elif child.data == "kwparams":
                    raise self.error(child, "unsupported construct: **kwargs parameter")
                else:
                    raise self.unsupported(child)
        self.param_count = len(names)
        for name, node, ann in names:
            self.declare_param(name, ann)
        self._sync_params(names)
        if ret is not None and _type_name(ret) not in ("int", "bool", "None"):
            if isinstance(read_result_annotation(ret, self.module.typing_names), str):
                raise self.error(ret, f"return type '{self.text(ret)}' is not supported; only int, bool, "
                                      "None, and lists, tuples and optionals of int or bool are")
        if self.returns_value and self.returns_none:
            bare = next(n for n in walk(self.suite)
                        if n.data == "return_stmt" and (not n.children or n.children[0] is None))
            raise self.error(bare, "unsupported construct: a function that returns a value on some "
                                   "paths and None ('return' without a value) on others")

    def _keyword_only(self, children: list) -> list:
        """The parameter nodes of `children` (a ``parameters`` node's), the keyword-only ones after a
        bare ``*`` in place of it (recorded in `keyword_only`); ``*args`` and ``**kwargs`` stay as they are."""
        out: list = []
        for child in children:
            if isinstance(child, Tree) and child.data == "starparams" and isinstance(child.children[0], Tree) \
                    and child.children[0].data == "starguard" and child.children[1].children[-1] is None:
                after = [c for c in child.children[1].children if c is not None]
                self.keyword_only.update(_param_name(c) for c in after)
                out += after
            else:
                out.append(child)
        return out

    def _default_value(self, default: Tree | Token) -> int | bool:
        """The value of a parameter's default: an int or bool constant (a literal, or an
        expression of the module's integer constants), as ``def`` evaluates it once."""
        try:
            node = ast.parse(self.text(default).strip(), mode="eval").body
        except SyntaxError:
            node = None
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return node.value
        value = None if node is None else constant_value(node, self.module.constants)
        if value is None:
            raise self.error(default, "unsupported construct: a default parameter value other than an int or "
                                      "bool constant")
        return value

    def _sync_params(self, names: list[tuple[str, Tree | Token, Tree | None]]) -> None:
        self.function.params = [Param(v, self.param_types[v], self.loc(node)) for n, node, _ in names
                                for v, _ty in ir_variables(n, self.source_types[n])]

    def _strip_guards(self, stmts: list[Tree]) -> list[Tree]:
        """Drop the docstring and the leading `assert isinstance(param, T) and ...` guards."""
        i = 0
        if stmts and stmts[0].data == "expr_stmt" and is_plain_string(stmts[0].children[0]):
            i = 1
        while i < len(stmts) and stmts[i].data == "assert_stmt":
            guards = self._guard(stmts[i].children[0])
            if guards is None or any(self.declared_instance(p, ty) is False for p, ty, _ in guards):
                break  # not a guard, or one CPython fails: a real check
            for param, type_name, node in guards:
                if self.declared_instance(param, type_name):
                    continue  # `isinstance(xs, list)` of a list parameter: always true
                if type_name == "bool":
                    self.param_types[param] = BOOL
                elif type_name != "int":
                    raise self.error(node, f"parameter '{param}' has type '{type_name}'; "
                                           "only int and bool are supported")
            i += 1
        self.function.params = [Param(p.name, self.param_types[p.name], p.loc)
                                 for p in self.function.params]
        return stmts[i:]

    def _guard(self, cond: Tree) -> list[tuple[str, str, Tree]] | None:
        parts = cond.children if isinstance(cond, Tree) and cond.data == "and_test" else [cond]
        found = []
        for part in parts:
            if not (isinstance(part, Tree) and part.data == "funccall" and callee_name(part) == "isinstance"
                    and "isinstance" not in self.module.functions):
                return None
            args = part.children[1]
            if not (isinstance(args, Tree) and args.data == "arguments" and len(args.children) == 2):
                return None
            subject, type_node = args.children
            if not (isinstance(subject, Tree) and subject.data == "var"
                    and (str(subject.children[0]) in self.param_types
                         or str(subject.children[0]) in dict(self.source_params))):
                return None
            if not (isinstance(type_node, Tree) and type_node.data == "var"):
                return None
            found.append((str(subject.children[0]), str(type_node.children[0]), part))
        return found


def _type_name(ann: Tree | Token) -> str:
    """The type an annotation names (``int``, ``bool``, ``None``...); "" if not a plain name."""
    if isinstance(ann, Tree):
        if ann.data == "var":
            return str(ann.children[0])
        if ann.data == "const_none":
            return "None"
    return ""


def _param_name(node: Tree | Token) -> str:
    """The name of parameter node `node` (a NAME, ``typedparam`` or ``paramvalue``)."""
    while isinstance(node, Tree):
        node = node.children[0]
    return str(node)


def _lambdas_as_defs(suite: Tree) -> None:
    """Rewrite each top-level ``f = lambda a, b: e`` of function body `suite` (plain parameters) as the
    nested ``def f(a, b): return e`` it is equivalent to when ``f`` is only called (`local_functions`
    decides whether it is inlined, as for a written ``def``)."""
    for k, stmt in enumerate(suite.children):
        if not (isinstance(stmt, Tree) and stmt.data == "assign" and len(stmt.children) == 2):
            continue
        target, value = stmt.children
        if not (isinstance(target, Tree) and target.data == "var" and isinstance(value, Tree)
                and value.data == "lambdef"):
            continue
        params, body = value.children
        names = [c for c in (params.children if params is not None else []) if c is not None]
        if not all(isinstance(c, Token) and c.type == "NAME" for c in names):
            continue
        ret = Tree("return_stmt", [body], meta=stmt.meta)
        suite.children[k] = Tree("funcdef", [target.children[0], Tree("parameters", names), None,
                                             Tree("suite", [ret])], meta=stmt.meta)
