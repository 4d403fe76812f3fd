"""A loop against a closed form: agreement as a safety question with polynomial invariants.

When one side of `verify equiv` is loop-free (a closed form such as
``n*(n+1)/2``) and the other loops, equivalence is a property of the loop side
alone: wherever it ends, its outcome is the closed form's outcome on the same
input. This module builds that question as error exits of the loop side's
transition system (a copy of it; the closed form's terms are read over the
loop side's parameters, which the loop side must never assign, so they hold
the input at every cut-point):

- the loop side returns and the closed form returns another value, or fails;
- the loop side fails a check (an overflow under C's integer semantics, a
  division by zero) and the closed form does not fail the same kind of check.

The inputs are split into cases by the closed form's paths and the
conditions of its if-then-else terms (``n < 1`` and ``n >= 1`` for
``n < 1 ? 0 : n*(n+1)/2``; the cases cover every input), and each case is a
fact of every state (the parameters keep the input). Per case, the prove
pipeline's polynomial invariants (`polynomial_invariants.rounds`: equalities
such as ``i*i == 2*s + i`` guessed from the sampled runs on inputs of the
case, kept if inductive), or the linear guesser's (where the loop does not
run), prove those exits unreachable; conjuncts the proof does not need are
dropped. The certificate is the obligations of each case's invariant
(`invariant_certificate.obligations`), re-checked by z3 and cvc5 (or exact
algebra) like every other equivalence proof. For total equivalence the loop
side needs a ranking function too (`termination`); the closed form always
ends.

Under C's default integer semantics the closed form's overflow checks are
error exits of its own: an input on which ``n*(n+1)`` overflows but the loop
does not is a disagreement, never a proof.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Iterator

import z3

from .. import ir
from ..encode import ErrorExit, TransitionSystem
from ..engines.invariants.horn import HornView, live_variables
from ..engines.invariants.polynomial_houdini import inductive_subset
from ..engines.invariants.polynomial_invariants import rounds
from ..engines.invariants.sampled_invariants import guess_candidates, program_constants, sample_states
from ..int_reading import int_range
from ..invariant_certificate import failing_obligations, ite_cases, obligations, to_smt2
from ..registry import UnknownReason
from ..smt import constants_of
from .pairing import Pair, range_facts
from .pretty import readable, render
from .side_encoding import Side

__all__ = ["closed_form_answer", "loop_against_closed_form", "AGREE"]

#: The kind of the added error exits: "the two outcomes differ here".
AGREE = "agree"
#: Share of the time left that the loop side's termination proof may take.
TERMINATION_SHARE = 0.5
ENGINE = "closed-form+polynomial-invariants"
#: Limits of one attempt to drop a conjunct of a found invariant (`_smaller`), and of each of its queries.
TRIAL_S, TRIAL_MS = 1.0, 300
#: A condition on the inputs and the agreement question for such inputs.
Case = tuple[z3.BoolRef, TransitionSystem]
#: Share of a case's time the linear round's sampling may take.
SAMPLE_SHARE = 0.3


def loop_against_closed_form(pair: Pair) -> tuple[Side, Side] | None:
    """(loop side, closed side) when exactly one side loops, the other is
    loop-free, both read integers exactly (``int`` mode) over integer
    parameters, no recursion is cut by the inlining bound, and the loop side
    never assigns a parameter; else None."""
    a, b = pair.a, pair.b
    if a.has_loops == b.has_loops or pair.bounded or a.mode != "int" or b.mode != "int":
        return None
    loop, closed = (a, b) if a.has_loops else (b, a)
    if len(loop.params) != len(closed.params) or loop.ret_var is None or closed.ret_var is None:
        return None
    if not all(isinstance(p.type, ir.IntType) for p in loop.params + closed.params):
        return None
    if any(blk.src != closed.entry or blk.dst != closed.exit for blk in closed.blocks) or \
            any(e.src != closed.entry for e in closed.errors):
        return None
    params = {p.name for p in loop.params}
    for blk in loop.blocks:
        if any(n in params and not t.eq(loop.current[n]) for n, t in blk.update.items()):
            return None
    return loop, closed


def closed_form_answer(pair: Pair, deadline: float, partial: bool, notes: list[str]):
    """An `EngineAnswer` (``equal``) or None (not a loop against a closed form,
    or no invariant proved agreement by `deadline`)."""
    from .check import EngineAnswer

    sides = loop_against_closed_form(pair)
    if sides is None:
        return None
    loop, closed = sides
    facts, cases = _agreement_systems(pair, loop, closed)
    proof: list[str] = []
    texts: list[str] = []
    for index, (case, ts) in enumerate(cases):
        end = time.monotonic() + max(0.0, deadline - time.monotonic()) / (len(cases) - index)
        keys = {e.key for e in ts.errors}
        found = _prove_case(ts, keys, z3.And(facts, case), _holds_on(case, [p.name for p in loop.params]), end)
        if found is None:
            return None
        invariant, obligations_smt2 = found
        proof += obligations_smt2
        shown = _text(loop, invariant)
        texts.append(f"when {_shown(loop, case)}: {shown}" if len(cases) > 1 else shown)
    text = "; ".join(texts)
    if partial:
        return EngineAnswer("equal", ENGINE, certificate_kind="loop-invariant", certificate_text=text,
                            proof_smt2=proof, notes=notes,
                            termination="not required (--partial: agreement whenever both end)")
    from .termination import prove_terminates

    ends = prove_terminates(loop, time.monotonic() + TERMINATION_SHARE * max(0.0, deadline - time.monotonic()))
    if not ends.proved:
        why = UnknownReason.INCOMPLETE.describe(
            f"the functions agree whenever both end (loop invariant found; a yes under --partial), but "
            f"termination of the loop side was not decided ({ends.reason})")
        return EngineAnswer("partial", ENGINE, certificate_kind="loop-invariant", certificate_text=text,
                            notes=notes, reason=why)
    return EngineAnswer("equal", ENGINE, certificate_kind="loop-invariant", certificate_text=text,
                        proof_smt2=proof + ends.proof_smt2, notes=notes,
                        termination=f"ranking function: {ends.text}; the closed form has no loop")


def _prove_case(ts: TransitionSystem, keys: set, facts: z3.BoolRef, keep, deadline: float):
    """(invariant, its obligations as SMT-LIB) proving no disagreement is
    reached from inputs where `facts` hold, or None."""
    view = HornView(ts, state_facts=facts)
    for invariant in itertools.chain(rounds(view, keys, deadline, keep), _linear_round(view, keys, deadline, keep)):
        obs = obligations(ts, invariant, keys, state_facts=facts)
        failed = failing_obligations(obs, deadline)
        if failed is None:
            return None
        if not failed:
            invariant, obs = _smaller(ts, keys, facts, invariant, obs, deadline)
            return invariant, [to_smt2(o) for o in obs]
    return None


def _smaller(ts: TransitionSystem, keys: set, facts: z3.BoolRef, invariant: dict[int, z3.BoolRef], obs: list,
             deadline: float) -> tuple[dict[int, z3.BoolRef], list]:
    """`invariant` without the conjuncts the proof does not need (dropped one at a
    time while every obligation still holds), with its obligations: a shorter
    certificate, quicker to re-check."""
    for head in list(invariant):
        parts = list(invariant[head].children()) if z3.is_and(invariant[head]) else [invariant[head]]
        i = 0
        while i < len(parts) and time.monotonic() < deadline:
            trial = {**invariant, head: z3.And(parts[:i] + parts[i + 1:])}
            trial_obs = obligations(ts, trial, keys, state_facts=facts)
            if failing_obligations(trial_obs, min(deadline, time.monotonic() + TRIAL_S), TRIAL_MS) == []:
                parts, invariant, obs = parts[:i] + parts[i + 1:], trial, trial_obs
            else:
                i += 1
    return invariant, obs


def _linear_round(view: HornView, keys: set, deadline: float, keep) -> Iterator[dict[int, z3.BoolRef]]:
    """The linear guesser's inductive candidates (bounds, octagons, equalities)
    from the states `keep` keeps: what a case needs where the loop does not
    run (no polynomial equality varies there, so `rounds` has none)."""
    ts = view.ts
    states = sample_states(ts.cfa, time.monotonic() + SAMPLE_SHARE * max(0.0, deadline - time.monotonic()))
    states = {h: [s for s in found if keep(s)] for h, found in states.items()}
    ints = {n for n, t in ts.variables.items() if isinstance(t, ir.IntType)}
    found = guess_candidates(states, live_variables(view, keys), ints, program_constants(ts.cfa))
    invariant = inductive_subset(view, {h: found.get(h, []) for h in ts.cfa.loops}, deadline)
    if invariant is not None:
        yield invariant


def _holds_on(case: z3.BoolRef, params: list[str]):
    """Whether a sampled state's inputs satisfy `case` (a formula over the parameters)."""
    consts = [z3.Int(p) for p in params]

    def keep(state: dict[str, int]) -> bool:
        values = [(c, z3.IntVal(state[p])) for c, p in zip(consts, params) if state.get(p) is not None]
        return z3.is_true(z3.simplify(z3.substitute(case, *values) if values else case))

    return keep


