"""Which two functions to compare: ``PATH[:FUNC]`` and ``REV:PATH[:FUNC]`` specs.

`load_target(spec, ...)` reads the file (for ``REV:PATH``, the file as it was
at git revision REV, via ``git show``, into a temporary file with the same
name so the frontends and the replay see an ordinary file), lowers it and
picks the function. Every error is an `InputError` naming the spec as the
user wrote it (``HEAD:src/m.c``), never the temporary file. `check_signatures`
requires the same number of parameters with compatible types (truth values
with truth values, integers with integers) and a value returned by both or by
neither.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import ir
from ..errors import InputError
from ..load import LANGUAGES, load_program

__all__ = ["Target", "parse_spec", "load_target", "check_signatures", "signature_text", "type_name"]

#: built-ins the frontends may list among a file's functions
_BUILTINS = frozenset({"__VERIFIER_assert", "__VERIFIER_assume", "__VERIFIER_error", "reach_error", "assert",
                       "assume", "abort", "exit"})


@dataclass
class Target:
    """One side: `display` is the file as the user named it (``HEAD:m.c`` for a
    revision), `path` the file the frontends read, `function` the chosen name."""

    spec: str
    display: str
    path: str
    program: ir.Program
    function: str
    revision: str = ""

    @property
    def fn(self) -> ir.Function:
        return self.program.functions[self.function]

    @property
    def name(self) -> str:
        return f"{self.display}:{self.function}"


def parse_spec(spec: str) -> tuple[str, str, str | None]:
    """``(revision, path, function)``; revision is '' for a working-tree file.

    ``m.c`` and ``m.c:f`` are files (when ``m.c`` exists); otherwise a spec
    with a colon is ``REV:PATH[:FUNC]``."""
    if os.path.exists(spec):
        return "", spec, None
    head, sep, tail = spec.rpartition(":")
    if sep and head and (os.path.isfile(head) or os.path.islink(head)):
        return "", head, tail or None
    if ":" not in spec:
        return "", spec, None
    rev, rest = spec.split(":", 1)
    if not rev:
        raise InputError(spec, 0, 0, "empty revision in REV:PATH", "usage")
    if Path(rest).suffix.lower() in LANGUAGES or ":" not in rest:
        return rev, rest, None
    path, _, func = rest.rpartition(":")
    return rev, path, func or None


def _git_show(rev: str, path: str, display: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise InputError(display, 0, 0, "git is not installed (needed to read a file at a revision)", "usage")
    absolute = os.path.abspath(path)
    folder = os.path.dirname(absolute)
    while folder and not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    top = subprocess.run([git, "-C", folder or ".", "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if top.returncode != 0:
        raise InputError(display, 0, 0, f"not inside a git repository ({os.path.dirname(path) or '.'})", "usage")
    root = top.stdout.strip()
    rel = os.path.relpath(absolute, root).replace(os.sep, "/")
    shown = subprocess.run([git, "-C", root, "show", f"{rev}:{rel}"], capture_output=True)
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else "git show failed"
        detail = detail.removeprefix("fatal: ")
        raise InputError(display, 0, 0, f"cannot read {rel} at revision {rev}: {detail}", "file")
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(display, 0, 0, "not UTF-8 text", "file") from None


def _rename(error: InputError, display: str) -> InputError:
    return dataclasses.replace(error, path=display)


def selectable(program: ir.Program) -> list[str]:
    """The functions a spec without ``:FUNC`` chooses among (built-ins excluded)."""
    return [n for n in program.functions if n not in _BUILTINS]


def load_target(spec: str, semantics: str | None, workdir: str, default_function: str | None = None,
                data_model: str | None = None) -> Target:
    """Load one side. Without ``:FUNC`` the file must define exactly one function
    (or `default_function`, the other side's, if it defines that one)."""
    rev, path, function = parse_spec(spec)
    display = f"{rev}:{path}" if rev else path
    real = path
    if rev:
        text = _git_show(rev, path, display)
        folder = os.path.join(workdir, f"rev{len(os.listdir(workdir))}")
        os.makedirs(folder)
        real = os.path.join(folder, os.path.basename(path))
        with open(real, "w", encoding="utf-8") as f:
            f.write(text)
    elif not os.path.lexists(path):  # a broken link or a link loop: load_program says which
        raise InputError(path, 0, 0, "no such file", "file")
    try:
        is_c = LANGUAGES.get(Path(real).suffix.lower()) == "c"
        program = load_program(real, semantics if is_c else None, data_model if is_c else None)
    except InputError as error:
        raise _rename(error, display) if rev else error
    names = selectable(program)
    if function is None:
        if default_function is not None and default_function in program.functions:
            function = default_function
        elif len(names) == 1:
            function = names[0]
        else:
            listed = ", ".join(names) or "none"
            raise InputError(display, 0, 0, f"{len(names)} functions in the file ({listed}); "
                                            f"choose one with {display}:NAME", "usage")
    if function not in program.functions:
        listed = ", ".join(names) or "none"
        raise InputError(display, 0, 0, f"no function named '{function}' (functions: {listed})", "usage")
    return Target(spec, display, real, program, function, rev)


def type_name(t: ir.Type, language: str) -> str:
    """A parameter type as the source language writes it."""
    if isinstance(t, ir.BoolType):
        return "bool" if language == "python" else "_Bool"
    if isinstance(t, ir.ArrayType):
        item = type_name(t.elem, language)
        return f"list[{item}]" if language == "python" else f"{item} *"
    if t.bits is None:
        return "int"
    names = {8: "char", 16: "short", 32: "int", 64: "long"}
    base = names.get(t.bits, f"int{t.bits}")
    if base == "char":
        return "signed char" if t.signed else "unsigned char"
    return base if t.signed else f"unsigned {base}"


def signature_text(target: Target) -> str:
    lang = target.program.language
    return "(" + ", ".join(f"{type_name(p.type, lang)} {p.name}" for p in target.fn.params) + ")"


def _compatible(a: ir.Type, b: ir.Type) -> bool:
    """Truth values with truth values, integers with integers; a truth value also
    pairs with an unsigned char, which is how the C frontend types ``_Bool``."""
    if isinstance(a, ir.BoolType) and isinstance(b, ir.BoolType):
        return True
    if isinstance(a, ir.BoolType) or isinstance(b, ir.BoolType):
        other = b if isinstance(a, ir.BoolType) else a
        return isinstance(other, ir.IntType) and other.bits == 8 and not other.signed
    return True


def check_signatures(a: Target, b: Target) -> None:
    """Same number of parameters, compatible types, both return a value or neither."""
    fa, fb = a.fn, b.fn
    loc = fa.loc
    same = len(fa.params) == len(fb.params) and all(_compatible(p.type, q.type) for p, q in zip(fa.params, fb.params))
    if not same:
        raise InputError(a.display, loc.line, loc.column,
                         f"{a.function} takes {signature_text(a)} but {b.function} takes {signature_text(b)}", "usage")
    if (fa.ret_type is None) != (fb.ret_type is None):
        has, hasnt = (a, b) if fa.ret_type is not None else (b, a)
        raise InputError(a.display, loc.line, loc.column,
                         f"{has.function} returns a value but {hasnt.function} does not", "usage")
