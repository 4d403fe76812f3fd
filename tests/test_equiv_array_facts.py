"""`verify equiv` on loops that fill or copy arrays: coupling facts about the
element at the compared index (`verifier.equivalence.array_facts`) prove loop
fusion and fission, and every yes agrees with real runs (gcc) of both
functions on Hypothesis-generated arrays."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import z3
from verifier import equiv
from verifier.equivalence.array_facts import element_candidates, stored_values
from verifier.equivalence.real_runs import compare_outcomes, runner_for
from verifier.frontends.c import parse_c
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to run C")

FILLS = """\
void two_loops(int *a, int *b, int n) {
    for (int i = 0; i < n; i++)
        a[i] = 0;
    for (int i = 0; i < n; i++)
        b[i] = 1;
}
void fused(int *a, int *b, int n) {
    for (int i = 0; i < n; i++) {
        a[i] = 0;
        b[i] = 1;
    }
}
void fused_skips_first(int *a, int *b, int n) {
    for (int i = 0; i < n; i++) {
        a[i] = 0;
        if (i > 0)
            b[i] = 1;
    }
}
void copy_then_clear(int *a, int *b, int n) {
    for (int i = 0; i < n; i++)
        b[i] = a[i];
    for (int i = 0; i < n; i++)
        a[i] = 0;
}
void copy_and_clear(int *a, int *b, int n) {
    for (int i = 0; i < n; i++) {
        b[i] = a[i];
        a[i] = 0;
    }
}
"""


@pytest.fixture
def fills(tmp_path):
    path = tmp_path / "fills.c"
    path.write_text(FILLS)
    return str(path)


def _agree_for_real(source: str, f: str, g: str, arrays: list[tuple[list[int], list[int]]]) -> set[str]:
    """compare_outcomes of f and g run by gcc on each (a, b) (n: the shorter length), arguments shown."""
    program = parse_c(source, "fills.c")
    runs = [[a, len(a), b, len(b), min(len(a), len(b))] for a, b in arrays]
    shown = ("arg0", "arg1")
    outcomes = zip(runner_for(program, f, shown=shown).run(runs), runner_for(program, g, shown=shown).run(runs))
    return {compare_outcomes(x, y) for x, y in outcomes}


@needs_gcc
def test_two_fill_loops_fused_into_one_are_proved_equivalent(fills):
    (r,) = equiv(f"{fills}:two_loops", f"{fills}:fused", timeout=20)
    assert r.verdict == Verdict.YES, r.reason
    assert "k@0" in r.certificate.text and "k@1" in r.certificate.text  # facts about the elements compared
    assert {"z3", "cvc5"} <= set(r.certificate.checked_by)
    assert _agree_for_real(FILLS, "two_loops", "fused", [([5, -1, 3], [2, 2, 2]), ([], []), ([7], [0])]) == {"same"}


@needs_gcc
def test_a_copy_and_a_clear_fused_into_one_loop_are_proved_equivalent(fills):
    (r,) = equiv(f"{fills}:copy_then_clear", f"{fills}:copy_and_clear", timeout=20)
    assert r.verdict == Verdict.YES, r.reason


@needs_gcc
def test_a_fused_loop_that_skips_an_element_is_a_replayed_difference(fills):
    (r,) = equiv(f"{fills}:two_loops", f"{fills}:fused_skips_first", timeout=20)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    inputs = r.counterexample.inputs
    assert inputs["n"] >= 1 and inputs["b"][0] != 1


@needs_gcc
@settings(max_examples=2, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(first=st.sampled_from(["0", "1", "a[i]"]), second=st.sampled_from(["0", "1", "2"]),
       guard=st.sampled_from(["", "if (i > 0) ", "if (i + 1 < n) "]),
       arrays=st.lists(st.tuples(st.lists(st.integers(-3, 3), max_size=3), st.lists(st.integers(-3, 3), max_size=3)),
                       min_size=4, max_size=4))
def test_fusion_verdicts_agree_with_real_runs(tmp_path_factory, first, second, guard, arrays):
    """A yes holds on every pair of arrays run for real (gcc, both functions, both arguments compared);
    a no's counterexample makes the real runs differ."""
    source = ("void f(int *a, int *b, int n) {\n"
              f"  for (int i = 0; i < n; i++) b[i] = {first};\n"
              f"  for (int i = 0; i < n; i++) a[i] = {second};\n}}\n"
              "void g(int *a, int *b, int n) {\n"
              f"  for (int i = 0; i < n; i++) {{ {guard}b[i] = {first}; a[i] = {second}; }}\n}}\n")
    path = tmp_path_factory.mktemp("fusion") / "fg.c"
    path.write_text(source)
    (r,) = equiv(f"{path}:f", f"{path}:g", timeout=20)
    if r.verdict == Verdict.YES:
        assert guard == ""
        assert "differ" not in _agree_for_real(source, "f", "g", arrays + [([1, 2, 3], [4, 5, 6])])
    elif r.verdict == Verdict.NO:
        assert r.counterexample.confirmed
        cex = r.counterexample.inputs
        assert _agree_for_real(source, "f", "g", [(cex["a"][:cex["n"]], cex["b"][:cex["n"]])]) == {"differ"}


