"""Contracts (icontract, deal, PEP 316 docstrings) read from the source, proved, refuted and replayed."""

from __future__ import annotations

import importlib.util
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.frontends.python import parse_python
from verifier.result import Verdict

from .helpers import only, prove_source

CHECKS = "assert,div,raise,postcondition,precondition"


def _prove(tmp_path, source: str, **kw):
    return prove_source(tmp_path, source, suffix=".py", check=CHECKS, **kw)


def _load(tmp_path, source: str, name: str = "contracted"):
    """Import `source` for real (the contract libraries must be installed)."""
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ICONTRACT_BUG = """
    import icontract


    @icontract.require(lambda x: x >= 0)
    @icontract.ensure(lambda result, x: result > x)
    def step(x: int) -> int:
        if x == 7:
            return x
        return x + 1
    """


def test_icontract_postcondition_bug_is_refuted_and_replayed(tmp_path):
    r = only(_prove(tmp_path, ICONTRACT_BUG), "postcondition")
    assert r.verdict == Verdict.NO and r.location.line == 5 and r.message == "result > x"
    assert r.counterexample.inputs == {"x": 7} and r.counterexample.confirmed
    assert "postcondition at line 5" in r.counterexample.replay


def test_the_real_icontract_function_fails_where_verify_says(tmp_path):
    icontract = pytest.importorskip("icontract")
    module = _load(tmp_path, ICONTRACT_BUG)
    with pytest.raises(icontract.ViolationError, match="result > x"):
        module.step(7)
    with pytest.raises(icontract.ViolationError, match="x >= 0"):
        module.step(-1)  # outside the precondition: verify never reports it


def test_icontract_old_values_and_entry_arguments_through_a_loop_are_proved(tmp_path):
    r = only(_prove(tmp_path, """
        import icontract


        @icontract.require(lambda y: y >= 0)
        @icontract.snapshot(lambda x: x, name="start")
        @icontract.ensure(lambda result, OLD, y: result == OLD.start + y)
        def add(x: int, y: int) -> int:
            while y > 0:
                x += 1
                y -= 1
            return x
        """), "postcondition")
    assert r.verdict == Verdict.YES, r.reason


def test_arguments_in_a_postcondition_are_the_values_passed(tmp_path):
    r = only(_prove(tmp_path, """
        import icontract


        @icontract.ensure(lambda result, x: result == 2 * x)
        def double(x: int) -> int:
            y = x
            x = 0
            return 2 * y
        """), "postcondition")
    assert r.verdict == Verdict.YES, r.reason


def test_deal_recursive_function_is_proved_through_its_own_contract(tmp_path):
    results = _prove(tmp_path, """
        import deal


        @deal.pre(lambda n: n >= 0)
        @deal.post(lambda r: r >= 1)
        def fact(n: int) -> int:
            if n == 0:
                return 1
            return n * fact(n - 1)
        """)
    assert only(results, "postcondition").verdict == Verdict.YES
    pre = only(results, "precondition")
    assert pre.verdict == Verdict.YES and pre.location.line == 9 and pre.message == "fact: n >= 0"


def test_deal_ensure_bug_is_replayed_and_the_real_deal_agrees(tmp_path):
    source = """
        import deal


        @deal.pre(lambda _: _.lo <= _.hi)
        @deal.ensure(lambda lo, hi, result: lo <= result <= hi)
        def middle(lo: int, hi: int) -> int:
            return (lo + hi) // 2 + 1
        """
    r = only(_prove(tmp_path, source), "postcondition")
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    inputs = r.counterexample.inputs
    assert inputs["lo"] == inputs["hi"]  # the only inputs where the midpoint + 1 leaves the range
    deal = pytest.importorskip("deal")
    module = _load(tmp_path, source, "middle_real")
    with pytest.raises(deal.PostContractError):
        module.middle(inputs["lo"], inputs["hi"])


def test_pep316_docstring_contract_with_old_and_return(tmp_path):
    results = _prove(tmp_path, '''
        def twice(x: int) -> int:
            """Double a positive number.

            pre: x > 0
            post: __return__ == __old__.x * 2
            post: _ > 1
            """
            y = x
            x = 0
            return y * 2
        ''')
    posts = [r for r in results if r.check == "postcondition"]
    assert [(r.location.line, r.verdict) for r in posts] == [(5, Verdict.YES), (6, Verdict.YES)]
    assert posts[0].location.column == 11 and posts[0].message == "__return__ == __old__.x * 2"


