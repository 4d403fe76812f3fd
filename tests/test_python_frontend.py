"""Tests of the Python-subset frontend (`verifier.frontends.python`) and `verifier.runtime`.

Fast tier. Each lowering test gives its source inline and checks the IR's
structure, operators and positions. The differential tests run the programs of
`tests/programs/py/` twice, under CPython and through a small interpreter of
the lowered IR written here, and demand the same outcome (return value, or
the same exception at the same line).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import verifier
from verifier import runtime
from verifier.errors import InputError, UnsupportedConstruct
from verifier.frontends.python import load_python, parse_python
from verifier.frontends.python_parse import parse_tree
from verifier.ir import (
    BOOL,
    MATH_INT,
    Assert,
    Assign,
    Assume,
    Binary,
    Break,
    Call,
    Cast,
    Const,
    Continue,
    Expr,
    ExprStmt,
    Function,
    If,
    Ite,
    Program,
    Return,
    Stmt,
    Unary,
    Var,
    While,
)

PROGRAMS = Path(__file__).parent / "programs" / "py"


def lower(source: str, name: str = "f") -> Function:
    """The lowered function `name` of `source`, which must be in the subset."""
    fn = parse_python(source, "t.py").functions[name]
    assert not fn.unsupported, fn.unsupported
    return fn


def unsupported(source: str, name: str = "f") -> Function:
    fn = parse_python(source, "t.py").functions[name]
    assert fn.unsupported, "expected the function to be unsupported"
    assert fn.body == []
    return fn


def syntax_error(source: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_python(source, "t.py")
    return info.value


def show(e) -> str:
    """A compact rendering of an IR expression, for readable assertions."""
    if isinstance(e, Const):
        return ("True" if e.value else "False") if e.type == BOOL else str(e.value)
    if isinstance(e, Var):
        return e.name
    if isinstance(e, Unary):
        return f"{e.op}({show(e.arg)})"
    if isinstance(e, Binary):
        return f"({show(e.left)} {e.op} {show(e.right)})"
    if isinstance(e, Cast):
        return f"{e.type}({show(e.arg)})"
    if isinstance(e, Ite):
        return f"({show(e.then)} if {show(e.cond)} else {show(e.other)})"
    if isinstance(e, Call):
        return f"{e.func}({', '.join(show(a) for a in e.args)})"
    raise AssertionError(f"unexpected node {e!r}")


def assigns(stmts) -> list[str]:
    return [f"{s.target} = {show(s.value)}" for s in stmts if isinstance(s, Assign)]


# ------------------------------------------------------------------- program


def test_program_header_and_types():
    src = "def f(x: int, b: bool, y) -> int:\n    return x\n\ndef p(x):\n    assert x\n"
    prog = parse_python(src, "t.py")
    assert (prog.language, prog.semantics, prog.path, prog.source) == ("python", "math", "t.py", src)
    f = prog.functions["f"]
    assert [(p.name, p.type) for p in f.params] == [("x", MATH_INT), ("b", BOOL), ("y", MATH_INT)]
    assert f.ret_type == MATH_INT
    assert (f.loc.line, f.loc.column, f.end_line) == (1, 1, 2)
    assert prog.functions["p"].ret_type is None


def test_comments_docstrings_blank_lines_and_annotations_are_accepted():
    src = '''"""Module docstring."""
# a comment

from verifier import assume


def f(x: int) -> bool:   # trailing comment
    """Docstring."""

    # comment between statements
    assume(x > 0)
    "a string statement is a no-op"
    return x > 1
'''
    fn = lower(src)
    assert isinstance(fn.body[0], Assume) and show(fn.body[0].cond) == "(x gt 0)"
    assert isinstance(fn.body[1], Return) and show(fn.body[1].value) == "int((x gt 1))"


def test_every_node_has_a_position():
    fn = lower("def f(x, y):\n    if x > 0:\n        y = x // y\n    return y\n")
    if_ = fn.body[0]
    assert (if_.loc.line, if_.loc.column) == (2, 5)
    check, assign = if_.then
    assert (check.loc.line, check.loc.column) == (3, 15)  # the '//' operator
    assert (assign.loc.line, assign.loc.column) == (3, 9)
    assert (assign.value.loc.line, assign.value.loc.column) == (3, 15)
    assert (assign.value.left.loc.line, assign.value.left.loc.column) == (3, 13)
    assert all(s.loc.file == "t.py" for s in fn.body)


def _nodes(x):
    if isinstance(x, (list, tuple)):
        for y in x:
            yield from _nodes(y)
    elif isinstance(x, (Expr, Stmt)):
        yield x
        for f in dataclasses.fields(x):
            yield from _nodes(getattr(x, f.name))


def test_every_node_of_the_sample_programs_has_a_position():
    for path in sorted(PROGRAMS.glob("*.py")):
        for fn in load_python(path).functions.values():
            for node in _nodes(fn.body):
                assert node.loc.file == str(path) and node.loc.line > 0 and node.loc.column > 0, node


def _check_types(program: Program) -> None:
    """The IR's typing contract: operands have their operation's type, conditions
    are BOOL, an assignment's value has its variable's type, call arguments
    their parameter's."""
    for fn in program.functions.values():
        variables = fn.variables

        def ty(e):
            if isinstance(e, Var):
                assert variables[e.name] == e.type, e
            elif isinstance(e, Unary):
                assert ty(e.arg) == e.type == (BOOL if e.op == "not" else MATH_INT), e
            elif isinstance(e, Binary):
                left, right = ty(e.left), ty(e.right)
                if e.op in ("land", "lor"):
                    assert left == right == e.type == BOOL, e
                elif e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
                    assert left == right and e.type == BOOL, e
                else:
                    assert left == right == e.type == MATH_INT, e
            elif isinstance(e, Cast):
                ty(e.arg)
            elif isinstance(e, Ite):
                assert ty(e.cond) == BOOL and ty(e.then) == ty(e.other) == e.type, e
            elif isinstance(e, Call):
                params = program.functions[e.func].params
                assert [ty(a) for a in e.args] == [p.type for p in params], e
            return e.type

        for node in _nodes(fn.body):
            if isinstance(node, Assign):
                assert ty(node.value) == variables[node.target], node
            elif isinstance(node, (If, While, Assert, Assume)):
                assert ty(node.cond) == BOOL, node
            elif isinstance(node, Return):
                assert (fn.ret_type is None) if node.value is None else ty(node.value) == fn.ret_type


