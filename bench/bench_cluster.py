"""The cluster scaling run (issue 19): the same work without a cluster, on a 1-worker and on a 2-worker Dask cluster.

Two workloads, each one `verify` process (`--no-cache --format json`):
`verify prove` on the first `--programs` files of bench/loops, and `verify
policy validate` on the first `--policies` AWS managed policies. Each runs
in-process (`--jobs 2`, no cluster), then with `--scheduler` on a
`distributed.LocalCluster` of 1 and of 2 single-threaded worker processes
started on this machine. The table shows wall-clock time, files per second,
the largest resident set of one worker (after the run), and whether the
verdicts match the run without the cluster (a check that ran out of its
wall-clock --timeout on a busy machine may be unknown in one run and
answered in another: counted apart).

Run: python bench/bench_cluster.py [--programs 8] [--policies 200] [--timeout 10]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
LOOPS = ROOT / "bench" / "loops"
CORPUS = Path("/work/shared/corpora/aws-managed")


def verify(args: list[str], files: list[str], scheduler: str | None) -> tuple[float, dict[str, str], int]:
    """Wall-clock seconds, verdicts by (target, check, line), exit code of one `verify` process."""
    extra = ["--scheduler", scheduler] if scheduler else ["--jobs", "2"]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as cwd:  # no [tool.verify] of the checkout applies
        proc = subprocess.run([sys.executable, "-m", "verifier.cli", *args, "--no-cache", "--format", "json", "-q",
                               *extra, *files], capture_output=True, text=True, cwd=cwd, timeout=3600)
    wall = time.perf_counter() - start
    doc = json.loads(proc.stdout) if proc.stdout.strip() else {"results": []}
    verdicts = {f"{r['target']}:{r['check']}:{r['location']['line']}:{r['location'].get('column')}": r["verdict"]
                for r in doc["results"]}
    return wall, verdicts, proc.returncode


def worker_rss_mb(client) -> float:
    """The peak resident set of a worker process or of one of its prover processes, largest over workers, in MB."""
    def peak_kb() -> int:
        import resource

        return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    return max(client.run(peak_kb).values()) / 1024


def differences(base: dict[str, str], other: dict[str, str]) -> tuple[int, int]:
    """(changed verdicts, checks that became or stopped being unknown)."""
    flips = unknowns = 0
    for key in set(base) | set(other):
        a, b = base.get(key), other.get(key)
        if a == b:
            continue
        if "unknown" in (a, b) or None in (a, b):
            unknowns += 1
        else:
            flips += 1
    return flips, unknowns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=8)
    parser.add_argument("--policies", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    programs = [str(p) for p in sorted(LOOPS.glob("*.c"))[: args.programs]]
    policies = [str(p) for p in sorted(CORPUS.glob("*.json"))[: args.policies]]
    workloads = [("prove bench/loops", ["prove", "--timeout", str(args.timeout)], programs),
                 ("policy validate (managed)", ["policy", "validate", "--timeout", str(args.timeout)], policies)]
    table = Table(title=f"verify on a Dask cluster (load average {os.getloadavg()[0]:.1f} at start)")
    for column in ("workload", "files", "where", "wall s", "files/s", "worker peak RSS MB", "verdicts vs local"):
        table.add_column(column, justify="left" if column in ("workload", "where", "verdicts vs local") else "right")
    for name, command, files in workloads:
        if not files:
            continue
        base_wall, base, _ = verify(command, files, None)
        table.add_row(name, str(len(files)), "no cluster (--jobs 2)", f"{base_wall:.1f}",
                      f"{len(files) / base_wall:.2f}", "-", "-")
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=":0") as lc, \
                    Client(lc) as client:
                wall, verdicts, _ = verify(command, files, lc.scheduler_address)
                rss = worker_rss_mb(client)
            flips, unknowns = differences(base, verdicts)
            table.add_row(name, str(len(files)), f"cluster, {workers} worker{'s' if workers > 1 else ''}",
                          f"{wall:.1f}", f"{len(files) / wall:.2f}", f"{rss:.0f}",
                          "same" if not flips and not unknowns else f"{flips} changed, {unknowns} unknown came/went")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
