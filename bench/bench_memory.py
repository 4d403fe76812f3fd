"""verify vs Frama-C's EVA on the memory corpus (bench/memory/), side by side in one run.

    python bench/bench_memory.py [--timeout 10] [--eva-precision 5] [--no-eva] [--jobs 1] [--priority]
                                 [--before TREE] [FILE ...]

Per file: the expected answers (the file's `// expect:` header, bench/memory/README.md);
`verify prove --format json` run as a whole process on the checks the header names (a
check verify does not offer yet counts as unknown; one it reports no site of, as the
yes its exit status implies); whether a yes/no disagrees with the header; whether a
no's witness is confirmed (verify's own gcc replay, and again here: its nondet values,
and the allocations it makes fail, fed to the sanitizer build of bench/memory_corpus.py
must fail the same check;
"(line L)" when verify's no is at another line than the header's); the wall time, and
the CPU time (user + system of the process and all its workers: what the run costs
whatever else the machine is doing; `--jobs` files at a time share the cores).
Then EVA (`frama-c -eva`, Debian's frama-c-base, `-eva-precision 5`: 11 takes ten
times longer): its alarms, how many are false (an alarm of a checked kind on a safe
file), whether it flags an unsafe file's failure (an alarm of a matching kind at the
failing line; for assert, the `assert \\false` our stub puts in `__assert_fail`,
wherever it is reached from; EVA has no leak check), its time. Totals: wrong answers,
unsafe files found with a replayed witness, safe files proved, median time, false
alarms, of each.
An unknown is never wrong, only incomplete. Exit status 1 when verify answers wrong.

On a shared machine, `--priority` runs the bench and what it starts ahead of the other
sessions (autogroup nice -20, as `bench_startup.py --priority`; root), and `--before TREE`
runs each file with the `verifier` package of TREE (an earlier copy of the repository) right
after the current one: verdicts, wall and CPU side by side, under the same load.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory_corpus import Header, Native, corpus, read_header  # noqa: E402

#: EVA's alarm kinds (report-csv "property kind") -> the checks of this corpus they speak for
EVA_KINDS = {
    "mem_access": {"bounds", "null", "use-after-free"},
    "index_bound": {"bounds"},
    "dangling_pointer": {"use-after-free", "free"},
    "precondition of free": {"free"},
    "signed_overflow": {"overflow"},
    "division_by_zero": {"div-by-zero"},
    "shift": {"shift"},
    "user assertion": {"assert"},  # the stub's `assert \false` in __assert_fail: reach_error is reachable
}
#: EVA's other alarm kinds: no header judges them (initialisation is not a check of verify)
EVA_OTHER_KINDS = {"initialization", "pointer_value", "signed_downcast", "unsigned_overflow", "unsigned_downcast",
                   "pointer_downcast", "float_to_int", "bool_value", "separation", "overlap", "function_pointer",
                   "is_nan_or_infinite", "is_nan"}
#: statuses of a property EVA could not prove (an alarm); "Dead" or "Valid" ones are not
EVA_OPEN = ("Unknown", "Invalid", "Invalid or unreachable", "Invalid under hypotheses", "Unknown under hypotheses")
#: linked with every file for EVA: reach_error fails an assertion, an assumption cuts the path, libc specs for free
EVA_STUB = """#include <stdlib.h>
void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function) {
  /*@ assert reach_error_is_unreachable: \\false; */
}
void __VERIFIER_assume(int cond) { if (!cond) { while (1) {} } }
"""
EVA_STUB_NAME = "eva_stub.c"


@dataclass
class VerifyRun:
    """verify's answer per check of one file."""

    verdicts: dict[str, str]
    reasons: dict[str, str]
    #: for the failing check: "replayed" (verify and the sanitizer build agree), "verify only" (values our build
    #: cannot feed), "not reproduced" (our build does not fail that check), "no" (verify did not confirm it), ""
    witness: str
    extra_no: list[str]  # no answers on checks the header does not judge
    seconds: float
    line: int = 0  # the line of verify's no on the failing check
    cpu_seconds: float = 0.0  # user + system time of the process and its workers


