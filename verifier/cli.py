"""The `verify` command line: parse options, call the library, hand results to a reporter.

Exit codes (DESIGN.md): 0 all yes, 1 some no, 2 bad usage or input, 3 some
unknown and no no, 4 internal error (never read as a verdict).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from functools import wraps


def _interrupted_while_loading(signum, frame) -> None:
    """^C before any command runs: one line and exit 130 (nothing started yet that needs stopping)."""
    print("verify: interrupted", file=sys.stderr)
    raise SystemExit(130)


try:  # click and the rest load in a few hundred milliseconds: a ^C meanwhile is no traceback either
    _SIGINT_BEFORE = signal.signal(signal.SIGINT, _interrupted_while_loading)
except ValueError:  # not the main thread: leave signals alone
    _SIGINT_BEFORE = None

import click  # noqa: E402

from .errors import InputError  # noqa: E402
from .result import ExitCode  # noqa: E402

FORMATS = click.Choice(["text", "json", "sarif"])


def _fail_input(error: InputError) -> None:
    click.echo(error.format(), err=True)
    sys.exit(ExitCode.BAD_INPUT)


def guarded(command: Callable) -> Callable:
    """Turn input errors into one line + exit 2 and anything unexpected into one
    line + exit 4 (with the traceback only under --traceback)."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        show_traceback = kwargs.pop("traceback", False)
        try:
            return command(*args, **kwargs)
        except InputError as error:
            _fail_input(error)
        except KeyboardInterrupt:
            click.echo("verify: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # the crash hook: a diagnostic, never a traceback by default
            if show_traceback:
                if getattr(exc, "worker_traceback", None):
                    click.echo(exc.worker_traceback, err=True)
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


def data_model_option(command):
    """`--data-model ILP32|LP64`: the width of C's `long` (as competition tasks state it)."""
    from .config import DATA_MODELS

    return click.option("--data-model", "data_model", type=click.Choice(DATA_MODELS, case_sensitive=False),
                        default=None,
                        help="C data model: LP64 (64-bit long, the default) or ILP32 (32-bit long), "
                             "or [tool.verify] data-model.")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="verify", prog_name="verify")
def main() -> None:
    """Answer questions about C programs, Python functions and access policies
    with yes, no (with a replayed counterexample) or don't know (with the reason).

    Options may also come from [tool.verify] in the nearest pyproject.toml;
    command-line options win."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "checks", default=None,
              help="Comma-separated checks: assert, overflow, div, shift, termination  "
                   "[default: assert,overflow,div,shift, or [tool.verify] checks]")
@click.option("--function", default=None, help="Only this function (default: main for C programs that have one, "
                                               "else every function).")
@click.option("--int-semantics", "semantics", type=click.Choice(["bv", "math"]), default=None,
              help="C integers: bv (bit-precise, the default) or math (unbounded). Python is always math.")
@data_model_option
@common_options
@guarded
def prove(paths, checks, function, semantics, data_model, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Prove assertions, absence of overflow, division by zero and bad shifts."""
    from .workflow import prove_command

    sys.exit(prove_command(paths, checks, function, semantics, timeout, jobs, no_cache, fmt, quiet, verbose,
                           data_model=data_model))


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--int-semantics", "semantics", type=click.Choice(["bv", "math"]), default=None,
              help="C integers: bv (bit-precise, the default) or math (unbounded).")
@data_model_option
@common_options
@guarded
def terminates(targets, semantics, data_model, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Prove that PATH[:FUNC] always terminates (ranking function) or find an
    input that runs forever."""
    from .workflow import terminates_command

    sys.exit(terminates_command(targets, semantics, timeout, jobs, no_cache, fmt, quiet, verbose,
                                data_model=data_model))


def _register_optional_commands() -> None:
    """Commands whose modules may be absent in a partial install."""
    try:
        from .cli_policy import policy
    except ImportError:
        pass
    else:
        main.add_command(policy)
    try:
        from .cli_equiv import equiv
    except ImportError:
        pass
    else:
        main.add_command(equiv)


_register_optional_commands()
if _SIGINT_BEFORE is not None:
    signal.signal(signal.SIGINT, _SIGINT_BEFORE)  # from here on ^C is a KeyboardInterrupt, which `guarded` ends cleanly

if __name__ == "__main__":
    main()
