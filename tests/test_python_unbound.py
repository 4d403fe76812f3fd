"""UnboundLocalError as a check (`unbound`): a local read before any binding on some path.

Each no is replayed by a real call (CPython must raise UnboundLocalError, or
NameError for a free variable, at the read's line); a function whose every
read is definitely bound gets no check at all; the lowering is run against
CPython on Hypothesis-generated function shapes.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.arrays import zero_of
from verifier.cfa import build_cfa
from verifier.config import DEFAULT_CHECKS, parse_checks
from verifier.crosscheck.replay_py import PyReplayer
from verifier.frontends.python import parse_python
from verifier.interpret import run_cfa
from verifier.result import Verdict

from .helpers import only, prove_source

SOURCE = """
def main(c: int) -> int:
    if c > 0:
        x = 1
    return x


def then_assert(c: int) -> int:
    if c > 0:
        x = 1
    y = x + 1
    assert y == 2
    return y


def guarded(xs: list[int]) -> int:
    found = False
    for v in xs:
        if v > 3:
            found = True
            k = v
    if found:
        return k
    return 0


def both_branches(c: int) -> int:
    if c > 0:
        x = 1
    else:
        x = 2
    while True:
        y = x
        if c < 5:
            break
        c -= 1
    return x + y


def after_range(n: int) -> int:
    for i in range(n):
        pass
    return i


def counted(c: int) -> int:
    if c > 3:
        s = 0
    s += 1
    return s


def helper(c: int) -> int:
    def add(v: int) -> int:
        return v + k
    if c > 2:
        k = 1
    return add(c)


def caught(c: int) -> int:
    if c > 0:
        x = c
    try:
        y = x
    except NameError:
        y = 0
    return y


def listed(c: int) -> int:
    if c > 0:
        xs = [1, 2]
    return len(xs)


def dropped(c: int) -> int:
    x = c
    if c > 3:
        del x
    return -x


def appended(c: int) -> int:
    if c > 0:
        xs = [1]
    xs.append(2)
    return len(xs)
"""


def _line(text: str) -> int:
    """The line of SOURCE (as written to the file) holding `text`."""
    lines = textwrap.dedent(SOURCE).lstrip("\n").splitlines()
    return next(k + 1 for k, line in enumerate(lines) if line.strip() == text)


@pytest.fixture(scope="module")
def by_target(tmp_path_factory) -> dict[str, list]:
    """SOURCE's results (proved once), by function."""
    found: dict[str, list] = {}
    for r in prove_source(tmp_path_factory.mktemp("unbound"), SOURCE, suffix=".py", check="unbound,assert",
                          timeout=6):
        found.setdefault(r.target.rsplit(":", 1)[1], []).append(r)
    return found


def test_unbound_reads_are_checked_where_they_may_fail(by_target):
    for name, read, value, ok in [("main", "return x", "c", lambda c: c <= 0),
                                  ("then_assert", "y = x + 1", "c", lambda c: c <= 0),
                                  ("after_range", "return i", "n", lambda n: n <= 0),
                                  ("counted", "s += 1", "c", lambda c: c <= 3),
                                  ("helper", "return v + k", "c", lambda c: c <= 2),
                                  ("listed", "return len(xs)", "c", lambda c: c <= 0),
                                  ("dropped", "return -x", "c", lambda c: c > 3)]:
        r = only(by_target[name], "unbound")
        assert r.verdict == Verdict.NO and r.counterexample.confirmed, (name, r.reason)
        assert r.location.line == _line(read) and ok(r.counterexample.inputs[value]), (name, r.counterexample.inputs)
    assert only(by_target["main"], "unbound").message.startswith(
        "UnboundLocalError: cannot access local variable 'x'")
    assert only(by_target["helper"], "unbound").message.startswith("NameError: cannot access free variable 'k'")
    assert only(by_target["then_assert"], "assert").verdict == Verdict.YES  # checked only where x is bound


