"""The invariant engine: Horn clauses + Spacer + Houdini, certificates re-checked by two solvers."""

from __future__ import annotations

import textwrap
import time

import pytest
import z3

from verifier import ir
from verifier.cfa import build_cfa
from verifier.invariant_certificate import obligations, obligations_smt2, portable, to_smt2
from verifier.crosscheck.recheck import recheck
from verifier.crosscheck.refute import refute_yes
from verifier.encode import encode
from verifier.engines.invariants.chc import INTEGER_READING_NOTE, ChcOptions, run_chc
from verifier.engines.invariants.rendering import render, tidy
from verifier.engines.invariants.math_reading import agrees_on_samples, math_view
from verifier.engines.invariants.to_bitvectors import to_bv

c_frontend = pytest.importorskip("verifier.frontends.c")


def system(source: str, semantics: str = "bv", function: str = "main", path: str = "t.c"):
    program = c_frontend.parse_c(textwrap.dedent(source).lstrip("\n"), path, semantics)
    return encode(build_cfa(program, function))


def key_of(ts, kind: str):
    (key,) = [k for k in ts.checks if k[0] == kind]
    return key


def prove(ts, timeout: float = 8.0, **options):
    return run_chc(ts, set(ts.checks), time.monotonic() + timeout, include_unknown=True,
                   options=ChcOptions(**options) if options else None)


def assert_certified(outcome) -> None:
    """A yes whose obligations both z3 and cvc5 find unsatisfiable."""
    assert outcome.verdict == "yes", outcome.reason
    assert outcome.certificate_kind == "invariant"
    kinds = {text.splitlines()[0].split(":")[0] for text in outcome.proof_smt2}
    assert {"; initiation", "; consecution", "; safety"} <= kinds
    check = recheck(outcome.proof_smt2)
    assert set(check.checked_by) == {"z3", "cvc5"}, check


COUNT_UP = """
    int main(void) {
        int n = __VERIFIER_nondet_int();
        __VERIFIER_assume(n >= 0 && n <= 1000);
        int i = 0;
        while (i < n) {
            i++;
        }
        __VERIFIER_assert(i == n);
        return 0;
    }
"""


def test_counter_loop_is_proved_with_a_readable_invariant_both_solvers_accept():
    ts = system(COUNT_UP)
    answers = prove(ts)
    assert set(answers) == set(ts.checks)  # the assertion and the overflow of i++
    for outcome in answers.values():
        assert_certified(outcome)
        assert outcome.certificate_text == "line 5: i <= n"
        assert outcome.logic == "QF_BV"  # checked on the bit-vector encoding itself


def test_seed_article_g_is_proved_with_the_guard_as_invariant():
    # built by hand, as the frontends build it: if (y > 0) while (x > y) x = x - y;
    L = lambda line, col=5: ir.Loc("g.c", line, col)  # noqa: E731
    x, y, zero = ir.Var("x", ir.I32), ir.Var("y", ir.I32), ir.Const(0, ir.I32)
    loop = ir.While(ir.Binary("gt", x, y, ir.BOOL, L(3)),
                    [ir.Assign("x", ir.Binary("sub", x, y, ir.I32, L(4, 17)), L(4))], [], L(3))
    body = [ir.If(ir.Binary("gt", y, zero, ir.BOOL, L(2)), [loop], [], L(2)), ir.Return(x, L(6))]
    g = ir.Function("g", [ir.Param("x", ir.I32), ir.Param("y", ir.I32)], ir.I32, body, loc=L(1))
    ts = encode(build_cfa(ir.Program("g.c", "c", "bv", {"g": g}), "g"))
    answers = prove(ts)
    outcome = answers[key_of(ts, "overflow")]
    assert_certified(outcome)
    assert outcome.certificate_text == "line 3: y > 0"


