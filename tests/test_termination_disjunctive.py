"""Disjunctive well-foundedness: a transition invariant (Spacer) inside the
union of the loop paths' ranking relations, for loops whose ranking function
changes from step to step; re-checked by z3 and cvc5, and never a yes for a
loop CPython runs forever."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.result import Verdict
from verifier.terminating import termination_result

FLAG_LOOP = """
    int main(void) {
        int x = __VERIFIER_nondet_int();
        int up = __VERIFIER_nondet_int();
        while (x > 0) {
            if (up != 0) {
                x = x + 1;
                if (x > 50) up = 0;
            } else {
                x = x - 1;
            }
        }
        return 0;
    }"""


def test_a_loop_that_climbs_then_descends_terminates_with_a_transition_invariant():
    r = termination_result(parse_c(textwrap.dedent(FLAG_LOOP), "t.c", "math"), "main", 10)
    assert r.verdict == Verdict.YES, r.reason
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}
    assert r.certificate.text.startswith("loop at line 5: "), r.certificate.text


def test_a_loop_whose_flag_is_never_reset_is_never_yes():
    r = termination_result(parse_c(textwrap.dedent(FLAG_LOOP.replace("up = 0;", "up = up;")), "t.c", "math"),
                           "main", 3)
    assert r.verdict != Verdict.YES


FAMILY = """
def f(x: int, up: int) -> int:
    while x > 0:
        {guard}
        if up != 0:
            x = x + {climb}
            if x > {top}:
                up = 0
        else:
            x = x - {fall}
    return x
"""


@settings(max_examples=3, deadline=None)
@given(st.integers(1, 2), st.integers(1, 2), st.integers(-3, 60))
def test_a_yes_means_cpython_runs_end(climb, fall, top):
    source = FAMILY.format(guard="pass", climb=climb, fall=fall, top=top)
    r = termination_result(parse_python(source, "f.py"), "f", 3)
    if r.verdict != Verdict.YES:
        return
    counted = FAMILY.format(guard="steps[0] += 1\n        assert steps[0] < 10_000", climb=climb, fall=fall, top=top)
    namespace: dict = {"steps": [0]}
    exec(counted, namespace)
    for x in range(-2, 80, 7):
        for up in (-1, 0, 2):
            namespace["steps"][0] = 0
            namespace["f"](x, up)  # an AssertionError here is a wrong yes
