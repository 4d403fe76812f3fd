"""`equiv`: do two functions agree on every input? One `Result`, cross-checked.

The engines run in a worker process (killed at the deadline, so a stuck
solver never hangs a run): shallow unrolling of both functions side by side
(differences, and proofs of loop-free or bounded code), then, for a loop against
a loop-free side, the loop side's polynomial invariant (`closed_form`), then product programs
(lockstep first, or coupling by counting when the sides take different
numbers of steps (`counting`; after lockstep when the sides have different
numbers of loops: a loop split in two or two fused), the m:n schedule that matches how the loops
step, then the others and sequential composition), each solved by Houdini over candidate
facts and Spacer, then deeper unrolling with the time left. Meanwhile a
background sampler runs both functions for real on small, boundary and
Hypothesis-chosen inputs: a difference it sees is real (a C overflow a
thousand iterations deep shows there first) and ends the search.

Then, in this process (`confirm`):

- a solver's difference is re-executed by the interpreter (an independent
  reading of the semantics) and every difference is replayed for real: both
  functions run (a gcc binary, a Python call) on the input and must disagree,
  else the answer is unknown (``incomplete: counterexample did not replay``);
  the real runs go on while the interpreter runs. Hypothesis then runs inputs
  near it and counts how many differ too;
- a proof has its obligations re-checked by z3 and cvc5 (a yes needs z3's
  agreement at least, and nobody refuting it), and the sampled inputs, run
  for real by then (see `confirm.MIN_REFUTE_INPUTS`), must all agree.

What is compared: the value returned (or the kind of failing check), and what
the caller sees besides (`effects.outputs`): arguments changed in place (C
arrays, pointers and struct pointer fields; Python lists of ints), the globals
a C function assigns, a Python function's returned list, tuple or str. A
change that cannot be lined up between the sides (a dict changed in place, a
global only one side keeps) makes agreement an unknown, never a yes.

What is assumed: inputs range over both parameter types (for C/Python, the C
type); two C pointer parameters designate distinct objects (the C frontend's
convention, noted on a yes that relies on it); a C global starts from the
program's initial value (one call of a fresh program); executions where an
``assume`` fails are not compared; a recursion
deeper than the inlining bound is never an agreement; termination counts
where it is decided: a proof needs both sides to end on the same inputs (the
lockstep product, a complete unrolling, or a ranking function for every
loop), and a difference in termination is reported only when the running
side provably repeats a state. A proof of agreement whenever both end,
without the termination part, is an unknown that shows the coupling invariant.

With ``partial`` (``verify equiv --partial``, check ``partial-equivalence``)
the question is equivalence modulo termination: a coupling invariant alone is
the proof (re-checked like any other), and an input where one side runs
forever is no difference. Under total equivalence such an input is a no
whose message says which side terminates where the other does not.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field

from .. import ir
from ..arrays import ArrayValue
from ..assumptions import DISTINCT_POINTERS, distinct_pointers_assumed, state_assumption
from ..config import DEFAULT_TIMEOUT
from ..deadline import Deadline, command_start
from ..errors import AnalysisUnsupported
from ..registry import UnknownReason
from ..result import Location, Result, Verdict
from .confirm import POLL_S, REFUTE_WAIT_S, confirm_difference, confirm_proof
from .effects import outputs, returned_data
from .targets import Target, check_signatures, load_target

__all__ = ["equiv", "compare_targets", "encode_pair", "EngineAnswer", "PARTIAL", "python_data_mismatch"]

#: The check name of equivalence modulo termination (``--partial``): the two
#: functions agree on every input where both end; an input where one ends and
#: the other runs forever is no difference.
PARTIAL = "partial-equivalence"

#: Shallow unrolling before the product programs: most differences show in a
#: few loop iterations, and loop-free functions are decided here.
SHALLOW_DEPTH = 6
SHALLOW_SHARE = 0.15
#: Share of the time left after shallow unrolling given to the product programs
#: (the rest goes to deeper unrolling).
HORN_SHARE = 0.75
#: Share of the product budget for the lockstep product that also shows equal
#: termination (tried first: when it works, no ranking function is needed).
SYNC_SHARE = 0.4
#: Each schedule's share of the product budget, in order (see product.SCHEDULES).
SCHEDULE_SHARES = {"counting": 1.5, "lockstep": 0.9, "2:1": 0.2, "1:2": 0.15, "sequential": 0.2}
#: Share of the time for summaries of recursive functions (`summaries`), tried
#: first when a side recurses (inlining stops at its bound).
SUMMARY_SHARE = 0.6
#: Share of the time for reading a recursion against a loop (`recurrence`), tried
#: first when one side recurses and the other loops.
RECURRENCE_SHARE = 0.6
#: Share of the time left for a loop against a loop-free side (`closed_form`: the
#: loop side's polynomial invariant), tried after shallow unrolling.
CLOSED_FORM_SHARE = 0.4
#: Share of the time left that one side's termination proof may take.
TERMINATION_SHARE = 0.5
#: Wall-clock budget for the background sampling runs (each side, side by side).
SAMPLE_BUDGET_S = 3.0
#: Share of the deadline the engine worker gets; the rest is for the sampler's
#: last word, the re-check of a proof and the replay of a difference.
ENGINE_SHARE = 0.8
#: Extra time the engine worker gets past its deadline to report before it is killed.
GRACE_S = 0.1


#: What the worker's engines import (see `_import_engines`).
ENGINE_MODULES = ("verifier.call_graph", "verifier.equivalence.bounded", "verifier.equivalence.closed_form",
                  "verifier.equivalence.counting",
                  "verifier.equivalence.observe", "verifier.equivalence.pairing", "verifier.equivalence.product",
                  "verifier.equivalence.recurrence", "verifier.equivalence.side_encoding",
                  "verifier.equivalence.termination")


@dataclass
class EngineAnswer:
    """What the worker found (plain data, sent between processes)."""

    status: str = "unknown"  # differ, equal, partial, unknown
    engine: str = ""
    reason: str = ""
    inputs: dict[str, int] | None = None
    diverges: str = ""
    certificate_kind: str = ""
    certificate_text: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    termination: str = ""
    depth: int = -1
    vacuous: bool = False
    notes: list[str] = field(default_factory=list)


def equiv(a_spec: str, b_spec: str, semantics: str | None = None, timeout: float = DEFAULT_TIMEOUT,
          data_model: str | None = None, partial: bool = False) -> list[Result]:
    """Do function A and function B agree on every input? One ``equivalence`` Result
    (``partial-equivalence`` with `partial`: agree on every input where both end).
    `data_model` (``LP64``, the default, or ``ILP32``) applies to C sides.

    `a_spec` is ``PATH[:F]``, `b_spec` ``PATH[:G]`` or ``REV:PATH[:G]`` (the file
    at a git revision). Bad specs, unreadable files and mismatched signatures
    raise `InputError` (kind ``usage`` for the signature). `timeout` counts from
    the command's start (`command_start`): loading both files counts too."""
    start = command_start()
    with tempfile.TemporaryDirectory(prefix="verify-equiv-") as workdir:
        a = load_target(a_spec, semantics, workdir, data_model=data_model)
        b = load_target(b_spec, semantics, workdir, default_function=a.function, data_model=data_model)
        if not (a.fn.unsupported or b.fn.unsupported):  # else the parameters may not be known
            check_signatures(a, b)
        return [compare_targets(a, b, timeout, start, partial)]


