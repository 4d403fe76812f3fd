"""The C frontend: typing, literals, renaming, SV-COMP conventions, lowering of
loops and side effects, unsupported constructs, errors, locations.

Structure is checked on the IR directly; behaviour is checked by running the
lowered IR with a small concrete interpreter (`_run`), and against gcc on the
same source when gcc is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from verifier import ir
from verifier.errors import InputError
from verifier.frontends.c import display_name, load_c, parse_c
from verifier.ir import (BOOL, I8, I32, I64, MATH_INT, U8, U32, U64, Assert, Assign, Assume,
                         Binary, Break, Call, Cast, Const, ExprStmt, If, Nondet, Return, Var, While)
from verifier.sequencing import is_order_probe

from .helpers import only, prove_source

PROGRAMS = Path(__file__).parent / "programs" / "c"


def lower(src: str, semantics: str = "bv") -> ir.Program:
    return parse_c(src, "t.c", semantics)


def fn(src: str, name: str = "f", semantics: str = "bv") -> ir.Function:
    return lower(src, semantics).function(name)


def returned(src: str, name: str = "f") -> ir.Expr:
    body = fn(src, name).body
    ret = [s for s in body if isinstance(s, Return)]
    assert ret and ret[-1].value is not None
    return ret[-1].value


def stmts(body):
    """Every statement, nested ones included, in order."""
    for s in body:
        yield s
        if isinstance(s, If):
            yield from stmts(s.then)
            yield from stmts(s.other)
        elif isinstance(s, While):
            yield from stmts(s.body)
            yield from stmts(s.step)


def exprs(e):
    yield e
    for child in ("arg", "left", "right", "cond", "then", "other"):
        if hasattr(e, child):
            yield from exprs(getattr(e, child))
    for a in getattr(e, "args", ()):
        yield from exprs(a)


def binaries(f: ir.Function, op: str) -> list[Binary]:
    found = []
    for s in stmts(f.body):
        for attr in ("value", "expr", "cond"):
            e = getattr(s, attr, None)
            if isinstance(e, ir.Expr):
                found += [x for x in exprs(e) if isinstance(x, Binary) and x.op == op]
    return found


# ---------------------------------------------------------------- interpreter


class _Failed(Exception):
    pass


class _Blocked(Exception):
    pass


class _Ret(Exception):
    def __init__(self, value):
        self.value = value


class _Brk(Exception):
    pass


class _Cont(Exception):
    pass


def _run(prog: ir.Program, name: str, *args: int, nondets=()):
    """Run function `name` of `prog` concretely (C semantics, wrapping)."""
    feed = iter(nondets)

    def ev(e, env):
        if isinstance(e, Const):
            return e.value
        if isinstance(e, Var):
            return env[e.name]
        if isinstance(e, Nondet):
            v = next(feed)
            return int(v != 0) if e.type == BOOL else e.type.wrap(v)
        if isinstance(e, Cast):
            v = ev(e.arg, env)
            return int(v != 0) if e.type == BOOL else e.type.wrap(v)
        if isinstance(e, ir.Ite):
            return ev(e.then, env) if ev(e.cond, env) else ev(e.other, env)
        if isinstance(e, ir.Unary):
            v = ev(e.arg, env)
            r = {"neg": -v, "bnot": ~v, "not": int(not v)}[e.op]
            return r if e.type == BOOL else e.type.wrap(r)
        if isinstance(e, Call):
            return call(e.func, [ev(a, env) for a in e.args])
        assert isinstance(e, Binary)
        a = ev(e.left, env)
        if e.op == "land":
            return int(bool(a) and bool(ev(e.right, env)))
        if e.op == "lor":
            return int(bool(a) or bool(ev(e.right, env)))
        b = ev(e.right, env)
        if e.op in ("div", "mod"):
            q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
            r = q if e.op == "div" else a - b * q
        elif e.op in ("shl", "shr"):
            assert 0 <= b < (e.type.bits or 10**6), "shift out of range"
            r = a << b if e.op == "shl" else a >> b
        else:
            r = {"add": a + b, "sub": a - b, "mul": a * b, "band": a & b, "bor": a | b,
                 "bxor": a ^ b, "eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b,
                 "gt": a > b, "ge": a >= b}[e.op]
        return int(r) if e.type == BOOL else e.type.wrap(int(r))

    def execute(body, env):
        for s in body:
            if isinstance(s, Assign):
                env[s.target] = ev(s.value, env)
            elif isinstance(s, ExprStmt):
                ev(s.expr, env)
            elif is_order_probe(s):
                continue  # a branch no run takes (it only checks an operand as if evaluated first)
            elif isinstance(s, If):
                execute(s.then if ev(s.cond, env) else s.other, env)
            elif isinstance(s, While):
                while ev(s.cond, env):
                    try:
                        execute(s.body, env)
                    except _Brk:
                        break
                    except _Cont:
                        pass
                    try:
                        execute(s.step, env)
                    except _Brk:
                        break
            elif isinstance(s, Break):
                raise _Brk
            elif isinstance(s, ir.Continue):
                raise _Cont
            elif isinstance(s, Return):
                raise _Ret(None if s.value is None else ev(s.value, env))
            elif isinstance(s, Assert):
                if not ev(s.cond, env):
                    raise _Failed(s.text)
            elif isinstance(s, Assume):
                if not ev(s.cond, env):
                    raise _Blocked

    def call(fname, values):
        f = prog.function(fname)
        assert not f.unsupported, f.unsupported
        env = {p.name: v for p, v in zip(f.params, values)}
        try:
            execute(f.body, env)
        except _Ret as r:
            return r.value
        return None

    return call(name, list(args))


# ------------------------------------------------------------------ typing


def test_char_plus_char_is_int():
    e = returned("int f(char a, char b) { return a + b; }")
    assert isinstance(e, Binary) and e.op == "add" and e.type == I32
    assert e.left == Cast(Var("a", I8, e.left.arg.loc), I32, e.left.loc)
    assert isinstance(e.right, Cast) and e.right.arg.type == I8


def test_unsigned_plus_int_is_unsigned():
    e = returned("unsigned f(unsigned a, int b) { return a + b; }")
    assert e.op == "add" and e.type == U32
    assert isinstance(e.left, Var) and e.left.type == U32
    assert isinstance(e.right, Cast) and e.right.type == U32 and e.right.arg.type == I32


def test_long_plus_unsigned_is_long():
    e = returned("long f(long a, unsigned b) { return a + b; }")
    assert e.type == I64 and isinstance(e.right, Cast) and e.right.arg.type == U32


def test_long_long_plus_unsigned_long_is_unsigned_long_long():
    e = returned("unsigned long long f(long long a, unsigned long b) { return a + b; }")
    assert e.type == U64 and isinstance(e.left, Cast) and e.left.arg.type == I64


def test_minus_one_less_than_one_u_compares_as_unsigned():
    f = fn("int f(int x) { int c = -1 < 1u; return x < 1u; }")
    assert f.body[0] == Assign("c", Const(0, I32, f.body[0].value.loc), f.body[0].loc)
    cmp = returned("int f(int x) { return x < 1u; }").arg
    assert cmp.op == "lt" and cmp.type == BOOL
    assert isinstance(cmp.left, Cast) and cmp.left.type == U32
    assert cmp.right.type == U32


def test_constants_are_not_folded_past_the_checks_of_their_operands(tmp_path):
    """`(-2 << 0) <= 0` is no constant: its shift is undefined (gcc -fsanitize=undefined:
    "left shift of negative value -2"), as is the addition in `(2147483647 + 1) < 0` and in
    a malloc size."""
    results = prove_source(tmp_path, """
        extern void *malloc(unsigned long size);
        int f(int c) {
          if (c == 1) return ((-2) << 0) <= 0;
          if (c == 2) return (2147483647 + 1) < 0;
          if (c == 3) { int *b = malloc((2147483647 + 1) * 0 + 4); return b == 0; }
          return 0;
        }""", function="f", check="overflow,shift")
    assert only(results, "shift", 3).verdict.value == "no"
    assert only(results, "overflow", 4).verdict.value == "no"
    assert "no" in {r.verdict.value for r in results if r.check == "overflow" and r.location.line == 5}

def test_comparison_is_bool_and_becomes_int_when_used_as_int():
    e = returned("int f(int a, int b) { return (a < b) + 1; }")
    assert e.op == "add" and e.type == I32
    assert isinstance(e.left, Cast) and e.left.type == I32 and e.left.arg.type == BOOL


def test_condition_of_int_is_compared_with_zero():
    s = fn("int f(int x) { if (x) return 1; return 0; }").body[0]
    assert isinstance(s, If) and s.cond.op == "ne" and s.cond.type == BOOL
    assert s.cond.right == Const(0, I32, s.cond.right.loc)


def test_shift_operands_are_promoted_separately():
    e = returned("long f(char a, long b) { return a << b; }").arg
    assert e.op == "shl" and e.type == I32
    assert e.left.type == I32 and e.right.type == I64


def test_compound_assignment_computes_in_common_type_then_converts_back():
    f = fn("void f(char c, int i) { c += i; }")
    a = f.body[0]
    assert isinstance(a, Assign) and a.target == "c" and a.value.type == I8
    add = a.value.arg
    assert add.op == "add" and add.type == I32


def test_assignment_to_bool_is_not_equal_zero():
    a = fn("void f(int x) { _Bool b = x; }").body[0]
    assert a.value == Cast(Binary("ne", Var("x", I32, a.value.arg.left.loc),
                                  Const(0, I32, a.value.arg.right.loc), BOOL, a.value.arg.loc),
                           U8, a.value.loc)
    prog = lower("int f(int x) { _Bool b = x; b++; return b + b; }")
    assert _run(prog, "f", 256) == 2 and _run(prog, "f", 0) == 2


def test_bool_parameter_is_assumed_zero_or_one():
    s = fn("int f(_Bool b) { return b; }").body[0]
    assert isinstance(s, Assume) and s.cond.op == "lor"


def test_enum_constants_are_int_and_enum_type_follows_gcc():
    f = fn("enum e { A, B = 5, C }; int f(void) { enum e v = C; return v + A; }")
    assert f.locals["v"] == U32  # no negative value: unsigned int, as gcc
    assert f.body[0].value == Const(6, U32, f.body[0].value.loc)


def test_typedef_names_are_types():
    f = fn("typedef unsigned short u16; typedef u16 word;\n"
           "int f(word w) { word x = (word)w; return (u16)x; }")
    assert f.params[0].type == ir.IntType(16, False) and f.locals["x"] == ir.IntType(16, False)


# ----------------------------------------------------------------- literals


@pytest.mark.parametrize("literal,value,ty", [
    ("0", 0, I32), ("2147483647", 2147483647, I32), ("2147483648", 2147483648, I64),
    ("0x7fffffff", 2147483647, I32), ("0xFFFFFFFF", 4294967295, U32),
    ("0x100000000", 4294967296, I64), ("017", 15, I32), ("1u", 1, U32), ("1L", 1, I64),
    ("1ul", 1, U64), ("1LLU", 1, U64), ("1ll", 1, I64), ("4294967295", 4294967295, I64),
    ("0xFFFFFFFFFFFFFFFF", 2**64 - 1, U64), ("'a'", 97, I32), ("'\\n'", 10, I32),
    ("'\\0'", 0, I32), ("'\\xff'", -1, I32), ("'\\101'", 65, I32), ("'\\''", 39, I32),
])
def test_literal_type_follows_c(literal, value, ty):
    # char + literal: the char is promoted, so the sum has the literal's type (>= int)
    e = fn(f"void f(char c) {{ c + {literal}; }}").body[0].expr
    assert e.type == ty and e.right == Const(value, ty, e.right.loc)


def test_too_large_literal_is_unsupported_in_its_function():
    f = fn("int f(void) { return 18446744073709551616; }")
    assert "too large" in f.unsupported and f.unsupported_loc.line == 1


# ----------------------------------------------------------------- renaming


def test_shadowed_locals_are_renamed_and_display_name_recovers_them():
    prog = lower("int g;\nint f(int x) {\n int y = x;\n { int y = 2; x += y; { int y = 3; x += y; } }\n"
                 " { int g = 1; x += g; }\n return x + y;\n}")
    f = prog.function("f")
    assert {"y", "y#2", "y#3", "g#2"} <= set(f.locals)
    assert [display_name(n) for n in ("y", "y#2", "y#3")] == ["y", "y", "y"]
    assert _run(prog, "f", 10) == 10 + 2 + 3 + 1 + 10


def test_every_variable_name_is_unique_across_sibling_blocks():
    f = fn("int f(void) { int s = 0; for (int i = 0; i < 2; i++) s += i;"
           " for (int i = 0; i < 3; i++) s += i; return s; }")
    assert {"i", "i#2"} <= set(f.locals)


# ---------------------------------------------------------------- SV-COMP

SVCOMP = """\
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "t.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int x = __VERIFIER_nondet_int();
  if (x > 10) reach_error();
  __VERIFIER_assert(x  <= 10);
  if (x < 0) abort();
  return 0;
}
"""


def test_svcomp_definitions_of_builtins_are_ignored_and_recorded():
    prog = lower(SVCOMP)
    assert set(prog.functions) == {"main"}
    lines = SVCOMP.split("\n")
    assert lines[2].endswith("}") and lines[9] == "}"
    # (start line, start col, end line, end col), the end one past the closing brace
    assert prog.builtin_definitions == [(3, 1, 3, len(lines[2]) + 1), (5, 1, 10, 2)]


def test_svcomp_builtins_lower_to_asserts_assumes_and_nondets():
    body = lower(SVCOMP).function("main").body
    x = body[0]
    assert x == Assign("x", Nondet(I32, "__VERIFIER_nondet_int", x.value.loc), x.loc)
    assert (x.loc.line, x.loc.column) == (12, 7)
    reach = body[1].then[0]
    assert isinstance(reach, Assert) and reach.cond == Const(0, BOOL, reach.loc)
    assert reach.text == "reach_error()" and (reach.loc.line, reach.loc.column) == (13, 15)
    check = body[2]
    assert isinstance(check, Assert) and check.kind == "assert" and check.text == "x <= 10"
    assert (check.loc.line, check.loc.column) == (14, 3) and check.cond.op == "le"
    stop = body[3].then[0]
    assert isinstance(stop, Assume) and stop.cond == Const(0, BOOL, stop.loc)


@pytest.mark.parametrize("call,ty", [
    ("__VERIFIER_nondet_int", I32), ("__VERIFIER_nondet_uint", U32),
    ("__VERIFIER_nondet_unsigned", U32), ("__VERIFIER_nondet_long", I64),
    ("__VERIFIER_nondet_ulong", U64), ("__VERIFIER_nondet_short", ir.I16),
    ("__VERIFIER_nondet_ushort", ir.U16), ("__VERIFIER_nondet_char", I8),
    ("__VERIFIER_nondet_uchar", U8), ("__VERIFIER_nondet_schar", I8),
    ("__VERIFIER_nondet_size_t", U64), ("__VERIFIER_nondet_longlong", I64),
    ("__VERIFIER_nondet_ulonglong", U64), ("__VERIFIER_nondet_u64", U64),
])
def test_nondet_calls_have_their_type_and_name(call, ty):
    a = fn(f"void f(void) {{ long long v = {call}(); }}").body[0]
    nondet = a.value.arg if isinstance(a.value, Cast) else a.value
    assert nondet == Nondet(ty, call, nondet.loc)


@pytest.mark.parametrize("header", [
    "typedef enum {false, true} bool;", "typedef enum {false,true} bool;",
    "typedef  enum  {  false ,  true  }  bool ;", "typedef enum{false,true}bool;",
    "typedef enum {\n  false = 0,\n  true = 1\n} bool;",
])
def test_competition_bool_typedef_declares_false_and_true(header):
    f = fn(header + "\nint f(int x) { bool b = false; if (x > 0) b = true; return b + true; }")
    assert not f.unsupported
    assert f.locals["b"] == U32  # an enum of 0 and 1: unsigned int, as gcc
    assert _run(lower(header + "\nint f(int x) { bool b = false; if (x > 0) b = true; return b + true; }"),
                "f", 5) == 2


def test_true_and_false_without_a_declaration_are_stdbool_constants():
    assert _run(lower("int f(void) { bool b = true; return b + true + false; }"), "f") == 2


def test_competition_prototypes_and_reach_error_through_assert_fail():
    src = """
