"""Call one Python function for real, in a worker process that can be stopped.

`PyWorker(path, function)` starts ``python -c`` with the worker script below,
which imports `function` from the user's file and then calls it on request.
The protocol is one JSON object a line. The host's first line is the setup
(``path``, ``function``, ``sys_path``, ``bools``: parameters passed as
``True``/``False``, ``per_call_s``: a time limit the worker enforces itself,
or null, ``nice``: run at low CPU priority, ``digit_limit``: the program's
``sys.get_int_max_str_digits()`` (`digit_limit.program_digit_limit`: the module and
the calls run under it, the protocol's ints have no limit), ``facts``: the program's
`replay_facts`, raise statements and contracts, see `contract_runtime`); the worker answers
``{"ready": true}`` or ``{"error": why}``. Every further line is one call's arguments by name (``__nondet__``, when
present, is the list of ints that ``input()`` and ``random``'s ``randint``,
``randrange``, ``getrandbits`` return in turn during the call (``choice`` the item
at that index), none when absent, its last ``__period__`` values repeated
forever when that is present; a call wanting more, or a randint value
out of its range, is infeasible; ints, booleans, and
lists for list parameters; a parameter annotated ``tuple[...]`` gets its list
as a tuple, one annotated ``str`` its list of code points as a string, a
number outside the code points as ``?``, one annotated ``list[str]`` a list
of such strings; a record (`RecordArgument`) as ``{"__record__": {field: value}}``
and is built as the parameter's annotated class; a dict comes as ``{"__pairs__":
[[key, value], ...]}``, a string key or value as its list of code points), and the answer one reply:

- ``{"status": "return", "value": int | null}``, plus ``"data"`` (the value as
  JSON, equal exactly when the values are) for a list, tuple or str, else ``"type"``
  (its type's name) when the value returned is not an int, a bool or None, and
  ``"after"`` (the list, dict and set arguments after the call, as ``"data"``);
- ``{"status": "fail", "failure": kind, "line": n, "detail": text,
  "exception": class name}``, kind from the exception: AssertionError ->
  ``assert``, ZeroDivisionError -> ``div-by-zero``, ValueError "negative
  shift count" -> ``shift``, IndexError -> ``bounds``, KeyError -> ``key``,
  another ValueError -> ``value``, TypeError -> ``type``, NameError
  (UnboundLocalError too) -> ``unbound``, RecursionError -> ``recursion``, anything
  else -> ``exception``; `line` is the innermost traceback frame inside the
  user's file (0: none); before these, `contract_runtime.classify` names a
  false ``postcondition`` (at the condition's line), a ``precondition`` of a
  call from the user's code (at the call), and ``raise`` (an exception of the
  class a ``raise`` statement at that line raises);
- ``{"status": "infeasible", "line": n}``: `verifier.runtime.AssumptionViolated`
  (matched by class name), or the function's own precondition is false: the
  input is outside the precondition;
- ``{"status": "timeout"}``: the call ran past ``per_call_s``.

The user's prints go to /dev/null, so they cannot corrupt the protocol.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from verifier.crosscheck.py_fork import ForkedPython, can_fork_for
from verifier.digit_limit import program_digit_limit

__all__ = ["PyWorker", "STARTUP_S", "RecordArgument", "RECURSION_LIMIT"]

#: time to start a worker and import the user's module (imports may be slow)
STARTUP_S = 30.0
#: the folder that holds the `verifier` package, put on the worker's path
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: the recursion limit the worker sets: a deeper call chain is a RecursionError (check ``recursion``)
RECURSION_LIMIT = 10000

_WORKER = r'''
import dis, json, os, signal, sys, traceback, types
sys.dont_write_bytecode = True
proto = os.fdopen(os.dup(1), "w", buffering=1)
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 1)  # the user's prints must not corrupt the protocol
sys.stdout = open(os.devnull, "w")
sys.setrecursionlimit(@RECURSION_LIMIT@)

class _Stop(BaseException):
    pass

def _alarm(signum, frame):
    raise _Stop()

class _OutOfValues(BaseException):
    """The call asked for more nondeterministic values than the witness has (or one outside randint's range)."""

def feed(module, values, period=0):
    """Make input() and random's randint, randrange, getrandbits and choice return `values`
    in order for one call (frontends.python_nondet; choice picks the item at the value),
    then its last `period` values again and again (a run that should never end); returns
    what undoes it."""
    import builtins, itertools, random
    it = itertools.chain(values, itertools.cycle(values[-period:])) if period > 0 else iter(values)
    real = {name: getattr(random, name) for name in ("randint", "randrange", "getrandbits", "choice")}

    def take(low, high):
        try:
            value = next(it)
        except StopIteration:
            raise _OutOfValues() from None
        if not low <= value <= high:
            raise _OutOfValues()
        return value

    def fake_input(prompt=""):
        return unlimited(str, take(float("-inf"), float("inf")))  # input() reads a line of any length

    def fake_randint(a, b):
        if a > b:
            return real["randint"](a, b)  # CPython's own ValueError
        return take(a, b)

    def fake_randrange(start, stop=None, step=1):
        low, high = (0, start) if stop is None else (start, stop)
        if step != 1 or low >= high:
            return real["randrange"](start, stop, step)  # CPython's own ValueError (a step is not modelled)
        return take(low, high - 1)

    def fake_getrandbits(k):
        if k < 0:
            return real["getrandbits"](k)  # CPython's own ValueError
        return take(0, 2 ** k - 1)

    def fake_choice(seq):
        if not seq:
            return real["choice"](seq)  # CPython's own IndexError
        return seq[take(0, len(seq) - 1)]

    fakes = {"randint": fake_randint, "randrange": fake_randrange, "getrandbits": fake_getrandbits,
             "choice": fake_choice}
    saved = [(builtins, "input", builtins.input, fake_input)]
    saved += [(random, name, function, fakes[name]) for name, function in real.items()]
    saved += [(module, name, value, fakes[f]) for name, value in vars(module).items()
              for f, function in real.items() if value is function]
    for owner, name, _, fake in saved:
        setattr(owner, name, fake)
    return lambda: [setattr(owner, name, value) for owner, name, value, _ in saved]

PROGRAM_DIGITS = {"limit": 0}  # the program's int_max_str_digits (setup's ``digit_limit``)

def unlimited(function, *args):
    """`function(*args)` with no limit on the digits of ints (the protocol's side of the worker)."""
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return function(*args)
    finally:
        sys.set_int_max_str_digits(saved)

def as_program(function, *args, **kwargs):
    """`function(*args, **kwargs)` (the user's code) under the program's limit on the digits of ints."""
    sys.set_int_max_str_digits(PROGRAM_DIGITS["limit"])
    try:
        return function(*args, **kwargs)
    finally:
        sys.set_int_max_str_digits(0)

def send(obj):
    proto.write(json.dumps(obj) + "\n")
    proto.flush()

def user_line(exc, path):
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and os.path.abspath(frame.filename) == path:
            line = frame.lineno or 0
    return line

def unbound_line(exc, path, line):
    # CPython 3.11 blames the line before an unbound read once the function is quickened
    # (STORE_FAST + LOAD_FAST run as one instruction): the line of the read itself
    import dis, re
    found = re.search(r"variable '(\w+)'", str(exc))
    tb, last = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename and os.path.abspath(tb.tb_frame.f_code.co_filename) == path:
            last = tb
        tb = tb.tb_next
    if found is None or last is None:
        return line
    code = [i for i in dis.get_instructions(last.tb_frame.f_code) if i.opname != "CACHE"]
    for ins, after in zip(code, code[1:]):
        if ins.offset == last.tb_lasti and ins.opname == "STORE_FAST" and after.opname.startswith("LOAD_") \
                and after.argval == found.group(1) and after.positions and after.positions.lineno:
            return after.positions.lineno
    return line

FACTS = {"raises": {}, "contracts": {}}  # the host's `replay_facts` (see verifier.crosscheck.contract_runtime)
RUNTIME = None

def classify(exc, path):
    names = {c.__name__ for c in type(exc).__mro__}
    line = user_line(exc, path)
    special = RUNTIME.classify(exc, line, FACTS["raises"]) if RUNTIME else None
    if special is not None:
        return special
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
    elif isinstance(exc, IndexError):
        kind = "bounds"
    elif isinstance(exc, KeyError):
        kind = "key"
    elif isinstance(exc, ValueError):
        kind = "value"
    elif isinstance(exc, TypeError):
        kind = "type"
    elif isinstance(exc, NameError):  # UnboundLocalError, or a free variable not yet bound
        kind = "unbound"
        line = unbound_line(exc, path, line)
    elif isinstance(exc, RecursionError):
        kind = "recursion"
    return {"status": "fail", "failure": kind, "line": line, "detail": text,
            "exception": type(exc).__name__}

def shaped_params(func):
    """Parameters annotated tuple[...], str, list[str] and dict[..., str]: the
    host sends their values as JSON lists (of items; of code points; of lists
    of code points; a dict's values as lists of code points)."""
    import inspect, typing
    tuples, texts, text_lists, text_dicts = set(), set(), set(), set()
    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return tuples, texts, text_lists, text_dicts
    for name, param in parameters.items():
        ann = param.annotation
        if isinstance(ann, str):
            plain = ann.replace(" ", "")
            if plain.startswith(("tuple[", "Tuple[", "typing.Tuple[")):
                tuples.add(name)
            elif plain in ("str", "builtins.str"):
                texts.add(name)
            elif plain in ("list[str]", "List[str]", "typing.List[str]"):
                text_lists.add(name)
            elif plain.startswith(("dict[", "Dict[", "typing.Dict[")) and plain.endswith(",str]"):
                text_dicts.add(name)
        elif ann is tuple or typing.get_origin(ann) is tuple:
            tuples.add(name)
        elif ann is str:
            texts.add(name)
        elif typing.get_origin(ann) is list and typing.get_args(ann) == (str,):
            text_lists.add(name)
        elif typing.get_origin(ann) is dict and typing.get_args(ann)[1:] == (str,):
            text_dicts.add(name)
    return tuples, texts, text_lists, text_dicts

def record(module, func, name, fields):
    """An object of the record class parameter `name` is annotated with, its fields set to `fields`
    (a dataclass through its constructor; a plain class as its ``__init__`` would leave it)."""
    import dataclasses, inspect
    cls = inspect.signature(func).parameters[name].annotation
    if isinstance(cls, str):
        cls = getattr(module, cls)
    if dataclasses.is_dataclass(cls):
        return cls(**fields)
    obj = cls.__new__(cls)
    for field, value in fields.items():
        setattr(obj, field, value)
    return obj

def text(codes):
    # a number that is no code point was never read by the analysis: any character will do
    return "".join(chr(c) if 0 <= c <= 0x10FFFF else "?" for c in codes)

def returned(value):
    if value is None or isinstance(value, (bool, int)):
        return {"status": "return", "value": None if value is None else int(value)}
    if isinstance(value, (list, tuple, str)):
        return {"status": "return", "value": None, "data": shown(value)}
    return {"status": "return", "value": None, "type": type(value).__name__}

def shown(value):
    # a value as JSON that is equal exactly when the values are (==): a truth value as its int
    if value is None or isinstance(value, (bool, int)):
        return None if value is None else int(value)
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [shown(v) for v in value]]
    if isinstance(value, (dict, set, frozenset)):
        items = [[shown(k), shown(v)] for k, v in value.items()] if isinstance(value, dict) else [shown(v) for v in value]
        return [type(value).__name__, sorted(items, key=json.dumps)]
    return ["other", type(value).__name__]

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

