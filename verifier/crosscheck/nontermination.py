"""Replay an input that should run forever, twice and independently.

1. On the automaton (`verifier.interpret.run_cfa`), instrumented at every loop
   head with a step counter and the check "from the end of the stem on, the
   state lies in the recurrent set": the run must pass `STEPS_AFTER_STEM`
   loop-head visits after the stem without leaving the set (the interpreter
   reads the program's semantics on its own, not through the encoding).
2. For real: the gcc-compiled harness of `verifier.crosscheck.c_harness`
   (which repeats the periodic tail of the nondet values forever), or the
   Python function called in a `py_worker.PyWorker`; it must
   still be running after `REAL_BUDGET_S` seconds of wall-clock time, or
   after what is left before the caller's deadline (at least `MIN_REAL_S`;
   with less the replay is `late` and confirms nothing).

Only when both agree is the input confirmed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from .. import ir
from ..cfa import Cfa, Check, Edge, nondet_nodes
from ..affine import Lin
from ..recurrent_set import Recurrence
from ..interpret import Run, run_cfa
from ..result import NondetSource
from .c_harness import RUNTIME_C, compile_harness, default_main, harness_unit, run_harness, uses_memory, widen_ints, with_main
from .py_worker import RECURSION_LIMIT, PyWorker
from .replay_py import python_arguments
from .spawn import run_to_file

#: Wall-clock time the real program must keep running.
REAL_BUDGET_S = 1.0
#: Stack of a real run replaying a call chain that never ends (others get
#: `c_harness.run_harness`'s): only the pages a run touches cost memory, and at
#: some hundred MB a second of calls it lasts well past the budget.
RECURSION_STACK_BYTES = 8 << 30
#: The shortest real run that is tried when the deadline is near.
MIN_REAL_S = 0.2
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
    to the real program (stem, then one period, repeated), `nondet_sources`
    what each feeds; `late`: the deadline came before the replay could say anything."""

    confirmed: bool
    detail: str
    nondet: list[int] = field(default_factory=list)
    period: int = 0
    late: bool = False
    nondet_sources: list[NondetSource] = field(default_factory=list)


def replay_nontermination(program: ir.Program, function: str, cfa: Cfa, rec: Recurrence,
                          deadline: float = float("inf")) -> NonTerminationReplay:
    """Replay `rec`'s input on the automaton and on the real program, by
    `deadline` (a `time.monotonic()` instant)."""
    ok, detail, run = interpret_recurrence(cfa, rec)
    if not ok or run is None:
        return NonTerminationReplay(False, f"interpreter: {detail}")
    if program.language == "c" and (any(isinstance(p.type, ir.ArrayType) for p in program.functions[function].params)
                                    or any(isinstance(v, list) for v in run.nondet)):
        return NonTerminationReplay(False, f"interpreter: {detail}; real run: replay unavailable: arrays are "
                                           "not replayed for non-termination")
    period_start, period = _period(run.nondet)
    fed = run.nondet[:period_start + period] if period else run.nondet
    if program.language == "python":
        real_ok, real_detail = _run_python(program, function, rec.params, fed, period, deadline)
    else:
        real_ok, real_detail = _run_c(program, function, rec.params, fed, period, deadline)
    text = f"interpreter: {detail}; real run: {real_detail}"
    return NonTerminationReplay(ok and bool(real_ok), text, fed, period, late=real_ok is None,
                                nondet_sources=run.nondet_sources[:len(fed)])


def still_running(program: ir.Program, function: str, params: dict[str, int], nondet: list[int],
                  deadline: float = float("inf")) -> tuple[bool | None, str]:
    """Run `function` for real on `params` (and `nondet`, the values its
    nondet calls return, in order) with a stack of `RECURSION_STACK_BYTES`
    (a call chain that never ends must not exhaust it within the budget):
    (still running after `REAL_BUDGET_S`, what the run did); None: the
    deadline was too near to run it."""
    if program.language == "python":
        return _run_python(program, function, params, nondet, 0, deadline, recursing=True)
    return _run_c(program, function, params, nondet, 0, deadline, RECURSION_STACK_BYTES)


