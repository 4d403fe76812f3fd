"""Python translations of competition tasks: the conventions a translator writes.

Module-level integer constants (``N = 10`` for ``#define N 10``), program exits
(``sys.exit``, ``exit``, ``quit``, ``raise SystemExit`` for C's ``exit``/``abort``
and some ``__VERIFIER_assume`` translations), and ``main`` as the entry point of a
file whose helpers (``reach_error``, ``__VERIFIER_assert``) would fail if called
on their own. Each construct is asserted by verdict and witness value; every no
is a replayed CPython call, and every yes program is called for real on
Hypothesis-generated inputs. The programs of bench/front_door/py/ (answered by
`bench/bench_python_front_door.py`) are checked here for what is cheap: they all
load, their unknowns name the construct and line, and the proved ones do not fail
when called.
"""

from __future__ import annotations

import inspect
import random
import runpy
import signal
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.config import DEFAULT_CHECKS, parse_checks
from verifier.equivalence import equiv
from verifier.frontends.python_constants import module_constants
from verifier.load import load_program
from verifier.proving import prove_paths, select_functions
from verifier.result import Verdict
from verifier.runtime import AssumptionViolated

FOLDER = Path(__file__).resolve().parents[1] / "bench" / "front_door" / "py"
FILES = sorted(FOLDER.glob("*.py"))
TIMEOUT = 6.0
PROVE = DEFAULT_CHECKS
TERMINATES = parse_checks("termination")