def load(code, path, name):
    """Run the user's module afresh (as an import does) and return it with its function `name`."""
    module = types.ModuleType("__verify_user__")
    module.__file__ = path
    sys.modules["__verify_user__"] = module
    exec(code, module.__dict__)
    RUNTIME.install(module, FACTS["contracts"], path)
    func = getattr(module, name)
    if not callable(func):
        raise TypeError(f"{name} is not a function")
    return module, func

IMMUTABLE = (int, float, complex, str, bytes, bool, type(None), range, frozenset, type(Ellipsis))

def immutable(value):
    return isinstance(value, IMMUTABLE) or isinstance(value, tuple) and all(immutable(v) for v in value)

def imported(value):
    """A class or builtin function from another module, or a typing form: running the module again
    would not make it afresh either."""
    if isinstance(value, (type, types.BuiltinFunctionType)):
        return getattr(value, "__module__", None) != "__verify_user__"
    return type(value).__module__ == "typing"

def stateless(code, module):
    """No call can leave the module changed for the next one: no function assigns or deletes a global, or
    names a way to (globals(), setattr...), and the module holds only modules, immutable values, what it
    imported and plain functions with immutable defaults and no attributes or closures. Else every call
    runs the module again."""
    codes = [code]
    while codes:
        co = codes.pop()
        if REBINDERS & set(co.co_names):
            return False
        if any(i.opname in ("STORE_GLOBAL", "DELETE_GLOBAL") for i in dis.get_instructions(co)):
            return False
        codes += [c for c in co.co_consts if isinstance(c, types.CodeType)]
    for name, value in list(vars(module).items()):
        if name == "__builtins__":
            continue
        if isinstance(value, types.ModuleType) or immutable(value) or imported(value):
            continue
        if not (isinstance(value, types.FunctionType) and not vars(value) and value.__closure__ is None
                and immutable(value.__defaults__) and immutable(tuple((value.__kwdefaults__ or {}).values()))):
            return False
    return True

