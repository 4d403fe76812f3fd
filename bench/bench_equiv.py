"""Equivalence benchmark: `verify equiv` side by side with CrossHair's `diffbehavior`.

Each pair lives in ``bench/equiv/<name>/`` as ``a.c``/``a.py`` (function ``f``)
and ``b.c``/``b.py`` (function ``g``); the first line of B says the expected
answer (``expect: yes`` or ``expect: no``), optionally the options of `verify equiv`
it is meant for (``options: --partial --int-semantics wrap``), and why
(`pair_options` reads them). Every pair runs through
`verifier.equivalence.equiv`; the Python/Python pairs also through ``crosshair
diffbehavior a.f b.g`` in the same run. The table shows both verdicts and
times (for verify also its CPU time, this process's and its children's, which
depends less on how loaded the machine is), whether equivalence was proved,
and whether each "no" came with a witness that replayed for real.

Goals (checked at the end, exit status 1 if one is missed): no wrong answer;
every difference CrossHair finds is found by verify with a replayed witness;
at least 80% of the equivalent pairs proved; at least 85% of all pairs
decided; median time under 2 s (the issue-20 goal of 1 s is printed too).

    python bench/bench_equiv.py [--timeout 10] [--crosshair-timeout 10] [--only NAME] [--no-crosshair] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "equiv"
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    name: str
    kind: str  # py, c, c/py
    expected: str
    options: str = ""
    verdict: str = ""
    time_s: float = 0.0
    cpu_s: float = 0.0  # CPU time of this process and the processes it waited for (less load-dependent)
    engine: str = ""
    proved: bool = False
    witness: str = ""
    confirmed: bool = False
    reason: str = ""
    crosshair: str = ""  # differ, none, none (all paths), error, n/a
    crosshair_time_s: float = 0.0
    crosshair_witness: str = ""

    @property
    def wrong(self) -> bool:
        return (self.verdict == "yes" and self.expected == "no") or (self.verdict == "no" and self.expected == "yes")


def pair_options(text: str) -> tuple[bool, str | None]:
    """(--partial given, --int-semantics value or None) from B's ``options:`` part."""
    m = re.search(r"options:\s*((?:--[\w-]+(?:\s+(?!--)\w+)?\s*)+)", text)
    options = m.group(1) if m else ""
    semantics = re.search(r"--int-semantics\s+(\w+)", options)
    return "--partial" in options, semantics.group(1) if semantics else None


def discover(only: str | None) -> list[tuple[str, Path, Path, str]]:
    pairs = []
    for folder in sorted(PAIRS.iterdir()):
        if not folder.is_dir() or folder.name.startswith(".") or (only and only not in folder.name):
            continue
        a = next(folder.glob("a.*"))
        b = next(folder.glob("b.*"))
        m = re.search(r"expect:\s*(yes|no)", b.read_text())
        if not m:
            raise SystemExit(f"{b}: no 'expect: yes|no' line")
        pairs.append((folder.name, a, b, m.group(1)))
    return pairs


