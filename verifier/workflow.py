"""A `verify prove` / `verify terminates` run as a tool on every commit runs it.

Resolves options (command line, then `[tool.verify]`, then defaults), expands
directories (include/exclude globs), answers unchanged files from the cache,
proves the rest in worker processes under deadlines with a progress display,
marks accepted findings, renders the report and returns the exit code.

Accepted findings stay in the report (JSON: an ``accepted`` object on the
result and a count in ``summary``; SARIF: a suppression; text: a closing
list) but neither the top-level verdict nor the exit code counts them; the
JSON document counts them in a top-level ``"accepted": N`` and says where
answers came from: ``"cache": {"hits": H, "misses": M}`` (files).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from .config import DEFAULT_CHECKS, DEFAULT_TIMEOUT, Config, load_config, parse_checks
from .deadline import command_start
from .errors import InputError
from .per_file import Pending, Run, Store, answer_files
from .result import ExitCode, Result, Verdict, exit_code
from .timeline import mark

#: the files a directory argument expands to (C sources, preprocessed `.i` tasks, Python)
SOURCE_SUFFIXES = (".c", ".i", ".py")


@dataclass
class Settings:
    """The options of one run, after the command line and the configuration are merged."""

    checks: tuple[str, ...] = DEFAULT_CHECKS
    semantics: str | None = None
    data_model: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    jobs: int = 1
    cache: bool = True
    #: a Dask scheduler's address: the uncached work runs on its cluster (verifier.cluster)
    scheduler: str | None = None


def settings(config: Config, checks: str | None = None, semantics: str | None = None,
             timeout: float | None = None, jobs: int | None = None, no_cache: bool = False,
             data_model: str | None = None, scheduler: str | None = None) -> Settings:
    """Command-line values win over `config`, which wins over the defaults."""
    return Settings(
        checks=parse_checks(checks) if checks is not None else (config.checks or DEFAULT_CHECKS),
        semantics=semantics or config.int_semantics,
        data_model=data_model or config.data_model,
        timeout=timeout if timeout is not None else (config.timeout or DEFAULT_TIMEOUT),
        jobs=jobs or config.jobs or default_jobs(),
        cache=config.cache and not no_cache,
        scheduler=scheduler or config.scheduler,
    )


def default_jobs() -> int:
    """The machine's cores available to this process."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def expand_paths(paths: tuple[str, ...] | list[str], config: Config) -> list[str]:
    """Files as given; directories expand to their C and Python files that the
    configuration includes and does not exclude, sorted."""
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(_walk(path, config))
            if not found:
                raise InputError(p, 0, 0, "directory holds no .c, .i or .py files (after include/exclude)", "file")
            files.extend(found)
        else:
            files.append(p)
    return files


def _walk(directory: Path, config: Config) -> list[str]:
    import os

    found = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = [d for d in dirnames if not config.excluded_dir(os.path.join(dirpath, d))]
        for name in filenames:
            full = os.path.join(dirpath, name)
            if name.endswith(SOURCE_SUFFIXES) and config.selects(full):
                found.append(str(Path(full)))
    return found


class _FirstNo(Exception):
    """A file's answer holds a confirmed no and the run was asked to stop there (--exit-first)."""


