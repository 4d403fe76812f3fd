"""Replay an input that should run forever, twice and independently.

1. On the automaton (`verifier.interpret.run_cfa`), instrumented at every loop
   head with a step counter and the check "from the end of the stem on, the
   state lies in the recurrent set": the run must pass `STEPS_AFTER_STEM`
   loop-head visits after the stem without leaving the set (the interpreter
   reads the program's semantics on its own, not through the encoding).
2. For real: the gcc-compiled harness of `verifier.crosscheck.replay_c` (our
   own runtime half, which repeats the periodic tail of the nondet values
   forever), or the Python function imported in a child interpreter; it must
   still be running after `REAL_BUDGET_S` seconds of wall-clock time.

Only when both agree is the input confirmed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from .. import ir
from ..cfa import Cfa, Check, Edge
from ..engines.ranking import Lin
from ..engines.recurrence import Recurrence
from ..interpret import run_cfa

#: Wall-clock time the real program must keep running.
REAL_BUDGET_S = 1.0
#: Loop-head visits after the stem the interpreter must see inside the set
#: (tried in this order: long first, shorter when the edge budget runs out).
STEPS_AFTER_STEM = (1000, 100, 10)
#: Edges the interpreter may execute per run.
MAX_EDGES = 300_000
#: Longest period looked for in the nondet values the run consumed.
MAX_PERIOD = 64

_LEFT, _REACHED = "recurrence-left", "recurrence-reached"
_COUNTER = "rec$steps"


@dataclass
class NonTerminationReplay:
    """`confirmed` iff both replays agree the input runs forever; `detail` says
    what each saw; `nondet` is the sequence of nondet values in call order fed
    to the real program (stem, then one period, repeated)."""

    confirmed: bool
    detail: str
    nondet: list[int] = field(default_factory=list)
    period: int = 0


def replay_nontermination(program: ir.Program, function: str, cfa: Cfa, rec: Recurrence,
                          budget_s: float = REAL_BUDGET_S) -> NonTerminationReplay:
    """Replay `rec`'s input on the automaton and on the real program."""
    ok, detail, values = interpret_recurrence(cfa, rec)
    if not ok:
        return NonTerminationReplay(False, f"interpreter: {detail}")
    period_start, period = _period(values)
    fed = values[:period_start + period] if period else values
    if program.language == "python":
        real_ok, real_detail = _run_python(program, function, rec.params, budget_s)
    else:
        real_ok, real_detail = _run_c(program, function, rec.params, fed, period, budget_s)
    text = f"interpreter: {detail}; real run: {real_detail}"
    return NonTerminationReplay(ok and real_ok, text, fed, period)


# ------------------------------------------------------------ interpreter


def interpret_recurrence(cfa: Cfa, rec: Recurrence) -> tuple[bool, str, list[int]]:
    """Run the instrumented automaton: (stayed in the set, detail, nondet values read)."""
    last = ""
    for steps in STEPS_AFTER_STEM:
        instrumented = _instrument(cfa, rec, steps)
        run = run_cfa(instrumented, dict(rec.params), rec.nondet, max_edges=MAX_EDGES)
        if run.failure is not None and run.failure[0] == _REACHED:
            return True, (f"after a stem of {rec.stem_steps} loop-head visits the state stayed in the "
                          f"recurrent set for {steps} more"), list(run.nondet)
        if run.failure is not None and run.failure[0] == _LEFT:
            return False, f"the state left the recurrent set at line {run.failure[1].line}", []
        if run.failure is not None:
            return False, f"the run failed a check ({run.failure[0]} at line {run.failure[1].line})", []
        if run.finished:
            return False, "the function returned", []
        if run.blocked:
            return False, "an assumption was false (the input is outside the precondition)", []
        last = f"no verdict within {MAX_EDGES} steps"
    return False, last, []


def _instrument(cfa: Cfa, rec: Recurrence, steps: int) -> Cfa:
    """A copy of `cfa` that, on every arrival at a loop head, counts the visit
    and checks membership in the recurrent set from the end of the stem on.
    Original edges keep their positions (nondet sites are named by them)."""
    edges = [Edge(e.src, e.dst, e.action, e.line) for e in cfa.edges]
    variables = dict(cfa.variables)
    variables[_COUNTER] = ir.MATH_INT
    counter = ir.Var(_COUNTER, ir.MATH_INT)
    count = cfa.node_count
    for head, loop in cfa.loops.items():
        body, checked, reached = count, count + 1, count + 2
        count += 3
        for e in edges:
            if e.src == head:
                e.src = body
        bump = ir.Assign(_COUNTER, ir.Binary("add", counter, _int(1), ir.MATH_INT), loop.loc)
        edges.append(Edge(head, checked, bump, 0))
        member = _member(rec.sets.get(head, []), cfa.variables)
        before = ir.Binary("lt", counter, _int(rec.stem_steps), ir.BOOL)
        edges.append(Edge(checked, reached, Check(ir.Binary("lor", before, member, ir.BOOL), _LEFT, loop.loc), 0))
        done = ir.Binary("lt", counter, _int(rec.stem_steps + steps), ir.BOOL)
        edges.append(Edge(reached, body, Check(done, _REACHED, loop.loc), 0))
    return Cfa(cfa.function, cfa.entry, cfa.exit, edges, dict(cfa.loops), variables, list(cfa.params),
               cfa.ret_var, count, cfa.bounded_recursion)


