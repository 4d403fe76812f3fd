"""`verify prove` on C: each check kind with a yes and a no; counterexamples replay."""

from __future__ import annotations

import time

from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, assert_unknown, only, prove_source

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)


def test_signed_increment_overflows_at_int_max(tmp_path):
    r = assert_refuted(tmp_path, "int f(int x) { return x + 1; }", "overflow")
    assert r.counterexample.inputs == {"x": INT_MAX}
    assert r.location.line == 1 and r.location.column == 25  # the operator


def test_guarded_increment_cannot_overflow(tmp_path):
    r = assert_proved(tmp_path, "int f(int x) { if (x < 100) return x + 1; return 0; }", "overflow")
    assert r.certificate.checked_by == ["z3", "cvc5"]


def test_unsigned_wraparound_is_not_an_error(tmp_path):
    results = prove_source(tmp_path, "unsigned f(unsigned x) { return x + 1u; }", check="overflow")
    assert all(r.verdict == Verdict.YES for r in results)


def test_unsigned_commutativity_assertion_proved(tmp_path):
    assert_proved(tmp_path, """
        #include <assert.h>
        void f(unsigned x, unsigned y) { assert(x + y == y + x); }
        """, "assert")


def test_failing_assertion_gives_replayed_values(tmp_path):
    r = assert_refuted(tmp_path, """
        #include <assert.h>
        void f(int x) {
            int y = x * 2;
            assert(y != 10);
        }
        """, "assert")
    assert r.counterexample.inputs == {"x": 5}
    assert r.location.line == 4
    assert r.counterexample.replay.startswith(("gcc", "tcc"))  # tcc's build while gcc's is not ready (replay_tcc)


def test_division_by_zero_behind_a_condition(tmp_path):
    r = assert_refuted(tmp_path, """
        int f(int a, int b) {
            if (a > 10) return a / b;
            return 0;
        }
        """, "div")
    assert r.counterexample.inputs["b"] == 0 and r.counterexample.inputs["a"] > 10


def test_division_by_checked_divisor_is_safe(tmp_path):
    assert_proved(tmp_path, "int f(int a, int b) { if (b == 0) return 0; return a % b + 1 - 1; }", "div")


def test_int_min_divided_by_minus_one_overflows(tmp_path):
    r = assert_refuted(tmp_path, "int f(int a, int b) { if (b == 0) return 0; return a / b; }", "overflow")
    assert r.counterexample.inputs == {"a": INT_MIN, "b": -1}


def test_shift_by_too_large_amount(tmp_path):
    r = assert_refuted(tmp_path, "unsigned f(unsigned x, int n) { return x << n; }", "shift")
    n = r.counterexample.inputs["n"]
    assert n < 0 or n >= 32


def test_shift_within_range_is_safe(tmp_path):
    assert_proved(tmp_path, "unsigned f(unsigned x, int n) { if (n < 0 || n > 31) return 0; return x << n; }", "shift")


def test_loop_keeps_facts_about_unassigned_variables(tmp_path):
    # the seed article's g: y > 0 holds in every iteration because the loop never assigns y
    assert_proved(tmp_path, """
        int g(int x, int y) {
            if (y > 0) { while (x > y) { x = x - y; } }
            return x;
        }
        """, "overflow")


def test_unguarded_loop_overflows(tmp_path):
    r = assert_refuted(tmp_path, "int g2(int x, int y) { while (x > y) { x = x - y; } return x; }", "overflow")
    x, y = r.counterexample.inputs["x"], r.counterexample.inputs["y"]
    assert x > y and y < 0  # subtracting a negative y grows x on every iteration
    while x > y and INT_MIN <= x - y <= INT_MAX:
        x -= y
    assert x > y  # the loop was still running when x - y left the int range


def test_nondet_values_are_reported_in_call_order(tmp_path):
    r = assert_refuted(tmp_path, """
        extern int __VERIFIER_nondet_int(void);
        void reach_error(void) {}
        int main(void) {
            int a = __VERIFIER_nondet_int();
            int b = __VERIFIER_nondet_int();
            if (a == 3 && b == a + 4) reach_error();
            return 0;
        }
        """, "assert")
    assert r.counterexample.nondet == [3, 7]


def test_calls_are_inlined(tmp_path):
    r = assert_refuted(tmp_path, """
        int twice(int v) { return v + v; }
        int main(void) {
            int a = __VERIFIER_nondet_int();
            __VERIFIER_assume(a > 0 && a < 100);
            __VERIFIER_assert(twice(a) != 84);
            return 0;
        }
        """, "assert")
    assert r.counterexample.nondet == [42]


def test_math_semantics_has_no_overflow(tmp_path):
    results = prove_source(tmp_path, "int f(int x) { return x + 1; }", check="overflow", semantics="math")
    assert results == []
    r = only(prove_source(tmp_path, """
        void f(int x) { if (x > 0) __VERIFIER_assert(x + 1 > x); }
        """, check="assert", semantics="math"), "assert")
    assert r.verdict == Verdict.YES


def test_unbounded_recursion_summaries_cannot_read_is_unknown(tmp_path):
    """A loop in the recursive function: no summary (tests/test_summaries.py), and inlining stops."""
    assert_unknown(tmp_path, """
        int down(int n) { int k = 0; while (k < 1) k++; if (n <= 0) return 0; return down(n - 1); }
        void f(int n) { __VERIFIER_assert(down(n) == 0); }
        """, "assert", "recursion", function="f")


def test_loop_that_defeats_every_engine_is_unknown_naming_the_loop(tmp_path):
    """The Collatz step: no engine can bound 3n+1 within the time, and none guesses."""
    start = time.monotonic()
    r = assert_unknown(tmp_path, """
        int main(void) {
            int n = __VERIFIER_nondet_int();
            __VERIFIER_assume(n > 0 && n < 1000);
            int steps = 0;
            while (n != 1) {
                if (n % 2 == 0) n = n / 2; else n = 3 * n + 1;
                steps++;
            }
            __VERIFIER_assert(steps <= 200);
            return 0;
        }
        """, "assert", "timeout: no invariant found within 2s (loop at line 5)", timeout=2.0)
    assert r.location.line == 9
    assert time.monotonic() - start < 2.0 * 1.5  # --timeout is honoured (the solver process is killed)


def test_unsupported_construct_only_affects_its_function(tmp_path):
    results = prove_source(tmp_path, """
        int bad(int **p) { return **p; }
        int good(int x) { if (x < 10) return x + 1; return 0; }
        """, check="overflow")
    bad = [r for r in results if r.target.endswith(":bad")]
    good = [r for r in results if r.target.endswith(":good")]
    assert bad and all(r.verdict == Verdict.UNKNOWN and r.reason.startswith("unsupported:") for r in bad)
    assert good and all(r.verdict == Verdict.YES for r in good)


def test_unreachable_check_is_vacuous(tmp_path):
    r = assert_proved(tmp_path, "void f(int x) { if (x > 5 && x < 3) __VERIFIER_assert(0); }", "assert")
    assert r.vacuous


def test_builtin_expect_is_its_first_argument(tmp_path):
    # glibc's headers and preprocessed files branch on __builtin_expect(e, hint)
    results = prove_source(tmp_path, """
        int f(int a) {
          if (__builtin_expect(a > 5, 0)) return 0;
          assert(a <= 5);
          if (__builtin_expect(a, 1)) return 0;
          assert(a == 1);
          return 0;
        }
        """, check="assert")
    assert only(results, line=3).verdict == Verdict.YES
    r = only(results, line=5)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and r.counterexample.inputs == {"a": 0}
