"""Do the lanes of `verify prove` slow each other down? Engine in-process vs the whole command.

    python bench/bench_lanes.py [--timeout 10] [--per-set N] [--sets loops,nonlinear,memory]

Per file (the first `--per-set` files of bench/loops, bench/nonlinear and
bench/memory, in name order):

- *engine*: the search lane and the proof lane of `verifier.portfolio`, each
  alone in this process on the same deadline, one after the other; per check,
  the earlier of the two definite answers (seconds from the lane's start);
  the column shows the last of these and how many checks got one;
- *whole*: ``VERIFY_TIMELINE=1 verify prove FILE --timeout T``: seconds from the
  lanes' start to the last answer heard (the same kind of figure), the wall
  time of the command, its answer counts, and the CPU seconds each lane used
  (the ``lane cpu`` mark of `verifier.portfolio`).

Run it on a quiet machine: `uptime`'s load is printed first, since other work
on the cores changes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from verifier import portfolio  # noqa: E402
from verifier.cfa import build_cfa  # noqa: E402
from verifier.encode import encode  # noqa: E402
from verifier.errors import AnalysisUnsupported  # noqa: E402
from verifier.load import load_program  # noqa: E402
from verifier.result import Verdict  # noqa: E402

SETS = {"loops": "bench/loops", "nonlinear": "bench/nonlinear", "memory": "bench/memory"}
TIMELINE = re.compile(r"verify-timeline:\s+([\d.]+)s \[\d+ cpu [\d.]+s\] (.*)")


def engine_answers(path: Path, timeout: float) -> tuple[float | None, int]:
    """Seconds until the last definite answer from the search or the proof lane,
    each run alone in this process, and how many checks got one (None, 0: none did)."""
    program = load_program(str(path))
    last, answered = None, 0
    for name, fn in program.functions.items():
        if fn.unsupported:
            continue
        first: dict = {}
        sites: dict = {}
        for lane in (portfolio.run_search_lane, portfolio.run_proof_lane):
            start = time.monotonic()

            def report(kind: str, data, start=start) -> None:
                if kind == "outcomes":
                    for key, outcome in data.items():
                        if outcome.verdict in (Verdict.YES, Verdict.NO):
                            first[key] = min(first.get(key, float("inf")), time.monotonic() - start)

            try:
                ts = encode(build_cfa(program, name))
            except AnalysisUnsupported:
                break
            sites.update(ts.checks)
            lane(ts, set(ts.checks), time.monotonic() + timeout, report)
        times = [first[k] for k in sites if k in first and k[0] != "bound"]
        answered += len(times)
        last = max([last or 0.0, *times]) if times else last
    return last, answered


def whole_command(path: Path, timeout: float, tree: str = "") -> dict:
    """The whole `verify prove` run: last answer heard after the lanes started, wall time, counts, lane CPU
    (the `verifier` package of `tree` when given, e.g. an earlier checkout)."""
    env = dict(os.environ, VERIFY_TIMELINE="1")
    if tree:
        env["PYTHONPATH"] = tree
    start = time.monotonic()
    command = [str(Path(sys.executable).parent / "verify"), "prove", str(path), "--timeout", str(timeout),
               "--no-cache", "--format", "json"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.monotonic() - start
    started = heard = None
    cpu: dict[str, float] = {}
    for line in run.stderr.splitlines():
        match = TIMELINE.match(line)
        if not match:
            continue
        at, step = float(match[1]), match[2]
        if step.endswith("lanes started") and started is None:
            started = at
        elif step.startswith("heard ") and started is not None:
            heard = at - started
        elif step.startswith("lane cpu "):
            for part in step[len("lane cpu "):].split(", "):
                lane, _, seconds = part.partition("=")
                cpu[lane.replace("run_", "").replace("_lane", "")] = cpu.get(lane, 0.0) + float(seconds.rstrip("s"))
    counts = {"yes": 0, "no": 0, "unknown": 0}
    try:
        for result in json.loads(run.stdout).get("results", []):
            counts[result["verdict"]] = counts.get(result["verdict"], 0) + 1
    except (json.JSONDecodeError, AttributeError, KeyError):
        pass
    return {"heard": heard, "wall": wall, "counts": counts, "cpu": cpu, "exit": run.returncode}


def _show(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"


def _row(label: str, engine: str, whole: dict) -> str:
    """One line of the table."""
    c = whole["counts"]
    cpu = " ".join(f"{k}={v:.1f}" for k, v in whole["cpu"].items())
    return (f"{label:48} {engine:>11} {_show(whole['heard']):>7} {whole['wall']:6.2f}"
            f"  {c['yes']}/{c['no']}/{c['unknown']:<5} {cpu}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--per-set", type=int, default=8)
    parser.add_argument("--sets", default="loops,nonlinear,memory")
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--before", default="", help="also run the whole command from this tree "
                        "(e.g. `git archive HEAD | tar -x -C /tmp/before`), interleaved")
    args = parser.parse_args()
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"{'file':48} {'engine':>11} {'heard':>7} {'wall':>6}  {'y/n/?':9} lane cpu (s)")
    walls: list[float] = []
    before_walls: list[float] = []
    for name in args.sets.split(","):
        files = sorted(f for f in (ROOT / SETS[name]).glob("*.c") if args.only in f.name)[:args.per_set]
        for path in files:
            engine_at, engine_count = engine_answers(path, args.timeout)
            runs = [("before", args.before)] if args.before else []
            for label, tree in runs + [("now", "")]:
                whole = whole_command(path, args.timeout, tree)
                (before_walls if tree else walls).append(whole["wall"])
                print(_row(f"{name}/{path.name}" + (f" [{label}]" if args.before else ""),
                           f"{_show(engine_at)} ({engine_count})", whole), flush=True)
    for label, figures in (("before", before_walls), ("now", walls)):
        if figures:
            print(f"median wall ({label}) {statistics.median(figures):.2f}s over {len(figures)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