def test_the_lowered_programs_are_well_typed():
    for path in sorted(PROGRAMS.glob("*.py")):
        _check_types(load_python(path))


# -------------------------------------------------------------- expressions


def test_int_literals_in_every_base_and_constant_folding():
    fn = lower("def f():\n    return 0x1F + 0o17 + 0b101 + 1_000 + 00 + -5 + 2 ** 70\n")
    assert show(fn.body[0].value) == str(0x1F + 0o17 + 0b101 + 1000 - 5 + 2**70)


def test_floor_division_and_modulo_are_python_ops_with_zero_checks():
    fn = lower("def f(a, b):\n    return a // b + a % (b - 1)\n")
    c1, c2, ret = fn.body
    assert isinstance(c1, Assert) and c1.kind == "div-by-zero" and show(c1.cond) == "(b ne 0)"
    assert c1.text == "ZeroDivisionError"
    assert show(c2.cond) == "((b sub 1) ne 0)" and c2.kind == "div-by-zero"
    assert show(ret.value) == "((a floordiv b) add (a floormod (b sub 1)))"


def test_division_by_a_nonzero_constant_needs_no_check():
    fn = lower("def f(a):\n    return a // 2 + a % -3\n")
    assert [type(s) for s in fn.body] == [Return]


def test_div_check_is_on_the_line_cpython_reports():
    # CPython reports a ZeroDivisionError on the first line of the binary expression
    fn = lower("def f(a, b):\n    return (a +\n            a\n            // b)\n")
    check = fn.body[0]
    assert check.kind == "div-by-zero" and (check.loc.line, check.loc.column) == (3, 13)
    fn = lower("def f(a, b):\n    a \\\n      //= b\n    return a\n")
    assert fn.body[0].kind == "div-by-zero" and fn.body[0].loc.line == 2


def test_shifts_check_for_a_negative_count():
    fn = lower("def f(x, s):\n    return (x << s) + (x >> 3)\n")
    check, ret = fn.body
    assert check.kind == "shift" and show(check.cond) == "(s ge 0)"
    assert show(ret.value) == "((x shl s) add (x shr 3))"


def test_bitwise_and_unary_operators():
    fn = lower("def f(x, y):\n    return (x & y | x ^ y) + -x + +x + ~x\n")
    assert show(fn.body[0].value) == "(((((x band y) bor (x bxor y)) add neg(x)) add x) add bnot(x))"


def test_power_with_a_constant_exponent_expands_to_multiplications():
    fn = lower("def f(x):\n    return x ** 3 + (x + 1) ** 2 + x ** 0\n")
    *pre, ret = fn.body
    assert assigns(pre) == ["$pow1 = (x add 1)"]
    assert show(ret.value) == "((((x mul x) mul x) add ($pow1 mul $pow1)) add 1)"


@pytest.mark.parametrize("expr, what", [
    ("x ** x", "exponent that is not a constant"),
    ("x ** -1", "negative exponent"),
    ("x ** 1000", "'**' with exponent 1000"),
])
def test_power_outside_the_subset(expr, what):
    fn = unsupported(f"def f(x):\n    return {expr}\n")
    assert what in fn.unsupported


def test_bool_is_a_subtype_of_int():
    fn = lower("def f(b: bool, x):\n    y = b + x\n    z = True\n    if x:\n        return b\n    return z\n")
    assert assigns(fn.body) == ["y = (int(b) add x)", "z = 1"]
    assert show(fn.body[2].cond) == "(x ne 0)"
    assert show(fn.body[2].then[0].value) == "int(b)"
    assert fn.locals == {"y": MATH_INT, "z": MATH_INT}


def test_bool_operands_of_bitwise_operators_stay_bool():
    fn = lower("def f(p: bool, q: bool):\n    p &= q\n    p |= q\n    p ^= q\n    return p\n")
    assert assigns(fn.body) == ["p = (p land q)", "p = (p lor q)", "p = (p ne q)"]


def test_chained_comparison_evaluates_the_middle_once():
    fn = lower("def f(a, b, c):\n    return a < b + 1 <= c\n")
    tmp, ret = fn.body
    assert assigns([tmp]) == ["$cmp1 = (b add 1)"]
    assert show(ret.value) == "int(((a lt $cmp1) land ($cmp1 le c)))"


def test_chained_comparison_of_plain_names_needs_no_temporary():
    fn = lower("def f(a, b, c):\n    return a < b < c != 3\n")
    assert show(fn.body[0].value) == "int((((a lt b) land (b lt c)) land (c ne 3)))"


