"""Calls that write through array and struct pointer parameters: inlined with
the written parameters copied back to the caller (`verifier.frontends.c_copy_out`)."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

STACK = """\
struct stack { int data[4]; int len; };
int push(struct stack *s, int x) {
    if (s->len >= 4) return 0;
    s->data[s->len] = x;
    s->len++;
    return 1;
}
void fill(int *p, int n, int v) {
    for (int i = 0; i < n; i++) p[i] = v + i;
}
int f(int x, int k) {
    __VERIFIER_assume(0 <= k && k <= 3 && -3 <= x && x <= 3);
    struct stack s;
    s.len = 0;
    s.data[0] = 7;
    int a[3];
    fill(a, 3, x);
    int pushed = 0;
    if (k > 0) pushed += push(&s, a[0]);
    if (k > 1) pushed += push(&s, a[2]);
    if (k > 2) pushed += push(&s, x);
    __VERIFIER_assert(pushed == s.len && (s.len != LEN || s.data[s.len > 0 ? s.len - 1 : 0] != TOP));
    return 0;
}
"""


def test_a_callee_writing_through_its_parameters_is_inlined_and_copied_back():
    program = parse_c(STACK.replace("LEN", "2").replace("TOP", "0"), "t.c")
    f = program.functions["f"]
    assert not f.unsupported
    assert {"p@c1", "s->len@c2"} <= set(f.locals)  # fill's and push's inlined parameters


@needs_gcc
@settings(max_examples=2, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(length=st.integers(0, 3), top=st.integers(-3, 7))
def test_copied_back_writes_agree_with_gcc_runs_on_every_input(tmp_path_factory, length, top):
    """yes only if no input makes the gcc-compiled program fail the assert; no
    only with a replayed witness that gcc fails too."""
    source = STACK.replace("LEN", str(length)).replace("TOP", str(top))
    tmp = tmp_path_factory.mktemp("out")
    r = only(prove_source(tmp, source, check="assert", timeout=30), "assert", 22)
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "f")
    failing = [(x, k) for x in range(-3, 4) for k in range(0, 4)
               if runner.run({"x": x, "k": k}, []).matches("assert", 22)]
    if r.verdict == Verdict.YES:
        assert not failing
    elif r.verdict == Verdict.NO:
        assert r.counterexample.confirmed and (r.counterexample.inputs["x"], r.counterexample.inputs["k"]) in failing
    else:  # a loaded machine may run out of time; anything else is a failure
        assert "timeout" in r.reason, r.reason


@pytest.mark.parametrize("call, words", [
    ("copy(a, a, 3);", "passing 'a' for two parameters (aliasing)"),
    ('copy(a, "xy", 3);', "writes through its parameter 'q'"),
])
def test_a_copy_back_that_would_not_be_exact_is_unsupported_with_its_line(call, words):
    source = ("void copy(char *p, char *q, int n) { for (int i = 0; i < n; i++) { p[i] = q[i]; q[i] = 0; } }\n"
              f"int main(void) {{\n  char a[3] = {{1, 2, 3}};\n  {call}\n  return a[0];\n}}\n")
    main = parse_c(source, "t.c").functions["main"]
    assert words in main.unsupported and main.unsupported_loc.line == 4


@needs_gcc
def test_an_overdraft_through_a_struct_pointer_is_a_replayed_no(tmp_path):
    rs = prove_source(tmp_path, """\
    struct account { int balance; };
    int withdraw(struct account *a, int x) {
        if (x <= 0) return 0;
        a->balance -= x;
        return 1;
    }
    int main(void) {
        struct account acc;
        acc.balance = 10;
        int x = __VERIFIER_nondet_int();
        __VERIFIER_assume(x < 100);
        int ok = withdraw(&acc, x);
        __VERIFIER_assert(ok == 0 || acc.balance >= 0);
        return 0;
    }
    """, check="assert")
    r = only(rs, "assert", 13)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    chosen = dict(zip((s.label for s in r.counterexample.nondet_sources), r.counterexample.nondet))
    assert 10 < chosen["x = __VERIFIER_nondet_int()"] < 100


SWAP = """\
void swap(int *p, int *q) {
    int t = *p;
    *p = *q;
    *q = t;
}
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    CALL
    __VERIFIER_assert(CLAIM);
    return 0;
}
"""


@needs_gcc
@pytest.mark.parametrize("claim, verdict", [("a <= b || b < a", Verdict.YES), ("a <= b", Verdict.NO)])
def test_the_address_of_a_local_is_a_one_element_array_copied_back(tmp_path, claim, verdict):
    source = SWAP.replace("CALL", "int a0 = a; swap(&a, &b); __VERIFIER_assume(b == a0);").replace("CLAIM", claim)
    r = only(prove_source(tmp_path, source, check="assert"), "assert", 10)
    assert r.verdict == verdict
    if verdict == Verdict.NO:
        assert r.counterexample.confirmed


def test_the_same_local_passed_twice_is_unsupported_aliasing():
    main = parse_c(SWAP.replace("CALL", "swap(&a, &a);").replace("CLAIM", "1"), "t.c").functions["main"]
    assert "passing 'a' for two parameters (aliasing)" in main.unsupported and main.unsupported_loc.line == 9
