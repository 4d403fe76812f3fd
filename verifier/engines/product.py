"""Equivalence of two encoded functions: bounded unrolling and product programs.

Each side (`verifier.equivalence.side.Side`) is a deterministic transition
system over cut-points. An execution ends by returning (the exit), by a
failing check of some kind, or is discarded (an ``assume`` that does not
hold: the input is outside that side's precondition). Two executions on the
same input *agree* when both return equal values (or both fall off the end)
or both fail with the same kind of check; a recursion cut by the inlining
bound is never an agreement.

`Pair.bmc` unrolls both sides side by side: a disagreement within the bound is
a difference (with the input); when every input is decided within the bound
the unrolling is complete and equivalence is proved (certificate: the bound,
as one unsatisfiable formula). Where one side returns and the other provably
runs forever (its state repeats: a lasso), that is a difference too.

`Pair.horn` builds a product program (both sides' cut-points paired, moved by
a schedule: lockstep, m:n, or one side after the other) as Horn clauses
solved by Spacer; the model is the coupling invariant, printed readably and
turned into plain unsatisfiable obligations (initiation, consecution,
safety) for a second solver. With ``sync`` the lockstep product also shows
that both sides reach their end at the same product step, which settles
termination: one terminates exactly when the other does. Otherwise
`prove_terminates` tries a ranking function per loop (from the loop's
condition), checked by Spacer with a ghost copy of its value.

Everything here returns plain records; nothing raises on solver trouble (an
unknown is an answer).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import z3

from .. import ir
from ..cfa import MAX_INLINE_DEPTH
from ..equivalence.pretty import readable, render
from ..equivalence.side import BOUND, RETURNED, Side, int_range

__all__ = ["Pair", "BmcAnswer", "HornAnswer", "Schedule", "SCHEDULES", "prove_terminates", "same_value",
           "model_int"]

_BOUND_REASON = (f"incomplete: recursion deeper than {MAX_INLINE_DEPTH} inlined calls is not compared "
                 "(the inlining bound)")

#: Code of a discarded execution (an assume did not hold); kinds get -1, -2, ...
BLOCKED = -1000
#: Depth up to which a lasso (a repeated state of a running side) is searched:
#: the query grows quadratically with the depth.
LASSO_MAX_DEPTH = 8


# ------------------------------------------------------------------ values


def _as_int(v: z3.ExprRef, t: ir.Type) -> z3.ExprRef:
    if z3.is_bool(v):
        return z3.If(v, z3.IntVal(1), z3.IntVal(0))
    if z3.is_bv(v):
        return z3.BV2Int(v, is_signed=isinstance(t, ir.IntType) and t.signed)
    return v


def same_value(va: z3.ExprRef, ta: ir.Type, vb: z3.ExprRef, tb: ir.Type) -> z3.BoolRef:
    """The two values are the same integer (a truth value counts as 0/1)."""
    if va.sort() == vb.sort() and (ta == tb or not z3.is_bv(va)):
        return va == vb
    if z3.is_bv(va) and z3.is_bv(vb):
        width = max(va.size(), vb.size()) + 1

        def ext(v, t):
            extend = z3.SignExt if t.signed else z3.ZeroExt
            return extend(width - v.size(), v)

        return ext(va, ta) == ext(vb, tb)
    return _as_int(va, ta) == _as_int(vb, tb)


def model_int(model: z3.ModelRef, term: z3.ExprRef, t: ir.Type) -> int:
    """The value of `term` in `model` as a Python int (signed per `t`)."""
    v = model.eval(term, model_completion=True)
    if z3.is_bool(v):
        return 1 if z3.is_true(v) else 0
    if z3.is_bv(v):
        return t.wrap(v.as_long()) if isinstance(t, ir.IntType) else v.as_long()
    return v.as_long()


def _range_facts(side: Side, names, terms: dict[str, z3.ExprRef]) -> list[z3.BoolRef]:
    if side.mode != "int":
        return []
    out = []
    for n in names:
        t = side.variables[n]
        if isinstance(t, ir.IntType) and t.bits is not None:
            out.append(int_range(terms[n], t))
    return out


# -------------------------------------------------------------------- pair


@dataclass
class BmcAnswer:
    """What unrolling found: ``differ`` (with `inputs`, and `diverges` naming
    the side that runs forever for a termination difference), ``equal``
    (complete unrolling, `proof_smt2` and `depth`), or ``open`` (`depth`: how
    many steps were shown free of differences; `reason` when it stopped early)."""

    status: str
    depth: int = -1
    inputs: dict[str, int] | None = None
    diverges: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass(frozen=True)
class Schedule:
    """How the product moves: A takes `a` steps and B `b` per product step
    (lockstep is 1:1); ``sequential`` runs A to its end, then B. A side that
    has ended stays where it is while the other moves."""

    name: str
    a: int = 1
    b: int = 1
    sequential: bool = False
    sync: bool = False


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


class Pair:
    """Two sides with linked inputs: the parameters are equal as integers, each
    within its own type (so C/Python pairs range over the C domain)."""

    def __init__(self, a: Side, b: Side) -> None:
        self.a, self.b = a, b
        kinds = sorted(a.kinds | b.kinds | {BOUND})
        self.codes = {k: -(i + 1) for i, k in enumerate(kinds)}
        self.ghosts = {p.name: z3.Const(f"in!{p.name}", a.sort(p.type)) for p in a.params}
        #: a recursion is cut by the inlining bound: such executions are never compared
        self.bounded = BOUND in (a.kinds | b.kinds)

    # ------------------------------------------------------------ inputs

    def domain(self, sa: dict[str, z3.ExprRef], sb: dict[str, z3.ExprRef]) -> z3.BoolRef:
        """Both sides' parameters (in states `sa`, `sb`) hold the same input."""
        facts = []
        for pa, pb in zip(self.a.params, self.b.params):
            va, vb = sa[pa.name], sb[pb.name]
            if self.a.mode == "int":
                facts.append(int_range(va, pa.type))
            if self.b.mode == "int":
                facts.append(int_range(vb, pb.type))
            facts.append(same_value(va, pa.type, vb, pb.type))
        return z3.And(facts) if facts else z3.BoolVal(True)

    def results_agree(self, sa: dict[str, z3.ExprRef], sb: dict[str, z3.ExprRef]) -> z3.BoolRef:
        """Both have returned (states at the exits): the same value, or both without one."""
        ra, rb = self.a.ret_var, self.b.ret_var
        if ra is None or rb is None:
            return z3.BoolVal(True)
        fa, fb = sa[RETURNED], sb[RETURNED]
        value = same_value(sa[ra], self.a.variables[ra], sb[rb], self.b.variables[rb])
        return z3.And(fa == fb, z3.Implies(fa, value))

    def inputs_of(self, model: z3.ModelRef, sa: dict[str, z3.ExprRef]) -> dict[str, int]:
        return {p.name: model_int(model, sa[p.name], p.type) for p in self.a.params}

    # ------------------------------------------------------------ unrolling

    def bmc(self, deadline: float, max_depth: int = 400, start_depth: int = 0) -> BmcAnswer:
        """Unroll both sides until a difference, a complete unrolling, the
        deadline or `max_depth` steps."""
        ua, ub = _Unroll(self.a, self.codes), _Unroll(self.b, self.codes)
        solver = z3.Solver()
        init = z3.And(self.domain(ua.state(0), ub.state(0)), ua.pc(0) == self.a.entry, ub.pc(0) == self.b.entry)
        solver.add(init)
        steps: list[z3.BoolRef] = []
        checked = -1
        for k in range(max_depth + 1):
            if k > 0:
                step = z3.And(ua.trans(k - 1), ub.trans(k - 1))
                solver.add(step)
                steps.append(step)
            if k < start_depth:
                continue
            differ = z3.And(ua.final(k), ub.final(k), z3.Not(self._agree_at(ua, ub, k)))
            status, model = _check(solver, deadline, differ)
            if status == z3.sat:
                return BmcAnswer("differ", k, self.inputs_of(model, ua.state(0)))
            if status == z3.unknown:
                return BmcAnswer("open", checked, reason=_why(deadline))
            if k <= LASSO_MAX_DEPTH and (self.a.has_loops or self.b.has_loops):
                lasso = z3.Or(z3.And(ua.final(k), ub.lasso(k)), z3.And(ub.final(k), ua.lasso(k)))
                status, model = _check(solver, deadline, lasso)
                if status == z3.sat:
                    diverges = "B" if z3.is_true(model.eval(ua.final(k), model_completion=True)) else "A"
                    return BmcAnswer("differ", k, self.inputs_of(model, ua.state(0)), diverges=diverges)
            undecided = z3.And(ua.pc(k) != BLOCKED, ub.pc(k) != BLOCKED,
                               z3.Or(ua.open(k), ub.open(k)))
            status, _ = _check(solver, deadline, undecided)
            checked = k
            if status == z3.sat:
                continue
            if status == z3.unknown:
                return BmcAnswer("open", checked, reason=_why(deadline))
            # complete: no input is undecided after k steps, and none differs
            proof = z3.And(init, *steps, ua.pc(k) != BLOCKED, ub.pc(k) != BLOCKED,
                           z3.Or(ua.open(k), ub.open(k), z3.Not(self._agree_at(ua, ub, k))))
            feasible, _ = _check(solver, deadline, z3.And(ua.pc(k) != BLOCKED, ub.pc(k) != BLOCKED))
            return BmcAnswer("equal", k, proof_smt2=[_smt2(proof)],
                             reason="vacuous" if feasible == z3.unsat else "")
        return BmcAnswer("open", checked, reason=f"unrolled {max_depth} steps")

    def _agree_at(self, ua: _Unroll, ub: _Unroll, k: int) -> z3.BoolRef:
        both_exit = z3.And(ua.pc(k) == self.a.exit, ub.pc(k) == self.b.exit,
                           self.results_agree(ua.state(k), ub.state(k)))
        both_fail = z3.And(ua.pc(k) < 0, ua.pc(k) != BLOCKED, ua.pc(k) != self.codes[BOUND], ua.pc(k) == ub.pc(k))
        return z3.Or(both_exit, both_fail)

    # ------------------------------------------------------------ product

    def horn(self, schedule: Schedule, deadline: float) -> HornAnswer:
        """Prove agreement on the product program moved by `schedule` with Spacer."""
        product = _Product(self, schedule)
        try:
            clauses = product.build()
        except _TooBig as exc:
            return HornAnswer("unknown", schedule.name, reason=f"incomplete: product too large ({exc})")
        return product.solve(clauses, deadline)


