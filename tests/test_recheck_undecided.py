"""A re-check does not ask a solver again what it had no answer to with at least as much time
(`recheck._answer`): the checks BMC proves at one depth share one bounded certificate, and cvc5's
seconds on it were spent once per check. Definite answers are remembered as before."""

from __future__ import annotations

from verifier.crosscheck import recheck

TEXT = "(declare-fun undecided_probe () Int)\n(assert (> undecided_probe undecided_probe))\n(check-sat)\n"


def _counting(answer):
    calls = []

    def check(text, timeout_s):
        calls.append(timeout_s)
        return answer

    return check, calls


def test_no_second_try_with_no_more_time_after_no_answer():
    check, calls = _counting(None)
    assert recheck._answer("probe-a", check, TEXT, 2.0) is None
    assert recheck._answer("probe-a", check, TEXT, 1.5) is None  # less time: not tried again
    assert recheck._answer("probe-a", check, TEXT, 2.0) is None
    assert calls == [2.0]
    assert recheck._answer("probe-a", check, TEXT, 3.0) is None  # more time: tried
    assert calls == [2.0, 3.0]


def test_another_strategy_is_tried_and_a_definite_answer_is_kept():
    check, calls = _counting(None)
    recheck._answer("probe-b", check, TEXT, 1.0)
    wide, wide_calls = _counting(True)
    assert recheck._answer("probe-b", wide, TEXT, 0.5, "ALL") is True  # another strategy: its own try
    assert wide_calls == [0.5]
    assert recheck._answer("probe-b", check, TEXT, 0.1) is True  # the solver's definite answer, remembered
    assert calls == [1.0]


def test_a_certificate_cvc5_could_not_decide_is_not_handed_to_it_again():
    slow, calls = _counting(None)
    real = recheck._cvc5_unsat
    try:
        recheck._cvc5_unsat = slow
        first = recheck.recheck([TEXT], timeout_s=4.0)
        again = recheck.recheck([TEXT], timeout_s=2.0)
    finally:
        recheck._cvc5_unsat = real
    assert first.checked_by == again.checked_by == ["z3"]  # z3 confirms; cvc5 gave no answer, refuted nothing
    assert len(calls) == 1
    assert any(n.startswith("cvc5: no answer") for n in again.notes)
