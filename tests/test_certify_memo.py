"""The certifier asks each question of a formula once (`certify.FormulaMemo`): carrying a quantified
fact to bit-vectors (a z3 query of its own) and walking a term in Python cost milliseconds, and each
candidate invariant shares most conjuncts with the last. The answers are those asked afresh."""

from __future__ import annotations

import textwrap

import z3

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.invariants import certify, to_bitvectors
from verifier.engines.invariants.chc import ChcOptions, ChcStats
from verifier.load import load_program

FILL = """
    int main(void) {
        int a[8];
        for (int i = 0; i < 8; i++) { a[i] = 0; }
        return a[7];
    }
"""


def test_a_formula_is_carried_to_bit_vectors_once_and_the_same_as_afresh(tmp_path, monkeypatch):
    path = tmp_path / "f.c"
    path.write_text(textwrap.dedent(FILL))
    ts = encode(build_cfa(load_program(str(path)), "main"))
    certifier = certify.Certifier(ts, None, ChcOptions(), ChcStats())
    assert certifier.bv
    k, i = z3.Int("k"), z3.Int("i")
    a = z3.Array("a", z3.IntSort(), z3.IntSort())
    fact = z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < i), a[k] == 0))
    calls = []
    real = to_bitvectors.to_bv
    monkeypatch.setattr(to_bitvectors, "to_bv", lambda f, t: calls.append(f) or real(f, t))
    first = certifier.math_to_ts(fact)
    again = certifier.math_to_ts(z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < i), a[k] == 0)))  # equal, built anew
    assert first is not None and again is first and len(calls) == 1
    assert first.eq(real(fact, ts))  # what a fresh translation gives
    other = certifier.math_to_ts(z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < i), a[k] >= 0)))
    assert len(calls) == 2 and other is not None and not other.eq(first)


def test_the_memo_tells_formulas_apart_and_forgets_past_its_size():
    seen = []
    memo = certify.FormulaMemo(lambda f: seen.append(f) or f.num_args(), kept=2)
    x, y, z = z3.Ints("x y z")
    assert memo(x + y > 0) == 2 and memo(x + y > 0) == 2 and len(seen) == 1
    assert memo(x + y + z > 0) == 2 and len(seen) == 2
    memo(z > 1)  # a third formula: the memo starts over
    assert memo(x + y > 0) == 2 and len(seen) == 4
