"""The quick search's sampled runs (`verifier.quick_search`): before BMC, in a function with loops.

A bug that takes BMC a dozen unrolled iterations (every one of four nondet
values negative) is found by a concrete run in milliseconds; its no goes
through the same confirmation as any other: the interpreter, then a real run
(gcc for C, CPython for Python).
"""

from __future__ import annotations

import multiprocessing
import textwrap
import time
from pathlib import Path

import pytest

from verifier import portfolio, proving, quick_search as quick
from verifier.cfa import build_cfa
from verifier.config import DEFAULT_CHECKS
from verifier.deadline import Deadline, function_deadline
from verifier.encode import encode
from verifier.engines.safety.sampling import run_sampling
from verifier.load import load_program
from verifier.registry import UnknownReason
from verifier.result import Verdict

#: max starts at 0: when all four values are negative, no element equals it (BMC needs 13 unrolled iterations)
MAX_ZERO_START = """
extern void abort(void);
void reach_error(void) { abort(); }
void __VERIFIER_assert(int cond) { if (!cond) { reach_error(); } }
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[4];
  int i;
  for (i = 0; i < 4; i++) a[i] = __VERIFIER_nondet_int();
  int max = 0;
  for (i = 0; i < 4; i++) if (a[i] > max) max = a[i];
  int seen = 0;
  for (i = 0; i < 4; i++) if (a[i] == max) seen = 1;
  __VERIFIER_assert(seen);
  return 0;
}
"""

#: a division by zero at y == 0, an assertion failing at x == 7 (when y is not 0)
TWO_FAILURES = '''
def f(x: int, y: int) -> int:
    total = 0
    for _ in range(3):
        total += 100 // y
    assert x != 7
    return total
'''


def _program(tmp_path: Path, source: str, name: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return load_program(str(path), None, None)


@pytest.fixture
def roomy(monkeypatch):
    """Sampling time that a loaded test machine cannot run out of (the bound is a tuning, not the behaviour)."""
    monkeypatch.setattr(quick, "QUICK_SAMPLING_S", 2.0)


@pytest.mark.parametrize("deep", [True, False])  # without deep (verify prove without -x): sampled runs all the same
def test_sampled_runs_find_a_bug_too_deep_for_the_quick_bmc(tmp_path, roomy, deep):
    cfa = build_cfa(_program(tmp_path, MAX_ZERO_START, "max.c"), "main")
    answer = quick.quick_search(cfa, Deadline.after(20), deep=deep)
    (key, outcome), = [(k, o) for k, o in answer.outcomes.items() if o.verdict == Verdict.NO]
    assert key[:2] == ("assert", 13) and outcome.engine == "sampling"
    assert answer.bmc_depth == -1  # found before BMC ran


def test_exit_first_confirms_a_sampled_c_no_by_a_real_run_without_forking_the_search_lane(tmp_path, roomy,
                                                                                          monkeypatch):
    program = _program(tmp_path, MAX_ZERO_START, "max.c")
    marker = tmp_path / "search-lane-ran"
    monkeypatch.setattr(portfolio, "run_search_lane", lambda *args: marker.touch())  # runs in a forked lane
    heard = []
    results = proving.prove_function(program, "main", DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, 20),
                                     on_no=heard.append, exit_first=True)
    (no,) = [r for r in results if r.verdict == Verdict.NO]
    assert no.check == "assert" and no.location.line == 13 and no.engine == "sampling"
    # a real run: tcc's while gcc builds the harness of a new file (`replay_tcc`), gcc's once it is built
    assert no.counterexample.confirmed and no.counterexample.replay.startswith(("tcc", "gcc -fsanitize"))
    assert heard == [no]
    assert all(UnknownReason.of(r.reason) is UnknownReason.STOPPED for r in results if r is not no)
    assert not marker.exists()


def test_sampled_runs_seek_only_the_kinds_asked_for(tmp_path, roomy):
    cfa = build_cfa(_program(tmp_path, TWO_FAILURES, "two.py"), "f")
    divisions = quick.quick_search(cfa, Deadline.after(20), kinds={"div-by-zero"})
    assert [k[0] for k, o in divisions.outcomes.items() if o.verdict == Verdict.NO] == ["div-by-zero"]
    asserts = quick.quick_search(cfa, Deadline.after(20), kinds={"assert"})
    (key, outcome), = [(k, o) for k, o in asserts.outcomes.items() if o.verdict == Verdict.NO]
    assert key[0] == "assert" and outcome.engine == "sampling"
    x, y = outcome.witness.params["x"], outcome.witness.params["y"]
    namespace: dict = {}
    exec(textwrap.dedent(TWO_FAILURES), namespace)
    with pytest.raises(AssertionError):  # CPython fails the same assertion on the witness
        namespace["f"](x, y)
    assert ("div-by-zero", 4, 22) in asserts.sites  # every check is described, found or not


