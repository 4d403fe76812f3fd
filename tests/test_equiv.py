"""`verify equiv`: proofs through loops, replayed differences, C/Python, git revisions, usage errors.

Each test writes its two functions inline; helpers `equiv_proved` / `equiv_refuted`
check the verdict and its evidence (a certificate re-checked by z3, a
counterexample both real runs disagree on). The Hypothesis test at the end
builds random small pairs and checks every answer by running both functions.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cli_equiv import equiv as equiv_command
from verifier.equivalence import equiv
from verifier.equivalence.targets import parse_spec
from verifier.errors import InputError
from verifier.result import Result, Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INT_MIN = -(2**31)


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


def equiv_proved(a: str, b: str, timeout: float = 10.0) -> Result:
    [r] = equiv(a, b, timeout=timeout)
    assert r.verdict == Verdict.YES, (r.reason, r.message)
    assert r.certificate is not None and "z3" in r.certificate.checked_by
    return r


def equiv_refuted(a: str, b: str, timeout: float = 10.0) -> Result:
    [r] = equiv(a, b, timeout=timeout)
    assert r.verdict == Verdict.NO, (r.reason, r.message)
    cex = r.counterexample
    assert cex is not None and cex.confirmed, cex
    assert set(cex.outputs) == {"A", "B"} and cex.outputs["A"] != cex.outputs["B"]
    return r


# ----------------------------------------------------------------- proofs


def test_sum_by_for_and_by_while_are_proved_with_a_coupling_invariant(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(n: int) -> int:
            s = 0
            for i in range(n):
                s += i
            return s
        """)
    b = write(tmp_path, "b.py", """
        def g(n: int) -> int:
            s = 0
            i = 0
            while i < n:
                s = s + i
                i = i + 1
            return s
        """)
    r = equiv_proved(a, b)
    assert r.certificate.kind == "coupling-invariant"
    assert "s1 == s2" in r.certificate.text
    assert "termination" in r.certificate.note
    assert r.target.endswith("a.py:f == " + b + ":g")


