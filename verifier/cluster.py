"""Run per-file and per-check tasks on an existing Dask distributed cluster (`--scheduler ADDRESS`).

The cache stays in this process (`per_file` looks answers up before anything
is submitted and stores them after); only uncached work goes to the cluster.
The client keeps at most one task in flight per worker thread, so a task
starts as it is submitted, and waits for each one no longer than its own
deadline (`bound`): a task not back by then is unknown (``timeout: ...``),
one whose worker died or that raised is unknown (``solver: worker lost ...``);
neither is ever a yes, and neither is cached.

Program tasks (`verify prove`, `terminates`) are split per function here (the
file is parsed once in this process to list them), so each task has one
function's deadline. On the worker each runs in a fresh process
(``python -m verifier.cluster``) that runs `parallel.run_tasks` exactly as a
local run does: the same deadlines, the kill of a stuck prover with all its
solver children, and a Dask worker (a daemonic process, which may not fork
non-daemonic children itself) that a crashing solver cannot take down.
Policy files (`answer_many`) run in the worker's own process: their deadline
is cooperative (`deadline.within`) and the worker's imports and AWS
catalogue stay warm from one file to the next.

Workers read the files themselves, at the paths the client was given and
against the client's working directory (a Dask worker running policy files
changes its working directory to it): they must see the same file system
(a shared mount, or the same checkout at the same path on every node).

`distributed` is an optional extra (``pip install 'verify[cluster]'``),
imported only here and only when a scheduler is given.
"""

from __future__ import annotations

import math
import os
import pickle
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import InputError
from .parallel import Budgets, Outcome, Task, unknown_results
from .registry import UnknownReason
from .result import Location

#: seconds to reach the scheduler before the run stops with an input error
CONNECT_TIMEOUT_S = 5.0
#: seconds a task may take on top of its deadline for what is not proving: the worker's fresh process
#: (start-up and imports), the hand-over both ways; a worker that needs more than this is too loaded
START_SLACK_S = 5.0
#: the reason of a task whose worker died or raised (the category is `solver`, as a crashed local worker's)
WORKER_LOST = UnknownReason.SOLVER.describe("worker lost")


