"""Congruence atoms: ``lin ≡ residue (mod m)`` over the variables'
mathematical values.

A recurrent set of linear atoms cannot say "x is odd", yet that is what keeps
``while (x != 0) x -= 2;`` running forever over an odd unsigned ``x``: the
subtraction wraps at 2**32, which keeps the parity. `Congruence` is such an
atom, used next to `Lin` atoms ``g >= 0`` in recurrent sets
(`engines.termination.recurrence`); it answers `value` like one (``>= 0`` iff
it holds), so the code that weakens a candidate set against observed states
treats both alike.

On fixed-width integers a power of two is read from the low bits of the sum
(they do not depend on the width it is computed in: no widening); any other
modulus (the program's own, ``x % 5``) from the sum computed in bit-vectors
wide enough to hold it exactly, by ``bvsmod`` (whose result has the modulus's
sign). On mathematical integers any modulus is z3's ``mod``. The moduli tried
are `MODULI` and the program's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from ... import ir
from ...affine import Lin, render

#: The moduli recurrent sets try on every integer variable (powers of two, see the module's docstring).
MODULI = (2, 4)


@dataclass(frozen=True)
class Congruence:
    """``lin ≡ residue (mod modulus)``, 0 <= residue < modulus."""

    lin: Lin
    modulus: int
    residue: int

    def __post_init__(self) -> None:
        if self.modulus < 2 or not 0 <= self.residue < self.modulus:
            raise ValueError(f"not a congruence: residue {self.residue} modulo {self.modulus}")

    @property
    def coeffs(self) -> dict[str, int]:
        return self.lin.coeffs

    def value(self, values: dict[str, int]) -> int:
        """0 where the congruence holds, -1 elsewhere (as ``g >= 0`` atoms are read)."""
        return 0 if (self.lin.value(values) - self.residue) % self.modulus == 0 else -1

    def key(self) -> tuple:
        return ("mod", self.lin.key(), self.modulus, self.residue)

    def text(self, language: str = "c", names: dict[str, str] | None = None) -> str:
        """Source text: ``x % 2 == 1`` where that is exact (Python's ``%``), else
        ``(x - 1) % 2 == 0`` (C's ``%`` keeps the sign of a negative left side)."""
        body = render(self.lin, names)
        if language == "python":
            return f"({body}) % {self.modulus} == {self.residue}" if len(self.lin.coeffs) > 1 \
                else f"{body} % {self.modulus} == {self.residue}"
        shifted = render(self.lin - Lin.num(self.residue), names)
        return f"({shifted}) % {self.modulus} == 0" if self.residue or len(self.lin.coeffs) > 1 \
            else f"{shifted} % {self.modulus} == 0"

    def holds(self, env: dict[str, z3.ExprRef], types: dict[str, ir.Type]) -> z3.BoolRef:
        """The congruence with variables read from `env`, in the program's semantics."""
        bits = [t.bits for v in self.lin.coeffs for t in [types[v]]
                if isinstance(t, ir.IntType) and t.bits is not None]
        if not bits:
            total = z3.Sum([int(c) * env[v] for v, c in self.lin.coeffs.items()] + [z3.IntVal(int(self.lin.const))])
            return (total - self.residue) % self.modulus == 0
        k = self.modulus.bit_length() - 1
        power = self.modulus == 1 << k
        if power and k > min(bits):
            raise ValueError(f"modulus {self.modulus} is wider than a {min(bits)}-bit variable")
        # a power of two: the low bits as they are; else room for the exact sum and the modulus
        spread = sum(abs(int(c)) for c in self.lin.coeffs.values()) + abs(int(self.lin.const) - self.residue)
        width = max(bits) if power else max(bits) + max(spread, self.modulus).bit_length() + 2

        def wide(v: str) -> z3.BitVecRef:
            t = types[v]
            if not isinstance(t, ir.IntType) or t.bits is None:
                raise ValueError(f"{v}: mixed bit-vector and other terms in a congruence")
            return (z3.SignExt if t.signed else z3.ZeroExt)(width - t.bits, env[v])

        terms = [int(c) * wide(v) for v, c in self.lin.coeffs.items()]
        total = z3.Sum(terms + [z3.BitVecVal(int(self.lin.const) - self.residue, width)])
        if power:
            return z3.Extract(k - 1, 0, total) == 0
        return z3.SRem(total, z3.BitVecVal(self.modulus, width)) == 0


def congruences(names: list[str], observed: list[dict[str, int]], types: dict[str, ir.Type],
                program_moduli: tuple[int, ...] = ()) -> list[Congruence]:
    """Per integer variable that takes several values in `observed` (compiler
    temporaries, named ``__...`` or ``$...``, left out) and modulus (`MODULI` and
    `program_moduli`), the congruence every observed state satisfies."""
    out = []
    for v in names:
        t = types[v]
        if not isinstance(t, ir.IntType) or v.startswith(("__", "$")) or len({o[v] for o in observed}) < 2:
            continue
        for m in dict.fromkeys(MODULI + program_moduli):
            if t.bits is not None and m.bit_length() - 1 > t.bits:
                continue
            residues = {o[v] % m for o in observed}
            if len(residues) == 1:
                out.append(Congruence(Lin.var(v), m, residues.pop()))
    return out


def moduli_in(actions: list[object]) -> tuple[int, ...]:
    """The constant moduli (at least 2) of the ``%`` operations in `actions` (IR nodes, walked through)."""
    found: list[int] = []
    stack = list(actions)
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Binary) and node.op in ("mod", "floormod") and isinstance(node.right, ir.Const):
            if isinstance(node.right.value, int) and node.right.value >= 2 and node.right.value not in found:
                found.append(node.right.value)
        if isinstance(node, (ir.Expr, ir.Stmt)) or hasattr(node, "__dataclass_fields__"):
            for value in vars(node).values():
                stack.extend(value if isinstance(value, (list, tuple)) else [value])
    return tuple(sorted(found))


def implied(a: Congruence, others: list[Congruence]) -> bool:
    """Another congruence of the same form, to a multiple of `a`'s modulus, implies `a`."""
    return any(b is not a and b.lin == a.lin and b.modulus % a.modulus == 0 and b.residue % a.modulus == a.residue
               for b in others)


__all__ = ["Congruence", "MODULI", "congruences", "implied", "moduli_in"]