def test_loop_free_rewrite_is_proved_by_one_query(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(x: int, y: int) -> int:
            return max(x, y) - min(x, y)
        """)
    b = write(tmp_path, "b.py", """
        def g(x: int, y: int) -> int:
            return abs(x - y)
        """)
    r = equiv_proved(a, b)
    assert r.certificate.kind == "bounded" and r.engine == "bmc"


@needs_gcc
def test_a_c_exit_on_a_rare_input_is_never_proved_equal_to_a_return(tmp_path):
    """The engines compare returns only: a side that calls exit() on one input
    (too rare for sampling to meet) was proved equal to one that returns."""
    a = write(tmp_path, "a.c", """
        #include <stdlib.h>
        int f(int x) {
            if (x == 987654) exit(1);
            return x;
        }
        """)
    b = write(tmp_path, "b.c", "int f(int x) {\n    return x;\n}\n")
    [r] = equiv(a, b, timeout=10.0)
    assert r.verdict == Verdict.UNKNOWN
    assert "program exit" in r.reason and "line 3" in r.reason


def test_c_strength_reduction_keeps_overflow_behaviour(tmp_path):
    a = write(tmp_path, "a.c", """
        int f(int n) {
            int s = 0;
            for (int i = 0; i < n; i++) s += 2 * i;
            return s;
        }
        """)
    b = write(tmp_path, "b.c", """
        int g(int n) {
            int s = 0, t = 0;
            for (int i = 0; i < n; i++) { s += t; if (i + 1 < n) t += 2; }
            return s;
        }
        """)
    equiv_proved(a, b, timeout=30.0)  # overflow-aware invariants take Spacer a few seconds


# ------------------------------------------------------------ differences


def test_off_by_one_is_a_difference_with_a_replayed_input(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(n: int) -> int:
            s = 0
            for i in range(n):
                s += i
            return s
        """)
    b = write(tmp_path, "b.py", """
        def g(n: int) -> int:
            s = 0
            for i in range(n + 1):
                s += i
            return s
        """)
    r = equiv_refuted(a, b)
    n = r.counterexample.inputs["n"]
    assert n >= 1
    assert r.counterexample.outputs == {"A": n * (n - 1) // 2, "B": n * (n + 1) // 2}
    assert "python" in r.counterexample.replay
    assert r.counterexample.explored is not None and r.counterexample.explored["tried"] > 0


def test_failing_the_same_way_is_agreement_but_a_removed_assert_is_not(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(x: int) -> int:
            assert x != 3
            return x
        """)
    same = write(tmp_path, "same.py", """
        def g(x: int) -> int:
            if x == 3:
                assert False
            return x
        """)
    removed = write(tmp_path, "removed.py", """
        def g(x: int) -> int:
            return x
        """)
    equiv_proved(a, same)
    r = equiv_refuted(a, removed)
    assert r.counterexample.inputs == {"x": 3}
    assert r.counterexample.outputs["A"].startswith("fails: assert")


def test_a_loop_that_stops_advancing_is_a_termination_difference(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(n: int) -> int:
            s = 0
            i = 0
            while i < n:
                s += i
                i += 1
            return s
        """)
    b = write(tmp_path, "b.py", """
        def g(n: int) -> int:
            s = 0
            i = 0
            while i < n:
                s += i
            return s
        """)
    r = equiv_refuted(a, b)
    assert r.counterexample.outputs["B"] == "does not terminate"


@needs_gcc
def test_c_int_overflow_that_python_does_not_have_is_a_difference(tmp_path):
    a = write(tmp_path, "a.c", """
        int f(int x) {
            return x < 0 ? -x : x;
        }
        """)
    b = write(tmp_path, "b.py", """
        def g(x: int) -> int:
            return abs(x)
        """)
    r = equiv_refuted(a, b)
    assert r.counterexample.inputs == {"x": INT_MIN}
    assert r.counterexample.outputs["A"].startswith("fails: overflow")
    assert r.counterexample.outputs["B"] == 2**31
    assert "gcc" in r.counterexample.replay


@needs_gcc
def test_c_python_domain_is_the_c_one(tmp_path):
    """A C int parameter only takes 32-bit values: a difference outside them is no difference."""
    a = write(tmp_path, "a.c", """
        long f(int x) {
            return x;
        }
        """)
    b = write(tmp_path, "b.py", """
        def g(x: int) -> int:
            if x > 2**40:
                return 0
            return x
        """)
    equiv_proved(a, b)


# ------------------------------------------------------------ git revisions


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin", "HOME": str(repo)})


@needs_git
def test_an_edit_is_checked_against_the_last_commit(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    m = repo / "src" / "m.py"
    m.write_text("def f(x: int) -> int:\n    return 2 * x\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "src/m.py")
    _git(repo, "commit", "-q", "-m", "first")
    m.write_text("def f(x: int) -> int:\n    return x + x\n")
    monkeypatch.chdir(repo)
    r = equiv_proved("src/m.py:f", "HEAD:src/m.py:f")
    assert r.target == "src/m.py:f == HEAD:src/m.py:f"
    m.write_text("def f(x: int) -> int:\n    return x + x + (x == 7)\n")
    r = equiv_refuted("src/m.py", "HEAD:src/m.py")
    assert r.counterexample.inputs == {"x": 7}
    with pytest.raises(InputError) as err:
        equiv("src/m.py", "HEAD:src/missing.py")
    assert err.value.path == "HEAD:src/missing.py" and "cannot read" in err.value.message


def test_specs_split_into_revision_path_and_function(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.c").write_text("int f(int x) { return x; }\n")
    assert parse_spec("m.c") == ("", "m.c", None)
    assert parse_spec("m.c:f") == ("", "m.c", "f")
    assert parse_spec("HEAD:m.c") == ("HEAD", "m.c", None)
    assert parse_spec("HEAD~2:src/m.c:g") == ("HEAD~2", "src/m.c", "g")


# ------------------------------------------------------------ usage errors


def test_mismatched_signatures_are_a_usage_error_exit_2(tmp_path):
    a = write(tmp_path, "a.c", "int f(int x, int y) { return x + y; }\n")
    b = write(tmp_path, "b.c", "int g(int x) { return x; }\n")
    result = CliRunner().invoke(equiv_command, [f"{a}:f", f"{b}:g"])
    assert result.exit_code == 2
    assert "f takes (int x, int y) but g takes (int x)" in result.output


def test_a_file_with_several_functions_needs_a_name(tmp_path):
    a = write(tmp_path, "a.py", "def f(x: int) -> int:\n    return x\n\ndef h(x: int) -> int:\n    return x\n")
    b = write(tmp_path, "b.py", "def g(x: int) -> int:\n    return x\n")
    result = CliRunner().invoke(equiv_command, [a, b])
    assert result.exit_code == 2
    assert "2 functions in the file (f, h)" in result.output


# ------------------------------------------------- soundness by running both

_ATOMS = st.sampled_from(["x", "y", "1", "2", "3", "-1"])
_OPS = st.sampled_from(["+", "-", "*", "//", "%", "max", "min"])


@st.composite
def _expr(draw, depth: int = 2) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(_ATOMS)
    op = draw(_OPS)
    left, right = draw(_expr(depth - 1)), draw(_expr(depth - 1))
    if op in ("max", "min"):
        return f"{op}({left}, {right})"
    return f"({left} {op} {right})"


@st.composite
def _function(draw) -> str:
    """A small function of x, y: straight-line, a branch, or a short loop."""
    shape = draw(st.sampled_from(["expr", "branch", "loop"]))
    e1, e2 = draw(_expr()), draw(_expr())
    if shape == "expr":
        return f"    return {e1}\n"
    if shape == "branch":
        cond = draw(st.sampled_from(["x < y", "x == 2", "y > 0", "x % 2 == 0"]))
        return f"    if {cond}:\n        return {e1}\n    return {e2}\n"
    bound = draw(st.sampled_from(["3", "x % 4", "abs(y) % 3"]))
    return f"    s = 0\n    for i in range({bound}):\n        s += {e1}\n    return s + {e2}\n"


def _call(source: str, name: str, x: int, y: int):
    scope: dict = {}
    exec(source, scope)
    try:
        return ("return", scope[name](x, y))
    except ZeroDivisionError:
        return ("fail", "div-by-zero")


@pytest.mark.slow
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(_function(), _function())
def test_random_pairs_answers_hold_when_both_functions_run(tmp_path_factory, body_a, body_b):
    tmp = tmp_path_factory.mktemp("pair")
    src_a = f"def f(x: int, y: int) -> int:\n{body_a}"
    src_b = f"def g(x: int, y: int) -> int:\n{body_b}"
    a = write(tmp, "a.py", src_a)
    b = write(tmp, "b.py", src_b)
    [r] = equiv(a, b, timeout=4.0)
    if r.verdict == Verdict.NO:
        x, y = r.counterexample.inputs["x"], r.counterexample.inputs["y"]
        assert _call(src_a, "f", x, y) != _call(src_b, "g", x, y)
    elif r.verdict == Verdict.YES:
        for x in range(-6, 7):
            for y in (-5, -1, 0, 1, 2, 7):
                assert _call(src_a, "f", x, y) == _call(src_b, "g", x, y), (x, y)
