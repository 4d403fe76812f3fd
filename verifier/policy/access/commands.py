"""The bodies of the snapshot commands (`verify policy can|who-can|external-access`, `no-new-access --snapshot`).

Each reads its snapshot(s), answers, and returns the results; cli_policy.py
reports them with the shared reporter (exit 0 all yes, 1 some no, 2 bad input,
3 some unknown). Who-can and external-access also print, in text format, a
table of the principals or resources that can be reached, each with its
witness request.
"""

from __future__ import annotations

from typing import IO

from verifier.errors import InputError
from verifier.policy.access.model import Snapshot
from verifier.policy.catalogue import catalogue
from verifier.policy.ir import Request, RequestPrincipal
from verifier.result import Result, Verdict


def can_command(principal: RequestPrincipal, action: str, resource: str,
                context: tuple[tuple[str, tuple[str, ...]], ...], snapshot: str, session: str | None) -> list[Result]:
    from verifier.policy.access.can import can
    from verifier.policy.access.snapshot import load_snapshot

    snap = load_snapshot(snapshot)
    return [can(snap, Request(action, resource, as_caller(snap, principal), context), _session(session))]


def who_can_command(action: str, resource: str, snapshot: str, timeout: float, session: str | None) -> list[Result]:
    from verifier.policy.access.snapshot import load_snapshot
    from verifier.policy.access.who_can import who_can

    known_action(action)
    return who_can(load_snapshot(snapshot), action, resource, timeout, session=_session(session))


def _session(path: str | None):
    """The session policy file given with --session-policy (it limits roles' sessions), if any."""
    from verifier.policy.parse import load_policy

    return load_policy(path) if path else None


def external_command(snapshot: str, zone: str, timeout: float, jobs: int, quiet: bool,
                     scheduler: str | None = None) -> list[Result]:
    from verifier.policy.access.external import external_access
    from verifier.policy.access.snapshot import load_snapshot

    return external_access(load_snapshot(snapshot), zone, timeout, jobs=jobs, quiet=quiet, scheduler=scheduler)


def no_new_access_command(old: str, new: str, timeout: float) -> list[Result]:
    from verifier.policy.access.changes import no_new_access
    from verifier.policy.access.snapshot import load_snapshot

    return no_new_access(load_snapshot(old), load_snapshot(new), timeout)


def escalation_command(snapshot: str, start: str | None, timeout: float) -> list[Result]:
    from verifier.policy.access.escalation import escalation
    from verifier.policy.access.snapshot import load_snapshot

    snap = load_snapshot(snapshot)
    if start is not None and start not in snap.identities:
        raise InputError("--from", 0, 0, f"{start} is none of the snapshot's users or roles (give its ARN)", "usage")
    return escalation(snap, timeout, start=start)


def as_caller(snap: Snapshot, who: RequestPrincipal) -> RequestPrincipal:
    """A role of the snapshot, named by its ARN, asks through a session of it."""
    ident = snap.identities.get(who.value) if who.kind == "AWS" else None
    return ident.caller() if ident is not None else who


def known_action(action: str) -> None:
    if catalogue().lookup(action) is None:
        raise InputError("ACTION", 0, 0, f'"{action}" is not an action AWS documents', "usage")


def print_table(results: list[Result], title: str, stream: IO[str]) -> None:
    """The answers that are no (reachable), one row each with its witness request."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in ("who / what", "action", "resource", "context"):
        table.add_column(column, overflow="fold")
    for r in results:
        if r.verdict != Verdict.NO or r.counterexample is None or r.counterexample.request is None:
            continue
        req = r.counterexample.request
        principal = req.get("principal")
        who = r.target if principal is None else f"{r.target}\n  as {_principal_text(principal)}"
        ctx = ", ".join(f"{k}={v}" for k, v in (req.get("context") or {}).items())
        table.add_row(who, req["action"], req["resource"], ctx)
    counts = {v: sum(r.verdict == v for r in results) for v in Verdict}
    Console(file=stream, width=160).print(table)
    stream.write(f"{counts[Verdict.NO]} can, {counts[Verdict.YES]} cannot, {counts[Verdict.UNKNOWN]} unknown\n")


def _principal_text(principal: object) -> str:
    if isinstance(principal, dict):
        kind, value = next(iter(principal.items()))
        return value if kind == "AWS" else f"{kind} {value}"
    return str(principal)

