"""The `verify` command line: parse options, call the library, hand results to a reporter.

Exit codes (DESIGN.md): 0 all yes, 1 some no, 2 bad usage or input, 3 some
unknown and no no, 4 internal error (never read as a verdict).
"""

from __future__ import annotations

import _signal  # `signal` without its enums (some 1.5 ms of every command, forwarded ones too)
import sys


def _interrupted_while_loading(signum, frame) -> None:
    """^C before any command runs: one line and exit 130 (nothing started yet that needs stopping)."""
    print("verify: interrupted", file=sys.stderr)
    raise SystemExit(130)


try:  # click and the rest load in a few hundred milliseconds: a ^C meanwhile is no traceback either
    _SIGINT_BEFORE = _signal.signal(_signal.SIGINT, _interrupted_while_loading)
except ValueError:  # not the main thread: leave signals alone
    _SIGINT_BEFORE = None


def _run_as_command() -> bool:
    """Is this process the `verify` command (installed, or `python -m verifier.cli`)?"""
    import os

    return __name__ == "__main__" or os.path.basename(sys.argv[0]) == "verify"


def _load_without_collecting() -> None:
    """As the command: no cyclic garbage collection while the modules load (their objects live as
    long as the process: collections meanwhile walk them again and again for nothing, some 5 to 20 ms
    of a cold `verify prove`'s CPU). The spare worker forked meanwhile inherits it; each process turns
    collection back on, over what it makes from then on only, once its imports are done
    (`collecting.resume_collecting`: the command at the end of this module, the worker after its warm-up)."""
    if _run_as_command():
        import gc

        gc.disable()


def _answer_version() -> None:
    """`verify --version` (what editors and scripts run to probe the tool) answers
    before click loads, with click's text (`version_option` below)."""
    if sys.argv[1:] == ["--version"] and _run_as_command():
        from . import __version__

        print(VERSION_MESSAGE % {"prog": "verify", "version": __version__})
        sys.exit(0)


def _forward_to_server() -> None:
    """`verify ...` (the installed command) goes to the warm server for this
    directory when one runs (`verify server start`), before anything heavy loads."""
    import os

    if os.path.basename(sys.argv[0]) == "verify" and sys.argv[1:2] != ["server"]:
        from .client import forward

        code = forward(sys.argv[1:], "verify")
        if code is not None:  # the server wrote the output: this process has nothing left to flush or close,
            sys.stdout.flush()  # so it skips the interpreter's clean-up (some 5 ms of every forwarded command)
            sys.stderr.flush()
            os._exit(code)


#: A file changed this recently is likely not in the result cache yet (an edit being checked): a
#: worker forked ahead then pays. For older files the cache likely answers, and the worker would
#: only spend its imports' CPU (some 70 ms) on another core before it is ended.
RECENT_EDIT_S = 600.0


def _likely_to_prove(args: list[str]) -> bool:
    """Will `verify prove|terminates ARGS` likely prove something rather than answer from the
    cache? With --no-cache, a directory, or a file edited in the last `RECENT_EDIT_S` seconds."""
    import os
    import stat
    import time

    if "--no-cache" in args:
        return True
    for arg in args:
        try:  # a file or directory, or PATH:FUNC (`terminates`)
            found = os.stat(arg if os.path.exists(arg) else arg.rpartition(":")[0])
        except (OSError, ValueError):  # an option's value, or a missing file (an input error)
            continue
        if stat.S_ISDIR(found.st_mode) or time.time() - found.st_mtime < RECENT_EDIT_S:
            return True
    return False


def _lift_digit_limit() -> None:
    """As the command, before any fork: this process and its workers write and read ints of any
    size (z3 numerals, models, the replay protocol); the programs keep their own limit
    (`digit_limit`)."""
    if _run_as_command():
        from .digit_limit import lift_digit_limit

        lift_digit_limit()


def _reuse_compiled_methods() -> None:
    """As the command: the dataclass methods earlier runs compiled are reused, not compiled again
    (`method_cache`: some 20 ms of CPU before the worker is forked, as much again after), and what
    this run compiled is kept at exit (its forked processes keep their own)."""
    if _run_as_command():
        import atexit

        from . import method_cache

        method_cache.reuse_compiled_methods()
        atexit.register(method_cache.save)


