"""Read a source file into the IR, choosing the frontend by its suffix."""

from __future__ import annotations

from pathlib import Path

from . import ir
from .errors import InputError

#: file suffix -> language
LANGUAGES = {".c": "c", ".h": "c", ".i": "c", ".py": "python"}


def read_source(path: str) -> str:
    """The file's text; missing, unreadable, binary or non-UTF-8 files are input errors."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, 0, 0, "no such file", "file")
    if p.is_dir():
        raise InputError(path, 0, 0, "is a directory", "file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(path, 0, 0, f"cannot read: {exc.strerror}", "file") from None
    if b"\0" in data:
        raise InputError(path, 0, 0, "binary file (contains NUL bytes)", "file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, 0, "not UTF-8 text", "file") from None
    if not text.strip():
        raise InputError(path, 1, 1, "empty file", "file")
    return text


def load_program(path: str, semantics: str | None = None) -> ir.Program:
    """Parse and lower `path` (C or Python) with the given integer semantics
    (C default ``bv``; Python is always ``math``)."""
    language = LANGUAGES.get(Path(path).suffix.lower())
    if language is None:
        raise InputError(path, 0, 0, "unknown file type (expected .c or .py)", "file")
    source = read_source(path)
    if language == "c":
        from .frontends.c import parse_c

        return parse_c(source, path, semantics or "bv")
    if semantics == "bv":
        raise InputError(path, 0, 0, "--int-semantics bv does not apply to Python (its integers are unbounded)", "usage")
    from .frontends.python import parse_python

    return parse_python(source, path)
