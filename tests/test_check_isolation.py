"""One hard check does not hold up the easy checks of the same function.

The function below has one obligation z3 finds hard (the overflow of the
second multiplication of `s * s * s` on a short: a 32-bit cubic) after
checks z3 answers in a fraction of a second alone. (A check after the hard
one is harder too: its path condition says the hard one did not fail; see
bench/bench_check_isolation.py.) BMC asks about each check
on its own budget (`engines.safety.bmc`), so the easy ones are decided (yes
with a checked certificate, or a no replayed for real) while the hard one may
stay unknown with a timeout reason. The yes answers are checked against gcc
with UBSan on Hypothesis inputs.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import prove_source
from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.safety.bmc import FIRST_RLIMIT, Bmc
from verifier.frontends.c import parse_c
from verifier.result import Verdict

SOURCE = """\
unsigned int f(unsigned char d, unsigned short a, unsigned short b, short s, int x) {
    d += 200;
    if (x > 5) { x = x - 1; }
    assert(d != 7 || x != 1000);
    unsigned int p = a * b;
    int c = s * s * s;
    return p + c;
}
"""
HARD = ("overflow", 6, 15)  # (s * s) * s
EASY_YES = {("overflow", 2, 7), ("overflow", 3, 20)}  # d += 200 in int; x - 1 with x > 5
EASY_NO_MUL = ("overflow", 5, 24)  # a * b in int
EASY_NO = {EASY_NO_MUL, ("assert", 4, 5)}  # and d == 7 with x == 1000 is reachable


def test_bmc_decides_the_easy_checks_while_the_hard_one_is_left_behind():
    ts = encode(build_cfa(parse_c(SOURCE, "iso.c"), "f"))
    bmc = Bmc(ts, EASY_YES | EASY_NO | {HARD})
    found, deadline = {}, time.monotonic() + 30
    while not (EASY_YES | EASY_NO) <= set(found) and not bmc.finished and time.monotonic() < deadline:
        found.update(bmc.advance(deadline))
    assert {k for k, o in found.items() if o.verdict == Verdict.YES} >= EASY_YES
    assert {k for k, o in found.items() if o.verdict == Verdict.NO} >= EASY_NO
    # decided although the hard check was still open, its budget raised past the first one
    assert HARD in bmc.open_keys and HARD not in found
    assert bmc.budget(HARD) > FIRST_RLIMIT
    assert bmc.checked_for(HARD) == -1 and all(bmc.checked_for(k) >= 0 for k in EASY_YES)


@pytest.fixture(scope="module")
def proved(tmp_path_factory):
    """`verify prove` on SOURCE at a modest --timeout: results by (check, line, column)."""
    results = prove_source(tmp_path_factory.mktemp("iso"), SOURCE, check="assert,overflow", timeout=10)
    return {(r.check, r.location.line, r.location.column): r for r in results}


def test_easy_checks_are_decided_at_a_modest_timeout(proved):
    for key in EASY_YES:
        assert proved[key].verdict == Verdict.YES, (key, proved[key].reason)
        assert "z3" in proved[key].certificate.checked_by
    for key in EASY_NO:
        assert proved[key].verdict == Verdict.NO, (key, proved[key].reason)
        assert proved[key].counterexample.confirmed


def test_the_hard_check_is_a_replayed_no_or_unknown_by_timeout(proved):
    hard = proved[HARD]
    if hard.verdict == Verdict.NO:
        assert hard.counterexample.confirmed
        assert abs(hard.counterexample.inputs["s"]) ** 3 > 2**31 - 1
    else:
        assert hard.verdict == Verdict.UNKNOWN and "timeout" in hard.reason, (hard.verdict, hard.reason)


HARNESS = """#include <stdio.h>
#line 1
""" + SOURCE + """
int main(void) {
    unsigned d, a, b; int s, x;
    while (scanf("%u %u %u %d %d", &d, &a, &b, &s, &x) == 5) f(d, a, b, s, x);
    return 0;
}
"""


@pytest.fixture(scope="module")
def ubsan_binary(tmp_path_factory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    folder = tmp_path_factory.mktemp("iso_gcc")
    (folder / "f.c").write_text(HARNESS.replace("assert(", "(void)("))  # the asserts are not under test here
    subprocess.run(["gcc", "-O0", "-fsanitize=undefined", "-o", str(folder / "f"), str(folder / "f.c")],
                   check=True, capture_output=True)
    return folder / "f"


def ubsan_lines(binary: Path, inputs: list[tuple[int, ...]]) -> set[int]:
    """The lines of SOURCE where gcc's UBSan reports undefined behaviour on `inputs`."""
    run = subprocess.run([str(binary)], input="".join(" ".join(map(str, i)) + "\n" for i in inputs),
                         capture_output=True, text=True, timeout=20)
    return {int(line.split(":")[1]) for line in run.stderr.splitlines() if "runtime error" in line}


def test_gcc_reports_the_refuted_multiplication_on_its_line(ubsan_binary):
    assert ubsan_lines(ubsan_binary, [(0, 65535, 65535, 0, 0)]) == {EASY_NO_MUL[1]}


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 65535), st.integers(0, 65535),
                          st.integers(-32768, 32767), st.integers(-2**31, 2**31 - 1)), min_size=1, max_size=40))
def test_the_proved_checks_never_fail_under_gcc(proved, ubsan_binary, inputs):
    proved_lines = {key[1] for key, r in proved.items() if r.verdict == Verdict.YES}
    assert proved_lines and not ubsan_lines(ubsan_binary, inputs) & proved_lines
