"""Ground truth for a fuzz C program: compile it with gcc -fsanitize=undefined into a
harness that forks one child per input of the domains' product and reports how each ended.

The harness replaces `__VERIFIER_assert` and `reach_error` by macros that name the failing
line (their definitions in the header become blank lines, so lines keep their numbers),
feeds the nondet calls from a table, stops a child at a false `__VERIFIER_assume`, and with
`tick` spots a repeated state at a loop head (Brent's cycle detection) or gives up after
`STEP_LIMIT` iterations. UBSan's first report names the check and line."""

from __future__ import annotations

import itertools
import re

from .ground_runs import c_harness_output
from .outcome import Run, Truth
from .program import C_TYPES, Program
from .render import c_text

STEP_LIMIT = 300_000
#: UBSan's message -> verify's check name
UBSAN_CHECKS = [("out of bounds for type", "bounds"), ("shift exponent", "shift"), ("left shift of", "shift"),
                ("division by zero", "div-by-zero"),
                ("signed integer overflow", "overflow"), ("negation of", "overflow"),
                ("cannot be represented in type", "overflow")]

_PRELUDE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
static unsigned long long fuzz_values[8];
static int fuzz_next;
%(nondets)s
void __VERIFIER_assume(int c) { if (!c) _exit(40); }
static void fuzz_fail(int line) { fprintf(stderr, "FUZZ assert %%d\n", line); _exit(41); }
#define __VERIFIER_assert(c) do { if (!(int) (c)) fuzz_fail(__LINE__); } while (0)
#define reach_error() fuzz_fail(__LINE__)
static unsigned long long fuzz_saved[32];
static int fuzz_saved_loop = -1;
static long fuzz_steps, fuzz_power = 1;
static int fuzz_tick(int loop, const unsigned long long *vals, int n) {
  if (fuzz_saved_loop == loop && memcmp(vals, fuzz_saved, n * sizeof *vals) == 0) {
    fprintf(stderr, "FUZZ cycle %%d\n", loop); _exit(42);
  }
  if (++fuzz_steps >= %(limit)d) { fprintf(stderr, "FUZZ bound\n"); _exit(43); }
  if (fuzz_steps == fuzz_power) { memcpy(fuzz_saved, vals, n * sizeof *vals); fuzz_saved_loop = loop; fuzz_power *= 2; }
  return 1;
}
#define FUZZ_TICK(id) fuzz_tick(id, (unsigned long long[]){ %(state)s }, %(count)d)
#define FUZZ_O(e) ({ __typeof__(e) fuzz_o = (e); __asm__ volatile ("" : "+r" (fuzz_o)); fuzz_o; })
#define main fuzz_main
#line 1 "prog.c"
"""

_DRIVER = r"""
#undef main
static const unsigned long long fuzz_cases[][%(width)d] = { %(cases)s };
int main(void) {
  int n = sizeof fuzz_cases / sizeof fuzz_cases[0];
  for (int i = 0; i < n; i++) {
    int fds[2]; char buf[512]; ssize_t got = 0, k;
    if (pipe(fds) != 0) return 2;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]); dup2(fds[1], 2);
      memcpy(fuzz_values, fuzz_cases[i], sizeof fuzz_cases[i]);
      alarm(5);
      fuzz_main();
      _exit(0);
    }
    close(fds[1]);
    while (got < (ssize_t) sizeof buf - 1 && (k = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0) got += k;
    buf[got] = 0;
    close(fds[0]);
    int status; waitpid(pid, &status, 0);
    for (char *p = buf; *p; p++) if (*p == '\n') { *p = 0; break; }
    printf("CASE %%d %%d %%d %%s\n", i, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           WIFSIGNALED(status) ? WTERMSIG(status) : 0, buf);
  }
  return 0;
}
"""


def harness(program: Program) -> str:
    """The self-contained C text that runs `program` on every input of its domains."""
    nondets = "\n".join(f"{t} __VERIFIER_nondet_{s}(void) {{ return ({t}) fuzz_values[fuzz_next++]; }}"
                        for t, (_, _, s) in C_TYPES.items())
    names = [v.name for v in program.variables()]
    state = ", ".join(f"(unsigned long long) {n}" for n in names) or "0"
    text = c_text(program, tick=True).splitlines()
    for i, line in enumerate(text):
        if line.startswith(("void reach_error()", "void __VERIFIER_assert(")):
            text[i] = ""
    cases = ", ".join("{" + ", ".join(f"{v & (2**64 - 1)}ULL" for v in combo) + "}" for combo in combinations(program))
    return (_PRELUDE % {"nondets": nondets, "limit": STEP_LIMIT, "state": state, "count": max(1, len(names))}
            + "\n".join(text) + "\n" + _DRIVER % {"width": max(1, len(program.inputs)), "cases": cases})


def combinations(program: Program) -> list[tuple[int, ...]]:
    return list(itertools.product(*(v.values() for v in program.inputs)))


def run(program: Program, timeout: float = 120.0) -> Truth:
    """Compile and run the harness of `program`; every input's `Run`."""
    combos = combinations(program)
    out = c_harness_output(harness(program), timeout)
    truth = Truth()
    for line in out.splitlines():
        if not re.match(r"CASE \d+ -?\d+ \d+", line):
            break  # cut short by the time limit
        _, index, code, signal, message = (line.split(" ", 4) + [""])[:5]
        truth.runs.append(_classify(combos[int(index)], int(code), int(signal), message))
    for inputs in combos[len(truth.runs):]:  # the harness ran out of time
        truth.runs.append(Run(inputs, "undetermined", detail="no answer from the harness"))
    return truth


def _classify(inputs: tuple[int, ...], code: int, signal: int, message: str) -> Run:
    if code == 0:
        return Run(inputs, "ok")
    if code == 40:
        return Run(inputs, "infeasible")
    if code == 41:
        return Run(inputs, "failed", "assert", int(message.split()[-1]), message)
    if code == 42:
        return Run(inputs, "cycle", detail=message)
    found = re.match(r"prog\.c:(\d+):\d+: runtime error: (.*)", message)
    if found:
        check = next((c for text, c in UBSAN_CHECKS if text in found.group(2)), None)
        if check is not None:
            return Run(inputs, "failed", check, int(found.group(1)), found.group(2))
    return Run(inputs, "undetermined", detail=message or f"exit {code} signal {signal}")
