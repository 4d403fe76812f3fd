"""`verify terminates` with transition invariants: the loops no single ranking
function ranks get a disjunctive well-foundedness certificate
(`engines.termination.disjunctive`), checked by z3 and re-checked by z3 and
cvc5 beside the ranking certificate of the other loops (`terminating._yes`);
so do iteration bounds (`engines.termination.bounded`).
"""

from __future__ import annotations

import dataclasses
import time

from . import ir
from .cfa import Cfa
from .encode import TransitionSystem, encode
from .engines.invariants.rendering import render
from .engines.termination.bounded import IterationBound
from .engines.termination.disjunctive import TransitionInvariant, rank_disjunctive
from .engines.termination.ranked_loops import LoopRankings, check_obligations
from .registry import UnknownReason
from .smt import EncodeUnsupported
from .solver import smt2


def transition_invariants(cfa: Cfa, ts: TransitionSystem, found: LoopRankings,
                          deadline: float) -> list[TransitionInvariant]:
    """A certificate for every loop `found` could not rank, or [] (all or nothing)."""
    if not found.failures:
        return []
    exact = ts
    if any(isinstance(t, ir.IntType) and t.bits is not None for t in ts.variables.values()):
        try:  # Spacer is given the exact integer reading of a bit-vector program
            exact = encode(cfa, "int")
        except EncodeUnsupported:
            return []
    variables = [v for v, t in ts.variables.items() if isinstance(t, ir.IntType)]
    out = []
    for root, _why in found.failures:
        certificate = rank_disjunctive(exact, root, found.paths, variables, deadline)
        if certificate is None:
            return []
        out.append(certificate)
    return out


def certify_disjunctive(certificates: list[TransitionInvariant | IterationBound], check, deadline: float):
    """`check` (a `terminating.CertificateCheck` of the other loops) with the
    obligations of `certificates` added: z3 here, then z3 and cvc5 re-reading them."""
    from .crosscheck.recheck import recheck

    what = " and ".join(sorted({c.described for c in certificates}))
    obligations = [o for c in certificates for o in c.obligations]
    failure = check_obligations(obligations, deadline)
    if failure:
        reason = UnknownReason.TIMEOUT.describe(f"checking the {what}") if failure == "timeout" else \
            UnknownReason.INCOMPLETE.describe(f"{what} failed its check ({failure})")
        return dataclasses.replace(check, ok=False, reason=reason)
    texts = [smt2(f) for _, f in obligations]
    checked = recheck(texts, timeout_s=max(0.5, min(10.0, deadline - time.monotonic())))
    if "z3" not in checked.checked_by or checked.refuted_by:
        who = ", ".join(checked.refuted_by) or "z3"
        return dataclasses.replace(check, ok=False, reason=UnknownReason.INCOMPLETE.describe(
            f"{what} failed its re-check by {who}"), notes=check.notes + checked.notes)
    solvers = [s for s in checked.checked_by if s in check.checked_by or not check.texts]
    # (a ranking certificate with no obligation notes that no loop repeats: not so here)
    return dataclasses.replace(check, texts=check.texts + texts, checked_by=solvers,
                               notes=(check.notes if check.texts else []) + checked.notes)


def invariant_text(certificate: TransitionInvariant, language: str) -> str:
    """The transition invariant in source syntax, the values at its start written ``old_x``."""
    names = {t.decl().name(): f"old_{v}" for v, t in certificate.before.items()}
    return render(certificate.invariant, names, "python" if language == "python" else "c")


__all__ = ["certify_disjunctive", "invariant_text", "transition_invariants"]
