"""`verify equiv` on Python functions whose parameters or results are lists, strings or tuples."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from verifier.equivalence import equiv
from verifier.result import Verdict


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


@pytest.mark.parametrize("annotation, value_a, value_b", [
    ("list[int]", "[n]", "[n + 1]"),
    ("tuple[int, int]", "(n, 1)", "(n, 2)"),
    ("str", "str(n)", "str(n + 1)"),
])
def test_different_returned_data_is_never_proved_equal(tmp_path, annotation, value_a, value_b):
    """The IR keeps no returned list, tuple or string (its ret_type is None, as for
    a function returning nothing): such results must not be called equal (the
    old answer was a yes for [n] against [n + 1])."""
    a = write(tmp_path, "a.py", f"def f(n: int) -> {annotation}:\n    return {value_a}\n")
    b = write(tmp_path, "b.py", f"def g(n: int) -> {annotation}:\n    return {value_b}\n")
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=5)
    assert r.verdict == Verdict.UNKNOWN
    assert "returned list, tuple, str or dict" in r.reason
