"""The differential fuzzer's construct kinds (bench/fuzz/constructs*.py, equiv_pairs.py): C linked
lists (heap and stack), C arrays and pointers, Python lists/strings/dicts, Python sorted/sort with
key=, dict comprehensions, mains drawing randint/input values, and recursion-versus-loop pairs for
`verify equiv`, and IAM policy pairs; verify's verdicts checked against every case run for real (gcc
-fsanitize=address,undefined, CPython, the policy evaluator).
Also the text oracle itself: it sees what it must (a use-after-free, a null dereference, an
empty randint range, a value no real randint draws)."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz import oracle_text
from bench.fuzz.compare import run_construct_case, run_equiv_case
from bench.fuzz.constructs import C_LIST_HEADER, Construct, generate_construct
from bench.fuzz.policies import run_policy_case

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
TIMEOUT = 2.0
FEW = settings(max_examples=1, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.nested_given])


def assert_no_wrong_verdict(seed: int, language: str, kind: str) -> None:
    case = run_construct_case(seed, language, kind, TIMEOUT)
    assert case.truth.feasible() and case.results
    assert not case.wrong, "\n".join(case.wrong) + "\n" + case.text


@needs_gcc
@pytest.mark.parametrize("kind", ["lists", "stacklists"])
@FEW
@given(seed=st.integers(0, 2**32))
def test_c_list_verdicts_agree_with_every_run(kind: str, seed: int):
    assert_no_wrong_verdict(seed, "c", kind)


@needs_gcc
@pytest.mark.parametrize("language", ["c", "py"])
@FEW
@given(seed=st.integers(0, 2**32))
def test_recursion_against_loop_equiv_verdicts_agree_with_every_n(language: str, seed: int):
    case = run_equiv_case(seed, language, TIMEOUT)
    assert case.results and case.truth.runs
    assert not case.wrong, "\n".join(case.wrong) + "\n" + case.text


@pytest.mark.parametrize("kind", ["sorting", "dicts", "nondet"])
@FEW
@given(seed=st.integers(0, 2**32))
def test_python_construct_verdicts_agree_with_every_call(kind: str, seed: int):
    assert_no_wrong_verdict(seed, "py", kind)


@needs_gcc
@pytest.mark.parametrize("language, kind", [("c", "memory"), ("c", "memcalls"), ("c", "arrays"), ("c", "integers"),
                                            ("c", "control"), ("c", "loops"), ("py", "sequences"), ("py", "pyops"),
                                            ("py", "loops"), ("py", "pycalls")])
@FEW
@given(seed=st.integers(0, 2**32))
def test_array_and_sequence_programs_end_in_a_named_way_on_every_case(language: str, kind: str, seed: int):
    """Arrays, pointers and heap buffers in C (SV-COMP-style loops over arrays with typed
    nondet inputs too), lists, strings and dicts in Python: every case
    returns, fails a named check or is infeasible (no generator slip, no sanitizer report the
    oracle cannot name), so the fuzzer can judge verify on all of them."""
    truth = oracle_text.run(generate_construct(seed, language, kind))
    assert truth.feasible() and truth.complete(), [r for r in truth.runs if r.ending == "undetermined"][:3]


@FEW
@given(seed=st.integers(0, 2**32))
def test_policy_yes_answers_hold_on_every_request_of_the_universe(seed: int):
    """IAM no-new-access and equiv (kind "policies"): no yes that the concrete evaluator
    contradicts on a request of the finite universe (which lies inside the engine's scope)."""
    case = run_policy_case(seed, TIMEOUT)
    assert [r.check for r in case.results] == ["policy-no-new-access", "policy-equiv"] and case.truth.runs
    assert not case.wrong, "\n".join(case.wrong) + "\n" + case.text


def c_construct(body: list[str], cases: list[tuple[int, ...]]) -> Construct:
    text = "\n".join(C_LIST_HEADER + ["int main(void) {", *body, "  return 0;", "}"]) + "\n"
    return Construct("lists", "c", text, "main", "null,free,use-after-free", cases)


@needs_gcc
def test_the_c_oracle_names_use_after_free_null_and_double_free_at_their_lines():
    h = len(C_LIST_HEADER) + 1  # line of main's first statement, minus one
    construct = c_construct([
        "  int k = __VERIFIER_nondet_int();",
        "  struct node *p = malloc(sizeof(struct node));",
        "  if (p == 0) {", "    return 0;", "  }",
        "  p->next = 0;",
        "  free(p);",
        "  if (k == 1) {", "    p->data = 1;", "  }",
        "  if (k == 2) {", "    free(p);", "  }",
        "  if (k == 3) {", "    p = 0;", "    p->data = 2;", "  }"], [(0,), (1,), (2,), (3,)])
    runs = oracle_text.run(construct).runs
    assert [(r.ending, r.check, r.line) for r in runs] == [
        ("ok", None, None), ("failed", "use-after-free", h + 9), ("failed", "free", h + 12),
        ("failed", "null", h + 16)]


@needs_gcc
def test_the_c_oracle_sees_overflows_gcc_folds_away():
    """Even at -O0 gcc computes `(short) (y * c)` in the narrow type, and `(-3 * h) * y` as
    `-3 * (h * y)`: UBSan would see no overflow in either."""
    h = len(C_LIST_HEADER) + 1
    construct = c_construct(["  int y = __VERIFIER_nondet_int();", "  int c = 3000;", "  int m = 1073741824;",
                             "  int t = (short) (y * c) + (signed char) (y - c);", "  t = (-3 * m) * y;"],
                            [(0,), (2147483,)])
    construct = Construct("memory", "c", construct.text, "main", "overflow", construct.cases)
    runs = oracle_text.run(construct).runs
    assert [(r.ending, r.check, r.line) for r in runs] == [("failed", "overflow", h + 5),
                                                           ("failed", "overflow", h + 4)]

@needs_gcc
def test_the_c_oracle_names_int_min_by_minus_one_and_overflows_gcc_narrows_away():
    """UBSan calls `INT_MIN / -1` "division of ... cannot be represented"; gcc folds
    `(_Bool) (x + c)` to a test of its operands, and computes `sc *= big` (signed char sc) in
    8 bits, even at -O0: the int overflow of each would go unseen."""
    h = len(C_LIST_HEADER) + 1
    construct = c_construct(["  int x = __VERIFIER_nondet_int();", "  int lo = -2147483647 - 1;",
                             "  int b = (_Bool) (x + 2147483647);", "  int r = lo / x;", "  signed char sc = x;",
                             "  int big = 2147483647;", "  sc *= big;"], [(-1,), (0,), (1,), (-2,)])
    runs = oracle_text.run(Construct("integers", "c", construct.text, "main", "overflow", construct.cases)).runs
    assert [(r.ending, r.check, r.line) for r in runs] == [("failed", "overflow", h + 4),
                                                           ("failed", "div-by-zero", h + 4),
                                                           ("failed", "overflow", h + 3),
                                                           ("failed", "overflow", h + 7)]


def test_the_python_oracle_feeds_draws_in_order_and_keeps_randint_in_range():
    text = ("import random\n\n\ndef main() -> int:\n    x = int(input())\n    y = random.randint(x, 1)\n"
            "    assert x + y != 2\n    return 0\n")
    runs = oracle_text.run(Construct("nondet", "py", text, "main", "assert", [(0, 2), (1, 1), (2, 0), (0, 1)])).runs
    assert [(r.ending, r.check, r.line) for r in runs] == [
        ("infeasible", None, None), ("failed", "assert", 7), ("failed", "value", 6), ("ok", None, None)]
