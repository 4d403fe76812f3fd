"""Where `verify prove`'s time goes on the memory corpus (bench/memory/), file by file.

    python bench/bench_memory_phases.py [--timeout 10] [--priority] [FILE ...]

Each file is run as `bench_memory.py` runs it (a whole `verify prove --no-cache`
process on the checks its header names), one at a time, with the timeline on
(`VERIFY_TIMELINE`, `verifier/timeline.py`), and its CPU time (user + system of the
process and every process it waited for) is split by who spent it: the command
process (start-up, report), the worker that answers the file (parsing, the quick
search, replaying a no, re-checking certificates, Hypothesis's imports and
exploring), each engine lane (search: BMC and k-induction; proof: invariants;
sampling), and the rest (gcc's builds and the harness runs, the refuter's process,
cvc5 on long obligations (`crosscheck.recheck.APART_CHARS`), other helpers). Wall
columns: when the engines were done, and the tail after them (re-checks still
running, the refuter) until the answer. Medians at the bottom.
`--priority` as in `bench_memory.py` (a quiet machine for this run).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory_corpus import Header, corpus, read_header  # noqa: E402

#: a timeline line: seconds since the command started, process id, its CPU seconds, the step
TIMELINE = re.compile(r"verify-timeline:\s+([\d.]+)s \[(\d+) cpu ([\d.]+)s\] (.*)")
#: the lane names of the portfolio's "lane cpu" line, as columns
LANES = ("search", "proof", "sampling")


@dataclass
class Phases:
    """One file's run: wall and CPU seconds, and the CPU seconds of each part."""

    header: Header
    wall: float
    cpu: float
    command: float = 0.0
    worker: float = 0.0
    lanes: dict[str, float] = field(default_factory=dict)
    engines_done: float = 0.0  # wall seconds at which the engines were done (the last function's)
    answered: float = 0.0  # wall seconds at which the worker's results were ready

    @property
    def rest(self) -> float:
        return max(0.0, self.cpu - self.command - self.worker - sum(self.lanes.values()))


def timeline_lines(err: str) -> list[str]:
    """The timeline's lines in `err`, one per step even where two processes' writes ran
    together on one line (each process prints its step and its newline separately)."""
    return [f"verify-timeline:{part}".strip() for part in err.split("verify-timeline:")[1:]]


def measure(header: Header, timeout: float) -> Phases:
    """Run `verify prove` on the file with the timeline on; its phases."""
    command = [sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json",
               "--timeout", str(timeout), "--check", ",".join(header.expect), str(header.path)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "VERIFY_TIMELINE": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read() if proc.stderr else ""
    _, _, usage = os.wait4(proc.pid, 0)
    phases = Phases(header, time.perf_counter() - start, usage.ru_utime + usage.ru_stime)
    steps = [(float(m[1]), m[2], float(m[3]), m[4]) for m in map(TIMELINE.match, timeline_lines(err)) if m]
    last_cpu = {pid: cpu for _, pid, cpu, _ in steps}  # each process's CPU at its last step
    command_pid = next((pid for _, pid, _, step in steps if step == "command starts"), None)
    worker_pid = next((pid for _, pid, _, step in steps if step.startswith("results of ")), None)
    phases.command = last_cpu.get(command_pid, 0.0)
    phases.worker = last_cpu.get(worker_pid, 0.0) if worker_pid != command_pid else 0.0
    for at, _, _, step in steps:
        if step.startswith("lane cpu "):
            for part in filter(None, step[len("lane cpu "):].split(", ")):  # none when no lane was forked
                name, seconds = part.split("=")
                lane = name.removeprefix("run_").removesuffix("_lane")
                phases.lanes[lane] = phases.lanes.get(lane, 0.0) + float(seconds.rstrip("s"))
        elif step.startswith("engines done on "):
            phases.engines_done = at
        elif step.startswith("results of "):
            phases.answered = at
    return phases


def report(rows: list[Phases]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="memory corpus: where verify's time goes (seconds)")
    columns = ["file", "expected", "wall", "cpu", "command", "worker", *LANES, "rest", "engines done", "tail"]
    for col in columns:
        table.add_column(col, justify="left" if col in ("file", "expected") else "right")

    def cells(r: Phases) -> list[float]:
        return [r.wall, r.cpu, r.command, r.worker, *(r.lanes.get(n, 0.0) for n in LANES), r.rest,
                r.engines_done, max(0.0, r.answered - r.engines_done)]

    for r in rows:
        table.add_row(r.header.path.stem, "yes" if r.header.safe else f"no ({r.header.fails})",
                      *(f"{x:.2f}" for x in cells(r)))
    if rows:
        table.add_row("median", "", *(f"{statistics.median(c):.2f}" for c in zip(*map(cells, rows))))
    Console(width=200).print(table)
    print(f"machine load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--timeout", type=float, default=10.0, help="verify's --timeout (seconds per check)")
    parser.add_argument("--priority", action="store_true",
                        help="run ahead of the machine's other sessions (autogroup nice -20; Linux, root)")
    args = parser.parse_args()
    if args.priority:
        from bench.bench_startup import raise_priority

        print(f"priority: {raise_priority()}", file=sys.stderr)
    headers = [read_header(p) for p in args.files] if args.files else corpus()
    report([measure(h, args.timeout) for h in headers])
    return 0


if __name__ == "__main__":
    sys.exit(main())
