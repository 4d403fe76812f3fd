"""One hard obligation among easy ones: does verify still answer the easy checks?

    python bench/bench_check_isolation.py [--timeout 10] [--before TREE] [--only NAME]

Each program below is a C function with one obligation z3 finds hard (a
32-bit cubic, a truncating-division identity) beside checks z3 answers in a
fraction of a second alone (the bug fuzzer, bench/bench_fuzz.py, met such
functions). Per program, in one run:

- ``verify prove --timeout T`` (whole process): yes / no (confirmed) / unknown counts, wall seconds;
- with `--before TREE` (a checkout, e.g. ``git archive REV | tar -x -C TREE``),
  the same command from that tree, for a before/after comparison;
- raw z3 on the same obligations: per check, one query "can this check fail"
  on the function's transition system (the BMC query at depth 0, where a
  loop-free function's checks sit), each with its own T-second timeout:
  sat / unsat / unknown counts and the slowest query's CPU seconds.

Wall and CPU seconds (of every process of the run) are both shown: on a
loaded machine the CPU figure moves less.

A verify answer must agree with raw z3 where raw z3 decided (no <-> sat,
yes <-> unsat); exit status 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import z3

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.safety.unroll import Unroller
from verifier.frontends.c import parse_c

PROGRAMS = {
    # the hard check last: every easy one comes before it
    "cubic_last": """
unsigned int f(unsigned char d, unsigned short a, unsigned short b, short s, int x) {
    d += 200;
    if (x > 5) { x = x - 1; }
    assert(d != 7 || x != 1000);
    unsigned int p = a * b;
    int c = s * s * s;
    return p + c;
}""",
    # the hard check first: a later check's path condition says it did not fail
    "cubic_first": """
unsigned int f(unsigned char d, unsigned short a, unsigned short b, short s, int x) {
    int c = s * s * s;
    d += 200;
    if (x > 5) { x = x - 1; }
    assert(d != 7 || x != 1000);
    unsigned int p = a * b;
    return p + c;
}""",
    "ushort_square": """
int f(unsigned short a, unsigned short b, unsigned char d, int k) {
    unsigned int m = (unsigned int)a * b;
    d += 100;
    int j = k / 3;
    assert(j <= 715827882);
    assert(d >= 100 || d < 100);
    int q = a * a * b;
    return j + q + (int)m;
}""",
    "division_identity": """
int f(int x, int y, unsigned char d, short s) {
    d += 200;
    int t = s + 1;
    assert(t != 40000);
    if (y != 0 && y != -1) {
        int q = x / y;
        int r = x % y;
        assert(q * y + r == x);
    }
    return t + d;
}""",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    parser.add_argument("--only", help="one program by name")
    args = parser.parse_args()
    rows, disagreements = [], 0
    with tempfile.TemporaryDirectory() as folder:
        for name, source in PROGRAMS.items():
            if args.only and name != args.only:
                continue
            path = Path(folder) / f"{name}.c"
            path.write_text(source.lstrip("\n"))
            raw = raw_z3(source, args.timeout)
            after = run_verify(path, args.timeout, None)
            before = run_verify(path, args.timeout, args.before) if args.before else None
            disagreements += sum(1 for key, verdict in after["verdicts"].items()
                                 if raw["status"].get(key) in ("sat", "unsat")
                                 and verdict in ("yes", "no") and (verdict == "no") != (raw["status"][key] == "sat"))
            rows.append((name, after, before, raw))
    print_table(rows, args.timeout, args.before is not None)
    print(f"{disagreements} disagreement(s) with raw z3")
    return 1 if disagreements else 0


def run_verify(path: Path, timeout: float, tree: Path | None) -> dict:
    """`verify prove` on `path` (from `tree` if given): verdicts by (check, line, column), wall seconds."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree.resolve())
    started, cpu = time.monotonic(), _children_cpu()
    run = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", str(path), "--timeout", str(timeout),
                          "--format", "json"], capture_output=True, text=True, env=env, cwd=tree or None)
    wall, cpu = time.monotonic() - started, _children_cpu() - cpu
    results = json.loads(run.stdout)["results"] if run.stdout.strip() else []
    verdicts = {}
    for r in results:
        confirmed = r["verdict"] != "no" or (r["counterexample"] or {}).get("confirmed")
        verdicts[(r["check"], r["location"]["line"], r["location"]["column"])] = r["verdict"] if confirmed else "unknown"
    return {"verdicts": verdicts, "wall": wall, "cpu": cpu}


def _children_cpu() -> float:
    """CPU seconds of the finished child processes so far (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def raw_z3(source: str, timeout: float) -> dict:
    """Plain z3, one query per check at depth 0 (fresh solver each): status by key, slowest seconds."""
    ts = encode(build_cfa(parse_c(source.lstrip("\n"), "raw.c"), "f"))
    u = Unroller(ts)
    status, slowest = {}, 0.0
    for key in sorted(ts.checks):
        solver = z3.Solver()
        solver.set("timeout", int(timeout * 1000))
        solver.add(u.init(), u.error(0, key))
        started = time.process_time()
        status[key] = str(solver.check())
        slowest = max(slowest, time.process_time() - started)
    return {"status": status, "slowest": slowest}


def counts(verdicts: dict) -> str:
    values = list(verdicts.values())
    return f"{values.count('yes')}/{values.count('no')}/{values.count('unknown')}"


def print_table(rows, timeout: float, with_before: bool) -> None:
    head = f"{'program':<18} {'checks':>6}  {'verify y/n/?':>12} {'wall s':>7} {'cpu s':>6}"
    if with_before:
        head += f"  {'before y/n/?':>12} {'wall s':>7} {'cpu s':>6}"
    head += f"  {'raw z3 sat/unsat/?':>18} {'slowest cpu s':>13}"
    print(f"--timeout {timeout:g}; verify counts a no only when confirmed by a real run")
    print(head)
    for name, after, before, raw in rows:
        line = f"{name:<18} {len(raw['status']):>6}  {counts(after['verdicts']):>12} {after['wall']:>7.1f} {after['cpu']:>6.1f}"
        if with_before:
            line += f"  {counts(before['verdicts']):>12} {before['wall']:>7.1f} {before['cpu']:>6.1f}"
        s = list(raw["status"].values())
        raw_counts = f"{s.count('sat')}/{s.count('unsat')}/{s.count('unknown')}"
        line += f"  {raw_counts:>18} {raw['slowest']:>13.1f}"
        print(line)


if __name__ == "__main__":
    sys.exit(main())
