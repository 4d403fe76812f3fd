"""Run the engines on one function within a deadline, in worker processes.

Up to three lanes run side by side, each in its own forked worker:

- the *search* lane: BMC (bugs, and proofs of loop-free or bounded code)
  interleaved with k-induction on the shallow depths, then deeper BMC;
- the *proof* lane: the invariant engines (`PROOF_ENGINES`), for functions
  with loops;
- the *summaries* lane: function summaries (`engines.invariants.summaries`),
  for functions whose recursion inlining cut off: Spacer on non-linear Horn
  clauses, one predicate pair per function;
- the *sampling* lane: concrete runs on sampled inputs
  (`engines.safety.sampling`), for functions with loops, where it finds bugs too
  deep for BMC (thousands of iterations). It starts after the others have
  had a head start (quick proofs end the run before it costs anything), runs
  a short burst at normal priority, then lowers its CPU priority
  (`SAMPLING_NICE`), so that it mostly uses what the other lanes leave idle.

When the lanes outnumber the CPUs (`available_cpus`), the search lane lowers
its priority once its shallow phase found no bug (`SEARCH_NICE`): the proof
lane then gets the larger share of a core. A search or sampling lane whose
checks all have a definite answer is stopped at once (`lane_is_spent`).

Every lane works on the checks of the kinds asked for only (`wanted`: a run of
``--check bounds`` neither proves nor waits for the overflow checks).

Each lane streams its answers as it finds them (the proof lane each batch of
proofs as its engine certifies it); the first definite answer
for a check wins, and the caller hears each answer as it arrives (`on_outcomes`:
`verify prove` confirms a no then, while the other checks are still open, and
may stop every lane at once). What the caller decided before (`quick_search`:
BMC in this process) is heard first, and only the checks it left open go to
the lanes. The parent stops every lane as soon as every check is
answered, and kills them at the deadline, so a stuck solver never hangs a
run; what was answered before that is kept.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import ir
from .cfa import BOUND_CHECK
from .check_sites import CheckKey
from .deadline import Deadline
from .engines.outcome import BOUNDED_CERTIFICATE, SUMMARY_ENGINE, CheckOutcome
from .errors import AnalysisUnsupported
from .procstat import cpu_seconds
from .registry import UnknownReason
from .result import Verdict
from . import timeline
from .timeline import mark

if TYPE_CHECKING:  # the lanes encode in their own processes (`_worker`): a typed no needs no z3
    from .encode import TransitionSystem

#: Extra wall-clock time a worker is given beyond the check deadline before it
#: is killed: enough to send back its answers, small enough to honour --timeout.
GRACE_FRACTION = 0.03
#: Past that, messages the lanes had already sent are read for at most this long.
DRAIN_S = 0.2

#: Proof engines of the proof lane: (name, "module:function"). Each gets the
#: transition system, the open checks and the deadline, and returns outcomes;
#: it also takes `on_found`, which hears each batch of them as soon as it is certified.
ProofEngine = Callable[..., dict]
PROOF_ENGINES: list[tuple[str, str]] = [("chc", "verifier.engines.invariants.chc:run_chc")]

#: The search lane interleaves BMC with k-induction up to this depth (or this
#: share of the budget), then runs BMC alone.
SHALLOW_SHARE = 0.25
SHALLOW_BMC_DEPTH = 25
#: k-induction's time in the shallow phase is at most BMC's plus this (a bug is not delayed).
KIND_SLACK_S = 0.2

#: Once every check is answered, how long the proof lane may still take to
#: give a loop invariant for a check k-induction proved (invariants read better),
#: and for one with a costly bounded proof (`replaceable_by_invariant`: its re-check
#: would take seconds of CPU, the invariant's milliseconds).
INVARIANT_WAIT_S, COSTLY_BOUNDED_WAIT_S = 0.3, 1.0
#: A bounded (BMC) certificate longer than this (SMT-LIB characters) is worth replacing by
#: a loop invariant: z3 and cvc5 take seconds on an unrolled loop over arrays (bench/memory's
#: array_init_zero: 40k characters, 1.6 CPU seconds, and cvc5 ran out of time), the obligations
#: of an invariant milliseconds. Shorter ones (a few iterations, heap structs: 17-18k, 0.02 s) are cheap.
COSTLY_BOUNDED_CHARS = 20_000

#: The sampling lane waits for this share of the budget (most proofs are
#: done by then), runs at normal priority for `SAMPLING_BURST_SHARE` of what
#: is left (1 s at the default --timeout: some 500k interpreted edges when it
#: shares two cores with the other lanes, enough to reach runs of 10^6
#: edges), then adds `SAMPLING_NICE` to its niceness: its later runs are a
#: long shot that should not slow the solvers down.
#: When the lanes outnumber the CPUs (`lanes_crowd`), the search lane adds this to its
#: niceness once its shallow phase found no bug: its deeper BMC is a long shot
#: next to the proof lane's invariants, which then get the larger share of a core.
SEARCH_NICE = 2

SAMPLING_DELAY_SHARE = 0.1
SAMPLING_BURST_SHARE = 0.15
SAMPLING_NICE = 10
#: Address space the sampling lane's worker may add to what it holds at
#: start: a sampled input can ask for an astronomically large integer (1 << n
#: under math semantics), which should fail fast rather than exhaust memory.
SAMPLING_MEMORY_BYTES = 1 << 30

Report = Callable[[str, object], None]


@dataclass
class PortfolioAnswer:
    """What the engines said: check sites by key (None until a lane has
    described them: the run ended before any check was even built), outcomes
    by key, and why the run ended early if it did (`error`: the reason text
    of a failed lane, ``unsupported: ...`` or ``solver: ...``; `stopped`: the
    caller's `on_outcomes` asked to stop). `news` holds the outcomes merged
    since the caller last took them (`take_news`); `spent` names the lanes stopped
    early because each of their checks was answered (`lane_is_spent`)."""

    sites: dict | None = None
    outcomes: dict = field(default_factory=dict)
    error: str = ""
    timed_out: bool = False
    bmc_depth: int = -1
    stopped: bool = False
    news: dict = field(default_factory=dict)
    spent: list[str] = field(default_factory=list)

    def settled(self) -> bool:
        """Has every check site a definite (yes or no) answer? (The inlining bound's
        sites need none once every other check is a no or a summary proof's yes: neither inlines.)"""
        if self.sites is None:
            return False
        summarized = all(k in self.outcomes and (self.outcomes[k].verdict == Verdict.NO or (
            self.outcomes[k].engine == SUMMARY_ENGINE and self.outcomes[k].verdict == Verdict.YES))
            for k in self.sites if k[0] != "bound")
        return all((k in self.outcomes and self.outcomes[k].verdict in (Verdict.YES, Verdict.NO))
                   or (summarized and k[0] == "bound") for k in self.sites)

    def merge(self, found: dict) -> None:
        """Add outcomes; a definite answer already known is kept (first wins),
        except that a loop invariant replaces a k-induction proof (it reads better) or a
        costly bounded one (`replaceable_by_invariant`: it is re-checked in milliseconds)
        and a summary proof replaces any other yes (only it stands past the inlining bound)."""
        for key, outcome in found.items():
            known = self.outcomes.get(key)
            if known is None or known.verdict not in (Verdict.YES, Verdict.NO) or (
                    replaceable_by_invariant(known) and outcome.verdict == Verdict.YES and outcome.engine == "chc") or (
                    known.verdict == outcome.verdict == Verdict.YES and outcome.engine == SUMMARY_ENGINE):
                self.outcomes[key] = self.news[key] = outcome

    def take_news(self) -> dict:
        """The outcomes merged since the last call, by key."""
        news, self.news = self.news, {}
        return news

    def invariant_wait(self) -> float:
        """How long the proof lane may still run, once every check is answered, for an invariant
        to replace a proof (`replaceable_by_invariant`, `INVARIANT_WAIT_S`); 0 when none would."""
        return max((INVARIANT_WAIT_S if o.engine == "k-induction" else COSTLY_BOUNDED_WAIT_S
                    for o in self.outcomes.values() if replaceable_by_invariant(o)), default=0.0)


def replaceable_by_invariant(outcome: CheckOutcome) -> bool:
    """Would a loop invariant from the proof lane replace this yes (`PortfolioAnswer.merge`)?
    A k-induction proof's (an invariant reads better), and a bounded proof's whose certificate is
    longer than `COSTLY_BOUNDED_CHARS` (an invariant is much cheaper to re-check)."""
    return outcome.verdict == Verdict.YES and (outcome.engine == "k-induction" or (
        outcome.certificate_kind == BOUNDED_CERTIFICATE
        and sum(len(text) for text in outcome.proof_smt2) > COSTLY_BOUNDED_CHARS))


#: Hears the outcomes just merged into the answer (by key); True stops every lane at once.
OnOutcomes = Callable[[PortfolioAnswer, dict], bool]


def analyse(program: ir.Program, function: str, keys: set[CheckKey] | None, deadline: Deadline,
            has_loops: bool = True, while_waiting: Callable[[], None] | None = None,
            recursive: bool = False, on_outcomes: OnOutcomes | None = None,
            quick: Callable[[], PortfolioAnswer] | None = None, lanes_first: bool = False,
            kinds: Collection[str] | None = None) -> PortfolioAnswer:
    """Engine outcomes for the checks of `function` (all of them if `keys` is None) of `kinds` (all
    kinds if None; the inlining bound's always: `wanted`), by `deadline`: no lane works on, and the
    run waits for, a check nobody asked about (each check's answer is its own: the error exits of
    the others stay in the transition system as they are).

    The proof and sampling lanes are started only when `has_loops` (loop-free
    code is decided by BMC alone); the summaries lane only when `recursive`
    (inlining cut the recursion off; the run then waits for that lane, since the
    other lanes' yes answers do not stand). `while_waiting` runs in this process once the
    lanes have started (the caller's own preparation, such as slow imports).
    `on_outcomes` hears, in this process, each batch of outcomes as it is
    merged; when it returns True every lane is stopped (`answer.stopped`).
    `quick` (`quick_search`: BMC in this process) runs first, in place of the
    search lane's first depths (with `lanes_first` the sampling lane, which waits
    before it samples, is started before it): `on_outcomes` hears what it decided, and the
    other lanes are forked after it, the search lane for the checks it left
    open, unless that stopped the run or settled every check; with `lanes_first`
    they are forked before `on_outcomes` hears it (the replay of its no then
    overlaps them, but cannot stop them before they start). Answers found
    before a timeout are kept."""
    lanes = [run_search_lane]
    if has_loops:
        lanes += ([run_proof_lane] if PROOF_ENGINES else []) + [run_sampling_lane]
    if recursive:
        lanes.append(run_summary_lane)
    crowded = lanes_crowd(lanes, available_cpus())
    limit = deadline.at + GRACE_FRACTION * deadline.remaining() + 0.05
    workers, lanes_of, keys_of = {}, {}, {}
    settled_at: float | None = None

    def fork(lane, lane_keys: set[CheckKey] | None) -> None:
        import multiprocessing as mp  # here: loop-free code forks no lane (`verify prove`'s worker never loads it)

        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(child, lane, program, function, lane_keys, deadline, crowded,
                                                 kinds), daemon=True)
        proc.start()
        child.close()
        workers[parent], lanes_of[parent], keys_of[parent] = proc, lane, lane_keys

    answer = PortfolioAnswer()
    search_keys = keys
    if quick is not None:
        if run_sampling_lane in lanes and lanes_first:  # it waits before it samples: started now, it slows
            # nothing down; else a quick no may stop the run before any lane is needed (no fork, no kill)
            fork(run_sampling_lane, keys)
            lanes.remove(run_sampling_lane)
        answer = quick()
        if answer.sites is not None:
            answer.sites = {k: v for k, v in answer.sites.items() if wanted(k, kinds)}
        mark(f"quick search done (BMC depth {answer.bmc_depth})")
        if not lanes_first and on_outcomes is not None and answer.news and on_outcomes(answer, answer.take_news()):
            answer.stopped = True
        if answer.stopped or (answer.sites is not None and answer.settled() and not recursive):
            lanes = []  # nothing is left for the other lanes
        elif answer.sites is not None:  # else it could not even encode: the search lane says why
            decided = {k for k, o in answer.outcomes.items() if o.verdict in (Verdict.YES, Verdict.NO)}
            search_keys = {k for k in answer.sites if (keys is None or k in keys) and k not in decided}
    for lane in lanes:
        fork(lane, search_keys if lane is run_search_lane else keys)
    mark(f"{len(workers)} lanes started")
    if lanes_first and on_outcomes is not None and answer.news and on_outcomes(answer, answer.take_news()):
        answer.stopped = True
    if while_waiting is not None:
        while_waiting()
        mark("done preparing while the lanes run")
    running = set(workers) if not answer.stopped else set()
    proof = {conn for conn, lane in lanes_of.items() if lane is run_proof_lane}
    summaries = {conn for conn, lane in lanes_of.items() if lane is run_summary_lane}
    while running:
        end = limit
        if answer.settled() and not summaries & running:
            # done, unless the proof lane may still turn a proof into an invariant
            if not (answer.invariant_wait() and proof & running):
                break
            settled_at = settled_at or time.monotonic()
            end = min(limit, settled_at + answer.invariant_wait())
        else:
            settled_at = None
        # past the end, what the lanes have already sent is still read: answers found in time are kept
        from multiprocessing.connection import wait

        ready = wait(list(running), timeout=max(0.0, end - time.monotonic()))
        for conn in ready:
            if not _receive(conn, answer):
                running.discard(conn)
        for conn in [c for c in running if lane_is_spent(lanes_of[c], keys_of[c], answer)]:
            answer.spent.append(lanes_of[conn].__name__)
            mark(f"{lanes_of[conn].__name__} stopped: its checks are answered")
            workers[conn].kill()  # its CPU goes to the lanes still at work
            running.discard(conn)
        if answer.news and timeline.ENABLED:
            mark(f"heard {', '.join(f'{k[0]}@{k[1]}={o.verdict.value} ({o.engine})' for k, o in answer.news.items())}")
        if on_outcomes is not None and answer.news and on_outcomes(answer, answer.take_news()):
            answer.stopped = True
            break
        if not ready or time.monotonic() > limit + DRAIN_S:
            break
    answer.timed_out = (bool(running) or deadline.expired()) and not answer.settled() and not answer.stopped
    if timeline.ENABLED:
        mark("lane cpu " + ", ".join(f"{lane.__name__}={cpu_seconds(workers[conn].pid):.2f}s"
                                     for conn, lane in lanes_of.items()))
    mark("stopping the lanes")
    for proc in workers.values():  # all at once: each takes a while to die under load
        if proc.is_alive():
            proc.kill()
    for conn, proc in workers.items():
        proc.join(1)
        conn.close()
    return answer


def wanted(key: CheckKey, kinds: Collection[str] | None) -> bool:
    """Is check `key` one of `kinds` (None: any), or the inlining bound's (wanted whatever is
    asked: while it may fail, the other checks' yes answers do not stand)?"""
    return kinds is None or key[0] in kinds or key[0] == BOUND_CHECK


def asked(key: CheckKey, keys: set[CheckKey] | None, kinds: Collection[str] | None) -> bool:
    """Is check `key` one a lane works on: among `keys` (None: all) and `wanted` of `kinds`, or the
    inlining bound's?"""
    return (keys is None or key in keys or key[0] == BOUND_CHECK) and wanted(key, kinds)


def lane_is_spent(lane: Callable, lane_keys: set[CheckKey] | None, answer: PortfolioAnswer) -> bool:
    """Can `lane` (given `lane_keys`, None for all) change `answer` no more? True for the search
    and sampling lanes once each of their checks has a definite answer: the first definite
    answer stands, and neither lane's (a no, a k-induction yes) replaces another's."""
    if lane not in (run_search_lane, run_sampling_lane) or answer.sites is None:
        return False
    wanted = [k for k in answer.sites if lane_keys is None or k in lane_keys]
    return all(k in answer.outcomes and answer.outcomes[k].verdict in (Verdict.YES, Verdict.NO) for k in wanted)


def _receive(conn, answer: PortfolioAnswer) -> bool:
    """Read one message from a lane into `answer`; False once the lane is over."""
    try:
        kind, payload = conn.recv()
    except (EOFError, OSError):
        answer.error = answer.error or UnknownReason.SOLVER.describe("the solver process ended without an answer")
        return False
    if kind == "sites":
        if answer.sites is None:
            answer.sites = payload
    elif kind == "outcomes":
        answer.merge(payload)
    elif kind == "depth":
        answer.bmc_depth = max(answer.bmc_depth, payload)
    elif kind == "error":
        answer.error = answer.error or payload
        return False
    return kind != "done"


def available_cpus() -> int:
    """How many CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lanes_crowd(lanes: list[Callable], cpus: int) -> bool:
    """Do `lanes` outnumber `cpus` while a proof lane is among them (the search lane then
    yields to it after its shallow phase, `SEARCH_NICE`)?"""
    return run_proof_lane in lanes and len(lanes) > cpus


def _lower_priority(by: int) -> Callable[[], None]:
    """A callback that adds `by` to this process's niceness (where the OS allows)."""
    def lower() -> None:
        with contextlib.suppress(OSError):
            os.nice(by)
    return lower


def _worker(conn, lane, program: ir.Program, function: str, keys, deadline: Deadline, crowded: bool = False,
            kinds: Collection[str] | None = None) -> None:
    try:
        if lane is run_sampling_lane:
            _cap_memory()
            time.sleep(SAMPLING_DELAY_SHARE * deadline.remaining())
        if lane is run_summary_lane:  # summaries read the program, not the inlined system
            run_summary_lane(program, function, keys, deadline.at, lambda kind, data: conn.send((kind, data)), kinds)
        else:
            ts, open_keys = _prepare(program, function, keys, lambda kind, data: conn.send((kind, data)), kinds)
            mark(f"{lane.__name__} encoded {function}")
            send = (lambda kind, data: conn.send((kind, data)))
            if lane is run_search_lane and crowded:
                lane(ts, open_keys, deadline.at, send, after_shallow=_lower_priority(SEARCH_NICE))
            else:
                lane(ts, open_keys, deadline.at, send)
        conn.send(("done", None))
    except AnalysisUnsupported as exc:  # the function is outside what the engines read
        conn.send(("error", UnknownReason.UNSUPPORTED.describe(exc.what)))
    except Exception as exc:  # reported as an unknown, never a crash of the run
        conn.send(("error", UnknownReason.SOLVER.describe(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _cap_memory() -> None:
    """Let this worker's address space grow by `SAMPLING_MEMORY_BYTES` at most (where the OS allows)."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            held = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = held + SAMPLING_MEMORY_BYTES
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass


def _prepare(program: ir.Program, function: str, keys: set[CheckKey] | None,
             report: Report, kinds: Collection[str] | None = None) -> tuple[TransitionSystem, set[CheckKey]]:
    """The function's transition system and the checks wanted of it (`keys`, None for all, of
    `kinds`: `wanted`), reported as sites."""
    from .cfa import build_cfa
    from .encode import encode

    ts = encode(build_cfa(program, function))
    open_keys = {k for k in ts.checks if asked(k, keys, kinds)}
    report("sites", {k: v for k, v in ts.checks.items() if k in open_keys})
    return ts, open_keys


def run_engines(program: ir.Program, function: str, keys: set[CheckKey] | None, deadline: float,
                report: Report | None = None) -> PortfolioAnswer:
    """The search and proof lanes in sequence, in this process (for tests and debugging)."""
    answer = PortfolioAnswer()

    def collect(kind: str, data) -> None:
        if kind == "sites":
            answer.sites = data
        elif kind == "outcomes":
            answer.merge(data)
        elif kind == "depth":
            answer.bmc_depth = max(answer.bmc_depth, data)
        if report is not None:
            report(kind, data)

    ts, open_keys = _prepare(program, function, keys, collect)
    middle = time.monotonic() + 0.5 * max(0.0, deadline - time.monotonic())
    run_search_lane(ts, set(open_keys), middle, collect)
    run_proof_lane(ts, {k for k in open_keys if k not in answer.outcomes}, deadline, collect)
    return answer


def run_search_lane(ts: TransitionSystem, open_keys: set[CheckKey], deadline: float, report: Report,
                    after_shallow: Callable[[], None] | None = None) -> None:
    """BMC interleaved with k-induction (k = depth + 1) on the shallow depths, then BMC alone;
    `after_shallow` runs between the two when checks are still open (a worker lowers its priority)."""
    from .engines.safety.bmc import Bmc
    from .engines.safety.kinduction import MAX_K, KInduction

    def settle(found: dict) -> None:
        open_keys.difference_update(found)
        bmc.open_keys &= open_keys
        if found:
            report("outcomes", found)

    bmc, kind = Bmc(ts, open_keys), KInduction(ts)
    shallow_end = time.monotonic() + SHALLOW_SHARE * max(0.0, deadline - time.monotonic())
    spent_bmc = spent_kind = 0.0
    while open_keys and not bmc.finished and bmc.depth < SHALLOW_BMC_DEPTH and time.monotonic() < shallow_end:
        t0 = time.monotonic()
        settle(bmc.advance(shallow_end))
        spent_bmc += time.monotonic() - t0
        # loop-free code: BMC completes; k-induction never takes much more than BMC's time (a bug is not delayed)
        allowance = spent_bmc + KIND_SLACK_S - spent_kind
        if open_keys and ts.cfa.loops and bmc.depth <= MAX_K and allowance > 0:
            t0 = time.monotonic()
            based = {k for k in open_keys if bmc.checked_for(k) >= bmc.depth - 1}  # a hard check holds no other back
            settle(kind.try_k(bmc.depth, based, bmc.depth - 1, min(shallow_end, t0 + allowance)))
            spent_kind += time.monotonic() - t0
    report("depth", bmc.checked)
    if after_shallow is not None and open_keys and not bmc.finished:
        mark(f"search lane past its shallow phase at depth {bmc.checked}")
        after_shallow()
    while open_keys and not bmc.finished and time.monotonic() < deadline:
        settle(bmc.advance(deadline))
        report("depth", bmc.checked)


def run_proof_lane(ts: TransitionSystem, open_keys: set[CheckKey], deadline: float, report: Report) -> None:
    """The invariant engines in turn, each on the checks still open."""
    import importlib

    for _name, path in PROOF_ENGINES:
        if not open_keys or time.monotonic() >= deadline or not ts.cfa.loops:
            break
        module, attr = path.split(":")
        engine = getattr(importlib.import_module(module), attr)

        def stream(found: dict) -> None:  # each proof is heard when certified, not at the engine's end
            found = {k: o for k, o in found.items() if k in open_keys}
            open_keys.difference_update(found)
            if found:
                report("outcomes", found)

        stream(engine(ts, set(open_keys), deadline, on_found=stream))


def run_sampling_lane(ts: TransitionSystem, open_keys: set[CheckKey], deadline: float, report: Report) -> None:
    """Concrete runs on sampled inputs, reporting each failing check as it is found;
    after its burst (`SAMPLING_BURST_SHARE`) the process lowers its own priority,
    so this lane belongs in a worker of its own."""
    from .engines.safety.sampling import run_sampling

    if not ts.cfa.loops:
        return
    calm_at: float | None = time.monotonic() + SAMPLING_BURST_SHARE * max(0.0, deadline - time.monotonic())

    def pace() -> None:  # once the burst is over, lower this worker's priority
        nonlocal calm_at
        if calm_at is not None and time.monotonic() >= calm_at:
            calm_at = None
            with contextlib.suppress(OSError):
                os.nice(SAMPLING_NICE)

    run_sampling(ts, set(open_keys), deadline, on_found=lambda found: report("outcomes", found), pace=pace)


def run_summary_lane(program: ir.Program, function: str, keys: set[CheckKey] | None, deadline: float,
                     report: Report, kinds: Collection[str] | None = None) -> None:
    """Function summaries (`engines.invariants.summaries`) for `keys` (all checks if None) of `kinds`.
    Its check sites are sent after the proofs: they count only when the inlined
    encoding of the other lanes has not described the checks by then."""
    from .engines.invariants.summaries import check_sites, run_summaries

    found = {k: o for k, o in run_summaries(program, function, keys, deadline).items() if wanted(k, kinds)}
    sites = {k: v for k, v in check_sites(program, function).items() if asked(k, keys, kinds)}
    if sites:
        report("sites", sites)
    if found:
        report("outcomes", found)
