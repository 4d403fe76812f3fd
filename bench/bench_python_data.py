"""verify vs CrossHair on the Python functions of bench/python_data, against their recorded answers.

    pip install '.[bench,contracts]'   # CrossHair, and icontract/deal to import the decorated functions
    python bench/bench_python_data.py [--timeout 10] [--crosshair-timeout 10] [--function NAME ...] [--no-crosshair]

Each function of bench/python_data/manifest.json (lists, tuples, strings, dicts,
Optional and exceptions under asserts, PEP 316 docstrings, icontract or deal; the
expected answers come from CPython, see bench/python_data_oracle.py) is given, as a
whole process, to `verify prove --format json --function NAME FILE` and to
`crosshair check --analysis_kind=KIND FILE` with the kind its contract style needs.
Prints (rich), per function: each tool's verdict and whole-process wall and CPU time
(user and system seconds of every process of the run: a figure the machine's load
changes less), on a function with a bug the time to verify's first confirmed no
(``verify prove --exit-first``, whole process, wall and CPU), whether
verify's no carries a replayed witness, what a yes means (verify's is a proof,
re-checked by a second solver; CrossHair's "none found" only means its sampling of
paths found nothing) and wrong answers (verify: a check answered against the
manifest; CrossHair: a counterexample reported on a correct function). Then: the
bugs CrossHair finds that verify also finds with a replayed witness, the median time
on bugs of each, and the correct functions verify proves where CrossHair can only
sample. Unknown answers are counted as unknown, with their reasons.
Exit status 1 when verify gives a wrong answer.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from python_data_oracle import (CORPUS, CROSSHAIR_KIND, Entry, disagreements, load_manifest, read_verify_json,
                                replayed_bug)

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    """Both tools' answers on one function."""

    entry: Entry
    verify: str = ""  # yes / no / unknown / error
    verify_s: float = 0.0
    verify_cpu: float = 0.0
    first_s: float | None = None  # verify --exit-first: the time to its first confirmed no (functions with a bug)
    first_cpu: float | None = None
    first_found: bool = False  # ... and that no is a recorded bug, replayed
    replayed: bool = False  # verify answered an expected-no check no, with a confirmed counterexample
    wrong: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    crosshair: str = ""  # no (a counterexample) / none found / error / timeout / not installed / skipped
    crosshair_s: float = 0.0
    crosshair_cpu: float = 0.0
    crosshair_detail: str = ""

    @property
    def crosshair_wrong(self) -> bool:
        return self.crosshair == "no" and not self.entry.buggy


