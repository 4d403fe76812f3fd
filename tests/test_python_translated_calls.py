"""Calls as benchmark translators write them in Python: ``print(...)`` statements, keyword arguments and
default parameter values, helpers returning a tuple the caller unpacks (``q, r = divide(a, b)``), ``x in
(a, b)``, ``random``'s draws, and recursion that never ends.

Fast tier. Each function below runs under CPython and through the lowered IR (`verifier.interpret.run_cfa`)
on Hypothesis-generated ints and lists and must do the same (the same result, or the same exception at the
same line); a few are proved end to end, where a no must be a replayed counterexample.
"""

from __future__ import annotations

import contextlib
import functools
import io
import typing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.frontends.python import parse_python
from verifier.result import Verdict

from .helpers import only, prove_source
from .python_runs import cpython_outcome, ir_outcome

CASES = """
LIMIT = 10


def shown(xs: list[int], i: int, d: int) -> int:
    print("item", xs[i], sep=": ", end="\\n")
    print(f"q={i // d} big={i > d!r} {xs}", flush=True)
    print()
    print("%d|%5x|%s" % (i, d * 2, i > d), "{}:{:>3}".format(i, 100 // (d + 3)), f"{i:05d}{d:b}")
    print(None, [i, d], "s"[0], i % d)
    return i


def clamp(x: int, lo: int = 0, hi: int = LIMIT * 2, strict: bool = False) -> int:
    if strict:
        assert lo <= hi
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def scaled(a: int, *, by: int = 2, neg: bool = False) -> int:
    return -a * by if neg else a * by


def keywords(x: int, d: int) -> int:
    a = clamp(x)
    b = clamp(x, hi=5)
    c = clamp(hi=x, x=3, lo=-x)
    e = clamp(x, strict=True, lo=x // d, hi=d)
    g = scaled(x, neg=d > 0) + scaled(by=d, a=x)
    return a * 1000000 + b * 10000 + c * 100 + e + g * 100000000


def order(a: int, b: int) -> tuple[int, int]:
    if a > b:
        return b, a
    return a, b


def sorted3(a: int, b: int, c: int) -> tuple[int, int, int]:
    a, b = order(a, b)
    b, c = order(b, c)
    a, b = order(a, b)
    return a, b, c


def divide(a: int, b: int) -> tuple[int, bool]:
    assert b != 0
    return a // b, a % b == 0


def member(x: int, y: int, z: int) -> int:
    t = (1, y, 3)
    n = 0
    if x in (3, 5, 7):
        n += 1
    if x not in t:
        n += 10
    if x in (1, 10 // (y - z), True):
        n += 100
    return n


def evens(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        if x % 2 == 0:
            out.append(x)
    return out


def listed(xs: list[int], i: int) -> int:
    e = evens(xs)
    f = evens(e + [i])
    return len(e) * 100 + len(f) * 10 + e[i]


def unpacked(x: int, y: int, z: int) -> int:
    p, q, r = sorted3(x, y, z)
    assert p <= q <= r
    d, exact = divide(x, y - z)
    x, y = order(y, x)
    if exact:
        return d * 100 + x - y
    return p * 10000 + q * 100 + r
"""


@functools.cache
def _functions() -> dict:
    """Each function of `CASES`: (its automaton, the CPython function)."""
    program = parse_python(CASES, "cases.py")
    namespace: dict = {}
    exec(CASES, namespace)
    for name, fn in program.functions.items():
        assert not fn.unsupported, (name, fn.unsupported)
    return {name: (build_cfa(program, name), namespace[name]) for name in program.functions}


_INTS = st.integers(-6, 6)


@pytest.mark.parametrize("name", ["shown", "keywords", "member", "unpacked", "listed"])
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_prints_keywords_and_unpacked_tuples_behave_like_cpython(name, data):
    cfa, func = _functions()[name]
    args = {p: data.draw(st.lists(_INTS, max_size=3) if hint == list[int] else _INTS, label=p)
            for p, hint in typing.get_type_hints(func).items() if p != "return"}
    with contextlib.redirect_stdout(io.StringIO()):
        expected = cpython_outcome(func, args)
    assert ir_outcome(cfa, args) == expected


def test_a_print_argument_that_fails_is_a_replayed_no_and_print_alone_changes_nothing(tmp_path):
    source = """
        def main(xs: list[int], n: int) -> int:
            if n < 0 or n > 100:
                return 0
            s = 0
            i = 0
            while i < n:
                s += i
                i += 1
            print("sum", s)
            print(f"n={n} s={s}")
            assert 2 * s == n * (n - 1), "gauss"
            print(xs[n])
            return s
    """
    results = prove_source(tmp_path, source, suffix=".py", check="assert,bounds")
    assert only(results, "assert").verdict == Verdict.YES
    bug = only(results, "bounds")
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed
    assert bug.location.line == 12