def test_chained_comparison_checks_its_last_link_lazily():
    fn = lower("def f(a, b):\n    return a < b < 10 // a\n")
    save, guard, ret = fn.body
    assert assigns([save]) == ["$cmp1 = (a lt b)"]
    assert isinstance(guard, If) and show(guard.cond) == "$cmp1"
    check, link = guard.then
    assert check.kind == "div-by-zero" and show(check.cond) == "(a ne 0)"
    assert assigns([link]) == ["$cmp1 = (b lt (10 floordiv a))"]
    assert show(ret.value) == "int($cmp1)"


def test_and_in_a_condition_short_circuits_the_division_check():
    fn = lower("def f(a, b):\n    if b != 0 and a // b > 2:\n        return 1\n    return 0\n")
    save, guard, if_, _ = fn.body
    assert assigns([save]) == ["$and1 = (b ne 0)"]
    assert show(guard.cond) == "$and1"
    assert guard.then[0].kind == "div-by-zero"
    assert show(if_.cond) == "$and1"


def test_or_runs_its_right_side_only_when_the_left_is_false():
    fn = lower("def f(a, b):\n    return b == 0 or a % b == 0\n")
    save, guard, _ = fn.body
    assert show(guard.cond) == "not($or1)"
    assert guard.then[0].kind == "div-by-zero"


def test_pure_and_or_on_bools_are_logic_ops():
    fn = lower("def f(a, b):\n    if a > 0 and b > 0 or not a:\n        return 1\n    return 0\n")
    assert show(fn.body[0].cond) == "(((a gt 0) land (b gt 0)) lor not((a ne 0)))"


def test_and_or_on_ints_return_an_operand():
    fn = lower("def f(a, b):\n    x = a or b\n    y = a and b\n    return x + y\n")
    assert assigns(fn.body) == ["x = (a if (a ne 0) else b)", "y = (b if (a ne 0) else a)"]


def test_conditional_expression_is_an_ite_or_an_if_when_a_branch_checks():
    fn = lower("def f(a, b):\n    return a if a > b else b\n")
    assert show(fn.body[0].value) == "(a if (a gt b) else b)"
    fn = lower("def f(a, b):\n    return a // b if b else 0\n")
    if_, ret = fn.body
    assert show(if_.cond) == "(b ne 0)"
    assert if_.then[0].kind == "div-by-zero"
    assert assigns(if_.then) == ["$ite1 = (a floordiv b)"] and assigns(if_.other) == ["$ite1 = 0"]
    assert show(ret.value) == "$ite1"


def test_abs_min_max():
    fn = lower("def f(a, b, c):\n    return abs(a) + min(a, b) + max(a, b, c)\n")
    *pre, ret = fn.body
    assert assigns(pre) == ["$m1 = (b if (b gt a) else a)"]
    assert show(ret.value) == ("(((neg(a) if (a lt 0) else a) add (b if (b lt a) else a))"
                               " add (c if (c gt $m1) else $m1))")


def test_isinstance_int_is_true():
    fn = lower("def f(x):\n    y = 1\n    assert isinstance(y, int)\n")
    assert show(fn.body[1].cond) == "True"


# ------------------------------------------------------------------- calls


def test_calls_are_hoisted_unless_they_are_the_whole_value():
    src = ("def g(x):\n    return x\n\n"
           "def f(x):\n    y = g(x)\n    g(y)\n    return g(y) + g(x) // 2\n")
    fn = lower(src)
    a, e, c1, c2, r = fn.body
    assert isinstance(a, Assign) and show(a.value) == "g(x)"
    assert isinstance(e, ExprStmt) and show(e.expr) == "g(y)"
    assert assigns([c1, c2]) == ["$call1 = g(y)", "$call2 = g(x)"]
    assert show(r.value) == "($call1 add ($call2 floordiv 2))"
    assert fn.locals["$call1"] == MATH_INT


def test_call_result_is_evaluated_before_the_division_check_of_a_later_operand():
    src = "def g(x):\n    return x\n\ndef f(a, b):\n    return g(a) + a // b\n"
    fn = lower(src)
    assert isinstance(fn.body[0], Assign) and show(fn.body[0].value) == "g(a)"
    assert fn.body[1].kind == "div-by-zero"


def test_recursion_is_a_call():
    fn = lower("def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\n", "fact")
    assert assigns(fn.body[1:2]) == ["$call1 = fact((n sub 1))"]
    assert show(fn.body[2].value) == "(n mul $call1)"


def test_bool_argument_of_a_bool_parameter():
    src = "def g(b: bool):\n    return b\n\ndef f(x):\n    return g(x > 0)\n"
    assert show(lower(src).body[0].value) == "g((x gt 0))"
    src = "def g(b: bool):\n    return b\n\ndef f(x):\n    return g(x)\n"
    assert "bool parameter 'b'" in unsupported(src).unsupported


def test_the_value_of_a_function_without_a_return_value_is_unsupported():
    src = "def g(x):\n    assert x\n\ndef f(x):\n    g(x)\n    y = g(x)\n"
    fn = unsupported(src)
    assert "the value of 'g(...)', which returns None" in fn.unsupported
    assert fn.unsupported_loc.line == 6


def test_assume_is_a_precondition():
    fn = lower("from verifier import assume\n\ndef f(x):\n    assume(x > 0 and x < 10)\n    return x\n")
    assert isinstance(fn.body[0], Assume)
    assert show(fn.body[0].cond) == "((x gt 0) land (x lt 10))"
    assert (fn.body[0].loc.line, fn.body[0].loc.column) == (4, 5)


