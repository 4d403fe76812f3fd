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
