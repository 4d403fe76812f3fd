"""The Python corpus of bench/bench_python_data.py: its manifest, its failing calls on CPython, and verify's answers on it."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from verifier.digit_limit import program_limit_in_force

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("python_data_oracle", ROOT / "bench" / "python_data_oracle.py")
oracle = sys.modules.setdefault("python_data_oracle", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(oracle)

ENTRIES = oracle.load_manifest()
FAILING = [(e, f) for e in ENTRIES for f in e.failing]
LIBRARY_STYLES = ("icontract", "deal")  # the style is the name of the library that runs its contracts


def needs_library(entry) -> None:
    if entry.style in LIBRARY_STYLES:
        pytest.importorskip(entry.style, reason="pip install '.[contracts]'")


def test_the_manifest_names_every_file_once_and_about_half_are_bugs():
    files = sorted(p.name for p in oracle.CORPUS.glob("*.py"))
    assert sorted(e.file for e in ENTRIES) == files
    assert len(ENTRIES) >= 40
    buggy = sum(e.buggy for e in ENTRIES)
    assert 0.4 <= buggy / len(ENTRIES) <= 0.6
    assert {e.style for e in ENTRIES} == set(oracle.STYLES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.function)
def test_each_entry_is_well_formed_and_its_style_is_the_one_its_source_uses(entry):
    tree = ast.parse(entry.path.read_text())
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert [d.name for d in defs] == [entry.function] and entry.file == entry.function + ".py"
    fn = defs[0]
    decorators = {ast.unparse(d.func if isinstance(d, ast.Call) else d).split(".")[0] for d in fn.decorator_list}
    doc = ast.get_docstring(fn) or ""
    if entry.style in LIBRARY_STYLES:
        assert decorators == {entry.style}
    else:
        assert not decorators
    assert ("pre:" in doc or "post:" in doc) == (entry.style == "pep316")
    if entry.style == "asserts":
        first = next(s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)))
        assert isinstance(first, ast.Assert) and "isinstance(" in ast.unparse(first.test)
    for f in entry.failing:
        assert f.check in oracle.CHECKS
        assert (f.fails_with == "postcondition") == (f.check == "postcondition") == (f.line is None)
        name, _ = oracle.parse_call(f.call)
        assert name == entry.function
    assert set(entry.strategies) <= {a.arg for a in fn.args.args}
    assert all(a.annotation is not None for a in fn.args.args) and fn.returns is not None


@pytest.mark.parametrize("entry,failing", FAILING, ids=[f.call for _, f in FAILING])
def test_each_recorded_failing_call_fails_on_cpython_as_recorded(entry, failing):
    needs_library(entry)
    with program_limit_in_force():  # verify lifts CPython's digit limit in this process while it encodes
        outcome, agrees = oracle.replay(entry, failing)
    assert agrees, (failing, outcome)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.function)
def test_a_short_hypothesis_run_fails_only_the_recorded_checks(entry):
    needs_library(entry)
    valid, failures = oracle.explore(entry, 25)
    assert valid > 0
    assert {check for check, _ in failures} <= {f.check for f in entry.failing}, failures


def test_the_judge_counts_contradictions_and_never_unknowns():
    bug = next(e for e in ENTRIES if e.function == "histogram")  # bounds at line 9
    correct = next(e for e in ENTRIES if e.function == "histogram_capped")

    def result(check, line, verdict):
        return {"check": check, "verdict": verdict, "location": {"line": line}}

    assert oracle.disagreements(bug, [result("bounds", 9, "no"), result("assert", 10, "yes")]) == []
    assert oracle.disagreements(bug, [result("bounds", 9, "unknown")]) == []
    assert oracle.disagreements(bug, [result("bounds", 9, "yes")])
    assert oracle.disagreements(bug, [result("bounds", 9, "yes"), result("bounds", 6, "unknown")])
    assert oracle.disagreements(bug, [result("assert", 10, "no"), result("bounds", 9, "no")])
    assert oracle.disagreements(correct, [result("bounds", 9, "no")])
    assert oracle.disagreements(correct, [result("bounds", 9, "unknown"), result("assert", 10, "yes")]) == []


def arguments(entry, inputs: dict) -> tuple | None:
    """A counterexample's JSON inputs as call arguments, or None when they do not map onto the parameters."""
    hints = typing.get_type_hints(inspect.unwrap(oracle.load_function(entry)))
    params = [p for p in hints if p != "return"]
    if set(inputs) != set(params):
        return None
    for p in params:  # JSON object keys are strings: only a dict[str, ...] maps back as it is
        if isinstance(inputs[p], dict) and typing.get_args(hints[p])[:1] != (str,):
            return None
    return tuple(_text(inputs[p]) if hints[p] is str and isinstance(inputs[p], list) else inputs[p] for p in params)


def _text(codes: list[int]) -> str:
    """A string witness (its code points) as the replay worker passes it: a number that is no code point as '?'."""
    return "".join(chr(c) if 0 <= c <= 0x10FFFF else "?" for c in codes)


@pytest.mark.slow
@pytest.mark.parametrize("style", oracle.STYLES)
def test_every_yes_or_no_verify_gives_agrees_with_the_manifest(style):
    """Every other function of the style (bugs and correct ones alike; the bench runs them all)."""
    entries = [e for e in ENTRIES if e.style == style][::2]
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json",
                        "--timeout", "3", "-j", "2", *(str(e.path) for e in entries)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode in (0, 1, 3), p.stderr
    results = oracle.read_verify_json(p.stdout)["results"]
    for entry in entries:
        mine = [r for r in results if r["target"].endswith((f"/{entry.file}:{entry.function}", f"/{entry.file}"))]
        if not mine:  # no check left to answer (the lowering shows none can fail): a yes, as the bench reads it
            assert not entry.buggy, entry.file
            continue
        assert oracle.disagreements(entry, mine) == [], entry.file
        for r in mine:
            if r["verdict"] != "no":
                continue
            args = arguments(entry, r["counterexample"]["inputs"])
            if args is None:
                continue
            needs_library(entry)
            with program_limit_in_force():
                outcome = oracle.call(oracle.load_function(entry), entry.style, args)
            assert outcome.kind == "failed" and outcome.check == r["check"], (entry.file, r["counterexample"], outcome)
