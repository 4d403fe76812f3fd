"""Pointers to structs: to struct variables, into arrays of structs, and heap
blocks of structs (``malloc(sizeof *p)``), with checks ``null``, ``bounds``,
``free``, ``use-after-free`` and ``leak`` on ``p->f``, each no confirmed by gcc
-fsanitize=address,undefined at the same line."""

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

HEAP = """\
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long n, unsigned long size);
extern void free(void *ptr);
struct node { int val; int tags[2]; };
"""


def results(tmp_path, body: str, check: str):
    return prove_source(tmp_path, HEAP + body.lstrip("\n"), check=check)


def test_a_struct_pointer_is_an_object_number_and_an_offset():
    f = parse_c(HEAP + "int f(void) { struct node n = {1}; struct node *p = &n; return p->val; }", "t.c").function("f")
    assert not f.unsupported, f.unsupported
    assert f.locals["p#obj"] == I64 and f.locals["p#off"] == I64


def test_a_heap_block_of_structs_is_one_array_per_field():
    f = parse_c(HEAP + "int f(int n) { struct node *p = calloc(n, sizeof(struct node)); if (!p) return 0; "
                "int v = p[0].tags[1]; free(p); return v; }", "t.c").function("f")
    assert not f.unsupported, f.unsupported
    fields = {k.split("[].")[1]: v for k, v in f.locals.items() if "[]." in k and isinstance(v, ArrayType)}
    assert fields == {"val": ArrayType(I32, None, I64), "tags": ArrayType(I32, None, I64)}


@pytest.mark.parametrize("src, words", [
    ("struct cell { int v; struct cell **next; }; int f(void) { struct cell c; return 0; }", "field 'next'"),
    ("int f(void) { struct node n = {1}; struct node *p = &n; int *q = &p->val; return *q; }", "address-of"),
])
def test_struct_pointer_constructs_outside_the_subset_are_named(src, words):
    f = parse_c(HEAP + src, "t.c").function("f")
    assert words in f.unsupported


@needs_gcc
def test_fields_of_a_checked_heap_struct_are_safe_until_it_is_freed(tmp_path):
    rs = results(tmp_path, """
int main(void) {
  struct node *p = malloc(sizeof *p);
  if (!p) return 0;
  p->val = 1;
  p->tags[1] = p->val + 1;
  free(p);
  return p->tags[1];
}""", check="null,use-after-free,free,leak")
    assert only(rs, "null", 8).verdict == Verdict.YES
    assert only(rs, "use-after-free", 8).verdict == Verdict.YES
    assert only(rs, "free", 10).verdict == Verdict.YES
    r = only(rs, "use-after-free", 11)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert "heap-use-after-free" in r.counterexample.replay


@needs_gcc
def test_an_unchecked_struct_allocation_is_a_confirmed_null_dereference(tmp_path):
    rs = results(tmp_path, """
int main(void) {
  struct node *p = malloc(sizeof(struct node));
  p->val = 1;
  free(p);
  return 0;
}""", check="null")
    r = only(rs, "null", 7)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed  # the harness's malloc failed as the witness said
    assert ("malloc fails", 6) in [(s.label, s.line) for s in r.counterexample.nondet_sources]
    assert "null at line 7" in r.counterexample.replay


@needs_gcc
def test_a_struct_block_freed_twice_and_one_never_freed_are_found(tmp_path):
    rs = results(tmp_path, """
int main(int flag) {
  struct node *p = calloc(2, sizeof(struct node));
  struct node *q = malloc(sizeof *q);
  if (!p || !q) return 0;
  p[1].val = q == p;
  free(p);
  if (flag) free(p);
  return 0;
}""", check="free,leak")
    r = only(rs, "free", 11)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and r.counterexample.inputs["flag"] != 0
    leak = only(rs, "leak", 7)
    assert leak.verdict == Verdict.NO and leak.counterexample.confirmed
    # p leaks only when q's allocation fails: the witness makes the harness's second allocation fail
    leak_p = only(rs, "leak", 6)
    assert leak_p.verdict == Verdict.NO and leak_p.counterexample.confirmed
    fails = [v for v, s in zip(leak_p.counterexample.nondet, leak_p.counterexample.nondet_sources)
             if s.label.endswith("fails")]
    assert fails == [0, 1]


