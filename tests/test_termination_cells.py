"""Termination of loops over array cells read and written at fixed indices
(``*a`` of a pointer parameter, cells of `malloc` and `alloca`, a local array's
``a[0]``): the cells are ranked as variables (`engines.termination.cells`), a yes
only when the real runs end, and arrays read at a varying index stay opaque."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from verifier.cfa import build_cfa
from verifier.engines.termination.cells import fold_constants, scalar_cells
from verifier.frontends.c import parse_c
from verifier.result import Verdict
from verifier import ir
from verifier.terminating import termination_result

WALK = """\
void walk(int *a, int *b) {
  while (*a < 10) { *a = *a + 1; *b = *b - 1; }
}
"""


def _c(text: str):
    return parse_c(textwrap.dedent(text), "t.c", "bv")


def test_loop_over_pointer_parameters_terminates_under_the_distinct_objects_convention():
    r = termination_result(_c(WALK), "walk", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert "a[0]" in r.certificate.text
    assert r.certificate.assumes.startswith("pointer parameters designate distinct objects")


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")
def test_the_pointer_walk_proved_terminating_ends_in_real_runs(tmp_path):
    src = tmp_path / "walk.c"
    src.write_text(WALK + textwrap.dedent("""
        int main(void) {
          for (int a0 = -5000; a0 <= 5000; a0 += 37) {
            int a = a0, b = -a0;
            walk(&a, &b);
            if (a != 10 && a0 < 10) return 1;
          }
          return 0;
        }"""))
    exe = tmp_path / "walk"
    subprocess.run(["gcc", "-O0", "-fsanitize=address,undefined", "-o", str(exe), str(src)], check=True)
    assert subprocess.run([str(exe)], timeout=20).returncode == 0


def test_malloc_cells_rank_through_the_pointers_object_choice():
    program = _c("""
        #include <stdlib.h>
        extern int __VERIFIER_nondet_int(void);
        int main(void) {
          int *x = malloc(sizeof(int));
          if (x == 0) return 0;
          *x = __VERIFIER_nondet_int();
          while (*x > 0) { *x = *x - 1; }
          free(x);
          return 0;
        }""")
    r = termination_result(program, "main", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert "loop at line 8: (*x)" in r.certificate.text


def test_alloca_cells_with_a_step_read_from_another_cell_terminate():
    program = _c("""
        extern int __VERIFIER_nondet_int(void);
        int main(void) {
          int *x = __builtin_alloca(sizeof(int));
          int *y = __builtin_alloca(sizeof(int));
          *x = __VERIFIER_nondet_int();
          *y = __VERIFIER_nondet_int();
          if (*y < 1) return 0;
          while (*x > 0) { *x = *x - *y; }
          return 0;
        }""")
    r = termination_result(program, "main", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert "loop at line 9: (*x)" in r.certificate.text


def test_a_cell_that_never_changes_is_never_a_yes():
    program = _c("""
        void stay(int *a, int *b) {
          while (*a < 10) { *b = *a; }
        }""")
    r = termination_result(program, "stay", 5.0)
    assert r.verdict != Verdict.YES


def test_an_array_read_at_a_varying_index_stays_opaque():
    program = _c("""
        void scan(int *a, int n) {
          for (int i = 0; i < n; i++) { a[i] = a[i] + 1; }
        }""")
    assert scalar_cells(build_cfa(program, "scan")) is None


def test_an_index_assigned_twice_is_not_fixed():
    program = _c("""
        extern int __VERIFIER_nondet_int(void);
        int main(void) {
          int a[2];
          int i = 0;
          a[0] = __VERIFIER_nondet_int();
          a[1] = 5;
          if (__VERIFIER_nondet_int()) i = 1;
          while (a[i] > 0) { a[0] = a[0] - 1; }
          return 0;
        }""")
    assert scalar_cells(build_cfa(program, "main")) is None
    r = termination_result(program, "main", 3.0)
    assert r.verdict != Verdict.YES  # with i == 1 the loop runs forever


def test_constant_folding_keeps_what_it_cannot_decide():
    b, i32 = ir.BoolType(), ir.IntType(32, True)
    x = ir.Var("x", i32)
    one, two = ir.Const(1, i32), ir.Const(2, i32)
    assert fold_constants(ir.Binary("lt", one, two, b)) == ir.Const(1, b)
    assert fold_constants(ir.Binary("lor", ir.Binary("eq", one, two, b), ir.Binary("gt", x, one, b), b)) \
        == ir.Binary("gt", x, one, b)
    assert fold_constants(ir.Ite(ir.Binary("ne", one, two, b), x, two, i32)) == x
    assert fold_constants(ir.Binary("add", one, two, i32)) == ir.Binary("add", one, two, i32)


def test_locals_passed_by_address_to_an_inlined_callee_rank_as_cells():
    program = _c("""
        extern int __VERIFIER_nondet_int(void);
        """ + WALK + """
        int main(void) {
          int x = __VERIFIER_nondet_int(), y = __VERIFIER_nondet_int();
          walk(&x, &y);
          return 0;
        }""")
    r = termination_result(program, "main", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert "a[0]" in r.certificate.text


def test_python_list_cells_at_fixed_indices_terminate():
    from verifier.frontends.python import parse_python

    program = parse_python(textwrap.dedent("""
        def f(a: list[int]) -> None:
            if len(a) < 2:
                return
            while a[0] < a[1]:
                a[0] = a[0] + 1
        """), "t.py")
    r = termination_result(program, "f", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.startswith("loop at line 5: a[1] - a[0]")
