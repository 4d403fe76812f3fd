"""Run per-file work in worker processes, each step under a deadline.

`run_tasks` hands one `Task` (a file, and optionally one function of it) at a
time to each of `jobs` forked worker processes. A worker parses the file,
announces its functions, then proves them one by one, sending each function's
results back as soon as they are known (and, while it cross-checks them, what
it has settled so far: a worker stopped then keeps it; and each confirmed no
as soon as it is replayed, `on_found`). With `Task.exit_first` a worker ends its
file's work at the first confirmed no. Each function has one deadline
(`deadline.function_deadline`, from --timeout); reading and parsing the file
count against the first function's. The worker keeps to it itself; the parent
holds it to the same deadline plus a short grace (`Budgets`) to send its
answers. A worker that misses that is killed with everything it started (it
leads its own process group, so the portfolio's solver processes and any
compiler go too, and none is left as a zombie: `reaping`); one that dies is noted.
Either way the checks it had not settled become unknown -- reason
``timeout: ...`` or ``solver: worker crashed ...`` -- and a fresh worker takes
the next task: the run always ends.

Workers are forked with `os.fork` (`forking`: a pipe each way and an end-of-process
sentinel, as `multiprocessing`'s fork context gives them, without loading it before the
first fork; each function's engines run in a child of the worker, `portfolio.analyse`,
which loads it). An exception inside a worker is an internal error (a bug): the
worker ends, the checks of its task it had not settled become unknown (reason
``solver: internal error ...``), `Outcome.internal` keeps its traceback, and the
run goes on with a fresh worker, so every other file is still answered.

`verify prove|terminates` forks its first worker before click loads (`start_spare`): it imports
the engines and the parser on another core while the command reads its options and configuration,
and the run hands it the first task; one no run takes (every answer came from the cache) is killed at exit.

When a run has no task left, its idle workers are told to end and not waited
for (`join_released` collects them, at the latest when the process exits): a
worker lets go of the standard streams first, so that whoever reads the
command's output through a pipe sees its end while the worker's large address
space is still being torn down (some 5 ms for a worker forked from the warm server).
"""

from __future__ import annotations

import atexit
import dataclasses
import math
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from . import method_cache
from .collecting import resume_collecting
from .deadline import function_deadline
from .errors import InputError
from .forking import Forked, channel_pair, wait
from .reaping import adopt_orphans, reap_group
from .registry import STOPPED_AFTER_FIRST_NO, WORKER_CRASHED, UnknownReason, applicable_checks
from .result import Location, Result, Verdict

#: wall-clock seconds a worker may take between one function's answers and the next message
BETWEEN_FUNCTIONS_S = 1.0
#: A worker aims to be done this share of --timeout before the deadline, so that a
#: step it cannot interrupt (a compile, a solver call) seldom makes the parent kill
#: it, which would lose all of that function's answers.
WORKER_MARGIN_SHARE = 0.03


@dataclass(frozen=True)
class Task:
    """Prove `function` (None = the default selection) of the file at `path`."""

    path: str
    function: str | None
    checks: tuple[str, ...]
    semantics: str | None
    timeout: float
    data_model: str | None = None  # C's; None = LP64
    #: the `time.monotonic()` at which the first function's clock started (None: when a worker takes the task)
    clock: float | None = None
    #: stop at the first confirmed no (`verify prove --exit-first`): the file's other checks are unknown (stopped)
    exit_first: bool = False


@dataclass
class Outcome:
    """What became of one task: results, or the input error that stopped it.
    `transient` marks results made up for a stuck or crashed worker."""

    task: Task
    results: list[Result] = field(default_factory=list)
    error: InputError | None = None
    transient: bool = False
    #: the traceback of an internal error (an exception in the worker) that ended the task's work, else ''
    internal: str = ""