def _real_budget(deadline: float) -> float | None:
    """Seconds the real run gets: `REAL_BUDGET_S`, or what is left before
    `deadline`; None with less than `MIN_REAL_S` left."""
    budget = round(min(REAL_BUDGET_S, deadline - time.monotonic()), 2)
    return budget if budget >= MIN_REAL_S else None


_NO_TIME = "not run: the deadline was too near"


# ------------------------------------------------------------ interpreter


def interpret_recurrence(cfa: Cfa, rec: Recurrence) -> tuple[bool, str, Run | None]:
    """Run the instrumented automaton: (stayed in the set, detail, the run
    whose nondet values it read, when it stayed)."""
    last = ""
    for steps in STEPS_AFTER_STEM:
        instrumented = _instrument(cfa, rec, steps)
        run = run_cfa(instrumented, dict(rec.params), rec.nondet, max_edges=MAX_EDGES)
        if run.failure is not None and run.failure[0] == _REACHED:
            if any(not nd.name for e in cfa.edges for nd in nondet_nodes(e.action)):
                _program_reads(cfa, rec, steps, run)
            return True, (f"after a stem of {rec.stem_steps} loop-head visits the state stayed in the "
                          f"recurrent set for {steps} more"), run
        if run.failure is not None and run.failure[0] == _LEFT:
            return False, f"the state left the recurrent set at line {run.failure[1].line}", None
        if run.failure is not None:
            return False, f"the run failed a check ({run.failure[0]} at line {run.failure[1].line})", None
        if run.finished:
            return False, "the function returned", None
        if run.blocked:
            return False, "an assumption was false (the input is outside the precondition)", None
        last = f"no verdict within {MAX_EDGES} steps"
    return False, last, None


def _program_reads(cfa: Cfa, rec: Recurrence, steps: int, run: Run) -> None:
    """Mark in `run` only the uninitialised values the program itself reads:
    the membership check reads every variable of the set, dead ones too, so
    the same path is run again counting the visits without that check."""
    again = run_cfa(_instrument(cfa, rec, steps, membership=False), dict(rec.params), rec.nondet,
                    max_edges=MAX_EDGES)
    if again.nondet == run.nondet:
        run.nondet_sources = again.nondet_sources


def _instrument(cfa: Cfa, rec: Recurrence, steps: int, membership: bool = True) -> Cfa:
    """A copy of `cfa` that, on every arrival at a loop head, counts the visit
    and checks membership in the recurrent set from the end of the stem on
    (with `membership`). Original edges keep their positions (nondet sites are
    named by them)."""
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
        member = _member(rec.sets.get(head, []), cfa.variables) if membership else ir.Const(1, ir.BOOL)
        before = ir.Binary("lt", counter, _int(rec.stem_steps), ir.BOOL)
        edges.append(Edge(checked, reached, Check(ir.Binary("lor", before, member, ir.BOOL), _LEFT, loop.loc), 0))
        done = ir.Binary("lt", counter, _int(rec.stem_steps + steps), ir.BOOL)
        edges.append(Edge(reached, body, Check(done, _REACHED, loop.loc), 0))
    return Cfa(cfa.function, cfa.entry, cfa.exit, edges, dict(cfa.loops), variables, list(cfa.params),
               cfa.ret_var, count, cfa.bounded_recursion, cfa.operands_in_order)


def _int(value: int) -> ir.Expr:
    return ir.Const(value, ir.MATH_INT)


def _member(cubes: list[list[Lin]], types: dict[str, ir.Type]) -> ir.Expr:
    """The recurrent set as an IR condition over mathematical integers."""
    options: list[ir.Expr] = []
    for cube in cubes:
        atoms: list[ir.Expr] = []
        for a in cube:
            form = a if isinstance(a, Lin) else a.lin  # a congruence: lin ≡ residue (mod modulus)
            total: ir.Expr = _int(int(form.const) - (0 if isinstance(a, Lin) else a.residue))
            for v, c in form.coeffs.items():
                term = ir.Binary("mul", _int(int(c)), ir.Cast(ir.Var(v, types[v]), ir.MATH_INT), ir.MATH_INT)
                total = ir.Binary("add", total, term, ir.MATH_INT)
            if isinstance(a, Lin):
                atoms.append(ir.Binary("ge", total, _int(0), ir.BOOL))
            else:
                atoms.append(ir.Binary("eq", ir.Binary("mod", total, _int(a.modulus), ir.MATH_INT), _int(0), ir.BOOL))
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


