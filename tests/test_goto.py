"""`goto` and labels: lowering, cut-points of jump cycles, loop shapes the
engines can trust, and answers on programs whose control flow is jumps."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
import textwrap
from pathlib import Path

import pytest

from verifier import ir
from verifier.cfa import build_cfa
from verifier.config import parse_checks
from verifier.encode import encode
from verifier.errors import InputError
from verifier.frontends.c import parse_c
from verifier.interpret import run_cfa
from verifier.proving import prove_paths
from verifier.result import Verdict

from .helpers import assert_refuted


def cfa_of(src: str, name: str = "f"):
    return build_cfa(parse_c(textwrap.dedent(src), "t.c"), name)


def prove(tmp_path: Path, src: str, checks: str = "assert", timeout: float = 5.0):
    path = tmp_path / "g.c"
    path.write_text(textwrap.dedent(src))
    return prove_paths([str(path)], None, parse_checks(checks), None, timeout)


def test_labels_and_gotos_are_lowered():
    f = parse_c("int f(int x) { again: x--; if (x > 0) goto again; return x; }", "t.c").function("f")
    assert not f.unsupported
    assert isinstance(f.body[0], ir.Label) and f.body[0].name == "again"
    jumps = [s for s in f.body[2].then if isinstance(s, ir.Goto)]
    assert [(g.name, g.loc.line) for g in jumps] == [("again", 1)]


def test_a_cycle_of_jumps_gets_a_loop_head_at_its_label():
    cfa = cfa_of("""
        int f(int x) {
          int n = 0;
         top:
          if (x <= 0) goto done;
          x--;
          n++;
          goto top;
         done:
          return n;
        }
    """)
    assert [loop.loc.line for loop in cfa.loops.values()] == [4]
    encode(cfa)  # acyclic between cut-points, or the encoding would not terminate


def test_forward_jumps_make_no_loop():
    cfa = cfa_of("int f(int x) { if (x > 0) goto skip; x = 1; skip: return x; }")
    assert cfa.loops == {}


def test_a_jump_into_a_nested_loop_claims_no_loop_facts():
    # the inner head is entered from outside the outer loop, not through its head
    cfa = cfa_of("""
        int f(int n) {
          int i = 0, j = 0, k = 7;
          if (n > 5) { k = 1; goto inner; }
          while (i < n) {
            j = 0;
            while (j < i) {
             inner:
              j++;
            }
            i++;
          }
          return k;
        }
    """)
    outer = next(loop for loop in cfa.loops.values() if loop.loc.line == 5)
    assert "k" in outer.assigned and outer.body_nodes >= set(range(cfa.node_count)) - {outer.head}


def test_a_loop_left_and_reentered_by_jumps_is_not_proved_wrongly(tmp_path):
    # x changes on the excursion out of the loop and back: a loop shape that
    # forgot those statements made k-induction prove the assertion (wrongly)
    results = prove(tmp_path, """
        extern int __VERIFIER_nondet_int(void);
        int main() {
          int c = __VERIFIER_nondet_int();
          int x = 0;
          int i = 0;
          while (i < 1000000) {
            i++;
            if (c == 1 && i == 999999) goto out;
          back:
            ;
          }
          assert(x == 0);
          return 0;
         out:
          if (c) { x = 5; }
          goto back;
        }
    """, timeout=2.0)
    assert [r.verdict for r in results] != [Verdict.YES]


def test_goto_loop_counterexample_replays(tmp_path):
    r = assert_refuted(tmp_path, """
        int f(int n) {
          int s = 0;
         more:
          if (n <= 0) goto end;
          s = s + n;
          n--;
          goto more;
         end:
          assert(s != 6);
          return s;
        }
    """, "assert", function="f")
    assert r.counterexample.inputs == {"n": 3}


def test_goto_loop_termination_is_proved(tmp_path):
    results = prove(tmp_path, """
        int f(unsigned int n) {
         more:
          if (n == 0) goto end;
          n = n - 1;
          goto more;
         end:
          return 0;
        }
    """, checks="termination")
    assert [r.verdict for r in results] == [Verdict.YES], [r.reason for r in results]


@pytest.mark.parametrize("src, message", [
    ("int f(void) { goto nowhere; return 0; }", "label 'nowhere' used but not defined"),
    ("int f(void) { a: ; a: return 0; }", "duplicate label 'a'"),
])
def test_bad_labels_are_input_errors(src, message):
    with pytest.raises(InputError) as err:
        parse_c(src, "t.c")
    assert message in err.value.message and err.value.line == 1


def test_a_jump_into_a_switch_is_unsupported():
    f = parse_c("int f(int x) { goto in; switch (x) { case 1: in: x = 2; break; } return x; }",
                "t.c").function("f")
    assert f.unsupported.startswith("unsupported construct: goto into a switch")
    assert f.unsupported_loc.line == 1


def test_jumps_inside_one_switch_are_fine():
    f = parse_c("int f(int x) { switch (x) { case 1: again: x++; if (x < 3) goto again; break; } return x; }",
                "t.c").function("f")
    assert not f.unsupported


def _random_jumps(name: str, rng: random.Random) -> str:
    """A function of blocks that jump to each other at random (forwards, backwards,
    into and out of loops); a step budget ends every run. Unsigned arithmetic: no UB."""
    blocks = rng.randint(2, 6)
    loops = [i for i in range(blocks) if rng.random() < 0.5]
    targets = [f"B{i}" for i in range(blocks)] + [f"W{i}" for i in loops]
    lines = [f"unsigned {name}(unsigned a, unsigned b) {{", "  unsigned steps = 0;"]
    for i in range(blocks):
        lines.append(f" B{i}:")
        lines.append(f"  if (++steps > {rng.randint(3, 40)}u) goto done;")
        for _ in range(rng.randint(1, 3)):
            target, other = rng.sample("ab", 2)
            op = rng.choice(["+", "-", "*", "^"])
            lines.append(f"  {target} = {target} {op} ({other} + {rng.randint(0, 9)}u);")
        if i in loops:
            lines.append(f"  while (a % {rng.randint(2, 5)}u != 0u) {{")
            lines.append(f"   W{i}: a = a + 1u;")
            lines.append(f"    if (++steps > 60u) goto done;")
            lines.append(f"    if (b % 7u == {rng.randint(0, 6)}u) goto {rng.choice(targets)};")
            lines.append("  }")
        lines.append(f"  if (a % {rng.randint(2, 5)}u == {rng.randint(0, 1)}u) goto {rng.choice(targets)};")
        if rng.random() < 0.5:
            lines.append(f"  goto {rng.choice(targets)};")
    lines += [" done:", "  return a ^ (b << 1);", "}"]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
def test_random_jump_programs_run_as_gcc_runs_them(tmp_path):
    rng = random.Random(13)
    functions = {f"f{i}": _random_jumps(f"f{i}", rng) for i in range(40)}
    inputs = [(rng.randrange(2**32), rng.randrange(2**32)) for _ in range(4)] + [(0, 0), (1, 6)]
    source = "".join(functions.values())
    calls = "".join(f'  printf("%u\\n", {f}({a}u, {b}u));\n' for f in functions for a, b in inputs)
    c = tmp_path / "jumps.c"
    c.write_text(f"#include <stdio.h>\n{source}int main(void) {{\n{calls}  return 0;\n}}\n")
    exe = tmp_path / "jumps"
    subprocess.run(["gcc", "-w", "-o", str(exe), str(c)], check=True, timeout=60)
    expected = [int(v) for v in subprocess.run([str(exe)], capture_output=True, text=True, check=True,
                                               timeout=10).stdout.split()]
    program = parse_c(source, "jumps.c")
    got = []
    for f in functions:
        cfa = build_cfa(program, f)
        encode(cfa)  # every cycle has a cut-point
        for a, b in inputs:
            run = run_cfa(cfa, {"a": a, "b": b}, lambda *_: 0)
            assert run.finished, (f, a, b)
            got.append(run.returned)
    assert got == expected


def test_a_jump_past_an_initialised_declaration_leaves_it_indeterminate(tmp_path):
    # at i == 1 the jump skips `int y = 5;` in a new run of the block: y is
    # indeterminate there (C11 6.2.4), not the 5 of the iteration before
    results = prove(tmp_path, """
        int main() {
          int i = 0;
          while (i < 2) {
            if (i == 1) goto check;
            int y = 5;
           check:
            assert(y == 5);
            i++;
          }
          return 0;
        }
    """)
    assert [r.verdict for r in results] != [Verdict.YES]


def test_a_jump_within_the_scope_of_a_declaration_keeps_its_value(tmp_path):
    results = prove(tmp_path, """
        int main() {
          int i = 0;
          int y = 5;
          while (i < 2) {
            if (i == 1) goto check;
            y = 5;
           check:
            assert(y == 5);
            i++;
          }
          return 0;
        }
    """)
    assert [r.verdict for r in results] == [Verdict.YES]


def test_a_case_label_past_a_declaration_leaves_it_indeterminate(tmp_path):
    results = prove(tmp_path, """
        int main() {
          int i = 0;
          while (i < 2) {
            switch (i) {
            case 0: ;
              int y = 5;
              break;
            case 1:
              assert(y == 5);
              break;
            }
            i++;
          }
          return 0;
        }
    """)
    assert [r.verdict for r in results] != [Verdict.YES]


def _tangle(labels: int) -> str:
    """A function whose labels jump to each other in a scrambled order."""
    lines = ["int f(int x) {", "  int y = 0;"]
    for i in range(labels):
        lines += [f" L{i}:", f"  if (x > {i}) {{ y = y + 1; goto L{(i * 7 + 3) % labels}; }}",
                  "  if (y > 100) goto end;"]
    return "\n".join(lines + [" end:", "  return y;", "}"]) + "\n"


def test_a_tangle_of_a_thousand_jumps_builds_its_automaton_quickly():
    # every label is a loop head whose natural loop covers most of the function:
    # finding each one's shape was quadratic (about 12 s here); past a budget of
    # work the remaining heads claim nothing, which is always sound
    program = parse_c(_tangle(1000), "t.c")
    start = time.monotonic()
    cfa = build_cfa(program, "f")
    assert time.monotonic() - start < 4.0
    assert len(cfa.loops) > 100


def test_loop_shapes_past_the_budget_claim_nothing(monkeypatch):
    from verifier import jumps

    src = """
        int f(int n) {
          int k = 0, i = 0;
          while (i < n) { i++; }
          if (k) goto out;
         out:
          return k + i;
        }
    """
    (loop,) = cfa_of(src).loops.values()
    assert "k" not in loop.assigned
    monkeypatch.setattr(jumps, "MAX_SHAPE_WORK", 0)
    (loop,) = cfa_of(src).loops.values()
    assert "k" in loop.assigned and loop.body_nodes >= set(range(cfa_of(src).node_count)) - {loop.head}