@dataclass(frozen=True)
class Budgets:
    """How long past a function's deadline the parent waits for the worker's
    answers before it kills the worker: `grace_share` of --timeout plus `grace_s`."""

    grace_share: float = 0.02
    grace_s: float = 0.1

    def function(self, task: Task, clock: float | None = None) -> float:
        """Wall-clock seconds from now for one function of `task` whose clock
        started at `clock` (default: now), grace included."""
        return function_deadline(task.checks, task.timeout, clock).remaining() + self.grace(task)

    def grace(self, task: Task) -> float:
        """Seconds a worker may take past a deadline to send what it has."""
        return self.grace_share * task.timeout + self.grace_s


Work = Callable[[Task, Callable[[tuple], None]], None]


#: hears, in the parent, each confirmed no a worker found (before its task is done)
OnFound = Callable[[Task, Result], None]


def run_tasks(tasks: list[Task], jobs: int, on_done: Callable[[Outcome], None] | None = None,
              budgets: Budgets = Budgets(), work: Work | None = None, started: float | None = None,
              while_waiting: Callable[[], None] | None = None, on_found: OnFound | None = None) -> list[Outcome]:
    """Outcomes of `tasks` (in the order given), computed by `jobs` workers.

    `work(task, send)` runs in a worker (default: `prove_task`); `on_done` is
    called in this process as each task finishes. With more tasks than workers, the
    files expected to take longest are handed out first (`task_order`; not with
    `Task.exit_first`, where the order given is the order to look for a no in). The tasks handed out first
    count their time from `started` (when the run began; default: now), the
    others from when a worker takes them. `while_waiting` runs in this process
    once a worker has said something of its first task (it parsed the file) and work remains
    (the caller's slow imports, such as the report's, overlap with the work, not with the start
    of a worker and the helper parsing its file, `parse_ahead`). `on_found(task, result)` hears each
    confirmed no as soon as a worker has replayed it."""
    started = time.monotonic() if started is None else started
    join_released()  # an earlier run's workers: long gone, collected now
    if not tasks:
        return []
    order = range(len(tasks))
    if len(tasks) > jobs and not any(t.exit_first for t in tasks):
        from .task_order import longest_first  # here: a run of one file needs none

        order = longest_first([t.path for t in tasks])
    pending = deque((i, tasks[i]) for i in order)
    outcomes: dict[int, Outcome] = {}
    workers: list[_Worker] = []
    count = max(1, min(jobs, len(tasks)))
    with adopt_orphans():
        try:
            if work is None:  # the workers started ahead (`start_spare`) prove
                workers = [_spares.pop() for _ in range(min(count, len(_spares)))]
            work = work or prove_task
            workers += [_Worker(work) for _ in range(count - len(workers))]
            _run(workers, pending, outcomes, budgets, work, on_done, started, while_waiting, on_found)
        finally:
            for w in workers:
                if w.alive and not w.busy:
                    w.release()
                    _released.append(w)
                else:
                    w.stop()
    return [outcomes[i] for i in range(len(tasks))]


#: idle workers told to end when their run finished, not yet waited for
_released: list[_Worker] = []
#: workers started ahead of their first task (`start_spare`), not yet taken by a run
_spares: list[_Worker] = []


def join_released() -> None:
    """Wait for the workers finished runs told to end (and collect what their process groups hold)."""
    while _released:
        _released.pop().stop()


def end_spares() -> None:
    """End the spare workers no run took (`start_spare`)."""
    while _spares:
        _spares.pop().stop(patient=False)


def kill_spares() -> None:
    """Kill the spare workers no run took, with what they started, without waiting (so that the
    standard streams they hold are let go of now); `end_spares` collects them later."""
    for spare in _spares:
        try:
            os.killpg(spare.proc.pid, signal.SIGKILL)
        except OSError:  # no such group yet (it has not called setpgrp) or any more
            spare.proc.kill()


# before multiprocessing's own exit handler (when something loaded it), which would wait for its children unbounded
atexit.register(join_released)
atexit.register(end_spares)


