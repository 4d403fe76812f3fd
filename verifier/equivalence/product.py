"""Product programs of two functions, solved as Horn clauses: the coupling invariant.

The product pairs the two sides' cut-points (`verifier.equivalence.pairing.Pair`)
and moves them by a `Schedule`: lockstep (a block of each per step), m:n, or
one side after the other; a side that has ended waits. Each reachable pair of
locations is a predicate over both sides' live variables and ghost copies of
the inputs; the clauses say the entry pair holds on equal inputs, each
product step keeps the predicates, and a pair of ends that disagree is never
reached. Houdini first keeps the candidate facts (equalities and orderings
between arguments, ``x % k == 0`` for small k, and ``false``, kept where no
clause leads: a pair of locations no execution reaches; equalities fitted to
concrete runs, `observe`) that are inductive; if they imply agreement that is
the proof. Otherwise a second round adds to what the first kept the facts
about array elements at the index where arrays are compared (`array_facts`:
that index is an argument of every predicate, constant along a run) and what
a side's end says of the input (`ending_facts`); what is kept then
strengthens the clauses Spacer (`z3.SolverFor("HORN")`) solves. The model is
the coupling invariant, printed readably (``i1 == i2 && s1 == s2``), and
turned into plain unsatisfiable obligations (initiation, consecution, safety)
for a second solver to re-check. With ``sync`` the
lockstep product must also reach both ends at the same step, which settles
termination: one side ends exactly when the other does.

Nothing here raises on solver trouble: an unknown is an answer.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import z3

from .. import ir
from ..engines.invariants.horn import solve_with_restarts
from ..registry import UnknownReason
from ..smt import constants_of
from ..solver import check, smt2
from .array_facts import element_candidates, stored_values
from .ending_facts import ending_candidates
from .pairing import BOUND_REASON, Pair, range_facts
from .pretty import readable, render
from .side_encoding import BOUND, Side

__all__ = ["Schedule", "SCHEDULES", "HornAnswer", "horn", "MAX_CLAUSES"]


@dataclass(frozen=True)
class Schedule:
    """How the product moves: A takes `a` steps and B `b` per product step
    (lockstep is 1:1); ``sequential`` runs A to its end, then B; with
    `counts` (coupling by counting, `counting.block_weights`) the `driver`
    side takes one block and the other as many steps as that block weighs
    (1 for a block not listed). A side that has ended stays where it is
    while the other moves."""

    name: str
    a: int = 1
    b: int = 1
    sequential: bool = False
    sync: bool = False
    driver: str = ""
    counts: tuple[tuple[int, int], ...] = ()


SCHEDULES = (
    Schedule("lockstep", sync=True),
    Schedule("lockstep"),
    Schedule("2:1", 2, 1),
    Schedule("1:2", 1, 2),
    Schedule("sequential", sequential=True),
)


@dataclass
class HornAnswer:
    """``proved`` (the coupling invariant as `text`, the obligations as SMT-LIB
    in `proof_smt2`), ``refuted`` (the product reaches a disagreement: some
    input differs, to be found by unrolling) or ``unknown`` with `reason`."""

    status: str
    schedule: str = ""
    text: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    reason: str = ""
    sync: bool = False


def horn(pair: Pair, schedule: Schedule, deadline: float) -> HornAnswer:
    """Prove agreement on the product program moved by `schedule`."""
    product = _Product(pair, schedule)
    try:
        clauses = product.build()
    except _TooBig as exc:
        why = UnknownReason.INCOMPLETE.describe(f"product too large ({exc})")
        return HornAnswer("unknown", schedule.name, reason=why)
    return product.solve(clauses, deadline)


class _TooBig(Exception):
    pass


#: Most clauses a product may have before it is given up (each is a solver
#: obligation; products of large functions under m:n schedules explode).
MAX_CLAUSES = 4000

_EXIT = "exit"

#: Candidate facts per predicate for Houdini (pairs of arguments: quadratic).
MAX_CANDIDATES = 400
#: Divisors of the candidate facts ``x % k == 0``: a counter of a loop unrolled
#: by k steps by k, and its bound checks (``i + 1 < n`` cannot overflow when
#: i is even) need that.
MODULI = (2, 3, 4)
#: Time limit of one Houdini query.
HOUDINI_QUERY_S = 2.0
#: Time for running the product concretely to guess polynomial invariants.
OBSERVE_S = 1.0



@dataclass
class _Move:
    guard: z3.BoolRef
    dst: object  # a cut-point (int), _EXIT, or ("fail", kind)
    env: dict[str, z3.ExprRef]


@dataclass
class _Clause:
    body: list[tuple[object, list[z3.ExprRef]]]  # predicate applications (location key, args)
    constraint: z3.BoolRef
    head: tuple[object, list[z3.ExprRef]] | None  # None: the head is false
    group: str  # initiation, consecution, safety


class _Product:
    def __init__(self, pair: Pair, schedule: Schedule) -> None:
        self.pair, self.schedule = pair, schedule
        self.a, self.b = pair.a, pair.b
        self.preds: dict[object, z3.FuncDeclRef] = {}
        self.arg_names: dict[object, list[tuple[str, str]]] = {}
        #: what every predicate takes after its named arguments, constant along a run: the ghost
        #: inputs, then the indices at which array outputs are compared (`array_facts`)
        self.constants = list(pair.ghosts.values()) + list(pair.witnesses)
        self._terms: dict[tuple[int, int], tuple[object, list, z3.BoolRef]] = {}

    # location helpers --------------------------------------------------

    @staticmethod
    def _running(loc) -> bool:
        return isinstance(loc, int)

    def _names(self, side: Side, loc) -> list[str]:
        if isinstance(loc, int):
            return list(side.live[loc])
        if loc == _EXIT:
            return list(side.live[side.exit])
        return []

    def _moves(self, side: Side, loc, env: dict[str, z3.ExprRef], count: int) -> list[_Move]:
        """Every way `side` can take `count` steps from `loc` with state `env`
        (an ended side stays put)."""
        if count == 0 or not self._running(loc):
            return [_Move(z3.BoolVal(True), loc, env)]
        subst = [(side.current[n], env[n]) for n in side.variables if not env[n].eq(side.current[n])]

        def at(t):
            return z3.substitute(t, *subst) if subst else t

        out: list[_Move] = []
        for b in side.blocks:
            if b.src != loc:
                continue
            new_env = dict(env)
            for n, t in b.update.items():
                new_env[n] = at(t)
            dst = _EXIT if b.dst == side.exit else b.dst
            for m in self._moves(side, dst, new_env, count - 1):
                out.append(_Move(z3.And(at(b.guard), m.guard), m.dst, m.env))
        for e in side.errors:
            if e.src == loc:
                out.append(_Move(at(e.cond), ("fail", e.kind), env))
        return out

    def _pred(self, key) -> z3.FuncDeclRef:
        la, lb = key
        if key not in self.preds:
            names = [("A", n) for n in self._names(self.a, la)] + [("B", n) for n in self._names(self.b, lb)]
            sorts = [(self.a if s == "A" else self.b).current[n].sort() for s, n in names]
            sorts += [g.sort() for g in self.constants]
            self.preds[key] = z3.Function(f"P_{len(self.preds)}", *sorts, z3.BoolSort())
            self.arg_names[key] = names
        return self.preds[key]

    def _args(self, key, env_a, env_b) -> list[z3.ExprRef]:
        self._pred(key)
        args = [(env_a if s == "A" else env_b)[n] for s, n in self.arg_names[key]]
        return args + self.constants

    # clauses -----------------------------------------------------------

    def build(self) -> list[_Clause]:
        a, b, pair = self.a, self.b, self.pair
        start = (a.entry, b.entry)
        ghost_eq = [pair.ghosts[p.name] == a.current[p.name] for p in a.params]
        clauses = [_Clause([], z3.And(pair.domain(a.current, b.current), *ghost_eq), (start, self._args(start, a.current, b.current)), "initiation")]
        todo, seen = [start], {start}
        while todo:
            key = todo.pop()
            la, lb = key
            body = [(key, self._args(key, a.current, b.current))]
            facts = range_facts(a, self._names(a, la), a.current) + range_facts(b, self._names(b, lb), b.current)
            for ma, mb in self._product_moves(la, lb):
                nxt = (ma.dst, mb.dst)
                constraint = z3.And(*facts, ma.guard, mb.guard)
                verdict = self._ended(nxt, ma.env, mb.env)
                if verdict is None:
                    if self.schedule.sync and self._running(nxt[0]) != self._running(nxt[1]):
                        clauses.append(_Clause(body, constraint, None, "safety"))
                        continue
                    clauses.append(_Clause(body, constraint, (nxt, self._args(nxt, ma.env, mb.env)), "consecution"))
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
                elif not z3.is_true(verdict):
                    clauses.append(_Clause(body, z3.And(constraint, z3.Not(verdict)), None, "safety"))
                if len(clauses) > MAX_CLAUSES:
                    raise _TooBig(f"more than {MAX_CLAUSES} clauses")
        return clauses

    def _counted_moves(self, la, lb):
        """Coupling by counting: each block of the driver, with the other side's
        moves of as many steps as the block weighs (a failing check: none)."""
        s = self.schedule
        drive, other = (self.a, self.b) if s.driver == "A" else (self.b, self.a)
        here, there = (la, lb) if s.driver == "A" else (lb, la)
        weights = dict(s.counts)
        for index, block in enumerate(drive.blocks):
            if block.src != here:
                continue
            dst = _EXIT if block.dst == drive.exit else block.dst
            mine = _Move(block.guard, dst, {**drive.current, **block.update})
            for theirs in self._moves(other, there, dict(other.current), weights.get(index, 1)):
                yield (mine, theirs) if s.driver == "A" else (theirs, mine)
        for e in drive.errors:
            if e.src == here:
                mine = _Move(e.cond, ("fail", e.kind), dict(drive.current))
                theirs = _Move(z3.BoolVal(True), there, dict(other.current))
                yield (mine, theirs) if s.driver == "A" else (theirs, mine)

    def _product_moves(self, la, lb):
        s, a, b = self.schedule, self.a, self.b
        ra, rb = self._running(la), self._running(lb)
        if s.counts and ra and rb:
            yield from self._counted_moves(la, lb)
            return
        if s.sequential:
            steps_a, steps_b = (1, 0) if ra else (0, 1)
        elif ra and rb:
            steps_a, steps_b = s.a, s.b
        else:
            steps_a, steps_b = (1 if ra else 0), (1 if rb else 0)
        for ma in self._moves(a, la, dict(a.current), steps_a):
            for mb in self._moves(b, lb, dict(b.current), steps_b):
                yield ma, mb

    def _ended(self, key, env_a, env_b) -> z3.BoolRef | None:
        """None while a side still runs (or, for a failure, the pair may still
        agree); else the condition under which the two ends agree."""
        la, lb = key
        for loc in (la, lb):
            if isinstance(loc, tuple) and loc[1] == BOUND:
                return z3.BoolVal(False)
        if self._running(la) or self._running(lb):
            return None
        if la == _EXIT and lb == _EXIT:
            return self.pair.results_agree(env_a, env_b)
        if isinstance(la, tuple) and isinstance(lb, tuple) and la[1] == lb[1]:
            return z3.BoolVal(True)
        return z3.BoolVal(False)

    # solving -----------------------------------------------------------

    def solve(self, clauses: list[_Clause], deadline: float) -> HornAnswer:
        """Houdini over candidate facts first (equalities and orderings between
        arguments); if they already imply safety that is the proof, else they
        strengthen the clauses handed to Spacer."""
        name = self.schedule.name
        if deadline - time.monotonic() <= 0.05:
            return HornAnswer("unknown", name, reason=UnknownReason.TIMEOUT.describe())
        # equalities guessed from concrete runs of the product join the candidates:
        # linear ones at once, polynomial ones in a second round (Spacer gets linear facts only)
        from .observe import polynomial_candidates

        guesses = polynomial_candidates(self, clauses, min(deadline, time.monotonic() + OBSERVE_S))

        def linear_guess(f) -> bool:
            return not getattr(f, "polynomial", False)

        facts = self._houdini(clauses, deadline, {key: self._candidates(key) + [
            f for f in guesses.get(key, []) if linear_guess(f)] for key in self.preds})

        def known(key, args) -> z3.BoolRef:
            return z3.And(*[self._apply(f, args) for f in facts[key]]) if facts.get(key) else z3.BoolVal(True)

        if facts and self._safe_with(clauses, known, deadline):
            return HornAnswer("proved", name, self._text(known), self._obligations(clauses, known),
                              sync=self.schedule.sync)
        if facts:
            # the arrays' elements at the compared index, and what a side's end says of the
            # input, added to what the first round kept (a round of their own: they cost more, and
            # many products need none)
            ends = ending_candidates(clauses, facts, list(self.pair.ghosts.values()), len(self.pair.witnesses),
                                     self._apply, list(self.a.current.values()) + list(self.b.current.values()),
                                     deadline)
            more = {key: self._element_candidates(key) + ends.get(key, []) for key in self.preds}
            if any(more.values()):
                facts = self._houdini(clauses, deadline, {key: facts[key] + more[key] for key in self.preds})
                if facts and self._safe_with(clauses, known, deadline):
                    return HornAnswer("proved", name, self._text(known), self._obligations(clauses, known),
                                      sync=self.schedule.sync)
        nonlinear = {key: [f for f in found if not linear_guess(f)] for key, found in guesses.items()}
        if any(nonlinear.values()):
            linear = facts
            # from every candidate again: a fact dropped in the first round (an unreachable
            # pair's ``false``) may hold once the polynomial facts are known
            facts = self._houdini(clauses, deadline,
                                  {key: self._candidates(key) + guesses.get(key, []) for key in self.preds})
            if facts and self._safe_with(clauses, known, deadline):
                return HornAnswer("proved", name, self._text(known), self._obligations(clauses, known),
                                  sync=self.schedule.sync)
            facts = linear
        bound = list(self.a.current.values()) + list(self.b.current.values()) + list(self.pair.ghosts.values()) \
            + self.pair.witnesses  # the index at which arrays are compared: bound, never a solver's choice
        rules = []
        for c in clauses:
            body = [z3.And(self.preds[k](*args), known(k, args)) for k, args in c.body] + [c.constraint]
            head = self.preds[c.head[0]](*c.head[1]) if c.head else z3.BoolVal(False)
            rules.append(z3.ForAll(bound, z3.Implies(z3.And(body), head)))
        status, solver, why = solve_with_restarts(rules, deadline)
        if status == z3.unknown:
            return HornAnswer("unknown", name, reason=why)
        if status == z3.unsat:
            if self.schedule.sync:
                why = UnknownReason.INCOMPLETE.describe("the sides do not end in lockstep")
                return HornAnswer("unknown", name, reason=why)
            if self.pair.bounded:
                return HornAnswer("unknown", name, reason=BOUND_REASON)
            return HornAnswer("refuted", name, reason="the product reaches a disagreement")
        model = solver.model()

        def interp(key, args) -> z3.BoolRef:
            decl = self.preds[key]
            found = model.eval(decl(*args)) if model.get_interp(decl) is not None else z3.BoolVal(False)
            return z3.And(found, known(key, args))

        return HornAnswer("proved", name, self._text(interp), self._obligations(clauses, interp),
                          sync=self.schedule.sync)

    # Houdini -----------------------------------------------------------

    def _candidates(self, key) -> list:
        """Candidate facts for the predicate `key`, as functions of its arguments."""
        n_named = len(self.arg_names[key])
        sorts = [self._sort_of(key, i) for i in range(n_named + len(self.pair.ghosts))]  # the witnesses: below
        ints = [i for i, srt in enumerate(sorts) if srt == z3.IntSort()]
        bools = [i for i, srt in enumerate(sorts) if srt == z3.BoolSort()]
        bvs = [i for i, srt in enumerate(sorts) if z3.is_bv_sort(srt)]
        arrays = [i for i, srt in enumerate(sorts) if isinstance(srt, z3.ArraySortRef)]
        out = [lambda a: z3.BoolVal(False)]  # kept only where no clause leads: an unreachable pair
        for i, j in itertools.combinations(arrays, 2):  # the same list on both sides (read-only inputs)
            if sorts[i] == sorts[j]:
                out.append(lambda a, i=i, j=j: a[i] == a[j])
        for i in ints:
            out.append(lambda a, i=i: a[i] >= 0)
            out += [lambda a, i=i, k=k: a[i] % k == 0 for k in MODULI]
        for i in bools:
            out += [lambda a, i=i: a[i], lambda a, i=i: z3.Not(a[i])]
        for i, j in itertools.combinations(ints, 2):
            out += [lambda a, i=i, j=j: a[i] == a[j], lambda a, i=i, j=j: a[i] <= a[j],
                    lambda a, i=i, j=j: a[i] >= a[j]]
        for i, j in itertools.combinations(bools, 2):
            out.append(lambda a, i=i, j=j: a[i] == a[j])
        signed = {i: self._signed(key, i) for i in bvs}
        for i in bvs:
            if signed[i]:
                out.append(lambda a, i=i: a[i] >= 0)
            out += [lambda a, i=i, k=k: a[i] & (k - 1) == 0 for k in MODULI if k & (k - 1) == 0]
        for i, j in itertools.combinations(bvs, 2):
            if sorts[i] != sorts[j]:
                continue
            out.append(lambda a, i=i, j=j: a[i] == a[j])
            if signed[i] == signed[j]:
                le = (lambda x, y: x <= y) if signed[i] else z3.ULE
                out += [lambda a, i=i, j=j, le=le: le(a[i], a[j]), lambda a, i=i, j=j, le=le: le(a[j], a[i])]
        return out[:MAX_CANDIDATES]

    def _element_candidates(self, key) -> list:
        """Facts about the array elements at the compared indices (`array_facts`)."""
        if not self.pair.witnesses or not all(self._running(loc) or loc == _EXIT for loc in key):
            return []  # where a side has failed only the kind of failure is compared
        names = self.arg_names[key]
        n_named, n_ghosts = len(names), len(self.pair.ghosts)
        sorts = [self._sort_of(key, i) for i in range(n_named + len(self.constants))]
        ghosts = list(self.pair.ghosts)
        arrays = []
        for o in self.pair.outputs:
            if o.a.length is not None:  # an array (with a witness)
                compared = [i for i, (s, n) in enumerate(names) if (s, n) in (("A", o.a.name), ("B", o.b.name))]
                initial = [n_named + ghosts.index(o.a.name)] if o.a.name in ghosts else []  # an argument's input
                arrays.append((compared, initial))
        witnesses = list(range(n_named + n_ghosts, n_named + n_ghosts + len(self.pair.witnesses)))
        numbers = [i for i in range(n_named + n_ghosts) if sorts[i] == z3.IntSort() or z3.is_bv_sort(sorts[i])]
        changed = {"A": _assigned(self.a), "B": _assigned(self.b)}

        def bounds(x: int) -> list[int]:  # the inputs, and the integers the array's side assigns (counters)
            return [i for i in numbers if i >= n_named or (names[i][0] == names[x][0] and names[i][1] in
                                                           changed[names[i][0]])]

        def values(x: int) -> list:
            return self._stored_values(names, x, n_named)

        return element_candidates(sorts, witnesses, arrays, bounds, lambda i: self._signed(key, i), values)

    def _stored_values(self, names: list[tuple[str, str]], x: int, n_named: int) -> list:
        """What the side of the array at `x` stores into it (`array_facts.stored_values`), as
        functions of a predicate's arguments (named `names`) and the index read: the stored
        index read as that index; the array itself and the parameters read as their inputs
        (a parameter that changes also as it is now), the other variables as the predicate's
        arguments (a value that reads a variable the predicate does not keep is left out)."""
        label, array = names[x]
        side = self.a if label == "A" else self.b
        current = side.current
        by_term = {current[n].get_id(): n for n in side.variables}
        name = {str(current[n]): n for n in side.variables}

        def index_of(t: z3.ExprRef):
            inner = t.arg(0) if z3.is_app_of(t, z3.Z3_OP_SIGN_EXT) or z3.is_app_of(t, z3.Z3_OP_ZERO_EXT) else t
            return by_term.get(inner.get_id())

        updates = [blk.update[array] for blk in side.blocks if array in blk.update]
        params = [p.name for p in side.params]
        changed = _assigned(side)
        position = {n: i for i, n in enumerate(names)}
        out = []
        for index, value in stored_values(updates, index_of):
            reads = [name[c] for c in constants_of(value) if c in name]
            for inputs in (True, False):  # parameters read as the inputs; or as they are now where they change
                subst: list[tuple[z3.ExprRef, int]] = []  # a state constant, and the argument it reads
                for n in reads:
                    if n == index:
                        continue
                    if n in params and (inputs or n == array or n not in changed):
                        subst.append((current[n], n_named + params.index(n)))  # ghosts follow A's parameters
                    elif (label, n) in position and n != array:
                        subst.append((current[n], position[(label, n)]))
                    else:
                        break
                else:
                    out.append(_value_at(value, current[index], subst))
                if not any(n in params and n in changed and n != array for n in reads):
                    break  # both readings are the same
        return out

    def _apply(self, fact, args: list[z3.ExprRef]) -> z3.BoolRef:
        """``fact(args)``, built once per fact and argument list (Houdini asks for it in every round)."""
        key = (id(fact), id(args))
        if key not in self._terms:
            self._terms[key] = (fact, args, fact(args))  # holding both keeps their ids unique
        return self._terms[key][2]

    def _signed(self, key, i: int) -> bool:
        names = self.arg_names[key]
        if i < len(names):
            side, n = names[i]
            t = (self.a if side == "A" else self.b).variables[n]
        elif i - len(names) < len(self.a.params):
            t = self.a.params[i - len(names)].type
        else:
            return True  # a witness: compared with 0 as a signed index
        return isinstance(t, ir.IntType) and t.signed

    def _sort_of(self, key, i: int) -> z3.SortRef:
        names = self.arg_names[key]
        if i < len(names):
            side, n = names[i]
            return (self.a if side == "A" else self.b).current[n].sort()
        return self.constants[i - len(names)].sort()

    def _houdini(self, clauses: list[_Clause], deadline: float, cands: dict) -> dict:
        """The largest subset of the candidates (per predicate) that is inductive:
        the greatest fixpoint. A solver unknown drops the polynomial candidates
        of that predicate (or all of them, if it has none)."""
        cands = {key: list(found) for key, found in cands.items()}
        changed = True
        while changed:
            changed = False
            for c in clauses:
                if c.head is None or not cands[c.head[0]]:
                    continue
                key, args = c.head
                solver = z3.Solver()
                solver.add(c.constraint, *[self._apply(f, a) for k, a in c.body for f in cands[k]])
                while cands[key]:
                    if deadline - time.monotonic() <= 0.05:
                        return {}
                    goals = [self._apply(f, args) for f in cands[key]]
                    found = check(solver, deadline, z3.Not(z3.And(goals)), cap_s=HOUDINI_QUERY_S)
                    if found.unsat:
                        break
                    model = found.model
                    changed = True
                    if model is None:  # unknown: give up the polynomial guesses, else everything
                        linear = [f for f in cands[key] if not getattr(f, "polynomial", False)]
                        cands[key] = linear if len(linear) < len(cands[key]) else []
                        continue
                    kept = [f for f, g in zip(cands[key], goals) if z3.is_true(model.eval(g, model_completion=True))]
                    cands[key] = kept if len(kept) < len(goals) else []
        return cands

    def _safe_with(self, clauses: list[_Clause], known, deadline: float) -> bool:
        """Every safety clause holds given the facts."""
        for c in clauses:
            if c.head is not None:
                continue
            if deadline - time.monotonic() <= 0.05:
                return False
            if not check(z3.Solver(), deadline, c.constraint, *[known(k, a) for k, a in c.body],
                         cap_s=HOUDINI_QUERY_S).unsat:
                return False
        return True

    # certificate -------------------------------------------------------

    def _obligations(self, clauses: list[_Clause], interp) -> list[str]:
        groups: dict[str, list[z3.BoolRef]] = {"initiation": [], "consecution": [], "safety": []}
        for c in clauses:
            body = [interp(k, args) for k, args in c.body] + [c.constraint]
            head = interp(c.head[0], c.head[1]) if c.head else z3.BoolVal(False)
            groups[c.group].append(z3.And(*body, z3.Not(head)))
        return [smt2(z3.Or(v)) for v in groups.values() if v]

    def _text(self, interp) -> str:
        parts = []
        for key in self.preds:
            if key == (self.a.entry, self.b.entry) and len(self.preds) > 1:
                continue  # equal inputs: says nothing a reader needs
            names = [(self.a if s == "A" else self.b).display(n) for s, n in self.arg_names[key]]
            consts = [z3.Const(n, (self.a if s == "A" else self.b).current[v].sort())
                      for n, (s, v) in zip(names, self.arg_names[key])]
            ghosts = [z3.Const(f"{p}0", g.sort()) for p, g in self.pair.ghosts.items()]
            ghosts += [z3.Const(f"k@{i}", w.sort()) for i, w in enumerate(self.pair.witnesses)]  # no variable's name
            inv = z3.simplify(interp(key, consts + ghosts))
            if z3.is_false(inv):
                continue  # a pair of locations no execution reaches
            order = [n for n in names if n.endswith("1")] + [n for n in names if not n.endswith("1")]
            conjuncts = inv.children() if z3.is_and(inv) else [inv]
            elements = [c for c in conjuncts if _reads_elements(c)]  # readable's solver calls on these are slow
            plain = readable(z3.And([c for c in conjuncts if not _reads_elements(c)]),
                             order + [str(g) for g in ghosts])
            inv = z3.And(plain, *elements) if elements else plain
            where = f"{_where(self.a, key[0], 'A')}, {_where(self.b, key[1], 'B')}"
            parts.append(f"[{where}] {render(inv)}")
        return "; ".join(parts)


def _value_at(value: z3.ExprRef, counter: z3.ExprRef, subst: list[tuple[z3.ExprRef, int]]):
    """`value` read at index w: `counter` replaced by w (its width), each constant of `subst` by its argument."""
    def at(a: list[z3.ExprRef], w: z3.ExprRef) -> z3.ExprRef:
        index = w if w.sort() == counter.sort() else z3.Extract(counter.size() - 1, 0, w)
        return z3.substitute(value, (counter, index), *[(c, a[i]) for c, i in subst])
    return at


def _reads_elements(fact: z3.ExprRef) -> bool:
    """Whether `fact` reads an array element (`array_facts`: printed as found, not simplified)."""
    stack = [fact]
    while stack:
        e = stack.pop()
        if z3.is_select(e):
            return True
        if z3.is_app(e):
            stack.extend(e.children())
    return False


def _assigned(side: Side) -> set[str]:
    """The variables some block of `side` changes."""
    return {n for blk in side.blocks for n, t in blk.update.items() if not t.eq(side.current[n])}


def _where(side: Side, loc, label: str) -> str:
    if loc == side.entry:
        return f"{label} at entry"
    if isinstance(loc, int):
        loop = side.cfa.loops.get(loc)
        return f"{label} at loop line {loop.loc.line}" if loop else f"{label} at node {loc}"
    if loc == _EXIT:
        return f"{label} returned"
    return f"{label} failed ({loc[1]})"