def python_data_mismatch(a: Target, b: Target) -> str | None:
    """Why two functions whose parameters include lists, strings, tuples or dicts
    cannot be compared, or None. The IR holds such a parameter in several
    variables (`frontends.python_types.ir_variables`: a list and its length,
    ...): both sides must be Python functions whose parameters have the same
    annotations in the same order, so that the variables line up one to one
    and the real runs can rebuild the same Python values from them."""
    languages = {a.program.language, b.program.language}
    if languages == {"c"}:
        return None
    if languages != {"python"}:  # C/Python: a C array and a Python list are not lined up
        for t in (a, b):
            array = next((p for p in t.fn.params if isinstance(p.type, ir.ArrayType)), None)
            if array is not None:
                return f"array parameter at line {array.loc.line} ({t.display}:{array.loc.line})"
        return None
    shapes_a, shapes_b = (list(t.program.replay_facts.get("shapes", {}).get(t.function, {}).values()) for t in (a, b))
    plain = {"int", "bool"}
    if set(shapes_a) <= plain and set(shapes_b) <= plain:
        return None
    if shapes_a != shapes_b or [p.type for p in a.fn.params] != [p.type for p in b.fn.params]:
        return (f"parameters of different types ({a.function}: {', '.join(shapes_a)}; "
                f"{b.function}: {', '.join(shapes_b)}) at line {a.fn.loc.line}")
    return None