def start_spare(warm: Callable[[], None]) -> None:
    """Fork a worker now for the next `run_tasks` that proves (default work): it runs `warm` (the
    imports the work needs) on another core while this process goes on reading its options and
    configuration. One no run takes (every answer came from the cache) is killed at exit."""
    _spares.append(_Worker(prove_task, warm))


def _run(workers: list[_Worker], pending: deque, outcomes: dict[int, Outcome], budgets: Budgets, work: Work,
         on_done: Callable[[Outcome], None] | None, started: float,
         while_waiting: Callable[[], None] | None = None, on_found: OnFound | None = None) -> None:
    """Hand out `pending` tasks to `workers` until every task has its outcome."""
    assigned = 0
    while pending or any(w.busy for w in workers):
        for i, w in enumerate(workers):
            if not w.busy and pending:
                if not w.alive:
                    if not w.conn.closed:  # else stopped already (given up): its process was killed
                        w.stop()
                    workers[i] = w = _Worker(work)
                w.on_found = on_found
                w.assign(*pending.popleft(), budgets, started if assigned < len(workers) else None)
                assigned += 1
        busy = [w for w in workers if w.busy]
        now = time.monotonic()
        wait_for = max(0.0, min(w.deadline for w in busy) - now)
        ready = wait([o for w in busy for o in (w.conn, w.proc.sentinel)], timeout=wait_for)
        for w in busy:
            finished = None
            if w.conn in ready:
                finished = w.drain(budgets)
            if finished is None and not w.proc.is_alive() and w.busy:
                finished = w.drain(budgets) or w.give_up(_crash_reason(w.proc.exitcode))
            if finished is None and time.monotonic() > w.deadline:
                finished = w.give_up(UnknownReason.TIMEOUT.describe(
                    f"the worker did not finish {w.step} by its deadline (--timeout {w.task.timeout:g}; "
                    f"try --timeout {max(1, int(w.task.timeout * 4))})"))
            if finished is not None:
                index, outcome = finished
                outcomes[index] = outcome
                if on_done is not None:
                    on_done(outcome)
        if while_waiting is not None and ready and any(w.busy for w in workers):
            while_waiting()  # after a worker's first word (its file parsed, maybe by a helper that needed the core)
            while_waiting = None


def prove_task(task: Task, send: Callable[[tuple], None]) -> None:
    """The default work: parse, announce the functions, prove each one."""
    from .load import load_program
    from .parse_ahead import take as take_parsed
    from .proving import preload_crosschecks_ahead, prove_function, select_functions
    from .timeline import mark

    mark(f"worker takes {task.path}")
    margin = WORKER_MARGIN_SHARE * task.timeout
    first = function_deadline(task.checks, task.timeout, task.clock).early(margin)  # parsing counts against it
    try:
        # the cross-checks of a yes are imported while the helper parses (not with -x: a no needs none)
        waiting = None if task.exit_first else preload_crosschecks_ahead
        program = take_parsed(task.path, task.semantics, task.data_model, waiting) or load_program(
            task.path, task.semantics, task.data_model)
        names = select_functions(program, task.function)
        mark(f"parsed {task.path}")
    except InputError as error:
        send(("error", (error.path, error.line, error.column, error.message, error.kind)))
        return
    functions = [(n, program.path, program.functions[n].loc.line, program.functions[n].loc.column) for n in names]
    send(("functions", program.semantics, functions))
    stopped = False
    for i, name in enumerate(names):
        if stopped:  # --exit-first: a confirmed no ended the file's work
            fn = program.functions[name]
            send(("results", name, unknown_results(task, f"{program.path}:{name}", Location(
                program.path, fn.loc.line, fn.loc.column), program.semantics, STOPPED_AFTER_FIRST_NO)))
            continue
        deadline = first if i == 0 else function_deadline(task.checks, task.timeout).early(margin)
        send(("start", name))
        results = prove_function(program, name, task.checks, deadline,
                                 report=lambda so_far, name=name: send(("partial", name, so_far)),
                                 on_no=lambda result, name=name: send(("found", name, result)),
                                 exit_first=task.exit_first)
        mark(f"results of {name} ready")
        send(("results", name, results))
        stopped = task.exit_first and any(r.verdict == Verdict.NO for r in results)


