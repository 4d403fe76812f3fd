"""Run a function for real and get what it did: the value it returned or how it failed.

`runner_for(program, function)` gives a `CRunner` (the replay harness of
`crosscheck.replay_c`, with a ``main`` that prints the function's result,
compiled once by gcc with UBSan) or a `PyRunner` (the function called in a
worker process, a time limit per call). Both take a batch of inputs (values
in parameter order) and return one `RunOutcome` per input; nothing raises:
a runner that cannot run says so in every outcome (``unavailable``).

Failure kinds are the check names: ``assert``, ``overflow``, ``div-by-zero``,
``shift``, plus ``recursion``, ``exception`` and ``crash`` that only real
runs see.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .. import ir

__all__ = ["RunOutcome", "CRunner", "PyRunner", "runner_for", "compare_outcomes"]

#: Per-call limit for a confirming run: a call still running after this long
#: counts as not terminating (only believed when a proof says it runs forever).
CALL_TIMEOUT_S = 2.0
#: Per-call limit while sampling many inputs (exploration, refutation tests).
SAMPLE_TIMEOUT_S = 0.5
#: Time to start a Python worker and import the user's module.
_STARTUP_S = 20.0


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

    def describe(self) -> str:
        if self.status == "return":
            return "returns no value" if self.value is None else f"returns {self.value}"
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
        return "same" if a.value == b.value else "differ"
    if a.status == "fail" and b.status == "fail":
        return "same" if a.failure == b.failure else "differ"
    return "differ"


def runner_for(program: ir.Program, function: str, nice: bool = False) -> CRunner | PyRunner:
    """A runner for `function`; `nice` runs it at low CPU priority (background sampling
    must not slow the solvers down)."""
    if program.language == "c":
        return CRunner(program, function, nice)
    return PyRunner(program.path, function, program.functions[function], nice)


def _lower_priority() -> None:
    try:
        os.nice(10)
    except OSError:
        pass


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

    def __init__(self, program: ir.Program, function: str, nice: bool = False) -> None:
        self.program, self.function, self.nice = program, function, nice
        self.fn = program.functions[function]
        self._binary: str | None = None
        self._batch = False
        self._error = ""
        self._built = False

    def _build(self) -> str | None:
        if self._built:
            return self._binary
        self._built = True
        try:
            from ..crosscheck import replay_c
        except ImportError as exc:  # pragma: no cover - partial install
            self._error = f"C replay unavailable: {exc}"
            return None
        notes: list[str] = []
        harness = replay_c._build_harness(self.program, self.function, list(self.fn.params), notes)
        marker = f'#line 1 "{replay_c._HARNESS_FILE}"\n'
        head, found, _ = harness.rpartition(marker)
        if not found:
            self._error = "unexpected replay harness layout"
            return None
        callee = "__verify_user_main" if self.function == "main" else self.function
        args = ", ".join(f"({replay_c._c_type(p.type)})__verify_param({i})" for i, p in enumerate(self.fn.params))
        call = f"{callee}({args})"
        rt = self.fn.ret_type
        if rt is None:
            show = f"            {call};\n            printf(\"\\nVERIFY-RETURN none\\n\");\n"
        elif isinstance(rt, ir.IntType) and rt.bits == 64 and not rt.signed:
            show = (f"            unsigned long long __r = {call};\n"
                    f"            printf(\"\\nVERIFY-RETURN %llu\\n\", __r);\n")
        else:
            show = (f"            long long __r = (long long)({call});\n"
                    f"            printf(\"\\nVERIFY-RETURN %lld\\n\", __r);\n")
        driver = _BATCH_MAIN.replace("NPARAMS", "0", 1).replace("NPARAMS", str(len(self.fn.params)))
        driver = driver.replace("SHOW", show)
        self._binary, self._error = replay_c._compile(f"{head}{marker}#undef main\n{driver}")
        self._batch = self._binary is not None
        if self._binary is None:  # fall back: one process per input
            single = show.replace("            ", "    ")
            tail = (f"{marker}#undef main\nextern int printf(const char *, ...);\n"
                    f"int main(int argc, char **argv) {{\n    __verify_init(argc, argv, {len(self.fn.params)});\n"
                    f"{single}    return 0;\n}}\n")
            self._binary, self._error = replay_c._compile(head + tail)
        return self._binary

    def run(self, inputs: list[list[int]], timeout_s: float = CALL_TIMEOUT_S,
            budget_s: float | None = None, stop: threading.Event | None = None,
            each: Callable[[int, RunOutcome], None] | None = None) -> list[RunOutcome]:
        """One outcome per input (`each(i, outcome)` hears of them as they come);
        stops at `budget_s` seconds or when `stop` is set (the rest: unavailable)."""
        binary = self._build()
        if binary is None:
            return [RunOutcome("unavailable", detail=self._error) for _ in inputs]
        from ..crosscheck.replay_c import _EXIT_UBSAN

        env = dict(os.environ)
        env["UBSAN_OPTIONS"] = f"print_stacktrace=0:halt_on_error=1:exitcode={_EXIT_UBSAN}"
        env.pop("VERIFY_HARNESS_STACK", None)
        if self._batch:
            out = self._run_batch(binary, inputs, timeout_s, budget_s, env)
            if each is not None:
                for i, o in enumerate(out):
                    each(i, o)
            return out
        end = time.monotonic() + budget_s if budget_s else None
        out = []
        for values in inputs:
            if each is not None and out:
                each(len(out) - 1, out[-1])
            if (end is not None and time.monotonic() > end) or (stop is not None and stop.is_set()):
                out.append(RunOutcome("unavailable", detail="sampling budget spent"))
                continue
            try:
                proc = subprocess.run([binary, *(str(int(v)) for v in values)], capture_output=True,
                                      timeout=timeout_s, env=env, stdin=subprocess.DEVNULL,
                                      preexec_fn=_lower_priority if self.nice else None)
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

    def _run_batch(self, binary: str, inputs: list[list[int]], timeout_s: float, budget_s: float | None,
                   env: dict[str, str]) -> list[RunOutcome]:
        limit_us = max(1000, int(timeout_s * 1_000_000))
        request = "".join(" ".join(str(int(v)) for v in values) + "\n" for values in inputs)
        total = (budget_s if budget_s is not None else len(inputs) * (timeout_s + 0.5)) + 10.0
        try:
            proc = subprocess.run([binary, str(limit_us)], input=request.encode(), capture_output=True,
                                  timeout=total, env=env, preexec_fn=_lower_priority if self.nice else None)
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
        from ..crosscheck.replay_c import _classify

        if code == -_SIGALRM and self._batch:
            return RunOutcome("timeout", detail=f"stopped after {timeout_s:g}s")
        obs = _classify(code, stderr)
        if obs.infeasible:
            return RunOutcome("infeasible", line=obs.line)
        if obs.kind is not None:
            return RunOutcome("fail", failure=obs.kind, line=obs.line, detail=obs.detail)
        if m := re.search(r"^VERIFY-RETURN (\S+)$", stdout, re.M):
            value = None if m.group(1) == "none" else int(m.group(1))
            if value is not None and isinstance(self.fn.ret_type, ir.IntType):
                value = self.fn.ret_type.wrap(value)
            return RunOutcome("return", value)
        return RunOutcome("fail", failure="crash", detail=obs.detail or f"exit {code}")


_SECTION = re.compile(r"^VERIFY-BEGIN (\d+)$\n?(.*?)^VERIFY-END \1 (-?\d+)$", re.M | re.S)


def _sections(text: str) -> dict[int, tuple[str, int]]:
    """Per input index: the text between its markers and the child's exit code."""
    return {int(m.group(1)): (m.group(2), int(m.group(3))) for m in _SECTION.finditer(text)}


