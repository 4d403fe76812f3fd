"""`verify terminates`: does every execution of a function end? yes with
ranking functions, no with an input that runs forever, or unknown with the
reason.

`prove_termination(program, function)` first asks, when a call cycle is
reachable, for a measure every recursive call decreases or a self-call that
never returns (`verifier.terminating_recursion`). Else it builds the automaton
(calls inlined), encodes it exactly (`verifier.encode`); when arrays are read and written
only at fixed indices (``*p``, ``a[0]``), their cells are first ranked as
variables (`verifier.engines.termination.cells`, yes answers only); it asks the
termination engine (`verifier.engines.termination.ranked_loops.rank_loops`) for
ranking functions; when a loop of a bit-vector program has none, for a bound
on its iterations in a row from any state (`verifier.engines.termination.bounded`);
else for piecewise ones (its head split
into regions, `verifier.engines.termination.piecewise`), then for a transition
invariant inside a union of ranking relations (`verifier.terminating_disjunctive`),
and else the non-termination search (`verifier.engines.termination.recurrence`)
looks for an input that runs forever, which is replayed for real
(`verifier.crosscheck.nontermination`).

A yes is only given after the certificate's obligations, stated on the exact
encoding (for cells: of an automaton with every execution of the function's as
a prefix of one of its own), have been re-checked unsatisfiable by z3 and cvc5
(`verifier.crosscheck.recheck`). A no is only given when the recurrent set's
closure is re-checked the same way and the replay confirms the input.
Executions that stop at a failing check (a signed overflow in ``bv``, a
division by zero) end there: they count as terminating, and the other checks
of `verify prove` report them. `termination_result` is the answer as a
`Result`.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

import z3

from . import ir
from .arrays import shown_inputs
from .assumptions import assumptions_of, state_assumption
from .bounded_inputs import withhold_bounded_yes
from .cfa import Cfa, CfaUnsupported, build_cfa
from .config import DEFAULT_TIMEOUT
from .encode import TransitionSystem, encode
from .engines.ranking import Component, Lin, RankNode, holds, render, render_atom
from .engines.termination.ranked_loops import (CertificateError, check_obligations, outermost, rank_loops,
                                               ranking_obligations, split_cases)
from .engines.termination.bounded import IterationBound, bound_iterations
from .engines.termination.cells import scalar_cells
from .engines.termination.disjunctive import TransitionInvariant
from .terminating_disjunctive import certify_disjunctive, invariant_text, transition_invariants
from .terminating_exact import ExactReading, exact_obligations, exact_reading
from .engines.termination.piecewise import PiecewiseRanking, piece_texts, rank_piecewise
from .engines.termination.recurrence import RecurrenceSearch
from .recurrent_set import Recurrence
from .registry import UnknownReason
from .result import Certificate, Counterexample, Location, NondetSource, Result, Verdict
from .smt import EncodeUnsupported
from .solver import check, smt2


@dataclass
class LoopRanking:
    """The ranking function of one loop head, in source syntax."""

    line: int
    column: int
    kind: str  # linear, lexicographic, multiphase, piecewise (functions: "region: function"), bounded
    functions: list[str]
    invariant: str

    def text(self) -> str:
        if self.kind in ("linear", "bounded"):
            body = self.functions[0]
        elif self.kind == "piecewise":
            body = f"piecewise ({'; '.join(self.functions)})"
        else:
            body = f"{self.kind} ({', '.join(self.functions)})"
        return f"loop at line {self.line}: {body}"


@dataclass
class TerminationAnswer:
    """The answer for one function.

    yes: `rankings` per loop, `invariants` (text per loop line), the
    certificate's `obligations` (SMT-LIB texts that must be unsatisfiable)
    and `checked_by`. no: `params`, `nondet` (values in call order, as far
    as the replay ran; the real run was fed its last `period` values again
    and again after them), `stem_length` (blocks before the recurrent set),
    `recurrent_set` (text), `confirmed` and `replay`. unknown: `reason`.
    """

    verdict: str
    function: str
    location: ir.Loc
    reason: str = ""
    rankings: list[LoopRanking] = field(default_factory=list)
    invariants: dict[int, str] = field(default_factory=dict)
    certificate_kind: str = ""
    certificate_text: str = ""
    obligations: list[str] = field(default_factory=list)
    checked_by: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, int] = field(default_factory=dict)
    nondet: list[int] = field(default_factory=list)
    nondet_sources: list[NondetSource] = field(default_factory=list)
    period: int = 0
    stem_length: int = 0
    recurrent_set: str = ""
    confirmed: bool = False
    replay: str = ""
    engine: str = "termination"
    time_s: float = 0.0


# --------------------------------------------------------------- driver

#: Share of the time left after the ranking synthesis that piecewise ranking
#: (`engines.termination.piecewise`) may use before the non-termination search.
PIECEWISE_SHARE = 0.3
#: Share of the time left after piecewise ranking that transition invariants
#: (`engines.termination.disjunctive`) may use before the non-termination search.
DISJUNCTIVE_SHARE = 0.3
#: Seconds kept for certifying a piecewise ranking found after the
#: non-termination search (z3's check and the cvc5 re-check).
CERTIFY_RESERVE_S = 1.5
#: Share of the time left after the ranking synthesis that a first, quick
#: non-termination search may use before piecewise ranking and transition
#: invariants (which a loop that runs forever only wastes time on).
QUICK_NO_SHARE = 0.15
#: Share of the time left after the ranking synthesis that iteration bounds
#: (`engines.termination.bounded`) may use.
BOUNDED_SHARE = 0.2
#: Share of the time left that the obligations of a ranking certificate of a
#: bit-vector program may take on the exact integer reading before the
#: bit-vector ones are checked instead (`terminating_exact`).
EXACT_SHARE = 0.4
#: Share of the time left that ranking over array cells taken as variables
#: (`engines.termination.cells`) may use before the engines run on the arrays.
CELLS_SHARE = 0.6
#: Edges of the automaton of a recursive function, its calls inlined a bounded
#: number of times, above which it is not encoded (ackermann's take seconds
#: past the deadline); the answer is the recursion engine's unknown.
MAX_INLINED_RECURSION_EDGES = 4000


def prove_termination(program: ir.Program, function: str, semantics: str | None = None,
                      timeout: float = DEFAULT_TIMEOUT) -> TerminationAnswer:
    """Does every execution of `function` end?

    `semantics` must be the one `program` was lowered with (the IR's types
    carry it); None means ``program.semantics``. Never raises for a function
    outside what the engines handle: the answer is then unknown with the reason.
    """
    start = time.monotonic()
    deadline = start + timeout
    fn = program.functions[function]
    if semantics is not None and semantics != program.semantics:
        raise ValueError(f"{program.path} was lowered with {program.semantics} semantics, not {semantics}")
    try:
        answer = _prove(program, function, deadline)
    except z3.Z3Exception as exc:  # a solver failure is an unknown, never an answer
        answer = TerminationAnswer("unknown", function, fn.loc, reason=UnknownReason.SOLVER.describe(str(exc)))
    if answer.location == ir.NOWHERE:
        answer.location = fn.loc
    answer.time_s = time.monotonic() - start
    return answer


def _prove(program: ir.Program, function: str, deadline: float) -> TerminationAnswer:
    from .terminating_recursion import prove_recursion

    fn = program.functions[function]
    recursive = prove_recursion(program, function, deadline)
    if recursive is not None and recursive.verdict in ("yes", "no"):
        return recursive
    try:
        cfa = build_cfa(program, function)
        if recursive is not None and (len(cfa.edges) > MAX_INLINED_RECURSION_EDGES or time.monotonic() >= deadline):
            return recursive  # the calls inlined make an automaton too large to encode in time
        ts = encode(cfa)
    except CfaUnsupported as exc:
        return TerminationAnswer("unknown", function, exc.loc if exc.loc != ir.NOWHERE else fn.loc,
                                 reason=UnknownReason.UNSUPPORTED.describe(exc.what))
    except EncodeUnsupported as exc:
        return TerminationAnswer("unknown", function, exc.loc, reason=UnknownReason.UNSUPPORTED.describe(exc.what))
    math_sem = program.semantics == "math" or all(
        not isinstance(t, ir.IntType) or t.bits is None for t in cfa.variables.values())
    recursion = _recursion(program, function) if cfa.bounded_recursion else ""
    if not recursion:
        answer = _cells_yes(program, function, cfa, deadline)
        if answer is not None:
            return answer
    found = rank_loops(cfa, ts, deadline)
    roots, paths, ranked, invariants, failures = (found.roots, found.paths, found.ranked, found.invariants,
                                                  found.failures)

    if not failures and not recursion:
        return _yes(program, function, cfa, ts, roots, ranked, invariants, deadline)
    bounds: list[IterationBound] = []
    if not recursion and not math_sem:
        until = time.monotonic() + BOUNDED_SHARE * max(0.0, deadline - time.monotonic())
        bounds = [b for b in (bound_iterations(ts, r, until) for r, _ in failures) if b is not None]
        if bounds:
            failures = [(r, why) for r, why in failures if all(r != frozenset({b.head}) for b in bounds)]
            found = dataclasses.replace(found, failures=failures)
            if not failures:  # the other loops are ranked: the certificate stands or falls as a whole
                return _yes(program, function, cfa, ts, roots, ranked, invariants, deadline, bounded=bounds)

    def nonterminating(roots_: list[frozenset[int]],
                       until: float) -> tuple[TerminationAnswer | None, TerminationAnswer | None]:
        """(a replayed no from a recurrent set found by `until`, else None; an unconfirmed one, else None)."""
        unconfirmed_ = None
        for root in roots_:
            if time.monotonic() >= until:
                break
            rec = RecurrenceSearch(ts, root, until, math_sem, paths).run()
            if rec is not None:
                answer_ = _no(program, function, cfa, ts, rec, deadline)
                if answer_.verdict == "no":
                    return answer_, None
                unconfirmed_ = unconfirmed_ or answer_
        return None, unconfirmed_

    if not recursion:
        quick, _ = nonterminating([r for r, _ in failures],
                                  time.monotonic() + QUICK_NO_SHARE * max(0.0, deadline - time.monotonic()))
        if quick is not None:
            return quick

    def piecewise(until: float) -> TerminationAnswer | None:
        """A yes from piecewise ranking functions (the failing loop heads split
        into regions, one function each) found by `until`, else None."""
        if recursion or not found.paths:
            return None
        pieces = rank_piecewise(cfa, ts, paths, ranked, [r for r, _ in failures], invariants, until)
        if pieces is None:
            return None
        answer = _yes(program, function, cfa, ts, roots, pieces.ranked, pieces.invariants, deadline, pieces,
                      bounded=bounds)
        return answer if answer.verdict == "yes" else None

    share = time.monotonic() + PIECEWISE_SHARE * max(0.0, deadline - time.monotonic())
    answer = piecewise(share)
    if answer is not None:
        return answer
    if not recursion and found.paths:
        until = time.monotonic() + DISJUNCTIVE_SHARE * max(0.0, deadline - time.monotonic())
        certificates = transition_invariants(cfa, ts, found, until)
        if certificates:
            answer = _yes(program, function, cfa, ts, roots, ranked, invariants, deadline, disjunctive=certificates,
                          bounded=bounds)
            if answer.verdict == "yes":
                return answer
    out_of_share = time.monotonic() >= share

    # some loop has no ranking function: look for an input that runs forever
    bounded_roots = {frozenset({b.head}) for b in bounds}  # these cannot run forever
    search_roots = [r for r, _ in failures] + [r for r in roots
                                               if all(r != f for f, _ in failures) and r not in bounded_roots]
    answer, unconfirmed = nonterminating(search_roots, deadline)
    if answer is not None:
        return answer
    if recursion:
        return TerminationAnswer("unknown", function, fn.loc, reason=recursive.reason if recursive else recursion)
    if unconfirmed is not None:
        return unconfirmed
    if out_of_share and time.monotonic() < deadline - CERTIFY_RESERVE_S:
        # no input runs forever: piecewise functions get the time left
        answer = piecewise(deadline - CERTIFY_RESERVE_S)
        if answer is not None:
            return answer
    root, why = failures[0]
    head = outermost(cfa, root)
    loop = cfa.loops.get(head)
    where = f"loop at line {loop.loc.line}" if loop else "a loop"
    if time.monotonic() >= deadline:
        reason = UnknownReason.TIMEOUT.describe(
            f"no ranking function or non-terminating input found for the {where} in time")
    elif UnknownReason.of(why) in (UnknownReason.INCOMPLETE, UnknownReason.UNSUPPORTED):
        reason = why
    else:
        reason = UnknownReason.INCOMPLETE.describe(
            f"no ranking function found for the {where} ({why}), and no input found that runs forever")
    return TerminationAnswer("unknown", function, loop.loc if loop else fn.loc, reason=reason)


def _cells_yes(program: ir.Program, function: str, cfa: Cfa, deadline: float) -> TerminationAnswer | None:
    """A yes from ranking functions over the array cells `cfa` reads and writes only at fixed
    indices, taken as variables (`engines.termination.cells`), within `CELLS_SHARE` of the
    time left; else None (the arrays stay opaque, and the other engines run on `cfa`)."""
    cells = scalar_cells(cfa)
    if cells is None:
        return None
    try:
        ts = encode(cells)
    except EncodeUnsupported:
        return None
    found = rank_loops(cells, ts, time.monotonic() + CELLS_SHARE * max(0.0, deadline - time.monotonic()))
    if found.failures:
        return None
    answer = _yes(program, function, cells, ts, found.roots, found.ranked, found.invariants, deadline)
    return answer if answer.verdict == "yes" else None


def _recursion(program: ir.Program, function: str) -> str:
    """The reason text for a function whose calls recurse."""
    from .irutil import calls_in

    graph: dict[str, set[str]] = {}
    for name, f in program.functions.items():
        callees: set[str] = set()
        stack: list = list(f.body)
        while stack:
            node = stack.pop()
            for value in vars(node).values():
                if isinstance(value, ir.Expr):
                    callees |= {c.func for c in calls_in(value)}
                elif isinstance(value, list):
                    stack.extend(value)
        graph[name] = callees
    cycle = []
    seen: set[str] = set()

    def visit(name: str, trail: list[str]) -> bool:
        if name in trail:
            cycle.extend(trail[trail.index(name):] + [name])
            return True
        if name in seen:
            return False
        seen.add(name)
        return any(visit(c, trail + [name]) for c in sorted(graph.get(name, ())))

    visit(function, [])
    through = " -> ".join(cycle) if cycle else function
    return UnknownReason.UNSUPPORTED.describe(f"recursive call cycle {through}: termination of recursion is "
                                              "not analysed (calls are inlined a bounded number of times)")


# ----------------------------------------------------------------- yes


@dataclass
class CertificateCheck:
    """The verdict on a ranking certificate: `ok` only when z3 found every
    obligation unsatisfiable and no solver refuted one on re-reading its
    SMT-LIB text; `texts` are those obligations."""

    ok: bool
    reason: str = ""
    texts: list[str] = field(default_factory=list)
    checked_by: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def certify(ts: TransitionSystem, ranked: list[RankNode], invariants: dict[int, list[Lin]],
            deadline: float, exact: ExactReading | None = None) -> CertificateCheck:
    """Check a ranking certificate (parts, functions, supporting invariants) on
    the exact encoding `ts`, then have z3 and cvc5 re-check its obligations.
    With `exact` (the integer reading of a bit-vector `ts`), the certificate
    is first stated there (`terminating_exact`), within `EXACT_SHARE` of the time left."""
    try:
        obligations = ranking_obligations(ts, ranked, invariants)
    except CertificateError as exc:
        return CertificateCheck(False, UnknownReason.INCOMPLETE.describe(f"invalid ranking certificate ({exc})"))
    bits = any(isinstance(t, ir.IntType) and t.bits is not None for t in ts.variables.values())
    until = time.monotonic() + EXACT_SHARE * (deadline - time.monotonic())
    integer = _exact_obligations(exact, ranked, invariants, until)
    if integer:
        obligations, bits = integer, False
    else:
        failure = check_obligations(obligations, deadline)
        if failure == "timeout":
            return CertificateCheck(False, UnknownReason.TIMEOUT.describe("checking the ranking certificate"))
        if failure:
            return CertificateCheck(False, UnknownReason.INCOMPLETE.describe(
                f"ranking certificate failed its check ({failure})"))
    from .crosscheck.recheck import recheck

    # bit-blasting solvers prefer one path at a time; arithmetic ones the whole block
    texts = [smt2(case) for _, f in obligations for case in (split_cases(f) if bits else [f])]
    if not texts:
        return CertificateCheck(True, notes=["no loop can repeat: nothing to re-check"])
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return CertificateCheck(False, UnknownReason.TIMEOUT.describe("re-checking the ranking certificate"))
    checked = recheck(texts, timeout_s=min(10.0, remaining))
    if not checked.refuted_by and "z3" not in checked.checked_by and time.monotonic() >= deadline:
        return CertificateCheck(False, UnknownReason.TIMEOUT.describe("re-checking the ranking certificate"))
    if "z3" not in checked.checked_by or checked.refuted_by:
        who = ", ".join(checked.refuted_by) or "z3"
        why = UnknownReason.INCOMPLETE.describe(f"ranking certificate failed its re-check by {who}")
        return CertificateCheck(False, why, texts, notes=list(checked.notes))
    return CertificateCheck(True, "", texts, list(checked.checked_by), list(checked.notes))


def _exact_obligations(exact: ExactReading | None, ranked: list[RankNode], invariants: dict[int, list[Lin]],
                       until: float) -> list[tuple[str, z3.BoolRef]]:
    """The certificate's obligations on the integer reading `exact` when z3 finds them all
    unsatisfiable by `until`; else [] (the bit-vector ones are checked instead)."""
    if exact is None:
        return []
    try:
        obligations = exact_obligations(exact, ranked, invariants)
        return [] if check_obligations(obligations, until) else obligations
    except (CertificateError, z3.Z3Exception):
        return []


def _yes(program: ir.Program, function: str, cfa: Cfa, ts: TransitionSystem, roots: list[frozenset[int]],
         ranked: list[RankNode], invariants: dict[int, list[Lin]], deadline: float,
         pieces: PiecewiseRanking | None = None,
         disjunctive: list[TransitionInvariant] = (), bounded: list[IterationBound] = ()) -> TerminationAnswer:
    """A yes once the certificate passes `certify` (on the split system of
    `pieces` when loop heads are split into regions), else unknown. The loops
    of `disjunctive` and `bounded` have their own certificates."""
    fn = program.functions[function]
    checked_ts = pieces.ts if pieces is not None else ts
    splits = pieces.splits if pieces is not None else {}
    own = {d.head for d in disjunctive} | {b.head for b in bounded}
    if own:  # those loops have their own certificate: the ranking covers the others
        checked_ts = dataclasses.replace(checked_ts, blocks=[b for b in checked_ts.blocks
                                                             if not (b.src == b.dst and b.src in own)])
        invariants = {h: atoms for h, atoms in invariants.items() if h not in own}
    used = _used_invariants(ranked, invariants)
    bits = any(isinstance(t, ir.IntType) and t.bits is not None for t in ts.variables.values())
    exact = exact_reading(cfa, own) if bits and pieces is None else None
    check = certify(checked_ts, ranked, used, deadline, exact)
    if not check.ok and used is not invariants and UnknownReason.of(check.reason) is not UnknownReason.TIMEOUT:
        used = invariants
        check = certify(checked_ts, ranked, used, deadline, exact)
    if check.ok and (disjunctive or bounded):
        check = certify_disjunctive([*disjunctive, *bounded], check, deadline)
    if not check.ok:
        return TerminationAnswer("unknown", function, fn.loc, reason=check.reason)
    answer = TerminationAnswer("yes", function, fn.loc, certificate_kind="ranking", engine="ranking")
    answer.obligations = check.texts
    answer.checked_by = check.checked_by
    answer.notes += check.notes
    language = program.language
    conj = " and " if language == "python" else " && "
    for head, loop in sorted(cfa.loops.items(), key=lambda kv: (kv[1].loc.line, kv[1].loc.column)):
        if head in splits:
            split = splits[head]
            node = next(r for r in ranked if split.ids[0] in r.cutpoints)
            inv_text = conj.join(render_atom(a) for a in used.get(split.ids[0], []))
            if inv_text:
                answer.invariants[loop.loc.line] = inv_text
            answer.rankings.append(LoopRanking(loop.loc.line, loop.loc.column, "piecewise",
                                               piece_texts(node, split, language), inv_text))
            continue
        bound = next((b for b in bounded if b.head == head), None)
        if bound is not None:
            answer.rankings.append(LoopRanking(loop.loc.line, loop.loc.column, "bounded",
                                               [f"at most {bound.bound} iterations from any state"], ""))
            continue
        if head in own:
            certificate = next(d for d in disjunctive if d.head == head)
            answer.rankings.append(LoopRanking(loop.loc.line, loop.loc.column, "disjunctive",
                                               [render(f) for f in certificate.functions], ""))
            answer.invariants[loop.loc.line] = invariant_text(certificate, language)
            continue
        funcs, kinds = _functions_at(ranked, head)
        inv_text = conj.join(render_atom(a) for a in used.get(head, []))
        if inv_text:
            answer.invariants[loop.loc.line] = inv_text
        if not funcs:
            continue
        kind = kinds[0] if len(kinds) == 1 else "lexicographic"
        answer.rankings.append(LoopRanking(loop.loc.line, loop.loc.column, kind, funcs, inv_text))
    lines = [r.text() for r in answer.rankings] or ["no loop can repeat: every execution is finite"]
    for line, text in sorted(answer.invariants.items()):
        if any(r.line == line and r.kind == "disjunctive" for r in answer.rankings):
            lines.append(f"transition invariant at line {line}: {text}")
        elif any(r.line == line for r in answer.rankings):
            lines.append(f"supporting invariant at line {line}: {text}")
    answer.certificate_text = "\n".join(lines)
    stops = sorted({(e.key[0], e.key[1]) for e in ts.errors if e.key[0] != "bound"
                    and any(e.src in r for r in roots) and _may_fail(ts, e, used, deadline)})
    if stops:
        where = ", ".join(f"{kind} at line {line}" for kind, line in stops[:3])
        answer.notes.append(f"executions that stop at a failing check ({where}) count as terminating; "
                            f"`verify prove` reports those checks")
    return answer


def _may_fail(ts: TransitionSystem, error, invariants: dict[int, list[Lin]], deadline: float) -> bool:
    """The error exit can be taken from a state satisfying the loop head's invariant."""
    facts = [holds(a, ts.current, ts.variables) for a in invariants.get(error.src, [])]
    # at least a 1 ms query, even past the deadline: this only words a note on a proof already found
    return not check(z3.Solver(), max(deadline, time.monotonic() + 0.001), error.cond, *facts, cap_s=1.0).unsat


