"""Ground truth for a `constructs_term.TermProgram`: run it on every input, bounded by steps.

Each `TICK<vars>` becomes a call that sees the loop head's state (the loop and every variable
of the function) and ends the run as a cycle when a state comes back (Brent: the state saved at
each power of two of the step count); each `ENTER<name:args>` records the call on a stack of
the call chain and ends the run as a cycle when a call repeats one of its ancestors at a
power-of-two depth (the functions are pure, so that call never returns). A run past
`STEP_LIMIT` loop steps or `DEPTH_LIMIT` calls is undetermined, and so is a C run that
UBSan stops (signed overflow: no question of termination) and a Python run whose values
outgrow 64 bits."""

from __future__ import annotations

import json
import re

from .constructs_term import ENTER, TICK, TermProgram
from .ground_runs import c_harness_output, python_driver_output
from .outcome import Run, Truth

STEP_LIMIT = 300_000
DEPTH_LIMIT = 20_000

_C_PRELUDE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
static int fuzz_values[4], fuzz_next;
int __VERIFIER_nondet_int(void) { return fuzz_values[fuzz_next++]; }
void __VERIFIER_assume(int c) { if (!c) _exit(40); }
static long long fuzz_saved[16]; static int fuzz_saved_loop = -1; static long fuzz_steps, fuzz_power = 1;
static int fuzz_tick(int loop, const long long *v, int n) {
  if (fuzz_saved_loop == loop && memcmp(v, fuzz_saved, n * sizeof *v) == 0) { fprintf(stderr, "cycle\n"); _exit(42); }
  if (++fuzz_steps >= %(steps)d) _exit(43);
  if (fuzz_steps == fuzz_power) { memcpy(fuzz_saved, v, n * sizeof *v); fuzz_saved_loop = loop; fuzz_power *= 2; }
  return 1;
}
static long long fuzz_stack[%(depth)d][3]; static int fuzz_depth;
static int fuzz_enter(int f, const long long *v, int n) {
  if (fuzz_depth >= %(depth)d) _exit(43);
  long long *top = fuzz_stack[fuzz_depth];
  top[0] = f; top[1] = v[0]; top[2] = n > 1 ? v[1] : 0;
  for (int p = 1; p <= fuzz_depth; p *= 2)
    if (memcmp(fuzz_stack[p - 1], top, sizeof fuzz_stack[0]) == 0) { fprintf(stderr, "cycle\n"); _exit(42); }
  return fuzz_depth++;
}
static void fuzz_leave(int *unused) { fuzz_depth--; }
#define main fuzz_main
"""

_C_DRIVER = r"""
#undef main
static const int fuzz_cases[][4] = { %s };
int main(void) {
  int n = sizeof fuzz_cases / sizeof fuzz_cases[0];
  for (int i = 0; i < n; i++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      memcpy(fuzz_values, fuzz_cases[i], sizeof fuzz_values);
      alarm(10);
      fuzz_main();
      _exit(0);
    }
    int status; waitpid(pid, &status, 0);
    printf("CASE %%d %%d\n", i, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  return 0;
}
"""

_PY_DRIVER = r"""
import json, sys, threading
from verifier.runtime import AssumptionViolated
source, cases, steps, depth = json.loads(sys.stdin.read())
class Stop(Exception):
    def __init__(self, ending): self.ending = ending
state = {}
def _fuzz_tick(loop, values):
    key = (loop, values)
    if state["saved"] == key:
        raise Stop("cycle")
    state["steps"] += 1
    if state["steps"] >= steps or any(abs(v) > 1 << 64 for v in values):
        raise Stop("undetermined")  # (a value past 64 bits: it grows without bound, slower each step)
    if state["steps"] == state["power"]:
        state["saved"], state["power"] = key, state["power"] * 2
    return True
def _fuzz_rec(name):
    def wrap(fn):
        def call(*args):
            chain = state["chain"]
            key = (name, args)
            p = 1
            while p <= len(chain):
                if chain[p - 1] == key:
                    raise Stop("cycle")
                p *= 2
            if len(chain) >= depth:
                raise Stop("undetermined")
            chain.append(key)
            try:
                return fn(*args)
            finally:
                chain.pop()
        return call
    return wrap
space = {"_fuzz_tick": _fuzz_tick, "_fuzz_rec": _fuzz_rec, "__name__": "fuzz"}
exec(compile(source, "<fuzz>", "exec"), space)
def main():
    for case in cases:
        state.update(saved=None, steps=0, power=1, chain=[])
        try:
            space["f"](*case)
            ending = "ok"
        except AssumptionViolated:
            ending = "infeasible"
        except Stop as e:
            ending = e.ending
        except Exception as e:
            ending = "undetermined"
        print(json.dumps([case, ending]), flush=True)
sys.setrecursionlimit(10 * depth)
threading.stack_size(512 * 1024 * 1024)
t = threading.Thread(target=main)
t.start()
t.join()
"""


def oracle_text(program: TermProgram) -> str:
    """The program's text with its tick marks turned into the oracle's calls."""
    loops = iter(range(1, 1000))
    if program.language == "c":
        ids: dict[str, int] = {}

        def c_tick(m: re.Match) -> str:
            names = m.group(1).split(",")
            return f"fuzz_tick({next(loops)}, (long long[]){{{', '.join(names)}}}, {len(names)}) && "

        def c_enter(m: re.Match) -> str:
            names = m.group(2).split(",")
            f = ids.setdefault(m.group(1), len(ids) + 1)
            return (f"int fuzz_guard __attribute__((cleanup(fuzz_leave))) = "
                    f"fuzz_enter({f}, (long long[]){{{', '.join(names)}}}, {len(names)});")
        return ENTER.sub(c_enter, TICK.sub(c_tick, program.marked))

    def py_tick(m: re.Match) -> str:
        return f"_fuzz_tick({next(loops)}, ({m.group(1)},)) and "
    return ENTER.sub(lambda m: f"@_fuzz_rec({m.group(1)!r})", TICK.sub(py_tick, program.marked))


def run(program: TermProgram, timeout: float = 300.0) -> Truth:
    return (_run_c if program.language == "c" else _run_py)(program, timeout)


def _run_c(program: TermProgram, timeout: float) -> Truth:
    table = ", ".join("{" + ", ".join(map(str, c)) + "}" for c in program.cases)
    out = c_harness_output(_C_PRELUDE % {"steps": STEP_LIMIT, "depth": DEPTH_LIMIT} + oracle_text(program)
                           + _C_DRIVER % table, timeout)
    endings = {0: "ok", 40: "infeasible", 42: "cycle"}
    truth = Truth()
    for line in out.splitlines():
        found = re.match(r"CASE (\d+) (-?\d+)", line)
        if found:
            code = int(found.group(2))
            truth.runs.append(Run(program.cases[int(found.group(1))], endings.get(code, "undetermined"),
                                  detail=f"exit {code}"))
    truth.runs += [Run(c, "undetermined", detail="no answer") for c in program.cases[len(truth.runs):]]
    return truth


def _run_py(program: TermProgram, timeout: float) -> Truth:
    payload = json.dumps([oracle_text(program), program.cases, STEP_LIMIT, DEPTH_LIMIT])
    out = python_driver_output(_PY_DRIVER, payload, timeout)
    truth = Truth()
    for line in out.splitlines():
        case, ending = json.loads(line)
        truth.runs.append(Run(tuple(case), ending))
    truth.runs += [Run(c, "undetermined", detail="no answer") for c in program.cases[len(truth.runs):]]
    return truth
