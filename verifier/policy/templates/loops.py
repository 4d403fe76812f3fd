"""Where a Terraform `for` expression over a collection the template does not give may be read as one element.

`[for a in var.accounts : "arn:aws:iam::${a}:root"]` over a variable is a list
of any length. terraform.py reads it as a list of one element whose value is a
template value (found.OneCopy), which is sound for no-public-access and
not-granted when each such element only adds requests: it stands in an Allow
statement, in Principal, Action, Resource or the values of a condition
operator that matches when any listed value matches (String/Arn/IP equality
and likeness, `...IfExists`, `ForAnyValue:`). Such a statement with the list
e1..en matches the union of what it matches with each ei alone (none, for an
empty list), and each element is a fresh symbol, so every deployment's grants
are within what the one-element reading grants for some values. Elsewhere
(a Deny, NotPrincipal, NotResource, NotAction, a negated or ForAllValues
operator) more elements can mean fewer requests, and the expression is read
as before: one template value for the whole list.
"""

from __future__ import annotations

import re

from verifier.policy.jsonpos import JArray, JObject, JString, JValue
from verifier.policy.templates.symbols import REFERENCE

#: condition operators that match when any of their values matches (before `IfExists`)
ANY_VALUE_OPERATORS = ("stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress")
#: the statement elements where an element only adds requests
ADDING = ("Principal", "Action", "Resource", "Sid")


def adds_only(doc: JValue | None, names: set[str]) -> bool:
    """Does every string of `doc` that references one of the symbols `names` (lower case) stand where an
    element only adds requests (module doc)?"""
    if not names or doc is None:
        return True
    if not isinstance(doc, JObject):
        return not _mentions(doc, names)
    for key, value in doc.pairs:
        if key.value != "Statement":
            if _mentions(value, names) or _mentions(key, names):
                return False
            continue
        items = value.items if isinstance(value, JArray) else (value,)
        if not all(_statement_adds_only(s, names) for s in items):
            return False
    return True


def _statement_adds_only(statement: JValue, names: set[str]) -> bool:
    if not _mentions(statement, names):
        return True
    if not isinstance(statement, JObject):
        return False
    effect = next((v for k, v in statement.pairs if k.value == "Effect"), None)
    if not (isinstance(effect, JString) and effect.value == "Allow"):
        return False
    for key, value in statement.pairs:
        if _mentions(key, names):
            return False
        if key.value in ADDING:
            if isinstance(value, JObject) and any(_mentions(k, names) for k, _ in value.pairs):
                return False
        elif key.value == "Condition":
            if not isinstance(value, JObject):
                return not _mentions(value, names)
            for operator, block in value.pairs:
                if _mentions(block, names) and not (_any_value(operator.value) and isinstance(block, JObject)
                                                    and not any(_mentions(k, names) for k, _ in block.pairs)):
                    return False
                if _mentions(operator, names):
                    return False
        elif _mentions(value, names):
            return False
    return True


def _any_value(operator: str) -> bool:
    op = operator.lower().removeprefix("foranyvalue:")
    return re.sub(r"ifexists$", "", op) in ANY_VALUE_OPERATORS


def _mentions(node: JValue, names: set[str]) -> bool:
    if isinstance(node, JArray):
        return any(_mentions(i, names) for i in node.items)
    if isinstance(node, JObject):
        return any(_mentions(k, names) or _mentions(v, names) for k, v in node.pairs)
    return isinstance(node, JString) and any(m.group(1).lower() in names for m in REFERENCE.finditer(node.value))
