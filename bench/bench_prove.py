"""Benchmark `verify prove` on the examples against plain z3 scripts.

For each example: the overall verdict and wall time of `verify prove FILE` as a
whole process, next to the whole-process time of a plain z3 script that decides
the example's central query by hand (no parsing, no replay, no re-check).
Run: python3 bench/bench_prove.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]

#: example -> a plain z3 script deciding the same central query
BASELINES = {
    "f.c": "x, y = BitVecs('x y', 32); s = Solver(); s.add(x + y != y + x); print(s.check())",
    "average.c": "a, b = BitVecs('a b', 32); s = Solver(); s.add(Not(BVAddNoOverflow(a, b, True)));"
                 " print(s.check())",
    "ratio.c": "p, t = BitVecs('p t', 32); s = Solver(); s.add(p > 0, p <= 1000000, t == 0); print(s.check())",
    "g.c": "x, y = BitVecs('x y', 32); s = Solver(); s.add(y > 0, x > y, Not(BVSubNoOverflow(x, y)));"
           " print(s.check())",
    "g2.c": "x, y = BitVecs('x y', 32); s = Solver(); s.add(x > y, Not(BVSubNoOverflow(x, y))); print(s.check())",
    "off_by_one.c": "n = BitVec('n', 32); s = Solver(); s.add(n >= 0, n < 1000, n + 1 != n); print(s.check())",
    "h.c": "print('unsupported')",
    "g.py": "x, y = Ints('x y'); s = Solver(); s.add(y > 0, x > y, x - y > x); print(s.check())",
    "floor_division.py": "x = Int('x'); s = Solver(); s.add(-(x / 2) != (-x) / 2); print(s.check())",
    "big_sum.py": "t, n = Ints('t n'); s = Solver(); s.add(n == 0); print(s.check())",
}


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - start, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    args = parser.parse_args()
    table = Table(title="verify prove on examples/ vs plain z3 (whole-process wall time, median)")
    for col in ("example", "verdict", "yes/no/unknown", "verify (s)", "plain z3 (s)", "ratio", "< 1 s"):
        table.add_column(col, justify="right" if "(s)" in col or col == "ratio" else "left")
    for path in sorted((ROOT / "examples").glob("*.[cp]*")):
        if path.suffix not in (".c", ".py"):
            continue
        verify_times, doc = [], {}
        for _ in range(args.repeat):
            t, proc = timed([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json", str(path)])
            verify_times.append(t)
            doc = json.loads(proc.stdout) if proc.stdout.strip() else {"verdict": "error", "summary": {}}
        script = BASELINES.get(path.name, "print('no baseline')")
        z3_times = [timed([sys.executable, "-c", "from z3 import *\n" + script])[0] for _ in range(args.repeat)]
        v, z = statistics.median(verify_times), statistics.median(z3_times)
        s = doc.get("summary", {})
        table.add_row(path.name, doc["verdict"], f"{s.get('yes', 0)}/{s.get('no', 0)}/{s.get('unknown', 0)}",
                      f"{v:.2f}", f"{z:.2f}", f"{v / z:.1f}x", "yes" if v < 1 else "NO")
    Console().print(table)


if __name__ == "__main__":
    main()
