"""Benchmark the invariant engine on bench/loops/*.c.

Each program's first line says what it should get (``// expect: yes`` or
``// expect: no``); a line ``// int-semantics: math`` among the first three
selects unbounded integers. For every program this script

1. runs ``verify prove`` as a whole process (``--format json --no-cache``) and
   compares the overall verdict with the expectation: a yes for an unsafe
   program or a no for a safe one is a *wrong answer*; a yes counts as
   certified when every check's certificate lists both z3 and cvc5;
2. emits the program's Horn clauses (all checks, no slicing, no integer
   reading, no guessed facts: what one would hand Spacer directly) as
   SMT-LIB and solves them with plain z3 Spacer in a fresh process (timed:
   reading the clauses and solving them);
3. runs the invariant engine (`run_chc`) in this process on every check of
   the program, for its own time next to raw Spacer's: the search alone
   (Spacer, guessing, Houdini: what raw Spacer does) and the whole engine
   (plus certifying: re-checks on the integer reading and on bit-vectors,
   minimisation).

With ``--ablation`` it also reruns the engine with each helper switched off
(guessing, the integer reading of bv programs, slicing, minimisation,
bit-vector Spacer) and prints how many programs each configuration proves.

    python bench/bench_invariants.py [--timeout 10] [--only NAME] [--ablation] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

LOOPS = ROOT / "bench" / "loops"

from raw_spacer import RAW_SPACER  # noqa: E402


@dataclass
class Row:
    name: str
    expect: str
    semantics: str
    verdict: str = "?"
    certified: bool = False
    wall_s: float = 0.0
    engines: list[str] = field(default_factory=list)
    invariant: str = ""
    raw_verdict: str = "?"
    raw_s: float = 0.0
    chc_proved: int = 0
    chc_checks: int = 0
    chc_s: float = 0.0
    chc_search_s: float = 0.0
    chc_steps: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def wrong(self) -> bool:
        return (self.expect == "yes" and self.verdict == "no") or (self.expect == "no" and self.verdict == "yes")

    @property
    def raw_wrong(self) -> bool:
        return (self.expect == "yes" and self.raw_verdict == "no") or (self.expect == "no" and self.raw_verdict == "yes")


def header(path: Path) -> tuple[str, str]:
    lines = path.read_text().splitlines()
    expect = lines[0].split(":", 1)[1].strip() if lines and "expect:" in lines[0] else "?"
    semantics = "math" if any("int-semantics: math" in line for line in lines[:3]) else "bv"
    return expect, semantics


def run_cli(path: Path, semantics: str, timeout: float, row: Row) -> None:
    cmd = ["verify", "prove", str(path), "--format", "json", "--no-cache", "--timeout", str(timeout)]
    if semantics == "math":
        cmd += ["--int-semantics", "math"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * 6 + 30)
    row.wall_s = time.perf_counter() - start
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        row.verdict, row.note = "error", (proc.stderr.strip().splitlines() or ["no output"])[-1][:80]
        return
    row.verdict = data.get("verdict", "?")
    results = data.get("results", [])
    row.engines = sorted({r.get("engine") or "-" for r in results})
    certs = [r.get("certificate") for r in results if r.get("verdict") == "yes"]
    row.certified = row.verdict == "yes" and all(c and {"z3", "cvc5"} <= set(c.get("checked_by", [])) for c in certs)
    texts = sorted({c["text"] for c, r in zip(certs, [r for r in results if r.get("verdict") == "yes"])
                    if c and r.get("engine") == "chc"})
    row.invariant = " | ".join(texts)
    if row.verdict == "unknown":
        reasons = sorted({r.get("reason") or "" for r in results if r.get("verdict") == "unknown"})
        row.note = reasons[0][:80] if reasons else ""


def load_ts(path: Path, semantics: str):
    from verifier.cfa import build_cfa
    from verifier.encode import encode
    from verifier.frontends.c import parse_c
    from verifier.proving import select_functions

    program = parse_c(path.read_text(), str(path), semantics)
    return [encode(build_cfa(program, name)) for name in select_functions(program, None)]


def raw_spacer(systems, timeout: float, row: Row) -> None:
    from verifier.engines.invariants.horn import HornView, horn_clauses

    verdicts, total = [], 0.0
    for ts in systems:
        full = {h: list(ts.variables) for h in ts.cfa.loops}
        text = horn_clauses(HornView(ts), set(ts.checks), None, full).smt2()
        proc = subprocess.run([sys.executable, "-c", RAW_SPACER, str(timeout)], input=text,
                              capture_output=True, text=True, timeout=timeout + 30)
        out = proc.stdout.split()
        status, seconds = (out[0], float(out[1])) if len(out) == 2 else ("error", timeout)
        verdicts.append({"sat": "yes", "unsat": "no"}.get(status, "unknown"))
        total += seconds
    row.raw_s = total
    row.raw_verdict = "no" if "no" in verdicts else "unknown" if "unknown" in verdicts else "yes"


#: The engine's steps that search for an invariant (what raw Spacer does); the
#: rest of its time is certifying: re-checking on the integer reading and on
#: bit-vectors, and minimising for readability.
SEARCH_STEPS = {"guess"}


def engine(systems, timeout: float, row: Row, options=None) -> tuple[int, int, float, list[str]]:
    from verifier.engines.invariants.chc import ChcStats, run_chc

    proved = checks = 0
    steps: set[str] = set()
    start = time.perf_counter()
    row.chc_search_s = 0.0
    for ts in systems:
        stats = ChcStats()
        answers = run_chc(ts, set(ts.checks), time.monotonic() + timeout, options=options, stats=stats)
        proved += sum(o.verdict == "yes" for o in answers.values())
        checks += len(ts.checks)
        steps |= set(stats.proved_by.values())
        row.chc_search_s += sum(s for step, s in stats.seconds.items() if step in SEARCH_STEPS
                                or step.startswith("spacer"))
    return proved, checks, time.perf_counter() - start, sorted(steps)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per program (verify --timeout)")
    ap.add_argument("--only", default="", help="only programs whose name contains this")
    ap.add_argument("--ablation", action="store_true", help="also rerun the engine with each helper off")
    ap.add_argument("--no-cli", action="store_true", help="skip the whole-process runs")
    ap.add_argument("--json", default="", help="write the rows here")
    args = ap.parse_args()
    console = Console(width=200)
    paths = sorted(p for p in LOOPS.glob("*.c") if args.only in p.name)
    rows: list[Row] = []
    for path in paths:
        expect, semantics = header(path)
        row = Row(path.name, expect, semantics)
        systems = load_ts(path, semantics)
        if not args.no_cli:
            run_cli(path, semantics, args.timeout, row)
        raw_spacer(systems, args.timeout, row)
        row.chc_proved, row.chc_checks, row.chc_s, row.chc_steps = engine(systems, args.timeout, row)
        rows.append(row)
        console.print(f"[dim]{row.name}: {row.verdict} ({row.wall_s:.2f}s), raw spacer {row.raw_verdict} "
                      f"({row.raw_s:.2f}s), chc {row.chc_proved}/{row.chc_checks} ({row.chc_s:.2f}s)[/dim]")
    print_table(console, rows, args.no_cli)
    if args.ablation:
        ablation(console, paths, args.timeout)
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2))
    return 1 if any(r.wrong for r in rows) else 0


def print_table(console: Console, rows: list[Row], no_cli: bool) -> None:
    table = Table(title="bench/loops: verify prove (whole process) vs plain Spacer")
    for col in ("program", "expect", "sem", "verify", "cert", "time s", "raw spacer", "raw s",
                "chc", "search s", "chc s", "found by"):
        table.add_column(col, justify="right" if col.endswith("s") and col != "found by" else "left")
    for r in rows:
        verdict = f"[red]{r.verdict} WRONG[/red]" if r.wrong else r.verdict
        raw = f"[red]{r.raw_verdict} WRONG[/red]" if r.raw_wrong else r.raw_verdict
        table.add_row(r.name, r.expect, r.semantics, verdict, "yes" if r.certified else "",
                      f"{r.wall_s:.2f}", raw, f"{r.raw_s:.2f}", f"{r.chc_proved}/{r.chc_checks}",
                      f"{r.chc_search_s:.2f}", f"{r.chc_s:.2f}", ",".join(r.chc_steps))
    console.print(table)
    safe = [r for r in rows if r.expect == "yes"]
    unsafe = [r for r in rows if r.expect == "no"]
    summary = Table(title="summary")
    for col in ("", "verify", "raw spacer", "chc engine"):
        summary.add_column(col)
    summary.add_row("safe proved", f"{sum(r.verdict == 'yes' for r in safe)}/{len(safe)}",
                    f"{sum(r.raw_verdict == 'yes' for r in safe)}/{len(safe)}",
                    f"{sum(r.chc_proved == r.chc_checks for r in safe)}/{len(safe)}")
    summary.add_row("safe, certificate re-checked by z3 and cvc5",
                    f"{sum(r.certified for r in safe)}/{len(safe)}", "-", "-")
    summary.add_row("unsafe found (no)", f"{sum(r.verdict == 'no' for r in unsafe)}/{len(unsafe)}",
                    f"{sum(r.raw_verdict == 'no' for r in unsafe)}/{len(unsafe)}", "-")
    summary.add_row("wrong answers", str(sum(r.wrong for r in rows)), str(sum(r.raw_wrong for r in rows)),
                    "-")
    walls = [r.wall_s for r in rows]
    if not no_cli and walls:
        summary.add_row("median / max time (s)", f"{statistics.median(walls):.2f} / {max(walls):.2f}",
                        f"{statistics.median([r.raw_s for r in rows]):.2f} / {max(r.raw_s for r in rows):.2f}",
                        f"{statistics.median([r.chc_s for r in rows]):.2f} / {max(r.chc_s for r in rows):.2f}")
    both = [r for r in rows if r.raw_verdict == "yes" and r.chc_proved == r.chc_checks]
    if both:
        for label, seconds in (("chc search", lambda r: r.chc_search_s),
                               ("chc search + certificates", lambda r: r.chc_s)):
            ratios = [seconds(r) / max(r.raw_s, 1e-3) for r in both]
            summary.add_row(f"{label} / raw spacer time where both prove", "-", f"{len(both)} programs",
                            f"median {statistics.median(ratios):.2f}x, total {sum(map(seconds, both)):.2f}s "
                            f"vs {sum(r.raw_s for r in both):.2f}s")
    console.print(summary)


def ablation(console: Console, paths: list[Path], timeout: float) -> None:
    from verifier.engines.invariants.chc import ChcOptions

    configs = {
        "all helpers": ChcOptions(),
        "no guessing (Houdini)": ChcOptions(guess=False),
        "no integer reading of bv": ChcOptions(math_abstraction=False),
        "no slicing": ChcOptions(slicing=False),
        "no minimisation": ChcOptions(minimize=False),
        "no bit-vector Spacer": ChcOptions(native_bv=False),
        "no first short Spacer run": ChcOptions(quick_spacer=False),
        "Spacer only (nothing else)": ChcOptions(guess=False, math_abstraction=False, slicing=False,
                                                 minimize=False, quick_spacer=False),
    }
    table = Table(title="ablation: programs whose every check the chc engine proves")
    for col in ("configuration", "safe proved", "checks proved", "median s", "total s"):
        table.add_column(col)
    loaded = [(p, header(p)) for p in paths]
    for name, options in configs.items():
        proved_programs = proved_checks = total_checks = 0
        times = []
        for path, (expect, semantics) in loaded:
            systems = load_ts(path, semantics)
            row = Row(path.name, expect, semantics)
            proved, checks, seconds, _ = engine(systems, timeout, row, options)
            times.append(seconds)
            proved_checks += proved
            total_checks += checks
            if expect == "yes" and proved == checks:
                proved_programs += 1
        safe = sum(1 for _, (e, _) in loaded if e == "yes")
        table.add_row(name, f"{proved_programs}/{safe}", f"{proved_checks}/{total_checks}",
                      f"{statistics.median(times):.2f}", f"{sum(times):.1f}")
        console.print(f"[dim]{name}: {proved_programs}/{safe}[/dim]")
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