def test_precondition_of_a_callee_is_checked_at_the_call(tmp_path):
    results = _prove(tmp_path, """
        import icontract


        @icontract.require(lambda x: x >= 0)
        @icontract.ensure(lambda result: result >= 1)
        def inc(x: int) -> int:
            return x + 1


        def careless(y: int) -> int:
            return inc(y)


        def careful(y: int) -> int:
            r = inc(abs(y))
            assert r >= 1
            return r
        """)
    bad = only([r for r in results if r.target.endswith(":careless")], "precondition")
    assert bad.verdict == Verdict.NO and bad.counterexample.inputs["y"] < 0 and bad.counterexample.confirmed
    assert bad.location.line == 11 and "precondition at line 11" in bad.counterexample.replay
    good = [r for r in results if r.target.endswith(":careful")]
    assert {r.check: r.verdict for r in good} == {"precondition": Verdict.YES, "assert": Verdict.YES}


def test_raise_is_a_failing_check_with_the_exception_and_its_message(tmp_path):
    r = only(_prove(tmp_path, """
        def checked(a: int) -> int:
            if a < -5:
                raise ValueError("too small")
            return a
        """), "raise")
    assert r.verdict == Verdict.NO and r.message == "ValueError: too small" and r.location.line == 3
    assert r.counterexample.inputs["a"] < -5 and "raise at line 3" in r.counterexample.replay


@pytest.mark.parametrize("declaration", [
    '    """:raises ValueError: when a is negative"""',
    '    """Check a.\n\n    raises: ValueError, KeyError\n    """',
    '    """Check a.\n\n    Raises:\n        ValueError: when a is negative\n    """',
    '    """Check a.\n\n    Raises\n    ------\n    ArithmeticError\n        never\n    ValueError\n        when a < 0\n    """',
])
def test_a_declared_exception_is_not_a_failure(tmp_path, declaration):
    source = f"def checked(a: int) -> int:\n{declaration}\n    if a < 0:\n        raise ValueError('neg')\n" \
             "    assert a >= 0\n    return a\n"
    results = _prove(tmp_path, source)
    assert not [r for r in results if r.check == "raise"]
    assert only(results, "assert").verdict == Verdict.YES


def test_deal_raises_declares_and_a_caller_must_declare_too(tmp_path):
    prog = parse_python(textwrap.dedent("""
        import deal


        @deal.raises(ZeroDivisionError)
        def ratio(a: int, b: int) -> int:
            return a // b


        def user(a: int) -> int:
            return ratio(a, a - 1)


        def declared(a: int) -> int:
            '''pre: a > 5
            raises: ArithmeticError
            '''
            return ratio(a, a - 1)
        """), "t.py")
    assert not prog.functions["ratio"].unsupported
    assert "may raise ZeroDivisionError (declared there, not here)" in prog.functions["user"].unsupported
    assert not prog.functions["declared"].unsupported


def test_try_except_catches_the_checks_it_names(tmp_path):
    results = _prove(tmp_path, """
        def safe_ratio(a: int, b: int) -> int:
            try:
                q = a // b
                if q > 100:
                    raise OverflowError("big")
            except ZeroDivisionError:
                q = 0
            except ArithmeticError:
                q = 100
            assert q <= 100
            return q


        def leaky(a: int, b: int) -> int:
            try:
                q = a // b
            except ValueError:
                q = 0
            return q
        """)
    safe = [r for r in results if r.target.endswith(":safe_ratio")]
    assert safe and all(r.verdict == Verdict.YES for r in safe), [(r.check, r.reason) for r in safe]
    leak = only([r for r in results if r.target.endswith(":leaky")], "div-by-zero")
    assert leak.verdict == Verdict.NO and leak.counterexample.inputs["b"] == 0


@pytest.mark.parametrize("body, message", [
    ("try:\n        pass\n    finally:\n        pass", "try statement with a finally clause"),
    ("try:\n        y = g(x)\n    except ValueError:\n        pass", "a call (line 3) inside a try statement"),
    ("try:\n        pass\n    except ValueError as e:\n        y = e", "the caught exception 'e' is used"),
    ("raise", "bare 'raise' outside a handler"),
])
def test_exception_constructs_outside_the_subset(body, message):
    src = f"def g(x):\n    return x\n\ndef f(x):\n    y = 0\n    {body}\n    return 1\n"
    fn = parse_python(src.replace("(line 3)", "(line 7)"), "t.py").functions["f"]
    assert message.replace("(line 3)", "(line 7)") in fn.unsupported


@pytest.mark.parametrize("source, message", [
    ("import functools\n@functools.cache\ndef f(x):\n    return x\n", "decorator '@functools.cache'"),
    ("import icontract\n@icontract.require(check)\ndef f(x):\n    return x\n", "whose condition is not a lambda"),
    ("import icontract\n@icontract.require(lambda y: y > 0)\ndef f(x):\n    return x\n",
     "contract lambda parameter 'y' is not a parameter"),
    ('def f(x):\n    """post: __return__ > limit"""\n    return x\n', "the contract reads 'limit'"),
    ('def f(x):\n    """pre: x >\n    """\n    return x\n', "is not a Python expression"),
])
def test_contracts_verify_cannot_read_make_the_function_unsupported(source, message):
    prog = parse_python(source, "t.py")
    assert message in prog.functions["f"].unsupported