def test_the_value_of_print_and_arguments_outside_the_subset_are_unsupported():
    program = parse_python("def f(x: int) -> int:\n    y = print(x)\n    return 0\n\n"
                           "def g(x: int) -> int:\n    print(x, file=None)\n    return 0\n\n"
                           "def h(x: int) -> int:\n    print(x, sep=x)\n    return 0\n\n"  # TypeError
                           "def k(xs: list[int]) -> int:\n    print(*xs)\n    return 0\n", "t.py")
    assert "the value of print() (None) used" in program.functions["f"].unsupported
    assert "print() with file=" in program.functions["g"].unsupported
    assert "print() with sep= other than a string or None" in program.functions["h"].unsupported
    assert "*args or **kwargs in a print() call" in program.functions["k"].unsupported


@pytest.mark.parametrize("argument", ['"%c" % x', 'f"{x:.2f}"', '"%d" % t', '"%d %d" % x', '"{} {}".format(x)',
                                      '"%f" % x', 'f"{x:c}"'])
def test_formats_an_int_does_not_always_take_are_unsupported_in_print(argument):
    source = f"def f(x: int) -> int:\n    t = (x, x)\n    print({argument})\n    return 0\n"
    assert parse_python(source, "t.py").functions["f"].unsupported


@pytest.mark.parametrize("call, message", [
    ("h(1, z=2)", "argument 'z' of 'h' unknown or given twice"),
    ("h(1, x=2)", "argument 'x' of 'h' unknown or given twice"),
    ("h(k=2)", "without its argument 'x'"),
    ("h(1, 2, 3)", "with 3 positional arguments"),  # `m` is keyword-only
])
def test_calls_cpython_rejects_with_a_type_error_are_unsupported(call, message):
    source = (f"def h(x: int, k: int = 1, *, m: int = 0) -> int:\n    return x + k + m\n\n"
              f"def f(a: int) -> int:\n    return {call}\n")
    assert message in parse_python(source, "t.py").functions["f"].unsupported


def test_a_default_other_than_an_int_or_bool_constant_is_unsupported():
    source = "def h(x: int, xs: list[int] = []) -> int:\n    return x\n"
    assert "default parameter value other than an int or bool constant" in \
        parse_python(source, "t.py").functions["h"].unsupported


def test_an_unpacked_tuple_helper_with_a_bug_is_a_replayed_no(tmp_path):
    source = """
        def divide(a: int, b: int) -> tuple[int, int]:
            q = 0
            r = a
            while r >= b:
                r -= b
                q += 1
            return q, r


        def main(x: int, y: int) -> int:
            if x < 0 or y <= 0:
                return 0
            q, r = divide(x, y)
            assert q * y + r == x
            assert r < y - 1
            return q
    """
    results = [r for r in prove_source(tmp_path, source, suffix=".py", check="assert", function="main")]
    proved = only(results, "assert", line=14)
    assert proved.verdict == Verdict.YES, proved.reason
    bug = only(results, "assert", line=15)
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed


def test_a_returned_str_is_unsupported_where_used():
    source = ("def shout(s: str) -> str:\n    return s + '!'\n\n"
              "def f(s: str) -> int:\n    t = shout(s)\n    return t[0] + 1\n")  # CPython: TypeError
    assert "the list 'shout(...)' returns" in parse_python(source, "t.py").functions["f"].unsupported


def test_a_recursive_tuple_helper_is_unsupported_where_unpacked():
    source = ("def egcd(a: int, b: int) -> tuple[int, int]:\n    if b == 0:\n        return a, 1\n"
              "    g, x = egcd(b, a % b)\n    return g, x\n")
    assert "recursive call of 'egcd', which returns a tuple or list its caller uses" in \
        parse_python(source, "t.py").functions["egcd"].unsupported


def test_a_tuple_helper_that_may_return_none_is_unsupported_where_unpacked():
    source = ("def h(a: int) -> tuple[int, int] | None:\n    if a > 0:\n        return a, a\n    return None\n\n"
              "def f(a: int) -> int:\n    x, y = h(a)\n    return x\n")
    assert parse_python(source, "t.py").functions["f"].unsupported