def _functions_at(roots: list[RankNode], head: int) -> tuple[list[str], list[str]]:
    """The rendered components of the chain of parts holding `head`, and their kinds."""
    node = next((r for r in roots if head in r.cutpoints), None)
    comps: list[Component] = []
    while node is not None:
        comps += node.components
        node = next((ch for ch in node.children if head in ch.cutpoints), None)
    if len(comps) == 1 and comps[0].kind == "multiphase":
        return [render(ph[head]) for ph in comps[0].phases], ["multiphase"]
    funcs = [render(c.phases[0][head]) if c.kind == "linear"
             else f"multiphase ({', '.join(render(ph[head]) for ph in c.phases)})" for c in comps]
    return funcs, [c.kind for c in comps]


def _used_invariants(ranked: list[RankNode], invariants: dict[int, list[Lin]]) -> dict[int, list[Lin]]:
    """The invariant atoms over variables the ranking functions mention (a first,
    smaller certificate; the caller falls back to all of them)."""
    mentioned: set[str] = set()

    def walk(node: RankNode) -> None:
        for comp in node.components:
            for ph in comp.phases:
                for f in ph.values():
                    mentioned.update(f.coeffs)
        for ch in node.children:
            walk(ch)

    for r in ranked:
        walk(r)
    return {h: [a for a in atoms if set(a.coeffs) <= mentioned] for h, atoms in invariants.items()}


