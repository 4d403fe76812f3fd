"""A confirmed no is reported as soon as it is replayed; `--exit-first` stops the run there.

The early no must be the full run's no, a stopped check is unknown (``stopped: ...``)
and never yes, and nothing stopped is cached.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from verifier.config import DEFAULT_CHECKS
from verifier.deadline import function_deadline
from verifier.early_no import EarlyNo
from verifier.load import load_program
from verifier.proving import prove_function
from verifier.registry import UnknownReason
from verifier.result import Verdict

#: one no that BMC finds at once (q == 3 when x = 3 * y), and a division that is yes
QUOTIENT = '''
def quotient(x: int, y: int) -> int:
    """pre: y > 0"""
    q = x // y
    assert q != 3
    return q
'''

#: a no found at once, and a true assertion after a loop that needs a non-linear invariant
CUBES = '''
def cubes(n: int, x: int) -> int:
    assert x != 7
    s = 0
    i = 0
    while i < n:
        s += i * i * i
        i += 1
    assert n <= 0 or 4 * s == (n * (n - 1)) * (n * (n - 1))
    return s
'''


def _write(tmp_path: Path, source: str, name: str = "prog.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return path


def _prove(path: Path, function: str, timeout: float = 10.0, **kw):
    program = load_program(str(path), None, None)
    heard: list = []
    results = prove_function(program, function, DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, timeout),
                             on_no=lambda r: heard.append((r, r.verdict, r.counterexample.explored)), **kw)
    return results, heard


def _stopped(reason: str) -> bool:
    return UnknownReason.of(reason) is UnknownReason.STOPPED


def test_a_confirmed_no_is_heard_once_before_exploring_and_is_the_result_reported(tmp_path):
    results, heard = _prove(_write(tmp_path, QUOTIENT), "quotient")
    no = [r for r in results if r.verdict == Verdict.NO]
    assert [r.check for r in no] == ["assert"] and no[0].location.line == 4
    assert len(heard) == 1 and heard[0][0] is no[0] and heard[0][1] == Verdict.NO
    assert heard[0][2] is None and no[0].counterexample.explored is not None  # explored after it was heard
    x, y = no[0].counterexample.inputs["x"], no[0].counterexample.inputs["y"]
    assert y > 0 and x // y == 3 and no[0].counterexample.confirmed
    assert {r.check: r.verdict for r in results}["div-by-zero"] == Verdict.YES


def test_exit_first_stops_at_the_full_runs_no_and_leaves_the_rest_unknown(tmp_path):
    path = _write(tmp_path, QUOTIENT)
    full, _ = _prove(path, "quotient")
    first, heard = _prove(path, "quotient", exit_first=True)
    (no_full,) = [r for r in full if r.verdict == Verdict.NO]
    (no_first,) = [r for r in first if r.verdict == Verdict.NO]
    assert (no_first.check, no_first.location, no_first.counterexample.inputs, no_first.counterexample.confirmed) == (
        no_full.check, no_full.location, no_full.counterexample.inputs, True)
    assert no_first.counterexample.explored is None  # stopping does not wait for exploring
    others = [r for r in first if r is not no_first]
    assert others and all(r.verdict == Verdict.UNKNOWN and _stopped(r.reason) for r in others)
    assert [h[0] for h in heard] == [no_first]


def test_exit_first_does_not_wait_for_the_checks_still_open(tmp_path):
    start = time.monotonic()
    results, _ = _prove(_write(tmp_path, CUBES), "cubes", timeout=30.0, exit_first=True)
    assert time.monotonic() - start < 10  # the cubes assertion alone keeps the engines busy until the deadline
    by_line = {r.location.line: r for r in results if r.check == "assert"}
    assert by_line[2].verdict == Verdict.NO and by_line[2].counterexample.inputs["x"] == 7
    assert by_line[8].verdict == Verdict.UNKNOWN and _stopped(by_line[8].reason)


def test_exit_first_on_c_confirms_by_a_real_run_tcc_first_while_gcc_builds(tmp_path):
    path = _write(tmp_path, "int f(int x, int y) {\n  __VERIFIER_assert(x != 5);\n  return y / x;\n}\n", "f.c")
    results, heard = _prove(path, "f", exit_first=True)
    (no,) = [r for r in results if r.verdict == Verdict.NO]
    # a new file: tcc's run confirms while gcc's harness builds, unless gcc's build is ready first
    compilers = ("tcc", "gcc") if shutil.which("tcc") else ("gcc",)
    assert no.check == "assert" and no.counterexample.inputs["x"] == 5 and no.counterexample.replay.startswith(compilers)
    assert [h[0] for h in heard] == [no]
    assert all(r.verdict == Verdict.UNKNOWN and _stopped(r.reason) for r in results if r is not no)


class _Answer:
    """The part of `portfolio.PortfolioAnswer` that `EarlyNo.hear` reads."""

    def __init__(self, sites) -> None:
        self.sites = sites

    def settled(self) -> bool:
        return False


def test_a_no_that_does_not_replay_is_neither_heard_nor_a_reason_to_stop(tmp_path):
    from verifier.encode import CheckSite
    from verifier.engines.outcome import CheckOutcome
    from verifier.ir import Loc

    site = CheckSite("assert", Loc("f.py", 3, 5), "x != 3")
    key = ("assert", 3, 5)
    heard = []

    def confirm(site, outcome, result, explore_s, on_confirmed):  # the real run does not fail
        result.reason = UnknownReason.INCOMPLETE.describe("counterexample did not replay (returned normally)")

    early = EarlyNo(["assert"], "f.py:f", "f.py", time.monotonic(), confirm, heard.append, exit_first=True)
    outcome = CheckOutcome(key, Verdict.NO, "bmc")
    assert early.hear(_Answer({key: site}), {key: outcome}) is False
    assert heard == [] and early.results[key].verdict == Verdict.UNKNOWN and not early.stopped


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--format", "json", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def test_cli_exit_first_stops_the_run_streams_the_no_and_caches_nothing(tmp_path):
    _write(tmp_path, QUOTIENT, "a_quotient.py")
    _write(tmp_path, "def double(x: int) -> int:\n    return 2 * x\n", "b_double.py")
    first = _cli(tmp_path, "-x", "-v", "-j", "1", "a_quotient.py", "b_double.py")
    assert first.returncode == 1, first.stderr
    doc = json.loads(first.stdout)
    assert doc["verdict"] == "no" and doc["cache"] == {"hits": 0, "misses": 2}
    (no,) = [r for r in doc["results"] if r["verdict"] == "no"]
    assert no["counterexample"]["confirmed"] and no["location"]["line"] == 4
    rest = [r for r in doc["results"] if r is not no]
    assert rest and all(r["verdict"] == "unknown" and r["reason"].startswith("stopped: ") for r in rest)
    assert {r["location"]["file"] for r in rest} == {"a_quotient.py", "b_double.py"}
    assert "a_quotient.py:4:5: no: assert: q != 3" in first.stderr  # streamed before the report
    full = _cli(tmp_path, "-j", "1", "a_quotient.py", "b_double.py")
    doc = json.loads(full.stdout)
    assert full.returncode == 1 and doc["cache"] == {"hits": 0, "misses": 2}  # nothing stopped was stored
    (full_no,) = [r for r in doc["results"] if r["verdict"] == "no"]
    assert full_no["counterexample"]["inputs"] == no["counterexample"]["inputs"]
    assert not any(r["verdict"] == "unknown" for r in doc["results"])


def _find_then_hang(task, send):
    from verifier.result import Counterexample, Location, Result

    send(("functions", "bv", [("f", task.path, 1, 1)]))
    send(("start", "f"))
    send(("found", "f", Result("assert", f"{task.path}:f", Location(task.path, 2, 3), Verdict.NO,
                                counterexample=Counterexample(inputs={"x": 5}, confirmed=True))))
    time.sleep(3600)


def test_a_no_streamed_by_a_worker_killed_later_stays_in_the_report():
    from verifier.parallel import Task, run_tasks

    streamed = []
    (outcome,) = run_tasks([Task("a.c", None, ("assert", "overflow"), None, 1.0)], jobs=1, work=_find_then_hang,
                           on_found=lambda task, result: streamed.append(result))
    assert [r.location.line for r in streamed] == [2]
    assert outcome.transient  # never cached
    no = [r for r in outcome.results if r.verdict == Verdict.NO]
    assert [(r.check, r.location.line, r.counterexample.inputs) for r in no] == [("assert", 2, {"x": 5})]
    assert {r.check for r in outcome.results if r.verdict == Verdict.UNKNOWN} == {"assert", "overflow"}
