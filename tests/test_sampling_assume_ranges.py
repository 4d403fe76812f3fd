"""The sampler draws a value an assume bounds by constants within those bounds (`sampling.assumed_ranges`).

A value outside them only makes a run the assume blocks, so a bug at the
range's edge (two withdrawals of 100 from 150) is met by the first draws,
where uniform 32-bit draws almost never pass the assume. Where a check, a
branch or an assume that can itself fail comes first, nothing is narrowed:
the values outside the bounds still reach that check.
"""

from __future__ import annotations

import textwrap
import time

from verifier.cfa import build_cfa, site_name
from verifier.engines.safety.sampling import assumed_ranges, sample_failures
from verifier.frontends.c import parse_c
from verifier.interpret import run_cfa

HEADER = """
extern void abort(void);
void reach_error(void) { abort(); }
void __VERIFIER_assert(int cond) { if (!cond) { reach_error(); } }
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
"""

OVERDRAFT = HEADER + """
int main(void) {
  int balance = 150;
  for (int k = 0; k < 2; k++) {
    int amount = __VERIFIER_nondet_int();
    __VERIFIER_assume(amount >= 0 && amount <= 100);
    balance -= amount;
  }
  __VERIFIER_assert(balance >= 0);
  return 0;
}
"""


def _cfa(source: str, function: str = "main"):
    return build_cfa(parse_c(textwrap.dedent(source).lstrip("\n"), "prog.c"), function)


def _assert_keys(cfa):
    return {(c.kind, c.loc.line, c.loc.column) for e in cfa.edges if (c := e.action) is not None
            and type(c).__name__ == "Check" and c.kind == "assert"}


def _nondet_at(cfa, line: int):
    """The nondet nodes assigned as a whole on `line`."""
    return [e.action.value for e in cfa.edges if type(e.action).__name__ == "Assign"
            and type(e.action.value).__name__ == "Nondet" and e.action.loc.line == line]


def test_a_value_assumed_within_constants_is_drawn_within_them_and_the_edge_bug_is_found_at_once():
    cfa = _cfa(OVERDRAFT)
    ranges, params = assumed_ranges(cfa)
    (amount,) = _nondet_at(cfa, 10)
    assert ranges == {id(amount): (0, 100)} and params == {}
    found = sample_failures(cfa, _assert_keys(cfa), time.monotonic() + 5.0, seed=1, first_only=True, max_runs=20)
    (outcome,) = found.values()
    (index,) = [i for i, e in enumerate(cfa.edges) if getattr(e.action, "value", None) is amount]
    drawn = [v for k, v in outcome.witness.nondet.items() if k.rpartition("@")[0] == site_name(index, 0)]
    assert len(drawn) == 2 and all(0 <= v <= 100 for v in drawn) and sum(drawn) > 150
    w = outcome.witness
    run = run_cfa(cfa, w.params, lambda site, step, _t: w.nondet.get(f"{site}@{step}", 0), 10_000)
    assert run.failure is not None and run.failure[0] == "assert" and run.failure[1].line == 14


def test_a_parameter_bounded_by_an_entry_assume_is_drawn_within_the_bounds():
    cfa = _cfa(HEADER + """
void f(int n, int m) {
  __VERIFIER_assume(n >= 10 && 12 >= n && m != 3);
  __VERIFIER_assert(n != 12);
}
""", "f")
    assert assumed_ranges(cfa) == ({}, {"n": (10, 12)})
    found = sample_failures(cfa, _assert_keys(cfa), time.monotonic() + 5.0, seed=0, first_only=True, max_runs=30)
    (outcome,) = found.values()
    assert outcome.witness.params["n"] == 12


def test_nothing_is_narrowed_where_a_check_comes_before_the_assume():
    cfa = _cfa(HEADER + """
int main(void) {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assert(x != 5);
  __VERIFIER_assume(x < 3);
  return 0;
}
""")
    assert assumed_ranges(cfa) == ({}, {})


def test_nothing_is_narrowed_by_an_assume_that_can_fail_or_behind_a_branch():
    failing = _cfa(HEADER + """
int main(void) {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(10 / (x - 7) > 0 && x < 5);
  return 0;
}
""")
    assert assumed_ranges(failing) == ({}, {})
    branch = _cfa(HEADER + """
int main(void) {
  int x = __VERIFIER_nondet_int();
  int y = 0;
  if (__VERIFIER_nondet_int()) { y = 1; }
  __VERIFIER_assume(x < 5);
  __VERIFIER_assert(y == 0 || x != 9);
  return 0;
}
""")
    assert assumed_ranges(branch)[0] == {}


def test_an_assignment_to_the_variable_before_the_assume_ends_the_look_ahead():
    cfa = _cfa(HEADER + """
int main(void) {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  x = y;
  __VERIFIER_assume(x >= 0 && x <= 3 && y >= 1);
  return 0;
}
""")
    ranges, _ = assumed_ranges(cfa)
    (x_node,) = _nondet_at(cfa, 8)
    (y_node,) = _nondet_at(cfa, 9)
    assert id(x_node) not in ranges and ranges[id(y_node)] == (1, 2 ** 31 - 1)
