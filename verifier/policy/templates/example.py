"""One deployment of a template's policy: every template value at its example.

Where a policy cannot be checked over every value of its template values (the
encoding cannot write a policy variable beside a wildcard in one ARN segment,
`arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/prod/GET/*`), the
policy with each value written out is still one deployment when each example
is a value the symbol takes: a pseudo parameter's or a generated ARN's example
(it has the shape AWS gives such values), or one of a parameter's
AllowedValues. That policy has no template values, so it is checked like a
policy file; a no it gets is a request that deployment allows, shown with the
values (answers.py keeps only its no: its yes says nothing of other values).
"""

from __future__ import annotations

from verifier.policy.jsonpos import JArray, JObject, JString, JValue, strings_in
from verifier.policy.templates.symbols import REFERENCE, Symbol, SymbolTable


def deployable(doc: JValue, table: SymbolTable) -> tuple[JValue, tuple[Symbol, ...]] | None:
    """`doc` with every template value at its example, and those symbols; None when `doc` has none, or
    one whose example is not shown to be a value it takes (a shape or a list of values it keeps to)."""
    symbols: list[Symbol] = []
    for text in strings_in(doc):
        for m in REFERENCE.finditer(text):
            symbol = table.symbols.get(m.group(1).lower())
            if symbol is None or (symbol.shape is None and symbol.allowed is None) or not symbol.admits(symbol.example):
                return None
            if symbol not in symbols:
                symbols.append(symbol)
    return (_written(doc), tuple(symbols)) if symbols else None


def _written(node: JValue) -> JValue:
    if isinstance(node, JArray):
        return JArray(tuple(_written(i) for i in node.items), node.line, node.column)
    if isinstance(node, JObject):
        return JObject(tuple((_written(k), _written(v)) for k, v in node.pairs), node.line, node.column)  # type: ignore[misc]
    if isinstance(node, JString):
        return JString(REFERENCE.sub(lambda m: m.group(2).replace("''", "'"), node.value), node.line, node.column)
    return node