REBINDERS = {"globals", "vars", "exec", "eval", "setattr", "delattr", "__import__", "__dict__", "__builtins__",
             "modules"}

def main():
    sys.set_int_max_str_digits(0)
    setup = json.loads(sys.stdin.readline())
    PROGRAM_DIGITS["limit"] = setup["digit_limit"]
    if setup["nice"]:
        try:
            os.nice(10)
        except OSError:
            pass
    path = os.path.abspath(setup["path"])
    for entry in reversed(setup["sys_path"]):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    sys.path.insert(0, os.path.dirname(path))
    try:
        shim_assume()
        global RUNTIME
        from verifier.crosscheck import contract_runtime as RUNTIME
        FACTS.update(setup["facts"])
        RUNTIME.stub_missing_libraries()
        with open(path, "rb") as source:
            code = compile(source.read(), path, "exec", dont_inherit=True)
        module, func = as_program(load, code, path, setup["function"])
        reuse = stateless(code, module)  # else each call after the first gets a freshly run module
    except BaseException as exc:
        send({"error": f"cannot import {setup['function']} from {path}: {type(exc).__name__}: {exc}"})
        return
    tuples, texts, text_lists, text_dicts = shaped_params(func)
    used = False  # a call ran on `module`
    send({"ready": True})
    per_call = setup["per_call_s"]
    if per_call:
        signal.signal(signal.SIGALRM, _alarm)
    for request in sys.stdin:
        args = json.loads(request)
        nondet = args.pop("__nondet__", None)
        period = args.pop("__period__", 0)
        for name in setup["bools"]:
            if name in args:
                args[name] = bool(args[name])
        for name in tuples:
            if isinstance(args.get(name), list):
                args[name] = tuple(args[name])
        for name in texts:
            if isinstance(args.get(name), list):
                args[name] = text(args[name])
        for name in text_lists:
            if isinstance(args.get(name), list):
                args[name] = [text(item) for item in args[name]]
        for name, value in args.items():
            if isinstance(value, dict) and "__record__" in value:
                args[name] = record(module, func, name, value["__record__"])
        for name, value in args.items():
            if isinstance(value, dict) and "__pairs__" in value:  # a list key is a string's code points
                args[name] = {text(k) if isinstance(k, list) else k: text(v) if name in text_dicts else v
                              for k, v in value["__pairs__"]}
        if used and not reuse:
            try:
                module, func = as_program(load, code, path, setup["function"])
            except BaseException:
                return  # a module that ran once and not again: the host sees the worker end
        used = True
        undo = feed(module, nondet or [], period)  # never a read of the protocol's stdin
        try:
            if per_call:
                signal.setitimer(signal.ITIMER_REAL, per_call)
            try:
                reply = returned(as_program(func, **args))
                changed = [shown(v) for v in args.values() if isinstance(v, (list, dict, set))]
                if changed:  # what the caller sees of its list, dict and set arguments after the call
                    reply["after"] = changed
            finally:
                if per_call:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                undo()
        except _Stop:
            reply = {"status": "timeout"}
        except _OutOfValues:
            reply = {"status": "infeasible", "line": 0}
        except BaseException as exc:
            reply = classify(exc, path)
        send(reply)

