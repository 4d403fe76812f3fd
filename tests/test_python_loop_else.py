"""Loops with an else clause (``while ...: ... else: ...``, ``for ...: ... else: ...``).

The lowering sets a flag before the loop that the loop's own ``break`` clears, and runs the
else clause after the loop while it is set. The differential test runs every function of
`tests/programs/py_competition/loop_else.py` under CPython and through the lowered IR on
Hypothesis-chosen ints and demands the same outcome; a replayed no pins the verdict.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends.python import load_python
from verifier.result import Verdict

from .helpers import prove_source
from .python_runs import agrees_with_cpython

PROGRAM = Path(__file__).parent / "programs" / "py_competition" / "loop_else.py"
_CASES = sorted(load_python(PROGRAM).functions)


@pytest.mark.parametrize("name", _CASES)
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_loop_else_behaves_like_cpython(name, data):
    agrees_with_cpython(PROGRAM, name, data, -2, 6)


SEARCH = """
def main(n: int, t: int) -> int:
    r = 0
    for i in range(n):
        if i == t:
            r = 1
            break
    else:
        r = 2
    assert {claim}
    return r
"""


def test_a_wrong_for_else_claim_is_a_replayed_no(tmp_path):
    """The else clause ran (r == 2) for a t that is no index of range(n): a negative t."""
    results = prove_source(tmp_path, SEARCH.format(claim="r == 1 or t >= n"), ".py", name="y")
    [bad] = [r for r in results if r.check == "assert"]
    assert bad.verdict == Verdict.NO and bad.counterexample.confirmed
    assert bad.counterexample.inputs["t"] < 0