def _start_worker_early() -> None:
    """`verify prove|terminates ...` (the command, not `--help`, not on a cluster, `_likely_to_prove`):
    fork the first worker before click loads, so that it imports the engines and the frontends on
    another core while this process reads the options and the configuration (`parallel.start_spare`),
    and before it the helper that parses a single C file and then serves cvc5 (`parse_ahead.start_for`)."""
    command, *args = sys.argv[1:] or [""]
    if command not in ("prove", "terminates") or not _run_as_command():
        return
    if any(a in ("-h", "--help") or a.startswith("--scheduler") for a in args) or not _likely_to_prove(args):
        return
    from functools import partial

    from . import parse_ahead, timeline  # noqa: F401  (timeline before the forks: one clock for all marks)
    # before the forks too, so that each is loaded once rather than in two of the three processes: tempfile
    # (with shutil, bz2, lzma, random) and threading (Lark in the helper, z3 and the re-check in the worker),
    # fractions (z3 in the worker) and ctypes (z3, cvc5's C API in the helper, and `reaping` here); not
    # multiprocessing, which only a worker that forks engine lanes loads (`forking`)
    import ctypes  # noqa: F401
    import fractions  # noqa: F401
    import tempfile  # noqa: F401
    import threading  # noqa: F401

    from .parallel import start_spare, warm_prover

    # a single C file is parsed (then cvc5 loaded for the re-checks) by a helper forked now, on the core this
    # process leaves idle while it imports what the worker needs; with --exit-first the worker forks it
    parse_ahead.start_for(args, command == "terminates")
    start_spare(partial(warm_prover, args, command == "terminates"))
    parse_ahead.hand_over()  # the worker takes the helper's program, and asks it cvc5's answers


def _exit_without_collecting() -> None:
    """As the command: leave the objects to the operating system at exit rather than collect
    them one by one (`gc.freeze` as the last exit handler: the interpreter's shutdown then
    skips its final collection, some 10 ms; standard streams are still flushed, exit handlers still run)."""
    if _run_as_command():
        import atexit
        import gc

        atexit.register(gc.freeze)


#: what `verify --version` prints (click's default message, spelled out for `_answer_version`)
VERSION_MESSAGE = "%(prog)s, version %(version)s"

_load_without_collecting()
_answer_version()
_forward_to_server()
_lift_digit_limit()
_reuse_compiled_methods()
_start_worker_early()
_exit_without_collecting()

import click  # noqa: E402

from . import __version__  # noqa: E402
from .cli_lazy import LazyGroup  # noqa: E402
from .collecting import resume_collecting  # noqa: E402
from .cli_options import (common_options, data_model_option, end_on_sigterm, guarded,  # noqa: E402
                          int_semantics_option, scheduler_option)

#: subcommands defined in their own modules, imported only when run (or listed by --help)
LAZY_SUBCOMMANDS = {"policy": "verifier.cli_policy:policy", "equiv": "verifier.cli_equiv:equiv",
                    "network": "verifier.cli_network:network", "server": "verifier.cli_server:server"}


@click.group(cls=LazyGroup, lazy_subcommands=LAZY_SUBCOMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="verify", message=VERSION_MESSAGE)
def main() -> None:
    """Answer questions about C programs, Python functions and access policies
    with yes, no (with a replayed counterexample) or don't know (with the reason).

    Options may also come from [tool.verify] in the nearest pyproject.toml;
    command-line options win."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "checks", default=None,
              help="Comma-separated checks: assert, overflow, div-by-zero (div), shift, precondition, "
                   "postcondition; C memory: bounds, null, free, use-after-free, leak; Python: bounds, value, key, "
                   "raise, type, unbound; termination  [default: all but leak and termination, or [tool.verify] "
                   "checks]")
@click.option("--function", default=None, help="Only this function (default: main for C programs that have one, "
                                               "else every function).")
@click.option("-x", "--exit-first", is_flag=True,
              help="Stop at the first confirmed no and report at once (exit 1); the checks not answered by "
                   "then are unknown (reason: stopped), never yes, and are not cached.")
@int_semantics_option
@data_model_option
@scheduler_option
@common_options
@guarded
def prove(paths, checks, function, exit_first, semantics, data_model, scheduler, fmt, timeout, quiet, verbose,
          jobs, no_cache) -> None:
    """Prove assertions, absence of overflow, division by zero and bad shifts."""
    from .workflow import prove_command

    sys.exit(prove_command(paths, checks, function, semantics, timeout, jobs, no_cache, fmt, quiet, verbose,
                           data_model=data_model, scheduler=scheduler, exit_first=exit_first))


@main.command()
@click.argument("targets", nargs=-1, required=True)
@int_semantics_option
@data_model_option
@scheduler_option
@common_options
@guarded
def terminates(targets, semantics, data_model, scheduler, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Prove that PATH[:FUNC] always terminates (ranking function) or find an
    input that runs forever."""
    from .workflow import terminates_command

    sys.exit(terminates_command(targets, semantics, timeout, jobs, no_cache, fmt, quiet, verbose,
                                data_model=data_model, scheduler=scheduler))


if _SIGINT_BEFORE is not None:
    _signal.signal(_signal.SIGINT, _SIGINT_BEFORE)  # from here on ^C is a KeyboardInterrupt: `guarded` ends cleanly
    end_on_sigterm()

resume_collecting()  # this module's imports are done (`_load_without_collecting`)

if __name__ == "__main__":
    main()
