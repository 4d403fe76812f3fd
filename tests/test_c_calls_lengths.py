"""Calls passing an array with a length other than its own, answered as C runs them.

The parameter convention (the first int parameter after ``int *v`` is v's length)
is the callee's entry assumption only (`ir.Assume.entry`): a call passes the
array's real length and the callee runs there on the caller's array, checked
against that length. Each case is proved and every input of its small domain
is run by gcc: a yes must hold on every run, a no must be confirmed, and the
verdicts must be the expected ones (the precision the convention once cost).
"""

from __future__ import annotations

import shutil

import pytest

from verifier import ir
from verifier.cfa import build_cfa
from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.irutil import subexpressions
from verifier.result import Verdict

from .helpers import prove_source

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

PROGRAM = """\
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
HELPER
int main(void) {
  int y = __VERIFIER_nondet_int();
  __VERIFIER_assume(y >= 0 && y <= 3);
  int a[3] = {1, 2, 3};
  CALL
  return a[3 - y] + t;
}
"""
CALLEE, LATER = 3, 9  # the lines of the callee's accesses and of main's later access

#: (the callee, on one line; the call; the expected bounds verdicts, by line)
CASES = {
    # an argument with a side effect, a length one too long (bench/memory/array_count_matches)
    "count_one_too_long": ("int count(int *v, int n, int key) { int c = 0; for (int i = 0; i < n; i++) "
                           "if (v[i] == key) c++; return c; }",
                           "int t = count(a, y + 1, __VERIFIER_nondet_int());",
                           {(CALLEE, Verdict.NO), (LATER, Verdict.NO)}),
    # a callee writing through its parameter, a length below the array's (array_reverse_twice)
    "reverse_below_length": ("void rev(int *v, int n) { for (int i = 0; i < n / 2; i++) { int s = v[i]; "
                             "v[i] = v[n - 1 - i]; v[n - 1 - i] = s; } }",
                             "rev(a, y); int t = a[0];",
                             {(CALLEE, Verdict.YES), (8, Verdict.YES), (LATER, Verdict.NO)}),
    # a length past the array's that the callee does not use: no failure at the call
    "index_not_the_length": ("int pick(int *v, int n, int j) { return v[j]; }",
                             "int t = pick(a, 5, y - 1);",
                             {(CALLEE, Verdict.NO), (LATER, Verdict.YES)}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_call_is_answered_as_gcc_runs_it(tmp_path, case):
    helper, call, expected = CASES[case]
    source = PROGRAM.replace("HELPER", helper).replace("CALL", call)
    results = [r for r in prove_source(tmp_path, source, check="bounds", function="main", timeout=30)
               if r.check == "bounds"]
    runner = CReplayer(parse_c(source, str(tmp_path / "prog.c")), "main")
    runs = {y: runner.run({}, [y, 1]) for y in range(4)}  # y, then the key drawn at the call
    for r in results:
        line = r.location.line
        failing = {y for y, seen in runs.items() if seen.matches("bounds", line)}
        if r.verdict == Verdict.YES:
            assert not failing, (line, failing)
        elif r.verdict == Verdict.NO:
            assert r.counterexample.confirmed and r.counterexample.nondet[0] in failing, (line, r.counterexample)
    assert {(r.location.line, r.verdict) for r in results} == expected, [(r.location.line, r.verdict, r.reason)
                                                                         for r in results]


def test_the_convention_is_assumed_only_where_the_callee_is_verified_alone(tmp_path):
    """`sum` alone assumes `v#len == n`; `main` passes a's real length 3 and runs `sum`'s
    body with no assumption relating it to `k`."""
    source = PROGRAM.replace("HELPER", CASES["count_one_too_long"][0]).replace("CALL", "int t = count(a, y, 0);")
    program = parse_c(source, str(tmp_path / "prog.c"))
    convention = program.functions["count"].body[0]
    assert isinstance(convention, ir.Assume) and convention.entry
    call = next(e for s in program.functions["main"].body if isinstance(s, ir.Assign)
                for e in subexpressions(s.value) if isinstance(e, ir.Call))
    assert call.args[1] == ir.Const(3, call.args[1].type, call.args[1].loc)  # v#len: a's own length
    cfa = build_cfa(program, "main")
    equalities = [e for edge in cfa.edges if isinstance(edge.action, ir.Assume)
                  for e in subexpressions(edge.action.cond) if isinstance(e, ir.Binary) and e.op == "eq"]
    assert not any(isinstance(v, ir.Var) and v.name.startswith("v#len") for e in equalities for v in (e.left, e.right))
