"""The end of a C local's lifetime (`verifier.frontends.c_lifetimes`): a pointer to a
local used after its block, its loop iteration or its (inlined) function ended fails
``use-after-free``, confirmed by AddressSanitizer's stack-use-after-scope/-return where
ASan sees it (a block's local, not an earlier iteration's nor an inlined callee's: see
the cases); a pointer not used after its object's lifetime keeps the program's yes;
where such a pointer may be kept untracked, the function is refused."""

from __future__ import annotations

import shutil

import pytest

from verifier.config import parse_checks
from verifier.crosscheck.c_harness import classify
from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.load import load_program
from verifier.proving import prove_paths
from verifier.result import Verdict

CHECKS = parse_checks("bounds,null,use-after-free")
needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")

#: (program, line of the access through a dead pointer, ASan sees it)
DEAD = [
    # a block's local
    ("int main(void) {\n  int *p = 0;\n  { int a = 5; p = &a; }\n  return *p;\n}", 4, True),
    # a loop body's local, after the loop
    ("int main(void) {\n  int *p = 0;\n  for (int i = 0; i < 2; i++) { int a = i; if (i == 0) p = &a; }\n"
     "  return *p;\n}", 4, True),
    # a local array of an inner block, through pointer arithmetic
    ("int main(void) {\n  int *p = 0;\n  { int a[4] = {1, 2, 3, 4}; p = a + 1; }\n  p = p + 1;\n  return *p;\n}",
     5, True),
    # an inlined callee's local: in a returned struct, through an out-parameter (ASan sees
    # it only with detect_stack_use_after_return, which the harness leaves off)
    ("struct s { int *p; };\nstruct s mk(void) { int a = 3; struct s r; r.p = &a; return r; }\n"
     "int main(void) {\n  struct s v = mk();\n  return *v.p;\n}", 5, False),
    ("struct s { int *p; };\nvoid set(struct s *o) { int a = 3; o->p = &a; }\n"
     "int main(void) {\n  struct s v;\n  set(&v);\n  return *v.p;\n}", 6, False),
    # an earlier iteration's local (ASan reuses the slot: not seen)
    ("int main(void) {\n  int *p = 0, x = 0;\n  for (int i = 0; i < 2; i++) {\n    int a = i;\n"
     "    if (i == 1) x = *p;\n    p = &a;\n  }\n  return x;\n}", 5, False),
]

SAFE = [
    # tested, not dereferenced, after the block
    "int main(void) {\n  int *p = 0, r = 0;\n  { int a = 5; p = &a; r = *p; }\n  if (p) r += 1;\n  return r;\n}",
    # used within its block, pointer arithmetic included, kept in an array of that block
    "struct s { int *p; };\nint main(void) {\n  int x = 1;\n"
    "  { int b[2] = {1, 2}; int *p = &b[1]; p--; struct s arr[2]; arr[1].p = p; x = *arr[1].p; }\n  return x;\n}",
    # each iteration's own local; a callee returning the caller's object
    "int *id(int *q) { int a = *q; return q; }\n"
    "int main(void) {\n  int x = 0;\n  for (int i = 0; i < 2; i++) { int a = i; int *p = &a; *p = 3; x += a; }\n"
    "  int *q = id(&x);\n  return *q;\n}",
]


@needs_gcc
@pytest.mark.parametrize("source, line, seen", DEAD)
def test_an_access_after_the_lifetime_ended_is_never_yes(tmp_path, source, line, seen):
    path = tmp_path / "t.c"
    path.write_text(source + "\n")
    results = prove_paths([str(path)], None, CHECKS, None, 8.0)
    at = {r.check: r for r in results if r.location.line == line}
    assert Verdict.YES != at["use-after-free"].verdict, [(r.check, r.verdict.value, r.reason) for r in results]
    if seen:
        r = at["use-after-free"]
        assert r.verdict == Verdict.NO and r.counterexample is not None and r.counterexample.confirmed, r.reason
    assert at["bounds"].verdict == at["null"].verdict == Verdict.YES


@needs_gcc
@pytest.mark.parametrize("source", SAFE)
def test_a_pointer_not_used_after_its_object_keeps_the_yes(tmp_path, source):
    path = tmp_path / "t.c"
    path.write_text(source + "\n")
    results = prove_paths([str(path)], None, CHECKS, None, 8.0)
    assert results and all(r.verdict == Verdict.YES for r in results), [(r.check, r.verdict.value, r.reason)
                                                                         for r in results]
    observed = CReplayer(load_program(str(path), None, "LP64"), "main").run({}, [])
    assert observed.kind is None, observed.describe()


@pytest.mark.parametrize("source, words", [
    # a heap block's pointer field may keep the address
    ("#include <stdlib.h>\nstruct n { int *p; };\nint main(void) {\n  struct n *h = malloc(sizeof(struct n));\n"
     "  if (!h) return 0;\n  { int a = 1; h->p = &a; }\n  int r = *h->p;\n  free(h);\n  return r;\n}",
     "the address of 'a', whose lifetime ends at line 6, may be kept in the pointer field 'p' of a heap block"),
    # a goto may leave the block without the lifetime's end
    ("int main(void) {\n  int *p = 0, k = 0;\n  { int a = 5; p = &a; if (k) goto out; }\n  k = 1;\nout:\n"
     "  return *p;\n}", "goto in a function where the lifetime of 'a'"),
])
def test_a_pointer_that_may_outlive_its_object_untracked_is_refused(source, words):
    main = parse_c(source + "\n", "t.c", "bv").functions["main"]
    assert main.unsupported and words in main.unsupported


@pytest.mark.parametrize("report", ["stack-use-after-scope", "stack-use-after-return"])
def test_asan_reports_of_a_dead_local_are_use_after_free(report):
    stderr = (f"==7==ERROR: AddressSanitizer: {report} on address 0x7ffd0000 at pc 0x1 bp 0x2 sp 0x3\n"
              "READ of size 4 at 0x7ffd0000 thread T0\n    #0 0x55d0 in main /tmp/t.c:4\n\n")
    observed = classify(1, stderr, "/tmp/t.c")
    assert (observed.kind, observed.line) == ("use-after-free", 4)
