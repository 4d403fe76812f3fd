"""Lowering of iteration over Python lists: ``for`` loops, comprehensions and the iterating builtins.

``for x in xs`` is CPython's list iterator made explicit: a hidden counter
``$k`` from 0, ``while $k < xs#len: x = xs[$k]; body; $k += 1``, the length
read afresh each time (so changing ``xs`` inside the loop behaves as in
CPython). A list that is not a plain variable, or a variable the body
rebinds, is iterated from a snapshot (CPython iterates the object the
expression gave). ``enumerate(xs[, start])`` and ``zip(xs, ys, ...)`` share
the counter (zip stops at the shortest). A list comprehension is such a loop
appending to a fresh list; its loop variables are renamed to temporaries (a
comprehension has its own scope). ``x in xs``, ``sum``, ``min``/``max`` of a
list (``ValueError`` on an empty one: an ``Assert(kind="value")``), ``any``
and ``all`` are loops emitted before the statement that uses them.
"""

from __future__ import annotations

from typing import Any, Callable

from lark import Token, Tree

from verifier.ir import (BOOL, MATH_INT, Assert, Assign, Binary, Break, Const, Expr, If, Ite, Loc, Select, Var,
                         While, length_name)

from .python_base import as_int, truthy
from .python_declare import DeclarationLowerer
from .python_lists import ListValue
from .python_tree import assigned_names, callee_name
from .python_types import STR, ListOf, OptionalOf, Scalar, array_type, expr_type, ir_variables, mutated_names

__all__ = ["IterLowerer"]


def _int(v: int, loc: Loc) -> Const:
    return Const(v, MATH_INT, loc)


