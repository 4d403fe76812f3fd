"""C structs: flattened into one IR variable per field (``s.f``, ``p->f``),
whole-struct assignment, initialisers, sizeof as gcc computes it, struct
parameters by value and by pointer rebuilt by the replay harness."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from verifier import ir
from verifier.errors import InputError
from verifier.frontends.c import parse_c
from verifier.frontends.c_types import fold
from verifier.ir import I8, I32, I64, ArrayType, Assign, Return, Var
from verifier.result import Verdict

from .helpers import assert_refuted, only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed")

TYPES = """\
struct point { int x; int y; };
typedef struct { int balance; char code; struct point at; int hist[3]; } Account;
"""


def fn(src: str, name: str = "f") -> ir.Function:
    f = parse_c(TYPES + src, "t.c").function(name)
    assert not f.unsupported, f.unsupported
    return f


def assigned(f: ir.Function) -> list[tuple[str, int | None]]:
    return [(s.target, fold(s.value) if not isinstance(s.value.type, ArrayType) else None)
            for s in f.body if isinstance(s, Assign)]


def test_a_struct_variable_is_one_variable_per_field_nested_ones_included():
    f = fn("int f(void) { Account a; return a.at.y; }")
    assert {k: v for k, v in f.locals.items() if k.startswith("a.")} == {
        "a.balance": I32, "a.code": I8, "a.at.x": I32, "a.at.y": I32, "a.hist": ArrayType(I32, 3, I64)}
    (ret,) = [s for s in f.body if isinstance(s, Return)]
    assert ret.value == Var("a.at.y", I32, ret.value.loc)


def test_a_struct_initialiser_gives_fields_in_order_and_zeros_for_the_rest():
    f = fn("int f(void) { Account a = {5, 'x', {7}}; return a.balance; }")
    assert assigned(f)[:5] == [("a.balance", 5), ("a.code", 120), ("a.at.x", 7), ("a.at.y", 0), ("a.hist", None)]


def test_assigning_a_whole_struct_copies_every_field():
    f = fn("int f(int v) { struct point p = {1, 2}; struct point q; q = p; q.x = v; return q.y; }")
    copies = [(s.target, s.value.name) for s in f.body if isinstance(s, Assign) and isinstance(s.value, Var)]
    assert copies == [("q.x", "p.x"), ("q.y", "p.y"), ("q.x", "v")]


def test_a_shadowing_struct_gets_suffixed_fields_shown_by_their_source_name():
    from verifier.frontends.c import display_name

    f = fn("int f(void) { struct point p = {1, 2}; { struct point p = {3, 4}; return p.x; } }")
    (ret,) = [s for s in f.body if isinstance(s, Return)]
    assert ret.value.name == "p.x#2" and display_name(ret.value.name) == "p.x"


def test_struct_array_fields_are_indexed_with_bounds_checks():
    f = fn("int f(int i) { Account a = {0}; a.hist[i] = 1; return a.hist[2]; }")
    store = [s for s in f.body if isinstance(s, Assign) and s.target == "a.hist"][-1].value
    assert isinstance(store, ir.Store) and store.check == "bounds" and fold(store.length) == 3


def test_a_struct_pointer_parameter_is_its_fields_as_parameters():
    f = fn("int f(Account *acc, int amount) { acc->balance -= amount; return acc->at.x; }")
    assert [p.name for p in f.params] == ["acc->balance", "acc->code", "acc->at.x", "acc->at.y", "acc->hist",
                                          "amount"]


@needs_gcc
@pytest.mark.parametrize("expr", ["sizeof(Account)", "sizeof(struct point)", "sizeof a", "sizeof a.hist",
                                  "sizeof a.at", "sizeof(struct { char c; long l; char d; })"])
def test_sizeof_a_struct_is_what_gcc_says(tmp_path, expr):
    body = f"unsigned long f(void) {{ Account a; return {expr}; }}"
    ours = fold([s for s in fn(body).body if isinstance(s, Return)][0].value)
    main = tmp_path / "m.c"
    main.write_text(TYPES + body + "\nint main(void) { return (int)f(); }\n")
    subprocess.run(["gcc", "-w", "-o", str(tmp_path / "m"), str(main)], check=True)
    assert subprocess.run([str(tmp_path / "m")]).returncode == ours


@pytest.mark.parametrize("src, words", [
    ("union u { int a; }; int f(void) { union u v; return 0; }", "union type"),
    ("struct n { int v; struct n *next[2]; }; int f(void) { struct n x; return 0; }", "field 'next'"),
    ("int g(int *p, int n) { if (n <= 0) return 0; return p[0] + g(p + 1, n - 1); } "
     "int f(void) { int a[2] = {1, 2}; return g(a + 0, 2); }", "recursive call of 'g' passing or returning pointers"),
    ("struct point f(void) { struct point p = {0}; return p; }", "returns a struct"),
    ("int f(void) { struct point *ps[3]; return 0; }", "array of pointers to structs"),
    ("struct point *f(void) { return 0; }", "returns a pointer"),
    ("int g(struct point *p, struct point *q) { p->x = 1; return q->x; } "
     "int f(void) { struct point p = {0}; return g(&p, &p); }", "passing 'p.x' for two parameters (aliasing)"),
])
def test_struct_constructs_outside_the_subset_are_named(src, words):
    f = parse_c(TYPES + src, "t.c").function("f")
    assert words in f.unsupported


@pytest.mark.parametrize("src, words", [
    ("int f(struct point *p) { return p.x; }", "'->' expected: 'p' is a pointer"),
    ("int f(void) { struct point p = {0}; return p->x; }", "'.' expected: 'p' is a struct"),
    ("int f(void) { struct point p = {0}; return p.z; }", "'struct point' has no member named 'z'"),
])
def test_wrong_member_access_is_an_input_error(src, words):
    with pytest.raises(InputError) as err:
        parse_c(TYPES + src, "t.c")
    assert words in err.value.message


# ------------------------------------------------------------------ verdicts

BANK = """\
typedef struct {
    int balance;
    int limit;
} Account;

