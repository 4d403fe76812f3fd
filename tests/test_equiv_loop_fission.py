"""`verify equiv` on a loop split in two (fission) and two loops fused, over C
ints that overflow: what a side's end says of the input (`ending_facts`), facts
fitted per case of the input and carried to every pair where a side is at the
same place (`observe`), and linear fits where quadratic ones are too many
(`polyfit`). Every yes agrees with real runs (gcc) of both functions."""

from __future__ import annotations

import shutil

import pytest

from verifier import equiv
from verifier.equivalence.polyfit import fit_equalities
from verifier.equivalence.real_runs import compare_outcomes, runner_for
from verifier.frontends.c import parse_c
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to run C")

SPLIT = """\
int one_loop(int n) {
    int s = 0, t = 0;
    for (int i = 0; i < n; i++) {
        s += 2;
        t += 3;
    }
    return s - t;
}
int two_loops(int n) {
    int s = 0, t = 0;
    for (int i = 0; i < n; i++)
        s += 2;
    for (int j = 0; j < n; j++)
        t += 3;
    return s - t;
}
int two_loops_one_short(int n) {
    int s = 0, t = 0;
    for (int i = 0; i < n; i++)
        s += 2;
    for (int j = 1; j < n; j++)
        t += 3;
    return s - t;
}
"""


@pytest.fixture
def split(tmp_path):
    path = tmp_path / "split.c"
    path.write_text(SPLIT)
    return str(path)


@needs_gcc
def test_a_loop_split_in_two_is_proved_equivalent_where_both_overflow_apart(split):
    """A overflows `t` inside its one loop, B only in its second loop, after the first has ended: the
    coupling invariant says what A's overflow, or A's return, tells of n."""
    (r,) = equiv(f"{split}:one_loop", f"{split}:two_loops", timeout=30)
    assert r.verdict == Verdict.YES, r.reason
    assert "A failed (overflow)" in r.certificate.text and "n0" in r.certificate.text
    assert "in!" not in r.certificate.text  # the inputs are shown by their names
    program = parse_c(SPLIT, "split.c")
    inputs = [[n] for n in (-3, 0, 1, 2, 7, 100)]
    outcomes = zip(runner_for(program, "one_loop").run(inputs), runner_for(program, "two_loops").run(inputs))
    assert {compare_outcomes(x, y) for x, y in outcomes} == {"same"}


@needs_gcc
def test_a_split_loop_one_step_short_is_a_replayed_difference(split):
    (r,) = equiv(f"{split}:one_loop", f"{split}:two_loops_one_short", timeout=30)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert r.counterexample.inputs["n"] >= 1


def test_linear_equalities_are_fitted_where_their_quadratic_multiples_are_too_many():
    """s == 2 * i and t == 3 * i: every product of them with a variable is a quadratic equality too, more
    than a guess may be; the linear ones are returned (they were lost)."""
    rows = [[i, 2 * i, 3 * i, n] for n in range(1, 8) for i in range(n + 1)]
    found = fit_equalities(rows)
    assert {(): 0} not in found and len(found) == 2
    for equality in found:
        assert all(len(m) <= 1 for m in equality)
        for row in rows:
            assert sum(c * (row[m[0]] if m else 1) for m, c in equality.items()) == 0
