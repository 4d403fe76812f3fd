"""Benchmark recursion (function summaries) on bench/recursion/*.c.

Each program's first line says what it should get (``// expect: yes`` or
``// expect: no``) and, optionally, ``semantics: math``. For every program this
script

1. runs ``verify prove`` on ``main`` (in this process, every check) and
   compares the overall verdict with the expectation: a yes for an unsafe
   program or a no for a safe one is a *wrong answer*; `engine` says which
   engine answered (``summaries`` for proofs past the inlining bound);
2. runs ``verify terminates`` on ``main`` (every program here ends: a measure
   of the recursive calls, with summaries of nested ones, is the certificate);
3. hands the summaries' Horn clauses (every check's queries at once, no
   slicing: what one would give Spacer directly) to plain z3 Spacer
   (``SolverFor("HORN")``, one run, fixed seed) as SMT-LIB text in a fresh
   process: sat means every check holds, unsat that the clauses have a
   counterexample (a bug, or a summary-free imprecision: raw Spacer has no
   replay to tell them apart).

    python bench/bench_recursion.py [--timeout 10] [--only NAME]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PROGRAMS = ROOT / "bench" / "recursion"

from raw_spacer import RAW_SPACER  # noqa: E402


def expectation(path: Path) -> tuple[str, str | None]:
    """(expected verdict, semantics) from the program's first line."""
    first = path.read_text().splitlines()[0]
    want = re.search(r"expect:\s*(yes|no)", first)
    semantics = re.search(r"semantics:\s*(\w+)", first)
    return (want.group(1) if want else "?"), (semantics.group(1) if semantics else None)


def ours(path: Path, semantics: str | None, timeout: float) -> tuple[str, str, float]:
    """(overall verdict, engines that answered, seconds) of `verify prove`."""
    from verifier import prove

    start = time.monotonic()
    results = prove(str(path), function="main", semantics=semantics, timeout=timeout)
    seconds = time.monotonic() - start
    verdicts = {r.verdict.value for r in results}
    verdict = "no" if "no" in verdicts else "yes" if verdicts == {"yes"} else "unknown"
    engines = ",".join(sorted({r.engine for r in results if r.engine})) or "-"
    return verdict, engines, seconds


def terminates(path: Path, semantics: str | None, timeout: float) -> tuple[str, float, str]:
    """(verdict, seconds, certificate or reason) of `verify terminates` on main."""
    from verifier import terminates as run

    start = time.monotonic()
    (r,) = run(str(path), "main", semantics=semantics, timeout=timeout)
    detail = r.certificate.text if r.certificate else r.reason
    return r.verdict.value, time.monotonic() - start, detail.splitlines()[0] if detail else ""


def clauses_text(path: Path, semantics: str | None) -> str | None:
    """The summaries' clauses for every check of main, as SMT-LIB (None: not summarizable)."""
    from verifier.engines.invariants.summaries import rules, summary_problem
    from verifier.errors import AnalysisUnsupported
    from verifier.load import load_program

    try:
        problem = summary_problem(load_program(str(path), semantics, None), "main")
    except AnalysisUnsupported:
        return None
    clauses = problem.base + [q for k in sorted(problem.queries) for q in problem.queries[k]]
    lines = ["(set-logic HORN)"]
    for decl in problem.preds.values():
        domain = " ".join(decl.domain(i).sexpr() for i in range(decl.arity()))
        lines.append(f"(declare-fun {decl.name()} ({domain}) Bool)")
    lines += [f"(assert {r.sexpr()})" for r in rules(problem, clauses)]
    return "\n".join(lines) + "\n(check-sat)\n"


def raw_spacer(text: str | None, timeout: float) -> tuple[str, float]:
    if text is None:
        return "n/a", 0.0
    try:
        done = subprocess.run([sys.executable, "-c", RAW_SPACER, str(timeout)], input=text, capture_output=True,
                              text=True, timeout=timeout + 5)
        status, seconds = done.stdout.split()
        return {"sat": "yes", "unsat": "no"}.get(status, "unknown"), float(seconds)
    except (subprocess.TimeoutExpired, ValueError):
        return "unknown", timeout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    table = Table(title="recursion: verify prove (summaries lane) vs raw Spacer on the same clauses")
    for column in ("program", "expect", "verify", "engine", "time s", "raw Spacer", "time s", "terminates",
                   "time s", "measure / reason"):
        table.add_column(column, overflow="fold")
    wrong, decided, times, raw_decided, raw_wrong, ended, end_times = 0, 0, [], 0, 0, 0, []
    files = sorted(PROGRAMS.glob("*.c"))
    if args.only:
        files = [f for f in files if args.only in f.name]
    for path in files:
        want, semantics = expectation(path)
        verdict, engines, seconds = ours(path, semantics, args.timeout)
        raw, raw_s = raw_spacer(clauses_text(path, semantics), args.timeout)
        ends, ends_s, measure = terminates(path, semantics, args.timeout)
        ended += ends == "yes"
        end_times.append(ends_s)
        times.append(seconds)
        decided += verdict != "unknown"
        wrong += verdict not in ("unknown", want)
        raw_decided += raw in ("yes", "no")
        raw_wrong += raw in ("yes", "no") and raw != want
        mark = "" if verdict in ("unknown", want) else " WRONG"
        table.add_row(path.stem + (" (math)" if semantics else ""), want, verdict + mark, engines, f"{seconds:.2f}",
                      raw, f"{raw_s:.2f}", ends, f"{ends_s:.2f}", measure[:60])
    console = Console(width=200)
    console.print(table)
    console.print(f"verify: {decided}/{len(files)} decided, {wrong} wrong, median {statistics.median(times):.2f}s; "
                  f"raw Spacer: {raw_decided}/{len(files)} sat/unsat, {raw_wrong} disagree with the expectation "
                  f"(an unsat is no replayed bug)")
    console.print(f"verify terminates: {ended}/{len(files)} yes (every program here ends), "
                  f"median {statistics.median(end_times):.2f}s")


if __name__ == "__main__":
    main()
