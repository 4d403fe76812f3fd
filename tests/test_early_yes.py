"""A yes is re-checked as soon as an engine finds it, while the other checks are still open."""

from __future__ import annotations

import dataclasses
import time

import verifier.crosscheck.recheck as recheck_module
import verifier.proving as prove_module
from verifier.deadline import Deadline
from verifier.early_yes import REPLACEMENT_RECHECK_S, EarlyYes
from verifier.engines.outcome import CheckOutcome
from verifier.result import Verdict

from .helpers import only, prove_source

#: A loop with one easy assertion (line 9: 1-inductive) and one no engine decides in seconds
#: (line 10: true, as Collatz runs from below 100000 peak under 1.6e9, but no invariant shows it).
EASY_AND_UNDECIDED = """
    int main(void) {
        int x = __VERIFIER_nondet_int();
        __VERIFIER_assume(x > 0 && x < 100000);
        int steps = 0;
        while (x != 1 && steps < 1000) {
            if (x % 2 == 0) { x = x / 2; } else { x = 3 * x + 1; }
            steps++;
        }
        __VERIFIER_assert(steps <= 1000);
        __VERIFIER_assert(x < 2000000000);
        return 0;
    }
    """

SAT = "(declare-fun x () Int)\n(assert (> x 0))\n(check-sat)\n"


def _timed_analyse(real, ends: list[float]):
    """The real portfolio, recording when it returned."""
    def analyse(*args, **kwargs):
        answer = real(*args, **kwargs)
        ends.append(time.monotonic())
        return answer
    return analyse


def _timed_recheck(real, starts: list[float]):
    """The real re-check, recording when each began."""
    def recheck(*args, **kwargs):
        starts.append(time.monotonic())
        return real(*args, **kwargs)
    return recheck


def test_early_yes_keeps_its_certificate_while_another_check_times_out(tmp_path, monkeypatch):
    ends: list[float] = []
    starts: list[float] = []
    monkeypatch.setattr(prove_module, "analyse", _timed_analyse(prove_module.analyse, ends))
    monkeypatch.setattr(recheck_module, "recheck", _timed_recheck(recheck_module.recheck, starts))
    results = prove_source(tmp_path, EASY_AND_UNDECIDED, check="assert", timeout=4.0)
    easy, hard = only(results, "assert", 9), only(results, "assert", 10)
    assert hard.verdict == Verdict.UNKNOWN and hard.reason.startswith("timeout: no invariant found"), hard.reason
    assert easy.verdict == Verdict.YES, easy.reason
    assert easy.certificate is not None and "z3" in easy.certificate.checked_by
    assert easy.certificate.kind in ("invariant", "k-induction") and easy.certificate.text
    assert starts and starts[0] < ends[0], "the certificate was re-checked only once the lanes stopped"


def _lying_streamed_analyse(real):
    """The real portfolio, except that every `no` is streamed (and kept) as a yes whose
    certificate is satisfiable: a re-check must refute it."""
    def analyse(*args, on_outcomes=None, **kwargs):
        def lie(answer, found):
            lied = {k: dataclasses.replace(o, verdict=Verdict.YES, witness=None, certificate_kind="invariant",
                                           certificate_text="a wrong proof", proof_smt2=[SAT])
                    if o.verdict == Verdict.NO else o for k, o in found.items()}
            answer.outcomes.update(lied)
            return on_outcomes(answer, lied) if on_outcomes is not None else False
        return real(*args, on_outcomes=lie, **kwargs)
    return analyse


def test_early_recheck_that_fails_turns_the_yes_into_unknown(tmp_path, monkeypatch):
    ends: list[float] = []
    starts: list[float] = []
    monkeypatch.setattr(prove_module, "analyse", _timed_analyse(_lying_streamed_analyse(prove_module.analyse), ends))
    monkeypatch.setattr(recheck_module, "recheck", _timed_recheck(recheck_module.recheck, starts))
    results = prove_source(tmp_path, """
        int main(void) {
            int x = __VERIFIER_nondet_int();
            __VERIFIER_assume(x > 0 && x < 100000);
            int steps = 0;
            while (x != 1 && steps < 1000) {
                if (x % 2 == 0) { x = x / 2; } else { x = 3 * x + 1; }
                steps++;
            }
            __VERIFIER_assert(steps < 5);
            return 0;
        }
        """, check="assert", timeout=4.0)
    r = only(results, "assert")
    assert r.verdict == Verdict.UNKNOWN
    assert r.reason == "incomplete: certificate failed its re-check (refuted by z3, cvc5)", r.reason
    assert r.certificate is None
    assert starts and starts[0] < ends[0]


