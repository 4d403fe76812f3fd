"""Concrete replay of counterexamples (gcc harness, Python worker) and Hypothesis around them.

C programs here are compiled for real (gcc with UBSan), so each C test builds
one small harness; Program objects are built by hand with the IR (only what
replay reads: source, path, parameters, nondet sites, built-in spans).
"""

from __future__ import annotations

import os
import shutil
import textwrap
import time

import pytest

from verifier import ir
from verifier.crosscheck import c_harness, c_source
from verifier.crosscheck.explore import explore_near, input_strategy, sample_inputs
from verifier.crosscheck.observation import Observation
from verifier.crosscheck.replay_c import CReplayer, replay_c
from verifier.cfa import build_cfa
from verifier.crosscheck.replay_py import PyReplayer, replay_py
from verifier.equivalence import equiv
from verifier.frontends.c import parse_c
from verifier.interpret import run_cfa
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

INT_MAX, INT_MIN = 2**31 - 1, -(2**31)


# ------------------------------------------------------------------ helpers


def _write(tmp_path, name: str, source: str) -> tuple[str, str]:
    text = textwrap.dedent(source).lstrip("\n")
    path = tmp_path / name
    path.write_text(text)
    return str(path), text


def _pos(text: str, needle: str, nth: int = 0, shift: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the `nth` occurrence of `needle`, plus `shift` columns."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += shift
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _line(text: str, needle: str, nth: int = 0) -> int:
    return _pos(text, needle, nth)[0]


def _definition_span(text: str, head: str) -> tuple[int, int, int, int]:
    """The span of the function definition starting with `head`, to its closing brace."""
    start = text.index(head)
    depth, i = 0, text.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            break
    l1, c1 = _pos(text, head)
    l2 = text.count("\n", 0, i) + 1
    c2 = i - (text.rfind("\n", 0, i) + 1) + 1
    return (l1, c1, l2, c2)


def c_program(path: str, text: str, functions: dict[str, list[tuple[str, ir.Type]]],
              bodies: dict[str, list[ir.Stmt]] | None = None,
              builtins: tuple[str, ...] = ()) -> ir.Program:
    """A minimal C Program: functions with parameters (and optional IR bodies
    carrying Nondet sites), `builtins` the heads of built-in definitions."""
    funcs = {}
    for name, params in functions.items():
        line, col = _pos(text, f"{name}(")
        funcs[name] = ir.Function(name, [ir.Param(p, t) for p, t in params], ir.I32,
                                  (bodies or {}).get(name, []), loc=ir.Loc(path, line, col))
    return ir.Program(path, "c", "bv", funcs, text, [_definition_span(text, h) for h in builtins])


def nondet_local(path: str, text: str, declaration: str, name: str, t: ir.Type = ir.I32) -> ir.Assign:
    """The frontend's lowering of an uninitialised local: Assign(x, Nondet) at the identifier."""
    line, col = _pos(text, declaration, shift=declaration.index(name))
    loc = ir.Loc(path, line, col)
    return ir.Assign(name, ir.Nondet(t, "", loc), loc)


# -------------------------------------------------------------------- C replay


@needs_gcc
def test_c_assertion_failure_confirmed_at_its_line_and_not_elsewhere(tmp_path):
    path, text = _write(tmp_path, "a.c", """
        #include <assert.h>
        int f(int x, unsigned y) {
          if (x > 10 && y == 4000000000u)
            assert(x < 20);
          return 0;
        }
    """)
    replayer = CReplayer(c_program(path, text, {"f": [("x", ir.I32), ("y", ir.U32)]}), "f")
    line = _line(text, "assert(x")
    outcome = replayer.replay({"x": 25, "y": 4000000000}, [], "assert", line)
    assert outcome.confirmed, outcome.detail
    assert outcome.observation.line == line
    assert not replayer.replay({"x": 25, "y": 4000000000}, [], "assert", line + 1).confirmed
    assert not replayer.replay({"x": 25, "y": 4000000000}, [], "overflow", line).confirmed
    assert replayer.run({"x": 15, "y": 4000000000}, []).passed
    assert replayer.run({"x": 25, "y": 3}, []).passed


@needs_gcc
def test_c_signed_overflow_confirmed_by_ubsan_and_neighbours_counted(tmp_path):
    path, text = _write(tmp_path, "ov.c", """
        int inc(int x) {
          int y = x + 100;
          return y;
        }
    """)
    program = c_program(path, text, {"inc": [("x", ir.I32)]})
    line = _line(text, "x + 100")
    outcome = replay_c(program, "inc", {"x": INT_MAX}, [], "overflow", line)
    assert outcome.confirmed, outcome.detail
    assert "signed integer overflow" in outcome.observation.detail

    replayer = CReplayer(program, "inc")
    explored = explore_near(replayer.run, {"x": INT_MAX}, [], {"x": ir.I32},
                            lambda o: o.matches("overflow", line), max_examples=30, deadline_s=5)
    assert explored["tried"] >= 5
    assert 0 < explored["failing"] < explored["tried"]  # INT_MAX - 3 overflows, 0 does not


@needs_gcc
def test_c_division_by_zero_and_int_min_by_minus_one(tmp_path):
    path, text = _write(tmp_path, "d.c", """
        int q(int a, int b) {
          int r = a % b;
          return a / b + r;
        }
    """)
    replayer = CReplayer(c_program(path, text, {"q": [("a", ir.I32), ("b", ir.I32)]}), "q")
    mod_line, div_line = _line(text, "a % b"), _line(text, "a / b")
    by_zero = replayer.run({"a": 7, "b": 0}, [])
    assert (by_zero.kind, by_zero.line) == ("div-by-zero", mod_line)
    assert replayer.replay({"a": INT_MIN, "b": -1}, [], "overflow", mod_line).confirmed
    assert replayer.run({"a": INT_MIN, "b": 1}, []).passed
    assert not replayer.replay({"a": INT_MIN, "b": -1}, [], "overflow", div_line).confirmed


@needs_gcc
def test_c_shift_by_too_large_or_negative_amount(tmp_path):
    path, text = _write(tmp_path, "s.c", """
        unsigned sh(unsigned v, int s) {
          return v << s;
        }
    """)
    replayer = CReplayer(c_program(path, text, {"sh": [("v", ir.U32), ("s", ir.I32)]}), "sh")
    line = _line(text, "v << s")
    assert replayer.replay({"v": 1, "s": 32}, [], "shift", line).confirmed
    assert replayer.replay({"v": 1, "s": -1}, [], "shift", line).confirmed
    assert replayer.run({"v": 2**32 - 1, "s": 31}, []).passed  # unsigned wrap is no error


@needs_gcc
def test_c_false_assume_is_infeasible_not_a_failure(tmp_path):
    path, text = _write(tmp_path, "as.c", """
        int g(int x) {
          assume(x > 0);
          __VERIFIER_assert(x != 5);
          return x;
        }
    """)
    replayer = CReplayer(c_program(path, text, {"g": [("x", ir.I32)]}), "g")
    observation = replayer.run({"x": -3}, [])
    assert observation.infeasible and observation.kind is None
    assert observation.line == _line(text, "assume(")
    assert not replayer.replay({"x": -3}, [], "assert", _line(text, "__VERIFIER_assert")).confirmed
    assert replayer.replay({"x": 5}, [], "assert", _line(text, "__VERIFIER_assert")).confirmed


@needs_gcc
def test_c_nondet_values_are_fed_in_call_order(tmp_path):
    path, text = _write(tmp_path, "nd.c", """
        extern int __VERIFIER_nondet_int(void);
        extern unsigned char __VERIFIER_nondet_uchar(void);
        void reach_error(void);
        int main(void) {
          int a = __VERIFIER_nondet_int();
          unsigned char c = __VERIFIER_nondet_uchar();
          int b = __VERIFIER_nondet_int();
          if (a == -1 && c == 200 && b == 2)
            reach_error();
          return 0;
        }
    """)
    replayer = CReplayer(c_program(path, text, {"main": []}), "main")
    line = _line(text, "reach_error();")
    assert replayer.replay({}, [-1, 200, 2], "assert", line).confirmed
    assert replayer.run({}, [2, 200, -1]).passed
    assert replayer.run({}, [-1, 200]).passed  # values past the end are 0


@needs_gcc
def test_svcomp_file_with_its_own_builtins_and_a_div_function(tmp_path):
    path, text = _write(tmp_path, "sv.c", """
        #include <stdlib.h>
        extern void abort(void);
        extern void __assert_fail(const char *, const char *, unsigned int, const char *)
            __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
        void reach_error() { __assert_fail("0", "sv.c", 3, "reach_error"); }
        extern int __VERIFIER_nondet_int(void);
        extern void __VERIFIER_assume(int cond);
        void __VERIFIER_assert(int cond) {
          if (!(cond)) {
            ERROR: {reach_error();abort();}
          }
          return;
        }
        int div(int a, int b) { return a / b; }
        int main() {
          int x = __VERIFIER_nondet_int();
          __VERIFIER_assume(x >= 0);
          __VERIFIER_assert(
              div(100, x) != 25);
          return 0;
        }
    """)
    program = c_program(path, text, {"div": [("a", ir.I32), ("b", ir.I32)], "main": []},
                        builtins=("void reach_error()", "void __VERIFIER_assert(int cond)"))
    replayer = CReplayer(program, "main")
    assert_line = _line(text, "__VERIFIER_assert(\n")
    outcome = replayer.replay({}, [4], "assert", assert_line)
    assert outcome.confirmed, outcome.detail  # the line of the call, not of reach_error's body
    zero = replayer.run({}, [0])
    assert (zero.kind, zero.line) == ("div-by-zero", _line(text, "a / b"))
    assert replayer.run({}, [-4]).infeasible
    assert replayer.run({}, [5]).passed


@needs_gcc
def test_c_uninitialised_locals_take_the_fed_values(tmp_path):
    path, text = _write(tmp_path, "u.c", """
        int h(int n) {
          int x, y;
          long z;
          if (x - y == n && z == -5000000000L)
            reach_error();
          return 0;
        }
    """)
    body = [nondet_local(path, text, "int x, y;", "x"), nondet_local(path, text, "int x, y;", "y"),
            nondet_local(path, text, "long z;", "z", ir.I64)]
    program = c_program(path, text, {"h": [("n", ir.I32)]}, bodies={"h": body})
    replayer = CReplayer(program, "h")
    assert replayer.replay({"n": 7}, [10, 3, -5000000000], "assert", _line(text, "reach_error")).confirmed
    assert replayer.run({"n": 7}, [3, 10, -5000000000]).passed


@needs_gcc
def test_c_non_terminating_input_is_stopped_by_the_timeout(tmp_path):
    path, text = _write(tmp_path, "loop.c", """
        int spin(int x) {
          while (x != 0)
            x = x - 2;
          return x;
        }
    """)
    replayer = CReplayer(c_program(path, text, {"spin": [("x", ir.I32)]}), "spin", timeout_s=0.3)
    start = time.monotonic()
    observation = replayer.run({"x": 3}, [])
    assert observation.timed_out and observation.kind is None
    assert time.monotonic() - start < 2
    assert replayer.run({"x": 4}, []).passed


def test_c_replay_without_gcc_is_unconfirmed_with_a_reason(tmp_path, monkeypatch):
    path, text = _write(tmp_path, "n.c", "int f(int x) { return x + 1; }\n")
    monkeypatch.setattr(c_harness.shutil, "which", lambda name: None)
    outcome = replay_c(c_program(path, text, {"f": [("x", ir.I32)]}), "f", {"x": INT_MAX}, [], "overflow", 1)
    assert not outcome.confirmed
    assert outcome.observation.unavailable and "gcc not found" in outcome.detail


@needs_gcc
def test_c_harness_that_does_not_compile_is_unconfirmed_with_a_reason(tmp_path):
    path, text = _write(tmp_path, "bad.c", "int f(int x) { return x + ; }\n")
    outcome = replay_c(c_program(path, text, {"f": [("x", ir.I32)]}), "f", {"x": 1}, [], "overflow", 1)
    assert not outcome.confirmed and "did not compile" in outcome.detail


@needs_gcc
def test_c_overflow_that_gcc_folds_away_is_confirmed_on_its_operands(tmp_path):
    # gcc folds `x+y == y+x` to 1 before UBSan instruments it: the harness
    # checks each operation itself on the values it has at run time
    results = prove_source(tmp_path, "int f(int x, int y) { return (x+y == y+x); }", check="overflow")
    first = min(results, key=lambda r: r.location.column)
    assert first.verdict == Verdict.NO and first.counterexample.confirmed, first.reason
    x, y = first.counterexample.inputs["x"], first.counterexample.inputs["y"]
    assert not INT_MIN <= x + y <= INT_MAX
    assert f"operands {x} + {y}" in first.counterexample.replay
    assert "UBSan agrees: signed integer overflow" in first.counterexample.replay


@needs_gcc
def test_c_operation_checks_confirm_only_real_undefined_behaviour(tmp_path):
    path, text = _write(tmp_path, "fold.c", """
        int f(int x, int y, int z) {
          int r = x
            * y;
          r -= (x+y == y+x) << 30;
          return r % z - -x;
        }
    """)
    replayer = CReplayer(parse_c(text, path), "f")

    def run(x: int, y: int, z: int) -> Observation:
        return replayer.run({"x": x, "y": y, "z": z}, [])

    assert run(3, 4, 5).passed and run(2**30 + 1, 1, -1).passed and run(-(2**15), 2**15, 1).passed
    product = run(65536, 32768, 1)  # reported at the declarator (as UBSan does) or the operator
    assert product.matches("overflow", 2) and product.matches("overflow", 3)
    assert run(INT_MAX, 1, 1).matches("overflow", 4)  # gcc folds this one away without the checks
    assert run(0, 0, 0).matches("div-by-zero", 5)
    assert run(-(2**15), 2**15, -1).matches("overflow", 5)  # INT_MIN % -1
    assert run(INT_MIN, 0, 1).matches("overflow", 5)  # -INT_MIN
    assert not replayer.notes


@needs_gcc
def test_c_operations_from_macro_expansions_keep_their_meaning(tmp_path):
    path, text = _write(tmp_path, "macro.c", """
        #define SUM x + y
        int f(int x, int y) {
          int r = SUM * 2;
          assert(r != 0);
          return r;
        }
    """)
    replayer = CReplayer(parse_c(text, path), "f")
    assert replayer.run({"x": -4, "y": 2}, []).matches("assert", 4)  # x + (y * 2), not (x + y) * 2
    assert replayer.run({"x": -2, "y": 2}, []).passed


@needs_gcc
def test_c_harness_falls_back_to_ubsan_when_the_operation_checks_do_not_compile(tmp_path, monkeypatch):
    monkeypatch.setattr(c_source, "operation_edits", lambda *args: [(0, 0, "not C (", 0)])
    path, text = _write(tmp_path, "fb.c", "int f(int x) { return x + 1; }\n")
    replayer = CReplayer(parse_c(text, path), "f")
    observation = replayer.run({"x": INT_MAX}, [])
    assert observation.matches("overflow", 1) and "signed integer overflow" in observation.detail
    assert replayer.notes == ["operations checked by UBSan only (their checks did not compile)"]


@needs_gcc
def test_c_uninitialised_bool_takes_its_fed_value_in_order(tmp_path):
    path, text = _write(tmp_path, "b.c", """
        int f(void) {
          _Bool t;
          int x;
          assert(!(t && x == 3));
          return 0;
        }
    """)
    replayer = CReplayer(parse_c(text, path), "f")
    assert replayer.run({}, [1, 3]).matches("assert", 4)
    assert replayer.run({}, [0, 3]).passed and replayer.run({}, [1, 2]).passed


@needs_gcc
def test_c_harness_repeats_the_last_period_of_nondet_values_when_asked(tmp_path):
    path, text = _write(tmp_path, "p.c", """
        int f(void) {
          int a = __VERIFIER_nondet_int(), b = __VERIFIER_nondet_int(), c = __VERIFIER_nondet_int();
          int d = __VERIFIER_nondet_int(), e = __VERIFIER_nondet_int();
          assert(!(a == 1 && b == 2 && c == 3 && d == 2 && e == 3));
          return 0;
        }
    """)
    program = parse_c(text, path)
    binary, error = c_harness.compile_harness(
        c_harness.with_main(c_harness.harness_unit(program, "f", []), c_harness.default_main("f", [])))
    assert binary is not None, error
    fed = ["1", "2", "3"]
    periodic = c_harness.run_harness(binary, fed, 5.0, period=2)
    assert c_harness.classify(periodic.returncode, periodic.stderr.decode()).matches("assert", 4)
    zeros = c_harness.run_harness(binary, fed, 5.0)  # past the end: 0
    assert c_harness.classify(zeros.returncode, zeros.stderr.decode()).passed


@needs_gcc
def test_c_harness_cache_is_keyed_by_the_compiler_version(tmp_path, monkeypatch):
    real = shutil.which("gcc")
    fake = tmp_path / "bin" / "gcc"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\n[ "$1" = --version ] && {{ echo "gcc (fake) 99"; exit 0; }}\nexec {real} "$@"\n')
    fake.chmod(0o755)
    harness = c_harness.with_main("int f(void) { return 0; }\n", "int main(void) { return f(); }\n")
    binary, _ = c_harness.compile_harness(harness)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    other, error = c_harness.compile_harness(harness)
    assert binary is not None and other is not None, error
    assert other != binary  # same source and flags, another gcc: built again


def test_interpreter_int_min_remainder_minus_one_is_overflow():
    program = parse_c("int f(int a, int b) { if (b == 0) return 0; return a % b; }", "m.c")
    run = run_cfa(build_cfa(program, "f"), {"a": INT_MIN, "b": -1}, lambda site, step, t: 0)
    assert run.failure is not None and run.failure[0] == "overflow"
    assert run_cfa(build_cfa(program, "f"), {"a": INT_MIN, "b": 1}, lambda site, step, t: 0).returned == 0


@needs_gcc
def test_c_int_min_remainder_minus_one_is_a_confirmed_no_and_differs_from_python(tmp_path):
    source = "int f(int a, int b) { if (b == 0) return 0; return a % b; }"
    r = only(prove_source(tmp_path, source, check="overflow"), "overflow")
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert r.counterexample.inputs == {"a": INT_MIN, "b": -1}
    c_file = tmp_path / "prog.c"
    py_file = tmp_path / "g.py"
    py_file.write_text("def g(a: int, b: int) -> int:\n    if b == 0:\n        return 0\n    return a % b\n")
    [e] = equiv(f"{c_file}:f", f"{py_file}:g", timeout=10.0)
    assert e.verdict == Verdict.NO and e.counterexample.confirmed, e.reason
    a, b = e.counterexample.inputs["a"], e.counterexample.inputs["b"]
    c_quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # C truncates toward zero
    c_remainder = None if (a, b) == (INT_MIN, -1) else a - b * c_quotient  # INT_MIN % -1 is undefined
    assert b != 0 and c_remainder != a % b


# ---------------------------------------------------------------- Python replay


PY_SOURCE = """
    from verifier import assume


    def f(x, y):
        assume(x > -100)
        if x > 10:
            assert x < 20, "too big"
        return half(x, y)


    def half(a, b):
        return a // b


    def spin(n):
        while n != 0:
            n -= 2
        return n
"""


def test_python_assertion_and_zero_division_confirmed_at_their_lines(tmp_path):
    path, text = _write(tmp_path, "m.py", PY_SOURCE)
    assert_line, div_line = _line(text, "assert x"), _line(text, "a // b")
    with PyReplayer(path, "f") as replayer:
        assert replayer.replay({"x": 30, "y": 1}, "assert", assert_line).confirmed
        assert not replayer.replay({"x": 30, "y": 1}, "assert", assert_line + 1).confirmed
        assert replayer.replay({"x": 3, "y": 0}, "div-by-zero", div_line).confirmed
        assert replayer.run({"x": 3, "y": 2}).passed
    assert replay_py(path, "f", {"x": 3, "y": 0}, "div-by-zero", div_line).confirmed


def test_python_false_assume_is_infeasible(tmp_path):
    path, text = _write(tmp_path, "m.py", PY_SOURCE)
    observation = PyReplayer(path, "f").run({"x": -200, "y": 0})
    assert observation.infeasible and observation.kind is None
    assert observation.line == _line(text, "assume(x")


def test_python_infinite_loop_is_killed_and_the_worker_restarts(tmp_path):
    path, _ = _write(tmp_path, "m.py", PY_SOURCE)
    with PyReplayer(path, "spin", timeout_s=0.3) as replayer:
        start = time.monotonic()
        assert replayer.run({"n": 3}).timed_out
        assert time.monotonic() - start < 3
        assert replayer.run({"n": 4}).passed


def test_python_missing_function_is_unavailable_not_a_crash(tmp_path):
    path, _ = _write(tmp_path, "m.py", PY_SOURCE)
    outcome = replay_py(path, "nope", {}, "assert", 1)
    assert not outcome.confirmed and outcome.observation.unavailable


# ----------------------------------------------------------------- exploration


def _overflow_runner(limit: int):
    """A stand-in for a replayer: `x + y` overflows past `limit`; y < 0 is infeasible."""
    def run(params: dict[str, int], nondet: list[int]) -> Observation:
        if params["y"] < 0:
            return Observation(None, infeasible=True)
        if params["x"] + params["y"] > limit:
            return Observation("overflow", 3)
        return Observation(None)
    return run


def test_explore_counts_only_feasible_neighbours_and_their_failures():
    calls = []
    run = _overflow_runner(INT_MAX)
    recorded = lambda p, n: calls.append((dict(p), list(n))) or run(p, n)  # noqa: E731
    types = {"x": ir.I32, "y": ir.I32}
    result = explore_near(recorded, {"x": INT_MAX, "y": 1}, [7], types,
                          lambda o: o.matches("overflow", 3), max_examples=60)
    feasible = [c for c in calls if c[0]["y"] >= 0]
    assert result["tried"] == len(feasible)
    assert result["failing"] == sum(c[0]["x"] + c[0]["y"] > INT_MAX for c in feasible)
    assert 0 < result["failing"] < result["tried"]
    assert all(INT_MIN <= c[0]["x"] <= INT_MAX for c in calls)
    assert ({"x": INT_MAX, "y": 1}, [7]) not in calls  # the witness itself is not a neighbour
    assert len({(tuple(p.items()), tuple(n)) for p, n in calls}) == len(calls)  # no input twice


def test_explore_is_reproducible_and_respects_its_budget():
    run = _overflow_runner(100)
    args = ({"x": 100, "y": 1}, [], {"x": ir.MATH_INT, "y": ir.MATH_INT}, lambda o: o.kind == "overflow")
    assert explore_near(run, *args) == explore_near(run, *args)

    def slow(params, nondet):
        time.sleep(0.05)
        return run(params, nondet)
    start = time.monotonic()
    explore_near(slow, *args, max_examples=1000, deadline_s=0.3)
    assert time.monotonic() - start < 2


def test_input_strategy_stays_in_range_and_samples_are_distinct():
    types = {"c": ir.I8, "u": ir.U16, "b": ir.BOOL, "m": ir.MATH_INT}
    samples = sample_inputs(types, 25)
    assert len(samples) == 25
    assert len({tuple(s.items()) for s in samples}) == 25
    assert all(list(s) == list(types) for s in samples)
    assert all(-128 <= s["c"] <= 127 and 0 <= s["u"] <= 65535 and s["b"] in (0, 1) for s in samples)
    assert {127, -128} & {s["c"] for s in samples}  # boundaries are favoured
    assert sample_inputs(types, 10) == sample_inputs(types, 10)
    assert input_strategy({}) is not None


@needs_gcc
def test_a_direct_assert_fail_call_replays_as_a_confirmed_no(tmp_path):
    r = only(prove_source(tmp_path, """
        int main() {
            int a = __VERIFIER_nondet_int();
            if (a > 10) { __assert_fail("a", "x.c", 3, "main"); }
            return 0;
        }
    """, check="assert"), "assert")
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample is not None and r.counterexample.confirmed
    assert r.counterexample.nondet[0] > 10


@needs_gcc
def test_a_jump_past_an_initialised_declaration_feeds_the_skipped_value_where_it_lands(tmp_path):
    r = only(prove_source(tmp_path, """
        int main() {
            for (int i = 0; i < 2; i++) {
                if (i == 1) goto check;
                int y = 5;
            check:;
                int z = __VERIFIER_nondet_int();
                assert(y == 5 || z != 7);
            }
            return 0;
        }
    """, check="assert"), "assert")
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample is not None and r.counterexample.confirmed, r.counterexample
    z0, y, z1 = r.counterexample.nondet[:3]  # z, then y at the jump, then z again
    assert y != 5 and z1 == 7


@needs_gcc
def test_a_case_label_past_an_initialised_declaration_feeds_the_skipped_value_in_order(tmp_path):
    r = only(prove_source(tmp_path, """
        int main() {
            int c = __VERIFIER_nondet_int();
            switch (c) {
            case 0:;
                int y = 5;
            case 1:;
                int z = __VERIFIER_nondet_int();
                assert(y == 5 || z != 7);
            }
            return 0;
        }
    """, check="assert"), "assert")
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample is not None and r.counterexample.confirmed, r.counterexample
    c, y, _, z = r.counterexample.nondet[:4]  # c, then y and z as the switch jumps, then z's call
    assert c == 1 and y != 5 and z == 7