def test_safe_reads_are_proved_or_not_checked(by_target):
    assert only(by_target["guarded"], "unbound").verdict == Verdict.YES  # `found = False` first: k read only if bound
    assert "both_branches" not in by_target  # every read definitely bound: no check, no cost
    assert all(r.check != "unbound" or r.verdict != Verdict.NO for r in by_target.get("caught", []))


def test_a_possibly_unbound_list_changed_in_place_is_unsupported(by_target):
    r = only(by_target["appended"], "unbound")
    assert r.verdict == Verdict.UNKNOWN and "a use of 'xs', which may be unbound here" in r.reason


def test_replay_blames_the_read_even_in_a_warm_function(tmp_path):
    """CPython 3.11 reports the line before the read once the function has run often
    (a store and the load after it run as one instruction); the replay reports the read's."""
    path = tmp_path / "warm.py"
    path.write_text("def f(c: int) -> int:\n    if c > 0:\n        y = 1\n    x = c\n    z = y + x\n    return z\n")
    with PyReplayer(str(path), "f") as replayer:
        for _ in range(30):
            replayer.run({"c": 1})
        observed = replayer.run({"c": 0})
    assert (observed.kind, observed.line) == ("unbound", 5)


def test_unbound_is_a_default_check_selectable_by_name():
    assert "unbound" in DEFAULT_CHECKS and parse_checks("unbound") == ("unbound",)


# ---------------------------------------------------------------- against CPython

_LEAF = st.sampled_from(["x = c", "y = x + 1", "x = y * 2", "x += 1", "y = c - 1", "c -= 1", "x = h(c)",
                        "del x", "del c"])


def _blocks(inner):
    guard = st.integers(-1, 2).map(lambda k: f"if c > {k}:")
    return st.one_of(
        st.tuples(guard, inner, inner).map(lambda t: [t[0], *_indent(t[1]), "else:", *_indent(t[2])]),
        st.tuples(guard, inner).map(lambda t: [t[0], *_indent(t[1])]),
        st.tuples(st.sampled_from(["break", "continue"]), inner).map(
            lambda t: ["for i in range(c):", *_indent(["if i > 1:", "    " + t[0]] + t[1])]),
        st.tuples(inner, inner).map(lambda t: ["try:", *_indent(t[0]), "except NameError:", *_indent(t[1])]),
    )


_BODY = st.recursive(st.lists(_LEAF.map(lambda s: [s]), min_size=1, max_size=3).map(lambda ls: sum(ls, [])),
                     lambda inner: st.lists(st.one_of(_LEAF.map(lambda s: [s]), _blocks(inner)), min_size=1,
                                            max_size=3).map(lambda ls: sum(ls, [])), max_leaves=6)


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _cpython(source: str, c: int) -> tuple:
    """CPython's run of `source`'s ``f(c)``, compiled afresh: CPython 3.11 may blame the
    line before an unbound read once a function is quickened (after some calls)."""
    scope: dict = {}
    exec(compile(source, "gen.py", "exec"), scope)
    try:
        return ("return", scope["f"](c))
    except NameError as e:  # UnboundLocalError too
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        return ("unbound", tb.tb_lineno)


@settings(max_examples=40, deadline=None)
@given(_BODY, st.sampled_from(["x", "y"]))
def test_lowered_reads_fail_exactly_where_cpython_raises(body, returned):
    dead = ["def h(v: int) -> int:", "    return v + y",  # a nested helper reading y when called
            "if c > 9:", "    x = 0", "    y = 0"]  # makes both names locals, binds nothing for c < 4
    source = "\n".join(["def f(c: int) -> int:", *_indent(dead + body + [f"return {returned}"])]) + "\n"
    program = parse_python(source, "gen.py")
    assert not program.functions["f"].unsupported, program.functions["f"].unsupported
    cfa = build_cfa(program, "f")
    for c in range(-1, 4):
        run = run_cfa(cfa, {"c": c}, lambda site, step, t: zero_of(t), trace=False)
        got = (run.failure[0], run.failure[1].line) if run.failure is not None else ("return", run.returned)
        assert got == _cpython(source, c), (textwrap.indent(source, "  "), c)
