"""Replay a Python counterexample for real: import the module, call the function.

The call runs in a worker process (``python -c`` with the small worker below)
so a call that never returns can be stopped: `PyReplayer` keeps one worker
alive across many calls (Hypothesis exploration makes dozens), gives each call
a time limit, and starts a fresh worker after a timeout or a crash.

A run is classified from the exception it raised, at the line of the innermost
traceback frame inside the user's file: AssertionError -> ``assert``,
ZeroDivisionError -> ``div-by-zero``, ValueError "negative shift count" ->
``shift``, RecursionError -> ``recursion``, `verifier.runtime.AssumptionViolated`
(matched by class name) -> infeasible, anything else -> ``exception``.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
import time
import weakref

from verifier import ir
from verifier.crosscheck.observation import Observation, ReplayOutcome, judge

__all__ = ["PyReplayer", "replay_py", "DEFAULT_TIMEOUT_S"]

#: a call that runs longer than this is stopped and reported as a timeout
DEFAULT_TIMEOUT_S = 2.0
#: time to start a worker and import the user's module (imports may be slow)
_STARTUP_S = 30.0

_WORKER = r'''
import json, os, sys, traceback, importlib.util
sys.dont_write_bytecode = True
proto = os.fdopen(os.dup(1), "w", buffering=1)
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 1)  # the user's prints must not corrupt the protocol
sys.stdout = open(os.devnull, "w")
sys.setrecursionlimit(10000)

def send(obj):
    proto.write(json.dumps(obj) + "\n")
    proto.flush()

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
        return {"kind": None, "line": line, "detail": "assumption false", "infeasible": True}
    if isinstance(exc, AssertionError):
        return {"kind": "assert", "line": line, "detail": text}
    if isinstance(exc, ZeroDivisionError):
        return {"kind": "div-by-zero", "line": line, "detail": text}
    if isinstance(exc, ValueError) and "shift count" in str(exc):
        return {"kind": "shift", "line": line, "detail": text}
    if isinstance(exc, RecursionError):
        return {"kind": "recursion", "line": line, "detail": text}
    return {"kind": "exception", "line": line, "detail": text}

def shim_assume():
    # `from verifier import assume` must work even before the package exports it
    import types
    try:
        import verifier
    except ImportError:
        verifier = types.ModuleType("verifier")
        verifier.__path__ = []
        sys.modules["verifier"] = verifier
    if hasattr(verifier, "assume"):
        return
    try:
        from verifier.runtime import assume
    except ImportError:
        class AssumptionViolated(Exception):
            pass
        def assume(cond):
            if not cond:
                raise AssumptionViolated("assumption false")
    verifier.assume = assume

def main():
    setup = json.loads(sys.stdin.readline())
    path = os.path.abspath(setup["path"])
    for entry in reversed(setup["sys_path"]):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    sys.path.insert(0, os.path.dirname(path))
    try:
        shim_assume()
        spec = importlib.util.spec_from_file_location("__verify_user__", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["__verify_user__"] = module
        spec.loader.exec_module(module)
        func = getattr(module, setup["function"])
        if not callable(func):
            raise TypeError(f"{setup['function']} is not a function")
    except BaseException as exc:
        send({"error": f"cannot import {setup['function']} from {path}: {type(exc).__name__}: {exc}"})
        return
    send({"ready": True})
    for request in sys.stdin:
        args = json.loads(request)
        for name in setup["bools"]:
            if name in args:
                args[name] = bool(args[name])
        try:
            func(**args)
        except BaseException as exc:
            reply = classify(exc, path)
        else:
            reply = {"kind": None, "line": 0, "detail": "returned normally"}
        send(reply)

main()
'''


class PyReplayer:
    """Calls `function` of the Python file `path` on concrete inputs, many times.

    `types` (parameter name -> IR type) is optional; parameters typed BOOL are
    passed as ``True``/``False``. Nothing raises: a module that cannot be
    imported gives observations with ``unavailable=True`` and the reason.
    Call `close()` (or use it as a context manager) to stop the worker early;
    it is stopped at exit otherwise.
    """

    def __init__(
        self,
        path: str,
        function: str,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        types: dict[str, ir.Type] | None = None,
    ) -> None:
        self.path = os.path.abspath(path)
        self.function = function
        self.timeout_s = timeout_s
        self._bools = sorted(n for n, t in (types or {}).items() if isinstance(t, ir.BoolType))
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._error = ""
        self._lock = threading.Lock()
        _LIVE.add(self)

    # --------------------------------------------------------------- worker

    def _start(self) -> str:
        """Start the worker and import the module; '' or the reason it failed."""
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _WORKER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                bufsize=0,
            )
        except OSError as exc:
            return f"cannot start a Python worker: {exc}"
        self._buffer = b""
        setup = {
            "path": self.path,
            "function": self.function,
            "sys_path": [package_root],
            "bools": self._bools,
        }
        reply = self._exchange(setup, _STARTUP_S)
        if reply is None:
            self._stop()
            return f"importing {self.path} took longer than {_STARTUP_S:g}s or crashed the interpreter"
        if "error" in reply:
            self._stop()
            return str(reply["error"])
        return ""

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                proc.kill()
                proc.wait(timeout=5)
            except (OSError, subprocess.SubprocessError):
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    if stream:
                        stream.close()
                except OSError:
                    pass

    def _exchange(self, message: object, timeout_s: float) -> dict | None:
        """Send one request line and read one reply line; None on timeout or death."""
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write((json.dumps(message) + "\n").encode())
            proc.stdin.flush()
        except OSError:
            return None
        deadline = time.monotonic() + timeout_s
        fd = proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def close(self) -> None:
        """Stop the worker (a later `run` starts a new one)."""
        with self._lock:
            self._stop()

    def __enter__(self) -> PyReplayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self._stop()
        except Exception:  # interpreter shutdown: nothing left to do
            pass

    # ------------------------------------------------------------------ run

    def run(self, params: dict[str, int]) -> Observation:
        """Call the function once with `params` (by name)."""
        with self._lock:
            if self._error:
                return Observation(None, detail=self._error, unavailable=True)
            if self._proc is None or self._proc.poll() is not None:
                self._stop()
                error = self._start()
                if error:
                    self._error = error  # importing again would fail the same way
                    return Observation(None, detail=error, unavailable=True)
            reply = self._exchange({k: int(v) for k, v in params.items()}, self.timeout_s)
            if reply is None:
                crashed = self._proc is not None and self._proc.poll() is not None
                self._stop()
                if crashed:
                    return Observation("crash", 0, "the Python interpreter died during the call")
                return Observation(None, detail=f"still running after {self.timeout_s:g}s (stopped)", timed_out=True)
            return Observation(
                reply.get("kind"),
                int(reply.get("line") or 0),
                str(reply.get("detail") or ""),
                infeasible=bool(reply.get("infeasible")),
            )

    def replay(self, params: dict[str, int], check: str, line: int) -> ReplayOutcome:
        """Call once and judge: confirmed iff it fails with `check` at `line`."""
        observation = self.run(params)
        if observation.unavailable:
            return ReplayOutcome(False, f"replay unavailable: {observation.detail}", observation)
        return judge(observation, check, line, "a real call of the Python function")


def replay_py(
    path: str,
    function: str,
    params: dict[str, int],
    check: str,
    line: int,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    types: dict[str, ir.Type] | None = None,
) -> ReplayOutcome:
    """Replay one Python counterexample: confirmed iff calling `function` with
    `params` raises the exception of `check` at `line` of `path`."""
    with PyReplayer(path, function, timeout_s, types) as replayer:
        return replayer.replay(params, check, line)


_LIVE: weakref.WeakSet[PyReplayer] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for replayer in list(_LIVE):
        replayer._stop()
