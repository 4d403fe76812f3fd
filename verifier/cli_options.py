"""The options and the error handling every `verify` subcommand shares.

Subcommand modules (`cli_equiv`, `cli_policy`) import these; `cli.py`, the
entry point, imports the subcommands and never the other way round.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from functools import wraps

import click

from . import errors
from .errors import InputError
from .result import ExitCode

FORMATS = click.Choice(["text", "json", "sarif"])


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: the run ends as after ^C (workers stopped, one line), exit 143."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def end_on_sigterm() -> None:
    """From now on SIGTERM (`timeout`, a CI runner) stops the run like ^C
    instead of killing this process and orphaning its workers."""
    signal.signal(signal.SIGTERM, _raise_terminated)


def _quiet_broken_stdout() -> None:
    """The reader of stdout went away (``| head -1``): send what is left to /dev/null."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def guarded(command: Callable) -> Callable:
    """Turn input errors into one line + exit 2 and anything unexpected into one
    line + exit 4 (with the traceback only under --traceback)."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        show_traceback = kwargs.pop("traceback", False)
        errors.show_tracebacks = show_traceback
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(error.format(), err=True)
            sys.exit(ExitCode.BAD_INPUT)
        except Terminated:
            click.echo("verify: terminated", err=True)
            sys.exit(128 + signal.SIGTERM)
        except KeyboardInterrupt:
            click.echo("verify: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _quiet_broken_stdout()
            sys.exit(128 + signal.SIGPIPE)
        except Exception as exc:  # the crash hook: a diagnostic, never a traceback by default
            if show_traceback:
                raise
            click.echo(f"verify: error: INTERNAL ERROR: {type(exc).__name__}: {exc} "
                       "(run again with --traceback and report it)", err=True)
            sys.exit(ExitCode.INTERNAL_ERROR)

    return click.option("--traceback", is_flag=True, hidden=True, help="Show Python tracebacks of internal errors.")(wrapper)


def common_options(command: Callable) -> Callable:
    """--format, --timeout, -q, -v, --jobs, --no-cache (defaults may come from [tool.verify])."""
    command = click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                           help="Output format.")(command)
    command = click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                           help="Wall-clock seconds per check, for programs per function (parsing, "
                                "re-checks and replay included); what is undecided then is unknown "
                                "(timeout)  [default: 10, or [tool.verify] timeout]")(command)
    command = click.option("-q", "--quiet", is_flag=True, help="Only show checks that are not yes.")(command)
    command = click.option("-v", "--verbose", is_flag=True, help="Show traces and every certificate.")(command)
    command = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                           help="Worker processes  [default: the machine's cores, or [tool.verify] jobs]")(command)
    command = click.option("--no-cache", is_flag=True,
                           help="Recompute every answer (neither read nor write .verify_cache/).")(command)
    return command


def scheduler_option(command: Callable) -> Callable:
    """`--scheduler ADDRESS`: run the uncached per-file work on a Dask distributed cluster (verifier.cluster)."""
    return click.option("--scheduler", default=None, metavar="ADDRESS",
                        help="Run the work on the Dask cluster whose scheduler is at ADDRESS "
                             "(tcp://host:8786; needs verify[cluster])  [default: [tool.verify] scheduler]")(command)


def int_semantics_option(command: Callable) -> Callable:
    """`--int-semantics bv|math|wrap`: how C integers are read (Python's are always unbounded)."""
    from .config import INT_SEMANTICS

    return click.option("--int-semantics", "semantics", type=click.Choice(INT_SEMANTICS), default=None,
                        help="C integers: bv (bit-precise, the default), math (unbounded) or wrap "
                             "(two's-complement wrap-around, as gcc -fwrapv and Java: signed overflow "
                             "is no failure). Python is always math.")(command)


def data_model_option(command: Callable) -> Callable:
    """`--data-model ILP32|LP64`: the width of C's `long` (as competition tasks state it)."""
    from .config import DATA_MODELS

    return click.option("--data-model", "data_model", type=click.Choice(DATA_MODELS, case_sensitive=False),
                        default=None,
                        help="C data model: LP64 (64-bit long, the default) or ILP32 (32-bit long), "
                             "or [tool.verify] data-model.")(command)