def _why(deadline: float) -> str:
    return "timeout" if time.monotonic() >= deadline else "solver: unknown"


def _check(solver: z3.Solver, deadline: float, extra: z3.BoolRef) -> tuple[z3.CheckSatResult, z3.ModelRef | None]:
    """Check `extra` on top of `solver`'s assertions; the model when sat (taken before the pop)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return z3.unknown, None
    solver.set("timeout", max(1, int(remaining * 1000)))
    solver.push()
    solver.add(extra)
    try:
        status = solver.check()
        return status, (solver.model() if status == z3.sat else None)
    finally:
        solver.pop()


def _smt2(formula: z3.BoolRef) -> str:
    s = z3.Solver()
    s.add(formula)
    return s.to_smt2()


class _Unroll:
    """Step-indexed copies of one side: ``<prefix>!v@i``, ``<prefix>!pc@i``. Ended
    executions (exit, failed check, discarded) stay where they are."""

    def __init__(self, side: Side, codes: dict[str, int]) -> None:
        self.side = side
        self.codes = codes
        self._states: dict[int, dict[str, z3.ExprRef]] = {}
        self._from: dict[int, z3.BoolRef] = {}
        for c in side.cutpoints:
            conds = [b.guard for b in side.blocks if b.src == c] + [e.cond for e in side.errors if e.src == c]
            self._from[c] = z3.Or(conds) if conds else z3.BoolVal(False)

    def state(self, i: int) -> dict[str, z3.ExprRef]:
        if i not in self._states:
            s = self.side
            self._states[i] = {n: z3.Const(f"{s.prefix}!{n}@{i}", s.current[n].sort()) for n in s.variables}
        return self._states[i]

    def pc(self, i: int) -> z3.ArithRef:
        return z3.Int(f"{self.side.prefix}!pc@{i}")

    def at(self, term: z3.ExprRef, i: int) -> z3.ExprRef:
        s = self.side
        return z3.substitute(term, *[(s.current[n], v) for n, v in self.state(i).items()])

    def trans(self, i: int) -> z3.BoolRef:
        s, cur, nxt, pc, pc1 = self.side, self.state(i), self.state(i + 1), self.pc(i), self.pc(i + 1)
        same = [nxt[n] == cur[n] for n in s.variables]
        options = []
        for b in s.blocks:
            frame = [nxt[n] == (self.at(b.update[n], i) if n in b.update else cur[n]) for n in s.variables]
            options.append(z3.And(pc == b.src, self.at(b.guard, i), pc1 == b.dst, *frame))
        for e in s.errors:
            options.append(z3.And(pc == e.src, self.at(e.cond, i), pc1 == self.codes[e.kind], *same))
        for c in s.cutpoints:
            options.append(z3.And(pc == c, z3.Not(self.at(self._from[c], i)), pc1 == BLOCKED, *same))
        options.append(z3.And(z3.Or(pc == s.exit, pc < 0), pc1 == pc, *same))
        return z3.Or(options)

    def final(self, i: int) -> z3.BoolRef:
        """Ended by returning or by a failing check (not discarded, not cut by the bound)."""
        pc = self.pc(i)
        return z3.Or(pc == self.side.exit, z3.And(pc < 0, pc != BLOCKED, pc != self.codes[BOUND]))

    def open(self, i: int) -> z3.BoolRef:
        """Still running, or cut by the recursion bound: not decided."""
        pc = self.pc(i)
        return z3.Or(*[pc == c for c in self.side.cutpoints], pc == self.codes[BOUND])

    def lasso(self, k: int) -> z3.BoolRef:
        """Running at step k in a state it was already in at an earlier step:
        the (deterministic) execution runs forever."""
        options = []
        for c in self.side.cutpoints:
            names = self.side.live[c]
            for i in range(k):
                eq = [self.state(i)[n] == self.state(k)[n] for n in names]
                options.append(z3.And(self.pc(i) == c, self.pc(k) == c, *eq))
        return z3.Or(options) if options else z3.BoolVal(False)


# ------------------------------------------------------------------ product


class _TooBig(Exception):
    pass


#: Most clauses a product may have before it is given up (each is a solver
#: obligation; products of large functions under m:n schedules explode).
MAX_CLAUSES = 4000

_EXIT = "exit"

#: Candidate facts per predicate for Houdini (pairs of arguments: quadratic).
MAX_CANDIDATES = 400
#: Time limit of one Houdini query.
HOUDINI_QUERY_S = 2.0


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
            sorts += [g.sort() for g in self.pair.ghosts.values()]
            self.preds[key] = z3.Function(f"P_{len(self.preds)}", *sorts, z3.BoolSort())
            self.arg_names[key] = names
        return self.preds[key]

    def _args(self, key, env_a, env_b) -> list[z3.ExprRef]:
        self._pred(key)
        args = [(env_a if s == "A" else env_b)[n] for s, n in self.arg_names[key]]
        return args + list(self.pair.ghosts.values())

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
            facts = _range_facts(a, self._names(a, la), a.current) + _range_facts(b, self._names(b, lb), b.current)
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

    def _product_moves(self, la, lb):
        s, a, b = self.schedule, self.a, self.b
        ra, rb = self._running(la), self._running(lb)
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
            return HornAnswer("unknown", name, reason="timeout")
        facts = self._houdini(clauses, deadline)

        def known(key, args) -> z3.BoolRef:
            return z3.And(*[f(args) for f in facts.get(key, [])]) if facts.get(key) else z3.BoolVal(True)

        if facts and self._safe_with(clauses, known, deadline):
            return HornAnswer("proved", name, self._text(known), self._obligations(clauses, known),
                              sync=self.schedule.sync)
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            return HornAnswer("unknown", name, reason="timeout")
        solver = z3.SolverFor("HORN")
        solver.set("timeout", max(1, int(remaining * 1000)))
        bound = list(self.a.current.values()) + list(self.b.current.values()) + list(self.pair.ghosts.values())
        for c in clauses:
            body = [z3.And(self.preds[k](*args), known(k, args)) for k, args in c.body] + [c.constraint]
            head = self.preds[c.head[0]](*c.head[1]) if c.head else z3.BoolVal(False)
            solver.add(z3.ForAll(bound, z3.Implies(z3.And(body), head)))
        try:
            status = solver.check()
        except z3.Z3Exception as exc:
            return HornAnswer("unknown", name, reason=f"solver: {exc}")
        if status == z3.unsat:
            if self.schedule.sync:
                return HornAnswer("unknown", name, reason="incomplete: the sides do not end in lockstep")
            if self.pair.bounded:
                return HornAnswer("unknown", name, reason=_BOUND_REASON)
            return HornAnswer("refuted", name, reason="the product reaches a disagreement")
        if status != z3.sat:
            return HornAnswer("unknown", name, reason=_why(deadline) if time.monotonic() >= deadline - 0.05
                              else f"solver: {solver.reason_unknown()}")
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
        sorts = [self._sort_of(key, i) for i in range(n_named + len(self.pair.ghosts))]
        ints = [i for i, srt in enumerate(sorts) if srt == z3.IntSort()]
        bools = [i for i, srt in enumerate(sorts) if srt == z3.BoolSort()]
        bvs = [i for i, srt in enumerate(sorts) if z3.is_bv_sort(srt)]
        out = []
        for i in ints:
            out.append(lambda a, i=i: a[i] >= 0)
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
        for i, j in itertools.combinations(bvs, 2):
            if sorts[i] != sorts[j]:
                continue
            out.append(lambda a, i=i, j=j: a[i] == a[j])
            if signed[i] == signed[j]:
                le = (lambda x, y: x <= y) if signed[i] else z3.ULE
                out += [lambda a, i=i, j=j, le=le: le(a[i], a[j]), lambda a, i=i, j=j, le=le: le(a[j], a[i])]
        return out[:MAX_CANDIDATES]

    def _signed(self, key, i: int) -> bool:
        names = self.arg_names[key]
        if i < len(names):
            side, n = names[i]
            t = (self.a if side == "A" else self.b).variables[n]
        else:
            t = self.a.params[i - len(names)].type
        return isinstance(t, ir.IntType) and t.signed

    def _sort_of(self, key, i: int) -> z3.SortRef:
        names = self.arg_names[key]
        if i < len(names):
            side, n = names[i]
            return (self.a if side == "A" else self.b).current[n].sort()
        return list(self.pair.ghosts.values())[i - len(names)].sort()

    def _houdini(self, clauses: list[_Clause], deadline: float) -> dict:
        """The largest subset of the candidates that is inductive (greatest fixpoint)."""
        cands = {key: self._candidates(key) for key in self.preds}
        changed = True
        while changed:
            changed = False
            for c in clauses:
                if c.head is None or not cands[c.head[0]]:
                    continue
                key, args = c.head
                solver = z3.Solver()
                solver.add(c.constraint, *[f(a) for k, a in c.body for f in cands[k]])
                while cands[key]:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0.05:
                        return {}
                    solver.set("timeout", max(1, int(min(remaining, HOUDINI_QUERY_S) * 1000)))
                    goals = [f(args) for f in cands[key]]
                    solver.push()
                    solver.add(z3.Not(z3.And(goals)))
                    status = solver.check()
                    model = solver.model() if status == z3.sat else None
                    solver.pop()
                    if status == z3.unsat:
                        break
                    changed = True
                    if model is None:  # unknown: keep nothing for this predicate
                        cands[key] = []
                        break
                    kept = [f for f, g in zip(cands[key], goals) if z3.is_true(model.eval(g, model_completion=True))]
                    cands[key] = kept if len(kept) < len(goals) else []
        return cands

    def _safe_with(self, clauses: list[_Clause], known, deadline: float) -> bool:
        """Every safety clause holds given the facts."""
        for c in clauses:
            if c.head is not None:
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0.05:
                return False
            solver = z3.Solver()
            solver.set("timeout", max(1, int(min(remaining, HOUDINI_QUERY_S) * 1000)))
            solver.add(c.constraint, *[known(k, a) for k, a in c.body])
            if solver.check() != z3.unsat:
                return False
        return True

    # certificate -------------------------------------------------------

    def _obligations(self, clauses: list[_Clause], interp) -> list[str]:
        groups: dict[str, list[z3.BoolRef]] = {"initiation": [], "consecution": [], "safety": []}
        for c in clauses:
            body = [interp(k, args) for k, args in c.body] + [c.constraint]
            head = interp(c.head[0], c.head[1]) if c.head else z3.BoolVal(False)
            groups[c.group].append(z3.And(*body, z3.Not(head)))
        return [_smt2(z3.Or(v)) for v in groups.values() if v]

    def _text(self, interp) -> str:
        parts = []
        for key in self.preds:
            names = [(self.a if s == "A" else self.b).display(n) for s, n in self.arg_names[key]]
            consts = [z3.Const(n, (self.a if s == "A" else self.b).current[v].sort())
                      for n, (s, v) in zip(names, self.arg_names[key])]
            ghosts = [z3.Const(f"{p}0", g.sort()) for p, g in self.pair.ghosts.items()]
            inv = z3.simplify(interp(key, consts + ghosts))
            if z3.is_false(inv):
                continue  # a pair of locations no execution reaches
            order = [n for n in names if n.endswith("1")] + [n for n in names if not n.endswith("1")]
            inv = readable(inv, order + [str(g) for g in ghosts])
            where = f"{_where(self.a, key[0], 'A')}, {_where(self.b, key[1], 'B')}"
            parts.append(f"[{where}] {render(inv)}")
        return "; ".join(parts)


def _where(side: Side, loc, label: str) -> str:
    if loc == side.entry:
        return f"{label} at entry"
    if isinstance(loc, int):
        loop = side.cfa.loops.get(loc)
        return f"{label} at loop line {loop.loc.line}" if loop else f"{label} at node {loc}"
    if loc == _EXIT:
        return f"{label} returned"
    return f"{label} failed ({loc[1]})"


# --------------------------------------------------------------- termination


@dataclass
class TerminationAnswer:
    proved: bool
    text: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    reason: str = ""


#: Most combinations of ranking candidates tried for one function.
MAX_RANKING_TRIES = 6


def ranking_candidates(side: Side) -> dict[int, list[z3.ArithRef]]:
    """Per loop head, integer terms (over the state there) suggested by the
    loop's condition: ``b - a`` for ``a < b`` and the like."""
    from ..equivalence.side import ExactIntEncoder

    out: dict[int, list[z3.ArithRef]] = {}

    def nondet(node):
        raise ValueError("nondet")

    for head, loop in side.cfa.loops.items():
        found: list[z3.ArithRef] = []
        stack = [loop.cond]
        while stack:
            e = stack.pop()
            if isinstance(e, ir.Binary) and e.op in ("land", "lor"):
                stack += [e.left, e.right]
                continue
            if isinstance(e, ir.Unary) and e.op == "not":
                stack.append(e.arg)
                continue
            if not (isinstance(e, ir.Binary) and e.op in ("lt", "le", "gt", "ge", "ne")
                    and isinstance(e.left.type, ir.IntType)):
                continue
            enc = ExactIntEncoder(nondet)
            try:
                x = enc.expr(e.left, side.current, z3.BoolVal(True))
                y = enc.expr(e.right, side.current, z3.BoolVal(True))
            except Exception:  # a call or an operation without an Int reading: no candidate
                continue
            if not (z3.is_int(x) and z3.is_int(y)):
                continue
            if e.op in ("lt", "le"):
                found.append(y - x)
            elif e.op in ("gt", "ge"):
                found.append(x - y)
            else:
                found += [x - y, y - x]
        out[head] = [z3.simplify(t) for t in found]
    return out


