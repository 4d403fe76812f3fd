"""The memory corpus of bench/bench_memory.py: well-formed headers whose answers real runs
establish, and verify never contradicting them (unknown is allowed, wrong is not)."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.bench_memory import VerifyRun, run_verify, verify_checks
from bench.memory_corpus import CHECKS, Header, HeaderError, Native, check_file, corpus, read_header

HEADERS = corpus()
SAFE = [h for h in HEADERS if h.safe]
UNSAFE = [h for h in HEADERS if not h.safe]
#: the checks the corpus covers, each both ways
COVERED = ("assert", "overflow", "bounds", "null", "free", "use-after-free", "leak")
#: verify's --timeout in the soundness sample: an answer it cannot give by then is unknown, which is allowed
TIMEOUT = 4.0

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")


def one_unsafe_per_check() -> list[Header]:
    return [next(h for h in UNSAFE if h.fails == check) for check in COVERED]


def sample() -> list[Header]:
    """The shortest unsafe file of each check, the two shortest safe files of each set of checks."""
    def size(h: Header) -> tuple[int, str]:
        return len(h.path.read_text().splitlines()), h.path.name
    unsafe = [min((h for h in UNSAFE if h.fails == check), key=size) for check in COVERED]
    safe = []
    for checks in sorted({tuple(h.expect) for h in SAFE}):
        safe += sorted((h for h in SAFE if tuple(h.expect) == checks), key=size)[:2]
    return unsafe + safe



@pytest.fixture(scope="module")
def answers(native: Native) -> dict[str, VerifyRun]:
    """verify's answers on the sample, two files at a time (each run is a separate process)."""
    replayer = native if shutil.which("gcc") else None
    offered = verify_checks()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda h: run_verify(h, TIMEOUT, offered, replayer), sample())
        return {h.path.name: run for h, run in zip(sample(), runs)}


def test_the_corpus_is_large_half_safe_and_covers_every_check_both_ways():
    assert len(HEADERS) >= 60
    assert 0.4 <= len(SAFE) / len(HEADERS) <= 0.6
    answers = {(check, verdict) for h in HEADERS for check, verdict in h.expect.items()}
    for check in COVERED:
        assert (check, "yes") in answers and (check, "no") in answers, check


def test_every_unsafe_file_marks_the_line_its_witness_fails():
    for h in UNSAFE:
        lines = h.path.read_text().splitlines()
        assert [i + 1 for i, line in enumerate(lines) if "<- fails" in line] == [h.line], h.path.name
        assert list(h.expect) == [h.fails], h.path.name


@pytest.mark.parametrize("header, problem", [
    ("// why: no expect line\n", "needs '// expect:'"),
    ("// expect: bounds=maybe\n// why: x\n", "bad expect item"),
    ("// expect: bounds=yes bounds=no\n// why: x\n", "bad expect item"),
    ("// expect: stack=no\n// why: x\n", "bad expect item"),
    ("// expect: bounds=no\n// why: x\n", "needs '// witness: N ...'"),
    ("// expect: bounds=no\n// witness: 1 x\n// fails: bounds at line 5\n// why: x\n", "integers or 'none'"),
    ("// expect: bounds=no\n// witness: 1\n// fails: null at line 5\n// why: x\n", "which expect does not say no to"),
    ("// expect: bounds=yes\n// witness: 1\n// why: x\n", "a safe file has no witness"),
], ids=["no-expect", "bad-verdict", "twice", "unknown-check", "no-witness", "bad-witness", "other-check", "safe-witness"])
def test_a_malformed_header_is_rejected_with_its_fault(tmp_path: Path, header: str, problem: str):
    path = tmp_path / "bad.c"
    path.write_text(header + "int main(void) { return 0; }\n")
    with pytest.raises(HeaderError, match=problem):
        read_header(path)


def test_header_check_names_are_verify_check_names():
    from verifier.registry import CHECKS as REGISTERED
    assert set(CHECKS) <= set(REGISTERED)


