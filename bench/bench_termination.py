"""Termination benchmark: every task of bench/termination/, answered and scored.

Each task is a C file whose first line is ``// expect: yes|no|unknown`` (the
true answer, or unknown for programs outside what the tool analyses, such as
calls to undefined functions); an optional ``// semantics: math`` line selects
unbounded integers (TermComp's C_Integer), else C's ``bv``. The analysed
function is ``main`` when there is one, else the first function.

Prints a table (answer, expected, time, certificate or reason) and a summary:
decided (yes/no among tasks whose expected answer is yes/no), wrong answers
(a yes or no that contradicts the expectation), unconfirmed nos, median and
total time. Exit status 1 if any answer is wrong.

    python bench/bench_termination.py [--timeout 10] [--jobs 4] [PATTERN]
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

TASKS = os.path.join(HERE, "termination")


def task_header(text: str) -> tuple[str, str]:
    """(expected answer, semantics) from a task's leading comments."""
    expect = re.search(r"^//\s*expect:\s*(yes|no|unknown)\b", text, re.M)
    sem = re.search(r"^//\s*semantics:\s*(bv|math)\b", text, re.M)
    if expect is None:
        raise ValueError("missing '// expect: yes|no|unknown' line")
    return expect.group(1), sem.group(1) if sem else "bv"


def run_task(path: str, timeout: float) -> dict:
    from verifier.terminating import termination_result
    from verifier.frontends.c import parse_c

    text = open(path).read()
    expect, semantics = task_header(text)
    start = time.monotonic()
    try:
        program = parse_c(text, path, semantics)
        function = "main" if "main" in program.functions else next(iter(program.functions))
        result = termination_result(program, function, timeout)
        verdict = result.verdict.value
        detail = result.reason or (result.certificate.text if result.certificate else "")
        confirmed = bool(result.counterexample and result.counterexample.confirmed)
        if result.counterexample:
            detail = f"input {result.counterexample.inputs}; " + detail
    except Exception as exc:  # a crash is reported, never counted as an answer
        verdict, detail, confirmed = "crash", f"{type(exc).__name__}: {exc}", False
    return {"task": os.path.basename(path), "expect": expect, "semantics": semantics, "verdict": verdict,
            "time": time.monotonic() - start, "detail": detail.replace("\n", "; "), "confirmed": confirmed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pattern", nargs="?", default="*.c")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    args = parser.parse_args()
    paths = sorted(os.path.join(TASKS, f) for f in os.listdir(TASKS) if fnmatch.fnmatch(f, args.pattern))
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(run_task, paths, [args.timeout] * len(paths)))

    wrong = [r for r in rows if r["verdict"] in ("yes", "no") and r["verdict"] != r["expect"]]
    decidable = [r for r in rows if r["expect"] in ("yes", "no")]
    decided = [r for r in decidable if r["verdict"] == r["expect"]]
    times = [r["time"] for r in rows]
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"termination benchmark ({len(rows)} tasks, timeout {args.timeout:g}s)")
        for col in ("task", "sem", "expect", "answer", "time", "certificate / reason"):
            table.add_column(col, overflow="fold")
        for r in rows:
            style = "red" if r in wrong else ("green" if r["verdict"] == r["expect"] else "yellow")
            table.add_row(r["task"], r["semantics"], r["expect"], f"[{style}]{r['verdict']}[/]",
                          f"{r['time']:.2f}", r["detail"][:110])
        console = Console(width=160)
        console.print(table)
        out = console.print
    except ImportError:
        for r in rows:
            print(f"{r['task']:32} {r['semantics']:4} {r['expect']:7} {r['verdict']:7} {r['time']:6.2f}  {r['detail'][:90]}")
        out = print
    yes = sum(r["verdict"] == "yes" for r in rows)
    no = sum(r["verdict"] == "no" for r in rows)
    unknown = sum(r["verdict"] == "unknown" for r in rows)
    unconfirmed = sum(r["verdict"] == "no" and not r["confirmed"] for r in rows)
    out(f"solved yes: {yes}  solved no: {no}  unknown: {unknown}  wrong: {len(wrong)}  "
        f"crashes: {sum(r['verdict'] == 'crash' for r in rows)}  unconfirmed no: {unconfirmed}")
    out(f"decided: {len(decided)}/{len(decidable)} = {100 * len(decided) / max(1, len(decidable)):.0f}%  "
        f"median time: {statistics.median(times):.2f}s  max: {max(times):.2f}s  total: {sum(times):.1f}s")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
