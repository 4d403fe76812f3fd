"""Loop-free products decided on the exact integer reading (`engines.safety.exact_ints`)."""

from __future__ import annotations

import time

import z3

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers import c_main_system, only, prove_source
from verifier.engines.safety.exact_ints import EXACT_ENGINE, decide_exactly
from verifier.interpret import run_cfa
from verifier.result import Verdict

SHORT_SQUARE = """
extern short __VERIFIER_nondet_short(void);
int main() {
  short s = __VERIFIER_nondet_short();
  int t = s * s;
  assert(t >= 0);
  assert(t <= 32768 * 32768);
  return 0;
}
"""


def test_square_of_a_short_is_proved_with_rechecked_certificates(tmp_path):
    results = prove_source(tmp_path, SHORT_SQUARE)
    assert sorted(r.check for r in results) == ["assert", "assert", "overflow"]
    for r in results:
        assert r.verdict == Verdict.YES, r.reason
        assert r.engine == EXACT_ENGINE
        assert r.certificate is not None and "z3" in r.certificate.checked_by


def test_wrapped_product_is_refuted_by_a_replayed_run(tmp_path):
    source = """
    extern unsigned char __VERIFIER_nondet_uchar(void);
    int main() {
      unsigned char a = __VERIFIER_nondet_uchar();
      unsigned char b = __VERIFIER_nondet_uchar();
      unsigned char p = a * b;
      assert(p != 0 || a == 0 || b == 0);
      return 0;
    }
    """
    results = prove_source(tmp_path, source)
    assert only(results, "overflow").verdict == Verdict.YES
    r = only(results, "assert")
    assert r.verdict == Verdict.NO and r.engine == EXACT_ENGINE, r.reason
    assert r.counterexample is not None and r.counterexample.confirmed
    a, b = r.counterexample.nondet[:2]
    assert (a * b) % 256 == 0 and a != 0 and b != 0


def test_an_overflow_that_can_happen_keeps_every_answer_from_the_integers():
    # x * x overflows for large x: the readings part there, so nothing is decided on integers
    free = c_main_system("int main() { int x = __VERIFIER_nondet_int(); int y = x * x; assert(y >= 0); return 0; }")
    assert decide_exactly(free.cfa, set(free.checks), time.monotonic() + 10) == {}
    bounded = c_main_system("int main() { int x = __VERIFIER_nondet_int(); if (x > 40000 || x < -40000) return 0;"
                            " int y = x * x; assert(y >= 0); return 0; }")
    found = decide_exactly(bounded.cfa, set(bounded.checks), time.monotonic() + 10)
    assert {k[0]: o.verdict for k, o in found.items()} == {"overflow": Verdict.YES, "assert": Verdict.YES}