def test_assume_needs_its_import():
    assert "undefined function assume" in unsupported("def f(x):\n    assume(x > 0)\n").unsupported


# -------------------------------------------------------------- statements


def test_assert_has_kind_text_and_keyword_position():
    fn = lower("def f(x):\n    assert  x > 0 and x < 10, 'message'\n")
    a = fn.body[0]
    assert (a.kind, a.text, a.loc.line, a.loc.column) == ("assert", "x > 0 and x < 10", 2, 5)


def test_tuple_assignment_evaluates_every_right_side_first():
    fn = lower("def f(a, b):\n    a, b = b, a + b\n    return a\n")
    assert assigns(fn.body) == ["$tuple1 = (a add b)", "a = b", "b = $tuple1"]
    fn = lower("def f(x, y):\n    x, y = y, x\n    return x\n")
    assert assigns(fn.body) == ["$tuple1 = x", "x = y", "y = $tuple1"]


def test_chained_assignment():
    fn = lower("def f(x):\n    a = b = x + 1\n    return a + b\n")
    assert assigns(fn.body) == ["a = (x add 1)", "b = a"]


def test_augmented_assignment_of_every_operator():
    src = "def f(x, y):\n" + "".join(
        f"    x {op}= y\n" for op in ["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>"]) + "    return x\n"
    fn = lower(src)
    ops = [s.value.op for s in fn.body if isinstance(s, Assign)]
    assert ops == ["add", "sub", "mul", "floordiv", "floormod", "band", "bor", "bxor", "shl", "shr"]
    kinds = [s.kind for s in fn.body if isinstance(s, Assert)]
    assert kinds == ["div-by-zero", "div-by-zero", "shift", "shift"]


def test_if_elif_else():
    fn = lower("def f(x):\n    if x < 0:\n        return -1\n    elif x == 0:\n        return 0\n"
               "    else:\n        return 1\n")
    (if_,) = fn.body
    assert show(if_.cond) == "(x lt 0)"
    (elif_,) = if_.other
    assert show(elif_.cond) == "(x eq 0)" and (elif_.loc.line, elif_.loc.column) == (4, 5)
    assert show(elif_.other[0].value) == "1"


def test_elif_condition_checks_run_only_when_it_is_reached():
    fn = lower("def f(x, y):\n    if y == 0:\n        return 0\n"
               "    elif x // y > 1:\n        return 1\n    return 2\n")
    assert fn.body[0].other[0].kind == "div-by-zero"


def test_while_break_continue_pass():
    fn = lower("def f(n):\n    while n > 0:\n        n -= 1\n        if n == 5:\n            continue\n"
               "        if n == 2:\n            break\n        pass\n    return n\n")
    loop = fn.body[0]
    assert isinstance(loop, While) and show(loop.cond) == "(n gt 0)" and loop.step == []
    assert isinstance(loop.body[1].then[0], Continue) and isinstance(loop.body[2].then[0], Break)


def test_while_condition_that_divides_is_checked_every_iteration():
    fn = lower("def f(n, d):\n    while n // d > 0:\n        n -= 1\n    return n\n")
    loop = fn.body[0]
    assert show(loop.cond) == "True"
    check, exit_, body = loop.body
    assert check.kind == "div-by-zero"
    assert show(exit_.cond) == "not(((n floordiv d) gt 0))" and isinstance(exit_.then[0], Break)
    assert assigns([body]) == ["n = (n sub 1)"]


def test_for_range_uses_a_hidden_counter_and_step():
    fn = lower("def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n")
    init_s, init_i, loop, _ = fn.body
    assert assigns([init_i]) == ["$i_1 = 0"]
    assert show(loop.cond) == "($i_1 lt n)"
    assert assigns(loop.body) == ["i = $i_1", "s = (s add i)"]
    assert assigns(loop.step) == ["$i_1 = ($i_1 add 1)"]
    assert fn.locals == {"s": MATH_INT, "i": MATH_INT, "$i_1": MATH_INT}


def test_for_range_with_a_negative_step_counts_down():
    fn = lower("def f(a, b):\n    for k in range(a + 1, b, -2):\n        a = 0\n    return a\n")
    init, loop, _ = fn.body
    assert assigns([init]) == ["$k_1 = (a add 1)"]
    assert show(loop.cond) == "($k_1 gt b)"
    assert assigns(loop.step) == ["$k_1 = ($k_1 add -2)"]


def test_for_range_bounds_are_evaluated_once():
    fn = lower("def f(n):\n    for i in range(0, n):\n        n -= 1\n    return n\n")
    init, stop, loop, _ = fn.body
    assert assigns([init, stop]) == ["$i_1 = 0", "$stop2 = n"]
    assert show(loop.cond) == "($i_1 lt $stop2)"


def test_continue_in_a_for_loop_runs_the_step():
    fn = lower("def f(n):\n    for i in range(n):\n        continue\n    return 0\n")
    loop = fn.body[1]
    assert isinstance(loop.body[1], Continue) and loop.step  # the IR runs `step` after continue


# ------------------------------------------------------------------- guards


def test_isinstance_guards_are_dropped_and_mark_types():
    fn = lower('def f(x, y):\n    """doc"""\n    assert isinstance(x, int) and isinstance(y, bool)\n'
               "    assert isinstance(x, int)\n    assert x > 0\n")
    assert [(p.name, p.type) for p in fn.params] == [("x", MATH_INT), ("y", BOOL)]
    assert len(fn.body) == 1 and fn.body[0].text == "x > 0"