def _int(value: int) -> ir.Expr:
    return ir.Const(value, ir.MATH_INT)


def _member(cubes: list[list[Lin]], types: dict[str, ir.Type]) -> ir.Expr:
    """The recurrent set as an IR condition over mathematical integers."""
    options: list[ir.Expr] = []
    for cube in cubes:
        atoms: list[ir.Expr] = []
        for a in cube:
            total: ir.Expr = _int(int(a.const))
            for v, c in a.coeffs.items():
                term = ir.Binary("mul", _int(int(c)), ir.Cast(ir.Var(v, types[v]), ir.MATH_INT), ir.MATH_INT)
                total = ir.Binary("add", total, term, ir.MATH_INT)
            atoms.append(ir.Binary("ge", total, _int(0), ir.BOOL))
        options.append(_fold("land", atoms, 1))
    return _fold("lor", options, 0)


def _fold(op: str, items: list[ir.Expr], empty: int) -> ir.Expr:
    if not items:
        return ir.Const(empty, ir.BOOL)
    out = items[0]
    for item in items[1:]:
        out = ir.Binary(op, out, item, ir.BOOL)
    return out


def _period(values: list[int]) -> tuple[int, int]:
    """(start, period) of the shortest periodic tail covering the second half of `values`."""
    n = len(values)
    if n == 0:
        return 0, 0
    for p in range(1, min(MAX_PERIOD, n) + 1):
        start = n - p
        while start > 0 and values[start - 1] == values[start - 1 + p]:
            start -= 1
        if start <= n // 2:
            return start, p
    return n, 0


# ------------------------------------------------------------------- C

_HELPERS_C = r"""
/* verify non-termination replay: runtime support (nondet tail repeats forever) */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>

static int verify_argc, verify_nparams, verify_period;
static long long verify_pos;
static char **verify_argv;

static unsigned long long verify_parse(const char *s) {
    if (s[0] == '-') return (unsigned long long)strtoll(s, 0, 10);
    return strtoull(s, 0, 10);
}

void __verify_init(int argc, char **argv, int nparams) {
    struct rlimit rl;
    const rlim_t want = (rlim_t)256 << 20;
    if (!getenv("VERIFY_HARNESS_STACK") && getrlimit(RLIMIT_STACK, &rl) == 0
        && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want) ? want : rl.rlim_max;
        if (setrlimit(RLIMIT_STACK, &rl) == 0) {
            setenv("VERIFY_HARNESS_STACK", "1", 1);
            execv("/proc/self/exe", argv);
        }
    }
    const char *p = getenv("VERIFY_NONDET_PERIOD");
    verify_period = p ? atoi(p) : 0;
    verify_argc = argc; verify_argv = argv; verify_nparams = nparams; verify_pos = 0;
}

unsigned long long __verify_param(int i) {
    return (i < verify_nparams && 1 + i < verify_argc) ? verify_parse(verify_argv[1 + i]) : 0;
}

unsigned long long __verify_next(void) {
    long long count = verify_argc - 1 - verify_nparams;
    long long k = verify_pos++;
    if (k >= count) {
        if (verify_period <= 0 || count <= 0) return 0;
        k = count - verify_period + (k - count) % verify_period;
    }
    return verify_parse(verify_argv[1 + verify_nparams + k]);
}

void __verify_fail(const char *kind, int line) {
    fprintf(stderr, "\nVERIFY-FAIL %s %d\n", kind, line);
    fflush(stderr);
    _exit(70);
}

void __verify_infeasible(int line) {
    fprintf(stderr, "\nVERIFY-INFEASIBLE %d\n", line);
    fflush(stderr);
    _exit(71);
}
"""