extern void abort(void);
extern void exit(int);
extern void __assert_fail(const char *, const char *, unsigned int, const char *)
    __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "t.c", 3, "reach_error"); }
extern _Bool __VERIFIER_nondet__Bool(void) __attribute__((__nothrow__));
int main(void) {
  _Bool b = __VERIFIER_nondet__Bool();
  if (b) reach_error();
  return 0;
}
"""
    prog = lower(src)
    assert "reach_error" not in prog.functions and len(prog.builtin_definitions) == 1
    body = prog.function("main").body
    error = body[1].then[0]
    assert isinstance(error, Assert) and error.cond == Const(0, BOOL, error.loc) and error.loc.line == 10


@pytest.mark.parametrize("src", [
    "__attribute__((noreturn)) void fatal(void);\nint f(void) { return 0; }",
    "int f(void) { __attribute__((unused)) int x = 1; return x; }",
    'static int c __attribute__((unused, aligned(8), section("a)b"))) = 0; int f(void) { return c; }',
    "int __attribute__((pure)) f(void) { return 0; }",
    "int f(void) __attribute__((const));\nint f(void) { return 0; }",
    'int f(void) { char s[] = "__attribute__(("; return 0; } // __attribute__((',
])
def test_attributes_are_ignored_wherever_gcc_allows_them(src):
    f = fn(src)
    assert not f.unsupported or "array" in f.unsupported  # the string stays a string


def test_a_label_may_end_a_block():
    f = fn("int f(int x) { if (x) goto L; x++; L: }")
    assert not f.unsupported and isinstance(f.body[-1], ir.Label) and f.body[-1].name == "L"


def test_nondet_bool_unknown_and_uninitialised_locals():
    f = fn("void f(void) { _Bool b = __VERIFIER_nondet_bool(); int u; int k = unknown();"
           " int n = nondet(); while (unknown()) { } }")
    b, u, k, n, loop = f.body
    assert b.value == Cast(Nondet(BOOL, "__VERIFIER_nondet_bool", b.value.loc), U8, b.value.loc)
    assert u.value == Nondet(I32, "", u.value.loc)
    assert k.value == Nondet(I32, "unknown", k.value.loc)  # as a value: any int, as C's implicit int
    assert n.value == Nondet(I32, "nondet", n.value.loc)
    assert loop.cond == Nondet(BOOL, "unknown", loop.cond.loc)


def test_user_definition_of_unknown_is_a_call():
    f = fn("int unknown(void) { return 1; } int f(void) { return unknown(); }")
    assert any(isinstance(s, Assign) and isinstance(s.value, Call) for s in f.body)


def test_assert_and_assume_shorthands():
    f = fn("#include <assert.h>\nvoid f(int x) { assume(x > 0); assert(x != 0); }")
    assert isinstance(f.body[0], Assume) and isinstance(f.body[1], Assert)
    assert f.body[1].text == "x != 0" and (f.body[1].loc.line, f.body[1].loc.column) == (2, 32)


# ---------------------------------------------------------------- loops


def test_for_loop_keeps_update_as_step():
    f = fn("int f(int n) { int s = 0; for (int i = 0; i < n; i++) { if (i == 2) continue; s += i; }"
           " return s; }")
    loop = f.body[2]
    assert isinstance(loop, While) and loop.cond.op == "lt"
    assert [type(s) for s in loop.step] == [Assign] and loop.step[0].target == "i"
    assert (loop.loc.line, loop.loc.column) == (1, 27)
    assert _run(lower(f"{''}int f(int n) {{ int s = 0; for (int i = 0; i < n; i++) "
                      "{ if (i == 2) continue; s += i; } return s; }"), "f", 5) == 0 + 1 + 3 + 4


def test_do_while_tests_its_condition_in_the_step():
    f = fn("int f(int n) { do { n--; } while (n > 0); return n; }")
    loop = f.body[0]
    assert loop.cond == Const(1, BOOL, loop.cond.loc)
    brk = loop.step[0]
    assert isinstance(brk, If) and brk.cond.op == "not" and isinstance(brk.then[0], Break)
    prog = lower("int f(int n) { int k = 0; do { k++; if (k == 2) continue; } while (k < n); return k; }")
    assert _run(prog, "f", -5) == 1 and _run(prog, "f", 4) == 4


def test_while_condition_with_assignment_and_call():
    src = "int dec(int v) { return v - 1; }\nint f(int x) { int n = 0; while ((x = dec(x)) > 0) n++; return n; }"
    loop = fn(src).body[1]
    assert loop.cond == Const(1, BOOL, loop.cond.loc)
    assert loop.body[0] == Assign("x", Call("dec", (Var("x", I32, loop.body[0].value.args[0].loc),),
                                            I32, loop.body[0].value.loc), loop.body[0].loc)
    assert isinstance(loop.body[1], If) and isinstance(loop.body[1].then[0], Break)
    assert _run(lower(src), "f", 5) == 4


def test_switch_with_fallthrough_default_and_break_in_if():
    src = """int f(int x) {
  int r = 0;
  switch (x) {
  case 1: r += 1;
  case 2: r += 2; break;
  default: r = 100; if (x > 50) break; r++;
  case 3: r += 3;
  }
  return r;
}"""
    prog = lower(src)
    assert [_run(prog, "f", v) for v in (1, 2, 3, 4, 60)] == [3, 2, 3, 104, 100]


def test_break_and_continue_inside_switch_inside_loop():
    src = """int f(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    switch (i % 3) { case 0: continue; case 1: s += 10; break; default: if (i > 6) break; s++; }
    s += 100;
  }
  return s;
}"""
    assert _run(lower(src), "f", 10) == 1000 // 100 * 0 + (110 * 3 + 101 * 2 + 100 * 1)


# ----------------------------------------------------------- side effects


def test_post_increment_in_expression_uses_a_temporary():
    f = fn("int f(int x) { int y = x++ + 1; return y * 10 + x; }")
    tmp, inc, y = f.body[:3]
    assert tmp.target.startswith("$tmp#") and tmp.value.name == "x"
    assert inc.target == "x" and inc.value.op == "add"
    assert y.value.left.name == tmp.target
    assert _run(lower("int f(int x) { int y = x++ + 1; return y * 10 + x; }"), "f", 4) == 55


def test_pre_increment_and_statement_increment_need_no_temporary():
    f = fn("int f(int x) { ++x; x--; int y = ++x; return y; }")
    assert not any(n.startswith("$") for n in f.locals)


def test_short_circuit_with_side_effect_becomes_if():
    src = "int f(int a, int b) { int c = a > 0 && b++ > 0; return c * 100 + b; }"
    f = fn(src)
    assert any(isinstance(s, If) for s in f.body)
    assert _run(lower(src), "f", 0, 5) == 5 and _run(lower(src), "f", 1, 5) == 106


def test_ternary_without_effects_is_ite_and_with_calls_is_if():
    e = returned("int f(int a) { return a > 0 ? a : -a; }")
    assert isinstance(e, ir.Ite) and e.type == I32 and e.cond.type == BOOL
    src = "int g(int v) { return v * 2; }\nint f(int a) { return a > 0 ? g(a) : 7; }"
    assert isinstance(fn(src).body[0], If)
    assert _run(lower(src), "f", 4) == 8 and _run(lower(src), "f", -4) == 7


def test_calls_inside_expressions_are_stored_in_temporaries_left_to_right():
    f = fn("int g(int v) { return v; }\nint f(int a) { return g(a) - g(a + 1); }")
    probe, first, second, ret = f.body  # the second call is also checked first, on a probe
    assert is_order_probe(probe) and probe.then[0] == second
    assert isinstance(first.value, Call) and isinstance(second.value, Call)
    assert first.value.args[0].name == "a" and second.value.args[0].op == "add"
    assert ret.value.left.name == first.target and ret.value.right.name == second.target


def test_comma_operator_and_chained_assignment():
    src = "int f(int a) { int b, c; b = c = a; return (b++, b + c); }"
    assert _run(lower(src), "f", 3, nondets=(0, 0)) == 7  # b and c start uninitialised


# ------------------------------------------------------------- globals


def test_read_only_global_is_initialised_in_each_function_that_reads_it():
    prog = lower("const int K = 7;\nint zero;\nint g(void) { return K; }\n"
                 "int main(void) { return g() + K + zero; }")
    for name in ("g", "main"):
        first = prog.function(name).body[0]
        assert first == Assign("K", Const(7, I32, first.loc), first.loc)
        assert first.loc.line == 1
    assert prog.function("main").locals["zero"] == I32
    assert _run(prog, "main") == 14


def test_written_global_of_an_uncalled_function_is_its_local():
    f = fn("int count;\nint f(void) { count++; count++; return count; }")
    assert f.body[0].target == "count" and f.body[0].value.value == 0 and not f.unsupported


def test_written_global_shared_with_a_called_function_is_inlined_into_the_caller():
    prog = lower("int count;\nvoid inc(void) { count++; }\n"
                 "int main(void) { inc(); inc(); return count; }\nint other(int x) { return x; }")
    assert "inlined where it is called" in prog.function("inc").unsupported
    assert not prog.function("main").unsupported and not prog.function("other").unsupported
    assert _run(prog, "main") == 2


def test_written_global_shared_between_uncalled_functions_is_unsupported():
    prog = lower("int count;\nvoid inc(void) { count++; }\nint get(void) { return count; }")
    assert "global variable 'count'" in prog.function("inc").unsupported
    assert "global variable 'count'" in prog.function("get").unsupported


def test_extern_global_without_definition_is_unsupported_where_used():
    prog = lower("extern int N;\nint f(void) { return N; }\nint g(void) { return 1; }")
    assert "global variable 'N' is declared extern" in prog.function("f").unsupported
    assert not prog.function("g").unsupported
    f = fn("extern int N;\nint N = 4;\nextern int N;\nint f(void) { return N; }")
    assert not f.unsupported and f.body[0].value.value == 4


# -------------------------------------------------------- unsupported constructs


def test_unsupported_construct_in_one_function_does_not_affect_another():
    prog = lower("int f(int x) { int **p = 0; return x; }\nint g(int x) { return x + 1; }")
    f, g = prog.function("f"), prog.function("g")
    assert f.unsupported == ("unsupported construct: pointer variable 'p' (local pointers to integers and arrays "
                             "of integers only)")
    assert (f.unsupported_loc.line, f.unsupported_loc.column) == (1, 20) and f.body == []
    assert not g.unsupported and isinstance(g.body[0], Return)


@pytest.mark.parametrize("body,words", [
    ("int a[x][x]; return 0;", "variable-length array 'a'"),
    ("return *(x + 1);", "pointer dereference '*(x + 1)'"),
    ("double d = x; return 0;", "floating-point type 'double'"),
    ("union s { int f; } v; return 0;", "union type"),
    ("return x + 1.5;", "floating-point constant '1.5'"),
    ("static int k; { int k = 1; } return k;", "static local variable 'k'"),  # k declared twice: not hoisted
])
def test_unsupported_constructs_are_named(body, words):
    f = fn(f"int f(int x) {{ {body} }}")
    assert words in f.unsupported and f.unsupported.startswith("unsupported construct: ")
    assert f.unsupported_loc.line == 1 and f.unsupported_loc.column > 14


def test_call_to_undefined_function_makes_that_function_unsupported():
    prog = lower("int h(int);\nint f(int x) {\n  return h(x) + 1;\n}\nint g(int x) { return f(x); }"
                 "\nint k(int x) { return x; }")
    f = prog.function("f")
    assert f.unsupported == "call to undefined function h"
    assert (f.unsupported_loc.line, f.unsupported_loc.column) == (3, 10)
    assert prog.function("g").unsupported == "call to unsupported function f: call to undefined function h"
    assert not prog.function("k").unsupported


@pytest.mark.parametrize("decl,use,words", [
    ("int x[3];", "x", "array 'x' used as a value"),
    ("int *p;", "*p", "pointers"),
    ("int a, *p;", "a + p", "global pointer 'p'"),
    ("struct s { int a; } v[5000];", "v[i].a", "array of structs 'v' of 5000 elements"),
    ("int (*fp)(int);", "fp(i)", "global pointer 'fp'"),
    ("#define TWO(a, b) (a + b)", "TWO(i)", "function-like macro 'TWO' used at line 4 (defined at line 1"),
])
def test_a_file_scope_construct_outside_the_subset_makes_only_its_users_unsupported(decl, use, words):
    prog = lower(f"{decl}\nint f(int i) {{ return i; }}\nint g(int i) {{\n  return {use};\n}}\n"
                 "int h(int i) { return g(i); }")
    assert not prog.function("f").unsupported and prog.function("f").body
    g = prog.function("g")
    assert words in g.unsupported and g.unsupported_loc.line == 4
    assert prog.function("h").unsupported.startswith("call to unsupported function g")


def test_unused_struct_declaration_and_function_like_macro_are_fine():
    prog = lower("struct s { int a; };\n#define SQ(x) ((x)*(x))\nint f() { return 0; }")
    assert not prog.function("f").unsupported


def test_a_function_like_macro_hiding_a_function_is_expanded_and_an_unexpanded_use_is_unsupported():
    # gcc expands abs1(a) with the macro (a + 1), not the function: never analyse the function instead
    prog = lower("int abs1(int x) { return x < 0 ? -x : x; }\n#define abs1(x) ((x) + 1)\n"
                 "#define TWICE abs1(3) * 2\nint g(int a) {\n  return abs1(a);\n}\n"
                 "int k(int a) { return a + TWICE; }\nint h(int a) { return a; }\n")
    assert not prog.function("abs1").unsupported and not prog.function("h").unsupported
    g, k = prog.function("g"), prog.function("k")
    ret = next(s for s in g.body if isinstance(s, ir.Return))
    assert not g.unsupported and isinstance(ret.value, ir.Binary) and ret.value.op == "add"  # (a) + 1, no call
    assert "function-like macro 'abs1' used at line 7" in k.unsupported  # an object-like macro's body


def test_a_function_like_macro_used_outside_functions_makes_every_function_unsupported():
    prog = lower("#define TWO(a, b) (a + b)\nint k = TWO(1);\nint f(int x) { return x; }\n")
    assert "function-like macro 'TWO' used at line 2" in prog.function("f").unsupported


def test_ifdef_sees_a_function_like_macro():
    prog = lower("#define SQ(x) ((x)*(x))\n#ifdef SQ\nint f() { return 1; }\n#else\nint g() { return 0; }\n"
                 "#endif\n")
    assert list(prog.functions) == ["f"]


def test_unused_prototypes_and_typedefs_of_unsupported_types_are_fine():
    prog = lower("typedef struct { int a; } pair;\nextern void *malloc(unsigned long);\n"
                 "extern int printf(const char *, ...);\nint f(int x) { return x; }")
    assert not prog.function("f").unsupported


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize("src,line,col,words", [
    ("int f() {\n  int x = 1\n  return x;\n}", 3, 3, "expected ';' before 'return'"),
    ("int f() { x = 1 }", 1, 17, "expected ';' before '}'"),
    ("int f() {\n  return 0;\n", 2, 12, "missing '}'"),
    ("int f() { return 0; }\n}", 2, 1, "'}' without a matching '{'"),
    ("int f() { if (x > 0 { } }", 1, 21, "unbalanced parentheses"),
    ("int f() { return 0 @ 1; }", 1, 20, "unexpected character '@'"),
    ("int f() { else { } }", 1, 11, "'else' without a matching 'if'"),
    ("main() { return 0; }", 1, 1, "implicit 'int' is not C99"),
    ("int f() { return 0; }\ncount(void) { return 1; }", 2, 1, "implicit 'int' is not C99"),
])
def test_syntax_errors_have_line_column_and_a_hint(src, line, col, words):
    with pytest.raises(InputError) as err:
        lower(src)
    e = err.value
    assert e.kind == "syntax" and (e.line, e.column) == (line, col)
    assert words in e.message and e.message.startswith("syntax error")


def test_undeclared_identifier_is_an_input_error():
    with pytest.raises(InputError) as err:
        lower("int f() {\n  return y;\n}")
    assert (err.value.line, err.value.column) == (2, 10) and "'y' undeclared" in err.value.message


def test_missing_empty_and_binary_files(tmp_path):
    cases = {"missing.c": None, "empty.c": b"", "comments.c": b"// nothing\n#include <stdio.h>\n",
             "binary.c": b"int f() { return 0; }\n  \0\x01"}
    errors = {}
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        with pytest.raises(InputError) as err:
            load_c(str(path))
        assert err.value.kind == "file" and err.value.path == str(path)
        errors[name] = (err.value.line, err.value.column, err.value.message)
    assert errors["missing.c"] == (0, 0, "no such file")
    assert errors["empty.c"] == (1, 1, "empty file")
    assert errors["comments.c"] == (1, 1, "no function definitions (nothing to verify)")
    assert errors["binary.c"][:2] == (2, 3) and "binary file" in errors["binary.c"][2]


def test_non_utf8_bytes_are_read_one_character_each_as_gcc_does(tmp_path):
    path = tmp_path / "latin1.c"
    path.write_bytes(b"// -*- coding: latin-1 -*-\n// caf\xe9\nint f() { return 0; }\n")
    assert "f" in load_c(str(path)).functions
    path.write_bytes(b"int f() {\n  return \xe9;\n}\n")
    with pytest.raises(InputError) as err:
        load_c(str(path))
    assert (err.value.kind, err.value.line, err.value.column) == ("syntax", 2, 10)


@pytest.mark.parametrize("src,line,col", [
    ("int f() { return 0; }\n/* not closed\nint g() { return 1; }\n", 2, 1),
    ("int f() {\n  return 0; // ok /* inside a line comment\n} /* open", 3, 3),
])
def test_an_unterminated_comment_is_named_at_its_start(src, line, col):
    with pytest.raises(InputError) as err:
        lower(src)
    e = err.value
    assert (e.kind, e.line, e.column) == ("syntax", line, col) and "unterminated comment" in e.message


def test_comment_markers_inside_literals_and_line_comments_are_not_comments():
    prog = lower("int f() {\n  return '/' + 0; // /*\n}\n/* a */ int g() { return 1; }\n")
    assert set(prog.functions) == {"f", "g"}


# --------------------------------------------------------------- locations


def test_binary_loc_is_the_operator_and_gcc_anchors_whole_assigned_values():
    src = "int f(int x, int y) {\n  int r = x + y;\n  r = (x + y) * 2;\n  r = x\n    - y;\n  return x + y;\n}"
    f = fn(src)
    adds = binaries(f, "add")
    # whole initialiser: the declarator (as UBSan reports it); nested: the operator
    assert [(b.loc.line, b.loc.column) for b in adds] == [(2, 7), (3, 10), (6, 12)]
    sub = binaries(f, "sub")[0]
    assert (sub.loc.line, sub.loc.column) == (4, 5)  # the `=` of a multi-line assignment
    assert f.end_line == 7 and (f.loc.line, f.loc.column) == (1, 5)


def test_compound_assignment_and_increment_locations():
    f = fn("void f(int x) {\n  x += 2;\n  x++;\n}")
    add1, add2 = binaries(f, "add")
    assert (add1.loc.line, add1.loc.column) == (2, 5) and (add2.loc.line, add2.loc.column) == (3, 4)


# ------------------------------------------------------------------ math mode


def test_math_semantics_makes_every_integer_unbounded():
    f = fn("unsigned f(char a, unsigned b, long c) { _Bool k = c; return a + b + c + k; }",
           semantics="math")
    assert all(p.type == MATH_INT for p in f.params) and f.ret_type == MATH_INT
    assert all(t == MATH_INT for t in f.locals.values())
    ret = f.body[-1].value
    assert not any(isinstance(e, Cast) and e.arg.type != BOOL for e in exprs(ret))
    k = f.body[0].value
    assert k == Cast(Binary("ne", Var("c", MATH_INT, k.arg.left.loc), Const(0, MATH_INT, k.arg.right.loc),
                            BOOL, k.arg.loc), MATH_INT, k.loc)


def test_bv_and_math_agree_until_overflow():
    src = "int f(int x) { return x * 2; }"
    assert _run(lower(src), "f", 2**30) == -(2**31)
    assert _run(lower(src, "math"), "f", 2**30) == 2**31


# ------------------------------------------------------------ preprocessor


def test_ilp32_makes_long_32_bits_wide():
    src = ("#include <limits.h>\ntypedef unsigned long ul;\n"
           "long f(long a, unsigned long b, ul c, size_t d, int64_t e) {"
           " long m = LONG_MAX; return sizeof(long) + sizeof(a + b) + sizeof(e); }")
    lp64 = parse_c(src, "t.c", "bv", "LP64").function("f")
    ilp32 = parse_c(src, "t.c", "bv", "ILP32").function("f")
    assert [p.type for p in lp64.params] == [I64, U64, U64, U64, I64]
    assert [p.type for p in ilp32.params] == [ir.I32, U32, U32, U32, I64]
    assert _run(parse_c(src, "t.c", "bv", "LP64"), "f", 0, 0, 0, 0, 0) == 24
    assert _run(parse_c(src, "t.c", "bv", "ILP32"), "f", 0, 0, 0, 0, 0) == 16
    limit = next(s for s in ilp32.body if isinstance(s, Assign) and s.target == "m").value
    assert limit.value == 2**31 - 1


@pytest.mark.parametrize("literal,ty", [
    ("2147483648", I64), ("2147483647L", ir.I32), ("4294967295UL", U32), ("0xFFFFFFFFL", U32),
    ("4294967296L", I64), ("1L", ir.I32),
])
def test_ilp32_literal_types(literal, ty):
    e = parse_c(f"void f(char c) {{ c + {literal}; }}", "t.c", "bv", "ILP32").function("f").body[0].expr
    assert e.type == ty


def test_ilp32_long_plus_unsigned_int_is_unsigned_long():
    # LP64: long (64 bits) holds every unsigned int; ILP32: it does not, so the sum is unsigned
    src = "long f(long a, unsigned int b) { return a + b < 0; }"
    assert _run(parse_c(src, "t.c", "bv", "LP64"), "f", -5, 1) == 1
    assert _run(parse_c(src, "t.c", "bv", "ILP32"), "f", -5, 1) == 0


def test_object_like_defines_limits_and_conditional_blocks():
    src = ("#include <limits.h>\n#define N (-3)\n#define M N * 2\n#if 0\nthis is not C\n#endif\n"
           "int f(void) { return M + INT_MAX - INT_MAX; }")
    assert _run(lower(src), "f") == -6


# ---------------------------------------------------------- example programs


@pytest.mark.parametrize("path", sorted(PROGRAMS.glob("*.c")), ids=lambda p: p.name)
def test_example_programs_lower_completely(path):
    prog = load_c(str(path))
    assert prog.functions and not [f.name for f in prog.functions.values() if f.unsupported]


def test_example_program_expressions_behave_as_in_c():
    prog = load_c(str(PROGRAMS / "subset_exprs.c"))
    assert _run(prog, "mix", 5, 3, ord("\n")) is not None


# ------------------------------------------------------------- against gcc

DIFF = """
int conv(int a, unsigned b, char c, long d) {
  unsigned char uc = a; short s = b; int r = 0;
  r += (a < b) + (c < d) * 2 + (uc > 200) * 4 + (s < 0) * 8;
  r ^= (int)(b >> 3) + (a >> 2) + (-1 < 1u);
  r += (a % 7) + (b % 5u) + (d / 3);
  return r;
}
int loops(int n) {
  int s = 0, i = 0;
  while (i < n) { if (i % 4 == 1) { i++; continue; } s += i++; }
  do { s--; } while (s > 100);
  for (int j = n; j > 0; j -= 3) { if (j == 4) break; s += j; }
  return s;
}
int effects(int a, int b) {
  int c = a++ + (b > 0 ? b-- : -b) ;
  int d = (a > 2 && ++b > 3) || c++ < 0;
  c += (a, b);
  return a * 1000 + b * 100 + c * 10 + d;
}
int sw(int x) {
  int r = 1;
  switch (x & 7) { case 0: r = 10; case 1: r *= 3; break; case 5: return -1;
    default: r = 7; if (x > 20) break; r += 2; case 2: r++; }
  return r;
}
"""
_INPUTS = {"conv": [(5, 3, 7, -2), (-300, 4000000000, -5, 9), (255, 65535, 127, -7)],
           "loops": [(0,), (7,), (13,)],
           "effects": [(0, 0), (3, 5), (-2, -4), (4, 1)],
           "sw": [(0,), (1,), (2,), (3,), (5,), (8,), (27,), (13,)]}


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
def test_lowering_agrees_with_gcc(tmp_path):
    calls = [f'printf("%d\\n", {f}({", ".join(map(str, args))}));'
             for f, cases in _INPUTS.items() for args in cases]
    c = tmp_path / "diff.c"
    c.write_text("#include <stdio.h>\n" + DIFF + "int main(void) {\n" + "\n".join(calls) + "\nreturn 0; }\n")
    exe = tmp_path / "diff"
    subprocess.run(["gcc", "-w", "-o", str(exe), str(c)], check=True, timeout=60)
    expected = [int(v) for v in subprocess.run([str(exe)], capture_output=True, text=True,
                                               check=True, timeout=10).stdout.split()]
    prog = lower(DIFF)
    got = [_run(prog, f, *args) for f, cases in _INPUTS.items() for args in cases]
    assert got == expected


def test_a_huge_literal_is_unsupported_in_its_function_with_a_short_message():
    prog = lower("int f(int x) { return " + "1" * 100_000 + "; }\nint g(int x) { return x; }")
    f = prog.function("f")
    assert "is too large for any integer type" in f.unsupported and len(f.unsupported) < 200
    assert not prog.function("g").unsupported


def test_a_macro_with_an_invalid_octal_constant_is_a_positioned_error():
    with pytest.raises(InputError) as err:
        lower("#define N 09\nint f(int x) {\n  return x + N;\n}")
    e = err.value
    assert (e.kind, e.line, e.column) == ("syntax", 3, 14) and "invalid digit in octal constant '09'" in e.message


def test_a_too_deep_global_initialiser_makes_only_its_users_unsupported():
    prog = lower("int g = " + "+".join(["1"] * 30_000) + ";\nint f(int x) { return x; }\n"
                 "int h(void) { return g; }")
    assert not prog.function("f").unsupported
    assert "nested too deeply, declared at line 1" in prog.function("h").unsupported


@pytest.mark.parametrize("body", [
    "x = x++;", "y = x++ + x;", "g(x, x++);", "x += x++;", "x = ++x;", "y = (x = 1) + x;",
    "x = c ? x++ : 0;", "if (x++ == x) y = 1;", "for (y = 0; y < x++ + x; y++) ;",
    "return x++ + ++x;",
])
def test_an_unsequenced_modification_makes_the_function_unsupported(body):
    # undefined behaviour: the IR's left-to-right order need not be the compiler's
    src = f"int g(int a, int b) {{ return a; }}\nint f(int x, int y, int c) {{\n  {body}\n  return 0;\n}}"
    f = parse_c(src, "t.c").function("f")
    assert "without a sequence point" in f.unsupported and f.unsupported_loc.line == 3


@pytest.mark.parametrize("body", [
    "x = x + 1;", "x++ && x;", "x = (x++, 5);", "y = x = c;", "y = x++; y = x;", "y = sizeof(x++) + x;",
    "x = g(x, y);", "while (x-- > 0) y++;", "y = (x++ || x);", "x = c ? 1 : x;",
])
def test_sequenced_modifications_are_fine(body):
    src = f"int g(int a, int b) {{ return a; }}\nint f(int x, int y, int c) {{\n  {body}\n  return 0;\n}}"
    f = parse_c(src, "t.c").function("f")
    assert not f.unsupported, f.unsupported


@pytest.mark.parametrize("src, message", [
    ("int f(void) { case 1: return 0; }", "'case' label not within a switch statement"),
    ("int f(void) { while (1) { default: break; } return 0; }",
     "'default' label not within a switch statement"),
])
def test_a_case_label_outside_a_switch_is_an_input_error(src, message):
    with pytest.raises(InputError) as err:
        parse_c(src, "t.c")
    assert err.value.message == message and err.value.line == 1


def test_a_declaration_without_a_type_says_so():
    with pytest.raises(InputError) as err:
        parse_c("static count(void) { return 1; }", "t.c")
    assert "implicit 'int' is not C99" in err.value.message and err.value.line == 1


GLIBC_REACH_ERROR = ('void reach_error() { ((void) sizeof ((0) ? 1 : 0), __extension__ ({ if (0) ; else '
                     '__assert_fail ("0", "t.c", 3, __extension__ __PRETTY_FUNCTION__); })); }\n')


def test_the_body_of_an_ignored_builtin_definition_is_not_parsed():
    # preprocessed (.i) competition files define reach_error as glibc's
    # assert(0), with a GNU statement expression the grammar does not have
    f = parse_c(GLIBC_REACH_ERROR + "int main() { int x = 0; if (x) reach_error(); return 0; }\n",
                "t.c").function("main")
    assert not f.unsupported and any(isinstance(s, ir.If) for s in f.body)


def test_a_statement_expression_in_a_function_of_the_program_makes_only_that_function_unsupported():
    prog = parse_c(GLIBC_REACH_ERROR.replace("reach_error", "report") + "int main() { return 0; }\n", "t.c")
    report = prog.function("report")
    assert "GNU statement expression" in report.unsupported and report.unsupported_loc.line == 1
    assert not prog.function("main").unsupported