def _shown(loop: Side, formula: z3.BoolRef) -> str:
    names = [(z3.Const(n, c.sort()), z3.Const(loop.display(n), c.sort())) for n, c in loop.current.items()]
    return render(z3.simplify(z3.substitute(formula, *names) if names else formula))


def _agreement_systems(pair: Pair, loop: Side, closed: Side) -> tuple[z3.BoolRef, list[Case]]:
    """The facts true of every state (integer ranges, the input within both
    parameter types) and, per case of the input (`_input_cases`), the case and
    a copy of the loop side's transition system whose only error exits are
    the disagreements on such inputs (see the module docstring), the closed
    form's value simplified for the case (no if-then-else left for the
    solvers to split)."""
    inputs = [(closed.current[q.name], loop.current[p.name]) for p, q in zip(loop.params, closed.params)]

    def on_input(t: z3.ExprRef) -> z3.ExprRef:
        return z3.substitute(t, *inputs) if inputs else t

    def agree(env_loop: dict, env_closed: dict) -> z3.BoolRef:
        return pair.results_agree(env_loop, env_closed) if loop is pair.a else \
            pair.results_agree(env_closed, env_loop)

    returns = [(on_input(blk.guard), {**closed.current, **{n: on_input(t) for n, t in blk.update.items()}})
               for blk in closed.blocks]
    fails = [(e.kind, on_input(e.cond)) for e in closed.errors]
    facts = range_facts(loop, list(loop.variables), loop.current)
    facts += [int_range(loop.current[p.name], q.type) for p, q in zip(loop.params, closed.params)]
    cases = _input_cases([guard for guard, _ in returns], [env[closed.ret_var] for _, env in returns],
                         [cond for _, cond in fails], [loop.current[p.name] for p in loop.params])
    systems = []
    for case, decided in cases:
        def known(t: z3.ExprRef) -> z3.ExprRef:
            return z3.simplify(z3.substitute(t, *decided)) if decided else t

        errors: list[ErrorExit] = []

        def add(src: int, cond: z3.BoolRef) -> None:
            cond = z3.simplify(cond)
            if not z3.is_false(cond):
                errors.append(ErrorExit(src, (AGREE, len(errors) + 1, 0), cond, cond))

        for blk in loop.blocks:
            if blk.dst != loop.exit:
                continue
            env = {**loop.current, **blk.update}
            for guard, closed_env in returns:
                closed_env = {n: known(t) for n, t in closed_env.items()}
                add(blk.src, z3.And(blk.guard, known(guard), z3.Not(agree(env, closed_env))))
            add(blk.src, z3.And(blk.guard, z3.Or([known(cond) for _, cond in fails])))
        for e in loop.errors:
            same = [known(cond) for kind, cond in fails if kind == e.kind]
            add(e.src, z3.And(e.cond, z3.Not(z3.Or(same)) if same else z3.BoolVal(True)))
        systems.append((case, dataclasses.replace(loop.ts, errors=errors)))
    return _plain_names(z3.And(facts) if facts else z3.BoolVal(True), systems, loop.current)


