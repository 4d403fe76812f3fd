"""Lowering of Python calls: to the file's own functions, and to the supported builtins.

`CallLowerer` lowers ``f(args)`` for a function `f` of the file into an IR
`Call` (arguments checked against `f`'s parameter count and bool parameters,
a list argument passed as its array and length; hoisted into a ``$call``
temporary unless `top`), and the builtins ``abs``, ``min``/``max`` of two or
more values, ``int``, ``bool`` and ``isinstance`` (folded to a constant from
the declared types) into pure expressions; list methods and the builtins over
lists come from `IterLowerer`. A list passed to a function that changes
that parameter in place is unsupported (the caller would see the change; lists
are values in the IR). Any other call is an `UnsupportedConstruct`: another
method, another builtin, an undefined name;
``print(...)`` as a statement is lowered to the checks of its arguments (`FormatLowerer`). A builtin shadowed by a
local or a function of the file is not the builtin.
"""

from __future__ import annotations

import builtins

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Assume, Binary, Call, Const, Expr, If, Ite, Loc, Nondet,
                         Unary, Var)

from verifier.cfa import BOUND_CHECK

from .python_base import as_int, truthy
from .python_int_text import IntTextLowerer
from .python_local_functions import LocalFunction
from .python_nondet import NONDET_LABELS, is_input_call, random_function
from .python_tree import callee_name, may_end, stmts_of
from .python_types import DictOf, ListOf, OptionalOf, TupleOf, constant_index

__all__ = ["CallLowerer", "MAX_RANDOM_BITS"]

#: the largest constant ``k`` of ``random.getrandbits(k)`` that is read
MAX_RANDOM_BITS = 256


