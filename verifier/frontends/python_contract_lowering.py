"""Lowering of a function's contract (see `python_contracts`): at its entry, its returns and its calls.

- entry: each precondition is an `Assume` (so are the checks evaluating it
  needs: an input on which the precondition cannot be evaluated is outside
  it); then each snapshot (``OLD.n``, ``__old__.x``; an int, a bool or a
  list, copied) and each argument a postcondition reads but the body
  reassigns is saved in a temporary;
- every ``return`` (and the end of a body that returns None): each
  postcondition is an ``Assert(kind="postcondition")`` at the condition's own
  position, over the returned value (``result``, ``__return__``, deal's
  parameter; a returned list or dict is the one `return_data` stored in
  `RESULT_LIST`) and the arguments as passed (a list the body changed in
  place as it is at the return); a check the condition's evaluation needs
  fails as that postcondition;
- a call to a function of the file that has a contract uses the contract
  instead of the body (a modular proof, so recursive and looping callees need
  no inlining): the arguments are evaluated into temporaries, each
  precondition is an ``Assert(kind="precondition")`` at the call, the result
  is a fresh value on which every postcondition is assumed.

Names in a condition must be its lambda's parameters (a docstring
condition's: the function's parameters, ``__return__``, ``_``,
``__old__``), builtins, functions of the file or names its comprehensions
bind; anything else is unsupported, as is a call passing a list the callee
changes in place (its contract does not say how) or a tuple, dict or string.
"""

from __future__ import annotations

from lark import Token, Tree

from verifier.errors import UnsupportedConstruct
from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Const, Expr, If, Loc, Nondet, Return, Stmt, Var,
                         While, length_name)

from .python_base import as_int
from .python_lists import RESULT_LIST
from .python_contracts import Condition, Contract, ContractError, read_contract
from .python_raising import RaisingLowerer, check_declared_exceptions, is_exception_class
from .python_tree import callee_name, walk
from .python_types import ListOf, OptionalOf, array_type

__all__ = ["ContractLowerer", "replay_facts", "check_calls"]

_BUILTINS = frozenset({"len", "abs", "min", "max", "sum", "all", "any", "sorted", "int", "bool", "range",
                       "isinstance", "enumerate", "zip", "list", "tuple", "str", "dict", "set", "reversed"})


