"""C pointers inside one function (points-to lowering) and heap blocks:
checks ``null``, ``bounds``, ``free``, ``use-after-free`` and ``leak``, each
no confirmed by gcc -fsanitize=address,undefined at the same line, and what
stays unsupported."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.crosscheck.replay_c import CReplayer, replay_c
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

MEMORY = "bounds,null,free,use-after-free,leak"


def results(tmp_path, source: str, check: str = MEMORY):
    return prove_source(tmp_path, source, check=check)


def verdict(rs, check: str, line: int) -> Verdict:
    return only(rs, check, line).verdict


# ------------------------------------------------------------------ lowering


def test_a_pointer_is_an_object_number_and_an_offset():
    f = parse_c("int f(int x) { int y = 0; int *p = &y; *p = x; return y; }", "t.c").function("f")
    assert not f.unsupported
    assert f.locals["p#obj"] == ir.I64 and f.locals["p#off"] == ir.I64
    writes = [s for s in f.body if isinstance(s, ir.If)]
    assert writes and isinstance(writes[-1].then[0], ir.Assign) and writes[-1].then[0].target == "y"


@pytest.mark.parametrize("body, words", [
    ("int **pp = 0; return 0;", "pointer variable 'pp'"),
    ("int a[2] = {0}; long *p = (long *)a; return 0;", "between pointer types"),
    ("int *p = &x; return p;", "pointer 'p' used as a value"),
    ("int *p = calloc(x, 3); return 0;", "calloc size 'x'"),
])
def test_pointer_constructs_outside_the_subset_are_named(body, words):
    prog = parse_c(f"int f2(int *q) {{ return 0; }}\nint f(int x) {{ {body} }}\nint g(int x) {{ return x; }}", "t.c")
    assert words in prog.function("f").unsupported
    assert not prog.function("g").unsupported


# ------------------------------------------------------------------ verdicts


@needs_gcc
def test_a_null_dereference_behind_a_condition_is_refuted_and_the_guarded_one_proved(tmp_path):
    rs = results(tmp_path, """\
    int track(int v, int use_cache) {
        int cache = 0;
        int *best = 0;
        if (use_cache)
            best = &cache;
        if (v > 100)
            *best = v;
        if (best != 0)
            *best = 1;
        return cache;
    }
    """)
    r = only(rs, "null", 7)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert r.counterexample.inputs["use_cache"] == 0 and r.counterexample.inputs["v"] > 100
    assert "null" in r.counterexample.replay
    assert verdict(rs, "null", 9) == Verdict.YES


@needs_gcc
def test_pointer_arithmetic_past_an_array_is_a_bounds_no(tmp_path):
    rs = results(tmp_path, """\
    int last(int k) {
        int a[4] = {1, 2, 3, 4};
        int *p = a + 1;
        if (k >= 0 && k <= 3)
            return p[k];
        return *p;
    }
    """)
    r = only(rs, "bounds", 5)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and r.counterexample.inputs["k"] == 3
    assert verdict(rs, "bounds", 6) == Verdict.YES


@needs_gcc
def test_a_string_literal_is_a_char_array_with_its_zero(tmp_path):
    rs = results(tmp_path, """\
    int at(int i) {
        char *s = "abc";
        if (i >= 0 && i <= 4)
            return s[i];
        return 0;
    }
    """)
    r = only(rs, "bounds", 4)
    assert r.verdict == Verdict.NO and r.counterexample.inputs["i"] == 4


@needs_gcc
def test_double_free_and_leak_are_refuted_and_the_clean_path_proved(tmp_path):
    rs = results(tmp_path, """\
    #include <stdlib.h>
    int f(int n) {
        int *p = malloc(4 * sizeof(int));
        p[3] = n;
        if (n == 3)
            return 1;
        free(p);
        if (n > 5)
            free(p);
        return 0;
    }
    """)
    leak, double = only(rs, "leak", 3), only(rs, "free", 9)
    assert leak.verdict == Verdict.NO and leak.counterexample.inputs["n"] == 3
    assert "LeakSanitizer" in leak.counterexample.replay
    assert double.verdict == Verdict.NO and double.counterexample.inputs["n"] > 5
    assert verdict(rs, "free", 7) == Verdict.YES and verdict(rs, "bounds", 4) == Verdict.YES


@needs_gcc
def test_use_after_free_is_refuted(tmp_path):
    rs = results(tmp_path, """\
    #include <stdlib.h>
    int f(int n) {
        int *p = (int *)malloc(sizeof(int) * 2);
        p[0] = n;
        free(p);
        if (n == 9)
            return p[0];
        return 0;
    }
    """)
    r = only(rs, "use-after-free", 7)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed


def test_freeing_a_stack_address_is_a_free_no(tmp_path):
    rs = results(tmp_path, """\
    #include <stdlib.h>
    int f(int n) {
        int x = n;
        int *p = &x;
        if (n > 0)
            free(p);
        return x;
    }
    """, check="free")
    r = only(rs, "free", 6)
    assert r.verdict == Verdict.NO and r.counterexample.inputs["n"] > 0


@needs_gcc
def test_an_asan_fault_far_outside_an_object_is_a_bounds_failure_at_its_line(tmp_path):
    path = tmp_path / "wild.c"
    path.write_text("int f(int i) {\n    int a[2] = {0};\n    int *p = a;\n    return p[i];\n}\n")
    prog = parse_c(path.read_text(), str(path))
    assert replay_c(prog, "f", {"i": -(1 << 30)}, [], "bounds", 4).confirmed


# ------------------------------------------------------ agreement with gcc


@needs_gcc
@settings(max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(size=st.integers(1, 4), start=st.integers(0, 4), lo=st.integers(-2, 3), width=st.integers(0, 3),
       nullable=st.booleans(), write=st.booleans())
def test_pointer_verdicts_agree_with_gcc_runs_on_every_input(tmp_path_factory, size, start, lo, width, nullable,
                                                            write):
    """A pointer into a small array, maybe NULL: yes only if no input makes the
    gcc-compiled program fail that check at the access, no only if one does."""
    start = min(start, size)
    hi = lo + width
    access = "p[i] = 1;" if write else "return p[i];"
    source = (f"int f(int i, int flag) {{\n    int a[{size}] = {{0}};\n    int *p = a + {start};\n"
              f"    if ({'flag' if nullable else '0'}) p = 0;\n"
              f"    __VERIFIER_assume({lo} <= i && i <= {hi} && 0 <= flag && flag <= 1);\n"
              f"    {access}\n    return 0;\n}}\n")
    tmp = tmp_path_factory.mktemp("ptr")
    rs = prove_source(tmp, source, check="bounds,null")
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "f")
    runs = {(i, flag): runner.run({"i": i, "flag": flag}, []) for i in range(lo, hi + 1) for flag in (0, 1)}
    for check in ("bounds", "null"):
        failing = [inputs for inputs, seen in runs.items() if seen.matches(check, 6)]
        r = only(rs, check, 6)
        if r.verdict == Verdict.YES:
            assert not failing, (check, failing)
        elif r.verdict == Verdict.NO:
            assert failing and (r.counterexample.inputs["i"], r.counterexample.inputs["flag"]) in failing
        else:
            pytest.fail(f"unknown on a loop-free program: {r.reason}")


ALLOCATE = """
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 10) return 0;
  int *p = malloc(n * sizeof(int));
  TEST
  p[0] = 1;
  free(p);
  return 0;
}
"""


@needs_gcc
def test_an_allocation_may_fail_so_an_unchecked_dereference_is_a_replayed_no(tmp_path):
    unchecked = results(tmp_path, ALLOCATE.replace("TEST", ""), "null")
    checked = results(tmp_path, ALLOCATE.replace("TEST", "if (!p) return 0;"), "null")
    (r,) = [r for r in unchecked if r.check == "null" and r.location.line == 9]
    assert r.verdict == Verdict.NO and r.counterexample.confirmed  # the harness's malloc returned NULL
    fed = {s.label: v for v, s in zip(r.counterexample.nondet, r.counterexample.nondet_sources) if s.line}
    assert 1 <= fed["n = __VERIFIER_nondet_int()"] <= 10 and fed["malloc fails"] == 1
    assert verdict(checked, "null", 9) == Verdict.YES
