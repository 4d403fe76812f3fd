"""Affine forms over named symbols: arithmetic, source-syntax rendering, type
ranges, and reading forms off IR expressions.

A `Lin` is ``sum(coeffs[s] * s) + const`` with integer or `Fraction`
coefficients; symbols are variable names (the pre-state) or auxiliary
symbols ``~n``. An atom ``g`` stands for the constraint ``g >= 0``. Nothing
here calls a solver.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

from . import ir
from .irutil import display_name, subexpressions

Number = int | Fraction


class Lin:
    """An affine form ``sum(coeffs[s] * s) + const`` over named symbols."""

    __slots__ = ("coeffs", "const")

    def __init__(self, coeffs: dict[str, Number] | None = None, const: Number = 0) -> None:
        self.coeffs = {k: v for k, v in (coeffs or {}).items() if v != 0}
        self.const = const

    @staticmethod
    def var(name: str) -> Lin:
        return Lin({name: 1})

    @staticmethod
    def num(value: Number) -> Lin:
        return Lin({}, value)

    def __add__(self, other: Lin) -> Lin:
        coeffs = dict(self.coeffs)
        for k, v in other.coeffs.items():
            coeffs[k] = coeffs.get(k, 0) + v
        return Lin(coeffs, self.const + other.const)

    def __sub__(self, other: Lin) -> Lin:
        return self + other.scale(-1)

    def __neg__(self) -> Lin:
        return self.scale(-1)

    def scale(self, k: Number) -> Lin:
        return Lin({s: v * k for s, v in self.coeffs.items()}, self.const * k)

    @property
    def is_const(self) -> bool:
        return not self.coeffs

    def key(self) -> tuple:
        return (tuple(sorted(self.coeffs.items())), self.const)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lin) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def subst(self, mapping: dict[str, Lin]) -> Lin:
        out = Lin.num(self.const)
        for s, v in self.coeffs.items():
            out = out + (mapping[s] if s in mapping else Lin.var(s)).scale(v)
        return out

    def value(self, values: dict[str, int]) -> Number:
        return sum((v * values[s] for s, v in self.coeffs.items()), self.const)

    def __repr__(self) -> str:
        return f"Lin({render(self)})"


def render(lin: Lin, names: dict[str, str] | None = None) -> str:
    """`lin` as source text (``x - 2*y + 1``), variables by display name."""
    parts: list[str] = []
    for s, v in sorted(lin.coeffs.items(), key=lambda kv: (kv[1] < 0, kv[0])):
        name = (names or {}).get(s, display_name(s))
        mag = abs(v)
        term = name if mag == 1 else f"{mag}*{name}"
        parts.append(("- " if v < 0 else "+ ") + term)
    if lin.const or not parts:
        parts.append(("- " if lin.const < 0 else "+ ") + str(abs(lin.const)))
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def render_atom(atom: Lin, names: dict[str, str] | None = None) -> str:
    """``atom >= 0`` as a readable comparison (``x - y >= 1``, ``y <= 5``)."""
    if atom.is_const:
        return "true" if atom.const >= 0 else "false"
    lhs = Lin(atom.coeffs)
    if all(v < 0 for v in lhs.coeffs.values()):
        return f"{render(-lhs, names)} <= {atom.const}"
    return f"{render(lhs, names)} >= {-atom.const}"


def integral(lins: Iterable[Lin]) -> list[Lin]:
    """The forms scaled together by the least common multiple of their denominators."""
    lins = list(lins)
    denominators = [Fraction(v).denominator for lin in lins for v in [*lin.coeffs.values(), lin.const]]
    scale = math.lcm(*denominators) if denominators else 1
    return [Lin({s: int(Fraction(v) * scale) for s, v in lin.coeffs.items()}, int(Fraction(lin.const) * scale))
            for lin in lins]


def type_range(t: ir.Type) -> tuple[int, int] | None:
    """The value range of `t` (None for unbounded integers and arrays)."""
    if isinstance(t, ir.BoolType):
        return (0, 1)
    if isinstance(t, ir.ArrayType) or t.bits is None:
        return None
    return (t.min, t.max)


def in_range(value: Lin, t: ir.Type) -> list[Lin]:
    """Atoms saying `value` lies in `t`'s range (none for unbounded integers)."""
    r = type_range(t)
    if r is None:
        return []
    return [value - Lin.num(r[0]), Lin.num(r[1]) - value]


def lin_of_ir(e: ir.Expr) -> Lin | None:
    """`e` as an affine form over variables when it is one exactly (as
    mathematical integers), else None."""
    if isinstance(e, ir.Const):
        return Lin.num(e.value)
    if isinstance(e, ir.Var):
        return Lin.var(e.name)
    if isinstance(e, ir.Cast) and not isinstance(e.type, ir.BoolType):
        return lin_of_ir(e.arg)
    if isinstance(e, ir.Unary) and e.op == "neg":
        a = lin_of_ir(e.arg)
        return None if a is None else -a
    if isinstance(e, ir.Binary) and e.op in ("add", "sub", "mul"):
        a, b = lin_of_ir(e.left), lin_of_ir(e.right)
        if a is None or b is None:
            return None
        if e.op == "add":
            return a + b
        if e.op == "sub":
            return a - b
        if a.is_const:
            return b.scale(a.const)
        if b.is_const:
            return a.scale(b.const)
    return None


def compared_forms(e: ir.Expr) -> list[Lin]:
    """The differences ``a - b`` of the linear comparisons ``a op b`` inside `e`."""
    out: list[Lin] = []
    for x in subexpressions(e):
        if isinstance(x, ir.Binary) and x.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            a, b = lin_of_ir(x.left), lin_of_ir(x.right)
            if a is not None and b is not None and not (a - b).is_const:
                out.append(a - b)
    return out

