"""The memory corpus (bench/memory/): its headers, and its files run for real under gcc's sanitizers.

Every file opens with a machine-readable header (bench/memory/README.md):

    // expect: bounds=no overflow=yes          the verdict of each check the file is judged on
    // witness: 3 0 7                            (unsafe files) nondet values, in call order, of a failing run ('none': no nondet)
    // fails: bounds at line 21                  (unsafe files) the check that run fails and its line
    // why: one line: why the answers hold

`Native.run` compiles a file with `gcc -fsanitize=address,undefined` and a stub that
feeds `__VERIFIER_nondet_*` from a list (0 once the list is used up;
`__VERIFIER_assume(0)` ends the run as infeasible; `malloc`/`calloc` fail only on the
calls a run names, e.g. to replay a verify witness), and names the check the run
fails, read from the sanitizer's report: the evidence for every expected answer
that does not come from `verify`. `python bench/memory_corpus.py` replays every
witness and runs every safe file on many small random nondet sequences.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "memory"
#: the checks a header may name (verify's check names)
CHECKS = ("assert", "overflow", "div-by-zero", "shift", "bounds", "null", "free", "use-after-free", "leak")
VERDICTS = ("yes", "no")
#: exit status of a run whose `__VERIFIER_assume` was false: the path is infeasible, not passed
INFEASIBLE = 77

_STUB = r"""
#include <stdlib.h>
#include <unistd.h>
static long long next_value(void) {
  static char *rest = 0; static int started = 0;
  if (!started) { rest = getenv("NONDET"); started = 1; }
  if (!rest) return 0;
  char *end; long long v = (long long)strtoull(rest, &end, 10);  /* -1 and 2^64-1 alike */
  if (end == rest) return 0;
  rest = end; return v;
}
int __VERIFIER_nondet_int(void) { return (int)next_value(); }
unsigned int __VERIFIER_nondet_uint(void) { return (unsigned int)next_value(); }
unsigned int __VERIFIER_nondet_unsigned(void) { return (unsigned int)next_value(); }
char __VERIFIER_nondet_char(void) { return (char)next_value(); }
unsigned char __VERIFIER_nondet_uchar(void) { return (unsigned char)next_value(); }
short __VERIFIER_nondet_short(void) { return (short)next_value(); }
unsigned short __VERIFIER_nondet_ushort(void) { return (unsigned short)next_value(); }
long __VERIFIER_nondet_long(void) { return (long)next_value(); }
unsigned long __VERIFIER_nondet_ulong(void) { return (unsigned long)next_value(); }
_Bool __VERIFIER_nondet_bool(void) { return next_value() != 0; }
void __VERIFIER_assume(int cond) { if (!cond) _exit(77); }
/* the file's malloc and calloc (renamed by ALLOCATION_DEFINES): the call fails when its
   number in ALLOCATION_FAILS (1 for the first call) is listed, as verify's harness makes it */
