"""Contracts and `raise` statements in the Python replay worker (imported there, never by the host).

The host sends `Program.replay` (built by the frontend, see
`frontends.python_contracts.replay_form`): ``raises`` (line -> the exception
class a ``raise`` statement at that line raises) and ``contracts`` (function
-> its preconditions, postconditions and snapshots as source text, each with
what its names stand for). In the worker:

- `stub_missing_libraries` lets a module that imports icontract or deal load
  when the library is not installed (its decorators then do nothing: the
  contracts are checked here, as the frontend read them);
- `install` replaces each function with a contract, in the module, by a
  wrapper around the undecorated function that checks the contract as read:
  a false precondition of the call the worker makes is `Infeasible` (the
  input is outside the contract, not a bug), of a call from the user's code
  a `ContractFailed` ``precondition`` at the calling line; a false
  postcondition (or one that raises) is a `ContractFailed` ``postcondition``
  at the condition's line, provided the installed library, given the worker's
  call again, rejects it too (else `LibraryDisagrees`: the reading and the
  library differ, and nothing is confirmed);
- `classify` names these failures, and an exception of the class a ``raise``
  statement at the failing line raises is check ``raise``.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import inspect
import os
import sys
import types
from typing import Any, Callable

__all__ = ["Infeasible", "ContractFailed", "LibraryDisagrees", "stub_missing_libraries", "install", "classify"]


class Infeasible(Exception):
    """The worker's call violates the function's precondition."""


class LibraryDisagrees(Exception):
    """The installed contract library does not reject what the reading here rejects."""


class ContractFailed(Exception):
    """A contract was false (or raised): check `kind` at `line`."""

    def __init__(self, kind: str, line: int, text: str) -> None:
        super().__init__(f"{kind} {text!r} failed")
        self.kind, self.line, self.text = kind, line, text


def _identity(fn: Callable) -> Callable:
    return fn


def _factory(*args: Any, **kwargs: Any) -> Callable:
    return _identity


def stub_missing_libraries() -> None:
    """Stand-ins for icontract and deal when they are not installed."""
    if importlib.util.find_spec("icontract") is None:
        icontract = types.ModuleType("icontract")
        for name in ("require", "ensure", "snapshot", "invariant"):
            setattr(icontract, name, _factory)
        icontract.ViolationError = type("ViolationError", (AssertionError,), {})  # type: ignore[attr-defined]
        sys.modules["icontract"] = icontract
    if importlib.util.find_spec("deal") is None:
        deal = types.ModuleType("deal")
        for name in ("pre", "post", "ensure", "raises", "reason", "has"):
            setattr(deal, name, _factory)
        deal.safe = deal.pure = _identity  # type: ignore[attr-defined]
        sys.modules["deal"] = deal


def install(module: types.ModuleType, contracts: dict[str, dict], path: str) -> None:
    """Wrap each function of `module` named in `contracts` (see the module docstring)."""
    for name, spec in contracts.items():
        original = getattr(module, name, None)
        if callable(original):
            setattr(module, name, _wrap(inspect.unwrap(original), original, spec, module.__dict__,
                                        os.path.abspath(path)))


def _wrap(raw: Callable, decorated: Callable, spec: dict, namespace: dict, path: str) -> Callable:
    signature = inspect.signature(raw)

    @functools.wraps(raw)
    def checked(*args: Any, **kwargs: Any) -> Any:
        from_worker = os.path.abspath(sys._getframe(1).f_code.co_filename) != path
        # with the library installed, a broken postcondition of the worker's call is also shown to it
        pristine = copy.deepcopy((args, kwargs)) if from_worker and decorated is not raw else None
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        for pre in spec["pre"]:
            if not _holds(pre, arguments, None, {}, namespace):
                if from_worker:
                    raise Infeasible(pre["text"])
                raise ContractFailed("precondition", sys._getframe(1).f_lineno, pre["text"])
        old = {key: _evaluate(snap, arguments, None, {}, namespace) for key, snap in spec["snapshots"].items()}
        old.update({key: copy.deepcopy(value) for key, value in arguments.items() if key not in old})
        result = raw(*args, **kwargs)
        for post in spec["post"]:
            try:
                ok = _holds(post, arguments, result, old, namespace)
            except Exception:
                ok = False  # a postcondition that raises is not met
            if not ok:
                if pristine is not None:
                    _library_rejects(decorated, *pristine)
                raise ContractFailed("postcondition", post["line"], post["text"])
        return result

    return checked


#: what icontract and deal raise for a broken postcondition
_LIBRARY_ERRORS = frozenset({"ViolationError", "PostContractError"})


def _library_rejects(decorated: Callable, args: tuple, kwargs: dict) -> None:
    """Return iff the real decorated function, called again, raises its library's
    postcondition error; else `LibraryDisagrees`."""
    try:
        decorated(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any other exception is a disagreement
        if any(c.__name__ in _LIBRARY_ERRORS for c in type(exc).__mro__):
            return
        raise LibraryDisagrees(f"the real decorated function raised {type(exc).__name__}: {exc}") from None
    raise LibraryDisagrees("the real decorated function accepted its result")


def _holds(condition: dict, arguments: dict, result: Any, old: dict, namespace: dict) -> bool:
    return bool(_evaluate(condition, arguments, result, old, namespace))


def _evaluate(condition: dict, arguments: dict, result: Any, old: dict, namespace: dict) -> Any:
    names: dict[str, Any] = {}
    for name, role in condition["bind"].items():
        if role == "arg":
            names[name] = arguments.get(name)
        elif role == "result":
            names[name] = result
        elif role == "old":
            names[name] = types.SimpleNamespace(**old)
        elif role == "args":
            names[name] = types.SimpleNamespace(**arguments)
    # one scope: a generator expression in the condition sees the arguments too
    return eval("(" + condition["code"] + "\n)", {**namespace, **names})  # noqa: S307 - the user's own contract


def classify(exc: BaseException, line: int, raises: dict[str, str]) -> dict | None:
    """The worker's reply for `exc` raised at `line` of the user's file, if it is
    a contract's or a ``raise`` statement's; None for any other exception."""
    if isinstance(exc, Infeasible):
        return {"status": "infeasible", "line": line}
    if isinstance(exc, LibraryDisagrees):
        return {"status": "fail", "failure": "exception", "line": line, "detail": str(exc)}
    if isinstance(exc, ContractFailed):
        return {"status": "fail", "failure": exc.kind, "line": exc.line, "detail": f"{exc.kind} false: {exc.text}"}
    if raises.get(str(line)) == type(exc).__name__:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return {"status": "fail", "failure": "raise", "line": line, "detail": text}
    return None
