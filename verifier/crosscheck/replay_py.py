"""Replay a Python counterexample for real: import the module, call the function.

The call runs in a `py_worker.PyWorker` so a call that never returns can be
stopped: `PyReplayer` keeps one worker alive across many calls (Hypothesis
exploration makes dozens), gives each call a time limit, and starts a fresh
worker after a timeout or a crash. A run is classified from the exception it
raised (see `py_worker`).
"""

from __future__ import annotations

import threading

from verifier import ir
from verifier.arrays import ArrayValue
from verifier.crosscheck.observation import Observation, ReplayOutcome, judge
from verifier.crosscheck.py_worker import PyWorker, RecordArgument
from verifier.frontends.python_records import RESERVED_FIELDS

__all__ = ["PyReplayer", "replay_py", "python_arguments", "DEFAULT_TIMEOUT_S", "warm_replayer", "take_replayer"]

#: a call that runs longer than this is stopped and reported as a timeout
DEFAULT_TIMEOUT_S = 2.0


def python_arguments(params: dict[str, object], types: dict[str, ir.Type]) -> dict[str, object]:
    """The Python arguments of a witness's parameters: a list parameter is the
    list of its meaningful elements (an `ArrayValue` is cut to its ``#len``
    parameter), bools in a ``list[bool]``; length parameters are not arguments;
    a tuple's items ``t.0``, ``t.1`` become one list (the worker makes it a
    tuple), a record's fields ``p.x``, ``p.y`` one `RecordArgument` (the worker
    builds the parameter's class from them), an optional ``x`` is None when its flag ``x.none`` is set, a
    dict ``d`` is ``dict(zip(d.keys, d.values))``, and a list of strings or
    lists ``ws`` (start positions ``ws``, stops ``ws.stop``, elements
    ``ws.flat``) is ``[ws.flat[start:stop] for each item]`` (the worker makes
    the items of a ``list[str]`` strings); a dict's string keys are such a
    list (``d.keys``, ``d.keys.stop``, ``d.keys.flat``), each key a tuple of
    code points (the worker makes it a string); its string or list values are
    such a list too (``d.values``, ...), each value a list (the worker makes the
    values of a ``dict[..., str]`` strings)."""
    out: dict[str, object] = {}
    items: dict[str, dict[int, object]] = {}
    nones: set[str] = set()
    dicts: dict[str, dict[str, list]] = {}
    nested: dict[str, dict[str, object]] = {}
    records: dict[str, RecordArgument] = {}
    for name, value in params.items():
        if "#" in name:
            continue
        if name.endswith((".stop", ".flat")):  # a nested list's stop positions and elements
            nested.setdefault(name[:-5], {})[name[-4:]] = _nested_part(name, value, params)
            continue
        base, _, part = name.partition(".")
        if part.isdigit():  # an item of a tuple
            items.setdefault(base, {})[int(part)] = bool(value) if isinstance(types.get(name), ir.BoolType) else value
            continue
        if part == "none":  # the None flag of an optional value
            if value:
                nones.add(base)
            continue
        if part.isidentifier() and part not in RESERVED_FIELDS and not isinstance(types.get(name), ir.ArrayType):
            fields = records.setdefault(base, RecordArgument({})).fields  # a field of a record (`python_records`)
            fields[part] = bool(value) if isinstance(types.get(name), ir.BoolType) else value
            continue
        t = types.get(name)
        if isinstance(value, ArrayValue):
            length = params.get(ir.length_name(name), 0)
            value = value.to_list(length if isinstance(length, int) else 0)
        if isinstance(t, ir.ArrayType) and isinstance(t.elem, ir.BoolType) and isinstance(value, list):
            value = [bool(v) for v in value]
        if part in ("keys", "values") and isinstance(value, list):  # a dict's two lists
            dicts.setdefault(base, {})[part] = value
            continue
        out[name] = value
    for base, parts in nested.items():
        owner, _, part = base.partition(".")
        holder: dict = dicts.setdefault(owner, {}) if part in ("keys", "values") else out
        starts, stops, flat = holder.get(part or base, []), parts.get("stop", []), parts.get("flat", [])
        found = [flat[s:e] for s, e in zip(starts, stops)]  # type: ignore[index, arg-type, call-overload]
        holder[part or base] = [tuple(k) for k in found] if part == "keys" else [list(k) for k in found]
    for base, lists in dicts.items():
        out[base] = dict(zip(lists.get("keys", []), lists.get("values", [])))
    for base, found in items.items():
        out[base] = [found[k] for k in sorted(found)]
    for base in nones:
        out[base] = None
    out.update(records)
    return out


