"""cvc5 through its C API (`crosscheck.cvc5_capi`): the answers of cvc5's Python binding on the same
text, cvc5's rejections as RuntimeError (never the end of the process), and no binding imported."""

from __future__ import annotations

import subprocess
import sys

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.crosscheck import cvc5_capi, cvc5_native

LIBRARY = cvc5_capi.load()
pytestmark = pytest.mark.skipif(LIBRARY is None, reason="this cvc5 has no C API that reports errors")

#: what `cvc5_native.cvc5_unsat` sets for a quantifier-free obligation
OPTIONS = [("incremental", "false"), ("fresh-binders", "true"), ("tlimit-per", "5000")]


def both(text: str, logic: str, options=OPTIONS) -> tuple[object, object]:
    """The C API's and the binding's answers (or the RuntimeError's message) on `text`."""
    answers = []
    for ask in (LIBRARY.unsat, cvc5_native._binding_unsat):
        try:
            answers.append(ask(text, options, logic))
        except RuntimeError as error:
            answers.append(("rejected", str(error)))
    return answers[0], answers[1]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["bvadd", "bvmul", "bvand", "bvor", "bvsub"]),
                          st.integers(0, 255), st.sampled_from(["=", "bvult", "bvslt", "distinct"]),
                          st.integers(0, 255)), min_size=1, max_size=3))
def test_the_c_api_answers_as_the_binding_and_z3(constraints):
    """Random 8-bit obligations (z3's own text): cvc5 through the C API, its binding and z3 agree."""
    x, y = z3.BitVecs("x y", 8)
    solver = z3.Solver()
    make = {"bvadd": lambda a, b: a + b, "bvmul": lambda a, b: a * b, "bvand": lambda a, b: a & b,
            "bvor": lambda a, b: a | b, "bvsub": lambda a, b: a - b}
    compare = {"=": lambda a, b: a == b, "bvult": z3.ULT, "bvslt": lambda a, b: a < b, "distinct": lambda a, b: a != b}
    for operator, constant, relation, bound in constraints:
        solver.add(compare[relation](make[operator](x, z3.BitVecVal(constant, 8)) ^ y, z3.BitVecVal(bound, 8)))
    expected = solver.check() == z3.unsat
    text = cvc5_native.portable(solver.to_smt2()).replace("(check-sat)", "")
    assert both(text, "QF_BV") == (expected, expected)


def test_a_rejected_text_raises_cvc5s_message_as_the_binding_does():
    for text, logic in [("(declare-fun x () (_ BitVec 4))(assert (= x 1))", "QF_BV"),
                        ("(declare-fun x () Int)(assert (> x y))", "ALL"),
                        ("(declare-fun x () Real)(assert (> x 1.5))", "QF_LIA"),
                        ("(assert (bvult x", "ALL")]:
        by_c, by_binding = both(text, logic)
        assert by_c == by_binding and by_c[0] == "rejected", text


def test_an_api_error_is_a_runtime_error_and_the_process_goes_on():
    with pytest.raises(RuntimeError, match="no-such-option"):
        LIBRARY.unsat("(declare-fun x () Int)", [("no-such-option", "1")], "ALL")
    assert LIBRARY.unsat("(declare-fun x () Int)(assert (< x x))", OPTIONS, "QF_LIA") is True


def test_out_of_time_is_no_answer():
    text = ("(declare-fun x () (_ BitVec 64))(declare-fun y () (_ BitVec 64))"
            "(assert (= (bvmul x y) #x1000000000000001))(assert (bvugt x #x0000000000000001))"
            "(assert (bvugt y #x0000000000000001))(assert (bvult x #x00000000ffffffff))"
            "(assert (bvult y #x00000000ffffffff))")
    assert cvc5_native.cvc5_unsat(text, 0.2, "QF_BV") is None


#: answers an obligation of each kind with `cvc5_unsat` and says whether the binding was imported
ASK = """
import json, sys
from verifier.crosscheck.cvc5_native import cvc5_unsat
yes = cvc5_unsat("(declare-fun x () (_ BitVec 8))(assert (bvult x x))(check-sat)", 5, "QF_BV")
no = cvc5_unsat("(declare-fun x () (_ BitVec 8))(assert (bvult x #x03))(check-sat)", 5, "QF_BV")
print(json.dumps([yes, no, "cvc5" in sys.modules]))
"""


def test_cvc5_unsat_answers_without_importing_the_binding():
    """The binding's import (its enums: some 20 ms of a cold prove's helper) is not paid."""
    p = subprocess.run([sys.executable, "-c", ASK], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "[true, false, false]", p.stderr


#: 300 checks of one obligation through the C API; prints the growth of the peak memory (KB) over them
REPEATED = """
import resource
from verifier.crosscheck.cvc5_native import cvc5_unsat
text = "(declare-fun x () (_ BitVec 32))(declare-fun y () (_ BitVec 32))(assert (not (= (bvadd x y) (bvadd y x))))"
for _ in range(30):
    cvc5_unsat(text, 5, "QF_BV")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for _ in range(300):
    assert cvc5_unsat(text, 5, "QF_BV") is True
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_each_check_frees_what_it_made():
    """The parser's commands are released: unreleased, each check kept some 600 KB (a long run's re-checks add up)."""
    p = subprocess.run([sys.executable, "-c", REPEATED], capture_output=True, text=True, timeout=60)
    assert int(p.stdout) < 20_000, p.stderr