def _run_c(program: ir.Program, function: str, params: dict[str, int], nondet: list[int], period: int,
           deadline: float, stack_bytes: int | None = None) -> tuple[bool | None, str]:
    """(still running after its budget, what it did); None: no time was left to run it."""
    fn = program.functions[function]
    try:  # operations are checked by UBSan alone here
        unit = harness_unit(program, function, [])
    except Exception as exc:  # a harness-generation bug must cost a confirmation, not the run
        return False, f"replay unavailable: cannot build the replay harness: {type(exc).__name__}: {exc}"
    main = default_main(function, fn.params, program.source)
    binary, error = None, ""
    memory = uses_memory(program)  # a read past an object fails: a run never goes on on what lay there
    if program.semantics == "math":
        # unbounded integers: the user's `int` becomes 128 bits wide, so an
        # execution that diverges does not overflow within the budget
        binary, error = compile_harness(with_main(widen_ints(unit), main), memory)
    if binary is None:
        binary, error = compile_harness(with_main(unit, main), memory, wrap=program.semantics == "wrap")
    if binary is None:
        return False, f"replay unavailable: {error}"
    args = [str(int(params.get(p.name, 0))) for p in fn.params] + [str(int(v)) for v in nondet]
    budget_s = _real_budget(deadline)
    if budget_s is None:
        return None, _NO_TIME
    try:
        stack = {"stack_bytes": stack_bytes} if stack_bytes else {}
        proc = run_harness(binary, args, budget_s, period=period, **stack)
    except subprocess.TimeoutExpired:
        return True, f"the gcc-compiled program was still running after {budget_s:g}s (stopped)"
    except OSError as exc:
        return False, f"replay unavailable: {exc}"
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    why = err[-1] if err else f"exit status {proc.returncode}"
    if program.semantics == "math" and "type '__int128'" in why:
        # unbounded integers outgrew 128 bits (a geometric orbit): run it with GMP integers
        return _run_c_bignum(widen_ints(unit), main, args, period, deadline, why)
    return False, f"the gcc-compiled program ended within {budget_s:g}s ({why})"


def _run_c_bignum(unit: str, main: str, args: list[str], period: int, deadline: float,
                  why_128: str) -> tuple[bool | None, str]:
    """The harness with the user's `int` as GMP's arbitrary-precision
    ``mpz_class`` (compiled as C++ by g++), run like `_run_c`: mathematical
    integers for real, for runs whose values outgrow 128 bits."""
    ended = f"the gcc-compiled program overflowed 128-bit integers ({why_128})"
    with tempfile.TemporaryDirectory(prefix="verify-bignum.") as work:
        binary, error = _compile_bignum(with_main(unit, main), work)
        if binary is None:
            return False, f"{ended}; a GMP build is unavailable: {error}"
        budget_s = _real_budget(deadline)
        if budget_s is None:
            return None, _NO_TIME
        try:
            proc = run_harness(binary, args, budget_s, period=period)
        except subprocess.TimeoutExpired:
            return True, (f"the g++-compiled program with GMP integers (128 bits overflow) was still running "
                          f"after {budget_s:g}s (stopped)")
        except OSError as exc:
            return False, f"{ended}; replay unavailable: {exc}"
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return False, f"the g++-compiled program with GMP integers ended within {budget_s:g}s " \
                  f"({err[-1] if err else f'exit status {proc.returncode}'})"


