"""Ground truth for a `constructs.Construct`: run it on every one of its cases.

C: compiled once with gcc -fsanitize=address,undefined into a harness that forks a child per
case, feeds `__VERIFIER_nondet_int()` from the case, and reads the sanitizer's first report
(the check and the line). Python: one child interpreter runs every case, with
`random.randint`, `randrange`, `getrandbits`, `choice` (fed the index it picks) and `input` fed
from the case (a fed value outside the range makes the run infeasible: no real run draws it)."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from .constructs import Construct
from .ground_runs import python_driver_output
from .outcome import Run, Truth

#: sanitizer report -> verify's check name
SANITIZER_CHECKS = [("heap-use-after-free", "use-after-free"), ("double-free", "free"), ("bad-free", "free"),
                    ("heap-buffer-overflow", "bounds"), ("stack-buffer-overflow", "bounds"),
                    ("stack-buffer-underflow", "bounds"), ("global-buffer-overflow", "bounds"),
                    ("shift exponent", "shift"), ("left shift of", "shift"), ("negation of", "overflow"),
                    ("null pointer", "null"), ("signed integer overflow", "overflow"),
                    ("out of bounds for type", "bounds"), ("insufficient space for an object", "bounds"),
                    ("division by zero", "div-by-zero"), ("cannot be represented in type", "overflow"),
                    ("SEGV", "bounds")]  # (last: a fault past the null page, such as a write to a string literal)

_C_PRELUDE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
static int fuzz_values[16];
static int fuzz_count, fuzz_next;
int __VERIFIER_nondet_int(void) { if (fuzz_next >= fuzz_count) _exit(44); return fuzz_values[fuzz_next++]; }
unsigned int __VERIFIER_nondet_uint(void) { return (unsigned int) __VERIFIER_nondet_int(); }
char __VERIFIER_nondet_char(void) { return (char) __VERIFIER_nondet_int(); }
unsigned char __VERIFIER_nondet_uchar(void) { return (unsigned char) __VERIFIER_nondet_int(); }
short __VERIFIER_nondet_short(void) { return (short) __VERIFIER_nondet_int(); }
unsigned short __VERIFIER_nondet_ushort(void) { return (unsigned short) __VERIFIER_nondet_int(); }
void __VERIFIER_assume(int c) { if (!c) _exit(40); }
static void fuzz_fail(int line) { fprintf(stderr, "FUZZ assert %%d\n", line); _exit(41); }
#define __VERIFIER_assert(c) do { if (!(int) (c)) fuzz_fail(__LINE__); } while (0)
#define reach_error() fuzz_fail(__LINE__)
#define FUZZ_O(e) ({ __typeof__(e) fuzz_o = (e); __asm__ volatile ("" : "+r" (fuzz_o)); fuzz_o; })
%s
#define main fuzz_main
#line 1 "prog.c"
"""
#: with the `leak` check: every malloc/calloc block is listed with its line, and a child whose
#: `main` returns with some still allocated fails `leak` at the first such block's line; the
#: case's last value is a mask of the allocations that fail (bit k: the k-th call returns NULL,
#: as verify's allocations may)
_LEAK_TRACKING = r"""
static int fuzz_calls;
static int fuzz_fails(void) { return fuzz_calls < 15 && (fuzz_values[15] >> fuzz_calls++) & 1; }
static void *fuzz_blocks[64]; static int fuzz_lines[64];
static void *fuzz_track(void *p, int line) {
  for (int i = 0; p && i < 64; i++) if (!fuzz_blocks[i]) { fuzz_blocks[i] = p; fuzz_lines[i] = line; break; }
  return p;
}
static void fuzz_untrack(void *p) { for (int i = 0; p && i < 64; i++) if (fuzz_blocks[i] == p) fuzz_blocks[i] = 0; }
static void fuzz_end(void) {
  int line = 0;
  for (int i = 0; i < 64; i++) if (fuzz_blocks[i] && (!line || fuzz_lines[i] < line)) line = fuzz_lines[i];
  if (line) { fprintf(stderr, "FUZZ leak %d\n", line); _exit(45); }
}
#define malloc(n) fuzz_track(fuzz_fails() ? 0 : malloc(n), __LINE__)
#define calloc(n, s) fuzz_track(fuzz_fails() ? 0 : calloc(n, s), __LINE__)
#define free(p) (fuzz_untrack(p), free(p))
"""
_NO_TRACKING = "static void fuzz_end(void) {}"
#: the declarations the tracking macros would garble (stdlib.h declares them)
_ALLOCATORS = ("extern void *malloc(", "extern void *calloc(", "extern void free(")
#: a narrowing cast of a parenthesised expression: gcc computes `(short) (y * c)` in the narrow
#: type even at -O0 (no overflow left for UBSan) and folds `(_Bool) (x + c)` to a test of x, so the
#: oracle puts a barrier in between
_NARROW_CAST = re.compile(r"\(((?:unsigned |signed )?(?:char|short)|_Bool)\) \(")
#: an integer literal operand of arithmetic inside a function: gcc reassociates `(-3 * h) * w` into
#: `-3 * (h * w)` even at -O0, and the overflow of `-3 * h` goes with it
_LITERAL_OPERAND = re.compile(r"(?<![\w.\]])-?\d+[UuLl]*(?= (?:[-+*/%]|<<|>>) )"
                              r"|(?<=[-+*/%<>] )-?\d+[UuLl]*(?![\w.\[])")