def write(tmp_path: Path, source: str, name: str = "task.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return path


def verdicts(results: list) -> set[str]:
    return {r.verdict.value for r in results}


def the_no(results: list):
    [no] = [r for r in results if r.verdict == Verdict.NO]
    assert no.counterexample is not None and no.counterexample.confirmed, no.reason
    return no


def call_for_real(path: Path, function: str, *args: int) -> None:
    """Call `function` of `path` in CPython; an exit or a false assumption ends the run normally."""
    namespace = runpy.run_path(str(path))
    try:
        namespace[function](*args)
    except (SystemExit, AssumptionViolated):
        pass


# --------------------------------------------------------------------------- constants

CONSTANTS = """\
N = 10
LIMIT = 2 * N
MASK = (1 << 8) - 1
BIG: int = 2**31 - 1


def main(k: int) -> int:
    if k < 0 or k > MASK:
        return 0
    i = 0
    s = 0
    while i < N:
        s += 2
        i += 1
    assert s == LIMIT
    assert k <= MASK
    assert k < BIG
    return s


if __name__ == "__main__":
    main(3)
"""


def test_module_constants_and_their_values():
    assert module_constants(CONSTANTS) == {"N": 10, "LIMIT": 20, "MASK": 255, "BIG": 2**31 - 1}


@pytest.mark.parametrize("source, name", [
    ("N = 1\nN = 2\n", "N"),                                  # bound twice
    ("N = 1\ndef f():\n    global N\n    N = 2\n", "N"),      # rebound through `global`
    ("N = 1\nif __name__ == '__main__':\n    N = 3\n", "N"),  # rebound by the script part
    ("N = 1\nfor N in range(3):\n    pass\n", "N"),           # a loop variable too
    ("N = 1\ndel N\n", "N"),
    ("N = True\n", "N"),                                      # a bool, not an int
    ("N = 1.5\n", "N"),
    ("N = 1 // 0\n", "N"),
    ("N = 2 ** 100000\n", "N"),                               # too large to evaluate
    ("N = M\nM = 1\n", "N"),                                  # M is not bound yet
    ("N = 1\nglobals()['N'] = 2\n", "N"),
    ("import sys\nN = 1\nsetattr(sys.modules[__name__], 'N', 2)\n", "N"),
])
def test_names_that_are_not_constants(source: str, name: str):
    assert name not in module_constants(source)


def test_a_function_reads_module_constants_with_their_values(tmp_path: Path):
    path = write(tmp_path, CONSTANTS)
    results = prove_paths([str(path)], None, PROVE, None, TIMEOUT)
    assert verdicts(results) == {"yes"}


def test_a_bug_with_a_constant_is_replayed_with_its_witness(tmp_path: Path):
    path = write(tmp_path, """\
        SIZE = 8


        def main(k: int) -> int:
            if k < 0 or k > SIZE:
                return 0
            assert k * 3 != SIZE + 13
            return k
        """)
    no = the_no(prove_paths([str(path)], None, PROVE, None, TIMEOUT))
    assert no.check == "assert" and no.location.line == 7
    assert no.counterexample.inputs == {"k": 7}


def test_a_constant_rebound_through_global_is_a_global(tmp_path: Path):
    path = write(tmp_path, """\
        LIMIT = 10


        def shrink() -> None:
            global LIMIT
            LIMIT = 3


        def main(x: int) -> int:
            if x < 0 or x >= LIMIT:
                return 0
            shrink()
            assert x < LIMIT
            return 0
        """)
    results = prove_paths([str(path)], None, PROVE, None, TIMEOUT)
    no = next(r for r in results if r.verdict == Verdict.NO)  # `shrink` changes it (python_globals)
    assert no.check == "assert" and no.counterexample.confirmed and 3 <= no.counterexample.inputs["x"] < 10


# --------------------------------------------------------------------------- exits

@pytest.mark.parametrize("prelude, exit_stmt", [
    ("import sys", "sys.exit(1)"),
    ("import sys as system", "system.exit('negative')"),
    ("from sys import exit", "exit(0)"),
    ("", "exit(2)"),
    ("", "quit()"),
    ("", "raise SystemExit"),
    ("", "raise SystemExit(-1)"),
])
def test_a_program_exit_ends_the_path(tmp_path: Path, prelude: str, exit_stmt: str):
    path = write(tmp_path, f"""\
{prelude}


def main(x: int) -> int:
    if x > 10:
        {exit_stmt}
    assert x < 11
    assert x != 9
    return 0
""")
    results = prove_paths([str(path)], None, PROVE, None, TIMEOUT)
    no = the_no(results)
    assert no.location.line == 8 and no.counterexample.inputs == {"x": 9}
    assert {(r.location.line, r.verdict.value) for r in results if r.check == "assert"} == {(7, "yes"), (8, "no")}


def test_exit_helper_as_verifier_assume_proves_main(tmp_path: Path):
    path = write(tmp_path, """\
        import sys


        def __VERIFIER_assume(cond: bool) -> None:
            if not cond:
                sys.exit(0)


        def main(x: int) -> int:
            __VERIFIER_assume(0 <= x <= 100)
            y = x * x
            assert y >= x
            return y
        """)
    results = prove_paths([str(path)], None, PROVE, None, TIMEOUT)
    assert verdicts(results) == {"yes"}
    assert {r.target.rsplit(":", 1)[1] for r in results} == {"main"}


@pytest.mark.parametrize("source, construct", [
    ("import sys\n\ndef main(x: int) -> int:\n    try:\n        sys.exit(0)\n    except:\n        pass\n"
     "    assert x > 0\n    return 0\n", "a program exit inside a try body"),
    ("import sys\n\ndef main(x: int) -> int:\n    if x > 0:\n        sys.exit(x + 1)\n    return 0\n",
     "argument is not a literal or a variable"),
    ("import sys\n\ndef main() -> int:\n    n = len(sys.argv)\n    assert n < 5\n    return 0\n",
     "'sys' is bound by the module-level import"),
    ("import sys\n\ndef main(x: int) -> int:\n    y = sys.exit(0)\n    assert False\n    return y\n",
     "method call"),  # an exit used as a value
])
def test_exits_outside_the_subset_stay_unknown(tmp_path: Path, source: str, construct: str):
    path = write(tmp_path, source)
    results = prove_paths([str(path)], None, PROVE, None, TIMEOUT)
    assert verdicts(results) == {"unknown"}
    assert all(construct in r.reason for r in results), [r.reason for r in results]


def test_a_shadowed_exit_is_an_ordinary_call(tmp_path: Path):
    path = write(tmp_path, """\
        def exit(code: int) -> None:
            pass


        def main(x: int) -> int:
            if x > 10:
                exit(1)
            assert x < 11
            return 0
        """)
    no = the_no(prove_paths([str(path)], None, PROVE, None, TIMEOUT))
    assert no.counterexample.inputs["x"] >= 11


def test_termination_with_an_exit_guard(tmp_path: Path):
    path = write(tmp_path, """\
        import sys


        def main(x: int, step: int) -> int:
            if step < 0:
                sys.exit(0)
            while True:
                if x > 1000:
                    sys.exit(0)
                x = x + step
        """)
    no = the_no(prove_paths([str(path)], None, TERMINATES, None, TIMEOUT))
    assert no.counterexample.inputs["step"] == 0 and no.counterexample.inputs["x"] <= 1000


def test_a_loop_left_only_by_exit_terminates(tmp_path: Path):
    path = write(tmp_path, """\
        import sys


        def main(x: int) -> int:
            while True:
                if x > 100:
                    sys.exit(0)
                x = x + 1
        """)
    assert verdicts(prove_paths([str(path)], None, TERMINATES, None, TIMEOUT)) == {"yes"}


# --------------------------------------------------------------------------- main as the entry

SV_COMP_STYLE = """\
def reach_error() -> None:
    assert False


def __VERIFIER_assert(cond: bool) -> None:
    if not cond:
        reach_error()


def unrelated(a: int) -> int:
    return 10 // a


def main(x: int) -> int:
    if x < 0 or x > 10:
        return 0
    __VERIFIER_assert(x * x <= 100)
    return 0
"""


def test_main_is_the_entry_and_its_helpers_are_checked_where_it_calls_them(tmp_path: Path):
    path = write(tmp_path, SV_COMP_STYLE)
    assert select_functions(load_program(str(path)), None) == ["unrelated", "main"]
    results = prove_paths([str(path)], None, PROVE, None, TIMEOUT)
    by_function = {}
    for r in results:
        by_function.setdefault(r.target.rsplit(":", 1)[1], set()).add(r.verdict.value)
    assert by_function == {"main": {"yes"}, "unrelated": {"no"}}
    assert the_no(results).counterexample.inputs == {"a": 0}


def test_a_reachable_error_helper_is_a_no_of_main(tmp_path: Path):
    path = write(tmp_path, SV_COMP_STYLE.replace("x * x <= 100", "x * x <= 80"))
    results = [r for r in prove_paths([str(path)], None, PROVE, None, TIMEOUT) if r.target.endswith(":main")]
    no = the_no(results)
    assert no.location.line == 2 and no.counterexample.inputs["x"] in (9, 10)


def test_an_unsupported_main_is_the_only_entry(tmp_path: Path):
    path = write(tmp_path, SV_COMP_STYLE.replace("    if x < 0", "    x = float(x)\n    if x < 0"))
    program = load_program(str(path))
    assert program.functions["main"].unsupported
    assert select_functions(program, None) == ["main"]


# --------------------------------------------------------------------------- equivalence

def test_equivalence_reads_constants(tmp_path: Path):
    left = write(tmp_path, "N = 10\nMASK = 0xFFFFFFFF\n\n\ndef f(x: int) -> int:\n    return (x * N + 1) & MASK\n",
                 "left.py")
    right = write(tmp_path, "def f(x: int) -> int:\n    return (10 * x + 1) % 4294967296\n", "right.py")
    [result] = equiv(str(left), str(right), timeout=TIMEOUT)
    assert result.verdict == Verdict.YES, result.reason


def test_equivalence_with_an_exit_is_not_a_yes(tmp_path: Path):
    left = write(tmp_path, "def f(b: int) -> int:\n    if b == 12345:\n        return 0\n    return 1\n", "left.py")
    right = write(tmp_path, "import sys\n\n\ndef f(b: int) -> int:\n    if b == 12345:\n        sys.exit(1)\n"
                            "    return 1\n", "right.py")
    [result] = equiv(str(left), str(right), timeout=TIMEOUT)
    assert result.verdict == Verdict.UNKNOWN
    assert "program exit" in result.reason and "line 6" in result.reason


# --------------------------------------------------------------------------- run for real

@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(-2**33, 2**33))
def test_proved_programs_do_not_fail_when_run(tmp_path_factory, x: int):
    folder = tmp_path_factory.getbasetemp() / "proved"
    folder.mkdir(exist_ok=True)
    constants = folder / "constants.py"
    if not constants.exists():
        constants.write_text(CONSTANTS)
    call_for_real(constants, "main", x)
    main_entry = folder / "main_entry.py"
    if not main_entry.exists():
        main_entry.write_text(SV_COMP_STYLE)
    call_for_real(main_entry, "main", x)


