"""Lowering of Python expressions: names, literals, operators, comparisons, `and`/`or`, `if`-`else`.

`ExprLowerer.expr(t)` returns a pure IR expression (`MATH_INT` or `BOOL`)
after emitting, into `self.out`, the checks and calls its evaluation needs,
in Python's evaluation order; `cond(t)` returns its truth value. Python's
math semantics: `//` and `%` are ``floordiv``/``floormod`` behind a
div-by-zero `Assert`, shifts sit behind a negative-count `Assert`, `**`
with a constant exponent is folded or expanded into multiplications, `&`,
`|`, `^` of two bools stay bool. Operands that Python may skip (right of
``and``/``or``, later links of a chained comparison, branches of ``a if c
else b``) and that need statements are lowered into `If` statements, so
their checks only run when Python would evaluate them.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from lark import Token, Tree

from verifier.ir import BOOL, MATH_INT, Assert, Assign, Binary, Const, Expr, If, Ite, Loc, Unary, Var

from .python_base import as_int, negate, truthy
from .python_exits import SYS_CONSTANTS
from .python_tuples import TupleLowerer
from .python_types import constant_index
from .python_tree import callee_name, position

__all__ = ["ExprLowerer", "MAX_POWER_EXPANSION", "MAX_FOLDED_BITS"]

T = TypeVar("T")

#: `x ** k` with a non-constant base expands into k - 1 multiplications; past
#: this the formula grows for no benefit, so larger exponents are unsupported.
MAX_POWER_EXPANSION = 64
#: constant folding of `a ** k` stops at results this many bits wide (a huge
#: literal helps no solver and `2 ** 10**9` would hang the frontend).
MAX_FOLDED_BITS = 4096


class ExprLowerer(TupleLowerer):
    """Every expression of the subset (calls through `CallLowerer`)."""

    def expr(self, t: Tree | Token, top: bool = False, discard: bool = False) -> Expr:
        """Lower `t` for its value (MATH_INT or BOOL). `top`: the value is the
        whole right side of an assignment, return or expression statement, so
        a call may stay in place instead of going through a temporary;
        `discard`: an expression statement, whose value is thrown away."""
        if not isinstance(t, Tree):
            raise self.error(t, f"unsupported construct: {t!s}")
        if t.data == "funccall":
            return self._e_funccall(t, top, discard)
        handler = getattr(self, f"_e_{t.data}", None)
        if handler is None:
            raise self.unsupported(t)
        return handler(t)

    def cond(self, t: Tree | Token) -> Expr:
        """Lower `t` for its truth value (a BOOL expression); a list is true when not empty."""
        optional = self.optional_truth(t)
        if optional is not None:
            return optional
        nested = self.nested_truth(t)
        if nested is not None:
            return nested
        if self.dict_type(t) is not None or self.is_list(t):
            lv = self.dict_value(t).keys if self.dict_type(t) is not None else self.list_value(t)
            return self.hold(Binary("ne", lv.length, Const(0, MATH_INT, self.loc(t)), BOOL, self.loc(t)), "nonempty")
        if isinstance(t, Tree):
            if t.data == "not_test":
                return negate(self.cond(t.children[0]), self.loc(t))
            if t.data in ("or_test", "and_test"):
                return self._logic(t, self.cond, lambda e: e)
        return truthy(self.expr(t))

    def _e_number(self, t: Tree) -> Expr:
        tok = t.children[0]
        text = str(tok).replace("_", "")
        if tok.type == "DEC_NUMBER":
            return Const(int(text, 10), MATH_INT, self.loc(t))
        if tok.type in ("HEX_NUMBER", "OCT_NUMBER", "BIN_NUMBER"):
            return Const(int(text, 0), MATH_INT, self.loc(t))
        what = "complex literal" if tok.type == "IMAG_NUMBER" else "float literal"
        raise self.unsupported(t, what, True)

    def _e_const_true(self, t: Tree) -> Expr:
        return Const(1, BOOL, self.loc(t))

    def _e_const_false(self, t: Tree) -> Expr:
        return Const(0, BOOL, self.loc(t))

    def _e_getattr(self, t: Tree) -> Expr:
        """``sys.maxsize`` (`python_exits.SYS_CONSTANTS`), where ``sys`` is the module; other attributes
        are unsupported."""
        owner, attr = t.children
        if isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in self.module.sys_names \
                and self.is_builtin(str(owner.children[0])) and str(attr) in SYS_CONSTANTS:
            return Const(SYS_CONSTANTS[str(attr)], MATH_INT, self.loc(t))
        raise self.unsupported(t)

    def _e_var(self, t: Tree) -> Expr:
        name = str(t.children[0])
        self.check_bound(t)
        ty = self.var_type(name)
        if ty in (BOOL, MATH_INT) and self.source_types.get(self.renames.get(name, name), ty) in (BOOL, MATH_INT):
            return Var(self.renames.get(name, name), ty, self.loc(t))  # type: ignore[arg-type]
        if name in self.not_none and name not in self.renames and ty in (BOOL, MATH_INT):
            return Var(name, ty, self.loc(t))  # type: ignore[arg-type]
        if name in self.source_types or ty is not None:
            raise self.error(t, f"unsupported construct: '{name}' holds a {self.source_types.get(name, 'list')} "
                                "and is used where a number is expected (an optional value only in "
                                "arithmetic, ordering comparisons and 'is None' tests)")
        if name in self.module.functions:
            raise self.error(t, f"unsupported construct: function '{name}' used as a value")
        raise self.error(t, f"unsupported construct: name '{name}' is not a parameter or local "
                            f"variable of '{self.name}' (the Python subset has no global variables)")

    def _e_getitem(self, t: Tree) -> Expr:
        base, sub = t.children
        checked = self.unless_none(base, "TypeError: 'NoneType' object is not subscriptable",
                                   lambda: self._e_getitem(t))
        if checked is not None:
            return checked
        if self.dict_type(base) is not None:
            return self.dict_read(t)
        if self.is_list(t):
            raise self.error(t, "unsupported construct: a string or list used where a number is expected")
        if self.is_list(base) and not (isinstance(sub, Tree) and sub.data in ("slice", "subscript_tuple")):
            return self.read_item(t)
        item = self.tuple_item(t)
        if item is not None:
            return item
        raise self.unsupported(t)

    def _e_not_test(self, t: Tree) -> Expr:
        return self.cond(t)

    def _e_or_test(self, t: Tree) -> Expr:
        return self._logic(t, self.expr, as_int)

    def _e_and_test(self, t: Tree) -> Expr:
        return self._logic(t, self.expr, as_int)

    def _known_before(self, t: Tree, k: int) -> set[str]:
        """The optional variables known not None when operand `k` of ``and``/``or``
        `t` runs: those the operands before it show when true (``and``) or false (``or``)."""
        side = 0 if t.data == "and_test" else 1
        return set().union(*(self.narrowed(c)[side] for c in t.children[:k]))

    def _logic(self, t: Tree, lower: Callable[[Tree], Expr], to_int: Callable[[Expr], Expr]) -> Expr:
        """`a or b or ...` / `a and b and ...`, short-circuit, as Python's value
        (an operand) or, with `lower=_cond`, as a truth value."""
        is_or = t.data == "or_test"
        loc = self.loc(t)
        first = lower(t.children[0])
        rest = [self.capture(lambda c=c, k=k: self.with_not_none(self._known_before(t, k), lambda: lower(c)))
                for k, c in enumerate(t.children[1:], 1)]
        all_bool = first.type == BOOL and all(v.type == BOOL for _, v in rest)
        ty = BOOL if all_bool else MATH_INT
        acc = first if all_bool else to_int(first)
        for pre, v in rest:
            v = v if all_bool else to_int(v)
            if not pre and all_bool:
                acc = Binary("lor" if is_or else "land", acc, v, BOOL, loc)
                continue
            if not pre:  # ints: `a or b` is `a if a else b`
                acc = self.spill(acc, "or" if is_or else "and")
                truth = truthy(acc)
                acc = Ite(truth, acc, v, ty, loc) if is_or else Ite(truth, v, acc, ty, loc)
                continue
            name = self.fresh("or" if is_or else "and", ty)
            self.emit(Assign(name, acc, loc))
            var = Var(name, ty, loc)
            run_rest = negate(truthy(var), loc) if is_or else truthy(var)
            self.emit(If(run_rest, pre + [Assign(name, v, loc)], [], loc))
            acc = var
        return acc

    def _e_test(self, t: Tree) -> Expr:
        then_t, cond_t, else_t = t.children
        loc = self.loc(t)
        c = self.cond(cond_t)
        narrow_then, narrow_else = self.narrowed(cond_t)
        pre_a, a = self.capture(lambda: self.with_not_none(narrow_then, lambda: self.expr(then_t)))
        pre_b, b = self.capture(lambda: self.with_not_none(narrow_else, lambda: self.expr(else_t)))
        ty = BOOL if a.type == BOOL and b.type == BOOL else MATH_INT
        if ty == MATH_INT:
            a, b = as_int(a), as_int(b)
        if not pre_a and not pre_b:
            return Ite(c, a, b, ty, loc)
        name = self.fresh("ite", ty)
        self.emit(If(c, pre_a + [Assign(name, a, loc)], pre_b + [Assign(name, b, loc)], loc))
        return Var(name, ty, loc)

    def narrowed(self, cond: Tree | Token) -> tuple[set[str], set[str]]:
        """The optional variables condition `cond` shows not None when it holds,
        and when it does not: ``x is not None`` and ``x is None``, ``x`` (None
        is false), and these under ``not``, ``and`` and ``or``."""
        if isinstance(cond, Tree) and cond.data == "not_test":
            then, else_ = self.narrowed(cond.children[0])
            return else_, then
        if isinstance(cond, Tree) and cond.data in ("and_test", "or_test"):
            sides = [self.narrowed(c) for c in cond.children]
            if cond.data == "and_test":  # true: every operand true; false: one of them false
                return set().union(*(t for t, _ in sides)), set.intersection(*(e for _, e in sides))
            return set.intersection(*(t for t, _ in sides)), set().union(*(e for _, e in sides))
        name = self._optional_name(cond)
        if name is not None:
            return {name}, set()
        if not (isinstance(cond, Tree) and cond.data == "comparison" and len(cond.children) == 3):
            return set(), set()
        left, op, right = cond.children
        words = " ".join(str(tok) for tok in op.children)
        if words not in ("is", "is not") or not (isinstance(right, Tree) and right.data == "const_none"):
            return set(), set()
        name = self._optional_name(left)
        if name is None:
            return set(), set()
        return ({name}, set()) if words == "is not" else (set(), {name})

    def with_not_none(self, names: set[str], lower: Callable[[], T]) -> T:
        """`lower()` with `names` known not None."""
        saved = self.not_none
        self.not_none = saved | names
        try:
            return lower()
        finally:
            self.not_none = saved

    def _e_comparison(self, t: Tree) -> Expr:
        operands = t.children[0::2]
        ops = t.children[1::2]
        loc = self.loc(t)
        names = []
        if len(ops) == 1 and " ".join(str(tok) for tok in ops[0].children) in ("in", "not in"):
            return self._membership(t)
        if len(ops) == 1 and " ".join(str(tok) for tok in ops[0].children) in ("is", "is not"):
            test = self.is_none_test(operands[0], operands[1], len(ops[0].children) == 2, self.loc(t))
            if test is not None:
                return test
        if (len(ops) == 1 and " ".join(str(tok) for tok in ops[0].children) in ("==", "!=")
                and self.is_list(operands[0]) and self.is_list(operands[1])):
            kinds = {(lt.text, lt.immutable) for lt in (self.list_type(operands[0]), self.list_type(operands[1]))}
            left_list = self.list_value(operands[0])
            if left_list.name is not None:
                left_list = self.snapshot(left_list, self.loc(t))
            right_list = self.list_value(operands[1])
            # a string, a list and a tuple are never equal to one another
            same: Expr = (self.list_equal(left_list, right_list, self.loc(t)) if len(kinds) == 1
                          else Const(0, BOOL, self.loc(t)))
            return same if str(ops[0].children[0]) == "==" else negate(same, self.loc(t))
        if len(ops) == 1 and " ".join(str(tok) for tok in ops[0].children) in ("==", "!="):
            test = self.optional_equality(operands[0], operands[1], str(ops[0].children[0]) == "==", self.loc(t))
            if test is not None:
                return test
        if (len(ops) == 1 and str(ops[0].children[0]) in ("<", "<=", ">", ">=") and self.is_list(operands[0])
                and self.is_list(operands[1])):
            return self._list_ordering(t, _COMPARE[str(ops[0].children[0])])
        if len(ops) > 1 and any(self.is_list(o) for o in operands) and all(
                isinstance(o, Tree) and o.data in ("var", "string", "number") for o in operands[1:-1]):
            # ``"0" <= ch <= "9"``: ``"0" <= ch and ch <= "9"`` (each middle operand a name or a
            # literal, so reading it twice is reading it once)
            pairs = [Tree("comparison", [operands[k], ops[k], operands[k + 1]], meta=t.meta) for k in range(len(ops))]
            return self.expr(Tree("and_test", pairs, meta=t.meta))
        for op in ops:
            text = " ".join(str(tok) for tok in op.children)
            if text not in _COMPARE:
                if "in" in text:
                    raise self.error(op, f"unsupported construct: membership test '{text}' in a chained "
                                         "comparison")
                raise self.error(op, f"unsupported construct: identity comparison '{text}' (use '==')")
            names.append(_COMPARE[text])
        ordering = all(n not in ("eq", "ne") for n in names)
        left, left_none = self.operand(operands[0]) if ordering else (self.expr(operands[0]), None)
        right, right_none = self.operand(operands[1]) if ordering else (self.expr(operands[1]), None)
        if len(ops) > 1:
            right = self.spill(right, "cmp")
        self.none_check([left_none, right_none], " ".join(map(str, ops[0].children)), loc)
        acc = self._compare(names[0], left, right, self.loc(ops[0]))
        prev = right
        for k in range(1, len(ops)):
            def link(k: int = k, prev: Expr = prev) -> tuple[Expr, Expr]:
                nxt, nxt_none = self.operand(operands[k + 1]) if ordering else (self.expr(operands[k + 1]), None)
                if k + 1 < len(ops):
                    nxt = self.spill(nxt, "cmp")
                self.none_check([nxt_none], " ".join(map(str, ops[k].children)), loc)
                return self._compare(names[k], prev, nxt, self.loc(ops[k])), nxt
            pre, (c, prev) = self.capture(link)
            if not pre:
                acc = Binary("land", acc, c, BOOL, loc)
                continue
            name = self.fresh("cmp", BOOL)
            self.emit(Assign(name, acc, loc))
            var = Var(name, BOOL, loc)
            self.emit(If(var, pre + [Assign(name, c, loc)], [], loc))
            acc = var
        return acc

    def _list_ordering(self, t: Tree, op: str) -> Expr:
        """``a < b`` (``<=``, ``>``, ``>=``) of two strings, two lists or two
        tuples: lexicographic (`list_order`); other pairs raise TypeError."""
        left_t, _, right_t = t.children
        loc = self.loc(t)
        kinds = {(lt.text, lt.immutable) for lt in (self.list_type(left_t), self.list_type(right_t))}
        if len(kinds) != 1:
            raise self.error(t, "unsupported construct: ordering a string, a list and a tuple against each other "
                                "(TypeError)")
        left = self.list_value(left_t)
        left = self.snapshot(left, loc) if left.name is not None else left
        right = self.list_value(right_t)
        return Binary(op, self.list_order(left, right, loc), Const(0, MATH_INT, loc), BOOL, loc)

    def _in_tuple(self, left: Tree | Token, right: Tree, loc: Loc) -> Expr:
        """``x in (a, b, ...)`` (a tuple display or variable of ints and bools): `x`, then every item, in
        order, then ``x == a or x == b ...``."""
        value = self.spill(as_int(self.expr(left)), "needle")
        items = self.tuple_values(right)
        if items is None or any(v.type not in (BOOL, MATH_INT) for v in items):
            raise self.error(right, "unsupported construct: membership test in a tuple of other than ints and bools")
        found: Expr = Const(0, BOOL, loc)
        for item in reversed(items):
            found = Binary("lor", Binary("eq", value, as_int(item), BOOL, loc), found, BOOL, loc)
        return found

    def _membership(self, t: Tree) -> Expr:
        """``x in xs`` / ``x not in xs`` for a list `xs`."""
        left, op, right = t.children
        text = " ".join(str(tok) for tok in op.children)
        if self.dict_type(right) is not None:
            found = self.dict_contains(left, right, self.loc(t))
            return negate(found, self.loc(t)) if text == "not in" else found
        if isinstance(right, Tree) and right.data == "funccall" and callee_name(right) == "range" \
                and self.is_builtin("range"):
            found = self._in_range(left, right, self.loc(t))
            return negate(found, self.loc(t)) if text == "not in" else found
        if not self.is_list(right) and (self.tuple_of(right) is not None
                                        or isinstance(right, Tree) and right.data == "tuple"):
            found = self._in_tuple(left, right, self.loc(t))
            return negate(found, self.loc(t)) if text == "not in" else found
        if not self.is_list(right):
            raise self.error(op, f"unsupported construct: membership test '{text}' of something other "
                                 "than a list")
        if self.list_type(right).text:
            if not self.is_text(left):
                raise self.error(left, "unsupported construct: 'in' a string of something other than a string "
                                       "(TypeError)")
            sub = self.list_value(left)
            if sub.name is not None:
                sub = self.snapshot(sub, self.loc(t))
            found = self.contains_text(sub, self.list_value(right), self.loc(t))
            return negate(found, self.loc(t)) if text == "not in" else found
        value = self.spill(self.expr(left), "needle")
        lv = self.list_value(right)
        found = self.contains(value, lv, self.loc(t))
        return negate(found, self.loc(t)) if text == "not in" else found

    def _in_range(self, left: Tree | Token, call: Tree, loc: Loc) -> Expr:
        """``x in range(stop)``, ``range(start, stop)`` or ``range(start, stop, step)`` with a
        constant non-zero step, of an int `x` (evaluated before the range's arguments)."""
        if self.is_list(left):
            raise self.error(left, "unsupported construct: 'in range(...)' of a string or list")
        value = self.spill(as_int(self.expr(left)), "needle")
        args = self.positional_args(call)
        step = 1
        if len(args) == 3:
            literal = constant_index(args[2])
            if literal is None:
                raise self.error(call, "unsupported construct: 'in range(...)' with a step that is not a literal")
            step = literal
            if step == 0:
                raise self.error(call, "unsupported construct: range() with step 0 (ValueError)")
        elif len(args) not in (1, 2):
            raise self.error(call, f"unsupported construct: range() with {len(args)} arguments")
        bounds = [self.spill(as_int(self.expr(a)), "bound") for a in args[:2]]
        start, stop = (Const(0, MATH_INT, loc), bounds[0]) if len(args) == 1 else (bounds[0], bounds[1])
        low, high = (start, stop) if step > 0 else (stop, start)
        inside = (Binary("land", Binary("le", low, value, BOOL, loc), Binary("lt", value, high, BOOL, loc), BOOL, loc)
                  if step > 0 else
                  Binary("land", Binary("lt", low, value, BOOL, loc), Binary("le", value, high, BOOL, loc), BOOL, loc))
        if abs(step) == 1:
            return inside
        offset = Binary("sub", value, start, MATH_INT, loc)
        on_step = Binary("eq", Binary("floormod", offset, Const(abs(step), MATH_INT, loc), MATH_INT, loc),
                         Const(0, MATH_INT, loc), BOOL, loc)
        return Binary("land", inside, on_step, BOOL, loc)

    def _compare(self, op: str, left: Expr, right: Expr, loc: Loc) -> Expr:
        if op in ("eq", "ne") and left.type == BOOL and right.type == BOOL:
            return Binary(op, left, right, BOOL, loc)
        return Binary(op, as_int(left), as_int(right), BOOL, loc)

    def _e_arith_expr(self, t: Tree) -> Expr:
        return self._chain(t)

    def _e_term(self, t: Tree) -> Expr:
        return self._chain(t)

    def _e_shift_expr(self, t: Tree) -> Expr:
        return self._chain(t)

    def _chain(self, t: Tree) -> Expr:
        acc, acc_none = self.operand(t.children[0])
        for i in range(1, len(t.children), 2):
            op_tok = t.children[i]
            rhs, rhs_none = self.operand(t.children[i + 1])
            self.none_check([acc_none, rhs_none], str(op_tok), self.loc(t))
            acc, acc_none = self.binop(str(op_tok), acc, rhs, op_tok, t), None
        return acc

    def _e_or_expr(self, t: Tree) -> Expr:
        return self._bitwise("|", t)

    def _e_xor_expr(self, t: Tree) -> Expr:
        return self._bitwise("^", t)

    def _e_and_expr(self, t: Tree) -> Expr:
        return self._bitwise("&", t)

    def _bitwise(self, op: str, t: Tree) -> Expr:
        acc, acc_none = self.operand(t.children[0])
        for child in t.children[1:]:
            rhs, rhs_none = self.operand(child)
            self.none_check([acc_none, rhs_none], op, self.loc(t))
            acc, acc_none = self.binop(op, acc, rhs, None, t), None
        return acc

    def _e_power(self, t: Tree) -> Expr:
        (base, base_none), (exponent, exponent_none) = self.operand(t.children[0]), self.operand(t.children[1])
        self.none_check([base_none, exponent_none], "**", self.loc(t))
        return self.binop("**", base, exponent, None, t)

    def binop(self, op: str, left: Expr, right: Expr, op_tok: Token | None, start: Tree) -> Expr:
        """`left op right` after both are evaluated; emits the operator's own check.
        `start` is the expression (or augmented assignment) whose first line
        CPython reports for an exception raised by the operator."""
        loc = self.loc(op_tok) if op_tok is not None else self.loc(start)
        if op in _BOOL_BITWISE and left.type == BOOL and right.type == BOOL:
            return Binary(_BOOL_BITWISE[op], left, right, BOOL, loc)
        if op == "/":
            raise self.error(op_tok or start, "unsupported construct: true division '/' (its result is "
                                              "a float; the Python subset has only int and bool; use '//')")
        if op == "@":
            raise self.error(op_tok or start, "unsupported construct: matrix multiplication '@'")
        left, right = as_int(left), as_int(right)
        if op == "**":
            return self._power(left, right, start)
        if isinstance(left, Const) and isinstance(right, Const) and op in ("+", "-", "*"):
            value = {"+": left.value + right.value, "-": left.value - right.value,
                     "*": left.value * right.value}[op]
            return Const(value, MATH_INT, left.loc)
        check_loc = self._check_loc(start, op_tok)
        if op in ("//", "%") and not (isinstance(right, Const) and right.value != 0):
            self.emit(Assert(Binary("ne", right, Const(0, MATH_INT, right.loc), BOOL, check_loc),
                             "div-by-zero", "ZeroDivisionError", check_loc))
        if op in ("<<", ">>") and not (isinstance(right, Const) and right.value >= 0):
            self.emit(Assert(Binary("ge", right, Const(0, MATH_INT, right.loc), BOOL, check_loc),
                             "shift", "ValueError: negative shift count", check_loc))
        return Binary(_ARITH[op], left, right, MATH_INT, loc)

    def _check_loc(self, start: Tree, op_tok: Token | None) -> Loc:
        line, col = position(start)
        if op_tok is not None and op_tok.line == line:
            col = op_tok.column or col
        return Loc(self.path, line, col)

    def _power(self, base: Expr, exponent: Expr, node: Tree) -> Expr:
        loc = self.loc(node)
        if not isinstance(exponent, Const):
            raise self.error(node, "unsupported construct: '**' with an exponent that is not a constant")
        k = exponent.value
        if k < 0:
            raise self.error(node, "unsupported construct: '**' with a negative exponent (its result "
                                   "is a float; the Python subset has only int and bool)")
        if isinstance(base, Const):
            if abs(base.value) > 1 and k * max(1, abs(base.value).bit_length()) > MAX_FOLDED_BITS:
                raise self.error(node, f"unsupported construct: constant '**' result wider than "
                                       f"{MAX_FOLDED_BITS} bits")
            return Const(base.value ** k, MATH_INT, loc)
        if k == 0:
            return Const(1, MATH_INT, loc)
        if k > MAX_POWER_EXPANSION:
            raise self.error(node, f"unsupported construct: '**' with exponent {k} (at most "
                                   f"{MAX_POWER_EXPANSION} with a variable base)")
        base = self.spill(base, "pow")
        acc = base
        for _ in range(k - 1):
            acc = Binary("mul", acc, base, MATH_INT, loc)
        return acc

    def _e_factor(self, t: Tree) -> Expr:
        op_tok, arg = t.children
        loc = self.loc(t)
        value, none = self.operand(arg)
        op = str(op_tok)
        self.none_check([none], f"unary {op}", loc)
        v = as_int(value)
        if op == "+":
            return v
        if isinstance(v, Const):
            return Const(-v.value if op == "-" else ~v.value, MATH_INT, loc)
        return Unary("neg" if op == "-" else "bnot", v, MATH_INT, loc)


#: Python operator -> IR operator: comparisons, int arithmetic, `&`/`|`/`^` of two bools
_COMPARE = {"<": "lt", ">": "gt", "==": "eq", ">=": "ge", "<=": "le", "!=": "ne"}
_ARITH = {"+": "add", "-": "sub", "*": "mul", "//": "floordiv", "%": "floormod",
          "<<": "shl", ">>": "shr", "&": "band", "|": "bor", "^": "bxor"}
_BOOL_BITWISE = {"&": "land", "|": "lor", "^": "ne"}