@settings(max_examples=6, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(op=st.sampled_from(["<", "<=", ">", ">=", "!="]), bound=st.integers(-20000, 20000), low=st.integers(-128, 127))
def test_integer_verdicts_match_every_input(op, bound, low):
    """Two signed chars, every pair tried: the assertion fails on some pair exactly when the answer is no,
    and the witness is such a pair."""
    source = f"""
    extern signed char __VERIFIER_nondet_char(void);
    int main() {{
      signed char a = __VERIFIER_nondet_char();
      signed char b = __VERIFIER_nondet_char();
      if (a < {low}) return 0;
      int p = a * b;
      assert(p {op} {bound});
      return 0;
    }}
    """
    ts = c_main_system(source)
    key = next(k for k in ts.checks if k[0] == "assert")
    outcome = decide_exactly(ts.cfa, {key}, time.monotonic() + 10)[key]

    holds = eval(f"lambda p: p {op} {bound}")
    failing = any(not holds(a * b) for a in range(low, 128) for b in range(-128, 128))
    assert outcome.verdict == (Verdict.NO if failing else Verdict.YES)
    if failing:  # the witness fails the assertion when interpreted
        w = outcome.witness
        run = run_cfa(ts.cfa, w.params, lambda site, step, _t: w.nondet[f"{site}@{step}"], max_edges=1000)
        assert run.failure is not None and run.failure[0] == "assert"


def test_loop_bounded_by_the_largest_value_runs_forever_in_a_replayed_recurrent_set():
    """``i <= n`` holds for every unsigned char i when n is 255: the orbit with inputs at their
    types' extremes (`recurrence._extreme_inputs`) gives a closed recurrent set, which its
    obligations (z3) and the interpreter's run confirm."""
    from verifier.crosscheck.nontermination import interpret_recurrence
    from verifier.engines.termination.ranked_loops import block_sccs
    from verifier.engines.termination.recurrence import RecurrenceSearch

    ts = c_main_system("""
    extern unsigned char __VERIFIER_nondet_uchar(void);
    int main(void) {
      unsigned char n = __VERIFIER_nondet_uchar();
      for (unsigned char i = 0; i <= n; i++) { }
      return 0;
    }
    """)
    (root,) = block_sccs(ts)
    rec = RecurrenceSearch(ts, root, time.monotonic() + 10, False).run()
    assert rec is not None
    assert all(z3.Solver().check(formula) == z3.unsat for _, formula in rec.obligations)
    stayed, detail, _run = interpret_recurrence(ts.cfa, rec)
    assert stayed, detail
    assert 255 in rec.stem_nondet.values()


XOR_AND_PRODUCTS = """
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
extern void __VERIFIER_assert(int);
int main(void) {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  __VERIFIER_assume(x > 0 && x < 100 && y > 0 && y < 100);
  int z = (x * y) ^ (x - y);
  int w = -x * y % 7;
  __VERIFIER_assert(w <= 0 && z != 12345);
  return 0;
}
"""


def _c_rem(a: int, b: int) -> int:
    """C's ``%``: the remainder of the quotient truncated toward zero."""
    return a - b * int(a / b)


def test_products_beside_a_xor_are_proved_on_integers_and_the_xor_on_bit_vectors(tmp_path):
    """The ``^`` has no exact integer reading: on `int-abstract-bits` it is any int, which still
    proves every overflow check (the products' too, hard for the bit-vectors); the assertion on
    the xor is left to bit-vector BMC, and its verdict is what every one of the 99 x 99 inputs gives."""
    results = prove_source(tmp_path, XOR_AND_PRODUCTS)
    overflows = [r for r in results if r.check == "overflow"]
    assert len(overflows) == 5 and all(r.verdict == Verdict.YES for r in overflows)
    products = [r for r in overflows if "mul" in r.message]
    assert len(products) == 2
    for product in products:
        assert product.engine == EXACT_ENGINE and {"z3", "cvc5"} <= set(product.certificate.checked_by)
    holds = all(_c_rem(-x * y, 7) <= 0 and (x * y) ^ (x - y) != 12345 for x in range(1, 100) for y in range(1, 100))
    r = only(results, "assert")
    assert r.verdict == (Verdict.YES if holds else Verdict.NO) and r.engine != EXACT_ENGINE, r.reason


@settings(max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(bitwise=st.sampled_from(["^", "|", "&"]), on_bits=st.booleans(), op=st.sampled_from(["<", ">=", "!="]),
       bound=st.integers(15000, 17000).map(lambda b: b * (-1) ** b), low=st.integers(-128, 127))
@example(bitwise="^", on_bits=True, op=">=", bound=-16000, low=-128)
@example(bitwise="|", on_bits=True, op="<", bound=16385, low=0)
def test_over_approximated_bitwise_results_give_only_true_yeses(bitwise, on_bits, op, bound, low):
    """Two signed chars and a bitwise result of them; the assertion on their product or on that
    result: a yes only if it holds on every pair, never a no; always a yes when it holds for the
    product, and for the result when it holds for any signed char in its place."""
    source = f"""
    extern signed char __VERIFIER_nondet_char(void);
    int main() {{
      signed char a = __VERIFIER_nondet_char();
      signed char b = __VERIFIER_nondet_char();
      if (a < {low}) return 0;
      signed char c = a {bitwise} b;
      int p = {"c" if on_bits else "a"} * b;
      assert(p {op} {bound});
      return 0;
    }}
    """
    ts = c_main_system(source)
    key = next(k for k in ts.checks if k[0] == "assert")
    outcome = decide_exactly(ts.cfa, {key}, time.monotonic() + 10).get(key)

    apply = {"^": lambda a, b: a ^ b, "|": lambda a, b: a | b, "&": lambda a, b: a & b}[bitwise]
    holds = eval(f"lambda p: p {op} {bound}")
    value = (lambda a, b: apply(a, b) * b) if on_bits else (lambda a, b: a * b)
    failing = any(not holds(value(a, b)) for a in range(low, 128) for b in range(-128, 128))
    assert outcome is None or outcome.verdict == Verdict.YES
    assert not (outcome is not None and failing)
    in_place = (lambda c, b: c * b) if on_bits else (lambda a, b: a * b)
    firsts = range(-128, 128) if on_bits else range(low, 128)
    failing_somewhere = any(not holds(in_place(c, b)) for c in firsts for b in range(-128, 128))
    if not on_bits or not failing_somewhere:
        assert (outcome is not None) == (not failing)
