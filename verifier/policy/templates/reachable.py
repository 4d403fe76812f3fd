"""Which parameter values make a choice of a template's conditions (CloudFormation `Conditions`).

A policy written with `Fn::If` is read once per choice of its conditions
(conditions.py). A no found for one choice is a real deployment's answer only
if some parameter values make exactly that choice: `chosen_by` finds them, by
trying every combination of the values each parameter the conditions read can
take (CloudFormation User Guide, "Conditions" and "Condition functions":
`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`). A parameter with
`AllowedValues` takes those; a String parameter without any constraint takes
any string, so the literals it is compared with and one other value stand for
all its values. Anything else (a pseudo parameter, a constrained or list
parameter, another function) leaves the choice not shown reachable.
"""

from __future__ import annotations

from itertools import product
from typing import Any

#: combinations of parameter values tried at most
MAX_COMBINATIONS = 4096
#: a String value no condition compares with
OTHER = "another value"


class NotRead(Exception):
    """A condition this module does not evaluate."""


def chosen_by(template: dict, choice: dict[str, bool]) -> dict[str, str] | None:
    """Parameter values under which every condition of `choice` takes its value, or None when none
    is found (or the conditions cannot be read)."""
    conditions = template.get("Conditions")
    parameters = template.get("Parameters")
    if not isinstance(conditions, dict):
        return None
    parameters = parameters if isinstance(parameters, dict) else {}
    try:
        names: set[str] = set()
        literals: dict[str, set[str]] = {}
        for name in choice:
            _read(conditions, name, names, literals, set())
        domains = {p: _domain(parameters.get(p), literals.get(p, set())) for p in sorted(names)}
    except NotRead:
        return None
    total = 1
    for values in domains.values():
        total *= len(values)
    if total > MAX_COMBINATIONS:
        return None
    for values in product(*domains.values()):
        assignment = dict(zip(domains, values))
        try:
            if all(_holds(conditions, name, assignment, set()) == want for name, want in choice.items()):
                return assignment
        except NotRead:
            return None
    return None


def _domain(spec: Any, compared: set[str]) -> list[str]:
    if not isinstance(spec, dict):
        raise NotRead
    allowed = spec.get("AllowedValues")
    if isinstance(allowed, list) and allowed and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in allowed):
        return [str(v) for v in allowed]
    constrained = ("AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue")
    if str(spec.get("Type", "String")) != "String" or any(k in spec for k in constrained):
        raise NotRead
    return sorted(compared) + [OTHER + "".join(sorted(compared))]


def _read(conditions: dict, name: str, names: set[str], literals: dict[str, set[str]], seen: set[str]) -> None:
    """Collect the parameters the condition `name` reads and the literals each is compared with."""
    if name in seen or name not in conditions:
        raise NotRead
    _walk(conditions[name], conditions, names, literals, seen | {name})


def _walk(node: Any, conditions: dict, names: set[str], literals: dict[str, set[str]], seen: set[str]) -> None:
    if not isinstance(node, dict) or len(node) != 1:
        raise NotRead
    (function, arg), = node.items()
    if function == "Condition" and isinstance(arg, str):
        _read(conditions, arg, names, literals, seen)
    elif function in ("Fn::Not", "Fn::And", "Fn::Or") and isinstance(arg, list):
        for item in arg:
            _walk(item, conditions, names, literals, seen)
    elif function == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
        refs = [a["Ref"] for a in arg if isinstance(a, dict) and list(a) == ["Ref"] and isinstance(a["Ref"], str)]
        plain = [str(a) for a in arg if isinstance(a, (str, int, float)) and not isinstance(a, bool)]
        if len(refs) + len(plain) != 2 or any(r.startswith("AWS::") for r in refs):
            raise NotRead
        names.update(refs)
        for r in refs:
            literals.setdefault(r, set()).update(plain)
    else:
        raise NotRead


def _holds(conditions: dict, name: str, values: dict[str, str], seen: set[str]) -> bool:
    if name in seen:
        raise NotRead
    return _value(conditions[name], conditions, values, seen | {name})


def _value(node: Any, conditions: dict, values: dict[str, str], seen: set[str]) -> bool:
    (function, arg), = node.items()
    if function == "Condition":
        return _holds(conditions, arg, values, seen)
    if function == "Fn::Not":
        if len(arg) != 1:
            raise NotRead
        return not _value(arg[0], conditions, values, seen)
    if function == "Fn::And":
        return all(_value(a, conditions, values, seen) for a in arg)
    if function == "Fn::Or":
        return any(_value(a, conditions, values, seen) for a in arg)
    left, right = (values[a["Ref"]] if isinstance(a, dict) else str(a) for a in arg)
    return left == right
