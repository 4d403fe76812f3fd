"""The non-termination search shares its time: a lasso search that would take
the whole budget leaves the orbits their turn."""

from __future__ import annotations

import textwrap
import time

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.termination import recurrence
from verifier.engines.termination.recurrence import RecurrenceSearch
from verifier.frontends.c import parse_c

MOD_CYCLE = """
    int f(int x) {
        if (x < 0 || x > 100) return 0;
        while (x != 50) { x = (x + 3) % 10; }
        return x;
    }"""


def test_a_slow_lasso_search_leaves_time_for_the_orbits(monkeypatch):
    program = parse_c(textwrap.dedent(MOD_CYCLE), "t.c", "bv")
    cfa = build_cfa(program, "f")
    ts = encode(cfa)
    budgets = []

    def slow_cycle(self, until):  # a lasso search that uses all the time it is given
        budgets.append(until - time.monotonic())
        time.sleep(max(0.0, until - time.monotonic()))
        return None

    monkeypatch.setattr(RecurrenceSearch, "_cycle", slow_cycle)
    (head,) = cfa.loops
    start = time.monotonic()
    found = RecurrenceSearch(ts, frozenset({head}), start + 6.0, False).run()
    assert budgets and budgets[0] <= recurrence.CYCLE_SHARE * 6.0 + 0.01
    assert found is not None and found.kind == "recurrent set"
    # the orbit's set: values the loop goes round in, which leave out the exit value 50
    (cube,) = found.sets[head]
    state = {v: 0 for v in ts.variables}
    assert not all(a.value({**state, "x": 50}) >= 0 for a in cube)
    assert all(a.value({**found.entry_state}) >= 0 for a in cube)