def test_random_draws_are_nondeterministic_inputs_whose_witness_replays(tmp_path):
    source = """
        import random
        from random import choice, randrange as rr


        def main() -> int:
            a = rr(10)
            b = random.randrange(-5, 5)
            c = random.getrandbits(4)
            f = choice([True, False])
            g = random.choice((3, 7, 11))
            assert 0 <= a < 10 and -5 <= b < 5 and 0 <= c < 16
            assert g == 3 or g == 7 or g == 11
            if f and a == 9 and b == -5 and c == 15 and g == 11:
                assert False
            return 0
    """
    results = prove_source(tmp_path, source, suffix=".py", check="assert,value", function="main")
    assert only(results, "assert", line=11).verdict == Verdict.YES
    assert only(results, "assert", line=12).verdict == Verdict.YES
    bug = only(results, "assert", line=14)
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed
    assert [v for v in bug.counterexample.nondet] == [9, -5, 15, 0, 2]  # choice: the index picked


@pytest.mark.parametrize("call, check", [
    ("random.randrange(n)", "value"),
    ("random.randrange(n, 3)", "value"),
    ("random.getrandbits(-1)", "value"),
    ("random.choice([])", "bounds"),
])
def test_a_random_draw_cpython_refuses_is_a_replayed_no(tmp_path, call, check):
    source = f"import random\n\n\ndef f(n: int) -> int:\n    return {call}\n"
    bug = only(prove_source(tmp_path, source, suffix=".py", check=check), check)
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed


def test_random_draws_outside_the_modelled_forms_are_unsupported():
    source = ("import random\n\n\ndef f(n: int, xs: list[int]) -> int:\n    return random.randrange(0, n, 2)\n\n\n"
              "def g(n: int, xs: list[int]) -> int:\n    return random.choice(xs)\n\n\n"
              "def h(n: int) -> int:\n    return random.getrandbits(n)\n")
    program = parse_python(source, "t.py")
    assert "random.randrange() with these arguments" in program.functions["f"].unsupported
    assert "random.choice() of other than a list or tuple display" in program.functions["g"].unsupported
    assert "random.getrandbits() of other than a constant" in program.functions["h"].unsupported


def test_a_python_call_chain_that_never_ends_is_a_replayed_no():
    from verifier.terminating import termination_result

    source = "def countdown(n: int) -> int:\n    if n == 0:\n        return 0\n    return countdown(n - 2) + 1\n"
    r = termination_result(parse_python(source, "runaway.py"), "countdown", 20)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    n = r.counterexample.inputs["n"]
    assert n % 2 == 1 or n < 0
    assert "recursion limit" in r.counterexample.replay


METHODS = """
from dataclasses import dataclass

LIMIT = 4


@dataclass
class Box:
    lo: int
    hi: int

    def width(self) -> int:
        return self.hi - self.lo

    def grow(self, d: int) -> None:
        if d < 0:
            return
        self.hi += d
        self.check()

    def check(self) -> None:
        assert self.width() <= LIMIT * 3


class Acc:
    def __init__(self, start: int) -> None:
        self.total = start
        self.count = 0
        self.seen = False

    def add(self, v: int) -> None:
        self.total += v
        self.count += 1
        self.seen = True

    def mean(self) -> int:
        return self.total // self.count

    def scaled(self, k: int) -> int:
        return self.total * k


def boxes(x: int, y: int, z: int) -> int:
    b = Box(x, y)
    b.grow(z)
    b.grow(z - 2)
    return b.width() * 100 + b.hi


def accs(x: int, y: int, z: int) -> int:
    a = Acc(x)
    for i in range(y):
        a.add(i * z)
    s = a.scaled(3)
    return a.mean() * 1000 + s * 10 + int(a.seen)


def reading(b: Box, k: int) -> int:
    return b.width() // k
"""


@functools.cache
def _methods() -> dict:
    program = parse_python(METHODS, "methods.py")
    namespace: dict = {}
    exec(METHODS, namespace)
    for name, fn in program.functions.items():
        assert not fn.unsupported, (name, fn.unsupported)
    return {name: (build_cfa(program, name), namespace[name]) for name in program.functions}


@pytest.mark.parametrize("name", ["boxes", "accs", "reading"])
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_methods_of_records_spliced_where_called_behave_like_cpython(name, data):
    cfa, func = _methods()[name]
    if name == "reading":
        lo, hi, k = data.draw(_INTS), data.draw(_INTS), data.draw(_INTS)
        ir_args, py_args = {"b.lo": lo, "b.hi": hi, "k": k}, {"b": _methods_namespace()["Box"](lo, hi), "k": k}
    else:
        ir_args = py_args = {p: data.draw(_INTS, label=p) for p in ("x", "y", "z")}
    assert ir_outcome(cfa, ir_args) == cpython_outcome(func, py_args)