# --------------------------------------------------------------------------- the folder

def expectations(path: Path) -> dict[str, list[str]]:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), path.name
    return {command: answers.split("/") for command, answers in (item.split("=") for item in first[10:].split())}


def test_the_folder_covers_the_conventions():
    assert len(FILES) >= 30
    joined = "\n".join(p.read_text() for p in FILES)
    for convention in ["sys.exit(", "raise SystemExit", "from sys import exit", "exit(1)", "reach_error()",
                       "__VERIFIER_assert(", "while True:", "& 0xFFFFFFFF", "if __name__ == \"__main__\":",
                       "INT_MAX = 2147483647", "def c_div(", "global LIMIT"]:
        assert convention in joined, convention
    answers = {(command, a[0]) for p in FILES for command, a in expectations(p).items()}
    for pair in [("prove", "yes"), ("prove", "no"), ("terminates", "yes"), ("terminates", "no")]:
        assert pair in answers, pair


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_program_loads_and_an_unknown_names_its_construct(path: Path):
    program = load_program(str(path))
    entry = program.functions["main"]
    if expectations(path).get("prove", ["yes"])[-1] == "unknown" and entry.unsupported:
        assert "unsupported" in entry.unsupported and entry.unsupported_loc.line > 0
    elif expectations(path).get("prove", ["unknown"])[0] in ("yes", "no"):
        assert not entry.unsupported or expectations(path)["prove"][-1] == "unknown", entry.unsupported