# ------------------------------------------------------------------ Python

_WORKER = r'''
import json, os, signal, sys, traceback, importlib.util, types
sys.dont_write_bytecode = True
proto = os.fdopen(os.dup(1), "w", buffering=1)
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 1)
sys.stdout = open(os.devnull, "w")
sys.setrecursionlimit(10000)

class _Stop(BaseException):
    pass

def _alarm(signum, frame):
    raise _Stop()

def user_line(exc, path):
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and os.path.abspath(frame.filename) == path:
            line = frame.lineno or 0
    return line

def classify(exc, path):
    names = {c.__name__ for c in type(exc).__mro__}
    line = user_line(exc, path)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if "AssumptionViolated" in names:
        return {"status": "infeasible", "line": line}
    kind = "exception"
    if isinstance(exc, AssertionError):
        kind = "assert"
    elif isinstance(exc, ZeroDivisionError):
        kind = "div-by-zero"
    elif isinstance(exc, ValueError) and "shift count" in str(exc):
        kind = "shift"
    elif isinstance(exc, RecursionError):
        kind = "recursion"
    return {"status": "fail", "failure": kind, "line": line, "detail": text}

def main():
    path, name, per_call = os.path.abspath(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    bools = json.loads(sys.argv[4])
    try:
        try:
            import verifier
        except ImportError:
            verifier = types.ModuleType("verifier")
            verifier.__path__ = []
            sys.modules["verifier"] = verifier
        if not hasattr(verifier, "assume"):
            from verifier.runtime import assume
            verifier.assume = assume
        sys.path.insert(0, os.path.dirname(path))
        spec = importlib.util.spec_from_file_location("__verify_user__", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["__verify_user__"] = module
        spec.loader.exec_module(module)
        func = getattr(module, name)
    except BaseException as exc:
        proto.write(json.dumps({"error": f"cannot import {name} from {path}: {type(exc).__name__}: {exc}"}) + "\n")
        return
    proto.write(json.dumps({"ready": True}) + "\n")
    signal.signal(signal.SIGALRM, _alarm)
    for request in sys.stdin:
        args = json.loads(request)
        args = [bool(v) if b else v for v, b in zip(args, bools)]
        try:
            signal.setitimer(signal.ITIMER_REAL, per_call)
            try:
                value = func(*args)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if value is None:
                reply = {"status": "return", "value": None}
            elif isinstance(value, (bool, int)):
                reply = {"status": "return", "value": int(value)}
            else:
                reply = {"status": "fail", "failure": "exception", "detail": f"returned {type(value).__name__}"}
        except _Stop:
            reply = {"status": "timeout"}
        except BaseException as exc:
            reply = classify(exc, path)
        proto.write(json.dumps(reply) + "\n")

main()
'''


