"""Parse the command's source file in a helper process while the first worker imports the engines.

A cold `verify prove f.c` waits on its first worker (`parallel.start_spare`): it imports the
engines and z3, then the frontend (Lark and the C lowering) and parses the file, one after the
other, while the other core has little to do. `start` forks a helper from the worker as it starts:
the helper imports the frontend and parses the file with the settings the command will most likely
pass (those of ``[tool.verify]``; it is not started when the command line names an integer
semantics or a data model), then sends the program back through a pipe, pickled, with the path,
the settings and the bytes it was made from. `take` gives it to the worker's first task only when
the task names that path and those settings and the file still holds those bytes; otherwise (the
helper failed: a syntax error, an unsupported file, a guess that did not hold) it gives nothing and
the worker parses the file itself, so answers, errors and their messages are what they always were.

The helper is in the worker's process group (the worker leads its own: `parallel._serve`), so a
worker killed at its deadline takes the helper with it; it lets go of the standard streams at once
(a reader of the command's output never waits for it) and ends with ``os._exit``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

from .timeline import mark

__all__ = ["guess_source", "start", "take"]

#: the options that change how a file is parsed: with either on the command line no helper is started
PARSE_OPTIONS = ("--int-semantics", "--data-model")
#: the files a helper parses: C's (a Python file's worker imports its frontend with the typed inputs anyway)
SOURCE_SUFFIXES = (".c", ".i", ".h")


@dataclass(frozen=True)
class Parsed:
    """What the helper sends: the program read from `source` (the file's bytes) at `path` with `settings`."""

    path: str
    settings: tuple[str | None, str | None]  # (integer semantics, data model), as a task carries them
    source: bytes
    program: object  # verifier.ir.Program (not imported here: the worker may never parse)


@dataclass
class _Helper:
    path: str
    pid: int
    read_end: int


#: the helper started by `start` in this process, until `take` collects it
_helper: _Helper | None = None


def guess_source(args: list[str], termination: bool = False) -> str | None:
    """The one source file `verify prove|terminates ARGS` names (``PATH:FUNC`` with `termination`),
    when it names exactly one existing file and no option that changes parsing; else None."""
    if any(a.startswith(PARSE_OPTIONS) for a in args):
        return None
    found = []
    for arg in args:
        path = arg.rpartition(":")[0] if termination and ":" in arg and not os.path.exists(arg) else arg
        if path.endswith(SOURCE_SUFFIXES) and os.path.isfile(path):
            found.append(path)
    return found[0] if len(found) == 1 else None


def start(path: str) -> int | None:
    """Fork the helper that parses `path`: its pid (None on a system without fork, or when one runs already)."""
    global _helper
    if not hasattr(os, "fork") or _helper is not None:
        return None
    # what the frontend and the engines both import (the IR and its passes) is imported once, before the fork
    from . import call_sites, cfa, config, pointer_values, sequencing  # noqa: F401

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: parse, send, and out without the interpreter's clean-up
        try:
            _let_go_of_streams()
            os.closerange(3, write_end)  # the worker's pipe to the command among them: its end is seen at once
            os.closerange(write_end + 1, os.sysconf("SC_OPEN_MAX"))
            _send(write_end, _parse(path))
        finally:
            os._exit(0)
    os.close(write_end)
    _helper = _Helper(path, pid, read_end)
    return pid


def take(path: str, semantics: str | None, data_model: str | None, while_waiting: Callable[[], None] | None = None):
    """The program the helper parsed, if it was parsed from `path` with these settings and the file
    still holds the bytes it was parsed from; else None (and always None after the first call).
    `while_waiting` is called before waiting for the helper's program (not when there is no helper for `path`)."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return None
    if helper.path != path:  # another file comes first: the helper's work is not waited for
        with contextlib.suppress(ProcessLookupError):
            os.kill(helper.pid, signal.SIGKILL)
        os.close(helper.read_end)
        _collect(helper.pid)
        return None
    if while_waiting is not None:
        while_waiting()
    try:
        data = _read_all(helper.read_end)
    finally:
        os.close(helper.read_end)
        _collect(helper.pid)
    try:
        parsed = pickle.loads(data) if data else None
    except Exception:  # cut short (the helper was killed) or unreadable: the worker parses
        return None
    if not isinstance(parsed, Parsed) or (parsed.path, parsed.settings) != (path, (semantics, data_model)):
        return None
    try:
        with open(path, "rb") as f:
            if f.read() != parsed.source:  # edited since: parse what is there now
                return None
    except OSError:  # gone: the worker's own reading says so, as it always did
        return None
    mark(f"parsed {path} ahead")
    return parsed.program


def _parse(path: str) -> Parsed | None:
    """`path` parsed with `[tool.verify]`'s settings; None when anything fails (the worker then finds out itself)."""
    try:
        # Lark imports the optional `regex` package whenever it is installed (some 9 ms), though it uses it
        # only for grammars built with ``regex=True`` or Unicode categories, which ours are not: this
        # throwaway process parses without it (a grammar that needed it would fail here, and the worker parse)
        sys.modules.setdefault("regex", None)  # type: ignore[arg-type]
        from .config import load_config
        from .load import load_program

        config = load_config()
        settings = (config.int_semantics, config.data_model)
        with open(path, "rb") as f:
            source = f.read()
        program = load_program(path, *settings)
        with open(path, "rb") as f:
            if f.read() != source:  # edited while parsing: which bytes were parsed is not known
                return None
        return Parsed(path, settings, source, program)
    except BaseException:
        return None


def _send(fd: int, parsed: Parsed | None) -> None:
    """Write `parsed` (pickled; nothing for None) to `fd` and close it."""
    try:
        if parsed is not None:
            data = memoryview(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(fd, data):]
    except BaseException:  # unpicklable (too deep), or the worker is gone: it parses, or needs nothing
        pass
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    """Everything written to `fd` until its writer closed it."""
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _collect(pid: int) -> None:
    """Wait for the helper, which has closed its end of the pipe (it exits then), so that no zombie stays."""
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # collected already
        pass


def _let_go_of_streams() -> None:
    """Point descriptors 0-2 at /dev/null (the helper writes nothing; a reader of the command's output
    must not wait for it)."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass
