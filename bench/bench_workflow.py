"""Benchmark a repository-sized `verify prove` run: cold, then warm from the cache, with --jobs 1 and 2.

Generates N files (default 240) from the examples that settle quickly,
varied so each is different (functions renamed, constants changed, a
comment), into a temporary directory; then for each --jobs value: a cold run
(empty cache) and a warm run (everything from the cache), each a whole
`verify` process as a pre-commit hook would start it. Also: the start-up cost
(`verify --version`) and what the warm path imports.

The runs use a frozen copy of the `verifier` package (PYTHONPATH), so that
someone editing the checkout during the run cannot invalidate the cache
between the cold and the warm run (the cache key covers the tool's sources).
The CPU column is user + system time of the run and all its processes; on a
machine shared with other work, wall-clock speed-up understates what the
cores give.

Goals (issue 9): warm run < 1 s in total; --jobs 2 at least 1.7x faster than
--jobs 1 cold.

Run: python bench/bench_workflow.py [--files N] [--jobs 1 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

#: example -> constant substitutions (pattern, template with {k}); k grows with the copy number
VARIANTS: dict[str, list[tuple[str, str]]] = {
    "average.c": [],
    "f.c": [],
    "g.c": [(r"y > 0", "y > {k}")],
    "g2.c": [],
    "ratio.c": [(r"part <= 1000000", "part <= {big}"), (r"part \* 100", "part * {small}")],
    "h.c": [],
    "g.py": [(r"y > 0", "y > {k}")],
    "floor_division.py": [(r"x % 3", "x % {m}"), (r"0 <= r < 3", "0 <= r < {m}")],
}


def generate(target: Path, count: int) -> list[Path]:
    """`count` varied copies of the examples in `target`, in sub-directories of 50."""
    names = sorted(VARIANTS)
    files = []
    for i in range(count):
        name = names[i % len(names)]
        k = i // len(names) + 1
        text = (EXAMPLES / name).read_text()
        for pattern, template in VARIANTS[name]:
            text = re.sub(pattern, template.format(k=k, big=1_000_000 - k, small=100 - k % 50, m=3 + k % 7), text)
        for fn in re.findall(r"^(?:int|void|unsigned)\s+(\w+)\s*\(|^def\s+(\w+)\s*\(", text, re.M):
            fn = fn[0] or fn[1]
            text = re.sub(rf"\b{fn}\b", f"{fn}_{i}", text)
        comment = "//" if name.endswith(".c") else "#"
        stem, suffix = name.rsplit(".", 1)
        path = target / f"pkg{i // 50:02d}" / f"{stem}_{i:03d}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{comment} generated copy {i} of examples/{name}\n{text}")
        files.append(path)
    return files


ENV = dict(os.environ)
#: niceness increment for the measured processes (negative = higher priority; see --nice)
NICE = [0]


def freeze(target: Path) -> None:
    """Run the benchmark on a copy of the package in `target` (see the module docstring)."""
    shutil.copytree(ROOT / "verifier", target / "verifier", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "grammars", target / "grammars")  # the loaders' fallback next to the package
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), ENV.get("PYTHONPATH", "")]))


def verify(args: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=3600, env=ENV, preexec_fn=_renice if NICE[0] else None)
    return time.perf_counter() - start, proc


def _renice() -> None:
    os.nice(NICE[0])


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(tree: Path, jobs: int) -> dict:
    shutil.rmtree(tree / ".verify_cache", ignore_errors=True)
    args = ["prove", "src", "--jobs", str(jobs), "--format", "json"]
    cpu = cpu_seconds()
    cold_s, cold = verify(args, tree)
    cold_cpu = cpu_seconds() - cpu
    warm_s, warm = verify(args, tree)
    warm_text_s, _ = verify(["prove", "src", "--jobs", str(jobs)], tree)
    cold_doc, warm_doc = json.loads(cold.stdout), json.loads(warm.stdout)
    return {"jobs": jobs, "cold_s": cold_s, "cold_cpu": cold_cpu, "warm_s": warm_s, "warm_text_s": warm_text_s,
            "summary": cold_doc["summary"], "cold_cache": cold_doc["cache"], "warm_cache": warm_doc["cache"],
            "same": _answers(cold_doc) == _answers(warm_doc), "answers": _answers(cold_doc)}


def _answers(doc: dict) -> list[tuple]:
    return [(r["check"], r["target"], r["location"]["line"], r["verdict"], r["reason"]) for r in doc["results"]]


def startup(tree: Path) -> tuple[float, list[tuple[int, str]]]:
    times = []
    for _ in range(5):
        t, _ = verify(["--version"], tree)
        times.append(t)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "verifier.cli", "prove", "src", "--format",
                           "json"], capture_output=True, text=True, cwd=tree, timeout=600, env=ENV)
    imports = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if m and not m.group(2):  # top-level imports only
            imports.append((int(m.group(1)), m.group(3)))
    return sorted(times)[len(times) // 2], sorted(imports, reverse=True)[:6]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=240, help="files to generate (at least 200 for the goal)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, default=None, help="generate into this directory and keep it")
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness increment of the measured runs; negative (root only) shields them from other "
                             "load on a shared machine")
    args = parser.parse_args()
    NICE[0] = args.nice
    console = Console(width=130)
    tree = args.keep or Path(tempfile.mkdtemp(prefix="verify-bench-"))
    try:
        freeze(tree / "tool")
        files = generate(tree / "src", args.files)
        console.print(f"[bold]{len(files)} files[/] generated in {tree} from {len(VARIANTS)} examples; "
                      f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} before"
                      + (f"; measured runs at nice {args.nice:+d}" if args.nice else ""))
        rows = [measure(tree, jobs) for jobs in args.jobs]
        start_s, imports = startup(tree)
    finally:
        if args.keep is None:
            shutil.rmtree(tree, ignore_errors=True)

    table = Table(title="verify prove on a generated repository")
    for column in ("--jobs", "files", "checks", "yes/no/unknown", "cold", "cold CPU", "warm json", "warm text",
                   "warm hits", "warm = cold"):
        table.add_column(column, justify="right")
    for row in rows:
        s = row["summary"]
        table.add_row(str(row["jobs"]), str(len(files)), str(s["total"]), f"{s['yes']}/{s['no']}/{s['unknown']}",
                      f"{row['cold_s']:.1f} s", f"{row['cold_cpu']:.1f} s", f"{row['warm_s']:.2f} s",
                      f"{row['warm_text_s']:.2f} s", f"{row['warm_cache']['hits']}/{len(files)}",
                      "yes" if row["same"] else "NO")
    console.print(table)
    console.print(f"load average after: {os.getloadavg()[0]:.1f}")
    by_jobs = {row["jobs"]: row for row in rows}
    warm = max(max(r["warm_s"], r["warm_text_s"]) for r in rows)
    console.print(f"warm run: {warm:.2f} s (goal < 1 s): {'met' if warm < 1 else 'MISSED'}")
    if 1 in by_jobs and 2 in by_jobs:
        speedup = by_jobs[1]["cold_s"] / by_jobs[2]["cold_s"]
        same = by_jobs[1]["answers"] == by_jobs[2]["answers"]
        console.print(f"cold speed-up --jobs 2 over --jobs 1: {speedup:.2f}x (goal >= 1.7x): "
                      f"{'met' if speedup >= 1.7 else 'MISSED'}; same answers: {'yes' if same else 'NO'}")
    console.print(f"start-up (verify --version, median of 5): {start_s * 1000:.0f} ms; warm path's largest "
                  "top-level imports: " + ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in imports))


if __name__ == "__main__":
    main()