def _program_exit(t: Target) -> ir.Loc | None:
    """Where the function of `t`, or a function it calls, exits the program (C's
    `exit`/`abort`, Python's `sys.exit`); None if nowhere."""
    from verifier.call_graph import reachable_functions
    from verifier.irutil import path_end

    names = {t.function} | reachable_functions(t.program, t.function)
    return next((loc for loc in (path_end(t.program.functions[n].body) for n in sorted(names)) if loc), None)


def compare_targets(a: Target, b: Target, timeout: float, start: float | None = None,
                    partial: bool = False) -> Result:
    """The Result for two loaded targets (signatures already checked); with
    `partial`, equivalence modulo termination (see `PARTIAL`)."""
    from .sample import Sampler

    start = time.monotonic() if start is None else start
    fa = a.fn
    result = Result(PARTIAL if partial else "equivalence", f"{a.name} == {b.name}",
                    Location(a.display, fa.loc.line, fa.loc.column), Verdict.UNKNOWN)
    for t in (a, b):
        if t.fn.unsupported:
            loc = t.fn.unsupported_loc
            result.reason = UnknownReason.UNSUPPORTED.describe(f"{t.fn.unsupported} ({t.display}:{loc.line})")
            result.time_s = time.monotonic() - start
            return result
        if t.function in t.program.replay_facts.get("results", {}) and returned_data(t.program, t.function) is None:
            # the IR keeps a returned list, tuple or str in `effects.RESULT`'s variables: not a nested list or dict
            loc = t.fn.loc
            result.reason = UnknownReason.UNSUPPORTED.describe(
                f"a returned dict, nested list or optional value (function at line {loc.line}, "
                f"{t.display}:{loc.line}): int, bool and None results, lists, tuples and str are compared")
            result.time_s = time.monotonic() - start
            return result
    if (why := python_data_mismatch(a, b)) is not None:
        result.reason = UnknownReason.UNSUPPORTED.describe(why)
        result.time_s = time.monotonic() - start
        return result
    deadline = Deadline(start + timeout, timeout)  # loading both files counted too
    sampler = Sampler(a, b, min(SAMPLE_BUDGET_S, max(0.5, timeout / 2)))
    answer = _run_worker(a, b, deadline.share(ENGINE_SHARE).at, sampler, deadline, partial)
    result.engine = answer.engine
    if answer.status == "differ":
        sampler.stop()
        confirm_difference(a, b, answer, result)
    elif answer.status == "equal" and (exit_loc := _program_exit(a) or _program_exit(b)) is not None:
        sampler.stop()  # the engines compare returns: an input on which a side exits is never compared
        result.reason = UnknownReason.INCOMPLETE.describe(
            f"a program exit (exit, abort, sys.exit) at line {exit_loc.line}: only returns are compared")
    elif answer.status in ("equal", "partial") and (changed := outputs(a.program, a.function, b.program,
                                                                        b.function).missing) is not None:
        sampler.stop()  # what the caller sees of this change is not compared
        name, loc = changed
        result.reason = UnknownReason.INCOMPLETE.describe(
            f"{name} is changed (line {loc.line}) and not compared: only results, arguments changed in place "
            "(C arrays, pointers to scalars or struct fields; Python lists of int or bool), globals both sides "
            "keep and returned lists, tuples and str are compared")
    elif answer.status == "equal":
        confirm_proof(a, b, answer, result, deadline, sampler, partial)
        state_assumption(result, _distinct_objects(a, b))
    else:
        sampler.stop()
        result.reason = answer.reason or UnknownReason.TIMEOUT.describe(f"no proof or difference within {timeout:g}s")
        if answer.status == "partial":
            result.message = (f"equal whenever both end (a yes under --partial); coupling invariant: "
                              f"{answer.certificate_text}")
    result.time_s = time.monotonic() - start
    return result


