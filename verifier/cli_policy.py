"""`verify policy ...`: click commands only; the checks live in verifier.policy.checks.

Every subcommand takes --format text|json|sarif, --timeout, -q and -v, prints
through `verifier.report.emit` and exits with its code (0 all yes, 1 some no,
3 some unknown). Bad input -- a missing file, malformed JSON, a schema error,
a bad option value -- is one line ``file:line:col: error: ...`` on stderr and
exit 2; an internal error is one line and exit 4 (--traceback shows it).
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import wraps
from pathlib import Path
from typing import Callable

import click

from verifier.errors import InputError
from verifier.result import ExitCode, Result

FORMATS = click.Choice(["text", "json", "sarif"])


def _boundary(command: Callable) -> Callable:
    """Input errors -> one line, exit 2; anything unexpected -> one line, exit 4."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        show_traceback = kwargs.pop("traceback", False)
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(error.format(), err=True)
            sys.exit(ExitCode.BAD_INPUT)
        except Exception as exc:
            if show_traceback:
                raise
            click.echo(
                f"verify: error: INTERNAL ERROR: {type(exc).__name__}: {exc} (run again with --traceback and report it)",
                err=True,
            )
            sys.exit(ExitCode.INTERNAL_ERROR)

    return click.option("--traceback", is_flag=True, hidden=True)(wrapper)


def _options(command: Callable) -> Callable:
    """--format, --timeout, -q, -v (as every verify command has)."""
    command = click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")(
        command
    )
    command = click.option(
        "--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, help="Seconds per check."
    )(command)
    command = click.option("-q", "--quiet", is_flag=True, help="Only show checks that are not yes.")(command)
    command = click.option("-v", "--verbose", is_flag=True, help="Show every certificate.")(command)
    return _boundary(command)


def _finish(results: list[Result], errors: list[InputError], fmt: str, verbose: bool, quiet: bool) -> None:
    from verifier.report import emit

    for error in errors:
        click.echo(error.format(), err=True)
    code = emit(results, fmt, verbose=verbose, quiet=quiet)
    sys.exit(ExitCode.BAD_INPUT if errors else code)


def _each(paths: tuple[str, ...], run: Callable) -> tuple[list[Result], list[InputError]]:
    """Run `run(policy)` per file; with several files a bad one is reported and skipped."""
    from verifier.policy.parse import load_policy

    results: list[Result] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            out = run(load_policy(path))
        except InputError as error:
            if len(paths) == 1:
                raise
            errors.append(error)
            continue
        results.extend(out if isinstance(out, list) else [out])
    return results, errors


@click.group(name="policy")
def policy() -> None:
    """Questions about AWS IAM JSON policies, answered exactly, with a replayed request for every no."""


@policy.command()
@click.argument("files", nargs=-1, required=True)
@_options
def validate(files, fmt, timeout, quiet, verbose) -> None:
    """Grammar, schema and lint findings (unknown actions, malformed ARNs, redundant statements...)."""
    from verifier.policy import checks

    _finish(*_each(files, lambda p: checks.validate(p, timeout)), fmt, verbose, quiet)


@policy.command()
@click.argument("file")
@click.option("--action", required=True, help='The action, e.g. "s3:GetObject".')
@click.option("--resource", required=True, help='The resource ARN, or "*".')
@click.option("--principal", default=None, help='Who asks: an ARN, an account, "SERVICE.amazonaws.com", '
              '"KIND:VALUE" (KIND AWS, Service, Federated, CanonicalUser) or "anonymous".')
@click.option("--context", "context", multiple=True, metavar="KEY=VALUE",
              help="A condition key of the request; repeat a key for several values.")
@_options
def allows(file, action, resource, principal, context, fmt, timeout, quiet, verbose) -> None:
    """The concrete decision for one request, and the statement that decides it."""
    from verifier.policy import checks
    from verifier.policy.ir import Request
    from verifier.policy.parse import load_policy

    request = Request(action, resource, _principal(principal), _context(context))
    _finish([checks.allows(load_policy(file), request)], [], fmt, verbose, quiet)


@policy.command("no-public-access")
@click.argument("files", nargs=-1, required=True)
@click.option("--account", default=None, help="The account that owns the resource (12 digits).")
@_options
def no_public_access(files, account, fmt, timeout, quiet, verbose) -> None:
    """Does the policy grant access to the public (S3 Block Public Access's definition)?"""
    from verifier.policy import checks

    if account is not None and not re.fullmatch(r"\d{12}", account):
        raise InputError("--account", 0, 0, f'expected a 12-digit account number, got "{account}"', "usage")
    _finish(*_each(files, lambda p: checks.no_public_access(p, account, timeout)), fmt, verbose, quiet)


