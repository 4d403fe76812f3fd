"""Confirm the engines' answer for `verify equiv`: replay a difference, re-check a proof.

`confirm_difference` turns a difference into a no only when both functions,
run for real on the input, disagree (and, for a solver's difference, the
interpreter agrees); it counts the inputs near it that differ too.
`confirm_proof` turns a proof into a yes only when z3 (and nobody else)
re-checks its obligations and the background sampler's real runs agree.
Both fill in the `Result` they are given.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from .. import ir
from ..arrays import ArrayValue, shown_inputs
from ..crosscheck.c_harness import uses_memory
from ..deadline import Deadline
from ..registry import UnknownReason
from ..result import Certificate, Counterexample, Result, Verdict
from .effects import Slot, outputs
from .targets import Target

if TYPE_CHECKING:
    from .check import EngineAnswer

__all__ = ["confirm_difference", "confirm_proof", "POLL_S", "REFUTE_WAIT_S"]

#: Inputs explored near a difference.
EXPLORE_EXAMPLES = 30
#: Wall-clock budget for exploring near a difference (both sides side by side).
EXPLORE_BUDGET_S = 0.5
#: Edges the interpreter follows before it calls a run non-terminating (a
#: confirmation of a solver's witness; loops of a few 10^4 iterations fit).
INTERPRET_EDGES = 300_000
#: For a witness of non-termination (a repeated state, which the solver proved),
#: the interpreter only has to agree that the run goes on this long, and the
#: real run that it is still going after this many seconds.
DIVERGE_EDGES = 20_000
DIVERGE_CALL_S = 1.0
#: After a proof, the background sampler may go on until it has run this many
#: inputs to the end on both sides (or REFUTE_WAIT_S has passed).
MIN_REFUTE_INPUTS = 20
#: How often the parent looks at the background sampler while waiting for the engines.
POLL_S = 0.05
#: After a proof (or a timeout), how much longer the sampler may keep trying to refute it.
REFUTE_WAIT_S = 1.0


def confirm_difference(a: Target, b: Target, answer: EngineAnswer, result: Result) -> None:
    """No only if the difference replays: both functions run for real (gcc, CPython)
    on the input and disagree (for a solver's difference, or C's unbounded
    integers, the interpreter must see it too); else unknown with the reason.
    Inputs near it are explored meanwhile (`Counterexample.explored`)."""
    from .real_runs import CALL_TIMEOUT_S, compare_outcomes
    from .sample import run_both

    inputs = dict(answer.inputs or {})
    values = _values(a, inputs)
    call: dict[str, str] = {}
    if any(isinstance(p.type, ir.ArrayType) for p in a.fn.params):  # arrays shown as their elements
        if a.program.language == "python":  # and the Python values the call takes ('ab', [1, 2])
            from ..crosscheck.py_witness import python_witness

            shapes = a.program.replay_facts.get("shapes", {}).get(a.function, {})
            inputs, call = python_witness(a.fn.params, inputs, shapes)
        else:
            inputs = shown_inputs(a.fn.params, inputs)
    cex = Counterexample(inputs=inputs)
    result.counterexample = cex
    unbounded_c = any(t.program.language == "c" and t.program.semantics == "math" for t in (a, b))
    timeout = DIVERGE_CALL_S if answer.diverges else CALL_TIMEOUT_S
    with ThreadPoolExecutor(max_workers=1) as pool:  # the real runs go on while the interpreter runs
        replay = pool.submit(run_both, a, b, [values], timeout, timeout + 1.0)
        ia, ib, agrees, near = _interpret_and_prepare(a, b, answer, values, unbounded_c)
        _, oa, ob = replay.result()[0]
    if not agrees:
        disagreement = f"the interpreter disagrees with {answer.engine}: A {_interp_text(ia)}, B {_interp_text(ib)}"
        result.reason = UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({disagreement})")
        return
    cex.outputs = {"A": oa.summary(), "B": ob.summary()}
    how = " and ".join(sorted({_how(a), _how(b)}))
    if answer.diverges:
        running, other = (oa, ob) if answer.diverges == "A" else (ob, oa)
        confirmed = running.status == "timeout" and other.status in ("return", "fail")
    else:
        confirmed = compare_outcomes(oa, ob) == "differ"
    cex.replay = f"{how}: A {oa.describe()}, B {ob.describe()}"
    if confirmed and unbounded_c and not (_runs_alike(ia, oa) and _runs_alike(ib, ob)):
        confirmed = False  # gcc's fixed-width run is not the unbounded reading on this input
        cex.replay += " (not the --int-semantics math reading: the interpreter says A " \
                      f"{_interp_text(ia)}, B {_interp_text(ib)})"
    if not confirmed:
        result.reason = UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({cex.replay})")
        return
    cex.confirmed = True
    result.verdict = Verdict.NO
    shown = ", ".join(f"{k}={v}" for k, v in (call or inputs).items()) or "no input"
    na, nb = (a.function, b.function) if a.function != b.function else ("A", "B")
    result.message = f"on {shown}: {na} {oa.short()}, {nb} {ob.short()}"
    if answer.diverges:
        ends = "B" if answer.diverges == "A" else "A"
        result.message += (f" ({ends} terminates where {answer.diverges} does not: {answer.diverges} repeats a "
                           f"state and runs forever: a difference in termination, which --partial allows)")
    else:
        cex.explored = _explore(a, b, near)


def confirm_proof(a: Target, b: Target, answer: EngineAnswer, result: Result, deadline: Deadline,
                  sampler, partial: bool) -> None:
    """Yes only if z3 re-checks the proof (and nobody refutes it) by `deadline`
    and no sampled input, run for real, tells the functions apart."""
    from ..crosscheck.recheck import recheck

    check = recheck(answer.proof_smt2, timeout_s=deadline.remaining()) if answer.proof_smt2 else None
    if check is None or check.refuted_by or "z3" not in check.checked_by:
        why = "refuted by " + ", ".join(check.refuted_by) if check and check.refuted_by else "not confirmed"
        result.reason = UnknownReason.INCOMPLETE.describe(f"certificate failed its re-check ({why})")
        if check is not None and not check.refuted_by and deadline.expired():
            result.reason = UnknownReason.TIMEOUT.describe(
                f"the proof was not re-checked within {deadline.seconds:g}s; try a larger --timeout")
        result.message = answer.certificate_text
        return
    until = min(time.monotonic() + REFUTE_WAIT_S, deadline.at)
    while sampler.is_alive() and sampler.decided() < MIN_REFUTE_INPUTS and time.monotonic() < until:
        time.sleep(POLL_S)
    sampler.stop()
    differences = sampler.differences()
    if differences:
        values, x, y = differences[0]
        shown = ", ".join(f"{p.name}={v}" for p, v in zip(a.fn.params, values))
        result.reason = UnknownReason.INCOMPLETE.describe(f"the proof is refuted by running both functions "
                                                          f"(on {shown}: A {x.describe()}, B {y.describe()})")
        return
    notes = list(check.notes) + list(answer.notes)
    if answer.termination:
        notes.insert(0, f"termination: {answer.termination}")
    if sampler.tried():
        notes.append(f"{sampler.tried()} sampled inputs run for real agree")
    result.verdict = Verdict.YES
    result.vacuous = answer.vacuous
    result.certificate = Certificate(answer.certificate_kind, answer.certificate_text, check.checked_by,
                                     "; ".join(notes))
    result.message = "the functions agree on every input" + (" where both end" if partial else "")


def _values(a: Target, inputs: dict[str, int]) -> list[int]:
    """The input as values in parameter order (both functions take it positionally)."""
    return [inputs[p.name] for p in a.fn.params]


def _interpret(target: Target, values: list[int], max_edges: int = 0, slots: list[Slot] = ()):
    """Run the prepared automaton with the interpreter: ("return", value|None, effects),
    ("fail", kind, line), ("runs", None) or ("blocked", None); effects: the final
    values of `slots` (`effects.Output`'s of this side), an array as its meaningful elements."""
    from ..cfa import Check, Edge, build_cfa
    from ..interpret import run_cfa
    from .side_encoding import RETURNED, prepare

    cfa = prepare(build_cfa(target.program, target.function), tuple(v for s in slots for v in s.variables))
    if cfa.ret_var is not None:  # report "no return value" as a failure of a marker check
        before = cfa.node_count
        edges = [Edge(e.src, before if e.dst == cfa.exit else e.dst, e.action, e.line) for e in cfa.edges]
        edges.append(Edge(before, cfa.exit, Check(ir.Var(RETURNED, ir.BOOL), "__noreturn", ir.NOWHERE), 0))
        cfa = dataclasses.replace(cfa, edges=edges, node_count=before + 1)
    params = {p.name: v for p, v in zip(target.fn.params, values)}
    run = run_cfa(cfa, params, lambda site, step, t: 0, max_edges=max_edges or INTERPRET_EDGES)
    if run.failure is not None:
        kind, loc = run.failure
        if kind == "__noreturn":
            return ("return", None, _final(run.final or {}, slots))
        return ("fail", kind, loc.line)
    if run.finished:
        return ("return", run.returned if cfa.ret_var else None, _final(run.final, slots))
    if run.blocked:
        return ("blocked", None)
    return ("runs", None)


def _final(env: dict, slots: list[Slot]) -> tuple:
    """The values of `slots` in the final state `env` (an array: its meaningful elements, as a tuple)."""
    out = []
    for slot in slots:
        value = env.get(slot.name)
        if slot.length is None:
            out.append(value)
            continue
        length = slot.length if isinstance(slot.length, int) else env.get(slot.length, 0)
        out.append(tuple(value.select(i) for i in range(length)) if isinstance(value, ArrayValue) else None)
    return tuple(out)


def _interp_differ(x, y) -> str:
    if x[0] in ("blocked",) or y[0] in ("blocked",):
        return "blocked"
    if x[0] == "runs" or y[0] == "runs":
        return "runs"
    if x[0] == "return" and y[0] == "return":
        return "same" if x[1:] == y[1:] else "differ"
    if x[0] == "fail" and y[0] == "fail":
        return "same" if x[1] == y[1] else "differ"
    return "differ"


def _interpret_and_prepare(a: Target, b: Target, answer: EngineAnswer, values: list[int], unbounded_c: bool):
    """(A's and B's interpreter runs, whether they show the engine's difference,
    the inputs to explore near it): the work done while the real runs go. The
    interpreter (an independent reading of the semantics) runs when a solver's
    difference is to be believed or C's integers are unbounded; else (None, None, True)."""
    ia = ib = None
    agrees = True
    if answer.engine == "bmc" or unbounded_c:  # the interpreter must see the same difference
        budget = DIVERGE_EDGES if answer.diverges else INTERPRET_EDGES
        compared = outputs(a.program, a.function, b.program, b.function).compared
        ia = _interpret(a, values, budget, [o.a for o in compared])
        ib = _interpret(b, values, budget, [o.b for o in compared])
        if answer.diverges:
            other = "B" if answer.diverges == "A" else "A"
            runs = {"A": ia[0] == "runs", "B": ib[0] == "runs"}
            agrees = runs[answer.diverges] and not runs[other]
        else:
            agrees = _interp_differ(ia, ib) == "differ"
    near = _near_candidates(a, b, values) if agrees and not answer.diverges else []
    return ia, ib, agrees, near


def _runs_alike(x, outcome) -> bool:
    """The interpreter's run `x` and the real run `outcome` end the same way (same value or failure kind)."""
    if x[0] == "return":
        return outcome.status == "return" and outcome.value == x[1]
    if x[0] == "fail":
        return outcome.status == "fail" and outcome.failure == x[1]
    return x[0] == "runs" and outcome.status == "timeout"


def _interp_text(x) -> str:
    if x[0] == "return":
        effects = f", leaves {list(x[2])}" if len(x) > 2 and x[2] else ""
        return ("returns no value" if x[1] is None else f"returns {x[1]}") + effects
    if x[0] == "fail":
        return f"fails: {x[1]} at line {x[2]}"
    if x[0] == "runs":
        return "still running"
    return "violates an assumption"


def _how(t: Target) -> str:
    if t.program.language != "c":
        return "python"
    sanitizers = "address,undefined" if uses_memory(t.program) else "undefined"
    return f"gcc{' -fwrapv' if t.program.semantics == 'wrap' else ''} -fsanitize={sanitizers}"


def _near_candidates(a: Target, b: Target, witness: list[int]) -> list[list[int]]:
    """Up to `EXPLORE_EXAMPLES` inputs near the witness (Hypothesis), inside both
    domains, nearest first; none for array inputs (no neighbourhood is sampled)."""
    from .sample import domain_types, in_domain

    types = domain_types(a, b)
    if any(isinstance(t, ir.ArrayType) for t in types.values()):
        return []
    candidates = _near_inputs(types, dict(zip(types, witness)), EXPLORE_EXAMPLES)
    candidates = [c for c in candidates if in_domain(a, b, c) and c != witness]
    candidates.sort(key=lambda c: sum(abs(x - w) for x, w in zip(c, witness)))  # nearest first
    return candidates


def _explore(a: Target, b: Target, candidates: list[list[int]]) -> dict[str, int]:
    """Run the `candidates` near a witness and count those that differ too."""
    from .real_runs import compare_outcomes
    from .sample import SAMPLE_CALL_S, run_both

    if not candidates:
        return {"tried": 0, "failing": 0}
    tried = differ = 0
    for _, x, y in run_both(a, b, candidates, SAMPLE_CALL_S, EXPLORE_BUDGET_S):
        verdict = compare_outcomes(x, y)
        if verdict == "undecided":
            continue
        tried += 1
        differ += verdict == "differ"
    return {"tried": tried, "failing": differ}


def _near_inputs(types: dict[str, ir.Type], witness: dict[str, int], n: int) -> list[list[int]]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from ..crosscheck.explore import near_strategy

    found: list[list[int]] = []
    seen: set[tuple[int, ...]] = set()
    keep = 4 if len(types) > 1 else 0
    strategy = st.tuples(*(near_strategy(t, int(witness[name]), keep) for name, t in types.items()))

    @settings(max_examples=n * 2, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(values):
        key = tuple(values)
        if len(found) < n and key not in seen:
            seen.add(key)
            found.append(list(values))

    if types:
        collect()
    return found
