"""Loop-free code decided on the exact integer reading, where bit-vectors are too hard.

A product of two variables is hard for z3's bit-vector solver: it bit-blasts a
multiplier, and the SAT search has to find again that ``s * s >= 0`` (seconds for
a square of a 16-bit value, longer for a 32-bit product). The same question read
over the integers (`int_reading`: every value the number its C variable holds,
every signed operation exact behind its own ``overflow`` check, unsigned ones
wrapped by ``%``) is decided by z3's non-linear arithmetic in milliseconds. BMC
(`bmc.Bmc`) asks it here of the checks of a loop-free function it left behind.

Soundness. On one execution the two readings give the same values up to the
first operation that fails its check (an overflow, a division by zero, a bad
shift: the checks that change values, `VALUE_CHECKS`); past it they may differ.
So the answers are used only when every such check of the function is proved on
this reading first: an execution that met such a failure would meet its first one
with both readings' values still equal, and fail that check here too. With none,
the readings agree on every value, and each check fails on one reading exactly
when it fails on the other.

Bitwise operations. ``a ^ b``, ``a | b`` and ``a & b`` (but a mask) of two values
have no exact reading; a function with them is read on ``int-abstract-bits``
(`int_reading_abstract`), where each result is any value of its type. Every
execution of the exact reading is one of that reading's (the constant taking the
operation's real value), so what is unsatisfiable there, the gate included, is
unsatisfiable on the exact reading too: its yeses stand on the argument above.
Its models may rest on a value the operation never gives, so no no is drawn from
them: such a check is left to the bit-vectors (which then no longer have the
checks decided here to prove, the products among them).

Certificates. A yes is re-checked (by z3 and cvc5, as every yes) from two
formulas of this reading, each unsatisfiable: that no value-changing check fails,
and that this check does not; each holds the entry state, the ranges of every
variable and nondet value, and the function's one step. A no's witness is a model
(every value in its type's range), replayed by the interpreter and a real run as
every other.
"""

from __future__ import annotations

import z3

from ... import ir
from ...cfa import Cfa
from ...encode import CheckKey, TransitionSystem, encode
from ...int_reading import int_range
from ...result import Verdict
from ...smt import EncodeUnsupported, subterms, to_python
from ...solver import check, smt2
from ..outcome import BOUNDED_CERTIFICATE, CheckOutcome, Witness
from .unroll import Unroller

__all__ = ["EXACT_ENGINE", "EXACT_RLIMIT", "VALUE_CHECKS", "decide_exactly", "exact_system", "has_products"]

#: the engine named in these answers
EXACT_ENGINE = "bmc (exact integers)"
#: Checks whose failure makes the readings' values differ from there on.
VALUE_CHECKS = frozenset({"overflow", "div-by-zero", "shift"})
#: Budget (z3 resource units) of each query: the 16- and 32-bit products of
#: bench/competition_c need under 10^6 (some 0.1 s); a query past this is left to the bit-vectors.
EXACT_RLIMIT = 2_000_000
#: After this many queries ran out of budget the rest are left to the bit-vectors too: the
#: reading is weak where it helps least (a wrapped unsigned product is a non-linear ``%``).
MAX_UNDECIDED = 2
#: Larger automata (an inlined recursion's thousands of edges) are not encoded a second time.
MAX_EDGES = 2000
CERTIFICATE_TEXT = ("every path checked exhaustively on exact integers (no loops; every overflow, "
                    "division and shift check proved first)")
#: what a yes on `int-abstract-bits` adds to `CERTIFICATE_TEXT`
ABSTRACT_TEXT = "; each result of '&', '|', '^' any value of its type"


def exact_system(cfa: Cfa) -> TransitionSystem | None:
    """`cfa` encoded on the exact integer reading, when this module applies to it: no loops,
    at most `MAX_EDGES` edges, only integers and booleans (no arrays), some of them fixed-width
    (else the reading is the bit-vectors' own), and every operation with an exact reading but
    bitwise ones (then on the reading `int-abstract-bits`, which over-approximates them); else None."""
    if cfa.loops or len(cfa.edges) > MAX_EDGES:
        return None
    types = list(cfa.variables.values())
    if not all(isinstance(t, (ir.IntType, ir.BoolType)) for t in types):
        return None
    try:
        ts = encode(cfa, "int")
    except EncodeUnsupported:
        try:  # `&`, `|`, `^` of two values: any value of their type (yes answers only)
            ts = encode(cfa, "int-abstract-bits")
        except EncodeUnsupported:
            return None
    types += [info.type for info in ts.nondets.values()]
    if not all(isinstance(t, (ir.IntType, ir.BoolType)) for t in types):
        return None
    if not any(isinstance(t, ir.IntType) and t.bits is not None for t in types):
        return None
    return ts


