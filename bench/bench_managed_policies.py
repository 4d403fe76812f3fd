"""The managed-policy batch: `verify policy validate` and `no-public-access` on all AWS managed policies.

Each command is one `verify` process over every policy of the corpus
(`/work/shared/corpora/aws-managed/`, 1,388 files), `--no-cache --format
json --jobs N`. The table shows wall-clock time, CPU time (user + system of
the process and its workers), the largest resident set of one process, the
load average before and after (the machine may be shared), the exit code and
the verdict counts. `--save FILE` writes every file's verdicts, `--against
FILE` compares them with a saved run (the verdicts must not change when the
tool gets faster).

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
    for r in doc["results"]:
        verdicts.setdefault(r["location"]["file"], []).append(r["verdict"])
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "rss_mb": after.ru_maxrss / 1024, "load": (load_before, os.getloadavg()[0]), "code": proc.returncode,
            "errors": len(proc.stderr.strip().splitlines()), "verdicts": verdicts}


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
                "stderr lines", "yes", "no", "unknown", "same verdicts"):
        table.add_column(col, justify="left" if col == "command" else "right")
    saved = json.loads(args.against.read_text()) if args.against else {}
    record = {}
    for command in COMMANDS:
        name = " ".join(command)
        out = run(command, files, args.jobs)
        record[name] = out["verdicts"]
        counts = Counter(v for vs in out["verdicts"].values() for v in vs)
        same = "-" if name not in saved else ("yes" if saved[name] == out["verdicts"] else
                                              f"NO ({sum(saved[name].get(f) != v for f, v in out['verdicts'].items())}"
                                              " files differ)")
        table.add_row(name, f"{out['wall']:.1f}", f"{out['cpu']:.1f}", f"{out['rss_mb']:.0f}",
                      f"{out['load'][0]:.1f} / {out['load'][1]:.1f}", str(out["code"]), str(out["errors"]),
                      str(counts["yes"]), str(counts["no"]), str(counts["unknown"]), same)
    Console().print(table)
    if args.save:
        args.save.write_text(json.dumps(record, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