KEY = ("assert", 3, 5)


def _outcome(engine: str, proof: str) -> CheckOutcome:
    return CheckOutcome(KEY, Verdict.YES, engine, certificate_kind="invariant", certificate_text=engine,
                        proof_smt2=[proof])


UNSAT_A = "(declare-fun x () Int)\n(assert (and (> x 0) (< x 0)))\n(check-sat)\n"
UNSAT_B = "(declare-fun y () Int)\n(assert (and (> y 1) (< y 1)))\n(check-sat)\n"


def test_a_later_certificate_that_rechecks_first_is_kept(monkeypatch):
    """The kept outcome's re-check does not finish by the deadline; another certificate
    heard for the check passed its re-check: that one stands."""
    real = recheck_module.recheck

    def slow_on_b(obligations, timeout_s):
        if obligations == [UNSAT_B]:
            time.sleep(timeout_s + 0.05)
            return recheck_module.Recheck(notes=[f"z3: no answer within {timeout_s:.1f}s"])
        return real(obligations, timeout_s=timeout_s)

    monkeypatch.setattr(recheck_module, "recheck", slow_on_b)
    early = EarlyYes({"assert"}, Deadline.after(1.0))
    kept, other = _outcome("chc", UNSAT_B), _outcome("k-induction", UNSAT_A)
    early.hear(None, {KEY: other})
    early.start()
    try:
        assert early.settled(KEY, other, lambda o: True)[0] is other  # re-checked before `kept` arrives
        early.hear(None, {KEY: kept})
        outcome, check = early.settled(KEY, kept, lambda o: True)
        assert outcome is other and check is not None and "z3" in check.checked_by
        # not acceptable (e.g. not a summary proof past an open inlining bound): only the kept one counts
        outcome, check = early.settled(KEY, kept, lambda o: False)
        assert outcome is kept and (check is None or "z3" not in check.checked_by)
    finally:
        early.close()


def test_a_kept_certificate_refuted_by_its_recheck_gives_way_to_one_that_passed():
    early = EarlyYes({"assert"}, Deadline.after(5.0))
    kept, other = _outcome("chc", SAT), _outcome("k-induction", UNSAT_A)
    early.hear(None, {KEY: other})
    early.start()
    try:
        assert early.settled(KEY, other, lambda o: True)[0] is other
        early.hear(None, {KEY: kept})
        outcome, check = early.settled(KEY, kept, lambda o: True)
        assert outcome is other and "z3" in check.checked_by
        outcome, check = early.settled(KEY, kept, lambda o: False)
        assert outcome is kept and check.refuted_by == ["z3", "cvc5"]
    finally:
        early.close()


def test_a_yes_never_heard_is_left_to_the_caller():
    early = EarlyYes({"assert"}, Deadline.after(1.0))
    assert early.settled(KEY, _outcome("bmc", UNSAT_A), lambda o: True) is None
    early.close()


def test_a_replacing_certificate_gets_a_short_recheck_and_one_solver_does_not_outrank_two(monkeypatch):
    """k-induction's certificate passed z3 and cvc5; the invariant that replaced it gets at most
    `REPLACEMENT_RECHECK_S` and only z3 agrees in that time: the proof both solvers confirmed stands."""
    real = recheck_module.recheck
    given: list[float] = []

    def z3_only_on_b(obligations, timeout_s):
        if obligations == [UNSAT_B]:
            given.append(timeout_s)
            return recheck_module.Recheck(checked_by=["z3"], notes=["cvc5: no answer within 0.2s"])
        return real(obligations, timeout_s=timeout_s)

    monkeypatch.setattr(recheck_module, "recheck", z3_only_on_b)
    early = EarlyYes({"assert"}, Deadline.after(20.0))
    kept, other = _outcome("chc", UNSAT_B), _outcome("k-induction", UNSAT_A)
    early.hear(None, {KEY: other})
    early.start()
    try:
        assert early.settled(KEY, other, lambda o: True)[0] is other
        early.hear(None, {KEY: kept})
        outcome, check = early.settled(KEY, kept, lambda o: True)
        assert given and given[0] <= REPLACEMENT_RECHECK_S
        assert outcome is other and set(check.checked_by) == {"z3", "cvc5"}
        # alone (the other one does not stand), the replacing certificate is what z3 confirmed
        outcome, check = early.settled(KEY, kept, lambda o: False)
        assert outcome is kept and check.checked_by == ["z3"]
    finally:
        early.close()