def test_guard_with_a_non_int_type_makes_the_function_unsupported():
    fn = unsupported("def f(x, y):\n    assert isinstance(x, int) and isinstance(y, str)\n    return x\n")
    assert fn.unsupported == "parameter 'y' has type 'str'; only int and bool are supported"
    assert (fn.unsupported_loc.line, fn.unsupported_loc.column) == (2, 35)


def test_an_isinstance_assert_mixed_with_a_real_check_is_a_check():
    fn = lower("def f(x):\n    assert isinstance(x, int) and x > 0\n")
    assert isinstance(fn.body[0], Assert) and show(fn.body[0].cond) == "(True land (x gt 0))"


# ------------------------------------------------------------- unsupported


@pytest.mark.parametrize("body, message", [
    ("y = [[[1]], [[2]]]", "unsupported construct: list literal"),
    ("y = b'abc'", "unsupported construct: f-string or bytes literal"),
    ("y = {**x}", "unsupported construct: dict literal"),
    ("y = {1}", "unsupported construct: set literal"),
    ("y = 1.5", "unsupported construct: float literal"),
    ("y = x / 2", "true division '/'"),
    ("y = None", "unsupported construct: None"),
    ("y = (1, [2])", "unsupported construct: tuple"),
    ("y = x.real", "unsupported construct: attribute access"),
    ("y = x[0]", "unsupported construct: subscript"),
    ("y = lambda v=1: v", "unsupported construct: lambda"),  # `y = lambda: 1` is a nested helper
    ("y = {i for i in range(3)}", "set comprehension"),
    ("print(x, file=x)", "unsupported construct: print() with file="),
    ("y = len(x)", "len() of something other than a list"),
    ("y = hex(x)", "call to built-in function 'hex'"),
    ("y = foo(x)", "call to undefined function foo"),
    ("y = f(1, x=1)", "argument 'x' of 'f' unknown or given twice"),
    ("y = f(*x)", "unsupported construct: *args in a call"),
    ("global g", "unsupported construct: global statement"),
    ("class A: pass", "unsupported construct: class definition"),
    ("def g(): pass", "unsupported construct: nested function definition"),
    ("with x: pass", "unsupported construct: with statement"),
    ("raise MyError", "raise of 'MyError' (only builtin exception classes)"),
    ("del x.y", "unsupported construct: del statement"),  # `del x` of an int is read (`python_unbound`)
    ("import os", "unsupported construct: import inside a function"),
    ("y = x is 1", "identity comparison 'is'"),
    ("y = x in x", "membership test 'in'"),
    ("y = (z := 1)", "assignment expression"),
    ("for i in x: pass", "for loop over something other than range(...)"),
    ("for i in range(0, 9, 0): pass", "range() with step 0"),
    ("try:\n        pass\n    finally:\n        pass", "unsupported construct: try statement"),
    ("y = N", "name 'N' is not a parameter or local variable of 'f'"),
    ("assert x, f'{x + 1}'", "f-string assertion message"),
])
def test_constructs_outside_the_subset_make_the_function_unsupported(body, message):
    src = f"def f(x):\n    {body}\n    return 1\n\ndef ok(x):\n    return x + 1\n"
    prog = parse_python(src, "t.py")
    fn = prog.functions["f"]
    assert message in fn.unsupported
    assert fn.unsupported_loc.line == 2 and fn.unsupported_loc.column >= 5
    assert fn.body == [] and not prog.functions["ok"].unsupported  # the others are still lowered


@pytest.mark.parametrize("signature, message", [
    ("def f(x: float):", "parameter 'x' has type 'float'; only int, bool, str, list[int]"),
    ("def f(x: list[list[str]]):", "parameter 'x' has type 'list[list[str]]'"),
    ("def f(x=[]):", "default parameter value other than an int or bool constant"),
    ("def f(*args):", "*args parameter"),
    ("def f(**kw):", "**kwargs parameter"),
    ("def f(x) -> float:", "return type 'float' is not supported"),
])
def test_signatures_outside_the_subset(signature, message):
    assert message in unsupported(f"{signature}\n    return 1\n").unsupported


def test_decorated_function_is_unsupported():
    fn = unsupported("@cache\ndef f(x):\n    return x\n")
    assert fn.unsupported.startswith("unsupported construct: decorator '@cache'") and fn.unsupported_loc.line == 1


def test_a_caller_of_an_unsupported_function_is_unsupported_too():
    src = "def g(x):\n    return {x}\n\ndef f(x):\n    return g(x) + 1\n\ndef h(x):\n    return f(x)\n"
    prog = parse_python(src, "t.py")
    for name, line in [("f", 5), ("h", 8)]:
        fn = prog.functions[name]
        assert fn.unsupported.startswith("call to ") and "set literal" in fn.unsupported
        assert fn.unsupported_loc.line == line


def test_mixed_value_and_bare_returns_are_unsupported():
    assert "returns a value on some paths" in unsupported(
        "def f(x):\n    if x:\n        return\n    return 1\n").unsupported


def test_bool_parameter_assigned_an_int_is_unsupported():
    assert "bool parameter 'b'" in unsupported("def f(b: bool):\n    b = 3\n").unsupported


# ------------------------------------------------------------ module level


def test_main_block_imports_and_docstrings_are_allowed_at_module_level():
    src = ('"""doc"""\nfrom __future__ import annotations\nfrom verifier import assume as pre\n\n'
           "def f(x):\n    pre(x > 0)\n    return x\n\nif __name__ == '__main__':\n    print(f(1))\n")
    assert isinstance(lower(src).body[0], Assume)


