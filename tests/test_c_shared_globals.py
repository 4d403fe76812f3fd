"""Globals that helper functions read and assign (SV-COMP's state-in-globals style), and
static locals (`verifier.frontends.c_static_locals`, globals of one function): the helpers
are inlined where they are called (`verifier.frontends.c_shared_globals`), so the entry
function's checks are answered; the yes answers are run with gcc on
nondet values, and every no is a confirmed counterexample."""

from __future__ import annotations

import random
import shutil

import pytest

from verifier.config import parse_checks
from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.frontends.c_shared_globals import inlined_for_globals
from verifier.load import load_program
from verifier.proving import prove_paths
from verifier.result import Verdict

from tests.helpers import assert_answered

PRELUDE = ("extern int __VERIFIER_nondet_int(void);\nextern void __VERIFIER_error(void);\n"
           "void __VERIFIER_assert(int c) { if (!c) { ERROR: __VERIFIER_error(); } }\n")

VERDICTS = [
    # a counter bumped by a helper: 2 a call
    ("int counter = 0;\nvoid step(void) { counter += 2; }\nint main(void) {\n"
     "  int n = __VERIFIER_nondet_int();\n  step();\n  if (n > 0) step();\n"
     "  __VERIFIER_assert(counter == 2 || (n > 0 && counter == 4));\n  return 0;\n}",
     "assert", Verdict.YES),
    # the helper's write is seen by the caller: not 2n + 1
    ("int counter = 0;\nvoid step(void) { counter += 2; }\nint main(void) {\n"
     "  int n = __VERIFIER_nondet_int();\n  if (n < 0 || n > 50) return 0;\n"
     "  for (int i = 0; i < n; i++) step();\n  __VERIFIER_assert(counter != 6);\n  return 0;\n}",
     "assert", Verdict.NO),
    # a helper reading the global another helper assigns, through a helper calling it
    ("int state;\nvoid set(int v) { state = v; }\nint get(void) { return state; }\n"
     "int twice(void) { return get() + get(); }\nint main(void) {\n  int v = __VERIFIER_nondet_int();\n"
     "  if (v < 0 || v > 9) return 0;\n  set(v);\n  __VERIFIER_assert(twice() != 12);\n  return 0;\n}",
     "assert", Verdict.NO),
    # a global array and its top, pushed by a helper
    ("int stack[4];\nint top = 0;\nvoid push(int v) {\n  if (top < 4) {\n    stack[top] = v;\n    top++;\n  }\n}\n"
     "int main(void) {\n  push(1);\n  push(2);\n  __VERIFIER_assert(top == 2 && stack[1] == 2);\n  return 0;\n}",
     "assert,bounds", Verdict.YES),
    # a static local keeps its value between calls: 6 then 7, initialised once
    ("int next(void) {\n  static int x = 5;\n  x++;\n  return x;\n}\nint main(void) {\n  int a = next();\n"
     "  int b = next();\n  __VERIFIER_assert(a == 6 && b == 7);\n  return 0;\n}", "assert", Verdict.YES),
    ("int next(void) {\n  static int x;\n  x++;\n  return x;\n}\nint main(void) {\n  int s = 0;\n"
     "  for (int i = 0; i < 3; i++) s += next();\n  __VERIFIER_assert(s != 6);\n  return 0;\n}", "assert", Verdict.NO),
    # a static array local, and one in main itself
    ("int main(void) {\n  static int seen[3];\n  seen[1] = 4;\n  __VERIFIER_assert(seen[0] + seen[1] + seen[2] == 4);\n"
     "  return 0;\n}", "assert,bounds", Verdict.YES),
    # two functions' statics of one name are not hoisted: unsupported
    ("int f(void) {\n  static int n;\n  return ++n;\n}\nint g(void) {\n  static int n;\n  return ++n;\n}\n"
     "int main(void) {\n  __VERIFIER_assert(f() == g());\n  return 0;\n}", "assert", Verdict.UNKNOWN),
    # the competition's ECA shape: a labelled error in the helper that updates the state (no goto targets it)
    ("int a1 = 1;\nint calc(int in) {\n  if (a1 == 1 && in == 2) { a1 = 2; return 1; }\n"
     "  if (a1 == 2 && in == 3) { a1 = 3; return 1; }\n  if (a1 == 3) {\n  error_0: __VERIFIER_error();\n  }\n"
     "  return -2;\n}\nint main(void) {\n  while (1) {\n    int in = __VERIFIER_nondet_int();\n"
     "    if (in != 2 && in != 3) return 0;\n    calc(in);\n  }\n}", "assert", Verdict.NO),
    # a helper with a goto is not inlined: unsupported
    ("int g;\nvoid f(void) {\n  g++;\n  if (g > 2) goto out;\n  g++;\nout:\n  return;\n}\n"
     "int main(void) {\n  f();\n  __VERIFIER_assert(g == 2);\n  return 0;\n}", "assert", Verdict.UNKNOWN),
    # a recursive helper assigning a global stays unsupported
    ("int depth;\nvoid down(int n) {\n  if (n > 0) {\n    depth++;\n    down(n - 1);\n  }\n}\n"
     "int main(void) {\n  down(3);\n  __VERIFIER_assert(depth == 3);\n  return 0;\n}",
     "assert", Verdict.UNKNOWN),
]


