"""Run a function for real and get what it did: the value it returned or how it failed.

`runner_for(program, function)` gives a `CRunner` (the harness of
`crosscheck.c_harness`, with a ``main`` that prints the function's result,
compiled once by gcc with UBSan) or a `PyRunner` (the function called in a
`crosscheck.py_worker` process, a time limit per call). Both take a batch of inputs (values
in parameter order) and return one `RunOutcome` per input; nothing raises:
a runner that cannot run says so in every outcome (``unavailable``).

A run that returns also shows what it leaves its caller (`RunOutcome.effects`):
the C harness prints, after the call, the final contents of the array and
pointer arguments, the struct pointer fields and the globals it is asked for
(``VERIFY-EFFECT key values...``, keys as `effects.Output.key`); the Python
worker sends a returned list, tuple or str and the final contents of the list,
dict and set arguments. Two returns agree only if these agree too.

Failure kinds are the check names: ``assert``, ``overflow``, ``div-by-zero``,
``shift``, plus ``recursion``, ``exception`` and ``crash`` that only real
runs see.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .. import ir
from ..crosscheck.c_arguments import argument_code, harness_parameters, stream_values
from ..crosscheck.c_source import c_type
from ..crosscheck.c_harness import call_expression, classify, compile_harness, harness_unit, run_harness, uses_memory, with_main
from ..crosscheck.py_worker import PyWorker
from ..crosscheck.replay_py import python_arguments

__all__ = ["RunOutcome", "CRunner", "PyRunner", "runner_for", "compare_outcomes"]

#: Per-call limit for a confirming run: a call still running after this long
#: counts as not terminating (only believed when a proof says it runs forever).
CALL_TIMEOUT_S = 2.0
#: Per-call limit while sampling many inputs (exploration, refutation tests).
SAMPLE_TIMEOUT_S = 0.5
#: Inputs per run of the C batch driver: its outcomes are heard a chunk at a
#: time (a proof waits for a few agreeing real runs, not for all of them).
BATCH_CHUNK = 32


@dataclass(frozen=True)
class RunOutcome:
    """One real call: `status` is ``return`` (with `value`; None when the
    function returned no value), ``fail`` (`failure` kind at `line`),
    ``timeout``, ``infeasible`` (an assume was false) or ``unavailable``
    (could not run; `detail` says why)."""

    status: str
    value: int | None = None
    failure: str = ""
    line: int = 0
    detail: str = ""
    #: what a return leaves its caller: (key, shown value) pairs, in order
    effects: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        if self.status == "return":
            data = dict(self.effects).get("result")
            returned = f"returns {data}" if data is not None else \
                "returns no value" if self.value is None else f"returns {self.value}"
            return returned + "".join(f", {_effect_text(k, v)}" for k, v in self.effects if k != "result")
        if self.status == "fail":
            where = f" at line {self.line}" if self.line else ""
            extra = f" ({self.detail})" if self.detail else ""
            return f"fails: {self.failure}{where}{extra}"
        if self.status == "timeout":
            return "does not terminate (still running when stopped)"
        if self.status == "infeasible":
            return "input violates an assumption"
        return f"could not run: {self.detail}"

    def short(self) -> str:
        """`describe` without the run's own detail text."""
        if self.status == "fail":
            return f"fails: {self.failure}" + (f" at line {self.line}" if self.line else "")
        return self.describe()

    def summary(self) -> object:
        """For `Counterexample.outputs`: the value returned, or a short text."""
        if self.status == "return":
            if self.effects:
                return self.describe().removeprefix("returns ")
            return self.value if self.value is not None else "no value"
        if self.status == "fail":
            return f"fails: {self.failure}" + (f" at line {self.line}" if self.line else "")
        if self.status == "timeout":
            return "does not terminate"
        return self.describe()


def compare_outcomes(a: RunOutcome, b: RunOutcome) -> str:
    """``same``, ``differ`` or ``undecided`` (a side did not finish or could not run).
    A timeout against a finished run is ``undecided`` here: only a proof of
    non-termination turns it into a difference."""
    if "unavailable" in (a.status, b.status) or "infeasible" in (a.status, b.status):
        return "undecided"
    if "timeout" in (a.status, b.status):
        return "undecided"
    if a.status == "return" and b.status == "return":
        left, right = dict(a.effects), dict(b.effects)
        same_effects = all(left[k] == right[k] for k in left.keys() & right.keys())
        return "same" if a.value == b.value and same_effects else "differ"
    if a.status == "fail" and b.status == "fail":
        return "same" if a.failure == b.failure else "differ"
    return "differ"