def _distinct_objects(a: Target, b: Target) -> str:
    """The C frontend's convention a proof about changed arguments rests on (two pointer parameters designate
    distinct objects), when some side has two or more of them and a changed argument is compared; else ''."""
    compared = outputs(a.program, a.function, b.program, b.function).compared
    if not any(o.key.startswith("arg") for o in compared):
        return ""
    if any(distinct_pointers_assumed(t.program, t.fn) for t in (a, b)):
        return DISTINCT_POINTERS
    return ""


# ------------------------------------------------------------------ worker


def _run_worker(a: Target, b: Target, deadline: float, sampler, overall: Deadline,
                partial: bool = False) -> EngineAnswer:
    """The engines' answer; a difference found by `sampler` (started here,
    running meanwhile) ends the search early when the solvers have none."""
    from ..crosscheck.recheck import preload

    _import_engines()
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, a.program, a.function, b.program, b.function, deadline, partial),
                       daemon=True)
    proc.start()
    child.close()
    sampler.start()
    preload()  # cvc5 and z3's re-check context, while the engines run
    best = EngineAnswer(reason="")
    try:
        while True:
            remaining = deadline + GRACE_S - time.monotonic()
            if remaining <= 0:
                best.reason = best.reason or _timeout_reason(best, deadline)
                if best.status not in ("differ", "equal"):
                    best.status = "partial" if best.status == "partial" else "unknown"
                break
            if not parent.poll(min(remaining, POLL_S)):
                if sampler.differences():
                    sampler.stop()
                    return _tested_difference(sampler)
                continue
            try:
                kind, payload = parent.recv()
            except EOFError:
                best.reason = best.reason or UnknownReason.SOLVER.describe("the engine process ended without an answer")
                break
            if kind == "progress":
                best = payload
            elif kind == "final":
                best = payload
                break
        if best.status not in ("differ", "equal"):
            sampler.wait(min(time.monotonic() + REFUTE_WAIT_S, overall.at))
            if sampler.differences():
                return _tested_difference(sampler)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()
    return best


def _import_engines() -> None:
    """Import the engines' modules here, before the worker is forked: a process
    that lives on (`verify`'s server) keeps them, and its next workers start
    with them loaded instead of importing them each time."""
    import importlib

    for name in ENGINE_MODULES:
        importlib.import_module(name)


def _tested_difference(sampler) -> EngineAnswer:
    values, _, _ = sampler.differences()[0]
    inputs = {p.name: ArrayValue.of_list(v) if isinstance(v, list) else v  # a sampled list: as the engines give it
              for p, v in zip(sampler.a.fn.params, values)}
    return EngineAnswer("differ", "testing (Hypothesis)", inputs=inputs, notes=["found by running both functions"])


def _timeout_reason(best: EngineAnswer, deadline: float) -> str:
    depth = f" (unrolled {best.depth + 1} steps without a difference)" if best.depth >= 0 else ""
    return UnknownReason.TIMEOUT.describe(f"no proof or difference in time{depth}; try a larger --timeout")


def _worker(conn, pa: ir.Program, fa: str, pb: ir.Program, fb: str, deadline: float, partial: bool) -> None:
    _without_z3py_checks()
    try:
        answer = run_engines(pa, fa, pb, fb, deadline, lambda ans: conn.send(("progress", ans)), partial)
        conn.send(("final", answer))
    except Exception as exc:  # an unknown with the reason, never a crash of the run
        detail = traceback.format_exc(limit=3).strip().splitlines()[-1]
        reason = UnknownReason.SOLVER.describe(f"{type(exc).__name__}: {exc} [{detail}]")
        conn.send(("final", EngineAnswer(reason=reason)))
    finally:
        conn.close()


