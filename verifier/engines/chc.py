"""Prove checks with loop invariants: constrained Horn clauses, z3 Spacer, Houdini.

`run_chc` answers only *yes*, each with an invariant certificate: one
formula per loop head, printed in the source's syntax over its variables,
and the SMT-LIB obligations (initiation, consecution, safety; see
`verifier.crosscheck.certificates`) that must all be unsatisfiable. Every
invariant, whoever found it, is re-checked by z3 in this process against the
transition system's own encoding before it is returned; the caller re-checks
the texts with z3 and cvc5. Checks it cannot prove are left out (or, with
``include_unknown``, answered unknown with ``incomplete: no invariant found
within Ns (loop at line L)``); bugs are BMC's business.

The search, in order, each step on the checks still open:

1. *guess*: sample executions, propose facts true of every sampled loop-head
   state, keep the inductive ones (Houdini); they may already prove a check;
2. *Spacer* on the Horn clauses of all open checks together, with the
   Houdini invariant as a known fact, then on each check alone;
3. for a `bv` program both run on its `math` reading when it has one
   (`mathabs`), the invariants being carried back to bit-vectors and
   re-checked there; Spacer on the bit-vector clauses comes last.

Variables that do not reach a check are sliced away per loop head (`horn.live_variables`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from .. import ir
from ..crosscheck.certificates import failing_obligations, obligations, to_smt2
from ..encode import CheckKey, TransitionSystem
from .horn import HornView, Invariant, horn_clauses, live_variables, solve
from .invariants import conjuncts, display_names, render, tidy
from .outcome import CheckOutcome

__all__ = ["run_chc", "ChcOptions", "ChcStats", "unproved_reason", "language_of"]


@dataclass
class ChcOptions:
    """Which helpers run (all by default; the bench switches them off one by one)."""

    guess: bool = True
    math_abstraction: bool = True
    slicing: bool = True
    minimize: bool = True
    native_bv: bool = True


@dataclass
class ChcStats:
    """What happened, for the bench: which step proved each check, and timings."""

    proved_by: dict[CheckKey, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, step: str, seconds: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + seconds


#: Shares of the engine's budget: sampling and Houdini are cheap and capped;
#: the joint Spacer query gets this share of what is left, the per-check
#: queries split the rest (leaving `NATIVE_BV_SHARE` for bit-vector Spacer).
GUESS_SHARE, GUESS_CAP_S = 0.15, 0.6
JOINT_SHARE = 0.5
NATIVE_BV_SHARE = 0.25
#: Time kept back for re-checking and minimising a found invariant.
CERTIFY_RESERVE_S = 0.3


def language_of(ts: TransitionSystem) -> str:
    """``python`` or ``c``: the syntax invariants are printed in."""
    lang = getattr(ts, "language", None)
    if lang:
        return lang
    return "python" if ts.cfa.function.loc.file.endswith(".py") else "c"


def _is_bv(ts: TransitionSystem) -> bool:
    return any(isinstance(t, ir.IntType) and t.bits is not None for t in ts.variables.values())


@dataclass
class _Search:
    """A view to search invariants on. `math_terms`: its formulas are the math
    reading of the program (a `bv` program's `math` view, or a `math` program);
    otherwise they are the transition system's own bit-vector terms."""

    name: str
    view: HornView
    math_terms: bool


def run_chc(ts: TransitionSystem, keys: set[CheckKey], deadline: float,
            include_unknown: bool = False, options: ChcOptions | None = None,
            stats: ChcStats | None = None) -> dict[CheckKey, CheckOutcome]:
    """Checks of `keys` proved with a re-checked loop invariant, by `deadline` (time.monotonic())."""
    options = options or ChcOptions()
    stats = stats if stats is not None else ChcStats()
    start = time.monotonic()
    keys = {k for k in keys if k in ts.checks}
    answers: dict[CheckKey, CheckOutcome] = {}
    if not keys or not ts.cfa.loops:
        return answers
    searches = _searches(ts, options)
    prover = _Prover(ts, options, stats)
    open_keys = set(keys)

    def settle(found: dict[CheckKey, CheckOutcome]) -> None:
        answers.update(found)
        open_keys.difference_update(found)

    primary = searches[0]
    background: Invariant = {}
    if options.guess:
        t0 = time.monotonic()
        guess_deadline = min(deadline, t0 + min(GUESS_CAP_S, GUESS_SHARE * (deadline - t0)))
        found = _guess(ts, primary, open_keys, guess_deadline, options, stats)
        stats.add_time("guess", time.monotonic() - t0)
        if found is not None:
            background = found  # in the math reading
            settle(prover.certify(found, True, open_keys, deadline, "houdini"))
    for search in searches:
        if not open_keys or time.monotonic() >= deadline:
            break
        last = search is searches[-1]
        share = 1.0 if last else (1.0 - NATIVE_BV_SHARE)
        budget_end = time.monotonic() + share * max(0.0, deadline - time.monotonic())
        bg = background if search.math_terms else prover.from_math(background)
        settle(_spacer(prover, search, open_keys, bg, budget_end, options))
    if include_unknown:
        elapsed = time.monotonic() - start
        for key in open_keys:
            answers[key] = CheckOutcome(key, "unknown", "chc", reason=unproved_reason(ts, key, elapsed))
    return answers


def unproved_reason(ts: TransitionSystem, key: CheckKey, seconds: float) -> str:
    """The unknown reason for a check no invariant was found for, naming its loop."""
    heads = [e.src for e in ts.errors if e.key == key and e.src in ts.cfa.loops] or list(ts.cfa.loops)
    lines = sorted({ts.cfa.loops[h].loc.line for h in heads})
    where = ", ".join(str(n) for n in lines)
    return f"incomplete: no invariant found within {seconds:.0f}s (loop at line {where})"


def _searches(ts: TransitionSystem, options: ChcOptions) -> list[_Search]:
    native = _Search("native", HornView(ts), math_terms=not _is_bv(ts))
    if not _is_bv(ts):
        return [native]
    out: list[_Search] = []
    if options.math_abstraction:
        from .mathabs import math_view

        mv = math_view(ts)
        if mv is not None:
            out.append(_Search("math", mv.view, math_terms=True))
    if options.native_bv or not out:
        out.append(native)
    return out


# ------------------------------------------------------------------ steps


def _guess(ts: TransitionSystem, search: _Search, keys: set[CheckKey], deadline: float,
           options: ChcOptions, stats: ChcStats) -> Invariant | None:
    from .guess import guess_candidates, houdini, sample_states

    t0 = time.monotonic()
    states = sample_states(ts.cfa, deadline)
    stats.add_time("sample", time.monotonic() - t0)
    if time.monotonic() >= deadline:
        return None
    live = live_variables(search.view, keys) if options.slicing else \
        {h: list(ts.variables) for h in ts.cfa.loops}
    ints = {n for n, t in ts.variables.items() if isinstance(t, ir.IntType)}
    cands = guess_candidates(states, live, ints)
    if not any(cands.values()):
        return None
    translate = None
    if not search.math_terms:
        from .mathabs import to_bv

        translate = lambda f: to_bv(f, ts)  # noqa: E731
    t0 = time.monotonic()
    try:
        return houdini(search.view, cands, deadline, translate)
    finally:
        stats.add_time("houdini", time.monotonic() - t0)


def _spacer(prover: _Prover, search: _Search, keys: set[CheckKey], background: Invariant,
            deadline: float, options: ChcOptions) -> dict[CheckKey, CheckOutcome]:
    found: dict[CheckKey, CheckOutcome] = {}
    open_keys = set(keys)
    t0 = time.monotonic()
    joint_end = t0 + (JOINT_SHARE if len(keys) > 1 else 1.0) * max(0.0, deadline - t0 - CERTIFY_RESERVE_S)
    answer = _solve(search, open_keys, background, joint_end, options)
    prover.stats.add_time(f"spacer-{search.name}", time.monotonic() - t0)
    if answer is not None:
        found.update(prover.certify(_conjoin(answer, background), search.math_terms, open_keys, deadline,
                                    f"spacer-{search.name}"))
        open_keys -= set(found)
    if len(keys) == 1:
        return found
    for i, key in enumerate(sorted(open_keys)):
        if key in found:
            continue
        now = time.monotonic()
        left = len(open_keys) - i
        end = now + max(0.0, deadline - now - CERTIFY_RESERVE_S) / max(1, left)
        if end <= now:
            break
        answer = _solve(search, {key}, background, end, options)
        prover.stats.add_time(f"spacer-{search.name}", time.monotonic() - now)
        if answer is not None:
            # the invariant may prove other open checks too
            rest = {k for k in open_keys if k not in found}
            found.update(prover.certify(_conjoin(answer, background), search.math_terms, rest, deadline,
                                        f"spacer-{search.name}"))
    return found


def _solve(search: _Search, keys: set[CheckKey], background: Invariant, deadline: float,
           options: ChcOptions) -> Invariant | None:
    ts = search.view.ts
    live = None if options.slicing else {h: list(ts.variables) for h in ts.cfa.loops}
    answer = solve(horn_clauses(search.view, keys, background, live), deadline)
    return answer.invariant if answer.status == "sat" else None


def _conjoin(inv: Invariant, background: Invariant) -> Invariant:
    return {h: z3.And(f, background[h]) if h in background else f for h, f in inv.items()}


# ----------------------------------------------------------- certificates


class _Prover:
    """Turns a candidate invariant into re-checked, minimised, printed certificates.

    Invariants come either in the math reading (`math=True`: printable as they
    are, carried to a `bv` system by `mathabs.to_bv`) or in the transition
    system's own terms."""

    def __init__(self, ts: TransitionSystem, options: ChcOptions, stats: ChcStats) -> None:
        self.ts, self.options, self.stats = ts, options, stats
        self.language = language_of(ts)
        self.names = display_names(list(ts.variables))
        self.bv = _is_bv(ts)

    def math_to_ts(self, f: z3.BoolRef) -> z3.BoolRef | None:
        if not self.bv:
            return f
        from .mathabs import to_bv

        return to_bv(f, self.ts)

    def from_math(self, inv: Invariant) -> Invariant:
        out = {}
        for h, f in inv.items():
            g = self.math_to_ts(f)
            if g is not None:
                out[h] = g
        return out

    def certify(self, inv: Invariant, math: bool, keys: set[CheckKey], deadline: float,
                step: str) -> dict[CheckKey, CheckOutcome]:
        """Outcomes for the checks of `keys` that `inv` proves."""
        t0 = time.monotonic()
        try:
            return self._certify(inv, math, keys, deadline + CERTIFY_RESERVE_S / 2, step)
        finally:
            self.stats.add_time("certify", time.monotonic() - t0)

    def _real(self, inv: Invariant, math: bool) -> Invariant | None:
        out = {}
        for h in self.ts.cfa.loops:
            f = inv.get(h, z3.BoolVal(True))
            g = self.math_to_ts(f) if math else f
            if g is None:
                return None
            out[h] = g
        return out

    def _certify(self, inv: Invariant, math: bool, keys: set[CheckKey], deadline: float,
                 step: str) -> dict[CheckKey, CheckOutcome]:
        inv = {h: tidy(f) if math else z3.simplify(f) for h, f in inv.items()}
        real = self._real(inv, math)
        if real is None:
            return {}
        base = [o for o in obligations(self.ts, real, set()) if o.kind != "safety"]
        failed = failing_obligations(base, deadline)
        if failed is None or failed:
            return {}
        proved = set()
        for key in sorted(keys):
            safety = [o for o in obligations(self.ts, real, {key}) if o.kind == "safety"]
            if failing_obligations(safety, deadline) == []:
                proved.add(key)
        if not proved:
            return {}
        if self.options.minimize:
            inv, real = self._minimize(inv, math, real, proved, deadline)
        text = self._text(inv if math else real, math)
        out = {}
        for key in sorted(proved):
            smt2 = [to_smt2(o) for o in obligations(self.ts, real, {key})]
            out[key] = CheckOutcome(key, "yes", "chc", certificate_kind="invariant",
                                    certificate_text=text, proof_smt2=smt2, logic=_logic(smt2))
            self.stats.proved_by[key] = step
        return out

    def _minimize(self, inv: Invariant, math: bool, real: Invariant, keys: set[CheckKey],
                  deadline: float) -> tuple[Invariant, Invariant]:
        """Drop conjuncts one at a time while the invariant still proves `keys`."""
        parts = {h: conjuncts(f) for h, f in inv.items()}
        # try the least readable conjuncts first
        order = sorted(((h, i) for h, ps in parts.items() for i in range(len(ps))),
                       key=lambda hi: -len(parts[hi[0]][hi[1]].sexpr()))
        dropped: set[tuple[int, int]] = set()
        best_inv, best_real = inv, real
        for h, i in order:
            if time.monotonic() >= deadline:
                break
            trial = dropped | {(h, i)}
            cand = {g: z3.And(*[p for j, p in enumerate(ps) if (g, j) not in trial]) for g, ps in parts.items()}
            cand_real = self._real(cand, math)
            if cand_real is None:
                continue
            if failing_obligations(obligations(self.ts, cand_real, keys), deadline, per_query_ms=1000) == []:
                dropped = trial
                best_inv, best_real = cand, cand_real
        return best_inv, best_real

    def _text(self, inv: Invariant, math: bool) -> str:
        pieces = []
        lines = [self.ts.cfa.loops[h].loc.line for h in self.ts.cfa.loops]
        for h, loop in self.ts.cfa.loops.items():
            f = inv.get(h, z3.BoolVal(True))
            body = render(tidy(f) if math else f, self.names, self.language)
            label = f"line {loop.loc.line}"
            if lines.count(loop.loc.line) > 1:
                label += f" (head {h})"
            pieces.append(f"{label}: {body}")
        return "; ".join(pieces)


def _logic(texts: list[str]) -> str:
    try:
        from ..crosscheck.recheck import logic_of

        return logic_of("\n".join(texts))
    except Exception:
        return "ALL"
