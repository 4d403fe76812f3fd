"""The refuter's runs: traced only when they fail a check, and never spent on exhaustive proofs."""

from __future__ import annotations

from verifier.crosscheck.refute import refute_yes
from verifier.engines.outcome import BOUNDED_CERTIFICATE, CheckOutcome
from verifier.interpret import run_cfa
from verifier.proving import refutable
from verifier.result import Verdict

from .helpers import c_main_system

#: `n` at the edge of its type fails the assertion after the loop's three rounds
EDGE_BUG = """
int main(void) {
    int n = __VERIFIER_nondet_int();
    int i = 0;
    while (i < 3) { i++; }
    __VERIFIER_assert(n < 1000);
    return 0;
}
"""


def _assert_key(ts):
    (key,) = [k for k in ts.checks if k[0] == "assert"]
    return key


def test_a_run_without_its_trace_takes_the_same_path():
    cfa = c_main_system(EDGE_BUG).cfa
    values = iter([5000])
    traced = run_cfa(cfa, {}, lambda site, step, t: 5000)
    quiet = run_cfa(cfa, {}, lambda site, step, t: next(values, 0), trace=False)
    assert traced.failure is not None and quiet.failure == traced.failure
    assert quiet.nondet == traced.nondet and quiet.nondet[0] == 5000
    assert quiet.trace == [] and traced.trace


def test_a_refutation_keeps_the_trace_of_its_failing_run():
    ts = c_main_system(EDGE_BUG)
    key = _assert_key(ts)
    found = refute_yes(ts.cfa, key, max_examples=100, deadline_s=5.0)
    assert found is not None and found.nondet[0] >= 1000
    line, state = found.trace[-1]
    assert line == key[1] and state["i"] == 3 and state["n"] == found.nondet[0]


def test_exhaustive_proofs_are_not_sent_to_the_refuter():
    bounded, invariant = ("assert", 9, 5), ("overflow", 8, 27)
    outcomes = {bounded: CheckOutcome(bounded, Verdict.YES, "bmc", certificate_kind=BOUNDED_CERTIFICATE),
                invariant: CheckOutcome(invariant, Verdict.YES, "chc", certificate_kind="invariant")}
    assert refutable([bounded, invariant], outcomes) == [invariant]
    assert refutable([bounded], outcomes) == []
