"""The quick search: BMC in the worker before any lane is forked (`verifier.quick_search`).

What it decides goes through the same confirmation as a lane's answer: a no is
a no only once a real run replays it; with --exit-first a confirmed quick no
ends the function without forking the search lane (loop-free code: any lane);
a quick no that does not replay stops nothing and leaves the other checks to the lanes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier import portfolio, proving
from verifier.cfa import build_cfa
from verifier.config import DEFAULT_CHECKS
from verifier.deadline import Deadline, function_deadline
from verifier.engines.outcome import CheckOutcome, Witness
from verifier.load import load_program
from verifier.quick_search import quick_search
from verifier.registry import UnknownReason
from verifier.result import Verdict

#: loop-free: a division by zero at y == 3 and an assertion that fails at x + z == 57
TWO_BUGS = '''
def f(x: int, y: int) -> int:
    """pre: 0 <= x <= 100"""
    z = 10 // (y - 3)
    assert x + z != 57
    return z
'''

#: a loop whose assertion fails after one iteration (n = 3), and a division the loop keeps safe
HALVE = '''
def halve(n: int) -> int:
    """pre: n >= 1"""
    steps, power = 0, 1
    m = n
    while m > 1:
        m = m // 2
        steps += 1
        power *= 2
    assert n <= power
    return 100 // power
'''


def _program(tmp_path: Path, source: str, name: str = "prog.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return load_program(str(path), None, None)


def _no_lanes(monkeypatch) -> None:
    """Make forking a lane an error: the test expects none."""
    def refuse(*args, **kwargs):
        raise AssertionError("a lane was forked")

    monkeypatch.setattr(multiprocessing, "get_context", refuse)  # as `portfolio.analyse` forks a lane


def test_quick_search_finds_a_shallow_loop_bug_with_a_witness_that_fails_on_cpython(tmp_path):
    program = _program(tmp_path, HALVE)
    answer = quick_search(build_cfa(program, "halve"), Deadline.after(10))
    noes = {k: o for k, o in answer.outcomes.items() if o.verdict == Verdict.NO}
    assert [k[:2] for k in noes] == [("assert", 9)] and set(answer.news) == set(answer.outcomes)
    n = next(iter(noes.values())).witness.params["n"]
    namespace: dict = {}
    exec(textwrap.dedent(HALVE), namespace)
    with pytest.raises(AssertionError):
        namespace["halve"](n)
    assert ("div-by-zero", 10, 16) in answer.sites  # every check is described, decided or not


def test_quick_search_decides_safe_loop_free_code_and_no_lane_is_forked(tmp_path, monkeypatch):
    program = _program(tmp_path, "def g(x: int) -> int:\n    \"\"\"pre: x > 0\"\"\"\n    return 10 // x\n")
    _no_lanes(monkeypatch)
    results = proving.prove_function(program, "g", DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, 10))
    (div,) = [r for r in results if r.check == "div-by-zero"]
    assert div.verdict == Verdict.YES and "z3" in div.certificate.checked_by


def test_exit_first_confirms_a_quick_no_by_a_real_run_without_forking_the_search_lane(tmp_path, monkeypatch):
    program = _program(tmp_path, HALVE)
    marker = tmp_path / "search-lane-ran"
    monkeypatch.setattr(portfolio, "run_search_lane", lambda *args: marker.touch())  # runs in a forked lane
    heard = []
    results = proving.prove_function(program, "halve", DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, 10),
                                     on_no=heard.append, exit_first=True)
    (no,) = [r for r in results if r.verdict == Verdict.NO]
    assert no.check == "assert" and no.counterexample.confirmed and no.counterexample.replay.startswith("python")
    assert heard == [no]
    others = [r for r in results if r is not no]
    assert others and all(UnknownReason.of(r.reason) is UnknownReason.STOPPED for r in others)
    assert not marker.exists()  # the quick search stood in for it


def test_a_quick_no_that_does_not_replay_is_unknown_and_the_lanes_answer_the_rest(tmp_path, monkeypatch):
    program = _program(tmp_path, HALVE)
    real = proving.quick_search

    def lying(cfa, deadline, kinds, *rest):  # the quick search claims the assertion fails for n = 4 (a power of two: it holds)
        answer = real(cfa, deadline, kinds, *rest)
        key = next(k for k in answer.sites if k[0] == "assert")
        answer.outcomes, answer.news = {}, {}
        answer.merge({key: CheckOutcome(key, Verdict.NO, "bmc", witness=Witness({"n": 4}, {}, 2))})
        return answer

    monkeypatch.setattr(proving, "quick_search", lying)
    monkeypatch.setattr(proving, "typed_quick_no", lambda *args: None)  # its runs would find n = 3 first
    heard = []
    results = proving.prove_function(program, "halve", DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, 10),
                                     on_no=heard.append, exit_first=True)
    by_check = {r.check: r for r in results}
    assert heard == [] and by_check["assert"].verdict == Verdict.UNKNOWN
    assert "did not replay" in by_check["assert"].reason
    assert by_check["div-by-zero"].verdict == Verdict.YES  # the lanes ran: nothing was stopped


def test_cli_exit_first_on_loop_free_code_reports_one_replayed_no_and_stops_the_rest(tmp_path):
    (tmp_path / "two.py").write_text(textwrap.dedent(TWO_BUGS).lstrip("\n"))
    env = dict(os.environ, VERIFY_TIMELINE="1")
    done = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--format", "json", "-x", "two.py"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, env=env)
    assert done.returncode == 1, done.stderr
    results = json.loads(done.stdout)["results"]
    (no,) = [r for r in results if r["verdict"] == "no"]
    cex = no["counterexample"]
    assert cex["confirmed"] and cex["replay"].startswith("python")
    x, y = cex["inputs"]["x"], cex["inputs"]["y"]
    fails = y == 3 if no["check"] == "div-by-zero" else x + 10 // (y - 3) == 57
    assert 0 <= x <= 100 and fails
    assert all(r["verdict"] == "unknown" and r["reason"].startswith("stopped: ") for r in results if r is not no)
    # the timeline (VERIFY_TIMELINE) shows the steps in the order they happened, the replay before the report
    steps = [line.split("] ", 1)[1] for line in done.stderr.splitlines() if line.startswith("verify-timeline:")]
    times = [float(line.split()[1].rstrip("s")) for line in done.stderr.splitlines()
             if line.startswith("verify-timeline:")]
    order = ["command starts", "parsed", "quick search", "replaying", "witness confirmed", "report written"]
    at = [next(i for i, step in enumerate(steps) if step.startswith(want)) for want in order]
    assert at == sorted(at) and times == sorted(times), steps
    assert all(step == "0 lanes started" for step in steps if step.endswith("lanes started"))  # none was needed


def test_cli_streams_each_replayed_no_of_loop_free_code_before_the_file_is_done(tmp_path):
    (tmp_path / "two.py").write_text(textwrap.dedent(TWO_BUGS).lstrip("\n"))
    env = {k: v for k, v in os.environ.items() if k != "VERIFY_TIMELINE"}
    done = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--format", "json", "-v", "two.py"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, env=env)
    assert done.returncode == 1, done.stderr
    results = json.loads(done.stdout)["results"]
    assert sorted((r["check"], r["verdict"]) for r in results) == [("assert", "no"), ("div-by-zero", "no")]
    assert all(r["counterexample"]["confirmed"] for r in results)
    lines = done.stderr.splitlines()
    streamed = [i for i, line in enumerate(lines) if ": no: " in line and "confirmed" in line]
    finished = [i for i, line in enumerate(lines) if "[1/1] two.py" in line]
    assert len(streamed) == 2 and len(finished) == 1 and max(streamed) < finished[0], lines
    assert any("two.py:3:" in lines[i] and "div-by-zero" in lines[i] for i in streamed)


def test_the_timeline_prints_nothing_unless_asked(capsys, monkeypatch):
    from verifier import timeline

    monkeypatch.setattr(timeline, "ENABLED", False)
    timeline.mark("parsed f.py")
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(timeline, "ENABLED", True)
    timeline.mark("parsed f.py")
    assert capsys.readouterr().err.rstrip().endswith("] parsed f.py")
