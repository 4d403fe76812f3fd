"""What the UnboundLocalError check (`unbound`) costs on the Python corpora: checks added and frontend CPU.

For each directory: the functions lowered, those whose IR changes because of the
definite-assignment analysis (a flag and ``unbound`` checks, or unsupported because
a possibly unbound name is used in a way the check does not cover), the checks
added, and the frontend's CPU time with the analysis and with it turned off
(``unbound_reads`` patched to find nothing). A function whose every read is
definitely bound must come out identical.
Run: python3 bench/bench_unbound.py [DIR...]
"""

from __future__ import annotations

import argparse
import resource
from pathlib import Path
from unittest import mock

from rich.console import Console
from rich.table import Table

from verifier import ir
from verifier.errors import InputError
from verifier.frontends import python_function
from verifier.frontends.python import load_python

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = ["bench/python", "bench/python_data", "bench/front_door", "bench/competition_py", "examples"]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _load_all(files: list[Path], analysis: bool) -> tuple[list[ir.Program], float]:
    start = _cpu()
    programs = []
    with mock.patch.object(python_function, "unbound_reads", python_function.unbound_reads if analysis
                           else lambda *_: {}):
        for f in files:
            try:
                programs.append(load_python(f))
            except InputError:
                continue
    return programs, _cpu() - start


def _checks(stmts: list[ir.Stmt]) -> int:
    count = 0
    for s in stmts:
        count += isinstance(s, ir.Assert) and s.kind == "unbound"
        for block in (getattr(s, "then", None), getattr(s, "other", None), getattr(s, "body", None),
                      getattr(s, "step", None)):
            count += _checks(block) if isinstance(block, list) else 0
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=DEFAULT_DIRS)
    args = parser.parse_args()
    table = Table(title="unbound: checks added and frontend CPU")
    for column in ("directory", "functions", "changed", "checks", "refused", "CPU with", "CPU w/o"):
        table.add_column(column, justify="left" if column == "directory" else "right")
    for d in args.dirs:
        files = sorted(p for p in (ROOT / d).rglob("*.py") if p.name != "__init__.py")
        _load_all(files, True)  # warm the grammar and imports
        after, cpu_with = _load_all(files, True)
        before, cpu_without = _load_all(files, False)
        functions = changed = checks = refused = 0
        for pa, pb in zip(after, before):
            for fa, fb in zip(pa.functions.values(), pb.functions.values()):
                functions += 1
                if (fa.body, fa.unsupported, fa.locals) != (fb.body, fb.unsupported, fb.locals):
                    changed += 1
                    checks += _checks(fa.body)
                    refused += bool(fa.unsupported) and not fb.unsupported
        table.add_row(d, str(functions), str(changed), str(checks), str(refused), f"{cpu_with:.2f}",
                      f"{cpu_without:.2f}")
    Console(width=max(Console().width, 100)).print(table)
    print("changed: IR differs; checks: `unbound` asserts added; refused: made unsupported by it; CPU: seconds")


if __name__ == "__main__":
    main()
