"""Array loops proved with guessed range facts: a sentinel walk, an accumulated sum, a
two-index reversal, a running total kept in the array (its last element bounded by the
counter), a histogram (the sum of its counts is the number of iterations, then a running
total), a square matrix transposed in place (the cells swapped so far hold the copy's mirror).
Each proof is re-checked by z3 and cvc5; each program's unsafe variant is a no confirmed by a
real run; the proved programs never fail when gcc runs them on Hypothesis-drawn inputs
(sanitizers on)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.recheck import recheck
from verifier.engines.invariants.accumulated_bounds import accumulated_candidates
from verifier.result import Verdict

from .helpers import COMPETITION_HEADER, c_main_system, chc_outcomes, only, prove_source

HEADER = COMPETITION_HEADER + "extern char __VERIFIER_nondet_char(void);\n"

SENTINEL = HEADER + """
int main(void) {
  char s[10];
  int k = __VERIFIER_nondet_int();
  __VERIFIER_assume(k >= 0 && k < LIMIT);
  int i;
  for (i = 0; i < k; i++) {
    char c = __VERIFIER_nondet_char();
    __VERIFIER_assume(c != 0);
    s[i] = c;
  }
  s[k] = 0;
  int len = 0;
  while (s[len] != 0) {
    len++;
  }
  __VERIFIER_assert(len == k);
  return 0;
}
"""

SUM = HEADER + """
int main(void) {
  int a[6];
  int i;
  for (i = 0; i < 6; i++) {
    a[i] = __VERIFIER_nondet_int();
    __VERIFIER_assume(a[i] >= -100 && a[i] <= 100);
  }
  int s = 0;
  for (i = 0; i < 6; i++) {
    s = s + a[i];
  }
  __VERIFIER_assert(s >= -600 && s <= BOUND);
  return 0;
}
"""

REVERSE = HEADER + """
int main(void) {
  int a[8];
  int b[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
    b[i] = a[i];
  }
  i = 0;
  int j = n - 1;
  while (i < j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    i++;
    j--;
  }
  for (i = 0; i < n; i++) {
    __VERIFIER_assert(a[i] == b[WHERE]);
  }
  return 0;
}
"""

STEPS = HEADER + """
int main(void) {
  int a[8];
  a[0] = __VERIFIER_nondet_int();
  __VERIFIER_assume(a[0] >= -1000 && a[0] <= FIRST);
  int i;
  for (i = 1; i < 8; i++) {
    int step = __VERIFIER_nondet_int();
    __VERIFIER_assume(step >= 0 && step <= 10);
    int last = a[i - 1];
    a[i] = last + step;
  }
  __VERIFIER_assert(a[7] >= -1000);
  return 0;
}
"""

#: counts into a table, then totals it: the sum of the table is the number of counts
HISTOGRAM = HEADER + """
int hist[3];
int main(void) {
  int k;
  for (k = 0; k < 4; k++) {
    int v = __VERIFIER_nondet_int();
    __VERIFIER_assume(v >= 0 && v < 3);
    hist[v] = hist[v] + STEP;
  }
  int total = 0;
  for (k = 0; k < 3; k++) {
    total = total + hist[k];
  }
  __VERIFIER_assert(total == 4);
  return 0;
}
"""

#: transposes a square matrix in place (each cell above the diagonal swapped with its mirror)
TRANSPOSE = HEADER + """
int main(void) {
  int m[3][3];
  int c[3][3];
  int i;
  int j;
  for (i = 0; i < 3; i++) {
    for (j = 0; j < 3; j++) {
      m[i][j] = __VERIFIER_nondet_int();
      c[i][j] = m[i][j];
    }
  }
  for (i = 0; i < 3; i++) {
    for (j = i + 1; j < LAST; j++) {
      int t = m[i][j];
      m[i][j] = m[j][i];
      m[j][i] = t;
    }
  }
  int r = __VERIFIER_nondet_int();
  int l = __VERIFIER_nondet_int();
  __VERIFIER_assume(r >= 0 && r < 3 && l >= 0 && l < 3);
  __VERIFIER_assert(m[r][l] == c[l][r]);
  return 0;
}
"""

SAFE = {
    "transpose": TRANSPOSE.replace("LAST", "3"),
    "histogram": HISTOGRAM.replace("STEP", "1"),
    "steps": STEPS.replace("FIRST", "1000"),
    "sentinel": SENTINEL.replace("LIMIT", "10"),
    "sum": SUM.replace("BOUND", "600"),
    "reverse": REVERSE.replace("WHERE", "n - 1 - i"),
}
#: The unsafe variant of each: the check that fails, and the line.
UNSAFE = {
    "transpose": (TRANSPOSE.replace("LAST", "2"), "assert", "__VERIFIER_assert(m[r]"),
    "histogram": (HISTOGRAM.replace("STEP", "(v == 2 ? 2 : 1)"), "assert", "__VERIFIER_assert(total"),
    "steps": (STEPS.replace("FIRST", "2147483647"), "overflow", "a[i] = last + step;"),
    "sentinel": (SENTINEL.replace("LIMIT", "11"), "bounds", "s[k] = 0;"),
    "sum": (SUM.replace("BOUND", "500"), "assert", "__VERIFIER_assert(s"),
    "reverse": (REVERSE.replace("WHERE", "i"), "assert", "__VERIFIER_assert(a[i]"),
}
#: What the certificate of each safe program must say (in C syntax; a pattern where z3 orders the terms).
FACTS = {
    "transpose": "c[1][2] == m[2][1]",
    "histogram": re.compile(r"hist\[\d\] \+ hist\[\d\] \+ hist\[\d\] == k"),  # the terms in z3's order
    "steps": "a[i - 1] <= 10*i + 990",
    "sentinel": "!= 0",
    "sum": "s <= 100*i",
    "reverse": "a[k] == b[n - k - 1]",
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_the_pattern_is_proved_by_an_invariant_both_solvers_recheck(name):
    answers = chc_outcomes(SAFE[name])
    assert answers and all(o.verdict == Verdict.YES for o in answers.values()), \
        {k: o.reason for k, o in answers.items() if o.verdict != Verdict.YES}
    (outcome,) = [o for k, o in answers.items() if k[0] == "assert"]
    fact = FACTS[name]
    assert (fact.search(outcome.certificate_text) if isinstance(fact, re.Pattern) else fact in outcome.certificate_text), \
        outcome.certificate_text
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_the_unsafe_variant_is_a_replayed_no_at_its_line(tmp_path, name):
    source, check, marker = UNSAFE[name]
    line = next(n for n, text in enumerate(source.lstrip("\n").splitlines(), 1) if marker in text)
    r = only(prove_source(tmp_path, source.lstrip("\n"), check=check, timeout=30), check, line)  # BMC goes 13 deep
    if name == "sum" and r.verdict == Verdict.UNKNOWN:  # 13 BMC steps: under a loaded parallel run only a timeout
        assert r.reason.startswith("timeout"), r.reason
        return
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)


def test_a_running_sum_gets_the_element_bound_times_the_count_even_when_samples_stay_small():
    """Samples seldom reach -100: the factor that is inductive is not the tightest one they allow."""
    ts = c_main_system(SAFE["sum"])
    (head,) = [h for h, loop in ts.cfa.loops.items() if "s" in loop.assigned]
    states = {head: [{"s": -3, "i": 1}, {"s": 40, "i": 2}, {"s": 0, "i": 0}]}
    facts = accumulated_candidates(ts.cfa, states, {head: ["s", "i"]}, [0, 1, 100, -100, 600])[head]
    s, i = z3.Int("s"), z3.Int("i")
    assert any(f.eq(s >= -100 * i) for f in facts) and any(f.eq(s <= 100 * i) for f in facts)
    assert not any(f.eq(s <= 1 * i) for f in facts)  # octagons say that (and it is false here)



@pytest.mark.parametrize("name", sorted(SAFE))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(values=st.lists(st.integers(-130, 130), max_size=24))
def test_a_proved_program_never_fails_when_gcc_runs_it(native, tmp_path_factory, name, values):
    path = tmp_path_factory.getbasetemp() / f"pattern_{name}.c"
    if not path.exists():
        path.write_text(textwrap.dedent(SAFE[name]))
    run = native.run(Path(path), values, leaks=False)
    assert run.check is None, run.report