def _effect_text(key: str, shown: str) -> str:
    if key.startswith("global "):
        return f"leaves {key} = {shown}"
    return f"leaves argument {int(key.removeprefix('arg')) + 1} = {shown}"


def runner_for(program: ir.Program, function: str, nice: bool = False,
               shown: tuple[str, ...] = ()) -> CRunner | PyRunner:
    """A runner for `function`; `nice` runs it at low CPU priority (background sampling
    must not slow the solvers down); a C run also prints the final values of the outputs
    `shown` (keys as `effects.Output.key`: ``arg<k>``, ``global <g>``)."""
    if program.language == "c":
        return CRunner(program, function, nice, shown)
    return PyRunner(program.path, function, program.functions[function], nice)


# ----------------------------------------------------------------------- C


#: The batch driver: one process reads inputs (one per line) and forks a child
#: per input, which runs the function under a CPU-time alarm; markers on both
#: streams delimit each child's output. Declarations are written out because
#: the user's translation unit includes no system header.
_BATCH_MAIN = r"""
extern int printf(const char *, ...);
extern int dprintf(int, const char *, ...);
extern int fflush(void *);
extern int fork(void);
extern int waitpid(int, int *, int);
extern long read(int, void *, unsigned long);
extern void _exit(int);
extern int setitimer(int, const void *, void *);
extern long strtol(const char *, char **, int);
struct __verify_itimer { long interval_s, interval_us, value_s, value_us; };
static char __verify_line[8192];
static int __verify_getline(void) {
    int n = 0;
    for (;;) {
        char c;
        long got = read(0, &c, 1);
        if (got <= 0) return n > 0;
        if (c == '\n') { __verify_line[n] = 0; return 1; }
        if (n < (int)sizeof(__verify_line) - 1) __verify_line[n++] = c;
    }
}
int main(int argc, char **argv) {
    __verify_init(argc, argv, NPARAMS);
    long limit_us = argc > 1 ? strtol(argv[1], 0, 10) : 2000000;
    if (limit_us <= 0) limit_us = 2000000;
    int index = 0;
    while (__verify_getline()) {
        char *args[72];
        int k = 1;
        args[0] = argv[0];
        for (char *p = __verify_line; *p && k < 71;) {
            while (*p == ' ') p++;
            if (!*p) break;
            args[k++] = p;
            while (*p && *p != ' ') p++;
            if (*p) *p++ = 0;
        }
        args[k] = 0;
        dprintf(1, "\nVERIFY-BEGIN %d\n", index);
        dprintf(2, "\nVERIFY-BEGIN %d\n", index);
        fflush(0);
        int pid = fork();
        if (pid == 0) {
            struct __verify_itimer t = {0, 0, limit_us / 1000000, limit_us % 1000000};
            setitimer(0, &t, 0);
            __verify_init(k, args, NPARAMS);
SHOW            fflush(0);
            _exit(0);
        }
        int status = 0, code;
        waitpid(pid, &status, 0);
        code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f);
        dprintf(1, "\nVERIFY-END %d %d\n", index, code);
        dprintf(2, "\nVERIFY-END %d %d\n", index, code);
        index++;
    }
    return 0;
}
"""

_SIGALRM = 14


