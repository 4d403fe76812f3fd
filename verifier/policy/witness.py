"""Make a replayed counterexample read like a real request.

`polish(request, holds, ...)` tries nicer values field by field (a real
principal ARN, a resource ARN in the format the action documents, fewer
context keys) and keeps each change only if `holds` -- the check's property,
judged by the concrete evaluator -- still holds. The result is therefore
always a counterexample as good as the one it started from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Iterable

from verifier.policy.catalogue import Catalogue
from verifier.policy.globs import formats_regex
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.templates.symbols import PREFIX as TEMPLATE_PREFIX

#: a fixed example account (AWS's documentation uses it too)
EXAMPLE_ACCOUNT = "111122223333"
#: AWS's partitions (the first field of every ARN)
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
#: how many actions of a class are tried when looking for a matching resource format
MAX_ACTIONS_TRIED = 40

Holds = Callable[[Request], bool]


def polish(request: Request, holds: Holds, cat: Catalogue, actions: Iterable[int]) -> Request:
    """A counterexample at least as readable as `request`; `actions` are the
    catalogue indices interchangeable with its action."""
    request = _principal(request, holds)
    request = _context(request, holds, only=TEMPLATE_PREFIX)  # template values back to their examples first
    request = _action_and_resource(request, holds, cat, actions)
    request = _context(request, holds)
    return request


def fits_format(request: Request, cat: Catalogue) -> bool:
    """The resource is in an ARN format AWS documents for the action ("*" when it documents none)."""
    i = cat.lookup(request.action)
    if i is None:
        return False
    templates = cat.templates[i]
    if not templates:
        return request.resource == "*"
    return formats_regex(list(templates)).fullmatch(request.resource) is not None


def _principal(req: Request, holds: Holds) -> Request:
    who = req.principal
    if who is None or who.kind != "AWS":
        return req
    account = _account(who.value) or EXAMPLE_ACCOUNT
    for value in (f"arn:aws:iam::{account}:user/alice", f"arn:aws:iam::{account}:root"):
        candidate = replace(req, principal=RequestPrincipal("AWS", value))
        if value != who.value and holds(candidate):
            return candidate
    return req


def _action_and_resource(req: Request, holds: Holds, cat: Catalogue, actions: Iterable[int]) -> Request:
    account = _account(req.principal.value if req.principal else "") or EXAMPLE_ACCOUNT
    first = cat.lookup(req.action)
    tried = 0
    for i in _prefer(first, actions):
        tried += 1
        if tried > MAX_ACTIONS_TRIED:
            break
        name = cat.actions[i]
        for resource in _resources(req.resource, cat.templates[i], account):
            candidate = replace(req, action=name, resource=resource)
            if holds(candidate):
                return candidate
    return req


def _prefer(first: int | None, actions: Iterable[int]) -> list[int]:
    out = [first] if first is not None else []
    for i in actions:
        if i != first:
            out.append(i)
        if len(out) > MAX_ACTIONS_TRIED:
            break
    return out


def _resources(current: str, templates: tuple[str, ...], account: str) -> list[str]:
    """Candidates: the action's ARN formats filled in (alone, then keeping the
    current resource part), then the current resource tidied, then as it is."""
    if not templates:
        return ["*", current]
    parts = current.split(":", 5) if current.startswith("arn:") else []
    names = {"Partition": "aws", "Region": "us-east-1", "Account": account}
    if len(parts) == 6:
        names["Partition"] = parts[1] if parts[1] in PARTITIONS else "aws"
        names["Region"] = parts[3] or "us-east-1"
        names["Account"] = parts[4] if re.fullmatch(r"\d{12}", parts[4]) else account
    tail = parts[5] + "example" if len(parts) == 6 and parts[5].endswith("/") else (parts[5] if len(parts) == 6 else "")
    out = []
    regions = ["us-east-1", names["Region"]] if names["Region"] != "us-east-1" else ["us-east-1"]
    for template in sorted(templates, key=lambda t: t.count("${")):  # the plainest format first
        for region in regions:  # a real region first
            names["Region"] = region
            filled = re.sub(r"\$\{(\w+)\}", lambda m: names.get(m.group(1), _example(m.group(1))), template)
            out.append(filled)
            head = filled.split(":", 5)
            if len(parts) == 6 and len(head) == 6 and head[2] == parts[2]:
                out.append(":".join(head[:5] + [tail]))
    if current.endswith(("/", ":")):
        out.append(current + "example")
    out.append(current)
    return out


def _example(name: str) -> str:
    stem = re.sub(r"(Name|Id|ID)$", "", name) or name
    return "example-" + re.sub(r"(?<!^)(?=[A-Z])", "-", stem).lower()


def _context(req: Request, holds: Holds, only: str = "") -> Request:
    """Drop the context keys (those starting with `only`) the property does not need."""
    for key, _ in req.context:
        if not key.lower().startswith(only):
            continue
        candidate = replace(req, context=tuple(kv for kv in req.context if kv[0] != key))
        if holds(candidate):
            req = candidate
    return req


def _account(arn: str) -> str | None:
    parts = arn.split(":")
    if len(parts) > 4 and re.fullmatch(r"\d{12}", parts[4]):
        return parts[4]
    return None
