"""Constrained Horn clauses of a transition system, and z3 Spacer to solve them.

A `HornView` is what the invariant search works on: a transition system plus
facts known to hold of every state (`state_facts`, e.g. the ranges of a `bv`
program's variables in its `math` abstraction) and of every nondeterministic
value (`nondet_facts`). Each loop head gets one predicate over the variables
*live* there (liveness over the cut-points: a variable no later guard,
update or error condition of the wanted checks reads is sliced away; this is
the cone of influence, per loop head). The entry is true of every state.

Clauses (all variables universally quantified):

    entry or Inv_src(v) ∧ facts ∧ guard(v, nd)   →  Inv_dst(update(v, nd))
    Inv_src(v) ∧ facts ∧ cond(v, nd)             →  false      (per error exit)

Error exits of the inlining bound (``bound``) are always queried with the
wanted checks: an execution cut off by the bound could fail later, so a proof
that ignores those executions would be unsound.

`solve` returns the invariants Spacer found (one z3 formula per loop head,
over the transition system's state constants) or None; nothing it returns is
trusted: the caller re-checks every invariant as a certificate.
`solve_with_restarts` runs Spacer on any clauses (the equivalence product's)
with short runs and fresh seeds.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import z3

from ...encode import Block, CheckKey, ErrorExit, TransitionSystem
from ...reaping import end_with_parent
from ...registry import UnknownReason
from ...smt import constants_of, sort_of, subterms
from ...solver import smt2

Invariant = dict[int, z3.BoolRef]


@dataclass
class HornView:
    """A transition system as the invariant engines see it."""

    ts: TransitionSystem
    state_facts: z3.BoolRef = field(default_factory=lambda: z3.BoolVal(True))
    nondet_facts: z3.BoolRef = field(default_factory=lambda: z3.BoolVal(True))

    @property
    def heads(self) -> list[int]:
        return list(self.ts.cfa.loops)

    def loop_blocks(self) -> list[Block]:
        """Blocks that end at a loop head (initiation and consecution)."""
        heads = set(self.ts.cfa.loops)
        return [b for b in self.ts.blocks if b.dst in heads]

    def error_exits(self, keys: Iterable[CheckKey]) -> list[ErrorExit]:
        """Error exits of `keys`, and of the inlining bound (see the module docstring)."""
        wanted = set(keys)
        return [e for e in self.ts.errors if e.key in wanted or e.key[0] == "bound"]

    def all_constants(self) -> list[z3.ExprRef]:
        consts = list(self.ts.current.values())
        consts += [z3.Const(site, sort_of(info.type)) for site, info in self.ts.nondets.items()]
        return consts


def live_variables(view: HornView, keys: Iterable[CheckKey]) -> dict[int, list[str]]:
    """For each loop head, the state variables that matter there for `keys`
    (ordered as in the transition system)."""
    ts = view.ts
    heads = set(ts.cfa.loops)
    names = set(ts.variables)
    errors = view.error_exits(keys)
    reads: dict[int, set[str]] = {h: set() for h in heads}
    for e in errors:
        if e.src in heads:
            reads[e.src] |= constants_of(e.cond) & names
    blocks = [b for b in ts.blocks if b.src in heads and b.dst in heads]
    guard_reads = {id(b): constants_of(b.guard) & names for b in blocks}
    update_reads: dict[tuple[int, str], set[str]] = {}
    live = {h: set(reads[h]) for h in heads}
    changed = True
    while changed:
        changed = False
        for b in blocks:
            need = set(guard_reads[id(b)])
            for w in live[b.dst]:
                if w in b.update:
                    key = (id(b), w)
                    if key not in update_reads:
                        update_reads[key] = constants_of(b.update[w]) & names
                    need |= update_reads[key]
                else:
                    need.add(w)
            if not need <= live[b.src]:
                live[b.src] |= need
                changed = True
    order = list(ts.variables)
    return {h: [n for n in order if n in live[h]] for h in heads}


@dataclass
class HornClauses:
    """The clauses of a view for some checks, with the predicate of each loop head."""

    view: HornView
    live: dict[int, list[str]]
    preds: dict[int, z3.FuncDeclRef]
    clauses: list[z3.BoolRef]

    def apply(self, head: int, block: Block | None = None) -> z3.BoolRef:
        """The predicate of `head` on the current state (or the state after `block`)."""
        args = [self.view.ts.current[n] for n in self.live[head]]
        if block is not None:
            args = [block.update.get(n, self.view.ts.current[n]) for n in self.live[head]]
        return self.preds[head](*args)

    def smt2(self) -> str:
        """The clauses as an SMT-LIB `(set-logic HORN)` script."""
        lines = ["(set-logic HORN)"]
        for p in self.preds.values():
            dom = " ".join(p.domain(i).sexpr() for i in range(p.arity()))
            lines.append(f"(declare-fun {p.name()} ({dom}) Bool)")
        for c in self.clauses:
            lines.append(f"(assert {c.sexpr()})")
        lines.append("(check-sat)")
        return "\n".join(lines) + "\n"


def horn_clauses(view: HornView, keys: Iterable[CheckKey], background: Invariant | None = None,
                 live: dict[int, list[str]] | None = None) -> HornClauses:
    """Clauses proving `keys`; `background` invariants (already known to hold)
    are added to every clause body at their loop head. `live`: the variables
    of each loop head's predicate (default: `live_variables`)."""
    keys = set(keys)
    ts = view.ts
    live = live if live is not None else live_variables(view, keys)
    preds = {h: z3.Function(f"Inv_{h}", *[sort_of(ts.variables[n]) for n in live[h]], z3.BoolSort())
             for h in ts.cfa.loops}
    hc = HornClauses(view, live, preds, [])
    everything = view.all_constants()
    background = background or {}

    def source(src: int) -> list[z3.BoolRef]:
        if src in preds:
            return [hc.apply(src), background.get(src, z3.BoolVal(True))]
        return []

    for b in view.loop_blocks():
        body = z3.And(*source(b.src), view.state_facts, view.nondet_facts, b.guard)
        head = hc.apply(b.dst, b)
        hc.clauses.append(_forall(everything, z3.Implies(body, head)))
    for e in view.error_exits(keys):
        body = z3.And(*source(e.src), view.state_facts, view.nondet_facts, e.cond)
        hc.clauses.append(_forall(everything, z3.Implies(body, z3.BoolVal(False))))
    return hc


