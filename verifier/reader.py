"""A child process that reads (parses and lowers) files for a worker, so that start-up runs on two cores.

A cold `verify prove` spends its start in two independent loads: the
frontends (lark, the grammar, the lowering: some 100 ms) and the solvers (z3,
cvc5, the engines: some 60 ms). The prestarted worker (`parallel.prestart`)
calls `start_reader`, which forks a reader that loads the first while the
worker loads the second. `read_program` then asks the reader for a file's
program (the IR, pickled over a pipe) and reads the file itself whenever the
reader cannot answer (it has gone, or the program does not pickle): either
way the program is the same, since the frontends keep no state between files.

The reader belongs to the worker's process group, so killing the worker's
group (its deadline, ^C) ends it too; it is also killed when the worker
ends (`reaping.end_with_parent`), and the worker's exit stops it as a daemon.
A file the reader is still parsing at the worker's deadline is the worker's
step "reading and parsing", as before.
"""

from __future__ import annotations

import multiprocessing as mp
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from . import ir

__all__ = ["read_program", "start_reader"]

#: the reader of this process (a worker), once started
_reader: _Reader | None = None


def start_reader(languages: set[str]) -> None:
    """Fork this process's reader, which loads the frontends of `languages` ("c", "python") at once."""
    global _reader
    _reader = _Reader(languages)


def read_program(path: str, semantics: str | None, data_model: str | None) -> ir.Program:
    """`load.load_program(path, semantics, data_model)`, parsed by the reader when there is one."""
    global _reader
    if _reader is not None:
        program = _reader.read(path, semantics, data_model)
        if program is not None:
            return program
        _reader.close()
        _reader = None
    from .load import load_program

    return load_program(path, semantics, data_model)


class _Reader:
    def __init__(self, languages: set[str]) -> None:
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, self.conn, languages), daemon=True)
        self.proc.start()
        child.close()

    def read(self, path: str, semantics: str | None, data_model: str | None) -> ir.Program | None:
        """The program, or None when the reader could not give it; an input error is raised as the reader met it."""
        try:
            self.conn.send((path, semantics, data_model))
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            return None
        if kind == "error":
            raise InputError(*payload)
        return payload if kind == "program" else None

    def close(self) -> None:
        self.conn.close()
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(1)


def _serve(conn, worker_end, languages: set[str]) -> None:
    """The reader's loop: load the frontends, then answer each (path, semantics, data model) with
    ("program", the IR), ("error", the input error's fields) or ("failed", None)."""
    from .load import load_program
    from .reaping import end_with_parent

    worker_end.close()
    if not end_with_parent():
        return
    try:
        _load_frontends(languages)
    except Exception:  # the worker reads the files itself, and meets the failure as its own
        return
    while True:
        try:
            path, semantics, data_model = conn.recv()
        except (EOFError, OSError):
            return
        try:
            program = load_program(path, semantics, data_model)
        except InputError as error:
            conn.send(("error", (error.path, error.line, error.column, error.message, error.kind)))
            continue
        except Exception:  # the worker reads the file itself and meets the failure as its own
            conn.send(("failed", None))
            continue
        try:
            conn.send(("program", program))
        except Exception:  # does not pickle (too deep, say): nothing was sent
            conn.send(("failed", None))


def _load_frontends(languages: set[str]) -> None:
    """Import the frontends of `languages` and build their parsers (Lark's tables, from its disk cache)."""
    if "c" in languages:
        from .frontends import c  # noqa: F401
        from .frontends.c_parse import get_parser

        get_parser()
    if "python" in languages:
        from .frontends import python  # noqa: F401
        from .frontends.python_parse import get_parser as get_python_parser

        get_python_parser()
