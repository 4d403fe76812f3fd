"""The real runs behind `verify equiv`: sampled inputs in two rounds (no
Hypothesis before the first runs), the C batch driver heard a chunk at a
time and stopped between chunks, and the engine worker without z3py's
argument checks (its answers still re-checked outside it)."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest

from verifier.equivalence import equiv
from verifier.equivalence.real_runs import BATCH_CHUNK, runner_for
from verifier.equivalence.sample import MAX_SAMPLES, Sampler, drawn_inputs, first_inputs, in_domain
from verifier.equivalence.targets import load_target
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")


def targets(tmp_path: Path, a_src: str, b_src: str, suffix: str = ".c"):
    (tmp_path / f"a{suffix}").write_text(textwrap.dedent(a_src).lstrip("\n"))
    (tmp_path / f"b{suffix}").write_text(textwrap.dedent(b_src).lstrip("\n"))
    work = tempfile.mkdtemp(dir=tmp_path)
    a = load_target(f"{tmp_path}/a{suffix}:f", None, work)
    return a, load_target(f"{tmp_path}/b{suffix}:g", None, work, default_function=a.function)


def test_the_first_round_needs_no_hypothesis_and_the_draws_add_only_new_inputs(tmp_path):
    a, b = targets(tmp_path, "int f(int x, short y) { return x + y; }", "int g(int x, short y) { return y + x; }")
    first = first_inputs(a, b)
    assert first[:3] == [[-2, -2], [-2, -1], [-2, 0]]  # the grid of small values comes first
    assert [1024, 1] in first and [1, 2**15 - 1] in first  # then each parameter up its ladder, smallest first
    assert all(in_domain(a, b, v) for v in first)
    drawn = drawn_inputs(a, b, first)
    assert drawn and not {tuple(v) for v in drawn} & {tuple(v) for v in first}
    assert all(in_domain(a, b, v) for v in drawn) and len(first) + len(drawn) <= MAX_SAMPLES


@needs_gcc
def test_the_c_batch_is_heard_a_chunk_at_a_time_and_stops_between_chunks(tmp_path):
    a, _ = targets(tmp_path, "int f(int x) { return 2 * x; }", "int g(int x) { return x + x; }")
    stop = threading.Event()
    heard: list[int] = []

    def each(i, outcome):
        heard.append(i)
        stop.set()  # the first chunk is heard before the next one starts: nothing after it runs

    outcomes = runner_for(a.program, a.function).run([[v] for v in range(3 * BATCH_CHUNK)], 1.0, 10.0, stop, each)
    assert heard == list(range(BATCH_CHUNK))
    assert [o.value for o in outcomes[:BATCH_CHUNK]] == [2 * v for v in range(BATCH_CHUNK)]
    assert all(o.status == "unavailable" for o in outcomes[BATCH_CHUNK:])


@needs_gcc
def test_the_sampler_compares_every_input_of_both_rounds(tmp_path):
    a, b = targets(tmp_path, "int f(int x) { return x; }", "int g(int x) { if (x == 7) return 0; return x; }")
    sampler = Sampler(a, b, 5.0)
    sampler.start()
    sampler.join(30)
    assert not sampler.error
    assert sampler.differences()[0][0] == [7]  # in the first round's grid
    assert sampler.tried() == len(sampler.inputs) > len(first_inputs(a, b))  # the draws ran too


@needs_gcc
def test_answers_of_the_checkless_engine_worker_are_still_rechecked_and_replayed(tmp_path):
    a_src = """
        int f(int n) {
            int s = 0;
            for (int i = 0; i < n; i++) s += 2;
            return s;
        }"""
    b_src = """
        int g(int n) {
            if (n <= 0) return 0;
            if (n > 1000) return 0;
            return 2 * n;
        }"""
    (tmp_path / "a.c").write_text(textwrap.dedent(a_src))
    (tmp_path / "b.c").write_text(textwrap.dedent(b_src))
    [r] = equiv(f"{tmp_path}/a.c:f", f"{tmp_path}/b.c:g", timeout=20)
    assert r.verdict == Verdict.NO, r.reason  # differ for n > 1000 (when the loop does not overflow)
    n = r.counterexample.inputs["n"]
    assert n > 1000 and r.counterexample.confirmed and r.counterexample.outputs["B"] == 0
    if n < 2**30:  # else A's sum overflows: a failure, also a difference
        assert r.counterexample.outputs["A"] == 2 * n
