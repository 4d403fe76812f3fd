"""Candidate invariants made certificates: re-checked, minimised, printed.

`Certifier.certify` takes an invariant (one formula per loop head) found by
any means and returns, for the checks it proves, `CheckOutcome`s whose
`proof_smt2` are the obligations of `verifier.invariant_certificate`,
each decided unsatisfiable by z3 here first.

Invariants come either in the *integer reading* (formulas over the numbers
the variables hold: printable as they are) or in the transition system's
own terms. For a `bv` program an integer-reading invariant is carried to
bit-vectors (`to_bitvectors.to_bv`) and checked there; when z3 cannot decide those
obligations in time (products of variables, divisions by variables), the
certificate is the integer reading's own obligations (`math_reading`: exact, and
the two automata agree on sampled runs), and its text says so
(`INTEGER_READING_NOTE`).

Minimising keeps the conjuncts the proof needs (unsat cores of the safety
obligations, closed under what consecution needs, simple facts preferred),
then drops those the others imply.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

import z3

from ... import ir
from ...encode import CheckKey, TransitionSystem
from ...invariant_certificate import Obligation, check, failing_obligations, ite_cases, obligations, to_smt2
from ...solver import logic_of
from .horn import HornView, Invariant
from .rendering import conj, conjuncts, display_names, nonlinear, render, tidy
from .sampled_invariants import has_wide_constants
from .safety_slices import SafetySlicer
from ...result import Verdict
from ..outcome import CheckOutcome

__all__ = ["Certifier", "language_of", "is_bv", "conj", "nonlinear", "quantified", "INTEGER_READING_NOTE",
           "CERTIFY_RESERVE_S"]

if TYPE_CHECKING:
    from .chc import ChcOptions, ChcStats

#: Time kept back for re-checking and minimising a found invariant.
CERTIFY_RESERVE_S = 0.3
#: z3's limit per bit-vector obligation, and for all of one invariant's, before the
#: integer reading's certificate is used.
BV_QUERY_MS, BV_DECIDE_S, BV_TOTAL_S = 800, 1.5, 2.5
#: Checks left undecided on bit-vectors retried with an invariant minimised for each alone.
MAX_SEPARATE_RETRIES = 4
#: Appended to a certificate checked on the integer reading of a `bv` program.
INTEGER_READING_NOTE = " [checked on the exact integer reading of the bit-vector program]"


T = TypeVar("T")


class FormulaMemo(Generic[T]):
    """`answer(f)` of a function of a formula alone, remembered by the formula's AST id (with the
    formula: an id is reused once its term is freed): the certifier asks the same questions of the
    same conjuncts many times over (each candidate invariant shares most of the last one's), and
    walking a term in Python, or carrying a quantified fact to bit-vectors, costs milliseconds."""

    def __init__(self, answer: Callable[[z3.ExprRef], T], kept: int = 1024) -> None:
        self.answer, self.kept = answer, kept
        self._known: dict[int, tuple[z3.ExprRef, T]] = {}

    def __call__(self, f: z3.ExprRef) -> T:
        known = self._known.get(f.get_id())
        if known is not None and known[0].ctx is f.ctx and known[0].eq(f):
            return known[1]
        if len(self._known) >= self.kept:
            self._known.clear()
        out = self.answer(f)
        self._known[f.get_id()] = (f, out)
        return out


def language_of(ts: TransitionSystem) -> str:
    """``python`` or ``c``: the syntax invariants are printed in."""
    lang = getattr(ts, "language", None)
    if lang:
        return lang
    return "python" if ts.cfa.function.loc.file.endswith(".py") else "c"


def is_bv(ts: TransitionSystem) -> bool:
    """Does `ts` have fixed-width integers (C's `bv` semantics)?"""
    return any(isinstance(t, ir.IntType) and t.bits is not None for t in ts.variables.values())


class Certifier:
    """Turns a candidate invariant into re-checked, minimised, printed certificates.

    Invariants come either in the integer reading (`math=True`: printable as
    they are; carried to a `bv` system by `to_bitvectors.to_bv`) or in the
    transition system's own terms."""

    def __init__(self, ts: TransitionSystem, mv, options: ChcOptions, stats: ChcStats) -> None:
        self.ts, self.mv, self.options, self.stats = ts, mv, options, stats
        self.language = language_of(ts)
        self.names = display_names(list(ts.variables))
        self.unsigned = frozenset(n for n, t in ts.variables.items() if isinstance(t, ir.IntType) and not t.signed)
        self.bv = is_bv(ts)
        self._to_bv = FormulaMemo(self._translate)
        self._agrees: bool | None = None
        self._allow_reading = True
        self._reading_first = False
        self._minimizing = True
        self._wide_constants = has_wide_constants(ts.cfa)
        self.final_deadline = float("inf")
        #: checks a guessed invariant proves on the integer reading but not (yet) on bit-vectors
        self.undecided: set[CheckKey] = set()
        # where invariants in the integer reading are checked first
        if not self.bv:
            self.reading: HornView | None = HornView(ts)
        else:
            self.reading = mv.view if mv is not None else None

    def math_to_ts(self, f: z3.BoolRef) -> z3.BoolRef | None:
        """An integer-reading formula in the transition system's terms (None: no exact translation)."""
        return self._to_bv(f) if self.bv else f

    def _translate(self, f: z3.BoolRef) -> z3.BoolRef | None:
        from .to_bitvectors import to_bv

        return to_bv(f, self.ts)

    def from_math(self, inv: Invariant) -> Invariant:
        """`math_to_ts` per loop head, leaving out heads without a translation."""
        out = {}
        for h, f in inv.items():
            g = self.math_to_ts(f)
            if g is not None:
                out[h] = g
        return out

    @property
    def may_use_integer_reading(self) -> bool:
        return self.bv and self.mv is not None

    def certify(self, inv: Invariant, math: bool, keys: set[CheckKey], deadline: float,
                step: str, integer_reading: bool = True, reading_first: bool = False,
                minimize: bool = True) -> dict[CheckKey, CheckOutcome]:
        """Outcomes for the checks of `keys` that `inv` proves. With `integer_reading`
        false, a `bv` program's certificate must be decided on bit-vectors; with
        `reading_first`, a `bv` program's certificate is the integer reading's at once
        (where it is trusted: heap shape facts, which bit-vector obligations decide slowly);
        with `minimize` false, the integer reading's invariant is kept whole (heap shape facts:
        minimising their many disjunctions costs more than it saves, each check's safety
        obligations being cut to what it needs anyway, `safety_slices`)."""
        t0 = time.monotonic()
        self._allow_reading = integer_reading
        self._reading_first = reading_first and integer_reading
        self._minimizing = minimize
        try:
            return self._certify(inv, math, keys, min(deadline + CERTIFY_RESERVE_S, self.final_deadline), step)
        finally:
            self.stats.add_time("certify", time.monotonic() - t0)

    # obligations on a view (with its facts)

    @staticmethod
    def _obligations(view: HornView, inv: Invariant, keys: set[CheckKey]) -> list[Obligation]:
        return obligations(view.ts, inv, keys, view.state_facts, view.nondet_facts)

    def _proves(self, view: HornView, inv: Invariant, keys: set[CheckKey], deadline: float) -> set[CheckKey]:
        """The checks of `keys` that `inv` proves on `view` (empty if it is not inductive)."""
        base = [o for o in self._obligations(view, inv, set()) if o.kind != "safety"]
        if failing_obligations(base, deadline) != []:
            return set()
        if len(keys) > 1 and check(self._all_safety(view, inv, keys), deadline) is False:
            return set(keys)  # one query for all: the usual case
        proved = set()
        for key in sorted(keys):
            safety = [o for o in self._obligations(view, inv, {key}) if o.kind == "safety"
                      and o.what != "no error exit"]
            if failing_obligations(safety, deadline) == []:
                proved.add(key)
        return proved

    def _all_safety(self, view: HornView, inv: Invariant, keys: set[CheckKey]) -> z3.BoolRef:
        """Satisfiable iff some safety obligation of `keys` fails."""
        return z3.Or([o.formula for o in self._obligations(view, inv, keys) if o.kind == "safety"])

    def _certify(self, inv: Invariant, math: bool, keys: set[CheckKey], deadline: float,
                 step: str) -> dict[CheckKey, CheckOutcome]:
        heads = list(self.ts.cfa.loops)
        inv = {h: (tidy(inv[h]) if math else z3.simplify(inv[h])) if h in inv else z3.BoolVal(True) for h in heads}
        if math and self.bv and self.reading is not None and quantified(inv) \
                and not any(_nonlinear(f) for f in inv.values()):  # (a non-linear one may be the reading's own)
            inv = {h: self.without_untranslatable_quantifiers(f) for h, f in inv.items()}
        if math and self.reading is not None:
            t0 = time.monotonic()
            proved = self._proves(self.reading, inv, keys, deadline)
            self.stats.add_time("certify-int", time.monotonic() - t0)
            if not proved:
                return {}
            if self.options.minimize and self._minimizing and any(len(conjuncts(f)) > 1 for f in inv.values()):
                t0 = time.monotonic()
                inv = self._minimize(self.reading, inv, proved, deadline)
                self.stats.add_time("minimize", time.monotonic() - t0)
            if not self.bv:
                return self._outcomes(self.reading, inv, inv, proved, step, "")
            real = self.from_math(inv)
            if len(real) != len(inv):
                return {}
            if self._reading_first and not any(_nonlinear(f) for f in inv.values()):
                trusted = {k for k in proved if self._integer_reading_trusted(k)}
                out = self._outcomes(self.reading, inv, inv, trusted, step, INTEGER_READING_NOTE) if trusted else {}
                if proved - trusted:
                    out.update(self._bv_outcomes(inv, real, proved - trusted, deadline, step))
                return out
            if any(_nonlinear(f) for f in inv.values()):
                # bit-blasted products do not finish: straight to the integer reading
                if not self._allow_reading:
                    return {}
                trusted = {k for k in proved if self._integer_reading_trusted(k)}
                return self._outcomes(self.reading, inv, inv, trusted, step, INTEGER_READING_NOTE) if trusted else {}
            return self._bv_outcomes(inv, real, proved, deadline, step)
        if not math and self.bv and self.reading is not None:
            # a bit-vector invariant: read over numbers it prints as the source does
            from .to_bitvectors import lift_bv

            lifted = {h: lift_bv(f, self.ts) for h, f in inv.items()}
            if all(f is not None for f in lifted.values()):
                found = self._certify(lifted, True, keys, deadline, step)
                if found:
                    return found
        native = HornView(self.ts)
        if math and self.bv and self.options.minimize and quantified(inv):
            inv = self._minimize_translated(native, inv, keys, deadline)
        real = self.from_math(inv) if math else inv
        if len(real) != len(heads):
            return {}
        proved = self._proves(native, real, keys, deadline)
        if not proved:
            return {}
        shown = inv if math else real
        return self._outcomes(native, real, shown, proved, step, "", math_shown=math)

    def without_untranslatable_quantifiers(self, f: z3.BoolRef) -> z3.BoolRef:
        """`f` without the quantified conjuncts `to_bv` cannot carry to bit-vectors (a range the
        index type may not hold): a certificate of a `bv` program cannot use them, and the
        minimiser, choosing one where another would do, would leave no certificate at all."""
        parts = conjuncts(f)
        kept = [p for p in parts if not z3.is_quantifier(p) or self.math_to_ts(p) is not None]
        return f if len(kept) == len(parts) else conj(kept)

    def _bv_outcomes(self, inv: Invariant, real: Invariant, keys: set[CheckKey], deadline: float,
                     step: str) -> dict[CheckKey, CheckOutcome]:
        """`inv` holds on the integer reading; check it on the bit-vector encoding."""
        native = HornView(self.ts)
        t0 = time.monotonic()
        try:
            return self._bv_outcomes_timed(inv, real, keys, deadline, step, native)
        finally:
            self.stats.add_time("certify-bv", time.monotonic() - t0)

    def _bv_outcomes_timed(self, inv, real, keys, deadline, step, native):
        out: dict[CheckKey, CheckOutcome] = {}
        deadline = min(deadline, time.monotonic() + BV_TOTAL_S)
        decided, undecided = self._bv_decide(native, real, keys, deadline)
        if decided:
            out.update(self._outcomes(native, real, inv, decided, step, ""))
        # a conjunct needed by some check can make every obligation hard on bit-vectors
        # (a division by a variable): retry the others with an invariant minimised for each
        # (not for quantified facts: slow on bit-vectors whatever else the invariant says)
        retries = [] if quantified(inv) else sorted(undecided)[:MAX_SEPARATE_RETRIES]
        for key in retries:
            if not self.options.minimize or time.monotonic() >= deadline:
                break
            own = self._minimize(self.reading, inv, {key}, deadline)
            if all(own[h].eq(inv[h]) for h in inv) or any(_nonlinear(f) for f in own.values()):
                continue
            own_real = self.from_math(own)
            if len(own_real) != len(own):
                continue
            ok, _ = self._bv_decide(native, own_real, {key}, deadline)
            if ok:
                out.update(self._outcomes(native, own_real, own, ok, step, ""))
        undecided -= set(out)
        if undecided and not self._allow_reading:
            self.undecided.update(undecided)
        fallback = {k for k in undecided if self._allow_reading and self._integer_reading_trusted(k)}
        if fallback:
            out.update(self._outcomes(self.reading, inv, inv, fallback, step, INTEGER_READING_NOTE))
        return out

    def _bv_decide(self, native: HornView, real: Invariant, keys: set[CheckKey],
                   deadline: float) -> tuple[set[CheckKey], set[CheckKey]]:
        """The checks `real` proves on bit-vectors, and those z3 could not decide in time."""
        bv_deadline = min(deadline, time.monotonic() + BV_DECIDE_S)
        base = [o for o in self._obligations(native, real, set()) if o.kind != "safety"]
        status = _statuses(base, bv_deadline, BV_QUERY_MS)
        if "sat" in status:
            self.stats.notes.append("an invariant of the integer reading is not inductive on bit-vectors")
            return set(), set()
        base_ok = all(s == "unsat" for s in status)
        if base_ok and len(keys) > 1 and \
                _statuses([Obligation("safety", "all", self._all_safety(native, real, keys))],
                          bv_deadline, BV_QUERY_MS) == ["unsat"]:
            return set(keys), set()
        decided, undecided = set(), set()
        for key in sorted(keys):
            safety = [o for o in self._obligations(native, real, {key}) if o.kind == "safety"]
            st = _statuses(safety, bv_deadline, BV_QUERY_MS)
            if "sat" in st:
                continue
            (decided if base_ok and all(x == "unsat" for x in st) else undecided).add(key)
        return decided, undecided

    def _integer_reading_trusted(self, key: CheckKey) -> bool:
        """The integer reading has the bit-vector system's error exits for `key`,
        and behaves the same on sampled runs."""
        mts = self.mv.view.ts
        bv_srcs = {e.src for e in self.ts.errors if e.key == key}
        int_srcs = {e.src for e in mts.errors if e.key == key}
        if not bv_srcs <= int_srcs:
            return False
        if self._agrees is None:
            from .math_reading import agrees_on_samples

            self._agrees = agrees_on_samples(self.ts, self.mv)
            if not self._agrees:
                self.stats.notes.append("the integer reading disagreed with the program on a sampled run")
        return self._agrees

    def _outcomes(self, view: HornView, checked: Invariant, shown: Invariant, keys: set[CheckKey],
                  step: str, note: str, math_shown: bool = True) -> dict[CheckKey, CheckOutcome]:
        text = self._text(shown, math_shown) + note
        out = {}
        shared = [to_smt2(o) for o in self._obligations(view, checked, set()) if o.kind != "safety"]
        slicer = SafetySlicer(view, checked, self.final_deadline)  # each check's safety: only what it needs
        for key in sorted(keys):
            smt2 = shared + [to_smt2(o) for o in slicer.safety(key)]
            out[key] = CheckOutcome(key, Verdict.YES, "chc", certificate_kind="invariant",
                                    certificate_text=text, proof_smt2=smt2, logic=_logic(smt2))
            self.stats.proved_by[key] = step + ("/int" if note else "")
        return out

    def _minimize(self, view: HornView, inv: Invariant, keys: set[CheckKey], deadline: float) -> Invariant:
        """The conjuncts of `inv` that the proof of `keys` needs: those in unsat
        cores of the safety obligations, closed under what their consecution
        needs (each conjunct holds initially, as `inv` does). Falls back to
        `inv` if a query is undecided or the result fails its re-check.

        With products of variables, the cores are first taken on the linear
        abstraction of `polynomial_houdini.Linearizer` (an unsat core there is one of
        the real query: the abstraction has more models), where z3 answers at once
        and often where products make it time out; then on the real queries. Not with numerals
        wider than `MAX_CONSTANT_BITS` in the program: z3's queries then overrun their timeouts."""
        if self._wide_constants:
            return inv
        if any(_nonlinear(f) for f in inv.values()):
            from .polynomial_houdini import Linearizer

            small = self._minimize_with(view, inv, keys, deadline, Linearizer())
            if small is not inv:
                return small
        return self._minimize_with(view, inv, keys, deadline, None)

    def _minimize_with(self, view: HornView, inv: Invariant, keys: set[CheckKey], deadline: float,
                       lin) -> Invariant:
        """`_minimize`, its queries made linear by `lin` (a `Linearizer`) unless None."""
        ts = view.ts
        heads = set(ts.cfa.loops)
        abstract = lin.linear if lin is not None else (lambda f: f)
        parts = {h: conjuncts(f) for h, f in inv.items()}
        lits = {(h, i): z3.Bool(f"keep!{h}!{i}") for h, ps in parts.items() for i in range(len(ps))}
        simple_parts = {k for k in lits if _simple(parts[k[0]][k[1]])}
        facts = [f for f in (view.state_facts, view.nondet_facts) if not z3.is_true(f)]

        solvers: dict[int, z3.Solver] = {}

        def solver_at(src: int) -> z3.Solver:
            """One solver per source location (its conjuncts behind their literals), reused for each goal."""
            if src not in solvers:
                solver = solvers[src] = z3.Solver()
                solver.set("core.minimize", True)
                solver.add(*(abstract(f) for f in facts))
                if src in heads:
                    solver.add(*(z3.Implies(lits[(src, i)], abstract(p)) for i, p in enumerate(parts[src])))
            return solvers[src]

        def core(src: int, goal: z3.BoolRef) -> set[tuple[int, int]] | None:
            remaining = int((deadline - time.monotonic()) * 1000)
            if remaining <= 0:
                return None
            solver = solver_at(src)
            solver.set("timeout", max(1, min(remaining, 1000)))
            assumptions = [lits[(src, i)] for i in range(len(parts[src]))] if src in heads else []
            solver.push()
            solver.add(abstract(goal))
            if lin is not None:  # facts about the products met so far
                solver.add(*lin.lemmas(), *lin.division_facts([]))
            try:
                # prefer a core of simple facts (bounds, octagons): they read better and
                # keep bit-vector obligations easy
                simple = [lit for k, lit in lits.items() if k[0] == src and k in simple_parts]
                if simple and len(simple) < len(assumptions) and solver.check(*simple) == z3.unsat:
                    pass
                elif solver.check(*assumptions) != z3.unsat:
                    return None
                ids = {c.get_id() for c in solver.unsat_core()}  # not by name: printing terms is slow
            finally:
                solver.pop()
            return {k for k, lit in lits.items() if lit.get_id() in ids}

        # one core per location: the errors there together, then the consecution of
        # the conjuncts newly needed at a head, per block into it
        needed: set[tuple[int, int]] = set()
        work: list[tuple[int, int]] = []
        errors: dict[int, list[z3.BoolRef]] = {}
        for e in ts.errors:
            if e.key in keys or e.key[0] == "bound":
                errors.setdefault(e.src, []).append(e.cond)
        for src, conds in errors.items():
            found = core(src, z3.Or(conds))
            if found is None:
                return inv
            work += [k for k in found if k not in needed]
            needed |= found
        blocks = [b for b in ts.blocks if b.dst in heads and b.src in heads]
        while work:
            new_at: dict[int, list[int]] = {}
            for h, i in work:
                new_at.setdefault(h, []).append(i)
            work = []
            for h, indices in new_at.items():
                for b in blocks:
                    if b.dst != h:
                        continue
                    subst = [(ts.current[n], t) for n, t in b.update.items()]
                    posts = [z3.substitute(parts[h][i], *subst) if subst else parts[h][i] for i in indices]
                    # on the abstraction, case by case on the block's if-then-else terms
                    # (a product with such a term would be opaque)
                    cases = ite_cases(posts) if lin is not None else [([], posts)]
                    found = set()
                    for case, case_posts in cases:
                        found_here = core(b.src, z3.And(b.guard, *case, z3.Or([z3.Not(p) for p in case_posts])))
                        if found_here is None:
                            return inv
                        found |= found_here
                    new = found - needed
                    needed |= new
                    work += list(new)
        small = {h: _drop_implied([p for i, p in enumerate(ps) if (h, i) in needed], facts, deadline)
                 for h, ps in parts.items()}
        if failing_obligations(self._obligations(view, small, keys), deadline, per_query_ms=1000) != []:
            return inv
        return small

    def _minimize_translated(self, native: HornView, inv: Invariant, keys: set[CheckKey],
                             deadline: float) -> Invariant:
        """`inv` (integer reading) cut down to the conjuncts that the proof of some
        check of `keys` needs on the bit-vector `native` view (one minimisation per
        check; a check it cannot prove adds nothing), or `inv` itself if none
        minimises. For invariants with quantifiers, whose full obligations z3
        decides slowly, and programs without an integer reading (arrays)."""
        parts = {h: conjuncts(f) for h, f in inv.items()}
        real = {h: [self.math_to_ts(p) for p in ps] for h, ps in parts.items()}
        if any(t is None for ts_parts in real.values() for t in ts_parts):
            return inv
        whole = {h: conj(ps) for h, ps in real.items()}
        needed: dict[int, set[int]] = {h: set() for h in inv}
        for key in sorted(keys):
            small = self._minimize(native, whole, {key}, deadline)
            if small is whole:
                continue
            for h, f in small.items():
                needed[h] |= {i for i, t in enumerate(real[h]) if any(t.eq(c) for c in conjuncts(f))}
        if not any(needed.values()):
            return inv
        return {h: conj([p for i, p in enumerate(parts[h]) if i in needed[h]]) for h in inv}

    def _text(self, inv: Invariant, math: bool) -> str:
        pieces = []
        lines = [self.ts.cfa.loops[h].loc.line for h in self.ts.cfa.loops]
        for h, loop in self.ts.cfa.loops.items():
            f = inv.get(h, z3.BoolVal(True))
            body = render(tidy(f) if math else f, self.names, self.language, self.unsigned,
                          self.ts.cfa.function.array_dims)
            label = f"line {loop.loc.line}"
            if lines.count(loop.loc.line) > 1:
                label += f" (head {h})"
            pieces.append(f"{label}: {body}")
        return "; ".join(pieces)


def quantified(inv: Invariant) -> bool:
    """Has some loop head's invariant a quantified conjunct (a prefix fact over an array)?"""
    return any(z3.is_quantifier(c) for f in inv.values() for c in conjuncts(f))


#: `rendering.nonlinear`, remembered (`FormulaMemo`)
_nonlinear = FormulaMemo(nonlinear)


def _is_simple(f: z3.BoolRef) -> bool:
    """A bound of one variable or an octagon (at most two variables, unit coefficients)."""
    names = set()
    stack, seen = [f], set()
    while stack:
        t = stack.pop()
        if t.get_id() in seen:  # a shared subterm once (terms are DAGs)
            continue
        seen.add(t.get_id())
        if z3.is_const(t) and not z3.is_int_value(t) and t.sort() == z3.IntSort():
            names.add(t.decl().name())
        if z3.is_app_of(t, z3.Z3_OP_MUL) and sum(not z3.is_int_value(c) for c in t.children()) >= 1 \
                and any(z3.is_int_value(c) and abs(c.as_long()) > 1 for c in t.children()):
            return False
        stack.extend(t.children())
    return len(names) <= 2 and not _nonlinear(f)


#: `_is_simple`, remembered (`FormulaMemo`)
_simple = FormulaMemo(_is_simple)


def _drop_implied(parts: list[z3.BoolRef], facts: list[z3.BoolRef], deadline: float) -> z3.BoolRef:
    """The conjunction of `parts` without those the others (and `facts`) imply;
    the least readable go first."""
    keep = list(parts)
    simple = {q.get_id() for q in parts if _simple(q)}
    for p in sorted(parts, key=lambda q: (q.get_id() in simple, -len(q.sexpr()))):
        others = [q for q in keep if q is not p]
        if p.get_id() in simple:  # a simple fact goes only if simple facts imply it
            others_used = [q for q in others if q.get_id() in simple]
        else:
            others_used = others
        if check(z3.And(*facts, *others_used, z3.Not(p)), deadline, 300) is False:
            keep = others
    return conj(keep)


def _statuses(obs: list[Obligation], deadline: float, per_query_ms: int = BV_QUERY_MS) -> list[str]:
    """z3's answer for each obligation (``unsat`` = it holds), within `deadline`."""
    out = []
    for ob in obs:
        r = check(ob.formula, deadline, per_query_ms)
        out.append("unknown" if r is None else "sat" if r else "unsat")
    return out


def _logic(texts: list[str]) -> str:
    return logic_of("\n".join(texts))
