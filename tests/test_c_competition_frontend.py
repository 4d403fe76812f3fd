"""Constructs of the competition's C tasks the frontend took in for bench/competition_c/:
global arrays of any size (zeros, then the nonzero initial elements), variable-length
arrays ``T a[n];`` and ``alloca`` blocks (stack blocks: never NULL, never leaked, not
freeable), pointer differences ``p - q``, and what stays unsupported around them (see
`verifier.frontends.c_heap`); valid GNU C outside the subset (bit-fields, a designated
initialiser overriding an earlier item, compound literals, statement expressions) is
unsupported where used, never a syntax error of the whole file."""

from __future__ import annotations

import random
import shutil

import pytest

from verifier import ir
from verifier.config import parse_checks
from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.load import load_program
from verifier.proving import prove_paths
from verifier.result import Verdict

from tests.helpers import assert_answered

PRELUDE = "extern int __VERIFIER_nondet_int(void);\nextern void __VERIFIER_assume(int);\nextern void free(void *);\n"


def test_a_global_array_of_any_size_is_zeros_then_its_nonzero_elements():
    main = parse_c("int a[100000] = {0, 7, 0, 9};\nint main(void) { return a[3]; }", "t.c", "bv").functions["main"]
    assert not main.unsupported
    inits = [s.value for s in main.body if isinstance(s, ir.Assign) and s.target == "a"]
    assert isinstance(inits[0], ir.Const) and inits[0].value == 0 and inits[0].type.size == 100000
    assert [(s.index.value, s.value.value) for s in inits[1:]] == [(1, 7), (3, 9)]


@pytest.mark.parametrize("decl, body, words", [
    ("struct s { unsigned a : 3; int b; };", "struct s v; v.b = 1; return v.b;", "bit-field 'a : 3' of 'struct s'"),
    ("int g[3] = {[1] = 5, [1] = 6};", "return g[1];", "initialiser item '[1] = 6' overriding an earlier one"),
    ("struct p { int x; int y; };", "struct p v = {.y = 2, .x = 1, 3}; return v.y;", "overriding an earlier one"),
    ("", "return ({ int t = 3; t; });", "GNU statement expression"),
    ("", "return (int){3};", "compound literal '(int){3}'"),
])
def test_valid_gnu_c_outside_the_subset_makes_only_its_function_unsupported(decl, body, words):
    prog = parse_c(f"{decl}\nint main(void) {{ int x = 1; return x; }}\nint f(void) {{ {body} }}\n", "t.c", "bv")
    assert not prog.functions["main"].unsupported
    assert words in prog.functions["f"].unsupported and prog.functions["f"].unsupported.startswith("unsupported")


