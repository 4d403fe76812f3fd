"""Entry points of the pre-commit hooks (`.pre-commit-hooks.yaml`).

``python -m verifier.hooks prove [OPTIONS] FILE...`` -- the `verify` hook:
keeps the staged C and Python files that `[tool.verify]` include/exclude
select, and runs `verify prove` on them (options are passed through).

``python -m verifier.hooks policy [--policies GLOB]... [--against REV] [OPTIONS] FILE...``
-- the `verify-policy` hook: keeps the staged files that the policy globs
select (``--policies``, else `[tool.verify] policies`, else file names or
directories that say "policy"/"policies", and policy documents and templates
told by their content: policy_files.py), says how many, then runs `verify policy validate`
and `verify policy no-public-access` on them, and `verify policy no-new-access
FILE --against REV` (default ``HEAD``) on each one that already existed at
REV. The exit status is the worst of the three: 130 interrupted, 4 internal
error, 2 bad input, 1 some no, 3 some unknown, 0 all yes (any other status
fails the hook too: only 0 from every command passes it).

``python -m verifier.hooks network [--against REV] [--port PORTS] FILE...`` -- the
`verify-network` hook: `verify network no-new-reachability --against REV` on the staged
network templates that existed at REV, `no-public-ingress --port PORTS` on new ones
(network_hook); the exit status is the worst, as above.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .config import load_config
from .policy_files import policy_files

#: output width when pre-commit captures the output (counterexample tables are not cut at 80 columns)
HOOK_COLUMNS = 160
#: the worst exit status first
_SEVERITY = (130, 4, 2, 1, 3)


def main(argv: list[str] | None = None) -> int:
    """Run the hook named by argv[0]; the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not sys.stdout.isatty():  # pre-commit captures output: give tables room (rich reads COLUMNS)
        os.environ.setdefault("COLUMNS", str(HOOK_COLUMNS))
    hooks = {"prove": prove_hook, "policy": policy_hook, "network": network_hook}
    if not argv or argv[0] not in hooks:
        print("usage: python -m verifier.hooks {prove|policy|network} [OPTIONS] FILE...", file=sys.stderr)
        return 2
    try:
        return hooks[argv[0]](argv[1:])
    except KeyboardInterrupt:
        print("verify: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback in a commit
        from .errors import InputError

        if isinstance(exc, InputError):
            print(exc.format(), file=sys.stderr)
            return 2
        print(f"verify: error: INTERNAL ERROR: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 4


def prove_hook(args: list[str]) -> int:
    options, files = _split(args, _PROVE_VALUED)
    config = load_config()
    chosen = [f for f in files if f.endswith((".c", ".py")) and config.selects(f)]
    if not chosen:
        return 0
    return _verify(["prove", *options, *chosen])


def policy_hook(args: list[str]) -> int:
    globs: list[str] = []
    against = "HEAD"
    rest: list[str] = []
    i = 0
    while i < len(args):
        if args[i] == "--policies" and i + 1 < len(args):
            globs.append(args[i + 1])
            i += 2
        elif args[i].startswith("--policies="):
            globs.append(args[i].split("=", 1)[1])
            i += 1
        elif args[i] == "--against" and i + 1 < len(args):
            against = args[i + 1]
            i += 2
        else:
            rest.append(args[i])
            i += 1
    options, files = _split(rest, _POLICY_VALUED)
    chosen = policy_files(files, load_config(), tuple(globs))
    if not chosen:
        print(f"verify-policy: nothing checked: no IAM policy or template with policies among {len(files)} file(s)")
        return 0
    print(f"verify-policy: checking {len(chosen)} policy file(s), template(s) or module(s)")
    codes = [_verify(["policy", "validate", *options, *chosen]),
             _verify(["policy", "no-public-access", *options, *chosen])]
    for path in chosen:
        if not Path(path).is_dir() and _exists_at(path, against):
            codes.append(_verify(["policy", "no-new-access", path, "--against", against, *options]))
    return worst_status(codes)


def network_hook(args: list[str]) -> int:
    """The `verify-network` hook: `no-new-reachability --against REV` (default HEAD) on each staged network
    template or module that existed at REV, `no-public-ingress --port PORTS` (default 22,3389) on the others;
    a staged .tf file stands for its directory's module."""
    from .network.load import is_network_template

    against, ports, rest = "HEAD", "22,3389", []
    i = 0
    while i < len(args):
        if args[i] in ("--against", "--port") and i + 1 < len(args):
            against, ports = (args[i + 1], ports) if args[i] == "--against" else (against, args[i + 1])
            i += 2
        else:
            rest.append(args[i])
            i += 1
    options, files = _split(rest, _POLICY_VALUED)
    chosen = sorted({str(Path(f).parent) if f.endswith(".tf") else f for f in files if is_network_template(f)})
    if not chosen:
        print(f"verify-network: nothing checked: no network template among {len(files)} file(s)")
        return 0
    print(f"verify-network: checking {len(chosen)} network template(s) or module(s)")
    codes = []
    for path in chosen:
        if _exists_at(path, against):
            codes.append(_verify(["network", "no-new-reachability", path, "--against", against, *options]))
        else:
            codes.append(_verify(["network", "no-public-ingress", path, "--port", ports, *options]))
    return worst_status(codes)


def worst_status(codes: list[int]) -> int:
    """The exit status of several commands: the worst known one, else any
    other failure, else 0 (only when every command passed)."""
    return next((c for c in _SEVERITY if c in codes), next((c for c in codes if c != 0), 0))


#: options of the wrapped commands that take a value (so their value is not taken for a file)
_PROVE_VALUED = {"--check", "--function", "--int-semantics", "--timeout", "--format", "-j", "--jobs", "--scheduler"}
_POLICY_VALUED = {"--timeout", "--format", "--account", "--scheduler"}


def _split(args: list[str], valued: set[str]) -> tuple[list[str], list[str]]:
    options, files = [], []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            files.extend(args[i + 1:])
            break
        if arg.startswith("-"):
            options.append(arg)
            if arg in valued and i + 1 < len(args):
                options.append(args[i + 1])
                i += 1
        else:
            files.append(arg)
        i += 1
    return options, files


def _verify(args: list[str]) -> int:
    """Run one `verify` command in this process; its exit status."""
    from .cli import main as cli

    sys.stdout.flush()
    try:
        cli.main(args=args, prog_name="verify", standalone_mode=True)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0


def _exists_at(path: str, rev: str) -> bool:
    """Whether git has `path` at revision `rev` (False outside a repository or before the first commit)."""
    where = Path(path).resolve()
    try:
        shown = subprocess.run(["git", "-C", str(where.parent), "cat-file", "-e", f"{rev}:./{where.name}"],
                               capture_output=True, check=False)
    except FileNotFoundError:
        return False
    return shown.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
