"""States at loop heads no sampled run reaches, carried over from the loops before them.

A loop behind a long first loop (``for (i = 0; i < 100000; i++) a[i] = 42;`` and then a
loop that reads ``a``) is reached by no sampled run: a run ends long before, so the
guesses have no state to be true of there, and the facts the first loop established
(``forall k < 100000. a[k] == 42``) are never proposed at the second loop's head.

The states that enter such a head are those a block into it leads to from a loop head
whose invariant is known: `bridged_starts` asks z3 for a few of them (models of that
invariant, the state facts and the block's guard, taken through the block's update,
each new one differing from the last in some integer variable), and the sampler runs on
from each (`sample_states(starts=...)`), giving states at that head and the heads after it.
The first elements of each array are asked to be random values where the invariant
allows it (z3 would otherwise fill every array with one value, and a count of the
elements that pass a test would look like a count of all of them).

Nothing here is trusted. A start is a state of the invariant's over-approximation, maybe
one no execution reaches: it can only make a true guess look false (a guess lost); every
guess kept is still checked inductive and its certificate re-checked.
"""

from __future__ import annotations

import random
import time

import z3

from ... import ir
from ...arrays import ArrayValue
from ...encode import Block, TransitionSystem
from ...solver import check
from .horn import HornView, Invariant

__all__ = ["bridged_starts", "Env"]

Env = dict[str, object]

#: Models asked per block into an unreached head, each query at most this long and this
#: many z3 resource units (a quantified prefix fact is decided in a few thousand).
MODELS_PER_BLOCK, QUERY_S, QUERY_RLIMIT = 4, 1.0, 400_000
#: Elements of each array asked to be random (from -`SPREAD` or 0 to `SPREAD`) when the invariant allows.
RANDOM_ELEMENTS, SPREAD = 16, 20
#: An array whose model is neither a constant array with stores nor a function graph is
#: read at this many first indices (the rest: its element at the next index).
READ_INDICES = 64


def bridged_starts(view: HornView, known: Invariant, reached: set[int], deadline: float) -> list[tuple[int, Env]]:
    """(head, state) pairs to run on from: states entering each loop head outside `reached`
    from one in it whose invariant `known` gives (formulas in the view's terms, an integer
    reading); at most `MODELS_PER_BLOCK` per block, what is found by `deadline`."""
    ts = view.ts
    ints = [ts.current[n] for n, t in ts.cfa.variables.items()
            if isinstance(t, (ir.IntType, ir.BoolType)) and n in ts.current]
    rng = random.Random(0)
    starts: list[tuple[int, Env]] = []
    for block in view.loop_blocks():
        if block.src not in reached or block.dst in reached or block.src not in known:
            continue
        facts = [view.state_facts, view.nondet_facts, block.guard, known[block.src]]
        for _ in range(MODELS_PER_BLOCK):
            model = _model(facts, _random_elements(ts, rng), deadline)
            if model is None:
                break
            env = _state_after(model, block, ts)
            if env is None:
                break
            starts.append((block.dst, env))
            if not ints or time.monotonic() >= deadline:
                break
            facts.append(z3.Or([v != model.eval(v, model_completion=True) for v in ints]))
    return starts


def _random_elements(ts: TransitionSystem, rng: random.Random) -> list[z3.BoolRef]:
    """Equalities asking each of the first elements of each array to be a random value."""
    wishes = []
    for name, t in ts.cfa.variables.items():
        if not isinstance(t, ir.ArrayType) or name not in ts.current or not z3.is_array(ts.current[name]):
            continue
        low = 0 if isinstance(t.elem, ir.BoolType) or (t.elem.min is not None and t.elem.min >= 0) else -SPREAD
        high = 1 if isinstance(t.elem, ir.BoolType) else SPREAD
        count = RANDOM_ELEMENTS if t.size is None else min(t.size, RANDOM_ELEMENTS)
        wishes += [ts.current[name][i] == rng.randint(low, high) for i in range(count)]
    return wishes


def _model(facts: list[z3.BoolRef], wishes: list[z3.BoolRef], deadline: float) -> z3.ModelRef | None:
    """A model of `facts`, with `wishes` true if they can be (else without them), None if there
    is none or none is found in time. (A fresh solver each time: z3 decides these quantified
    facts quickly in one, and gives up on them in a solver with pushed scopes or assumptions.)"""
    for extra in ([wishes] if wishes else []) + [[]]:
        solver = z3.Solver()
        solver.add(*facts, *extra)
        answer = check(solver, deadline, cap_s=QUERY_S, rlimit=QUERY_RLIMIT)
        if answer.sat and answer.model is not None:
            return answer.model
    return None


def _state_after(model: z3.ModelRef, block: Block, ts: TransitionSystem) -> Env | None:
    """The state after `block` from the state of `model`, in the sampler's values; None when
    some variable has no value of the sampler's kinds."""
    env: Env = {}
    for name, t in ts.cfa.variables.items():
        if name not in ts.current:
            return None
        value = model.eval(block.update.get(name, ts.current[name]), model_completion=True)
        converted = _array(model, value) if isinstance(t, ir.ArrayType) else _scalar(value)
        if converted is None:
            return None
        env[name] = converted
    return env


def _scalar(value: z3.ExprRef) -> int | None:
    if z3.is_int_value(value):
        return value.as_long()
    if z3.is_true(value) or z3.is_false(value):
        return int(z3.is_true(value))
    return None


def _array(model: z3.ModelRef, value: z3.ExprRef) -> ArrayValue | None:
    """An array term of `model` (stores over a constant array, a function's graph, or any
    other term: read at its first `READ_INDICES` indices) as the sampler's value."""
    stored: dict[int, int] = {}
    while z3.is_store(value):
        index, element = _scalar(value.arg(1)), _scalar(value.arg(2))
        if index is None or element is None:
            return None
        stored.setdefault(index, element)
        value = value.arg(0)
    if z3.is_K(value):
        default = _scalar(value.arg(0))
        return None if default is None else ArrayValue(default, {**stored})
    if z3.is_as_array(value):
        graph = model[z3.get_as_array_func(value)]
        default = _scalar(graph.else_value())
        entries = {_scalar(args[0]): _scalar(element) for *args, element in graph.as_list()[:-1]}
        if default is None or None in entries or None in entries.values():
            return None
        return ArrayValue(default, {**entries, **stored})  # type: ignore[dict-item]
    read = [_scalar(model.eval(value[i], model_completion=True)) for i in range(READ_INDICES + 1)]
    if None in read:
        return None
    return ArrayValue(read[-1], {**dict(enumerate(read[:-1])), **stored})  # type: ignore[arg-type]
