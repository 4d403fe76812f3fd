"""Termination: ranking functions (yes), inputs that run forever (no), and
honest don't-knows, for C (both integer semantics) and Python."""

from __future__ import annotations

import textwrap
import time

import pytest

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.termination import ranked_loops as term
from verifier.engines.ranking import Component, Lin, RankNode
from verifier.engines.termination.ranked_loops import block_sccs
from verifier.terminating import certify, prove_termination, termination_result
from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.result import Verdict

SEED_C = """
int g(int x, int y) {
    if (y > 0) {
        while (x > y) {
            x = x - y;
        }
    }
    return x;
}

int g2(int x, int y) {
    while (x > 0) {
        x = x - y;
    }
    return x;
}

int h(int x) {
    int y = undefined_step(x);
    while (y > 0) {
        y = h(y);
    }
    return y;
}
"""

SEED_PY = """
def g(x, y):
    assert isinstance(x, int) and isinstance(y, int)
    if y > 0:
        while x > y:
            x = x - y
    return x

def g2(x, y):
    assert isinstance(x, int) and isinstance(y, int)
    while x > 0:
        x = x - y
    return x

def h(x):
    assert isinstance(x, int)
    while x > 0:
        x = mystery(x)
    return x
"""


def c(source: str, semantics: str = "bv"):
    return parse_c(textwrap.dedent(source), "prog.c", semantics)


def assert_terminates(program, function: str, timeout: float = 10.0):
    r = termination_result(program, function, timeout)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate is not None and r.certificate.kind == "ranking"
    assert set(r.certificate.checked_by) >= {"z3", "cvc5"}
    return r


def assert_runs_forever(program, function: str, timeout: float = 10.0):
    r = termination_result(program, function, timeout)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample is not None and r.counterexample.confirmed, r.counterexample
    assert r.certificate is not None and r.certificate.kind == "recurrent-set"
    assert "still running" in r.counterexample.replay
    return r


# --------------------------------------------------------------- the seed


@pytest.mark.parametrize("semantics", ["bv", "math"])
def test_seed_g_terminates_with_a_readable_ranking_function(semantics):
    r = assert_terminates(c(SEED_C, semantics), "g")
    answer = prove_termination(c(SEED_C, semantics), "g")
    (loop,) = answer.rankings
    assert loop.line == 4 and loop.kind == "linear"
    assert loop.functions[0] in ("x", "x - y")
    # the enclosing `if (y > 0)` is what makes it terminate
    assert "y >= 1" in loop.invariant
    assert "loop at line 4" in r.certificate.text
    assert answer.obligations and all("(check-sat)" in o for o in answer.obligations)


@pytest.mark.parametrize("semantics", ["bv", "math"])
def test_seed_g2_runs_forever_when_y_is_zero(semantics):
    r = assert_runs_forever(c(SEED_C, semantics), "g2")
    inputs = r.counterexample.inputs
    assert inputs["y"] == 0 and inputs["x"] > 0
    assert "y == 0" in r.certificate.text
    assert r.location.line == 12


def test_seed_h_is_unknown_naming_the_undefined_call():
    r = termination_result(c(SEED_C), "h", 5)
    assert r.verdict == Verdict.UNKNOWN
    assert r.reason == "unsupported: call to undefined function undefined_step"


def test_seed_in_python():
    program = parse_python(textwrap.dedent(SEED_PY), "seed.py")
    r = assert_terminates(program, "g")
    assert "loop at line 5" in r.certificate.text
    r = assert_runs_forever(program, "g2")
    assert r.counterexample.inputs["y"] == 0 and r.counterexample.inputs["x"] > 0
    assert "Python function was still running" in r.counterexample.replay
    r = termination_result(program, "h", 5)
    assert r.verdict == Verdict.UNKNOWN and "mystery" in r.reason


# ------------------------------------------------------ ranking functions


