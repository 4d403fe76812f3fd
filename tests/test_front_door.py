"""The front door: programs written in the public suites' conventions
(bench/front_door/) are read and answered, never a crash, never a false
bad-input, never a wrong verdict.

The files cover SV-COMP's preprocessed `.i` tasks with glibc's long prelude
(`__assert_fail` with `__attribute__`s, `__asm__` symbol renames,
`__builtin_va_list`, unions and function-pointer typedefs, `static __inline`
helpers), the `__VERIFIER_*` built-ins of every integer type (and float as an
honest unknown), `reach_error`/`ERROR:` labels, `goto` loops, `while(1)` with
`break`, `do`/`for(;;)`, comma expressions, compound assignments, unsigned
wrap-around, signed overflow, casts, `char` arithmetic, `assert.h`, enums and
globals, the Termination category's nondet loops, and Python translations.
Each file's first line records its expected answers:

    // expect: prove=no terminates=yes      (`# expect:` in Python)

A value `yes/unknown` accepts either (a proof the engines may miss), never no.
Every no is a replayed counterexample; every prove=yes C file is also run for
real on random nondeterministic values and every prove=yes Python function
called on random arguments, none of which may fail. `verify equiv` is asked
about functions of two glibc-prelude files and a Python translation
(bench/front_door/equiv/). Inline assembly and `__builtin_va_list` make only
the functions that use them unknown.
"""

from __future__ import annotations

import inspect
import random
import re
import runpy
import shutil
from pathlib import Path

import pytest

from verifier.config import Config, parse_checks
from verifier.crosscheck.replay_c import CReplayer
from verifier.equivalence import equiv
from verifier.load import load_program
from verifier.proving import prove_paths
from verifier.result import Verdict
from verifier.workflow import expand_paths

FRONT_DOOR = Path(__file__).resolve().parents[1] / "bench" / "front_door"
FILES = sorted(p for p in FRONT_DOOR.iterdir() if p.suffix in (".c", ".i", ".py"))
#: seconds per check: every file is answered well within it
TIMEOUT = 6.0
CHECKS = {"prove": parse_checks("assert,overflow,div,shift"), "terminates": parse_checks("termination")}


def expectations(path: Path) -> dict[str, set[str]]:
    """The accepted verdicts by command, from the file's `expect:` line."""
    first = path.read_text().splitlines()[0]
    found = re.fullmatch(r"(?://|#) expect: (.*)", first)
    assert found, f"{path.name} does not start with an 'expect:' line"
    return {command: set(verdicts.split("/"))
            for command, verdicts in (item.split("=") for item in found.group(1).split())}


def overall(verdicts: set[Verdict]) -> str:
    return "no" if Verdict.NO in verdicts else "unknown" if Verdict.UNKNOWN in verdicts else "yes"


def test_the_files_cover_the_conventions():
    texts = {p.name: p.read_text() for p in FILES}
    joined = "\n".join(texts.values())
    for convention in ["__assert_fail", "__asm__", "__builtin_va_list", "__extension__", "__restrict",
                       "static inline", "volatile", "goto", "while (1)", "do {", "for (;;)", "__VERIFIER_assume",
                       "#include <assert.h>", "enum", "__VERIFIER_nondet_float", "__VERIFIER_nondet_ushort",
                       "__VERIFIER_nondet_size_t", "__VERIFIER_nondet_pointer", "while True:"]:
        assert convention in joined, convention
    accepted = [(command, v) for p in FILES for command, vs in expectations(p).items() for v in vs]
    for pair in [("prove", "yes"), ("prove", "no"), ("prove", "unknown"), ("terminates", "yes"),
                 ("terminates", "no")]:
        assert pair in accepted, pair


@pytest.mark.parametrize("path, command, accepted",
                         [pytest.param(p, c, vs, id=f"{p.name}-{c}") for p in FILES
                          for c, vs in expectations(p).items()])
def test_front_door_verdict(path: Path, command: str, accepted: set[str]):
    results = prove_paths([str(path)], None, CHECKS[command], None, TIMEOUT)
    assert results
    got = overall({r.verdict for r in results})
    assert got in accepted, [(r.check, r.location.line, r.verdict.value, r.reason) for r in results]
    for r in results:
        if r.verdict == Verdict.NO:
            assert r.counterexample is not None and r.counterexample.confirmed, r.reason


def proved(suffixes: tuple[str, ...]) -> list[Path]:
    return [p for p in FILES if p.suffix in suffixes and expectations(p).get("prove") == {"yes"}]


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
@pytest.mark.parametrize("path", proved((".c", ".i")), ids=lambda p: p.name)
def test_proved_c_files_do_not_fail_when_run(path: Path):
    replayer = CReplayer(load_program(str(path)), "main")
    rng = random.Random(path.name)
    interesting = [0, 1, -1, 2, 7, 10, 97, 127, 128, 255, 999, 2**31 - 1, -2**31, 2**32 - 1]
    finished = 0
    for _ in range(6):
        nondet = [rng.choice(interesting + [rng.randint(-2**31, 2**32)]) for _ in range(8)]
        observed = replayer.run({}, nondet)
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, (nondet, observed.describe())
        finished += observed.passed
    assert finished > 0  # some run got past the assumptions and finished


