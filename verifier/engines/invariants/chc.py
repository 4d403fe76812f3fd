"""Prove checks with loop invariants: constrained Horn clauses, z3 Spacer, Houdini.

`run_chc` answers only *yes*, each with an invariant certificate: one
formula per loop head, printed in the source's syntax over its variables,
and the SMT-LIB obligations (initiation, consecution, safety; see
`verifier.invariant_certificate`) that must all be unsatisfiable. Every
invariant, whoever found it, is re-checked by z3 in this process before it
is returned; the caller re-checks the texts with z3 and cvc5. Checks it
cannot prove are left out (or, with ``include_unknown``, answered unknown
with ``incomplete: no invariant found within Ns (loop at line L)``): bugs
are BMC's business.

The search, in order, each step on the checks still open:

0. for a C function with linked structures on the heap, or blocks of ints
   allocated in a loop (`shape`), their shape facts (points to a live node,
   closed, unshared, ordered, released, counted: `shape_invariants`), kept if
   inductive (Houdini), certified whole (each check's safety obligations cut
   to what it needs: `safety_slices`);
1. a short *Spacer* run on the Horn clauses of all open checks (most easy
   loops take milliseconds), except for programs that multiply variables (3)
   and programs with arrays (their loops mostly need quantified facts, which
   Spacer seldom finds in time: 2 usually proves them first, and 4 still runs);
2. *guess*: sample executions (for a head none reached, one behind a long first
   loop: runs from the states entering it that the invariant guessed for the
   loops before it allows, `bridge_states`, then a few longer runs), propose
   facts true of every sampled loop-head state (bounds, octagons, multiples,
   congruences, affine and quadratic equalities, each
   element of a short array used as a counter against the loop's counters:
   `element_counters`), keep the inductive ones (Houdini); they may already
   prove a check;
3. *polynomial*, instead of 2 for programs that multiply variables (without
   arrays, with an integer reading): polynomial equalities of degree 2, 3, 4
   fitted to sampled states, with 2's bounds and octagons and bounds of
   squares, kept if inductive (`polynomial_invariants`);
   a guessed non-linear invariant of a `bv` program is certified on the
   integer reading (see `certify`) at once: bit-vector Spacer would not
   find it;
4. *Spacer* again, with the guessed linear facts as known, on all open
   checks together, then on each alone;
5. a guessed invariant the bit-vector obligations could not decide is
   certified on the integer reading.

A `bv` program is searched in its exact integer reading (`math_reading`) when it
has one, then (last) in its own bit-vector clauses (Spacer in a killable
child process: on bit-vectors it can ignore its timeout). Variables that do
not reach a check are sliced away per loop head (`horn.live_variables`).
Certificates are made, checked and printed by `certify.Certifier`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import z3

from ... import ir
from ...encode import CheckKey, TransitionSystem
from ...registry import UnknownReason
from ...contention import stretch
from .certify import CERTIFY_RESERVE_S, INTEGER_READING_NOTE, Certifier, is_bv, language_of, quantified
from .horn import HornView, Invariant, horn_clauses, live_variables, solve
from .polynomial_invariants import multiplies_variables
from .prefix_invariants import has_arrays
from .shape import heap_shape
from .shape_invariants import shape_invariant
from .rendering import conj, conjuncts, nonlinear
from ...result import Verdict
from ..outcome import CheckOutcome

__all__ = ["run_chc", "ChcOptions", "ChcStats", "unproved_reason", "language_of", "INTEGER_READING_NOTE"]


@dataclass
class ChcOptions:
    """Which helpers run (all by default; the bench switches them off one by one)."""

    guess: bool = True
    math_abstraction: bool = True
    slicing: bool = True
    minimize: bool = True
    native_bv: bool = True
    quick_spacer: bool = True
    polynomial: bool = True


@dataclass
class ChcStats:
    """What happened, for the bench: which step proved each check, and timings."""

    proved_by: dict[CheckKey, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add_time(self, step: str, seconds: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + seconds


#: The first, short Spacer run: at most this long (and this share of the budget).
QUICK_SPACER_S, QUICK_SHARE = 0.3, 0.15
#: Budget share kept for checking a guessed non-linear invariant on the integer reading.
FALLBACK_RESERVE = 0.2
#: Sampling and Houdini are cheap: at most this share of the budget (and cap);
#: with arrays, quantified prefix facts (`prefix_invariants`: Spacer seldom finds
#: them) get a larger share and `PREFIX_CAP_S` more, each query at most `PREFIX_QUERY_MS` (wall clock; its
#: CPU is bounded by `prefix_invariants.QUERY_RLIMIT`, which a loaded machine does not shrink: 500 ms let
#: the two-dimensional prefix of matrix_init_2d time out whenever the proof lane had half a core or less).
GUESS_SHARE, GUESS_CAP_S = 0.2, 1.0
PREFIX_GUESS_SHARE, PREFIX_CAP_S, PREFIX_QUERY_MS = 0.4, 3.0, 2000
#: Sampled runs for programs with arrays: most runs of array programs end at an
#: assumption on a size; three times the usual few hundredths of a second leave
#: ten times fewer guesses true of every sample, and Houdini's rounds shrink alike.
ARRAY_SAMPLE_RUNS = 72
#: Loop heads no sampled run reached (a run ends after `sampled_invariants.MAX_EDGES` edges, inside a
#: first loop of a few hundred iterations): this many runs of at most this many edges, in at most this
#: share of the guess's time, sample them.
DEEP_SAMPLE_RUNS, DEEP_SAMPLE_EDGES, DEEP_SAMPLE_SHARE = 6, 20_000, 0.4
#: Heads still unreached get runs from states entering them (`bridge_states`): this many per state;
#: those rounds may take this share of what is left of the whole budget.
BRIDGED_RUNS, BRIDGE_SHARE = 3, 0.6
#: Polynomial invariants get at most this share of what is left (4 s of the default
#: 10: their rounds mostly end within 2 s; a larger --timeout gives them more).
POLYNOMIAL_SHARE = 0.4
#: The joint Spacer query of all open checks gets this share of what is left;
#: the per-check queries split the rest.
JOINT_SHARE = 0.5
#: Heap shape facts (Houdini on a few dozen candidates per loop head) get at most this share of the budget.
SHAPE_SHARE = 0.5
#: With two searches (integer reading, then bit-vectors), the second gets this share.
NATIVE_BV_SHARE = 0.25
@dataclass
class _Search:
    """A view to search invariants on. `math_terms`: its formulas are the integer
    reading of the program; otherwise the transition system's bit-vector terms."""

    name: str
    view: HornView
    math_terms: bool