def test_lexicographic_ranking_for_nondet_reset():
    program = c("""
        int main(void) {
            int x = __VERIFIER_nondet_int();
            int y = __VERIFIER_nondet_int();
            while (x > 0 && y > 0) {
                if (__VERIFIER_nondet_int()) {
                    x = x - 1;
                    y = __VERIFIER_nondet_int();
                } else {
                    y = y - 1;
                }
            }
            return 0;
        }""", "math")
    assert_terminates(program, "main")
    (loop,) = prove_termination(program, "main").rankings
    assert loop.kind == "lexicographic" and loop.functions == ["x", "y"]


def test_multiphase_ranking_when_no_lexicographic_one_exists():
    program = c("""
        int f(int x, int y) {
            while (x > 0) {
                x = x + y;
                y = y - 1;
            }
            return x;
        }""", "math")
    assert_terminates(program, "f")
    (loop,) = prove_termination(program, "f").rankings
    assert loop.kind == "multiphase" and loop.functions == ["y + 1", "x"]


def test_nested_loops_rank_the_outer_and_inner_loop():
    program = c("""
        int main(void) {
            int n = __VERIFIER_nondet_int();
            int s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    s = s + 1;
                }
            }
            return s;
        }""")
    assert_terminates(program, "main")
    lines = [r.line for r in prove_termination(program, "main").rankings]
    assert lines == [5, 6]


def test_nondet_branches_both_decreasing_terminate():
    program = c("""
        int main(void) {
            int x = __VERIFIER_nondet_int();
            int y = __VERIFIER_nondet_int();
            while (x > 0 && y > 0) {
                if (__VERIFIER_nondet_int()) x--;
                else y--;
            }
            return 0;
        }""")
    assert_terminates(program, "main")


def test_nondet_branch_that_can_undo_progress_runs_forever():
    program = c("""
        int main(void) {
            int x = __VERIFIER_nondet_int();
            while (x > 0) {
                if (__VERIFIER_nondet_int()) {
                    x = x - 1;
                } else {
                    x = x + 1;
                }
            }
            return 0;
        }""")
    r = assert_runs_forever(program, "main")
    assert r.counterexample.nondet  # the choices that keep it looping, fed to the real program


# ------------------------------------------------------------- semantics

WRAP = """
int f(unsigned x) {
    while (x > 0) {
        x = x + 1;
    }
    return 0;
}
"""


def test_loop_that_ends_only_by_unsigned_wrap_terminates_in_bv():
    r = assert_terminates(c(WRAP, "bv"), "f")
    assert "4294967294" in r.certificate.text  # counts up to the wrap


def test_same_loop_runs_forever_with_unbounded_integers():
    r = assert_runs_forever(c(WRAP, "math"), "f")
    assert r.counterexample.inputs["x"] >= 1


SIGNED_UP = """
int f(int x) {
    while (x > 0) {
        x = x + 1;
    }
    return x;
}
"""


def test_signed_overflow_ends_the_execution_in_bv():
    r = termination_result(c(SIGNED_UP, "bv"), "f", 10)
    assert r.verdict == Verdict.YES
    assert "overflow at line 4" in r.message  # said, not hidden


def test_signed_increment_runs_forever_with_unbounded_integers():
    assert_runs_forever(c(SIGNED_UP, "math"), "f")


def test_recursion_without_a_measure_is_unknown_with_the_call_cycle():
    program = c("""
        int collatz(int n) {
            if (n <= 1) return 0;
            if (n % 2 == 0) return collatz(n / 2);
            return collatz(3 * n + 1);
        }""", "math")
    r = termination_result(program, "collatz", 5)
    assert r.verdict == Verdict.UNKNOWN
    assert r.reason.startswith("incomplete: recursive call cycle collatz -> collatz: no measure found")


# ------------------------------------------------- certificates and replay


COUNTDOWN = """
int f(int x) {
    while (x > 0) {
        x = x - 1;
    }
    return x;
}
"""


