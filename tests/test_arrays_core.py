"""Arrays through the encoder, the automaton, the interpreter and BMC (hand-built IR)."""

from __future__ import annotations

import time

import z3

from verifier import ir
from verifier.arrays import ArrayValue
from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.interpret import run_cfa
from verifier.portfolio import run_engines
from verifier.result import Verdict
from verifier.smt import from_python, sort_of, to_python

from .array_ir import BOOL, I32, I64, at, c, function, get, length, op, program, put, v

ARR = ir.ArrayType(I32)  # an array parameter: its length is the parameter a#len
FOUR = ir.ArrayType(I32, 4)


def sum_upto_length(inclusive: bool) -> ir.Program:
    """int f(int a[], long a#len): the sum of a[0..len-1] (reading a[len] too when `inclusive`)."""
    n = length("a")
    loop = ir.While(op("le" if inclusive else "lt", v("i"), n, 4),
                    [ir.Assign("s", op("add", v("s", I32), get("a", ARR, v("i"), 5), 5), at(5)),
                     ir.Assign("i", op("add", v("i"), c(1), 6), at(6))], [], at(4))
    body = [ir.Assume(op("land", op("le", c(0), n), op("le", n, c(8))), at(2)),
            ir.Assign("i", c(0), at(3)), ir.Assign("s", c(0, I32), at(3)), loop, ir.Return(v("s", I32), at(8))]
    return program(function("f", [("a", ARR), (ir.length_name("a"), I64)], body, {"i": I64, "s": I32}))


def zero_then_read() -> ir.Program:
    """int b[4] (uninitialised); for (i = 0; i < 4; i++) b[i] = 0; assert(b[index] == 0)."""
    loop = ir.While(op("lt", v("i"), c(4), 3), [put("b", FOUR, v("i"), c(0, I32), 4),
                                                 ir.Assign("i", op("add", v("i"), c(1), 4), at(4))], [], at(3))
    body = [ir.Assign("b", ir.Nondet(FOUR, "", at(2)), at(2)), ir.Assign("i", c(0), at(3)), loop,
            ir.Assert(op("eq", get("b", FOUR, v("k"), 6), c(0, I32), 6), "assert", "b[k] == 0", at(6)),
            ir.Return(c(0, I32), at(7))]
    return program(function("g", [("k", I64)], [ir.Assume(op("land", op("le", c(0), v("k")),
                                                                   op("lt", v("k"), c(4))), at(1)), *body],
                            {"b": FOUR, "i": I64}))


def first_is_one() -> ir.Program:
    """int h(int a[], long a#len) { assert(a[0] == 1); }: fails on an empty array (bounds) or a[0] != 1."""
    body = [ir.Assert(op("eq", get("a", ARR, c(0), 2), c(1, I32), 2), "assert", "a[0] == 1", at(2)),
            ir.Return(c(0, I32), at(3))]
    return program(function("h", [("a", ARR), (ir.length_name("a"), I64)], body, {}))


def engines(prog: ir.Program, name: str, seconds: float = 8.0):
    return run_engines(prog, name, None, time.monotonic() + seconds)


def by_kind(answer, kind: str, line: int | None = None):
    (outcome,) = [o for k, o in answer.outcomes.items() if k[0] == kind and line in (None, k[1])]
    return outcome


def replay(prog: ir.Program, name: str, witness):
    cfa = build_cfa(prog, name)
    return run_cfa(cfa, witness.params, lambda site, step, t: witness.nondet.get(f"{site}@{step}", 0))


def test_array_sorts_and_values_round_trip_through_z3():
    assert sort_of(ARR) == z3.ArraySort(z3.BitVecSort(64), z3.BitVecSort(32))
    value = ArrayValue(-3, {0: 5, 2: -1})
    term = from_python(value, ARR)
    assert to_python(z3.simplify(term), ARR) == value
    assert value.to_list(4) == [5, -3, -1, -3]
    assert value.store(1, 7).to_list(3) == [5, 7, -1] and value.to_list(2) == [5, -3]


def test_reading_one_past_the_end_is_a_bounds_failure_with_a_replayed_witness():
    prog = sum_upto_length(inclusive=True)
    outcome = by_kind(engines(prog, "f"), "bounds")
    assert outcome.verdict == Verdict.NO
    w = outcome.witness
    run = replay(prog, "f", w)
    assert run.failure is not None and run.failure[0] == "bounds" and run.failure[1].line == 5
    assert isinstance(w.params["a"], ArrayValue) and 0 <= w.params["a#len"] <= 8
    # the trace shows the array as the list of its elements, its length variable not apart
    assert all(isinstance(values["a"], list) and "a#len" not in values for _, values in run.trace)
    assert len(run.trace[-1][1]["a"]) == w.params["a#len"]


def test_reading_below_the_length_is_proved_in_bounds():
    answer = engines(sum_upto_length(inclusive=False), "f")
    assert by_kind(answer, "bounds").verdict == Verdict.YES
    assert by_kind(answer, "overflow", 5).verdict == Verdict.NO  # eight large elements overflow the sum


