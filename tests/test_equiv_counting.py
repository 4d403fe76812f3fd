"""Coupling by counting: loops whose iteration counts differ (unrolled, split) are paired by block weights."""

from __future__ import annotations

import textwrap
from pathlib import Path

from verifier.equivalence import equiv
from verifier.equivalence.check import encode_pair
from verifier.equivalence.counting import block_weights
from verifier.equivalence.pairing import Pair
from verifier.load import load_program
from verifier.result import Verdict

PLAIN = """
    def f(n: int) -> int:
        s = 0
        i = 0
        while i < n:
            s += i
            i += 1
        return s
    """
BY_THREE = """
    def g(n: int) -> int:
        s = 0
        i = 0
        while i + 2 < n:
            s += i + (i + 1) + (i + 2)
            i += 3
        while i < n:
            s += i
            i += 1
        return s
    """


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


def _pair(a: str, fa: str, b: str, fb: str) -> Pair:
    return encode_pair(load_program(a), fa, load_program(b), fb)[0]


def test_an_unrolled_body_weighs_as_many_steps_as_it_unrolls(tmp_path):
    import time

    pair = _pair(write(tmp_path, "a.py", PLAIN), "f", write(tmp_path, "b.py", BY_THREE), "g")
    driver, weights = block_weights(pair, time.monotonic() + 5)
    assert driver == "B"
    body = next(i for i, blk in enumerate(pair.b.blocks) if blk.src == blk.dst and "2" in str(blk.guard))
    assert dict(weights)[body] == 3
    assert sorted(w for _, w in weights) == [0, 1, 1, 1, 3]


def test_the_same_number_of_steps_leaves_it_to_lockstep(tmp_path):
    import time

    same = PLAIN.replace("def f", "def g").replace("s += i", "s = s + i")
    pair = _pair(write(tmp_path, "a.py", PLAIN), "f", write(tmp_path, "b.py", same), "g")
    assert block_weights(pair, time.monotonic() + 5) is None


def test_a_loop_unrolled_by_three_is_proved_by_counting(tmp_path):
    a, b = write(tmp_path, "a.py", PLAIN), write(tmp_path, "b.py", BY_THREE)
    [r] = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.YES, r.reason
    assert r.engine == "product(counting)+spacer"
    assert "z3" in r.certificate.checked_by and "termination" in r.certificate.note


def test_a_wrong_unrolling_is_still_a_replayed_difference(tmp_path):
    wrong = BY_THREE.replace("while i < n:", "while i + 1 < n:")
    [r] = equiv(write(tmp_path, "a.py", PLAIN), write(tmp_path, "b.py", wrong), timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    n = r.counterexample.inputs["n"]
    assert r.counterexample.outputs["A"] == sum(range(n)) != r.counterexample.outputs["B"]


SUM_C = """
    long f(int n) {
        long s = 0;
        for (int i = 0; i < n; i++)
            s += i;
        return s;
    }
    """
SUM_BY_TWO_C = """
    long g(int n) {
        long s = 0;
        int i = 0;
        for (; i + 1 < n; i += 2)
            s += 2L * i + 1;
        if (i < n)
            s += i;
        return s;
    }
    """
XOR_C = """
    int f(int n, int x) {
        int s = 0;
        for (int i = 0; i < n; i++)
            s ^= x;
        return s;
    }
    """


def test_a_remainder_folded_into_the_last_block_weighs_the_most_steps_it_stands_for(tmp_path):
    import time

    pair = _pair(write(tmp_path, "a.c", SUM_C), "f", write(tmp_path, "b.c", SUM_BY_TWO_C), "g")
    driver, weights = block_weights(pair, time.monotonic() + 5)
    assert driver == "B"
    body = next(i for i, blk in enumerate(pair.b.blocks) if blk.src == blk.dst)
    last = [i for i, blk in enumerate(pair.b.blocks) if blk.dst == pair.b.exit]
    assert dict(weights)[body] == 2
    assert all(dict(weights)[i] == 2 for i in last)  # the loop's last test, or that and the remainder step


def test_a_c_loop_unrolled_by_two_with_a_remainder_step_is_proved_by_counting(tmp_path):
    a, b = write(tmp_path, "a.c", SUM_C), write(tmp_path, "b.c", SUM_BY_TWO_C)
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=10)
    assert r.verdict == Verdict.YES, r.reason
    assert r.engine == "product(counting)+spacer"
    assert "(i2 % 2) == 0" in r.certificate.text  # the unrolled counter's parity: i + 1 < n cannot overflow
    assert "z3" in r.certificate.checked_by and "n1 - i1" in r.certificate.note
    assert "sampled inputs run for real agree" in r.certificate.note  # gcc runs of both on sampled inputs


