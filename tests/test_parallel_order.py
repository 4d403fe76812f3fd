"""A batch starts the files likely to take longest first (`verifier.task_order`); answers keep the order given."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from verifier.parallel import Task, run_tasks
from verifier.task_order import expected_cost, file_size, longest_first

LOOP_FREE = "int f(int x) { return x / 2; }\n"
ONE_LOOP = "int f(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }\n"
TWO_LOOPS = "int f(int n) { int s = 0; while (n > 0) { n--; for (int i = 0; i < n; i++) s++; } return s; }\n"


def _files(tmp_path: Path) -> list[str]:
    texts = {"a.c": LOOP_FREE, "b.c": ONE_LOOP, "c.c": TWO_LOOPS, "d.c": LOOP_FREE + "/* a longer file */\n",
             "e.py": "def f(xs: list[int]) -> int:\n    for x in xs:\n        pass\n    return 0\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    return [str(tmp_path / name) for name in texts] + [str(tmp_path / "missing.c")]


def test_more_loops_first_then_the_longer_text(tmp_path):
    paths = _files(tmp_path)
    names = [Path(paths[i]).name for i in longest_first(paths)]
    assert names == ["c.c", "b.c", "e.py", "d.c", "a.c", "missing.c"]  # b.c: one loop, 74 bytes; e.py: one, 72
    assert expected_cost(str(tmp_path / "missing.c")) == 0 == file_size(str(tmp_path / "missing.c"))
    assert file_size(paths[1]) == len(ONE_LOOP)
    assert longest_first([paths[0], paths[0]]) == [0, 1]  # equal guesses keep their order


def _log_path(task, send):
    with open(Path(task.path).parent / "log", "a") as f:
        f.write(Path(task.path).name + "\n")
    send(("functions", "bv", []))


def test_run_tasks_hands_out_the_longest_first_and_answers_in_the_order_given(tmp_path):
    paths = _files(tmp_path)[:4]  # a.c, b.c, c.c, d.c
    tasks = [Task(p, None, ("assert",), None, 5.0) for p in paths]
    outcomes = run_tasks(tasks, jobs=1, work=_log_path)
    assert [o.task.path for o in outcomes] == paths
    assert (tmp_path / "log").read_text().split() == ["c.c", "b.c", "d.c", "a.c"]
    (tmp_path / "log").unlink()
    run_tasks([dataclasses.replace(t, exit_first=True) for t in tasks], jobs=1, work=_log_path)
    assert (tmp_path / "log").read_text().split() == ["a.c", "b.c", "c.c", "d.c"]  # -x: the order given
