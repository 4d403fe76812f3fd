"""Nondeterministic inputs as public Python translations of competition tasks write them:
``int(input())``, ``random.randint(a, b)`` and a ``__VERIFIER_nondet_int()`` helper drawing one,
in a parameterless ``main()``. Verdicts, witnesses fed back in call order, the forms left
unknown with their construct and line, and Hypothesis-generated mains against CPython."""

from __future__ import annotations

import builtins
import random
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, only, prove_source

_HEADER = "import random\nimport sys\nfrom random import randint\n\n\n"
_HELPER = "def __VERIFIER_nondet_int() -> int:\n    return random.randint(-2**31, 2**31 - 1)\n\n\n"


@pytest.mark.parametrize("draw", ["int(input())", "int(input('n? '))", "random.randint(-100, 100)",
                                  "randint(-100, 100)", "__VERIFIER_nondet_int()"])
def test_a_drawn_value_reaching_the_assertion_is_a_replayed_no(tmp_path, draw):
    source = _HEADER + _HELPER + f"""def main() -> int:
    x = {draw}
    if x > 10 and x < 20:
        assert x != 15
    return 0
"""
    r = assert_refuted(tmp_path, source, "assert", suffix=".py", function="main", timeout=8)
    assert r.counterexample.nondet == [15]
    drawn_at = "    return random.randint(-2**31, 2**31 - 1)" if "nondet" in draw else f"    x = {draw}"
    assert r.counterexample.nondet_sources[0].line == source.splitlines().index(drawn_at) + 1


def test_values_are_fed_in_call_order(tmp_path):
    r = assert_refuted(tmp_path, """
        import random


        def main() -> int:
            a = int(input())
            b = random.randint(0, 9)
            assert a != 2 * b + 1 or b < 7
            return 0
        """, "assert", suffix=".py", timeout=8)
    a, b = r.counterexample.nondet
    assert b >= 7 and a == 2 * b + 1


def test_randint_values_stay_in_their_range(tmp_path):
    assert_proved(tmp_path, """
        import random


        def main() -> int:
            x = random.randint(3, 7)
            assert 3 <= x <= 7
            return 0
        """, "assert", suffix=".py", timeout=20)


def test_randint_of_an_empty_range_is_a_value_error(tmp_path):
    r = assert_refuted(tmp_path, """
        import random


        def main() -> int:
            n = int(input())
            return random.randint(n, 5)
        """, "value", suffix=".py", timeout=8)
    assert r.counterexample.nondet[0] > 5


@pytest.mark.parametrize(("body", "construct"), [
    ("x = int(sys.stdin.readline())", "'sys' is bound by the module-level import at line 2"),
    ("x = random.random()", "'random' is bound by the module-level import at line 1"),
    ("x = input()", "call to built-in function 'input'"),
], ids=["stdin", "random-float", "input-as-text"])
def test_other_inputs_stay_unknown_at_their_line(tmp_path, body, construct):
    source = _HEADER + f"def main() -> int:\n    {body}\n    assert x != 5\n    return 0\n"
    results = prove_source(tmp_path, source, suffix=".py", check="assert", function="main")
    line = source.splitlines().index(f"    {body}") + 1
    assert results and all(r.verdict == Verdict.UNKNOWN for r in results)
    for r in results:
        assert construct in r.reason and r.location.line == line, (r.location, r.reason)


def test_a_file_with_contracts_keeps_inputs_unknown(tmp_path):
    r = only(prove_source(tmp_path, """
        import random


        def half(n: int) -> int:
            \"\"\"post: __return__ * 2 <= n\"\"\"
            return n // 2


        def main() -> int:
            x = random.randint(0, 9)
            assert half(x) != 4
            return 0
        """, suffix=".py", check="assert", function="main"), "assert")
    assert r.verdict == Verdict.UNKNOWN and "a nondeterministic input in a file with contracts" in r.reason


# ------------------------------------------------------------ generated mains against CPython

_DRAWS = ["int(input())", "random.randint(-3, 3)", "random.randint(0, 2)", "randint(1, 4)"]
_STEPS = ["a = a + {d}", "a = a * {d}", "if {d} > a:\n        a = a - 1", "b = {d}\n    a = a + b * b",
          "if a == {d}:\n        a = 0"]


def _main(rng: random.Random, k: int) -> str:
    lines = [f"def main{k}() -> int:", "    a = 0"]
    for _ in range(rng.randint(2, 3)):
        lines.append("    " + rng.choice(_STEPS).format(d=rng.choice(_DRAWS)))
    lines += [f"    assert a != {rng.randint(-2, 4)}", "    return a"]
    return "\n".join(lines)


class _Infeasible(Exception):
    """A randint value outside its range: no real run draws it."""


@contextmanager
def _fed(values: list[int]):
    """input() and random.randint return `values` in turn (as the replay worker feeds them)."""
    it = iter(values)

    def randint(a: int, b: int) -> int:
        v = next(it)
        if not a <= v <= b:
            raise _Infeasible
        return v
    saved = builtins.input, random.randint
    builtins.input, random.randint = (lambda prompt="": str(next(it))), randint
    try:
        yield
    finally:
        builtins.input, random.randint = saved


def _fails(scope: dict, name: str, values: list[int]) -> bool:
    """Does `name` of `scope` fail its assertion when the draws return `values`?"""
    with _fed(values):
        scope["randint"] = random.randint
        try:
            scope[name]()
        except AssertionError:
            return True
        except (_Infeasible, StopIteration):
            return False
    return False


@pytest.mark.slow
@settings(max_examples=1, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**32))
def test_verdicts_on_generated_mains_agree_with_cpython(tmp_path_factory, seed):
    rng = random.Random(seed)
    source = "import random\nfrom random import randint\n\n\n" + "\n\n\n".join(_main(rng, k) for k in range(3)) + "\n"
    results = prove_source(tmp_path_factory.mktemp("nondet"), source, suffix=".py", check="assert", timeout=5)
    scope: dict = {}
    exec(compile(source, "gen.py", "exec"), scope)
    for r in results:
        name = r.target.rsplit(":", 1)[1]
        if r.verdict == Verdict.NO:
            assert r.counterexample.confirmed and _fails(scope, name, r.counterexample.nondet), (source, r)
        elif r.verdict == Verdict.YES:  # every draw is in [-3, 4]: try every sequence of three
            draws = range(-3, 5)
            assert not any(_fails(scope, name, [x, y, z]) for x in draws for y in draws for z in draws), (source, r)