def _without_z3py_checks() -> None:
    """Turn off z3py's argument checks in this process (the engine worker), as z3's
    authors advise for speed (Z3Prover/z3#2689: ``Z3_DEBUG = False``, what
    ``python -O`` does): they took about 40% of the engines' time. z3 itself still
    rejects ill-sorted terms, and no answer is taken from this process unchecked:
    a proof is re-checked from its SMT-LIB text (by z3 with the checks on and by
    cvc5) and a difference is replayed."""
    import z3.z3

    z3.z3.Z3_DEBUG = False


def _encode(program: ir.Program, function: str, tag: str, mode: str = "int", observed: tuple[str, ...] = ()):
    """Int encoding when exact (and `mode` is ``int``), else bit-vectors; (side, note)."""
    from ..smt import EncodeUnsupported
    from .side_encoding import encode_side

    if mode == "bv" and program.language == "c":
        return encode_side(program, function, tag, "bv", observed), ""
    try:
        return encode_side(program, function, tag, "int", observed), ""
    except EncodeUnsupported as exc:
        if program.language == "python":
            raise
        note = f"{program.path}:{exc.loc.line}: {exc}; bit-vector encoding used"
        return encode_side(program, function, tag, "bv", observed), note


def encode_pair(pa: ir.Program, fa: str, pb: ir.Program, fb: str):
    """Both sides encoded in one reading (Ints when both read exactly, else
    bit-vectors: comparing an Int with a bit-vector is slow), their `effects.outputs`
    compared with the results; (`Pair`, notes).
    Raises `AnalysisUnsupported` for a function outside the subset."""
    from .pairing import Pair

    found = outputs(pa, fa, pb, fb)
    seen_a, seen_b = tuple(found.variables("A")), tuple(found.variables("B"))
    side_a, note_a = _encode(pa, fa, "1", observed=seen_a)
    side_b, note_b = _encode(pb, fb, "2", observed=seen_b)
    if side_a.mode != side_b.mode:
        side_a, _ = _encode(pa, fa, "1", side_b.mode, seen_a)
        side_b, _ = _encode(pb, fb, "2", side_a.mode, seen_b)
    return Pair(side_a, side_b, found.compared), [n for n in (note_a, note_b) if n]