@pytest.mark.parametrize("line, user, message", [
    ("import os", "os.sep", "'os' is bound by the module-level import at line 4"),
    ("import os.path as p", "p", "'p' is bound by the module-level import at line 4"),
    ("from math import gcd", "gcd(x, 2)", "'gcd' is bound by the module-level import from 'math' at line 4"),
    ("from verifier import prove", "prove(x)", "'prove' is bound by the module-level import from 'verifier'"),
    ("N = 1.5", "x + N", "'N' is bound by the module-level assignment at line 4"),  # not an int constant
    ("class A:\n    pass", "A()", "'A' is bound by the module-level class definition at line 4"),
    ("abs = max", "abs(x)", "'abs' is bound by the module-level assignment at line 4"),
])
def test_a_module_level_definition_outside_the_subset_makes_only_its_users_unsupported(line, user, message):
    prog = parse_python(f"def f(x):\n    return x\n\n{line}\n\ndef g(x):\n    return {user}\n", "t.py")
    assert not prog.functions["f"].unsupported
    g = prog.functions["g"]
    assert g.unsupported.startswith("unsupported construct: ") and message in g.unsupported
    assert g.unsupported_loc.line == 7 + line.count("\n")


@pytest.mark.parametrize("line, message", [
    ("print(1)", "module-level expression statement at line 4 runs when the module is imported"),
    ("for i in range(3):\n    pass", "module-level for loop at line 4"),
    ("from os import *", "'from os import *' at line 4 may bind any name"),
])
def test_module_level_code_outside_the_subset_makes_every_function_unsupported(line, message):
    prog = parse_python(f"def f(x):\n    return x\n\n{line}\n\ndef g(x):\n    return x\n", "t.py")
    for fn in prog.functions.values():
        assert message in fn.unsupported and fn.unsupported_loc.line == 4


def test_a_parameter_or_local_shadowing_a_module_level_name_is_fine():
    prog = parse_python("import x\ny = 1\n\ndef f(x):\n    y = x + 1\n    return y\n", "t.py")
    assert not prog.functions["f"].unsupported


def test_standard_imports_and_assume_keep_working_for_functions_that_do_not_use_them():
    prog = parse_python("import math\nfrom typing import List\nfrom verifier import assume\n\n"
                        "def f(x: int) -> int:\n    assume(x > 0)\n    return x - 1\n", "t.py")
    assert isinstance(prog.functions["f"].body[0], Assume)


def test_a_redefinition_replaces_the_first_definition():
    prog = parse_python("def f(x):\n    return 1\n\ndef f(x):\n    return 2\n", "t.py")
    assert show(prog.functions["f"].body[0].value) == "2"


# ------------------------------------------------------------ syntax errors


@pytest.mark.parametrize("source, line, column, message", [
    ("def f(x)\n    return x\n", 1, 9, "expected ':'"),
    ("def f(x):\n    if x > 0\n        return 1\n", 2, 13, "expected ':'"),
    ("def f(x):\n    while x   # loop\n        x -= 1\n", 2, 15, "expected ':'"),
    ("def f(x):\nreturn x\n", 2, 1, "expected an indented block"),
    ("def f(x):\n    y = 1\n        return y\n", 2, 10, "unexpected indent"),
    ("def f(x):\n    if x:\n        y = 1\n      return y\n", 4, 7, "unindent does not match"),
    ("def f(x):\n    y = (x + 1\n    return y\n", 2, 9, "'(' was never closed"),
    ("def f(x):\n    return g(x,\n", 2, 13, "'(' was never closed"),
    ("def f(x):\n    return x)\n", 2, 13, "unmatched ')'"),
    ("def f(x):\n    return (x]\n", 2, 14, "closing parenthesis ']' does not match"),
    ("def f(x):\n    return x $ 1\n", 2, 14, "invalid character '$'"),
    ("def f(x):\n    s = 'abc\n", 2, 9, "unterminated string literal"),
    ("def f(x):\n    if x = 1:\n        pass\n", 2, 10, "'=' in a condition"),
    ("def f(x):\n    break\n", 2, 5, "'break' outside loop"),
    ("def f(x):\n    1 = x\n", 2, 5, "cannot assign to literal"),
])
def test_syntax_errors_have_a_position_and_a_friendly_message(source, line, column, message):
    err = syntax_error(source)
    assert err.kind == "syntax"
    assert (err.line, err.column) == (line, column)
    assert err.message.startswith("syntax error: ") and message in err.message
    assert err.format().startswith(f"t.py:{line}:{column}: error: syntax error:")


def test_the_grammar_tells_valid_python_outside_it_from_a_syntax_error():
    with pytest.raises(InputError) as info:
        parse_tree("def f(x):\n    match x:\n        case 1:\n            return 1\n    return 0\n", "t.py")
    err = info.value
    assert err.kind == "unsupported" and err.line == 2 and "valid Python" in err.message


def test_a_missing_final_newline_and_tabs_are_fine():
    assert show(lower("def f(x):\n\treturn x").body[0].value) == "x"


@pytest.mark.parametrize("source", ["", "# nothing\n\n", "x = 1\n", '"""doc"""\n'])
def test_a_source_without_functions_is_an_input_error_at_1_1(source):
    with pytest.raises(InputError) as info:
        parse_python(source, "t.py")
    err = info.value
    assert (err.kind, err.line, err.column) == ("file", 1, 1) and "no function definitions" in err.message


# -------------------------------------------------------------- load_python


