"""Batches: many files in one run share their set-up, keep their order and show progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verifier import batch

ROOT = Path(__file__).resolve().parents[1]
MANAGED = Path("/work/shared/corpora/aws-managed")

#: set by `_warm` in the parent; workers see it only if they were forked after the warm-up
_WARMED: list[int] = []


def _warm() -> None:
    _WARMED.append(os.getpid())


def _seen_by_worker(item: int) -> tuple[int, int, list[int]]:
    return item * item, os.getpid(), list(_WARMED)


def test_workers_inherit_the_warm_up_and_answers_keep_their_order(capsys):
    _WARMED.clear()
    items = list(range(30))
    answers = batch.answer_many(items, _seen_by_worker, 2, warm_up=_warm, label=lambda i: f"item{i}",
                                detail=lambda a: f"square {a[0]}", verbose=True)
    assert [a[0] for a in answers] == [i * i for i in items]
    assert all(a[1] != os.getpid() for a in answers)  # computed in workers ...
    assert all(a[2] == [os.getpid()] for a in answers)  # ... which share the one warm-up done here
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 30 and lines[-1].startswith("verify: [30/30] item")
    assert {line.split("] ")[1].split(" (")[0] for line in lines} == {f"item{i}: square {i * i}" for i in items}


def _start_time(item: int) -> tuple[int, float]:
    started = time.monotonic()  # the system's clock: comparable between the workers
    time.sleep(0.02)
    return item, started


def test_the_workers_take_the_costliest_items_first_and_answers_keep_their_order():
    items = list(range(batch.MIN_FILES_FOR_WORKERS))
    answers = batch.answer_many(items, _start_time, 2, quiet=True, cost=lambda item: item)  # the last is the costliest
    assert [a[0] for a in answers] == items
    by_start = [item for item, _ in sorted(answers, key=lambda a: a[1])]
    assert by_start[0] in items[-2:] and 0 in by_start[-3:]


def test_few_items_or_one_job_run_here():
    for items, jobs in (([1, 2, 3], 2), (list(range(20)), 1)):
        answers = batch.answer_many(items, _seen_by_worker, jobs, quiet=True)
        assert [a[0] for a in answers] == [i * i for i in items] and {a[1] for a in answers} == {os.getpid()}


def _fails_on_seven(item: int) -> int:
    if item == 7:
        raise ValueError("seven")
    return item


def test_an_exception_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="seven"):
        batch.answer_many(list(range(20)), _fails_on_seven, 2, quiet=True)


def _policy_run(files: list[str], jobs: int, cwd: Path) -> tuple[subprocess.CompletedProcess, dict]:
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "policy", "validate", "--no-cache", "--format", "json",
                        "--jobs", str(jobs), "-v", *files], capture_output=True, text=True, cwd=cwd, timeout=300)
    return p, json.loads(p.stdout)


def _corpus_sample() -> list[str]:
    policies = sorted(str(p) for p in (ROOT / "examples" / "policies").glob("*.json"))
    managed = sorted(str(p) for p in MANAGED.glob("*.json"))[:6] if MANAGED.is_dir() else []
    return policies + managed


def test_policy_validate_in_workers_answers_as_in_one_process(tmp_path):
    files = _corpus_sample()
    (tmp_path / "broken.json").write_text('{"Version": "2012-10-17", "Statement": [}\n')
    files.append(str(tmp_path / "broken.json"))
    one, doc_one = _policy_run(files, 1, tmp_path)
    two, doc_two = _policy_run(files, 2, tmp_path)
    assert one.returncode == two.returncode == 2  # the broken file is bad input; the others are still answered
    assert doc_one["results"] == [{**r, "time_s": a["time_s"]} for r, a in zip(doc_two["results"], doc_one["results"])]
    assert len({r["location"]["file"] for r in doc_two["results"]}) == len(files) - 1
    progress = [line for line in two.stderr.splitlines() if line.startswith("verify: [")]
    assert len(progress) == len(files) and progress[-1].startswith(f"verify: [{len(files)}/{len(files)}] ")
    assert "broken.json:1:" in two.stderr and "error:" in two.stderr


@pytest.mark.parametrize("text", ["s3:Get*", "S3:gEt*", "*", "iam:PassRole", "ec2:*Instances", "*:List?ucket",
                                  "nosuchservice:*"])
def test_remembered_action_matches_are_the_matches(text):
    """The catalogue remembers what each action pattern matches across the policies of a
    run; asked twice, it answers as a plain case-insensitive glob over every action does."""
    import fnmatch

    from verifier.policy.catalogue import catalogue
    from verifier.policy.parse import action_pattern

    cat = catalogue()
    expected = frozenset(i for i, a in enumerate(cat.actions) if fnmatch.fnmatchcase(a.lower(), text.lower()))
    assert cat.matching(action_pattern(text)) == expected == cat.matching(action_pattern(text))
    assert ("nosuchservice" in text) == (not expected)
