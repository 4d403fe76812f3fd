"""`verify network ...`: who can reach what port, from CloudFormation and Terraform templates.

Each subcommand reads its templates (verifier.network.load), asks its question
(verifier.network.questions) under one --timeout, prints through the shared
reporter and exits with its code (0 all yes, 1 some no, 3 some unknown). Bad
input -- a missing file, a template that does not parse, an endpoint the template
does not define, a bad option value -- is one line ``file:line:col: error: ...``
on stderr and exit 2.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import click

from .cli_options import common_options, guarded
from .config import DEFAULT_TIMEOUT
from .errors import InputError
from .result import Result

PORTS_HELP = "Destination ports: a list such as 22,3389 or ranges such as 1024-2048."
PROTOCOLS_HELP = "Protocols: tcp, udp, icmp, all, or IANA numbers, comma-separated."


@click.group(name="network")
def network() -> None:
    """Who can reach what port: security groups, network ACLs, routes, gateways, peering and
    load balancers read from CloudFormation and Terraform, with a packet and its path for every no."""


@network.command("no-public-ingress")
@click.argument("templates", nargs=-1, required=True)
@click.option("--port", "ports", default=None, help=PORTS_HELP + "  [default: every port]")
@click.option("--protocol", "protocols", default=None,
              help=PROTOCOLS_HELP + "  [default: tcp,udp with --port, else all]")
@common_options
@guarded
def no_public_ingress(templates, ports, protocols, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Can no packet from the internet reach any instance or load balancer (on these ports)?"""
    from .network.load import load_network
    from .network.questions import no_public_ingress as ask

    port_ranges = _ranges(ports, "--port", 65535) if ports else None
    proto_ranges = _protocols(protocols or ("tcp,udp" if ports else "all"))
    deadline = _deadline(timeout)
    results: list[Result] = []
    for path in templates:
        results += ask(load_network(path), port_ranges, proto_ranges, deadline)
    _report(results, fmt, quiet, verbose)


@network.command("can-reach")
@click.argument("source")
@click.argument("target")
@click.option("--port", "ports", required=True, help=PORTS_HELP)
@click.option("--protocol", "protocols", default="tcp", show_default=True, help=PROTOCOLS_HELP)
@click.option("-t", "--template", "template", default=None,
              help="The template or module; else name SRC and DST as PATH:ID.")