@pytest.mark.parametrize("path", proved((".py",)), ids=lambda p: p.name)
def test_proved_python_files_do_not_fail_when_called(path: Path):
    rng = random.Random(path.name)
    functions = [f for f in runpy.run_path(str(path)).values()
                 if inspect.isfunction(f) and f.__code__.co_filename == str(path)]
    assert functions
    for function in functions:
        parameters = inspect.signature(function).parameters.values()
        for _ in range(50):
            args = [rng.choice([True, False]) if p.annotation in (bool, "bool") else rng.randint(-200, 200)
                    for p in parameters]
            function(*args)  # an AssertionError (or any exception) fails the test


#: `verify equiv` of functions in the glibc-prelude files of bench/front_door/equiv/ and their
#: Python translation: (left, right, accepted answers)
EQUIV_PAIRS = [
    ("left.i:sign", "right.i:sign", {"yes"}),
    ("left.i:sign", "right.i:sign_nonneg_bug", {"no"}),
    ("left.i:sign", "right.py:sign", {"yes"}),
    ("left.i:sign", "right.py:sign_off_by_one", {"no"}),
    ("left.i:absdiff", "right.i:absdiff", {"yes"}),
    ("left.i:count_bits", "right.i:count_bits", {"yes", "unknown"}),
]


@pytest.mark.parametrize("left, right, accepted", EQUIV_PAIRS, ids=lambda v: v if isinstance(v, str) else "")
def test_front_door_equivalence(left: str, right: str, accepted: set[str]):
    folder = FRONT_DOOR / "equiv"
    [result] = equiv(str(folder / left), str(folder / right), timeout=TIMEOUT)
    assert result.verdict.value in accepted, result.reason
    if result.verdict == Verdict.NO:
        assert result.counterexample is not None and result.counterexample.confirmed, result.reason


def function_of(result) -> str:
    return result.target.rsplit(":", 1)[1]


def by_function(results: list) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for r in results:
        found.setdefault(function_of(r), set()).add(r.verdict.value)
    return found


def test_inline_assembly_makes_only_its_function_unknown(tmp_path: Path):
    source = tmp_path / "asm.c"
    source.write_text(
        "extern int puts(const char *s) __asm__ (\"\" \"puts\");\n"
        "int fenced(int x) {\n  __asm__ __volatile__ (\"\" ::: \"memory\");\n  return x;\n}\n"
        "int renamed(int x) { asm(\"nop\"); return x; }\n"
        "int next(int x) { return x + 1; }\n")
    results = prove_paths([str(source)], None, CHECKS["prove"], None, TIMEOUT)
    verdicts = by_function(results)
    assert verdicts["fenced"] == verdicts["renamed"] == {"unknown"}
    assert all("__asm__" in r.reason for r in results if function_of(r) != "next")
    assert verdicts["next"] == {"no"}  # x + 1 overflows, replayed


def test_builtin_va_list_is_a_type_name_unsupported_only_where_used(tmp_path: Path):
    source = tmp_path / "va.c"
    source.write_text(
        "typedef __builtin_va_list __gnuc_va_list;\n"
        "extern int vprintf(const char *__restrict f, __gnuc_va_list a);\n"
        "int first(int n) { __gnuc_va_list ap; return n; }\n"
        "int half(int n) { return n / 2; }\n")
    results = prove_paths([str(source)], None, CHECKS["prove"], None, TIMEOUT)
    verdicts = by_function(results)
    assert verdicts["first"] == {"unknown"}
    assert all("__builtin_va_list" in r.reason for r in results if function_of(r) == "first")
    assert verdicts["half"] == {"yes"}


def test_typeof_is_unsupported_only_where_used(tmp_path: Path):
    source = tmp_path / "typeof.c"
    source.write_text("int same(int x) { __typeof__(x) y = x; return y; }\n"
                      "int half(int n) { return n / 2; }\n")
    results = prove_paths([str(source)], None, CHECKS["prove"], None, TIMEOUT)
    verdicts = by_function(results)
    assert verdicts["same"] == {"unknown"}
    assert all("__typeof__(x)" in r.reason for r in results if function_of(r) == "same")
    assert verdicts["half"] == {"yes"}


def test_a_directory_expands_to_its_preprocessed_tasks_too(tmp_path: Path):
    for name in ["task.i", "plain.c", "translation.py", "prelude.h", "notes.txt"]:
        (tmp_path / name).write_text("")
    found = [Path(p).name for p in expand_paths([str(tmp_path)], Config(root=tmp_path))]  # default include
    assert found == ["plain.c", "task.i", "translation.py"]


def test_an_undeclared_unknown_used_as_a_value_is_any_int(tmp_path: Path):
    """C's implicit declaration returns int: `int k = unknown();` may be 1073741824, not only 0 or 1
    (modelled as a bool it made `k < 3` a wrong yes); as a whole condition it stays a bool."""
    source = tmp_path / "implicit.c"
    source.write_text(
        "extern void reach_error(void);\n"
        "void __VERIFIER_assert(int c) { if (!c) { reach_error(); } }\n"
        "int main() {\n  int k = unknown();\n  while (unknown()) { k = k + 0; }\n"
        "  if (k > 5) { __VERIFIER_assert(k < 3); }\n  return 0;\n}\n")
    results = prove_paths([str(source)], None, CHECKS["prove"], None, TIMEOUT)
    failing = [r for r in results if r.verdict is Verdict.NO]
    assert [r.check for r in failing] == ["assert"]
    assert failing[0].counterexample.confirmed
