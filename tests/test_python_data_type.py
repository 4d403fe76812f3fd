"""TypeError as a check (`type`): None used as a number, ord() of a string whose length is not 1.

Such an operation raises TypeError in CPython: an uncaught exception, so a
failure the user must see (never an assumption that silently ends the
execution). Each no is replayed by a real call; each yes is run against
CPython on Hypothesis-generated inputs.
"""

from __future__ import annotations

import functools
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.result import Verdict

from .helpers import only, prove_source

SOURCE = """
from typing import Optional


def bump(x: Optional[int], k: int) -> int:
    if k > 3:
        return k - x
    return k


def bump_guarded(x: Optional[int], k: int) -> int:
    if x is None or k <= 3:
        return k
    return -x if k > 9 else k < x


def code(s: str) -> int:
    return ord(s) - 48


def code_checked(s: str) -> int:
    if len(s) == 1:
        return ord(s)
    return -1


def code_declared(s: str) -> int:
    \"\"\"The code point of a one-character string.

    :raises TypeError: if s is not one character long
    \"\"\"
    return ord(s)


def code_caught(s: str) -> int:
    try:
        return ord(s)
    except TypeError:
        return -1
"""


def _results(tmp_path):
    results = prove_source(tmp_path, SOURCE, suffix=".py", check="type", timeout=6)
    return {r.target.rsplit(":", 1)[1]: r for r in results}


@functools.cache
def _namespace() -> dict:
    scope: dict = {}
    exec(textwrap.dedent(SOURCE), scope)
    return scope


def test_none_as_a_number_and_ord_of_a_long_string_fail_as_type_errors(tmp_path):
    by_target = _results(tmp_path)
    bump = only([by_target["bump"]], "type", 6)
    assert bump.verdict == Verdict.NO and bump.counterexample.confirmed
    assert bump.counterexample.inputs["x.none"] and bump.counterexample.inputs["k"] > 3
    assert bump.message.startswith("TypeError: operand of '-' is None")
    code = only([by_target["code"]], "type", 17)
    assert code.verdict == Verdict.NO and code.counterexample.confirmed
    assert len(code.counterexample.inputs["s"]) != 1
    scope = _namespace()
    try:  # the witness raises TypeError in CPython too
        scope["code"]("".join(map(chr, code.counterexample.inputs["s"])))
        raise AssertionError("expected a TypeError")
    except TypeError:
        pass


def test_guarded_declared_and_caught_type_errors_are_not_failures(tmp_path):
    by_target = _results(tmp_path)
    for name in ("bump_guarded", "code_checked"):
        assert by_target[name].verdict == Verdict.YES, (name, by_target[name].reason)
        assert by_target[name].certificate is not None
    # the declared TypeError is the function's promise; the caught one never escapes
    assert "code_declared" not in by_target or by_target["code_declared"].verdict == Verdict.YES
    assert "code_caught" not in by_target or by_target["code_caught"].verdict == Verdict.YES


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(x=st.none() | st.integers(-20, 20), k=st.integers(-20, 20), s=st.text(max_size=3))
def test_the_proved_functions_never_raise_type_error_in_cpython(x, k, s):
    scope = _namespace()
    scope["bump_guarded"](x, k)
    scope["code_checked"](s)
    scope["code_caught"](s)
