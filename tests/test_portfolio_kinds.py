"""The portfolio works only on the kinds of checks asked for (`portfolio.wanted`): no lane is
given, and no run waits for, a check of another kind; the inlining bound's is always wanted."""

from __future__ import annotations

import textwrap

from verifier import portfolio
from verifier.deadline import Deadline
from verifier.load import load_program
from verifier.proving import prove_paths
from verifier.result import Verdict

#: an easy bounds proof, and an assert no engine decides within seconds (Collatz's steps)
EASY_BOUNDS_HARD_ASSERT = """
    extern unsigned __VERIFIER_nondet_uint(void);
    extern void __VERIFIER_assert(int cond);
    int main(void) {
        int a[4];
        for (int i = 0; i < 4; i++) { a[i] = i; }
        unsigned x = __VERIFIER_nondet_uint() % 1000000u + 1u;
        unsigned steps = 0;
        while (x != 1u) { x = x % 2u ? 3u * x + 1u : x / 2u; steps++; }
        __VERIFIER_assert(steps < 600u);
        return a[3];
    }
"""


def _write(tmp_path, source: str) -> str:
    path = tmp_path / "f.c"
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_wanted_keeps_the_kinds_asked_for_and_the_inlining_bound():
    assert portfolio.wanted(("bounds", 3, 1), {"bounds"})
    assert not portfolio.wanted(("assert", 9, 1), {"bounds"})
    assert portfolio.wanted(("bound", 4, 1), {"bounds"})  # while it may fail, no other yes stands
    assert portfolio.wanted(("assert", 9, 1), None)


def test_a_lane_is_given_only_the_checks_of_the_kinds_asked_for(tmp_path):
    program = load_program(_write(tmp_path, EASY_BOUNDS_HARD_ASSERT))
    reported = {}
    _, open_keys = portfolio._prepare(program, "main", None, reported.__setitem__, kinds={"bounds"})
    assert open_keys and {k[0] for k in open_keys} == {"bounds"}
    assert set(reported["sites"]) == open_keys
    _, every_key = portfolio._prepare(program, "main", None, reported.__setitem__)
    assert {"bounds", "assert", "overflow"} <= {k[0] for k in every_key}


def test_the_run_ends_once_the_asked_checks_are_answered_not_at_the_deadline(tmp_path):
    program = load_program(_write(tmp_path, EASY_BOUNDS_HARD_ASSERT))
    answer = portfolio.analyse(program, "main", None, Deadline.after(20), kinds=("bounds",))
    assert answer.sites and {k[0] for k in answer.sites} == {"bounds"}
    assert all(answer.outcomes[k].verdict == Verdict.YES for k in answer.sites)
    assert answer.settled() and not answer.timed_out
    assert {k[0] for k in answer.outcomes} == {"bounds"}  # nothing was worked out for the assert


def test_prove_answers_the_asked_kind_only_and_keeps_its_verdict(tmp_path):
    path = _write(tmp_path, EASY_BOUNDS_HARD_ASSERT)
    results = prove_paths([path], checks=("bounds",), timeout=20)
    assert results and {r.check for r in results} == {"bounds"}
    assert all(r.verdict == Verdict.YES and r.certificate is not None for r in results)


#: loop-free: an overflow nobody asks about, and a null dereference
LOOP_FREE_TWO_KINDS = """
    extern int __VERIFIER_nondet_int(void);
    int main(void) {
        int x = __VERIFIER_nondet_int();
        int y = x + 1;
        int *p = 0;
        if (y > 5) { p = &x; }
        return *p;
    }
"""


def test_the_quick_search_works_on_the_kinds_asked_for_only(tmp_path):
    from verifier.cfa import build_cfa
    from verifier.quick_search import quick_search

    program = load_program(_write(tmp_path, LOOP_FREE_TWO_KINDS))
    answer = quick_search(build_cfa(program, "main"), Deadline.after(20), ("null",))
    assert {k[0] for k in answer.outcomes} == {"null"}
    (outcome,) = answer.outcomes.values()
    assert outcome.verdict == Verdict.NO and outcome.witness is not None
