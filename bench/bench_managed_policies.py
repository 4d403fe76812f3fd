"""The managed-policy batch: `verify policy validate` and `no-public-access` on all AWS managed policies.

Each command is one `verify` process over every policy of the corpus
(`/work/shared/corpora/aws-managed/`, 1,388 files), `--no-cache --format
json --jobs N`. The table shows wall-clock time, CPU time (user + system of
the process and its workers), the largest resident set of one process, the
load average before and after (the machine may be shared), the exit code and
the verdict counts, and how many files ran out of their --timeout (and the
worker seconds they took: on a busy machine these dominate). `--save FILE` writes every file's verdicts, `--against
FILE` compares them with a saved run (the verdicts must not change when the
tool gets faster; a check that ran out of its wall-clock --timeout on a busy
machine may be unknown in one run and answered in another: counted apart).

Goal (issue 19): each command under 60 s on 2 cores.

Run: python bench/bench_managed_policies.py [--jobs 2] [--corpus DIR] [--save F] [--against F]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

CORPUS = Path("/work/shared/corpora/aws-managed")
COMMANDS = (["validate"], ["no-public-access"])


def run(command: list[str], files: list[str], jobs: int) -> dict:
    """One whole `verify policy COMMAND` process over `files`: times, memory, exit code, verdicts by file."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as cwd:  # no [tool.verify] of the checkout applies
        proc = subprocess.run([sys.executable, "-m", "verifier.cli", "policy", *command, "--no-cache", "--format",
                               "json", "--jobs", str(jobs), "-q", *files], capture_output=True, text=True, cwd=cwd,
                              env=env, timeout=3600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    doc = json.loads(proc.stdout) if proc.stdout.strip() else {"results": []}
    verdicts: dict[str, list[str]] = {}
    spent: dict[str, float] = {}  # seconds per file, and whether the file ran out of time
    timed_out: set[str] = set()
    for r in doc["results"]:
        path = r["location"]["file"]
        verdicts.setdefault(path, []).append(r["verdict"])
        spent[path] = max(spent.get(path, 0.0), r.get("time_s") or 0.0)
        if (r.get("reason") or "").startswith("timeout"):
            timed_out.add(path)
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "rss_mb": after.ru_maxrss / 1024, "load": (load_before, os.getloadavg()[0]), "code": proc.returncode,
            "errors": len(proc.stderr.strip().splitlines()), "stderr": proc.stderr.strip()[:300], "verdicts": verdicts,
            "timed_out": (len(timed_out), sum(spent[p] for p in timed_out))}


def compare(before: dict[str, list[str]], after: dict[str, list[str]]) -> str:
    """How the verdicts changed: a yes that became a no (or back) is a real change; an
    unknown that came or went is a check that ran out of time (its deadline is wall-clock
    time, so it depends on the machine's load) or a bug to look at."""
    flips = unknowns = 0
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path, []), after.get(path, [])
        if len(a) != len(b):  # a check that ran out of time may add an unknown result of its own
            known = sorted(v for v in a if v != "unknown") == sorted(v for v in b if v != "unknown")
            unknowns += known
            flips += not known
            continue
        for x, y in zip(a, b):
            flips += x != y and "unknown" not in (x, y)
            unknowns += x != y and "unknown" in (x, y)
    if not flips and not unknowns:
        return "yes"
    return f"{flips} yes/no changed, {unknowns} (un)known changed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--save", type=Path, help="write every file's verdicts here (JSON)")
    parser.add_argument("--against", type=Path, help="compare the verdicts with a run saved by --save")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.glob("*.json"))
    table = Table(title=f"verify policy on {len(files)} AWS managed policies, one process each, --jobs {args.jobs}")
    for col in ("command", "wall (s)", "CPU (s)", "max RSS (MB)", "load avg before/after", "exit",
                "stderr lines", "yes", "no", "unknown", "files out of time (worker s)", "same verdicts"):
        table.add_column(col, justify="left" if col == "command" else "right")
    saved = json.loads(args.against.read_text()) if args.against else {}
    record = {}
    notes = []
    for command in COMMANDS:
        name = " ".join(command)
        out = run(command, files, args.jobs)
        record[name] = out["verdicts"]
        if out["stderr"]:
            notes.append(f"{name}: stderr starts: {out['stderr']}")
        counts = Counter(v for vs in out["verdicts"].values() for v in vs)
        same = "-" if name not in saved else compare(saved[name], out["verdicts"])
        table.add_row(name, f"{out['wall']:.1f}", f"{out['cpu']:.1f}", f"{out['rss_mb']:.0f}",
                      f"{out['load'][0]:.1f} / {out['load'][1]:.1f}", str(out["code"]), str(out["errors"]),
                      str(counts["yes"]), str(counts["no"]), str(counts["unknown"]),
                      f"{out['timed_out'][0]} ({out['timed_out'][1]:.0f})", same)
    console = Console(width=200)
    console.print(table)
    for note in notes:
        console.print(note, markup=False)
    if args.save:
        args.save.write_text(json.dumps(record, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
