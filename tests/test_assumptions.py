"""A yes that rests on the C frontend's convention (distinct pointer parameters designate distinct
objects) says so, in the text report and the JSON output; a yes that rests on none says nothing."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import assert_proved
from verifier.assumptions import DISTINCT_POINTERS

TWO_POINTERS = """
    #include <assert.h>
    void set_both(int *a, int *b) { *a = 1; *b = 2; assert(*a == 1); }
"""


def test_a_yes_about_two_pointer_parameters_states_that_they_designate_distinct_objects(tmp_path):
    r = assert_proved(tmp_path, TWO_POINTERS, "assert")
    assert r.certificate.assumes == DISTINCT_POINTERS
    assert r.certificate.to_json()["assumes"] == DISTINCT_POINTERS


def test_a_yes_about_one_pointer_parameter_rests_on_no_convention(tmp_path):
    r = assert_proved(tmp_path, """
        #include <assert.h>
        void set(int *a, int n) { if (n > 0) { a[0] = 1; assert(a[0] == 1); } }
    """, "assert")
    assert r.certificate.assumes == ""
    assert "assumes" not in r.certificate.to_json()


def test_the_text_report_prints_the_assumption_under_the_certificate(tmp_path):
    (tmp_path / "both.c").write_text(TWO_POINTERS)
    out = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "both.c", "--check", "assert",
                          "--no-cache"], capture_output=True, text=True, cwd=tmp_path, timeout=120).stdout
    lines = out.splitlines()
    yes = next(i for i, line in enumerate(lines) if "yes" in line and "assert" in line)
    assert lines[yes + 2].strip() == f"assuming {DISTINCT_POINTERS}", out


def test_a_termination_yes_over_two_pointers_states_the_convention_it_rests_on(tmp_path):
    from verifier.load import load_program
    from verifier.terminating import termination_result

    path = tmp_path / "copy.c"
    path.write_text("void copy(int *a, int *b, int n) { for (int i = 0; i < n; i++) a[i] = b[i]; }\n")
    result = termination_result(load_program(str(path)), "copy", timeout=20)
    assert result.verdict.value == "yes", result.reason
    assert result.certificate.assumes == DISTINCT_POINTERS


def test_a_yes_about_a_function_of_a_stateful_program_states_that_globals_start_from_their_initial_values(tmp_path):
    """`f` returns 2 * a only on its first call: a second call starts from the counter the first left."""
    from tests.helpers import only, prove_source
    from verifier.assumptions import INITIAL_GLOBALS

    results = prove_source(tmp_path, """
        counter = 0

        def bump(k: int) -> int:
            global counter
            counter += k
            return counter

        def f(a: int) -> int:
            if a < 0 or a > 100:
                return 0
            bump(a)
            y = bump(a)
            assert y == 2 * a
            return y
    """, suffix=".py", check="assert", function="f")
    r = only(results, "assert")
    assert r.verdict.value == "yes" and INITIAL_GLOBALS in r.certificate.assumes


def test_c_main_is_called_with_the_initial_globals_by_definition(tmp_path):
    r = assert_proved(tmp_path, """
        #include <assert.h>
        int counter = 0;
        void bump(void) { counter++; }
        int main(void) { bump(); bump(); assert(counter == 2); return 0; }
    """, "assert", function="main")
    assert r.certificate.assumes == ""
