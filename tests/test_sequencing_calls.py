"""C operands that both call or both dereference: each is also checked first (order probes,
`verifier.sequencing.order_probe`), since C leaves the order of sibling operands open."""

from __future__ import annotations

import time
from pathlib import Path

import z3

from verifier.cfa import build_cfa
from verifier.engines.invariants.call_paths import function_paths
from verifier.equivalence.definitions import read_definitions
from verifier.frontends.c import parse_c
from verifier.interpret import run_cfa
from verifier.ir import Assign, Call, Select
from verifier.irutil import all_stmts, path_end, subexpressions
from verifier.result import Verdict
from verifier.sequencing import is_order_probe

from .helpers import only, prove_source

_SIBLINGS = """
    long minus(long x, long y) { return x - y; }
    long calls(long v, unsigned char w) {
      long a[2] = {0, 0};
      if (v < 9223372036854775804L) return 0;
      return minus(a[w], v * w) + minus(v * w, a[w]);
    }
    long derefs(unsigned char w) {
      long a[2] = {0, 0};
      long b[1] = {0};
      long *p = b, *q = a;
      if (w >= 4) return 0;
      return *(p + w) + *(q + w);
    }"""


def test_an_operand_does_not_assume_the_checks_of_the_one_beside_it(tmp_path: Path):
    """The second operand fails only where the first one fails too, but C may evaluate it
    first: the second call's `v * w` overflows only where the first call's `a[w]` is out of
    bounds, and `*(q + w)` is out of bounds only where `*(p + w)` is (w >= 2 against w >= 1).
    Each is a no that gcc confirms, never a yes leaning on its sibling; the second call's
    `a[w]`, which fails only where `v * w` beside it fails first, is unknown."""
    results = prove_source(tmp_path, _SIBLINGS, check="bounds,overflow", timeout=30)
    for check, line, column in (("overflow", 5, 30), ("bounds", 12, 21)):
        second = next(r for r in results
                      if r.check == check and r.location.line == line and r.location.column >= column)
        assert second.verdict == Verdict.NO and second.counterexample.confirmed, (line, second.verdict, second.reason)
        assert second.counterexample.inputs["w"] >= 2
    second_read = next(r for r in results if r.check == "bounds" and r.location.line == 5 and r.location.column >= 40)
    assert second_read.verdict == Verdict.UNKNOWN, second_read.verdict


_MORE_SIBLINGS = """
    struct s { long x; };
    struct pt { long x; long y; };
    long id(long v) { return v; }
    long both(long u, long v) { return u - v; }
    long put(long *p, long x, long y) { *p = x - y; return 0; }
    long fields(unsigned char w) {
      struct s ss[1], tt[2];
      struct s *sp = ss, *tp = tt;
      return sp[w].x + tp[w].x;
    }
    long arguments(long v, unsigned char w) { long a[2] = {0, 0}; return both(id(a[w]), id(v * w)); }
    long inlined(long v, unsigned char w) { long a[2] = {0, 0}, r = 0, *q = &r; put(q, a[w], v * w); return r; }
    long items(long v, unsigned char w) { long a[2] = {0, 0}; long r[2] = {a[w], v * w}; return r[0]; }
    long members(long v, unsigned char w) { long a[2] = {0, 0}; struct pt p = {a[w], v * w}; return p.x; }
    """


def test_every_grouping_of_operands_in_any_order_gets_order_probes():
    """Struct fields through pointers, call arguments (of a call, and of one inlined for its
    pointer), the items of an array's and of a struct's initialiser: C evaluates each group
    in any order, so its second member is also evaluated first, before the first one."""
    functions = parse_c(_MORE_SIBLINGS, "t.c", "bv").functions
    for name in ("fields", "arguments", "inlined", "items", "members"):
        body = functions[name].body
        probe = next((k for k, s in enumerate(body) if is_order_probe(s)), None)
        assert probe is not None, name
        first_read = next(k for k, s in enumerate(body) if k > probe and isinstance(s, Assign)
                          and any(isinstance(e, (Select, Call)) for e in subexpressions(s.value)))
        assert probe < first_read, name


_SAFE_CALLS = """
    extern int __VERIFIER_nondet_int(void);
    int half(int x) { return x / 2; }
    int less(int y) { return y - 1; }
    int get(int *p, int k) { if (k < 0) return 0; return p[k]; }
    int main(void) {
      int a[4] = {0};
      int b[4] = {0};
      int *q = a, *r = b;
      int x = __VERIFIER_nondet_int();
      int y = __VERIFIER_nondet_int();
      if (y < 0 || y > 1000 || x < 0 || x > 2) return 0;
      int t = half(x) + less(y);
      return t + get(q, x) + get(r, x + 1);
    }"""


def test_calls_side_by_side_are_still_proved(tmp_path: Path):
    """Checking each call first loses no proof of safe code (the second `get` is inlined with
    its labels renamed in the probe)."""
    results = prove_source(tmp_path, _SAFE_CALLS, check="bounds,null,overflow,div", timeout=30)
    assert results and all(r.verdict == Verdict.YES for r in results), [(r.check, r.location.line, r.verdict, r.reason)
                                                                        for r in results if r.verdict != Verdict.YES]
    assert only(results, "bounds", 4).verdict == Verdict.YES


