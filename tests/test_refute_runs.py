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


def test_the_refuter_finds_the_edge_bug_without_importing_hypothesis():
    """`verify prove` refutes every function with loops: its runs must not pay for Hypothesis's import."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import sys
        from verifier.cfa import build_cfa
        from verifier.crosscheck.refute import refute_any
        from verifier.encode import encode
        from verifier.frontends.c import parse_c
        cfa = build_cfa(parse_c({EDGE_BUG!r}, "t.c", "bv"), "main")
        (key,) = [k for k in encode(cfa).checks if k[0] == "assert"]
        found = refute_any(cfa, {{key}}, max_examples=100, deadline_s=5.0)
        print(key in found, found[key].nondet[0] >= 1000, "hypothesis" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "True", "False"], out.stderr[-2000:]