def _run_c(program: ir.Program, function: str, params: dict[str, int], nondet: list[int], period: int,
           budget_s: float) -> tuple[bool, str]:
    from .replay_c import GCC_FLAGS, CReplayer

    replayer = CReplayer(program, function)
    harness = replayer.plain_harness  # operations are checked by UBSan alone here
    if replayer.error or not harness:
        return False, f"replay unavailable: {replayer.error or 'no harness'}"
    binary, error = None, ""
    if program.semantics == "math":
        # unbounded integers: the user's `int` becomes 128 bits wide, so an
        # execution that diverges does not overflow within the budget
        binary, error = _compile(_widen(harness), GCC_FLAGS)
    if binary is None:
        binary, error = _compile(harness, GCC_FLAGS)
    if binary is None:
        return False, f"replay unavailable: {error}"
    args = [str(int(params.get(p.name, 0))) for p in replayer.params] + [str(int(v)) for v in nondet]
    env = dict(os.environ)
    env.pop("VERIFY_HARNESS_STACK", None)
    env["VERIFY_NONDET_PERIOD"] = str(period)
    env["UBSAN_OPTIONS"] = "print_stacktrace=0:halt_on_error=1:exitcode=72"
    try:
        proc = subprocess.run([binary, *args], capture_output=True, timeout=budget_s, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return True, f"the gcc-compiled program was still running after {budget_s:g}s (stopped)"
    except OSError as exc:
        return False, f"replay unavailable: {exc}"
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    why = err[-1] if err else f"exit status {proc.returncode}"
    return False, f"the gcc-compiled program ended within {budget_s:g}s ({why})"


def _widen(harness: str) -> str:
    """The harness with `int` meaning ``__int128`` in the user's code only."""
    start = harness.find('#line 1 "')
    end = harness.find('#undef main\n', start + 1)
    if start < 0 or end < 0:
        return harness
    end += len('#undef main\n')
    return harness[:start] + "#define int __int128\n" + harness[start:end] + "#undef int\n" + harness[end:]


def _compile(harness: str, flags: tuple[str, ...]) -> tuple[str | None, str]:
    gcc = shutil.which("gcc")
    if gcc is None:
        return None, "gcc not found on PATH"
    key = hashlib.sha256("\0".join(["v2", harness, _HELPERS_C, " ".join(flags), gcc]).encode()).hexdigest()[:24]
    cache = os.path.join(tempfile.gettempdir(), f"verify-nonterm-{os.getuid()}")
    binary = os.path.join(cache, key, "harness")
    if os.access(binary, os.X_OK):
        return binary, ""
    os.makedirs(cache, exist_ok=True)
    work = tempfile.mkdtemp(prefix=key + ".", dir=cache)
    user_c, helpers_c = os.path.join(work, "harness.c"), os.path.join(work, "helpers.c")
    with open(user_c, "w") as f:
        f.write(harness)
    stubs: list[str] = []
    for _ in range(2):
        with open(helpers_c, "w") as f:
            f.write(_HELPERS_C + "".join(_STUB.format(name=n) for n in stubs))
        proc = subprocess.run([gcc, *flags, "-o", os.path.join(work, "harness"), user_c, helpers_c],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode == 0:
            break
        # other functions of the file may call functions without a body: the
        # run never reaches them (if it did, the stub stops it: no confirmation)
        missing = sorted(set(re.findall(r"undefined reference to [`'](\w+)'", proc.stderr)) - set(stubs))
        if not missing:
            break
        stubs += missing
    if proc.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr.strip()[:200])
        return None, f"the replay harness did not compile: {first.strip()}"
    try:
        os.replace(work, os.path.join(cache, key))
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
    return (binary, "") if os.access(binary, os.X_OK) else (None, "the harness binary vanished")


_STUB = """
void {name}(void) {{ fprintf(stderr, "\\nVERIFY-UNDEFINED {name}\\n"); _exit(73); }}
"""


# -------------------------------------------------------------- Python

_PY_RUNNER = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("verify_replay_target", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
result = getattr(module, sys.argv[2])(**json.loads(sys.argv[3]))
print("VERIFY-RETURNED", result)
"""


def _run_python(program: ir.Program, function: str, params: dict[str, int], budget_s: float) -> tuple[bool, str]:
    tmp = None
    path = program.path
    if program.source or not os.path.exists(path):
        tmp = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
        tmp.write(program.source)
        tmp.close()
        path = tmp.name
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ)
    env["PYTHONPATH"] = package_root + os.pathsep + env.get("PYTHONPATH", "")
    try:
        proc = subprocess.run([sys.executable, "-c", _PY_RUNNER, path, function, json.dumps(params)],
                              capture_output=True, timeout=budget_s, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return True, f"the Python function was still running after {budget_s:g}s (stopped)"
    finally:
        if tmp is not None:
            os.unlink(tmp.name)
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip().splitlines()
    return False, f"the Python function ended within {budget_s:g}s ({out[-1] if out else proc.returncode})"


__all__ = ["NonTerminationReplay", "replay_nontermination", "interpret_recurrence", "REAL_BUDGET_S"]
