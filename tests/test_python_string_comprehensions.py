"""Comprehensions and generator expressions over a string (``sum(1 for c in s if c.isdigit())``;
they were outside the subset): the comprehension's variable is a string of one character.

The differential test runs every function of
`tests/programs/py_competition/string_comprehensions.py` under CPython and through the lowered
IR on Hypothesis-chosen strings and demands the same outcome.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends.python import load_python

from .python_runs import cpython_outcome, ir_outcome, loaded

PROGRAM = Path(__file__).parent / "programs" / "py_competition" / "string_comprehensions.py"
_CASES = sorted(load_python(PROGRAM).functions)


@pytest.mark.parametrize("name", _CASES)
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(s=st.text(alphabet="az09AZ é٣", max_size=6))
def test_string_comprehensions_behave_like_cpython(name, s):
    program, module, cfas = loaded(PROGRAM)
    assert not program.functions[name].unsupported, program.functions[name].unsupported
    assert ir_outcome(cfas[name], {"s": [ord(c) for c in s]}) == cpython_outcome(getattr(module, name), {"s": s})


def test_a_list_of_the_characters_stays_unsupported():
    from verifier.frontends.python import parse_python

    fn = parse_python("def f(s: str) -> int:\n    return len([c for c in s])\n", "t.py").functions["f"]
    assert fn.unsupported
