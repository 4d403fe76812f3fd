"""Benchmark non-linear loop invariants on bench/nonlinear/*.c.

Each program's first line says what it should get (``// expect: yes`` or
``// expect: no``, established by running it: see the header comment of each);
a line ``// int-semantics: math`` among the first three selects unbounded
integers. The programs are our own, in the style of the literature's
non-linear loops (cohencu, cohendiv, divbin, egcd, fermat, freire, geo, hard,
lcm, mannadiv, prodbin, ps2-ps4, sqrt1, bresenham). For every program this script

1. runs ``verify prove`` as a whole process (``--format json --no-cache``) and
   compares the overall verdict with the expectation: a yes for an unsafe
   program or a no for a safe one is a *wrong answer*; its CPU time (lanes
   included: on a loaded machine the wall time says more about the load) and
   who re-checked its certificates (``cvc5+algebra``: exact algebra stood in
   for cvc5 on some obligation, `crosscheck.ideal_check`);
2. runs the invariant engine alone in this process (`run_chc` on every check:
   no BMC, no sampling, no cvc5 re-check), for its time and the steps that
   proved the checks (``polynomial``: `engines.invariants.polynomial_invariants`);
3. hands the program's Horn clauses (all checks, no slicing, no guessed facts:
   what one would give Spacer directly, as `bench_invariants.py` does) to plain
   z3 Spacer in a fresh process: sat means every check holds, unsat that the
   clauses have a counterexample.

    python bench/bench_nonlinear.py [--timeout 10] [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PROGRAMS = ROOT / "bench" / "nonlinear"

from raw_spacer import RAW_SPACER  # noqa: E402


def header(path: Path) -> tuple[str, str]:
    """(expected verdict, integer semantics) from the program's first lines."""
    lines = path.read_text().splitlines()
    expect = lines[0].split(":", 1)[1].strip() if lines and "expect:" in lines[0] else "?"
    semantics = "math" if any("int-semantics: math" in line for line in lines[:3]) else "bv"
    return expect, semantics


def ours(path: Path, semantics: str, timeout: float) -> tuple[str, float, float, str, str]:
    """(overall verdict, seconds, CPU seconds of the process and its lanes, second
    opinions of the yes certificates, invariant text) of `verify prove`."""
    cmd = ["verify", "prove", str(path), "--format", "json", "--no-cache", "--timeout", str(timeout),
           "--int-semantics", semantics]
    start, cpu = time.perf_counter(), children_cpu_seconds()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * 6 + 30)
    seconds, cpu = time.perf_counter() - start, children_cpu_seconds() - cpu
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return "error", seconds, cpu, "", (proc.stderr.strip().splitlines() or ["no output"])[-1][:80]
    results = data.get("results", [])
    checked = ",".join(sorted({"+".join((r.get("certificate") or {}).get("checked_by", [])) for r in results
                               if r.get("verdict") == "yes"}))
    texts = sorted({(r.get("certificate") or {}).get("text", "") for r in results
                    if r.get("verdict") == "yes" and r.get("engine") == "chc"} - {""})
    return data.get("verdict", "?"), seconds, cpu, checked, " | ".join(texts)


