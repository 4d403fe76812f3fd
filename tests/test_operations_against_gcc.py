"""Every C integer operator, on its edge cases, as gcc runs it.

Hypothesis draws batches of one-operation functions over all the integer types
(promotions, usual conversions, conversions on return and assignment). Each
batch is ONE C file, compiled twice with ``-O0 -fsanitize=undefined``: as
written, and with the replay harness's operation checks
(`verifier.crosscheck.replay_ops`). Every case runs in a child process, so one
undefined operation does not hide the next. Three readings must agree on each
case, the value returned or the kind of undefined behaviour:

* gcc with UBSan (the reference),
* the interpreter (`verifier.interpret.run_cfa`) on the lowered program,
* gcc with the operation checks (what confirms a counterexample).
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.crosscheck.replay_ops import OPS_HELPER_C, OPS_PRELUDE, apply_edits, operation_edits
from verifier.frontends.c import parse_c
from verifier.interpret import run_cfa

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

#: C type -> (bits, signed); LP64 and a signed plain char, as gcc on x86-64
TYPES = {
    "_Bool": (1, False), "char": (8, True), "signed char": (8, True), "unsigned char": (8, False),
    "short": (16, True), "unsigned short": (16, False), "int": (32, True), "unsigned": (32, False),
    "long": (64, True), "unsigned long": (64, False),
}
#: the operators that can be undefined come often, the others once
BINARY = ["+", "-", "*", "/", "%", "<<", ">>"] * 3 + ["&", "|", "^", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]
COMPOUND = ["+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="]
UNARY = ["-", "~", "!", "+"]
#: UBSan's wording -> the check that reports it
UB_KINDS = (("shift", "shift"), ("division by zero", "div-by-zero"), ("signed integer overflow", "overflow"),
            ("negation of", "overflow"), ("cannot be represented", "overflow"))


def _range(ctype: str) -> tuple[int, int]:
    bits, signed = TYPES[ctype]
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


@st.composite
def _value(draw, ctype: str) -> int:
    lo, hi = _range(ctype)
    edges = sorted({lo, hi, 0, 1, lo + 1, hi - 1, max(lo, -1), min(hi, 2), min(hi, 31), min(hi, 32),
                    min(hi, 63), min(hi, 64), hi // 2, hi // 2 + 1, lo // 2})
    return draw(st.sampled_from(edges)) if draw(st.integers(0, 3)) else draw(st.integers(lo, hi))


@dataclass
class Case:
    ret: str
    types: tuple[str, str]
    body: str
    values: tuple[int, int]

    def function(self, k: int) -> str:
        return f"{self.ret} f{k}({self.types[0]} a, {self.types[1]} b) {{ {self.body} }}"


@st.composite
def _case(draw) -> Case:
    names = sorted(TYPES)
    ta = draw(st.sampled_from(["int", "long"] * 4 + names))  # where signed arithmetic can overflow
    tb = ta if draw(st.booleans()) else draw(st.sampled_from(names))
    ret = ta if draw(st.booleans()) else draw(st.sampled_from(names))
    form = draw(st.sampled_from(["binary", "binary", "binary", "compound", "unary", "cast", "incdec", "nested"]))
    if form == "binary":
        body = f"return a {draw(st.sampled_from(BINARY))} b;"
    elif form == "compound":
        body = f"a {draw(st.sampled_from(COMPOUND))} b; return a;"
    elif form == "unary":
        body = f"return {draw(st.sampled_from(UNARY))}a;"
    elif form == "cast":
        body = f"return ({draw(st.sampled_from(names))}) a + b;"
    elif form == "incdec":
        body = draw(st.sampled_from(["a++; return a;", "return a++;", "return ++a;", "a--; return a;",
                                     "return a-- - b;", "return --a;"]))
    else:
        op1, op2 = draw(st.sampled_from(BINARY)), draw(st.sampled_from(BINARY))
        body = f"return (a {op1} b) {op2} ({draw(st.sampled_from(names))}) (b {op1} a);"
    return Case(ret, (ta, tb), body, (draw(_value(ta)), draw(_value(tb))))


def _edge_cases() -> list[Case]:
    """Each operator that can be undefined, on each type's edge operands."""
    cases = []
    for ctype in ("int", "long", "unsigned", "short"):
        lo, hi = _range(ctype)
        bits = TYPES[ctype][0]
        pairs = [(lo, -1), (hi, 1), (lo, 1), (hi, 2), (-1, 1), (1, bits - 1), (1, bits), (7, 0)]
        for a, b in [(a, b) for a, b in pairs if lo <= a <= hi and lo <= b <= hi]:
            bodies = [f"return a {op} b;" for op in ("+", "-", "*", "/", "%", "<<", ">>")]
            if ctype in ("int", "short"):  # short: promoted, then converted back on assignment
                bodies += [f"a {op}= b; return a;" for op in ("+", "-", "*", "/", "%", "<<", ">>")]
                bodies += ["return -a;", "return a++;", "return ++a;", "return a--;", "return --a;"]
            cases += [Case(ctype, (ctype, ctype), body, (a, b)) for body in bodies]
    return cases


