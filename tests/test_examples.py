"""Every example answers as its comment says (the README's first command shows these)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier import prove, terminates
from verifier.result import Verdict

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: (file, function, check) -> expected verdict; every result of that check must agree
EXPECTED = {
    ("f.c", "f", "assert"): "yes",
    ("g.c", "g", "overflow"): "yes",
    ("g2.c", "g2", "overflow"): "no",
    ("h.c", "h", "assert"): "unknown",
    ("average.c", "average", "overflow"): "no",
    ("average.c", "average_wide", "overflow"): "yes",
    ("off_by_one.c", "count_up", "assert"): "no",
    ("ratio.c", "percent", "div-by-zero"): "no",
    ("g.py", "g", "assert"): "yes",
    ("floor_division.py", "halve", "assert"): "no",
    ("floor_division.py", "remainder_sign", "assert"): "yes",
    ("big_sum.py", "mean", "div-by-zero"): "no",
    ("binary_search.py", "search", "bounds"): "no",
    ("binary_search.py", "search_fixed", "bounds"): "yes",
    ("mean.py", "mean", "div-by-zero"): "no",
    ("mean.py", "mean_or_zero", "div-by-zero"): "yes",
    ("mean.py", "spread", "value"): "no",
    ("tokenizer.py", "count_words", "bounds"): "no",
    ("tokenizer.py", "count_words_fixed", "bounds"): "yes",
    ("counter.py", "tally", "assert"): "yes",
    ("counter.py", "tally_uninitialised", "key"): "no",
    ("binsearch.c", "binsearch", "overflow"): "no",
    ("array_write.c", "fill_squares", "bounds"): "no",
    ("array_write.c", "fill_squares_fixed", "bounds"): "yes",
    ("bank_account.c", "withdraw", "assert"): "yes",
    ("bank_account.c", "withdraw_buggy", "assert"): "no",
    ("null_deref.c", "track", "null"): "no",
    ("null_deref.c", "track_fixed", "null"): "yes",
    ("steps_icontract.py", "double_by_steps", "postcondition"): "yes",
    ("steps_icontract.py", "clamp", "postcondition"): "yes",
    ("midpoint_deal.py", "midpoint", "postcondition"): "no",
    ("midpoint_deal.py", "midpoint_fixed", "postcondition"): "yes",
    ("fib.c", "main", "assert"): "yes",
    ("mc91.c", "main", "assert"): "yes",
    ("mc91.c", "main", "overflow"): "yes",
}

#: file -> the --int-semantics its comment documents (default: the language's own)
SEMANTICS = {"fib.c": "math"}


@pytest.mark.parametrize("file, function, check", sorted(EXPECTED), ids=lambda v: str(v))
def test_example_answers_as_documented(file, function, check):
    results = [r for r in prove(str(EXAMPLES / file), function=function, semantics=SEMANTICS.get(file))
               if r.check == check]
    assert results, f"no {check} result for {file}:{function}"
    want = EXPECTED[(file, function, check)]
    verdicts = {r.verdict.value for r in results}
    if want == "no":
        assert "no" in verdicts
        for r in results:
            if r.verdict == Verdict.NO:
                assert r.counterexample.confirmed
    else:
        assert verdicts == {want}, [(r.location.line, r.verdict, r.reason) for r in results]


#: (file, function A, function B, --partial) -> expected verdict of `verify equiv`
EQUIV_EXPECTED = {
    ("countdown_partial.py", "steps_left", "steps_left_ne", True): "yes",
    ("countdown_partial.py", "steps_left", "steps_left_ne", False): "unknown",
}


@pytest.mark.parametrize("file, fa, fb, partial", sorted(EQUIV_EXPECTED), ids=lambda v: str(v))
def test_equiv_example_answers_as_documented(file, fa, fb, partial):
    from verifier import equiv

    path = str(EXAMPLES / file)
    (r,) = equiv(f"{path}:{fa}", f"{path}:{fb}", timeout=6, partial=partial)
    assert r.verdict.value == EQUIV_EXPECTED[(file, fa, fb, partial)], r.reason
    if r.verdict == Verdict.YES:
        assert "z3" in r.certificate.checked_by


def test_h_names_the_undefined_call():
    r = prove(str(EXAMPLES / "h.c"))[0]
    assert r.reason == "unsupported: call to undefined function halts"


@pytest.mark.parametrize("file, function, want", [
    ("g.c", "g", "yes"), ("g2.c", "g2", "no"), ("h.c", "h", "unknown"), ("g.py", "g", "yes"),
])
def test_seed_termination_answers(file, function, want):
    (r,) = terminates(str(EXAMPLES / file), function)
    assert r.verdict.value == want, r.reason
    if want == "yes":
        assert r.certificate.kind == "ranking" and "z3" in r.certificate.checked_by
    if want == "no":
        assert r.counterexample.confirmed
        assert r.counterexample.inputs["y"] == 0 or r.counterexample.inputs["x"] > r.counterexample.inputs["y"]


def test_seed_g_is_proved_with_a_readable_loop_invariant():
    """Issue 5's bar: the seed article's g is yes with an invariant a person can read."""
    (r,) = [r for r in prove(str(EXAMPLES / "g.c"), function="g") if r.check == "overflow"]
    assert r.verdict == Verdict.YES
    assert r.certificate.kind == "invariant" and r.certificate.text == "line 7: y > 0"
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


#: (file, function, --int-semantics) -> expected verdict of `verify terminates`
TERMINATION_EXPECTED = {
    ("three_phase.c", "three_phase", "math"): "yes",
    ("geometric.c", "grow", "math"): "no",
    ("mc91.c", "mc91", "bv"): "yes",
}
#: What the certificate of each yes above must say.
TERMINATION_CERTIFICATE = {
    "three_phase.c": "multiphase",
    "mc91.c": "recursive calls of mc91 decrease -n + 100\nusing the summaries: mc91(n) returns only when:",
}


@pytest.mark.parametrize("file, function, semantics", sorted(TERMINATION_EXPECTED), ids=lambda v: str(v))
def test_termination_example_answers_as_documented(file, function, semantics):
    (r,) = terminates(str(EXAMPLES / file), function, semantics=semantics)
    want = TERMINATION_EXPECTED[(file, function, semantics)]
    if want == "no" and "GMP integers" not in (r.counterexample.replay if r.counterexample else "GMP integers"):
        pytest.skip("g++ with GMP's C++ header is needed to replay unbounded integers")
    assert r.verdict.value == want, r.reason
    if want == "yes":
        assert "z3" in r.certificate.checked_by and TERMINATION_CERTIFICATE[file] in r.certificate.text
    else:
        assert r.counterexample.confirmed and "still running" in r.counterexample.replay
