"""The sampling lane: concrete runs find bugs too deep for BMC, and only real ones."""

from __future__ import annotations

import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.deadline import Deadline
from verifier.encode import TransitionSystem, encode
from verifier.engines.safety.sampling import run_sampling
from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.interpret import Run, run_cfa
from verifier.portfolio import analyse

from verifier.result import Verdict

from .helpers import assert_refuted, only, prove_source

GAUSS = """
    int main(void) {
        int n = __VERIFIER_nondet_int();
        int i = 0, s = 0;
        while (i < n) {
            s = s + i;
            i = i + 1;
        }
        return s;
    }
    """


def _system(source: str, suffix: str = ".c", function: str = "main", semantics: str = "bv") -> TransitionSystem:
    source = textwrap.dedent(source).lstrip("\n")
    program = parse_c(source, "prog.c", semantics) if suffix == ".c" else parse_python(source, "prog.py")
    return encode(build_cfa(program, function))


def _key(ts: TransitionSystem, kind: str, line: int):
    (key,) = [k for k in ts.checks if k[0] == kind and k[1] == line]
    return key


def _rerun(ts: TransitionSystem, outcome, max_edges: int = 10**7) -> Run:
    """The witness of `outcome` re-run by the interpreter, as prove's confirmation does."""
    w = outcome.witness
    return run_cfa(ts.cfa, w.params, lambda site, step, _type: w.nondet.get(f"{site}@{step}", 0), max_edges)


def test_gauss_overflow_is_found_with_an_input_of_at_least_65537():
    ts = _system(GAUSS)
    key = _key(ts, "overflow", 5)  # s + i
    found = run_sampling(ts, {key}, time.monotonic() + 5.0)
    assert set(found) == {key}
    outcome = found[key]
    assert outcome.verdict == "no" and outcome.engine == "sampling"
    (n,) = outcome.witness.nondet.values()  # the only nondet value: n, read before the loop
    assert n >= 65537
    assert outcome.witness.steps == 65537  # s + i overflows when i reaches 65536
    run = _rerun(ts, outcome)
    assert run.failure is not None and run.failure[0] == "overflow" and run.failure[1].line == 5
    assert run.nondet == [n]


def test_sampling_lane_answers_beside_the_solvers_and_the_run_stops_once_all_is_answered():
    program = parse_c(textwrap.dedent(GAUSS).lstrip("\n"), "gauss.c")
    ts = _system(GAUSS)
    start = time.monotonic()
    answer = analyse(program, "main", None, Deadline.after(30.0))
    assert time.monotonic() - start < 20  # settled well before the timeout
    bug, safe = answer.outcomes[_key(ts, "overflow", 5)], answer.outcomes[_key(ts, "overflow", 6)]
    assert bug.verdict == "no" and bug.engine == "sampling"
    assert safe.verdict == "yes"
    assert not answer.timed_out


def test_prove_refutes_gauss_overflow_with_a_replayed_counterexample(tmp_path):
    """The witness needs 327,685 edges: the replay's budget follows its steps."""
    r = only(prove_source(tmp_path, GAUSS, check="overflow", timeout=30.0), "overflow", line=5)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert r.engine == "sampling"
    assert r.counterexample.nondet[0] >= 65537
    assert "gcc" in r.counterexample.replay
    assert len(r.counterexample.trace) <= 200  # the two ends of a 65,537-iteration run


def test_prove_refutes_a_deep_c_assertion_with_a_replayed_counterexample(tmp_path):
    # fails after 14,142 iterations: far beyond BMC's unrolling
    r = assert_refuted(tmp_path, """
        int main(void) {
            int n = __VERIFIER_nondet_int();
            int i = 0, s = 0;
            while (i < n) {
                s = s + i;
                __VERIFIER_assert(s < 100000000);
                i = i + 1;
            }
            return 0;
        }
        """, "assert", semantics="math", timeout=30.0)
    assert r.engine == "sampling"
    assert r.counterexample.nondet[0] >= 14143
    assert r.counterexample.replay.startswith(("gcc", "tcc"))  # tcc's build while gcc's is not ready (replay_tcc)


def test_prove_refutes_a_deep_python_assertion_with_a_replayed_counterexample(tmp_path):
    # the Python translation: no overflow, but the assertion fails once n >= 14143
    r = assert_refuted(tmp_path, """
        def gauss(n: int) -> int:
            i = 0
            s = 0
            while i < n:
                s = s + i
                assert s < 10**8
                i = i + 1
            return s
        """, "assert", suffix=".py", timeout=30.0)
    assert r.engine == "sampling"
    assert r.counterexample.inputs["n"] >= 14143
    assert "python" in r.counterexample.replay


