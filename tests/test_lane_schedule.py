"""Lane scheduling in `verifier.portfolio`: which lanes yield on few CPUs, lanes whose
checks are all answered are stopped, proofs stream as they are certified, verdicts unchanged."""

from __future__ import annotations

import os
import textwrap
import time

from verifier import portfolio
from verifier.cfa import build_cfa
from verifier.deadline import Deadline
from verifier.encode import encode
from verifier.engines.invariants.chc import run_chc
from verifier.engines.outcome import CheckOutcome
from verifier.load import load_program
from verifier.result import Verdict

BOUNDED_LOOP = """
    extern void __VERIFIER_assert(int cond);
    int main(void) {
        int s = 0;
        for (int i = 0; i < 3; i++) { s += i; }
        __VERIFIER_assert(s == 3);
        return 0;
    }
"""

COUNTER = """
    extern void __VERIFIER_assert(int cond);
    extern int __VERIFIER_nondet_int(void);
    int main(void) {
        int x = 0;
        int y = 0;
        while (__VERIFIER_nondet_int() && x < 100000) { x++; y++; }
        __VERIFIER_assert(x == y);
        __VERIFIER_assert(x != 90000);
        return 0;
    }
"""


def _program(tmp_path, source: str):
    path = tmp_path / "f.c"
    path.write_text(textwrap.dedent(source))
    return load_program(str(path))


def test_available_cpus_is_the_affinity_mask():
    assert portfolio.available_cpus() == len(os.sched_getaffinity(0))


def test_the_search_lane_yields_only_when_lanes_with_a_proof_lane_outnumber_the_cpus():
    three = [portfolio.run_search_lane, portfolio.run_proof_lane, portfolio.run_sampling_lane]
    assert portfolio.lanes_crowd(three, 2)
    assert portfolio.lanes_crowd(three, 1)
    assert not portfolio.lanes_crowd(three, 3)
    assert not portfolio.lanes_crowd([portfolio.run_search_lane], 1)  # loop-free code: BMC alone
    assert not portfolio.lanes_crowd([portfolio.run_search_lane, portfolio.run_sampling_lane], 1)


def test_search_and_sampling_lanes_are_spent_once_each_of_their_checks_is_definite():
    a, b = ("assert", 5, 0), ("overflow", 6, 3)
    answer = portfolio.PortfolioAnswer(sites={a: None, b: None})
    answer.merge({a: CheckOutcome(a, Verdict.YES, "chc")})
    assert not portfolio.lane_is_spent(portfolio.run_search_lane, None, answer)
    assert portfolio.lane_is_spent(portfolio.run_search_lane, {a}, answer)
    answer.merge({b: CheckOutcome(b, Verdict.UNKNOWN, "chc")})
    assert not portfolio.lane_is_spent(portfolio.run_sampling_lane, None, answer)
    answer.merge({b: CheckOutcome(b, Verdict.NO, "bmc")})
    assert portfolio.lane_is_spent(portfolio.run_sampling_lane, None, answer)
    # the proof lane may still replace a k-induction proof, the summaries lane any yes
    assert not portfolio.lane_is_spent(portfolio.run_proof_lane, None, answer)
    assert not portfolio.lane_is_spent(portfolio.run_summary_lane, None, answer)
    assert not portfolio.lane_is_spent(portfolio.run_search_lane, None, portfolio.PortfolioAnswer())


def _sampling_that_never_answers(ts, open_keys, deadline, report):
    time.sleep(max(0.0, deadline - time.monotonic()))


def _summaries_that_answer_late(program, function, keys, deadline, report):
    time.sleep(1.0)


def test_a_lane_whose_checks_are_answered_is_stopped_and_verdicts_are_unchanged(tmp_path, monkeypatch):
    program = _program(tmp_path, BOUNDED_LOOP)
    in_process = portfolio.run_engines(program, "main", None, time.monotonic() + 10)
    monkeypatch.setattr(portfolio, "run_sampling_lane", _sampling_that_never_answers)
    monkeypatch.setattr(portfolio, "run_summary_lane", _summaries_that_answer_late)
    monkeypatch.setattr(portfolio, "PROOF_ENGINES", [])
    start = time.monotonic()
    # the summaries lane keeps the run open after the search lane answered every check
    answer = portfolio.analyse(program, "main", None, Deadline.after(10), has_loops=True, recursive=True)
    assert "_sampling_that_never_answers" in answer.spent
    assert time.monotonic() - start < 8  # the run ended when the summaries lane did, not at the deadline
    assert {k: o.verdict for k, o in answer.outcomes.items()} == \
        {k: o.verdict for k, o in in_process.outcomes.items()}
    assert Verdict.YES in {o.verdict for o in answer.outcomes.values()}


A, B = ("assert", 1, 0), ("assert", 2, 0)


def _two_batch_engine(ts, keys, deadline, on_found):
    """A proof engine that certifies A, then B, and returns both."""
    on_found({A: CheckOutcome(A, Verdict.YES, "chc")})
    on_found({B: CheckOutcome(B, Verdict.YES, "chc")})
    return {A: CheckOutcome(A, Verdict.YES, "chc"), B: CheckOutcome(B, Verdict.YES, "chc")}


def test_proofs_stream_from_the_proof_lane_each_once(tmp_path, monkeypatch):
    a, b = A, B
    ts = encode(build_cfa(_program(tmp_path, COUNTER), "main"))
    monkeypatch.setattr(portfolio, "PROOF_ENGINES", [("fake", f"{__name__}:_two_batch_engine")])
    heard: list = []
    portfolio.run_proof_lane(ts, {a, b}, time.monotonic() + 5, lambda kind, data: heard.append((kind, set(data))))
    assert heard == [("outcomes", {a}), ("outcomes", {b})]


def test_chc_hears_each_certified_proof_it_returns(tmp_path):
    safe = COUNTER.replace("__VERIFIER_assert(x != 90000);", "")
    ts = encode(build_cfa(_program(tmp_path, safe), "main"))
    heard: dict = {}
    found = run_chc(ts, set(ts.checks), time.monotonic() + 10, on_found=heard.update)
    assert heard == found
    proved = {k[0] for k, o in found.items() if o.verdict == Verdict.YES}
    assert "assert" in proved  # x == y holds on every path


def test_the_search_lane_yields_after_its_shallow_phase_only_with_checks_open(tmp_path):
    calls: list[int] = []
    open_ts = encode(build_cfa(_program(tmp_path, COUNTER), "main"))
    portfolio.run_search_lane(open_ts, set(open_ts.checks), time.monotonic() + 1.0, lambda *_: None,
                              after_shallow=lambda: calls.append(1))
    assert calls == [1]  # x != 90000 fails only 90000 iterations deep: BMC goes on after the shallow phase
    done_ts = encode(build_cfa(_program(tmp_path, BOUNDED_LOOP), "main"))
    portfolio.run_search_lane(done_ts, set(done_ts.checks), time.monotonic() + 5.0, lambda *_: None,
                              after_shallow=lambda: calls.append(2))
    assert calls == [1]  # bounded: BMC finished in the shallow phase