def test_element_facts_relate_the_compared_element_to_the_other_side_and_the_input():
    """Candidates over (A's array, B's array, the input array, a counter, the compared index): the done part
    equal on both sides, the rest still the input's, a value stored at the counter read at the index."""
    arr = z3.ArraySort(z3.IntSort(), z3.IntSort())
    a1, a2, a0 = z3.Const("a1", arr), z3.Const("a2", arr), z3.Const("a0", arr)
    i1, w = z3.Int("i1"), z3.Int("w")
    args = [a1, a2, i1, a0, w]
    found = element_candidates([arr, arr, z3.IntSort(), arr, z3.IntSort()], [4], [([0, 1], [3])],
                               lambda x: [2], lambda i: True, lambda x: [lambda a, k: 2 * k + 1])
    texts = {" ".join(str(f(args)).split()) for f in found}
    assert "a1[w] == a2[w]" in texts and "a1[w] == a0[w]" in texts
    assert "Implies(And(0 <= w, w < i1), a1[w] == a2[w])" in texts
    assert "Implies(Not(And(0 <= w, w < i1)), a1[w] == a0[w])" in texts
    assert "Implies(And(0 <= w, w < i1), a1[w] == 2*w + 1)" in texts


def test_stored_values_are_read_where_the_index_is_a_variable():
    a, i, x = z3.Array("a", z3.IntSort(), z3.IntSort()), z3.Int("i"), z3.Int("x")
    terms = [z3.Store(z3.Store(a, i, 2 * i), i + 1, x), z3.If(x > 0, z3.Store(a, i, x), a)]
    found = stored_values(terms, lambda t: "i" if t.eq(i) else None)
    assert sorted((n, str(v)) for n, v in found) == [("i", "2*i"), ("i", "x")]


@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(value=st.sampled_from(["3 * i + 1", "i + i + i + 1", "xs[i] + i"]),
       stop=st.sampled_from(["len(xs)", "len(xs) - 1"]),
       lists=st.lists(st.lists(st.integers(-5, 5), max_size=4), min_size=4, max_size=4))
def test_python_list_fill_verdicts_agree_with_real_calls(tmp_path_factory, value, stop, lists):
    """A yes holds on every list tried (both functions called, the list they leave compared); a no's
    counterexample makes the calls differ."""
    source = ("def f(xs: list[int]) -> None:\n"
              "    for i in range(len(xs)):\n"
              "        xs[i] = 3 * i + 1\n\n\n"
              "def g(xs: list[int]) -> None:\n"
              "    i = 0\n"
              f"    while i < {stop}:\n"
              f"        xs[i] = {value}\n"
              "        i += 1\n")
    path = tmp_path_factory.mktemp("fills") / "fg.py"
    path.write_text(source)
    (r,) = equiv(f"{path}:f", f"{path}:g", timeout=20)
    namespace: dict = {}
    exec(compile(source, str(path), "exec"), namespace)

    def left_by(xs: list[int]) -> tuple[list[int], list[int]]:
        a, b = list(xs), list(xs)
        namespace["f"](a)
        namespace["g"](b)
        return a, b

    if r.verdict == Verdict.YES:
        assert all(a == b for a, b in map(left_by, lists + [[0, 0, 0], [7]]))
    elif r.verdict == Verdict.NO:
        assert r.counterexample.confirmed
        a, b = left_by(list(r.counterexample.inputs["xs"]))
        assert a != b