@common_options
@guarded
def can_reach(source, target, ports, protocols, template, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Does some packet from SOURCE (an instance or load balancer, or "internet") reach TARGET on the port?"""
    from .network.questions import can_reach as ask

    net, (src, dst) = _endpoints(template, (source, target), allow_internet=(True, False))
    deadline = _deadline(timeout)
    _report([ask(net, src, dst, _ranges(ports, "--port", 65535), _protocols(protocols), deadline)], fmt, quiet, verbose)


@network.command()
@click.argument("a")
@click.argument("b")
@click.option("-t", "--template", "template", default=None,
              help="The template or module; else name A and B as PATH:ID.")
@common_options
@guarded
def isolated(a, b, template, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Does no packet (any protocol, any port) go from A to B or from B to A?"""
    from .network.questions import isolated as ask

    net, (x, y) = _endpoints(template, (a, b), allow_internet=(False, False))
    _report([ask(net, x, y, _deadline(timeout))], fmt, quiet, verbose)


@network.command("no-new-reachability")
@click.argument("old_or_new")
@click.argument("new", required=False)
@click.option("--against", "rev", default=None, metavar="REV", help="Compare NEW with itself at git revision REV.")
@common_options
@guarded
def no_new_reachability(old_or_new, new, rev, fmt, timeout, quiet, verbose, jobs, no_cache) -> None:
    """Does nothing reach an endpoint of NEW that could not reach it in OLD?  (OLD NEW, or NEW --against REV.)"""
    from .network.load import load_network
    from .network.questions import no_new_reachability as ask

    if (rev is None) == (new is None):
        raise InputError("no-new-reachability", 0, 0, "give OLD NEW, or NEW --against REV", "usage")
    deadline = _deadline(timeout)
    if rev is None:
        old_net, new_net = load_network(old_or_new), load_network(new)
    else:
        new_net, old_net = load_network(old_or_new), _at_revision(old_or_new, rev)
    _report(ask(old_net, new_net, deadline), fmt, quiet, verbose)


# ---- helpers -------------------------------------------------------------------------


def _deadline(timeout: float | None):
    from .config import load_config
    from .deadline import Deadline

    seconds = timeout if timeout is not None else (load_config().timeout or DEFAULT_TIMEOUT)
    return Deadline.after(seconds)


def _report(results: list[Result], fmt: str, quiet: bool, verbose: bool) -> None:
    from .config import load_config
    from .per_file import Run
    from .workflow import finish

    sys.exit(finish(Run(results=results), fmt, quiet, verbose, load_config()))


def _ranges(text: str, option: str, top: int) -> tuple[tuple[int, int], ...]:
    """"22,3389,1024-2048" as inclusive ranges."""
    out = []
    for part in text.split(","):
        low, sep, high = part.strip().partition("-")
        try:
            lo, hi = int(low), int(high) if sep else int(low)
        except ValueError:
            raise InputError(option, 0, 0, f'expected numbers or ranges such as 22,1024-2048, got "{text}"',
                             "usage") from None
        if not 0 <= lo <= hi <= top:
            raise InputError(option, 0, 0, f'"{part}" is not within 0-{top}', "usage")
        out.append((lo, hi))
    return tuple(out)


def _protocols(text: str) -> tuple[tuple[int, int], ...] | None:
    from .network.addresses import ANY_PROTOCOL, PROTOCOL_NAMES

    out = []
    for part in text.split(","):
        name = part.strip().lower()
        number = PROTOCOL_NAMES.get(name)
        if number is None and name.isdigit() and int(name) <= 255:
            number = int(name)
        if number is None:
            raise InputError("--protocol", 0, 0, f'unknown protocol "{part}" (tcp, udp, icmp, all or 0-255)', "usage")
        if number == ANY_PROTOCOL:
            return None
        out.append((number, number))
    return tuple(out)


def _endpoints(template: str | None, names: tuple[str, ...], allow_internet: tuple[bool, ...]):
    """The network and the endpoint ids `names` stand for (an id, a Terraform name without its type, or PATH:ID)."""
    from .network.load import load_network
    from .network.paths import INTERNET

    if template is None:
        paths = {n.rpartition(":")[0] for n, ok in zip(names, allow_internet) if not (ok and n == INTERNET)}
        if len(paths) != 1 or "" in paths:
            raise InputError(names[-1], 0, 0, "name the endpoints as PATH:ID in one template, or give --template", "usage")
        template = paths.pop()
        names = tuple(n if ok and n == INTERNET else n.rpartition(":")[2] for n, ok in zip(names, allow_internet))
    net = load_network(template)
    ids = tuple(n if ok and n == INTERNET else _endpoint(net, n, template) for n, ok in zip(names, allow_internet))
    if len(set(ids)) != len(ids):
        raise InputError(template, 0, 0, f'name two different endpoints (both are "{ids[0]}")', "usage")
    return net, ids


def _endpoint(net, name: str, template: str) -> str:
    if name in net.endpoints:
        return name
    matches = [e for e in net.endpoints if e.split(".", 1)[-1] == name]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(sorted(net.endpoints)) or "none"
    raise InputError(template, 0, 0, f'no instance or load balancer "{name}" in the template (known: {known})', "usage")


def _at_revision(path: str, rev: str):
    """The network of `path` (a template, or a module directory's .tf files) as git has it at `rev`;
    absent there, an empty network (nothing reached anything)."""
    from .network.ir import Network
    from .network.load import load_network

    where = Path(path)
    names = _tf_files_at(where, rev) if where.is_dir() else [where.name]
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            shown = _git(where if where.is_dir() else where.resolve().parent, "show", f"{rev}:./{name}")
            if shown.returncode != 0:
                text = shown.stderr.decode("utf-8", "replace").strip()
                if "exists on disk, but not in" in text or "does not exist in" in text:
                    return Network(f"{rev}:{path} (absent)")
                last = text.splitlines()[-1] if text else "git show failed"
                raise InputError(path, 0, 0, f"cannot read it at revision {rev}: {last}", "file")
            (Path(tmp) / name).write_bytes(shown.stdout)
        if not names:
            return Network(f"{rev}:{path} (absent)")
        net = load_network(tmp if where.is_dir() else str(Path(tmp) / where.name))
    net.file = f"{rev}:{path}"
    return net


def _tf_files_at(directory: Path, rev: str) -> list[str]:
    """The .tf files of `directory` at `rev` (none if it did not exist)."""
    listed = _git(directory, "ls-tree", "--name-only", rev, "--", ".")
    if listed.returncode != 0:
        last = listed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(str(directory), 0, 0, f"cannot read it at revision {rev}: {last[-1] if last else 'git failed'}",
                         "file")
    return [n for n in listed.stdout.decode("utf-8", "replace").splitlines() if n.endswith(".tf") and "/" not in n]


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(directory.resolve()), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError(str(directory), 0, 0, "--against needs git, which is not installed", "file") from None