class ContractLowerer(RaisingLowerer):
    """A function's own contract, and the contracts of the functions it calls."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.contract = Contract()
        #: Python name -> the temporary holding its value at entry (reassigned arguments, snapshots)
        self._entry: dict[str, str] = {}

    # ------------------------------------------------------------ own contract

    def read_own_contract(self) -> None:
        """Read the decorators and docstring (after the signature); unsupported ones raise."""
        params = [name for name, _ in self.source_params]
        try:
            self.contract = read_contract(self.tree, self.decorated, params, self.module.source,
                                          self.module.contract_imports)
        except ContractError as e:
            raise UnsupportedConstruct(self.path, e.line, e.column, e.message) from None
        self.declared = {name for name in self.contract.raises if is_exception_class(name)}

    def enter_contract(self) -> None:
        """Emit the preconditions, then the snapshots (as icontract takes them), before the body."""
        c = self.contract
        loc = self.function.loc
        for pre in c.pre:
            stmts, cond = self.capture(lambda pre=pre: self._condition(pre, {}))
            self.out.extend(_assumed(stmts))
            self.emit(Assume(cond, Loc(self.path, pre.line, pre.column)))
        for post in c.post:
            for name, role in post.bind.items():
                if role == "arg" and name in self.assigned and name not in self._entry and name in _names(post.expr):
                    self._entry[name] = self._save(Var(name, self._scalar(name, post), loc), f"entry_{name}")
            for alias, (base, attr) in _aliases(post).items():
                if post.bind[base] == "old" and alias not in self._entry:
                    self._entry[alias] = self._old_list(attr, post) or self._save(self._old_value(attr, post),
                                                                                   f"old_{attr}")

    def _old_list(self, attr: str, post: Condition) -> str | None:
        """A list temporary holding, at entry, the list ``OLD.attr`` names (a list
        snapshot, or ``__old__.xs`` of a list parameter); None if it is no list."""
        if attr in self.contract.snapshots:
            snap = self.contract.snapshots[attr]
            saved = self.renames
            self.renames = {}
            try:
                if not self.is_list(snap.expr):
                    return None
            finally:
                self.renames = saved
            lv = self._condition(snap, {}, how=self.list_value)
        elif post.bind.get("__old__") == "old" and self.list_of(attr) is not None:
            lv = self.variable_list(attr, self.function.loc)
        else:
            return None
        name = self.fresh(f"old_{attr}", array_type(lv.elem))
        self.temps[length_name(name)] = MATH_INT
        self.source_types[name] = ListOf(lv.elem)
        self.emit(Assign(name, lv.array, lv.array.loc))
        self.emit(Assign(length_name(name), lv.length, lv.length.loc))
        return name

    def _old_value(self, attr: str, post: Condition) -> Expr:
        """The value ``OLD.attr`` (``__old__.attr``) names, evaluated at entry."""
        if attr in self.contract.snapshots:
            snap = self.contract.snapshots[attr]
            value = self._condition(snap, {}, as_cond=False)
            if value.type not in (BOOL, MATH_INT):
                raise self.error(snap.expr, "unsupported construct: a snapshot that is not an int or a bool")
            return value
        if post.bind.get("__old__") == "old" and attr in dict(self.source_params):
            return Var(attr, self._scalar(attr, post), self.function.loc)
        raise UnsupportedConstruct(self.path, post.line, post.column,
                                   f"unsupported construct: 'OLD.{attr}' without a snapshot of that name")

    def _scalar(self, name: str, post: Condition):  # type: ignore[no-untyped-def]
        ty = self.var_type(name)
        if ty not in (BOOL, MATH_INT) or isinstance(self.source_types.get(name), OptionalOf):
            raise UnsupportedConstruct(self.path, post.line, post.column,
                                       "unsupported construct: the postcondition reads list or optional parameter "
                                       f"'{name}', which the function rebinds")
        return ty

    def _save(self, value: Expr, hint: str) -> str:
        name = self.fresh(hint, value.type)
        self.emit(Assign(name, value, value.loc))
        return name

    def _s_return_stmt(self, t: Tree) -> None:
        if not self.contract.post:
            super()._s_return_stmt(t)
            return
        self.result_stored = False
        stmts, _ = self.capture(lambda: super(ContractLowerer, self)._s_return_stmt(t))
        ret = stmts[-1] if stmts else None
        if not isinstance(ret, Return):
            raise self.error(t, "unsupported construct: a return whose postconditions cannot be checked")
        self.out.extend(stmts[:-1])
        result = None
        if ret.value is not None:
            result = self._save(ret.value, "result")
            ret = Return(Var(result, ret.value.type, ret.loc), ret.loc)
        elif self.returns_data and self.result_stored:
            result = RESULT_LIST  # `return_data` stored the returned list or dict there
        self._postconditions(result, self.contract.post)
        self.emit(ret)

    def leave_contract(self) -> None:
        """The postconditions at the end of the body (a return of None), then the
        declared exceptions (see `RaisingLowerer.declare_exceptions`)."""
        on_result = [p for p in self.contract.post if _reads_result(p)]
        if self.returns_value:  # falling off the end returns None, on which an int postcondition fails
            for post in on_result:
                where = Loc(self.path, post.line, post.column)
                self.emit(Assert(Const(0, BOOL, where), "postcondition",
                                 f"{post.text} (the function returned None)", where))
        self._postconditions(None, [p for p in self.contract.post if not self.returns_value or p not in on_result])
        self.out = self.declare_exceptions(self.out)

    def _postconditions(self, result: str | None, posts: list[Condition]) -> None:
        for post in posts:
            where = Loc(self.path, post.line, post.column)
            names = dict(self._entry)
            for name, role in post.bind.items():
                if role == "result":
                    if result is None and name in _names(post.expr):
                        raise UnsupportedConstruct(self.path, post.line, post.column,
                                                   "unsupported construct: a postcondition on the result of a "
                                                   "function that returns None, a tuple or an optional")
                    if result is not None:
                        names[name] = result
            stmts, cond = self.capture(lambda post=post, names=names: self._condition(post, names))
            self.out.extend(_failing_as(stmts, "postcondition", post.text, where))
            self.emit(Assert(cond, "postcondition", post.text, where))

    # ------------------------------------------------------------------ calls

    def _user_call(self, name: str, t: Tree, top: bool, discard: bool) -> Expr:
        callee = self.module.functions[name]
        contract = callee.contract
        if not contract.conditions:
            return super()._user_call(name, t, top, discard)
        loc = self.loc(t)
        if self.try_depth:
            raise self.error(t, f"unsupported construct: a call of '{name}' (which has a contract) inside a try "
                                "statement (the exceptions it raises would be caught)")
        args = self.positional_args(t)
        if callee.param_count is not None and callee.param_count != len(args):
            raise self.error(t, f"unsupported construct: call to '{name}' with {len(args)} arguments; "
                                f"it takes {callee.param_count} (TypeError)")
        if not callee.returns_value and not discard:
            raise self.error(t, f"unsupported construct: the value of '{name}(...)', which returns None")
        names: dict[str, str] = {}
        for a, (pname, st) in zip(args, callee.source_params):
            if isinstance(st, ListOf):
                names[pname] = self._list_argument(a, pname, st, name, callee.mutated)
                continue
            if st not in (BOOL, MATH_INT):
                raise self.error(a, f"unsupported construct: call to '{name}', whose contract is applied at "
                                    "calls only for int, bool and list parameters")
            v = self.expr(a)
            if st == BOOL and v.type != BOOL:
                raise self.error(a, f"unsupported construct: an int passed to bool parameter '{pname}' of '{name}'")
            names[pname] = self._save(v if st == BOOL else as_int(v), "arg")
        self.call_sites.append((name, loc))
        self.contract_calls.add(name)
        for pre in contract.pre:
            stmts, cond = self.capture(lambda pre=pre: self._condition(pre, names))
            text = f"{name}: {pre.text}"
            self.out.extend(_failing_as(stmts, "precondition", text, loc))
            self.emit(Assert(cond, "precondition", text, loc))
        for attr, snap in contract.snapshots.items():
            names[f"OLD.{attr}"] = self._save(self._condition(snap, names, as_cond=False), f"old_{attr}")
        result = self.fresh("result", MATH_INT)
        self.emit(Assign(result, Nondet(MATH_INT, loc=loc), loc))
        for post in contract.post:
            post_names = dict(names)
            post_names.update({n: result for n, role in post.bind.items() if role == "result"})
            for alias, (base, attr) in _aliases(post).items():
                if post.bind[base] != "old" or alias in names:
                    continue
                if base != "__old__" or attr not in names:
                    raise UnsupportedConstruct(self.path, post.line, post.column,
                                               f"unsupported construct: '{alias}' without a snapshot of that name")
                post_names[alias] = names[attr]  # an int argument is the same value before and after the call
            stmts, cond = self.capture(lambda post=post, n=post_names: self._condition(post, n))
            self.out.extend(_assumed(stmts))
            self.emit(Assume(cond, loc))
        return Var(result, MATH_INT, loc)

    def _list_argument(self, a: Tree, pname: str, st: ListOf, callee: str, mutated: set[str]) -> str:
        """The temporary list holding list argument `a` of a call whose contract stands for the body."""
        if pname in mutated:
            raise self.error(a, f"unsupported construct: '{callee}' changes its list parameter '{pname}' in "
                                "place, which its contract does not describe")
        if not self.is_list(a):
            raise self.error(a, f"unsupported construct: a non-list passed to list parameter '{pname}' of "
                                f"'{callee}'")
        lv = self.list_value(a)
        if lv.elem != st.elem:
            raise self.error(a, f"unsupported construct: a list of {lv.elem} passed to parameter '{pname}' of "
                                f"'{callee}', a list of {st.elem}")
        array = self.fresh("arg", array_type(st.elem))
        self.temps[length_name(array)] = MATH_INT
        self.source_types[array] = st
        self.emit(Assign(array, lv.array, lv.array.loc))
        self.emit(Assign(length_name(array), lv.length, lv.length.loc))
        return array

    # ------------------------------------------------------------- conditions

    def _condition(self, c: Condition, names: dict[str, str], as_cond: bool = True, how=None):  # type: ignore[no-untyped-def]
        """Lower condition `c` with Python names renamed by `names` (and ``_.x`` /
        ``OLD.x`` / ``__old__.x`` by their aliases ``_.x`` ...): as a condition,
        a value (not `as_cond`), or by `how` (e.g. `list_value`) when given."""
        expr, aliases = _rewrite(c.expr, c.bind)
        for alias, (base, attr) in aliases.items():
            if c.bind[base] == "args" and alias not in names:
                names = {**names, alias: names.get(attr, attr)}
        allowed = set(c.bind) | set(aliases) | set(self.module.functions) | _BUILTINS
        for node in walk(expr):
            if node.data == "comp_for":
                allowed |= _names(node.children[0])
        for name, token in _free_names(expr):
            if name not in allowed:
                raise self.error(token, f"unsupported construct: the contract reads '{name}', which is not an "
                                        "argument of the function")
            if c.bind.get(name) in ("old", "args"):
                raise self.error(token, f"unsupported construct: '{name}' used other than as '{name}.<argument>'")
        saved = self.renames
        self.renames = {**saved, **{k: v for k, v in names.items() if k != v}}
        try:
            if how is not None:
                return how(expr)
            return self.cond(expr) if as_cond else self.expr(expr)
        finally:
            self.renames = saved


def _reads_result(c: Condition) -> bool:
    return any(c.bind.get(name) == "result" for name in _names(c.expr))


def _assumed(stmts: list[Stmt]) -> list[Stmt]:
    """`stmts` with their checks assumed (a condition that cannot be evaluated is not met)."""
    out: list[Stmt] = []
    for s in stmts:
        if isinstance(s, Assert):
            s = Assume(s.cond, s.loc)
        elif isinstance(s, If):
            s = If(s.cond, _assumed(s.then), _assumed(s.other), s.loc)
        elif isinstance(s, While):
            s = While(s.cond, _assumed(s.body), _assumed(s.step), s.loc)
        out.append(s)
    return out


def _failing_as(stmts: list[Stmt], kind: str, text: str, loc: Loc) -> list[Stmt]:
    """`stmts` with their checks failing as check `kind` at `loc` (an exception
    while evaluating a contract is that contract's failure)."""
    out: list[Stmt] = []
    for s in stmts:
        if isinstance(s, Assert):
            s = Assert(s.cond, kind, text, loc)
        elif isinstance(s, If):
            s = If(s.cond, _failing_as(s.then, kind, text, loc), _failing_as(s.other, kind, text, loc), s.loc)
        elif isinstance(s, While):
            s = While(s.cond, _failing_as(s.body, kind, text, loc), _failing_as(s.step, kind, text, loc), s.loc)
        out.append(s)
    return out


def _names(tree: Tree | Token) -> set[str]:
    """The names `var` nodes of `tree` read (targets too)."""
    if not isinstance(tree, Tree):
        return set()
    return {str(n.children[0]) for n in walk(tree) if n.data == "var"}


def _free_names(tree: Tree) -> list[tuple[str, Token]]:
    """Each name `tree` reads that is not the callee of a call, with its token."""
    callees = {id(n.children[0]) for n in walk(tree) if n.data == "funccall" and callee_name(n) is not None}
    return [(str(n.children[0]), n.children[0]) for n in walk(tree) if n.data == "var" and id(n) not in callees]


def _aliases(c: Condition) -> dict[str, tuple[str, str]]:
    """``B.attr`` -> (B, attr) for each ``B.attr`` in `c` whose ``B`` is a snapshot or argument namespace."""
    return _rewrite(c.expr, c.bind)[1]


def _rewrite(tree: Tree, bind: dict[str, str]) -> tuple[Tree, dict[str, tuple[str, str]]]:
    """`tree` with each ``B.attr`` (B bound to ``old`` or ``args``) replaced by the
    name ``B.attr`` (a variable no Python code can name), and those names."""
    aliases: dict[str, tuple[str, str]] = {}

    def copy(node: Tree | Token | None) -> Tree | Token | None:
        if not isinstance(node, Tree):
            return node
        if node.data == "getattr":
            base, attr = node.children
            if isinstance(base, Tree) and base.data == "var" and bind.get(str(base.children[0])) in ("old", "args"):
                alias = f"{base.children[0]}.{attr}"
                aliases[alias] = (str(base.children[0]), str(attr))
                return Tree("var", [Token.new_borrow_pos("NAME", alias, attr)], node.meta)
        return Tree(node.data, [copy(c) for c in node.children], node.meta)

    return copy(tree), aliases  # type: ignore[return-value]


def replay_facts(functions: dict[str, ContractLowerer]) -> dict:
    """`ir.Program.replay_facts` of a file: its raise statements, its functions'
    contracts, their parameters' annotations (``shapes``, see `crosscheck.py_witness`)
    and, for functions that return a list, tuple, string or dict (whose
    `ir.Function.ret_type` is None, as for functions returning nothing), that
    result's type (``results``: function -> type as `python_types` spells it)."""
    raises: dict[str, str] = {}
    contracts: dict[str, dict] = {}
    shapes: dict[str, dict[str, str]] = {}
    results: dict[str, str] = {}
    for name, fl in functions.items():
        raises.update({str(line): cls for line, cls in fl.raise_lines.items()})
        if fl.contract.conditions:
            contracts[name] = fl.contract.replay_form()
        shapes[name] = {param: str(st) for param, st in fl.source_params}
        if fl.returns_data:
            results[name] = str(fl.result_type)
    return {"raises": raises, "contracts": contracts, "shapes": shapes, "results": results}


def check_calls(functions: dict[str, ContractLowerer]) -> None:
    """After every body is lowered: a call to a function with a contract that was
    inlined (its body assumes its precondition: inlined, that would hide the
    caller's bad calls), or to one that declares exceptions the caller does not,
    makes the caller unsupported."""
    for fl in functions.values():
        if fl.function.unsupported:
            continue
        for callee, loc in fl.call_sites:
            if functions[callee].contract.conditions and callee not in fl.contract_calls:
                fl.make_unsupported(f"unsupported construct: a call of '{callee}' that cannot use its contract", loc)
                break
    check_declared_exceptions(functions)