class PyRunner:
    """Calls a Python function in a worker process, a batch of inputs at a time."""

    def __init__(self, path: str, function: str, fn: ir.Function, nice: bool = False) -> None:
        self.path, self.function, self.nice = os.path.abspath(path), function, nice
        self.bools = [isinstance(p.type, ir.BoolType) for p in fn.params]

    def run(self, inputs: list[list[int]], timeout_s: float = CALL_TIMEOUT_S,
            budget_s: float | None = None, stop: threading.Event | None = None,
            each: Callable[[int, RunOutcome], None] | None = None) -> list[RunOutcome]:
        """As `CRunner.run`."""
        if not inputs:
            return []
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        limit = _STARTUP_S + (budget_s if budget_s is not None else len(inputs) * (timeout_s + 0.5))
        request = "".join(json.dumps([int(v) for v in values]) + "\n" for values in inputs)
        try:
            proc = subprocess.Popen([sys.executable, "-c", _WORKER, self.path, self.function, str(timeout_s),
                                     json.dumps(self.bools)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, env=env,
                                    preexec_fn=_lower_priority if self.nice else None)
        except OSError as exc:
            return [RunOutcome("unavailable", detail=f"cannot start Python: {exc}") for _ in inputs]
        data = b""
        heard = 0

        def hear(text: bytes) -> None:
            nonlocal heard
            if each is None:
                return
            replies = [line for line in text.decode("utf-8", "replace").splitlines() if line.strip()]
            while heard + 1 < len(replies):
                reply = json.loads(replies[heard + 1])
                if "status" in reply:
                    each(heard, _outcome(reply))
                heard += 1

        try:
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(request.encode())
                proc.stdin.close()
            except OSError:
                pass
            fd = proc.stdout.fileno()
            end = time.monotonic() + limit
            while not (stop is not None and stop.is_set()):
                left = end - time.monotonic()
                if left <= 0:
                    break
                ready, _, _ = select.select([fd], [], [], min(left, 0.05))
                if ready:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    data += chunk
                    hear(data[: data.rfind(b"\n") + 1])
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        lines = data.decode("utf-8", "replace").splitlines()
        replies = [json.loads(line) for line in lines if line.strip()]
        if not replies or "error" in replies[0]:
            why = replies[0]["error"] if replies else "the Python worker did not start"
            return [RunOutcome("unavailable", detail=why) for _ in inputs]
        out: list[RunOutcome] = []
        for i, values in enumerate(inputs):
            if 1 + i >= len(replies):
                out.append(RunOutcome("unavailable", detail="not run (stopped, crash or budget)"))
                continue
            out.append(_outcome(replies[1 + i]))
        return out


def _outcome(reply: dict) -> RunOutcome:
    return RunOutcome(reply["status"], reply.get("value"), reply.get("failure", ""), int(reply.get("line") or 0),
                      reply.get("detail", ""))
