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


#: runs `verify prove --no-cache ARGS` in this process (its output piped), then says whether rich was loaded
LOADS_RICH = """
import runpy, sys
sys.argv = ["verify", "prove", "--no-cache", *sys.argv[1:]]
try:
    runpy.run_module("verifier.cli", run_name="__main__")
except SystemExit as stop:
    print("exit", stop.code, "rich loaded", "rich" in sys.modules)
"""


def test_a_piped_run_loads_rich_only_for_a_report_with_a_counterexample(tmp_path):
    """Piped, a report of yes answers is plain text: the command never imports rich (some 18 ms of a cold
    run's CPU); a confirmed no's table needs it, and gets it when the worker reports the no."""
    import os
    import subprocess
    import sys

    (tmp_path / "f.c").write_text("void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n")
    (tmp_path / "g.c").write_text("void g(int x) {\n    __VERIFIER_assert(x != 7);\n}\n")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "VERIFY_TIMELINE")}
    said = {}
    for name in ("f.c", "g.c"):
        run = subprocess.run([sys.executable, "-c", LOADS_RICH, "--check", "assert", name], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
        said[name] = run.stdout
    assert "✓ yes      assert" in said["f.c"] and said["f.c"].rstrip().endswith("exit 0 rich loaded False")
    assert "counterexample (confirmed" in said["g.c"] and said["g.c"].rstrip().endswith("exit 1 rich loaded True")