# ------------------------------------------------------------------- no


def _no(program: ir.Program, function: str, cfa: Cfa, ts: TransitionSystem, rec: Recurrence,
        deadline: float) -> TerminationAnswer:
    from .crosscheck.nontermination import replay_nontermination
    from .crosscheck.recheck import recheck

    fn = program.functions[function]
    head = outermost(cfa, rec.cutpoints)
    loc = cfa.loops[head].loc if head in cfa.loops else fn.loc
    failure = check_obligations(rec.obligations, deadline)
    if failure:
        why = UnknownReason.INCOMPLETE.describe(f"recurrent set failed its check ({failure})")
        return TerminationAnswer("unknown", function, loc, reason=why)
    texts = [smt2(f) for _, f in rec.obligations]
    late = UnknownReason.TIMEOUT.describe("re-checking and replaying the non-terminating input")
    if time.monotonic() >= deadline:
        return TerminationAnswer("unknown", function, loc, reason=late)
    checked = recheck(texts, timeout_s=min(10.0, deadline - time.monotonic()))
    if "z3" not in checked.checked_by or checked.refuted_by:
        if not checked.refuted_by and time.monotonic() >= deadline:
            return TerminationAnswer("unknown", function, loc, reason=late)
        return TerminationAnswer("unknown", function, loc,
                                 reason=UnknownReason.INCOMPLETE.describe("recurrent set failed its re-check"))
    replay = replay_nontermination(program, function, cfa, rec, deadline)
    line_of = {h: loop.loc.line for h, loop in cfa.loops.items()}
    answer = TerminationAnswer("no", function, loc, certificate_kind="recurrent-set", engine="recurrence")
    answer.params = dict(rec.params)
    answer.nondet = list(replay.nondet)
    answer.nondet_sources = list(replay.nondet_sources)
    answer.period = replay.period
    answer.stem_length = rec.stem_steps
    answer.recurrent_set = rec.text(line_of, program.language)
    answer.certificate_text = answer.recurrent_set
    answer.obligations = texts
    answer.checked_by = list(checked.checked_by)
    answer.notes += checked.notes
    answer.confirmed = replay.confirmed
    answer.replay = replay.detail
    if not replay.confirmed:
        answer.verdict = "unknown"
        answer.reason = late if replay.late else \
            UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({replay.detail})")
    return answer