def test_safe_loop_gets_no_false_no():
    ts = _system("""
        int main(void) {
            int n = __VERIFIER_nondet_int();
            __VERIFIER_assume(n >= 0 && n <= 60000);
            int i = 0, s = 0;
            while (i < n) {
                if (unknown()) { s = s + 1; }
                i = i + 1;
            }
            __VERIFIER_assert(s <= i);
            return 100 / (i + 1);
        }
        """)
    start = time.monotonic()
    assert run_sampling(ts, set(ts.checks), start + 1.5) == {}
    assert time.monotonic() - start < 2.5  # the deadline holds, even with runs of millions of edges


def test_runs_blocked_by_an_assume_are_not_bugs():
    # every run that leaves the loop is blocked by the assume: the assertion is unreachable
    ts = _system("""
        int main(void) {
            int x = __VERIFIER_nondet_int();
            while (x > 0) { x = x - 1; }
            __VERIFIER_assume(x == 5);
            __VERIFIER_assert(0);
            return 0;
        }
        """)
    assert run_sampling(ts, set(ts.checks), time.monotonic() + 0.5) == {}


def test_runs_cut_by_the_edge_budget_are_not_bugs():
    ts = _system("""
        int main(void) {
            int x = 0;
            while (1) { x = 1 - x; }
            __VERIFIER_assert(0);
            return 0;
        }
        """)
    start = time.monotonic()
    assert run_sampling(ts, set(ts.checks), start + 0.5) == {}
    assert time.monotonic() - start < 1.5


COINS = """
    int main(void) {
        int i = 0;
        while (__VERIFIER_nondet_int()) { i = i + 1; }
        __VERIFIER_assert(i < 3000);
        return 0;
    }
    """


def test_coins_let_loops_run_long_and_stop():
    # the bug needs a nondet loop condition to hold 3000 times in a row, then fail
    ts = _system(COINS)
    key = _key(ts, "assert", 4)
    found = run_sampling(ts, {key}, time.monotonic() + 5.0)
    run = _rerun(ts, found[key])
    assert run.failure is not None and run.failure[0] == "assert" and run.nondet[-1] == 0
    assert sum(1 for v in run.nondet if v) >= 3000


def test_same_seed_same_witness():
    ts = _system(COINS)
    key = _key(ts, "assert", 4)
    first = run_sampling(ts, {key}, time.monotonic() + 5.0, seed=7)
    second = run_sampling(ts, {key}, time.monotonic() + 5.0, seed=7)
    assert first[key].witness == second[key].witness


# ------------------------------------------------------------------ property

_C_LOOP = """
int main(void) {{
    int n = __VERIFIER_nondet_int();
    int i = 0, s = {start};
    while ({cond}) {{
        s = s {op} {a} * i;
        {inner}
        if (__VERIFIER_nondet_int() == {stop}) break;
        i = i + 1;
    }}
    {after}
    return s;
}}
"""
_PY_LOOP = """
def f(n: int, k: int) -> int:
    i = 0
    s = {start}
    while i < n:
        s = s {op} {a} * i
        {inner}
        if k == i + {stop}:
            break
        i = i + 1
    {after}
    return s
"""


@st.composite
def _programs(draw) -> tuple[str, str, str]:
    """(source, suffix, function) of a small loop with a check, in or after the loop, that may fail."""
    fields = {"start": draw(st.integers(-9, 9)), "op": draw(st.sampled_from("+-")), "a": draw(st.integers(0, 5)),
              "stop": draw(st.integers(-3, 20))}
    j = draw(st.integers(0, 40))  # the check fails after j iterations (if the loop gets there)
    c = fields["start"] + (1 if fields["op"] == "+" else -1) * fields["a"] * j * (j + 1) // 2
    c_lang = draw(st.booleans())
    if c_lang:
        fields["cond"] = draw(st.sampled_from(["i < n", "i < n && unknown()", "__VERIFIER_nondet_int()"]))
        check = draw(st.sampled_from([f"__VERIFIER_assert(s != {c});", f"s = 1000 / (s - {c});",
                                      "s = 1 << (s % 40);"]))
    else:
        check = draw(st.sampled_from([f"assert s != {c}", f"s = 1000 // (s - {c})"]))
    inside = draw(st.booleans())
    fields["inner"], fields["after"] = (check, "") if inside else ("", check)
    template, suffix, function = (_C_LOOP, ".c", "main") if c_lang else (_PY_LOOP, ".py", "f")
    return template.format(**fields), suffix, function


@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(program=_programs(), seed=st.integers(0, 2**32))
def test_every_witness_reruns_to_the_same_failure(program, seed):
    source, suffix, function = program
    ts = _system(source, suffix, function)
    found = run_sampling(ts, set(ts.checks), time.monotonic() + 0.2, seed=seed)
    for key, outcome in found.items():
        assert outcome.verdict == "no" and key in ts.checks
        run = _rerun(ts, outcome)
        assert run.failure is not None, (source, outcome.witness)
        kind, loc = run.failure
        assert (kind, loc.line, loc.column) == key, (source, outcome.witness)
