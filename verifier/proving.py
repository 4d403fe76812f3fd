"""`verify prove`: every check of the selected functions, answered and cross-checked.

For each function the portfolio runs the engines in a worker; then every no
is re-executed by the interpreter and replayed for real (gcc or Python), and
every yes has its certificate re-checked by z3 and cvc5 (both as soon as an
engine finds them, while the others go on: `early_no`, `early_yes`). Anything that does
not survive its cross-check becomes unknown with the reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from . import ir
from .arrays import shown_inputs, zero_of
from .assumptions import assumptions_of, state_assumption
from .bounded_inputs import withhold_bounded_yes
from .pointer_values import show_pointers
from .call_sites import with_call_path
from .cfa import BOUND_CHECK, CfaUnsupported, build_cfa
from .check_sites import CheckKey, CheckSite
from .engines.outcome import BOUNDED_CERTIFICATE, SAMPLING_ENGINE, SUMMARY_ENGINE, CheckOutcome
from .errors import InputError
from .load import load_program
from .config import DEFAULT_CHECKS, DEFAULT_TIMEOUT
from .deadline import Deadline, function_deadline
from .early_no import EarlyNo, stopped_result
from .early_yes import EarlyYes
from .portfolio import analyse, replaceable_by_invariant
from .quick_search import quick_search, typed_quick_no
from .registry import STOPPED_AFTER_FIRST_NO, UnknownReason, applicable_checks
from .result import Certificate, Counterexample, Location, Result, TraceStep, Verdict
from .timeline import mark

if TYPE_CHECKING:
    from .crosscheck.recheck import Recheck

#: Share of the function's deadline the engines get; the rest is for replay
#: and re-checking, so the whole answer arrives within the timeout.
ENGINE_SHARE = 0.8
#: Replaying a counterexample: at least this many edges; and a trace keeps
#: this many states at each end.
REPLAY_MIN_EDGES, TRACE_ENDS = 200_000, 100
#: The refuter's runs leave at least this much of the deadline for re-checking certificates.
RECHECK_RESERVE_S = 0.5
#: How long sampled runs try to refute a function's yes answers (`crosscheck.refute`)
#: (in the background, while certificates are re-checked): this share of the
#: time the engines took, within these bounds (a wall-clock budget: on a loaded machine
#: 0.15 s left too few runs to meet an edge value; on an idle one the refuter mostly ends
#: sooner, after `refute.REFUTE_EXAMPLES` runs).
REFUTE_SHARE, REFUTE_MIN_S, REFUTE_S = 0.5, 0.05, 0.3
#: A sampled run's no that gcc does not replay (under math semantics its ints may overflow before the
#: check fails: bench/nonlinear's geometric_power_wrong) is looked for again by BMC, whose witness is
#: the shortest: for at most this many seconds (CPU of this process, and wall).
WITNESS_RETRY_S = 0.5


def select_functions(program: ir.Program, function: str | None) -> list[str]:
    """`function` if given (it must exist); else `main` for C programs that
    have one; for a Python file with a `main`, `main` and every function it
    does not call (directly or not: a helper such as `reach_error` is checked
    where main calls it, as in C; only `main` when it is unsupported); else
    every function."""
    if function is not None:
        if function not in program.functions:
            known = ", ".join(program.functions) or "none"
            raise InputError(program.path, 0, 0, f"no function named '{function}' (functions: {known})", "usage")
        return [function]
    if program.language == "c" and "main" in program.functions:
        return ["main"]
    if program.language == "python" and "main" in program.functions:
        if program.functions["main"].unsupported:
            return ["main"]  # its calls are unknown: a helper alone would answer for it
        from .call_graph import reachable_functions

        called = reachable_functions(program, "main") - {"main"}
        return [name for name in program.functions if name not in called]
    return list(program.functions)


def prove_paths(paths: Iterable[str], function: str | None = None, checks: tuple[str, ...] = DEFAULT_CHECKS,
                semantics: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                data_model: str | None = None) -> list[Result]:
    """Results for every selected check of every file (input errors raise)."""
    results: list[Result] = []
    for path in paths:
        first = function_deadline(checks, timeout)  # reading and parsing count against the first function
        program = load_program(path, semantics, data_model)
        for i, name in enumerate(select_functions(program, function)):
            deadline = first if i == 0 else function_deadline(checks, timeout)
            results.extend(prove_function(program, name, checks, deadline))
    return results


#: Hears the results decided so far, every other check as unknown (timeout).
Report = Callable[[list[Result]], None]
#: Hears each confirmed no as soon as it is replayed (before the other checks are answered).
OnNo = Callable[[Result], None]


def prove_function(program: ir.Program, name: str, checks: tuple[str, ...], deadline: Deadline,
                   report: Report | None = None, on_no: OnNo | None = None,
                   exit_first: bool = False) -> list[Result]:
    """Results for the checks of one function, by `deadline` (see `function_deadline`).
    `report` hears each step of the way (a worker stopped at the deadline keeps those);
    `on_no` hears each confirmed no as soon as it is replayed. With `exit_first` the
    first confirmed no ends the work: every other check is unknown (``stopped: ...``)."""
    start = time.monotonic()
    fn = program.functions[name]
    target = f"{program.path}:{name}"
    program_checks = tuple(c for c in checks if c != "termination")
    results: list[Result] = []
    if program_checks:
        share = 0.5 if "termination" in checks else 1.0
        termination_open = [Result("termination", target, Location(program.path, fn.loc.line, fn.loc.column),
                                   Verdict.UNKNOWN, reason=_timeout_reason(deadline, "the termination check"))
                            ] if "termination" in checks else []
        partial = None if report is None else (lambda so_far: report(so_far + termination_open))
        results.extend(_program_checks(program, fn, target, program_checks, deadline.share(share), start, partial,
                                       on_no, exit_first))
    if "termination" in checks:
        if exit_first and any(r.verdict == Verdict.NO for r in results):
            results.append(Result("termination", target, Location(program.path, fn.loc.line, fn.loc.column),
                                  Verdict.UNKNOWN, reason=STOPPED_AFTER_FIRST_NO))
        else:
            _preloaded()  # the termination engines fork their own workers
            results.append(_termination(program, name, deadline))
    return results


#: the background imports of the last function's cross-checks (`_preload_in_background`)
_preloading: threading.Thread | None = None


def _preload_in_background(refuting: bool) -> threading.Thread:
    """`_preload_crosschecks` in a thread, so that a no the engines find meanwhile is
    replayed at once (a no needs neither cvc5 nor pysmt). Joined before this process
    forks again (the next function's lanes, the refuter): a fork must not copy an import half done."""
    global _preloading
    _preloading = threading.Thread(target=_preload_quietly, args=(refuting,), daemon=True)
    return _preloading


def preload_crosschecks_ahead() -> None:
    """Start the background imports of a yes's cross-checks (`_preload_in_background`) before the
    first function is reached, e.g. while this worker waits for its file to be parsed (`parse_ahead`)."""
    if _preloading is None:
        _preload_in_background(refuting=False).start()


def _preload_quietly(refuting: bool) -> None:
    """`_preload_crosschecks`; a failure is left to the step that needs the module (it
    imports it again and says what is missing), not printed by the thread."""
    try:
        _preload_crosschecks(refuting)
    except Exception:  # only a head start is lost
        pass


def _preloaded() -> None:
    """Wait for the background imports of `_preload_in_background`, if any."""
    if _preloading is not None and _preloading.ident is not None:  # started
        _preloading.join()


def _program_checks(program, fn: ir.Function, target: str, checks, deadline: Deadline, start,
                    report: Report | None, on_no: OnNo | None = None, exit_first: bool = False) -> list[Result]:
    kinds = applicable_checks(checks, program.language, program.semantics in ("bv", "wrap"))
    unsupported = fn.unsupported
    loc = fn.unsupported_loc if unsupported else fn.loc
    if not unsupported:
        try:
            cfa = build_cfa(program, fn.name)
        except CfaUnsupported as exc:
            unsupported, loc = exc.what, exc.loc
    if unsupported:
        where = Location(program.path, loc.line, loc.column)
        return [Result(kind, target, where, Verdict.UNKNOWN, reason=UnknownReason.UNSUPPORTED.describe(unsupported),
                       time_s=time.monotonic() - start) for kind in kinds]
    if deadline.expired():
        where = Location(program.path, fn.loc.line, fn.loc.column)
        return [Result(kind, target, where, Verdict.UNKNOWN, reason=_timeout_reason(deadline, "reading the function"),
                       time_s=time.monotonic() - start) for kind in kinds]

    def confirm(site, outcome, result, explore_s, on_confirmed) -> None:
        _confirm_no(program, cfa, fn, site, outcome, result, deadline, explore_s, on_confirmed)

    mark(f"control-flow automaton of {fn.name} built")
    early = EarlyNo(kinds, target, program.path, start, confirm, on_no, exit_first)
    # with `exit_first` the first no is what is asked for: a yes is re-checked at the end, if no no came
    # certificates the proof lane may still replace by invariants wait (`EarlyYes.hold`)
    early_yes = None if exit_first else EarlyYes(kinds, deadline, ready=_preloaded,
                                                 hold=replaceable_by_invariant if cfa.loops else None)

    def hear(answer, found) -> bool:
        if early_yes is not None:
            early_yes.hear(answer, found)
        return early.hear(answer, found)
    _preloaded()  # the lanes are forked next
    preload = _preload_in_background(refuting=bool(cfa.loops))
    engines = deadline.share(ENGINE_SHARE)
    if exit_first:  # the first no is what is asked for: its replay need not wait for Python or gcc, and the
        # cross-checks of a yes (cvc5, the refuter) are imported only if no no comes (CPU is scarce); the
        # thread compiling a C harness may still run when lanes are forked: it imports nothing
        from .crosscheck.replay import warm_replay

        warm_replay(program, fn)
    # a shallow bug (or all of loop-free code) is decided here, before a lane costs its start; not with
    # recursion, whose inlined encoding alone can take seconds while the summary lane answers at once
    # a Python function's arguments drawn from its annotations find most of its bugs in milliseconds: tried
    # before the lanes start even with loops (then only those: the sampling lane draws the rest)
    shapes = program.replay_facts.get("shapes", {}).get(fn.name, {}) if program.language == "python" else None
    if exit_first and shapes is not None and not cfa.bounded_recursion:  # before z3 is even imported
        typed = typed_quick_no(cfa, engines, kinds, shapes)
        if typed is not None:
            mark("quick search done (typed inputs, nothing encoded)")
            if early.hear(typed, typed.take_news()):
                typed.stopped = True
                return _settle(program, fn, cfa, target, kinds, typed, None, deadline, start, report, early, None)
        shapes = None  # tried: the quick search goes on with sampled runs and BMC
    # in a C function with loops only sampled runs (`quick_search`): a bug they meet needs no lane's delay
    deep = exit_first or not cfa.loops
    quick = (lambda: quick_search(cfa, engines, kinds, shapes, deep)) if not cfa.bounded_recursion else None

    def while_waiting() -> None:
        early.lanes_running = True
        if not exit_first:
            from .crosscheck.replay import prepare_replay

            prepare_replay(program, fn)  # before the preloading thread starts: the fork copies no half-done import
            preload.start()
            early_yes.start()  # the lanes are forked: a re-check may run now

    # without `exit_first` a no the quick search found is replayed while the lanes run (it stops none of them)
    answer = analyse(program, fn.name, None, engines, has_loops=bool(cfa.loops), while_waiting=while_waiting,
                     recursive=cfa.bounded_recursion, on_outcomes=hear, quick=quick, lanes_first=not exit_first,
                     kinds=kinds)
    mark(f"engines done on {fn.name}" + (" (stopped)" if answer.stopped else ""))
    if early_yes is not None:
        early_yes.release()
    refuter = None
    if cfa.loops and not answer.stopped:
        _preloaded()  # the refuter is forked next
        refuter = _refuter(cfa)
    try:
        return _settle(program, fn, cfa, target, kinds, answer, refuter, deadline, start, report, early, early_yes)
    finally:
        if refuter is not None:
            refuter.close()
        if early_yes is not None:
            early_yes.close()


def _preload_crosschecks(refuting: bool) -> None:
    """Prepare what the cross-checks need (cvc5 and z3's re-check context, slow to set up;
    the refuter when `refuting`) while the engines run in their processes. Hypothesis, the
    slowest, is imported only to explore around a confirmed no (`crosscheck.replay`)."""
    from .crosscheck import recheck

    recheck.preload()

    if refuting:
        from .crosscheck import refute  # noqa: F401


def _settle(program, fn: ir.Function, cfa, target: str, kinds, answer, refuter, deadline: Deadline,
            start: float, report: Report | None = None, early: EarlyNo | None = None,
            early_yes: EarlyYes | None = None) -> list[Result]:
    """Results from the engines' answer: every no replayed (those `early` confirmed
    while the engines ran are kept), every yes re-checked (by `early_yes` while the
    engines ran, where it heard the yes) and (for loops) tried by the
    refuter's sampled runs, as far as `deadline` allows; `report` hears the results after each
    check is settled. When `early` stopped the engines, every other check is unknown (stopped)."""
    confirmed_early = early.results if early is not None else {}
    sites: dict[CheckKey, CheckSite] | None = answer.sites
    if sites is None or (answer.error and not sites):  # no check was even built: one unknown per kind asked for
        where = Location(program.path, fn.loc.line, fn.loc.column)
        reason = _no_sites_reason(answer, deadline)
        return [Result(kind, target, where, Verdict.UNKNOWN, reason=reason, time_s=time.monotonic() - start)
                for kind in kinds]
    # a `bound` check marks where the analysis is incomplete (deep recursion, a bitwise
    # operation read exactly only on bounded values): while one may fail, no yes stands,
    # except a summary proof's (`engines.invariants.summaries`: it does not inline)
    open_bounds = [k for k in sites if k[0] == BOUND_CHECK
                   and (answer.outcomes.get(k) is None or answer.outcomes[k].verdict != Verdict.YES)]
    bound_open = bool(open_bounds)
    failing_bound = next((k for k in open_bounds if answer.outcomes.get(k) is not None
                          and answer.outcomes[k].verdict == Verdict.NO), None)
    elapsed = time.monotonic() - start
    proved = [k for k, o in answer.outcomes.items() if o.verdict == Verdict.YES and k[0] in kinds
              and (not bound_open or o.engine == SUMMARY_ENGINE)]
    budget = min(REFUTE_S, max(REFUTE_MIN_S, REFUTE_SHARE * elapsed), deadline.remaining() - RECHECK_RESERVE_S)
    to_refute = refutable(proved, answer.outcomes)
    if refuter is not None and to_refute and budget >= 0.05 and not answer.stopped:
        refuter.start(to_refute, budget)
    results: dict[CheckKey, Result] = {}
    keys = sorted(k for k in sites if k[0] in kinds)

    def heard() -> None:
        if report is not None:
            report([results[k] if k in results else _left_open(sites[k], target, program.path, deadline)
                    for k in keys])

    # cheap confirmations first: one long certificate must not leave the others unchecked
    for key in sorted(keys, key=lambda k: _confirmation_cost(answer.outcomes.get(k))):
        site = sites[key]
        outcome = answer.outcomes.get(key)
        if key in confirmed_early or answer.stopped:
            results[key] = confirmed_early.get(key) or stopped_result(site, target, program.path)
            heard()
            continue
        result = Result(site.kind, target, Location(program.path, site.loc.line, site.loc.column), Verdict.UNKNOWN,
                        message=with_call_path(site.text, program.replay_facts, fn.name, site.loc.line),
                        time_s=elapsed)
        open_at_deadline = (outcome is not None and outcome.verdict == Verdict.UNKNOWN and answer.timed_out
                            and UnknownReason.of(outcome.reason) is not UnknownReason.UNSUPPORTED)
        if (outcome is None or open_at_deadline) and failing_bound is not None:
            result.reason = _bound_reason(sites[failing_bound])
        elif outcome is None or open_at_deadline:
            result.reason = _unknown_reason(answer, deadline.seconds, _loop_line(cfa, site.loc.line))
        elif outcome.verdict == Verdict.NO:
            _confirm_no(program, cfa, fn, site, outcome, result, deadline)
        elif outcome.verdict == Verdict.YES:
            if bound_open and outcome.engine != SUMMARY_ENGINE:
                result.reason = _bound_reason(sites[open_bounds[0]])
            else:
                _settle_yes(key, outcome, result, deadline, early_yes, bound_open)
        else:
            result.reason = outcome.reason or UnknownReason.INCOMPLETE.describe("no engine decided this check")
        result.time_s = time.monotonic() - start
        results[key] = result
        heard()
    if refuter is not None:
        _apply_refutations(refuter.result(by=deadline.at), results)
    scope = program.replay_facts.get("input_scope", {}).get(fn.name, "")
    assumption = assumptions_of(program, fn)
    for r in results.values():  # those confirmed early too
        r.message = with_call_path(r.message, program.replay_facts, fn.name, r.location.line)
        withhold_bounded_yes(r, scope)
        state_assumption(r, assumption)
    return [results[k] for k in keys]


def refutable(proved: list[CheckKey], outcomes: dict[CheckKey, CheckOutcome]) -> list[CheckKey]:
    """The proved checks worth a refuter's runs: all but those of an exhaustive bounded proof,
    which covers every execution as BMC's proof of loop-free code does (`_refuter`: none is
    run there), re-checked by two solvers the same way."""
    return [k for k in proved if outcomes[k].certificate_kind != BOUNDED_CERTIFICATE]


def _confirmation_cost(outcome: CheckOutcome | None) -> int:
    """How long confirming `outcome` may take, roughly: the size of the certificate
    a yes is re-checked from (answers that need no re-check cost nothing)."""
    if outcome is None or outcome.verdict != Verdict.YES:
        return 0
    return sum(len(text) for text in outcome.proof_smt2)


def _bound_reason(site: CheckSite) -> str:
    """Why a check is unknown while the `bound` check at `site` may fail."""
    return UnknownReason.INCOMPLETE.describe(f"{site.text} (line {site.loc.line}), and that was not proved")


def _left_open(site: CheckSite, target: str, path: str, deadline: Deadline) -> Result:
    """The result of a check whose cross-check had not finished at the deadline."""
    return Result(site.kind, target, Location(path, site.loc.line, site.loc.column), Verdict.UNKNOWN,
                  reason=_timeout_reason(deadline, "cross-checking this answer"), message=site.text)


def _refuter(cfa):
    """A background refuter (sampled runs) for a function with loops (loop-free code
    is proved by exhaustive BMC, re-checked by two solvers), else None."""
    if not cfa.loops:
        return None
    from .crosscheck.refute import BackgroundRefuter

    return BackgroundRefuter(cfa)


def _apply_refutations(refuted: dict, results: dict[CheckKey, Result]) -> None:
    """A yes that a concrete run fails is a bug in verify: it becomes unknown."""
    for key, found in refuted.items():
        result = results.get(key)
        if result is not None and result.verdict == Verdict.YES:
            result.verdict, result.certificate = Verdict.UNKNOWN, None
            result.reason = UnknownReason.INCOMPLETE.describe(f"the proof is refuted by a concrete run with inputs "
                                                              f"{found.params} (a bug in verify; please report it)")


def _no_sites_reason(answer, deadline: Deadline) -> str:
    """Why the engines described no check: stopped at the deadline, or a lane's failure."""
    if answer.timed_out or (answer.sites is None and not answer.error):
        return _timeout_reason(deadline, "encoding the function's checks")
    return answer.error


def _timeout_reason(deadline: Deadline, step: str) -> str:
    """The reason of a check left open because `step` had not finished by the deadline."""
    return UnknownReason.TIMEOUT.describe(
        f"{step} did not finish within {deadline.seconds:g}s (try --timeout {int(deadline.seconds * 4) or 1})")


def _unknown_reason(answer, timeout: float, loop_line: int | None) -> str:
    if answer.timed_out:
        if loop_line is not None:
            return UnknownReason.TIMEOUT.describe(f"no invariant found within {timeout:g}s (loop at line {loop_line}); "
                                                  f"try --timeout {int(timeout * 4)}")
        return UnknownReason.TIMEOUT.describe(
            f"no engine decided this check within {timeout:g}s (try --timeout {int(timeout * 4)})")
    if answer.error:
        return answer.error
    return UnknownReason.INCOMPLETE.describe(f"no proof or counterexample found (BMC explored {answer.bmc_depth + 1} "
                                             "steps; k-induction and the invariant engine did not succeed)")


def _loop_line(cfa, line: int) -> int | None:
    """The line of the loop a check at `line` depends on: the last loop head at
    or before it (the loop it is in, or the one before it), else the first."""
    lines = sorted({loop.loc.line for loop in cfa.loops.values()})
    before = [n for n in lines if n <= line]
    return (before[-1] if before else lines[0]) if lines else None


def _settle_yes(key: CheckKey, outcome: CheckOutcome, result: Result, deadline: Deadline,
                early_yes: EarlyYes | None, bound_open: bool) -> None:
    """`result` from the yes `outcome`: the re-check `early_yes` ran while the engines went on
    (of `outcome`, or of another certificate heard for `key` that stands and passed first),
    else a re-check now (`_confirm_yes`)."""
    settled = None if early_yes is None else early_yes.settled(
        key, outcome, lambda other: not bound_open or other.engine == SUMMARY_ENGINE)
    if settled is None:
        _preloaded()
        _confirm_yes(outcome, result, deadline)
        return
    kept, check = settled
    if check is None:
        result.engine = kept.engine
        result.reason = _timeout_reason(deadline, "re-checking the certificate")
        return
    _apply_recheck(kept, result, deadline, check)


def _confirm_yes(outcome: CheckOutcome, result: Result, deadline: Deadline) -> None:
    """Yes only if z3 re-checks the certificate (and cvc5 does not refute it) by `deadline`."""
    from .crosscheck.recheck import recheck

    result.engine = outcome.engine
    if deadline.expired():
        result.reason = _timeout_reason(deadline, "re-checking the certificate")
        return
    check = recheck(outcome.proof_smt2, timeout_s=deadline.remaining()) if outcome.proof_smt2 else None
    _apply_recheck(outcome, result, deadline, check)


def _apply_recheck(outcome: CheckOutcome, result: Result, deadline: Deadline, check: Recheck | None) -> None:
    """Yes from `outcome` if `check` (its finished re-check, None without obligations) confirms it;
    else unknown with why."""
    result.engine = outcome.engine
    if check is None or check.refuted_by or "z3" not in check.checked_by:
        why = "refuted by " + ", ".join(check.refuted_by) if check and check.refuted_by else "not confirmed"
        result.reason = UnknownReason.INCOMPLETE.describe(f"certificate failed its re-check ({why})")
        z3_ran_out = check is not None and any(n.startswith("z3: no answer within") for n in check.notes)
        if check is not None and not check.refuted_by and (deadline.expired() or z3_ran_out):
            result.reason = _timeout_reason(deadline, "re-checking the certificate")
        return
    note = "; ".join(check.notes)
    result.verdict = Verdict.YES
    result.vacuous = outcome.vacuous
    result.certificate = Certificate(outcome.certificate_kind, outcome.certificate_text, check.checked_by, note)


def _confirm_no(program: ir.Program, cfa, fn: ir.Function, site: CheckSite, outcome: CheckOutcome, result: Result,
                deadline: Deadline, explore_s: float | None = None,
                on_confirmed: Callable[[Result], None] | None = None) -> None:
    """No only if the interpreter and a real run (gcc or Python) both fail the check, by `deadline`;
    `on_confirmed(result)` hears of it before Hypothesis explores around the witness
    (for at most `explore_s` seconds; default: `crosscheck.replay`'s budget)."""
    from .interpret import run_cfa

    w = outcome.witness
    assert w is not None
    result.engine = outcome.engine
    if deadline.expired():
        result.reason = _timeout_reason(deadline, "replaying the counterexample")
        return

    def nondet(site_name: str, step: int, type_: ir.Type) -> int:
        return w.nondet.get(f"{site_name}@{step}", zero_of(type_))

    # between two loop-head passes an execution takes each edge at most once
    run = run_cfa(cfa, w.params, nondet, max_edges=max(REPLAY_MIN_EDGES, (w.steps + 1) * len(cfa.edges)))
    arguments = None
    if program.language == "python":  # nested lists compacted; arguments as CPython shows them
        from .crosscheck.py_witness import python_witness

        inputs, arguments = python_witness(fn.params, w.params,
                                           program.replay_facts.get("shapes", {}).get(fn.name, {}))
    else:
        inputs = shown_inputs(fn.params, w.params)
    objects = program.replay_facts.get("pointer_objects", {}).get(fn.name, {})
    cex = Counterexample(inputs=inputs, nondet=run.nondet, nondet_sources=run.nondet_sources,
                         trace=[TraceStep(line, show_pointers(values, objects)) for line, values in _ends(run.trace)],
                         arguments=arguments or None)
    result.counterexample = cex
    beside = program.language == "c" and run.failed_beside(site.kind, site.loc.line)  # gcc may evaluate ours first
    note = f"; the interpreter, evaluating left to right, failed {run.failure[0]} at this line first" if beside else ""
    if not beside and (run.failure is None or run.failure[0] != site.kind or run.failure[1].line != site.loc.line):
        why = "it ran out of steps" if run.out_of_steps else "the interpreter disagrees with the engine"
        result.reason = UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({why})")
        return
    from .crosscheck.replay import replay_and_explore

    def confirmed_now(detail: str) -> None:
        mark("witness confirmed by a real run")
        cex.confirmed, cex.replay, result.verdict = True, detail + note, Verdict.NO
        if on_confirmed is not None:
            on_confirmed(result)

    mark(f"replaying the {site.kind} witness at line {site.loc.line}")
    confirmed, detail, explored = replay_and_explore(program, fn, inputs, fed_values(run), site.kind, site.loc.line,
                                                     deadline, explore_s, confirmed_now)
    detail += note
    cex.confirmed, cex.replay, cex.explored = confirmed, detail, explored
    mark(f"replay and exploring done: {'confirmed' if confirmed else 'not confirmed'}")
    if confirmed:
        result.verdict = Verdict.NO
    elif deadline.expired():
        result.reason = _timeout_reason(deadline, f"replaying the counterexample ({detail})")
    else:
        result.reason = UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({detail})")
        retry = _bmc_witness(cfa, outcome.key, deadline) if outcome.engine == SAMPLING_ENGINE else None
        if retry is not None:
            mark(f"BMC's witness for {site.kind} at line {site.loc.line} after the sampled one did not replay")
            result.reason = ""
            _confirm_no(program, cfa, fn, site, retry, result, deadline, explore_s, on_confirmed)


def _bmc_witness(cfa, key: CheckKey, deadline: Deadline) -> CheckOutcome | None:
    """BMC's no for check `key` of `cfa`, found in this process within `WITNESS_RETRY_S`; else None."""
    from .encode import encode
    from .engines.safety.bmc import Bmc

    cpu_start, until = time.process_time(), min(deadline.at, time.monotonic() + WITNESS_RETRY_S)
    search = Bmc(encode(cfa), {key})
    while (search.open_keys and not search.finished and time.monotonic() < until
           and time.process_time() - cpu_start < WITNESS_RETRY_S):
        found = search.advance(until).get(key)
        if found is not None:
            return found if found.verdict == Verdict.NO else None
    return None


def fed_values(run) -> list:
    """A run's nondet values that a replay harness feeds, in order: those with a
    place in the source (whether an allocation fails has its call's: the harness's
    `malloc` reads it). The frontend's own choices (a fresh block's contents) have
    none (line 0): a harness cannot feed them, and passing them on would shift every
    later value."""
    if len(run.nondet_sources) != len(run.nondet):
        return list(run.nondet)
    return [v for v, s in zip(run.nondet, run.nondet_sources) if s.line]


def _ends(trace: list, keep: int = TRACE_ENDS) -> list:
    """The first and last `keep` states of a long trace (a deep bug's trace has
    hundreds of thousands); the inputs and nondet values replay the rest."""
    return trace if len(trace) <= 2 * keep else trace[:keep] + trace[-keep:]


def _termination(program: ir.Program, name: str, deadline: Deadline) -> Result:
    """The termination check; the engine's own re-checks and replay come out
    of its share, the rest of `deadline` is margin for their overruns."""
    from .terminating import termination_result

    return termination_result(program, name, ENGINE_SHARE * deadline.remaining())