def children_cpu_seconds() -> float:
    """CPU time of this process's finished children (and theirs: `verify` waits for its lanes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Spacer runs in one)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def engine(path: Path, semantics: str, timeout: float) -> tuple[str, str, float, float]:
    """The invariant engine alone, in this process (no BMC, no sampling lane, no
    re-check by cvc5): checks proved of all, the steps that proved them, wall
    seconds and CPU seconds (the machine's load does not change the latter)."""
    from verifier.engines.invariants.chc import ChcStats, run_chc

    found: set[str] = set()
    proved = total = 0
    start, cpu = time.perf_counter(), cpu_seconds()
    for ts in systems(path, semantics):
        stats = ChcStats()
        answers = run_chc(ts, set(ts.checks), time.monotonic() + timeout, stats=stats)
        proved += sum(o.verdict == "yes" for o in answers.values())
        total += len(ts.checks)
        found |= set(stats.proved_by.values())
    return f"{proved}/{total}", ",".join(sorted(found)) or "-", time.perf_counter() - start, cpu_seconds() - cpu


def systems(path: Path, semantics: str):
    from verifier.cfa import build_cfa
    from verifier.encode import encode
    from verifier.frontends.c import parse_c

    program = parse_c(path.read_text(), str(path), semantics)
    return [encode(build_cfa(program, "main"))]


def raw_spacer(path: Path, semantics: str, timeout: float) -> tuple[str, float]:
    """Plain Spacer's verdict and time on the program's own Horn clauses."""
    from verifier.engines.invariants.horn import HornView, horn_clauses

    verdicts, total = [], 0.0
    for ts in systems(path, semantics):
        full = {h: list(ts.variables) for h in ts.cfa.loops}
        text = horn_clauses(HornView(ts), set(ts.checks), None, full).smt2()
        try:
            proc = subprocess.run([sys.executable, "-c", RAW_SPACER, str(timeout)], input=text,
                                  capture_output=True, text=True, timeout=timeout + 30)
            out = proc.stdout.split()
            status, seconds = (out[0], float(out[1])) if len(out) == 2 else ("error", timeout)
        except subprocess.TimeoutExpired:
            status, seconds = "unknown", timeout
        verdicts.append({"sat": "yes", "unsat": "no"}.get(status, "unknown"))
        total += seconds
    return ("no" if "no" in verdicts else "unknown" if "unknown" in verdicts else "yes"), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per program (verify --timeout)")
    parser.add_argument("--only", default="", help="only programs whose name contains this")
    args = parser.parse_args()
    console = Console(width=220)
    table = Table(title="bench/nonlinear: verify prove (whole process) vs raw Spacer on the same clauses")
    for column in ("program", "expect", "sem", "verify", "time s", "cpu s", "checked by", "raw Spacer", "time s",
                   "chc alone", "chc s", "chc cpu s", "found by", "invariant"):
        table.add_column(column, overflow="fold")
    wrong = decided = raw_decided = raw_wrong = 0
    times, cpus, raw_times, chc_times, chc_cpu = [], [], [], [], []
    files = sorted(p for p in PROGRAMS.glob("*.c") if args.only in p.name)
    for path in files:
        expect, semantics = header(path)
        verdict, seconds, cpu, checked, invariant = ours(path, semantics, args.timeout)
        cpus.append(cpu)
        raw, raw_s = raw_spacer(path, semantics, args.timeout)
        chc_proved, found_by, chc_s, cpu_s = engine(path, semantics, args.timeout)
        chc_times.append(chc_s)
        chc_cpu.append(cpu_s)
        times.append(seconds)
        raw_times.append(raw_s)
        decided += verdict in ("yes", "no")
        bad = verdict in ("yes", "no") and verdict != expect
        wrong += bad
        raw_decided += raw in ("yes", "no")
        raw_wrong += raw in ("yes", "no") and raw != expect
        table.add_row(path.stem, expect, semantics, verdict + (" WRONG" if bad else ""), f"{seconds:.2f}",
                      f"{cpu:.2f}", checked, raw + (" WRONG" if raw in ("yes", "no") and raw != expect else ""),
                      f"{raw_s:.2f}",
                      chc_proved, f"{chc_s:.2f}", f"{cpu_s:.2f}", found_by, invariant[:100])
        console.print(f"[dim]{path.stem}: {verdict} ({seconds:.2f}s), raw Spacer {raw} ({raw_s:.2f}s)[/dim]")
    console.print(table)
    if files:
        console.print(f"verify: {decided}/{len(files)} decided, {wrong} wrong, median {statistics.median(times):.2f}s "
                      f"({statistics.median(cpus):.2f}s of CPU, lanes included); "
                      f"raw Spacer: {raw_decided}/{len(files)} decided, {raw_wrong} disagree with the expectation, "
                      f"median {statistics.median(raw_times):.2f}s; the invariant engine alone: median "
                      f"{statistics.median(chc_times):.2f}s ({statistics.median(chc_cpu):.2f}s of CPU); "
                      f"load average {os.getloadavg()[0]:.1f}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
