"""``int(a / b)``, C's ``a / b`` in Python translations of C tasks (it was outside the subset).

The lowering is the IR's truncating ``div`` after a ZeroDivisionError check, exact for every
dividend |a| < 2**53 (CPython rounds the float quotient first); beyond that a ``bound`` check
makes the analysis incomplete, never wrong. The differential test runs the functions of
`tests/programs/py_competition/int_of_quotient.py` under CPython and through the lowered IR on
Hypothesis-chosen ints up to that limit (the rounding's worst cases included).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends.python import load_python
from verifier.result import Verdict

from .helpers import prove_source
from .python_runs import cpython_outcome, ir_outcome, loaded

PROGRAM = Path(__file__).parent / "programs" / "py_competition" / "int_of_quotient.py"
_CASES = sorted(load_python(PROGRAM).functions)
LIMIT = 2**53 // 3  # `scaled` multiplies the dividend by 3

values = st.one_of(st.integers(-9, 9), st.integers(-LIMIT + 1, LIMIT - 1),
                   st.sampled_from([LIMIT - 1, -LIMIT + 1, 2**26, 2**26 + 1, 3**30, -(3**30)]))


@pytest.mark.parametrize("name", _CASES)
@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(a=values, b=values)
def test_int_of_a_quotient_behaves_like_cpython(name, a, b):
    program, module, cfas = loaded(PROGRAM)
    assert not program.functions[name].unsupported, program.functions[name].unsupported
    func = getattr(module, name)
    assert ir_outcome(cfas[name], {"a": a, "b": b}) == cpython_outcome(func, {"a": a, "b": b})


def test_a_huge_dividend_is_never_proved(tmp_path):
    """Past 2**53 CPython's float quotient is rounded (int((2**53 + 1) / 1) is 2**53): the model
    stops at its bound check instead of claiming a truncated quotient."""
    source = "def main(a: int) -> int:\n    q = int(a / 2)\n    assert q == a // 2 or a < 0\n    return q\n"
    results = prove_source(tmp_path, source, ".py")
    [claim] = [r for r in results if r.check == "assert"]
    assert claim.verdict == Verdict.UNKNOWN and "2**53" in claim.reason
    assert int((2**53 + 1) / 1) == 2**53  # the rounding the model does not read


def test_truncation_against_floor_division_is_a_replayed_no(tmp_path):
    source = ("from verifier import assume\n\n\ndef main(a: int) -> int:\n    assume(-100 <= a <= 100)\n"
              "    assert int(a / 2) == a // 2\n    return 0\n")
    results = prove_source(tmp_path, source, ".py")
    [claim] = [r for r in results if r.check == "assert"]
    assert claim.verdict == Verdict.NO and claim.counterexample.confirmed
    a = claim.counterexample.inputs["a"]
    assert a < 0 and a % 2 == 1