@dataclass
class Alarm:
    kind: str
    line: int
    status: str
    text: str

    @property
    def checks(self) -> set[str]:
        return EVA_KINDS.get(self.kind, set())


@dataclass
class EvaRun:
    alarms: list[Alarm] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


def verify_checks() -> set[str]:
    """The check names `verify prove --check` accepts today."""
    from verifier.config import CHECK_NAMES
    return set(CHECK_NAMES.values())


def combine(verdicts: list[str]) -> str:
    """One check's verdict over its sites: no if any site fails, yes if all hold, else unknown."""
    if "no" in verdicts:
        return "no"
    return "yes" if all(v == "yes" for v in verdicts) else "unknown"


def run_verify(header: Header, timeout: float, offered: set[str], native: Native | None,
               tree: str = "") -> VerifyRun:
    """`verify prove --format json` on the header's checks verify offers; the rest are unknown
    (with the `verifier` package of `tree` when given)."""
    asked = [c for c in header.expect if c in offered]
    verdicts = {c: "unknown" for c in header.expect}
    reasons = {c: "verify has no such check yet" for c in header.expect if c not in offered}
    if not asked:
        return VerifyRun(verdicts, reasons, "", [], 0.0)
    done, seconds, cpu = run_measured([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json",
                                       "--timeout", str(timeout), "--check", ",".join(asked), str(header.path)],
                                      tree)
    try:
        results = json.loads(done.stdout)["results"]
    except (json.JSONDecodeError, KeyError):
        first = (done.stderr.strip().splitlines() or ["no output"])[0]
        return VerifyRun(verdicts, {c: f"error (exit {done.returncode}): {first}" for c in asked}, "", [], seconds,
                         cpu_seconds=cpu)
    for check in asked:
        mine = [r for r in results if r["check"] == check]
        # no result: verify found no site of the check, so nothing can fail it (its exit status counts it a yes)
        verdicts[check] = combine([r["verdict"] for r in mine]) if mine else "yes"
        reasons[check] = next((r["reason"] for r in mine if r["verdict"] == "unknown" and r["reason"]), "")
    extra = sorted({r["check"] for r in results if r["verdict"] == "no" and r["check"] not in header.expect})
    witness, line = "", 0
    if header.fails and verdicts.get(header.fails) == "no":
        found = next(r for r in results if r["check"] == header.fails and r["verdict"] == "no")
        witness, line = replay(header, found, native), found["location"]["line"]
    return VerifyRun(verdicts, reasons, witness, extra, seconds, line, cpu)


def run_measured(command: list[str], tree: str = "") -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `command` in the repository root (in `tree` when given): its outcome, wall time and
    CPU time (user + system of the process and the workers it waited for, from `os.wait4`:
    other runs of this bench at the same time are not counted)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=tree or ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = [io.TextIOWrapper(f, encoding="utf-8", errors="replace").read() for f in (out, err)]
    return subprocess.CompletedProcess(command, proc.returncode, *text), seconds, usage.ru_utime + usage.ru_stime


def replay(header: Header, result: dict, native: Native | None) -> str:
    """"replayed" when verify confirmed its witness and its nondet values fail the same check natively
    (see `VerifyRun.witness` for the other outcomes)."""
    cex = result.get("counterexample") or {}
    if not cex.get("confirmed"):
        return "no"
    if native is None or cex.get("inputs"):
        return "verify only"
    values, sources = cex.get("nondet") or [], cex.get("nondet_sources") or []
    failing: list[int] = []  # the allocations the witness makes fail, by number in call order (as verify's harness)
    if len(sources) == len(values):  # the stub feeds calls of __VERIFIER_nondet_* and the allocations' failures
        allocations = [v for v, s in zip(values, sources) if s.get("label", "").endswith(" fails")]
        failing = [n for n, v in enumerate(allocations, 1) if v]
        values = [v for v, s in zip(values, sources) if "__VERIFIER_nondet" in s.get("label", "")]
    elif any(s.get("label", "").endswith(" fails") for s in sources):
        return "verify only"  # which value is whose is not known
    if not all(isinstance(v, int) for v in values):
        return "verify only"
    run = native.run(header.path, values, leaks=header.fails == "leak", failing_allocations=failing)
    return "replayed" if run.check == header.fails else "not reproduced"