def warm_prover(paths: list[str], termination: bool = False) -> None:
    """Import what `prove_task` needs for `paths` (files, directories, `PATH:FUNC` targets; anything
    else is skipped): the engines, and each language's frontend (with the C grammar's parser);
    with `termination`, the termination engines too. A single C file is parsed meanwhile by a
    helper process (`parse_ahead`, forked by the command just before this worker), and its frontend
    is not imported here. With --exit-first this worker forks the helper, which also builds the
    texts of the replay harnesses (which parse the file again with the grammar's parser,
    `replay_ops`): the replay's modules, Lark among them, are imported before it is forked, and its
    work runs beside the engines' imports here (bench/memory's first bugs, -x, SCHED_FIFO: the
    worker has the program and the harnesses some 35 ms sooner)."""
    import importlib

    from . import parse_ahead

    exit_first = not termination and ("-x" in paths or "--exit-first" in paths)
    ahead = parse_ahead.helper_running()  # forked by the command beside this worker (`parse_ahead.start_for`)
    if not ahead and exit_first and (source := parse_ahead.guess_source(paths)) is not None:
        importlib.import_module("verifier.frontends")  # Lark, as the frontends import it (`frontends`)
        importlib.import_module("verifier.crosscheck.replay_c")
        ahead = parse_ahead.start(source, replay=True, function=parse_ahead.guess_function(paths)) is not None
    importlib.import_module("verifier.proving")
    targets = [p.rpartition(":")[0] if termination and ":" in p else p for p in paths if not p.startswith("-")]
    folders = any(os.path.isdir(p) for p in targets)
    typed_first = exit_first and not folders and all(not p.endswith((".c", ".i", ".h")) for p in targets)
    if not typed_first:  # z3: the engines need it; Python's typed inputs with -x come first without it
        importlib.import_module("verifier.encode")
        import z3

        z3.main_ctx()  # the quick search's context (some 8 ms), made while the file is parsed; lanes inherit it
        if not exit_first:  # the quick search's BMC (with -x, sampled runs find most bugs first)
            importlib.import_module("verifier.engines.safety.bmc")
    c_files = folders or any(p.endswith((".c", ".i", ".h")) for p in targets)
    if not ahead and c_files:
        from .frontends.c_parse import get_parser

        importlib.import_module("verifier.frontends.c")
        get_parser()
    if c_files and exit_first:  # the quick search's sampled runs and the first no's replay: needed at once
        for module in ("crosscheck.replay_c", "crosscheck.replay_tcc", "engines.safety.sampling"):
            importlib.import_module(f"verifier.{module}")
    if folders or any(p.endswith(".py") for p in targets):
        importlib.import_module("verifier.frontends.python")
        for module in ("interpret", "typed_inputs", "crosscheck.py_witness"):  # the typed inputs and their replay
            importlib.import_module(f"verifier.{module}")
    if termination:
        importlib.import_module("verifier.terminating")


# ---- the parent's view of one worker ----------------------------------------------------------


