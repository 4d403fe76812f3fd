"""Loops over arrays proved with quantified prefix invariants, re-checked by z3 and cvc5 (hand-built IR)."""

from __future__ import annotations

import time

import pytest

from verifier import ir
from verifier.cfa import build_cfa
from verifier.crosscheck.recheck import recheck
from verifier.encode import encode
from verifier.engines.invariants.chc import ChcOptions, run_chc
from verifier.result import Verdict

from .array_ir import I32, I64, at, c, function, get, length, op, program, put, v

ARR = ir.ArrayType(I32)
LEN = ir.length_name("a")
IN_A = op("land", op("le", c(0), v("j")), op("lt", v("j"), length("a")))  # 0 <= j < len(a)


def loop(cond: ir.Expr, body: list[ir.Stmt], line: int = 3) -> ir.While:
    """while (cond) { body; i++; }"""
    return ir.While(cond, [*body, ir.Assign("i", op("add", v("i"), c(1), line + 1), at(line + 1))], [], at(line))


def initialise() -> ir.Program:
    """for (i = 0; i < len(a); i++) a[i] = 0; assert(a[j] == 0);"""
    body = [ir.Assume(IN_A, at(2)), ir.Assign("i", c(0), at(3)),
            loop(op("lt", v("i"), length("a")), [put("a", ARR, v("i"), c(0, I32), 4)]),
            ir.Assert(op("eq", get("a", ARR, v("j"), 6), c(0, I32)), "assert", "a[j] == 0", at(6))]
    return program(function("init", [("a", ARR), (LEN, I64), ("j", I64)], body, {"i": I64}, None))


def copy() -> ir.Program:
    """for (i = 0; i < len(a); i++) b[i] = a[i]; assert(b[j] == a[j]);  (len(b) == len(a))"""
    same = op("eq", length("b"), length("a"))
    body = [ir.Assume(op("land", IN_A, same), at(2)), ir.Assign("i", c(0), at(3)),
            loop(op("lt", v("i"), length("a")), [put("b", ARR, v("i"), get("a", ARR, v("i"), 4), 4)]),
            ir.Assert(op("eq", get("b", ARR, v("j"), 6), get("a", ARR, v("j"), 6)), "assert", "", at(6))]
    params = [("a", ARR), (LEN, I64), ("b", ARR), (ir.length_name("b"), I64), ("j", I64)]
    return program(function("copy", params, body, {"i": I64}, None))


def search() -> ir.Program:
    """i = 0; while (i < len(a) && a[i] != key) i++; if (i == len(a)) assert(a[j] != key);"""
    cond = op("land", op("lt", v("i"), length("a")), op("ne", get("a", ARR, v("i"), 3), v("key", I32)))
    found_none = ir.If(op("eq", v("i"), length("a")),
                       [ir.Assert(op("ne", get("a", ARR, v("j"), 6), v("key", I32)), "assert", "", at(6))], [],
                       at(5))
    body = [ir.Assume(IN_A, at(2)), ir.Assign("i", c(0), at(3)), loop(cond, []), found_none]
    return program(function("search", [("a", ARR), (LEN, I64), ("key", I32), ("j", I64)], body, {"i": I64}, None))


def maximum() -> ir.Program:
    """m = a[0]; for (i = 1; i < len(a); i++) if (a[i] > m) m = a[i]; assert(a[j] <= m);"""
    bigger = ir.If(op("gt", get("a", ARR, v("i"), 4), v("m", I32)),
                   [ir.Assign("m", get("a", ARR, v("i"), 4), at(4))], [], at(4))
    body = [ir.Assume(IN_A, at(2)), ir.Assign("m", get("a", ARR, c(0), 2), at(2)), ir.Assign("i", c(1), at(3)),
            loop(op("lt", v("i"), length("a")), [bigger], line=3),
            ir.Assert(op("le", get("a", ARR, v("j"), 6), v("m", I32)), "assert", "a[j] <= m", at(6))]
    return program(function("maximum", [("a", ARR), (LEN, I64), ("j", I64)], body, {"i": I64, "m": I32}, None))


def prove(prog: ir.Program, seconds: float = 8.0, **options):
    (name,) = prog.functions
    ts = encode(build_cfa(prog, name))
    return run_chc(ts, set(ts.checks), time.monotonic() + seconds, include_unknown=True,
                   options=ChcOptions(**options))


@pytest.mark.parametrize("build, invariant", [
    (initialise, "forall k. 0 <= k < i -> a[k] == 0"),
    (copy, "forall k. 0 <= k < i -> b[k] == a[k]"),
    (search, "forall k. 0 <= k < i -> a[k] != key"),
    (maximum, "forall k. 0 <= k < i -> a[k] <= m"),
], ids=["initialise", "copy", "search", "max"])
def test_the_assertion_after_an_array_loop_is_proved_with_a_prefix_invariant(build, invariant):
    """Guessed first (Spacer on integer arrays often finds an invariant about a[j] alone, which also proves it)."""
    answers = prove(build(), quick_spacer=False)
    (outcome,) = [o for k, o in answers.items() if k[0] == "assert"]
    assert outcome.verdict == Verdict.YES, outcome.reason
    assert outcome.certificate_text.startswith("line 3: ") and invariant in outcome.certificate_text
    check = recheck(outcome.proof_smt2, timeout_s=30.0)  # slack for a loaded machine
    assert set(check.checked_by) == {"z3", "cvc5"}, check
    assert all(o.verdict == Verdict.YES for k, o in answers.items() if k[0] == "bounds")


def test_a_wrong_prefix_claim_is_not_proved_and_the_unknown_names_the_loop():
    """The initialising loop stops one short: a[len-1] is never set."""
    prog = initialise()
    fn = prog.functions["init"]
    fn.body[2] = loop(op("lt", v("i"), op("sub", length("a"), c(1), 3)), [put("a", ARR, v("i"), c(0, I32), 4)])
    answers = prove(prog, seconds=3.0)
    (outcome,) = [o for k, o in answers.items() if k[0] == "assert"]
    assert outcome.verdict == Verdict.UNKNOWN and "loop at line 3" in outcome.reason


@pytest.mark.parametrize("build", [initialise, search], ids=["initialise", "search"])
def test_every_check_of_an_array_loop_is_proved_and_rechecked_by_both_solvers(build):
    answers = prove(build())
    assert answers and all(o.verdict == Verdict.YES for o in answers.values()), answers
    for outcome in answers.values():
        assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}
