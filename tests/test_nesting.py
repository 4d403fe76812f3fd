"""Deep nesting never crashes: each too-deep function is unknown (with where),
a file CPython cannot compile is one positioned error, the rest is answered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from verifier import equiv
from verifier.errors import InputError
from verifier.ir import Assign, Binary, Const, If, Loc, MATH_INT, Var
from verifier.irutil import too_deep
from verifier.load import MAX_EXPRESSION_DEPTH, MAX_NESTING, load_program
from verifier.result import Verdict

from .helpers import prove_source

HALF = "int g(int a) { return a / 2; }\n"


def nested_ifs_c(depth: int, inner: str = "x = x - 1;") -> str:
    return ("int f(int x) {\n" + "if (x > 0) {\n" * depth + inner + "\n" + "}\n" * depth
            + "return x;\n}\n" + HALF)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_too_deep_names_the_first_node_past_the_limit():
    here = Loc("t.c", 3, 7)
    x = Var("x", MATH_INT, Loc("t.c", 3, 9))
    body = [If(Binary("gt", x, Const(0, MATH_INT), MATH_INT, here), [Assign("x", x, Loc("t.c", 4, 1))], [], here)]
    assert too_deep(body, 3) is None
    assert too_deep(body, 2) == Loc("t.c", 3, 9)  # `x` in the condition, 3 levels down
    # the constant condition has no location of its own: its `if` names it
    assert too_deep([If(Const(1, MATH_INT), body, [], Loc("t.c", 2, 1))], 1) == Loc("t.c", 2, 1)
    # expressions alone: `x` is the second level of the condition, counted from its `if`
    assert too_deep(body, 9, expression_limit=2) is None
    assert too_deep(body, 9, expression_limit=1) == Loc("t.c", 3, 9)


def test_1000_nested_ifs_are_unknown_with_a_position_and_the_other_function_is_answered(tmp_path):
    path = write(tmp_path, "deep.c", nested_ifs_c(1000))
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", path, "--no-cache", "--timeout", "5"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 3, p.stderr
    assert "INTERNAL ERROR" not in p.stderr and "Traceback" not in p.stderr
    assert f"nested more than {MAX_NESTING} levels deep" in p.stdout
    assert f"{path}:{MAX_NESTING}:" in p.stdout  # the first node past the limit
    assert "yes: 3 yes" not in p.stdout and "div-by-zero" in p.stdout


def test_nesting_just_below_the_limit_is_still_answered(tmp_path):
    depth = MAX_NESTING - 10
    results = prove_source(tmp_path, nested_ifs_c(depth, "__VERIFIER_assert(x != 7);"), check="assert",
                           function="f")
    (r,) = results
    assert r.verdict == Verdict.NO and r.counterexample is not None and r.counterexample.confirmed


@pytest.mark.parametrize("source, deep_line", [
    ("int f(int x) {\nreturn " + "+".join(["x"] * 20_000) + ";\n}\n" + HALF, 1),
    ("int f(int x) {\nreturn " + "+".join(["x"] * 1_000) + ";\n}\n" + HALF, 2),
    ("int f(int x) {\nreturn " + "+".join(["x"] * (MAX_EXPRESSION_DEPTH + 5)) + ";\n}\n" + HALF, 2),
    ("def f(x: int) -> int:\n    return " + "+".join(["x"] * 1_000) + "\n\n"
     "def g(a: int) -> int:\n    return a // 2\n", 2),
], ids=["c-20000-terms", "c-1000-terms", "c-305-terms", "python-1000-terms"])
def test_long_expressions_make_only_their_function_unsupported(tmp_path, source, deep_line):
    suffix = ".py" if source.startswith("def") else ".c"
    program = load_program(write(tmp_path, "long" + suffix, source))
    f, g = program.functions["f"], program.functions["g"]
    assert "nested" in f.unsupported and f.unsupported_loc.line == deep_line
    assert not g.unsupported and g.body


def test_5000_nested_parentheses_in_c_are_answered(tmp_path):
    source = "int f(int x) {\nreturn " + "(" * 5000 + "x + 1" + ")" * 5000 + ";\n}\n"
    results = prove_source(tmp_path, source, check="overflow")
    (r,) = results  # x + 1 overflows; whether gcc replays 5,000 parentheses is not the point here
    assert r.verdict != Verdict.YES and r.counterexample is not None and "Recursion" not in r.reason


@pytest.mark.parametrize("source, line, column, words", [
    ("def f(x: int) -> int:\n    return " + "+".join(["x"] * 20_000) + "\n", 2, 12, "too deeply nested"),
    ("def f(x: int) -> int:\n    return " + "(" * 5000 + "x" + ")" * 5000 + "\n", 2, 212, "parentheses"),
    ("def f(x: int) -> int:\n" + "".join("    " * (i + 1) + "if x > 0:\n" for i in range(1000))
     + "    " * 1001 + "x = x - 1\n    return x\n", 101, 1, "indentation"),
], ids=["sum-20000-terms", "parentheses-5000", "if-1000"])
def test_python_that_cpython_cannot_compile_is_one_positioned_error(tmp_path, source, line, column, words):
    with pytest.raises(InputError) as info:
        load_program(write(tmp_path, "deep.py", source))
    err = info.value
    assert (err.kind, err.line, err.column) == ("syntax", line, column) and words in err.message


def test_equivalence_of_an_expression_at_the_depth_limit_is_answered(tmp_path):
    terms = MAX_EXPRESSION_DEPTH - 5
    a = write(tmp_path, "a.py", "def f(x: int) -> int:\n    return " + "+".join(["x"] * terms) + "\n")
    b = write(tmp_path, "b.py", f"def f(x: int) -> int:\n    return {terms} * x\n")
    (r,) = equiv(f"{a}:f", f"{b}:f", timeout=10)
    assert r.verdict == Verdict.YES, r.reason
