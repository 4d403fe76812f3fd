"""Check the expected answers of bench/nonlinear/*.c by running them with gcc.

Each program is compiled with ``-fsanitize=undefined`` against a harness whose
``__VERIFIER_nondet_int`` returns the command line's values in turn (an
assumption that fails ends the run quietly; a failed assertion or undefined
behaviour is a failing run). A program under ``// int-semantics: math`` is
compiled with ``long long`` for ``int`` (its inputs here are small, so 64 bits
hold every value). Every program runs on every combination of its inputs from
a small grid; a program expected ``no`` must fail on some run, one expected
``yes`` on none (a bounded check, not a proof: the proof is `verify prove`'s).

    python bench/nonlinear_oracle.py [--only NAME]
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "bench" / "nonlinear"

HARNESS = """
#include <stdio.h>
#include <stdlib.h>
static char **values;
static int next, count;
long long __VERIFIER_nondet_int(void) { return next < count ? atoll(values[next++]) : 0; }
void __VERIFIER_assume(int c) { if (!c) exit(0); }
void __VERIFIER_assert(int c) { if (!c) { fprintf(stderr, "assertion failed\\n"); exit(1); } }
%(widen)s
#define main program_main
#include "%(path)s"
#undef main
int main(int argc, char **argv) { values = argv + 1; count = argc - 1; program_main(); return 0; }
"""

#: Input values tried for each nondet call (small: loops run few times, and a
#: geometric loop's values fit 64 bits), and a few larger ones for the
#: bit-vector programs (their overflows).
GRID = list(range(-1, 13))
LARGE = [50, 100, 1000, 50_000, 100_000]


def expectation(path: Path) -> tuple[str, bool]:
    lines = path.read_text().splitlines()
    return lines[0].split(":", 1)[1].strip(), any("int-semantics: math" in line for line in lines[:3])


def fails_somewhere(path: Path, math: bool, work: Path) -> tuple[bool, list[int] | None]:
    """(compiled, the first failing input or None)."""
    source = work / f"{path.stem}_harness.c"
    declared = path.read_text().replace("int main(void)", "int main()")
    program = work / path.name
    program.write_text(declared if not math else declared.replace("int ", "long long ").replace(
        "long long main()", "int main()"))
    source.write_text(HARNESS % {"path": program, "widen": "long long __VERIFIER_nondet_int(void);"})
    binary = work / path.stem
    built = subprocess.run(["gcc", "-O0", "-w", "-fsanitize=undefined", "-fno-sanitize-recover=all",
                            "-o", str(binary), str(source)], capture_output=True, text=True)
    if built.returncode != 0:
        return False, None
    arity = path.read_text().count("__VERIFIER_nondet_int()")
    values = GRID + ([] if math else LARGE)
    for inputs in itertools.product(values, repeat=arity):
        try:
            run = subprocess.run([str(binary), *map(str, inputs)], capture_output=True, text=True, timeout=5)
        except subprocess.TimeoutExpired:
            continue  # a run that does not end fails no check
        if run.returncode != 0:
            return True, list(inputs)
    return True, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    disagree = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(p for p in PROGRAMS.glob("*.c") if args.only in p.name):
            want, math = expectation(path)
            compiled, failing = fails_somewhere(path, math, Path(tmp))
            seen = "?" if not compiled else "no" if failing else "yes"
            ok = seen == want
            disagree += not ok
            print(f"{path.stem:30} expect {want:3} runs {seen:3} {'' if ok else 'DISAGREE'} "
                  f"{'failing input ' + str(failing) if failing else ''}")
    print(f"{disagree} disagree")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
