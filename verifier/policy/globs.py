"""Policy patterns as globs (automata.Pred), per matching mode, for the encoding.

Modes: ``resource`` (IAM's ARN rule: a wildcard stays in its colon-separated
segment unless a `*` ends the segment), ``like`` (StringLike: `*` and `?`
match anything), ``equals`` (literal), ``ignorecase`` (literal, ASCII case
folded), ``arn`` (ArnLike/ArnEquals: six parts compared one by one). Patterns
holding policy variables have no glob (`pred` raises ValueError); the encoding
handles them with z3 strings. Also the fixed shapes the encoding restricts
subjects to: a resource is "*" or an ARN; an AWS principal is an IAM/STS ARN.
"""

from __future__ import annotations

import re

from verifier.policy.automata import ANY, ANY_NAME, ANY_NC, ONE, ONE_NAME, ONE_NC, Elem, Glob, Pred, lit
from verifier.policy.ir import Pattern, Var, Wild

def pred(mode: str, pattern: Pattern) -> Pred:
    """The pattern as a union of globs under `mode`."""
    if pattern.variables:
        raise ValueError("a pattern with policy variables has no glob")
    if mode == "arn":
        return _arn(pattern)
    return (glob(mode, pattern.parts),)


def glob(mode: str, parts: tuple) -> Glob:
    """Parts (str, Wild; no Var) as one glob under `mode` (not "arn")."""
    out: list[Elem] = []
    for i, part in enumerate(parts):
        if isinstance(part, Var):
            raise ValueError("a pattern with policy variables has no glob")
        if isinstance(part, Wild):
            out.append(_wild(mode, part, parts[i + 1] if i + 1 < len(parts) else None))
        else:
            out.extend(lit(part, ignore_case=mode == "ignorecase"))
    return tuple(out)


def star_ends_segment(after: object) -> bool:
    """IAM: a `*` that is the last character of an ARN segment may run past colons."""
    return after is None or (isinstance(after, str) and after.startswith(":"))


def _wild(mode: str, w: Wild, after: object) -> Elem:
    if mode == "resource":
        if w.char == "?":
            return ONE_NC
        return ANY if star_ends_segment(after) else ANY_NC
    if mode == "like":
        return ANY if w.char == "*" else ONE
    # equals/ignorecase patterns are parsed without wildcards
    raise ValueError(f"no wildcard in mode {mode}")


def _arn(pattern: Pattern) -> Pred:
    comps: list[list[Elem]] = [[]]
    for part in pattern.parts:
        if isinstance(part, Wild):
            last = len(comps) == 6
            if part.char == "*":
                comps[-1].append(ANY if last else ANY_NC)
            else:
                comps[-1].append(ONE if last else ONE_NC)
            continue
        for j, chunk in enumerate(str(part).split(":")):
            if j > 0:
                if len(comps) < 6:
                    comps.append([])
                else:
                    comps[-1].extend(lit(":"))
            comps[-1].extend(lit(chunk))
    if len(comps) != 6:
        return ()  # not an ARN: matches nothing
    out: list[Elem] = []
    for k, comp in enumerate(comps):
        if k:
            out.extend(lit(":"))
        out.extend(comp)
    return (tuple(out),)


def formats(templates: list[str]) -> Pred:
    """Resources in one of the documented ARN formats `templates` ("arn:${Partition}:s3:::${BucketName}"),
    read as `formats_regex` reads them."""
    out = []
    for template in templates:
        elems: list[Elem] = []
        for piece, kind in _placeholders(template):
            if kind == "text":
                elems.extend(lit(piece))
            else:
                elems.extend({"path": [ONE, ANY], "name": [ONE_NAME, ANY_NAME]}[kind])
        out.append(tuple(elems))
    return tuple(out)


def formats_regex(templates: list[str]) -> re.Pattern[str]:
    """A documented ARN format as a regex: a placeholder of `PLAIN_NAMES` is one name (no ':' or
    '/'), any other one or more characters."""
    regex = {"path": ".+", "name": "[^:/]+"}
    alternatives = ["".join(re.escape(p) if k == "text" else regex[k] for p, k in _placeholders(t)) for t in templates]
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.DOTALL)


#: placeholders whose values AWS documents as plain names, never holding ':' or '/': an ARN's
#: partition, region and account (IAM User Guide, "IAM identifiers", ARNs,
#: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-identifiers.html); CloudFormation stack names ("only alphanumeric characters and hyphens") and stack ids
#: (generated), AWS CloudFormation API Reference, CreateStack, StackName
#: (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html);
#: ECS task definition families ("letters, numbers, underscores, and hyphens") and revisions
#: (numbers), Amazon ECS API Reference, RegisterTaskDefinition, family
#: (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html);
#: both as of 2026-12-04. Any other placeholder may hold anything: names with '/' or ':' are common
#: (log groups "/aws/lambda/f", secrets "prod/db", qualified functions "function:f:PROD"), and a
#: format narrower than the requests AWS receives would turn a reachable grant into a wrong yes.
PLAIN_NAMES = frozenset({"Partition", "Region", "Account", "StackName", "Id", "TaskDefinitionFamilyName", "TaskDefinitionRevisionNumber"})


def _placeholders(template: str) -> list[tuple[str, str]]:
    """The template's pieces: ("text"), or a placeholder as "name" (one of `PLAIN_NAMES`: no ':'
    or '/') or "path" (anything else: one or more characters of any kind)."""
    out = []
    for piece in re.split(r"(\$\{\w+\})", template):
        if not piece.startswith("${"):
            if piece:
                out.append((piece, "text"))
        else:
            out.append((piece, "name" if piece[2:-1] in PLAIN_NAMES else "path"))
    return out


def _seg() -> list[Elem]:
    """One or more characters other than ':'."""
    return [ONE_NC, ANY_NC]


#: a request's resource: "*" (actions without resource types) or an ARN
#: arn:partition:service:region:account:resource
RESOURCE_DOMAIN: Pred = (
    tuple(lit("*")),
    tuple(lit("arn:") + _seg() + lit(":") + _seg() + lit(":") + [ANY_NC] + lit(":") + [ANY_NC] + lit(":") + [ONE, ANY]),
)

#: the same, loosely ("*" or anything starting "arn:"): z3's string solver is much
#: faster without the shape's regex; the shape is then only a preference (realism)
RESOURCE_LOOSE: Pred = (tuple(lit("*")), tuple(lit("arn:") + [ANY]))

#: an AWS principal: an IAM or STS ARN
AWS_PRINCIPAL: Pred = tuple(
    tuple(lit("arn:") + _seg() + lit(f":{svc}::") + _seg() + lit(":") + [ONE, ANY]) for svc in ("iam", "sts")
)

#: any non-empty string
NONEMPTY: Pred = ((ONE, ANY),)


def account_principal(account: str) -> Pred:
    """Every IAM/STS principal of `account` (Principal {"AWS": "123456789012"} or its :root ARN)."""
    return tuple(
        tuple(lit("arn:") + _seg() + lit(f":{svc}::{account}:") + [ONE, ANY]) for svc in ("iam", "sts")
    )


def role_principal(arn: str, session_prefix: str) -> Pred:
    """The role itself and every session of it."""
    return (tuple(lit(arn)), tuple(lit(session_prefix) + [ONE, ANY]))
