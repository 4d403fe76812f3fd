"""Array programs: the engines' bounds answers, the interpreter and gcc agree.

Hypothesis writes small deterministic C programs over a local array (an
initialiser, element writes and reads at constant or computed indices, loops
that may run past the end). Three readings must agree on which bounds check
fails first, if any:

* gcc with ``-fsanitize=bounds`` (the reference: the line it reports),
* the interpreter (`verifier.interpret.run_cfa`) on the lowered program,
* the engines (`portfolio.run_engines`: BMC decides a program without inputs):
  no at the check the interpreter fails, yes at every other (two checks can
  share a line: ``a[i] = a[i] + 1`` reads before it writes).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.frontends.c import parse_c
from verifier.interpret import run_cfa
from verifier.portfolio import run_engines
from verifier.result import Verdict

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")


@st.composite
def programs(draw) -> str:
    """`int main(void)` over `int a[n]`; one statement per line."""
    n = draw(st.integers(1, 5))
    index = st.one_of(st.integers(-1, n).map(str), st.just("(s & 7)"),
                      st.integers(0, n - 1).map(lambda k: f"a[{k}] & 7"))
    init = ", ".join(str(draw(st.integers(-3, 9))) for _ in range(n))
    lines = ["int main(void) {", f"    int a[{n}] = {{{init}}};", "    int s = 0;"]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["write", "read", "loop"]))
        if kind == "write":
            lines.append(f"    a[{draw(index)}] = {draw(st.integers(-2, 9))};")
        elif kind == "read":
            lines.append(f"    s = s + a[{draw(index)}];")
        else:
            bound = draw(st.integers(0, n + 1))
            lines.append(f"    for (int i = 0; i < {bound}; i++) a[i] = a[i] + {draw(st.integers(0, 3))};")
    lines += ["    return s;", "}"]
    return "\n".join(lines) + "\n"


def gcc_failure_line(source: str, workdir: Path) -> int | None:
    """The line of the first out-of-bounds access gcc's sanitizer reports, or None."""
    c_file, exe = workdir / "p.c", workdir / "p"
    c_file.write_text(source)
    subprocess.run(["gcc", "-O0", "-fsanitize=bounds", "-fno-sanitize-recover=all", "-o", str(exe), str(c_file)],
                   check=True, capture_output=True, timeout=60)
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=10)
    found = re.search(r"p\.c:(\d+):\d+: runtime error: index", run.stderr)
    assert (found is None) == (run.returncode == 0 or "runtime error" not in run.stderr), run.stderr
    return int(found.group(1)) if found else None


@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(programs())
def test_bounds_answers_agree_with_gcc_and_the_interpreter(tmp_path, source):
    expected = gcc_failure_line(source, tmp_path)
    program = parse_c(source, "p.c", "bv")
    run = run_cfa(build_cfa(program, "main"), {}, lambda site, step, t: 0)
    assert (run.failure[1].line if run.failure else None) == expected, source
    if run.failure:
        assert run.failure[0] == "bounds", source
    answer = run_engines(program, "main", None, time.monotonic() + 10)
    bounds = {k: o.verdict for k, o in answer.outcomes.items() if k[0] == "bounds"}
    assert bounds and set(bounds) == {k for k in answer.sites if k[0] == "bounds"}, source
    failing = (run.failure[0], run.failure[1].line, run.failure[1].column) if run.failure else None
    for key, verdict in bounds.items():
        assert verdict == (Verdict.NO if key == failing else Verdict.YES), (key, verdict, source)


# ---- range invariants (shifted, reversed, the rest): a yes of the invariant engine never fails for real

RANGE_STUB = r"""
#include <stdlib.h>
#include <unistd.h>
static char *rest;
int __VERIFIER_nondet_int(void) {
  if (!rest) rest = getenv("NONDET");
  if (!rest || !*rest) return 0;
  char *end; long v = strtol(rest, &end, 10);
  rest = end; return (int)v;
}
void __VERIFIER_assume(int c) { if (!c) _exit(0); }
void __VERIFIER_assert(int c) { if (!c) abort(); }
"""


@st.composite
def range_programs(draw) -> str:
    """Copy a into b, then shift a left or reverse it (two-ended), then claim a relation
    with b that may or may not hold (offsets and bounds drawn)."""
    n = draw(st.integers(3, 6))
    lines = ["extern int __VERIFIER_nondet_int(void);", "extern void __VERIFIER_assume(int);",
             "extern void __VERIFIER_assert(int);", "int main(void) {", f"  int a[{n}];", f"  int b[{n}];",
             "  int n = __VERIFIER_nondet_int();", f"  __VERIFIER_assume(n >= 1 && n <= {n});", "  int i;",
             "  for (i = 0; i < n; i++) {", "    a[i] = __VERIFIER_nondet_int();", "    b[i] = a[i];", "  }"]
    if draw(st.booleans()):
        stop = draw(st.sampled_from(["n - 1", "n - 2"]))
        lines += [f"  for (i = 0; i < {stop}; i++) {{", "    a[i] = a[i + 1];", "  }"]
        claim = f"a[i] == b[i + {draw(st.integers(0, 1))}]"
    else:
        lines += ["  for (i = 0; i < n / 2; i++) {", "    int t = a[i];", "    a[i] = a[n - 1 - i];",
                  "    a[n - 1 - i] = t;", "  }"]
        claim = draw(st.sampled_from(["a[i] == b[n - 1 - i]", "a[i] == b[i]"]))
    lines += ["  for (i = 0; i + 1 < n; i++) {", f"    __VERIFIER_assert({claim});", "  }", "  return 0;", "}"]
    return "\n".join(lines) + "\n"


@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(range_programs())
def test_a_range_invariant_proof_holds_on_real_runs(tmp_path, source):
    import random

    from verifier.encode import encode
    from verifier.engines.invariants.chc import run_chc

    program = parse_c(source, "p.c", "bv")
    ts = encode(build_cfa(program, "main"))
    proved = run_chc(ts, {k for k in ts.checks if k[0] == "assert"}, time.monotonic() + 4)
    if not proved:
        return
    (tmp_path / "p.c").write_text(source)
    (tmp_path / "stub.c").write_text(RANGE_STUB)
    exe = tmp_path / "p"
    subprocess.run(["gcc", "-O0", "-w", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-o", str(exe),
                    str(tmp_path / "p.c"), str(tmp_path / "stub.c")], check=True, capture_output=True, timeout=60)
    rng = random.Random(0)
    for size in range(1, 7):
        values = [size] + [rng.randint(-3, 3) for _ in range(size)]
        run = subprocess.run([str(exe)], env={"NONDET": " ".join(map(str, values))}, capture_output=True,
                             text=True, timeout=10)
        assert run.returncode == 0, (source, values, run.stderr[-400:])