#undef malloc
#undef calloc
static int allocation_fails(void) {
  static long long count = 0;
  const char *listed = getenv("ALLOCATION_FAILS");
  count++;
  while (listed && *listed) {
    char *end; long long n = strtoll(listed, &end, 10);
    if (end == listed) break;
    if (n == count) return 1;
    listed = end;
  }
  return 0;
}
void *__bench_malloc(unsigned long size) { return allocation_fails() ? NULL : malloc(size); }
void *__bench_calloc(unsigned long count, unsigned long size) { return allocation_fails() ? NULL : calloc(count, size); }
"""
#: compile flags that send the file's allocations through the stub's (which can be told to fail)
ALLOCATION_DEFINES = ("-Dmalloc=__bench_malloc", "-Dcalloc=__bench_calloc")

#: sanitizer report -> check name, first match wins
_REPORTS = (
    (r"heap-use-after-free|stack-use-after-return|stack-use-after-scope", "use-after-free"),
    (r"attempting double-free|attempting free on address which was not malloc|bad-free", "free"),
    (r"detected memory leaks", "leak"),
    (r"SEGV on unknown address (0x0+\b|0x0*[0-9a-f]{1,3}\b)|null pointer|zero page", "null"),
    (r"buffer-overflow|buffer-underflow|out of bounds|insufficient space for an object", "bounds"),
    (r"signed integer overflow|negation of .* cannot be represented", "overflow"),
    (r"division by zero", "div-by-zero"),
    (r"shift exponent|left shift of", "shift"),
    (r"Assertion .* failed|reach_error", "assert"),
)


@dataclass
class Header:
    """The recorded answers of one corpus file."""

    path: Path
    expect: dict[str, str]
    why: str
    witness: list[int] = field(default_factory=list)
    fails: str = ""  # the check the witness run fails
    line: int = 0  # ... and its line

    @property
    def safe(self) -> bool:
        return all(v == "yes" for v in self.expect.values())


class HeaderError(ValueError):
    """A corpus file whose header is missing or malformed."""


def read_header(path: Path) -> Header:
    """The header of `path`; HeaderError names what is wrong."""
    text = path.read_text()
    found = {key: value.strip() for key, value in re.findall(r"^// (expect|witness|fails|why): (.*)$", text, re.M)}
    if "expect" not in found or "why" not in found:
        raise HeaderError(f"{path.name}: needs '// expect:' and '// why:' lines")
    expect = {}
    for item in found["expect"].split():
        check, _, verdict = item.partition("=")
        if check not in CHECKS or verdict not in VERDICTS or check in expect:
            raise HeaderError(f"{path.name}: bad expect item '{item}'")
        expect[check] = verdict
    header = Header(path, expect, found["why"])
    unsafe = [c for c, v in expect.items() if v == "no"]
    if not unsafe:
        if "witness" in found or "fails" in found:
            raise HeaderError(f"{path.name}: a safe file has no witness")
        return header
    fails = re.fullmatch(r"([\w-]+) at line (\d+)", found.get("fails", ""))
    if "witness" not in found or not fails:
        raise HeaderError(f"{path.name}: an unsafe file needs '// witness: N ...' and '// fails: CHECK at line L'")
    values = found["witness"].split()
    if values != ["none"] and not all(re.fullmatch(r"-?\d+", v) for v in values):
        raise HeaderError(f"{path.name}: a witness is integers or 'none' (a program without nondet values)")
    header.witness = [] if values == ["none"] else [int(v) for v in values]
    header.fails, header.line = fails.group(1), int(fails.group(2))
    if header.fails not in unsafe:
        raise HeaderError(f"{path.name}: fails {header.fails}, which expect does not say no to")
    return header


def corpus(directory: Path = CORPUS) -> list[Header]:
    """Every file's header, in name order."""
    return [read_header(p) for p in sorted(directory.glob("*.c"))]


@dataclass
class Run:
    """One native run: the check it failed (None if it passed or was infeasible) and where."""

    check: str | None
    line: int
    infeasible: bool
    report: str


