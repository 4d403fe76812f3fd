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
    """The IR keeps a returned list, tuple or string in its ``$result`` variables, not
    in a returned value: they are compared (the old answer was a yes for [n] against
    [n + 1], then an unknown). A no is a difference the real calls show."""
    a = write(tmp_path, "a.py", f"def f(n: int) -> {annotation}:\n    return {value_a}\n")
    b = write(tmp_path, "b.py", f"def g(n: int) -> {annotation}:\n    return {value_b}\n")
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=5)
    assert r.verdict != Verdict.YES
    if r.verdict == Verdict.NO:
        n = r.counterexample.inputs["n"]
        assert _call(a, "f", n) != _call(b, "g", n)
        assert r.counterexample.confirmed


def _call(path: str, name: str, *args):
    namespace: dict = {}
    exec(compile(Path(path).read_text(), path, "exec"), namespace)
    return namespace[name](*args)


def test_a_sum_over_a_list_by_for_and_by_index_is_proved(tmp_path):
    """List parameters are compared (they were unknown: 'array parameter'): the
    lockstep product needs the two sides' lists to be the same array."""
    a = write(tmp_path, "a.py", """
        def f(a: list[int]) -> int:
            s = 0
            for x in a:
                s += x
            return s
    """)
    b = write(tmp_path, "b.py", """
        def g(a: list[int]) -> int:
            s = 0
            i = 0
            while i < len(a):
                s = s + a[i]
                i += 1
            return s
    """)
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=10)
    assert r.verdict == Verdict.YES, (r.reason, r.message)
    assert r.certificate is not None and "z3" in r.certificate.checked_by


@pytest.mark.parametrize("annotation, body_b, call", [
    ("list[int]", "return sum(1 for x in a if x >= 0)", "a"),
    ("str", "return a.count('a') + (1 if a.endswith('b') else 0)", "a"),
])
def test_a_difference_on_a_list_or_string_is_replayed_with_its_python_value(tmp_path, annotation, body_b, call):
    """The witness is a real Python list or string on which the two functions, called, disagree."""
    test = "x > 0" if annotation == "list[int]" else "x == 'a'"
    a = write(tmp_path, "a.py", f"def f(a: {annotation}) -> int:\n    n = 0\n    for x in a:\n"
                                f"        if {test}:\n            n += 1\n    return n\n")
    b = write(tmp_path, "b.py", f"def g(a: {annotation}) -> int:\n    {body_b}\n")
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=10)
    assert r.verdict == Verdict.NO, (r.reason, r.message)
    assert r.counterexample is not None and r.counterexample.confirmed
    value = eval(r.message.split(": ")[0].removeprefix("on a="))  # the Python value shown: [0] or 'b'
    assert isinstance(value, list if annotation == "list[int]" else str)
    assert _call(a, "f", value) != _call(b, "g", value)


def test_parameters_of_different_shapes_are_not_compared(tmp_path):
    """A list against two ints has as many IR variables (the list and its length): never lined up."""
    a = write(tmp_path, "a.py", "def f(a: list[int]) -> int:\n    return len(a)\n")
    b = write(tmp_path, "b.py", "def g(x: int, n: int) -> int:\n    return n\n")
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=5)
    assert r.verdict == Verdict.UNKNOWN and "parameters of different types" in r.reason
