"""Render results: rich text for people, JSON for tools (the DESIGN.md contract).

Every renderer takes the same list of `Result`s, sorted once here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .result import Counterexample, Result, Verdict, exit_code, overall_verdict, summary

_MARK = {Verdict.YES: ("✓ yes", "green"), Verdict.NO: ("✗ no", "red"), Verdict.UNKNOWN: ("? unknown", "yellow")}


def sort_results(results: list[Result]) -> list[Result]:
    """By file, line, column, then check name."""
    return sorted(results, key=lambda r: (r.location.file, r.target, r.location.line, r.location.column, r.check))


def to_json(results: list[Result]) -> dict[str, Any]:
    """The JSON document: overall `verdict`, `results`, `summary`."""
    ordered = sort_results(results)
    return {
        "verdict": overall_verdict(ordered).value,
        "results": [r.to_json() for r in ordered],
        "summary": summary(ordered),
    }


def render_json(results: list[Result]) -> str:
    return json.dumps(to_json(results), indent=2)


def render_text(results: list[Result], console, verbose: bool = False, quiet: bool = False) -> None:
    """Verdict per check; for a no, the counterexample as a table and the
    source line; for a yes, the certificate; for an unknown, the reason."""
    from rich.table import Table
    from rich.text import Text

    for line in text_lines(results, verbose, quiet):
        if isinstance(line, Result):
            _render_counterexample(line, console, verbose, Table, Text)
            continue
        (first, style), *rest = line
        text = Text(first, style=style)
        for piece, style in rest:
            text.append(piece, style=style or None)
        console.print(text)


#: one line of the text report: its pieces, each with its rich style ("" for none)
Line = list[tuple[str, str]]


def text_lines(results: list[Result], verbose: bool = False, quiet: bool = False) -> Iterator[Line | Result]:
    """The lines of the text report (`render_text`); a result in their place where its counterexample goes."""
    ordered = sort_results(results)
    current = None
    for r in ordered:
        if quiet and r.verdict == Verdict.YES:
            continue
        if r.target != current:
            current = r.target
            yield [(r.target, "bold")]
        mark, colour = _MARK[r.verdict]
        line = [("  ", ""), (f"{mark:<10}", colour), (f" {r.check:<12} ", ""), (str(r.location), "cyan")]
        if r.message:
            line.append((f"  {r.message}", ""))
        folded = _folded_certificate(r)
        if folded:
            line.append((folded, "dim"))
        yield line
        if r.vacuous:
            yield [("      warning: this check is unreachable (vacuously yes)", "yellow")]
        if r.verdict == Verdict.UNKNOWN and r.reason:
            yield [(f"      reason: {r.reason}", "yellow")]
        if r.certificate and (verbose or r.verdict == Verdict.YES) and not folded:
            by = ", ".join(r.certificate.checked_by) or "nobody"
            yield [(f"      {r.certificate.kind}: {r.certificate.text}  (re-checked by {by})", "dim")]
            if r.certificate.assumes and r.verdict == Verdict.YES:
                yield [(f"      assuming {r.certificate.assumes}", "dim")]
        if r.counterexample and r.verdict != Verdict.YES:
            yield r
    counts = summary(ordered)
    yield [(f"{overall_verdict(ordered).value}: {counts['yes']} yes, {counts['no']} no, "
            f"{counts['unknown']} unknown", "bold")]


def plain_text(results: list[Result], verbose: bool = False, quiet: bool = False) -> str | None:
    """The text report as rich prints it where it shows no styles (`render_text` to a file), when that
    needs none of rich's layout -- no counterexample table, only printable characters; else None."""
    out = []
    for line in text_lines(results, verbose, quiet):
        if isinstance(line, Result):
            return None
        text = "".join(piece for piece, _ in line)
        if not text.isprintable():  # rich drops control characters and expands tabs
            return None
        out.append(text + "\n")
    return "".join(out)


def shows_no_styles(stream: IO[str]) -> bool:
    """Does rich print to `stream` without styles (not a terminal, and no variable or notebook says otherwise,
    `rich.console.Console.is_terminal`) and in UTF-8 (any character is written as it is)?"""
    import builtins
    import os

    if os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR") or hasattr(builtins, "get_ipython"):
        return False
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    try:
        return encoding == "utf8" and not stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed: rich decides
        return False


def _folded_certificate(r: Result) -> str:
    """For a yes whose certificate restates the message (the policy checks), what it adds, to end the
    same line -- so the answer is one line and a rule's citation is printed once; "" otherwise."""
    cert = r.certificate
    if r.verdict != Verdict.YES or cert is None or not r.message or not cert.text.startswith(r.message):
        return ""
    rest = cert.text[len(r.message):].strip()
    by = ", ".join(cert.checked_by) or "nobody"
    return f"  [{cert.kind}{' ' + rest if rest else ''}; re-checked by {by}]"