def run_engines(pa: ir.Program, fa: str, pb: ir.Program, fb: str, deadline: float,
                report=lambda answer: None, partial: bool = False) -> EngineAnswer:
    """The engines, in this process (the worker's body); `report` hears of
    partial answers (how deep unrolling went, a partial proof). With
    `partial` a coupling invariant alone is a proof (no termination part)
    and a side that runs forever is no difference."""
    from .product import SCHEDULES, horn
    from .bounded import bmc
    from .pairing import BOUND_REASON

    from ..call_graph import recursive_functions

    half_proof = None
    from .recurrence import loop_against_recursion

    # the recursion readers and the closed form compare returned values only
    results_only = not outputs(pa, fa, pb, fb).compared
    if results_only and loop_against_recursion(pa, fa, pb, fb):
        # the loop's invariant in terms of the recursive function (summaries read loop-free code only)
        from .recurrence import recurrence_answer

        began = time.monotonic()
        found = recurrence_answer(pa, fa, pb, fb, began + RECURRENCE_SHARE * max(0.0, deadline - began), partial)
        _debug(f"recurrence: {found.status if found else 'none'} in {time.monotonic() - began:.2f}s")
        if found is not None:
            return found
    if results_only and (recursive_functions(pa, fa) or recursive_functions(pb, fb)):
        # recursion: inlining stops at its bound, summaries of both sides may prove it
        from .summaries import summaries_answer

        began = time.monotonic()
        found = summaries_answer(pa, fa, pb, fb, began + SUMMARY_SHARE * max(0.0, deadline - began), deadline,
                                 partial)
        _debug(f"summaries: {found.status if found else 'none'} in {time.monotonic() - began:.2f}s")
        if found is not None and found.status == "equal":
            return found
        if found is not None:
            half_proof = found
            report(half_proof)
    try:
        pair, notes = encode_pair(pa, fa, pb, fb)
    except AnalysisUnsupported as exc:
        return EngineAnswer(reason=UnknownReason.UNSUPPORTED.describe(f"{exc.what} (line {exc.loc.line})"))
    side_a, side_b = pair.a, pair.b
    loops = side_a.has_loops or side_b.has_loops
    if half_proof is not None:
        half_proof.notes = notes

    def from_bmc(ans) -> EngineAnswer | None:
        if ans.status == "differ":
            return EngineAnswer("differ", "bmc", inputs=ans.inputs, diverges=ans.diverges, depth=ans.depth,
                                notes=notes)
        if ans.status == "equal":
            return EngineAnswer("equal", "bmc", certificate_kind="bounded",
                                certificate_text=f"every input is decided within {ans.depth} steps of both "
                                                 "functions (complete unrolling), with equal results",
                                proof_smt2=ans.proof_smt2, termination="complete unrolling", depth=ans.depth,
                                vacuous=ans.reason == "vacuous", notes=notes)
        return None

    total = max(0.0, deadline - time.monotonic())
    shallow = bmc(pair, time.monotonic() + (SHALLOW_SHARE * total if loops else total),
                  max_depth=SHALLOW_DEPTH if loops else 4, lassos=not partial)
    _debug(f"shallow unrolling: {shallow.status} at depth {shallow.depth} after {total - (deadline - time.monotonic()):.2f}s")
    done = from_bmc(shallow)
    if done:
        return done
    report(EngineAnswer(depth=shallow.depth, notes=notes, reason=shallow.reason))

    from .closed_form import closed_form_answer

    began = time.monotonic()
    found = closed_form_answer(pair, began + CLOSED_FORM_SHARE * max(0.0, deadline - began), partial, notes) \
        if results_only else None
    _debug(f"closed form: {found.status if found else 'none'} in {time.monotonic() - began:.2f}s")
    if found is not None and found.status == "equal":
        return found
    if found is not None:
        half_proof = found
        report(half_proof)

    refuted = False
    horn_end = time.monotonic() + HORN_SHARE * max(0.0, deadline - time.monotonic())
    schedules = [s for s in SCHEDULES if not (partial and s.sync)]  # equal ends are not asked for
    for schedule in _schedules(pair, schedules):
        if time.monotonic() >= horn_end:
            break
        began = time.monotonic()
        h = horn(pair, schedule, _slice_end(schedule, horn_end))
        _debug(f"product {schedule.name}{' (sync)' if schedule.sync else ''}: {h.status} "
               f"in {time.monotonic() - began:.2f}s {h.reason}")
        if h.status == "refuted":
            refuted = True
            break
        if h.status != "proved":
            continue
        engine = f"product({h.schedule})+spacer"
        if partial:
            return EngineAnswer("equal", engine, certificate_kind="coupling-invariant", certificate_text=h.text,
                                proof_smt2=h.proof_smt2, depth=shallow.depth, notes=notes,
                                termination="not required (--partial: agreement whenever both end)")
        termination, failed = _termination(h, side_a, side_b, deadline)
        if failed:
            why = UnknownReason.INCOMPLETE.describe(
                f"the functions agree whenever both end (coupling invariant found; a yes under --partial), "
                f"but {failed}")
            half_proof = EngineAnswer("partial", engine, depth=shallow.depth, certificate_kind="coupling-invariant",
                                      certificate_text=h.text, notes=notes, reason=why)
            report(half_proof)
            break
        return EngineAnswer("equal", engine, certificate_kind="coupling-invariant", certificate_text=h.text,
                            proof_smt2=h.proof_smt2, termination=termination, depth=shallow.depth, notes=notes)

    deep = bmc(pair, deadline, start_depth=max(0, shallow.depth + 1), lassos=not partial)
    done = from_bmc(deep)
    if done:
        return done
    if half_proof is not None:
        return half_proof
    steps = max(deep.depth, shallow.depth) + 1
    if pair.bounded:
        return EngineAnswer(depth=steps - 1, notes=notes, reason=f"{BOUND_REASON}; no difference in {steps} steps")
    why = "the product program reaches a disagreement, but unrolling found no input in time" if refuted \
        else "no coupling invariant found"
    return EngineAnswer(depth=steps - 1, notes=notes,
                        reason=UnknownReason.TIMEOUT.describe(f"no proof or difference within the time limit (unrolled "
                                                              f"{steps} steps; {why}); try a larger --timeout"))