def test_a_wrong_remainder_step_is_a_replayed_difference(tmp_path):
    wrong = SUM_BY_TWO_C.replace("if (i < n)\n            s += i;", "if (i < n)\n            s += i + 1;")
    assert wrong != SUM_BY_TWO_C
    [r] = equiv(f"{write(tmp_path, 'a.c', SUM_C)}:f", f"{write(tmp_path, 'b.c', wrong)}:g", timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    n = r.counterexample.inputs["n"]
    assert n % 2 == 1 and r.counterexample.outputs["A"] == sum(range(n)) != r.counterexample.outputs["B"]


def test_a_bit_vector_loop_has_a_ranking_function_read_as_integers(tmp_path):
    import time

    from verifier.equivalence.termination import prove_terminates

    xor_by_two = XOR_C.replace("int f", "int g").replace("i < n; i++)\n            s ^= x;",
                                                          "i + 1 < n; i += 2)\n            s ^= x ^ x;")
    pair = _pair(write(tmp_path, "a.c", XOR_C), "f", write(tmp_path, "b.c", xor_by_two), "g")
    assert pair.a.mode == "bv"  # '^' has no exact integer reading
    a, b = prove_terminates(pair.a, time.monotonic() + 5), prove_terminates(pair.b, time.monotonic() + 5)
    assert a.proved and a.text == "loop line 3: n1 - i1" and a.proof_smt2
    assert b.proved and b.text == "loop line 3: -1 + n2 - i2"


def test_a_bit_vector_loop_that_may_not_advance_has_no_ranking_function(tmp_path):
    import time

    from verifier.equivalence.termination import prove_terminates

    stuck = XOR_C.replace("i++", "i += x & 1")
    pair = _pair(write(tmp_path, "a.c", stuck), "f", write(tmp_path, "b.c", XOR_C.replace("int f", "int g")), "g")
    assert not prove_terminates(pair.a, time.monotonic() + 5).proved


TWO_LOOPS = """
    def f(n: int, x: int) -> int:
        s = 0
        for i in range(n):
            s += x
        c = 0
        for j in range(n):
            c += 1
        return s + c
    """
FUSED = """
    def g(n: int, x: int) -> int:
        s = 0
        c = 0
        for i in range(n):
            s += x
            c += 1
        return s + c
    """


def test_two_loops_fused_into_one_are_proved_by_lockstep_then_the_second_loop_alone(tmp_path):
    [r] = equiv(write(tmp_path, "a.py", TWO_LOOPS), write(tmp_path, "b.py", FUSED), timeout=30)  # slack for a loaded machine
    assert r.verdict == Verdict.YES, r.reason
    assert r.engine == "product(lockstep)+spacer"
    assert "B returned" in r.certificate.text  # A's second loop runs on after B has ended
    assert "z3" in r.certificate.checked_by and "sampled inputs run for real agree" in r.certificate.note


def test_a_fused_loop_that_counts_one_step_too_many_is_a_replayed_difference(tmp_path):
    wrong = FUSED.replace("c = 0\n", "c = 1\n")
    assert wrong != FUSED
    [r] = equiv(write(tmp_path, "a.py", TWO_LOOPS), write(tmp_path, "b.py", wrong), timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    n, x = r.counterexample.inputs["n"], r.counterexample.inputs["x"]
    assert r.counterexample.outputs["A"] == max(n, 0) * (x + 1) != r.counterexample.outputs["B"]


def test_a_parity_fact_on_bit_vectors_reads_as_a_remainder():
    import z3

    from verifier.equivalence.pretty import render

    i = z3.BitVec("i2", 32)
    assert render(z3.simplify(i & 1 == 0)) == "(i2 % 2) == 0"
    assert render(z3.simplify(i & 3 == 0)) == "(i2 % 4) == 0"
    assert render(z3.simplify(z3.Extract(3, 1, i) == 0)) == "(extract(i2)) == 0"  # not the low bits: left as is