def _input_cases(guards: list[z3.BoolRef], values: list[z3.ExprRef], fails: list[z3.BoolRef],
                 params: list[z3.ExprRef]) -> list[tuple[z3.BoolRef, list[tuple[z3.BoolRef, z3.BoolRef]]]]:
    """Conditions on the inputs that together cover every input, each with the
    truth values of if-then-else conditions it decides: one per path of the
    closed form and truth assignment of the conditions in its returned value,
    one per failing check, and the rest (an assume that fails); just
    ``[(True, [])]`` when a condition reads anything but the parameters (it
    would not hold of every state)."""
    cases: list[tuple[z3.BoolRef, list[tuple[z3.BoolRef, z3.BoolRef]]]] = []
    for guard, value in zip(guards, values):
        for assumed, _ in ite_cases([value]):
            decided = [(a.arg(0), z3.BoolVal(False)) if z3.is_not(a) else (a, z3.BoolVal(True)) for a in assumed]
            cases.append((z3.simplify(z3.And(guard, *assumed)), decided))
    cases += [(z3.simplify(cond), []) for cond in fails]
    cases.append((z3.simplify(z3.Not(z3.Or([c for c, _ in cases]))), []))
    cases = [(c, decided) for c, decided in cases if not z3.is_false(c)]
    names = {str(p) for p in params}
    if any(not constants_of(c) <= names for c, _ in cases):
        return [(z3.BoolVal(True), [])]
    return cases