@needs_gcc
def test_a_pointer_past_an_array_of_structs_fails_bounds_at_the_access(tmp_path):
    rs = results(tmp_path, """
int f(int i) {
  struct node a[3] = {{1}, {2}, {3}};
  __VERIFIER_assume(0 <= i && i <= 3);
  struct node *p = &a[i];
  return p->val;
}""", check="bounds")
    r = only(rs, "bounds", 9)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and r.counterexample.inputs["i"] == 3


# ------------------------------------------------------------------ soundness against gcc


@needs_gcc
@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(size=st.integers(1, 3), start=st.integers(0, 3), lo=st.integers(-1, 2), width=st.integers(0, 2),
       nullable=st.booleans(), heap=st.booleans(), write=st.booleans())
def test_struct_pointer_verdicts_agree_with_gcc_runs_on_every_input(tmp_path_factory, size, start, lo, width,
                                                                    nullable, heap, write):
    """A pointer into a small array of structs (local or on the heap), maybe
    NULL: yes only if no input makes the gcc-compiled program fail that check
    at the access, no only if one does."""
    start = min(start, size)
    hi = lo + width
    make = (f"struct node *a = calloc({size}, sizeof(struct node));\n  if (!a) return 0;" if heap
            else f"struct node a[{size}] = {{{{0}}}};\n  ")
    access = "p[i].tags[1] = 1;" if write else "return (p + i)->val;"
    source = (HEAP + f"int f(int i, int flag) {{\n  {make}\n"
              f"  struct node *p = a + {start};\n"
              f"  if ({'flag' if nullable else '0'}) p = 0;\n"
              f"  __VERIFIER_assume({lo} <= i && i <= {hi} && 0 <= flag && flag <= 1);\n"
              f"  {access}\n  return 0;\n}}\n")
    line = 11
    assert source.splitlines()[line - 1].strip() == access
    tmp = tmp_path_factory.mktemp("sptr")
    rs = prove_source(tmp, source, check="bounds,null")
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "f")
    runs = {(i, flag): runner.run({"i": i, "flag": flag}, []) for i in range(lo, hi + 1) for flag in (0, 1)}
    for check in ("bounds", "null"):
        failing = [inputs for inputs, seen in runs.items() if seen.matches(check, line)]
        here = [r for r in rs if r.check == check and r.location.line == line]
        assert here
        for r in here:
            if r.verdict == Verdict.NO:
                assert (r.counterexample.inputs["i"], r.counterexample.inputs["flag"]) in failing, (check, failing)
            elif r.verdict != Verdict.YES:
                pytest.fail(f"unknown on a loop-free program: {r.reason}")
        if all(r.verdict == Verdict.YES for r in here):
            assert not failing, (check, failing)


@needs_gcc
def test_whole_structs_are_copied_through_pointers_field_by_field(tmp_path):
    rs = results(tmp_path, """
int main(void) {
  struct node s = {1, {2, 3}};
  struct node arr[2];
  struct node *p = arr;
  *p = s;
  p[1] = *p;
  p[1].tags[1] = 9;
  struct node t = p[1];
  __VERIFIER_assert(t.val == 1 && t.tags[0] == 2 && t.tags[1] == 9 && arr[0].tags[1] == 3);
  __VERIFIER_assert(arr[1].tags[1] == 3);
  return sizeof *p + sizeof(p[0]);
}""", check="assert")
    assert only(rs, "assert", 13).verdict == Verdict.YES
    r = only(rs, "assert", 14)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