#: a declaration of an array (its size and initialiser must stay constant expressions)
_ARRAY_DECLARATION = re.compile(r"^\s*(?:[a-z]+ )+\w+\[")
#: a local of a narrow type, and an assignment statement to a name: gcc computes `sc *= x` and
#: `sc = sc * x` (signed char sc) in 8 bits even at -O0, and the int overflow goes with it
_NARROW_LOCAL = re.compile(r"^\s*(?:(?:unsigned|signed) )?(?:char|short) (\w+) =", re.MULTILINE)
_NAME_ASSIGNMENT = re.compile(r"^(\s+)(\w+) (<<|>>|[-+*/%&|^])?= (.*);$")

_C_DRIVER = r"""
#undef main
static const int fuzz_cases[][17] = { %s };
int main(void) {
  int n = sizeof fuzz_cases / sizeof fuzz_cases[0];
  static char buf[16384];
  for (int i = 0; i < n; i++) {
    int fds[2]; ssize_t got = 0, k;
    if (pipe(fds) != 0) return 2;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]); dup2(fds[1], 2);
      fuzz_count = fuzz_cases[i][0];
      memcpy(fuzz_values, fuzz_cases[i] + 1, sizeof fuzz_values);
      alarm(20);  /* a sanitizer report's stack trace takes seconds on a loaded machine */
      fuzz_main();
      fuzz_end();
      _exit(0);
    }
    close(fds[1]);
    while (got < (ssize_t) sizeof buf - 1 && (k = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0) got += k;
    buf[got] = 0;
    close(fds[0]);
    int status; waitpid(pid, &status, 0);
    for (char *p = buf; *p; p++) if (*p == '\n') *p = '\t';
    printf("CASE %%d %%d %%s\n", i, WIFEXITED(status) ? WEXITSTATUS(status) : -1, buf);
  }
  return 0;
}
"""


def run(construct: Construct, timeout: float = 120.0) -> Truth:
    return (run_c if construct.language == "c" else run_py)(construct, timeout)


def run_c(construct: Construct, timeout: float = 120.0) -> Truth:
    lines = construct.text.splitlines()
    narrow = set(_NARROW_LOCAL.findall(construct.text))
    leaks = "leak" in construct.checks.split(",")
    for i, line in enumerate(lines):
        if line.startswith(("void reach_error()", "void __VERIFIER_assert(", "extern int __VERIFIER_nondet_int",
                            "extern void __VERIFIER_assume")) or (leaks and line.startswith(_ALLOCATORS)):
            lines[i] = ""
        if line.startswith(" ") and not _ARRAY_DECLARATION.match(line):  # inside a function
            line = _barrier_before_narrowing(line, narrow)
            lines[i] = _LITERAL_OPERAND.sub(r"FUZZ_O(\g<0>)", _NARROW_CAST.sub(r"(\1) FUZZ_O(", line))
    rows = [(len(c) - 1,) + c[:-1] + (0,) * (16 - len(c)) + c[-1:] if leaks else (len(c),) + c + (0,) * (16 - len(c))
            for c in construct.cases]  # with leaks, the last value is the failing allocations' mask
    table = ", ".join("{" + ", ".join(map(str, row)) + "}" for row in rows)
    truth = Truth()
    with tempfile.TemporaryDirectory(prefix="fuzz-text-") as tmp:
        source, binary = Path(tmp, "harness.c"), Path(tmp, "harness")
        prelude = _C_PRELUDE % (_LEAK_TRACKING if leaks else _NO_TRACKING)
        source.write_text(prelude + "\n".join(lines) + "\n" + _C_DRIVER % table)
        subprocess.run(["gcc", "-O0", "-g", "-w", "-std=gnu11", "-fsanitize=address,undefined",
                        "-fno-sanitize-recover=all", str(source), "-o", str(binary)],
                       check=True, capture_output=True, text=True)
        env = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0", "UBSAN_OPTIONS": "print_stacktrace=0",
               "PATH": "/usr/bin:/bin"}
        try:
            out = subprocess.run([str(binary)], capture_output=True, text=True, timeout=timeout, env=env).stdout
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
    for line in out.splitlines():
        found = re.match(r"CASE (\d+) (-?\d+) ?(.*)", line)
        if found:
            truth.runs.append(_classify_c(construct.cases[int(found.group(1))], int(found.group(2)), found.group(3)))
    for case in construct.cases[len(truth.runs):]:
        truth.runs.append(Run(case, "undetermined", detail="no answer from the harness"))
    return truth