def cpu_seconds() -> float:
    """User and system CPU time of this process and of its children that have ended."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def run_verify(a: Path, b: Path, timeout: float, row: Row) -> None:
    from verifier.equivalence import equiv

    partial, semantics = pair_options(b.read_text())
    row.options = " ".join((["--partial"] if partial else []) + ([f"--int-semantics {semantics}"] if semantics else []))
    start, cpu = time.monotonic(), cpu_seconds()
    try:
        result = equiv(f"{a}:f", f"{b}:g", semantics=semantics, timeout=timeout, partial=partial)[0]
    except Exception as exc:  # a crash is a result of the benchmark too
        row.verdict, row.reason = "error", f"{type(exc).__name__}: {exc}"
        row.time_s, row.cpu_s = time.monotonic() - start, cpu_seconds() - cpu
        return
    row.time_s, row.cpu_s = time.monotonic() - start, cpu_seconds() - cpu
    row.verdict = result.verdict.value
    row.engine = result.engine
    row.reason = result.reason
    row.proved = row.verdict == "yes"
    if result.counterexample is not None and row.verdict == "no":
        row.witness = ", ".join(f"{k}={v}" for k, v in result.counterexample.inputs.items())
        row.confirmed = result.counterexample.confirmed


def run_crosshair(folder: Path, timeout: float, row: Row) -> None:
    exe = shutil.which("crosshair")
    if exe is None:
        row.crosshair = "n/a (not installed)"
        return
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(ROOT), env.get("PYTHONPATH", "")])
    start = time.monotonic()
    try:
        # same kind of exception = same behaviour, as verify compares failures (the
        # messages of `assume` name their line, which differs between the files)
        proc = subprocess.run([exe, "diffbehavior", "a.f", "b.g", "--per_condition_timeout", str(timeout),
                               "--exception_equivalence", "SAME_TYPE"],
                              cwd=folder, capture_output=True, text=True, timeout=timeout * 6 + 60, env=env)
        out = proc.stdout + proc.stderr
    except subprocess.TimeoutExpired:
        row.crosshair, row.crosshair_time_s = "timeout", time.monotonic() - start
        return
    row.crosshair_time_s = time.monotonic() - start
    m = re.search(r"Given: \((.*?)\),", out, re.S)
    if m:
        row.crosshair = "differ"
        row.crosshair_witness = m.group(1)
    elif "All paths exhausted" in out:
        row.crosshair = "none (all paths)"
    elif "No differences found" in out:
        row.crosshair = "none"
    else:
        row.crosshair = "error"
        row.crosshair_witness = out.strip().splitlines()[-1][:60] if out.strip() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="verify's --timeout per pair")
    parser.add_argument("--crosshair-timeout", type=float, default=10.0, help="CrossHair's --per_condition_timeout")
    parser.add_argument("--only", default=None, help="only pairs whose name contains this")
    parser.add_argument("--no-crosshair", action="store_true", help="skip CrossHair")
    parser.add_argument("--json", default=None, help="also write the rows as JSON to this file")
    args = parser.parse_args()

    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(160, Console().width))
    rows: list[Row] = []
    for name, a, b, expected in discover(args.only):
        kind = {(".py", ".py"): "py", (".c", ".c"): "c"}.get((a.suffix, b.suffix), "c/py")
        row = Row(name, kind, expected)
        run_verify(a, b, args.timeout, row)
        if kind == "py" and not args.no_crosshair and not row.options:  # CrossHair has no --partial
            run_crosshair(a.parent, args.crosshair_timeout, row)
        elif kind != "py":
            row.crosshair = "n/a"
        rows.append(row)
        console.print(f"[dim]{name}: verify {row.verdict} ({row.time_s:.2f}s, cpu {row.cpu_s:.2f}s)"
                      + (f", crosshair {row.crosshair} ({row.crosshair_time_s:.1f}s)" if row.crosshair_time_s else "")
                      + "[/dim]")

    table = Table(title="verify equiv vs crosshair diffbehavior", show_lines=False)
    for col in ("pair", "kind", "options", "expect", "verify", "time", "cpu", "proved", "witness (replayed)",
                "engine / reason", "crosshair", "time", "crosshair witness"):
        table.add_column(col, overflow="fold")
    colour = {"yes": "green", "no": "red", "unknown": "yellow", "error": "magenta"}
    for r in rows:
        verdict = f"[{colour.get(r.verdict, 'white')}]{r.verdict}[/]" + (" [bold red]WRONG[/]" if r.wrong else "")
        witness = (r.witness + (" ✓" if r.confirmed else " ✗")) if r.witness else ""
        detail = r.engine if r.verdict in ("yes", "no") else r.reason[:60]
        table.add_row(r.name, r.kind, r.options.strip(), r.expected, verdict, f"{r.time_s:.2f}", f"{r.cpu_s:.2f}",
                      "yes" if r.proved else "",
                      witness, detail, r.crosshair, f"{r.crosshair_time_s:.1f}" if r.crosshair_time_s else "",
                      r.crosshair_witness[:30])
    console.print(table)

    wrong = [r.name for r in rows if r.wrong or r.verdict == "error"]
    equivalent = [r for r in rows if r.expected == "yes"]
    proved = [r for r in equivalent if r.proved]
    ch_found = [r for r in rows if r.crosshair == "differ"]
    ch_missed = [r.name for r in ch_found if not (r.verdict == "no" and r.confirmed)]
    unconfirmed = [r.name for r in rows if r.verdict == "no" and not r.confirmed]
    median = statistics.median(r.time_s for r in rows) if rows else 0.0
    share = len(proved) / len(equivalent) if equivalent else 1.0
    differ = [r for r in rows if r.expected == "no"]
    found = [r for r in differ if r.verdict == "no"]
    ch_rows = [r for r in rows if r.kind == "py"]
    console.print(f"pairs: {len(rows)} ({len(equivalent)} equivalent, {len(differ)} different)")
    console.print(f"wrong answers: {len(wrong)} {wrong if wrong else ''}")
    console.print(f"equivalent pairs proved: {len(proved)}/{len(equivalent)} ({share:.0%}; goal 80%)")
    console.print(f"differences found with a replayed witness: {len(found)}/{len(differ)}"
                  + (f" (unconfirmed: {unconfirmed})" if unconfirmed else ""))
    console.print(f"CrossHair differences also found by verify: {len(ch_found) - len(ch_missed)}/{len(ch_found)}"
                  + (f" (missed: {ch_missed})" if ch_missed else ""))
    if ch_rows and not args.no_crosshair:
        ch_median = statistics.median(r.crosshair_time_s for r in ch_rows)
        ours = statistics.median(r.time_s for r in ch_rows)
        exhausted = sum(r.crosshair == "none (all paths)" for r in ch_rows)
        ch_wrong = [r.name for r in ch_rows if r.crosshair == "differ" and r.expected == "yes"]
        console.print(f"Python pairs: verify median {ours:.2f}s, CrossHair median {ch_median:.2f}s; CrossHair "
                      f"exhausted all paths (loop-free) on {exhausted} pair(s) and proves nothing through "
                      f"loops; its differences on equivalent pairs: {ch_wrong or 'none'}")
    decided = [r for r in rows if r.verdict in ("yes", "no")]
    decided_share = len(decided) / len(rows) if rows else 1.0
    console.print(f"decided (yes or no): {len(decided)}/{len(rows)} ({decided_share:.0%}; goal 85%)")
    cpu_median = statistics.median(r.cpu_s for r in rows) if rows else 0.0
    load = os.getloadavg()[0]
    console.print(f"median time: {median:.2f}s (goal < 2s; issue 20: < 1s); median CPU time {cpu_median:.2f}s; "
                  f"load average at the end {load:.1f} (wall times grow with the load of 2 cores)")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2))
    ok = not wrong and not ch_missed and share >= 0.8 and decided_share >= 0.85 and median < 2.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
