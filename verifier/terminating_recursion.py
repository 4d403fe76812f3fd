"""`verify terminates` for recursive functions: a yes from a measure every
recursive call decreases (`engines.termination.recursion`), a no from a
self-call whose arguments stay in a closed set
(`engines.termination.recursion_recurrence`) with a real run still going after
its budget (`crosscheck.nontermination.still_running`; in Python, still going at
the replay worker's recursion limit); every certificate
re-checked by z3 and cvc5 (`crosscheck.recheck`).

Used by `terminating.prove_termination` when the call graph reachable from the
function has a cycle; `None` means "not recursive", an unknown answer says why
neither was certified.
"""

from __future__ import annotations

import time

from . import ir
from .call_graph import recursive_functions
from .engines.invariants.rendering import render
from .engines.termination.ranked_loops import check_obligations
from .engines.termination.recursion import rank_recursion
from .engines.termination.recursion_recurrence import (ORBIT_CALLS, TAIL_START, RecursiveRecurrence,
                                                        find_recursive_recurrence)
from .registry import UnknownReason
from .solver import smt2
from .terminating import TerminationAnswer


#: Share of the time for a measure of the recursive calls; the rest is for a
#: recurrent set and its replay (and, when neither is found, the inlined analysis).
RANKING_SHARE = 0.6


def prove_recursion(program: ir.Program, function: str, deadline: float) -> TerminationAnswer | None:
    """A yes (measure and summaries, re-checked), a replayed no, or unknown with
    the reason; None when no call cycle is reachable from `function`."""
    parts = recursive_functions(program, function)
    if not parts:
        return None
    fn = program.functions[function]
    through = "; ".join(" -> ".join(part + part[:1]) for part in parts)
    found = rank_recursion(program, function, time.monotonic() + RANKING_SHARE * max(0.0, deadline - time.monotonic()),
                           check_deadline=deadline)  # a measure found late may use the rest to be checked
    if not found.measures:
        unknown = TerminationAnswer("unknown", function, fn.loc, reason=UnknownReason.INCOMPLETE.describe(
            f"recursive call cycle {through}: {found.reason}"))
        recurrence = find_recursive_recurrence(program, function, deadline)
        return _no(program, function, recurrence, deadline) or unknown if recurrence is not None else unknown
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


def _no(program: ir.Program, function: str, rec: RecursiveRecurrence, deadline: float) -> TerminationAnswer | None:
    """A no once the recurrent set's obligations are re-checked and a real run is
    still going after its budget; an unknown saying why not; None when z3 itself
    does not confirm the set."""
    from .crosscheck.nontermination import still_running
    from .crosscheck.recheck import recheck

    fn = program.functions[function]
    if check_obligations(rec.obligations, deadline):
        return None
    texts = [smt2(f) for _, f in rec.obligations]
    checked = recheck(texts, timeout_s=max(0.5, min(10.0, deadline - time.monotonic())))
    if "z3" not in checked.checked_by or checked.refuted_by:
        return None
    shown = render(rec.recurrent_set, rec.shown, "python" if program.language == "python" else "c")
    orbit = ", ".join(str(tuple(q.values())) if len(q) > 1 else str(next(iter(q.values()))) for q in rec.orbit[:4])
    answer = TerminationAnswer("no", function, fn.loc, certificate_kind="recurrent-set", engine="recurrence")
    answer.params, answer.nondet = dict(rec.params), list(rec.nondet)
    answer.stem_length = TAIL_START
    answer.recurrent_set = f"calls of {rec.function} with {shown}"
    answer.certificate_text = (f"{answer.recurrent_set}: each makes such a call again (arguments {orbit}, ...)")
    answer.obligations, answer.checked_by, answer.notes = texts, list(checked.checked_by), list(checked.notes)
    running, detail = still_running(program, function, rec.params, rec.nondet, deadline)
    answer.confirmed = bool(running)
    answer.replay = f"orbit: {ORBIT_CALLS} calls evaluated on the call's path condition; real run: {detail}"
    if not running:
        answer.verdict = "unknown"
        answer.reason = UnknownReason.TIMEOUT.describe("replaying the non-terminating input") if running is None \
            else UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({detail})")
    return answer


def _measure(levels: list[str]) -> str:
    return levels[0] if len(levels) == 1 else f"lexicographic ({', '.join(levels)})"


__all__ = ["prove_recursion"]
