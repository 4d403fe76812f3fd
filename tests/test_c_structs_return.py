"""A struct returned by value from a call (``s = make(i, s)``, ``struct pair b = bump(a);``):
the callee is inlined where its value is copied, and every verdict is checked against gcc."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

TYPES = "struct pair { int x; int y[2]; };\n"


def test_a_function_returning_a_struct_is_inlined_in_its_callers():
    program = parse_c(TYPES + "struct pair make(int a) { struct pair r = {a, {1, 2}}; return r; }\n"
                      "int f(int a) { struct pair p = make(a); p = make(p.x + 1); return p.y[1]; }\n", "t.c")
    assert not program.function("f").unsupported
    assert "returns a struct (it is inlined where it is called" in program.function("make").unsupported


def test_a_member_of_a_struct_result_is_unsupported():
    src = (TYPES + "struct pair make(struct pair p) { p.x++; return p; }\n"
           "int f(void) { struct pair a = {0}; return make(a).x; }\n")
    assert "member access through 'make(a)'" in parse_c(src, "t.c").function("f").unsupported


def test_a_recursive_function_returning_a_struct_is_unsupported_in_its_caller():
    src = (TYPES + "struct pair down(struct pair p) { if (p.x > 0) { p.x--; p = down(p); } return p; }\n"
           "int f(void) { struct pair a = {3}; a = down(a); return a.x; }\n")
    assert "recursive call of 'down'" in parse_c(src, "t.c").function("f").unsupported


@needs_gcc
@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(-2, 2), dx=st.integers(-2, 2), target=st.integers(-4, 4), early=st.booleans())
def test_struct_result_verdicts_agree_with_gcc_runs_on_every_input(tmp_path_factory, cut, dx, target, early):
    """The callee's two returns copy different fields: yes only if no input makes the
    gcc-compiled program fail the assertion, no only with an input that does."""
    other = "r.x = a + 1; return r;" if early else "r.y[1] = a;"
    source = (TYPES + "struct pair make(int a, struct pair p) {\n  struct pair r = p;\n"
              f"  if (a > {cut}) {{ r.x = a + {dx}; return r; }}\n  {other}\n  return r;\n}}\n"
              "int f(int i, int j) {\n  __VERIFIER_assume(-3 <= i && i <= 3 && -3 <= j && j <= 3);\n"
              "  struct pair s = {j, {i, j}};\n  s = make(i, s);\n"
              f"  __VERIFIER_assert(s.x + s.y[1] != {target});\n  return 0;\n}}\n")
    tmp = tmp_path_factory.mktemp("sret")
    here = [r for r in prove_source(tmp, source, check="assert", function="f") if r.check == "assert"]
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "f")
    failing = [(i, j) for i in range(-3, 4) for j in range(-3, 4)
               if runner.run({"i": i, "j": j}, []).matches("assert", 12)]
    assert len(here) == 1
    r = here[0]
    if r.verdict == Verdict.NO:
        assert (r.counterexample.inputs["i"], r.counterexample.inputs["j"]) in failing
    else:
        assert r.verdict == Verdict.YES, r.reason
        assert not failing