def _forall(consts: list[z3.ExprRef], formula: z3.BoolRef) -> z3.BoolRef:
    used = constants_of(formula)
    bound = [c for c in consts if c.decl().name() in used]
    return z3.ForAll(bound, formula) if bound else formula


@dataclass
class SpacerAnswer:
    """`status` is ``sat`` (invariants found), ``unsat`` (the clauses have a
    counterexample) or ``unknown``; `invariant` maps loop heads to formulas."""

    status: str
    invariant: Invariant | None = None
    seconds: float = 0.0


#: Spacer's random seed for `solve`: fixed, so runs are reproducible.
SPACER_SEED = 0
#: The first run's time limit in `solve_with_restarts`; each retry doubles it.
FIRST_LIMIT_S = 0.5


def solve(hc: HornClauses, deadline: float) -> SpacerAnswer:
    """Run Spacer on `hc` until `deadline` (time.monotonic()).

    On bit-vector clauses Spacer can ignore both its timeout and interrupts
    (seen: a query with a division by a variable ran on past 60 s of a 10 s
    timeout), so those run in a forked child that is killed at the deadline."""
    if any("BitVec" in p.range().sexpr() or any("BitVec" in p.domain(i).sexpr() for i in range(p.arity()))
           for p in hc.preds.values()) and hasattr(os, "fork"):
        return _solve_in_child(hc, deadline)
    return _solve_here(hc, deadline)


def _solve_in_child(hc: HornClauses, deadline: float) -> SpacerAnswer:
    start = time.monotonic()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: solve, send the invariants as SMT-LIB text, exit at once
        try:
            if not end_with_parent():  # a lane killed at its deadline must not leave Spacer running
                os._exit(0)
            os.close(read_fd)
            answer = _solve_here(hc, deadline)
            texts = None
            if answer.invariant is not None:
                texts = {h: smt2(f).replace("(check-sat)", "") for h, f in answer.invariant.items()}
            data = pickle.dumps((answer.status, texts))
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic() + 0.2
            ready, _, _ = select.select([read_fd], [], [], max(0.0, left))
            if not ready:
                break
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    elapsed = time.monotonic() - start
    try:
        status, texts = pickle.loads(b"".join(chunks))
    except Exception:
        return SpacerAnswer("unknown", seconds=elapsed)
    if texts is None:
        return SpacerAnswer(status, seconds=elapsed)
    invariant = {}
    for h, text in texts.items():
        parsed = z3.parse_smt2_string(text)
        parts = list(parsed)
        invariant[h] = z3.And(*parts) if len(parts) > 1 else (parts[0] if parts else z3.BoolVal(True))
    return SpacerAnswer(status, invariant, elapsed)