def children_cpu() -> float:
    """User and system CPU seconds of every finished child process (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_verify(entry: Entry, timeout: float, exit_first: bool = False) -> tuple[str, float, list[dict], str]:
    """verify's whole-process answer on one function: (verdict, seconds, results, error text);
    with `exit_first`, up to its first confirmed no."""
    start = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json",
                        "--timeout", str(timeout), "--function", entry.function, str(entry.path)]
                       + (["--exit-first"] if exit_first else []),
                       capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    try:
        doc = read_verify_json(p.stdout)
    except json.JSONDecodeError:
        return "error", elapsed, [], (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1]
    results = doc.get("results", [])
    verdicts = {r["verdict"] for r in results}
    # no check left to answer (the lowering shows none can fail, e.g. `d[k]` after `if k in d`): verify's yes
    verdict = "no" if "no" in verdicts else "yes" if verdicts <= {"yes"} and doc.get("verdict") == "yes" else "unknown"
    return verdict, elapsed, results, ""


def run_crosshair(entry: Entry, timeout: float) -> tuple[str, float, str]:
    """CrossHair's whole-process answer on the function's file (one function per file)."""
    exe = shutil.which("crosshair") or str(Path(sys.executable).with_name("crosshair"))
    if not Path(exe).exists():
        return "not installed", 0.0, "pip install '.[bench]'"
    start = time.perf_counter()
    try:
        p = subprocess.run([exe, "check", f"--analysis_kind={CROSSHAIR_KIND[entry.style]}",
                            f"--per_condition_timeout={timeout}", entry.path.name],
                           capture_output=True, text=True, cwd=CORPUS, timeout=10 * timeout + 30)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - start, ""
    elapsed = time.perf_counter() - start
    errors = [line.split(": error: ", 1)[1] for line in p.stdout.splitlines() if ": error: " in line]
    if p.returncode == 1 and errors:
        return "no", elapsed, errors[0]
    if p.returncode == 0:
        return "none found", elapsed, ""
    return "error", elapsed, (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1]


def measure(entries: list[Entry], timeout: float, crosshair_timeout: float, crosshair: bool) -> list[Row]:
    rows = []
    for entry in entries:
        row = Row(entry)
        cpu = children_cpu()
        row.verify, row.verify_s, results, error = run_verify(entry, timeout)
        row.verify_cpu = children_cpu() - cpu
        row.wrong = disagreements(entry, results)
        row.replayed = replayed_bug(entry, results)
        row.reasons = [error] if error else [r["reason"] for r in results if r["verdict"] == "unknown" and r["reason"]]
        if entry.buggy:
            cpu = children_cpu()
            _, row.first_s, first_results, _ = run_verify(entry, timeout, exit_first=True)
            row.first_cpu = children_cpu() - cpu
            row.first_found = replayed_bug(entry, first_results)
        if crosshair:
            cpu = children_cpu()
            row.crosshair, row.crosshair_s, row.crosshair_detail = run_crosshair(entry, crosshair_timeout)
            row.crosshair_cpu = children_cpu() - cpu
        else:
            row.crosshair = "skipped"
        first = "" if row.first_s is None else f", -x {row.first_s:.2f}s{'' if row.first_found else ' (missed)'}"
        print(f"{entry.file}: verify {row.verify} ({row.verify_s:.2f}s{first}), crosshair {row.crosshair} "
              f"({row.crosshair_s:.2f}s) {row.crosshair_detail[:80]}", file=sys.stderr)
        rows.append(row)
    return rows


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}s" if values else "-"


def report(rows: list[Row]) -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=200)
    table = Table(title="verify vs CrossHair on bench/python_data (whole process: wall and CPU seconds; "
                        "to no: verify --exit-first, the time to its first confirmed no)")
    numbers = ("s", "CPU", "to no", "no CPU")
    for col in ("function", "style", "expected", "verify", "s", "CPU", "to no", "no CPU", "replayed", "verify yes",
                "crosshair", "s", "CPU", "crosshair yes", "wrong"):
        table.add_column(col, justify="right" if col in numbers else "left")
    for r in rows:
        expected = ",".join(sorted({f.check for f in r.entry.failing})) or "correct"
        wrong = "; ".join(r.wrong + (["crosshair: counterexample on a correct function"] if r.crosshair_wrong else []))
        to_no = "-" if r.first_s is None else f"{r.first_s:.2f}" + ("" if r.first_found else " (missed)")
        table.add_row(r.entry.function, r.entry.style, expected, r.verify, f"{r.verify_s:.2f}", f"{r.verify_cpu:.2f}",
                      to_no, "-" if r.first_cpu is None else f"{r.first_cpu:.2f}",
                      "yes" if r.replayed else "", "proof" if r.verify == "yes" else "",
                      r.crosshair, f"{r.crosshair_s:.2f}", f"{r.crosshair_cpu:.2f}",
                      "sampled" if r.crosshair == "none found" else "", wrong)
    console.print(table)
    bugs = [r for r in rows if r.entry.buggy]
    correct = [r for r in rows if not r.entry.buggy]
    theirs = [r for r in bugs if r.crosshair == "no"]
    both = [r for r in theirs if r.replayed]
    proofs = [r for r in correct if r.verify == "yes"]
    console.print(
        f"[bold]{len(rows)} functions[/]: {len(bugs)} with a bug, {len(correct)} correct; "
        f"verify {sum(r.verify == 'yes' for r in rows)} yes, {sum(r.verify == 'no' for r in rows)} no, "
        f"{sum(r.verify == 'unknown' for r in rows)} unknown, {sum(r.verify == 'error' for r in rows)} error; "
        f"wrong: verify {sum(bool(r.wrong) for r in rows)}, CrossHair {sum(r.crosshair_wrong for r in rows)}")
    console.print(
        f"bugs: CrossHair finds {len(theirs)}/{len(bugs)}, verify finds {sum(r.replayed for r in bugs)}/{len(bugs)} "
        f"with a replayed witness; of CrossHair's {len(theirs)}, verify finds {len(both)} with a replayed witness"
        + (f" (misses {', '.join(r.entry.function for r in theirs if not r.replayed)})" if len(both) < len(theirs) else ""))
    ran = [r for r in bugs if r.crosshair not in ("skipped", "not installed")]
    console.print(
        f"time to a confirmed no on bugs (median, whole process): verify -x "
        f"{median([r.first_s for r in bugs if r.first_s is not None])} "
        f"(CPU {median([r.first_cpu for r in bugs if r.first_cpu is not None])}, "
        f"{sum(r.first_found for r in bugs)}/{len(bugs)} found and replayed), "
        f"CrossHair {median([r.crosshair_s for r in ran])} "
        f"(CPU {median([r.crosshair_cpu for r in ran])}, {sum(r.crosshair == 'no' for r in bugs)}/{len(bugs)} found)")
    console.print(
        f"median whole-process time on bugs: verify {median([r.verify_s for r in bugs])}, "
        f"CrossHair {median([r.crosshair_s for r in bugs if r.crosshair not in ('skipped', 'not installed')])}; "
        f"on correct functions: verify {median([r.verify_s for r in correct])}, "
        f"CrossHair {median([r.crosshair_s for r in correct if r.crosshair not in ('skipped', 'not installed')])}")
    console.print(
        f"correct functions proved by verify: {len(proofs)}/{len(correct)}; where CrossHair can only sample "
        f"(none found, not a proof): {sum(r.crosshair == 'none found' for r in proofs)}; "
        f"CrossHair none found on {sum(r.crosshair == 'none found' for r in correct)}/{len(correct)} correct "
        f"and {sum(r.crosshair == 'none found' for r in bugs)}/{len(bugs)} buggy functions")
    reasons = Counter(reason.split(" at line")[0][:100] for r in rows for reason in set(r.reasons))
    for reason, count in reasons.most_common(12):
        console.print(f"  unknown ({count} functions): {reason}")
    for r in rows:
        for w in r.wrong:
            console.print(f"[red]wrong: {r.entry.file}: {w}[/]")
    console.print(f"machine load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 1 if any(r.wrong for r in rows) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="verify --timeout (seconds per function)")
    parser.add_argument("--crosshair-timeout", type=float, default=10.0, help="CrossHair --per_condition_timeout")
    parser.add_argument("--function", action="append", help="only this function (may be repeated)")
    parser.add_argument("--no-crosshair", action="store_true")
    args = parser.parse_args()
    entries = [e for e in load_manifest() if args.function is None or e.function in args.function]
    rows = measure(entries, args.timeout, args.crosshair_timeout, not args.no_crosshair)
    return report(rows)


if __name__ == "__main__":
    sys.exit(main())
