"""Template values where IAM expects an IP range, a number, a date or a boolean, answered per value.

vet.py refuses a template value in a condition that IAM reads as an IP range,
a number, a date or a boolean (`IpAddress: {aws:SourceIp: !Ref OfficeCidr}`):
the encoding has no symbolic value there. Such a policy is still answered by
writing the value out:

* a value the template lists (a parameter's AllowedValues, the choices of a
  `Fn::FindInMap`): one policy per value (per combination, up to
  MAX_CHOICES); the policy is that policy in every deployment, so every one
  answering yes is a yes, and one answering no is a no (that deployment);
* a value nothing constrains (`Symbol.free`: a String or list parameter
  without AllowedValues, AllowedPattern or lengths, a Terraform string or
  list-of-strings variable without validation) standing only in
  IpAddress/NotIpAddress: `0.0.0.0/0` (a list: that one element) is a value
  it can take, so a no of that policy is a no (that deployment);
  its yes says nothing of other values, so the answer is then no or unknown.

answers.py asks each policy; only no-public-access and not-granted use them
(one deployment's no is a no of those checks).
"""

from __future__ import annotations

import itertools
import re

from verifier.policy.jsonpos import JArray, JObject, JString, JValue, strings_in
from verifier.policy.templates.symbols import REFERENCE, Symbol, SymbolTable

#: the most policies one template policy is written out as
MAX_CHOICES = 16
#: condition operators whose values IAM reads as IP ranges, numbers, dates or booleans
STRUCTURED = re.compile(r"(?:for(?:any|all)value:)?(notipaddress|ipaddress|numeric\w*|date\w*|bool|binaryequals)(?:ifexists)?", re.I)
#: what an unconstrained value in an IP condition is written as
ANY_ADDRESS = "0.0.0.0/0"


def choices(doc: JValue, table: SymbolTable) -> tuple[list[tuple[tuple[Symbol, str], ...]], bool] | None:
    """The values to write out for the symbols `doc` holds in structured condition values, and whether
    they are every value those symbols take; None when there are none, or one has no known value."""
    at = _structured(doc, table)
    if not at:
        return None
    options: list[list[tuple[Symbol, str]]] = []
    complete = True
    for symbol, operators in at.items():
        if symbol.allowed is not None:
            options.append([(symbol, v) for v in symbol.allowed])
        elif symbol.free and all("ipaddress" in op for op in operators):
            options.append([(symbol, ANY_ADDRESS)])
            complete = False
        else:
            return None
    combinations = list(itertools.islice(itertools.product(*options), MAX_CHOICES + 1))
    return (combinations, complete) if len(combinations) <= MAX_CHOICES else None


def written(doc: JValue, values: tuple[tuple[Symbol, str], ...]) -> JValue:
    """`doc` with each symbol of `values` written as its value."""
    by_name = {s.name.lower(): v for s, v in values}

    def text(s: str) -> str:
        return REFERENCE.sub(lambda m: by_name.get(m.group(1).lower(), m.group(0)), s)

    def walk(node: JValue) -> JValue:
        if isinstance(node, JArray):
            return JArray(tuple(walk(i) for i in node.items), node.line, node.column)
        if isinstance(node, JObject):
            return JObject(tuple((JString(text(k.value), k.line, k.column), walk(v)) for k, v in node.pairs), node.line, node.column)
        return JString(text(node.value), node.line, node.column) if isinstance(node, JString) else node

    return walk(doc)


def _structured(doc: JValue, table: SymbolTable) -> dict[Symbol, set[str]]:
    """The symbols in structured condition values of `doc`, with the operators they stand under."""
    out: dict[Symbol, set[str]] = {}
    statements = next((v for k, v in doc.pairs if k.value == "Statement"), None) if isinstance(doc, JObject) else None
    for statement in statements.items if isinstance(statements, JArray) else (statements,) if statements else ():
        condition = next((v for k, v in statement.pairs if k.value == "Condition"), None) if isinstance(statement, JObject) else None
        for operator, block in condition.pairs if isinstance(condition, JObject) else ():
            if not STRUCTURED.fullmatch(operator.value):
                continue
            for s in strings_in(block):
                for symbol in table.in_text(s):
                    out.setdefault(symbol, set()).add(operator.value.lower())
    return out
