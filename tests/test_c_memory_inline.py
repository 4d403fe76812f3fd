"""Calls passing pointer variables or returning pointers, inlined into the
caller (`verifier.frontends.c_inline`): the callee's checks are made on the
caller's objects, each no confirmed by gcc -fsanitize=address,undefined."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

LOOKUP = """\
struct entry { int key; int value; };
struct entry table[3] = {{1, 10}, {2, 20}, {3, 30}};
struct entry *find(int key) {
  for (int i = 0; i < 3; i++) {
    if (table[i].key == key) return &table[i];
  }
  return 0;
}
"""


def test_a_function_returning_a_pointer_is_inlined_and_not_verified_alone():
    prog = parse_c(LOOKUP + "int f(int k) { struct entry *e = find(k); return e ? e->value : -1; }", "t.c")
    assert "returns a pointer (it is inlined where it is called" in prog.function("find").unsupported
    f = prog.function("f")
    assert not f.unsupported, f.unsupported
    assert any(name.startswith("$ret@find") for name in f.locals)


@needs_gcc
def test_a_returned_null_pointer_dereferenced_is_a_confirmed_null_failure(tmp_path):
    rs = prove_source(tmp_path, LOOKUP + """int f(int k) {
  struct entry *e = find(k);
  int checked = e ? e->value : 0;
  return checked + e->value;
}""", check="null", function="f")
    assert only(rs, "null", 11).verdict == Verdict.YES
    r = only(rs, "null", 12)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and r.counterexample.inputs["k"] not in (1, 2, 3)


@needs_gcc
def test_a_pointer_variable_passed_to_a_function_is_read_and_written_by_it(tmp_path):
    rs = prove_source(tmp_path, """int sum(int *p, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += p[i];
  return s;
}
void set(int *p, int v) { *p = v; }
int f(int n) {
  int a[4] = {1, 2, 3, 4};
  int *q = a + 1;
  set(q + 2, 6);
  __VERIFIER_assume(0 <= n && n <= 4);
  int t = sum(q, n);
  __VERIFIER_assert(t != 11);
  return t;
}""", check="assert,bounds", function="f")
    r = only(rs, "bounds", 3)  # the callee's access, made on f's array
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and r.counterexample.inputs["n"] == 4
    a = only(rs, "assert", 13)
    assert a.verdict == Verdict.NO and a.counterexample.inputs["n"] == 3 and a.counterexample.confirmed


@needs_gcc
def test_a_struct_by_value_beside_a_pointer_is_copied_into_the_inlined_call(tmp_path):
    rs = prove_source(tmp_path, """struct pt { int x; int y; };
int dot(struct pt a, int *w) { a.x = a.x * w[0]; return a.x + a.y * w[1]; }
int main(void) {
  int w[3] = {1, 2, 3};
  struct pt p = {3, 4};
  int d = dot(p, w + 1);
  __VERIFIER_assert(d == 18 && p.x == 3);
  __VERIFIER_assert(d == 11);
  return 0;
}""", check="assert")
    assert only(rs, "assert", 7).verdict == Verdict.YES
    r = only(rs, "assert", 8)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed


# ------------------------------------------------------------------ soundness against gcc


@needs_gcc
@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(size=st.integers(1, 3), start=st.integers(0, 3), lo=st.integers(-1, 2), width=st.integers(0, 2),
       nullable=st.booleans())
def test_inlined_pointer_verdicts_agree_with_gcc_runs_on_every_input(tmp_path_factory, size, start, lo, width,
                                                                    nullable):
    """A pointer into a small array, maybe NULL, passed to a function that
    reads through it: yes only if no input makes the gcc-compiled program fail
    that check in the callee, no only if one does."""
    start = min(start, size)
    hi = lo + width
    source = (f"int get(int *p, int i) {{\n  return p[i];\n}}\n"
              f"int f(int i, int flag) {{\n  int a[{size}] = {{0}};\n  int *p = a + {start};\n"
              f"  if ({'flag' if nullable else '0'}) p = 0;\n"
              f"  __VERIFIER_assume({lo} <= i && i <= {hi} && 0 <= flag && flag <= 1);\n"
              f"  return get(p, i);\n}}\n")
    tmp = tmp_path_factory.mktemp("inl")
    rs = prove_source(tmp, source, check="bounds,null", function="f")
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "f")
    runs = {(i, flag): runner.run({"i": i, "flag": flag}, []) for i in range(lo, hi + 1) for flag in (0, 1)}
    for check in ("bounds", "null"):
        failing = [inputs for inputs, seen in runs.items() if seen.matches(check, 2)]
        r = only(rs, check, 2)
        if r.verdict == Verdict.YES:
            assert not failing, (check, failing)
        elif r.verdict == Verdict.NO:
            assert (r.counterexample.inputs["i"], r.counterexample.inputs["flag"]) in failing, (check, failing)
        else:
            pytest.fail(f"unknown on a loop-free program: {r.reason}")