def run_chc(ts: TransitionSystem, keys: set[CheckKey], deadline: float,
            include_unknown: bool = False, options: ChcOptions | None = None,
            stats: ChcStats | None = None,
            on_found: Callable[[dict[CheckKey, CheckOutcome]], None] | None = None) -> dict[CheckKey, CheckOutcome]:
    """Checks of `keys` proved with a re-checked loop invariant, by `deadline` (time.monotonic());
    `on_found` hears each batch of proofs as it is certified (the rest may take until the deadline)."""
    options = options or ChcOptions()
    stats = stats if stats is not None else ChcStats()
    start = time.monotonic()
    keys = {k for k in keys if k in ts.checks}
    answers: dict[CheckKey, CheckOutcome] = {}
    if not keys or not ts.cfa.loops:
        return answers
    mv = None
    if is_bv(ts) and options.math_abstraction:
        from .math_reading import math_view

        mv = math_view(ts)
    searches = _searches(ts, mv, options)
    prover = Certifier(ts, mv, options, stats)
    prover.final_deadline = deadline
    open_keys = set(keys)

    def settle(found: dict[CheckKey, CheckOutcome]) -> None:
        answers.update(found)
        open_keys.difference_update(found)
        if found and on_found is not None:
            on_found(found)

    primary = searches[0]
    # 0. linked structures on the heap: their shape facts (`shape_invariants`), which nothing below guesses
    if options.guess and primary.math_terms and (shape := heap_shape(ts.variables, ts.cfa)) is not None:
        t0 = time.monotonic()
        inv = shape_invariant(shape, primary.view, min(deadline, t0 + SHAPE_SHARE * (deadline - t0)))
        stats.add_time("shape", time.monotonic() - t0)
        if inv is not None:
            # bit-vector obligations over the heap's arrays are slow to decide and to re-check: the integer reading
            settle(prover.certify(inv, True, open_keys, deadline, "shape", reading_first=True, minimize=False))
    arrays = has_arrays(ts.variables)
    polynomial = options.guess and options.polynomial and primary.math_terms and not arrays \
        and multiplies_variables(ts.cfa)
    # 1. a short Spacer run first: most easy loops are solved in a few milliseconds (not
    #    those that multiply variables or have arrays: Spacer seldom finds their invariants
    #    quickly, and it runs again in step 3 if the guesses leave checks open)
    if options.quick_spacer and not polynomial and not arrays:
        t0 = time.monotonic()
        quick_end = min(deadline, t0 + min(QUICK_SPACER_S, QUICK_SHARE * (deadline - t0)))
        answer = _solve(primary, open_keys, {}, quick_end, options)
        stats.add_time(f"spacer-{primary.name}", time.monotonic() - t0)
        if answer is not None:
            settle(prover.certify(answer, primary.math_terms, open_keys, deadline, f"spacer-{primary.name}"))
    # 2. guess and check (Houdini): linear facts, or for programs that multiply
    #    variables, polynomial ones with them (`polynomial_invariants`)
    background: Invariant = {}
    guessed: Invariant | None = None
    bridged: set[int] = set()
    if options.guess and open_keys and not polynomial:
        t0 = time.monotonic()
        cap = (GUESS_CAP_S + (PREFIX_CAP_S if arrays else 0.0)) * stretch()
        share = PREFIX_GUESS_SHARE if arrays else GUESS_SHARE
        guess_deadline = min(deadline, t0 + min(cap, share * (deadline - t0)))
        guessed, bridged = _guess(ts, primary, open_keys, guess_deadline, options, stats, deadline)
        stats.add_time("guess", time.monotonic() - t0)
        if guessed is not None:
            # a quantified fact is decided on bit-vectors slowly: the integer reading may take over at once
            # (rather than in a second pass below that would repeat the minimising and the bit-vector attempt)
            settle(prover.certify(guessed, True, open_keys, deadline, "houdini", integer_reading=quantified(guessed)))
    if polynomial and open_keys:
        t0 = time.monotonic()
        end = min(deadline, t0 + POLYNOMIAL_SHARE * (deadline - t0))
        found, guessed = _polynomial(prover, primary, open_keys, end)
        settle(found)
        stats.add_time("polynomial", time.monotonic() - t0)
    if guessed is not None:
        # (not at heads only bridged states reached: their facts sent Spacer astray where it did without)
        background = {h: conj([c for c in conjuncts(f) if not nonlinear(c) and not z3.is_quantifier(c)])
                      for h, f in guessed.items() if h not in bridged}
    # 3. Spacer with what was guessed as known facts: all open checks, then each
    pending_reading = (guessed is not None and not polynomial and prover.may_use_integer_reading
                       and (bool(prover.undecided & open_keys) or any(nonlinear(f) for f in guessed.values())))
    if pending_reading and (any(nonlinear(f) for f in guessed.values()) or quantified(guessed)) and open_keys:
        # a product: bit-vector Spacer will not find it, and bit-blasting it does not finish;
        # a quantified prefix fact: z3 decides it on bit-vectors slowly, and it reads best
        settle(prover.certify(guessed, True, open_keys, deadline, "houdini"))
        pending_reading = bool(open_keys)
    for search in searches:
        if not open_keys or time.monotonic() >= deadline:
            break
        end = deadline
        if pending_reading:  # do not starve the guessed invariant's own check
            now = time.monotonic()
            end = min(deadline - FALLBACK_RESERVE * (deadline - now), now + max(1.0, 0.3 * (deadline - now)))
        share = 1.0 if search is searches[-1] else 1.0 - NATIVE_BV_SHARE
        budget_end = time.monotonic() + share * max(0.0, end - time.monotonic())
        bg = background if search.math_terms else prover.from_math(background)
        settle(_spacer(prover, search, open_keys, bg, budget_end, options))
    # 4. the guessed invariant on the integer reading of a bv program (non-linear ones)
    if pending_reading and open_keys and time.monotonic() < deadline:
        settle(prover.certify(guessed, True, open_keys, deadline, "houdini"))
    if include_unknown:
        budget = deadline - start
        for key in open_keys:
            answers[key] = CheckOutcome(key, Verdict.UNKNOWN, "chc", reason=unproved_reason(ts, key, budget))
    return answers


