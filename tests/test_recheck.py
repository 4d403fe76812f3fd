"""The second-solver re-check of proof obligations (z3 text read by z3 and cvc5)."""

from __future__ import annotations

import pytest
import z3

from verifier.crosscheck.recheck import recheck
from verifier.solver import logic_of

DIVISIONS = ["bvsdiv", "bvudiv", "bvsrem", "bvurem", "bvsmod"]
DECLS = "(declare-fun x () (_ BitVec 8))(declare-fun y () (_ BitVec 8))"


@pytest.mark.parametrize("op", DIVISIONS)
def test_z3_internal_division_equals_the_standard_one(op: str) -> None:
    """The renaming that lets cvc5 read z3's `bvsdiv_i` is exact, division by zero included."""
    solver = z3.Solver()
    solver.from_string(f"{DECLS}(assert (not (= ({op}_i x y) ({op} x y))))")
    assert solver.check() == z3.unsat


def test_obligation_with_internal_division_is_checked_by_both() -> None:
    x, y = z3.BitVecs("x y", 8)
    solver = z3.Solver()
    solver.add(z3.simplify(z3.And(y == 3, x == 7, x / y != 2)))
    text = solver.to_smt2()
    assert "bvsdiv_i" in text
    assert recheck([text]).checked_by == ["z3", "cvc5"]


def test_satisfiable_obligation_is_refuted_by_both() -> None:
    x, y = z3.BitVecs("x y", 8)
    solver = z3.Solver()
    solver.add(z3.simplify(z3.And(y == 3, x / y == 2)))
    check = recheck([solver.to_smt2()])
    assert check.checked_by == []
    assert check.refuted_by == ["z3", "cvc5"]


def test_unreadable_text_is_never_agreement() -> None:
    check = recheck(["(assert (frobnicate 1))(check-sat)"])
    assert check.checked_by == [] and check.refuted_by == []
    assert any(note.startswith("z3:") for note in check.notes)


@pytest.mark.parametrize("text, logic", [
    (DECLS + "(assert (bvult x y))", "QF_BV"),
    ("(declare-fun a () Int)(assert (> a 0))", "QF_LIA"),
    ("(declare-fun a () Int)(declare-fun b () Int)(assert (> (* a b) 0))", "QF_NIA"),
])
def test_logic_is_named_explicitly(text: str, logic: str) -> None:
    assert logic_of(text) == logic


@pytest.mark.parametrize("claim, unsat", [("(= (f x) (f x))", True), ("(= (f x) x)", False)])
def test_text_outside_the_narrow_logic_is_read_under_all(claim: str, unsat: bool) -> None:
    """`logic_of` names QF_BV for a bit-vector function, which cvc5 rejects under QF_BV: it reads the
    text again under ALL, and still both refutes a false claim and confirms a true one."""
    text = f"(declare-fun f ((_ BitVec 8)) (_ BitVec 8)){DECLS}(assert (not {claim}))(check-sat)"
    assert logic_of(text) == "QF_BV"
    check = recheck([text])
    assert (check.checked_by, check.refuted_by) == ((["z3", "cvc5"], []) if unsat else ([], ["z3", "cvc5"]))


def test_obligations_reusing_a_name_with_another_sort_are_read_apart() -> None:
    """z3's re-checks share one context (a fresh solver each): a name declared again with another sort
    is a new symbol, and each obligation gets its own answer."""
    texts = [("(declare-fun v () (_ BitVec 8))(assert (not (= (bvadd v v) (bvmul #x02 v))))", True),
             ("(declare-fun v () Int)(assert (and (> v 0) (< v 0)))", True),
             ("(declare-fun v () Int)(assert (> v 41))", False),
             ("(declare-fun v () (_ BitVec 8))(assert (= v #x2a))", False)]
    for text, unsat in texts:
        check = recheck([text + "(check-sat)"])
        assert ("z3" in check.checked_by, "z3" in check.refuted_by) == (unsat, not unsat), text


@pytest.mark.parametrize("body, by_cvc5", [("(assert (and (> x 0) (< x 0)))", "checked_by"),
                                           ("(assert (> x 0))", "refuted_by"), ("(assert (> x y))", "notes")])
def test_a_long_obligation_gets_the_same_cvc5_answer_from_its_child_process(body, by_cvc5):
    """Past `APART_CHARS` cvc5 runs in a forked child (it holds the GIL): unsat, sat and a rejected text
    come back as in this process."""
    from verifier.crosscheck.recheck import APART_CHARS

    text = "(declare-fun x () Int)\n" + body + "\n" + " " * APART_CHARS + "\n(check-sat)\n"
    result = recheck([text], timeout_s=5.0)
    if by_cvc5 == "notes":
        assert any(n.startswith("cvc5: RuntimeError") for n in result.notes), result
    else:
        assert "cvc5" in getattr(result, by_cvc5), result
