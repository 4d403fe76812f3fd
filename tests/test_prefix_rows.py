"""2-D arrays walked row by row: a C ``m[R][C]`` is one flat array, so the facts the nested
loops keep are prefixes ``[0, C * i + j)`` of it. The proofs are re-checked by z3 and cvc5;
each program's near-miss variant (the last row left out) is a no confirmed by a real run, never a
yes; the proved programs never fail when gcc runs them on Hypothesis-drawn inputs."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.recheck import recheck
from verifier.engines.invariants.horn import HornView, live_variables
from verifier.engines.invariants.prefix_invariants import BOUND, prefix_candidates
from verifier.engines.invariants.sampled_invariants import program_constants, sample_states
from verifier.result import Verdict

from .helpers import COMPETITION_HEADER, c_main_system, chc_outcomes, only, prove_source

HEADER = COMPETITION_HEADER

#: each element set to its own flat index (globals start at 0: a missed one shows, but in row 0)
FILL = HEADER + """
int m[2][3];
int main(void) {
  int i;
  int j;
  for (i = 0; i < ROWS; i++) {
    for (j = 0; j < 3; j++) {
      m[i][j] = 3 * i + j;
    }
  }
  int r = __VERIFIER_nondet_int();
  int c = __VERIFIER_nondet_int();
  __VERIFIER_assume(r >= 0 && r < 2 && c >= 0 && c < 3);
  __VERIFIER_assert(m[r][c] == 3 * r + c);
  return 0;
}
"""

COPY = HEADER + """
int m[2][2] = {{7, -1}, {2, 9}};
int d[2][2];
int main(void) {
  int i;
  int j;
  for (i = 0; i < ROWS; i++) {
    for (j = 0; j < 2; j++) {
      d[i][j] = m[i][j];
    }
  }
  int r = __VERIFIER_nondet_int();
  int c = __VERIFIER_nondet_int();
  __VERIFIER_assume(r >= 0 && r < 2 && c >= 0 && c < 2);
  __VERIFIER_assert(d[r][c] == m[r][c]);
  return 0;
}
"""

SAFE = {"fill": FILL.replace("ROWS", "2"), "copy": COPY.replace("ROWS", "2")}
#: the near miss of each: the last row is never written
UNSAFE = {"fill": FILL.replace("ROWS", "1"), "copy": COPY.replace("ROWS", "1")}
#: what the certificate of each safe program must say (in C syntax, over the rows done)
FACTS = {"fill": "0 <= k < i && 0 <= l < 3 -> m[k][l] == 3*k + l", "copy": "0 <= k < i && 0 <= l < 2 -> d[k][l] == m[k][l]"}


def test_the_inner_loop_gets_the_rows_done_and_the_part_of_the_current_row():
    ts = c_main_system(SAFE["fill"])
    states = sample_states(ts.cfa, time.monotonic() + 10)
    facts = prefix_candidates(ts.cfa, states, live_variables(HornView(ts), set(ts.checks)),
                              program_constants(ts.cfa))
    k, i, j = z3.Int(BOUND), z3.Int("i"), z3.Int("j")
    m = z3.Array("m", z3.IntSort(), z3.IntSort())
    (outer, inner) = sorted(ts.cfa.loops, key=lambda h: ts.cfa.loops[h].loc.line)
    zero = z3.IntVal(0)  # built as the guesser builds it
    done = z3.ForAll([k], z3.Implies(z3.And(zero <= k, k < 3 * i + j), m[k] == k))
    rows = z3.ForAll([k], z3.Implies(z3.And(zero <= k, k < 3 * i), m[k] == k))
    assert any(f.eq(done) for f in facts[inner]), [str(f) for f in facts[inner]]
    assert any(f.eq(rows) for f in facts[outer]), [str(f) for f in facts[outer]]
    # 4 is no row length of 6 elements
    assert not any("4*i" in str(f) for f in facts[inner] + facts[outer])


@pytest.mark.parametrize("name", sorted(SAFE))
def test_the_row_by_row_walk_is_proved_by_an_invariant_both_solvers_recheck(name):
    answers = chc_outcomes(SAFE[name])
    assert answers and all(o.verdict == Verdict.YES for o in answers.values()), \
        {k: o.reason for k, o in answers.items() if o.verdict != Verdict.YES}
    (outcome,) = [o for k, o in answers.items() if k[0] == "assert"]
    assert FACTS[name] in outcome.certificate_text, outcome.certificate_text
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_a_row_left_out_is_a_replayed_no_never_a_yes(tmp_path, name):
    source = UNSAFE[name].lstrip("\n")
    line = next(n for n, text in enumerate(source.splitlines(), 1) if "__VERIFIER_assert(" in text
                and "cond" not in text)
    r = only(prove_source(tmp_path, source, check="assert", timeout=30), "assert", line)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)



@pytest.mark.parametrize("name", sorted(SAFE))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(values=st.lists(st.integers(-5, 5), max_size=12))
def test_a_proved_row_walk_never_fails_when_gcc_runs_it(native, tmp_path_factory, name, values):
    path = tmp_path_factory.getbasetemp() / f"rows_{name}.c"
    if not path.exists():
        path.write_text(textwrap.dedent(SAFE[name]))
    run = native.run(Path(path), values, leaks=False)
    assert run.check is None, run.report