class Native:
    """Compiled corpus files (gcc -fsanitize=address,undefined), built once each in a private directory."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="memory-corpus-")
        self._stub = Path(self._dir.name) / "nondet_stub.c"
        self._stub.write_text(_STUB)
        self._built: dict[Path, Path] = {}

    def close(self) -> None:
        self._dir.cleanup()

    def build(self, path: Path) -> Path:
        if path not in self._built:
            exe = Path(self._dir.name) / path.stem
            subprocess.run(["gcc", "-g", "-O0", "-w", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                            "-fno-omit-frame-pointer", *ALLOCATION_DEFINES, str(path), str(self._stub), "-o", str(exe)],
                           check=True, capture_output=True, text=True)
            self._built[path] = exe
        return self._built[path]

    def run(self, path: Path, nondet: list[int], leaks: bool, timeout: float = 10.0,
            failing_allocations: list[int] | None = None) -> Run:
        """Run `path` with these nondet values; leak detection only when `leaks`; the
        `malloc`/`calloc` calls numbered in `failing_allocations` (1 for the first) return NULL."""
        env = dict(os.environ, NONDET=" ".join(map(str, nondet)),
                   ALLOCATION_FAILS=" ".join(map(str, failing_allocations or [])),
                   ASAN_OPTIONS=f"detect_leaks={int(leaks)}:handle_abort=1:allocator_may_return_null=1",
                   UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
        try:
            done = subprocess.run([str(self.build(path))], env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:  # the witness runs on (or the machine is that loaded): not replayed
            return Run(None, 0, False, f"still running after {timeout:g} s")
        if done.returncode == INFEASIBLE:
            return Run(None, 0, True, "")
        if done.returncode == 0:
            return Run(None, 0, False, "")
        check = next((name for pattern, name in _REPORTS if re.search(pattern, done.stderr)), "crash")
        return Run(check, _line(done.stderr, path.name), False, done.stderr)


def _line(report: str, name: str) -> int:
    """The line of the program file a report blames: UBSan's `file:line:col: runtime error`, else the
    innermost stack frame in the file outside the competition's error helpers (an assertion is blamed
    on the `__VERIFIER_assert` call, not on `reach_error`)."""
    ubsan = re.search(rf"{re.escape(name)}:(\d+):\d+: runtime error", report)
    if ubsan:
        return int(ubsan.group(1))
    for function, line in re.findall(rf"#\d+ 0x[0-9a-f]+ in (\w+) \S*{re.escape(name)}:(\d+)", report):
        if function not in _HELPERS:
            return int(line)
    return 0


#: the competition's error helpers: a failure inside them belongs to their caller
_HELPERS = ("reach_error", "__VERIFIER_assert", "__assert_fail")


#: values a random nondet sequence is drawn from, besides a few random 32-bit numbers
SMALL = list(range(-3, 12))
EDGES = [-2**31, 2**31 - 1, -1, 127, 128, 255, 256, 65535, 2**32 - 1]
#: the first nondet value of the first runs of a safe file
SWEEP = list(range(-2, 18))


def random_sequence(rng: random.Random, length: int = 64) -> list[int]:
    """Half the runs only small non-negative values (they pass most assumptions), half mostly small
    values with some extremes and random 32-bit numbers (the corpus bounds its sizes by small constants)."""
    if rng.random() < 0.5:
        return [rng.randint(0, 10) for _ in range(length)]

    def one() -> int:
        roll = rng.random()
        return rng.choice(SMALL) if roll < 0.8 else rng.choice(EDGES) if roll < 0.93 else rng.randint(-2**31, 2**31 - 1)
    return [one() for _ in range(length)]


def check_file(native: Native, header: Header, runs: int) -> tuple[bool, str]:
    """Unsafe: the witness fails the recorded check at the recorded line. Safe: `runs` random runs never fail.

    Returns (agrees, detail).
    """
    leaks = "leak" in header.expect
    if not header.safe:
        run = native.run(header.path, header.witness, leaks)
        ok = run.check == header.fails and run.line == header.line
        return ok, f"witness fails {run.check} at line {run.line}"
    rng = random.Random(header.path.name)
    feasible = 0
    for i in range(runs):
        nondet = random_sequence(rng)
        if i < len(SWEEP):  # most files read a size first: every small size is tried
            nondet[0] = SWEEP[i]
        run = native.run(header.path, nondet, leaks)
        if run.check:
            return False, f"fails {run.check} at line {run.line} with nondet {nondet}"
        feasible += not run.infeasible
    return feasible > 0, f"{runs} random runs, {feasible} past the assumptions, none failed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=300, help="random runs per safe file")
    args = parser.parse_args()
    headers = [read_header(p) for p in args.files] if args.files else corpus()
    native = Native()
    bad = 0
    try:
        for header in headers:
            ok, detail = check_file(native, header, args.runs)
            bad += not ok
            print(f"{'ok ' if ok else 'BAD'} {header.path.name:32} {'safe' if header.safe else 'unsafe':6} {detail}")
    finally:
        native.close()
    print(f"{len(headers)} files, {sum(h.safe for h in headers)} safe, {bad} disagreeing with their header")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