class IterLowerer(DeclarationLowerer):
    """Loops over lists, comprehensions, and the builtins that iterate."""

    def for_each(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                 body_tree: Tree | None, scoped: bool) -> None:
        """Emit a loop binding `target` to each item of `iterable` (a list,
        ``enumerate(list)`` or ``zip(lists)``) and running `body` (which emits
        the loop's statements). `scoped`: the target's names are local to the
        loop (a comprehension), so they are renamed to fresh temporaries;
        `body_tree` is the loop body's tree (None for a comprehension), whose
        rebindings make the loop iterate a snapshot."""
        name = callee_name(iterable) if isinstance(iterable, Tree) and iterable.data == "funccall" else None
        over_dict = self.dict_iteration(iterable)
        if over_dict is not None:
            owner, lists = over_dict
            if body_tree is not None and owner in mutated_names(body_tree, {}) | set(assigned_names(body_tree)):
                raise self.error(iterable, f"unsupported construct: a loop over dict '{owner}' that changes it "
                                           "(RuntimeError in CPython when its size changes)")
            lists = [self.snapshot(lv, loc) for lv in lists]
            items = lambda k, values: values  # noqa: E731
            targets = self._unpack_target(target, 2) if len(lists) == 2 else [target]
        elif name in ("enumerate", "zip") and self.is_builtin(name):
            args, keywords = self.call_arguments(iterable)
            if name == "enumerate":
                if len(args) == 2 and not keywords:
                    start = args[1]
                elif len(args) == 1 and set(keywords) <= {"start"}:
                    start = keywords.get("start")
                else:
                    raise self.error(iterable, "unsupported construct: enumerate() with these arguments")
                lists = [self._iterated(args[0], body_tree)]
                first = _int(0, loc) if start is None else self.spill(as_int(self.expr(start)), "start")
                items = lambda k, values: [Binary("add", k, first, MATH_INT, loc), values[0]]  # noqa: E731
                targets = self._unpack_target(target, 2)
            else:
                if not args or keywords:
                    raise self.error(iterable, "unsupported construct: zip() with these arguments")
                lists = [self._iterated(a, body_tree) for a in args]
                items = lambda k, values: values  # noqa: E731
                targets = self._unpack_target(target, len(lists))
        else:
            lists = [self._iterated(iterable, body_tree)]
            items = lambda k, values: values  # noqa: E731
            targets = [target]
        texts = [isinstance(lt, ListOf) and lt.text for lt in self._iterated_types(iterable)]
        item_targets = targets[1:] if name == "enumerate" else targets
        if scoped and any(texts) and not (len(item_targets) == 1 and all(texts)
                                          and isinstance(item_targets[0], Tree) and item_targets[0].data == "var"):
            raise self.error(iterable, "unsupported construct: a comprehension over a string other than "
                                       "'... for ch in s'")
        for tg, text in zip(item_targets, texts):
            if scoped:
                continue  # a comprehension's variable is its own (a string of one character, below)
            bound = self.list_of(self._target_name(tg))
            if text and not (bound is not None and bound.text):
                raise self.error(tg, "unsupported construct: a loop variable bound to the characters of a string "
                                     "in this form (write 'for ch in s')")
        elems = [lv.elem for lv in lists]
        if name == "enumerate":
            elems = [MATH_INT] + elems
        saved = dict(self.renames)
        if scoped:
            for tg, elem, text in zip(targets, elems, [False] * (len(targets) - len(texts)) + texts):
                tname = self._target_name(tg)
                temp = self.fresh(tname, elem)
                self.source_types[temp] = elem
                if text:  # each item of a string is a string of one character
                    self.source_types[temp] = STR
                    for var, ty in ir_variables(temp, STR):
                        self.temps[var] = ty
                self.renames[tname] = temp
        try:
            k = Var(self.fresh("k", MATH_INT), MATH_INT, loc)
            self.emit(Assign(k.name, _int(0, loc), loc))
            cond: Expr = Binary("lt", k, lists[0].length, BOOL, loc)
            for lv in lists[1:]:
                cond = Binary("land", cond, Binary("lt", k, lv.length, BOOL, loc), BOOL, loc)

            def loop_body() -> None:
                values = items(k, [Select(lv.array, k, None, lv.elem, loc=loc) for lv in lists])
                for tg, v in zip(targets, values):
                    self._bind(tg, v, loc)
                if over_dict is not None and self.walks_keys(iterable):
                    self.walk_keys(targets[0], over_dict[0], k, body_tree, body)
                else:
                    body()

            stmts, _ = self.capture(loop_body)
            self.emit(While(cond, stmts, [Assign(k.name, Binary("add", k, _int(1, loc), MATH_INT, loc), loc)], loc))
        finally:
            if scoped:
                self.renames = saved

    def walks_keys(self, iterable: Tree | Token) -> bool:
        """`iterable` is a dict variable, ``d.keys()`` or ``d.items()`` (its first item is a key)."""
        if isinstance(iterable, Tree) and iterable.data == "var":
            return True
        return (isinstance(iterable, Tree) and iterable.data == "funccall" and isinstance(iterable.children[0], Tree)
                and iterable.children[0].data == "getattr" and str(iterable.children[0].children[1]) in ("keys",
                                                                                                        "items"))

    def walk_keys(self, key_target: Tree | Token, owner: str, k: Var, body_tree: Tree | None,
                  body: Callable[[], None]) -> None:
        """Run `body` (of a loop whose `key_target` takes the keys of dict `owner`,
        which the loop does not change, at position `k`) knowing that, while the
        body does not rebind the key name, ``owner[key]`` is the value at `k`
        (see `walked_keys`)."""
        saved = dict(self.walked_keys)
        if (isinstance(key_target, Tree) and key_target.data == "var" and body_tree is not None
                and str(key_target.children[0]) not in assigned_names(body_tree)):
            self.walked_keys[str(key_target.children[0])] = (owner, k)
        try:
            body()
        finally:
            self.walked_keys = saved

    def dict_iteration(self, iterable: Tree | Token) -> tuple[str, list[ListValue]] | None:
        """A loop over a dict variable (its keys), ``d.keys()``, ``d.values()`` or
        ``d.items()``: the dict's name and the lists walked (`DictLowerer`); None otherwise."""
        return None

    def _iterated_types(self, iterable: Tree) -> list:
        if self.dict_iteration(iterable) is not None:
            return []
        """The source types of the lists a loop over `iterable` walks."""
        name = callee_name(iterable) if isinstance(iterable, Tree) and iterable.data == "funccall" else None
        if name in ("enumerate", "zip") and self.is_builtin(name):
            args = self.call_arguments(iterable)[0]
            return [expr_type(a, self._type_env(), self.list_functions()) for a in (args[:1] if name == "enumerate"
                                                                                      else args)]
        return [expr_type(iterable, self._type_env(), self.list_functions())]

    def _iterated(self, t: Tree, body_tree: Tree | None) -> ListValue:
        """The list a loop iterates: the variable itself when it is a plain
        variable the body does not rebind, else a snapshot."""
        loc = self.loc(t)
        lv = self.list_value(t)
        is_var = isinstance(t, Tree) and t.data == "var"
        if is_var and lv.name is not None and body_tree is not None:
            name = str(t.children[0])
            if name in assigned_names(body_tree):
                if name in mutated_names(body_tree, {}):
                    raise self.error(t, f"unsupported construct: a loop over '{name}' that both rebinds and "
                                        "changes it")
                return self.snapshot(lv, loc)
            return lv
        if is_var:
            return lv
        if (isinstance(t, Tree) and t.data == "funccall" and callee_name(t) == "reversed" and body_tree is not None
                and set(mutated_names(body_tree, {})) & {str(a.children[0]) for a in self.positional_args(t)
                                                         if isinstance(a, Tree) and a.data == "var"}):
            raise self.error(t, "unsupported construct: a loop over reversed(xs) that changes xs")
        return self.snapshot(lv, loc)

    def list_equal(self, left: ListValue, right: ListValue, loc: Loc) -> Expr:
        """``left == right`` of two lists (same length, equal items), by a loop."""
        same = self.fresh("same", BOOL)
        self.emit(Assign(same, Binary("eq", left.length, right.length, BOOL, loc), loc))

        def body(k: Var) -> None:
            a = as_int(Select(left.array, k, None, left.elem, loc=loc))
            b = as_int(Select(right.array, k, None, right.elem, loc=loc))
            self.emit(If(Binary("ne", a, b, BOOL, loc), [Assign(same, Const(0, BOOL, loc), loc), Break(loc)], [],
                         loc))
        cond = lambda k: Binary("land", Var(same, BOOL, loc), Binary("lt", k, left.length, BOOL, loc),  # noqa: E731
                                BOOL, loc)
        self.counted("k", _int(0, loc), cond, body, 1, loc)
        return Var(same, BOOL, loc)

    def list_order(self, left: ListValue, right: ListValue, loc: Loc) -> Var:
        """-1, 0 or 1 as `left` is before, equal to or after `right` in
        lexicographic order (the first differing item decides, else the shorter
        list is first), by a loop: how ``<`` orders two strings or two lists."""
        order = Var(self.fresh("order", MATH_INT), MATH_INT, loc)
        self.emit(Assign(order.name, _int(0, loc), loc))

        def body(k: Var) -> None:
            a = self.hold(as_int(Select(left.array, k, None, left.elem, loc=loc)), "a")
            b = self.hold(as_int(Select(right.array, k, None, right.elem, loc=loc)), "b")
            first = Ite(Binary("lt", a, b, BOOL, loc), _int(-1, loc), _int(1, loc), MATH_INT, loc)
            self.emit(If(Binary("ne", a, b, BOOL, loc), [Assign(order.name, first, loc), Break(loc)], [], loc))
        cond = lambda k: Binary("land", Binary("lt", k, left.length, BOOL, loc),  # noqa: E731
                                Binary("lt", k, right.length, BOOL, loc), BOOL, loc)
        self.counted("k", _int(0, loc), cond, body, 1, loc)
        shorter = Ite(Binary("lt", left.length, right.length, BOOL, loc), _int(-1, loc),
                      Ite(Binary("gt", left.length, right.length, BOOL, loc), _int(1, loc), _int(0, loc), MATH_INT,
                          loc), MATH_INT, loc)
        self.emit(If(Binary("eq", order, _int(0, loc), BOOL, loc), [Assign(order.name, shorter, loc)], [], loc))
        return order

    def _unpack_target(self, target: Tree | Token, n: int) -> list[Tree | Token]:
        if not (isinstance(target, Tree) and target.data == "tuple" and len(target.children) == n):
            raise self.error(target, f"unsupported construct: loop target that does not unpack into {n} names")
        return list(target.children)

    def _target_name(self, tg: Tree | Token) -> str:
        if isinstance(tg, Tree) and tg.data == "var":
            return str(tg.children[0])
        raise self.error(tg, "unsupported construct: loop target other than names")

    def _bind(self, tg: Tree | Token, value: Expr, loc: Loc) -> None:
        name = self._target_name(tg)
        if name in self.renames:
            temp = self.renames[name]
            ty = self.temps[temp]
            if self.source_types.get(temp) == STR and value.type == MATH_INT:  # a character of a string
                ch = self.char_value(value, loc)
                self.emit(Assign(temp, ch.array, loc))
                self.emit(Assign(length_name(temp), ch.length, loc))
                return
            self.emit(Assign(temp, value if ty == BOOL or value.type != BOOL else as_int(value), loc))
            return
        lt = self.list_of(name)
        if lt is not None and lt.text and value.type == MATH_INT:  # an item of a string is a string
            ch = self.char_value(value, loc)
            self.emit(Assign(name, ch.array, loc))
            self.emit(Assign(length_name(name), ch.length, loc))
            return
        if lt is not None:
            raise self.error(tg, f"unsupported construct: loop variable '{name}' also holds a list")
        self.assign(name, value, self.loc(tg), tg if isinstance(tg, Tree) else None)  # type: ignore[arg-type]

    def char_value(self, code: Expr, loc: Loc) -> ListValue:
        """A string of one code point (`StringLowerer` implements it)."""
        raise NotImplementedError

    # ------------------------------------------------------ comprehension

    def comprehension(self, comp: Tree, loc: Loc) -> ListValue:
        result_t = comp.children[0]
        elem: Scalar = BOOL if self._result_is_bool(result_t) else MATH_INT
        name, _ = self.new_list(elem, loc, "comp")
        self.generate(comp, loc, lambda value: self.append(
            name, elem, self.spill(value if elem == BOOL else as_int(value), "item"), loc))
        return ListValue(Var(name, array_type(elem), loc), Var(length_name(name), MATH_INT, loc), elem, name)

    def generate(self, comp: Tree, loc: Loc, each: Callable[[Any], None],
                 evaluate: Callable[[Tree], Any] | None = None) -> None:
        """Emit the loops of comprehension `comp`, calling `each(value)` (which
        emits statements) for each value it yields, in order; `evaluate` lowers
        the value (`expr` unless given)."""
        evaluate = evaluate or self.expr
        result_t, comp_fors, comp_if = comp.children
        fors = [c for c in comp_fors.children if isinstance(c, Tree)]
        saved = dict(self.renames)

        def innermost() -> None:
            if comp_if is None:
                each(evaluate(result_t))
                return
            c = self.cond(comp_if)
            then, _ = self.capture(lambda: each(evaluate(result_t)))
            self.emit(If(c, then, [], loc))

        def level(i: int) -> None:
            if i == len(fors):
                innermost()
                return
            target, iterable = fors[i].children
            self.loop_over(target, iterable, lambda: level(i + 1), self.loc(fors[i]), None, scoped=True)

        try:
            level(0)
        finally:
            self.renames = saved

    def generator_of(self, t: Tree | Token) -> Tree | None:
        """The comprehension of generator expression `t` (``(e for x in xs)``); None if `t` is none."""
        if isinstance(t, Tree) and t.data == "comprehension":
            return t
        if isinstance(t, Tree) and t.data == "tuple_comprehension":
            return t.children[0]
        return None

    def _result_is_bool(self, result_t: Tree) -> bool:
        """A comprehension of conditions makes a list[bool] (else a list[int])."""
        return isinstance(result_t, Tree) and result_t.data in ("const_true", "const_false", "comparison",
                                                                   "not_test")

    def loop_over(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                  body_tree: Tree | None, scoped: bool) -> None:
        """A loop over `iterable`: a ``range(...)`` or ``reversed(range(...))``
        (`StmtLowerer.range_loop`) or a list."""
        reverse = (isinstance(iterable, Tree) and iterable.data == "funccall" and callee_name(iterable) == "reversed"
                   and self.is_builtin("reversed") and len(self.positional_args(iterable)) == 1)
        numbers = self.positional_args(iterable)[0] if reverse else iterable
        if (isinstance(numbers, Tree) and numbers.data == "funccall" and callee_name(numbers) == "range"
                and self.is_builtin("range")):
            saved = dict(self.renames)
            try:
                name = self._target_name(target)
                if scoped:
                    temp = self.fresh(name, MATH_INT)
                    self.source_types[temp] = MATH_INT
                    self.renames[name] = temp
                self.range_loop(target, numbers, body, loc, body_tree, reverse)
            finally:
                if scoped:
                    self.renames = saved
            return
        self.for_each(target, iterable, body, loc, body_tree, scoped)

    def range_loop(self, target: Tree | Token, iterable: Tree, body: Callable[[], None], loc: Loc,
                   body_tree: Tree | None, reverse: bool = False) -> None:
        """``for target in range(...)`` (`StmtLowerer` implements it)."""
        raise NotImplementedError

    # -------------------------------------------------- iterating builtins

    def contains(self, value: Expr, lv: ListValue, loc: Loc) -> Expr:
        """``value in lv`` as a BOOL variable, by a loop comparing in order."""
        found = self.fresh("in", BOOL)
        self.emit(Assign(found, Const(0, BOOL, loc), loc))
        value = self.spill(as_int(value), "needle")

        def body(k: Var) -> None:
            item = as_int(Select(lv.array, k, None, lv.elem, loc=loc))
            self.emit(If(Binary("eq", item, value, BOOL, loc), [Assign(found, Const(1, BOOL, loc), loc), Break(loc)],
                         [], loc))
        self.counted("k", _int(0, loc), lambda k: Binary("lt", k, lv.length, BOOL, loc), body, 1, loc)
        return Var(found, BOOL, loc)

    def _b_len(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        if len(args) != 1:
            raise self.error(t, f"unsupported construct: len() with {len(args)} arguments (TypeError)")
        checked = self.unless_none(args[0], "TypeError: object of type 'NoneType' has no len()",
                                   lambda: self._b_len(t, args, loc))
        if checked is not None:
            return checked
        tuple_len = self.tuple_length(args[0])
        if tuple_len is not None:
            return _int(tuple_len, loc)
        dict_len = self.dict_length(args[0])
        if dict_len is not None:
            return dict_len
        if not self.is_list(args[0]):
            if isinstance(expr_type(args[0], self._type_env(), self.list_functions()), OptionalOf):
                raise self.error(t, "unsupported construct: len() of a value that may be None (test 'is None' "
                                    "first)")
            raise self.error(t, "unsupported construct: len() of something other than a list or tuple")
        return self.hold(self.list_value(args[0]).length, "len")

    def dict_length(self, t: Tree | Token) -> Expr | None:
        """``len(d)`` of a dict; None if `t` is no dict (`DictLowerer` knows dicts)."""
        return None

    def tuple_length(self, t: Tree | Token) -> int | None:
        """The arity of tuple-valued `t`; None if it is no tuple (`TupleLowerer` knows tuples)."""
        return None

    def numbers(self, t: Tree | Token) -> bool:
        """`t` is a list of numbers (not a string, whose items are strings)."""
        return self.is_list(t) and not self.list_type(t).text

    def _b_sum(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        if len(args) not in (1, 2) or not self.numbers(args[0]):
            raise self.error(t, "unsupported construct: sum() of something other than a list")
        lv = self.list_value(args[0])
        total = self.fresh("sum", MATH_INT)
        start = as_int(self.expr(args[1])) if len(args) == 2 else _int(0, loc)
        self.emit(Assign(total, start, loc))
        acc = Var(total, MATH_INT, loc)
        self.counted("k", _int(0, loc), lambda k: Binary("lt", k, lv.length, BOOL, loc),
                     lambda k: self.emit(Assign(total, Binary("add", acc, as_int(Select(lv.array, k, None, lv.elem,
                                                                                          loc=loc)),
                                                              MATH_INT, loc), loc)), 1, loc)
        return acc

    def list_min_max(self, t: Tree, arg: Tree | ListValue, loc: Loc, better: str, checked: bool = True) -> Expr:
        """``min(xs)`` / ``max(xs)`` of list `arg` (a tree, or a list already
        lowered): ValueError (check ``value``) on an empty list, unless not
        `checked` (the caller knows it is not empty)."""
        lv = arg if isinstance(arg, ListValue) else self.list_value(arg)
        which = "min" if better == "lt" else "max"
        if checked:
            self.emit(Assert(Binary("gt", lv.length, _int(0, loc), BOOL, loc), "value",
                             f"ValueError: {which}() arg is an empty sequence", loc))
        best = self.fresh(which, MATH_INT)
        self.emit(Assign(best, as_int(Select(lv.array, _int(0, loc), None, lv.elem, loc=loc)), loc))
        acc = Var(best, MATH_INT, loc)

        def body(k: Var) -> None:
            item = as_int(Select(lv.array, k, None, lv.elem, loc=loc))
            self.emit(If(Binary(better, item, acc, BOOL, loc), [Assign(best, item, loc)], [], loc))
        self.counted("k", _int(1, loc), lambda k: Binary("lt", k, lv.length, BOOL, loc), body, 1, loc)
        return acc

    def _lazy_any_all(self, gen: Tree, loc: Loc, is_any: bool) -> Expr:
        """``any(e for x in xs)``: stops at the first true (``all``: false) value,
        as CPython does, so later items are never evaluated (nor their checks)."""
        if len([c for c in gen.children[1].children if isinstance(c, Tree)]) != 1:
            raise self.error(gen, "unsupported construct: any()/all() of a generator with several 'for's")
        result = self.fresh("any" if is_any else "all", BOOL)
        self.emit(Assign(result, Const(0 if is_any else 1, BOOL, loc), loc))

        def each(value: Expr) -> None:
            truth = truthy(value)
            stop = truth if is_any else Binary("eq", truth, Const(0, BOOL, loc), BOOL, loc)
            self.emit(If(stop, [Assign(result, Const(1 if is_any else 0, BOOL, loc), loc), Break(loc)], [], loc))
        self.generate(gen, loc, each)
        return Var(result, BOOL, loc)

    def _b_any(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        return self._any_all(t, args, loc, True)

    def _b_all(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        return self._any_all(t, args, loc, False)

    def _any_all(self, t: Tree, args: list[Tree], loc: Loc, is_any: bool) -> Expr:
        gen = self.generator_of(args[0]) if len(args) == 1 else None
        if gen is not None:
            return self._lazy_any_all(gen, loc, is_any)
        if len(args) != 1 or not self.numbers(args[0]):
            raise self.error(t, f"unsupported construct: {'any' if is_any else 'all'}() of something other "
                                "than a list")
        lv = self.list_value(args[0])
        result = self.fresh("any" if is_any else "all", BOOL)
        self.emit(Assign(result, Const(0 if is_any else 1, BOOL, loc), loc))

        def body(k: Var) -> None:
            truth = truthy(Select(lv.array, k, None, lv.elem, loc=loc))
            stop = truth if is_any else Binary("eq", truth, Const(0, BOOL, loc), BOOL, loc)
            self.emit(If(stop, [Assign(result, Const(1 if is_any else 0, BOOL, loc), loc), Break(loc)], [], loc))
        self.counted("k", _int(0, loc), lambda k: Binary("lt", k, lv.length, BOOL, loc), body, 1, loc)
        return Var(result, BOOL, loc)