def connect(address: str):
    """A `distributed.Client` of the scheduler at `address`; an input error (exit 2) when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler", 0, 0, "running on a cluster needs the 'distributed' package "
                         "(pip install 'verify[cluster]')", "usage") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError("--scheduler", 0, 0, f"cannot reach the Dask scheduler at {address}: {exc}", "usage") from None


def lost(exc: BaseException) -> str:
    """The unknown reason of a task that raised `exc` on the cluster (its worker died, or a bug)."""
    return f"{WORKER_LOST} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"


def timed_out(bound: float) -> str:
    return UnknownReason.TIMEOUT.describe(f"the cluster did not answer the task within {bound:.1f} s "
                                          "(its deadline, plus the worker's start-up)")


# ---- the client's loop ---------------------------------------------------------------------------


def bounded_map(client, items: Sequence[Any], remote: Callable[..., Any], bound: Callable[[Any], float],
                fallback: Callable[[Any, str], Any], *shared: Any) -> Iterator[tuple[int, Any, bool]]:
    """(index, answer, made_up) for each of `items` as it comes back: `remote(*shared, item)` computed
    on the cluster within `bound(item)` seconds of its submission, else `fallback(item, reason)` (made_up).
    `shared` may hold futures of data already on the workers (Dask passes their values)."""
    from distributed import wait

    slots = max(1, sum(client.nthreads().values()))
    pending = deque(enumerate(items))
    flying: dict[Any, tuple[int, Any, float, float]] = {}  # future -> (index, item, its deadline, its bound)
    while pending or flying:
        while pending and len(flying) < slots:
            index, item = pending.popleft()
            seconds = bound(item)
            future = client.submit(remote, *shared, item, pure=False)
            flying[future] = (index, item, time.monotonic() + seconds, seconds)
        first = min(deadline for _, _, deadline, _ in flying.values())
        with client.as_current(), suppress(TimeoutError):  # none finished in time: handled below
            wait(list(flying), timeout=max(0.01, first - time.monotonic()), return_when="FIRST_COMPLETED")
        now = time.monotonic()
        for future in list(flying):
            index, item, deadline, seconds = flying[future]
            if future.done():
                del flying[future]
                try:
                    yield index, future.result(), False
                except Exception as exc:  # KilledWorker, CommClosedError, a bug in the task: never an answer
                    yield index, fallback(item, lost(exc)), True
            elif now >= deadline:
                del flying[future]
                future.cancel()
                yield index, fallback(item, timed_out(seconds)), True


# ---- program tasks -------------------------------------------------------------------------------


def run_tasks_on(client, tasks: list[Task], on_done: Callable[[Outcome], None] | None = None,
                 budgets: Budgets = Budgets()) -> list[Outcome]:
    """`parallel.run_tasks` on the cluster: one outcome per task, in order, each task split per function."""
    parts = [split_functions(task) for task in tasks]
    flat = [(i, j, part) for i, task_parts in enumerate(parts) for j, part in enumerate(task_parts)]
    left = [len(p) for p in parts]
    gathered: list[list[Outcome | None]] = [[None] * len(p) for p in parts]
    outcomes: list[Outcome | None] = [None] * len(tasks)

    def bound(part: Task) -> float:
        return budgets.function(part) + START_SLACK_S

    def fallback(part: Task, reason: str) -> Outcome:
        return Outcome(part, unknown_results(part, f"{part.path}:{part.function}" if part.function else part.path,
                                       Location(part.path), part.semantics, reason), transient=True)

    remote = _RemoteProve(budgets, os.getcwd())
    for index, outcome, _ in bounded_map(client, [part for _, _, part in flat], remote, bound, fallback):
        i, j, _ = flat[index]
        gathered[i][j] = outcome
        left[i] -= 1
        if left[i] == 0:
            outcomes[i] = merged(tasks[i], [o for o in gathered[i] if o is not None])
            if on_done is not None:
                on_done(outcomes[i])
    return [o for o in outcomes if o is not None]


def split_functions(task: Task) -> list[Task]:
    """One task per function `task` selects (the file parsed here); the task itself when it names a
    function or the file does not parse (the worker then reports the same input error)."""
    if task.function is not None:
        return [replace(task, clock=None)]
    from .load import load_program
    from .proving import select_functions

    try:
        program = load_program(task.path, task.semantics, task.data_model)
        names = select_functions(program, None)
    except InputError:
        return [replace(task, clock=None)]
    return [replace(task, function=name, clock=None) for name in names] or [replace(task, clock=None)]


def merged(task: Task, parts: list[Outcome]) -> Outcome:
    """The outcome of a whole file from those of its functions (in their order)."""
    outcome = Outcome(task)
    for part in parts:
        outcome.results.extend(part.results)
        outcome.error = outcome.error or part.error
        outcome.transient = outcome.transient or part.transient
    return outcome


@dataclass(frozen=True)
class _RemoteProve:
    """The work sent to a Dask worker: prove one task in a fresh process under its deadline."""

    budgets: Budgets
    #: the client's working directory, against which the task's path is read
    cwd: str

    def __call__(self, task: Task) -> Outcome:
        limit = self.budgets.function(task) + START_SLACK_S
        proc = subprocess.Popen([sys.executable, "-m", "verifier.cluster"], stdin=subprocess.PIPE, cwd=self.cwd,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            out, _ = proc.communicate(pickle.dumps((task, self.budgets)), timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return Outcome(task, unknown_results(task, task.path, Location(task.path), task.semantics,
                                           timed_out(limit)), transient=True)
        if proc.returncode != 0 or not out:
            raise RuntimeError(f"the prover process ended with status {proc.returncode}")
        results, error, transient = pickle.loads(out)
        return Outcome(task, results, InputError(*error) if error else None, transient)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()


def _prove_from_stdin() -> None:
    """`python -m verifier.cluster`: a pickled (Task, Budgets) on stdin; the pickled outcome on stdout."""
    from .parallel import run_tasks

    task, budgets = pickle.loads(sys.stdin.buffer.read())
    outcome = run_tasks([task], 1, budgets=budgets)[0]
    error = outcome.error
    fields = (error.path, error.line, error.column, error.message, error.kind) if error else None
    sys.stdout.buffer.write(pickle.dumps((outcome.results, fields, outcome.transient)))


# ---- per-file work (policies) --------------------------------------------------------------------


@dataclass
class Remote:
    """Where `batch.answer_many` sends its items: `client`'s cluster, each item within `bound_s`
    seconds; `fallback(item, reason)` is the made-up answer of an item that did not come back."""

    client: Any
    bound_s: float
    fallback: Callable[[Any, str], Any]
    #: the indices of the items whose answer is a fallback (not to be cached)
    made_up: set[int] = field(default_factory=set)

    def answers(self, items: Sequence[Any], work: Callable[[Any], Any],
                warm_up: Callable[[], None] | None = None) -> Iterator[tuple[int, Any]]:
        """(index, answer) pairs as they come back; `work` is shipped to each worker once, after
        `warm_up` ran there (so that the first file's deadline is not spent on loading)."""
        if warm_up is not None:
            self.client.run(warm_up)
        shipped = self.client.scatter(work, broadcast=True, hash=False)
        for index, answer, made_up in bounded_map(self.client, items, apply, lambda _: self.bound_s,
                                                  self.fallback, shipped, os.getcwd()):
            if made_up:
                self.made_up.add(index)
            yield index, answer


def apply(work: Callable[[Any], Any], cwd: str, item: Any) -> Any:
    """`work(item)` on a worker, in the client's working directory `cwd` (paths are read against it)."""
    if os.getcwd() != cwd:
        os.chdir(cwd)
    return work(item)


def policy_bound(timeout: float) -> float:
    """Seconds the client waits for one policy file: its --timeout plus the worker's slack."""
    return timeout + START_SLACK_S if math.isfinite(timeout) else math.inf


if __name__ == "__main__":
    _prove_from_stdin()
