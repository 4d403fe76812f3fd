"""--jobs: worker processes with deadlines; a stuck or crashed worker is an unknown, never a hung run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from verifier.parallel import Task, run_tasks
from verifier.result import Location, Result, Verdict

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: examples every engine settles quickly (no timeouts), so answers cannot depend on load
QUICK = ["average.c", "f.c", "g.c", "g2.c", "ratio.c", "h.c", "g.py", "floor_division.py"]


def verify_json(*args: str, cwd: Path) -> tuple[int, dict, float]:
    start = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--format", "json", *args],
                       capture_output=True, text=True, cwd=cwd, timeout=600)
    return p.returncode, json.loads(p.stdout), time.monotonic() - start


def _answers(doc: dict) -> list[tuple]:
    """Each check's verdict and evidence status (the lanes race, so which engine
    wins, and the counterexample it found, may differ between runs)."""
    return [(r["check"], r["target"], r["location"]["line"], r["location"]["column"], r["verdict"],
             (r["counterexample"] or {}).get("confirmed"), bool(r["certificate"])) for r in doc["results"]]


def test_jobs_2_gives_the_same_answers_as_jobs_1(tmp_path):
    for name in QUICK:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    code1, one, _ = verify_json(*QUICK, "--jobs", "1", "--no-cache", cwd=tmp_path)
    code2, two, _ = verify_json(*QUICK, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert code1 == code2 == 1
    assert _answers(one) == _answers(two)
    assert {r["verdict"] for r in one["results"]} == {"yes", "no", "unknown"}


def test_tiny_timeout_on_a_hard_program_is_unknown_not_a_hang(tmp_path):
    (tmp_path / "sum.py").write_text((EXAMPLES / "big_sum.py").read_text())
    code, doc, elapsed = verify_json("sum.py", "--function", "sum_up", "--timeout", "0.5", "--no-cache",
                                     cwd=tmp_path)
    assert code == 3 and doc["results"]
    # the engines give up naming the loop, or the worker is stopped first (one unknown per check kind asked for)
    assert all(r["verdict"] == "unknown" and r["reason"].startswith("timeout") for r in doc["results"]), doc
    assert elapsed < 60


def _task(path: str = "a.c", timeout: float = 0.5) -> Task:
    return Task(path, None, ("assert", "overflow"), None, timeout)


def _hang_after_start(task, send):
    send(("functions", "bv", [("f", task.path, 2, 1), ("g", task.path, 7, 1)]))
    send(("start", "f"))
    send(("results", "f", []))
    send(("start", "g"))
    time.sleep(3600)


def test_stuck_worker_gives_unknown_timeout_for_its_open_checks():
    start = time.monotonic()
    (outcome,) = run_tasks([_task()], jobs=1, work=_hang_after_start)
    assert time.monotonic() - start < 10
    assert outcome.transient
    assert [(r.target, r.check, r.verdict, r.location.line) for r in outcome.results] == [
        ("a.c:g", "assert", Verdict.UNKNOWN, 7), ("a.c:g", "overflow", Verdict.UNKNOWN, 7)]
    assert all(r.reason.startswith("timeout: the worker did not finish a.c:g") for r in outcome.results)


def _spawn_and_hang(task, send):
    child = subprocess.Popen(["sleep", "600"])
    Path(task.path).write_text(str(child.pid))
    send(("functions", "bv", [("f", task.path, 1, 1)]))
    send(("start", "f"))
    time.sleep(3600)


def test_killing_a_stuck_worker_also_kills_what_it_started(tmp_path):
    pid_file = tmp_path / "pid"
    run_tasks([_task(str(pid_file))], jobs=1, work=_spawn_and_hang)
    pid = int(pid_file.read_text())
    time.sleep(0.2)
    assert not _running(pid)


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a container's init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _crash_on_b(task, send):
    if task.path == "b.c":
        import faulthandler

        faulthandler.disable()  # pytest's handler would print the worker's stack
        os.kill(os.getpid(), signal.SIGSEGV)
    send(("functions", "bv", [("f", task.path, 1, 1)]))
    send(("start", "f"))
    send(("results", "f", []))


def test_crashed_worker_gives_unknown_and_the_run_goes_on():
    outcomes = run_tasks([_task("a.c"), _task("b.c"), _task("c.c")], jobs=1, work=_crash_on_b)
    a, b, c = outcomes
    assert not a.transient and not c.transient and a.results == c.results == []
    assert b.transient and {r.check for r in b.results} == {"assert", "overflow"}
    assert all(r.verdict == Verdict.UNKNOWN and r.reason == "solver: worker crashed (killed by SIGSEGV)"
               for r in b.results)


def _bug_in_g_of_b(task, send):
    send(("functions", "bv", [("f", task.path, 1, 1), ("g", task.path, 5, 1)]))
    send(("start", "f"))
    send(("results", "f", [Result("assert", f"{task.path}:f", Location(task.path, 2, 3), Verdict.YES)]))
    send(("start", "g"))
    if task.path == "b.c":
        raise ValueError("boom")
    send(("results", "g", []))


def test_an_exception_in_a_worker_is_an_internal_error_that_hides_no_other_answer():
    """An internal error ends only its file's work: what it settled stays, its open checks are unknown
    (solver: internal error), the traceback is kept, and the next file is answered by a fresh worker."""
    a, b, c = run_tasks([_task("a.c"), _task("b.c"), _task("c.c")], jobs=1, work=_bug_in_g_of_b)
    assert not a.internal and not c.internal and not a.transient and not c.transient
    assert [(r.target, r.verdict) for r in c.results] == [("c.c:f", Verdict.YES)]
    assert b.transient and "Traceback" in b.internal and "ValueError: boom" in b.internal
    assert [(r.target, r.check, r.verdict) for r in b.results] == [
        ("b.c:f", "assert", Verdict.YES), ("b.c:g", "assert", Verdict.UNKNOWN), ("b.c:g", "overflow", Verdict.UNKNOWN)]
    assert all(r.reason == "solver: internal error (ValueError: boom; please report it)"
               for r in b.results if r.verdict == Verdict.UNKNOWN)


def test_one_stuck_function_among_real_ones(tmp_path, monkeypatch):
    """The real work (parse, prove) with one function made to hang: the others are answered."""
    import verifier.proving

    real = verifier.proving.prove_function

    def prove_function(program, name, checks, deadline, report=None, **kw):
        if name == "stuck":
            time.sleep(3600)
        return real(program, name, checks, deadline, report, **kw)

    monkeypatch.setattr(verifier.proving, "prove_function", prove_function)  # inherited by the forked workers
    path = tmp_path / "two.c"
    path.write_text("int ok(int x) { return x / 2; }\nint stuck(int x) { return x / 3; }\n")
    (outcome,) = run_tasks([Task(str(path), None, ("div-by-zero",), None, 2.0)], jobs=2)
    by_target = {r.target.rsplit(":", 1)[1]: r for r in outcome.results}
    assert by_target["ok"].verdict == Verdict.YES
    assert by_target["stuck"].verdict == Verdict.UNKNOWN and by_target["stuck"].reason.startswith("timeout")