def _countdown_system(semantics: str):
    program = c(COUNTDOWN, semantics)
    ts = encode(build_cfa(program, "f"))
    (root,) = block_sccs(ts)
    (head,) = root
    return ts, root, head


@pytest.mark.parametrize("semantics", ["bv", "math"])
def test_checker_accepts_the_right_ranking_function(semantics):
    ts, root, head = _countdown_system(semantics)
    good = RankNode(root, [Component("linear", [{head: Lin.var("x")}])])
    check = certify(ts, [good], {}, time.monotonic() + 10)
    assert check.ok and "cvc5" in check.checked_by


@pytest.mark.parametrize("wrong", [Lin({"x": -1}), Lin({"x": 1}, -5)], ids=["increasing", "not-bounded"])
def test_checker_rejects_a_wrong_ranking_function(wrong):
    ts, root, head = _countdown_system("bv")
    bad = RankNode(root, [Component("linear", [{head: wrong}])])
    check = certify(ts, [bad], {}, time.monotonic() + 10)
    assert not check.ok
    assert check.reason.startswith("incomplete: ranking certificate failed its check")


def test_checker_rejects_a_loop_declared_free():
    ts, root, head = _countdown_system("math")
    free = RankNode(root, [], [], {(head, head)})
    check = certify(ts, [free], {}, time.monotonic() + 10)
    assert not check.ok and "invalid ranking certificate" in check.reason


def test_wrong_certificate_from_the_synthesiser_becomes_unknown(monkeypatch):
    def wrong_solve(self, cutpoints, transitions):
        (head,) = cutpoints
        return RankNode(cutpoints, [Component("linear", [{head: Lin({"x": -1})}])])

    monkeypatch.setattr(term.Synthesiser, "solve", wrong_solve)
    r = termination_result(c(COUNTDOWN), "f", 5)
    assert r.verdict == Verdict.UNKNOWN
    assert "ranking certificate failed its check" in r.reason


def test_a_nonterminating_input_that_does_not_replay_is_unknown(monkeypatch):
    import verifier.crosscheck.nontermination as nt

    monkeypatch.setattr(nt, "_run_c", lambda *a, **k: (False, "the gcc-compiled program ended within 1s (exit 0)"))
    r = termination_result(c(SEED_C), "g2", 10)
    assert r.verdict == Verdict.UNKNOWN
    assert r.reason.startswith("incomplete: counterexample did not replay")
    assert r.counterexample is not None and not r.counterexample.confirmed


def test_interpreter_replay_rejects_a_set_the_run_leaves():
    from verifier.crosscheck.nontermination import interpret_recurrence
    from verifier.recurrent_set import Recurrence

    program = c(SEED_C, "math")
    cfa = build_cfa(program, "g2")
    (head,) = cfa.loops
    # x >= 1 is not closed when y = 1: the run leaves it
    rec = Recurrence(frozenset({head}), "recurrent set", {"x": 3, "y": 1}, 1, {}, [{}],
                     {head: [[Lin({"x": 1}, -1)]]}, {"x": 3, "y": 1}, head)
    ok, detail, _ = interpret_recurrence(cfa, rec)
    assert not ok and "left the recurrent set" in detail


def test_result_fields_for_the_cli():
    r = termination_result(c(SEED_C), "g", 10)
    data = r.to_json()
    assert data["check"] == "termination" and data["target"] == "prog.c:g"
    assert data["certificate"]["kind"] == "ranking" and data["engine"] == "ranking"
    assert data["location"]["line"] == 2


def test_a_loop_that_runs_forever_is_shown_at_its_own_line_not_an_inlined_callees():
    # the recurrent set's cut-points include the loop of the inlined `count`
    # (line 2); the loop that runs forever is main's, at line 5
    r = assert_runs_forever(c("""
        int count(int n) { int i = 0; while (i < n) i++; return i; }
        int main() {
          int x = __VERIFIER_nondet_int();
          while (x > 0) { x = x - count(0); }
          return 0;
        }
    """), "main")
    assert r.location.line == 5