@functools.cache
def _methods_namespace() -> dict:
    namespace: dict = {}
    exec(METHODS, namespace)
    return namespace


def test_a_method_call_failing_is_a_replayed_no_at_the_methods_line(tmp_path):
    source = METHODS.lstrip("\n").replace("def reading(b: Box, k: int) -> int:\n    return b.width() // k\n", "")
    results = prove_source(tmp_path, source, suffix=".py", check="div", function="accs")
    line = source.splitlines().index("        return self.total // self.count") + 1
    bug = only(results, "div-by-zero", line=line)
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed


@pytest.mark.parametrize("body, message", [
    ("    c = C()\n    c.early(n)\n    return c.v\n", "'early' is not a field"),  # a return in the middle
    ("    c = C()\n    c.again(n)\n    return c.v\n", "'again' is not a field"),  # recursion
    ("    LIMIT = 0\n    c = C()\n    return int(c.big())\n", "'big' is not a field"),  # reads a name f binds
    ("    c = C()\n    return c.plus(n) + 1\n", "'plus' is not a field"),  # arguments inside an expression
    # its local `t` would keep the first call's value where CPython raises UnboundLocalError
    ("    c = C()\n    for k in range(2):\n        c.maybe(k == 0)\n    return c.v\n", "'maybe' is not a field"),
])
def test_method_calls_that_cannot_be_spliced_stay_unsupported(body, message):
    source = ("LIMIT = 3\n\n\nclass C:\n    def __init__(self) -> None:\n        self.v = 0\n\n"
              "    def early(self, n: int) -> None:\n        if n > 0:\n            self.v = 1\n            return\n"
              "        self.v = 2\n\n"
              "    def again(self, n: int) -> None:\n        self.v += 1\n        self.again(n)\n\n"
              "    def big(self) -> bool:\n        return self.v > LIMIT\n\n"
              "    def plus(self, n: int) -> int:\n        return self.v + n\n\n"
              "    def maybe(self, flag: bool) -> None:\n        if flag:\n            t = 1\n        self.v = t\n\n\n"
              f"def f(n: int) -> int:\n{body}")
    fn = parse_python(source, "t.py").functions["f"]
    assert message in fn.unsupported, fn.unsupported


def test_a_plain_class_takes_keywords_by_its_init_parameters_not_its_fields():
    source = ("class P:\n    def __init__(self, a: int, b: int) -> None:\n        self.x = a\n        self.y = b\n\n\n"
              "def f(n: int) -> int:\n    p = P(x=n, y=1)\n    return p.x\n\n\n"  # CPython: TypeError
              "def g(n: int) -> int:\n    p = P(b=1, a=n)\n    return p.x - p.y\n")
    program = parse_python(source, "t.py")
    assert "does not set each field once" in program.functions["f"].unsupported
    assert not program.functions["g"].unsupported
    namespace: dict = {}
    exec(source.split("\n\n\ndef f")[0] + "\n\n\ndef g" + source.split("def g")[1], namespace)
    assert ir_outcome(build_cfa(program, "g"), {"n": 5}) == cpython_outcome(namespace["g"], {"n": 5}) == ("return", 4)


def test_a_lambda_bound_to_a_name_is_a_nested_helper_inlined_where_called(tmp_path):
    source = """
        def f(n: int, d: int) -> int:
            k = 3
            sq = lambda v, w: v * w + k
            half = lambda v: v // d
            r = sq(n, 2) + half(n)
            assert r >= 0 or n < 0
            return r
    """
    results = prove_source(tmp_path, source, suffix=".py", check="assert,div")
    assert only(results, "assert").verdict == Verdict.YES
    bug = only(results, "div-by-zero")
    assert bug.verdict == Verdict.NO and bug.counterexample.confirmed and bug.location.line == 4


def test_sys_maxsize_is_the_constant_of_the_running_cpython(tmp_path):
    import sys

    source = ("import sys\n\n\ndef smallest(xs: list[int]) -> int:\n    best = sys.maxsize\n    for x in xs:\n"
              "        if x < best:\n            best = x\n    return best\n")
    program = parse_python(source, "t.py")
    assert not program.functions["smallest"].unsupported
    cfa = build_cfa(program, "smallest")
    assert ir_outcome(cfa, {"xs": []}) == ("return", sys.maxsize)
    assert ir_outcome(cfa, {"xs": [4, -2]}) == ("return", -2)