def _schedules(pair, schedules) -> list:
    """The schedules in the order to try them: lockstep with equal ends first,
    or, when the sides' step counts fit block weights other than all ones
    (`counting.block_weights`), coupling by counting instead; then, for sides with as
    many loops, the m:n schedule matching how many steps each takes on small
    inputs (2:1 for a loop against the same loop unrolled twice), then the rest."""
    from .counting import block_weights
    from .observe import step_ratio
    from .product import Schedule

    ratio = None
    if len(pair.a.cfa.loops) == len(pair.b.cfa.loops):  # else the extra steps are another loop's
        ratio = step_ratio(pair, time.monotonic() + 0.5)
    _debug(f"steps of A per step of B: {ratio}")
    first = "2:1" if ratio and ratio > 1.6 else "1:2" if ratio and ratio < 0.625 else "lockstep"
    ordered = sorted(schedules, key=lambda s: (not s.sync, s.name != first))
    weights = block_weights(pair, time.monotonic() + 0.5) if pair.a.has_loops or pair.b.has_loops else None
    _debug(f"block weights: {weights}")
    if weights is None or all(w == 1 for _, w in weights[1]):
        return ordered
    # the sides take different numbers of steps on the samples: they cannot end in lockstep
    counting = Schedule("counting", driver=weights[0], counts=weights[1])
    rest = [s for s in ordered if not s.sync]
    if len(pair.a.cfa.loops) != len(pair.b.cfa.loops):
        # a loop split in two (or two fused): lockstep pairs the first loops, the
        # side with a loop left then runs it alone; counting comes next
        return sorted(rest, key=lambda s: s.name != "lockstep")[:1] + [counting] + sorted(
            rest, key=lambda s: s.name != "lockstep")[1:]
    return [counting] + rest


def _debug(text: str) -> None:
    """Engine progress on stderr when VERIFY_EQUIV_DEBUG is set (for tuning the budget shares)."""
    if os.environ.get("VERIFY_EQUIV_DEBUG"):
        print(f"[equiv] {text}", file=sys.stderr, flush=True)


def _slice_end(schedule, horn_end: float) -> float:
    """When the attempt with `schedule` must stop: its share of the product budget left."""
    now = time.monotonic()
    if schedule.sync:
        return now + SYNC_SHARE * (horn_end - now)
    order = list(SCHEDULE_SHARES)
    later = order[order.index(schedule.name):] if schedule.name in order else order
    share = SCHEDULE_SHARES.get(schedule.name, 0.2) / max(sum(SCHEDULE_SHARES[k] for k in later), 0.2)
    return now + share * (horn_end - now)


def _termination(h, side_a, side_b, deadline: float) -> tuple[str, str]:
    """(how both sides are known to end on the same inputs, '') or ('', what is
    missing); ranking-function obligations join `h.proof_smt2`."""
    from .termination import prove_terminates

    if h.sync:
        return "the two functions end at the same step of the lockstep product", ""
    texts = []
    for label, side in (("A", side_a), ("B", side_b)):
        t = prove_terminates(side, time.monotonic() + TERMINATION_SHARE * max(0.0, deadline - time.monotonic()))
        if not t.proved:
            return "", f"termination of {label} was not decided ({t.reason})"
        texts.append(f"{label}: {t.text}")
        h.proof_smt2 += t.proof_smt2
    return "ranking functions: " + "; ".join(texts), ""
