"""Parse the command's source file in a helper process while the first worker imports the engines.

A cold `verify prove f.c` waits on its first worker (`parallel.start_spare`): it imports the
engines and z3, then the frontend (Lark and the C lowering) and parses the file, one after the
other, while the other core has little to do. `start_for` forks a helper from the command just
before the worker (once what both import, the IR and its passes, is imported): the helper imports
the frontend and parses the file with the settings the command will most likely pass (those of
``[tool.verify]``; it is not started when the command line names an integer semantics or a data
model), then sends the program back through a pipe, pickled, with the path, the settings and the
bytes it was made from. `take` gives it to the worker's first task only when the task names that
path and those settings and the file still holds those bytes; otherwise (the helper failed: a
syntax error, an unsupported file, a guess that did not hold) it gives nothing and the worker
parses the file itself, so answers, errors and their messages are what they always were.

Its program sent, the helper loads cvc5 and answers the worker's cvc5 queries, the second
opinion on each yes (`crosscheck.cvc5_service`: `take` attaches it), so that the worker never
spends its own time loading cvc5; the worker asks cvc5 itself whenever the helper cannot answer.
The command lets go of the helper's pipes once the worker is forked (`hand_over`): the helper ends
when the worker closes them (`cvc5_service.detach`, or the worker's end), and the command collects it
at exit.

With `replay` (`verify prove --exit-first`, where the first no is what is asked for), the worker
forks the helper (`start`) once it has imported the replay's modules, and the helper also builds
the texts of the replay harnesses (`crosscheck.replay_c.harness_texts`) of the functions the
command will likely analyse (`REPLAY_FUNCTIONS` at most) and sends them with the program: `take`
offers them to that program's replayers, and the worker then needs neither the grammar's parser
nor its time before the replay of a no. That helper serves no cvc5 (a no needs none), and is in
the worker's process group, so a worker killed at its deadline takes it with it.

A helper lets go of the standard streams at once (a reader of the command's output never waits
for it) and ends with ``os._exit``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from dataclasses import dataclass, field

from . import method_cache
from .timeline import mark

__all__ = ["guess_function", "guess_source", "hand_over", "helper_running", "start", "start_for", "take"]

#: the options that change how a file is parsed: with either on the command line no helper is started
PARSE_OPTIONS = ("--int-semantics", "--data-model")
#: the files a helper parses: C's (a Python file's worker imports its frontend with the typed inputs anyway)
SOURCE_SUFFIXES = (".c", ".i", ".h")
#: the most functions whose replay harnesses a helper builds (a file without main selects every function)
REPLAY_FUNCTIONS = 4


@dataclass(frozen=True)
class Parsed:
    """What the helper sends: the program read from `source` (the file's bytes) at `path` with `settings`."""

    path: str
    settings: tuple[str | None, str | None]  # (integer semantics, data model), as a task carries them
    source: bytes
    program: object  # verifier.ir.Program (not imported here: the worker may never parse)
    #: the replay harnesses' texts built from `program`, by function (`crosscheck.replay_c.HarnessTexts`)
    harnesses: dict = field(default_factory=dict)


@dataclass
class _Helper:
    path: str
    pid: int
    read_end: int
    #: the worker's ends of the pipes of the cvc5 service the helper runs once it has sent the program
    #: (requests, answers; `cvc5_service`), or None
    service: tuple[int, int] | None = None


#: the helper started by `start` in this process, until `take` collects it
_helper: _Helper | None = None
#: the project's settings `start_for` read in the command for the worker's `start` (--exit-first), if it did
_settings_ahead: tuple[str | None, str | None] | None = None


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


def start_for(args: list[str], termination: bool = False) -> int | None:
    """`start` for the one C file `verify prove|terminates ARGS` names (`guess_source`), if it names one,
    in the command before it imports what its worker needs: the helper's pid (None when none was
    started). Not with --exit-first: the worker starts that one (`start` with `replay`), once it has
    imported the replay's modules, which the helper needs too; the project's settings it parses with are
    read here all the same (the command reads them anyway, and the worker, forked next, inherits them)."""
    global _settings_ahead
    source = guess_source(args, termination)
    if source is None:
        return None
    if not termination and ("-x" in args or "--exit-first" in args):
        try:
            _settings_ahead = _settings()
        except Exception:  # a [tool.verify] the command will reject: the worker's `start` finds that out again
            pass
        return None
    return start(source, caching="--no-cache" not in args)


def helper_running() -> bool:
    """Was a helper started whose program has not been taken yet (`take`)?"""
    return _helper is not None


def start(path: str, replay: bool = False, function: str | None = None, caching: bool = True) -> int | None:
    """Fork the helper that parses `path` (with `replay`, and builds the replay harnesses of `function`,
    or of the functions selected by default; without, and then serves cvc5's re-checks, `cvc5_service`):
    its pid (None on a system without fork, or when one runs already). `caching`: this process will
    hash files for the result cache (not with --no-cache)."""
    global _helper
    if not hasattr(os, "fork") or _helper is not None:
        return None
    # what the frontend and the engines both import (the IR and its passes) is imported once, before the fork
    from . import call_sites, cfa, config, pointer_values, sequencing  # noqa: F401

    try:  # read here, not in the helper: loading it (tomllib) is then paid once, as the command reads it too
        settings = _settings_ahead or _settings()
    except Exception:  # a [tool.verify] the command will reject: it says why, and nothing is parsed ahead
        return None
    if caching:  # Lark's grammar loader and the command's result cache: loaded once, here
        import hashlib  # noqa: F401

    read_end, write_end = os.pipe()
    # with --exit-first a no is what is asked for: the helper's CPU goes to nothing a yes alone needs
    requests, answers = (None, None) if replay else (os.pipe(), os.pipe())
    pid = os.fork()
    if pid == 0:  # the helper: parse, send, serve cvc5, and out without the interpreter's clean-up
        try:
            _let_go_of_streams()
            # the worker's pipe to the command among those closed: its end is seen at once
            _close_all_but({write_end} if requests is None else {write_end, requests[0], answers[1]})
            _send(write_end, _parse(path, settings, replay, function))
            method_cache.save()  # the frontend's dataclass methods, compiled here (once), for the next runs
            if requests is not None:
                from .crosscheck.cvc5_service import serve

                serve(requests[0], answers[1])
        finally:
            os._exit(0)
    os.close(write_end)
    service = None
    if requests is not None:
        os.close(requests[0])
        os.close(answers[1])
        service = (requests[1], answers[0])
    _helper = _Helper(path, pid, read_end, service)
    return pid


def take(path: str, semantics: str | None, data_model: str | None, while_waiting: Callable[[], None] | None = None):
    """The program the helper parsed, if it was parsed from `path` with these settings and the file
    still holds the bytes it was parsed from; else None (and always None after the first call).
    `while_waiting` is called before waiting for the helper's program (not when there is no helper for `path`).
    A helper that serves cvc5 is attached first (`cvc5_service.attach`), whatever became of its program."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return None
    if helper.path != path:  # another file comes first: the helper's work is not waited for
        with contextlib.suppress(ProcessLookupError):
            os.kill(helper.pid, signal.SIGKILL)
        for fd in (helper.read_end, *(helper.service or ())):
            os.close(fd)
        _collect(helper.pid)
        return None
    if helper.service is not None:
        from .crosscheck import cvc5_service

        cvc5_service.attach(cvc5_service.Client(helper.pid, *helper.service))  # ended by `cvc5_service.detach`
    if while_waiting is not None:
        while_waiting()
    try:
        data = _read_all(helper.read_end)
    finally:
        os.close(helper.read_end)
        if helper.service is None:
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
    if parsed.harnesses:
        from .crosscheck.replay_c import offer_harnesses

        offer_harnesses(parsed.program, parsed.harnesses)  # type: ignore[arg-type]
    return parsed.program


def hand_over() -> None:
    """In the process that started the helper, once the worker that takes its program was forked
    (`parallel.start_spare`): let go of the helper's pipes (the worker reads them) and collect the
    helper at exit."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return
    for fd in (helper.read_end, *(helper.service or ())):
        os.close(fd)
    atexit.register(_end, helper.pid)


def guess_function(args: list[str]) -> str | None:
    """The function `verify prove ARGS` names with --function, if any."""
    for i, arg in enumerate(args):
        if arg == "--function" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--function="):
            return arg.partition("=")[2]
    return None


def _settings() -> tuple[str | None, str | None]:
    """The (integer semantics, data model) `[tool.verify]` sets for the current directory's project."""
    from .config import load_config

    config = load_config()
    return config.int_semantics, config.data_model


def _parse(path: str, settings: tuple[str | None, str | None], replay: bool = False,
           function: str | None = None) -> Parsed | None:
    """`path` parsed with `settings` (`_settings`), with the replay harnesses of `function` (or of
    the default selection) when `replay`; None when anything fails (the worker then finds out itself)."""
    try:
        from .load import load_program

        with open(path, "rb") as f:
            source = f.read()
        program = load_program(path, *settings)
        with open(path, "rb") as f:
            if f.read() != source:  # edited while parsing: which bytes were parsed is not known
                return None
        return Parsed(path, settings, source, program, _harnesses(program, function) if replay else {})
    except BaseException:
        return None


def _harnesses(program, function: str | None) -> dict:
    """The replay harnesses' texts of `function` (when the program has it), else of `main` (when it has one),
    else of its first `REPLAY_FUNCTIONS` functions, by function; those whose building fails are left out
    (the worker builds them again, and meets the failure itself)."""
    from .crosscheck.replay_c import harness_texts

    if function is not None:
        names = [function] if function in program.functions else []
    else:
        names = ["main"] if "main" in program.functions else list(program.functions)[:REPLAY_FUNCTIONS]
    texts = {}
    for name in names:
        try:
            texts[name] = harness_texts(program, name)
        except Exception:
            continue
    return texts


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
    except ChildProcessError:  # collected already, or another process's child (`hand_over`)
        pass


def _end(pid: int) -> None:
    """Kill the helper (done, or serving a worker that is done) and collect it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _collect(pid)


def _close_all_but(keep: set[int]) -> None:
    """Close every descriptor from 3 up but those of `keep`."""
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


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