main()
'''.replace("@RECURSION_LIMIT@", str(RECURSION_LIMIT))


class PyWorker:
    """A worker process for `function` of the Python file `path` (see the module docstring).

    `start` imports the module; `call` makes one call and waits for its reply;
    `call_all` sends a batch and hears the replies as they come. Nothing
    raises for a module that does not import or a worker that dies: `start`
    says why, a missing reply is None or absent. `close` stops the worker;
    it is stopped at exit otherwise. With `fork`, the worker is a fork of this
    process where `py_fork.can_fork_for` allows (else ``python -c``), and
    `launch` starts it ahead without importing the module yet.
    """

    def __init__(self, path: str, function: str, bools: Iterable[str] = (), per_call_s: float | None = None,
                 nice: bool = False, facts: dict | None = None, fork: bool = False) -> None:
        self.path = os.path.abspath(path)
        self.facts = facts or {}
        self.function = function
        self.bools = sorted(bools)
        self.per_call_s = per_call_s
        self.nice = nice
        self.fork = fork
        self._proc: subprocess.Popen[bytes] | ForkedPython | None = None
        self._ready = False  # the module is imported: calls may come
        self._importing = False  # the setup line is sent, its reply not read yet
        self._buffer = b""
        self._eof = False
        _LIVE.add(self)

    @property
    def running(self) -> bool:
        """The worker is alive with the function imported (started and not dead or stopped)."""
        return self._ready and self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The worker process's id (None when none was started or it was stopped)."""
        return self._proc.pid if self._proc is not None else None

    @property
    def forked(self) -> bool:
        """The worker process is a fork of this one (not a fresh ``python -c``)."""
        return isinstance(self._proc, ForkedPython)

    def launch(self, import_now: bool = False) -> str:
        """Start a fresh worker process; with `import_now` it imports the module
        at once, without waiting for it here (`start` hears that it is ready),
        else only once `start` asks. '' or the reason it could not start."""
        self.close()
        try:
            if self.fork and can_fork_for(self.path):
                self._proc = ForkedPython(_WORKER)
            else:
                env = dict(os.environ)
                env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
                env["PYTHONDONTWRITEBYTECODE"] = "1"
                self._proc = subprocess.Popen(
                    [sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, env=env, bufsize=0,
                )
        except OSError as exc:
            return f"cannot start a Python worker: {exc}"
        self._buffer, self._eof, self._importing = b"", False, False
        if import_now:
            self._importing = self._send(self._setup())
        return ""

    def start(self) -> str:
        """Import the function in the worker `launch` started (or in a fresh one
        if none waits for it) and wait until it is ready; '' or the reason it failed."""
        launched = self._proc is not None and not self._ready and self._proc.poll() is None
        error = "" if launched else self.launch()
        if error:
            return error
        reply = (self._importing or self._send(self._setup())) and self._reply(time.monotonic() + STARTUP_S)
        if not reply:
            self.close()
            return f"importing {self.path} took longer than {STARTUP_S:g}s or crashed the interpreter"
        if "error" in reply:
            self.close()
            return str(reply["error"])
        self._ready = True
        return ""

    def _setup(self) -> dict:
        """The worker's first line (see the module docstring)."""
        return {"path": self.path, "function": self.function, "sys_path": [_PACKAGE_ROOT], "bools": self.bools,
                "per_call_s": self.per_call_s, "nice": self.nice, "digit_limit": program_digit_limit(),
                "facts": self.facts}

    def call(self, args: dict[str, object], timeout_s: float) -> dict | None:
        """One call's reply, or None if there was none within `timeout_s`
        (the call still runs: see `running`) or the worker died."""
        if not self._send({k: _argument(v) for k, v in args.items()}):
            return None
        return self._reply(time.monotonic() + timeout_s)

    def call_all(self, batch: list[dict[str, object]], limit_s: float, stop: threading.Event | None = None,
                 each: Callable[[int, dict], None] | None = None) -> list[dict]:
        """The replies to `batch`, in order, as many as came within `limit_s`
        (or before `stop` was set); `each(i, reply)` hears of each as it comes.
        The worker ends after the batch."""
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write("".join(json.dumps({k: _argument(v) for k, v in args.items()}) + "\n"
                                     for args in batch).encode())
            proc.stdin.close()
        except OSError:
            pass
        end = time.monotonic() + limit_s
        replies: list[dict] = []
        while len(replies) < len(batch) and not (stop is not None and stop.is_set()):
            reply = self._reply(min(end, time.monotonic() + 0.05))
            if reply is None:
                if self._eof or time.monotonic() >= end:
                    break
                continue
            if each is not None:
                each(len(replies), reply)
            replies.append(reply)
        self.close()
        return replies

    def close(self) -> None:
        """Stop the worker (`start` starts a new one)."""
        proc, self._proc, self._ready = self._proc, None, False
        if proc is None:
            return
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

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: nothing left to do
            pass

    def _send(self, message: object) -> bool:
        proc = self._proc
        if proc is None or proc.stdin is None:
            return False
        try:
            proc.stdin.write((json.dumps(message) + "\n").encode())
            proc.stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def _reply(self, deadline: float) -> dict | None:
        """The next reply line, or None if none came by `deadline` or the worker died."""
        proc = self._proc
        if proc is None or proc.stdout is None:
            return None
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
                self._eof = True
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)


@dataclass(frozen=True)
class RecordArgument:
    """A record parameter's fields (`frontends.python_records`): the worker builds the annotated class."""

    fields: dict[str, object]

    def __repr__(self) -> str:
        return "record(" + ", ".join(f"{k}={v!r}" for k, v in self.fields.items()) + ")"


def _argument(value: object) -> object:
    """A call argument as JSON: None and bools stay, a list or tuple is a list
    of such values, a dict ``{"__pairs__": [[key, value], ...]}``, anything else an int."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, RecordArgument):
        return {"__record__": {k: _argument(v) for k, v in value.fields.items()}}
    if isinstance(value, dict):  # JSON keys are strings: send the pairs
        return {"__pairs__": [[_argument(k), _argument(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_argument(v) for v in value]
    return int(value)  # type: ignore[call-overload]


_LIVE: weakref.WeakSet[PyWorker] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for worker in list(_LIVE):
        worker.close()