def write(tmp_path, body: str) -> str:
    path = tmp_path / "t.c"
    path.write_text(PRELUDE + body + "\n")
    return str(path)


def test_only_called_functions_sharing_an_assigned_global_are_inlined():
    src = ("int g;\nint k = 3;\nint read_k(void) { return k; }\nvoid bump(void) { g++; }\n"
           "int uses_bump(void) { bump(); return 0; }\nint main(void) { uses_bump(); return g + read_k(); }")
    prog = parse_c(src, "t.c", "bv")
    assert not prog.functions["main"].unsupported
    assert not prog.functions["read_k"].unsupported  # k is never assigned: a constant
    for name in ("bump", "uses_bump"):
        assert "inlined where it is called" in prog.functions[name].unsupported


def test_an_uncalled_function_is_never_inlined():
    from lark import Tree, Token
    body = Tree("compound_stmt", [Tree("assign", [Tree("var", [Token("IDENTIFIER", "g")]),
                                                  Tree("assign_op", [Token("ASSIGN", "=")]),
                                                  Tree("int_lit", [Token("INT_LIT", "1")])])])
    assert inlined_for_globals({"main": body}, {"g": ("global", "g", None)}) == {}


@pytest.mark.parametrize("body, checks, verdict", VERDICTS)
def test_programs_with_shared_globals_are_answered(tmp_path, body, checks, verdict):
    results = prove_paths([write(tmp_path, body)], None, parse_checks(checks), None, 8.0)
    assert_answered(results, verdict, 3)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
@pytest.mark.parametrize("body", [body for body, _, verdict in VERDICTS if verdict == Verdict.YES])
def test_proved_programs_with_shared_globals_do_not_fail_when_run(tmp_path, body):
    replayer = CReplayer(load_program(write(tmp_path, body), None, "LP64"), "main")
    rng = random.Random(body)
    for _ in range(6):
        observed = replayer.run({}, [rng.choice([0, 1, 3, 7, 50, -1, 51]) for _ in range(2)])
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, observed.describe()


@pytest.mark.parametrize("src, hoisted", [
    ("enum { K = 1 };\ntypedef int T;\nint f(void) { static T s = K; s++; return s; }\n"
     "int main(void) { return f(); }", True),
    # the function redeclares K: at file scope the initialiser would read the other K
    ("enum { K = 1 };\nint f(void) { enum { K = 5 }; static int s = K; s++; return s; }\n"
     "int main(void) { return f(); }", False),
    # another function names s too
    ("int g(void) { int s = 2; return s; }\nint f(void) { static int s; return ++s; }\n"
     "int main(void) { return f() + g(); }", False),
])
def test_a_static_local_is_a_global_only_where_its_names_mean_the_same_at_file_scope(src, hoisted):
    prog = parse_c(src, "t.c", "bv")
    assert ("inlined where it is called" in prog.functions["f"].unsupported) == hoisted
    assert ("static local variable 's'" in prog.functions["f"].unsupported) == (not hoisted)
    assert bool(prog.functions["main"].unsupported) == (not hoisted)
