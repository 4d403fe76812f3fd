"""The z3 encoding and the interpreter agree with real integer semantics on random values.

Python's floor division and modulo are pinned against the interpreter (real
Python), C's truncating division and wrap-around against a model written from
the C standard; if either encoding drifts, these fail.
"""

from __future__ import annotations

import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.smt import TermEncoder, from_python, to_python

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None, database=None)
big = st.integers(min_value=-(10**30), max_value=10**30)
i32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)


def evaluate(op: str, a: int, b: int, t: ir.IntType) -> tuple[int, list[str]]:
    """Value of `a op b` under the encoding, and the checks that fail."""
    enc = TermEncoder(lambda n: None)
    e = ir.Binary(op, ir.Const(a, t), ir.Const(b, t), t)
    term = enc.expr(e, {}, z3.BoolVal(True))
    failing = [ob.kind for ob in enc.obligations if z3.is_false(z3.simplify(ob.safe))]
    if failing:
        return 0, failing
    return to_python(z3.simplify(term), t), []


@SETTINGS
@given(big, big.filter(lambda b: b != 0))
def test_python_floor_division_and_modulo(a, b):
    assert evaluate("floordiv", a, b, ir.MATH_INT) == (a // b, [])
    assert evaluate("floormod", a, b, ir.MATH_INT) == (a % b, [])


@SETTINGS
@given(big)
def test_python_division_by_zero_is_a_failing_check(a):
    assert evaluate("floordiv", a, 0, ir.MATH_INT)[1] == ["div-by-zero"]


def c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


@SETTINGS
@given(i32, i32.filter(lambda b: b != 0))
def test_c_truncating_division_and_remainder(a, b):
    if a == -(2**31) and b == -1:
        assert "overflow" in evaluate("div", a, b, ir.I32)[1]
        return
    assert evaluate("div", a, b, ir.I32) == (c_div(a, b), [])
    assert evaluate("mod", a, b, ir.I32) == (a - b * c_div(a, b), [])


@SETTINGS
@given(i32, i32, st.sampled_from(["add", "sub", "mul"]))
def test_c_signed_arithmetic_overflow_is_detected_exactly(a, b, op):
    exact = {"add": a + b, "sub": a - b, "mul": a * b}[op]
    value, failing = evaluate(op, a, b, ir.I32)
    if -(2**31) <= exact < 2**31:
        assert (value, failing) == (exact, [])
    else:
        assert failing == ["overflow"]


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1), st.sampled_from(["add", "sub", "mul"]))
def test_c_unsigned_arithmetic_wraps(a, b, op):
    exact = {"add": a + b, "sub": a - b, "mul": a * b}[op]
    assert evaluate(op, a, b, ir.U32) == (exact % 2**32, [])


@SETTINGS
@given(big, big.filter(lambda b: b != 0))
def test_math_semantics_of_c_division_truncates(a, b):
    assert evaluate("div", a, b, ir.MATH_INT) == (c_div(a, b), [])


def test_roundtrip_of_model_values():
    for t, v in ((ir.I32, -5), (ir.U32, 2**32 - 1), (ir.I8, -128), (ir.MATH_INT, -(10**40))):
        assert to_python(z3.simplify(from_python(v, t)), t) == v