def test_load_python_reads_a_file(tmp_path):
    p = tmp_path / "m.py"
    p.write_text("\ufeffdef f(x):\n    return x\n", encoding="utf-8")
    prog = load_python(p)
    assert prog.path == str(p) and "f" in prog.functions


@pytest.mark.parametrize("content, line, column, message", [
    (None, 0, 0, "no such file"),
    (b"", 1, 1, "empty file"),
    (b"  \n\n", 1, 1, "empty file"),
    (b"def f(x):\x00\n", 1, 10, "binary file"),
    (b"def f(x):\n    return '\xff'\n", 2, 13, "not utf-8 text (byte 0xff)"),
    (b"# -*- coding: klingon -*-\ndef f(x):\n    return x\n", 1, 1, "unknown encoding: klingon"),
])
def test_load_python_bad_files(tmp_path, content, line, column, message):
    p = tmp_path / "m.py"
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_python(p)
    err = info.value
    assert (err.kind, err.line, err.column) == ("file", line, column) and message in err.message


def test_load_python_decodes_a_pep_263_coding_line_as_python_does(tmp_path):
    p = tmp_path / "m.py"
    p.write_bytes("# -*- coding: latin-1 -*-\n# caf\xe9\ndef f(x):\n    return x\n".encode("latin-1"))
    prog = load_python(p)
    assert "f" in prog.functions and "caf\xe9" in prog.source


def test_load_python_of_a_directory(tmp_path):
    with pytest.raises(InputError) as info:
        load_python(tmp_path)
    assert info.value.kind == "file"


# ------------------------------------------------------------------ runtime


def test_assume_returns_none_when_true_and_raises_its_own_exception_when_false():
    assert runtime.assume(True) is None
    assert runtime.assume(5) is None
    with pytest.raises(runtime.AssumptionViolated) as info:
        runtime.assume(0)
    assert info.value.line > 0
    assert not isinstance(info.value, AssertionError)


# ------------------------------------------- programs: CPython vs lowered IR


class _Outcome(Exception):
    """How an IR run ended abnormally: (kind, line)."""


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Interpreter:
    """A direct interpreter of the lowered IR, with Python's integer semantics.

    It fails loudly on anything the frontend promised never to produce
    (an unchecked division by zero or negative shift, a bool where an int is due).
    """

    def __init__(self, program: Program, fuel: int = 200_000) -> None:
        self.program = program
        self.fuel = fuel

    def call(self, name: str, args: list):
        fn = self.program.functions[name]
        assert not fn.unsupported
        env = {p.name: (bool(a) if p.type == BOOL else int(a)) for p, a in zip(fn.params, args)}
        try:
            self.block(fn.body, env)
        except _Return as r:
            return r.value
        return None

    def block(self, stmts, env) -> None:
        for s in stmts:
            self.fuel -= 1
            if self.fuel < 0:
                raise _Outcome("fuel", 0)
            if isinstance(s, Assign):
                env[s.target] = self.expr(s.value, env)
            elif isinstance(s, ExprStmt):
                self.expr(s.expr, env)
            elif isinstance(s, If):
                self.block(s.then if self.expr(s.cond, env) else s.other, env)
            elif isinstance(s, While):
                while self.expr(s.cond, env):
                    self.fuel -= 1
                    if self.fuel < 0:
                        raise _Outcome("fuel", 0)
                    try:
                        self.block(s.body, env)
                    except _Break:
                        break
                    except _Continue:
                        pass
                    self.block(s.step, env)
            elif isinstance(s, Break):
                raise _Break()
            elif isinstance(s, Continue):
                raise _Continue()
            elif isinstance(s, Return):
                raise _Return(None if s.value is None else self.expr(s.value, env))
            elif isinstance(s, Assert):
                if not self.expr(s.cond, env):
                    raise _Outcome(s.kind, s.loc.line)
            elif isinstance(s, Assume):
                if not self.expr(s.cond, env):
                    raise _Outcome("assume", 0)
            else:
                raise AssertionError(f"unexpected statement {s!r}")

    def expr(self, e, env):
        if isinstance(e, Const):
            return bool(e.value) if e.type == BOOL else e.value
        if isinstance(e, Var):
            if e.name not in env:
                raise _Outcome("UnboundLocalError", 0)
            v = env[e.name]
            assert isinstance(v, bool) == (e.type == BOOL), e
            return v
        if isinstance(e, Cast):
            v = self.expr(e.arg, env)
            return int(v) if e.type == MATH_INT else v != 0
        if isinstance(e, Unary):
            v = self.expr(e.arg, env)
            return {"neg": lambda: -v, "bnot": lambda: ~v, "not": lambda: not v}[e.op]()
        if isinstance(e, Ite):
            return self.expr(e.then if self.expr(e.cond, env) else e.other, env)
        if isinstance(e, Call):
            return self.call(e.func, [self.expr(a, env) for a in e.args])
        if isinstance(e, Binary):
            if e.op == "land":
                return self.expr(e.left, env) and self.expr(e.right, env)
            if e.op == "lor":
                return self.expr(e.left, env) or self.expr(e.right, env)
            a, b = self.expr(e.left, env), self.expr(e.right, env)
            if e.op in ("floordiv", "floormod"):
                assert b != 0, f"unchecked division at line {e.loc.line}"
            if e.op in ("shl", "shr"):
                assert b >= 0, f"unchecked shift at line {e.loc.line}"
            if e.type == MATH_INT:
                assert not isinstance(a, bool) and not isinstance(b, bool), e
            ops = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
                   "floordiv": lambda: a // b, "floormod": lambda: a % b, "shl": lambda: a << b,
                   "shr": lambda: a >> b, "band": lambda: a & b, "bor": lambda: a | b,
                   "bxor": lambda: a ^ b, "eq": lambda: a == b, "ne": lambda: a != b,
                   "lt": lambda: a < b, "le": lambda: a <= b, "gt": lambda: a > b, "ge": lambda: a >= b}
            return ops[e.op]()
        raise AssertionError(f"unexpected expression {e!r}")


