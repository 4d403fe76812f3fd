"""Python translations of competition tasks of our own (bench/competition_py/): verify's
answer per program and command, run as a user runs it, against the expected answer.

    python bench/bench_competition_py.py [--timeout 10] [--jobs 1] [NAME ...]

Programs: ``bench/competition_py/*.py``, checked from ``main``; the first line records the
true answers (``# expect: prove=no terminates=yes``; ``yes/unknown`` marks a proof the
engines may miss, never a no). Equivalence pairs: ``bench/competition_py/equiv/<name>/``
with ``a.py`` (function ``f``) and ``b.py`` (function ``g``), B's first line saying
``# expect: yes`` or ``# expect: no``. Each answer is one ``verify prove`` / ``verify
terminates`` / ``verify equiv`` process (``--format json --no-cache``), so a traceback or a
wrong exit code shows up as ``crash``. The table shows the answer, the exit code, the wall
and CPU time of the process (the CPU column depends less on the machine's load), and the
reason of the first unknown. Summary: right, unknown, wrong (a yes where no is expected or
the reverse, or a no whose counterexample was not replayed), crash. Exit status 1 if any
answer is wrong or crashed."""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from python_data_oracle import read_verify_json

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "bench" / "competition_py"
#: the exit code `verify` gives each overall verdict
EXIT_CODES = {"yes": 0, "no": 1, "unknown": 3}


def expectations(path: Path) -> dict[str, list[str]]:
    """The accepted answers by command, from the program's ``# expect:`` line (the first is the truth)."""
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), path
    return {cmd: answers.split("/") for cmd, answers in (item.split("=") for item in first[10:].split())}


def pair_expectation(folder: Path) -> str:
    """``yes`` or ``no`` from the first line of a pair's B side."""
    first = (folder / "b.py").read_text().splitlines()[0]
    assert first.startswith("# expect: "), folder
    return first[10:].split()[0]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: list[str]) -> tuple[str, int, str, float, float]:
    """(answer, exit code, reason, wall s, CPU s) of one ``verify`` process."""
    start, cpu = time.monotonic(), children_cpu()
    p = subprocess.run([sys.executable, "-m", "verifier.cli", *argv, "--format", "json", "--no-cache"],
                       capture_output=True, text=True, cwd=ROOT)
    wall, cpu = time.monotonic() - start, children_cpu() - cpu
    if "Traceback" in p.stderr or not p.stdout.strip():
        return "crash", p.returncode, (p.stderr.strip().splitlines() or ["no output"])[-1], wall, cpu
    doc = read_verify_json(p.stdout)
    results = doc.get("results", [])
    verdict = doc["verdict"]
    if p.returncode != EXIT_CODES.get(verdict, -1):
        return "crash", p.returncode, f"exit {p.returncode} for {verdict}", wall, cpu
    if verdict == "no":
        replayed = all(r["counterexample"] and r["counterexample"].get("confirmed") for r in results
                       if r["verdict"] == "no")
        return ("no" if replayed else "no-unreplayed"), p.returncode, "", wall, cpu
    reasons = [f"{r.get('check', '')}: {r['reason']}" for r in results if r["verdict"] == "unknown"]
    return verdict, p.returncode, reasons[0] if reasons else "", wall, cpu


def jobs() -> list[tuple[str, str, list[str], list[str]]]:
    """(row name, command, verify arguments, accepted answers) for every program and pair."""
    out = []
    for path in sorted(FOLDER.glob("*.py")):
        for command, accepted in expectations(path).items():
            out.append((path.stem, command, [command, str(path.relative_to(ROOT))], accepted))
    for folder in sorted(p for p in (FOLDER / "equiv").iterdir() if p.is_dir()):
        a, b = (str((folder / side).relative_to(ROOT)) for side in ("a.py", "b.py"))
        out.append((f"equiv/{folder.name}", "equiv", ["equiv", f"{a}:f", f"{b}:g"], [pair_expectation(folder)]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per check (verify's --timeout)")
    parser.add_argument("--jobs", type=int, default=1, help="verify's --jobs")
    parser.add_argument("names", nargs="*", help="only rows whose name contains one of these")
    args = parser.parse_args()
    tally: Counter[str] = Counter()
    print(f"load: {os.getloadavg()[0]:.1f}")
    print(f"{'program':36} {'command':10} {'expect':6} {'got':13} {'exit':4} {'wall':>6} {'cpu':>6}  reason")
    for name, command, argv, accepted in jobs():
        if args.names and not any(n in name for n in args.names):
            continue
        got, code, reason, wall, cpu = run([*argv, "--timeout", str(args.timeout), "--jobs", str(args.jobs)])
        truth = accepted[0]
        kind = "right" if got == truth else got if got in ("crash", "unknown") else "wrong"
        tally[kind] += 1
        mark = {"right": "", "unknown": "?", "wrong": "WRONG", "crash": "CRASH"}[kind]
        print(f"{name:36} {command:10} {truth:6} {got:13} {code:4} {wall:6.1f} {cpu:6.1f}  {mark} {reason[:110]}",
              flush=True)
    print(f"\n{sum(tally.values())} answers: {tally['right']} right, {tally['unknown']} unknown, "
          f"{tally['wrong']} wrong, {tally['crash']} crash")
    return 1 if tally["wrong"] or tally["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
