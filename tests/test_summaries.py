"""Recursion proved by function summaries (engines/invariants/summaries.py): verdicts,
certificates, their re-checks, and the summaries against real runs (gcc, CPython)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import prove
from verifier.crosscheck.recheck import recheck
from verifier.engines.invariants.summaries import obligations, run_summaries, solve, summary_problem
from verifier.load import load_program
from verifier.result import Verdict

from .helpers import prove_source

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

MC91_WRONG = """
int mc91(int n) {
    if (n > 100)
        return n - 10;
    return mc91(mc91(n + 11));
}
int main(void) {
    int n = __VERIFIER_nondet_int();
    int r = mc91(n);
    if (n <= 100)
        __VERIFIER_assert(r == 92);
    return 0;
}
"""

PY_RECURSION = """
def mc91(n: int) -> int:
    if n > 100:
        return n - 10
    return mc91(mc91(n + 11))


def sum_to(n: int) -> int:
    if n <= 0:
        return 0
    return n + sum_to(n - 1)


def check91(n: int) -> int:
    r = mc91(n)
    if n <= 100:
        assert r == 91
    return r


def check_sum(n: int) -> int:
    assert sum_to(n) >= n
    return 0
"""


def _program(tmp_path: Path, source: str, suffix: str = ".c", semantics: str | None = None):
    path = tmp_path / f"prog{suffix}"
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return load_program(str(path), semantics, None)


def _summaries(program, function: str = "main", seconds: float = 8.0) -> dict:
    return run_summaries(program, function, None, time.monotonic() + seconds)


def test_fib_example_is_proved_by_its_summary_under_math_semantics():
    (r,) = [r for r in prove(str(EXAMPLES / "fib.c"), semantics="math") if r.check == "assert"]
    assert r.verdict == Verdict.YES, r.reason
    assert r.engine == "summaries" and r.certificate.kind == "summary"
    assert r.certificate.text.startswith("fib(n) returns only when: ")
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_mc91_example_every_check_is_proved_past_the_inlining_bound():
    results = prove(str(EXAMPLES / "mc91.c"))
    assert {(r.check, r.location.line) for r in results} == {
        ("overflow", 10), ("overflow", 11), ("assert", 18), ("assert", 20), ("overflow", 20)}
    for r in results:
        assert r.verdict == Verdict.YES, (r.location.line, r.reason)
        assert r.certificate.text.startswith("mc91(n) returns only when: ")
        assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_unbounded_recursion_is_proved_end_to_end(tmp_path):
    (r,) = prove_source(tmp_path, """
        int down(int n) { if (n <= 0) return 0; return down(n - 1); }
        void f(int n) { __VERIFIER_assert(down(n) == 0); }
        """, check="assert", function="f")
    assert r.verdict == Verdict.YES and r.engine == "summaries", r.reason
    head, _, facts = r.certificate.text.partition(": ")
    assert head == "down(n) returns only when"
    assert set(facts.split(" && ")) == {"down(n) <= 0", "down(n) >= 0"}  # Spacer's order of the facts varies


def test_false_assertion_is_never_proved_and_the_others_still_are(tmp_path):
    found = _summaries(_program(tmp_path, MC91_WRONG))
    assert ("assert", 10, 9) not in found
    assert {k[0] for k in found} == {"overflow"}
    assert all(o.verdict == Verdict.YES and o.engine == "summaries" for o in found.values())


def test_deep_false_assertion_is_not_answered_yes_end_to_end(tmp_path):
    results = prove_source(tmp_path, """
        int fib(int n) { if (n <= 1) return n; return fib(n - 1) + fib(n - 2); }
        int main(void) {
            int n = __VERIFIER_nondet_int();
            if (n < 0 || n > 20) return 0;
            __VERIFIER_assert(fib(n) != 6765);
            return 0;
        }""", check="assert", semantics="math", timeout=4)
    assert [r.verdict for r in results] != [Verdict.YES]


def test_certificate_obligations_are_rechecked_by_z3_and_cvc5(tmp_path):
    found = _summaries(_program(tmp_path, (EXAMPLES / "mc91.c").read_text()))
    outcome = found[("assert", 18, 9)]
    check = recheck(outcome.proof_smt2, timeout_s=10)
    assert set(check.checked_by) == {"z3", "cvc5"} and not check.refuted_by


def test_a_wrong_summary_fails_its_clauses(tmp_path):
    program = _program(tmp_path, (EXAMPLES / "mc91.c").read_text())
    problem = summary_problem(program, "main")
    solution = solve(problem, set(problem.queries), time.monotonic() + 8)
    assert solution is not None
    result = problem.formals["sum_mc91"][-1]
    wrong = {**solution, "sum_mc91": result == 91}  # false for n > 100
    failing = []
    for f in obligations(problem, problem.base, wrong):
        s = z3.Solver()
        s.add(f)
        failing.append(s.check() == z3.sat)
    assert any(failing)


def test_mutual_recursion_and_void_functions_are_summarized(tmp_path):
    program = _program(tmp_path, """
        int is_even(int n);
        int is_odd(int n) { if (n == 0) return 0; return is_even(n - 1); }
        int is_even(int n) { if (n == 0) return 1; return is_odd(n - 1); }
        void countdown(int n) { if (n > 0) { __VERIFIER_assert(n >= 1); countdown(n - 1); } }
        int main(void) {
            int n = __VERIFIER_nondet_int();
            if (n < 0) return 0;
            countdown(n);
            int e = is_even(n);
            __VERIFIER_assert(e == 0 || e == 1);
            return 0;
        }""")
    found = _summaries(program)
    asserts = {k for k in found if k[0] == "assert"}
    assert len(asserts) == 2, found.keys()


def test_a_recursive_function_with_a_loop_is_left_to_inlining(tmp_path):
    source = """
        int f(int n) {
            int i = 0;
            while (i < 3) i++;
            if (n <= 0) return 0;
            return f(n - 1) + 1;
        }
        int main(void) {
            int n = __VERIFIER_nondet_int();
            if (n < 0 || n > 100) return 0;
            __VERIFIER_assert(f(n) >= 0);
            return 0;
        }"""
    assert _summaries(_program(tmp_path, source)) == {}


def test_a_call_under_short_circuit_is_not_summarized():
    """Lowered as control flow by the C frontend; in the IR a call under `||` has no single path position."""
    from verifier import ir
    from verifier.engines.invariants.call_paths import NotSummarizable, function_paths

    n = ir.Var("n", ir.MATH_INT)
    call = ir.Call("f", (n,), ir.MATH_INT)
    cond = ir.Binary("lor", ir.Binary("gt", n, ir.Const(5, ir.MATH_INT), ir.BOOL),
                     ir.Binary("eq", call, ir.Const(0, ir.MATH_INT), ir.BOOL), ir.BOOL)
    f = ir.Function("f", [ir.Param("n", ir.MATH_INT)], ir.MATH_INT, [ir.Assert(cond), ir.Return(n)])
    program = ir.Program("p.py", "python", "math", {"f": f})
    with pytest.raises(NotSummarizable, match="a call under"):
        function_paths(program, "f")
    assert _summaries(program, "f") == {}


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
@settings(max_examples=1, derandomize=True, deadline=None, database=None)
@given(st.lists(st.integers(-2000, 2000), min_size=40, max_size=40))
def test_mc91_summary_and_assertions_hold_on_gcc_runs(tmp_path_factory, inputs):
    """The certificate's C text, compiled beside the example's mc91, holds of every real call."""
    (r,) = [r for r in prove(str(EXAMPLES / "mc91.c")) if r.check == "assert" and r.location.line == 18]
    summary = r.certificate.text.split("returns only when: ", 1)[1]
    source = (EXAMPLES / "mc91.c").read_text().split("int main")[0]
    tmp = tmp_path_factory.mktemp("mc91")
    (tmp / "drive.c").write_text(source + textwrap.dedent(f"""
        #include <stdio.h>
        #include <stdlib.h>
        int main(int argc, char **argv) {{
            for (int i = 1; i < argc; i++) {{
                int n = atoi(argv[i]);
                printf("%d %d\\n", ({summary}) ? 1 : 0, n <= 100 ? mc91(n) == 91 : mc91(n) == n - 10);
            }}
            return 0;
        }}
        """))
    subprocess.run(["gcc", "-O0", "-w", "-o", str(tmp / "drive"), str(tmp / "drive.c")], check=True)
    out = subprocess.run([str(tmp / "drive"), *map(str, inputs)], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1"] * (2 * len(inputs))


@pytest.fixture(scope="module")
def python_proofs(tmp_path_factory) -> list:
    tmp = tmp_path_factory.mktemp("py")
    return prove_source(tmp, PY_RECURSION, suffix=".py", check="assert")


@settings(max_examples=1, derandomize=True, deadline=None, database=None)
@given(st.lists(st.integers(-300, 300), min_size=60, max_size=60))
def test_python_summaries_hold_on_cpython_runs(python_proofs, inputs):
    """Each printed summary is a Python expression: evaluated with the real functions, it holds."""
    assert [(r.location.line, r.verdict) for r in python_proofs] == [(16, Verdict.YES), (21, Verdict.YES)], \
        [r.reason for r in python_proofs]
    namespace: dict = {}
    exec(textwrap.dedent(PY_RECURSION), namespace)
    lines = [line for r in python_proofs for line in r.certificate.text.splitlines()]
    summaries = [line.split(": ", 1) for line in lines if " returns only when: " in line]
    assert {head.split("(")[0] for head, _ in summaries} == {"mc91", "sum_to"}
    for n in inputs:
        namespace["check91"](n)  # the proved assertions hold when run
        namespace["check_sum"](n)
        for _, text in summaries:
            assert eval(text, {**namespace, "n": n}), (text, n)