def _plain_names(facts: z3.BoolRef, systems: list[Case],
                 current: dict[str, z3.ExprRef]) -> tuple[z3.BoolRef, list[Case]]:
    """`facts` and `systems` with each state constant named as its variable (the
    invariant engines read a constant's name as the variable's; a side's carry
    its tag, ``s1!i``)."""
    plain = {n: z3.Const(n, c.sort()) for n, c in current.items()}
    pairs = [(current[n], plain[n]) for n in current]

    def rename(t: z3.ExprRef) -> z3.ExprRef:
        return z3.substitute(t, *pairs) if pairs else t

    out = []
    for case, ts in systems:
        blocks = [dataclasses.replace(blk, guard=rename(blk.guard),
                                      update={n: rename(t) for n, t in blk.update.items()}) for blk in ts.blocks]
        errors = [dataclasses.replace(e, cond=rename(e.cond), reach=rename(e.reach)) for e in ts.errors]
        out.append((rename(case), dataclasses.replace(ts, blocks=blocks, errors=errors, current=plain, prefix="")))
    return rename(facts), out


def _text(loop: Side, invariant: dict[int, z3.BoolRef]) -> str:
    """The invariant per loop head, with the loop side's variable names."""
    names = [(z3.Const(n, c.sort()), z3.Const(loop.display(n), c.sort())) for n, c in loop.current.items()]
    parts = []
    for head, formula in invariant.items():
        where = loop.cfa.loops.get(head)
        shown = z3.substitute(formula, *names) if names else formula
        parts.append(f"[loop at line {where.loc.line if where else head}] "
                     f"{render(readable(shown, [str(new) for _, new in names]))}")
    return "; ".join(parts)