def test_a_held_certificate_waits_and_one_replaced_meanwhile_is_never_rechecked(monkeypatch):
    """k-induction's certificate waits (`hold`) while an invariant may replace it: replaced, only the
    invariant is re-checked; alone, it is re-checked once the engines are done (`release`)."""
    real, checked = recheck_module.recheck, []

    def counted(obligations, timeout_s):
        checked.append(obligations)
        return real(obligations, timeout_s=timeout_s)

    monkeypatch.setattr(recheck_module, "recheck", counted)
    early = EarlyYes({"assert"}, Deadline.after(5.0), hold=lambda o: o.engine == "k-induction")
    held, kept = _outcome("k-induction", UNSAT_A), _outcome("chc", UNSAT_B)
    early.hear(None, {KEY: held})
    early.start()
    try:
        early.hear(None, {KEY: kept})
        outcome, check = early.settled(KEY, kept, lambda o: True)
        assert outcome is kept and "z3" in check.checked_by and checked == [[UNSAT_B]]
    finally:
        early.close()
    checked.clear()
    early = EarlyYes({"assert"}, Deadline.after(5.0), hold=lambda o: o.engine == "k-induction")
    early.hear(None, {KEY: held})
    early.start()
    try:
        time.sleep(0.05)
        assert checked == []
        early.release()
        outcome, check = early.settled(KEY, held, lambda o: True)
        assert outcome is held and "z3" in check.checked_by and checked == [[UNSAT_A]]
    finally:
        early.close()


def test_an_invariant_replaces_k_induction_and_costly_bounded_proofs_only():
    """The proof lane's invariant replaces a k-induction proof and a bounded proof whose certificate
    is costly to re-check (the portfolio waits for it, `EarlyYes` holds the certificate meanwhile);
    a short bounded certificate, or an invariant already kept, stands (first answer wins)."""
    from verifier.engines.outcome import BOUNDED_CERTIFICATE
    from verifier.portfolio import COSTLY_BOUNDED_CHARS, PortfolioAnswer, replaceable_by_invariant

    def bounded(size: int) -> CheckOutcome:
        return dataclasses.replace(_outcome("bmc", "x" * size), certificate_kind=BOUNDED_CERTIFICATE)

    invariant = _outcome("chc", UNSAT_B)
    for first, replaced in [(_outcome("k-induction", UNSAT_A), True), (bounded(COSTLY_BOUNDED_CHARS + 1), True),
                            (bounded(COSTLY_BOUNDED_CHARS), False), (invariant, False)]:
        answer = PortfolioAnswer(sites={KEY: None})
        answer.merge({KEY: first})
        assert replaceable_by_invariant(first) is replaced and (answer.invariant_wait() > 0) is replaced
        answer.merge({KEY: invariant if first is not invariant else _outcome("chc", UNSAT_A)})
        assert answer.outcomes[KEY] is (invariant if replaced else first)
    assert not replaceable_by_invariant(dataclasses.replace(bounded(COSTLY_BOUNDED_CHARS + 1), verdict=Verdict.NO))


def test_a_certificate_heard_with_less_than_the_hold_share_of_time_left_is_rechecked_at_once(monkeypatch):
    """Should no invariant replace it, a held certificate's re-check needs the time left (`HOLD_LEFT_SHARE`)."""
    from verifier.deadline import Deadline as Due
    from verifier.early_yes import HOLD_LEFT_SHARE

    real, checked = recheck_module.recheck, []
    monkeypatch.setattr(recheck_module, "recheck", lambda obligations, timeout_s: checked.append(obligations)
                        or real(obligations, timeout_s=timeout_s))
    early = EarlyYes({"assert"}, Due(time.monotonic() + 0.9 * HOLD_LEFT_SHARE * 10.0, 10.0), hold=lambda o: True)
    held = _outcome("k-induction", UNSAT_A)
    early.hear(None, {KEY: held})
    early.start()
    try:
        deadline = time.monotonic() + 3.0
        while not checked and time.monotonic() < deadline:
            time.sleep(0.01)
        assert checked == [[UNSAT_A]]  # not released, yet re-checked
    finally:
        early.close()
