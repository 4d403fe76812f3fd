"""The differential fuzzer (bench/fuzz/, run at scale by bench/bench_fuzz.py): a random C
program and Python function per kind, verify's verdicts checked against every input of their
small domains run for real (gcc -fsanitize=undefined, CPython). A yes that some input
refutes, or a no that no input confirms, fails the test. Also the oracles themselves: they
see what they must (an overflow gcc would fold away, a repeated loop state)."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz import oracle_c, oracle_py
from bench.fuzz.compare import run_case, safety_errors, termination_errors
from bench.fuzz.program import Program, Var
from bench.fuzz.render import first_body_line
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
#: verify's seconds per check here: an answer it cannot give by then is unknown, which is allowed
TIMEOUT = 2.0
FEW = settings(max_examples=1, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.nested_given])  # verify runs Hypothesis too


def assert_no_wrong_verdict(seed: int, language: str, kind: str) -> None:
    case = run_case(seed, language, kind, TIMEOUT)
    assert case.truth.feasible() and case.results
    assert not case.wrong, "\n".join(case.wrong) + "\n" + case.text


@needs_gcc
@FEW
@given(st.integers(0, 2**32))
def test_c_safety_verdicts_agree_with_every_run(seed: int):
    assert_no_wrong_verdict(seed, "c", "safety")


@FEW
@given(st.integers(0, 2**32))
def test_python_safety_verdicts_agree_with_every_call(seed: int):
    assert_no_wrong_verdict(seed, "py", "safety")


@needs_gcc
@FEW
@given(st.integers(0, 2**32))
def test_c_termination_verdicts_agree_with_every_run(seed: int):
    assert_no_wrong_verdict(seed, "c", "termination")


@FEW
@given(st.integers(0, 2**32))
def test_python_termination_verdicts_agree_with_every_call(seed: int):
    assert_no_wrong_verdict(seed, "py", "termination")


def doubled_at_int_min() -> Program:
    """`t0 = (_Bool) (v0 + v0)` for v0 near INT_MIN: the sum overflows on every input."""
    v0 = Var("v0", "int", (-2**31, -2**31 + 2))
    return Program([v0], [Var("t0", "_Bool")],
                   [("assign", "t0", ("cast", "_Bool", ("bin", "+", ("var", "v0"), ("var", "v0"))))])


@needs_gcc
def test_the_c_oracle_sees_an_overflow_gcc_would_fold_away():
    truth = oracle_c.run(doubled_at_int_min())
    assert [(r.ending, r.check) for r in truth.runs] == [("failed", "overflow")] * 3
    assert {r.line for r in truth.runs} == {first_body_line(doubled_at_int_min(), "c")}
    # a constant expression that overflows: folded at compile time unless its operands are opaque
    constant = Program([Var("v0", "int", (0, 1))], [Var("t0", "long")], [
        ("if", ("cmp", "==", ("var", "v0"), ("const", 1, "")),
         [("assign", "t0", ("bin", "-", ("const", 2**63 - 1, "L"), ("const", -2, "")))], [])])
    runs = oracle_c.run(constant).runs
    assert [(r.ending, r.check, r.line) for r in runs] == [
        ("ok", None, None), ("failed", "overflow", first_body_line(constant, "c") + 1)]


def loop(domain: tuple[int, int], op: str, step: int) -> Program:
    """while (v0 != 0) v0 = v0 op step, over `domain`."""
    return Program([Var("v0", "int", domain)], [], [
        ("while", ("cmp", "!=", ("var", "v0"), ("const", 0, "")),
         [("assign", "v0", ("bin", op, ("var", "v0"), ("const", step, "")))])])


def test_the_python_oracle_spots_a_repeated_state_only_when_there_is_one():
    runs = {r.inputs[0]: r.ending for r in oracle_py.run(loop((-1, 1), "*", 1)).runs}
    assert runs == {-1: "cycle", 0: "ok", 1: "cycle"}
    # Python ints do not wrap: an odd start falls forever without repeating, so no verdict
    runs = {r.inputs[0]: r.ending for r in oracle_py.run(loop((0, 3), "-", 2)).runs}
    assert runs == {0: "ok", 1: "undetermined", 2: "ok", 3: "undetermined"}


@needs_gcc
def test_the_c_oracle_spots_a_repeated_state_and_stops_at_an_overflow():
    runs = {r.inputs[0]: r.ending for r in oracle_c.run(loop((-1, 1), "*", 1)).runs}
    assert runs == {-1: "cycle", 0: "ok", 1: "cycle"}
    program = loop((-2**31 + 1, -2**31 + 2), "-", 2)
    runs = oracle_c.run(program).runs
    line = first_body_line(program, "c") + 1
    assert [(r.ending, r.check, r.line) for r in runs] == [("failed", "overflow", line)] * 2


def test_the_comparison_names_a_refuted_yes_and_an_unconfirmed_no():
    from bench.fuzz.outcome import Run, Truth
    from verifier.result import Location, Result

    truth = Truth([Run((0,), "failed", "div-by-zero", 7), Run((1,), "ok")])

    def result(check: str, line: int, verdict: Verdict) -> Result:
        return Result(check=check, target="f.c:main", location=Location("f.c", line, 3), verdict=verdict)

    wrong = safety_errors([result("div-by-zero", 7, Verdict.YES), result("assert", 9, Verdict.NO),
                           result("overflow", 7, Verdict.YES)], truth)
    assert wrong == ["wrong no: assert at line 9; no input fails there",
                     "wrong yes: div-by-zero at line 7; fails on (0,): "]
    shifted = Truth([Run((0,), "failed", "shift", 5)])
    assert safety_errors([result("shift", 6, Verdict.YES)], shifted) == [
        "wrong yes (no check): shift at line 5; fails on (0,): "]  # no check of the failing shift
    assert safety_errors([result("shift", 1, Verdict.UNKNOWN)], shifted) == []  # e.g. a function-wide timeout
    assert termination_errors([result("termination", 3, Verdict.YES)], Truth([Run((0,), "cycle")]))
    assert termination_errors([result("termination", 3, Verdict.NO)], truth)


def test_the_minimiser_keeps_the_failure_and_drops_the_rest():
    from bench.fuzz.minimise import minimise
    from bench.fuzz.render import py_text
    from verifier.runtime import AssumptionViolated

    def fails_an_assertion(program: Program) -> bool:  # in-process: the program has no unbounded loop
        space: dict = {}
        exec(py_text(program), space)
        for v0 in program.inputs[0].values():
            try:
                space["f"](v0)
            except AssertionError:
                return True
            except AssumptionViolated:
                pass
        return False

    v0, t = ("var", "v0"), ("var", "t0")
    program = Program([Var("v0", "int", (-4, 4))], [Var("t0"), Var("k0")], [
        ("assign", "t0", ("bin", "*", v0, ("const", 3, ""))),
        ("if", ("cmp", ">", v0, ("const", 0, "")), [("assign", "t0", ("bin", "-", t, ("const", 1, "")))], []),
        ("loop", "k0", 3, ("cmp", "<", t, ("const", 100, "")), [("assign", "t0", ("bin", "+", t, t))], "while"),
        ("assert", ("and", ("cmp", "!=", v0, ("const", 2, "")), ("cmp", ">", ("bin", "+", t, v0), ("const", -99, "")))),
        ("assign", "t0", ("const", 0, ""))])
    assert fails_an_assertion(program)
    small = minimise(program, fails_an_assertion)
    assert fails_an_assertion(small)
    assert [s[0] for s in small.body] == ["assert"]  # one assertion is all it takes
    assert len(py_text(small)) < len(py_text(program)) / 2