def _nested_part(name: str, value: object, params: dict[str, object]) -> object:
    """The stop positions (as many as the items) or the elements of a nested list, as a list."""
    length = params.get(ir.length_name(name[:-5] if name.endswith(".stop") else name), 0)
    if isinstance(value, ArrayValue):
        return value.to_list(length if isinstance(length, int) else 0)
    return value


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
        facts: dict | None = None,
        fork: bool = False,
    ) -> None:
        self.timeout_s = timeout_s
        self.types = dict(types or {})
        bools = [n for n, t in self.types.items() if isinstance(t, ir.BoolType)]
        self._worker = PyWorker(path, function, bools, facts=facts, fork=fork)
        self._error = ""
        self._lock = threading.Lock()

    def close(self) -> None:
        """Stop the worker (a later `run` starts a new one)."""
        with self._lock:
            self._worker.close()

    def __enter__(self) -> PyReplayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        """Its worker is up (a call now need not start one)."""
        return self._worker.running

    def launch(self, import_now: bool = False) -> None:
        """Start the worker process now; it imports the module at once with `import_now`
        (without waiting for it here), else when `start` or `run` asks."""
        with self._lock:
            if not self._error and not self._worker.running:
                self._error = self._worker.launch(import_now)

    def start(self) -> None:
        """Start the worker now, unless it runs (`run` starts it otherwise)."""
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if not self._error and not self._worker.running:
            self._error = self._worker.start()  # importing again would fail the same way

    def run(self, params: dict[str, object], nondet: list[int] | tuple[int, ...] = ()) -> Observation:
        """Call the function once with `params` (by name; see `python_arguments`),
        ``input()`` and ``random.randint`` returning the values of `nondet` in turn
        (none by default: a call wanting one is infeasible, never a read of stdin)."""
        params = {**python_arguments(params, self.types), "__nondet__": [int(v) for v in nondet]}
        with self._lock:
            self._start_locked()
            if self._error:
                return Observation(None, detail=self._error, unavailable=True)
            reply = self._worker.call(params, self.timeout_s)
            if reply is None:
                crashed = not self._worker.running
                self._worker.close()
                if crashed:
                    return Observation("crash", 0, "the Python interpreter died during the call")
                return Observation(None, detail=f"still running after {self.timeout_s:g}s (stopped)", timed_out=True)
            if reply["status"] == "fail":
                return Observation(reply["failure"], int(reply["line"]), str(reply["detail"]))
            if reply["status"] == "infeasible":
                return Observation(None, int(reply["line"]), "assumption false", infeasible=True)
            return Observation(None, 0, "returned normally")

    def replay(self, params: dict[str, object], check: str, line: int) -> ReplayOutcome:
        """Call once and judge: confirmed iff it fails with `check` at `line`."""
        observation = self.run(params)
        if observation.unavailable:
            return ReplayOutcome(False, f"replay unavailable: {observation.detail}", observation)
        return judge(observation, check, line, "a real call of the Python function")


#: the worker started ahead for one function (`warm_replayer`), by (path, function)
_warm: dict[tuple[str, str], PyReplayer] = {}


def warm_replayer(path: str, function: str, types: dict[str, ir.Type], facts: dict | None,
                  import_now: bool = True) -> None:
    """Start the worker a replay of `function` will call (a fork of this process
    where `py_fork.can_fork_for` allows), and with `import_now` let it import the
    module meanwhile: a witness found later is confirmed without waiting for
    Python to start (and import the module). No thread is left running (a fork
    made later copies none). One function is kept warm at a time (the previous
    one is stopped); `take_replayer` hands it over."""
    for replayer in _warm.values():
        replayer.close()
    _warm.clear()
    replayer = PyReplayer(path, function, types=types, facts=facts, fork=True)
    _warm[(path, function)] = replayer
    replayer.launch(import_now)


def take_replayer(path: str, function: str, timeout_s: float) -> PyReplayer | None:
    """The warm replayer of `function` (see `warm_replayer`) with time limit
    `timeout_s` per call, or None; it stays warm for the function's other witnesses."""
    replayer = _warm.get((path, function))
    if replayer is not None:
        replayer.timeout_s = timeout_s
    return replayer


def replay_py(
    path: str,
    function: str,
    params: dict[str, object],
    check: str,
    line: int,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    types: dict[str, ir.Type] | None = None,
) -> ReplayOutcome:
    """Replay one Python counterexample: confirmed iff calling `function` with
    `params` raises the exception of `check` at `line` of `path`."""
    with PyReplayer(path, function, timeout_s, types) as replayer:
        return replayer.replay(params, check, line)
