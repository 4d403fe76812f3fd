"""verify vs CrossHair on Python functions, side by side in one run.

For each function: our verdict (yes / no / unknown) and whole-process time,
CrossHair's (`crosshair check --analysis_kind asserts`) finding and time, and
whether a yes was *proved* (CrossHair can only report "no counterexample found").
Run: python3 bench/bench_python.py [--crosshair-timeout S]
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "bench" / "python" / "loops.py", ROOT / "examples" / "g.py",
         ROOT / "examples" / "floor_division.py", ROOT / "examples" / "big_sum.py"]


def functions(path: Path) -> list[str]:
    return [n.name for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)]


def run_verify(path: Path, name: str, timeout: float) -> tuple[str, float, bool]:
    start = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json", "--timeout", str(timeout),
                        "--function", name, str(path)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    doc = json.loads(p.stdout) if p.stdout.strip() else {"verdict": "error", "results": []}
    confirmed = all(r["counterexample"]["confirmed"] for r in doc["results"] if r["verdict"] == "no")
    return doc["verdict"], elapsed, confirmed


def run_crosshair(path: Path, name: str, timeout: float) -> tuple[str, float]:
    exe = shutil.which("crosshair")
    if exe is None:
        return "not installed", 0.0
    start = time.perf_counter()
    try:
        p = subprocess.run([exe, "check", "--analysis_kind", "asserts", f"--per_condition_timeout={timeout}",
                            f"{path.stem}.{name}"], capture_output=True, text=True, cwd=path.parent,
                           timeout=6 * timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - start
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1) or "Traceback" in p.stderr:
        return "crashed", elapsed
    return ("found bug" if p.returncode == 1 and ": error:" in p.stdout else "none found"), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crosshair-timeout", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    table = Table(title="verify vs CrossHair (whole-process wall time)")
    for col in ("function", "verify", "time (s)", "replayed", "crosshair", "time (s)", "proved yes"):
        table.add_column(col)
    console = Console()
    ours_found = theirs_found = both = proved = 0
    for path in FILES:
        for name in functions(path):
            verdict, t_ours, confirmed = run_verify(path, name, args.timeout)
            theirs, t_theirs = run_crosshair(path, name, args.crosshair_timeout)
            ours_found += verdict == "no"
            theirs_found += theirs == "found bug"
            both += verdict == "no" and theirs == "found bug"
            proved += verdict == "yes"
            console.print(f"{path.name}:{name}: verify {verdict} ({t_ours:.2f}s), crosshair {theirs} ({t_theirs:.2f}s)")
            table.add_row(f"{path.name}:{name}", verdict, f"{t_ours:.2f}", "yes" if verdict == "no" and confirmed else "",
                          theirs, f"{t_theirs:.2f}", "yes" if verdict == "yes" else "")
    console.print(table)
    console.print(f"bugs found: verify {ours_found}, CrossHair {theirs_found}, both {both}; "
                  f"proved (yes with certificate): verify {proved}, CrossHair 0 (it cannot prove)")


if __name__ == "__main__":
    main()
