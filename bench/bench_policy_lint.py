"""The policy lint alone, file by file, on the AWS managed policies: time and every finding.

In-process (no CLI), one `lint.findings` call per policy with the validate
timeout, over a pool of `--jobs` forked workers. The table shows wall time,
worker CPU time, the load average before/after, how many files ran out of
their deadline (the lint's note says timeout), how many have a construct the
semantic checks do not support, and the slowest files. `--save FILE` writes
every file's findings, note and time; `--against FILE` compares the findings
with a saved run: a finding that appears or disappears is a change, except on
a file whose lint ran out of time in one of the two runs (its later checks did
not run there), which is listed apart for checking by hand.

Run: python bench/bench_policy_lint.py [--jobs 2] [--timeout 10] [--corpus DIR] [--save F] [--against F] [--only F...]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from verifier.policy import lint
from verifier.policy.catalogue import catalogue
from verifier.policy.parse import load_policy

CORPUS = Path("/work/shared/corpora/aws-managed")


def lint_one(args: tuple[str, float]) -> tuple[str, dict]:
    """One file's findings (as `line:col CODE message` strings), note and seconds."""
    path, timeout = args
    t0 = time.perf_counter()
    found, note = lint.findings(load_policy(path), catalogue(), timeout)
    return path, {"findings": [f"{f.line}:{f.column} {f.code} {f.message}" for f in found], "note": note,
                  "time_s": round(time.perf_counter() - t0, 3)}


def compare(before: dict[str, dict], after: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(files whose findings changed with both runs complete, files with a timeout in one run and different findings)."""
    changed, partial = [], []
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path), after.get(path)
        if a is None or b is None or a["findings"] == b["findings"]:
            continue
        (partial if a["note"] or b["note"] else changed).append(path)
    return changed, partial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", nargs="*", help="these files instead of the whole corpus")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    files = args.only or sorted(str(p) for p in args.corpus.glob("*.json"))
    catalogue()  # loaded once, shared by the forked workers
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        record = dict(pool.imap_unordered(lint_one, [(f, args.timeout) for f in files], chunksize=1))
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    out_of_time = [p for p, r in record.items() if r["note"].startswith("timeout")]
    unsupported = [p for p, r in record.items() if r["note"] and not r["note"].startswith("timeout")]
    table = Table(title=f"policy lint on {len(files)} files, --jobs {args.jobs}, --timeout {args.timeout:g}")
    for col in ("wall (s)", "worker CPU (s)", "load before/after", "files out of time", "their seconds", "unsupported",
                "findings", "changed", "changed, timeout in one run"):
        table.add_column(col, justify="right")
    saved = json.loads(args.against.read_text()) if args.against else None
    changed, partial = compare(saved, record) if saved else ([], [])
    table.add_row(f"{wall:.1f}", f"{usage.ru_utime + usage.ru_stime:.1f}", f"{load:.1f} / {os.getloadavg()[0]:.1f}",
                  str(len(out_of_time)), f"{sum(record[p]['time_s'] for p in out_of_time):.0f}", str(len(unsupported)),
                  str(sum(len(r["findings"]) for r in record.values())),
                  str(len(changed)) if saved else "-", str(len(partial)) if saved else "-")
    console = Console(width=200)
    console.print(table)
    slowest = sorted(record, key=lambda p: -record[p]["time_s"])[:10]
    console.print("slowest: " + ", ".join(f"{Path(p).name} {record[p]['time_s']:.1f}s" for p in slowest), markup=False)
    for path in changed + partial:
        console.print(f"{'CHANGED' if path in changed else 'timeout in one run'}: {path}", markup=False)
        a, b = set(saved[path]["findings"]), set(record[path]["findings"])
        for f in sorted(a - b):
            console.print(f"  - {f}", markup=False)
        for f in sorted(b - a):
            console.print(f"  + {f}", markup=False)
    if args.save:
        args.save.write_text(json.dumps(record, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