def _import_program(path: Path) -> ModuleType:
    if not hasattr(verifier, "assume"):  # until verifier/__init__ re-exports it
        verifier.assume = runtime.assume  # type: ignore[attr-defined]
    name = f"_pyprog_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _cpython_outcome(func, args):
    try:
        return ("return", func(*args))
    except runtime.AssumptionViolated:
        return ("assume", 0)
    except (AssertionError, ZeroDivisionError, ValueError, UnboundLocalError) as e:
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        kind = {AssertionError: "assert", ZeroDivisionError: "div-by-zero", ValueError: "shift",
                UnboundLocalError: "UnboundLocalError"}[type(e)]
        return (kind, 0 if kind == "UnboundLocalError" else tb.tb_lineno)


def _ir_outcome(program: Program, name: str, args):
    try:
        return ("return", _Interpreter(program).call(name, args))
    except _Outcome as o:
        return o.args


@functools.cache
def _loaded(path: Path) -> tuple[Program, ModuleType]:
    return load_python(path), _import_program(path)


_PROGRAM_FILES = sorted(PROGRAMS.glob("*.py"))
_CASES = [(path, name) for path in _PROGRAM_FILES for name in load_python(path).functions]


def test_the_programs_import_and_run_under_cpython():
    assert len(_PROGRAM_FILES) == 3
    for path in _PROGRAM_FILES:
        module = _import_program(path)
        program = load_python(path)
        assert program.functions, path
        for name, fn in program.functions.items():
            assert not fn.unsupported, (path.name, name, fn.unsupported)
            assert callable(getattr(module, name))
    arith, loops, seed = (_import_program(PROGRAMS / f"{n}.py") for n in ("arith", "loops", "seed"))
    assert arith.mean(-3, 0) == -2 and arith.floor_ops(-7, 2) == -4
    assert loops.fib(10) == 55 and loops.gcd(12, -18) == 6 and loops.sum_down(4) == 8
    assert seed.g(3, 1) == 2 and seed.clamp(5, 0, 3) == 3
    with pytest.raises(AssertionError):
        seed.check(7)
    with pytest.raises(runtime.AssumptionViolated):
        seed.check(8)


_ints = st.one_of(st.integers(-12, 12), st.integers(-(2**70), 2**70))


@pytest.mark.parametrize("path, name", _CASES, ids=[f"{p.stem}.{n}" for p, n in _CASES])
@settings(max_examples=50, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lowered_ir_behaves_like_cpython(path, name, data):
    program, module = _loaded(path)
    fn = program.functions[name]
    args = [data.draw(st.booleans() if p.type == BOOL else _ints, label=p.name) for p in fn.params]
    expected = _cpython_outcome(getattr(module, name), args)
    got = _ir_outcome(program, name, args)
    assert got == expected


def test_a_literal_cpython_refuses_is_a_syntax_error_with_line_and_column():
    with pytest.raises(InputError) as info:
        parse_python("def f(x):\n    return " + "1" * 5000 + "\n", "t.py")
    err = info.value
    assert (err.kind, err.line, err.column) == ("syntax", 2, 5) and "4300 digits" in err.message


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 compiles 'type' statements")
def test_a_type_alias_statement_is_named_as_such():
    with pytest.raises(InputError) as info:
        parse_python("type Num = int\n\ndef f(x):\n    return x\n", "t.py")
    err = info.value
    assert (err.kind, err.line, err.column) == ("syntax", 1, 1) and "'type' alias statement" in err.message
    assert not parse_python("def f(x):\n    type = x\n    return type\n", "t.py").functions["f"].unsupported


def test_a_function_outside_the_grammar_is_unsupported_and_so_are_its_callers():
    prog = parse_python("async def f(x):\n    return x\n\ndef g(x):\n    return f(x) + 1\n\n"
                        "def k(x):\n    match x:\n        case 1:\n            return 0\n    return x\n\n"
                        "def h(x):\n    return x\n", "t.py")
    assert prog.functions["f"].unsupported == "unsupported construct: async function at line 1"
    assert "call to 'f'" in prog.functions["g"].unsupported
    k = prog.functions["k"]
    assert k.unsupported == "unsupported construct: match statement at line 8"
    assert (k.unsupported_loc.line, k.unsupported_loc.column) == (8, 5)
    assert not prog.functions["h"].unsupported and prog.functions["h"].body


def test_module_level_statements_outside_the_grammar_follow_the_module_level_rules():
    cls = "class K:\n    async def m(self):\n        await self\n\n"
    prog = parse_python(cls + "def f(x):\n    return x\n\ndef g(x):\n    return K(x)\n", "t.py")
    assert not prog.functions["f"].unsupported
    assert "'K' is bound by the module-level class definition at line 1" in prog.functions["g"].unsupported
    prog = parse_python("def f(x):\n    return x\n\nmatch 1:\n    case 1:\n        pass\n", "t.py")
    assert "module-level match statement at line 4 runs" in prog.functions["f"].unsupported
