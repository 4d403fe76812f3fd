"""Arrays of structs and global structs: one IR array per field (``s[].f``),
one global per field (``g.f``), struct-array parameters rebuilt by the replay
harness, and every verdict checked against gcc -fsanitize=address,undefined."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.ir import I32, I64, ArrayType
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

TYPES = "struct rec { int key; int val[2]; };\n"


def lowered(src: str, name: str = "f"):
    f = parse_c(TYPES + src, "t.c").function(name)
    assert not f.unsupported, f.unsupported
    return f


def results(tmp_path, body: str, check: str = "assert,bounds", function: str | None = None):
    return prove_source(tmp_path, TYPES + body.lstrip("\n"), check=check, function=function)


# ------------------------------------------------------------------ lowering


def test_an_array_of_structs_is_one_array_per_field():
    f = lowered("int f(void) { struct rec s[3]; return 0; }")
    assert f.locals["s[].key"] == ArrayType(I32, 3, I64)
    assert f.locals["s[].val"] == ArrayType(I32, 6, I64)  # 3 elements of int[2], row-major


def test_a_global_struct_is_one_global_per_field_with_its_initialiser():
    f = lowered("struct rec g = {4, {5, 6}};\nint f(void) { return g.key + g.val[1]; }")
    assert f.locals["g.key"] == I32 and f.locals["g.val"] == ArrayType(I32, 2, I64)


def test_a_subscripted_struct_pointer_parameter_is_an_array_of_structs():
    f = lowered("int f(struct rec *p, int n) { return p[n - 1].key; }")
    assert [p.name for p in f.params] == ["p[].key", "p[].key#len", "p[].val", "p[].val#len", "n"]


def test_an_unsubscripted_struct_pointer_parameter_stays_one_object():
    f = lowered("int f(struct rec *p) { return p->key; }")
    assert [p.name for p in f.params] == ["p->key", "p->val"]


@pytest.mark.parametrize("src, words", [
    ("int f(void) { struct rec *ps[2]; return 0; }", "array of pointers to structs"),
    ("int g(int *p, int n) { if (n <= 0) return 0; return p[0] + g(p + 1, n - 1); } "
     "int f(void) { int a[2] = {1, 2}; return g(a + 0, 2); }", "recursive call of 'g' passing or returning pointers"),
    ("int f(void) { struct rec m[2][2] = {{{1}}}; return 0; }", "multi-dimensional array of structs"),
    ("int f(void) { struct rec s[2] = {1, 2}; return 0; }", "without braces around each element"),
    ("int f(struct rec *p) { return p[0].val[0]; }", "array field and no length parameter"),
])
def test_struct_array_constructs_outside_the_subset_are_named(src, words):
    f = parse_c(TYPES + src, "t.c").function("f")
    assert words in f.unsupported


# ------------------------------------------------------------------ verdicts


@needs_gcc
def test_an_initialised_local_array_of_structs_holds_its_values(tmp_path):
    rs = results(tmp_path, """
int f(int i) {
  struct rec s[3] = {{1, {2, 3}}, {4, {5, 6}}};
  __VERIFIER_assume(0 <= i && i < 3);
  __VERIFIER_assert(s[i].val[1] != 6);
  __VERIFIER_assert(s[2].key + s[2].val[0] == 0);
  return s[i].key;
}""")
    wrong, right = only(rs, "assert", 5), only(rs, "assert", 6)
    assert wrong.verdict == Verdict.NO and wrong.counterexample.inputs["i"] == 1 and wrong.counterexample.confirmed
    assert right.verdict == Verdict.YES


@needs_gcc
def test_an_element_index_out_of_range_is_a_confirmed_bounds_failure(tmp_path):
    rs = results(tmp_path, """
int f(int i) {
  struct rec s[3] = {{0}};
  struct rec t = {7, {8, 9}};
  s[i] = t;
  return s[0].key;
}""", check="bounds")
    r = only(rs, "bounds", 5)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert not 0 <= r.counterexample.inputs["i"] < 3


@needs_gcc
def test_global_structs_are_read_through_address_and_arrow(tmp_path):
    rs = results(tmp_path, """