def test_math_semantics_and_python_syntax():
    source = """
        int main() {
            int x = 0;
            int y = 0;
            while (unknown()) {
                x = x + 1;
                y = y + 2;
            }
            assert(y == 2 * x);
        }
    """
    ts = system(source, "math")
    (outcome,) = prove(ts).values()
    assert_certified(outcome)
    assert outcome.certificate_text == "line 4: 2*x == y"
    ts.language = "python"
    (outcome,) = prove(ts).values()
    assert outcome.certificate_text == "line 4: 2*x == y"
    f = tidy(z3.And(z3.Int("x") >= 0, z3.Int("x") <= z3.Int("n"), z3.Or(z3.Int("y") == 50, z3.Int("y") == z3.Int("x"))))
    assert render(f, {}, "python") == "x >= 0 and x <= n and (y == 50 or x == y)"
    assert render(f, {}, "c") == "x >= 0 && x <= n && (y == 50 || x == y)"


def test_nested_loops_get_an_invariant_per_loop():
    source = """
        int main(void) {
            int n = __VERIFIER_nondet_int();
            __VERIFIER_assume(n >= 0 && n <= 1000);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    __VERIFIER_assert(j < n);
                }
            }
            return 0;
        }
    """
    ts = system(source)
    answers = prove(ts)
    assert all(o.verdict == "yes" for o in answers.values()), answers
    outcome = answers[key_of(ts, "assert")]
    assert_certified(outcome)
    text = outcome.certificate_text
    assert "line 4:" in text and "line 5:" in text  # both loop heads


def test_two_phase_loop_gets_a_disjunctive_invariant_checked_on_bit_vectors():
    source = """
        int main(void) {
            int x = 0, y = 50;
            while (x < 100) {
                x = x + 1;
                if (x > 50) {
                    y = y + 1;
                }
            }
            __VERIFIER_assert(y == 100);
            return 0;
        }
    """
    ts = system(source)
    outcome = prove(ts)[key_of(ts, "assert")]
    assert_certified(outcome)
    assert "(y == 50 || x == y)" in outcome.certificate_text
    assert INTEGER_READING_NOTE not in outcome.certificate_text


def test_non_linear_invariant_is_checked_on_the_exact_integer_reading():
    source = """
        int main(void) {
            int n = __VERIFIER_nondet_int();
            __VERIFIER_assume(n >= 0 && n <= 1000);
            int i = 0, s = 0;
            while (i < n) {
                s = s + i;
                i = i + 1;
            }
            __VERIFIER_assert(2 * s == n * (n - 1));
            return 0;
        }
    """
    ts = system(source)
    outcome = prove(ts)[key_of(ts, "assert")]
    assert_certified(outcome)
    assert "i + 2*s == i*i" in outcome.certificate_text
    assert outcome.certificate_text.endswith(INTEGER_READING_NOTE)
    assert outcome.logic == "QF_NIA"


def test_a_wrong_invariant_is_refuted_by_both_solvers():
    ts = system(COUNT_UP)
    (head,) = ts.cfa.loops
    i, n = ts.current["i"], ts.current["n"]
    key = key_of(ts, "assert")
    # i < n is not inductive (and fails initially when n == 0)
    wrong = recheck(obligations_smt2(ts, {head: i < n}, {key}))
    assert set(wrong.refuted_by) == {"z3", "cvc5"} and wrong.checked_by == []
    # i >= 0 is inductive but too weak for the assertion: safety fails
    weak = obligations(ts, {head: i >= 0}, {key})
    assert [o.kind for o in weak] == ["initiation", "consecution", "safety"]
    check = recheck([to_smt2(o) for o in weak if o.kind == "safety"])
    assert set(check.refuted_by) == {"z3", "cvc5"}
    assert recheck(obligations_smt2(ts, {head: z3.And(i <= n, n <= 1000)}, {key})).checked_by == ["z3", "cvc5"]


def test_refuter_finds_a_real_failure_and_none_for_a_proved_check():
    unsafe = system("""
        int main() {
            int x = 0;
            while (unknown()) {
                x = x + 3;
            }
            assert(x != 9);
        }
    """, "math")
    found = refute_yes(unsafe.cfa, key_of(unsafe, "assert"), deadline_s=5.0)
    assert found is not None and found.nondet[:4] == [1, 1, 1, 0]  # three rounds, then stop
    safe = system(COUNT_UP)
    assert refute_yes(safe.cfa, key_of(safe, "assert"), max_examples=60, deadline_s=2.0) is None


