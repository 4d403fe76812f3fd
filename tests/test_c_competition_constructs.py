"""Constructs of competition-style C tasks taken in this session: pointer walks ``*p++``,
``*--p`` (the step and the value before or after it), designated initialisers (``.f = v``,
``[k] = v``, nested ``.a.b[1] = v``), the block functions ``memset``/``memcpy``/``memmove``
of constant sizes (on arrays, blocks and one struct) and the address of a global scalar. Each answer against the real program: a no's counterexample is confirmed
by gcc's sanitizer build, a yes program runs without failure on nondet values around its bounds."""

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

PRELUDE = ("extern int __VERIFIER_nondet_int(void);\nextern void __VERIFIER_assume(int);\n"
           "extern void __VERIFIER_error(void);\nextern void *malloc(unsigned long);\nextern void free(void *);\n"
           "extern void *memset(void *, int, unsigned long);\n"
           "extern void *memcpy(void *, const void *, unsigned long);\n"
           "extern void *memmove(void *, const void *, unsigned long);\n"
           "void __VERIFIER_assert(int c) { if (!c) { ERROR: __VERIFIER_error(); } }\n")
#: the lines of PRELUDE (results on them are the assert helper's)
PRELUDE_LINES = PRELUDE.count("\n")

MEMORY = "bounds,null,free,use-after-free"