def prove_terminates(side: Side, deadline: float) -> TerminationAnswer:
    """Every execution of `side` (inside its parameters' types) ends: each loop
    has a ranking function among its candidates, shown with Spacer: at each
    iteration the ranking was >= 0 when the iteration began and is smaller
    when it comes back to the loop head."""
    if not side.has_loops:
        return TerminationAnswer(True, "no loops")
    if side.mode != "int":
        return TerminationAnswer(False, reason="ranking functions are only tried on the integer encoding")
    cands = ranking_candidates(side)
    heads = list(side.cfa.loops)
    if any(not cands[h] for h in heads):
        line = next(side.cfa.loops[h].loc.line for h in heads if not cands[h])
        return TerminationAnswer(False, reason=f"no ranking candidate for the loop at line {line}")
    last = "no candidate worked"
    for combo in itertools.islice(itertools.product(*(cands[h] for h in heads)), MAX_RANKING_TRIES):
        if time.monotonic() >= deadline:
            return TerminationAnswer(False, reason="timeout")
        ranking = dict(zip(heads, combo))
        answer = _check_ranking(side, ranking, deadline)
        if answer.proved:
            return answer
        last = answer.reason or last
    return TerminationAnswer(False, reason=last)


def _check_ranking(side: Side, ranking: dict[int, z3.ArithRef], deadline: float) -> TerminationAnswer:
    ghosts = {h: z3.Int(f"rank!{h}") for h in ranking}
    state = side.current
    preds: dict[int, z3.FuncDeclRef] = {}

    def pred(c: int):
        if c not in preds:
            sorts = [state[n].sort() for n in side.live[c]] + [z3.IntSort()] * len(ghosts)
            preds[c] = z3.Function(f"T_{c}", *sorts, z3.BoolSort())
        return preds[c]

    def app(c: int, env, g):
        return pred(c)(*[env[n] for n in side.live[c]], *[g[h] for h in ghosts])

    clauses: list[tuple[list[z3.BoolRef], z3.BoolRef | None, str]] = []
    dom = [int_range(state[p.name], p.type) for p in side.params]
    clauses.append(([z3.And(dom)], app(side.entry, state, ghosts), "initiation"))
    for b in side.blocks:
        if b.dst == side.exit:
            continue
        env = {n: b.update.get(n, state[n]) for n in side.variables}
        new_g = dict(ghosts)
        for h, r in ranking.items():
            loop = side.cfa.loops[h]
            if b.src == h and (b.dst == h or b.dst in loop.body_nodes):
                new_g[h] = r  # an iteration of loop h begins: remember the ranking's value
        facts = _range_facts(side, side.live[b.src], state)
        body = [app(b.src, state, ghosts), b.guard, *facts]
        clauses.append((body, app(b.dst, env, new_g), "consecution"))
        for h, r in ranking.items():
            loop = side.cfa.loops[h]
            if b.dst == h and (b.src == h or b.src in loop.body_nodes):
                after = z3.substitute(r, *[(state[n], env[n]) for n in side.variables])
                clauses.append((body, z3.And(new_g[h] >= 0, after < new_g[h]), "safety"))
    solver = z3.SolverFor("HORN")
    remaining = deadline - time.monotonic()
    if remaining <= 0.05:
        return TerminationAnswer(False, reason="timeout")
    solver.set("timeout", max(1, int(remaining * 1000)))
    bound = list(state.values()) + list(ghosts.values())
    for body, head, _ in clauses:
        solver.add(z3.ForAll(bound, z3.Implies(z3.And(body), head)))
    status = solver.check()
    if status != z3.sat:
        return TerminationAnswer(False, reason="ranking candidate not proved" if status == z3.unsat else _why(deadline))
    model = solver.model()

    def interp(e: z3.BoolRef) -> z3.BoolRef:
        return model.eval(e)

    groups: dict[str, list[z3.BoolRef]] = {}
    for body, head, group in clauses:
        groups.setdefault(group, []).append(z3.And(*[interp(x) for x in body], z3.Not(interp(head))))
    text = ", ".join(f"loop line {side.cfa.loops[h].loc.line}: {render_readable(side, r)}" for h, r in ranking.items())
    return TerminationAnswer(True, text, [_smt2(z3.Or(v)) for v in groups.values()])


def _readable(side: Side, term: z3.ExprRef) -> z3.ExprRef:
    pairs = [(c, z3.Const(side.display(n), c.sort())) for n, c in side.current.items()]
    return z3.substitute(term, *pairs)


def render_readable(side: Side, term: z3.ExprRef) -> str:
    return render(z3.simplify(_readable(side, term)))