def _literal(v: int) -> str:
    return f"({v + 1}LL - 1)" if v < 0 else f"{v}ULL"


def _driver(cases: list[Case]) -> str:
    """A main that runs each case in a child (stderr joined to stdout, in order)."""
    calls = []
    for k, case in enumerate(cases):
        fmt, cast = ("%lld", "long long") if TYPES[case.ret][1] else ("%llu", "unsigned long long")
        call = f"f{k}({_literal(case.values[0])}, {_literal(case.values[1])})"
        calls.append(f'  run({k}); if (!fork()) {{ printf("= {fmt}\\n", ({cast}){call}); fflush(stdout); _exit(0); }}'
                     "  wait(0);")
    return ("#include <stdio.h>\n#include <unistd.h>\n#include <sys/wait.h>\n"
            'static void run(int k) { fflush(stdout); printf("CASE %d\\n", k); fflush(stdout); }\n'
            "int main(void) {\n  dup2(1, 2);\n" + "\n".join(calls) + "\n  return 0;\n}\n")


def _compile(tmp: Path, programs: dict[str, str]) -> None:
    """Compile each program (name -> text) to tmp/name, all at once."""
    builds = []
    for name, text in programs.items():
        (tmp / f"{name}.c").write_text(text)
        builds.append(subprocess.Popen(["gcc", "-O0", "-w", "-fsanitize=undefined", "-fno-sanitize-recover=all",
                                        "-o", str(tmp / name), str(tmp / f"{name}.c")]))
    assert all(build.wait(timeout=120) == 0 for build in builds)


def _gcc_outcomes(exe: Path, n: int) -> list[tuple[str, int | None]]:
    """(kind, None) for an undefined operation, ("value", v) otherwise, per case."""
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60,
                         env={"UBSAN_OPTIONS": "print_stacktrace=0:halt_on_error=1"}).stdout
    found: list[tuple[str, int | None]] = []
    for section in re.split(r"^CASE \d+\n", out, flags=re.M)[1:]:
        if m := re.search(r"^VERIFY-UB (\S+)", section, re.M):
            found.append((m.group(1), None))
        elif m := re.search(r"runtime error: (.*)", section):
            found.append((next(kind for needle, kind in UB_KINDS if needle in m.group(1)), None))
        else:
            found.append(("value", int(re.search(r"^= (-?\d+)$", section, re.M).group(1))))
    assert len(found) == n, out
    return found


def _interpreted(source: str, cases: list[Case]) -> list[tuple[str, int | None]]:
    program = parse_c(source, "cases.c")
    found: list[tuple[str, int | None]] = []
    for k, case in enumerate(cases):
        fn = program.functions[f"f{k}"]
        assert not fn.unsupported, fn.unsupported
        params = dict(zip([p.name for p in fn.params], case.values))
        run = run_cfa(build_cfa(program, f"f{k}"), params, lambda site, step, t: 0)
        found.append((run.failure[0], None) if run.failure else ("value", run.returned))
    return found


@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases=st.lists(_case(), min_size=50, max_size=50))
@example(cases=_edge_cases())
def test_interpreter_and_operation_checks_agree_with_gcc(tmp_path_factory, cases):
    tmp = tmp_path_factory.mktemp("ops")
    source = "".join(case.function(k) + "\n" for k, case in enumerate(cases))
    program = parse_c(source, "cases.c")
    lines = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    checked = apply_edits(source, operation_edits(program, source, lambda off: bisect.bisect_right(lines, off)))
    _compile(tmp, {"plain": source + _driver(cases),
                   "checked": (f"#include <stdio.h>\n#include <unistd.h>\n{OPS_PRELUDE}{OPS_HELPER_C}"
                               f'#line 1 "cases.c"\n{checked}{_driver(cases)}')})
    reference, with_checks = _gcc_outcomes(tmp / "plain", len(cases)), _gcc_outcomes(tmp / "checked", len(cases))
    interpreted = _interpreted(source, cases)
    for k, case in enumerate(cases):
        what = f"{case.function(k)} on a={case.values[0]}, b={case.values[1]}"
        assert interpreted[k] == reference[k], f"interpreter: {what}"
        assert with_checks[k] == reference[k], f"operation checks: {what}"