VERDICTS = [
    # pointer walks
    ("int main(void) {\n  int a[3] = {1, 2, 3}, b[3];\n  int *s = a, *d = b;\n"
     "  for (int i = 0; i < 3; i++) *d++ = *s++;\n  __VERIFIER_assert(b[2] == 3 && d == b + 3);\n  return 0;\n}",
     "assert", Verdict.YES),
    ("int main(void) {\n  int a[3] = {7, 8, 9};\n  int *p = a;\n  int *q = p++;\n  int *r = ++p;\n"
     "  __VERIFIER_assert(*q == 7 && *r == 9 && r == p);\n  return 0;\n}", "assert", Verdict.YES),
    ("int main(void) {\n  int a[4] = {1, 2, 3, 4};\n  int *p = a + 4, s = 0;\n  while (p != a) s += *--p;\n"
     "  __VERIFIER_assert(s != 10);\n  return 0;\n}", "assert", Verdict.NO),
    ("int main(void) {\n  int a[3] = {1, 2, 3};\n  int *p = a + 2;\n  int x = *p--;\n  int y = *p--;\n"
     "  __VERIFIER_assert(x + y == 4);\n  return 0;\n}", "assert", Verdict.NO),
    ("int main(void) {\n  int a[4];\n  int *p = a;\n  for (int i = 0; i <= 4; i++) *p++ = i;\n  return 0;\n}",
     MEMORY, Verdict.NO),
    ("int main(void) {\n  int a[3] = {1, 2, 3};\n  int *p = a;\n  int s = 0;\n"
     "  if (__VERIFIER_nondet_int() > 0) s = *--p;\n  return s;\n}", MEMORY, Verdict.NO),
    ("int main(void) {\n  char s[] = \"abcd\";\n  char *p = s;\n  int n = 0;\n  while (*p++) n++;\n"
     "  __VERIFIER_assert(n == 4);\n  return 0;\n}", "assert", Verdict.YES),
    # designated initialisers
    ("int g[8] = {[2] = 5, [5] = 7, 8};\nint main(void) {\n  int l[] = {[3] = 1};\n"
     "  __VERIFIER_assert(g[2] == 5 && g[6] == 8 && g[7] == 0 && sizeof(l) == 4 * sizeof(int) && l[3] == 1);\n"
     "  return 0;\n}", "assert", Verdict.YES),
    ("struct cfg { int a; int b; int c[3]; };\nint main(void) {\n  int x = __VERIFIER_nondet_int();\n"
     "  struct cfg k = { .c = {1, x}, .a = 2 };\n  __VERIFIER_assert(k.b == 0 && k.a == 2 && k.c[2] == 0);\n"
     "  __VERIFIER_assert(k.c[1] != 3);\n  return 0;\n}", "assert", Verdict.NO),
    ("typedef struct { int id; int w; } item;\nitem tab[] = { [1] = { .w = 4 }, [3] = { 9, 1 } };\n"
     "struct inner { int v[2]; };\nstruct outer { struct inner in; int tag; };\n"
     "struct outer o = { .in.v[1] = 3, .tag = 1, .in.v[0] = 2 };\nint m[2][3] = { [1] = {4, 5}, [0][2] = 6 };\n"
     "int main(void) {\n  int s = 0;\n  for (int i = 0; i < 4; i++) s += tab[i].w + tab[i].id;\n"
     "  __VERIFIER_assert(s == 14 && sizeof(tab) == 4 * sizeof(item));\n"
     "  __VERIFIER_assert(o.in.v[0] == 2 && o.in.v[1] == 3 && o.tag == 1);\n"
     "  __VERIFIER_assert(m[1][1] == 5 && m[0][2] == 6 && m[1][2] == 0);\n  return 0;\n}", "assert", Verdict.YES),
    # block functions
    ("int main(void) {\n  int a[3]; unsigned short u[2]; unsigned char c[2]; long x = 5;\n"
     "  memset(a, -1, sizeof(a)); memset(u, 0xAB, sizeof(u)); memset(c, 257, 2); memset(&x, 0, sizeof(x));\n"
     "  __VERIFIER_assert(a[2] == -1 && u[1] == 0xABAB && c[0] == 1 && x == 0);\n  return 0;\n}",
     "assert", Verdict.YES),
    ("int main(void) {\n  int a[6] = {1, 2, 3, 4, 5, 6};\n  memmove(a + 1, a, 3 * sizeof(int));\n"
     "  __VERIFIER_assert(a[0] == 1 && a[1] == 1 && a[2] == 2 && a[3] == 3 && a[4] == 5);\n  return 0;\n}",
     "assert", Verdict.YES),
    ("int main(void) {\n  int src[4], dst[4];\n  for (int i = 0; i < 4; i++) src[i] = __VERIFIER_nondet_int();\n"
     "  memcpy(dst, src, sizeof(src));\n  __VERIFIER_assert(dst[3] != 42);\n  return 0;\n}", "assert", Verdict.NO),
    ("int main(void) {\n  int a[4];\n  memset(a, 0, 5 * sizeof(int));\n  return a[0];\n}", MEMORY, Verdict.NO),
    ("int main(void) {\n  char *p = malloc(8);\n  if (!p) return 0;\n  free(p);\n  memset(p, 1, 8);\n  return 0;\n}",
     MEMORY, Verdict.NO),
    ("int main(void) {\n  int *p = malloc(6 * sizeof(int));\n  if (!p) return 0;\n  memset(p, 0, 6 * sizeof(int));\n"
     "  int r = p[5];\n  free(p);\n  return r;\n}", MEMORY, Verdict.YES),
    # the address of a global scalar
    ("int g;\nvoid f(void) { int *p = &g; *p = 7; }\nint main(void) {\n  g = 1;\n"
     "  if (__VERIFIER_nondet_int()) f();\n  __VERIFIER_assert(g != 7);\n  return 0;\n}", "assert", Verdict.NO),
    ("int g;\nint *where(void) { return &g; }\nvoid set(int *p, int v) { *p = v; }\nint main(void) {\n"
     "  g = 1;\n  set(where(), 7);\n  __VERIFIER_assert(g == 7);\n  return 0;\n}", "assert", Verdict.YES),
    # block functions on one struct
    ("struct node { int val; struct node *next; };\nint main(void) {\n  struct node *n = malloc(sizeof(struct node));\n"
     "  if (!n) return 0;\n  memset(n, 0, sizeof(*n));\n  if (n->next) n->next->val = 1;\n  free(n);\n  return 0;\n}",
     MEMORY, Verdict.YES),
    ("struct st { unsigned char c; short s; int a[2]; };\nint main(void) {\n  struct st x;\n  memset(&x, 1, sizeof(x));\n"
     "  __VERIFIER_assert(x.c == 1 && x.s == 257 && x.a[1] == 16843009);\n  return 0;\n}", "assert", Verdict.YES),
    ("struct pt { int x, y; };\nint main(void) {\n  struct pt a, b;\n  a.x = __VERIFIER_nondet_int(); a.y = 2;\n"
     "  memcpy(&b, &a, sizeof(struct pt));\n  __VERIFIER_assert(b.x != 5);\n  return 0;\n}", "assert", Verdict.NO),
]


def write(tmp_path, body: str) -> str:
    path = tmp_path / "t.c"
    path.write_text(PRELUDE + body + "\n")
    return str(path)


@pytest.mark.parametrize("body, checks, verdict", VERDICTS)
def test_competition_constructs_are_answered(tmp_path, body, checks, verdict):
    results = prove_paths([write(tmp_path, body)], None, parse_checks(checks), None, 30.0)  # slack for a loaded machine
    assert_answered(results, verdict, PRELUDE_LINES)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
