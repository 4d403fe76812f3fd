"""The `verify` command line: parse options, call the library, hand results to a reporter.

Exit codes (DESIGN.md): 0 all yes, 1 some no, 2 bad usage or input, 3 some
unknown and no no, 4 internal error (never read as a verdict).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from .errors import InputError
from .result import ExitCode

FORMATS = click.Choice(["text", "json", "sarif"])
SOURCE_SUFFIXES = (".c", ".py")


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
                raise
            click.echo(f"verify: error: INTERNAL ERROR: {type(exc).__name__}: {exc} "
                       "(run again with --traceback and report it)", err=True)
            sys.exit(ExitCode.INTERNAL_ERROR)

    return click.option("--traceback", is_flag=True, hidden=True, help="Show Python tracebacks of internal errors.")(wrapper)


def common_options(command: Callable) -> Callable:
    """--format, --timeout, -q, -v."""
    command = click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                           help="Output format.")(command)
    command = click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
                           help="Seconds per check (per function for programs).")(command)
    command = click.option("-q", "--quiet", is_flag=True, help="Only show checks that are not yes.")(command)
    command = click.option("-v", "--verbose", is_flag=True, help="Show traces and every certificate.")(command)
    return command


def expand_paths(paths: tuple[str, ...]) -> list[str]:
    """Files as given; directories expand to their C and Python files, sorted."""
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*") if f.suffix in SOURCE_SUFFIXES and f.is_file())
            if not found:
                raise InputError(p, 0, 0, "directory holds no .c or .py files", "file")
            files.extend(found)
        else:
            files.append(p)
    return files


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="verify", prog_name="verify")
def main() -> None:
    """Answer questions about C programs, Python functions and access policies
    with yes, no (with a replayed counterexample) or don't know (with the reason)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "checks", default="assert,overflow,div,shift", show_default=True,
              help="Comma-separated checks: assert, overflow, div, shift, termination.")
@click.option("--function", default=None, help="Only this function (default: main for C programs that have one, "
                                               "else every function).")
@click.option("--int-semantics", "semantics", type=click.Choice(["bv", "math"]), default=None,
              help="C integers: bv (bit-precise, the default) or math (unbounded). Python is always math.")
@common_options
@guarded
def prove(paths, checks, function, semantics, fmt, timeout, quiet, verbose) -> None:
    """Prove assertions, absence of overflow, division by zero and bad shifts."""
    from .prove import parse_checks, prove_paths
    from .report import emit

    selected = parse_checks(checks)
    results, errors = [], []
    for path in expand_paths(paths):
        try:
            results.extend(prove_paths([path], function, selected, semantics, timeout))
        except InputError as error:
            if len(paths) == 1 and not Path(paths[0]).is_dir():
                raise
            errors.append(error)
    for error in errors:
        click.echo(error.format(), err=True)
    code = emit(results, fmt, verbose=verbose, quiet=quiet)
    sys.exit(ExitCode.BAD_INPUT if errors else code)


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--int-semantics", "semantics", type=click.Choice(["bv", "math"]), default=None,
              help="C integers: bv (bit-precise, the default) or math (unbounded).")
@common_options
@guarded
def terminates(targets, semantics, fmt, timeout, quiet, verbose) -> None:
    """Prove that PATH[:FUNC] always terminates (ranking function) or find an
    input that runs forever."""
    from .load import load_program
    from .prove import prove_function, select_functions
    from .report import emit

    results = []
    for target in targets:
        path, _, function = target.partition(":") if not Path(target).exists() else (target, "", "")
        program = load_program(path, semantics)
        for name in select_functions(program, function or None):
            results.extend(prove_function(program, name, ("termination",), timeout))
    sys.exit(emit(results, fmt, verbose=verbose, quiet=quiet))


def _register_optional_commands() -> None:
    """Commands whose modules may be absent in a partial install."""
    try:
        from .cli_policy import policy
    except ImportError:
        return
    main.add_command(policy)


_register_optional_commands()

if __name__ == "__main__":
    main()
