"""Show how far a run has got, on stderr: a rich bar on a terminal, plain lines otherwise.

On a terminal the bar (files done, elapsed time, the file just finished)
disappears when the run ends, and each confirmed no is printed above it the
moment it is replayed (`found`), before the report. Piped, a short run prints
nothing extra; a long one prints a plain line every `HEARTBEAT_S` seconds, and
`-v` prints one line per file and per confirmed no. `-q` prints nothing. rich is imported only when a bar is shown, so a
run answered from the cache never pays for it.
"""

from __future__ import annotations

import sys
import time
from typing import IO

#: seconds between plain progress lines when stderr is not a terminal
HEARTBEAT_S = 10.0


class Progress:
    """Progress over `total` files; use as a context manager and call `advance` per file."""

    def __init__(self, total: int, quiet: bool = False, verbose: bool = False, stream: IO[str] | None = None,
                 label: str = "verifying") -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream or sys.stderr
        self.label = label
        self.start = time.monotonic()
        self._last_line = self.start
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        if self.quiet or self.total == 0:
            return self
        if _is_terminal(self.stream):
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, SpinnerColumn,
                                       TextColumn, TimeElapsedColumn)

            self._bar = Bar(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.fields[current]}"),
                            console=Console(file=self.stream), transient=True, auto_refresh=False)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, current="")
            self._bar.refresh()
        return self

    def advance(self, path: str, detail: str = "") -> None:
        """One more file is done; `detail` is a short summary of its answers."""
        self.done += 1
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, current=path)
            self._bar.refresh()
            return
        now = time.monotonic()
        if self.verbose:
            extra = f": {detail}" if detail else ""
            self._line(f"verify: [{self.done}/{self.total}] {path}{extra} ({now - self.start:.1f}s)")
        elif now - self._last_line >= HEARTBEAT_S and self.done < self.total:
            self._line(f"verify: {self.done} of {self.total} files done ({now - self.start:.0f}s)")

    def found(self, result) -> None:
        """A confirmed no (a `Result`), shown as soon as it is known: one line
        ``file:line:col: no: check: message (inputs; time)``."""
        if self.quiet or (self._bar is None and not self.verbose):
            return
        cex = result.counterexample
        inputs = ", ".join(f"{k}={v}" for k, v in cex.inputs.items()) if cex is not None else ""
        text = (f"{result.location}: no: {result.check}" + (f": {result.message}" if result.message else "")
                + f"  ({inputs + '; ' if inputs else ''}confirmed, {time.monotonic() - self.start:.1f}s)")
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
            self._bar.refresh()
        else:
            self._line(f"verify: {text}")

    def _line(self, text: str) -> None:
        self._last_line = time.monotonic()
        print(text, file=self.stream, flush=True)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
