"""Competition-style C tasks (bench/competition_c/): verify's answers against the expected ones.

Every file is a program written for this benchmark in the style of the software-verification
competition's C categories (ReachSafety-Loops/Arrays/Recursive/Bitvector/ControlFlow,
NoOverflows, Termination, MemSafety); none is copied from a public suite. Its header:

    // category: ReachSafety-Loops           the competition category it imitates
    // expect: prove=yes terminates=no        the true answer of each command
    // checks: overflow                       optional: `verify prove --check` (the property); by default
                                              `assert` (the competition's unreach-call)
    // data-model: ILP32                      optional (LP64 otherwise)
    // why: one line: why the answers hold

Each command runs as a whole process (`verify prove|terminates --format json --no-cache
--jobs 1`): its verdict, the expected one, wrong (a yes or no against the expectation),
whether a no's counterexample was confirmed by replay, the wall time and the CPU time of the
process and its children, and the reason of an unknown. A crash (a traceback, or an exit
status other than 0, 1, 3) is a row of its own. Exit status 1 when some answer is wrong or
some run crashed.

    python bench/bench_competition_c.py [--timeout 10] [--jobs 2] [--tree TREE] [PATTERN ...]

`--tree TREE` runs the `verifier` package of TREE (an earlier copy of the repository, e.g.
`git archive HEAD verifier grammars | tar -x -C TREE`) instead of this one: a before/after table.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TASKS = ROOT / "bench" / "competition_c"
#: the property `verify prove` checks when a file names none: the competition's unreach-call
DEFAULT_CHECKS = "assert"


@dataclass
class Task:
    """One command on one file, with its expected verdict."""

    path: Path
    command: str
    expect: str
    checks: str
    data_model: str
    category: str


@dataclass
class Row:
    task: Task
    verdict: str
    confirmed: bool
    wall: float
    cpu: float
    detail: str

    @property
    def wrong(self) -> bool:
        return self.verdict in ("yes", "no") and self.verdict != self.task.expect


def read_tasks(path: Path) -> list[Task]:
    """The tasks of one file, from its header."""
    text = path.read_text()
    expect = re.search(r"^//\s*expect:\s*(.*)$", text, re.M)
    if expect is None:
        raise ValueError(f"{path.name}: missing '// expect:' line")
    checks = re.search(r"^//\s*checks:\s*(\S+)", text, re.M)
    model = re.search(r"^//\s*data-model:\s*(\w+)", text, re.M)
    category = re.search(r"^//\s*category:\s*(.*)$", text, re.M)
    pairs = dict(item.split("=") for item in expect.group(1).split())
    return [Task(path, command, verdict, checks.group(1) if checks else DEFAULT_CHECKS,
                 model.group(1).lower() if model else "lp64", category.group(1).strip() if category else "")
            for command, verdict in pairs.items()]


def run(task: Task, timeout: float, tree: str | None = None) -> Row:
    """Run one task as a `verify` process (of the `verifier` package in `tree`, if given); its row."""
    argv = [sys.executable, "-m", "verifier.cli", task.command, "--format", "json", "--no-cache", "--jobs", "1",
            "--timeout", str(timeout), "--data-model", task.data_model]
    if task.command == "prove":
        argv += ["--check", task.checks]
    argv.append(str(task.path))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    env = dict(os.environ, PYTHONPATH=tree) if tree else None
    proc = subprocess.run(argv, capture_output=True, text=True, cwd="/tmp", env=env)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # with several threads the children's usage interleaves: the CPU column is approximate under --jobs > 1
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if "Traceback" in proc.stderr or proc.returncode not in (0, 1, 3):
        last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return Row(task, "crash", False, wall, cpu, f"exit {proc.returncode}: {last}")
    report = json.loads(proc.stdout)
    results = report["results"]
    verdict = report["verdict"]
    confirmed = any(r["verdict"] == "no" and (r["counterexample"] or {}).get("confirmed") for r in results)
    reasons = [f"{r['check']}@{r['location']['line']}: {r['reason']}" for r in results if r["verdict"] == "unknown"]
    nos = [f"{r['check']}@{r['location']['line']}" for r in results if r["verdict"] == "no"]
    detail = "; ".join(nos if verdict == "no" else reasons)
    return Row(task, verdict, confirmed, wall, cpu, detail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="*", default=["*.c"])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=1, help="tasks run at a time")
    parser.add_argument("--tree", help="run the verifier package of this directory instead")
    args = parser.parse_args()
    paths = sorted(p for p in TASKS.glob("*.c") if any(fnmatch.fnmatch(p.name, pat) for pat in args.patterns))
    tasks = [t for p in paths for t in read_tasks(p)]
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda t: run(t, args.timeout, args.tree), tasks))

    print(f"{'task':36} {'command':10} {'expect':6} {'answer':7} {'wall':>6} {'cpu':>6}  detail")
    for r in rows:
        mark = "WRONG " if r.wrong else ""
        if r.verdict == "no" and not r.confirmed:
            mark += "(unconfirmed) "
        print(f"{r.task.path.name:36} {r.task.command:10} {r.task.expect:6} {r.verdict:7} {r.wall:6.2f} {r.cpu:6.2f}"
              f"  {mark}{r.detail[:150]}")
    right = sum(r.verdict == r.task.expect for r in rows)
    counts = {v: sum(r.verdict == v for r in rows) for v in ("yes", "no", "unknown", "crash")}
    wrong = [r for r in rows if r.wrong]
    print(f"tasks: {len(rows)}  right: {right}  yes: {counts['yes']}  no: {counts['no']}  unknown: {counts['unknown']}"
          f"  crash: {counts['crash']}  wrong: {len(wrong)}"
          f"  unconfirmed no: {sum(r.verdict == 'no' and not r.confirmed for r in rows)}")
    print(f"median wall: {statistics.median(r.wall for r in rows):.2f}s  total cpu: {sum(r.cpu for r in rows):.1f}s"
          f"  load: {os.getloadavg()[0]:.2f}")
    return 1 if wrong or counts["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