def unproved_reason(ts: TransitionSystem, key: CheckKey, seconds: float) -> str:
    """The unknown reason for a check no invariant was found for, naming its loop."""
    heads = [e.src for e in ts.errors if e.key == key and e.src in ts.cfa.loops] or list(ts.cfa.loops)
    lines = sorted({ts.cfa.loops[h].loc.line for h in heads})
    where = ", ".join(str(n) for n in lines)
    seconds_text = f"{max(1, round(seconds))}s"
    return UnknownReason.INCOMPLETE.describe(f"no invariant found within {seconds_text} (loop at line {where})")


def _searches(ts: TransitionSystem, mv, options: ChcOptions) -> list[_Search]:
    native = _Search("native", HornView(ts), math_terms=not is_bv(ts))
    if mv is None:
        return [native]
    out = [_Search("math", mv.view, math_terms=True)]
    if options.native_bv:
        out.append(native)
    return out


# ------------------------------------------------------------------ steps


def _guess(ts: TransitionSystem, search: _Search, keys: set[CheckKey], deadline: float,
           options: ChcOptions, stats: ChcStats, final_deadline: float) -> tuple[Invariant | None, set[int]]:
    """The guessed invariant (see the module docstring, step 2), by `deadline`, and the heads only
    bridged states reached; rounds for heads behind a long loop (`bridge_states`) may take up to
    `BRIDGE_SHARE` of what is left before `final_deadline`."""
    from .bridge_states import bridged_starts
    from .sampled_invariants import RUNS, program_constants, sample_states

    t0 = time.monotonic()
    arrays = has_arrays(ts.variables)
    runs = ARRAY_SAMPLE_RUNS if arrays else RUNS
    states = sample_states(ts.cfa, deadline, runs=runs)
    constants = program_constants(ts.cfa)
    if not all(states.values()):  # a head behind a condition on a program constant (``n == 16``)
        more = sample_states(ts.cfa, deadline, runs=runs, seed=1, constants=tuple(constants))
        states = {h: found or more.get(h, []) for h, found in states.items()}
    stats.add_time("sample", time.monotonic() - t0)
    sampled = {h for h, found in states.items() if found}
    guessed = _guess_from(ts, search, keys, states, constants, deadline, options, stats)
    # a head behind a loop longer than a run: the states entering it from the invariant of the
    # loops before it (`bridge_states`), then a guess again, one head further each round
    for _ in ts.cfa.loops:
        reached = {h for h, found in states.items() if found}
        if guessed is None or not search.math_terms or len(reached) == len(states):
            break
        t0 = time.monotonic()
        # the rounds may take longer: Spacer, what comes after, seldom finds quantified facts
        deadline = max(deadline, min(final_deadline, t0 + BRIDGE_SHARE * (final_deadline - t0)))
        starts = bridged_starts(search.view, guessed, reached, deadline)
        carried = sample_states(ts.cfa, deadline, runs=BRIDGED_RUNS * len(starts), starts=starts) if starts else {}
        stats.add_time("bridge", time.monotonic() - t0)
        if not any(carried.get(h) for h in set(states) - reached):
            break
        states = {h: found or carried.get(h, []) for h, found in states.items()}
        guessed = _guess_from(ts, search, keys, states, constants, deadline, options, stats,
                              {h: guessed[h] for h in reached if h in guessed}) or guessed
    bridged = {h for h, found in states.items() if found} - sampled
    if not all(states.values()):  # still: a few long runs (``for (i = 0; i < 100; i++)`` first)
        t0 = time.monotonic()
        end = min(deadline, t0 + DEEP_SAMPLE_SHARE * max(0.0, deadline - t0))
        deep = sample_states(ts.cfa, end, runs=DEEP_SAMPLE_RUNS, max_edges=DEEP_SAMPLE_EDGES, seed=2)
        stats.add_time("sample", time.monotonic() - t0)
        if any(deep.get(h) for h, found in states.items() if not found):
            states = {h: found or deep.get(h, []) for h, found in states.items()}
            guessed = _guess_from(ts, search, keys, states, constants, deadline, options, stats) or guessed
    return guessed, bridged