class _Worker:
    def __init__(self, work: Work, warm: Callable[[], None] | None = None) -> None:
        self.conn, child = channel_pair()
        self.proc = Forked(_serve, (child, self.conn, work, warm))
        self.proc.start()
        child.close()
        self.busy = False
        self.task: Task | None = None
        self.index = -1
        self.deadline = math.inf
        self.step = ""
        self.outcome: Outcome | None = None
        self.semantics: str | None = None
        self.functions: list[tuple[str, str, int, int]] | None = None
        self.done: set[str] = set()
        self.partial: dict[str, list[Result]] = {}
        self.found: dict[str, list[Result]] = {}  # confirmed no answers heard, by function
        self.on_found: OnFound | None = None
        self.released = False  # told to end (`release`)

    @property
    def alive(self) -> bool:
        """Can it take a task? Not once stopped, even while its killed process is still
        being torn down (under load that can outlast `stop`'s wait)."""
        return not self.conn.closed and self.proc.is_alive()

    def assign(self, index: int, task: Task, budgets: Budgets, clock: float | None) -> None:
        self.busy, self.task, self.index = True, task, index
        self.outcome = Outcome(task)
        self.functions, self.semantics, self.done, self.partial = None, task.semantics, set(), {}
        self.found = {}
        clock = time.monotonic() if clock is None else clock
        self._arm(budgets.function(task, clock), f"reading and parsing {task.path}")
        try:
            self.conn.send(dataclasses.replace(task, clock=clock))
        except OSError:  # it ended meanwhile: `_run` sees it gone, and the task's checks become unknown
            pass

    def _arm(self, budget: float, step: str) -> None:
        self.step = step
        self.deadline = time.monotonic() + budget

    def drain(self, budgets: Budgets) -> tuple[int, Outcome] | None:
        """Handle every message waiting; the finished task, if it finished."""
        try:
            while self.conn.poll():
                message = self.conn.recv()
                finished = self._handle(message, budgets)
                if finished is not None:
                    return finished
        except (EOFError, OSError):
            return self.give_up(_crash_reason(self._exitcode()))
        return None

    def _handle(self, message: tuple, budgets: Budgets) -> tuple[int, Outcome] | None:
        kind = message[0]
        assert self.task is not None and self.outcome is not None
        if kind == "functions":
            self.semantics, self.functions = message[1], message[2]
        elif kind == "start":
            if self.done:  # the first function's deadline was set when the task was handed over
                self._arm(budgets.function(self.task), f"{self.task.path}:{message[1]}")
            else:
                self.step = f"{self.task.path}:{message[1]}"
        elif kind == "partial":
            self.partial[message[1]] = message[2]
        elif kind == "found":
            self.found.setdefault(message[1], []).append(message[2])
            if self.on_found is not None:
                self.on_found(self.task, message[2])
        elif kind == "results":
            self.outcome.results.extend(message[2])
            self.done.add(message[1])
            self._arm(budgets.grace(self.task) + BETWEEN_FUNCTIONS_S, f"{self.task.path} after {message[1]}")
        elif kind == "error":
            self.outcome.error = InputError(*message[1])
        elif kind == "internal":
            self.outcome.internal = message[2]
            return self.give_up(internal_error_reason(message[1]))
        elif kind == "done":
            return self._finish()
        return None

    def give_up(self, reason: str) -> tuple[int, Outcome]:
        """Kill the worker; the checks it had not answered become unknown with `reason`."""
        assert self.task is not None and self.outcome is not None
        self.stop()
        task = self.task
        self.outcome.transient = True
        if self.functions is None:
            self.outcome.results.extend(unknown_results(task, task.path, Location(task.path), self.semantics, reason))
        for name, path, line, column in self.functions or ():
            if name in self.partial and name not in self.done:  # what it had settled is kept
                kept = _kept(self.partial[name], reason)
            elif name not in self.done:
                kept = unknown_results(task, f"{path}:{name}", Location(path, line, column), self.semantics, reason)
            else:
                continue
            self.outcome.results.extend(_with_found(kept, self.found.get(name, [])))
        return self._finish()

    def _finish(self) -> tuple[int, Outcome]:
        outcome, index = self.outcome, self.index
        assert outcome is not None
        self.busy, self.task, self.outcome, self.deadline = False, None, None, math.inf
        return index, outcome

    def _exitcode(self) -> int | None:
        self.proc.join(0.5)
        return self.proc.exitcode

    def release(self) -> None:
        """Tell the idle worker to end (it lets go of the standard streams at once); no waiting."""
        if not self.released:
            self.released = True
            try:
                self.conn.send(None)
            except OSError:  # ended already
                pass

    def stop(self, patient: bool = True) -> None:
        """End the worker and its process group (solver children, compilers); an idle one is told to
        end first when `patient` (one still warming up is not: it would read that only when done)."""
        if self.proc.pid is None:
            return
        if patient and self.proc.is_alive() and not self.busy:
            self.release()
        if patient and self.released:
            self.proc.join(0.5)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:  # no such group yet (or any more): the worker alone
            pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(2)
        reap_group(self.proc.pid)
        self.conn.close()