def test_contracts_are_read_without_importing_the_libraries(tmp_path):
    source = textwrap.dedent(ICONTRACT_BUG).lstrip("\n").replace("import icontract", "import icontract as ic") \
        .replace("@icontract.", "@ic.")
    prog = parse_python(source, "t.py")
    assert prog.replay_facts["contracts"]["step"]["post"][0]["code"] == "result > x"
    assert not prog.functions["step"].unsupported


CLAMP = """
    import icontract


    @icontract.require(lambda lo, hi: lo <= hi)
    @icontract.ensure(lambda result, lo, hi: lo <= result <= hi)
    @icontract.ensure(lambda result, x, lo, hi: result == x or not lo <= x <= hi)
    def clamp(x: int, lo: int, hi: int) -> int:
        if x < lo:
            return lo
        if x > hi:
            return hi
        return x
    """


def test_a_proved_postcondition_is_proved(tmp_path):
    posts = [r for r in _prove(tmp_path, CLAMP) if r.check == "postcondition"]
    assert [r.verdict for r in posts] == [Verdict.YES, Verdict.YES], [r.reason for r in posts]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.integers(), st.integers(), st.integers())
def test_the_real_icontract_function_never_violates_what_verify_proves(tmp_path_factory, x, a, b):
    pytest.importorskip("icontract")
    module = _load(tmp_path_factory.getbasetemp(), CLAMP, "clamp_real")
    lo, hi = min(a, b), max(a, b)
    assert lo <= module.clamp(x, lo, hi) <= hi  # icontract checks both postconditions on every call


def test_declared_exceptions_must_be_declared_by_every_caller_up_the_chain():
    prog = parse_python(textwrap.dedent('''
        def parse(x: int) -> int:
            """:raises ValueError: if negative"""
            if x < 0:
                raise ValueError("negative")
            return x


        def middle(x: int) -> int:
            """:raises ValueError: from parse"""
            return parse(x) + 1


        def top(x: int) -> int:
            return middle(x)
        '''), "t.py")
    assert not prog.functions["middle"].unsupported
    assert "call to 'middle', which may raise ValueError" in prog.functions["top"].unsupported


def test_a_handler_that_only_reraises_leaves_the_check_where_cpython_reports_it(tmp_path):
    results = _prove(tmp_path, """
        def ratio(a: int, b: int) -> int:
            try:
                q = a // b
            except ZeroDivisionError:
                raise
            except ArithmeticError:
                q = 0
            return q
        """)
    r = only(results, "div-by-zero")
    assert r.verdict == Verdict.NO and r.location.line == 3 and r.counterexample.inputs["b"] == 0
    assert r.counterexample.confirmed


def test_contracts_over_lists_at_the_definition_and_at_a_call(tmp_path):
    results = _prove(tmp_path, """
        import icontract


        @icontract.require(lambda xs: len(xs) > 0)
        @icontract.ensure(lambda result, xs: all(result >= x for x in xs))
        def wrong_biggest(xs: list[int]) -> int:
            best = xs[0]
            for i in range(1, len(xs) - 1):
                if xs[i] > best:
                    best = xs[i]
            return best


        def user(xs: list[int]) -> int:
            return wrong_biggest(xs)
        """)
    post = only([r for r in results if r.target.endswith(":wrong_biggest")], "postcondition")
    xs = post.counterexample.inputs["xs"]
    assert post.verdict == Verdict.NO and post.counterexample.confirmed
    assert xs[-1] > max(xs[:-1])  # only the last item is skipped
    pre = only([r for r in results if r.target.endswith(":user")], "precondition")
    assert pre.verdict == Verdict.NO and pre.counterexample.inputs["xs"] == []


def test_a_postcondition_the_installed_library_does_not_reject_is_not_confirmed(tmp_path):
    """The worker shows a broken postcondition to the installed library too: when the
    reading it was given and the library differ, nothing is confirmed."""
    pytest.importorskip("icontract")
    from verifier.crosscheck.replay_py import PyReplayer

    path = tmp_path / "lenient.py"
    path.write_text("import icontract\n\n\n@icontract.ensure(lambda result: result >= 0)\n"
                    "def ident(x: int) -> int:\n    return x\n")
    read = parse_python(path.read_text(), str(path)).replay_facts
    strict = {**read, "contracts": {"ident": {**read["contracts"]["ident"], "post": [
        {**read["contracts"]["ident"]["post"][0], "code": "result > 0", "text": "result > 0"}]}}}
    with PyReplayer(str(path), "ident", facts=read) as replayer:
        assert replayer.run({"x": -1}).kind == "postcondition"  # the library rejects it too
    with PyReplayer(str(path), "ident", facts=strict) as replayer:
        seen = replayer.run({"x": 0})
    assert seen.kind == "exception" and "accepted its result" in seen.detail