def test_a_fixed_size_array_written_in_a_loop_is_read_back_exactly():
    answer = engines(zero_then_read(), "g")
    assert by_kind(answer, "assert").verdict == Verdict.YES
    assert {o.verdict for k, o in answer.outcomes.items() if k[0] == "bounds"} == {Verdict.YES}


def test_a_loop_free_array_assertion_fails_on_a_concrete_array():
    prog = first_is_one()
    answer = engines(prog, "h")
    for kind in ("bounds", "assert"):
        w = by_kind(answer, kind).witness
        run = replay(prog, "h", w)
        assert run.failure is not None and run.failure[0] == kind
    w = by_kind(answer, "assert").witness
    assert w.params["a#len"] >= 1 and w.params["a"].select(0) != 1
    assert by_kind(answer, "bounds").witness.params["a#len"] <= 0


def test_bounds_checks_read_the_index_type_in_both_readings():
    prog = first_is_one()
    for reading in ("bv", "int"):
        ts = encode(build_cfa(prog, "h"), reading)
        (error,) = [e for e in ts.errors if e.kind == "bounds"]
        s = z3.Solver()
        s.add(error.cond, ts.var("a#len") == 1)
        assert s.check() == z3.unsat, reading  # a[0] is in bounds when the length is 1
        s = z3.Solver()
        s.add(error.cond, ts.var("a#len") == 0)
        assert s.check() == z3.sat, reading


def test_an_array_is_a_value_when_a_call_is_inlined():
    """int set0(int a[4]) { a[0] = 9; return a[0]; } int m() { int b[4] = {0}; set0(b); assert(b[0] == 0); }"""
    callee = function("set0", [("a", FOUR)], [put("a", FOUR, c(0), c(9, I32), 2),
                                              ir.Return(get("a", FOUR, c(0), 2), at(2))], {})
    zeros = ir.Const(0, I32)
    body = [ir.Assign("b", ir.Nondet(FOUR, "", at(4)), at(4)), put("b", FOUR, c(0), zeros, 4),
            ir.Assign("r", ir.Call("set0", (v("b", FOUR),), I32, at(5)), at(5)),
            ir.Assert(op("land", op("eq", get("b", FOUR, c(0), 6), zeros), op("eq", v("r", I32), c(9, I32))),
                      "assert", "", at(6)),
            ir.Return(zeros, at(7))]
    answer = engines(program(callee, function("m", [], body, {"b": FOUR, "r": I32})), "m")
    assert by_kind(answer, "assert").verdict == Verdict.YES


def test_booleans_as_elements():
    flags = ir.ArrayType(BOOL, 2)
    body = [ir.Assign("f", ir.Nondet(flags, "", at(2)), at(2)), put("f", flags, c(1), c(1, BOOL), 3),
            ir.Assert(get("f", flags, c(1), 4), "assert", "", at(4)), ir.Return(c(0, I32), at(5))]
    answer = engines(program(function("b", [], body, {"f": flags})), "b")
    assert by_kind(answer, "assert").verdict == Verdict.YES


def test_the_refuter_runs_the_automaton_on_drawn_arrays_with_matching_lengths():
    from verifier.crosscheck.refute import refute_yes

    cfa = build_cfa(sum_upto_length(inclusive=True), "f")
    (key,) = [k for k in encode(cfa).checks if k[0] == "bounds"]
    found = refute_yes(cfa, key, max_examples=50, deadline_s=5.0)
    assert found is not None
    assert isinstance(found.params["a"], ArrayValue) and 0 <= found.params["a#len"] <= 8


def test_sampling_draws_short_arrays_and_finds_the_read_past_the_end():
    from verifier.engines.safety.sampling import run_sampling

    ts = encode(build_cfa(sum_upto_length(inclusive=True), "f"))
    (key,) = [k for k in ts.checks if k[0] == "bounds"]
    found = run_sampling(ts, {key}, time.monotonic() + 3.0)
    w = found[key].witness
    run = replay(sum_upto_length(inclusive=True), "f", w)
    assert run.failure is not None and run.failure[0] == "bounds"


def test_a_constant_array_holds_its_value_everywhere_in_every_reading():
    """int z[3] = all zeros (as calloc gives); assert(z[k] == 0) for 0 <= k < 3."""
    three = ir.ArrayType(I32, 3)
    body = [ir.Assume(op("land", op("le", c(0), v("k")), op("lt", v("k"), c(3))), at(1)),
            ir.Assign("z", ir.Const(0, three, at(2)), at(2)),
            ir.Assert(op("eq", get("z", three, v("k"), 3), c(0, I32)), "assert", "z[k] == 0", at(3)),
            ir.Return(c(0, I32), at(4))]
    prog = program(function("zero", [("k", I64)], body, {"z": three}))
    assert by_kind(engines(prog, "zero"), "assert").verdict == Verdict.YES
    ts = encode(build_cfa(prog, "zero"), "int")
    (error,) = [e for e in ts.errors if e.kind == "assert"]
    assert z3.Solver().check(error.cond) == z3.unsat
    run = run_cfa(build_cfa(prog, "zero"), {"k": 2}, lambda *_: 0)
    assert run.finished and run.failure is None and run.trace[-1][1]["z"] == [0, 0, 0]