VERDICTS = [
    # a large global array: zeros but where written
    ("int a[5000];\nint main(void) {\n  int k = __VERIFIER_nondet_int(), j = __VERIFIER_nondet_int();\n"
     "  __VERIFIER_assume(0 <= k && k < 5000 && 0 <= j && j < 5000 && j != k);\n  a[j] = 5;\n"
     "  __VERIFIER_assert(a[k] == 0);\n  return 0;\n}", "assert", Verdict.YES, ""),
    ("int a[5000] = {1};\nint main(void) {\n  int k = __VERIFIER_nondet_int();\n"
     "  __VERIFIER_assume(0 <= k && k < 5000);\n  __VERIFIER_assert(a[k] == 0);\n  return 0;\n}",
     "assert", Verdict.NO, ""),
    # a VLA: its n cells, not one more
    ("int main(void) {\n  int n = __VERIFIER_nondet_int();\n  __VERIFIER_assume(n > 0 && n <= 8);\n  int a[n];\n"
     "  a[n - 1] = 3;\n  __VERIFIER_assert(a[n - 1] == 3);\n  return 0;\n}", "assert,bounds,null", Verdict.YES, ""),
    ("int main(void) {\n  int n = __VERIFIER_nondet_int();\n  __VERIFIER_assume(n > 0 && n <= 8);\n  int a[n];\n"
     "  a[n] = 3;\n  return 0;\n}", "bounds", Verdict.NO, ""),
    # alloca: never NULL, no leak, but not freeable
    ("int main(void) {\n  int n = __VERIFIER_nondet_int();\n  __VERIFIER_assume(n > 0 && n <= 8);\n"
     "  int *p = __builtin_alloca(n * sizeof(int));\n  p[n - 1] = 1;\n  return p[0] * 0;\n}",
     "bounds,null,free,use-after-free,leak", Verdict.YES, ""),
    ("int main(void) {\n  int *p = __builtin_alloca(2 * sizeof(int));\n  p[1] = 1;\n  free(p);\n  return 0;\n}",
     "free", Verdict.NO, ""),
    # a pointer difference counts elements, within one object
    ("int main(void) {\n  char buf[6];\n  char *p = buf;\n  int k = __VERIFIER_nondet_int();\n"
     "  __VERIFIER_assume(0 <= k && k <= 5);\n  p = p + k;\n  __VERIFIER_assert(p - buf == k);\n  return 0;\n}",
     "assert,bounds", Verdict.YES, ""),
    ("int main(void) {\n  int buf[6];\n  int *p = buf;\n  int k = __VERIFIER_nondet_int();\n"
     "  __VERIFIER_assume(0 <= k && k <= 5);\n  p = p + k;\n  __VERIFIER_assert(p - buf != 3);\n  return 0;\n}",
     "assert", Verdict.NO, ""),
    # a pointer to an inlined callee's own array does not outlive the call: never a yes (its
    # use-after-free: `c_lifetimes`)
    ("int *get(int k) {\n  int a[4];\n  a[0] = k;\n  return a;\n}\nint main(void) {\n  int *p = get(3);\n"
     "  return p[0];\n}", "bounds,use-after-free", Verdict.UNKNOWN, "did not replay"),
    # one block per site: a repeated site, and sizeof of a VLA, stay unsupported
    ("int main(void) {\n  int s = 0;\n  for (int i = 0; i < 3; i++) {\n    int *p = __builtin_alloca(sizeof(int));\n"
     "    *p = i;\n    s += *p;\n  }\n  return s;\n}", "bounds", Verdict.UNKNOWN, "inside a loop or after a label"),
    ("int main(void) {\n  int n = __VERIFIER_nondet_int();\n  __VERIFIER_assume(n > 0 && n <= 8);\n  int a[n];\n"
     "  return sizeof(a);\n}", "bounds", Verdict.UNKNOWN, "'sizeof(a)' of a variable-length array"),
]


def write(tmp_path, body: str) -> str:
    path = tmp_path / "t.c"
    assert_def = "void __VERIFIER_assert(int c) { if (!c) { ERROR: __VERIFIER_error(); } }\n"
    path.write_text(PRELUDE + "extern void __VERIFIER_error(void);\n" + assert_def + body + "\n")
    return str(path)


@pytest.mark.parametrize("body, checks, verdict, reason", VERDICTS)
def test_competition_constructs_are_answered(tmp_path, body, checks, verdict, reason):
    path = write(tmp_path, body)
    results = prove_paths([path], None, parse_checks(checks), None, 8.0)
    assert_answered(results, verdict, 5)
    for r in results:
        if r.verdict == Verdict.UNKNOWN:
            assert reason and reason in r.reason


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
@pytest.mark.parametrize("body", [body for body, _, verdict, _ in VERDICTS if verdict == Verdict.YES])
def test_proved_programs_do_not_fail_when_run(tmp_path, body):
    """The yes answers against gcc's sanitizer builds, on nondet values around the sizes' bounds."""
    replayer = CReplayer(load_program(write(tmp_path, body), None, "LP64"), "main")
    values = [0, 1, 2, 5, 7, 8, 9, -1, 4999, 5000, 2**31 - 1]
    rng = random.Random(body)
    feasible = 0
    for _ in range(8):
        observed = replayer.run({}, [rng.choice(values) for _ in range(4)])
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, observed.describe()
        feasible += observed.passed
    assert feasible > 0