def _render_counterexample(r: Result, console, verbose: bool, Table, Text) -> None:
    cex = r.counterexample
    status = "confirmed" if cex.confirmed else "NOT confirmed"
    head = f"      counterexample ({status}"
    if cex.replay:
        head += f"; {cex.replay}"
    if cex.explored and cex.explored.get("tried"):  # none tried: exploring had no time left, nothing to say
        head += f"; {cex.explored.get('failing', 0)} of {cex.explored.get('tried', 0)} nearby inputs fail too"
    console.print(Text(head + ")", style="red" if cex.confirmed else "yellow"))
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("input", no_wrap=True)
    table.add_column("value", justify="right", overflow="fold")
    rows = dict(cex.arguments or cex.inputs)  # a Python call's arguments as CPython shows them
    if cex.request:
        rows.update(cex.request)
    for name, value in rows.items():
        table.add_row(Text(str(name)), Text(str(value)))
    unread = 0
    for label, value in nondet_rows(cex):
        if label is None:
            unread += 1
        else:
            table.add_row(Text(label), Text(str(value)))
    if cex.decisions:
        for name, value in cex.decisions.items():
            shown = name if ": " in str(name) else Path(str(name)).name  # a described policy ("role: what") is kept whole
            table.add_row(Text("decision"), Text(f"{value} ({shown})"))
    from rich.padding import Padding

    console.print(Padding(table, (0, 0, 0, 6), expand=False))
    if unread:
        console.print(Text(f"      ({unread} uninitialised value(s) that this run never reads left out)", style="dim"))
    for hop in cex.path or ():
        where = hop.get("location")
        at = f"  {where['file']}:{where['line']}:{where['column']}" if where else ""
        mark = "passes" if hop.get("passed") else "STOPS"
        console.print(Text(f"      {mark:<6} {hop.get('hop')}: {hop.get('rule')}{at}"))
    excerpt = source_excerpt(r.location.file, r.location.line, r.location.column)
    if excerpt:
        console.print(Text(excerpt, style="dim"))
    if verbose and cex.trace:
        console.print(Text("      trace:", style="dim"))
        for step in cex.trace:
            values = ", ".join(f"{k}={v}" for k, v in step.values.items())
            console.print(Text(f"        line {step.line}: {values}", style="dim"))


def nondet_rows(cex: Counterexample) -> list[tuple[str | None, int]]:
    """(label, value) per nondet value in call order; the label says what the
    value feeds and where (``z = __VERIFIER_nondet_uint() at line 25``, with
    ``(call k)`` when a site is read again), None for a value the run never
    reads. Without sources (older results) the values are numbered."""
    if len(cex.nondet_sources) != len(cex.nondet):
        return [(f"nondet #{i + 1}", value) for i, value in enumerate(cex.nondet)]
    rows: list[tuple[str | None, int]] = []
    calls: dict[tuple[str, int], int] = {}
    for source, value in zip(cex.nondet_sources, cex.nondet):
        if not source.read:
            rows.append((None, value))
            continue
        key = (source.label, source.line)
        calls[key] = calls.get(key, 0) + 1
        label = source.label + (f" at line {source.line}" if source.line else "")
        rows.append((label + (f" (call {calls[key]})" if calls[key] > 1 else ""), value))
    return rows


#: the widest source excerpt shown under a result (a generated file may have a
#: line of megabytes)
_EXCERPT_WIDTH = 100


def source_excerpt(path: str, line: int, column: int) -> str:
    """The source line with a caret under the column, or '' if unavailable."""
    if line <= 0:
        return ""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    if line > len(lines):
        return ""
    text = lines[line - 1].rstrip()
    if len(text) > _EXCERPT_WIDTH:  # a long line: the part around the column
        start = max(0, min(column - 1 - _EXCERPT_WIDTH // 2, len(text) - _EXCERPT_WIDTH))
        text = ("..." if start else "") + text[start:start + _EXCERPT_WIDTH] + (
            "..." if start + _EXCERPT_WIDTH < len(text) else "")
        column = column - start + (3 if start else 0)
    gutter = f"      {line:>4} | "
    caret = " " * (len(gutter) + max(column - 1, 0)) + "^" if column > 0 else ""
    return gutter + text + ("\n" + caret if caret else "")


def emit(results: list[Result], fmt: str, stream: IO[str] | None = None, verbose: bool = False,
         quiet: bool = False) -> int:
    """Render `results` in `fmt` (text, json or sarif) and return the exit code."""
    import sys

    stream = stream or sys.stdout
    if fmt == "json":
        stream.write(render_json(results) + "\n")
    elif fmt == "sarif":
        from .sarif import render_sarif

        stream.write(render_sarif(results) + "\n")
    else:
        plain = plain_text(results, verbose, quiet) if shows_no_styles(stream) else None
        if plain is not None:  # what rich would print, without loading it (some 4 ms of a small report)
            stream.write(plain)
            return int(exit_code(results))
        from rich.console import Console

        console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False, markup=False)
        console.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
        render_text(results, console, verbose, quiet)
    return int(exit_code(results))


def _reader_gone() -> None:
    """rich would exit 1, which reads as "some no": the caller ends the run as
    any tool whose reader went away (exit 141, no traceback)."""
    raise BrokenPipeError
