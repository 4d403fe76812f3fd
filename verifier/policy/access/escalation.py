"""`verify policy escalation --snapshot PATH`: privilege escalation paths between the snapshot's identities.

A step from identity X to identity Y, each shown with its replayed request(s):

* assume: X may sts:AssumeRole on role Y (its trust policy and X's side both allow);
* pass-role: X may iam:PassRole on role Y, Y's trust policy lets a service that runs code assume it
  (`COMPUTE`), and X may create that service's code (the service's action on any resource);
* rewrite: X may change the permissions of Y (itself included): iam:CreatePolicyVersion on a managed
  policy Y carries, or iam:PutRolePolicy / iam:AttachRolePolicy on role Y, iam:PutUserPolicy /
  iam:AttachUserPolicy on user Y. Rewriting one's own policies reaches any permission (shown as Y = X).

Steps are searched with `find` (any request context), so each is a request the referee allows; a path is
a shortest chain of steps (breadth first). One result per identity that can reach another identity or
rewrite its own permissions: no, with the path in the message and its first step's request; yes when
none. Steps that come out unknown make that identity's answer unknown when no path is found.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from verifier.policy.access import formula
from verifier.policy.access.answers import ENGINE, counterexample, describe
from verifier.policy.access.find import Found, find
from verifier.policy.access.logic import evaluate
from verifier.policy.access.model import Identity, Snapshot
from verifier.policy.access.who_can import callers
from verifier.policy.ir import Request, RequestPrincipal
from verifier.result import Certificate, Location, Result, Verdict

CHECK = "access-escalation"

#: services that run code under a role passed to them, and the action that makes them run it
COMPUTE = {
    "lambda.amazonaws.com": "lambda:CreateFunction",
    "ec2.amazonaws.com": "ec2:RunInstances",
    "ecs-tasks.amazonaws.com": "ecs:RunTask",
    "glue.amazonaws.com": "glue:CreateJob",
    "cloudformation.amazonaws.com": "cloudformation:CreateStack",
    "codebuild.amazonaws.com": "codebuild:CreateProject",
}


@dataclass(frozen=True)
class Step:
    """One step from `source` to `target` and the requests that take it."""

    kind: str
    source: str
    target: str
    requests: tuple[Request, ...]


def escalation(snap: Snapshot, timeout: float, crosscheck: bool = False, start: str | None = None) -> list[Result]:
    """One result per identity (only `start`, when given): can it act as another identity, or rewrite
    permissions? Steps are found lazily, from the identities reached."""
    edges: dict[str, list[Step]] = {}
    doubts: dict[str, str] = {}
    starts = [start] if start else sorted(snap.identities)
    todo = list(starts)
    while todo:
        arn = todo.pop()
        if arn in edges:
            continue
        steps, doubt = _steps(snap, snap.identities[arn], timeout, crosscheck)
        edges[arn] = steps
        if doubt:
            doubts[arn] = doubt
        todo += [s.target for s in steps if s.target not in edges]
    return [_answer(snap, arn, edges, doubts) for arn in starts]


def _steps(snap: Snapshot, ident: Identity, timeout: float, crosscheck: bool) -> tuple[list[Step], str]:
    out: list[Step] = []
    doubt = ""

    def step_request(action: str, resource: str) -> Request | None:
        nonlocal doubt
        found = _can(snap, ident, action, resource, timeout, crosscheck)
        if found.status == "unknown" and not doubt:
            doubt = f"{action} on {resource}: {found.reason}"
        return found.request if found.status == "found" else None

    for other in sorted(snap.identities.values(), key=lambda i: i.arn):
        if other.kind == "role" and other.arn != ident.arn:
            assumed = step_request("sts:AssumeRole", other.arn)
            if assumed is not None:
                out.append(Step("assume", ident.arn, other.arn, (assumed,)))
                continue
            passed = _pass_role(snap, ident, other, step_request)
            if passed is not None:
                out.append(passed)
                continue
        rewrite = _rewrite(snap, other, step_request)
        if rewrite is not None:
            out.append(Step("rewrite", ident.arn, other.arn, (rewrite,)))
    return out, doubt


def _pass_role(snap: Snapshot, ident: Identity, role: Identity, step_request) -> Step | None:
    trust = snap.resources.get(role.arn)
    for service, action in COMPUTE.items():
        probe = Request("sts:AssumeRole", role.arn, RequestPrincipal("Service", service))
        if trust is None or not evaluate(snap, probe).allowed:
            continue
        passed = step_request("iam:PassRole", role.arn)
        if passed is None:
            return None
        run = step_request(action, "*")
        if run is not None:
            return Step("pass-role", ident.arn, role.arn, (passed, run))
    return None


def _rewrite(snap: Snapshot, target: Identity, step_request) -> Request | None:
    """A request changing `target`'s permissions, if the asking identity may make one."""
    kind = "Role" if target.kind == "role" else "User"
    for action in (f"iam:Put{kind}Policy", f"iam:Attach{kind}Policy"):
        found = step_request(action, target.arn)
        if found is not None:
            return found
    for policy in target.policies:
        label = snap.label(policy)
        if label.startswith("managed policy arn:"):
            found = step_request("iam:CreatePolicyVersion", label.removeprefix("managed policy "))
            if found is not None:
                return found
    return None


def _can(snap: Snapshot, ident: Identity, action: str, resource: str, timeout: float, crosscheck: bool) -> Found:
    target = snap.resource_of(resource, ident.account, action)
    last = Found("none")
    for caller in callers(snap, ident):
        last = find(formula.Case(snap, target, ident, caller), action=action, resource=resource, timeout=timeout,
                    crosscheck=crosscheck)
        if last.status != "none":
            return last
    return last


def _answer(snap: Snapshot, start: str, edges: dict[str, list[Step]], doubts: dict[str, str]) -> Result:
    t0 = time.perf_counter()
    paths = _paths(start, edges)
    if not paths:
        why = doubts.get(start)
        if why:
            return Result(CHECK, start, Location(snap.path), Verdict.UNKNOWN, engine=ENGINE,
                          reason=f"incomplete: a step could not be decided ({why})", time_s=time.perf_counter() - t0)
        message = f"{start} can neither act as another identity nor rewrite permissions"
        return Result(CHECK, start, Location(snap.path), Verdict.YES, engine=ENGINE, message=message,
                      certificate=Certificate("unsat", message, checked_by=["z3"]), time_s=time.perf_counter() - t0)
    reached = "; ".join(f"{target} by " + " -> ".join(f"{s.kind} {s.target}" for s in path)
                        for target, path in sorted(paths.items()))
    first = next(iter(paths.values()))[0].requests[0]
    requests = " | ".join(describe(r) for path in paths.values() for s in path for r in s.requests)
    cex = counterexample(snap, first, evaluate(snap, first))
    return Result(CHECK, start, Location(snap.path), Verdict.NO, engine=ENGINE, counterexample=cex,
                  message=f"{start} reaches {reached} (requests: {requests})", time_s=time.perf_counter() - t0)


def _paths(start: str, edges: dict[str, list[Step]]) -> dict[str, list[Step]]:
    """For every identity `start` reaches (itself, when it can rewrite its own permissions), a shortest chain."""
    found: dict[str, list[Step]] = {}
    queue: deque[tuple[str, list[Step]]] = deque([(start, [])])
    seen = {start}
    while queue:
        node, path = queue.popleft()
        for step in edges.get(node, []):
            if step.target == start and start not in found:
                found[start] = path + [step]
            if step.target not in seen:
                seen.add(step.target)
                found[step.target] = path + [step]
                queue.append((step.target, path + [step]))
    return found