@policy.command("not-granted")
@click.argument("files", nargs=-1, required=True)
@click.option("--action", "actions", multiple=True, required=True, help='An action or pattern, e.g. "iam:*".')
@click.option("--resource", "resources", multiple=True, help="A resource ARN or pattern (default: any).")
@_options
def not_granted(files, actions, resources, fmt, timeout, quiet, verbose) -> None:
    """Does the policy allow none of the listed actions (on the listed resources)?"""
    from verifier.policy import checks
    from verifier.policy.catalogue import catalogue
    from verifier.policy.parse import action_pattern, resource_pattern

    patterns = tuple(action_pattern(a) for a in actions)
    for a, p in zip(actions, patterns):
        if not catalogue().matching(p):
            raise InputError("--action", 0, 0, f'"{a}" matches no action AWS documents', "usage")
    res = tuple(resource_pattern(r) for r in resources)
    _finish(*_each(files, lambda p: checks.not_granted(p, patterns, res, timeout)), fmt, verbose, quiet)


@policy.command("no-new-access")
@click.argument("old_or_new")
@click.argument("new", required=False)
@click.option("--against", "rev", default=None, metavar="REV", help="Compare NEW with itself at git revision REV.")
@_options
def no_new_access(old_or_new, new, rev, fmt, timeout, quiet, verbose) -> None:
    """Does NEW allow any request OLD denies?  (OLD NEW, or NEW --against REV.)"""
    from verifier.policy import checks
    from verifier.policy.parse import load_policy

    if (rev is None) == (new is None):
        raise InputError("no-new-access", 0, 0, "give OLD NEW, or NEW --against REV", "usage")
    if rev is None:
        old_policy, new_policy = load_policy(old_or_new), load_policy(new)
    else:
        new_policy = load_policy(old_or_new)
        old_policy = _at_revision(old_or_new, rev)
    _finish([checks.no_new_access(old_policy, new_policy, timeout)], [], fmt, verbose, quiet)


@policy.command()
@click.argument("a")
@click.argument("b")
@_options
def equiv(a, b, fmt, timeout, quiet, verbose) -> None:
    """Do A and B allow exactly the same requests?"""
    from verifier.policy import checks
    from verifier.policy.parse import load_policy

    _finish([checks.equiv(load_policy(a), load_policy(b), timeout)], [], fmt, verbose, quiet)


# ---- option values -------------------------------------------------------------------


def _at_revision(path: str, rev: str):
    """The policy at `path` as git has it at `rev`; absent there, a policy that allows nothing."""
    from verifier.policy.ir import Policy
    from verifier.policy.parse import decode, parse_policy

    where = Path(path).resolve()
    label = f"{rev}:{path}"
    try:
        shown = subprocess.run(
            ["git", "-C", str(where.parent), "show", f"{rev}:./{where.name}"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise InputError(path, 0, 0, "--against needs git, which is not installed", "file") from None
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        text = message[-1] if message else "git show failed"
        if "exists on disk, but not in" in text or "does not exist in" in text:
            return Policy(label + " (absent: allows nothing)", None, None, ())
        raise InputError(path, 0, 0, f"cannot read it at revision {rev}: {text}", "file")
    return parse_policy(decode(shown.stdout, label), label)


def _principal(text: str | None):
    from verifier.policy.ir import RequestPrincipal

    if text is None:
        return None
    if text.lower() in ("anonymous", "*"):
        return RequestPrincipal("Anonymous", "")
    kind, sep, value = text.partition(":")
    if sep and kind in ("AWS", "Service", "Federated", "CanonicalUser"):
        return RequestPrincipal(kind, value)
    if text.startswith("arn:"):
        return RequestPrincipal("AWS", text)
    if re.fullmatch(r"\d{12}", text):
        return RequestPrincipal("AWS", f"arn:aws:iam::{text}:root")
    if text.endswith(".amazonaws.com"):
        return RequestPrincipal("Service", text)
    raise InputError("--principal", 0, 0, f'cannot tell what kind of principal "{text}" is (write KIND:VALUE)', "usage")


def _context(items: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    values: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError("--context", 0, 0, f'expected KEY=VALUE, got "{item}"', "usage")
        names.setdefault(key.lower(), key)
        values.setdefault(key.lower(), []).append(value)
    return tuple((names[k], tuple(v)) for k, v in values.items())
