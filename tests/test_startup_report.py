"""The text report without rich (`report.plain_text`) is byte for byte what rich prints to a file.

A report to a pipe or a file (no styles) that needs none of rich's layout is
written without loading rich; one with a counterexample table, or with a
character rich would change (a control character, a tab), still goes through rich.
"""

from __future__ import annotations

import io

from hypothesis import given, settings, strategies as st
from rich.console import Console

from verifier.report import emit, plain_text, render_text
from verifier.result import Certificate, Counterexample, Location, Result, Verdict

#: mostly printable text (every script, combining marks, wide characters), sometimes what rich changes
#: printable text of every script (combining marks, wide characters); the characters rich changes are below
TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=12)

RESULTS = st.builds(
    Result, check=st.sampled_from(["assert", "overflow", "div-by-zero", "no-public-access"]), target=TEXT,
    location=st.builds(Location, TEXT, st.integers(0, 99), st.integers(0, 99)), verdict=st.sampled_from(Verdict),
    reason=TEXT, message=TEXT, vacuous=st.booleans(),
    certificate=st.none() | st.builds(Certificate, TEXT, TEXT, st.lists(st.sampled_from(["z3", "cvc5"]), max_size=2)),
    counterexample=st.none() | st.builds(Counterexample, inputs=st.dictionaries(TEXT, st.integers(), max_size=2),
                                         confirmed=st.booleans()))


def rich_text(results: list[Result], verbose: bool, quiet: bool) -> str:
    """What rich prints to a file (as `report.emit` sets it up)."""
    out = io.StringIO()
    render_text(results, Console(file=out, highlight=False, soft_wrap=True, emoji=False, markup=False), verbose, quiet)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(RESULTS, max_size=4), st.booleans(), st.booleans())
def test_the_plain_report_is_what_rich_prints_to_a_file(results, verbose, quiet):
    plain = plain_text(results, verbose, quiet)
    shown = [r for r in results if not (quiet and r.verdict == Verdict.YES)]
    if any(r.counterexample is not None and r.verdict != Verdict.YES for r in shown):
        assert plain is None  # a counterexample's table is rich's to lay out
    elif plain is not None:
        assert plain == rich_text(results, verbose, quiet)


def test_a_simple_report_to_a_file_is_written_without_rich_and_alike(monkeypatch):
    where = Location("f.c", 7, 5)
    simple = [Result("assert", "f.c:f", where, Verdict.YES, message="x + y == y + x",
                     certificate=Certificate("bounded", "every path checked", ["z3", "cvc5"]))]
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    out = io.StringIO()
    assert plain_text(simple) is not None and emit(simple, "text", out) == 0
    assert out.getvalue() == rich_text(simple, False, False)
    for odd in ("10 s\tspent", "bell\x07", "cr\r", "two\nlines", "zero\u200bwidth", "\x1b[31mred"):  # rich's to change
        shown = [*simple, Result("overflow", "f.c:f", where, Verdict.UNKNOWN, reason=odd)]
        out = io.StringIO()
        assert plain_text(shown) is None and emit(shown, "text", out) == 3
        assert out.getvalue() == rich_text(shown, False, False)