@needs_gcc
@pytest.mark.parametrize("header", one_unsafe_per_check(), ids=lambda h: h.path.stem)
def test_a_witness_fails_for_real_with_the_recorded_check_at_its_line(native: Native, header: Header):
    agrees, detail = check_file(native, header, runs=0)
    assert agrees, detail


@needs_gcc
@pytest.mark.parametrize("header", SAFE[1::8], ids=lambda h: h.path.stem)
def test_a_safe_file_never_fails_for_real(native: Native, header: Header):
    agrees, detail = check_file(native, header, runs=12)
    assert agrees, detail


@needs_gcc
def test_a_safe_header_on_an_off_by_one_is_caught_by_the_random_runs(native: Native, tmp_path: Path):
    original = next(h for h in SAFE if h.path.stem == "array_copy_equal").path.read_text()
    assert original.count("for (i = 0; i < 10; i++) {\n    b[i] = a[i];") == 1
    broken = tmp_path / "array_copy_broken.c"
    broken.write_text(original.replace("for (i = 0; i < 10; i++) {\n    b[i] = a[i];",
                                       "for (i = 0; i <= 10; i++) {\n    b[i] = a[i];"))
    agrees, detail = check_file(native, read_header(broken), runs=3)
    line = broken.read_text().splitlines().index("    b[i] = a[i];") + 1
    assert not agrees and detail.startswith(f"fails bounds at line {line} "), detail


@pytest.mark.parametrize("header", sample(), ids=lambda h: h.path.stem)
def test_verify_never_contradicts_the_header(answers: dict[str, VerifyRun], header: Header):
    mine = answers[header.path.name]
    assert not any(reason.startswith("error") for reason in mine.reasons.values()), mine.reasons
    for check, verdict in mine.verdicts.items():
        assert verdict in ("yes", "no", "unknown")
        if verdict != "unknown":
            assert verdict == header.expect[check], (check, mine.reasons)
    if mine.verdicts.get(header.fails) == "no":  # found: its witness replays for real, through our own build too
        assert mine.witness in ("replayed", "verify only"), mine.witness  # confirmed, and reproduced when we can


@needs_gcc
@pytest.mark.parametrize("failing, replayed", [((0, 0, 1), "replayed"), ((1,), "not reproduced")],
                         ids=["third-fails", "first-fails"])
def test_the_bench_replays_a_witness_that_makes_an_allocation_fail(native: Native, failing, replayed):
    from bench.bench_memory import replay
    header = next(h for h in UNSAFE if h.path.stem == "use_after_free_list_next")
    values, sources = [], []  # as verify reports them: each malloc's outcome, then the cell's nondet value
    for fails in failing:
        values += [fails] if fails else [fails, 5]
        sources += [{"label": "malloc fails"}] + ([] if fails else [{"label": "__VERIFIER_nondet_int()"}])
    result = {"counterexample": {"confirmed": True, "inputs": {}, "nondet": values, "nondet_sources": sources}}
    assert replay(header, result, native) == replayed  # two cells are freed one by one; no cell, nothing is


@pytest.mark.skipif(shutil.which("frama-c") is None, reason="needs Frama-C (apt-get install frama-c-base)")
def test_eva_column_reads_alarms_at_their_lines(tmp_path: Path):
    from bench.bench_memory import EVA_STUB, EVA_STUB_NAME, Row, run_eva
    stub = tmp_path / EVA_STUB_NAME
    stub.write_text(EVA_STUB)
    header = next(h for h in UNSAFE if h.path.stem == "array_init_off_by_one")
    eva = run_eva(header, stub, precision=0)
    assert not eva.error
    assert [(a.kind, a.line) for a in eva.alarms] == [("index_bound", header.line)]
    assert Row(header, VerifyRun({}, {}, "", [], 0.0), eva).eva_found == "yes"