def _compile_bignum(harness: str, work: str) -> tuple[str | None, str]:
    """(binary, '') for `harness` with ``int`` as ``mpz_class``, or (None, why)."""
    start = harness.find("#define main ")
    if start < 0 or shutil.which("g++") is None or shutil.which("gcc") is None:
        return None, "g++ or the harness layout not found"
    # the prelude keeps C linkage; stream values enter as `long` (mpz_class has no long long constructor)
    text = ("#include <gmpxx.h>\n#define _Bool bool\nextern \"C\" {\n" + harness[:start] + "}\n"
            "#define __verify_next() ((long)(__verify_next)())\n" + harness[start:])
    text = text.replace("#define int __int128", "#define int mpz_class")
    for wide in ("long long", "unsigned long long"):  # parameters enter as `long` too
        text = text.replace(f"({wide})__verify_param(", f"({wide.replace('long long', 'long')})__verify_param(")
    user, runtime = os.path.join(work, "harness.cpp"), os.path.join(work, "runtime.c")
    with open(user, "w") as f:
        f.write(text)
    with open(runtime, "w") as f:
        f.write(RUNTIME_C)
    binary = os.path.join(work, "harness")
    try:
        steps = [["gcc", "-O0", "-w", "-c", runtime, "-o", runtime + ".o"],
                 ["g++", "-O0", "-w", user, runtime + ".o", "-lgmpxx", "-lgmp", "-o", binary]]
        for cmd in steps:  # no pipe: a process forked meanwhile would hold it open (`spawn`)
            returncode, output = run_to_file(cmd, timeout=120)
            if returncode != 0:
                first = next((ln for ln in output.splitlines() if "error" in ln), output.strip()[:200])
                return None, first.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return None, str(exc)
    return binary, ""


# -------------------------------------------------------------- Python


def _run_python(program: ir.Program, function: str, params: dict[str, int], nondet: list[int], period: int,
                deadline: float, recursing: bool = False) -> tuple[bool | None, str]:
    """As `_run_c`, for a Python function: ``input()`` and ``random.randint``
    return `nondet` in call order, then its last `period` values again and
    again (`py_worker.feed`); a call wanting more is infeasible and ends the run.
    With `recursing` (a call chain that never ends), CPython's RecursionError at
    the worker's recursion limit counts as going on: CPython stops every call
    chain that deep, where C's stack is made large enough to run out of time."""
    tmp = None
    path = program.path
    if program.source or not os.path.exists(path):
        tmp = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
        tmp.write(program.source)
        tmp.close()
        path = tmp.name
    bools = [p.name for p in program.functions[function].params if isinstance(p.type, ir.BoolType)]
    worker = PyWorker(path, function, bools)
    try:
        error = worker.start()
        if error:
            return False, f"replay unavailable: {error}"
        budget_s = _real_budget(deadline)
        if budget_s is None:
            return None, _NO_TIME
        types = {p.name: p.type for p in program.functions[function].params}
        arguments = python_arguments(params, types)  # lists, strings, dicts as Python builds them
        reply = worker.call({**arguments, "__nondet__": [int(v) for v in nondet], "__period__": period}, budget_s)
        if reply is None and worker.running:
            again = f"; its last {period} nondet values fed again and again" if period else ""
            return True, f"the Python function was still running after {budget_s:g}s (stopped{again})"
        if recursing and reply is not None and reply["status"] == "fail" and reply["failure"] == "recursion":
            return True, ("the Python call chain was still going when CPython stopped it at the worker's "
                          f"recursion limit of {RECURSION_LIMIT} ({reply['detail']})")
    finally:
        worker.close()
        if tmp is not None:
            os.unlink(tmp.name)
    ended = "the interpreter died" if reply is None else _describe(reply)
    return False, f"the Python function ended within {budget_s:g}s ({ended})"


def _describe(reply: dict) -> str:
    if reply["status"] == "return":
        return f"returned {reply['value']}"
    if reply["status"] == "fail":
        return reply["detail"]
    return reply["status"]


__all__ = ["NonTerminationReplay", "replay_nontermination", "interpret_recurrence", "still_running", "REAL_BUDGET_S",
           "MIN_REAL_S"]
