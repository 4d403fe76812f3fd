"""`& | ^ ~ << >>` on Python's unbounded ints: the z3 reading against CPython, and verdicts."""

from __future__ import annotations

import random

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.bitwise import EXACT_BITS, MAX_SHIFT, bitwise, shift
from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, only, prove_source

_A, _B = z3.Ints("a b")
_PY = {"band": lambda a, b: a & b, "bor": lambda a, b: a | b, "bxor": lambda a, b: a ^ b,
       "shl": lambda a, b: a << b, "shr": lambda a, b: a >> b}
_WIDE = st.integers(-(1 << 70), 1 << 70)
_NEAR_EDGE = st.sampled_from([-(1 << (EXACT_BITS - 1)), (1 << (EXACT_BITS - 1)) - 1, 1 << (EXACT_BITS - 1),
                              -(1 << (EXACT_BITS - 1)) - 1, -1, 0, 1])


def _value(term: z3.ExprRef, a: int, b: int) -> z3.ExprRef:
    return z3.simplify(z3.substitute(term, (_A, z3.IntVal(a)), (_B, z3.IntVal(b))))


def _agrees(op: str, a: int, b: int, constant_b: bool) -> None:
    """The term is CPython's value wherever its exactness condition holds."""
    right = z3.IntVal(b) if constant_b else _B
    read = bitwise if op in ("band", "bor", "bxor") else shift
    term, exact, _why = read(op, _A, right)
    if exact is not None and z3.is_false(_value(exact, a, b)):
        return
    assert _value(term, a, b).as_long() == _PY[op](a, b), (op, a, b)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.sampled_from(["band", "bor", "bxor"]), _WIDE | _NEAR_EDGE, _WIDE | _NEAR_EDGE, st.booleans())
def test_bitwise_reading_is_cpythons_value(op, a, b, constant_b):
    _agrees(op, a, b, constant_b)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.sampled_from(["shl", "shr"]), _WIDE, st.integers(0, MAX_SHIFT + 8), st.booleans())
def test_shift_reading_is_cpythons_value(op, a, k, constant_k):
    _agrees(op, a, k, constant_k)


def test_variable_operands_are_exact_within_the_width_only():
    term, exact, why = bitwise("band", _A, _B)
    assert exact is not None and f"{EXACT_BITS} bits" in why
    assert z3.is_true(_value(exact, (1 << (EXACT_BITS - 1)) - 1, -(1 << (EXACT_BITS - 1))))
    assert z3.is_false(_value(exact, 1 << (EXACT_BITS - 1), 0))
    assert bitwise("bxor", _A, z3.IntVal(-7))[1] is None  # a constant operand: exact everywhere


def test_constant_masks_prove_for_every_int(tmp_path):
    source = """
        def f(x: int) -> int:
            low = x & 0xF0
            assert 0 <= low <= 240
            assert (x | 1) % 2 == 1
            assert x ^ -1 == ~x
            assert ~x == -x - 1
            return low
        """
    results = prove_source(tmp_path, source, suffix=".py", check="assert")
    assert [r.verdict for r in results] == [Verdict.YES] * 4, [(r.location.line, r.reason) for r in results]


def test_xor_bug_is_found_and_replayed(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(x: int, y: int) -> int:
            if 0 <= x < 100 and 0 <= y < 100:
                assert (x ^ y) != 77
            return 0
        """, "assert", suffix=".py")
    inputs = r.counterexample.inputs
    assert inputs["x"] ^ inputs["y"] == 77


def test_variable_shift_round_trip_proved_on_bounded_inputs(tmp_path):
    assert_proved(tmp_path, """
        def f(x: int, k: int) -> int:
            if 0 <= k <= 10 and 0 <= x < 1000:
                assert (x << k) >> k == x
            return 0
        """, "assert", suffix=".py")


def test_negative_variable_shift_is_a_value_error(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(x: int, k: int) -> int:
            return x >> k
        """, "shift", suffix=".py")
    assert r.counterexample.inputs["k"] < 0
    assert "ValueError" in r.counterexample.replay


def test_unbounded_operands_make_a_proof_unknown_not_yes(tmp_path):
    results = prove_source(tmp_path, """
        def f(x: int, y: int) -> int:
            assert (x & y) + (x | y) == x + y
            return 0
        """, suffix=".py", check="assert", timeout=3)
    r = only(results, "assert")
    assert r.verdict == Verdict.UNKNOWN


def _cases(n: int, seed: int = 16) -> list[tuple[str, str, int, int]]:
    """`n` random (op1, op2, constant, bound) cases (seeded: the prover runs Hypothesis
    itself when it replays, so these cannot come from an enclosing @given)."""
    rng = random.Random(seed)
    ops = ["&", "|", "^", "<<", ">>"]
    return [(rng.choice(ops), rng.choice(ops), rng.randint(-8, 8), rng.randint(0, 40)) for _ in range(n)]


@pytest.mark.parametrize("op1, op2, c, bound", _cases(6))
def test_verdicts_on_bitwise_code_agree_with_cpython(tmp_path, op1, op2, c, bound):
    """Whatever verify answers about a small bitwise function, CPython agrees:
    a no replays (checked by the pipeline), and a yes holds on every input of a grid."""
    source = (f"def f(x: int, y: int) -> int:\n    if 0 <= y < 8 and -{bound} <= x <= {bound}:\n"
              f"        z = (x {op1} y) {op2} {abs(c) if op2 in ('<<', '>>') else c}\n"
              f"        assert z != {c}\n    return 0\n")
    r = only(prove_source(tmp_path, source, suffix=".py", check="assert", timeout=5), "assert")
    f_namespace: dict = {}
    exec(compile(source, "<f>", "exec"), f_namespace)  # noqa: S102 - the function just written
    failing = []
    for x in range(-bound, bound + 1):
        for y in range(8):
            try:
                f_namespace["f"](x, y)
            except AssertionError:
                failing.append((x, y))
    if r.verdict == Verdict.YES:
        assert not failing
    elif r.verdict == Verdict.NO:
        assert (r.counterexample.inputs["x"], r.counterexample.inputs["y"]) in failing
