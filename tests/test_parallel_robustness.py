"""A batch always ends with every other file answered: after an internal error in a worker,
and when a killed worker is slow to die (a loaded machine)."""

from __future__ import annotations

import json
import multiprocessing.process
import time

import verifier.proving
from verifier import errors
from verifier.parallel import Task, run_tasks
from verifier.result import Location, Result, Verdict
from verifier.workflow import prove_command


def test_an_internal_error_in_one_file_leaves_the_other_files_answered(tmp_path, monkeypatch, capsys):
    real = verifier.proving.prove_function

    def prove_function(program, name, *args, **kw):
        if program.path.endswith("bad.c"):
            raise RuntimeError("boom")
        return real(program, name, *args, **kw)

    monkeypatch.setattr(verifier.proving, "prove_function", prove_function)  # inherited by the forked workers
    monkeypatch.setattr(errors, "show_tracebacks", False)
    monkeypatch.chdir(tmp_path)
    for name in ("a.c", "bad.c", "z.c"):
        (tmp_path / name).write_text("int f(int x) { return x / 2; }\n")
    code = prove_command((str(tmp_path),), "div", None, None, 10.0, 2, True, "json", False, False)
    out = capsys.readouterr()
    verdicts = {(r["target"].rsplit("/", 1)[1], r["verdict"], r["reason"]) for r in json.loads(out.out)["results"]}
    assert verdicts == {("a.c:f", "yes", None), ("z.c:f", "yes", None),
                        ("bad.c:f", "unknown", "solver: internal error (RuntimeError: boom; please report it)")}
    assert code == 3  # an unknown, no no
    (line,) = [ln for ln in out.err.splitlines() if "INTERNAL ERROR" in ln]
    assert line.startswith(f"verify: error: INTERNAL ERROR while proving {tmp_path / 'bad.c'}: RuntimeError: boom")
    assert "Traceback" not in out.err


def _hang_on_a(task, send):
    send(("functions", "bv", [("f", task.path, 1, 1)]))
    send(("start", "f"))
    if task.path == "a.c":
        time.sleep(3600)
    send(("results", "f", [Result("assert", f"{task.path}:f", Location(task.path, 1, 1), Verdict.YES)]))


def test_a_killed_worker_that_seems_alive_is_not_handed_the_next_task(monkeypatch):
    """Under load a killed worker can outlast the wait for it: the next task goes to a fresh worker
    (it once went to the stopped one, whose pipe was closed: exit 4 on a 100-file batch)."""
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "is_alive", lambda self: True)
    a, b = run_tasks([Task("a.c", None, ("assert",), None, 0.5), Task("b.c", None, ("assert",), None, 5.0)], jobs=1,
                     work=_hang_on_a)
    assert a.transient and [r.verdict for r in a.results] == [Verdict.UNKNOWN]
    assert a.results[0].reason.startswith("timeout: the worker did not finish a.c:f")
    assert not b.transient and [(r.target, r.verdict) for r in b.results] == [("b.c:f", Verdict.YES)]
