"""Values of HCL expressions in python-hcl2's positioned parse tree: literals, lists, and references.

A string without interpolation, a number, a bool, null and a list are read as
such; `RESOURCE.NAME.ATTRIBUTE` naming a resource of the module is a reference
``("ref", "RESOURCE.NAME", "ATTRIBUTE")``; anything else (a variable, a local, a
data source, a function call, an index, an interpolated string) is an `Unknown`
naming the expression and its line.
"""

from __future__ import annotations

import re
from typing import Any

from lark import Tree

from verifier.network import values
from verifier.network.ir import Unknown
from verifier.policy.templates.terraform import Block, unwrap_expression
from verifier.result import Location

_NOT_RESOURCES = ("var", "local", "data", "module", "each", "count", "path", "terraform", "self")
_REFERENCE = re.compile(r"([A-Za-z][\w-]*)\.([\w-]+)\.([\w-]+)")


class HclValues:
    """Reads expressions of the module whose file texts are `texts` and whose resources are `resources`."""

    def __init__(self, texts: dict[str, str], resources: set[str]) -> None:
        self.texts = texts
        self.resources = resources

    def at(self, node: Tree | Block, file: str) -> Location:
        if isinstance(node, Block):
            return Location(node.file, node.line, node.column)
        return Location(file, node.meta.line, node.meta.column)

    def value(self, block: Block, name: str, default: Any = None) -> Any:
        """An argument's value: str, int, bool, list, dict, a `("ref", address, attribute)` or an Unknown."""
        if name not in block.attributes:
            return default
        return self.expr(block.attributes[name], block.file)

    def expr(self, node: Any, file: str) -> Any:
        """The value of one expression (see `value`)."""
        node = unwrap_expression(node)
        loc = self.at(node, file)
        kind = node.data
        if kind == "string":
            parts = [p.children[0] for p in node.children if isinstance(p, Tree) and p.children]
            if all(not isinstance(p, Tree) for p in parts):
                return "".join(str(p) for p in parts)
            if len(parts) == 1 and isinstance(parts[0], Tree) and parts[0].data == "interpolation":
                return self.expr(next(c for c in parts[0].children if isinstance(c, Tree)), file)
            return Unknown(f"the interpolated string {self.source(node, file)}", loc)
        if kind in ("int_lit", "float_lit"):
            return values.number(str(node.children[0]), loc)
        if kind == "unary_op" and str(node.children[0]) == "-":
            inner = self.expr(node.children[1], file)
            return -inner if isinstance(inner, int) else Unknown(self.source(node, file), loc)
        if kind == "literal_value":
            word = str(node.children[0])
            return None if word == "null" else word == "true"
        if kind == "tuple":
            return [self.expr(c, file) for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
        if kind == "get_attr_expr_term":
            text = re.sub(r"\s+", "", self.source(node, file, limit=None))
            m = _REFERENCE.fullmatch(text)
            if m and m.group(1) not in _NOT_RESOURCES and f"{m.group(1)}.{m.group(2)}" in self.resources:
                return ("ref", f"{m.group(1)}.{m.group(2)}", m.group(3))
        return Unknown(self.source(node, file), loc)

    def source(self, node: Tree, file: str, limit: int | None = 50) -> str:
        """The expression as written (whitespace folded), cut to `limit` characters for messages."""
        text = self.texts[file][node.meta.start_pos:node.meta.end_pos]
        text = re.sub(r"\s+", " ", text).strip()
        return text if limit is None or len(text) <= limit else text[:limit - 3] + "..."
