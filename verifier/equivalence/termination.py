"""Termination of one side: a ranking function per loop, checked with Spacer.

`prove_terminates(side, deadline)` says every execution of the function (on
its parameters' types) ends: each loop has a ranking function among
candidates read off the loop's condition (``n - i`` for ``i < n``), shown with
Spacer over the side's own cut-points, with a ghost copy of the ranking's
value taken when an iteration begins: it was >= 0 then and is smaller when
the iteration comes back to the loop head. The certificate is the ranking
functions; its Horn model becomes plain obligations for a second solver.
When the loop's condition alone bounds the ranking (``i < n`` and ``i += 1``)
no invariant is needed and plain queries replace Spacer. Under the bit-vector
encoding a candidate is the same integer term over the bit-vectors, extended
to `RANK_BITS` bits so it neither wraps nor loses its sign.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import z3

from .. import ir
from ..engines.invariants.horn import solve_with_restarts
from ..int_reading import ExactIntEncoder, int_range
from ..registry import UnknownReason
from ..solver import check, smt2
from ..smt import subterms
from .pairing import range_facts
from .pretty import render
from .side_encoding import Side

__all__ = ["TerminationAnswer", "prove_terminates", "ranking_candidates"]


@dataclass
class TerminationAnswer:
    proved: bool
    text: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    reason: str = ""


#: Most combinations of ranking candidates tried for one function.
MAX_RANKING_TRIES = 6


def ranking_candidates(side: Side) -> dict[int, list[tuple[z3.ExprRef, z3.ArithRef]]]:
    """Per loop head, (term, its integer reading) suggested by the loop's
    condition: ``b - a`` for ``a < b`` and the like. The term is over the state
    there: the integer reading itself under the integer encoding, a wide
    bit-vector (`RANK_BITS`) under the bit-vector one."""
    out: dict[int, list[z3.ArithRef]] = {}
    env = side.current if side.mode == "int" else {n: z3.Int(f"int!{n}") for n in side.current}

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
                x = enc.expr(e.left, env, z3.BoolVal(True))
                y = enc.expr(e.right, env, z3.BoolVal(True))
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
        terms = [z3.simplify(t) for t in found]
        if side.mode == "int":
            out[head] = [(t, t) for t in terms]
        else:
            named = [(env[n], z3.Int(side.display(n))) for n in env]
            wide = [(_wide(t, side, env), z3.substitute(t, *named)) for t in terms]
            out[head] = [(w, t) for w, t in wide if w is not None]
    return out


#: Width of a ranking function over bit-vectors: ``n - i`` of two 64-bit values
#: neither wraps nor loses its sign. (Soundness does not hang on it: any
#: value that is >= 0 and smaller at each iteration, in a finite set, ends.)
RANK_BITS = 72


def _wide(term: z3.ArithRef, side: Side, env: dict[str, z3.ExprRef]) -> z3.BitVecRef | None:
    """The linear integer `term` over `env`'s stand-ins as a RANK_BITS-wide
    bit-vector over the side's bit-vectors (each extended by its C type's
    signedness), or None if it is not linear."""
    names = {env[n].get_id(): n for n in env}

    def walk(t: z3.ExprRef) -> z3.BitVecRef:
        if z3.is_int_value(t):
            return z3.BitVecVal(t.as_long(), RANK_BITS)
        if t.get_id() in names:
            n = names[t.get_id()]
            c, ty = side.current[n], side.variables[n]
            if not z3.is_bv(c) or c.size() >= RANK_BITS:
                raise ValueError(n)
            extend = z3.SignExt if isinstance(ty, ir.IntType) and ty.signed else z3.ZeroExt
            return extend(RANK_BITS - c.size(), c)
        args = [walk(a) for a in t.children()]
        if z3.is_add(t):
            return sum(args[1:], args[0])
        if z3.is_sub(t):
            return args[0] - sum(args[2:], args[1])
        if z3.is_mul(t) and len(args) == 2 and z3.is_int_value(t.arg(0)):
            factor = t.arg(0).as_long()
            return args[1] if factor == 1 else -args[1] if factor == -1 else args[0] * args[1]
        raise ValueError(t)

    try:
        return walk(term)
    except ValueError:
        return None


def prove_terminates(side: Side, deadline: float) -> TerminationAnswer:
    """Every execution of `side` (inside its parameters' types) ends: each loop
    has a ranking function among its candidates, shown with Spacer: at each
    iteration the ranking was >= 0 when the iteration began and is smaller
    when it comes back to the loop head."""
    if not side.has_loops:
        return TerminationAnswer(True, "no loops")
    cands = ranking_candidates(side)
    heads = list(side.cfa.loops)
    if any(not cands[h] for h in heads):
        line = next(side.cfa.loops[h].loc.line for h in heads if not cands[h])
        return TerminationAnswer(False, reason=f"no ranking candidate for the loop at line {line}")
    last = "no candidate worked"
    for combo in itertools.islice(itertools.product(*(cands[h] for h in heads)), MAX_RANKING_TRIES):
        if time.monotonic() >= deadline:
            return TerminationAnswer(False, reason=UnknownReason.TIMEOUT.describe())
        answer = _check_ranking(side, {h: term for h, (term, _) in zip(heads, combo)},
                                {h: shown for h, (_, shown) in zip(heads, combo)}, deadline)
        if answer.proved:
            return answer
        last = answer.reason or last
    return TerminationAnswer(False, reason=last)


def _check_ranking(side: Side, ranking: dict[int, z3.ExprRef], shown: dict[int, z3.ArithRef],
                   deadline: float) -> TerminationAnswer:
    ghosts = {h: z3.Const(f"rank!{h}", r.sort()) for h, r in ranking.items()}
    state = side.current
    preds: dict[int, z3.FuncDeclRef] = {}

    def pred(c: int):
        if c not in preds:
            sorts = [state[n].sort() for n in side.live[c]] + [g.sort() for g in ghosts.values()]
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
        facts = range_facts(side, side.live[b.src], state)
        body = [app(b.src, state, ghosts), b.guard, *facts]
        clauses.append((body, app(b.dst, env, new_g), "consecution"))
        for h, r in ranking.items():
            loop = side.cfa.loops[h]
            if b.dst == h and (b.src == h or b.src in loop.body_nodes):
                after = z3.substitute(r, *[(state[n], env[n]) for n in side.variables])
                clauses.append((body, z3.And(new_g[h] >= 0, after < new_g[h]), "safety"))
    if _holds_everywhere(clauses, preds, deadline):
        # the loop's condition alone bounds the ranking: no invariant needed (and no
        # Spacer, slow on bit-vectors read as integers)
        def interp(e: z3.BoolRef) -> z3.BoolRef:
            return _true_predicates(e, preds)
    else:
        bound = list(state.values()) + list(ghosts.values())
        rules = [z3.ForAll(bound, z3.Implies(z3.And(body), head)) for body, head, _ in clauses]
        status, solver, why = solve_with_restarts(rules, deadline)
        if status != z3.sat:
            return TerminationAnswer(False, reason="ranking candidate not proved" if status == z3.unsat else why)
        model = solver.model()

        def interp(e: z3.BoolRef) -> z3.BoolRef:
            return model.eval(e)

    groups: dict[str, list[z3.BoolRef]] = {}
    for body, head, group in clauses:
        groups.setdefault(group, []).append(z3.And(*[interp(x) for x in body], z3.Not(interp(head))))
    text = ", ".join(f"loop line {side.cfa.loops[h].loc.line}: {render_readable(side, r)}" for h, r in shown.items())
    return TerminationAnswer(True, text, [smt2(z3.Or(v)) for v in groups.values()])


#: Time limit of one query of `_holds_everywhere`.
TRIVIAL_QUERY_S = 1.0


def _holds_everywhere(clauses, preds: dict[int, z3.FuncDeclRef], deadline: float) -> bool:
    """Every clause holds with each predicate read as true (each safety clause
    follows from its block's guard alone)."""
    for body, head, group in clauses:
        if group != "safety":
            continue
        found = check(_solver_for(body), deadline, *[_true_predicates(x, preds) for x in body], z3.Not(head),
                      cap_s=TRIVIAL_QUERY_S)
        if not found.unsat:
            return False
    return True


def _solver_for(terms: list[z3.BoolRef]) -> z3.Solver:
    """z3's bit-vector solver for a query over bit-vectors only (much faster there), else its default."""
    bits = all(z3.is_bv(c) or z3.is_bool(c) for c in subterms(*terms)
               if z3.is_const(c) and c.decl().kind() == z3.Z3_OP_UNINTERPRETED)
    return z3.SolverFor("QF_BV") if bits else z3.Solver()


def _true_predicates(e: z3.BoolRef, preds: dict[int, z3.FuncDeclRef]) -> z3.BoolRef:
    """`e`, or true if it applies one of `preds`."""
    return z3.BoolVal(True) if any(e.decl().eq(p) for p in preds.values()) else e


def _readable(side: Side, term: z3.ExprRef) -> z3.ExprRef:
    pairs = [(c, z3.Const(side.display(n), c.sort())) for n, c in side.current.items()]
    return z3.substitute(term, *pairs)


def render_readable(side: Side, term: z3.ExprRef) -> str:
    return render(z3.simplify(_readable(side, term)))