def unknown_results(task: Task, target: str, where: Location, semantics: str | None, reason: str) -> list[Result]:
    """An unknown result with `reason` for every check `task` asks about that applies to its language."""
    python = task.path.endswith(".py")
    kinds = applicable_checks(task.checks, "python" if python else "c", not (semantics == "math" or python))
    return [Result(kind, target, where, Verdict.UNKNOWN, reason=reason) for kind in kinds]


def internal_error_reason(exception: str) -> str:
    """The reason of checks an internal error (`exception`: its type and message) left open."""
    first = (exception.splitlines() or [""])[0]
    return UnknownReason.SOLVER.describe(f"internal error ({first[:200]}; please report it)")


def _kept(partial: list[Result], reason: str) -> list[Result]:
    """A stopped worker's last report on a function: what it had settled, and
    the checks it had left open (reason ``timeout: ...``) with `reason` if the
    worker crashed rather than ran out of time."""
    if UnknownReason.of(reason) is UnknownReason.TIMEOUT:
        return partial
    return [dataclasses.replace(r, reason=reason)
            if r.verdict == Verdict.UNKNOWN and UnknownReason.of(r.reason) is UnknownReason.TIMEOUT else r
            for r in partial]


def _with_found(kept: list[Result], found: list[Result]) -> list[Result]:
    """`kept` with each confirmed no of `found` in place of the result of its check
    (added if none is there): a no shown as it was found stays in the report."""
    by_site = {(r.check, r.location): r for r in found}
    merged = [by_site.pop((r.check, r.location), r) for r in kept]
    return merged + list(by_site.values())


def _crash_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    elif exitcode is None:
        how = "ended without an answer"
    else:
        how = f"exit status {exitcode}"
    return f"{WORKER_CRASHED} ({how})"


# ---- the worker's side ------------------------------------------------------------------------


def let_go_of_streams() -> None:
    """Flush the standard streams and point descriptors 0-2 at /dev/null: a reader of this
    process's output through a pipe sees its end without waiting for the process to exit."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or its reader is gone
            pass
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
    except OSError:  # out of descriptors: the reader then sees the end when this process exits
        pass


def _serve(conn, parent_end, work: Work, warm: Callable[[], None] | None = None) -> None:
    """Worker loop: run `warm`, then receive a task, run it, report; None or a closed pipe ends it."""
    parent_end.close()
    try:
        os.setpgrp()  # so the parent can kill this worker with everything it started
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles ^C and kills the group
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's "stop the run" handler
    if warm is not None:
        from .timeline import mark

        mark("spare worker warms up")
        try:
            warm()
        except Exception:  # only a head start is lost: the work imports the module again and says what fails
            pass
        resume_collecting()  # forked while the command loaded its modules without collecting (`cli`)
        mark("spare worker warm")

    def send(message: tuple) -> None:
        try:
            conn.send(message)
        except OSError:  # the parent is gone (BrokenPipeError): end with all this worker started
            os.killpg(os.getpgrp(), signal.SIGKILL)

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            let_go_of_streams()
            from .crosscheck.cvc5_service import detach

            detach()  # the helper serving cvc5 this worker asks, if any: ended
            method_cache.save()  # the dataclass methods this worker compiled, if any, for the next runs
            return
        try:
            work(task, send)
        except Exception as exc:  # a bug: reported as such, never as a verdict
            import traceback  # here: the command forks this worker without it (Lark's helper loads it alone)

            send(("internal", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            return
        send(("done",))
