"""Time to a confirmed no: verify against CrossHair (Python) and gcc's compile-and-run (C), in one run.

    pip install '.[bench,contracts]'   # CrossHair, and icontract/deal to import the decorated functions
    python bench/bench_time_to_no.py [--repeat 3] [--timeout 10] [--only NAME] [--no-peers]
                                     [--before TREE] [--c-files N] [--sets small,python_data,c] [--cold-replay]
                                     [--no-full] [--priority]

The functions (each has a bug, recorded with its check and line):
- bench/time_to_no/*.py: small loops with a failing assert and a PEP 316 ``pre:``
  precondition, which both tools read (header ``expect: no CHECK at line N``);
- the buggy functions of bench/python_data (manifest.json, the answers checked on
  CPython by bench/python_data_oracle.py);
- the first `--c-files` unsafe files of bench/memory (header ``// fails: CHECK at line L``,
  bench/memory/README.md).

Per function, the median of `--repeat` whole-process wall times (and, for
``verify -x`` and the peer, CPU seconds of every process of the run: a figure the
machine's load changes less) of:
``verify prove --exit-first`` (the time to the first confirmed no), plain ``verify prove``
(every check answered), and the peer: ``crosshair check`` with the analysis kind the
function's contracts need, or gcc compiling the file with the sanitizers of
`bench.memory_corpus.Native` and running it on the recorded witness. `--before TREE`
adds ``verify prove --exit-first`` and plain ``verify prove`` from another checkout (e.g.
``git archive HEAD | tar -x -C /tmp/before``), measured in the same run, interleaved. `--cold-replay`
has each verify run prove a fresh copy of the file (in a directory of its own), so that
its C replay harness is compiled in the run, as gcc's compile-and-run compiles (a harness
is otherwise cached across runs: every run after the first finds it built). A verify
answer counts ("ok") only if it is no for the recorded
check at the recorded line with a confirmed (replayed) counterexample. `--no-full` skips the
plain ``verify prove`` runs (the time to the first confirmed no only). `--priority` runs the
bench and all it starts, verify and its peers alike, ahead of the machine's other sessions
(autogroup nice -20, as `bench_startup.py --priority`; Linux, root): figures near an idle machine's.
Exit status 1 when verify gives another answer on any function.

Where one run's time goes: ``VERIFY_TIMELINE=1 verify prove -x FILE`` (see
`verifier.timeline`) prints, per process, when the command starts (after the
interpreter and the command line's imports), when the worker takes the file
and has parsed it, the control-flow automaton, the quick search's end
(`verifier.quick_search`), the lanes started and each one's encoding, each
batch of answers heard, each replay, its confirmation and the end of
exploring, the engines' end, the results sent, received, and the report written.
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
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench.memory_corpus import Native, corpus  # noqa: E402
from bench_startup import raise_priority  # noqa: E402
from python_data_oracle import CROSSHAIR_KIND, load_manifest, read_verify_json  # noqa: E402

SMALL = ROOT / "bench" / "time_to_no"


@dataclass
class Case:
    """One buggy function: where it is, the check and line it fails, and how the peer runs it."""

    name: str
    path: Path
    function: str | None  # None: the file's default selection (C: main)
    bugs: list[tuple[str, int | None]]  # (check, line) of each recorded failure; line None: a postcondition
    peer: str  # "crosshair:KIND" or "gcc"
    witness: list[int] = field(default_factory=list)  # C: the recorded nondet values

    @property
    def check(self) -> str:
        return self.bugs[0][0]


@dataclass
class Row:
    case: Case
    first: list[float] = field(default_factory=list)  # verify --exit-first
    first_cpu: list[float] = field(default_factory=list)  # ... its CPU seconds, every process of the run
    full: list[float] = field(default_factory=list)  # verify
    before_first: list[float] = field(default_factory=list)  # verify -x from --before
    before_first_cpu: list[float] = field(default_factory=list)  # ... its CPU seconds
    before: list[float] = field(default_factory=list)  # verify from --before
    peer: list[float] = field(default_factory=list)
    peer_cpu: list[float] = field(default_factory=list)
    verdict: str = ""  # "ok" or what verify said instead
    before_verdict: str = ""  # the same of --before's verify -x (its last run)
    peer_found: str = ""


def small_cases() -> list[Case]:
    cases = []
    for path in sorted(SMALL.glob("*.py")):
        found = re.search(r"expect: no (\S+) at line (\d+)", path.read_text())
        if found is None:
            raise SystemExit(f"{path}: no 'expect: no CHECK at line N' header")
        cases.append(Case(path.stem, path, path.stem, [(found.group(1), int(found.group(2)))], "crosshair:PEP316"))
    return cases


def python_data_cases() -> list[Case]:
    return [Case(e.function, e.path, e.function, [(f.check, f.line) for f in e.failing],
                 f"crosshair:{CROSSHAIR_KIND[e.style]}") for e in load_manifest() if e.buggy]


def c_cases(count: int) -> list[Case]:
    unsafe = [h for h in corpus() if not h.safe][:count]
    return [Case(h.path.stem, h.path, None, [(h.fails, h.line)], "gcc", h.witness) for h in unsafe]


def verify_command(case: Case, timeout: float, exit_first: bool, path: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json",
               "--timeout", str(timeout)]
    if case.function is not None:
        command += ["--function", case.function]
    if case.peer == "gcc":
        command += ["--check", case.check]
    return command + (["--exit-first"] if exit_first else []) + [str(path or case.path)]


def children_cpu() -> float:
    """User and system CPU seconds of every finished child process (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_verify(case: Case, timeout: float, exit_first: bool, tree: Path = ROOT,
               cold: bool = False) -> tuple[float, str]:
    """Whole-process seconds, and "ok" or what verify answered instead; `cold`: on a fresh copy of the file."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("VERIFY_TIMELINE", None)
    with tempfile.TemporaryDirectory(prefix="time-to-no-") as fresh:
        path = Path(shutil.copy(case.path, fresh)) if cold else None
        start = time.perf_counter()
        done = subprocess.run(verify_command(case, timeout, exit_first, path), capture_output=True, text=True,
                              cwd=tree, env=env)
        elapsed = time.perf_counter() - start
    try:
        results = read_verify_json(done.stdout)["results"]
    except (json.JSONDecodeError, KeyError):
        return elapsed, "error: " + ((done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1])[:80]
    return elapsed, judge(case, results)


def judge(case: Case, results: list[dict]) -> str:
    """"ok" when some result is a recorded bug with a confirmed counterexample; else what was found instead."""
    hit = [r for r in results if r["verdict"] == "no" and (r.get("counterexample") or {}).get("confirmed")
           and any(r["check"] == check and line in (None, r["location"]["line"]) for check, line in case.bugs)]
    if not hit:
        seen = sorted({f"{r['check']}={r['verdict']}@{r['location']['line']}" for r in results})
        return "missed: " + ", ".join(seen)[:80]
    return "ok"


def run_crosshair(case: Case, kind: str, timeout: float) -> tuple[float, str]:
    exe = shutil.which("crosshair") or str(Path(sys.executable).with_name("crosshair"))
    if not Path(exe).exists():
        return 0.0, "not installed"
    start = time.perf_counter()
    try:
        done = subprocess.run([exe, "check", f"--analysis_kind={kind}", f"--per_condition_timeout={timeout}",
                               case.path.name], capture_output=True, text=True, cwd=case.path.parent,
                              timeout=10 * timeout + 30)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, "timeout"
    elapsed = time.perf_counter() - start
    found = done.returncode == 1 and ": error: " in done.stdout
    return elapsed, "found" if found else "none found" if done.returncode == 0 else "error"


def run_gcc(case: Case) -> tuple[float, str]:
    native = Native()  # a fresh build directory: the compile is timed too
    try:
        start = time.perf_counter()
        run = native.run(case.path, case.witness, leaks=case.check == "leak")
        elapsed = time.perf_counter() - start
    finally:
        native.close()
    return elapsed, "found" if (run.check, run.line) in case.bugs else f"ran: {run.check or 'passed'}@{run.line}"


def measure(case: Case, args) -> Row:
    row = Row(case)
    verdicts = set()
    for _ in range(args.repeat):
        cpu = children_cpu()
        seconds, verdict = run_verify(case, args.timeout, exit_first=True, cold=args.cold_replay)
        row.first_cpu.append(children_cpu() - cpu)
        row.first.append(seconds)
        verdicts.add(verdict)
        if not args.no_full:
            seconds, verdict = run_verify(case, args.timeout, exit_first=False, cold=args.cold_replay)
            row.full.append(seconds)
            verdicts.add(verdict)
        if args.before:
            cpu = children_cpu()
            seconds, verdict = run_verify(case, args.timeout, exit_first=True, tree=args.before, cold=args.cold_replay)
            row.before_first.append(seconds)
            row.before_first_cpu.append(children_cpu() - cpu)
            row.before_verdict = verdict
            if not args.no_full:
                row.before.append(run_verify(case, args.timeout, exit_first=False, tree=args.before,
                                             cold=args.cold_replay)[0])
        if not args.no_peers:
            kind, _, analysis = case.peer.partition(":")
            cpu = children_cpu()
            seconds, row.peer_found = run_gcc(case) if kind == "gcc" else run_crosshair(case, analysis,
                                                                                         args.crosshair_timeout)
            row.peer_cpu.append(children_cpu() - cpu)
            row.peer.append(seconds)
    row.verdict = "ok" if verdicts == {"ok"} else "; ".join(sorted(verdicts - {"ok"}))
    return row


def med(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]  # a median of medians: a column not measured has none
    return statistics.median(values) if values else None


def show(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def report(rows: list[Row], before: bool) -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=200)
    table = Table(title="time to a confirmed no (whole process, seconds, median of runs)")
    befores = ["before -x", "b. -x CPU", "before"] if before else []
    columns = ["function", "check", "verify -x", "-x CPU", "verify"] + befores + [
        "peer", "peer s", "peer CPU", "peer found", "verify answer"] + (["before answer"] if before else [])
    numbers = ("verify -x", "-x CPU", "verify", "before -x", "b. -x CPU", "before", "peer s", "peer CPU")
    for col in columns:
        table.add_column(col, justify="right" if col in numbers else "left")
    for r in rows:
        line = ", ".join(f"{check}@{at}" if at else check for check, at in r.case.bugs)
        cells = [r.case.name, line, show(med(r.first)), show(med(r.first_cpu)), show(med(r.full))] + (
            [show(med(r.before_first)), show(med(r.before_first_cpu)), show(med(r.before))] if before else []) + [
            r.case.peer.partition(":")[0], show(med(r.peer)), show(med(r.peer_cpu)), r.peer_found, r.verdict] + (
            [r.before_verdict] if before else [])
        table.add_row(*cells)
    console.print(table)
    for label, group in (("python", [r for r in rows if r.case.peer != "gcc"]),
                         ("C", [r for r in rows if r.case.peer == "gcc"])):
        if not group:
            continue
        both = [r for r in group if r.verdict == "ok" and r.peer_found == "found"]
        peer = "gcc compile-and-run" if label == "C" else "CrossHair"
        text = (f"{label} ({len(group)} bugs, verify finds {sum(r.verdict == 'ok' for r in group)}, {peer} "
                f"{sum(r.peer_found == 'found' for r in group)}): median verify -x {show(med([med(r.first) for r in group]))}, "
                f"verify {show(med([med(r.full) for r in group]))}")
        if before:
            text += (f", before (finds {sum(r.before_verdict == 'ok' for r in group)}): "
                     f"-x {show(med([med(r.before_first) for r in group]))}, "
                     f"plain {show(med([med(r.before) for r in group]))}")
        if group[0].peer:
            text += f", {peer} {show(med([med(r.peer) for r in group]))}"
        text += f"; CPU: verify -x {show(med([med(r.first_cpu) for r in group]))}"
        if before:
            text += f", before -x {show(med([med(r.before_first_cpu) for r in group]))}"
        if group[0].peer:
            text += f", {peer} {show(med([med(r.peer_cpu) for r in group]))}"
        if both and group[0].peer:
            text += (f"; on the {len(both)} both find: verify -x {show(med([med(r.first) for r in both]))}, "
                     f"{peer} {show(med([med(r.peer) for r in both]))}")
        console.print(text)
    console.print(f"machine load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 1 if any(r.verdict != "ok" for r in rows) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and function (the median is shown)")
    parser.add_argument("--timeout", type=float, default=10.0, help="verify --timeout")
    parser.add_argument("--crosshair-timeout", type=float, default=10.0, help="CrossHair --per_condition_timeout")
    parser.add_argument("--c-files", type=int, default=6, help="unsafe files of bench/memory to run")
    parser.add_argument("--only", help="only functions whose name contains this")
    parser.add_argument("--no-peers", action="store_true", help="skip CrossHair and gcc")
    parser.add_argument("--sets", default="small,python_data,c",
                        help="which functions: small (bench/time_to_no), python_data, c (bench/memory)")
    parser.add_argument("--before", type=Path, help="also time plain verify from this checkout")
    parser.add_argument("--no-full", action="store_true", help="skip plain verify prove (time to the first no only)")
    parser.add_argument("--cold-replay", action="store_true",
                        help="each verify run proves a fresh copy of the file (no replay harness built before)")
    parser.add_argument("--priority", action="store_true",
                        help="run ahead of the machine's other sessions (autogroup nice -20; Linux, root)")
    args = parser.parse_args()
    if args.priority:
        print(f"priority: {raise_priority()}", file=sys.stderr)
    sets = set(args.sets.split(","))
    cases = ((small_cases() if "small" in sets else []) + (python_data_cases() if "python_data" in sets else [])
             + (c_cases(args.c_files) if "c" in sets else []))
    cases = [c for c in cases if args.only is None or args.only in c.name]
    rows = []
    for case in cases:
        row = measure(case, args)
        print(f"{case.name}: verify -x {show(med(row.first))}s, verify {show(med(row.full))}s, "
              f"{case.peer} {show(med(row.peer))}s {row.peer_found} [{row.verdict}]", file=sys.stderr)
        rows.append(row)
    return report(rows, args.before is not None)


if __name__ == "__main__":
    sys.exit(main())
