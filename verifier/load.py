"""Read a source file into the IR, choosing the frontend by its suffix."""

from __future__ import annotations

import errno
import io
import os
import re
import tokenize
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:  # the IR is imported by the frontends, when a program is read: reading bytes
    from . import ir  # (`read_bytes`, as policies do) needs none of it

#: file suffix -> language
LANGUAGES = {".c": "c", ".h": "c", ".i": "c", ".py": "python"}

#: How deep statements and expressions may nest together (each nested statement
#: and each operand is one level), and one expression alone. The IR passes and
#: engines recurse up to twice per level (the equivalence encoder three times
#: per operand), and Python stops at 1,000 frames: about 480 levels still run
#: (325 operands in `verify equiv`), so these keep a margin. A deeper function
#: is unsupported: its checks are unknown, with where.
MAX_NESTING = 400
MAX_EXPRESSION_DEPTH = 300

_CODING_LINE = re.compile(rb"^[ \t\f]*#.*?coding[:=]")


def read_source(path: str, language: str = "c") -> str:
    """The text of the file at `path`.

    Python files are decoded as CPython decodes them (a BOM or a PEP 263
    ``# -*- coding: ... -*-`` line, else UTF-8). C files are UTF-8; bytes that
    are not valid UTF-8 are read one character each (Latin-1), as gcc passes
    them through in comments and strings, so positions stay exact and such a
    byte anywhere else is a syntax error at its place. A missing, unreadable,
    empty or binary file raises `InputError(kind="file")`, with the line and
    column of the offending byte where there is one.
    """
    data = read_bytes(path)
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = byte_position(data, nul)
        raise InputError(path, line, column, "binary file (contains a NUL byte), not source text", "file")
    text = _decode_python(path, data) if language == "python" else _decode_c(data)
    if not text.strip():
        raise InputError(path, 1, 1, "empty file", "file")
    return text


def read_bytes(path: str | Path, label: str | None = None) -> bytes:
    """The bytes of the file at `path`; a missing, unreadable or looping path is an input error that
    names it `label` (default: the path)."""
    p = Path(path)
    path = label or str(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(path, 0, 0, f"no such file (broken symbolic link to '{os.readlink(p)}')",
                             "file") from None
        raise InputError(path, 0, 0, "no such file", "file") from None
    except IsADirectoryError:
        raise InputError(path, 0, 0, "is a directory", "file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, 0, 0, "symbolic link loop (too many levels of symbolic links)",
                             "file") from None
        raise InputError(path, 0, 0, f"cannot read: {(exc.strerror or str(exc)).lower()}", "file") from None


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


def _decode_c(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_python(path: str, data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # an unknown encoding, or a BOM with another declaration
        lines = data.split(b"\n", 2)[:2]
        line = next((i + 1 for i, text in enumerate(lines) if _CODING_LINE.match(text)), 1)
        raise InputError(path, line, 1, str(exc).replace("'<string>'", "the file"), "file") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        raise InputError(path, line, column,
                         f"not {encoding} text (byte 0x{data[exc.start]:02x}); save the file as UTF-8 "
                         "or declare its encoding with a '# -*- coding: NAME -*-' line", "file") from None
    return text[1:] if text.startswith("\ufeff") else text


def limit_nesting(program: ir.Program) -> None:
    """Make each function that nests too deeply (see `MAX_NESTING`) unsupported."""
    from .irutil import too_deep

    for fn in program.functions.values():
        if fn.unsupported:
            continue
        what = f"statements and expressions nested more than {MAX_NESTING} levels deep"
        where = too_deep(fn.body, MAX_NESTING)
        if where is None:
            what = f"an expression nested more than {MAX_EXPRESSION_DEPTH} levels deep"
            where = too_deep(fn.body, MAX_NESTING, MAX_EXPRESSION_DEPTH)
        if where is not None:
            fn.unsupported = f"unsupported construct: {what}"
            fn.unsupported_loc = where if where.line > 0 else fn.loc
            fn.body, fn.locals = [], {}


def load_program(path: str, semantics: str | None = None, data_model: str | None = None) -> ir.Program:
    """Parse and lower `path` (C or Python) with the given integer semantics
    (C default ``bv``; Python is always ``math``) and C data model (default
    ``LP64``; Python has none)."""
    language = LANGUAGES.get(Path(path).suffix.lower())
    if language is None:
        raise InputError(path, 0, 0, "unknown file type (expected .c or .py)", "file")
    if language == "python" and semantics in ("bv", "wrap"):
        raise InputError(path, 0, 0, f"--int-semantics {semantics} does not apply to Python (its integers are "
                                     "unbounded)", "usage")
    source = read_source(path, language)
    if language == "c":
        from .frontends.c import parse_c

        program = parse_c(source, path, "bv" if semantics == "wrap" else semantics or "bv", data_model or "LP64")
        if semantics == "wrap":
            from .wrap_ints import wrap_signed

            program = wrap_signed(program)
    else:
        from .frontends.python import parse_python

        program = parse_python(source, path)
    limit_nesting(program)
    return program