class CRunner:
    """A gcc-compiled harness around a C function that prints its result.

    Inputs go through one driver process that forks a child per input (cheap);
    if the driver does not compile next to the user's code (a name clash), each
    input gets a process of its own."""

    def __init__(self, program: ir.Program, function: str, nice: bool = False,
                 shown: tuple[str, ...] = ()) -> None:
        self.program, self.function, self.nice = program, function, nice
        self.shown = shown
        self.fn = program.functions[function]
        self._binary: str | None = None
        self._batch = False
        self._error = ""
        self._built = False

    def _build(self) -> str | None:
        if self._built:
            return self._binary
        self._built = True
        unit = harness_unit(self.program, self.function, [])
        params = list(self.fn.params)
        setup, _ = argument_code(params, self.program.source)  # arrays and structs, built from the stream
        call = call_expression(self.function, params, self.program.source)
        rt = self.fn.ret_type
        if rt is None:
            show = f"            {call};\n            printf(\"\\nVERIFY-RETURN none\\n\");\n"
        elif isinstance(rt, ir.IntType) and rt.bits == 64 and not rt.signed:
            show = (f"            unsigned long long __r = {call};\n"
                    f"            printf(\"\\nVERIFY-RETURN %llu\\n\", __r);\n")
        else:
            show = (f"            long long __r = (long long)({call});\n"
                    f"            printf(\"\\nVERIFY-RETURN %lld\\n\", __r);\n")
        show = setup + show + _effect_code(params, self.fn, self.shown)
        slots = len(harness_parameters(params))
        driver = _BATCH_MAIN.replace("NPARAMS", "0", 1).replace("NPARAMS", str(slots))
        driver = driver.replace("SHOW", show)
        wrap = self.program.semantics == "wrap"
        memory = uses_memory(self.program)  # an access outside its object fails rather than reads garbage
        self._binary, self._error = compile_harness(with_main(unit, driver), memory, wrap=wrap)
        self._batch = self._binary is not None
        if self._binary is None:  # fall back: one process per input
            single = show.replace("            ", "    ")
            main = (f"extern int printf(const char *, ...);\n"
                    f"int main(int argc, char **argv) {{\n    __verify_init(argc, argv, {slots});\n"
                    f"{single}    return 0;\n}}\n")
            self._binary, self._error = compile_harness(with_main(unit, main), memory, wrap=wrap)
        return self._binary

    def _stream(self, values: list) -> list[int]:
        """An input (one value per IR parameter, an array as an `ArrayValue` or a
        list) as the harness reads it (`c_arguments.stream_values`)."""
        if not any(isinstance(p.type, ir.ArrayType) for p in self.fn.params):
            return [int(v) for v in values]
        return stream_values(list(self.fn.params), {p.name: v for p, v in zip(self.fn.params, values)})

    def run(self, inputs: list[list[int]], timeout_s: float = CALL_TIMEOUT_S,
            budget_s: float | None = None, stop: threading.Event | None = None,
            each: Callable[[int, RunOutcome], None] | None = None) -> list[RunOutcome]:
        """One outcome per input (`each(i, outcome)` hears of them as they come);
        stops at `budget_s` seconds or when `stop` is set (the rest: unavailable)."""
        binary = self._build()
        if binary is None:
            return [RunOutcome("unavailable", detail=self._error) for _ in inputs]
        end = time.monotonic() + budget_s if budget_s else None
        if self._batch:
            return self._run_chunks(binary, inputs, timeout_s, end, stop, each)
        out = []
        for values in inputs:
            if each is not None and out:
                each(len(out) - 1, out[-1])
            if (end is not None and time.monotonic() > end) or (stop is not None and stop.is_set()):
                out.append(RunOutcome("unavailable", detail="sampling budget spent"))
                continue
            try:
                proc = run_harness(binary, [str(v) for v in self._stream(values)], timeout_s, nice=self.nice)
            except subprocess.TimeoutExpired:
                out.append(RunOutcome("timeout", detail=f"stopped after {timeout_s:g}s"))
                continue
            except OSError as exc:
                out.append(RunOutcome("unavailable", detail=str(exc)))
                continue
            out.append(self._outcome(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                     proc.stderr.decode("utf-8", "replace"), timeout_s))
        if each is not None and out:
            each(len(out) - 1, out[-1])
        return out

    def _run_chunks(self, binary: str, inputs: list[list[int]], timeout_s: float, end: float | None,
                    stop: threading.Event | None, each: Callable[[int, RunOutcome], None] | None) -> list[RunOutcome]:
        """`inputs` through the batch driver `BATCH_CHUNK` at a time, so that `each`
        hears of the first outcomes early and `stop` or the end of the budget is
        seen between chunks (the rest: unavailable)."""
        out: list[RunOutcome] = []
        for first in range(0, len(inputs), BATCH_CHUNK):
            left = None if end is None else end - time.monotonic()
            if (left is not None and left <= 0) or (stop is not None and stop.is_set()):
                break
            chunk = self._run_batch(binary, inputs[first:first + BATCH_CHUNK], timeout_s, left)
            for i, outcome in enumerate(chunk):
                if each is not None:
                    each(first + i, outcome)
            out += chunk
        return out + [RunOutcome("unavailable", detail="sampling budget spent")] * (len(inputs) - len(out))

    def _run_batch(self, binary: str, inputs: list[list[int]], timeout_s: float,
                   budget_s: float | None) -> list[RunOutcome]:
        limit_us = max(1000, int(timeout_s * 1_000_000))
        request = "".join(" ".join(str(v) for v in self._stream(values)) + "\n" for values in inputs)
        total = (budget_s if budget_s is not None else len(inputs) * (timeout_s + 0.5)) + 10.0
        try:
            proc = run_harness(binary, [str(limit_us)], total, nice=self.nice, stdin=request.encode())
            stdout, stderr = proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            stdout, stderr = exc.stdout or b"", exc.stderr or b""
        except OSError as exc:
            return [RunOutcome("unavailable", detail=str(exc)) for _ in inputs]
        outs = _sections(stdout.decode("utf-8", "replace"))
        errs = _sections(stderr.decode("utf-8", "replace"))
        result = []
        for i in range(len(inputs)):
            if i not in outs or i not in errs:
                result.append(RunOutcome("unavailable", detail="not run (budget spent)"))
                continue
            (out_text, code), (err_text, _) = outs[i], errs[i]
            result.append(self._outcome(code, out_text, err_text, timeout_s))
        return result

    def _outcome(self, code: int, stdout: str, stderr: str, timeout_s: float) -> RunOutcome:
        if code == -_SIGALRM and self._batch:
            return RunOutcome("timeout", detail=f"stopped after {timeout_s:g}s")
        obs = classify(code, stderr)
        if obs.infeasible:
            return RunOutcome("infeasible", line=obs.line)
        if obs.kind == "overflow" and self.program.semantics == "math":  # gcc's ints are not unbounded
            return RunOutcome("unavailable", detail="fixed-width overflow in gcc, which --int-semantics math "
                                                    "does not have")
        if obs.kind is not None:
            return RunOutcome("fail", failure=obs.kind, line=obs.line, detail=obs.detail)
        if m := re.search(r"^VERIFY-RETURN (\S+)$", stdout, re.M):
            value = None if m.group(1) == "none" else int(m.group(1))
            if value is not None and isinstance(self.fn.ret_type, ir.IntType):
                value = self.fn.ret_type.wrap(value)
            effects = tuple((e.group(1), _shown(e.group(2).split(), bool(e.group(3))))
                            for e in _EFFECT.finditer(stdout))
            return RunOutcome("return", value, effects=effects)
        return RunOutcome("fail", failure="crash", detail=obs.detail or f"exit {code}")


