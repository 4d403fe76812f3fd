"""The per-file loop every command shares (prove, terminates, policy ...).

Each file named on the command line is answered from the cache when its
content and options are unchanged; the command answers the rest its own way
(worker processes with deadlines and a progress display, or a process pool)
and hands each answer to `store`, which caches it. The answers are then
collected in the order given, input errors apart (raised at once with
`strict`: one file named on the command line), and findings listed in
[tool.verify] accept are marked accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from .cache import Cache, Entry
from .config import Config, find_accepted
from .errors import InputError
from .result import Result


@dataclass
class Run:
    """Everything a run produced: results, input errors, and how many files the cache answered."""

    results: list[Result] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    hits: int = 0
    misses: int = 0


@dataclass(frozen=True)
class Pending:
    """A file the cache did not answer: its place among the items, its path, and
    its cache key (None when the file could not be read: its answer is an input error)."""

    index: int
    path: str
    key: str | None


#: caches (unless `cacheable` is false, e.g. a crashed worker's made-up answer) and keeps one file's answer
Store = Callable[[Pending, Entry, bool], None]

#: answers every pending file, handing each answer to the store
Answer = Callable[[list[Pending], Store], None]


def answer_files(items: Sequence[tuple[str, dict[str, Any]]], cache: Cache, answer: Answer, config: Config,
                 strict: bool) -> Run:
    """The run over `items` (a path and the options its cache key depends on): cached answers,
    then `answer` for the rest; accepted findings marked."""
    entries: dict[int, Entry] = {}
    todo: list[Pending] = []
    for index, (path, options) in enumerate(items):
        key = None
        try:  # without a cache (--no-cache) there is no key to make (the tool's fingerprint: some 2 ms)
            content = Path(path).read_bytes() if cache.enabled else None
        except OSError:
            content = None  # answered as an input error
        if content is not None:
            key = cache.key(path, content, options)
            entry = cache.get(key)
            if entry is not None:
                entries[index] = entry
                continue
        todo.append(Pending(index, path, key))
    run = Run(hits=cache.hits, misses=len(todo))

    if todo:
        def store(pending: Pending, entry: Entry, cacheable: bool) -> None:
            entries[pending.index] = entry
            if pending.key is not None and cacheable:
                cache.put(pending.key, entry)

        answer(todo, store)
        cache.prune()

    for index in range(len(items)):
        entry = entries[index]
        if entry.error is not None:
            if strict:
                raise entry.error
            run.errors.append(entry.error)
        run.results.extend(entry.results)
    for r in run.results:
        r.accepted = find_accepted(config, r)
    return run