def test_refuter_finds_the_seed_article_g2_overflow():
    ts = system("""
        int g2(int x, int y) {
            while (x > y) {
                x = x - y;
            }
            return x;
        }
    """, function="g2")
    found = refute_yes(ts.cfa, key_of(ts, "overflow"), deadline_s=5.0)
    assert found is not None and found.params["y"] < 0 and found.params["x"] > found.params["y"]


def test_program_beyond_the_engine_is_unknown_within_the_deadline():
    # needs an invariant of degree 8 (the sum of seventh powers): beyond linear Spacer
    # and the polynomial guesses (`polynomial_invariants.MAX_DEGREE` is 6)
    source = """
        int main() {
            int x = 0;
            int y = 0;
            while (unknown()) {
                x = x + 1;
                y = y + x * x * x * x * x * x * x;
            }
            assert(24 * y == 3 * x * x * x * x * x * x * x * x + 12 * x * x * x * x * x * x * x
                   + 14 * x * x * x * x * x * x - 7 * x * x * x * x + 2 * x * x);
        }
    """
    ts = system(source, "math")
    start = time.monotonic()
    answers = prove(ts, timeout=2.0)
    assert time.monotonic() - start < 2.5
    (outcome,) = answers.values()
    assert outcome.verdict == "unknown"
    assert outcome.reason.startswith("incomplete: no invariant found within 2s (loop at line 4)"), outcome.reason
    assert run_chc(ts, set(ts.checks), time.monotonic() + 1.0) == {}  # by default: simply absent


def test_integer_reading_behaves_like_the_bit_vector_program():
    source = """
        int main(void) {
            unsigned int u = __VERIFIER_nondet_uint();
            int x = __VERIFIER_nondet_int();
            signed char c = 0;
            while (u > 3u) {
                u = u - 3u;
                c = c + 1;
                if (__VERIFIER_nondet_int()) x = x * 2; else x = -x;
            }
            return x / 3 + (int)c;
        }
    """
    ts = system(source)
    mv = math_view(ts)
    assert mv is not None
    assert agrees_on_samples(ts, mv, runs=60, budget_s=5.0)
    # an invariant of the integer reading, carried to bit-vectors, wide enough not to wrap
    # (u is unsigned: never negative, however large; 2*x cannot wrap at the width chosen)
    f = to_bv(2 * z3.Int("x") - 3 * z3.Int("u") <= 2 * z3.Int("x"), ts)
    s = z3.Solver()
    s.add(z3.Not(f))
    assert s.check() == z3.unsat


def test_certificate_texts_avoid_z3_internal_operators():
    x = z3.BitVec("x", 32)
    internal = z3.simplify(z3.SRem(x, 7) == 1)
    assert "bvsrem_i" in internal.sexpr()
    assert "bvsrem_i" not in portable(internal).sexpr()
    s = z3.Solver()
    s.add(portable(internal) != (z3.SRem(x, 7) == 1))
    assert s.check() == z3.unsat


def test_helpers_can_be_switched_off():
    ts = system(COUNT_UP)
    answers = prove(ts, guess=False, math_abstraction=False, slicing=False, minimize=False,
                    quick_spacer=True)
    assert all(o.verdict in ("yes", "unknown") for o in answers.values())
    for o in answers.values():
        if o.verdict == "yes":
            assert recheck(o.proof_smt2, timeout_s=60).checked_by == ["z3", "cvc5"]


def test_bit_vector_invariant_is_printed_in_c_syntax() -> None:
    """Spacer's bit-vector lemmas (low bits, zero extensions) are shown as C, not SMT-LIB."""
    ts = system("""
        int main(void) {
            unsigned int x = 0;
            while (x < 0x0fffffff) {
                x += 2;
            }
            __VERIFIER_assert(!(x % 2));
            return 0;
        }
    """)
    outcome = prove(ts)[key_of(ts, "assert")]
    assert_certified(outcome)
    text = outcome.certificate_text
    assert "x % 2" in text, text
    for smtlib in ("extract", "concat", "bvs", "#b", "(_"):
        assert smtlib not in text, text
