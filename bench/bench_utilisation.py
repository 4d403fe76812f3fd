"""How busy a cold batch keeps the cores: CPU time over wall time for `verify prove` on 100 C
programs and `verify policy validate` on 100 AWS managed policies, each one `verify` process
with `--jobs N --no-cache`.

The programs are the loop bench (bench/loops) and then the memory bench (bench/memory), in
name order, up to `--files`; the policies are the first `--files` of the managed corpus. CPU
time is the user + system time of the process and everything it started (resource.getrusage
of the children), so it counts workers, solver processes and compilers. Issue 19 asks for a
ratio of at least 1.8 with 2 jobs on 2 cores; the load average before and after is shown
because other work on the machine takes cores away and lowers the ratio. So the table also
shows the demand, which the load does not change: every 50 ms the threads of the run's processes
that are running or waiting for a core are counted (from /proc), and the demand is the mean of
min(that count, cores): the CPU over wall time the run would reach on an idle machine
(an estimate: waiting for a core stretches the busy spells, not the idle ones, so the
demand under load overstates an idle machine's figure). `--priority` measures instead
as if the machine were idle: the bench and what it starts run ahead of the machine's
other sessions (autogroup nice -20, as `bench_startup.py --priority`; Linux, root).

Run: python bench/bench_utilisation.py [--jobs 2] [--files 100] [--timeout 10] [--priority]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench_startup import raise_priority
from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpora/aws-managed")


def programs(count: int) -> list[str]:
    """The loop programs, then the memory programs, in name order, `count` at most."""
    files = sorted(BENCH.glob("loops/*.c")) + sorted(BENCH.glob("memory/*.c"))
    return [str(p) for p in files[:count]]


def policies(count: int) -> list[str]:
    return [str(p) for p in sorted(CORPUS.glob("*.json"))[:count]]


def runnable(root: int) -> int:
    """How many threads of the processes of the tree under `root` are running or waiting for a
    core (state R; a worker waiting for its re-check thread is busy through that thread)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue  # ended meanwhile
    count = 0
    for pid in parent:
        p = pid
        while p > 1 and p != root:
            p = parent.get(p, 0)
        if p == root:
            count += running_threads(pid)
    return count


def running_threads(pid: int) -> int:
    """How many threads of process `pid` are in state R (0 once it has ended)."""
    count = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                count += f.read().rsplit(")", 1)[1].split()[0] == "R"
        except OSError:
            continue
    return count


def run(command: list[str], files: list[str], jobs: int, timeout: float) -> dict:
    """One `verify` process over `files`: wall and CPU seconds, demand, load, exit code and verdict counts."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    start = time.perf_counter()
    samples: list[int] = []
    with tempfile.TemporaryDirectory() as cwd:  # no [tool.verify] of the checkout applies
        proc = subprocess.Popen([sys.executable, "-m", "verifier.cli", *command, "--no-cache", "--format", "json",
                                 "--jobs", str(jobs), "--timeout", str(timeout), "-q", *files],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                samples.append(min(cores, runnable(proc.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, _ = proc.communicate(timeout=3600)
        done.set()
        sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    doc = json.loads(stdout) if stdout.strip() else {"results": []}
    counts = Counter(r["verdict"] for r in doc["results"])
    demand = sum(samples) / len(samples) if samples else 0.0
    return {"wall": wall, "cpu": cpu, "demand": demand, "load": (load, os.getloadavg()[0]), "code": proc.returncode,
            "counts": counts, "samples": samples}


def trace(samples: list[int], parts: int = 20) -> str:
    """The demand in each of `parts` equal slices of the run, oldest first: where the cores wait."""
    size = max(1, len(samples) // parts)
    slices = [samples[i:i + size] for i in range(0, len(samples), size)]
    return " ".join(f"{sum(s) / len(s):.1f}" for s in slices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=10.0, help="--timeout of each verify run (per function/file)")
    parser.add_argument("--only", choices=("prove", "validate"), help="one of the two batches")
    parser.add_argument("--trace", action="store_true", help="also print the demand in each twentieth of each run")
    parser.add_argument("--priority", action="store_true",
                        help="run ahead of the machine's other sessions (autogroup nice -20; Linux, root)")
    args = parser.parse_args()
    priority = raise_priority() if args.priority else "normal priority"
    batches = {"prove": (["prove"], programs(args.files)), "validate": (["policy", "validate"], policies(args.files))}
    table = Table(title=f"cold batches, --jobs {args.jobs}, {os.cpu_count()} cores, {priority}")
    for col in ("command", "files", "wall (s)", "CPU (s)", "CPU / wall", "demand (cores)", "load before/after", "exit",
                "yes/no/unknown"):
        table.add_column(col, justify="left" if col == "command" else "right")
    for name, (command, files) in batches.items():
        if args.only and name != args.only:
            continue
        out = run(command, files, args.jobs, args.timeout)
        c = out["counts"]
        table.add_row(" ".join(command), str(len(files)), f"{out['wall']:.1f}", f"{out['cpu']:.1f}",
                      f"{out['cpu'] / out['wall']:.2f}", f"{out['demand']:.2f}", f"{out['load'][0]:.1f} / {out['load'][1]:.1f}",
                      str(out["code"]),
                      f"{c['yes']}/{c['no']}/{c['unknown']}")
        if args.trace:
            print(f"{' '.join(command)}: demand per twentieth of the run: {trace(out['samples'])}")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