@pytest.mark.parametrize("body", [body for body, _, verdict in VERDICTS if verdict == Verdict.YES])
def test_proved_programs_do_not_fail_when_run(tmp_path, body):
    replayer = CReplayer(load_program(write(tmp_path, body), None, "LP64"), "main")
    rng = random.Random(body)
    for _ in range(4):
        observed = replayer.run({}, [rng.choice([0, 1, -1, 42, 2**31 - 1]) for _ in range(4)])
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, observed.describe()


def _stores(source: str, name: str) -> dict[int, int]:
    main = parse_c(source, "t.c", "bv").functions["main"]
    assert not main.unsupported, main.unsupported
    return {s.value.index.value: s.value.value.value for s in main.body
            if isinstance(s, ir.Assign) and s.target == name and isinstance(s.value, ir.Store)}


def test_a_designator_sets_the_position_of_the_items_after_it():
    assert _stores("int main(void) { int a[6] = {1, [3] = 4, 5, [1] = 2}; return a[0]; }", "a") == {
        0: 1, 1: 2, 2: 0, 3: 4, 4: 5, 5: 0}


@pytest.mark.parametrize("decl, words", [
    ("int a[3] = {[1] = 5, [1] = 6};", "initialiser item '[1] = 6' overriding an earlier one"),
    ("struct p { int x; int y; } v = {.y = 2, .x = 1, 3};", "initialiser item '3' overriding an earlier one"),
    ("int m[2][2] = {[1] = 5};", "designated initialiser with brace elision '5'"),
])
def test_an_override_or_elision_after_a_designator_stays_unsupported(decl, words):
    main = parse_c(f"int main(void) {{ {decl} return 0; }}", "t.c", "bv").functions["main"]
    assert words in main.unsupported


@pytest.mark.parametrize("decl, message", [
    ("struct p { int x; } v = {.z = 1};", "'struct p' has no member named 'z'"),
    ("int a[3] = {[3] = 1};", "array index 3 in initialiser exceeds the array's bounds"),
])
def test_a_designator_outside_its_object_is_an_error(decl, message):
    with pytest.raises(Exception) as err:
        parse_c(f"int main(void) {{ {decl} return 0; }}", "t.c", "bv")
    assert message in str(err.value)


@pytest.mark.parametrize("call, words", [
    ("int n = __VERIFIER_nondet_int(); memset(a, 0, n);", "its size must be a constant number of whole elements"),
    ("memset(a, 0, 3);", "its size must be a constant number of whole elements"),
    ("int v = __VERIFIER_nondet_int(); memset(a, v, 4);", "its value must be a constant"),
    ("char c[8]; memcpy(a, c, 8);", "between blocks of different element types"),
    ("if (memset(a, 0, 4)) return 1;", "the value of 'memset(a, 0, 4)'"),
    ("struct pt { int x, y; } s; memset(&s, 0, 4);", "on a struct, the size must be the struct's"),
    ("struct n { struct n *next; } s; memset(&s, 1, sizeof(s));", "a nonzero byte in a pointer field"),
])
def test_block_calls_outside_the_subset_stay_unsupported(call, words):
    main = parse_c(PRELUDE + f"int main(void) {{ int a[4]; {call} return 0; }}", "t.c", "bv").functions["main"]
    assert words in main.unsupported


@pytest.mark.parametrize("call, column, verdict", [
    ("memcpy(b, \"hi\", 4);", 3, Verdict.NO),  # reads a fourth byte of "hi": ASan confirms it
    ("memcpy(a + 1, a, 3 * sizeof(int));", 17, None),  # overlapping: a check of its own, at the source argument
])
def test_a_memcpy_overlap_is_a_check_of_its_own_never_a_confirmed_no(tmp_path, call, column, verdict):
    body = f"int main(void) {{\n  char b[8];\n  int a[6] = {{1, 2, 3, 4, 5, 6}};\n  {call}\n  return a[3];\n}}"
    results = prove_paths([write(tmp_path, body)], None, parse_checks(MEMORY), None, 30.0)
    failing = [r for r in results if r.verdict != Verdict.YES]
    assert [(r.location.line, r.location.column) for r in failing] == [(PRELUDE_LINES + 4, column)]
    if verdict == Verdict.NO:
        assert failing[0].verdict == Verdict.NO and failing[0].counterexample.confirmed
    else:  # ASan reports memcpy-param-overlap, which no check replays: unknown, never a no
        assert failing[0].verdict == Verdict.UNKNOWN and "overlapping blocks" in failing[0].message
