"""Unsequenced accesses to a variable in a C full expression (C11 6.5p2).

A variable modified twice, or modified and also read other than to compute
its new value (an array or struct counts as one variable: writing an element or field writes it), with no sequence point in between (``x = x++``,
``y = x++ + x``, ``f(x, x++)``) is undefined behaviour: the IR evaluates left
to right, a compiler need not, so no answer about such code can be trusted.
`unsequenced(stmt)` finds the first such access in the full expressions a
statement or declaration evaluates itself (not those of nested statements).

`&&`, `||`, `,` and the condition of `?:` are sequence points; the side
effect of an assignment or ++/-- may happen after its value is used, so it
clashes with an enclosing assignment to the same variable. The bodies of
called functions are not looked into: a call is only indeterminately
sequenced with the caller's operands (unspecified, not undefined).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Tree

__all__ = ["Clash", "unsequenced"]

#: the parse-tree nodes of expressions (grammars/c.lark)
_EXPRESSIONS = frozenset({
    "var", "int_lit", "char_lit", "float_lit", "string_lit", "binop", "compare", "logic",
    "ternary", "comma", "assign", "preinc", "postinc", "unop", "cast", "sizeof_expr",
    "sizeof_type", "call", "index", "member",
})
_SEQUENCED = frozenset({"logic", "comma"})
_UNEVALUATED = frozenset({"sizeof_expr", "sizeof_type"})


@dataclass(frozen=True)
class Clash:
    """Variable `name`, accessed at `token` unsequenced with a modification of it."""

    name: str
    token: Token


@dataclass
class _Accesses:
    reads: dict[str, Token] = field(default_factory=dict)
    writes: dict[str, Token] = field(default_factory=dict)
    #: writes whose side effect may still be pending when the value is used
    pending: set[str] = field(default_factory=set)

    def add(self, other: _Accesses) -> None:
        for name, tok in other.reads.items():
            self.reads.setdefault(name, tok)
        for name, tok in other.writes.items():
            self.writes.setdefault(name, tok)


class _Found(Exception):
    def __init__(self, clash: Clash) -> None:
        super().__init__(clash.name)
        self.clash = clash


def unsequenced(stmt: Tree) -> Clash | None:
    """The first unsequenced access in the full expressions of `stmt`."""
    try:
        for expr in _full_expressions(stmt):
            _accesses(expr)
    except _Found as found:
        return found.clash
    return None


def _full_expressions(stmt: Tree) -> list[Tree]:
    """The expressions `stmt` evaluates itself, each a full expression."""
    if stmt.data == "declaration":
        return [d.children[-1] for d in stmt.children[1:]
                if isinstance(d, Tree) and d.data == "init_declarator" and len(d.children) > 1
                and isinstance(d.children[-1], Tree)]
    out: list[Tree] = []
    for child in stmt.children:
        if isinstance(child, Tree) and child.data == "for_init":
            out += [c for c in child.children if isinstance(c, Tree) and c.data in _EXPRESSIONS]
            out += [e for c in child.children if isinstance(c, Tree) and c.data == "declaration"
                    for e in _full_expressions(c)]
        elif isinstance(child, Tree) and child.data in _EXPRESSIONS:
            out.append(child)
    return out


def _variable(tree: Tree | Token | None) -> Token | None:
    """The identifier of a plain variable operand (through parentheses, which the tree drops)."""
    if isinstance(tree, Tree) and tree.data == "var" and isinstance(tree.children[0], Token):
        return tree.children[0]
    return None


def _array_base(tree: Tree | Token | None) -> Token | None:
    """The array or struct variable an element or field target (``a[i][j]``,
    ``*a``, ``*(a + i)``, ``s.f``, ``p->f``) writes."""
    while isinstance(tree, Tree):
        if tree.data in ("index", "member"):
            tree = tree.children[0]
        elif tree.data == "unop" and str(tree.children[0]) == "*":
            tree = tree.children[1]
            if isinstance(tree, Tree) and tree.data == "binop" and str(tree.children[1]) == "+":
                left, _, right = tree.children
                tree = left if _variable(left) is not None else right
        else:
            return _variable(tree)
    return None


def _unsequenced(parts: list[_Accesses]) -> _Accesses:
    """Operands evaluated in no fixed order: raise on a clash, else merge them."""
    merged = _Accesses()
    for part in parts:
        for name, tok in part.writes.items():
            if name in merged.writes or name in merged.reads:
                raise _Found(Clash(name, tok))
        for name, tok in part.reads.items():
            if name in merged.writes:
                raise _Found(Clash(name, tok))
        merged.add(part)
        merged.pending |= part.pending
    return merged


def _accesses(tree: Tree | Token | None) -> _Accesses:
    if not isinstance(tree, Tree) or tree.data in _UNEVALUATED:
        return _Accesses()
    kind, children = tree.data, tree.children
    if kind == "var":
        tok = children[0]
        return _Accesses(reads={str(tok): tok})
    if kind in _SEQUENCED:
        left, right = _accesses(children[0]), _accesses(children[-1])
        left.add(right)
        left.pending = right.pending
        return left
    if kind == "ternary":
        cond, then, other = (_accesses(c) for c in (children[0], children[2], children[3]))
        for branch in (then, other):
            cond.add(branch)
        cond.pending = then.pending | other.pending
        return cond
    if kind in ("assign", "preinc", "postinc"):
        lhs = children[1] if kind == "preinc" else children[0]
        target = _variable(lhs)
        value = _accesses(children[2]) if kind == "assign" else _Accesses()
        if target is None and (target := _array_base(lhs)) is not None:
            # an element write writes the whole array, as far as sequencing goes;
            # its index expressions are operands like the value
            value = _unsequenced([_accesses(lhs), value])
        if target is None:
            operands = [c for c in children if isinstance(c, Tree) and c.data in _EXPRESSIONS]
            return _unsequenced([_accesses(c) for c in operands])
        name = str(target)
        if name in value.pending:
            raise _Found(Clash(name, target))
        value.reads.setdefault(name, target)
        value.writes.setdefault(name, target)
        value.pending.add(name)
        return value
    if kind == "call":
        return _unsequenced([_accesses(a) for a in children[1:]])
    return _unsequenced([_accesses(c) for c in children if isinstance(c, Tree)])