def _solve_here(hc: HornClauses, deadline: float) -> SpacerAnswer:
    start = time.monotonic()
    remaining = int((deadline - start) * 1000)
    if remaining <= 0:
        return SpacerAnswer("unknown")
    s = _spacer(hc.clauses, remaining, SPACER_SEED)
    # Spacer does not always honour its timeout (bit-vector clauses overran it 2.5x):
    # interrupt it from a timer as well
    timer = threading.Timer(remaining / 1000 + 0.05, s.ctx.interrupt)
    timer.daemon = True
    timer.start()
    try:
        r = s.check()
    except z3.Z3Exception:
        return SpacerAnswer("unknown", seconds=time.monotonic() - start)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - start
    if r != z3.sat:
        return SpacerAnswer("unsat" if r == z3.unsat else "unknown", seconds=elapsed)
    model = s.model()
    invariant: Invariant = {}
    names = {p.name() for p in hc.preds.values()}
    for h, p in hc.preds.items():
        # (model_completion=True answers `true` for some interpreted predicates: z3 5.4)
        f = model.eval(hc.apply(h), model_completion=False)
        if names & _applied(f):
            f = z3.BoolVal(True)  # no interpretation given: any will do; the re-check decides
        invariant[h] = quantifier_free(f)
    return SpacerAnswer("sat", invariant, elapsed)


def solve_with_restarts(rules: list[z3.BoolRef], deadline: float) -> tuple[z3.CheckSatResult, z3.Solver | None, str]:
    """(sat / unsat / unknown, the solver that answered, why unknown: ``timeout``
    or the solver's reason) for `rules` (universally quantified implications).

    Spacer's running time is heavy-tailed in its random choices: on the same
    clauses one seed answers in 0.2 s and another runs for minutes. So it runs
    with a short time limit and, on a timeout, again with a fresh seed and
    twice the limit, until it answers or `deadline` passes."""
    attempt, limit = 0, FIRST_LIMIT_S
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            return z3.unknown, None, UnknownReason.TIMEOUT.describe()
        solver = _spacer(rules, max(1, int(min(limit, remaining) * 1000)), attempt)
        try:
            status = solver.check()
        except z3.Z3Exception as exc:
            return z3.unknown, None, UnknownReason.SOLVER.describe(str(exc))
        if status != z3.unknown:
            return status, solver, ""
        why = solver.reason_unknown()
        if "timeout" not in why and "canceled" not in why:
            return z3.unknown, None, UnknownReason.SOLVER.describe(why)
        attempt, limit = attempt + 1, limit * 2


def _spacer(rules: list[z3.BoolRef], timeout_ms: int, seed: int) -> z3.Solver:
    """Spacer holding `rules`, with its time limit and random seed."""
    s = z3.SolverFor("HORN")
    s.set("timeout", timeout_ms)
    s.set("spacer.random_seed", seed)
    s.add(rules)
    return s


def _applied(f: z3.ExprRef) -> set[str]:
    """Names of the uninterpreted functions applied in `f`."""
    return {t.decl().name() for t in subterms(f)
            if z3.is_app(t) and t.num_args() > 0 and t.decl().kind() == z3.Z3_OP_UNINTERPRETED}


def quantifier_free(f: z3.BoolRef) -> z3.BoolRef:
    """Spacer may answer with existentials over auxiliary variables: eliminate them."""
    if not any(z3.is_quantifier(t) for t in subterms(f)):
        return f
    try:
        goal = z3.Goal()
        goal.add(f)
        result = z3.Then("qe", "simplify")(goal)
        parts = [g.as_expr() for g in result]
        return z3.And(*parts) if len(parts) > 1 else (parts[0] if parts else z3.BoolVal(True))
    except z3.Z3Exception:
        return f