def test_concrete_runs_and_program_exits_never_count_the_probe():
    """The probe is the automaton's second edge, so an interpreted run (witness replay, the
    sampling lane) takes the ordinary path and is not cut by the probe's assume(false); nor
    is that assume a program exit (`verify equiv` refuses those)."""
    program = parse_c(_SIBLINGS, "t.c", "bv")
    assert path_end(program.functions["calls"].body) is None
    run = run_cfa(build_cfa(program, "calls"), {"v": 9223372036854775804, "w": 0}, lambda site, step, t: 0)
    assert run.finished and not run.blocked and run.failure is None


_CLASHES = """
    extern int __VERIFIER_nondet_int(void);
    int fill(int *a, int n) { for (int i = 0; i < n; i++) a[i] = i; return n; }
    int total(int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
    int set(int *p, int v) { *p = v; return v; }
    int bump(int *x) { *x = *x + 1; return 0; }
    int by_reference(void) { int a[4] = {0}; return fill(a, 4) + a[1]; }
    int scalar(void) { int x = 0; return bump(&x) + x; }
    int through_pointer(void) { int a[4] = {0}; int *p = a; return set(p, 3) + a[0]; }
    int both_read(void) { int a[4] = {0}; return total(a, 4) + total(a, 4) + a[0]; }
    int unrelated(void) { int a[4] = {0}; int y = 2; int *p = a; return set(p, 3) + y; }
    int drawn(void) { int a[4] = {0}; int *p = a; p[1] = __VERIFIER_nondet_int(); return a[1]; }
    struct pt { int x; int y; };
    int setx(struct pt *q) { q->x = 5; return 1; }
    int field(void) { struct pt s = {0, 0}; struct pt *q = &s; return setx(q) + s.x; }
    int use(int k, struct pt v) { return k + v.x; }
    int by_value(void) { struct pt s = {0, 0}; return use(setx(&s), s); }
    int later(void) { int x = 0, y = 0, r = 0; int *p = &y;
                      for (int i = 0; i < 2; i++) { r = set(p, 5) + x; p = &x; } return r; }
    int compound(void) { int x = 0; int *p = &x; x += set(p, 5); return x; }
    int place(void) { int a[2] = {0, 0}; int i = 0; a[i] = set(&i, 1); return a[0]; }
    int stored_after(void) { int x = 0; int a[4] = {0}; int *p = &x; x = set(p, 5); a[0] = fill(a, 4);
                             *p = set(&a[1], 2); return x + a[0]; }
    """


def test_operands_that_change_what_the_one_beside_reads_are_unsupported():
    """Checking an operand first covers every order only when no sibling changes what it
    reads: a call writing an array, a variable or memory through a pointer beside a read of
    it makes the function unsupported (an assignment's target is such a read: `x +=`, `a[i] =`;
    so is a struct passed by value; a pointer may designate what it is made to point to later
    in the source); calls that only
    read, or write what no sibling reads, do not (nor what `=` only writes after them). An
    operand with nothing to check (a nondet value) gets no probe."""
    functions = parse_c(_CLASHES, "t.c", "bv").functions
    assert "call to 'fill', which writes 'a', beside an operand that reads it" in functions["by_reference"].unsupported
    assert "call to 'bump', which writes 'x', beside an operand that reads it" in functions["scalar"].unsupported
    assert "an operand writes what a pointer designates, which an operand beside it reads" \
        in functions["through_pointer"].unsupported
    assert not any(functions[name].unsupported for name in ("both_read", "unrelated", "drawn", "stored_after"))
    for name in ("field", "later", "compound"):  # `s.x` through `q`; `&x` taken after, run before; `x +=` reads x
        assert "an operand writes what a pointer designates" in functions[name].unsupported, name
    assert "call to 'set', which writes 'i', beside an operand that reads it" in functions["place"].unsupported
    assert "call to 'setx', which writes 's.x', beside an operand that reads it" in functions["by_value"].unsupported
    assert not any(is_order_probe(s) for s in all_stmts(functions["drawn"].body))
    assert any(is_order_probe(s) for s in all_stmts(functions["both_read"].body))


def test_a_recursion_read_path_by_path_keeps_its_definitions():
    """`fib(n - 1) + fib(n - 2)` gets an order probe. Read path by path (summaries, `verify
    equiv`), the probe's path stops at its assume(false): it makes its call and may fail its
    checks, but never returns, so the defining equations of `fib` are still read."""
    program = parse_c("""
        int fib(int n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
        int f(int n) { if (n < 0 || n > 20) return 0; return fib(n); }""", "t.c", "bv")
    stopped = [p for p in function_paths(program, "fib").paths if z3.is_false(p.exit_guard)]
    assert len(stopped) == 1 and [c.callee for c in stopped[0].calls] == ["fib"]
    assert read_definitions(program, "f", time.monotonic() + 30) is not None
