"""`verify terminates` for recursive functions: a yes from a measure every
recursive call decreases (`engines.termination.recursion`), its obligations
re-checked by z3 and cvc5 (`crosscheck.recheck`).

Used by `terminating.prove_termination` when the call graph reachable from the
function has a cycle; `None` means "not recursive", an unknown answer says why
no measure was certified (the caller may still find a non-terminating input).
"""

from __future__ import annotations

import time

from . import ir
from .engines.termination.recursion import rank_recursion, recursive_functions
from .registry import UnknownReason
from .solver import smt2
from .terminating import TerminationAnswer


def prove_recursion(program: ir.Program, function: str, deadline: float) -> TerminationAnswer | None:
    """A yes (measure and summaries, re-checked) or unknown with the reason; None
    when no call cycle is reachable from `function`."""
    parts = recursive_functions(program, function)
    if not parts:
        return None
    fn = program.functions[function]
    through = "; ".join(" -> ".join(part + part[:1]) for part in parts)
    found = rank_recursion(program, function, deadline)
    if not found.measures:
        return TerminationAnswer("unknown", function, fn.loc, reason=UnknownReason.INCOMPLETE.describe(
            f"recursive call cycle {through}: {found.reason}"))
    from .crosscheck.recheck import recheck

    texts = [smt2(f) for f in found.obligations]
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return TerminationAnswer("unknown", function, fn.loc,
                                 reason=UnknownReason.TIMEOUT.describe("re-checking the recursion measure"))
    checked = recheck(texts, timeout_s=min(10.0, remaining))
    if "z3" not in checked.checked_by or checked.refuted_by:
        who = ", ".join(checked.refuted_by) or "z3"
        return TerminationAnswer("unknown", function, fn.loc, reason=UnknownReason.INCOMPLETE.describe(
            f"the recursion measure failed its re-check by {who}"), notes=list(checked.notes))
    answer = TerminationAnswer("yes", function, fn.loc, certificate_kind="recursion-measure", engine="ranking")
    lines = [f"recursive calls of {name} decrease {_measure(levels)}" for name, levels in found.measures.items()]
    if found.summaries:
        lines.append("using the summaries: " + found.summaries.replace("\n", "; "))
    answer.certificate_text = "\n".join(lines)
    answer.obligations = texts
    answer.checked_by = list(checked.checked_by)
    answer.notes += checked.notes
    return answer


def _measure(levels: list[str]) -> str:
    return levels[0] if len(levels) == 1 else f"lexicographic ({', '.join(levels)})"


__all__ = ["prove_recursion"]
