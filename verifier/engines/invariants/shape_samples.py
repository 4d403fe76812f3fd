"""Shape candidates dropped on sampled states before Houdini: those false at a reachable loop-head state.

`true_on_samples` evaluates each candidate (a z3 formula over a view's state
constants) on the states that concrete runs of the program reached at its loop
head (`sampled_invariants.sample_states`: the interpreter runs the automaton
from its entry on drawn inputs, nondet values and allocation failures, so every
state it records is reachable), and keeps those no state makes false. A
candidate false at a reachable state is no invariant, so Houdini, run on what
is kept, finds the same inductive set with fewer and easier queries; a kept
candidate is still decided by Houdini, and the invariant by its certificate.

A state that breaks the view's own `state_facts` (a variable outside its
range in the integer reading) drops nothing. A candidate with an operation
outside the small set below (integer arithmetic without division, comparisons,
connectives, if-then-else, reading an array variable) is kept undecided.

Evaluating formulas through z3 (a substitution or a model per state) costs
milliseconds per state, more than the Houdini queries it saves; so the
candidates are compiled once, as `attrs` compiles its methods, into the source
of one Python function of a state that returns every candidate's truth value,
each shared subterm computed once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import z3

from .horn import HornView

__all__ = ["true_on_samples"]

States = Mapping[int, list[dict]]

#: Python operators of z3's binary and n-ary operations (Python and z3 integers agree on them)
_BINARY = {z3.Z3_OP_LE: "<=", z3.Z3_OP_LT: "<", z3.Z3_OP_GE: ">=", z3.Z3_OP_GT: ">", z3.Z3_OP_EQ: "=="}
_NARY = {z3.Z3_OP_AND: "and", z3.Z3_OP_OR: "or", z3.Z3_OP_ADD: "+", z3.Z3_OP_SUB: "-", z3.Z3_OP_MUL: "*"}


def true_on_samples(view: HornView, candidates: Mapping[int, list[z3.BoolRef]],
                    states: States) -> dict[int, list[z3.BoolRef]]:
    """Per loop head, the candidates that no sampled state there (of `states`) makes false."""
    names = {term.decl().name(): name for name, term in view.ts.current.items()}
    distinct: dict[int, z3.BoolRef] = {view.state_facts.get_id(): view.state_facts}
    for facts in candidates.values():
        distinct.update((c.get_id(), c) for c in facts)
    terms = list(distinct.values())
    evaluate = _compile(terms, names)
    index = {t.get_id(): i for i, t in enumerate(terms)}
    out = {}
    for head, facts in candidates.items():
        false: set[int] = set()
        for state in states.get(head, []):
            try:
                values = evaluate(state)
            except (KeyError, AttributeError, TypeError):  # a variable the run did not set as the view has it
                continue
            if values[0] is not None and not values[0]:
                continue  # outside the view's facts: not a state of the view
            false.update(i for i, v in enumerate(values) if v is not None and not v)
        out[head] = [c for c in facts if index[c.get_id()] not in false]
    return out


class _Unsupported(Exception):
    """An operation the compiled evaluator does not have."""


def _compile(terms: list[z3.ExprRef], names: Mapping[str, str]) -> Callable[[Mapping], tuple]:
    """A function of a state (variable name -> int or `ArrayValue`) giving each
    of `terms`' value, None for a term with an unsupported operation."""
    code: dict[int, str] = {}
    lines: list[str] = []
    results = []
    for t in terms:
        try:
            results.append(_emit(t, names, code, lines))
        except _Unsupported:
            results.append("None")
    source = "def evaluate(s):\n" + "".join(f"    {line}\n" for line in lines) + \
        f"    return ({''.join(r + ', ' for r in results)})\n"
    scope: dict = {}
    exec(compile(source, "<shape candidates>", "exec"), scope)  # noqa: S102 - our own generated source
    return scope["evaluate"]


def _emit(term: z3.ExprRef, names: Mapping[str, str], code: dict[int, str], lines: list[str]) -> str:
    """The Python expression of `term` (a local of the function for a compound term);
    the assignments of the locals it needs go to `lines` (shared with the other terms)."""
    stack = [(term, False)]
    while stack:
        e, ready = stack.pop()
        key = e.get_id()
        if key in code:
            continue
        if z3.is_int_value(e):
            code[key] = str(e.as_long())
        elif z3.is_true(e) or z3.is_false(e):
            code[key] = str(z3.is_true(e))
        elif not ready:
            stack.append((e, True))
            stack.extend((c, False) for c in e.children())
        else:
            lines.append(f"t{len(lines)} = {_operation(e, names, code)}")
            code[key] = f"t{len(lines) - 1}"
    return code[term.get_id()]


def _operation(e: z3.ExprRef, names: Mapping[str, str], code: dict[int, str]) -> str:
    """`e`'s operation applied to its arguments' expressions (already in `code`)."""
    kind = e.decl().kind()
    args = [code[c.get_id()] for c in e.children()]
    if kind == z3.Z3_OP_UNINTERPRETED and not args and e.decl().name() in names:
        return f"s[{names[e.decl().name()]!r}]"
    if kind in _BINARY and len(args) == 2:
        return f"{args[0]} {_BINARY[kind]} {args[1]}"
    if kind in _NARY and args:
        return f" {_NARY[kind]} ".join(args)
    if kind == z3.Z3_OP_NOT:
        return f"not {args[0]}"
    if kind == z3.Z3_OP_UMINUS:
        return f"-{args[0]}"
    if kind == z3.Z3_OP_IMPLIES:
        return f"not {args[0]} or {args[1]}"
    if kind == z3.Z3_OP_ITE:
        return f"{args[1]} if {args[0]} else {args[2]}"
    if kind == z3.Z3_OP_DISTINCT:
        return f"len({{{', '.join(args)}}}) == {len(args)}"
    if kind == z3.Z3_OP_SELECT and len(args) == 2 and z3.is_const(e.arg(0)):
        return f"{args[0]}.select({args[1]})"
    raise _Unsupported(e.decl().name())