def _guess_from(ts: TransitionSystem, search: _Search, keys: set[CheckKey], states: dict, constants: list[int],
                deadline: float, options: ChcOptions, stats: ChcStats,
                settled: Invariant | None = None) -> Invariant | None:
    """The inductive part of the facts true of the sampled `states` (Houdini), or None. At the
    heads of `settled` (an earlier guess), its facts are the candidates, not those of the samples."""
    from .accumulated_bounds import accumulated_candidates, element_candidates
    from .element_counters import element_counter_candidates
    from .array_sums import sum_candidates
    from .transpose_invariants import transpose_candidates
    from .prefix_invariants import prefix_candidates, prefix_houdini
    from .sampled_invariants import guess_candidates, houdini

    if time.monotonic() >= deadline:
        return None
    arrays = has_arrays(ts.variables)
    settled = settled or {}
    live = live_variables(search.view, keys) if options.slicing else \
        {h: list(ts.variables) for h in ts.cfa.loops}
    ints = {n for n, t in ts.variables.items() if isinstance(t, ir.IntType)}
    sampled = states
    states = {h: [] if h in settled else found for h, found in states.items()}
    # with arrays, no pairs with a variable of one value (a pointer's object and offset)
    cands = guess_candidates(states, live, ints, constants, constant_pairs=not arrays)
    for head, facts in (element_counter_candidates(ts.cfa, states, live) if arrays else {}).items():
        cands.setdefault(head, []).extend(facts)  # each element of a short array against a counter
    for head in ts.cfa.loops:  # a head no sampled run reached may be unreachable (a copy for another pointer target)
        if not sampled.get(head):
            cands.setdefault(head, []).append(z3.BoolVal(False))
    for head, fact in settled.items():
        cands[head] = [c for c in conjuncts(fact) if not z3.is_quantifier(c)]
    cands = {h: facts for h, facts in cands.items() if facts}
    if not any(cands.values()):
        return None
    translate = None
    if not search.math_terms:
        from .to_bitvectors import to_bv

        translate = lambda f: to_bv(f, ts)  # noqa: E731
    t0 = time.monotonic()
    try:
        guessed = houdini(search.view, cands, deadline, translate)
        prefix = prefix_candidates(ts.cfa, states, live, constants, deadline) if arrays else {}
        for head, facts in (accumulated_candidates(ts.cfa, states, live, constants) if arrays else {}).items():
            prefix[head] = facts + prefix.get(head, [])
        for head, facts in (element_candidates(ts.cfa, states, live, constants) if arrays else {}).items():
            prefix[head] = facts + prefix.get(head, [])
        for head, facts in (sum_candidates(ts.cfa, states, live) if arrays else {}).items():
            prefix[head] = facts + prefix.get(head, [])
        dims = ts.cfa.function.array_dims
        for head, facts in (transpose_candidates(ts.cfa, states, live, dims) if arrays and dims else {}).items():
            prefix[head] = facts + prefix.get(head, [])
        # a settled head's quantified facts are taken as known, not decided again (the costly part;
        # the certificate checks the whole invariant anyway)
        kept = {h: [c for c in conjuncts(fact) if z3.is_quantifier(c)] for h, fact in settled.items()}
        prefix = {h: facts for h, facts in prefix.items() if facts and h not in settled}
        if guessed is None or not (prefix or any(kept.values())):
            return guessed
        guessed = {h: conj(conjuncts(guessed.get(h, z3.BoolVal(True))) + kept.get(h, [])) for h in ts.cfa.loops}
        if not prefix:
            return guessed
        # quantified facts are costly to decide: a second round, on top of the inductive linear ones;
        # the equalities first (a copy, an initialisation), then the rest on top of those that held
        # (if time runs out there, the equalities are kept)
        query_ms = round(PREFIX_QUERY_MS * stretch())
        known = {h: translate(f) if translate else f for h, f in guessed.items()}
        known = {h: f for h, f in known.items() if f is not None}
        firm = {h: [c for c in facts if _states_equality(c)] for h, facts in prefix.items()}
        more = prefix_houdini(search.view, known, firm, deadline, translate, query_ms)
        if more is None and settled:
            return None  # out of time: the earlier guess has as many facts at the settled heads
        more = more or {}
        rest = {h: [c for c in facts if not _states_equality(c)] for h, facts in prefix.items()}
        if any(rest.values()) and time.monotonic() < deadline:
            on_top = {h: conj([known.get(h, z3.BoolVal(True))] + [translate(c) if translate else c
                                                                  for c in more.get(h, [])]) for h in ts.cfa.loops}
            for h, facts in (prefix_houdini(search.view, on_top, rest, deadline, translate, query_ms) or {}).items():
                more[h] = more.get(h, []) + facts
        return {h: conj(conjuncts(guessed.get(h, z3.BoolVal(True))) + more.get(h, [])) for h in ts.cfa.loops}
    finally:
        stats.add_time("houdini", time.monotonic() - t0)


