"""The first worker of `verify prove`, started as the command begins (`parallel.prestart`): same answers,
and never left behind (timings are in bench/bench_startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from verifier import parallel
from verifier.parallel import Task, prestart, run_tasks

SAFE = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"
UNSAFE = "void f(unsigned x) {\n    __VERIFIER_assert(x != 7);\n}\n"
BROKEN = "void f(int x) {\n    x = ;\n}\n"

#: runs the CLI in this interpreter (not as the `verify` command: no worker is prestarted), prints its exit code
IN_PROCESS = """
import sys
from verifier.cli import main
try:
    main(sys.argv[1:], prog_name="verify")
    code = 0
except SystemExit as e:
    code = e.code
sys.stdout.flush()
print(f"exit {code}", file=sys.stderr)
"""

ENV = {k: v for k, v in os.environ.items() if k != "VERIFY_NO_SERVER"} | {"VERIFY_NO_SERVER": "1"}


def command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`verify ARGS` as the command (`python -m verifier.cli`), which prestarts its first worker."""
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=ENV, timeout=120)


def in_process(*args: str, cwd: Path) -> tuple[int, str, list[str]]:
    """Exit code, stdout and stderr lines of `verify ARGS` run in a fresh interpreter without a prestarted worker."""
    p = subprocess.run([sys.executable, "-c", IN_PROCESS, *args], capture_output=True, text=True, cwd=cwd, env=ENV,
                       timeout=120)
    *stderr, last = p.stderr.splitlines()
    return int(last.split()[1]), p.stdout, stderr


def processes_naming(marker: str) -> list[int]:
    """Live (not zombie) processes whose command line holds `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry))
    return found


def test_prestarted_runs_answer_as_in_process_runs(tmp_path):
    for name, text in (("safe.c", SAFE), ("unsafe.c", UNSAFE), ("broken.c", BROKEN)):
        (tmp_path / name).write_text(text)
    for args in (("prove", "--no-cache", "safe.c"), ("prove", "--no-cache", "unsafe.c"),
                 ("prove", "--no-cache", "broken.c"), ("prove", "--no-cache", "--format", "json", "safe.c", "unsafe.c"),
                 ("terminates", "--no-cache", "safe.c:f")):
        p = command(*args, cwd=tmp_path)
        code, out, err = in_process(*args, cwd=tmp_path)
        if "--format" in args:  # times differ from run to run
            import json

            ours, theirs = json.loads(p.stdout), json.loads(out)
            assert [(r["check"], r["verdict"]) for r in ours["results"]] == \
                   [(r["check"], r["verdict"]) for r in theirs["results"]]
        else:
            assert p.stdout == out, args
        assert (p.returncode, p.stderr.splitlines()) == (code, err), args
    assert command("prove", "--no-cache", "broken.c", cwd=tmp_path).stderr.startswith("broken.c:2:9: error: syntax")


def test_an_unused_prestarted_worker_is_not_left_behind(tmp_path):
    """Bad options (exit 2) and a run the cache answers whole never hand the worker a task: it ends with the command."""
    marker = tmp_path.name
    (tmp_path / "f.c").write_text(SAFE)
    assert command("prove", "f.c", cwd=tmp_path).returncode == 0  # fills the cache
    for args in (("prove", "--no-such-option", f"{tmp_path}/f.c"), ("prove", f"{tmp_path}/f.c")):
        p = command(*args, cwd=tmp_path)
        assert p.returncode == (2 if "--no-such-option" in args else 0), p.stderr
        deadline = time.monotonic() + 5
        while processes_naming(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_naming(marker) == [], args


def test_run_tasks_hands_the_first_task_to_the_prestarted_worker(tmp_path):
    (tmp_path / "f.c").write_text(UNSAFE)
    prestart([str(tmp_path / "f.c")])
    worker = parallel._prestarted
    assert worker is not None and worker.alive
    (outcome,) = run_tasks([Task(str(tmp_path / "f.c"), None, ("assert",), None, 10.0)], jobs=1)
    assert [(r.check, r.verdict.value) for r in outcome.results] == [("assert", "no")]
    assert outcome.results[0].counterexample.inputs == {"x": 7}
    assert parallel._prestarted is None and not worker.alive  # taken, then stopped with the run


def test_a_prestarted_worker_for_other_work_is_stopped_not_used(tmp_path):
    prestart([str(tmp_path / "f.c")])
    worker = parallel._prestarted
    (outcome,) = run_tasks([Task("a.c", None, ("assert",), None, 5.0)], jobs=1, work=_answer_nothing)
    assert outcome.results == [] and outcome.error is None
    assert parallel._prestarted is None and not worker.alive


def _answer_nothing(task: Task, send) -> None:
    send(("functions", None, []))