class CallLowerer(IntTextLowerer):
    """Calls and builtins; `ExprLowerer` dispatches ``funccall`` nodes here."""

    def is_builtin(self, name: str) -> bool:
        """`name` refers to Python's builtin (not shadowed in this file)."""
        return (self.var_type(name) is None and name not in self.source_types and name not in self.renames
                and name not in self.module.functions)

    def is_assume(self, call: Tree) -> bool:
        """`call` calls the ``assume`` imported from verifier (not shadowed in this file)."""
        name = callee_name(call)
        return (name is not None and name in self.module.assume_names and self.var_type(name) is None
                and name not in self.module.functions)

    def positional_args(self, call: Tree) -> list[Tree]:
        """The arguments of `call`; keyword, starred and generator arguments are unsupported."""
        args = call.children[1]
        if args is None:
            return []
        out = []
        for a in args.children:
            if a is None:
                continue
            if isinstance(a, Tree) and a.data == "argvalue":
                raise self.error(a, "unsupported construct: keyword argument")
            if isinstance(a, Tree) and a.data in ("starargs", "stararg"):
                raise self.error(a, "unsupported construct: *args in a call")
            if isinstance(a, Tree) and a.data == "kwargs":
                raise self.error(a, "unsupported construct: **kwargs in a call")
            out.append(a)  # a generator expression is only taken where a list is
        return out

    def _e_funccall(self, t: Tree, top: bool = False, discard: bool = False) -> Expr:
        name = callee_name(t)
        loc = self.loc(t)
        drawn = self._random_function(t)
        if drawn is not None:
            return getattr(self, f"_random_{drawn}")(t, loc)
        if name is None:
            callee = t.children[0]
            if isinstance(callee, Tree) and callee.data == "getattr":
                if self.dict_type(callee.children[0]) is not None:
                    return self.dict_method(t, discard)  # type: ignore[return-value]
                return self.method_call(t, discard)  # type: ignore[return-value]
            raise self.error(t, "unsupported construct: call of an expression")
        if name in self.local_functions:
            return self.local_call(self.local_functions[name], t)
        if self.var_type(name) is not None or name in self.source_types or name in self.renames:
            raise self.error(t, f"unsupported construct: call of variable '{name}'")
        if name in self.module.functions:
            return self._user_call(name, t, top, discard)
        if name in self.module.assume_names:
            raise self.error(t, "unsupported construct: assume() used as a value (write it as a "
                                "statement)")
        if name in ("min", "max", "sum"):
            args, keywords = self.call_arguments(t)
            if keywords:
                return self._with_keywords(name, t, args, keywords, loc)
        if name == "int" and self.is_builtin(name):
            args, keywords = self.call_arguments(t)
            if set(keywords) == {"base"} and len(args) == 1:
                return self._int_in_base(t, args[0], keywords["base"], loc)
        builtin = getattr(self, f"_b_{name}", None)
        if builtin is not None:
            return builtin(t, self.positional_args(t), loc)
        if name == "print":
            if not discard:
                raise self.error(t, "unsupported construct: the value of print() (None) used")
            self.printed(t)
            return Const(0, MATH_INT, loc)
        if name == "range":
            raise self.error(t, "unsupported construct: range() outside 'for ... in range(...)'")
        if name in _BUILTIN_NAMES:
            raise self.error(t, f"unsupported construct: call to built-in function '{name}'")
        raise self.error(t, f"call to undefined function {name}")

    def local_call(self, helper: LocalFunction, t: Tree) -> Expr:
        """A call of nested helper `helper` (`python_local_functions`): the
        arguments in order into fresh temporaries, then the helper's expression
        with its parameters renamed to them (other names read the caller's
        variables as they are now, as a closure does)."""
        args = self.positional_args(t)
        if len(args) != len(helper.params):
            raise self.error(t, f"unsupported construct: call to '{helper.name}' with {len(args)} arguments; "
                                f"it takes {len(helper.params)} (TypeError)")
        values = []
        for a in args:
            if self.is_list(a) or self.dict_type(a) is not None:
                raise self.error(a, f"unsupported construct: a string, list or dict passed to nested function "
                                    f"'{helper.name}' (only ints and bools are)")
            value = self.expr(a)
            temp = self.fresh("arg", value.type)
            self.source_types[temp] = value.type
            self.emit(Assign(temp, value, value.loc))
            values.append(temp)
        saved = self.renames, self.walked_keys
        self.renames = dict(zip(helper.params, values))
        self.walked_keys = {k: v for k, v in self.walked_keys.items() if k not in helper.params}
        try:
            return self.hold(self.expr(helper.body), "ret")
        finally:
            self.renames, self.walked_keys = saved

    def _user_call(self, name: str, t: Tree, top: bool, discard: bool) -> Expr:
        callee = self.module.functions[name]
        loc = self.loc(t)
        lowered = self.user_call_arguments(name, t)
        if callee.returns_data and not discard:
            raise self.error(t, f"unsupported construct: the {callee.result_type or 'value'} '{name}(...)' returns "
                                "(a list, tuple or optional result of a call)")
        if not callee.returns_value and not discard:
            raise self.error(t, f"unsupported construct: the value of '{name}(...)', which returns None")
        if not discard and may_end(stmts_of(callee.suite)):
            raise self.error(t, f"unsupported construct: the value of '{name}(...)', which may end without a "
                                "return (returning None)")
        self.call_sites.append((name, loc))
        call = Call(name, tuple(lowered), MATH_INT, loc)
        if top:
            return call
        tmp = self.fresh("call", MATH_INT)
        self.emit(Assign(tmp, call, loc))
        return Var(tmp, MATH_INT, loc)

    def user_call_arguments(self, name: str, t: Tree) -> list[Expr]:
        """The IR arguments of call `t` of the file's function `name`, evaluated in order."""
        callee = self.module.functions[name]
        args, keywords = self.call_arguments(t)
        if keywords or callee.param_defaults or callee.keyword_only:
            lowered = self._bound_arguments(name, t, args, keywords)
        else:
            args = self.positional_args(t)
            if callee.param_count is not None and callee.param_count != len(args):
                raise self.error(t, f"unsupported construct: call to '{name}' with {len(args)} arguments; "
                                    f"it takes {callee.param_count} (TypeError)")
            lowered = []
            for a, (pname, st) in zip(args, callee.source_params):
                lowered += self._argument(a, pname, st, name, callee.mutated)
        return lowered

    def _bound_arguments(self, name: str, t: Tree, args: list[Tree], keywords: dict[str, Tree]) -> list[Expr]:
        """The IR arguments of call `t` of `name` with keyword arguments or defaults, as CPython binds
        them: positional ones first, then keywords by name, then each missing parameter's default. Every
        argument is an int or bool here, evaluated in the order written into a temporary."""
        callee = self.module.functions[name]
        for a in t.children[1].children if t.children[1] is not None else []:
            if isinstance(a, Tree) and a.data in ("starargs", "stararg", "kwargs"):
                raise self.error(a, "unsupported construct: *args or **kwargs in a call")
        params = dict(callee.source_params)
        names = [pname for pname, _st in callee.source_params]
        if callee.param_count is None or len(args) > len([n for n in names if n not in callee.keyword_only]):
            raise self.error(t, f"unsupported construct: call to '{name}' with {len(args)} positional arguments")
        bound: dict[str, Expr] = {}
        for pname, a in [*zip(names, args), *keywords.items()]:
            if pname not in params or pname in bound:
                raise self.error(a, f"unsupported construct: argument '{pname}' of '{name}' unknown or given "
                                    "twice (TypeError)")
            if params[pname] not in (MATH_INT, BOOL):
                raise self.error(a, f"unsupported construct: keyword arguments or defaults in a call of '{name}', "
                                    f"whose parameter '{pname}' is not an int or bool")
            value = self._argument(a, pname, params[pname], name, callee.mutated)[0]
            temp = self.fresh("arg", value.type)
            self.source_types[temp] = params[pname]
            self.emit(Assign(temp, value, value.loc))
            bound[pname] = Var(temp, value.type, value.loc)
        loc = self.loc(t)
        for pname in names:
            if pname in bound:
                continue
            if pname not in callee.param_defaults:
                raise self.error(t, f"unsupported construct: call to '{name}' without its argument '{pname}' "
                                    "(TypeError)")
            default, st = callee.param_defaults[pname], params[pname]
            if st not in (MATH_INT, BOOL) or (st == BOOL and not isinstance(default, bool)):
                raise self.error(t, f"unsupported construct: the default of parameter '{pname}' of '{name}' "
                                    "is not of its type")
            bound[pname] = Const(default if st == BOOL else int(default), st, loc)  # type: ignore[arg-type]
        return [bound[pname] for pname in names]

    def _argument(self, a: Tree, pname: str, st: object, callee: str, mutated: set[str]) -> list[Expr]:
        """The IR arguments for Python argument `a` of parameter `pname` (source type `st`)."""
        if isinstance(st, ListOf):
            if not self.is_list(a):
                raise self.error(a, f"unsupported construct: a non-list passed to list parameter '{pname}' "
                                    f"of '{callee}'")
            if pname in mutated and not (isinstance(a, Tree) and a.data in ("list", "list_comprehension")):
                raise self.error(a, f"unsupported construct: '{callee}' changes its list parameter '{pname}' "
                                    "in place, which the caller would see (lists are values in the model)")
            lv = self.list_value(a)
            return [lv.array, lv.length]
        if isinstance(st, TupleOf):
            return self.tuple_items(a, len(st.items), callee, pname)
        if isinstance(st, DictOf):
            if self.dict_type(a) != st:
                raise self.error(a, f"unsupported construct: an argument other than a {st} for '{pname}' of "
                                    f"'{callee}'")
            if pname in mutated and not (isinstance(a, Tree) and a.data == "dict"):
                raise self.error(a, f"unsupported construct: '{callee}' changes its dict parameter '{pname}' "
                                    "in place, which the caller would see (dicts are values in the model)")
            return self.dict_exprs(self.dict_value(a))
        if isinstance(st, OptionalOf):
            return self.optional_argument(a, st)
        v = self.expr(a)
        if st == BOOL:
            if v.type != BOOL:
                raise self.error(a, f"unsupported construct: an int passed to bool parameter "
                                    f"'{pname}' of '{callee}'")
            return [v]
        return [as_int(v)]

    def optional_argument(self, a: Tree, st: OptionalOf) -> list[Expr]:
        """The value and None flag passed for an optional parameter (`TupleLowerer` knows them)."""
        raise self.error(a, "unsupported construct: optional argument")

    def tuple_items(self, a: Tree, arity: int, callee: str, pname: str) -> list[Expr]:
        """The items of tuple-valued `a` (`TupleLowerer` knows tuples)."""
        raise self.error(a, f"unsupported construct: tuple argument for '{pname}' of '{callee}'")

    def _arity(self, t: Tree, args: list[Tree], lo: int, hi: int) -> None:
        if not lo <= len(args) <= hi:
            name = callee_name(t)
            raise self.error(t, f"unsupported construct: {name}() with {len(args)} arguments")

    def _b_pow(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        """``pow(a, b)`` is ``a ** b`` (the three-argument form is unsupported)."""
        if len(args) != 2:
            raise self.error(t, f"unsupported construct: pow() with {len(args)} arguments")
        base, exponent = self.expr(args[0]), self.expr(args[1])
        return self.binop("**", base, exponent, None, t)

    def _b_abs(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 1, 1)
        v = as_int(self.expr(args[0]))
        if isinstance(v, Const):
            return Const(abs(v.value), MATH_INT, loc)
        v = self.spill(v, "abs")
        return Ite(Binary("lt", v, Const(0, MATH_INT, loc), BOOL, loc),
                   Unary("neg", v, MATH_INT, loc), v, MATH_INT, loc)

    def _b_min(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        return self._min_max(t, args, loc, "lt")

    def _b_max(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        return self._min_max(t, args, loc, "gt")

    def _with_keywords(self, name: str, t: Tree, args: list[Tree], keywords: dict[str, Tree], loc: Loc) -> Expr:
        """``min(xs, default=d)``, ``max(xs, default=d)`` (d when xs is empty,
        evaluated after xs) and ``sum(xs, start=s)``; other keywords are unsupported."""
        allowed = {"start"} if name == "sum" else {"default"}
        if set(keywords) - allowed or len(args) != 1 or not self.numbers(args[0]):
            raise self.error(t, f"unsupported construct: {name}() with these keyword arguments")
        if name == "sum":
            return self._b_sum(t, [args[0], keywords["start"]], loc)
        lv = self.list_value(args[0])
        lv = self.snapshot(lv, loc) if lv.name is not None else lv
        default = self.spill(as_int(self.expr(keywords["default"])), "default")
        best = self.fresh(name, MATH_INT)
        empty = [Assign(best, default, loc)]
        found, _ = self.capture(lambda: self.emit(Assign(best, self.list_min_max(t, lv, loc, "lt" if name == "min"
                                                                                   else "gt", checked=False), loc)))
        self.emit(If(Binary("eq", lv.length, Const(0, MATH_INT, loc), BOOL, loc), empty, found, loc))
        return Var(best, MATH_INT, loc)

    def _min_max(self, t: Tree, args: list[Tree], loc: Loc, better: str) -> Expr:
        if len(args) == 1 and self.numbers(args[0]):
            return self.list_min_max(t, args[0], loc, better)
        if len(args) < 2:
            raise self.error(t, f"unsupported construct: {callee_name(t)}() of something other than a list "
                                "or several values")
        values = [self.spill(as_int(self.expr(a)), "m") for a in args]
        acc = values[0]
        for i, v in enumerate(values[1:]):
            if i:
                acc = self.spill(acc, "m")
            # on a tie the earlier value wins, as in Python
            acc = Ite(Binary(better, v, acc, BOOL, loc), v, acc, MATH_INT, loc)
        return acc

    def _b_int(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        if len(args) == 2:
            return self._int_in_base(t, args[0], args[1], loc)
        self._arity(t, args, 0, 1)
        if args and is_input_call(args[0]) and self.is_builtin("input") and "input" not in self.module.bindings:
            return self._nondet_int(t, "input", loc)
        if args and self.is_text(args[0]):
            return self.int_of_text(t, self.list_value(args[0]), loc)
        if args and _true_division(args[0]):
            return self._int_of_quotient(args[0], loc)
        return as_int(self.expr(args[0])) if args else Const(0, MATH_INT, loc)

    def _int_of_quotient(self, term: Tree, loc: Loc) -> Expr:
        """``int(a / b)`` (C's ``a / b`` as translations write it): ZeroDivisionError
        when b is 0, else the quotient truncated toward zero (IR ``div``). CPython
        rounds ``a / b`` to the nearest float before int() truncates it, which
        changes the result only when a lies outside (-2**53, 2**53): a quotient
        k - d, d >= 1/|b| away from an integer k, is off by at most |a/b| * 2**-53
        < 1/|b| after rounding. Outside that range the model is incomplete (a
        ``bound`` check: while it may fail, no yes stands), never wrong."""
        kids = term.children
        op_tok = kids[-2]
        if len(kids) == 3:
            left, left_none = self.operand(kids[0])  # type: ignore[attr-defined]
        else:  # a * b / c: the chain before the last operator
            left, left_none = self.expr(Tree(term.data, kids[:-2], term.meta)), None
        right, right_none = self.operand(kids[-1])  # type: ignore[attr-defined]
        self.none_check([left_none, right_none], "/", self.loc(term))  # type: ignore[attr-defined]
        left, right = as_int(left), as_int(right)
        at = self._check_loc(term, op_tok)  # type: ignore[attr-defined]
        if not (isinstance(right, Const) and right.value != 0):
            self.emit(Assert(Binary("ne", right, Const(0, MATH_INT, at), BOOL, at), "div-by-zero",
                             "ZeroDivisionError", at))
        limit = 1 << FLOAT_EXACT_BITS
        if not (isinstance(left, Const) and -limit < left.value < limit):
            left = self.spill(left, "dividend")
            inside = Binary("land", Binary("gt", left, Const(-limit, MATH_INT, at), BOOL, at),
                            Binary("lt", left, Const(limit, MATH_INT, at), BOOL, at), BOOL, at)
            self.emit(Assert(inside, BOUND_CHECK, f"int(a / b) is read exactly only for |a| < 2**{FLOAT_EXACT_BITS} "
                                                  "(the float quotient's rounding)", at))
        return Binary("div", left, right, MATH_INT, loc)

    def _int_in_base(self, t: Tree, text: Tree, base_t: Tree, loc: Loc) -> Expr:
        """``int(s, base)`` of a string and a constant base from 2 to 36."""
        base = constant_index(base_t)
        if not self.is_text(text) or base is None or not 2 <= base <= 36:
            raise self.error(t, "unsupported construct: int(s, base) other than of a string in a constant base "
                                "from 2 to 36")
        return self.int_of_text(t, self.list_value(text), loc, base)

    def _random_function(self, call: Tree) -> str | None:
        """The function of ``random`` that `call` calls (see `python_nondet`), not shadowed here; None if none."""
        module = self.module
        callee = call.children[0]
        names = ({str(v) for v in callee.scan_values(lambda v: isinstance(v, Token))}
                 if isinstance(callee, Tree) else set())
        shadowed = {n for n in names if not self.is_builtin(n)}
        return random_function(callee, module.random_names, module.random_imports, shadowed)

    def _random_arguments(self, t: Tree, counts: tuple[int, ...], name: str) -> list[Tree]:
        args, keywords = self.call_arguments(t)
        if len(args) not in counts or keywords:
            raise self.error(t, f"unsupported construct: random.{name}() with these arguments")
        return args

    def _random_randint(self, t: Tree, loc: Loc) -> Expr:
        """``random.randint(a, b)``: ValueError unless a <= b, then any int of [a, b]."""
        args = self._random_arguments(t, (2,), "randint")
        low = self.spill(as_int(self.expr(args[0])), "low")
        high = self.spill(as_int(self.expr(args[1])), "high")
        return self._drawn_between(t, "randint", low, high, loc)

    def _random_randrange(self, t: Tree, loc: Loc) -> Expr:
        """``random.randrange(b)``, ``random.randrange(a, b)``: ValueError unless a < b, then any int of [a, b)."""
        args = self._random_arguments(t, (1, 2), "randrange")
        bounds = [self.spill(as_int(self.expr(a)), "bound") for a in args]
        low, stop = (Const(0, MATH_INT, loc), bounds[0]) if len(bounds) == 1 else bounds
        high = self.spill(Binary("sub", stop, Const(1, MATH_INT, loc), MATH_INT, loc), "high")
        return self._drawn_between(t, "randrange", low, high, loc)

    def _random_getrandbits(self, t: Tree, loc: Loc) -> Expr:
        """``random.getrandbits(k)`` of a constant k: ValueError if k < 0, else any int of [0, 2**k)."""
        args = self._random_arguments(t, (1,), "getrandbits")
        k = as_int(self.expr(args[0]))
        if not isinstance(k, Const) or k.value > MAX_RANDOM_BITS:
            raise self.error(t, f"unsupported construct: random.getrandbits() of other than a constant "
                                f"up to {MAX_RANDOM_BITS}")
        high = Const(2 ** k.value - 1 if k.value >= 0 else -1, MATH_INT, loc)
        return self._drawn_between(t, "getrandbits", Const(0, MATH_INT, loc), high, loc,
                                   "ValueError: number of bits must be non-negative")

    def _random_choice(self, t: Tree, loc: Loc) -> Expr:
        """``random.choice([e0, e1, ...])`` of a list or tuple display of ints or of bools: every item
        evaluated in order, then the item at an index the witness holds (IndexError if there is none)."""
        args = self._random_arguments(t, (1,), "choice")
        seq = args[0]
        if not (isinstance(seq, Tree) and seq.data in ("list", "tuple")):
            raise self.error(seq, "unsupported construct: random.choice() of other than a list or tuple display")
        items = [self.spill(self.expr(c), "item") for c in seq.children if c is not None]
        if not items:
            self.emit(Assert(Const(0, BOOL, loc), "bounds", "IndexError: Cannot choose from an empty sequence", loc))
            return Const(0, MATH_INT, loc)
        if len({v.type for v in items}) != 1 or items[0].type not in (BOOL, MATH_INT):
            raise self.error(seq, "unsupported construct: random.choice() of items that are not all ints or "
                                  "all bools")
        index = self._drawn_between(t, "choice", Const(0, MATH_INT, loc), Const(len(items) - 1, MATH_INT, loc),
                                    loc)
        picked: Expr = items[-1]
        for k in range(len(items) - 2, -1, -1):
            picked = Ite(Binary("eq", index, Const(k, MATH_INT, loc), BOOL, loc), items[k], picked,
                         items[0].type, loc)
        return self.hold(picked, "choice")

    def _drawn_between(self, t: Tree, kind: str, low: Expr, high: Expr, loc: Loc,
                       empty: str = "ValueError: empty range for randrange()") -> Var:
        """ValueError (`empty`) unless low <= high, then a fresh int of [low, high] the replay feeds."""
        if not (isinstance(low, Const) and isinstance(high, Const) and low.value <= high.value):
            self.emit(Assert(Binary("le", low, high, BOOL, loc), "value", empty, loc))
        value = self._nondet_int(t, kind, loc)
        self.emit(Assume(Binary("land", Binary("le", low, value, BOOL, loc), Binary("le", value, high, BOOL, loc),
                                BOOL, loc), loc))
        return value

    def _nondet_int(self, t: Tree, kind: str, loc: Loc) -> Var:
        """A fresh int the witness's replay feeds back in call order (see `python_nondet`)."""
        if any(fl.contract.conditions for fl in self.module.functions.values()):
            raise self.error(t, "unsupported construct: a nondeterministic input in a file with contracts (a "
                                "contract's result at a call is not fed by replay)")
        name = self.fresh("nondet", MATH_INT)
        self.emit(Assign(name, Nondet(MATH_INT, NONDET_LABELS[kind], loc), loc))
        return Var(name, MATH_INT, loc)

    def _b_bool(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 0, 1)
        return truthy(self.expr(args[0])) if args else Const(0, BOOL, loc)

    def _b_isinstance(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 2, 2)
        subject, types = args
        if not (isinstance(subject, Tree) and subject.data == "var"):
            raise self.error(subject, "unsupported construct: isinstance() of an expression "
                                      "(only of a variable)")
        name = str(subject.children[0])
        if self.declared_instance(name, "object") is not None:
            type_nodes = types.children if isinstance(types, Tree) and types.data == "tuple" else [types]
            names = [str(n.children[0]) for n in type_nodes if isinstance(n, Tree) and n.data == "var"]
            if len(names) != len(type_nodes):
                raise self.error(types, "unsupported construct: isinstance() with a type that is not a name")
            return Const(int(any(self.declared_instance(name, n) for n in names)), BOOL, loc)
        if self.var_type(name) not in (BOOL, MATH_INT) or name in self.source_types and \
                self.source_types[name] not in (BOOL, MATH_INT):
            raise self.error(t, "unsupported construct: isinstance() of an optional value")
        self.expr(subject)  # checks the name is defined
        type_nodes = types.children if isinstance(types, Tree) and types.data == "tuple" else [types]
        result = False
        for node in type_nodes:
            if not (isinstance(node, Tree) and node.data == "var"):
                raise self.error(node, "unsupported construct: isinstance() with a type that is not a name")
            tname = str(node.children[0])
            if tname in ("int", "object"):
                result = True
            elif tname == "bool":
                declared = self.param_types.get(name)
                if declared == BOOL and name not in self.assigned:
                    result = True
                elif declared != MATH_INT or name in self.assigned:
                    raise self.error(t, f"unsupported construct: isinstance({name}, bool) on a variable "
                                        "that may hold an int or a bool")
            elif tname not in _NON_INT_TYPES:
                raise self.error(node, f"unsupported construct: isinstance() with type '{tname}'")
        return Const(int(result), BOOL, loc)


#: types no int or bool is an instance of: `isinstance(x, T)` is False
_NON_INT_TYPES = frozenset({"str", "float", "complex", "list", "tuple", "dict", "set",
                            "frozenset", "bytes", "bytearray", "range", "type", "NoneType"})
#: names of Python's builtins, for "call to built-in function" vs "undefined function"
_BUILTIN_NAMES = frozenset(dir(builtins))


#: int(a / b) is C's truncating a / b for every dividend of fewer bits (see `CallLowerer._int_of_quotient`)
FLOAT_EXACT_BITS = 53


def _true_division(node: Tree | Token) -> bool:
    """`node` is a chain of ``*``, ``//``, ``%`` and ``/`` whose last (and only) ``/`` ends it: ``a / b``, ``a * b / c``."""
    if not (isinstance(node, Tree) and node.data == "term" and len(node.children) >= 3):
        return False
    ops = [str(op) for op in node.children[1::2]]
    return ops[-1] == "/" and ops.count("/") == 1