@pytest.mark.parametrize("path", [p for p in FILES if expectations(p).get("prove") == ["yes"]], ids=lambda p: p.name)
def test_proved_folder_programs_do_not_fail_when_called(path: Path):
    rng = random.Random(path.name)
    main = runpy.run_path(str(path))["main"]
    parameters = list(inspect.signature(main).parameters.values())
    for _ in range(40):
        args = [rng.choice([True, False]) if p.annotation in (bool, "bool")
                else rng.choice([0, 1, -1, 3, 10, 255, 256, 2**31 - 1, 2**32 - 1, rng.randint(-300, 300)])
                for p in parameters]
        signal.setitimer(signal.ITIMER_REAL, CALL_S)
        try:
            main(*args)  # an AssertionError (or any other exception) fails the test
        except (SystemExit, AssumptionViolated, _StillRunning):
            pass  # an exit, an input outside the precondition, or a long loop (not a failure)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


#: seconds a folder program may run on one input before it is stopped (a long loop is no failure)
CALL_S = 0.2


class _StillRunning(Exception):
    """The call ran past `CALL_S`."""


@pytest.fixture(autouse=True)
def _stop_long_calls():
    def stop(signum, frame):
        raise _StillRunning()

    previous = signal.signal(signal.SIGALRM, stop)
    yield
    signal.signal(signal.SIGALRM, previous)