# --------------------------------------------------------------- result


def termination_result(program: ir.Program, function: str, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """`prove_termination` as a `Result` of check ``termination``: location of
    the loop the answer is about (else of the function), the ranking or
    recurrent-set certificate with the solvers that re-checked it, and for a
    no the input (parameters, nondet values) and how the replay went."""
    answer = prove_termination(program, function, timeout=timeout)
    loc = answer.location
    result = Result(
        check="termination",
        target=f"{program.path}:{function}",
        location=Location(program.path, loc.line, loc.column),
        verdict=Verdict(answer.verdict),
        reason=answer.reason,
        engine=answer.engine,
        time_s=answer.time_s,
        message="; ".join(answer.notes),
    )
    if answer.certificate_kind and (answer.verdict != "unknown" or answer.certificate_text):
        result.certificate = Certificate(answer.certificate_kind, answer.certificate_text, list(answer.checked_by))
    withhold_bounded_yes(result, program.replay_facts.get("input_scope", {}).get(function, ""))
    state_assumption(result, assumptions_of(program, program.functions[function]))
    if answer.certificate_kind == "recurrent-set":
        text = (f"stem of {answer.stem_length} loop-head visits, then forever in {answer.recurrent_set}"
                if answer.recurrent_set else "")
        result.counterexample = Counterexample(inputs=shown_inputs(program.functions[function].params, answer.params),
                                               nondet=list(answer.nondet),
                                               confirmed=answer.confirmed, replay=answer.replay,
                                               nondet_sources=list(answer.nondet_sources))
        if result.certificate is not None:
            result.certificate.note = text
    return result


__all__ = ["TerminationAnswer", "LoopRanking", "prove_termination", "termination_result", "certify", "CertificateCheck"]