struct rec origin = {1, {2, 3}};
struct rec table[2] = {{4, {5, 6}}, {7, {8, 9}}};
int key_of(struct rec *r) { return r->key; }
int f(int i) {
  __VERIFIER_assume(0 <= i && i < 2);
  int a = (&origin)->val[1] + key_of(&origin) + table[i].val[0];
  __VERIFIER_assert(a != 12);
  __VERIFIER_assert(a == 9 || a == 12);
  return a;
}""", function="f")
    assert only(rs, "assert", 9).verdict == Verdict.YES
    r = only(rs, "assert", 8)
    assert r.verdict == Verdict.NO and r.counterexample.inputs["i"] == 1 and r.counterexample.confirmed


@needs_gcc
def test_a_struct_array_parameter_is_rebuilt_for_the_replay(tmp_path):
    rs = results(tmp_path, """
int find(struct rec *items, int n, int key) {
  for (int i = 0; i <= n; i++) {
    if (items[i].key == key)
      return items[i].val[1];
  }
  return -1;
}""", check="bounds", function="find")
    r = only(rs, "bounds", 4)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert "heap-buffer-overflow" in r.counterexample.replay  # past the end of the array the harness built
    assert r.counterexample.inputs["n"] == len(r.counterexample.inputs["items[].key"])


@needs_gcc
def test_writes_through_a_struct_array_parameter_reach_the_caller(tmp_path):
    rs = results(tmp_path, """
void bump(struct rec a[], int n) {
  for (int i = 0; i < n; i++) a[i].key = a[i].key + 1;
}
int main(void) {
  struct rec t[3] = {{1}, {4}, {7}};
  bump(t, 3);
  __VERIFIER_assert(t[2].key == 8);
  __VERIFIER_assert(t[0].key == 1);
  return 0;
}""")
    assert only(rs, "assert", 8).verdict == Verdict.YES
    r = only(rs, "assert", 9)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed


# ------------------------------------------------------------------ soundness against gcc


@needs_gcc
@settings(max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(size=st.integers(1, 3), keys=st.lists(st.integers(-3, 3), min_size=3, max_size=3),
       lo=st.integers(-1, 2), width=st.integers(0, 2), target=st.integers(-3, 3), copy=st.booleans())
def test_struct_array_verdicts_agree_with_gcc_runs_on_every_input(tmp_path_factory, size, keys, lo, width, target,
                                                                  copy):
    """A global and a local array of structs indexed by inputs: yes only if no
    input makes the gcc-compiled program fail that check at that line, no only
    if one does (with the counterexample's input among them)."""
    hi = lo + width
    table = ", ".join(f"{{{k}, {{{k + 1}, {-k}}}}}" for k in keys)
    move = "s[i] = table[j];" if copy else "s[i].key = table[j].val[0];"
    source = (TYPES + f"struct rec table[3] = {{{table}}};\n"
              f"int f(int i, int j) {{\n  struct rec s[{size}] = {{{{0}}}};\n"
              f"  __VERIFIER_assume({lo} <= i && i <= {hi} && 0 <= j && j <= 2);\n"
              f"  {move}\n"
              f"  __VERIFIER_assert(s[0].key != {target});\n  return 0;\n}}\n")
    tmp = tmp_path_factory.mktemp("sarr")
    rs = prove_source(tmp, source, check="assert,bounds")
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "f")
    runs = {(i, j): runner.run({"i": i, "j": j}, []) for i in range(lo, hi + 1) for j in range(3)}
    for check, line in (("bounds", 6), ("assert", 7)):
        failing = [inputs for inputs, seen in runs.items() if seen.matches(check, line)]
        here = [r for r in rs if r.check == check and r.location.line == line]  # one per access of the line
        assert here
        for r in here:
            if r.verdict == Verdict.NO:
                assert (r.counterexample.inputs["i"], r.counterexample.inputs["j"]) in failing
            elif r.verdict != Verdict.YES:
                pytest.fail(f"unknown on a loop-free program: {r.reason}")
        if all(r.verdict == Verdict.YES for r in here):
            assert not failing, (check, failing)
