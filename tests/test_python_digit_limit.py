"""CPython's limit on the digits of an int written in decimal (``sys.get_int_max_str_digits()``):
``str(x)``, f-strings, ``print(x)``, ``"%d" % x`` and ``"{}".format(x)`` of an int of more digits
raise ValueError, which verify checks (kind ``value``) and replays under the program's limit."""

from __future__ import annotations

import sys
import textwrap

import pytest

from verifier.cfa import build_cfa
from verifier.crosscheck.py_worker import PyWorker
from verifier.digit_limit import lift_digit_limit, program_digit_limit
from verifier.encode import encode
from verifier.equivalence import equiv
from verifier.frontends.python import parse_python
from verifier.result import Verdict

from .helpers import only, prove_source

LIMIT = program_digit_limit()  # the program's, even where an earlier import lifted this process's


@pytest.fixture
def lifted():
    """This process lifted as the command lifts it (the program keeps `LIMIT`), restored after."""
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(LIMIT)  # earlier tests of this process may have lifted it already
    lift_digit_limit()
    yield
    sys.set_int_max_str_digits(saved)


WRITERS = '''
def text(x: int) -> int:
    return len(str(x))

def fstring(x: int) -> int:
    return len(f"x={x}")

def printed(x: int) -> None:
    print("x", x)

def percent(x: int) -> None:
    print("%d items" % x)

def formatted(x: int) -> None:
    print("{} items".format(x))

def listed(x: int) -> None:
    print([1, x])

def hexadecimal(x: int) -> None:
    print("%x" % x, f"{x:x}")

def flag(b: bool) -> None:
    print(b, str(b))
'''


def test_lifting_keeps_the_programs_limit(lifted):
    assert sys.get_int_max_str_digits() == 0
    assert program_digit_limit() == LIMIT


def test_each_decimal_writing_of_an_int_is_checked_as_cpython_fails_it(lifted):
    program = parse_python(textwrap.dedent(WRITERS), "writers.py")
    scope: dict = {}
    exec(compile(WRITERS, "writers.py", "exec"), scope)
    for name in program.functions:
        checked = any(kind == "value" for kind, *_ in encode(build_cfa(program, name)).checks)
        sys.set_int_max_str_digits(LIMIT)  # CPython as the user runs the program
        try:
            scope[name](True if name == "flag" else 10 ** LIMIT)
            fails = False
        except ValueError:
            fails = True
        finally:
            sys.set_int_max_str_digits(0)
        assert checked == fails, name
        assert checked == (name in ("text", "fstring", "printed", "percent", "formatted", "listed")), name


def test_str_of_an_int_past_the_limit_is_a_confirmed_no(tmp_path, lifted):
    results = prove_source(tmp_path, '''
        def f(x: int) -> None:
            s = str(x)
            assert len(s) >= 1
        ''', suffix=".py", check="assert,value", function="f")
    value = only(results, "value")
    assert value.verdict == Verdict.NO and value.counterexample.confirmed
    x = value.counterexample.inputs["x"]
    assert abs(x) >= 10 ** LIMIT
    assert only(results, "assert").verdict == Verdict.YES


def test_a_bounded_str_keeps_its_proofs(tmp_path, lifted):
    results = prove_source(tmp_path, '''
        def f(x: int) -> None:
            if not (0 <= x <= 1000):
                return
            s = str(x)
            assert len(s) <= 4
            print(f"x={x}", "%d" % x)
        ''', suffix=".py", check="assert,value", function="f")
    assert results and all(r.verdict == Verdict.YES for r in results), [(r.check, r.verdict) for r in results]


def test_the_replay_worker_calls_the_program_under_its_limit(tmp_path, lifted):
    path = tmp_path / "digits.py"
    path.write_text("def f(x: int) -> int:\n    return len(str(x))\n")
    worker = PyWorker(str(path), "f")
    try:
        assert worker.start() == ""
        assert worker.call({"x": 10 ** LIMIT - 1}, 10.0) == {"status": "return", "value": LIMIT}
        reply = worker.call({"x": 10 ** LIMIT}, 10.0)
        assert reply["status"] == "fail" and reply["failure"] == "value" and reply["line"] == 2
    finally:
        worker.close()


def test_the_choice_to_check_the_digits_is_not_fed_to_input(tmp_path, lifted):
    results = prove_source(tmp_path, '''
        def f(y: int) -> None:
            print(y)
            x = int(input())
            assert x != 5
        ''', suffix=".py", check="assert", function="f")
    bug = only(results, "assert")
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed


def test_equivalence_makes_the_choice_as_cpython(tmp_path, lifted):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("def f(x: int) -> int:\n    return len(str(x))\n")
    b.write_text("def g(x: int) -> int:\n    s = str(x)\n    return len(s)\n")
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=10)
    assert r.verdict == Verdict.YES