def prove_items(items: list[tuple[str, str | None]], opts: Settings, config: Config, quiet: bool = False,
                verbose: bool = False, strict: bool = False, started: float | None = None,
                exit_first: bool = False, fmt: str = "text") -> Run:
    """Results for each (file, function) item, from the cache or from workers.

    With `strict`, an input error is raised (one file named on the command
    line); otherwise it is collected and the other files are still answered.
    The first files' deadlines count from `started` (when the command began;
    default: now), so --timeout bounds the whole run's wall-clock time.
    A confirmed no is shown (`Progress.found`) as soon as a worker has replayed
    it; with `exit_first` the first one ends the run, and every check not
    answered by then is unknown (``stopped: ...``, never cached). The text
    report's imports (`fmt`) are made while the workers prove."""
    from .cache import Cache, Entry

    keyed = [(path, {"checks": list(opts.checks), "semantics": opts.semantics,
                     "data_model": opts.data_model or "LP64", "timeout": opts.timeout, "function": function})
             for path, function in items]

    def answer(todo: list[Pending], store: Store) -> None:
        from .parallel import Task, run_tasks
        from .progress import Progress

        tasks = [Task(p.path, items[p.index][1], opts.checks, opts.semantics, opts.timeout,
                      data_model=opts.data_model, exit_first=exit_first) for p in todo]
        slot = {id(t): p for t, p in zip(tasks, todo)}
        stored: set[int] = set()
        internal = []  # outcomes an internal error ended (their open checks are unknown)
        with Progress(len(tasks), quiet=quiet, verbose=verbose) as progress:
            def done(outcome) -> None:
                mark(f"answer of {outcome.task.path} received")
                if outcome.internal:
                    internal.append(outcome)
                store(slot[id(outcome.task)], Entry(outcome.results, outcome.error), not outcome.transient)
                stored.add(id(outcome.task))
                progress.advance(outcome.task.path, _detail(outcome.results, outcome.error))
                if exit_first and not opts.scheduler and any(r.verdict == Verdict.NO for r in outcome.results):
                    raise _FirstNo  # run_tasks stops every worker on its way out

            if opts.scheduler:
                from .cluster import connect, run_tasks_on

                with connect(opts.scheduler) as client:
                    run_tasks_on(client, tasks, on_done=done)
            else:
                try:
                    plain = fmt == "text" and not exit_first and _plain_output()
                    run_tasks(tasks, opts.jobs, on_done=done, started=started,
                              while_waiting=partial(preload_report, with_rich=not plain) if fmt == "text" else None,
                              on_found=lambda task, result: _found(progress, result, plain))
                except _FirstNo:
                    for task in tasks:
                        if id(task) not in stored:
                            store(slot[id(task)], Entry(_stopped(task), None), False)
        for outcome in internal:
            print(internal_error_text(outcome.task.path, outcome.internal), file=sys.stderr)

    return answer_files(keyed, Cache(config.root, enabled=opts.cache), answer, config, strict)


def internal_error_text(path: str, worker_traceback: str) -> str:
    """What stderr shows of an internal error in the worker that proved `path`: one line (the
    whole traceback too under --traceback). The run went on; that file's open checks are unknown."""
    from . import errors

    lines = worker_traceback.strip().splitlines()
    text = (f"verify: error: INTERNAL ERROR while proving {path}: {lines[-1] if lines else 'unknown'} "
            "(its checks not answered by then are unknown; run again with --traceback and report it)")
    return f"{worker_traceback.rstrip()}\n{text}" if errors.show_tracebacks else text


def _stopped(task) -> list[Result]:
    """The results of a file that --exit-first stopped before its answer came: each check unknown (stopped)."""
    from .parallel import unknown_results
    from .registry import STOPPED_AFTER_FIRST_NO
    from .result import Location

    return unknown_results(task, task.path, Location(task.path), task.semantics, STOPPED_AFTER_FIRST_NO)


def preload_report(with_rich: bool = True) -> None:
    """Import what rendering the report takes (`with_rich`: rich itself too), while the workers prove."""
    if with_rich:
        import rich.console  # noqa: F401
        import rich.table  # noqa: F401

    from . import report  # noqa: F401


def _plain_output() -> bool:
    """Is the text report printed without styles (stdout not a terminal), so that one without a
    counterexample needs no rich (`report.plain_text`)? rich is then imported only once a no is
    found (`_found`): a cold run's yes spares the other core some 18 ms of CPU."""
    from .report import shows_no_styles

    return shows_no_styles(sys.stdout)


def _found(progress, result: Result, plain: bool) -> None:
    """A worker's confirmed no: shown (`Progress.found`); a plain report's rich, which its
    counterexample table needs, imported now while the worker settles the other checks."""
    progress.found(result)
    if plain:
        preload_report()