def _states_equality(fact: z3.BoolRef) -> bool:
    """Does `fact` (``forall k. range -> body``, or a body alone) state an equality?"""
    body = fact.body() if z3.is_quantifier(fact) else fact
    if z3.is_implies(body):
        body = body.arg(1)
    return z3.is_eq(body)


def _polynomial(prover: Certifier, search: _Search, keys: set[CheckKey],
                deadline: float) -> tuple[dict[CheckKey, CheckOutcome], Invariant | None]:
    """Checks of `keys` proved by polynomial invariants of growing degree (see the
    module docstring), and the last inductive invariant found (None: none)."""
    from .polynomial_invariants import rounds

    found: dict[CheckKey, CheckOutcome] = {}
    last = None
    for inv in rounds(search.view, keys, deadline):
        last = inv
        found.update(prover.certify(inv, True, keys - set(found), deadline, "polynomial"))
        if set(found) >= keys or time.monotonic() >= deadline:
            break
    return found, last


def _spacer(prover: Certifier, search: _Search, keys: set[CheckKey], background: Invariant,
            deadline: float, options: ChcOptions) -> dict[CheckKey, CheckOutcome]:
    found: dict[CheckKey, CheckOutcome] = {}
    step = f"spacer-{search.name}"
    t0 = time.monotonic()
    joint_end = t0 + (JOINT_SHARE if len(keys) > 1 else 1.0) * max(0.0, deadline - t0 - CERTIFY_RESERVE_S)
    answer = _solve(search, keys, background, joint_end, options)
    prover.stats.add_time(step, time.monotonic() - t0)
    if answer is not None:
        found.update(prover.certify(_conjoin(answer, background), search.math_terms, keys, deadline, step))
    if len(keys) == 1:
        return found
    pending = sorted(k for k in keys if k not in found)
    for i, key in enumerate(pending):
        if key in found:
            continue
        now = time.monotonic()
        end = now + max(0.0, deadline - now - CERTIFY_RESERVE_S) / (len(pending) - i)
        if end <= now:
            break
        answer = _solve(search, {key}, background, end, options)
        prover.stats.add_time(step, time.monotonic() - now)
        if answer is not None:
            # the invariant may prove other open checks too
            rest = {k for k in keys if k not in found}
            found.update(prover.certify(_conjoin(answer, background), search.math_terms, rest, deadline, step))
    return found


def _solve(search: _Search, keys: set[CheckKey], background: Invariant, deadline: float,
           options: ChcOptions) -> Invariant | None:
    ts = search.view.ts
    live = None if options.slicing else {h: list(ts.variables) for h in ts.cfa.loops}
    answer = solve(horn_clauses(search.view, keys, background, live), deadline)
    return answer.invariant if answer.status == "sat" else None


def _conjoin(inv: Invariant, background: Invariant) -> Invariant:
    return {h: z3.And(f, background[h]) if h in background else f for h, f in inv.items()}
