"""Positions of a policy written as JSON text inside a template."""

from __future__ import annotations

from typing import Any

from verifier.policy.jsonpos import JArray, JObject, JValue


def shifted(node: JValue, at: tuple[int, int]) -> JValue:
    """`node`, parsed from text that starts at line:column `at` of the template, with template positions."""
    line, column = at

    def move(n: Any) -> Any:
        new_line = n.line + line - 1
        new_column = n.column + column - 1 if n.line == 1 else n.column
        if isinstance(n, JObject):
            return JObject(tuple((move(k), move(v)) for k, v in n.pairs), new_line, new_column)
        if isinstance(n, JArray):
            return JArray(tuple(move(i) for i in n.items), new_line, new_column)
        fields = [getattr(n, f) for f in n.__dataclass_fields__ if f not in ("line", "column")]
        return type(n)(*fields, new_line, new_column)

    return move(node)