def prove_command(paths: tuple[str, ...], checks: str | None, function: str | None, semantics: str | None,
                  timeout: float | None, jobs: int | None, no_cache: bool, fmt: str, quiet: bool,
                  verbose: bool, data_model: str | None = None, scheduler: str | None = None,
                  exit_first: bool = False) -> int:
    """`verify prove`: the exit code (`exit_first`: stop at the first confirmed no)."""
    started = command_start()
    mark("command starts")
    config = load_config()
    opts = settings(config, checks, semantics, timeout, jobs, no_cache, data_model, scheduler)
    files = expand_paths(paths, config)
    strict = len(paths) == 1 and not Path(paths[0]).is_dir()
    run = prove_items([(f, function) for f in files], opts, config, quiet, verbose, strict, started, exit_first,
                      fmt)
    mark("every file answered")
    code = finish(run, fmt, quiet, verbose, config)
    mark("report written")
    return code


def terminates_command(targets: tuple[str, ...], semantics: str | None, timeout: float | None, jobs: int | None,
                       no_cache: bool, fmt: str, quiet: bool, verbose: bool, data_model: str | None = None,
                       scheduler: str | None = None) -> int:
    """`verify terminates PATH[:FUNC]...`: the exit code."""
    started = command_start()
    config = load_config()
    opts = settings(config, "termination", semantics, timeout, jobs, no_cache, data_model, scheduler)
    items = []
    for target in targets:
        path, _, function = target.partition(":") if not Path(target).exists() else (target, "", "")
        items.append((path, function or None))
    run = prove_items(items, opts, config, quiet, verbose, strict=len(targets) == 1, started=started, fmt=fmt)
    return finish(run, fmt, quiet, verbose, config)


def finish(run: Run, fmt: str, quiet: bool, verbose: bool, config: Config, stream: IO[str] | None = None) -> int:
    """Print input errors (stderr) and the report (stdout); the exit code."""
    stream = stream or sys.stdout
    for error in run.errors:
        print(error.format(), file=sys.stderr)
    code = emit(run.results, fmt, stream, quiet, verbose, config, run)
    if verbose and fmt == "text":
        print(f"verify: {run.hits} file(s) answered from the cache, {run.misses} checked", file=sys.stderr)
    return int(ExitCode.BAD_INPUT) if run.errors else code


def emit(results: list[Result], fmt: str, stream: IO[str], quiet: bool, verbose: bool, config: Config,
         run: Run | None = None) -> int:
    """Render `results`; the exit code, which leaves accepted findings out."""
    from . import report

    accepted = [r for r in results if r.accepted is not None]
    failing = [r for r in results if r.accepted is None]
    if fmt == "json":
        import json

        from .result import overall_verdict

        doc = report.to_json(results)
        for r, data in zip(report.sort_results(results), doc["results"]):
            if r.accepted is not None:
                data["accepted"] = {"reason": r.accepted.reason, "config": str(config.path or "")}
        doc["verdict"] = overall_verdict(failing).value
        doc["accepted"] = len(accepted)
        if run is not None:
            doc["cache"] = {"hits": run.hits, "misses": run.misses}
        stream.write(json.dumps(doc, indent=2) + "\n")
    else:
        report.emit(results, fmt, stream, verbose=verbose, quiet=quiet)
        if fmt == "text" and accepted:
            stream.write(f"accepted: {len(accepted)} finding(s) listed in [tool.verify] accept do not fail the run\n")
            for r in report.sort_results(accepted):
                why = f" ({r.accepted.reason})" if r.accepted and r.accepted.reason else ""
                stream.write(f"  {r.location} {r.check}: {r.verdict.value}{why}\n")
    return int(exit_code(failing))


def _detail(results: list[Result], error: InputError | None) -> str:
    if error is not None:
        return "input error"
    counts = {v: 0 for v in Verdict}
    for r in results:
        counts[r.verdict] += 1
    return ", ".join(f"{n} {v.value}" for v, n in counts.items() if n)
