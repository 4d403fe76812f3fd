"""Answer many small files in one run: set up once, fork workers that share it, show progress.

For checks that take milliseconds per file (policies), start-up dominates:
the imports, the AWS action catalogue, the JSON grammar. `answer_many` runs
`warm_up` once in this process, then (with several jobs and enough files)
forks the workers from it, so each inherits everything already loaded
instead of loading it again; the files are handed out a few at a time, and
the progress display (`verifier.progress`) advances as each one is answered.
Given a guess of each item's `cost`, the workers take the costliest first, so
that no long file is left running alone at the end (on AWS's 1,388 managed
policies three files near the end of the alphabet take 4 of 16 CPU seconds).
The answers come back in the order of `items`. A file's own deadline is the
work function's business (it runs cooperatively inside `work`).
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .progress import Progress

T = TypeVar("T")

#: files below which worker processes cost more than they save
MIN_FILES_FOR_WORKERS = 8
#: at most this many files per hand-out: a file may take its whole --timeout, and a worker
#: holding a long chunk of such files at the end would leave the other cores idle
MAX_CHUNK = 2

#: the work function of the current pool, inherited by the forked workers (a closure does not pickle)
_WORK: Callable[[Any], Any] | None = None


def answer_many(items: Sequence[Any], work: Callable[[Any], T], jobs: int, *,
                warm_up: Callable[[], None] | None = None, label: Callable[[Any], str] = str,
                detail: Callable[[T], str] | None = None, quiet: bool = False, verbose: bool = False,
                progress_label: str = "checking", remote: Any = None,
                cost: Callable[[Any], int] | None = None) -> list[T]:
    """`[work(item) for item in items]`, computed by `jobs` forked workers when
    that pays, or on a cluster (`remote`, a `verifier.cluster.Remote`), with a
    progress display on stderr (`label(item)` names a file, `detail(answer)`
    sums up its answer for -v); `warm_up` runs first here, or on each worker of the cluster;
    `cost(item)` guesses an item's work (larger: longer; the workers take the costliest first)."""
    if warm_up is not None and remote is None:
        warm_up()
    answers: list[T | None] = [None] * len(items)
    with Progress(len(items), quiet=quiet, verbose=verbose, label=progress_label) as progress:
        answered = remote.answers(items, work, warm_up) if remote is not None else _answers(items, work, jobs, cost)
        for index, answer in answered:
            answers[index] = answer
            progress.advance(label(items[index]), detail(answer) if detail else "")
    return answers  # type: ignore[return-value]


def _answers(items: Sequence[Any], work: Callable[[Any], T], jobs: int, cost: Callable[[Any], int] | None = None):
    """(index, answer) pairs as they are computed (with workers, the costliest items first)."""
    if jobs <= 1 or len(items) < MIN_FILES_FOR_WORKERS:
        for index, item in enumerate(items):
            yield index, work(item)
        return
    global _WORK
    _WORK = work
    chunk = max(1, min(MAX_CHUNK, len(items) // (4 * jobs)))
    try:
        with _forked_pool(jobs) as pool:
            order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else range(len(items))
            yield from pool.imap_unordered(_run_one, ((i, items[i]) for i in order), chunksize=chunk)
    finally:
        _WORK = None


def _forked_pool(jobs: int) -> Any:
    """A pool of `jobs` forked workers that leave ^C to the parent (which stops
    the pool) and end on SIGTERM (how the pool stops them). The dispositions are
    set in this process around the forks, so that a worker stopped before it
    runs any Python code (a short batch ends at once) is not left to the CLI's
    SIGTERM handler, which would keep it waiting on the pool's queue forever."""
    if threading.current_thread() is not threading.main_thread():
        return mp.get_context("fork").Pool(processes=jobs, initializer=_worker_signals)
    saved = signal.signal(signal.SIGINT, signal.SIG_IGN), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        return mp.get_context("fork").Pool(processes=jobs, initializer=_worker_signals)
    finally:
        signal.signal(signal.SIGINT, saved[0])
        signal.signal(signal.SIGTERM, saved[1])


def _worker_signals() -> None:
    """A worker leaves ^C to the parent and ends on SIGTERM (see `_forked_pool`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_one(indexed: tuple[int, Any]) -> tuple[int, Any]:
    index, item = indexed
    assert _WORK is not None, "answer_many's work function is set before the workers are forked"
    return index, _WORK(item)
