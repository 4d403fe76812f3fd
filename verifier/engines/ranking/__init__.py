"""Ranking functions for the loops of a function: linear, lexicographic and
multiphase, synthesised as linear programs through Farkas' lemma.

Inputs are *linear paths*: every path of the control-flow automaton between
two cut-points (the entry and the loop heads), symbolically executed into a
conjunction of linear constraints ``g >= 0`` over the pre-state (symbols named
after the variables) and auxiliary symbols (``~n``: nondet values, quotients,
results of operations the linear domain cannot express), with the post-state
as linear expressions of those symbols. Fixed-width integers are their
mathematical values with their type's range; signed operations carry the
no-overflow condition (an overflow ends the execution with an error, it does
not wrap); unsigned operations split into the wrapping and non-wrapping case.
A path over-approximates the concrete one when `exact` is False.

`Synthesiser.solve` finds, per strongly connected set of cut-points, a tree of
components (`RankNode`): each level a linear function per cut-point that is
non-increasing on every remaining path and bounded and decreasing on some
(Bradley-Manna-Sipma lexicographic order), the paths left regrouped into
strongly connected parts; a level that no linear function ranks may be closed
by a multiphase function (Ben-Amram and Genaim). The coefficients come from
z3's LP solver over the rationals and are scaled to integers.

Nothing here is trusted: `verifier.engines.termination.ranked_loops` re-checks the
certificate on the exact encoding of the program (bit-vectors for ``bv``).

This module is the public face; the work is done in:

- `verifier.affine`: affine forms (`Lin`), rendering, type ranges, forms read off IR
  (shared with the cross-checks, which replay certificates written in them);
- `execution`: symbolic execution of conditions and values into linear constraints;
- `paths`: enumeration of the linear paths between cut-points;
- `queries`: forms over integer z3 symbols, feasibility and pruning queries;
- `semantics`: forms as z3 formulas in the program's own semantics;
- `shape`: the certificate's shape (`RankNode`, `Component`) and `sccs`;
- `farkas`: unknown-function templates and Farkas' lemma;
- `synthesis`: the `Synthesiser` (linear, lexicographic, multiphase).
"""

from __future__ import annotations

from ...affine import Lin, compared_forms, integral, lin_of_ir, render, render_atom, type_range
from .paths import Path, PathBuilder, TooManyPaths, linear_paths
from .semantics import affine_ge0, holds, lin_items, step_terms
from .shape import Component, NoRanking, RankNode, sccs
from .synthesis import Synthesiser, Transition
from .queries import feasible, int_term, prune

__all__ = ["Lin", "Path", "PathBuilder", "linear_paths", "TooManyPaths", "Component", "RankNode",
           "NoRanking", "Synthesiser", "Transition", "sccs", "render", "render_atom", "integral",
           "feasible", "int_term", "prune", "type_range", "lin_of_ir", "compared_forms", "affine_ge0", "lin_items",
           "holds", "step_terms"]
