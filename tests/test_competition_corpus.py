"""The competition-style corpus (tests/programs/competition/): files written in
the style of the termination and verification competitions' C tasks (their
headers, `typedef enum {false, true} bool;`, `__VERIFIER_*` built-ins,
`reach_error` through `__assert_fail`, machine-reduced `goto` loops), each
answered with the verdict its header records:

    // expect: prove=no terminates=yes
    // data-model: ILP32            (optional; LP64 otherwise)

Every no is a counterexample gcc reproduced; every prove=yes file is also run
for real (the gcc replay harness) on random nondeterministic values, none of
which may fail.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from verifier.config import parse_checks
from verifier.crosscheck.replay_c import CReplayer
from verifier.load import load_program
from verifier.proving import prove_paths
from verifier.result import Verdict

CORPUS = Path(__file__).parent / "programs" / "competition"
#: seconds per check: every file is answered well within it
TIMEOUT = 8.0
#: the files that take longest (a few seconds each)
SLOW = {"goto_sum_wrong.c", "cil_count.c", "switch_in_goto_loop.c", "cil_count_off_by_one.c"}


def expectations(path: Path) -> tuple[dict[str, str], str]:
    """The `expect:` verdicts by command and the data model of a corpus file."""
    text = path.read_text()
    expect = re.search(r"^// expect: (.*)$", text, re.M)
    assert expect, f"{path.name} has no '// expect:' line"
    model = re.search(r"^// data-model: (\w+)$", text, re.M)
    return dict(item.split("=") for item in expect.group(1).split()), model.group(1) if model else "LP64"


def cases() -> list:
    found = []
    for path in sorted(CORPUS.glob("*.c")):
        expect, _ = expectations(path)
        for command, verdict in expect.items():
            marks = [pytest.mark.slow] if path.name in SLOW else []
            found.append(pytest.param(path, command, verdict, id=f"{path.stem}-{command}", marks=marks))
    return found


def test_the_corpus_is_large_and_varied():
    files = sorted(CORPUS.glob("*.c"))
    verdicts = [v for f in files for v in expectations(f)[0].items()]
    assert len(files) >= 30
    for pair in [("prove", "yes"), ("prove", "no"), ("terminates", "yes"), ("terminates", "no")]:
        assert pair in verdicts, pair
    assert sum("goto" in f.read_text() for f in files) >= 8
    assert sum(re.search(r"typedef\s+enum\s*\{\s*false\s*,\s*true\s*\}\s*bool\s*;", f.read_text()) is not None
               for f in files) >= 8


@pytest.mark.parametrize("path, command, verdict", cases())
def test_corpus_verdict(path: Path, command: str, verdict: str):
    _, model = expectations(path)
    checks = parse_checks("termination") if command == "terminates" else parse_checks("assert,overflow,div,shift")
    results = prove_paths([str(path)], None, checks, None, TIMEOUT, data_model=model)
    assert results
    got = {r.verdict for r in results}
    overall = "no" if Verdict.NO in got else "unknown" if Verdict.UNKNOWN in got else "yes"
    assert overall == verdict, [(r.check, r.location.line, r.verdict.value, r.reason) for r in results]
    for r in results:
        if r.verdict == Verdict.NO:
            assert r.counterexample is not None and r.counterexample.confirmed, r.reason


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
@pytest.mark.parametrize("path", [p for p in sorted(CORPUS.glob("*.c")) if expectations(p)[0].get("prove") == "yes"],
                         ids=lambda p: p.stem)
def test_proved_files_do_not_fail_when_run(path: Path):
    _, model = expectations(path)
    program = load_program(str(path), None, model)
    replayer = CReplayer(program, "main")
    rng = random.Random(path.name)
    interesting = [0, 1, -1, 2, 3, 7, 10, 42, 99, 127, 128, 255, 500, 999, 2**31 - 1, -2**31, 2**32 - 1]
    feasible = 0
    for _ in range(12):
        nondet = [rng.choice(interesting + [rng.randint(-2**31, 2**32)]) for _ in range(8)]
        observed = replayer.run({}, nondet)
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, (nondet, observed.describe())
        feasible += observed.passed
    assert feasible > 0  # some run got past the assumptions and finished
