"""cvc5's C API through `ctypes`: an SMT-LIB text checked without importing cvc5's Python binding.

Importing the binding (``import cvc5``) builds Python enums of some 1,150 members (cvc5's kinds,
proof rules, options...): some 20 ms of CPU, the largest part of a cold `verify prove`'s parse
helper after the C frontend. The wheel's shared libraries, loaded directly, cost some 4 ms, and what
a re-check needs of cvc5 (a solver, its options and logic, the SMT-LIB parser, one check) the C
API gives. It is the same library the binding wraps: the same text under the same options gets the
same answer. Unlike the binding, a call releases the GIL (other threads run during a check).

Only a cvc5 whose C API reports errors to the caller (``cvc5_has_error``, 1.4 on) is used this
way: older ones end the process on an API error. `load` says None for those, and for an
installation without the wheel's ``cvc5.libs`` folder; the caller then uses the binding.
"""

from __future__ import annotations

import ctypes
import glob
import os
from importlib.util import find_spec

__all__ = ["Cvc5Library", "load"]

#: `Cvc5InputLanguage`'s SMT-LIB 2.6 (the first of the enum, as `cvc5.InputLanguage.SMT_LIB_2_6`)
_SMT_LIB_2_6 = 0

_P = ctypes.c_void_p
_S = ctypes.c_char_p

#: name -> (result type, argument types) of each C function used
_SIGNATURES: dict[str, tuple[object, list[object]]] = {
    "cvc5_term_manager_new": (_P, []),
    "cvc5_term_manager_delete": (None, [_P]),
    "cvc5_new": (_P, [_P]),
    "cvc5_delete": (None, [_P]),
    "cvc5_set_option": (None, [_P, _S, _S]),
    "cvc5_set_logic": (None, [_P, _S]),
    "cvc5_check_sat": (_P, [_P]),
    "cvc5_result_is_unsat": (ctypes.c_bool, [_P]),
    "cvc5_result_is_unknown": (ctypes.c_bool, [_P]),
    "cvc5_has_error": (ctypes.c_bool, []),
    "cvc5_get_error_message": (_S, []),
    "cvc5_reset_error": (None, []),
    "cvc5_symbol_manager_new": (_P, [_P]),
    "cvc5_symbol_manager_delete": (None, [_P]),
    "cvc5_parser_new": (_P, [_P, _P]),
    "cvc5_parser_delete": (None, [_P]),
    "cvc5_parser_set_str_input": (None, [_P, ctypes.c_int, _S, _S]),
    "cvc5_parser_next_command": (_P, [_P, ctypes.POINTER(_S)]),
    "cvc5_cmd_invoke": (_S, [_P, _P, _P]),
    "cvc5_cmd_release": (None, [_P]),
}


class Cvc5Library:
    """The C functions of one loaded cvc5, each raising RuntimeError (cvc5's message) when cvc5 reports an error."""

    def __init__(self, core: ctypes.CDLL, parser: ctypes.CDLL) -> None:
        for name, (result, arguments) in _SIGNATURES.items():
            function = getattr(parser if name.startswith(("cvc5_parser", "cvc5_cmd", "cvc5_symbol")) else core, name)
            function.restype, function.argtypes = result, arguments
            setattr(self, name, function)
        self._has_error, self._error_message = core.cvc5_has_error, core.cvc5_get_error_message

    def call(self, name: str, *arguments: object) -> object:
        """The C function `name` on `arguments`; RuntimeError with cvc5's message if it reported an error."""
        result = getattr(self, name)(*arguments)
        if self._has_error():
            raise RuntimeError((self._error_message() or b"cvc5 reported an error").decode(errors="replace"))
        return result

    def unsat(self, text: str, options: list[tuple[str, str]], logic: str) -> bool | None:
        """Are the SMT-LIB commands `text` (declarations and assertions, no check-sat) unsatisfiable
        under `options` and `logic` (None: cvc5 has no answer)? RuntimeError when cvc5 rejects the
        text (its message), as the binding raises."""
        self.cvc5_reset_error()  # what an earlier check left (each call resets it too, but not every one is guarded)
        manager = self.call("cvc5_term_manager_new")
        solver = symbols = parser = None
        try:
            solver = self.call("cvc5_new", manager)
            for option, value in options:
                self.call("cvc5_set_option", solver, option.encode(), value.encode())
            self.call("cvc5_set_logic", solver, logic.encode())
            symbols = self.call("cvc5_symbol_manager_new", manager)
            parser = self.call("cvc5_parser_new", solver, symbols)
            self.call("cvc5_parser_set_str_input", parser, _SMT_LIB_2_6, text.encode(), b"obligation")
            error = _S()
            while command := self.call("cvc5_parser_next_command", parser, ctypes.byref(error)):
                try:
                    self.call("cvc5_cmd_invoke", command, solver, symbols)
                finally:  # a command holds its parser: unreleased, neither is ever freed
                    self.cvc5_cmd_release(command)
            if error.value:  # a text cvc5 cannot read, or an ill-sorted term
                raise RuntimeError(error.value.decode(errors="replace"))
            result = self.call("cvc5_check_sat", solver)
            if self.call("cvc5_result_is_unknown", result):
                return None
            return bool(self.call("cvc5_result_is_unsat", result))
        finally:  # the parser (with its commands) before the solver, the solver (with its results) before the terms
            for name, handle in (("cvc5_parser_delete", parser), ("cvc5_symbol_manager_delete", symbols),
                                 ("cvc5_delete", solver), ("cvc5_term_manager_delete", manager)):
                if handle:
                    getattr(self, name)(handle)


_loaded: list[Cvc5Library | None] = []


def load() -> Cvc5Library | None:
    """cvc5's C API from the installed wheel's libraries (loaded once per process), or None when
    cvc5 is missing, its libraries are not where a wheel puts them, or its C API ends the
    process on errors (before 1.4)."""
    if not _loaded:
        _loaded.append(_find())
    return _loaded[0]


def _find() -> Cvc5Library | None:
    spec = find_spec("cvc5")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = list(spec.submodule_search_locations)[0]
    folder = os.path.join(os.path.dirname(package), "cvc5.libs")
    core, parser = (sorted(glob.glob(os.path.join(folder, f"{stem}-*.so*"))) for stem in ("libcvc5", "libcvc5parser"))
    if len(core) != 1 or len(parser) != 1:
        return None
    try:
        libraries = ctypes.CDLL(core[0]), ctypes.CDLL(parser[0])
    except OSError:
        return None
    if not hasattr(libraries[0], "cvc5_has_error") or not hasattr(libraries[1], "cvc5_parser_new"):
        return None
    return Cvc5Library(*libraries)
