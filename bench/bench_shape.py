"""CPU of the invariant engine on the heap-list programs of the memory corpus, file by file.

    python bench/bench_shape.py [--seconds 300] [FILE ...]

Per file (default: every bench/memory file with heap shape facts, `engines.invariants.shape`),
in this process: the shape candidates per loop head (all, kept by the sampled states, found
inductive), the CPU seconds of the shape step (`shape_invariant`), and of the whole invariant
search (`run_chc`, the proof lane's work) with how many checks it proved. CPU, not wall time:
the deadline (`--seconds`, wall clock) is generous so that a loaded machine does not cut the
search; the figures say how much CPU a proof needs, which the lane must get within `--timeout`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from verifier.cfa import build_cfa  # noqa: E402
from verifier.encode import encode  # noqa: E402
from verifier.engines.invariants.chc import run_chc  # noqa: E402
from verifier.engines.invariants.math_reading import math_view  # noqa: E402
from verifier.engines.invariants.sampled_invariants import sample_states  # noqa: E402
from verifier.engines.invariants.shape import heap_shape  # noqa: E402
from verifier.engines.invariants.shape_invariants import scalar_candidates, shape_candidates, shape_invariant  # noqa: E402
from verifier.engines.invariants.shape_samples import true_on_samples  # noqa: E402
from verifier.engines.invariants.rendering import conjuncts  # noqa: E402
from verifier.frontends.c import parse_c  # noqa: E402
from verifier.result import Verdict  # noqa: E402

CHECKS = ("assert", "overflow", "bounds", "null", "free", "use-after-free", "leak")


def measure(path: Path, seconds: float) -> list[str]:
    """One row: file, candidates (all / sampled / inductive, summed over the heads), CPU of the shape step
    and of the whole search, checks proved."""
    ts = encode(build_cfa(parse_c(path.read_text(), str(path), "bv"), "main"))
    view = math_view(ts).view
    shape = heap_shape(ts.variables, ts.cfa)
    states = sample_states(view.ts.cfa, time.monotonic() + seconds)
    cands = shape_candidates(shape, view)
    for head, facts in scalar_candidates(shape, view, states).items():
        cands[head] += facts
    sampled = true_on_samples(view, cands, states)
    start = time.process_time()
    inv = shape_invariant(shape, view, time.monotonic() + seconds)
    shape_cpu = time.process_time() - start
    start = time.process_time()
    keys = {k for k in ts.checks if k[0] in CHECKS}
    found = run_chc(ts, keys, time.monotonic() + seconds, include_unknown=True)
    chc_cpu = time.process_time() - start
    proved = sum(o.verdict == Verdict.YES for o in found.values())
    kept = sum(len(conjuncts(f)) for f in inv.values()) if inv else 0
    counts = f"{sum(map(len, cands.values()))} / {sum(map(len, sampled.values()))} / {kept}"
    return [path.stem, counts, f"{shape_cpu:.2f}", f"{chc_cpu:.2f}", f"{proved}/{len(found)}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seconds", type=float, default=300.0, help="wall-clock deadline of each search")
    args = parser.parse_args()
    files = args.files or [p for p in sorted((ROOT / "bench" / "memory").glob("*.c"))
                           if "expect:" in p.read_text().splitlines()[0] and "=no" not in p.read_text().splitlines()[0]]
    from rich.console import Console
    from rich.table import Table

    table = Table(title="heap-list programs: shape candidates and invariant-search CPU (seconds)")
    for col in ("file", "candidates all / sampled / kept", "shape cpu", "search cpu", "proved"):
        table.add_column(col, justify="left" if col == "file" else "right")
    for path in files:
        ts = encode(build_cfa(parse_c(path.read_text(), str(path), "bv"), "main"))
        if heap_shape(ts.variables, ts.cfa) is not None:
            table.add_row(*measure(path, args.seconds))
    Console(width=160).print(table)
    print(f"machine load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