_EFFECT = re.compile(r"^VERIFY-EFFECT (arg\d+|global \w+)((?: -?\d+)*) ?(\[?)$", re.M)


def _effect_code(params: list[ir.Param], fn: ir.Function, shown: tuple[str, ...]) -> str:
    """C statements that print, after the call, the outputs `shown`: the final contents of array and pointer
    arguments (the buffers `c_arguments.argument_code` built), scalar fields of struct pointer arguments and
    globals (``VERIFY-EFFECT key v1 v2 ...``; an array's line ends in ``[``)."""
    lines = []
    for slot, p in enumerate(harness_parameters(params)):
        if f"arg{slot}" not in shown:
            continue
        if isinstance(p.type, ir.ArrayType) and not re.search(r"\.|->|\[", p.name) and _printable(p.type.elem):
            ctype = c_type(p.type.elem)
            lines.append(_print_array(f"arg{slot}", f"(({ctype} *)__verify_array_{slot})",
                                      f"(long long)__verify_param({slot})", p.type.elem))
        elif "->" in p.name and not isinstance(p.type, ir.ArrayType):
            first = _struct_slot(params, p)
            field = p.name.split("->", 1)[1]
            if first is not None and not re.search(r"\.|->|\[", field):
                lines.append(_print_scalar(f"arg{slot}", f"__verify_struct_{first}.{field}", p.type))
    for name in (key.removeprefix("global ") for key in shown if key.startswith("global ")):
        t = fn.locals.get(name)
        if isinstance(t, ir.ArrayType) and t.size is not None and _printable(t.elem):
            lines.append(_print_array(f"global {name}", f"(({c_type(t.elem)} *){name})", str(t.size), t.elem))
        elif t is not None and not isinstance(t, ir.ArrayType):
            lines.append(_print_scalar(f"global {name}", name, t))
    return "".join(lines)


def _shown(numbers: list[str], array: bool) -> str:
    """A printed effect as people read it: ``[1, 2]`` for an array, ``5`` for a scalar."""
    return f"[{', '.join(numbers)}]" if array else (numbers[0] if numbers else "?")


def _struct_slot(params: list[ir.Param], p: ir.Param) -> int | None:
    """The harness slot of the first field of `p`'s struct (the name of its local object)."""
    base = p.name.split("->", 1)[0]
    return next((slot for slot, q in enumerate(harness_parameters(params)) if q.name.startswith(base + "->")), None)


def _printable(t: ir.Type) -> bool:
    return isinstance(t, ir.BoolType) or (isinstance(t, ir.IntType) and t.bits is not None)