def _barrier_before_narrowing(line: str, narrow: set[str]) -> str:
    """`line` with the value assigned to a narrow local computed behind a barrier, in its
    promoted type: `sc *= e;` -> `sc = FUZZ_O(sc * (e));`, `sc = e;` -> `sc = FUZZ_O(e);`."""
    found = _NAME_ASSIGNMENT.match(line)
    if not found or found.group(2) not in narrow:
        return line
    indent, name, op, value = found.groups()
    return f"{indent}{name} = FUZZ_O({name} {op} ({value}));" if op else f"{indent}{name} = FUZZ_O({value});"


def _classify_c(case: tuple[int, ...], code: int, message: str) -> Run:
    if code == 0:
        return Run(case, "ok")
    if code in (40, 44):
        return Run(case, "infeasible")
    if code == 41:
        return Run(case, "failed", "assert", int(message.split()[2]), message)
    if code == 45:
        return Run(case, "failed", "leak", int(message.split()[2]), message)
    ubsan = re.search(r"prog\.c:(\d+):\d+: runtime error: (.*?)(\t|$)", message)
    asan = re.search(r"ERROR: AddressSanitizer: (.*)", message)
    if ubsan:
        line, what = int(ubsan.group(1)), ubsan.group(2)
    elif asan:
        where = re.search(r"prog\.c:(\d+)", message[asan.start():])
        line, what = (int(where.group(1)) if where else 0), asan.group(1).split("\t")[0]
        address = re.search(r"address (0x[0-9a-f]+)", what)
        if "SEGV" in what and address and int(address.group(1), 16) < 4096:
            what = "null pointer " + what
    else:
        return Run(case, "undetermined", detail=message or f"exit {code}")
    check = next((c for text, c in SANITIZER_CHECKS if text in what), None)
    return Run(case, "failed" if check and line else "undetermined", check, line, what)


_PY_DRIVER = r"""
import builtins, io, json, random, resource, sys, traceback
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
answers, sys.stdout = sys.stdout, io.StringIO()  # what the program prints is not an answer
from verifier.runtime import AssumptionViolated
source, entry, cases = json.loads(sys.stdin.read())
fed = []
class Unreal(Exception): pass
real_randint = random.randint
def fake_randint(a, b):
    if a > b:
        return real_randint(a, b)  # the real ValueError
    if not fed or not a <= fed[0] <= b:
        raise Unreal()
    return fed.pop(0)
real_randrange, real_getrandbits, real_choice = random.randrange, random.getrandbits, random.choice
def fake_randrange(start, stop=None, step=1):
    low, high = (0, start) if stop is None else (start, stop)
    if step != 1 or low >= high:
        return real_randrange(start, stop, step)  # the real ValueError
    if not fed or not low <= fed[0] < high:
        raise Unreal()
    return fed.pop(0)
def fake_getrandbits(k):
    if k < 0:
        return real_getrandbits(k)  # the real ValueError
    if not fed or not 0 <= fed[0] < 2 ** k:
        raise Unreal()
    return fed.pop(0)
def fake_choice(seq):
    if not seq:
        return real_choice(seq)  # the real IndexError
    if not fed or not 0 <= fed[0] < len(seq):
        raise Unreal()
    return seq[fed.pop(0)]  # a case feeds choice the index it picks
def fake_input(prompt=""):
    if not fed:
        raise Unreal()
    return str(fed.pop(0))
random.randint, builtins.input = fake_randint, fake_input
random.randrange, random.getrandbits, random.choice = fake_randrange, fake_getrandbits, fake_choice
code = compile(source, "<fuzz>", "exec")
CHECKS = {"AssertionError": "assert", "ZeroDivisionError": "div-by-zero", "IndexError": "bounds",
          "KeyError": "key", "ValueError": "value", "UnboundLocalError": "unbound"}
for case in cases:
    out = {"inputs": case, "ending": "ok"}
    fed[:] = list(case)
    space = {"__name__": "fuzz"}  # a fresh module per case: its globals start as the text writes them
    exec(code, space)
    try:
        space[entry](*([] if entry == "main" else case))
    except (AssumptionViolated, Unreal):
        out["ending"] = "infeasible"
    except Exception as e:
        line = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == "<fuzz>"][-1]
        check = CHECKS.get(type(e).__name__)
        out.update(ending="failed" if check else "undetermined", check=check, line=line, detail=repr(e))
    sys.stdout = io.StringIO()
    print(json.dumps(out), file=answers, flush=True)
"""


def run_py(construct: Construct, timeout: float = 120.0) -> Truth:
    payload = json.dumps([construct.text, construct.entry, construct.cases])
    out = python_driver_output(_PY_DRIVER, payload, timeout)
    truth = Truth()
    for line in out.splitlines():
        r = json.loads(line)
        truth.runs.append(Run(tuple(r["inputs"]), r["ending"], r.get("check"), r.get("line"), r.get("detail", "")))
    for case in construct.cases[len(truth.runs):]:
        truth.runs.append(Run(case, "undetermined", detail="no answer from the child"))
    return truth