int withdraw(Account *acc, int amount) {
    __VERIFIER_assume(acc->limit >= 0 && acc->limit <= 1000 && acc->balance >= -acc->limit);
    __VERIFIER_assume(acc->balance <= 1000000 && amount <= 1000000);
    if (amount > 0 && acc->balance - amount >= %s)
        acc->balance -= amount;
    __VERIFIER_assert(acc->balance >= -acc->limit);
    return acc->balance;
}
"""


@needs_gcc
def test_a_struct_pointer_witness_is_rebuilt_and_replayed(tmp_path):
    r = assert_refuted(tmp_path, BANK % "acc->limit - 2000", check="assert")
    inputs = r.counterexample.inputs
    assert set(inputs) == {"acc->balance", "acc->limit", "amount"}
    assert inputs["acc->balance"] - inputs["amount"] < -inputs["acc->limit"]


def test_the_struct_invariant_holds_with_the_right_check(tmp_path):
    (r,) = [r for r in prove_source(tmp_path, BANK % "-acc->limit", check="assert")]
    assert r.verdict == Verdict.YES


@needs_gcc
def test_an_uninitialised_local_struct_takes_the_witness_fields(tmp_path):
    results = prove_source(tmp_path, """\
    struct pt { int x; int y; int tag[2]; };
    int main(void) {
        struct pt p;
        int k = __VERIFIER_nondet_int();
        if (p.x == 3 && p.tag[1] == k && k == 7)
            reach_error();
        return 0;
    }
    """, check="assert")
    r = only(results, "assert")
    assert r.verdict == Verdict.NO and r.counterexample.confirmed


@needs_gcc
def test_a_struct_passed_by_value_is_rebuilt(tmp_path):
    r = assert_refuted(tmp_path, """\
    struct point { int x; int y; };
    int quadrant(struct point p) {
        if (p.x > 10 && p.y < -10)
            __VERIFIER_assert(0);
        return 0;
    }
    """, check="assert")
    assert r.counterexample.inputs["p.x"] > 10 and r.counterexample.inputs["p.y"] < -10
