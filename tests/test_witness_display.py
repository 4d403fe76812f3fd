"""Counterexample inputs people can read: each nondet value named by what it
feeds, values the run never reads left out, in text and in JSON."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from verifier.cache import result_from_json
from verifier.report import emit, nondet_rows
from verifier.result import Counterexample, NondetSource, Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

COMPETITION_MAIN = """
extern unsigned int __VERIFIER_nondet_uint(void);
extern void abort(void);
void reach_error() {}
void __VERIFIER_assert(int cond) { if (!cond) { reach_error(); abort(); } }
int main() {
  unsigned int unused, later;
  unsigned int z, k;
  int offset;
  later = 1;
  z = __VERIFIER_nondet_uint();
  k = __VERIFIER_nondet_uint();
  __VERIFIER_assert(z + k + offset + later != 7);
  return 0;
}
"""


@pytest.fixture(scope="module")
def refuted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("witness")
    r = only(prove_source(tmp, COMPETITION_MAIN, check="assert"), "assert")
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    return r


@needs_gcc
def test_each_value_is_named_by_what_it_feeds_and_unread_locals_are_left_out(refuted):
    cex = refuted.counterexample
    shown = {label: value for label, value in nondet_rows(cex) if label is not None}
    assert list(shown) == ["offset (uninitialised) at line 8", "z = __VERIFIER_nondet_uint() at line 10",
                           "k = __VERIFIER_nondet_uint() at line 11"]
    assert (shown["z = __VERIFIER_nondet_uint() at line 10"] + shown["k = __VERIFIER_nondet_uint() at line 11"]
            + shown["offset (uninitialised) at line 8"] + 1) % 2**32 == 7
    unread = [s.label for s in cex.nondet_sources if not s.read]
    assert unread == ["unused (uninitialised)", "later (uninitialised)", "z (uninitialised)",
                      "k (uninitialised)"]


@needs_gcc
def test_text_and_sarif_witnesses_show_names_not_numbers(refuted):
    out = io.StringIO()
    emit([refuted], "text", out)
    text = out.getvalue()
    assert "nondet #" not in text
    assert "z = __VERIFIER_nondet_uint() at line 10" in text and "offset (uninitialised) at line 8" in text
    assert "unused" not in text and "later (uninitialised)" not in text
    assert "(4 uninitialised value(s) that this run never reads left out)" in text
    sarif = io.StringIO()
    emit([refuted], "sarif", sarif)
    message = json.loads(sarif.getvalue())["runs"][0]["results"][0]["message"]["text"]
    assert "nondeterministic values offset (uninitialised) at line 8 = " in message
    assert "z = __VERIFIER_nondet_uint() at line 10 = " in message and "unused" not in message


@needs_gcc
def test_json_witness_keeps_its_keys_and_adds_the_sources(refuted):
    out = io.StringIO()
    emit([refuted], "json", out)
    cex = json.loads(out.getvalue())["results"][0]["counterexample"]
    assert {"inputs", "nondet", "trace", "confirmed", "replay"} <= set(cex)
    assert len(cex["nondet"]) == len(cex["nondet_sources"]) == 7  # the replay vector is unchanged
    assert cex["nondet_sources"][5] == {"label": "z = __VERIFIER_nondet_uint()", "line": 10, "read": True}
    assert [s["read"] for s in cex["nondet_sources"]] == [False, False, False, False, True, True, True]
    back = result_from_json(json.loads(out.getvalue())["results"][0])
    assert back.counterexample.nondet_sources == refuted.counterexample.nondet_sources


def test_a_site_read_again_is_numbered_and_old_results_stay_numbered():
    sources = [NondetSource("x = nondet()", 4), NondetSource("x = nondet()", 4), NondetSource("y (uninitialised)", 2,
                                                                                               read=False)]
    cex = Counterexample(nondet=[5, 6, 7], nondet_sources=sources)
    assert nondet_rows(cex) == [("x = nondet() at line 4", 5), ("x = nondet() at line 4 (call 2)", 6), (None, 7)]
    assert nondet_rows(Counterexample(nondet=[5, 6])) == [("nondet #1", 5), ("nondet #2", 6)]


@needs_gcc
def test_a_non_terminating_input_is_named_by_what_it_feeds(tmp_path):
    from verifier.terminating import termination_result
    from verifier.load import load_program

    path = tmp_path / "triple.c"
    path.write_text("int main(void) {\n  int unused;\n  short s = __VERIFIER_nondet_int();\n"
                    "  while (s > 0) s = s * 3;\n  return 0;\n}\n")
    r = termination_result(load_program(str(path)), "main", 10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    shown = [(label, value) for label, value in nondet_rows(r.counterexample) if label is not None]
    assert [label for label, _ in shown] == ["s = __VERIFIER_nondet_int() at line 3"]
    assert 0 < shown[0][1] < 2**15  # s is a short that stays positive under * 3
    out = io.StringIO()
    emit([r], "text", out)
    assert "nondet #" not in out.getvalue() and "s = __VERIFIER_nondet_int() at line 3" in out.getvalue()