def test_first_only_sampling_stops_at_the_first_failure_found(tmp_path):
    ts = encode(build_cfa(_program(tmp_path, TWO_FAILURES, "two.py"), "f"))
    start = time.monotonic()
    first = run_sampling(ts, set(ts.checks), start + 20, seed=1, first_only=True)
    assert len(first) == 1 and time.monotonic() - start < 10
    both = run_sampling(ts, set(ts.checks), time.monotonic() + 20, seed=1)
    assert {k[0] for k in both} == {"div-by-zero", "assert"} and set(first) < set(both)


def test_sampling_stops_at_its_cpu_bound_before_its_wall_clock_deadline(tmp_path):
    ts = encode(build_cfa(_program(tmp_path, MAX_ZERO_START, "max.c"), "main"))
    wanted = {k for k in ts.checks if k[0] == "overflow"}  # none can fail: the sampler never stops on its own
    start, cpu = time.monotonic(), time.process_time()
    assert run_sampling(ts, wanted, start + 30, cpu_until=cpu + 0.2) == {}
    assert time.monotonic() - start < 10 and time.process_time() - cpu >= 0.2


def test_without_deep_a_c_function_with_loops_gets_sampled_runs_and_no_bmc(tmp_path, monkeypatch):
    monkeypatch.setattr(quick, "QUICK_SAMPLING_S", 0.05)
    cfa = build_cfa(_program(tmp_path, MAX_ZERO_START, "max.c"), "main")
    shallow = quick.quick_search(cfa, Deadline.after(20), kinds={"overflow"}, deep=False)  # no overflow can fail
    assert shallow.sites and not shallow.outcomes and shallow.bmc_depth == -1  # BMC never ran


def test_the_lanes_start_before_a_quick_no_is_heard_unless_hearing_it_may_stop_them(tmp_path, roomy):
    program = _program(tmp_path, MAX_ZERO_START, "max.c")
    cfa = build_cfa(program, "main")
    before = len(multiprocessing.active_children())
    for lanes_first, forked in ((True, 3), (False, 0)):  # with lanes_first the sampling lane is forked before it
        seen: list[int] = []

        def hear(answer, found) -> bool:
            seen.append(len(multiprocessing.active_children()) - before)
            return True  # stop every lane

        answer = portfolio.analyse(program, "main", None, Deadline.after(20), on_outcomes=hear, lanes_first=lanes_first,
                                   quick=lambda: quick.quick_search(cfa, Deadline.after(20), deep=False))
        assert answer.stopped and seen == [forked]


#: under math semantics a sampled witness may overflow gcc's ints before the assertion fails (z, k large):
#: then BMC's shortest witness (k == 0, any z but 1) is confirmed instead
GEOMETRIC_OFF_BY_ONE = """
int main(void) {
    int z = __VERIFIER_nondet_int();
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 1, y = 1, c = 0;
    while (c < k) { c = c + 1; x = x * z + 1; y = y * z; }
    __VERIFIER_assert(x * z - x == y - 1);
    return 0;
}
"""


def test_a_sampled_no_that_gcc_does_not_replay_is_looked_for_again_by_bmc(tmp_path, monkeypatch):
    from verifier.crosscheck import replay

    real, calls = replay.replay_and_explore, []

    def first_refused(*args, **kwargs):  # as gcc's overflow ahead of the assertion, once
        calls.append(args[3])
        return (False, "gcc -fsanitize=undefined: signed integer overflow", None) if len(calls) == 1 \
            else real(*args, **kwargs)

    monkeypatch.setattr(replay, "replay_and_explore", first_refused)
    path = tmp_path / "geometric.c"
    path.write_text(GEOMETRIC_OFF_BY_ONE)
    [result] = proving.prove_paths([str(path)], checks=("assert",), semantics="math", timeout=10)
    assert len(calls) == 2 and result.verdict == Verdict.NO and result.engine == "bmc", result.reason
    assert result.counterexample.confirmed and result.counterexample.nondet[1] == 0 != result.counterexample.nondet[0] - 1