def run_eva(header: Header, stub: Path, precision: int) -> EvaRun:
    """EVA on the file (x86_64, libc specs), its open properties in the file or the stub's reach_error assertion."""
    with tempfile.TemporaryDirectory(prefix="eva-") as out:
        report = Path(out) / "report.csv"
        start = time.perf_counter()
        done = subprocess.run(["frama-c", "-machdep", "x86_64", "-eva", "-eva-precision", str(precision),
                               str(header.path), str(stub), "-then", "-report-csv", str(report)],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0 or not report.is_file():
            lines = [x for x in (done.stdout + done.stderr).splitlines() if "error" in x.lower()] or ["no report"]
            return EvaRun([], seconds, lines[0][:100])
        with report.open(newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    alarms = [Alarm(r["property kind"], int(r["line"] or 0), r["status"], r["property"]) for r in rows
              if r["status"] in EVA_OPEN and _is_alarm(r["property kind"])
              and (r["file"] == header.path.name or (r["file"] == EVA_STUB_NAME and r["property kind"] == "user assertion"))]
    return EvaRun(alarms, seconds)


def _is_alarm(kind: str) -> bool:
    """An alarm EVA emits, not the generated `assigns` spec of a function without a body."""
    return kind in EVA_KINDS or kind in EVA_OTHER_KINDS or kind.startswith("precondition of")


@dataclass
class Row:
    header: Header
    mine: VerifyRun
    eva: EvaRun | None
    before: VerifyRun | None = None  # the same file with `--before TREE`

    @property
    def verdict(self) -> str:
        """The file's answer: no when the failing check is found, yes when every check is proved."""
        return file_verdict(self.mine)

    @property
    def before_wrong(self) -> list[str]:
        """Checks the `--before` tree answered yes or no against the header."""
        got = self.before.verdicts if self.before else {}
        return [c for c, v in got.items() if v in ("yes", "no") and v != self.header.expect[c]]

    @property
    def wrong(self) -> list[str]:
        """Checks answered yes or no against the header."""
        return [c for c, v in self.mine.verdicts.items() if v in ("yes", "no") and v != self.header.expect[c]]

    @property
    def eva_false(self) -> list[Alarm]:
        """On a safe file: every alarm of a checked kind (leaks aside, EVA does not look for them)."""
        if not self.header.safe or self.eva is None:
            return []
        return [a for a in self.eva.alarms if a.checks & set(self.header.expect)]

    @property
    def eva_other(self) -> list[Alarm]:
        """Alarms of kinds no header judges (EVA also checks that reads are initialised)."""
        return [a for a in self.eva.alarms if not a.checks] if self.eva else []

    @property
    def eva_found(self) -> str:
        """On an unsafe file: does EVA flag the failing check at its line (the stub's assertion for assert)?"""
        h = self.header
        if h.safe or self.eva is None or self.eva.error:
            return ""
        if h.fails == "leak":
            return "n/a"
        hit = any(h.fails in a.checks and (a.line == h.line or a.kind == "user assertion") for a in self.eva.alarms)
        return "yes" if hit else "no"


def file_verdict(run: VerifyRun) -> str:
    """A run's answer for its file: no when some check fails, yes when every check is proved."""
    got = run.verdicts
    if any(v == "no" for v in got.values()):
        return "no"
    return "yes" if all(v == "yes" for v in got.values()) else "unknown"


def expected_text(header: Header) -> str:
    return f"no ({header.fails} @{header.line})" if not header.safe else f"yes ({len(header.expect)} checks)"


def report(rows: list[Row], eva: bool, before: bool = False) -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=220)
    table = Table(title="memory corpus: verify vs Frama-C EVA")
    columns = ["file", "expected", "verify", "wrong", "witness", "verify s", "cpu s"]
    if before:
        columns += ["before", "before s", "before cpu s"]
    if eva:
        columns += ["EVA alarms", "EVA false", "EVA found", "EVA s"]
    for col in columns:
        table.add_column(col, justify="left" if col in ("file", "expected") else "right")
    for r in rows:
        elsewhere = f" (line {r.mine.line})" if r.mine.line and r.mine.line != r.header.line else ""
        cells = [r.header.path.stem, expected_text(r.header), r.verdict, ",".join(r.wrong) or "",
                 r.mine.witness + elsewhere, f"{r.mine.seconds:.2f}", f"{r.mine.cpu_seconds:.2f}"]
        if before and r.before is not None:
            cells += [file_verdict(r.before) + (" WRONG" if r.before_wrong else ""), f"{r.before.seconds:.2f}",
                      f"{r.before.cpu_seconds:.2f}"]
        if eva and r.eva is None:  # frama-c is not installed
            cells += ["n/a"] * 4
        elif eva:
            e = r.eva
            cells += ["error" if e.error else str(len(e.alarms)), str(len(r.eva_false)) if r.header.safe else "",
                      r.eva_found, f"{e.seconds:.2f}"]
        table.add_row(*cells)
    console.print(table)
    for r in rows:
        for c, v in r.mine.verdicts.items():
            if v == "unknown":
                console.print(f"unknown: {r.header.path.name}: {c}: {r.mine.reasons.get(c, '')}")
        if r.mine.extra_no:
            console.print(f"note: {r.header.path.name}: verify also answers no to {', '.join(r.mine.extra_no)} "
                          "(not judged: the header lists only the checks with a defined answer)")
        if r.eva and r.eva.error:
            console.print(f"EVA error: {r.header.path.name}: {r.eva.error}")
    console.print(summary(rows, eva))
    if before:
        console.print(before_summary(rows))
    return 1 if any(r.wrong for r in rows) else 0


def summary(rows: list[Row], eva: bool) -> str:
    safe = [r for r in rows if r.header.safe]
    unsafe = [r for r in rows if not r.header.safe]
    times = [r.mine.seconds for r in rows] or [0.0]
    lines = [
        f"[bold]corpus[/]: {len(rows)} files, {len(safe)} safe, {len(unsafe)} unsafe",
        f"[bold]verify[/]: {sum(bool(r.wrong) for r in rows)} wrong; "
        f"unsafe found with a replayed witness {sum(r.mine.witness == 'replayed' for r in unsafe)}/{len(unsafe)} "
        f"(found at all {sum(r.verdict == 'no' for r in unsafe)}); "
        f"safe proved {sum(r.verdict == 'yes' for r in safe)}/{len(safe)} ({_percent(safe, lambda r: r.verdict == 'yes')}); "
        f"false alarms (no on a safe file's check) {sum(v == 'no' for r in safe for v in r.mine.verdicts.values())}; "
        f"unknown files {sum(r.verdict == 'unknown' for r in rows)}; median {statistics.median(times):.2f} s per file "
        f"(CPU {statistics.median([r.mine.cpu_seconds for r in rows] or [0.0]):.2f} s)",
    ]
    if eva and all(r.eva is None for r in rows):
        lines.append("[bold]EVA[/]: n/a (frama-c not found; apt-get install frama-c-base)")
    elif eva:
        ok = [r for r in rows if r.eva and not r.eva.error]
        flagged = [r for r in unsafe if r.eva_found == "yes"]
        lines.append(
            f"[bold]EVA[/]: unsafe flagged at the failing line {len(flagged)}/{sum(r.eva_found != 'n/a' for r in unsafe)} "
            f"(leaks not checked); safe without a false alarm {sum(not r.eva_false for r in safe if r in ok)}/{len(safe)} "
            f"({_percent(safe, lambda r: r in ok and not r.eva_false)}); false alarms {sum(len(r.eva_false) for r in safe)} "
            f"on {sum(bool(r.eva_false) for r in safe)} safe files, plus {sum(len(r.eva_other) for r in safe)} "
            f"alarms of kinds no header judges (initialisation: a check verify does not make); errors {len(rows) - len(ok)}; "
            f"median {statistics.median([r.eva.seconds for r in rows] or [0.0]):.2f} s per file")
    lines.append(f"machine load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} (times are wall clock)")
    return "\n".join(lines)


def before_summary(rows: list[Row]) -> str:
    """The `--before` tree's totals on the same files, run right after the current tree's."""
    ran = [r for r in rows if r.before is not None]
    safe = [r for r in ran if r.header.safe]
    unsafe = [r for r in ran if not r.header.safe]
    return (f"[bold]before[/]: {sum(bool(r.before_wrong) for r in ran)} wrong; unsafe found "
            f"{sum(file_verdict(r.before) == 'no' for r in unsafe)}/{len(unsafe)}; safe proved "
            f"{sum(file_verdict(r.before) == 'yes' for r in safe)}/{len(safe)}; median "
            f"{statistics.median([r.before.seconds for r in ran] or [0.0]):.2f} s per file "
            f"(CPU {statistics.median([r.before.cpu_seconds for r in ran] or [0.0]):.2f} s); now on the same files: "
            f"median {statistics.median([r.mine.seconds for r in ran] or [0.0]):.2f} s "
            f"(CPU {statistics.median([r.mine.cpu_seconds for r in ran] or [0.0]):.2f} s)")


def _percent(rows: list[Row], good) -> str:
    return f"{100 * sum(map(good, rows)) / len(rows):.0f}%" if rows else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--timeout", type=float, default=10.0, help="verify's --timeout (seconds per check)")
    parser.add_argument("--eva-precision", type=int, default=5, help="EVA's -eva-precision (0-11)")
    parser.add_argument("--no-eva", action="store_true")
    parser.add_argument("--jobs", type=int, default=1, help="files run at a time (times then share the cores)")
    parser.add_argument("--priority", action="store_true",
                        help="run ahead of the machine's other sessions (autogroup nice -20; Linux, root)")
    parser.add_argument("--before", default="", help="also run each file with the verifier of this tree "
                        "(an earlier copy of the repository), right after the current one")
    args = parser.parse_args()
    if args.priority:
        from bench.bench_startup import raise_priority

        print(f"priority: {raise_priority()}", file=sys.stderr)
    headers = [read_header(p) for p in args.files] if args.files else corpus()
    eva = not args.no_eva
    installed = shutil.which("frama-c") is not None
    if eva and not installed:
        print("frama-c not found (apt-get install frama-c-base): EVA columns are n/a", file=sys.stderr)
    native = Native() if shutil.which("gcc") else None
    offered = verify_checks()
    with tempfile.TemporaryDirectory(prefix="eva-stub-") as tmp:
        stub = Path(tmp) / EVA_STUB_NAME
        stub.write_text(EVA_STUB)
        def one(header: Header) -> Row:
            mine = run_verify(header, args.timeout, offered, native)
            earlier = run_verify(header, args.timeout, offered, native, args.before) if args.before else None
            return Row(header, mine, run_eva(header, stub, args.eva_precision) if eva and installed else None, earlier)

        try:
            with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                rows = list(pool.map(one, headers))
        finally:
            if native:
                native.close()
    return report(rows, eva, bool(args.before))


if __name__ == "__main__":
    sys.exit(main())
