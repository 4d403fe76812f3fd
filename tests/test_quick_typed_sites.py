"""A typed no before z3 (`check_sites.listed_sites`, `quick_search.typed_quick_no`).

With --exit-first a Python function's typed inputs run before anything is
encoded: the check sites are listed from the IR alone, and they must be the very
sites (keys, texts, order) the encoder describes, or the stopped checks of the
report would differ from the full run's. What the listing does not read as the
encoder does, it declines (None), and the run encodes as before. The no is still
replayed by CPython, and z3 is never imported on the way.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.cfa import build_cfa
from verifier.check_sites import listed_sites
from verifier.encode import encode
from verifier.load import load_program

ROOT = Path(__file__).resolve().parents[1]

#: lists and contracts, strings, dicts of strings, int(), divisions in loops: the listing covers them all
FILES = ["examples/binary_search.py", "examples/tokenizer.py", "bench/python_data/histogram.py",
         "bench/python_data/parse_pair.py", "bench/python_data/price_of_discontinued.py",
         "bench/time_to_no/power_mod.py"]


@pytest.mark.parametrize("name", FILES)
def test_the_listed_sites_are_the_encoders(name):
    program = load_program(str(ROOT / name))
    for function in program.functions.values():
        if function.unsupported:
            continue
        cfa = build_cfa(program, function.name)
        listed = listed_sites(cfa)
        assert listed is not None, function.name
        assert list(listed.items()) == list(encode(cfa).checks.items()), function.name


#: a shift and a bitwise operator: the encoder's readings of them (bounded exactness) are its own
BITS = '''
def mask(x: int, n: int) -> int:
    """pre: 0 <= n < 8"""
    assert (x << n) & 255 != 3
    return 10 // n
'''


def test_what_the_listing_does_not_read_it_declines(tmp_path):
    path = tmp_path / "bits.py"
    path.write_text(textwrap.dedent(BITS).lstrip("\n"))
    cfa = build_cfa(load_program(str(path)), "mask")
    encoded = {k[:2] for k in encode(cfa).checks}
    assert listed_sites(cfa) is None and encoded == {("assert", 3), ("shift", 3), ("bound", 3), ("div-by-zero", 4)}


#: the empty list fails the first access; the loop's assertion is left open (stopped)
FIRST = '''
def first_gap(xs: list[int]) -> int:
    gap = xs[0]
    for x in xs:
        assert x != 7
        gap = x - gap
    return gap
'''

PROVE = '''
import json, sys
from verifier.config import DEFAULT_CHECKS
from verifier.deadline import function_deadline
from verifier.load import load_program
from verifier.proving import prove_function
results = prove_function(load_program(sys.argv[1]), "first_gap", DEFAULT_CHECKS,
                         function_deadline(DEFAULT_CHECKS, 10), exit_first=True)
print(json.dumps({"z3": "z3" in sys.modules, "results": [
    [r.check, r.location.line, r.verdict.value, r.reason, bool(r.counterexample and r.counterexample.confirmed),
     r.counterexample.replay if r.counterexample else ""] for r in results]}))
'''


def test_exit_first_replays_a_typed_no_in_cpython_before_z3_is_imported(tmp_path):
    path = tmp_path / "first.py"
    path.write_text(textwrap.dedent(FIRST).lstrip("\n"))
    done = subprocess.run([sys.executable, "-c", PROVE, str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    doc = json.loads(done.stdout)
    rows = {(check, line): (verdict, reason, confirmed, replay)
            for check, line, verdict, reason, confirmed, replay in doc["results"]}
    verdict, _, confirmed, replay = rows[("bounds", 2)]
    assert verdict == "no" and confirmed and replay.startswith("python")
    assert rows[("assert", 4)][0] == "unknown" and rows[("assert", 4)][1].startswith("stopped: ")
    assert not doc["z3"]
