"""Linear-programming encoding of ranking-function synthesis: templates of
unknown affine functions and the affine Farkas lemma.

A `Template` has one unknown affine function per cut-point, its coefficients
z3 reals; `Template.pre`/`Template.post` give the function before and after
a transition as a `SymForm` (coefficient per symbol, constant), and
`farkas` asserts that such a form is non-negative on a polyhedron.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import z3

from ...affine import Lin
from .queries import as_fraction, z3_real

#: An affine form with symbolic coefficients: (coefficient per symbol, constant).
SymForm = tuple[dict[str, z3.ArithRef], z3.ArithRef]


class Template:
    """Unknown affine functions, one per cut-point, over `variables`."""

    counter = itertools.count()

    def __init__(self, cutpoints: Iterable[int], variables: list[str]) -> None:
        n = next(self.counter)
        self.coef = {c: {v: z3.Real(f"l{n}.{c}.{v}") for v in variables} for c in cutpoints}
        self.const = {c: z3.Real(f"l{n}.{c}") for c in self.coef}

    def pre(self, c: int) -> SymForm:
        """The function of cut-point `c` over the pre-state."""
        return dict(self.coef[c]), self.const[c]

    def post(self, c: int, post: dict[str, Lin]) -> SymForm:
        """The function of cut-point `c` applied to the post-state `post`."""
        coeffs: dict[str, list] = {}
        const_terms = [self.const[c]]
        for v, lam in self.coef[c].items():
            lin = post.get(v, Lin.var(v))
            for s, a in lin.coeffs.items():
                coeffs.setdefault(s, []).append(lam * z3_real(a))
            if lin.const:
                const_terms.append(lam * z3_real(lin.const))
        return {s: z3.Sum(ts) for s, ts in coeffs.items()}, z3.Sum(const_terms)

    def abs_sum(self, opt: z3.Optimize, constants: bool = False) -> z3.ArithRef:
        """The sum of the absolute values of the coefficients (or of the
        constants); compiler temporaries weigh more, so functions of the
        user's variables win ties."""
        terms = []
        for c, coeffs in self.coef.items():
            weighted = [(self.const[c], 1)] if constants else [(lam, 4 if _temporary(v) else 1)
                                                               for v, lam in coeffs.items()]
            for lam, weight in weighted:
                a = z3.FreshReal("abs")
                opt.add(a >= lam, a >= -lam)
                terms.append(a * weight if weight != 1 else a)
        return z3.Sum(terms) if terms else z3.RealVal(0)

    def value(self, model: z3.ModelRef) -> dict[int, Lin]:
        """The functions `model` gives, one per cut-point."""
        out = {}
        for c, coeffs in self.coef.items():
            out[c] = Lin({v: as_fraction(model.eval(lam, model_completion=True)) for v, lam in coeffs.items()},
                         as_fraction(model.eval(self.const[c], model_completion=True)))
        return out


def _temporary(name: str) -> bool:
    """A variable the frontends or the inliner introduced (``__t1``, ``$i_1``, ``__ret@2``)."""
    return name.startswith(("__", "$"))


def form_sub(a: SymForm, b: SymForm) -> SymForm:
    """``a - b``."""
    ca, ka = a
    cb, kb = b
    coeffs = dict(ca)
    for s, t in cb.items():
        coeffs[s] = coeffs[s] - t if s in coeffs else -t
    return coeffs, ka - kb


def form_add(a: SymForm, b: SymForm) -> SymForm:
    """``a + b``."""
    ca, ka = a
    cb, kb = b
    coeffs = dict(ca)
    for s, t in cb.items():
        coeffs[s] = coeffs[s] + t if s in coeffs else t
    return coeffs, ka + kb


def farkas(solver: z3.Solver | z3.Optimize, poly: list[Lin], target: SymForm,
           slack: z3.ArithRef | int = 0) -> None:
    """Assert: for every point with ``poly >= 0``, ``target - slack >= 0``
    (affine Farkas lemma: target is a non-negative combination of poly plus a
    non-negative constant)."""
    coeffs, const = target
    mus = [z3.FreshReal("mu") for _ in poly]
    for mu in mus:
        solver.add(mu >= 0)
    symbols = set(coeffs) | {s for g in poly for s in g.coeffs}
    for s in symbols:
        combo = [mu * z3_real(g.coeffs[s]) for mu, g in zip(mus, poly) if s in g.coeffs]
        solver.add(coeffs.get(s, z3.RealVal(0)) == (z3.Sum(combo) if combo else z3.RealVal(0)))
    base = [mu * z3_real(g.const) for mu, g in zip(mus, poly) if g.const]
    solver.add(const - slack >= (z3.Sum(base) if base else z3.RealVal(0)))

