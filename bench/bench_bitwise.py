"""`& | ^ ~ << >>` on Python's unbounded ints: verdicts on generated functions, checked against CPython.

Generates N small functions (seeded) of the shape

    def f(x: int, y: int) -> int:
        if <range of x and y>:
            z = (x OP1 y) OP2 K
            assert z != C
        return 0

with and without a range on x (unbounded operands), proves each (one process per
file, like a user), and checks every yes and no against CPython on a grid of
inputs. Prints a table: verdict counts, median and total time, disagreements.
Run: python3 bench/bench_bitwise.py [--count N] [--timeout S]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from verifier.config import parse_checks  # noqa: E402
from verifier.proving import prove_paths  # noqa: E402

OPS = ["&", "|", "^", "<<", ">>"]


def generate(rng: random.Random, bounded: bool) -> tuple[str, int]:
    op1, op2 = rng.choice(OPS), rng.choice(OPS + ["&~"])
    bound = rng.randint(1, 60)
    k = rng.randint(0, 6) if op2 in ("<<", ">>") else rng.randint(-16, 16)
    c = rng.randint(-8, 8)
    guard = f"0 <= y < 8 and -{bound} <= x <= {bound}" if bounded else "0 <= y < 8"
    second = f"& ~{k}" if op2 == "&~" else f"{op2} {k}"
    source = (f"def f(x: int, y: int) -> int:\n    if {guard}:\n        z = (x {op1} y) {second}\n"
              f"        assert z != {c}\n    return 0\n")
    return source, bound


def cpython_failures(source: str, bound: int) -> set[tuple[int, int]]:
    namespace: dict = {}
    exec(compile(source, "<f>", "exec"), namespace)  # noqa: S102 - our own generated code
    failing = set()
    for x in range(-bound, bound + 1):
        for y in range(8):
            try:
                namespace["f"](x, y)
            except AssertionError:
                failing.add((x, y))
    return failing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    rng = random.Random(16)
    rows: dict[str, dict[str, list]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.count):
            bounded = i % 2 == 0
            source, bound = generate(rng, bounded)
            path = Path(tmp) / f"f{i}.py"
            path.write_text(source)
            start = time.perf_counter()
            (r,) = [r for r in prove_paths([str(path)], None, parse_checks("assert"), None, args.timeout)
                    if r.check == "assert"]
            elapsed = time.perf_counter() - start
            failing = cpython_failures(source, bound if bounded else 40)
            wrong = (r.verdict.value == "yes" and failing) or (
                r.verdict.value == "no" and (r.counterexample is None or not r.counterexample.confirmed))
            row = rows.setdefault("x in a range" if bounded else "x unbounded",
                                  {"yes": [], "no": [], "unknown": [], "time": [], "wrong": []})
            row[r.verdict.value].append(i)
            row["time"].append(elapsed)
            if wrong:
                row["wrong"].append(i)
    table = Table(title=f"bitwise operators on unbounded ints: {args.count} generated functions")
    for column in ("operands", "functions", "yes", "no", "unknown", "median s", "total s", "disagree with CPython"):
        table.add_column(column)
    for name, row in rows.items():
        table.add_row(name, str(len(row["time"])), str(len(row["yes"])), str(len(row["no"])),
                      str(len(row["unknown"])), f"{statistics.median(row['time']):.2f}",
                      f"{sum(row['time']):.1f}", str(len(row["wrong"])))
    Console().print(table)


if __name__ == "__main__":
    main()
