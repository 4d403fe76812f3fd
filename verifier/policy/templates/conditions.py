"""CloudFormation `Fn::If`: a policy that depends on the template's conditions, one variant per choice.

`!If [Cond, A, B]` is A where the condition `Cond` holds, else B, and
`!Ref AWS::NoValue` removes the list item or property it stands for
(CloudFormation User Guide, "Condition functions"). Which conditions hold
depends on parameters only known at deployment, so a policy written with them
is read once per choice of every condition it names (`variants`): one condition
named in two places takes the same branch in both. Every deployment is one of
these choices, so a check that answers yes for every variant answers yes, and
one that answers no for every variant answers no (answers.py); a choice no
parameter value can make only adds a variant, never removes a deployment.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from cfnlint.decode.node import dict_node, list_node

#: conditions read per policy: 2**3 variants, each a full check; a policy naming more stays unknown
MAX_CONDITIONS = 3
NO_VALUE = object()  # what `!Ref AWS::NoValue` leaves: nothing


def condition_names(node: Any) -> list[str]:
    """The conditions `Fn::If` names under `node`, in order of first use."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            test = _if(n)
            if test is not None and test[0] not in out:
                out.append(test[0])
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, list):
            stack.extend(reversed(n))
    return out


def variants(node: Any, names: list[str]) -> list[tuple[dict[str, bool], Any]]:
    """(choice, `node` with each `Fn::If` resolved by it) for every choice of `names`; a choice that
    leaves no policy at all is left out."""
    out = []
    for values in product((True, False), repeat=len(names)):
        choice = dict(zip(names, values))
        chosen = _chosen(node, choice)
        if chosen is not NO_VALUE:
            out.append((choice, chosen))
    return out


def describe(choice: dict[str, bool]) -> str:
    return ", ".join(f"{name}={'true' if value else 'false'}" for name, value in choice.items())


def _if(node: dict) -> tuple[str, Any, Any] | None:
    if len(node) != 1 or "Fn::If" not in node:
        return None
    arg = node["Fn::If"]
    if isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str):
        return str(arg[0]), arg[1], arg[2]
    return None


def _chosen(node: Any, choice: dict[str, bool]) -> Any:
    if isinstance(node, dict):
        test = _if(node)
        if test is not None and test[0] in choice:
            return _chosen(test[1] if choice[test[0]] else test[2], choice)
        if len(node) == 1 and node.get("Ref") == "AWS::NoValue":
            return NO_VALUE
        kept = {k: c for k, v in node.items() for c in [_chosen(v, choice)] if c is not NO_VALUE}
        return dict_node(kept, getattr(node, "start_mark", None), getattr(node, "end_mark", None))
    if isinstance(node, list):
        items = [c for v in node for c in [_chosen(v, choice)] if c is not NO_VALUE]
        return list_node(items, getattr(node, "start_mark", None), getattr(node, "end_mark", None))
    return node