#: z3's bit-vector operations that bit-blast to a multiplier or divider circuit
_CIRCUITS = frozenset({z3.Z3_OP_BMUL, z3.Z3_OP_BSDIV, z3.Z3_OP_BUDIV, z3.Z3_OP_BSREM, z3.Z3_OP_BUREM,
                       z3.Z3_OP_BSMOD, z3.Z3_OP_BSDIV_I, z3.Z3_OP_BUDIV_I, z3.Z3_OP_BSREM_I, z3.Z3_OP_BUREM_I,
                       z3.Z3_OP_BSMOD_I})


def has_products(ts: TransitionSystem) -> bool:
    """Does `ts` (on bit-vectors) multiply or divide two values neither of which is a constant?"""
    terms = [b.guard for b in ts.blocks] + [t for b in ts.blocks for t in b.update.values()]
    terms += [e.cond for e in ts.errors]
    return any(z3.is_app(t) and t.decl().kind() in _CIRCUITS and not any(z3.is_bv_value(a) for a in t.children())
               for t in subterms(*terms))


def decide_exactly(cfa: Cfa, keys: set[CheckKey], deadline: float) -> dict[CheckKey, CheckOutcome]:
    """Yes or no for the checks of `keys` the exact reading decides, each within
    `EXACT_RLIMIT` (until `MAX_UNDECIDED` were not), when every value-changing check of `cfa` is proved on it first
    (see the module docstring); else nothing."""
    ts = exact_system(cfa)
    if ts is None:
        return {}
    u = Unroller(ts)
    entry = _entry(ts, u)
    solver = z3.Solver()
    solver.add(entry)
    value_keys = {k for k in ts.checks if k[0] in VALUE_CHECKS}
    values_fail = z3.Or([u.error(0, k) for k in value_keys]) if value_keys else z3.BoolVal(False)
    if not check(solver, deadline, values_fail, rlimit=EXACT_RLIMIT).unsat:
        return {}
    gate = smt2(z3.And(entry, values_fail))
    answers: dict[CheckKey, CheckOutcome] = {}
    undecided = 0
    text = CERTIFICATE_TEXT + (ABSTRACT_TEXT if ts.reading != "int" else "")
    for key in sorted(keys):
        if undecided >= MAX_UNDECIDED:
            break
        fails = u.error(0, key)
        answer = check(solver, deadline, fails, rlimit=EXACT_RLIMIT)
        undecided += answer.unknown
        if answer.sat and ts.reading == "int":  # an over-approximation's model proves nothing
            answers[key] = CheckOutcome(key, Verdict.NO, EXACT_ENGINE, witness=_witness(ts, u, answer.model))
        elif answer.unsat:
            reached = check(solver, deadline, u.reach(0, key), rlimit=EXACT_RLIMIT)
            answers[key] = CheckOutcome(key, Verdict.YES, EXACT_ENGINE, certificate_kind=BOUNDED_CERTIFICATE,
                                        certificate_text=text,
                                        proof_smt2=[gate, smt2(z3.And(entry, fails))], vacuous=reached.unsat)
    return answers


def _entry(ts: TransitionSystem, u: Unroller) -> z3.BoolRef:
    """The entry state, every variable and the nondet values of the one step in their types' ranges."""
    state = u.state(0)
    ranges = [int_range(state[name], t) for name, t in ts.variables.items()]
    ranges += [int_range(u.at_step(ts.nondet_const(site), 0), info.type) for site, info in ts.nondets.items()]
    return z3.And(u.init(), *[r for r in ranges if not z3.is_true(r)])


def _witness(ts: TransitionSystem, u: Unroller, model: z3.ModelRef) -> Witness:
    """The parameters and nondet values of `model` (every one in its type's range)."""
    state = u.state(0)
    params = {p.name: to_python(model.eval(state[p.name], model_completion=True), p.type) for p in ts.cfa.params}
    nondet = {f"{site}@0": to_python(model.eval(u.at_step(ts.nondet_const(site), 0), model_completion=True), info.type)
              for site, info in ts.nondets.items()}
    return Witness(params, nondet, 0)
