"""A non-termination certificate: a recurrent set, the stem into it, and the
nondet schedule that keeps an execution in it (`engines.termination.recurrence` finds
one, `crosscheck.nontermination` replays it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from . import ir
from .affine import Lin, render_atom

__all__ = ["Recurrence", "render_cube"]


@dataclass
class Recurrence:
    """A non-termination certificate for the cut-points `cutpoints`.

    `params` and `stem_nondet[(site, step)]` drive the first `stem_steps`
    blocks; from then on the nondet values follow `schedule` (periodic, one
    entry per block). `sets[c]` is the recurrent set at cut-point c as a
    disjunction of conjunctions of atoms ``g >= 0``; `obligations` are
    formulas that must be unsatisfiable (closure, and the stem's state lying in
    the set)."""

    cutpoints: frozenset[int]
    kind: str
    params: dict[str, int]
    stem_steps: int
    stem_nondet: dict[tuple[str, int], int]
    schedule: list[dict[str, int]]
    sets: dict[int, list[list[Lin]]]
    entry_state: dict[str, int]
    entry_cutpoint: int
    obligations: list[tuple[str, z3.BoolRef]] = field(default_factory=list)

    def nondet(self, site: str, step: int, type_: ir.Type) -> int:
        """The value the replay feeds nondet site `site` during block `step`."""
        if step < self.stem_steps:
            return self.stem_nondet.get((site, step), 0)
        entry = self.schedule[(step - self.stem_steps) % len(self.schedule)] if self.schedule else {}
        return entry.get(site, 0)

    def text(self, loop_line: dict[int, int], language: str = "c") -> str:
        """The recurrent set per loop head, in source syntax."""
        disj = " or " if language == "python" else " || "
        lines = []
        for c, cubes in sorted(self.sets.items()):
            where = f"loop at line {loop_line[c]}" if c in loop_line else f"cut-point {c}"
            shown = [render_cube(cube, language) for cube in cubes]
            body = disj.join(f"({s})" if len(cubes) > 1 else s for s in shown)
            lines.append(f"{where}: {{{body}}}")
        return "\n".join(lines)


def render_cube(cube: list[Lin], language: str = "c") -> str:
    """A conjunction of atoms ``g >= 0`` in source syntax; opposite pairs become ``==``
    (compiler temporaries, named ``__...``, are left out of the text only when fixed)."""
    conj = " and " if language == "python" else " && "
    parts, used = [], set()
    keys = {a.key(): i for i, a in enumerate(cube)}
    for i, a in enumerate(cube):
        if i in used:
            continue
        if not isinstance(a, Lin):  # a congruence (`engines.ranking.congruence`) words itself
            used.add(i)
            parts.append(a.text(language))
            continue
        j = keys.get((-a).key())
        if j is not None and j != i:
            used |= {i, j}
            if all(v.startswith("__") for v in a.coeffs):
                continue
            text = render_atom(a).replace(" >= ", " == ", 1)
            parts.append(text)
            continue
        used.add(i)
        parts.append(render_atom(a))
    return conj.join(parts) or ("True" if language == "python" else "true")