def _format(t: ir.Type) -> tuple[str, str]:
    if isinstance(t, ir.IntType) and t.bits == 64 and not t.signed:
        return "%llu", "unsigned long long"
    return "%lld", "long long"


def _print_scalar(key: str, expr: str, t: ir.Type) -> str:
    fmt, cast = _format(t)
    return f"            printf(\"\\nVERIFY-EFFECT {key} {fmt}\\n\", ({cast})({expr}));\n"


def _print_array(key: str, base: str, length: str, elem: ir.Type) -> str:
    fmt, cast = _format(elem)
    return (f"            printf(\"\\nVERIFY-EFFECT {key}\");\n"
            f"            for (long long __vi = 0; __vi < {length}; __vi++) printf(\" {fmt}\", ({cast}){base}[__vi]);\n"
            f"            printf(\" [\\n\");\n")


_SECTION = re.compile(r"^VERIFY-BEGIN (\d+)$\n?(.*?)^VERIFY-END \1 (-?\d+)$", re.M | re.S)


def _sections(text: str) -> dict[int, tuple[str, int]]:
    """Per input index: the text between its markers and the child's exit code."""
    return {int(m.group(1)): (m.group(2), int(m.group(3))) for m in _SECTION.finditer(text)}


# ------------------------------------------------------------------ Python


class PyRunner:
    """Calls a Python function in a worker process (`py_worker`), a batch of inputs at a time."""

    def __init__(self, path: str, function: str, fn: ir.Function, nice: bool = False) -> None:
        self.path, self.function, self.nice = path, function, nice
        self.names = [p.name for p in fn.params]
        self.types = {p.name: p.type for p in fn.params}
        self.bools = [p.name for p in fn.params if isinstance(p.type, ir.BoolType)]
        #: some parameter is held in several IR variables (a list and its length, a tuple's items, ...)
        self.shaped = any(not p.name.isidentifier() for p in fn.params)

    def arguments(self, values: list) -> dict[str, object]:
        """The call's keyword arguments for one input (values in IR parameter order;
        an array as an `ArrayValue` or a list): `replay_py.python_arguments`
        rebuilds lists, strings and tuples from their IR variables."""
        named = dict(zip(self.names, values))
        return python_arguments(named, self.types) if self.shaped else named

    def run(self, inputs: list[list[int]], timeout_s: float = CALL_TIMEOUT_S,
            budget_s: float | None = None, stop: threading.Event | None = None,
            each: Callable[[int, RunOutcome], None] | None = None) -> list[RunOutcome]:
        """As `CRunner.run`."""
        if not inputs:
            return []
        worker = PyWorker(self.path, self.function, self.bools, per_call_s=timeout_s, nice=self.nice)
        error = worker.start()
        if error:
            return [RunOutcome("unavailable", detail=error) for _ in inputs]
        limit = budget_s if budget_s is not None else len(inputs) * (timeout_s + 0.5)
        batch = [self.arguments(values) for values in inputs]
        hear = None if each is None else (lambda i, reply: each(i, _outcome(reply)))
        replies = worker.call_all(batch, limit, stop, hear)
        out = [_outcome(reply) for reply in replies]
        out += [RunOutcome("unavailable", detail="not run (stopped, crash or budget)")] * (len(inputs) - len(out))
        return out


def _outcome(reply: dict) -> RunOutcome:
    if reply["status"] == "return" and "type" in reply:
        return RunOutcome("fail", failure="exception", detail=f"returned {reply['type']}")
    effects = tuple((f"arg{k}", _python_text(v)) for k, v in enumerate(reply.get("after", [])))
    if "data" in reply:
        effects = (("result", _python_text(reply["data"])),) + effects
    return RunOutcome(reply["status"], reply.get("value"), reply.get("failure", ""), int(reply.get("line") or 0),
                      reply.get("detail", ""), effects)


def _python_text(shown: object) -> str:
    """A value the Python worker sent as JSON (`py_worker.shown`) as Python writes it: equal texts for equal values."""
    if not isinstance(shown, list) or len(shown) != 2 or not isinstance(shown[0], str):
        return repr(shown)
    kind, body = shown
    if kind == "str":
        return repr(body)
    if kind in ("list", "tuple"):
        items = [_python_text(v) for v in body]
        return f"[{', '.join(items)}]" if kind == "list" else f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    if kind == "dict":
        return "{" + ", ".join(f"{_python_text(k)}: {_python_text(v)}" for k, v in body) + "}"
    if kind in ("set", "frozenset"):
        return "{" + ", ".join(_python_text(v) for v in body) + "}"
    return f"<{body}>"
