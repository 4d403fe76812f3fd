"""Sampled runs try the program against every yes; a refuted yes becomes unknown."""

from __future__ import annotations

import dataclasses

import verifier.proving as prove_module
from verifier.result import Verdict

from .helpers import only, prove_source

UNSAT = "(declare-fun x () Int)\n(assert (and (> x 0) (< x 0)))\n(check-sat)\n"


def _lying_analyse(real):
    """The real portfolio, except that every `no` comes back as a certified-looking `yes`."""
    def analyse(*args, **kwargs):
        kwargs.pop("on_outcomes", None)  # the lie must also hide the no from the early-no stream
        answer = real(*args, **kwargs)
        for key, outcome in list(answer.outcomes.items()):
            if outcome.verdict == "no":
                answer.outcomes[key] = dataclasses.replace(
                    outcome, verdict="yes", witness=None, certificate_kind="invariant",
                    certificate_text="a wrong proof", proof_smt2=[UNSAT])
        return answer
    return analyse


def test_wrong_yes_is_refuted_by_running_the_program(tmp_path, monkeypatch):
    monkeypatch.setattr(prove_module, "analyse", _lying_analyse(prove_module.analyse))
    results = prove_source(tmp_path, """
        int main(void) {
            int n = __VERIFIER_nondet_int();
            int i = 0;
            while (i < 10) { i++; }
            __VERIFIER_assert(n < 1000);
            return 0;
        }
        """, check="assert", timeout=5.0)
    r = only(results, "assert")
    assert r.verdict == Verdict.UNKNOWN
    assert r.reason.startswith("incomplete: the proof is refuted by a concrete run"), r.reason
    assert r.certificate is None


def test_true_yes_survives_refutation(tmp_path):
    r = only(prove_source(tmp_path, """
        int main(void) {
            int n = __VERIFIER_nondet_int();
            __VERIFIER_assume(n >= 0 && n <= 100);
            int i = 0;
            while (i < n) { i++; }
            __VERIFIER_assert(i == n);
            return 0;
        }
        """, check="assert", timeout=5.0), "assert")
    assert r.verdict == Verdict.YES, r.reason

